"""What a supervisor deciding remotely (集中授权) reads of a request: the maker's 申请说明 (``counter-app
approvals request --reason``) is in the request's summary — the 摘要 column and ``approvals list`` —
and in the 审批 tab's detail, not only in the stored details; the CLI's answer to a decision reads
「已批准：…」, not 「已已批准」; a negative 补发月数 is refused before anything is asked."""

from __future__ import annotations

import pytest

from counter_app.cli.approvals import decided_line
from counter_app.reference.authorisation import default_authorisation
from counter_app.ui.approvals_panel import detail_html
from counter_app.workflows.approvals import ApprovalService
from tests.support.cases import NOW, clerk_service, ready_case

NOTE = "参保人已出国定居，本人书面申请注销"


def _request(store):
    workflow = clerk_service(store)
    cid = ready_case(workflow, "reg_cancel", variants=("person.voluntary",))   # a 注销: its point
    approvals = ApprovalService(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                                authorisation=default_authorisation, today=lambda: NOW.date())
    return approvals.request(cid, "reg_cancel", details={"note": NOTE})


def test_the_makers_note_is_in_the_summary_and_the_detail(store):
    made = _request(store)
    assert made["summary"].endswith("申请注销参保：" + NOTE)
    assert "申请说明" in detail_html(made) and NOTE in detail_html(made)


def test_the_decision_line_says_the_state_once(store):
    made = dict(_request(store), state="approved", state_name="已批准", checker="supervisor01", reason="核实无误")
    line = decided_line(made)
    assert line.startswith("已批准：") and "已已" not in line


def test_a_negative_back_pay_month_count_is_refused_by_the_parser():
    import argparse

    from counter_app.cli import approvals

    parser = argparse.ArgumentParser()
    approvals.register(parser.add_subparsers())
    with pytest.raises(SystemExit):
        parser.parse_args(["approvals", "request", "C1", "--action", "benefit_decision", "--back-pay-months", "-5"])
    ok = parser.parse_args(["approvals", "request", "C1", "--action", "benefit_decision", "--back-pay-months", "30"])
    assert ok.back_pay_months == 30


def test_times_shown_to_the_supervisor_are_beijing_times(store):
    """as_dict keeps ISO UTC (made_at, decided_at); what a supervisor reads — the 审批 tab's detail
    and ``approvals list`` — is the Beijing time, said so (a request made at 08:10 in the morning
    was shown as 00:10, in the list without saying UTC)."""
    from counter_app.cli.approvals import _human

    made = dict(_request(store), made_at="2026-03-02T00:10:05", state="approved", state_name="已批准",
                checker="supervisor01", reason="核实无误", decided_at="2026-03-02T01:00:00")
    shown = detail_html(made)
    assert "2026-03-02 08:10（北京时间）" in shown and "2026-03-02 09:00" in shown and "T00:10" not in shown
    line = _human(made)
    assert "2026-03-02 08:10" in line and "T00:10" not in line


def test_the_panels_line_after_a_decision_says_the_state_once(store):
    from counter_app.ui.approvals_panel import decided_text

    made = dict(_request(store), state="rejected", state_name="已驳回")
    assert decided_text(made) == "已驳回：" + made["case_no"]
