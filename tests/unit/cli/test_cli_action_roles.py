"""7.3.2 明确各岗位经办权限 on the command line: the commands ask the workflows' one check, so an
auditor signed in at a counter is refused printing, an approval request and a complaint ticket —
exit 1, the Chinese reason, nothing queued, the attempt audited — while a clerk still prints."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from counter_app.cli.main import main

pytestmark = pytest.mark.timeout(120)


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _as(username: str, roles: list[str]) -> None:
    """``username`` with ``roles`` signed in on this workstation, as a login leaves it."""
    from counter_app.cli._common import load_cli_settings, open_store
    from counter_app.sync.auth import AuthManager
    from counter_protocol import sync as p
    from tests.conftest import sign_in

    store = open_store()
    try:
        AuthManager(store, load_cli_settings())._remember(
            username, f"{username}-demo", p.UserInfo(username=username, display_name=username, roles=roles,
                                                     office_code="FT"))
    finally:
        store.close()
    sign_in(username)


def _counts() -> tuple[int, int, int]:
    """(print jobs, outbox entries, business.refused records) on this workstation."""
    from counter_app.cli._common import open_store
    from counter_app.storage.tables_audit import AuditRow
    from counter_app.storage.tables_core import OutboxEntry
    from counter_app.storage.tables_printing import PrintJob

    store = open_store()
    try:
        with store.session() as s:
            return (s.scalar(select(func.count()).select_from(PrintJob)) or 0,
                    s.scalar(select(func.count()).select_from(OutboxEntry)) or 0,
                    s.scalar(select(func.count()).select_from(AuditRow).where(AuditRow.action == "business.refused"))
                    or 0)
    finally:
        store.close()


def _pdf(tmp_path):
    path = tmp_path / "notice.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    return path


def test_an_auditor_is_refused_printing_a_file_and_a_clerk_is_not(app_home, tmp_path, capsys):
    _as("auditor01", ["auditor"])
    code, out, err = _run(capsys, "print", "send", str(_pdf(tmp_path)), "--printer", "nowhere")
    assert code == 1 and "auditor01（auditor（审计））不能打印文书" in err and "Traceback" not in err
    assert _counts() == (0, 0, 1)
    code, out, err = _run(capsys, "print", "queue")           # reading the queue is no printing
    assert code == 0, err
    _as("clerk01", ["clerk"])
    code, out, err = _run(capsys, "print", "send", str(_pdf(tmp_path)), "--printer", "nowhere")
    assert "不能打印文书" not in err and _counts()[0] == 1


def test_an_auditor_is_refused_an_approval_request(app_home, tmp_path, capsys):
    _as("auditor01", ["auditor"])
    code, out, err = _run(capsys, "approvals", "request", "any-case", "--action", "reg_cancel", "--reason", "出国",
                          "--json")
    assert code == 1 and "不能提出审批申请" in json.loads(out)["error"]
    code, out, err = _run(capsys, "approvals", "withdraw", "any-request")
    assert code == 1 and "不能提出审批申请" in err
    assert _counts() == (0, 0, 2)


def test_a_clerk_is_refused_moving_a_complaint_ticket_on(app_home, tmp_path, capsys):
    _as("clerk01", ["clerk"])
    code, out, err = _run(capsys, "complaints", "advance", "T-1", "--note", "已核实")
    assert code == 1 and "只有科长（负责人）可以处理差评工单" in err, err
    assert _counts() == (0, 0, 1)


def test_a_clerk_is_refused_the_list_of_complaint_tickets(app_home, tmp_path, capsys):
    """Review: any clerk listed every ticket, those about their own cases included."""
    _as("clerk01", ["clerk"])
    code, out, err = _run(capsys, "complaints", "list", "--json")
    assert code == 1 and "差评工单只有科长（负责人）和审计人员可以查看" in json.loads(out)["error"], out
    assert _counts() == (0, 0, 1)
    _as("auditor01", ["auditor"])
    code, out, err = _run(capsys, "complaints", "list", "--json")
    assert code == 0 and json.loads(out)["items"] == []
