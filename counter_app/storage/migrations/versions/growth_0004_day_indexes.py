"""Growth: indexes for the lists and jobs that read by time over years of cases.

- ``ix_cases_created`` (created_at) and ``ix_cases_closed`` (closed_at, accepted_at): the office's
  day (``workflows.dashboard.office_day``) reads the cases created on the day and the accepted ones
  not 办结 before it — index ranges (the second one covering: the open cases are picked without
  reading their rows) instead of loading every accepted case of years;
- ``ix_case_transitions_action`` (case_id, action, at): the decision and 办结 times of those cases,
  read from the index alone;
- ``ix_cases_state_archived`` (state, archived_at): housekeeping (归档外移) takes the oldest archived
  cases batch by batch in ``archived_at`` order; without it each batch scanned and sorted every case;
- ``ix_documents_created`` (created_at, seq): the 文书 list of a day, in its order.

Revision ID: growth_0004
"""
from alembic import op

revision = "growth_0004"
down_revision = "growth_0003"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_cases_created", "cases", ["created_at"]),
    ("ix_cases_closed", "cases", ["closed_at", "accepted_at"]),
    ("ix_case_transitions_action", "case_transitions", ["case_id", "action", "at"]),
    ("ix_cases_state_archived", "cases", ["state", "archived_at"]),
    ("ix_documents_created", "documents", ["created_at", "seq"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table)
