"""The office dashboard at the centre against a known day (issue 14), end to end on PostgreSQL:
what the office's counters pushed, counted as the counter counts its own (counter_protocol.dashboard):
cases by state / service / clerk, ratings, overdue against the 办理时限 in working days with the 2026
holiday calendar. Only the office's supervisors and auditors read it; no personal data in it."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from counter_app.sync.client import RequestRejected
from counter_app.workflows.cases import CaseWorkflow
from tests.integration.test_approvals import _cli, _cli_home, rig  # noqa: F401  (the fixture)
from tests.support.cases import MALE_1960, man_born_1960, ready_case
from tests.support.central import login_client

pytestmark = pytest.mark.integration
DAY = "2026-11-05"


def _known_day(w) -> dict[str, str]:
    clock = [datetime(2026, 9, 30, 10, 0)]
    workflow = CaseWorkflow(w.store, actor=w.user, office="福田分局", office_code="FT", workstation_id=w.ws,
                      now=lambda: clock[0])
    transfer = ready_case(workflow, "transfer_out")
    workflow.decide(transfer, expected="accepted")                 # 15 working days → due 2026-10-27
    clock[0] = datetime(2026, 11, 4, 9, 0)
    instant = ready_case(workflow, "reg_enroll")
    workflow.decide(instant, expected="accepted")                  # 即时办结, left open → due 2026-11-04
    clock[0] = datetime(2026, 11, 5, 9, 0)
    done = ready_case(workflow, "reg_enroll", applicant={"name": "张三", "id_number": man_born_1960(2)})  # another person
    workflow.decide(done, expected="accepted")
    for step in workflow.get(done).service.plan("individual", ()).steps:
        workflow.record_step(done, step.code)
    workflow.complete(done)
    workflow.rate(done, 2, "服务态度")
    return {k: workflow.get(v).case.case_no for k, v in (("transfer", transfer), ("instant", instant), ("done", done))}


def test_the_centres_aggregates_of_a_known_day(rig, central_server, tmp_path):  # noqa: F811
    a = rig("clerk01", "clerk01-demo")
    nos = _known_day(a)
    a.sync()

    c = login_client(central_server.url, "supervisor01")
    try:
        dash = c.office_dashboard("FT", DAY)
    finally:
        c.close()
    assert dash.office_code == "FT" and dash.day == DAY
    assert dash.total == 1 and dash.by_clerk == {"clerk01": 1} and dash.by_service == {"reg_enroll": 1}
    assert dash.by_state == {"completed": 1} and dash.ratings == {2: 1} and dash.dissatisfied == 1
    late = {o.case_no: o for o in dash.overdue}
    assert late[nos["transfer"]].due == "2026-10-27" and late[nos["transfer"]].working_days_late == 7
    assert late[nos["instant"]].due == "2026-11-04" and late[nos["instant"]].working_days_late == 1
    assert late[nos["instant"]].clause == "6.1.1.2.3" and late[nos["instant"]].time_limit == "即时办结"
    assert nos["done"] not in late and dash.finished_late == 0
    text = dash.model_dump_json()
    assert "张三" not in text and MALE_1960 not in text                 # no personal data

    for user, match in (("clerk01", "没有权限"), ("supervisor11", "本分局"), ("field01", "没有权限")):
        c = login_client(central_server.url, user)
        try:
            with pytest.raises(RequestRejected, match=match):
                c.office_dashboard("FT", DAY)
        finally:
            c.close()
    aud = login_client(central_server.url, "auditor01")
    try:
        assert aud.office_dashboard("FT", DAY).total == 1                # the auditor reads it
    finally:
        aud.close()

    # counter-app approvals dashboard: this workstation's figures, and the centre's when online
    home = _cli_home(tmp_path, central_server.url, "supervisor01")
    code, out, err = _cli(home, "approvals", "dashboard", "--date", DAY, "--json")
    assert code == 0, err
    assert out["total"] == 0 and out["centre"]["total"] == 1 and out["centre"]["office_code"] == "FT"
    code, _, err = _cli(home, "approvals", "dashboard", "--date", "11/05")
    assert code == 2 and "Traceback" not in err
    code, _, _ = _cli(home, "approvals", "dashboard", "--date", DAY)
    assert code == 0
    assert json.dumps(out, ensure_ascii=False).count("working_days_late") >= 2
