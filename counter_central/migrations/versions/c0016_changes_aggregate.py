"""Central service: the changes published for one case, by index.

A pushed case entry naming its approver (a 不予受理, a step recorded as approved …) stands on that
supervisor's approval the centre holds: an approved request, or a decision published for the case
(``case.escalation_decision``, approvals.approval_refusal). The second is looked up among the
case's changes.

Revision ID: c0016_changes_aggregate
"""
from alembic import op

revision = "c0016_changes_aggregate"
down_revision = "c0015_audit_written_as"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_changes_aggregate", "changes", ["aggregate_type", "aggregate_id"])


def downgrade() -> None:
    op.drop_index("ix_changes_aggregate", table_name="changes")
