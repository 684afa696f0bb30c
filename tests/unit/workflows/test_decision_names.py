"""A decision a supervisor approved names its 经办人 and 审批人 by name, as every other document names
the clerk (经办人：张经办). Review: the 核准决定书 of an approved decision printed 「经办人：clerk01
审批人：director01」 — the decision was carried out by a case service built for the approval, with
no clerk name, and the approver was the checker's login id. The names come from real data: the
checker who authenticated on site (UserInfo.display_name), the centre's names in its decision
(posted_by_name, maker_name), else the local user store (the account's last online sign-in here);
no name known, the line is left unfilled — never a login id."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from counter_app.printing.documents import documents_of_case, render_document
from counter_app.reference.authorisation import default_authorisation
from counter_app.workflows import inbox
from counter_app.workflows.accept import act_and_close
from counter_app.workflows.approvals import ApprovalService
from tests.support.approvals import TEST_APPROVAL_KEY
from tests.support.cases import NOW, pulled_update
from tests.unit.workflows.test_approval_status_parts import _known_here
from tests.unit.workflows.test_benefit_approval import _at_decision, _pension, _sup

LOGINS = ("clerk01", "supervisor01", "director01")
OFFICE = {"office": "福田分局", "office_code": "FT", "workstation_id": "FT-W01"}     # as the sync agent applies


def _approvals(store, names=None) -> ApprovalService:
    """The approval service as the window builds it (app_context.approval_service): the signed-in
    clerk's name known."""
    return ApprovalService(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                           authorisation=default_authorisation, today=lambda: NOW.date(),
                           names={"clerk01": "张经办"} if names is None else names)


def _held(store):
    """A 待遇核定 over the back-pay parameter: its 核准决定书 waits for a supervisor."""
    workflow, cid = _at_decision(store)
    done = act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done",
                                                                 data={"pension": _pension("2025-06")}))
    assert done.approval_id
    return cid, done.approval_id


def _decision_text(store, cid) -> str:
    """The issued 核准决定书 as printed: its PDF's text, spaces dropped."""
    with store.session() as s:
        [doc] = [d for d in documents_of_case(s, cid) if d.kind.value == "pension_approval_decision"]
    pdf = PdfReader(io.BytesIO(render_document(doc)))
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in pdf.pages))


def _no_login(text: str) -> None:
    for login in LOGINS:
        assert login not in text, login


def test_on_site_the_decision_names_the_clerk_and_the_supervisor_who_authenticated(store):
    cid, rid = _held(store)
    checker = _sup("director01", 2).model_copy(update={"display_name": "王主任"})
    _approvals(store).decide_on_site(rid, checker, approve=True, reason="补发核实无误", approval_key=TEST_APPROVAL_KEY)
    text = _decision_text(store, cid)
    assert "经办人：张经办" in text and "审批人：王主任" in text, text[-200:]
    _no_login(text)


def test_from_the_centre_the_decision_names_whom_the_centre_named(store):
    cid, rid = _held(store)
    details = _approvals(store).get(rid)["details"]
    pulled_update(store, 1, cid, {"escalation": "benefit_decision", "decision": "approved", "reason": "同意",
                                  "posted_by": "supervisor01", "posted_by_name": "李科长",
                                  "maker": "clerk01", "maker_name": "张经办", "request_id": rid,
                                  **{k: details[k] for k in ("step_code", "result", "data")}},
                  "case.escalation_decision")
    # applied by the sync agent, signed in as someone else: the names are the decision's
    report = inbox.apply_pending(store, actor="clerk02", now=lambda: NOW, **OFFICE)
    assert [a.outcome for a in report.applied] == ["approved"], [u.note for u in report.unapplied]
    text = _decision_text(store, cid)
    assert "经办人：张经办" in text and "审批人：李科长" in text, text[-200:]
    _no_login(text)


def test_a_name_the_local_user_store_knows_else_the_line_unfilled(store):
    """An older centre's decision without names: the names the accounts' last online sign-in here
    left; a supervisor never seen here is no login id on the document, the line is left to fill."""
    _known_here(store, "clerk01", "张经办")
    cid, rid = _held(store)
    details = _approvals(store).get(rid)["details"]
    pulled_update(store, 1, cid, {"escalation": "benefit_decision", "decision": "approved", "reason": "同意",
                                  "posted_by": "supervisor01", "maker": "clerk01", "request_id": rid,
                                  **{k: details[k] for k in ("step_code", "result", "data")}},
                  "case.escalation_decision")
    inbox.apply_pending(store, actor="clerk01", now=lambda: NOW, **OFFICE)
    text = _decision_text(store, cid)
    # the 审批人 line left blank to fill by hand (an underline), never 「—」
    assert "经办人：张经办审批人：扫码核验" in text and "审批人：—" not in text, text[-200:]
    _no_login(text)


def test_the_checker_known_here_is_named_too(store):
    _known_here(store, "supervisor01", "李科长")
    cid, rid = _held(store)
    details = _approvals(store).get(rid)["details"]
    pulled_update(store, 1, cid, {"escalation": "benefit_decision", "decision": "approved", "reason": "同意",
                                  "posted_by": "supervisor01", "maker": "clerk01", "request_id": rid,
                                  **{k: details[k] for k in ("step_code", "result", "data")}},
                  "case.escalation_decision")
    inbox.apply_pending(store, actor="clerk01", now=lambda: NOW, **OFFICE)
    text = _decision_text(store, cid)
    assert "审批人：李科长" in text, text[-200:]
    _no_login(text)
