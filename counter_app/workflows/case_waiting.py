"""Why a case waits, kept on its row in the transaction that changes it (growth_0008_waiting).

Whether a case waits (``counter_app.domain.waiting.stored_waiting``) looks at the case's state,
its step records and its latest approval request. Those are written in many places: the case
workflow (受理, steps, 办结 …), the approval service (申请、现场审批、撤回), the pulled changes of the
centre (集中授权, a refused on-site decision, expiry). Rather than trusting each of them to
remember, every session of this program notes the cases whose rows of these three tables it
flushes, and before it commits works out the stored reason of each again from what the
transaction wrote, inside the same transaction: a case and its 等待中 never disagree, whoever
wrote. The case's ``updated_at`` stays as the change set it (the list's order is the case's).

The listeners are installed when ``counter_app.workflows`` is imported (every writer of these
tables lives there); the centre's sessions never hold these rows and are left alone.
"""

from __future__ import annotations

from itertools import chain
from typing import cast

from sqlalchemy import Table, event, select, update
from sqlalchemy.orm import Session

from counter_app.domain.waiting import MAY_WAIT, stored_waiting
from counter_app.storage.tables_approvals import ApprovalRequestRow
from counter_app.storage.tables_cases import CaseRow, CaseStepRow

_TOUCHED = "waiting.cases"     # Session.info: the ids of the cases this transaction touched


def computed_waiting(session, row: CaseRow) -> tuple[str, str]:
    """(kind, parameter) the case ``row`` should keep: worked out from its rows as ``session`` sees them."""
    if row.state not in MAY_WAIT:
        return "", ""
    from counter_app.workflows.cases import load_case

    case, service = load_case(session, row)
    approval = session.scalar(select(ApprovalRequestRow.state).where(ApprovalRequestRow.case_id == row.id)
                              .order_by(ApprovalRequestRow.made_at.desc(), ApprovalRequestRow.id.desc()).limit(1))
    return stored_waiting(case, service, approval)


def refresh(session, case_id: str) -> tuple[str, str] | None:
    """Work out again and keep why the case ``case_id`` waits; what it keeps, None for no such case."""
    row = session.get(CaseRow, case_id)
    if row is None:
        return None
    kind, arg = computed_waiting(session, row)
    if (row.waiting_kind, row.waiting_arg) != (kind, arg):
        table = cast(Table, CaseRow.__table__)
        # a Core UPDATE naming updated_at: the column's onupdate would move the case in the list
        session.execute(update(table).where(table.c.id == case_id)
                        .values(waiting_kind=kind, waiting_arg=arg, updated_at=table.c.updated_at))
        from sqlalchemy.orm.attributes import set_committed_value

        set_committed_value(row, "waiting_kind", kind)
        set_committed_value(row, "waiting_arg", arg)
    return kind, arg


def _note_flushed(session: Session, _context) -> None:
    """after_flush: note the cases whose rows, steps or approval requests were written."""
    touched = None
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, CaseRow):
            case_id = obj.id
        elif isinstance(obj, (CaseStepRow, ApprovalRequestRow)):
            case_id = obj.case_id
        else:
            continue
        if touched is None:
            touched = session.info.setdefault(_TOUCHED, set())
        if case_id:
            touched.add(case_id)


def _refresh_touched(session: Session) -> None:
    """before_commit: keep why each touched case waits, in the transaction about to commit."""
    if session.new or session.dirty or session.deleted:
        session.flush()       # what the commit would flush: noted by _note_flushed
    if not session.info.get(_TOUCHED):
        return
    for case_id in sorted(session.info.pop(_TOUCHED, ())):
        refresh(session, case_id)


def _forget(session: Session, _previous_transaction=None) -> None:
    session.info.pop(_TOUCHED, None)


def install() -> None:
    """Listen on every session (idempotent)."""
    if not event.contains(Session, "after_flush", _note_flushed):
        event.listen(Session, "after_flush", _note_flushed)
        event.listen(Session, "before_commit", _refresh_touched)
        event.listen(Session, "after_rollback", _forget)


install()
