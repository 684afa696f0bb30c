"""Central service: accepted entries per workstation (workstation_tallies), for the count check.

Backfilled from ``received_entries``, so a centre upgraded after entries arrived counts them.

Revision ID: c0003_workstation_tallies
"""
import sqlalchemy as sa
from alembic import op

revision = "c0003_workstation_tallies"
down_revision = "c0002_issued_number_floors"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workstation_tallies",
        sa.Column("workstation_id", sa.String(32), primary_key=True),
        sa.Column("accepted", sa.BigInteger, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.execute("INSERT INTO workstation_tallies (workstation_id, accepted, updated_at)"
               " SELECT workstation_id, count(*), max(received_at) FROM received_entries"
               " WHERE outcome = 'accepted' GROUP BY workstation_id")


def downgrade() -> None:
    op.drop_table("workstation_tallies")
