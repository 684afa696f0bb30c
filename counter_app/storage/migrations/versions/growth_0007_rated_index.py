"""Growth: ``ix_cases_rated`` (rated_at) — the office's day counts a rating on the day it was given
(7.5.2; ``workflows.dashboard.office_day`` selects the cases rated on the day, whenever they were
created): an index range instead of reading every case of years.

Revision ID: growth_0007_rated
"""
from alembic import op

revision = "growth_0007_rated"
down_revision = "growth_0006_sync"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_cases_rated", "cases", ["rated_at"])


def downgrade() -> None:
    op.drop_index("ix_cases_rated", "cases")
