"""Why a case waits has one source: ``CaseSummary`` keeps the data (waiting_kind / waiting_arg /
waiting_approval) and ``waiting`` — the CLI's Chinese sentence — is derived from it by
case_queries.waiting_sentence, which words a 受理审核 case's approval through approvals.status_text
(the CLI's one wording of an approval). Review: the Chinese sentence was stored beside the data it
came from, so the two could disagree."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from counter_app.workflows.approvals import ApprovalStatus, status_text
from counter_app.workflows.case_queries import (FILTER_WAITING, WAIT_APPROVAL, WAIT_APPROVAL_STATUS, WAIT_PUBLICITY,
                                                WAIT_SHEET, CaseSummary, list_cases, waiting_sentence)
from tests.support.cases import transfer_case


def _row(**waiting) -> CaseSummary:
    return CaseSummary(id="c1", case_no="FT-W1-20260301-0001", service_code="transfer_in", service_name="转移接续",
                       applicant_type="individual", applicant="张*", id_masked="1101**********0017",
                       state="accepted", state_label="已受理（办理中）", created_at=datetime(2026, 3, 1),
                       updated_at=datetime(2026, 3, 1), **waiting)


def test_the_chinese_sentence_is_derived_from_the_data_not_stored_beside_it():
    assert "waiting" not in {f.name for f in dataclasses.fields(CaseSummary)}
    row = _row(waiting_kind=WAIT_SHEET)
    assert row.waiting == "等待信息表"
    row = dataclasses.replace(row, waiting_kind=WAIT_PUBLICITY, waiting_arg="2026-04-01")
    assert row.waiting == "公示中（至2026-04-01）"           # follows the data: never a stale sentence
    assert dataclasses.replace(row, waiting_arg="").waiting == "公示中"
    assert _row(waiting_kind=WAIT_APPROVAL, waiting_arg="fingerprint_unavailable").waiting == "等待主管审批：指纹无法采集"
    assert _row().waiting == ""


def test_an_approval_is_worded_by_the_one_chinese_wording_of_approvals():
    pending = ApprovalStatus(state="pending", action="rejection", required_level=1, at="2026-03-01T02:00:00+00:00")
    rejected = dataclasses.replace(pending, state="rejected", by="李科长", note="请补充核实参保记录")
    for status in (pending, rejected):
        row = _row(waiting_kind=WAIT_APPROVAL_STATUS, waiting_approval=status)
        assert row.waiting == status_text(status) == waiting_sentence(WAIT_APPROVAL_STATUS, "", status)
    assert _row(waiting_kind=WAIT_APPROVAL_STATUS).waiting == ""        # no approval known: no sentence
    assert status_text(pending) == "待审批：不予受理决定（须科长审批）"


def test_the_waiting_list_carries_the_data_and_the_cli_sentence(store):
    cid = transfer_case(store)                       # 联系函 generated and sent: the sheet is awaited
    row = next(r for r in list_cases(store, FILTER_WAITING) if r.id == cid)
    assert (row.waiting_kind, row.waiting_arg, row.waiting_approval) == (WAIT_SHEET, "", None)
    assert row.waiting == "等待信息表"


def test_a_case_in_review_waiting_for_its_refusal_to_be_approved_is_in_the_waiting_list(store):
    """Review: only 已受理 cases were asked why they wait, so a 受理审核 case whose 不予受理 waits for
    the supervisor (pending) never showed in the 等待中 list nor in ``case list --filter waiting``."""
    from counter_app.domain.case_engine import CaseState
    from counter_app.reference.catalog import load_catalog
    from tests.support.cases import clerk_service
    from tests.unit.workflows.test_case_workflow import MALE_1966

    from tests.unit.workflows.test_benefit_approval import _approvals

    workflow = clerk_service(store)
    view = workflow.create("pension", "individual", variants=("normal",), applicant={"name": "李四", "id_number": MALE_1966},
                           facts={"contribution_months": 120, "benefit_place_shenzhen": True, "history_reviewed": True})
    cid = view.case.id
    workflow.submit(cid)
    for m in load_catalog().get("pension").plan("individual", ("normal",)).materials:
        workflow.tick(cid, m.code)
    assert workflow.get(cid).outcome.kind.value == "not_eligible"
    _approvals(store).request(cid, "rejection")                # 分级授权: the 不予受理 waits for a 科长
    assert workflow.get(cid).case.state is CaseState.review
    row = next(r for r in list_cases(store, FILTER_WAITING) if r.id == cid)
    assert row.waiting_kind == WAIT_APPROVAL_STATUS and row.waiting_approval.state == "pending"
    assert row.waiting == "待审批：不予受理决定（须科长审批）"
