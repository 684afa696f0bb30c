"""Central service: a field laptop whose key was revoked registers no new key until IT allows it.

``field_laptop_keys.new_key_held_at``: since when the workstation's new keys are refused (set by
``counter-central field revoke-key``); ``new_key_allowed_by`` / ``new_key_allowed_at``: the
administrator who allowed a new one (``counter-central field allow-new-key``), which clears the
hold. Before, a revoked laptop made itself a new key and pulled the roster again. Data: a
workstation whose last presented key is revoked now is held from its revocation (its re-key waits
for IT, as one revoked from now on would).

Revision ID: c0029_field_new_key_hold
"""
import sqlalchemy as sa
from alembic import op

revision = "c0029_field_new_key_hold"
down_revision = "c0028_person_key_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("field_laptop_keys") as batch:
        batch.add_column(sa.Column("new_key_held_at", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("new_key_allowed_by", sa.String(64), nullable=True))
        batch.add_column(sa.Column("new_key_allowed_at", sa.DateTime, nullable=True))
    laptop = sa.table("field_laptop_keys", sa.column("workstation_id"), sa.column("key_id"),
                      sa.column("new_key_held_at"))
    keys = sa.table("field_keys", sa.column("workstation_id"), sa.column("key_id"), sa.column("revoked_at"))
    revoked = (sa.select(keys.c.revoked_at)
               .where(keys.c.workstation_id == laptop.c.workstation_id, keys.c.key_id == laptop.c.key_id,
                      keys.c.revoked_at.is_not(None))
               .scalar_subquery())
    op.get_bind().execute(laptop.update().values(new_key_held_at=revoked))


def downgrade() -> None:
    with op.batch_alter_table("field_laptop_keys") as batch:
        batch.drop_column("new_key_allowed_at")
        batch.drop_column("new_key_allowed_by")
        batch.drop_column("new_key_held_at")
