"""Growth: how many outbox entries each clerk has in each state, kept by triggers.

The 待同步 view and ``sync status`` show a count per state; counting them from ``outbox`` reads
every entry of years (1.4 million index entries at 100,000 cases). ``outbox_tally`` holds the
counts, changed by triggers in the same transaction as the entries themselves, so it is always
exact.

Revision ID: growth_0002
"""
from alembic import op

revision = "growth_0002"
down_revision = "growth_0001"
branch_labels = None
depends_on = None

STATEMENTS = (
    ("CREATE TABLE outbox_tally (actor VARCHAR(64) NOT NULL, state VARCHAR(16) NOT NULL,"
    " n INTEGER NOT NULL, PRIMARY KEY (actor, state))"),
    "INSERT INTO outbox_tally (actor, state, n) SELECT actor, state, count(*) FROM outbox GROUP BY actor, state",
    ("CREATE TRIGGER outbox_tally_insert AFTER INSERT ON outbox BEGIN"
     " INSERT INTO outbox_tally (actor, state, n) VALUES (new.actor, new.state, 1)"
     " ON CONFLICT (actor, state) DO UPDATE SET n = n + 1; END"),
    ("CREATE TRIGGER outbox_tally_update AFTER UPDATE OF state, actor ON outbox"
     " WHEN old.state IS NOT new.state OR old.actor IS NOT new.actor BEGIN"
     " UPDATE outbox_tally SET n = n - 1 WHERE actor = old.actor AND state = old.state;"
     " INSERT INTO outbox_tally (actor, state, n) VALUES (new.actor, new.state, 1)"
     " ON CONFLICT (actor, state) DO UPDATE SET n = n + 1; END"),
    ("CREATE TRIGGER outbox_tally_delete AFTER DELETE ON outbox BEGIN"
     " UPDATE outbox_tally SET n = n - 1 WHERE actor = old.actor AND state = old.state; END"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for trigger in ("outbox_tally_delete", "outbox_tally_update", "outbox_tally_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS outbox_tally")
