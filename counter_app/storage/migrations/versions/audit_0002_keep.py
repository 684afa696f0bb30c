"""Audit: records are kept at least 180 days and until the centre holds them (#16, 等保 2.0 level 3 §8.1.4:
audit records kept ≥ 6 months, protected from deletion).

The store itself refuses to delete an audit record that is unsynced or younger than 180 days, whatever
code (or a hand-typed DELETE) asks for it: ``storage.audit.prune`` is the only housekeeping and it
stays inside this rule; the trigger makes the rule hold for every other path too.

Revision ID: audit_0002_keep
"""
from alembic import op

revision = "audit_0002_keep"
down_revision = "audit_0001"
branch_labels = None
depends_on = None

# ``at`` is ISO 8601 UTC text (2026-12-01T10:20:30.123456Z); the cutoff has no fraction, so a record
# in the very second of the cutoff compares as younger and is kept.
KEEP_TRIGGER = """
CREATE TRIGGER audit_records_keep BEFORE DELETE ON audit_records
WHEN old.synced_at IS NULL OR old.at >= strftime('%Y-%m-%dT%H:%M:%S', 'now', '-180 days')
BEGIN
    SELECT RAISE(ABORT, 'audit record kept: unsynced or younger than 180 days');
END
"""


def upgrade() -> None:
    op.execute(KEEP_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_records_keep")
