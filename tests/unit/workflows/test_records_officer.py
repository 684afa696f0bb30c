"""What a records officer and an internal auditor rely on (7.2, 7.3): an account without a counter
role does no business through the case service, and every clerk action — a step, its approval, an
override of a system check, a material page taken or removed — leaves an audit record."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.domain.case_engine import CaseState, TransitionRefused
from counter_app.storage.tables_audit import AuditRow
from counter_app.storage.tables_cases import CaseRow
from counter_app.storage.tables_core import OutboxEntry
from counter_app.workflows.accept import Draft, accept_draft, act_and_close
from counter_app.workflows.cases import CaseWorkflow
from tests.support.cases import MALE_1960, NOW, clerk_service, ready_case, transfer_case

pytestmark = pytest.mark.timeout(120)


def _audit(store, action: str | None = None) -> list[AuditRow]:
    with store.session() as s:
        q = select(AuditRow).order_by(AuditRow.seq)
        if action:
            q = q.where(AuditRow.action == action)
        return list(s.scalars(q))


def _auditor(store, roles=("auditor",)) -> CaseWorkflow:
    return CaseWorkflow(store, actor="auditor01", roles=roles, office="福田分局", office_code="FT",
                        workstation_id="FT-W01", now=lambda: NOW)


# ------------------------------------------------------------------ 1. no business without a counter role


@pytest.mark.parametrize("roles", [("auditor",), ("admin",), ("field",)])
def test_an_account_without_a_counter_role_cannot_create_a_case(store, roles):
    with pytest.raises(TransitionRefused, match="不是窗口经办人或科长") as refused:
        _auditor(store, roles).create("reg_enroll", "individual", applicant={"name": "张三", "id_number": MALE_1960})
    assert refused.value.reason.code == "no_counter_role"
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(CaseRow)) == 0
        assert s.scalar(select(func.count()).select_from(OutboxEntry)) == 0
    (rec,) = _audit(store, "business.refused")
    assert (rec.actor, rec.result) == ("auditor01", "refused") and "办理窗口业务" in rec.detail


def test_the_accept_use_case_refuses_an_auditor_and_audits_the_attempt(store):
    draft = Draft.from_json({"service": "reg_enroll", "applicant_type": "individual",
                             "applicant": {"name": "张三", "id_number": MALE_1960}, "materials": "all"})
    with pytest.raises(TransitionRefused, match="不能办理窗口受理"):
        accept_draft(_auditor(store), draft)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(CaseRow)) == 0
    assert [r.result for r in _audit(store, "business.refused")] == ["refused"]


def test_an_auditor_cannot_step_close_or_archive_a_clerks_case(store):
    clerk = clerk_service(store)
    cid = ready_case(clerk, "reg_enroll")
    clerk.decide(cid, expected="accepted")
    case_no = clerk.get(cid).case.case_no
    auditor = _auditor(store)
    view = clerk.get(cid)
    with pytest.raises(TransitionRefused, match="不能办理办件"):
        act_and_close(auditor, cid, lambda w: w.record_step(cid, view.next_step, "done"))
    for call in (lambda: auditor.record_step(cid, view.next_step, "done"), lambda: auditor.complete(cid),
                 lambda: auditor.archive(cid)):
        with pytest.raises(TransitionRefused, match="auditor01 不是窗口经办人或科长"):
            call()
    assert clerk.get(cid).case.state is CaseState.accepted and not clerk.get(cid).case.steps
    refused = _audit(store, "business.refused")
    assert len(refused) == 4 and {r.object_id for r in refused[:1]} == {case_no}


def test_a_clerk_and_a_supervisor_and_an_unknown_role_set_still_work(store):
    for roles in (("clerk",), ("supervisor",), ("clerk", "field")):
        CaseWorkflow(store, actor="x", roles=roles).create("reg_enroll", "individual",
                                                            applicant={"name": "张三", "id_number": MALE_1960})
    CaseWorkflow(store, actor="x").create("reg_enroll", "individual", applicant={"name": "张三", "id_number": MALE_1960})
    assert not _audit(store, "business.refused")


# ------------------------------------------------------------------ 3. every clerk action is audited


def test_a_step_and_its_approval_are_audited(store):
    cid = transfer_case(store)
    workflow = clerk_service(store)
    case_no = workflow.get(cid).case.case_no
    steps = _audit(store, "case.step")
    assert [r.object_id for r in steps] == [case_no] * 2 and all(r.actor == "clerk01" for r in steps)
    assert "（letter_generated）完成" in steps[0].detail
    while (code := workflow.get(cid).next_step) != "sheet_reviewed":
        workflow.record_transfer_step(cid, code)
    workflow.record_transfer_step(cid, "sheet_reviewed", passed=True)    # an escalation point, no approver yet
    workflow.approve_recorded_step(cid, "sheet_reviewed", "super01")
    approvals = _audit(store, "approval")
    assert approvals[-1].actor == "super01" and "sheet_reviewed" in approvals[-1].detail
    assert "经办 clerk01" in approvals[-1].detail


def test_an_override_of_a_system_check_is_audited_with_its_reason(store, app_home):
    from tests.unit.domain.test_conditions import person
    from tests.unit.workflows.test_records import FakeAnswerClient
    from counter_app.workflows.records import RecordService

    rec = person(history_reviewed=False)
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                            records=RecordService(store, lambda: FakeAnswerClient(rec)), now=lambda: datetime(2026, 6, 1, 9))
    cid = workflow.create("pension", "individual", variants=("normal",),
                          applicant={"name": "李建国", "id_number": rec.id_number}).case.id
    workflow.answer_condition(cid, "history_reviewed", True, "原参保地已审核，见证明")
    (row,) = _audit(store, "case.condition_override")
    assert row.actor == "clerk01" and "系统核验不符合，改为符合" in row.detail and "原参保地已审核" in row.detail
    assert rec.id_number not in row.detail and rec.id_number not in row.object_id


def test_a_material_page_taken_and_removed_is_audited(store, app_home):
    from counter_app.devices.camera.processing import process_page
    from counter_app.storage import crypto
    from counter_app.workflows import materials as M
    from tests.support import synthetic_page as sp

    crypto.forget_cached_keys()
    photo, _ = sp.photo(sp.turned((640, 480), (600, 800), 3))
    page = process_page(photo, max_bytes=200 * 1024)
    workflow = clerk_service(store)
    cid = workflow.create("transfer_in", "individual", applicant={"name": "张三", "id_number": MALE_1960}).case.id
    stored = M.attach_material_page(store, workflow, cid, "transfer_form", page, clerk="clerk01", workstation_id="FT-W01")
    M.delete_material_page(store, workflow, stored.id, clerk="clerk01", workstation_id="FT-W01")
    (taken,) = _audit(store, "material.captured")
    (removed,) = _audit(store, "material.removed")
    assert "transfer_form" in taken.detail and "第 1 页" in taken.detail and stored.digest[:16] in taken.detail
    assert "第 1 页" in removed.detail
    with pytest.raises(TransitionRefused, match="不能拍摄材料"):
        M.attach_material_page(store, _auditor(store), cid, "transfer_form", page, clerk="auditor01")


# ------------------------------------------------------------------ 9. a label for every action written


_NAME = r'"([a-z_]+(?:\.[a-z_]+)*)"'
_CALL = re.compile(r'(?:\baudit|_audit|_audit_submitted)\(\s*(?:store,\s*ws,\s*)?' + _NAME)
_KEYWORD = re.compile(r'\baction=' + _NAME)
_ARGPARSE = {"store_true", "store_false", "append", "count", "version", "extend", "store", "store_const", "help"}


def test_every_audit_action_the_counter_writes_has_a_chinese_label():
    from counter_protocol.audit import ACTIONS

    root = Path(__file__).resolve().parents[3] / "counter_app"
    written: dict[str, str] = {}
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for m in _CALL.finditer(text):
            written.setdefault(m.group(1), str(path.relative_to(root)))
        for m in _KEYWORD.finditer(text):
            if m.group(1) not in _ARGPARSE:
                written.setdefault(m.group(1), str(path.relative_to(root)))
    assert {"case.transition", "archive.package", "store.backup"} <= set(written)   # the scan finds them
    assert {k: v for k, v in written.items() if k not in ACTIONS} == {}
    assert all(re.search(r"[\u4e00-\u9fff]", label) for label in ACTIONS.values())
