"""``counter-app approvals request`` by hand: a decision the case engine carries out (不予受理,
改判, 指纹无法采集) is asked for only where the case has such a decision waiting. Review: a
不予受理 and a 改判 requested for a case already accepted were queued, approved by a supervisor,
and then 「未能应用」 at the counter — the supervisor was asked for a decision that could not take effect."""

from __future__ import annotations

import json

from counter_app.cli.main import main

MALE_1960 = "110105196001010017"


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _import(capsys, tmp_path, **extra) -> dict:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"service": "reg_enroll", "applicant_type": "individual",
                                "applicant": {"id_number": MALE_1960, "name": "张三"}, "materials": "all", **extra},
                               ensure_ascii=False), encoding="utf-8")
    code, out, err = _run(capsys, "case", "import", str(path), "--json")
    assert code == 0, err or out
    return json.loads(out)


def test_a_decision_with_nothing_waiting_for_it_is_not_asked_for(app_home, signed_in, tmp_path, capsys):
    accepted = _import(capsys, tmp_path)
    assert accepted["state"] == "accepted"
    for action in ("rejection", "condition_override", "fingerprint_unavailable"):
        code, out, err = _run(capsys, "approvals", "request", accepted["case_id"], "--action", action,
                              "--reason", "测试", "--json")
        assert code == 1, (action, out)
        assert "没有等待" in json.loads(out)["error"] and "已受理" in json.loads(out)["error"], action
    # a recorded authorisation (补打) is still asked for on an accepted case
    code, out, err = _run(capsys, "approvals", "request", accepted["case_id"], "--action", "reprint",
                          "--document", "acceptance_notice", "--reason", "原件遗失", "--json")
    assert code == 0, err or out
    assert json.loads(out)["state"] == "pending"


def test_a_refusal_waiting_in_review_may_still_be_asked_for_again_after_a_withdrawal(app_home, signed_in, tmp_path,
                                                                                     capsys):
    waiting = _import(capsys, tmp_path, conditions={"not_yet_registered": "已在本市参保"})
    assert waiting["approval_id"]
    from counter_app.cli._common import load_cli_settings, open_store
    from counter_app.workflows.approvals import ApprovalService

    store = open_store()
    try:
        s = load_cli_settings()
        service = ApprovalService(store, actor="clerk01", office_code=s.office.code,
                                  workstation_id=s.office.workstation_id)
        assert service.nothing_waits(waiting["case_id"], "rejection") is None     # the 不予受理 waits
        service.withdraw(waiting["approval_id"])
    finally:
        store.close()
    code, out, err = _run(capsys, "approvals", "request", waiting["case_id"], "--action", "rejection",
                          "--reason", "重新申请", "--json")
    assert code == 0, err or out


def test_the_human_list_says_what_is_asked_and_why(app_home, tmp_path, capsys, monkeypatch):
    """A supervisor reading ``approvals list`` without --json saw the action, case and maker but not
    the maker's 申请说明 (the summary): the reason to approve or not."""
    from tests.conftest import sign_in
    from counter_app.cli._common import load_cli_settings, open_store
    from counter_app.sync.auth import AuthManager
    from counter_protocol import sync as p

    sign_in("clerk01")
    accepted = _import(capsys, tmp_path)
    code, out, err = _run(capsys, "approvals", "request", accepted["case_id"], "--action", "reprint",
                          "--document", "acceptance_notice", "--reason", "申请人原件遗失，要求补打", "--json")
    assert code == 0, err or out
    store = open_store()
    try:
        AuthManager(store, load_cli_settings())._remember(
            "supervisor01", "supervisor01-demo", p.UserInfo(username="supervisor01", display_name="科长01",
                                                            roles=["supervisor", "clerk"], office_code="FT",
                                                            approval_level=1))
    finally:
        store.close()
    sign_in("supervisor01")
    code, out, err = _run(capsys, "approvals", "list", "--state", "pending")
    assert code == 0, err
    assert "补打决定书" in out and "申请人原件遗失，要求补打" in out
