"""The case's approval as data (workflows.approvals.latest_approval / held_approvals): state, approval
point, grade, who by display name, when, note — worded by each front end (the window through tr(),
the CLI in Chinese by status_text). Review: the 待审批/已批准 texts were Chinese sentences built in the
workflow with the supervisor's login id, shown as they were in the English UI."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime

from counter_app.storage.tables_sync import OfflineCredential
from counter_app.workflows.accept import act_and_close
from counter_app.workflows.approvals import (ApprovalStatus, approval_status, held_approvals, latest_approval,
                                             status_text)
from tests.support.approvals import TEST_APPROVAL_KEY
from tests.unit.workflows.test_benefit_approval import _approvals, _at_decision, _pension, _sup


def _known_here(store, username: str, display_name: str) -> None:
    """The account as its last online sign-in on this workstation left it (only what is shown)."""
    with store.session() as s:
        s.add(OfflineCredential(username=username, verifier="-", central_url="-", last_online_login_at=datetime(2026, 3, 1),
                                user_json=_sup(username).model_copy(update={"display_name": display_name})
                                .model_dump_json()))
        s.commit()


def _pending(store):
    workflow, cid = _at_decision(store)
    done = act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done",
                                                                 data={"pension": _pension("2025-06")}))
    assert done.approval_id
    return workflow, cid, done.approval_id


def test_a_pending_request_is_data_and_its_held_step_too(store):
    _workflow, cid, _rid = _pending(store)
    status = latest_approval(store, cid)
    assert isinstance(status, ApprovalStatus)
    assert (status.state, status.action, status.required_level, status.by) == ("pending", "benefit_decision", 1, "")
    assert status.at and "补发 9 个月" in status.note                       # the request's summary
    assert held_approvals(store, cid) == {"decision": status}
    assert approval_status(store, cid) == "待审批：待遇核定（补发或金额超过限额）（须科长审批）"


def test_the_supervisor_is_named_by_display_name_never_by_login_id(store):
    _workflow, cid, rid = _pending(store)
    _known_here(store, "supervisor01", "李科长")
    _approvals(store).decide_on_site(rid, _sup(), approve=True, reason="补发核实无误", approval_key=TEST_APPROVAL_KEY)
    status = latest_approval(store, cid)
    assert (status.state, status.by, status.note) == ("approved", "李科长", "补发核实无误")
    assert status.at and status.at.startswith("20")
    text = status_text(status)                  # the CLI's Chinese wording
    assert text.startswith("已批准：待遇核定") and "李科长" in text and "补发核实无误" in text
    assert "supervisor01" not in text and "supervisor01" not in repr(status)


def test_a_supervisor_unknown_here_is_not_named_at_all(store):
    """Not by a title guessed from the level the request needed: a tester's director showed as 科长."""
    _workflow, cid, rid = _pending(store)
    _approvals(store).decide_on_site(rid, _sup(), approve=False, reason="补发起始月有误", approval_key=TEST_APPROVAL_KEY)
    status = latest_approval(store, cid)
    assert (status.state, status.by) == ("rejected", "")
    text = approval_status(store, cid)
    assert text.startswith("已驳回：待遇核定") and "审批人" not in text and "科长" not in text, text
    assert "supervisor01" not in text


def test_a_directors_decision_from_the_centre_names_the_director(store):
    """The tester's case: 中心主任01 approved at the centre a request a 科长 could decide; the status read
    「审批人 科长（…）」. The name is the centre's (posted_by_name), else the local user store's."""
    from tests.support.cases import NOW, pulled_update
    from counter_app.workflows import inbox

    _workflow, cid, rid = _pending(store)
    details = _approvals(store).get(rid)["details"]
    pulled_update(store, 1, cid, {"escalation": "benefit_decision", "decision": "approved", "reason": "同意",
                                  "posted_by": "director01", "posted_by_name": "中心主任01",
                                  "maker": "clerk01", "maker_name": "窗口经办员01", "request_id": rid,
                                  **{k: details[k] for k in ("step_code", "result", "data")}},
                  "case.escalation_decision")
    inbox.apply_pending(store, actor="clerk01", now=lambda: NOW, office="福田分局", office_code="FT",
                        workstation_id="FT-W01")
    from counter_app.workflows.approvals import store_remote
    from counter_protocol import approvals as ap

    row = _approvals(store).get(rid)
    store_remote(store, ap.ApprovalRequest.model_validate({**row, "state": "approved", "checker": "director01",
                                                          "decided_at": NOW.isoformat(), "mode": "remote",
                                                          "reason": "同意"}, extra="ignore"))
    status = latest_approval(store, cid)
    assert status.by == "中心主任01"
    text = approval_status(store, cid)
    assert "审批人 中心主任01" in text and "科长" not in text.split("审批人", 1)[1], text


def test_no_approval_is_none():
    assert status_text(None) == ""


def test_the_workflow_does_not_import_qt():
    code = ("import sys, counter_app.workflows.approvals\n"
            "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
