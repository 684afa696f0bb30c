"""A centre decision held because the clerk had withdrawn the request here could only be confirmed in
the window (Ctrl+Shift+W). Headless: ``counter-app approvals held [--json]`` lists them and
``approvals held-resolve REQUEST_ID --carry-out | --keep-withdrawal [--json]`` answers one, through
the window's workflow call (``workflows.inbox.confirm_held``: one transaction, audited). The real
centre, in-process on SQLite."""

from __future__ import annotations

import json

from counter_app.cli.main import main
from counter_app.domain.case_engine import CaseState
from counter_protocol import sync as p


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _held_here(central) -> tuple[str, str]:
    """clerk01's request withdrawn here, approved at the centre first: its decision held (case id, request id)."""
    from counter_app.cli._common import load_cli_settings, open_store
    from counter_app.sync.auth import AuthManager
    from tests.unit.sync.test_withdrawn_then_decided import _withdrawn_then_approved

    store = open_store()
    try:
        AuthManager(store, load_cli_settings())._remember(
            "clerk01", "clerk01-demo", p.UserInfo(username="clerk01", display_name="窗口经办员01", roles=["clerk"],
                                                  office_code="FT"))
        _workflow, cid, rid, _done = _withdrawn_then_approved(store, central)
    finally:
        store.close()
    return cid, rid


def _case_state(cid: str) -> CaseState:
    from counter_app.cli._common import open_store
    from counter_app.workflows.cases import CaseWorkflow

    store = open_store()
    try:
        return CaseWorkflow(store, actor="clerk01", office_code="FT", workstation_id="FT-W01").get(cid).case.state
    finally:
        store.close()


def _audit_actions() -> list[str]:
    from counter_app.cli._common import open_store
    from counter_app.storage.audit import AuditRow

    store = open_store()
    try:
        with store.session() as s:
            return [r.action for r in s.query(AuditRow).order_by(AuditRow.seq)]
    finally:
        store.close()


def test_held_decisions_listed_and_carried_out_without_the_window(app_home, signed_in, central_sqlite_client,
                                                                  capsys):
    cid, rid = _held_here(central_sqlite_client)
    code, out, err = _run(capsys, "approvals", "held", "--json")
    assert code == 0, err or out
    [item] = json.loads(out)["items"]
    assert item["request_id"] == rid and item["case_id"] == cid and item["decision"] == "approved"
    assert item["decided_by_name"] == "中心主任01" and item["case_no"]
    code, out, err = _run(capsys, "approvals", "held")
    assert code == 0 and rid in out and "中心主任01（director01）已批准" in out and "held-resolve" in out, out

    code, out, err = _run(capsys, "approvals", "held-resolve", "no-such-request", "--carry-out")
    assert code == 1 and "没有等待经办人确认的中心决定" in err
    code, out, err = _run(capsys, "approvals", "held-resolve", rid, "--carry-out", "--json")
    assert code == 0, err or out
    done = json.loads(out)
    assert done["resolution"] == "carried_out" and done["outcome"] == "approved", done
    assert _case_state(cid) is CaseState.rejected
    code, out, _ = _run(capsys, "approvals", "held", "--json")
    assert json.loads(out)["items"] == []
    code, out, err = _run(capsys, "approvals", "held-resolve", rid, "--keep-withdrawal")   # answered once
    assert code == 1 and "没有等待经办人确认的中心决定" in err


def test_the_withdrawal_kept_without_the_window(app_home, signed_in, central_sqlite_client, capsys):
    cid, rid = _held_here(central_sqlite_client)
    code, out, err = _run(capsys, "approvals", "held-resolve", rid, "--keep-withdrawal")
    assert code == 0, err or out
    assert "已维持撤回" in out and "重新提出审批申请" in out
    assert _case_state(cid) is CaseState.review
    assert "approval.withdrawal_kept" in _audit_actions()
    code, out, _ = _run(capsys, "approvals", "held")
    assert "等待经办人确认的中心决定：0 件" in out


def test_held_resolve_says_which_answer(app_home, signed_in, capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["approvals", "held-resolve", "x"])
    assert "--carry-out" in capsys.readouterr().err
