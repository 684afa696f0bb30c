"""Central service: home-visit death reports and when a suspension of payment took effect.

``field_death_reports`` keeps each home visit that reported the pensioner dead (上门认证 已死亡),
with the suspension of payment it raised, the certifications that contradict it and, when a
supervisor found it wrong, who cleared it and why (counter_central.certification). A report synced
before this revision left only ``registry_persons.field_flag``: it is listed as an open report of
the visit that set it (the latest 已死亡 visit to the person), without a suspension.

``payment_suspensions.effective_on``: the day a suspension took effect (its approval, Beijing
day); 补发 counts the months from it (6.6.2.8 缺漏发放月份), not from the lapse. Suspensions
approved before are filled from their approval's decision time.

Revision ID: c0023_death_reports
"""
import uuid
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

revision = "c0023_death_reports"
down_revision = "c0022_token_sign_ins"
branch_labels = None
depends_on = None

BEIJING = timedelta(hours=8)


def upgrade() -> None:
    reports = op.create_table(
        "field_death_reports",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("id_number", sa.String(18), nullable=False),
        sa.Column("office_code", sa.String(8), nullable=False),
        sa.Column("visit_id", sa.String(64), nullable=False),
        sa.Column("workstation_id", sa.String(32), nullable=False),
        sa.Column("visited_at", sa.DateTime, nullable=False),
        sa.Column("staff", sa.String(140), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("suspension_id", sa.String(36), nullable=True),
        sa.Column("conflicts", sa.Text, nullable=False),
        sa.Column("received_at", sa.DateTime, nullable=False),
        sa.Column("cleared_by", sa.String(64), nullable=True),
        sa.Column("cleared_at", sa.DateTime, nullable=True),
        sa.Column("clear_reason", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_field_death_reports"),
    )
    op.create_index("ix_field_death_reports_person", "field_death_reports", ["id_number", "state"])
    with op.batch_alter_table("payment_suspensions") as batch:
        batch.add_column(sa.Column("effective_on", sa.Date, nullable=True))
    conn = op.get_bind()
    persons = sa.table("registry_persons", sa.column("id_number", sa.String), sa.column("field_flag", sa.String))
    visits = sa.table("field_visits", sa.column("visit_id", sa.String), sa.column("workstation_id", sa.String),
                      sa.column("office_code", sa.String), sa.column("id_number", sa.String),
                      sa.column("result", sa.String), sa.column("visited_at", sa.DateTime),
                      sa.column("staff", sa.String), sa.column("received_at", sa.DateTime))
    flagged = [r[0] for r in conn.execute(sa.select(persons.c.id_number)
                                          .where(persons.c.field_flag == "deceased_reported"))]
    rows = []
    for id_number in flagged:
        visit = conn.execute(sa.select(visits).where(visits.c.id_number == id_number, visits.c.result == "deceased")
                             .order_by(visits.c.visited_at.desc()).limit(1)).first()
        if visit is not None:
            rows.append({"id": str(uuid.uuid4()), "id_number": id_number, "office_code": visit.office_code,
                         "visit_id": visit.visit_id, "workstation_id": visit.workstation_id,
                         "visited_at": visit.visited_at, "staff": visit.staff, "state": "open",
                         "suspension_id": None, "conflicts": "[]", "received_at": visit.received_at})
    if rows:
        op.bulk_insert(reports, rows)
    suspensions = sa.table("payment_suspensions", sa.column("id", sa.String), sa.column("state", sa.String),
                           sa.column("suspend_request_id", sa.String), sa.column("effective_on", sa.Date))
    approvals = sa.table("approval_requests", sa.column("id", sa.String), sa.column("state", sa.String),
                         sa.column("decided_at", sa.DateTime))
    for sid, decided in conn.execute(
            sa.select(suspensions.c.id, approvals.c.decided_at)
            .join(approvals, approvals.c.id == suspensions.c.suspend_request_id)
            .where(approvals.c.state == "approved", suspensions.c.state.in_(("suspended", "resume_pending", "resumed")))):
        if decided is not None:
            conn.execute(sa.update(suspensions).where(suspensions.c.id == sid)
                         .values(effective_on=(decided + BEIJING).date()))


def downgrade() -> None:
    with op.batch_alter_table("payment_suspensions") as batch:
        batch.drop_column("effective_on")
    op.drop_index("ix_field_death_reports_person", table_name="field_death_reports")
    op.drop_table("field_death_reports")
