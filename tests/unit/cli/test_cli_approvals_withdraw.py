"""Tester (supervisor B3, B8): a clerk could not withdraw an approval request (no command, no
window action) though the centre tells them to ("或先撤回原申请"); and a request raised by hand
named its clerk by login id only. ``counter-app approvals withdraw REQUEST_ID [--reason] [--json]``
(ApprovalService.withdraw: the maker only, audited, queued for the centre as approval.withdrawn)."""

from __future__ import annotations

import json

from counter_app.cli.main import main
from tests.unit.cli.test_cli_approval_request import _import


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _store_rows():
    from counter_app.cli._common import open_store
    from counter_app.storage.audit import AuditRow
    from counter_app.sync.outbox import OutboxRepository

    store = open_store()
    try:
        with store.session() as s:
            audit = [(r.action, r.result, r.detail) for r in s.query(AuditRow).order_by(AuditRow.seq)]
        kinds = [e.kind for e in OutboxRepository(store).list_entries(["pending"], limit=200)]
    finally:
        store.close()
    return audit, kinds


def _remember_clerk():
    """clerk01's online login kept here, as ``counter-app login`` leaves it (its name among it)."""
    from counter_app.cli._common import load_cli_settings, open_store
    from counter_app.sync.auth import AuthManager
    from counter_protocol import sync as p

    store = open_store()
    try:
        AuthManager(store, load_cli_settings())._remember(
            "clerk01", "clerk01-demo", p.UserInfo(username="clerk01", display_name="窗口经办员01", roles=["clerk"],
                                                  office_code="FT"))
    finally:
        store.close()


def test_the_clerk_withdraws_their_request_and_raises_a_new_one(app_home, signed_in, tmp_path, capsys):
    _remember_clerk()
    case = _import(capsys, tmp_path, conditions={"not_yet_registered": "已在本市参保"})
    rid = case["approval_id"]
    assert case["state"] == "review" and rid
    code, out, _ = _run(capsys, "approvals", "withdraw", rid, "--reason", "理由填错", "--json")
    assert code == 0, out
    assert json.loads(out)["state"] == "withdrawn"
    audit, kinds = _store_rows()
    assert ("approval.withdrawn", "ok") in {(a, r) for a, r, _ in audit}
    assert any(a == "approval.withdrawn" and "理由填错" in d for a, _, d in audit)
    assert "approval.withdrawn" in kinds
    code, out, _ = _run(capsys, "approvals", "withdraw", rid, "--json")               # twice: said, audited
    assert code == 1 and "已撤回，不能撤回" in json.loads(out)["error"]
    assert ("approval.withdraw", "refused") in {(a, r) for a, r, _ in _store_rows()[0]}
    # the corrected request, raised by hand, names the clerk by name for the supervisor's queue
    code, out, _ = _run(capsys, "approvals", "request", case["case_id"], "--action", "rejection", "--reason", "已在本市参保",
                        "--json")
    assert code == 0, out
    made = json.loads(out)
    assert made["details"]["maker_name"] == "窗口经办员01" and made["maker_name"] == "窗口经办员01"
    code, out, err = _run(capsys, "approvals", "request", case["case_id"], "--action", "rejection")
    assert code == 1 and "不能重复申请" in out + err


def test_only_the_maker_withdraws(app_home, signed_in, tmp_path, capsys):
    from tests.conftest import sign_in

    rid = _import(capsys, tmp_path, conditions={"not_yet_registered": "已在本市参保"})["approval_id"]
    sign_in("supervisor01")
    code, out, _ = _run(capsys, "approvals", "withdraw", rid, "--json")
    assert code == 1 and json.loads(out)["error"].endswith("只有经办人本人可以撤回审批申请")
