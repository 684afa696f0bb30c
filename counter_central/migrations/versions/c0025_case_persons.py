"""Central service: the person index of cases and the 重复受理 found across workstations.

``case_persons``: per case the centre received a transition of, the 参保人 as a keyed digest
(HMAC-SM3 under the centre's person key, never the ID number), the service, the variants
(变更项目), the case's state, number, office and workstation (counter_central.samecase);
``ix_case_persons_person`` finds a person's cases of a service in a state. ``case_duplicates``:
two cases of one person and service in a blocking state at once (the later one accepted anyway),
with when one of them left it. Both empty until the next push: cases synced before are not in
the index (their counters did not send the person).

Revision ID: c0025_case_persons
"""
import sqlalchemy as sa
from alembic import op

revision = "c0025_case_persons"
down_revision = "c0024_client_builds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_persons",
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("person", sa.String(64), nullable=False),
        sa.Column("service_code", sa.String(64), nullable=False),
        sa.Column("variants", sa.Text, nullable=False),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("case_no", sa.String(64), nullable=False),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("workstation_id", sa.String(32), nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("case_id", name="pk_case_persons"),
    )
    op.create_index("ix_case_persons_person", "case_persons", ["person", "service_code", "state"])
    op.create_table(
        "case_duplicates",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("case_id", sa.String(64), nullable=False),
        sa.Column("other_case_id", sa.String(64), nullable=False),
        sa.Column("service_code", sa.String(64), nullable=False),
        sa.Column("found_at", sa.DateTime, nullable=False),
        sa.Column("resolved_at", sa.DateTime, nullable=True),
        sa.Column("resolved_by_case", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_case_duplicates"),
    )
    op.create_index("ix_case_duplicates_case", "case_duplicates", ["case_id"])
    op.create_index("ix_case_duplicates_other", "case_duplicates", ["other_case_id"])


def downgrade() -> None:
    op.drop_index("ix_case_duplicates_other", table_name="case_duplicates")
    op.drop_index("ix_case_duplicates_case", table_name="case_duplicates")
    op.drop_table("case_duplicates")
    op.drop_index("ix_case_persons_person", table_name="case_persons")
    op.drop_table("case_persons")
