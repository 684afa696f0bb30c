"""Central service: the login history by account and workstation (上门认证 synced by a colleague).

A field visit pushed by an account that is not one of its two staff is accepted when the centre
saw its recorder sign in on that same laptop before the visit (counter_central.field). The
sign-ins are the ``tokens`` rows (kept, with the workstation and the time); this index finds an
account's sign-ins on a workstation without reading every token. No data change.

Revision ID: c0022_token_sign_ins
"""
from alembic import op

revision = "c0022_token_sign_ins"
down_revision = "c0021_staff_numbers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_tokens_user_ws", "tokens", ["username", "workstation_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_tokens_user_ws", table_name="tokens")
