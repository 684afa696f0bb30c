"""Alembic environment of the central service; counter_central.db.migrate hands over the connection."""

from alembic import context

from counter_central.db import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover
    raise RuntimeError("run central migrations through counter_central.db.migrate")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
