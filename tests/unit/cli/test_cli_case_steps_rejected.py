"""Tester (supervisor B10): ``counter-app case steps`` on a 不予受理 case listed its handling steps as
[待办理] next to "接下来：case archive" — steps that will never happen. They are 不适用, as the
window's steps list says (counter_app.domain.case_engine.ended_unaccepted, one rule for both)."""

from __future__ import annotations

import json

from counter_app.cli.main import main
from counter_protocol import sync as p
from tests.support.approvals import TEST_APPROVAL_KEY
from tests.unit.cli.test_cli_approval_request import _import


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_steps_of_a_rejected_case_are_not_applicable(app_home, signed_in, tmp_path, capsys):
    from counter_app.cli._common import open_store
    from counter_app.workflows.approvals import ApprovalService

    case = _import(capsys, tmp_path, conditions={"not_yet_registered": "已在本市参保"})
    store = open_store()
    try:
        director = p.UserInfo(username="director01", display_name="中心主任01", roles=["supervisor"],
                              office_code="FT", approval_level=2)
        ApprovalService(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01").decide_on_site(
            case["approval_id"], director, approve=True, reason="核实已参保", approval_key=TEST_APPROVAL_KEY)
    finally:
        store.close()
    code, out, _ = _run(capsys, "case", "steps", case["case_no"], "--json")
    assert code == 0, out
    got = json.loads(out)
    assert got["state"] == "rejected" and got["steps"]
    assert {s["status"] for s in got["steps"]} == {"not_applicable"}
    code, out, _ = _run(capsys, "case", "steps", case["case_no"])
    assert "[待办理]" not in out and "[不适用]" in out
