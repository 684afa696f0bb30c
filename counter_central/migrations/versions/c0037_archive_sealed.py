"""Central service: archive package parts and chunks sealed at rest (``data_key``).

The parts of a case's archive package (history, metadata, the photographed pages: the applicant's
name, ID number and papers) were kept in clear in ``archive_parts.data`` and ``archive_chunks.data``
while every received payload was sealed under the entry key. They are sealed now as they arrive
(SM4-GCM under the entry key's newest version, bound to the package, the part and, for a chunk, its
offset: counter_central.archive); ``data_key`` names the version, NULL for the bytes a centre from
before kept in clear — sealed at the centre's next start (archive.seal_clear_rows: the migration
has no key), read as they are until then. The downgrade drops the columns (sealed rows then no longer
say their version: take a backup first).

Revision ID: c0037_archive_sealed
"""
import sqlalchemy as sa
from alembic import op

revision = "c0037_archive_sealed"
down_revision = "c0011_archive"    # the archive area's own branch (the centre upgrades to every head)
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("archive_parts") as batch:
        batch.add_column(sa.Column("data_key", sa.Integer, nullable=True))
    with op.batch_alter_table("archive_chunks") as batch:
        batch.add_column(sa.Column("data_key", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("archive_chunks") as batch:
        batch.drop_column("data_key")
    with op.batch_alter_table("archive_parts") as batch:
        batch.drop_column("data_key")
