"""What the 《不予受理决定书》 says of the applicant's materials is what happened (6.1.1.2.2: 不符合受理
条件的，应退回全部材料，并出具《不予受理决定书》). A tester's decision, approved by a supervisor on the
centre and printed when the sync brought the approval, said 「全部申请材料已当场退回」: it was not
printed at the counter on the spot. Decided at the window (by the clerk, or on a supervisor's 现场授权
on the clerk's screen) the decision still says so; approved later on the centre (集中授权) it says the
materials are returned, and its field ``materials_returned_on_site`` tells which."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from counter_app.domain.catalog import Escalation
from counter_app.domain.case_engine import CaseState
from counter_app.printing.documents import documents_of_case, render_document
from counter_app.printing.samples import sample_fields, sample_number
from counter_app.printing.templates import render_pdf
from counter_app.workflows import inbox
from counter_app.workflows.accept import Draft, accept_draft
from counter_app.workflows.approvals import ApprovalService
from counter_app.workflows.cases import CaseWorkflow
from counter_protocol import sync as p
from tests.support.approvals import TEST_APPROVAL_KEY
from tests.support.cases import MALE_1960, NOW, pulled_update

OFFICE = {"office": "福田分局", "office_code": "FT", "workstation_id": "FT-W01"}
ON_SITE = "全部申请材料已当场退回"
RETURNED = "根据上述理由，本机构决定不予受理。全部申请材料予以退回。"


def _workflow(store, gated: bool) -> CaseWorkflow:
    return CaseWorkflow(store, actor="clerk01", now=lambda: NOW, clerk_name="张经办",
                        approvals_required={Escalation.rejection} if gated else (), **OFFICE)


def _refused(workflow):
    """A 参保登记 whose applicant is already insured here: the checklist says 不予受理."""
    return accept_draft(workflow, Draft.from_json({
        "service": "reg_enroll", "applicant_type": "individual", "materials": "all",
        "applicant": {"name": "张三", "id_number": MALE_1960, "phone": "13800138000"},
        "conditions": {"not_yet_registered": "已在本市参保"}}))


def _decision(store, cid):
    with store.session() as s:
        [doc] = [d for d in documents_of_case(s, cid) if d.kind.value == "rejection_decision"]
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(render_document(doc))).pages)
    return doc, re.sub(r"\s+", "", text)


def test_decided_by_the_clerk_at_the_window_the_materials_were_returned_on_the_spot(store):
    workflow = _workflow(store, gated=False)
    result = _refused(workflow)
    assert result.state is CaseState.rejected
    doc, text = _decision(store, result.case_id)
    assert doc.fields["materials_returned_on_site"] is True
    assert "本机构决定不予受理。全部申请材料已当场退回。" in text, text


def test_approved_on_site_on_the_clerks_screen_the_materials_were_returned_on_the_spot(store):
    workflow = _workflow(store, gated=True)
    result = _refused(workflow)
    assert result.state is CaseState.review and result.approval_id
    checker = p.UserInfo(username="supervisor01", display_name="李科长", roles=["supervisor"], office_code="FT",
                         approval_level=1)
    approvals = ApprovalService(store, actor="clerk01", names={"clerk01": "张经办"}, **OFFICE)
    approvals.decide_on_site(result.approval_id, checker, approve=True, reason="核实已参保",
                             approval_key=TEST_APPROVAL_KEY)
    assert workflow.get(result.case_id).case.state is CaseState.rejected
    doc, text = _decision(store, result.case_id)
    assert doc.fields["materials_returned_on_site"] is True
    assert ON_SITE in text and "审批人：李科长" in text, text


def test_approved_later_on_the_centre_the_decision_does_not_say_on_the_spot(store):
    """The tester's path: the case waits in 受理审核, supervisor02 approves on the centre
    (counter-app approvals decide --approve), the sync pulls the decision and the document is printed."""
    workflow = _workflow(store, gated=True)
    result = _refused(workflow)
    assert result.state is CaseState.review
    pulled_update(store, 1, result.case_id, {"escalation": "rejection", "decision": "approved", "reason": "同意",
                                             "posted_by": "supervisor02", "posted_by_name": "赵科长",
                                             "maker": "clerk01", "maker_name": "张经办",
                                             "request_id": result.approval_id}, "case.escalation_decision")
    report = inbox.apply_pending(store, actor="clerk01", now=lambda: NOW, **OFFICE)
    assert [a.outcome for a in report.applied] == ["approved"], (report.unapplied, report.failed)
    assert workflow.get(result.case_id).case.state is CaseState.rejected
    doc, text = _decision(store, result.case_id)
    assert doc.fields["materials_returned_on_site"] is False
    assert "当场" not in text, text
    assert RETURNED in text and "审批人：赵科长" in text, text


def test_a_record_issued_before_the_field_renders_as_it_was_issued():
    """Records without the field were all issued with 已当场退回: they render (and verify) as before."""
    kind = "rejection_decision"
    fields = sample_fields(kind)
    assert "materials_returned_on_site" not in fields
    assert "本机构决定不予受理。全部申请材料已当场退回。" in _text(render_pdf(kind, fields, sample_number(kind)))
    later = _text(render_pdf(kind, {**fields, "materials_returned_on_site": False}, sample_number(kind)))
    assert "当场" not in later and RETURNED in later


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))
