"""Growth: indexes for a store that holds years of cases (search by number, name, ID; newest first).

The case number is found by any part of it (a clerk types the last digits) through an FTS5 table
with the trigram tokenizer (``cases_no_fts``: case number and case id only, no personal data),
kept in step with ``cases`` by triggers.

Revision ID: growth_0001
"""
import sqlalchemy as sa
from alembic import op

revision = "growth_0001"
# on top of the cases area (its tables must exist), as a branch of its own: Alembic's depends_on
# would drop cases_0001 from alembic_version, which the store's start-up check does not expect
down_revision = "cases_0001"
branch_labels = None
depends_on = None

# name, ID and unit columns are empty on many rows (a unit's case has no person's name, most cases
# no agent): partial indexes hold only the filled rows, and a query that says "<> ''" uses them
# whatever ANALYZE says about the empty majority
PARTIAL = ("name", "id_number", "agent_name", "agent_id_number", "credit_code", "unit_name")
INDEXES = (("ix_cases_updated", "cases", ["updated_at", "case_no"], None),) + tuple(
    (f"ix_case_applicants_{col}", "case_applicants", [col], f"{col} <> ''") for col in PARTIAL)


FTS = (
    "CREATE VIRTUAL TABLE cases_no_fts USING fts5(case_no, case_id UNINDEXED, tokenize = 'trigram')",
    "INSERT INTO cases_no_fts (case_no, case_id) SELECT case_no, id FROM cases",
    ("CREATE TRIGGER cases_no_fts_insert AFTER INSERT ON cases BEGIN"
    " INSERT INTO cases_no_fts (case_no, case_id) VALUES (new.case_no, new.id); END"),
    ("CREATE TRIGGER cases_no_fts_update AFTER UPDATE OF case_no ON cases BEGIN"
    " DELETE FROM cases_no_fts WHERE case_id = old.id;"
    " INSERT INTO cases_no_fts (case_no, case_id) VALUES (new.case_no, new.id); END"),
    ("CREATE TRIGGER cases_no_fts_delete AFTER DELETE ON cases BEGIN"
    " DELETE FROM cases_no_fts WHERE case_id = old.id; END"),
)


def upgrade() -> None:
    for name, table, columns, where in INDEXES:
        op.create_index(name, table, columns, sqlite_where=sa.text(where) if where else None)
    for statement in FTS:
        op.execute(statement)


def downgrade() -> None:
    for trigger in ("cases_no_fts_delete", "cases_no_fts_update", "cases_no_fts_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS cases_no_fts")
    for name, table, _, _ in reversed(INDEXES):
        op.drop_index(name, table)
