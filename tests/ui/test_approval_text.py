"""The case's approval in the clerk's language (counter_app.ui.words.approval_text): the workflow
gives the parts as data, the window words them through tr(). Review: the English UI showed
「待审批：不予受理决定（须科长审批）」 and 「已批准：…，审批人 supervisor01：…」 — Chinese sentences with
the supervisor's login id."""

from __future__ import annotations

import re

import pytest

from counter_app.ui.words import approval_text
from counter_app.workflows.approvals import ApprovalStatus
from tests.ui.test_workspace_flows import (Clicks, make_ctx, open_panel)

pytestmark = pytest.mark.timeout(120)
HAN = re.compile(r"[\u4e00-\u9fff]")



def test_each_state_is_worded_in_english(english):
    pending = ApprovalStatus("pending", "rejection", 1, at="2026-03-02T01:00:00", note="申请不予受理决定：已参保")
    assert approval_text(pending) == "Awaiting approval: Non-acceptance decision (to be approved by the Section Chief)"
    approved = ApprovalStatus("approved", "benefit_decision", 2, by="Li Wei", at="2026-03-02T01:30:00", note="OK")
    text = approval_text(approved)
    assert text.startswith("Approved: ") and "Li Wei" in text and "2026-03-02 09:30" in text and text.endswith(": OK")
    assert not HAN.search(text), text
    rejected = approval_text(ApprovalStatus("rejected", "rejection", 1, at="2026-03-02T01:30:00"))
    # no approver known: none is named (the title of the level asked for is no approver's name)
    assert rejected.startswith("Rejected: ") and "Section Chief" not in rejected and not HAN.search(rejected)
    named = approval_text(ApprovalStatus("rejected", "rejection", 1, by="Li Wei", at="2026-03-02T01:30:00"))
    assert named.startswith("Rejected: ") and "Li Wei" in named and not HAN.search(named), named
    for state in ("expired", "withdrawn"):
        assert not HAN.search(approval_text(ApprovalStatus(state, "reprint", 1))), state
    assert approval_text(None) == ""


def test_chinese_is_the_default(qapp):
    text = approval_text(ApprovalStatus("approved", "rejection", 1, by="李科长", at="2026-03-02T01:30:00", note="核实"))
    assert text == "已批准：不予受理决定，审批人 李科长（2026-03-02 09:30）：核实"


def test_the_english_window_words_the_approval_and_names_the_supervisor(qtbot, app_home, store, english):
    from tests.ui.test_workspace_outcomes import approve_refusal_on_site, refuse_enrolment

    ctx = make_ctx(store)
    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    refuse_enrolment(qtbot, panel, clicks)
    assert panel.last_message.startswith("Awaiting approval: "), panel.last_message
    assert "待审批" not in panel.last_message
    # the same screen: the outcome line under the checklist reads English (domain.case_text's heads)
    assert panel.outcome_label.text().startswith("Review result: not accepted"), panel.outcome_label.text()
    approve_refusal_on_site(qtbot, panel, ctx)
    panel._centre_updated(panel.case_view.case.id)        # the reload names the latest approval
    qtbot.waitUntil(lambda: not panel.busy and "Approved: " in panel.last_message, timeout=10000)
    assert "李科长" in panel.last_message and "supervisor01" not in panel.last_message, panel.last_message
    assert "已批准" not in panel.last_message and "审批人" not in panel.last_message
