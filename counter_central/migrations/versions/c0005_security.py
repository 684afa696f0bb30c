"""Central service security: workstation retirement, login lockout, refresh-token login chains.

- ``workstations.retired_at``: a retired workstation id can no longer sign in;
- ``users.failed_logins`` / ``users.locked_until``: 5 failures in a row lock the account;
- ``users.totp_secret`` / ``users.totp_last_step``: the TOTP second factor;
- ``tokens.login_id``: every token of one login (across refresh rotations); backfilled from
  ``family`` so tokens issued before the upgrade keep working.

Revision ID: c0005_security
"""
import sqlalchemy as sa
from alembic import op

revision = "c0005_security"
down_revision = "c0003_workstation_tallies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workstations") as b:
        b.add_column(sa.Column("retired_at", sa.DateTime))
    with op.batch_alter_table("users") as b:
        b.add_column(sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"))
        b.add_column(sa.Column("locked_until", sa.DateTime))
        b.add_column(sa.Column("totp_secret", sa.String(64)))
        b.add_column(sa.Column("totp_last_step", sa.BigInteger))
    with op.batch_alter_table("tokens") as b:
        b.add_column(sa.Column("login_id", sa.String(32), nullable=True))
    op.execute("UPDATE tokens SET login_id = family")
    with op.batch_alter_table("tokens") as b:
        b.alter_column("login_id", existing_type=sa.String(32), nullable=False)
        b.create_index("ix_tokens_login_id", ["login_id"])
    with op.batch_alter_table("users") as b:
        b.alter_column("failed_logins", existing_type=sa.Integer, server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("tokens") as b:
        b.drop_index("ix_tokens_login_id")
        b.drop_column("login_id")
    with op.batch_alter_table("users") as b:
        b.drop_column("totp_last_step")
        b.drop_column("totp_secret")
        b.drop_column("locked_until")
        b.drop_column("failed_logins")
    with op.batch_alter_table("workstations") as b:
        b.drop_column("retired_at")
