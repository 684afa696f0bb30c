"""``counter-app approvals dashboard`` (科长的一天) reads the store only for a signed-in 科长 or 审计
(an offline login too), as the centre's dashboard admits only them: nobody signed in is refused
as ``case list`` refuses, a clerk is refused (their own cases are in ``case list``) — exit 1, the
Chinese reason, no figures. Without ``--date`` the day is today in Beijing, not the machine's date."""

from __future__ import annotations

import json
from datetime import date

import pytest

from counter_app.cli.main import main
from tests.unit.cli.test_cli_action_roles import _as

pytestmark = pytest.mark.timeout(120)


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_nobody_signed_in_is_refused_as_case_list_refuses(app_home, capsys):
    code, out, err = _run(capsys, "approvals", "dashboard", "--date", "2026-12-03")
    assert code == 1 and out == "" and err.strip() == "未登录：请先用 counter-app login 登录，再查看当日情况", err
    code, out, _ = _run(capsys, "approvals", "dashboard", "--json")
    assert code == 1 and json.loads(out) == {"error": "未登录：请先用 counter-app login 登录，再查看当日情况"}


def test_a_clerk_is_refused_and_a_supervisor_and_an_auditor_see_the_day(app_home, capsys):
    _as("clerk01", ["clerk"])
    code, out, err = _run(capsys, "approvals", "dashboard", "--date", "2026-12-03")
    assert code == 1 and out == "" and "只有科长（负责人）或审计人员可以查看本分局的当日情况" in err, (out, err)
    for who, roles in (("supervisor01", ["supervisor"]), ("auditor01", ["auditor"])):
        _as(who, roles)
        code, out, err = _run(capsys, "approvals", "dashboard", "--date", "2026-12-03", "--json")
        assert code == 0 and json.loads(out)["day"] == "2026-12-03", (who, err)


def test_without_a_date_the_day_is_today_in_beijing(app_home, capsys, monkeypatch):
    from counter_app.workflows import case_queries

    _as("supervisor01", ["supervisor"])
    monkeypatch.setattr(case_queries, "beijing_today", lambda: date(2026, 12, 4))    # the office's clock
    code, out, err = _run(capsys, "approvals", "dashboard", "--json")
    assert code == 0 and json.loads(out)["day"] == "2026-12-04", err
