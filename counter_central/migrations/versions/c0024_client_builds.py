"""Central service: the last client build seen from each workstation (IT's upgrade check).

``workstations.client_build``: the release and build of the counter program the workstation last
used (its User-Agent ``counter-app/<version>+<build> protocol/<n>``; for a program built before
it sent one, what it sent instead, e.g. ``python-httpx/0.27.0``); ``client_protocol``: the sync
protocol version it named (None for the latter); ``client_seen_at``: when the centre first saw
that build from it. Written only when the build changes (counter_central.clients). Empty for
every workstation until its next request. No data change.

Revision ID: c0024_client_builds
"""
import sqlalchemy as sa
from alembic import op

revision = "c0024_client_builds"
down_revision = "c0023_death_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("workstations") as batch:
        batch.add_column(sa.Column("client_build", sa.String(80), nullable=True))
        batch.add_column(sa.Column("client_protocol", sa.Integer, nullable=True))
        batch.add_column(sa.Column("client_seen_at", sa.DateTime, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workstations") as batch:
        batch.drop_column("client_seen_at")
        batch.drop_column("client_protocol")
        batch.drop_column("client_build")
