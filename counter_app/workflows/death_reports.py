"""上门认证死亡报告 at the supervisor's window: a home visit that reported a pensioner 已死亡 raised
a supervisor-decided suspension of payment (counter_central.certification.report_death); the
report itself is held at the centre only. The office's supervisors and auditors list them (masked:
ID number, name); a supervisor of the office — not one of the visit's staff — clears a wrong one
with a reason (撤销报告). The centre takes the actor from the token and checks everything again
(counter_central.certification.clear_death_report_for); here the role (7.3.2:
counter_protocol.roles.CLEAR_DEATH_REPORT, a refused attempt audited), the reason and being online
are checked first, and the clear is recorded in this workstation's audit trail, masked.
"""

from __future__ import annotations

from counter_app.domain.refusals import Refusal
from counter_protocol import roles as r
from counter_protocol.field import CLEAR_REASON_CHARS


class DeathReportRefused(ValueError):
    """Why a death-report action is refused: ``reason``, a :class:`Refusal` (the Chinese as the message)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def may_read(roles) -> bool:
    """Whether an account with ``roles`` sees the office's death reports (supervisors, auditors)."""
    return bool(set(roles or ()) & r.DEATH_REPORT_READERS)


def list_reports(client, *, roles, include_cleared: bool = False, record: bool = False) -> list[dict]:
    """The office of the signed-in account's death reports as the centre holds them: the standing
    ones (待处理, 已拒收待核实), and with ``include_cleared`` the withdrawn (已撤销) ones after them;
    each a dict of counter_protocol.field.DeathReport (masked). ``record``: the supervisor asked for
    the list (opened it, changed the filter, 刷新) — the centre records the read; a timed refresh
    leaves it False (the centre still records one when none covers it). ``client`` None: refused
    (the reports are at the centre). A SyncError of the request propagates."""
    if not may_read(roles):
        raise DeathReportRefused(Refusal("death_reports_readers_only"))
    if client is None:
        raise DeathReportRefused(Refusal("death_report_offline"))
    return [item.model_dump(mode="json")
            for item in client.death_reports(include_cleared=include_cleared, record=record).items]


def clear(store, client, report_id: str, *, user: str, roles, workstation_id: str, reason: str) -> dict:
    """撤销报告: the centre clears the report as the signed-in supervisor (``client``'s token) with
    ``reason``; what changed comes back (counter_protocol.field.DeathReportCleared as a dict: the
    report cleared, the pending suspension withdrawn, or payment still suspended). Refused before
    the centre is asked: another role (audited), no reason or an overlong one, offline. The
    centre's refusal (another office, already cleared, one of the visit's staff) propagates as
    its SyncError. One record in this workstation's audit trail, the person masked."""
    from counter_app.storage.permissions import RoleRefused, require_role
    from counter_app.storage.uow import UnitOfWork
    from counter_rules.masking import mask_text

    try:
        require_role(store, r.CLEAR_DEATH_REPORT, actor=user, roles=roles, workstation_id=workstation_id,
                     object_type="field_death_report", object_id=report_id,
                     words=Refusal("death_report_supervisor_only"))
    except RoleRefused as exc:
        raise DeathReportRefused(exc.reason) from None
    reason = (reason or "").strip()
    if not reason:
        raise DeathReportRefused(Refusal("death_report_reason"))
    if len(reason) > CLEAR_REASON_CHARS:
        raise DeathReportRefused(Refusal("death_report_reason_length", CLEAR_REASON_CHARS, len(reason)))
    if client is None:
        raise DeathReportRefused(Refusal("death_report_offline"))
    out = client.clear_death_report(report_id, reason)
    with UnitOfWork(store, actor=user, workstation_id=workstation_id) as uow:
        uow.audit("field.clear_death_report", object_type="field_death_report", object_id=out.id,
                  detail=(f"撤销上门认证死亡报告：{out.id_masked}，原因：{mask_text(reason)}"
                          + ("；暂停发放申请已撤回" if out.suspension_withdrawn else "")
                          + ("；暂停发放已生效，须重新认证后经审批恢复发放" if out.still_suspended else "")))
        uow.commit()
    return out.model_dump(mode="json")


__all__ = ["DeathReportRefused", "clear", "list_reports", "may_read"]
