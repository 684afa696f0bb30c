"""Alembic environment: migrations run on the connection the store hands over."""

from alembic import context

from counter_app.storage.base import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - the store always passes its connection
    raise RuntimeError("counter_app migrations run through counter_app.storage.db.Store")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
