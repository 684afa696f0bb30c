"""Central service: the person key's version of each digest in the 重复受理 index.

``case_persons.key_version``: the version of the centre's person key (``person-key``,
counter_central.samecase.KeyRing) the row's ``person`` digest was made under, so the key can be
rotated (``counter-central cases person-key rotate``): new digests are made under the newest key,
a look-up computes the digest under every version the file still holds, and ``retire VERSION``
refuses while cases in a blocking state are indexed under it. 0: the digest was forgotten when its
key was retired. The rows made before were made under the only key there was: version 1.

Revision ID: c0028_person_key_versions
"""
import sqlalchemy as sa
from alembic import op

revision = "c0028_person_key_versions"
down_revision = "c0027_document_fields"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_persons") as batch:
        batch.add_column(sa.Column("key_version", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("case_persons") as batch:
        batch.drop_column("key_version")
