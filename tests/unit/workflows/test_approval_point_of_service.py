"""An approval only at a point the case's service has (审批点, 7.3.2), at the counter: a request for a
point the flow of the case's service lacks — 注销参保 on a 养老金申领 (approved, it would accept the
pension case as if it were a 注销), 待遇核定 on a 参保登记 — is refused with a clear sentence naming
the service and the point, and nothing is written or queued. Which points a service has is the
catalog's flow (counter_rules.approval_points.service_points), not a list in the code."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from counter_app.reference.authorisation import default_authorisation
from counter_app.resources import resource_path
from counter_app.storage.tables_approvals import ApprovalRequestRow
from counter_app.storage.tables_core import OutboxEntry
from counter_app.workflows.approvals import ApprovalRefused, ApprovalService
from counter_rules.approval_points import service_points
from counter_rules.catalog import catalog_from_dict
from counter_rules.terms import Escalation
from tests.support.cases import NOW, clerk_service, ready_case


def _approvals(store) -> ApprovalService:
    return ApprovalService(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                           authorisation=default_authorisation, today=lambda: NOW.date(), roles=("clerk",))


def _count(store, table) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(table))


@pytest.mark.parametrize("service, variants, action, point", [
    ("pension", ("normal",), "reg_cancel", "注销参保"),
    ("reg_enroll", (), "benefit_decision", "待遇核定（补发或金额超过限额）"),
    ("reg_enroll", (), "fingerprint_unavailable", "指纹无法采集"),
])
def test_a_point_the_cases_service_lacks_is_refused_and_nothing_written(store, service, variants, action, point):
    workflow = clerk_service(store)
    cid = ready_case(workflow, service, variants=variants)
    name = workflow.get(cid).service.name
    outbox = _count(store, OutboxEntry)
    with pytest.raises(ApprovalRefused) as refused:
        _approvals(store).request(cid, action, back_pay_months=12)
    assert refused.value.reason == f"办件的服务事项「{name}」没有「{point}」审批点，不能提出该审批申请"
    assert _count(store, ApprovalRequestRow) == 0 and _count(store, OutboxEntry) == outbox


def test_the_points_the_cases_service_has_are_asked_for(store):
    workflow = clerk_service(store)
    cancel = ready_case(workflow, "reg_cancel", variants=("person.voluntary",))
    assert _approvals(store).request(cancel, "reg_cancel")["required_level"] == 2
    pension = ready_case(workflow, "pension", variants=("normal",),
                         applicant={"name": "李四", "id_number": "110105196001010037"})
    assert _approvals(store).request(pension, "benefit_decision", back_pay_months=12)["required_level"] == 1
    assert _count(store, ApprovalRequestRow) == 2


def test_a_case_opened_before_its_catalog_marked_the_point_keeps_it(store):
    """A 注销登记 opened under a catalog whose 受理 did not yet mark reg_cancel (before 2026.6) keeps
    the entry it was opened under; the catalog in force has the point, so it is asked for."""
    from counter_app.storage.tables_cases import CaseRow

    cid = ready_case(clerk_service(store), "reg_cancel", variants=("person.voluntary",))
    with store.session() as s:
        row = s.get(CaseRow, cid)
        kept = json.loads(row.service_snapshot)
        for outcome in kept["outcomes"]:
            if outcome.get("escalation") == "reg_cancel":
                del outcome["escalation"]
        row.service_snapshot = json.dumps(kept, ensure_ascii=False)
        s.commit()
    assert Escalation.reg_cancel not in service_points(clerk_service(store).get(cid).service)
    assert _approvals(store).request(cid, "reg_cancel")["state"] == "pending"


def test_which_points_a_service_has_is_the_catalogs_flow():
    raw = json.loads(resource_path("catalog/services.json").read_text(encoding="utf-8"))
    catalog = catalog_from_dict(raw)
    points = {s.code: service_points(s) for s in catalog.services}
    assert Escalation.reg_cancel in points["reg_cancel"]          # its 受理 is marked with the point
    assert not any(Escalation.reg_cancel in p for code, p in points.items() if code != "reg_cancel")
    assert {Escalation.benefit_decision, Escalation.denial, Escalation.fingerprint_unavailable,
            Escalation.publicity_objection} <= points["pension"]
    assert Escalation.info_sheet_review in points["transfer_in"] and Escalation.info_sheet_review not in points["pension"]
    assert all(Escalation.rejection in p for p in points.values())
    # the data decides: a catalog whose 注销登记 does not mark its 受理 has no such point there
    for service in raw["services"]:
        for outcome in service["outcomes"]:
            if outcome.get("escalation") == "reg_cancel":
                del outcome["escalation"]
    assert Escalation.reg_cancel not in service_points(catalog_from_dict(raw).get("reg_cancel"))
