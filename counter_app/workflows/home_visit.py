"""上门认证申请 at the window (5.6.3 a: 上门，针对行动不便的服务对象) — the ``home_visit`` variant of
the catalog service ``certification``.

Someone asks at the window (the pensioner's family, a neighbour) for a pensioner who cannot come.
The window certifies nobody: it raises the home-visit request the field roster carries
(counter_central.field.roster: ``reason`` ``requested``), and a field worker's sealed visit
(counter_app.workflows.field) records the certification itself, channel ``home_visit``, at the
centre, where it moves ``last_certified`` and closes the request.

:func:`raise_home_visit` is the clerk's one action: the step ``home_visit_request`` with the
上门认证申请告知单 (a home visit will be arranged — never 认证通过, never a validity), 办结 of the
case as 已转上门认证, and one outbox entry ``certification.home_visit_requested`` — in one
transaction. The entry, not a call to ``POST /field/requests``, so a window working offline raises
it too; the centre opens the request once at the next sync (a replay or a second request for the
person finds the open one) with the same checks as the API (on the registry, retired, of this
office), and a refused entry shows in the 待同步 list with the centre's reason.

Why the case closes (已转上门认证) rather than waiting for the visit: 上门 is a channel of its own
(第4章, 5.6.3 a); its result is the field visit's sealed record, which names no window case and
reaches the centre, not the window; the catalog's time limit for the certification is 即时办结. The
window's part — taking the request and telling the family a visit will be arranged — is done then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timezone

from counter_app.domain.conditions import record_view_from_facts
from counter_app.domain.refusals import Refusal
from counter_app.domain.terms import HOME_VISIT_STEP
from counter_app.storage.uow import new_id
from counter_app.workflows.cases import CaseWorkflow, TransitionRefused
from counter_protocol import certification_sync as cs
from counter_protocol.clock import beijing_day_of_local

SERVICE = "certification"
VARIANT = "home_visit"
STEP = HOME_VISIT_STEP
MAX_REASON = 200
AUDIT_ACTION = "certification.home_visit_requested"


class HomeVisitRefused(TransitionRefused):
    """The request cannot be raised; the message is Chinese (a :class:`Refusal`)."""


@dataclass(frozen=True)
class HomeVisitRaised:
    """What the action changed: the case (办结), the request's id and day, the outbox entry."""

    case_id: str
    case_no: str
    request_id: str
    requested_on: date
    outbox_id: str


def is_home_visit(view) -> bool:
    """Whether a case view is a 资格认证 of the ``home_visit`` variant (its step is :data:`STEP`)."""
    return view.service.code == SERVICE and VARIANT in view.case.variants


def raise_home_visit(cases: CaseWorkflow, case_id: str, *, reason: str = "") -> HomeVisitRaised:
    """提出上门认证申请 for an accepted 资格认证 case of the ``home_visit`` variant: the step (with the
    上门认证申请告知单), 办结 and the outbox entry, in one transaction — ``cases`` on its own or inside a
    caller's unit of work (CaseWorkflow.within: the window's act_and_close, the CLI's step)."""
    view = cases.get(case_id)
    if not is_home_visit(view):
        chosen = "、".join(view.case.variants) or "无"
        raise HomeVisitRefused(Refusal("home_visit_not_variant", chosen))
    reason = " ".join((reason or "").split())
    if len(reason) > MAX_REASON:
        raise HomeVisitRefused(Refusal("home_visit_reason_long", MAX_REASON))
    from counter_app.domain import certification as dc

    rv = record_view_from_facts(view.case.facts)
    person = rv.person if rv.person_known() else None
    problem = dc.eligibility_problem(person)
    if problem:
        raise HomeVisitRefused(problem)
    assert person is not None
    office = (person.office or "").strip()
    if office and cases.office_code and office != cases.office_code:
        # the roster carries name, address and phone: only the person's own office sends someone
        raise HomeVisitRefused(Refusal("home_visit_other_office", office))
    now = cases.now()
    on = beijing_day_of_local(now)
    at_utc = now.astimezone(timezone.utc) if now.tzinfo else now.astimezone().astimezone(timezone.utc)
    request_id = new_id()
    data = {"home_visit": {"request_id": request_id, "requested_on": on.isoformat(), "reason": reason,
                           "channel": VARIANT, "channel_name": cs.CHANNEL_NAMES[VARIANT]}}
    with cases._uow() as uow:          # the caller's unit of work when joined, else its own
        inner = cases if cases._joined is not None else cases.within(uow)  # type: ignore[arg-type]
        inner.record_step(case_id, STEP, "done", data=data)
        done = inner.complete(case_id)
        payload = cs.HomeVisitRequested(request_id=request_id, id_number=person.id_number, clerk=cases.actor,
                                        requested_at=at_utc, reason=reason, case_id=case_id,
                                        case_no=done.case.case_no or "")
        entry = uow.outbox.add(kind=cs.KIND_HOME_VISIT_REQUESTED, aggregate_type=cs.AGGREGATE,
                               aggregate_id=request_id, payload=payload.model_dump(mode="json"))
        uow.audit(AUDIT_ACTION, object_type="case", object_id=done.case.case_no or case_id,
                  detail=f"上门认证申请 {request_id}（窗口未登记认证结果）")
        uow.commit()
    return HomeVisitRaised(case_id, done.case.case_no or "", request_id, on, entry.id)
