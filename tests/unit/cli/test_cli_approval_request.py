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
    # 补打 names an issued 决定书 of the case: a 受理告知书 needs no approval, an unknown one is said
    code, out, _ = _run(capsys, "approvals", "request", accepted["case_id"], "--action", "reprint",
                        "--document", accepted["documents"][0], "--reason", "原件遗失", "--json")
    assert code == 1 and "不是决定书" in json.loads(out)["error"]
    code, out, _ = _run(capsys, "approvals", "request", accepted["case_id"], "--action", "reprint",
                        "--document", "acceptance_notice", "--json")
    assert code == 1 and "没有已出具的文书" in json.loads(out)["error"]


def _decided_pension() -> tuple[str, dict]:
    """A 基本养老金核定 decided within the parameters on this workstation: its 核准决定书 issued."""
    from counter_app.cli._common import open_store
    from counter_app.workflows.accept import act_and_close
    from tests.unit.workflows.test_benefit_approval import _at_decision, _pension

    store = open_store()
    try:
        workflow, cid = _at_decision(store)
        act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done",
                                                              data={"pension": _pension("2025-09")}))
        [doc] = [d for d in workflow.documents(cid) if d["kind"] == "pension_approval_decision"]
        return cid, doc
    finally:
        store.close()


def test_a_reprint_request_names_the_decision_by_its_number(app_home, signed_in, capsys):
    cid, doc = _decided_pension()
    code, out, err = _run(capsys, "approvals", "request", cid, "--action", "reprint", "--document", doc["number"],
                          "--reason", "原件遗失", "--json")
    assert code == 0, err or out
    made = json.loads(out)
    assert made["details"]["document_id"] == doc["issued_id"]        # what the reprint guard counts
    assert "深圳市企业职工养老保险金核准决定书" in made["summary"] and doc["number"] in made["summary"]
    assert "原件遗失" in made["summary"]
    # the supervisor's preview shows that very document, with the people it names (supervisor B4)
    assert made["details"]["document"] == {"title": "深圳市企业职工养老保险金核准决定书", "number": doc["number"],
                                           "clerk": doc["fields"]["clerk"], "approver": doc["fields"].get("approver", "")}


def test_every_decision_document_needs_an_approved_reprint():
    """补打决定书: the 病残津贴 and 丧葬补助金、抚恤金核准决定书 are 决定书 as much as the pension's."""
    from counter_app.workflows.approvals import DECISION_DOCUMENTS

    assert {"disability_allowance_decision", "death_benefit_decision", "pension_approval_decision",
            "rejection_decision"} <= DECISION_DOCUMENTS
    assert "acceptance_notice" not in DECISION_DOCUMENTS


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
    cid, doc = _decided_pension()
    code, out, err = _run(capsys, "approvals", "request", cid, "--action", "reprint",
                          "--document", doc["number"], "--reason", "申请人原件遗失，要求补打", "--json")
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
