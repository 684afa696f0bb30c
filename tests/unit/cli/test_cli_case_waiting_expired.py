"""Tester (supervisor B5): once a request expired, ``case list`` dropped a case in 受理审核 (or kept
saying 等待主管审批 for a held step), and ``case show`` never said where the approval stood."""

from __future__ import annotations

import json
from datetime import timedelta

from counter_app.cli.main import main
from tests.unit.cli.test_cli_approval_request import _import


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _age(request_id: str, hours: int) -> None:
    from counter_app.cli._common import open_store
    from counter_app.storage.tables_approvals import ApprovalRequestRow

    store = open_store()
    try:
        with store.session() as s:
            row = s.get(ApprovalRequestRow, request_id)
            row.made_at = row.made_at - timedelta(hours=hours)
            s.commit()
    finally:
        store.close()


def test_an_expired_request_is_said_in_case_list_and_case_show(app_home, signed_in, tmp_path, capsys):
    case = _import(capsys, tmp_path, conditions={"not_yet_registered": "已在本市参保"})
    code, out, _ = _run(capsys, "case", "show", case["case_no"])
    assert code == 0 and "审批：待审批：不予受理决定" in out, out
    _age(case["approval_id"], 100)                 # past the table's 72 hours
    code, out, _ = _run(capsys, "case", "list")
    [line] = [x for x in out.splitlines() if x.startswith(case["case_no"])]
    assert "已过期" in line and "可重新提出" in line, line
    code, out, _ = _run(capsys, "case", "show", case["case_no"], "--json")
    assert json.loads(out)["approval"].startswith("已过期")
