"""Growth: the archive table set (归档外移) — where housekeeping moves archived, synced cases.

``archive_<table>`` for each hot case table and for the outbox: the same columns with the same
declared types and primary key as the hot table has at this revision (read from the table itself,
so the two cannot drift apart here), no foreign keys, no triggers of the hot side. In the same
encrypted store (SQLCipher): nothing leaves the file's protection. The archive keeps the search
paths of the hot tables: the applicant's name / ID numbers / unit (partial indexes like
growth_0001) and an FTS5 trigram table of the case numbers.

The hot side's case-number triggers (growth_0001) found the row to delete by ``case_id``, an
UNINDEXED column: a scan of the whole FTS table per deleted case, harmless while cases were never
deleted, quadratic once housekeeping moves thousands. Here they find it through the trigram index
(``MATCH`` on the full case number, then the id): a few rows per case.

A later revision that adds a column to a hot table adds it to the archive table too:
``counter_app.storage.archive`` refuses to move rows whose columns the archive lacks.

Revision ID: growth_0003
"""
from alembic import op
from sqlalchemy import text

revision = "growth_0003"
down_revision = "growth_0002"
branch_labels = None
depends_on = None

TABLES = ("cases", "case_applicants", "case_transitions", "case_ticks", "case_steps", "case_documents", "outbox")
APPLICANT_COLUMNS = ("name", "id_number", "agent_name", "agent_id_number", "credit_code", "unit_name")


def _create_like(conn, table: str) -> None:
    cols = conn.execute(text(f"PRAGMA table_info({table})")).all()   # cid, name, type, notnull, default, pk
    defs = [f'"{c[1]}" {c[2] or ""}'.rstrip() + (" NOT NULL" if c[3] else "") for c in cols]
    pk = [c[1] for c in sorted((c for c in cols if c[5]), key=lambda c: c[5])]
    defs.append("PRIMARY KEY (" + ", ".join(f'"{k}"' for k in pk) + ")")
    conn.execute(text(f"CREATE TABLE archive_{table} ({', '.join(defs)})"))


def _fts_delete(fts: str) -> str:
    """The statement a trigger uses to drop ``old``'s row from ``fts`` through the trigram index."""
    return (f"DELETE FROM {fts} WHERE {fts} MATCH '\"' || replace(old.case_no, '\"', '\"\"') || '\"'"
            " AND case_id = old.id;")


HOT_TRIGGERS_OLD = ("cases_no_fts_update", "cases_no_fts_delete")


def upgrade() -> None:
    conn = op.get_bind()
    for trigger in HOT_TRIGGERS_OLD:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("CREATE TRIGGER cases_no_fts_update AFTER UPDATE OF case_no ON cases BEGIN "
               + _fts_delete("cases_no_fts")
               + " INSERT INTO cases_no_fts (case_no, case_id) VALUES (new.case_no, new.id); END")
    op.execute("CREATE TRIGGER cases_no_fts_delete AFTER DELETE ON cases BEGIN " + _fts_delete("cases_no_fts") + " END")
    for table in TABLES:
        _create_like(conn, table)
    op.execute("CREATE UNIQUE INDEX ix_archive_cases_case_no ON archive_cases (case_no)")
    op.execute("CREATE INDEX ix_archive_cases_updated ON archive_cases (updated_at, case_no)")
    for col in APPLICANT_COLUMNS:
        op.execute(f"CREATE INDEX ix_archive_case_applicants_{col} ON archive_case_applicants ({col}) WHERE {col} <> ''")
    for table in ("case_transitions", "case_steps", "case_documents", "case_ticks"):
        op.execute(f"CREATE INDEX ix_archive_{table}_case ON archive_{table} (case_id)")
    op.execute("CREATE INDEX ix_archive_outbox_aggregate ON archive_outbox (aggregate_id)")
    op.execute("CREATE VIRTUAL TABLE archive_cases_no_fts USING fts5(case_no, case_id UNINDEXED, tokenize = 'trigram')")
    op.execute("CREATE TRIGGER archive_cases_no_fts_insert AFTER INSERT ON archive_cases BEGIN"
               " INSERT INTO archive_cases_no_fts (case_no, case_id) VALUES (new.case_no, new.id); END")
    op.execute("CREATE TRIGGER archive_cases_no_fts_delete AFTER DELETE ON archive_cases BEGIN "
               + _fts_delete("archive_cases_no_fts") + " END")


def downgrade() -> None:
    for trigger in HOT_TRIGGERS_OLD:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("CREATE TRIGGER cases_no_fts_update AFTER UPDATE OF case_no ON cases BEGIN"
               " DELETE FROM cases_no_fts WHERE case_id = old.id;"
               " INSERT INTO cases_no_fts (case_no, case_id) VALUES (new.case_no, new.id); END")
    op.execute("CREATE TRIGGER cases_no_fts_delete AFTER DELETE ON cases BEGIN"
               " DELETE FROM cases_no_fts WHERE case_id = old.id; END")
    for trigger in ("archive_cases_no_fts_delete", "archive_cases_no_fts_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS archive_cases_no_fts")
    for table in reversed(TABLES):
        op.execute(f"DROP TABLE IF EXISTS archive_{table}")
