"""Growth: the case-number FTS rows are found by key, not by a trigram query, when a case leaves.

Until here the triggers of ``cases_no_fts`` (growth_0001/0003) found the row of a deleted or
renumbered case by ``MATCH`` on its whole case number: every number of a workstation shares most of
its trigrams ("FT-", "-W0", "202"…), so each lookup read doclists as long as the store (about 10 ms
at 100,000 cases), and housekeeping (归档外移), which deletes cases by the thousand, moved about 30
cases a second. ``cases_no_fts_keys`` gives each case an integer key that is its FTS rowid
(``INTEGER PRIMARY KEY``: kept by VACUUM, unlike the implicit rowid of ``cases``); the triggers
insert, rename and delete the FTS row by that key — one B-tree lookup.

Revision ID: growth_0005
"""
from alembic import op

revision = "growth_0005"
down_revision = "growth_0004"
branch_labels = None
depends_on = None

TRIGGERS = ("cases_no_fts_insert", "cases_no_fts_update", "cases_no_fts_delete")
KEY = "(SELECT n FROM cases_no_fts_keys WHERE case_id = {row}.id)"

UPGRADE = (
    "CREATE TABLE cases_no_fts_keys (n INTEGER PRIMARY KEY, case_id VARCHAR(36) NOT NULL UNIQUE)",
    "INSERT INTO cases_no_fts_keys (case_id) SELECT id FROM cases ORDER BY created_at, rowid",
    "DROP TABLE cases_no_fts",
    "CREATE VIRTUAL TABLE cases_no_fts USING fts5(case_no, case_id UNINDEXED, tokenize = 'trigram')",
    ("INSERT INTO cases_no_fts (rowid, case_no, case_id)"
     " SELECT k.n, c.case_no, c.id FROM cases c JOIN cases_no_fts_keys k ON k.case_id = c.id"),
    ("CREATE TRIGGER cases_no_fts_insert AFTER INSERT ON cases BEGIN"
     " INSERT INTO cases_no_fts_keys (case_id) VALUES (new.id);"
     f" INSERT INTO cases_no_fts (rowid, case_no, case_id) VALUES ({KEY.format(row='new')}, new.case_no, new.id); END"),
    ("CREATE TRIGGER cases_no_fts_update AFTER UPDATE OF case_no ON cases BEGIN"
     f" UPDATE cases_no_fts SET case_no = new.case_no WHERE rowid = {KEY.format(row='old')}; END"),
    ("CREATE TRIGGER cases_no_fts_delete AFTER DELETE ON cases BEGIN"
     f" DELETE FROM cases_no_fts WHERE rowid = {KEY.format(row='old')};"
     " DELETE FROM cases_no_fts_keys WHERE case_id = old.id; END"),
)


def _match_delete() -> str:   # growth_0003's way
    return ("DELETE FROM cases_no_fts WHERE cases_no_fts MATCH '\"' || replace(old.case_no, '\"', '\"\"') || '\"'"
            " AND case_id = old.id;")


def upgrade() -> None:
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS cases_no_fts_keys")
    op.execute("CREATE TRIGGER cases_no_fts_insert AFTER INSERT ON cases BEGIN"
               " INSERT INTO cases_no_fts (case_no, case_id) VALUES (new.case_no, new.id); END")
    op.execute("CREATE TRIGGER cases_no_fts_update AFTER UPDATE OF case_no ON cases BEGIN " + _match_delete()
               + " INSERT INTO cases_no_fts (case_no, case_id) VALUES (new.case_no, new.id); END")
    op.execute("CREATE TRIGGER cases_no_fts_delete AFTER DELETE ON cases BEGIN " + _match_delete() + " END")
