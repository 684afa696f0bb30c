"""Growth: the sync's claim and marks touch less of the store per entry (bench sync, issue 20).

Every entry is rewritten twice on its way out (claimed: ``sending``; answered: ``synced``), a
thousand at a time. Two things made those rewrites and the claim cost more than they need:

- ``outbox_tally`` (growth_0002) changed two tally rows per entry at EACH state change, also at
  pending → sending → pending, which the worker does for every entry it sends. The tally now keeps
  ``sending`` entries under ``pending`` (待发送: not at the centre yet); the few entries in flight
  (at most two batches) are counted from ``ix_outbox_state_seq`` when asked
  (:meth:`counter_app.sync.outbox.OutboxRepository.counts`). The per-actor totals stay exact: the
  sum of the tally is still the number of entries.
- The answered entries of a batch (sending -> synced) changed the tally one entry at a time; the
  worker's marking moves them in one step per clerk instead, in the same transaction, while
  ``outbox_tally_paused`` holds a row (only inside that transaction: it is emptied before the
  commit, so no other connection ever sees it; every other write keeps the triggers).
- The claim asked, for every candidate entry, whether an earlier entry of its case blocks it,
  walking the case's entries back through years of synced ones. What can block is small: entries
  in flight and entries waiting for a backoff. ``ix_outbox_backoff`` holds only the latter
  (partial index: empty when the centre answers), so the claim finds the blocking cases first,
  once per batch.

Revision ID: growth_0006_sync
"""
from alembic import op

revision = "growth_0006_sync"
down_revision = "growth_0005"
branch_labels = None
depends_on = None

# the tally's state of an entry: in flight counts as waiting
_TALLIED = "(CASE {row}.state WHEN 'sending' THEN 'pending' ELSE {row}.state END)"


def _tally_triggers(state: str, when: str = "") -> tuple[str, ...]:
    """The three outbox_tally triggers, with ``state`` ("{row}.state" or _TALLIED) as an entry's
    tally row and ``when`` ANDed to the update trigger's condition. growth_0002 made them with the
    entry's own state and no pause; this revision counts in flight as pending and can be paused."""
    old, new = state.format(row="old"), state.format(row="new")
    return (
        ("CREATE TRIGGER outbox_tally_insert AFTER INSERT ON outbox BEGIN"
         f" INSERT INTO outbox_tally (actor, state, n) VALUES (new.actor, {new}, 1)"
         " ON CONFLICT (actor, state) DO UPDATE SET n = n + 1; END"),
        ("CREATE TRIGGER outbox_tally_update AFTER UPDATE OF state, actor ON outbox"
         f" WHEN ({old} IS NOT {new} OR old.actor IS NOT new.actor){when}"
         " BEGIN"
         f" UPDATE outbox_tally SET n = n - 1 WHERE actor = old.actor AND state = {old};"
         f" INSERT INTO outbox_tally (actor, state, n) VALUES (new.actor, {new}, 1)"
         " ON CONFLICT (actor, state) DO UPDATE SET n = n + 1; END"),
        ("CREATE TRIGGER outbox_tally_delete AFTER DELETE ON outbox BEGIN"
         f" UPDATE outbox_tally SET n = n - 1 WHERE actor = old.actor AND state = {old}; END"),
    )


_TRIGGERS = ("outbox_tally_insert", "outbox_tally_update", "outbox_tally_delete")

UPGRADE = (
    *(f"DROP TRIGGER IF EXISTS {trigger}" for trigger in _TRIGGERS),
    "CREATE TABLE outbox_tally_paused (one INTEGER PRIMARY KEY CHECK (one = 1))",
    "DELETE FROM outbox_tally",
    (f"INSERT INTO outbox_tally (actor, state, n) SELECT actor, {_TALLIED.format(row='outbox')}, count(*) FROM outbox"
     " GROUP BY 1, 2"),
    *_tally_triggers(_TALLIED, " AND NOT EXISTS (SELECT 1 FROM outbox_tally_paused)"),
    ("CREATE INDEX ix_outbox_backoff ON outbox (next_attempt_at)"
     " WHERE state = 'pending' AND next_attempt_at IS NOT NULL"),
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_outbox_backoff")
    for trigger in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS outbox_tally_paused")
    op.execute("DELETE FROM outbox_tally")
    op.execute("INSERT INTO outbox_tally (actor, state, n) SELECT actor, state, count(*) FROM outbox GROUP BY actor, state")
    for statement in _tally_triggers("{row}.state"):     # growth_0002's
        op.execute(statement)
