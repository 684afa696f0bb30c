"""Central service: the flag of an audit record whose actor is not an account of the pushing
workstation's office (counter_central.audit).

``audit_records.actor_unknown`` is set for the records stored before whose actor (not empty, not a
failed sign-in's typed name) is no account of the office of the record's workstation, as the
centre flags them on arrival.

Revision ID: c0014_approval_participants
"""
import sqlalchemy as sa
from alembic import op

revision = "c0014_approval_participants"
down_revision = "c0013_approval_keys"
branch_labels = None
# adds to the audit records (c0007)
depends_on = ("c0007_audit",)


def _flag_unknown_actors(conn) -> None:
    # the office of a record is its workstation's (a login is only ever on a workstation of the
    # user's office); an empty actor and a failed sign-in's typed name are no claim (counter_central.audit)
    conn.execute(sa.text(
        "UPDATE audit_records SET actor_unknown = :yes"
        " WHERE actor <> '' AND action <> 'login.failed' AND NOT EXISTS ("
        " SELECT 1 FROM users u JOIN workstations w ON w.office_code = u.office_code"
        " WHERE u.username = audit_records.actor AND w.workstation_id = audit_records.workstation_id)"
    ).bindparams(sa.bindparam("yes", True, type_=sa.Boolean)))


def upgrade() -> None:
    with op.batch_alter_table("audit_records") as batch:
        batch.add_column(sa.Column("actor_unknown", sa.Boolean, nullable=False, server_default=sa.false()))
    _flag_unknown_actors(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("audit_records") as batch:
        batch.drop_column("actor_unknown")
