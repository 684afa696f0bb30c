"""重复受理 across workstations, end to end: two windows of one office against one centre
(PostgreSQL). Online, the second window's 受理审核 is refused naming the first case, its office,
workstation and state; offline, the second case is taken (local check only, audited), and when it
syncs the centre keeps it, lists the 重复受理 for supervisors and both windows show it, until the
first case is 办结 and 归档."""

from __future__ import annotations

import json
import random
import shutil
import socket
import uuid

import pytest

from counter_app.domain.case_engine import CaseState, TransitionRefused
from counter_app.storage.db import Store
from counter_app.sync.auth import AuthManager
from counter_app.sync.client import CentralClient
from counter_app.workflows.cases import CaseWorkflow
from counter_app.workflows.inbox import centre_updates, duplicate_flag
from counter_app.workflows.records import RecordService
from tests.support.cases import man_born_like, ready_case, settings_for
from tests.support.central import DEMO_PASSWORDS

pytestmark = pytest.mark.integration

# people no other test uses: men born 1957-04-09 in 南山 (440305), one per test run
_BASE = "44030519570409001X"


class Window:
    """A workstation of office FT signed in as ``user`` (a counter login: the two windows' users
    differ, as their tokens share this test's keyring), its case workflow asking the centre at
    ``url`` (the registry and the open-case check); ``check_url`` another address: offline."""

    def __init__(self, template, tmp_path, url: str, user: str, *, check_url: str | None = None):
        self.ws = f"SC-{uuid.uuid4().hex[:8]}"
        path = tmp_path / f"{self.ws}.sqlite3"
        shutil.copyfile(template, path)
        self.store = Store.open(path)
        self.settings = settings_for(url, self.ws)
        self.auth = AuthManager(self.store, self.settings)
        self.auth.login(user, DEMO_PASSWORDS[user])
        ask = check_url or url
        records = RecordService(self.store, lambda: CentralClient(ask, timeout=2, tokens=self.auth.tokens(user)),
                                who=lambda: (user, self.ws))
        self.cases = CaseWorkflow(self.store, actor=user, office="福田分局", office_code="FT", workstation_id=self.ws,
                                  records=records)

    def sync(self):
        from counter_app.cli.sync import _one_round

        report = _one_round(self.settings, self.store, self.auth, 50)
        assert report.error is None, report.error
        return report

    def audit(self, action: str) -> list[str]:
        from sqlalchemy import text

        with self.store.session() as s:
            return [d for (d,) in s.execute(text("SELECT detail FROM audit_records WHERE action = :a"), {"a": action})]

    def close(self):
        self.store.close()


@pytest.fixture
def windows(_migrated_template, tmp_path, central_server, app_home):
    made: list[Window] = []

    def make(user: str, **kw) -> Window:
        w = Window(_migrated_template, tmp_path, central_server.url, user, **kw)
        made.append(w)
        return w

    yield make
    for w in made:
        w.close()


def _person() -> dict:
    return {"name": "李四", "id_number": man_born_like(_BASE, random.randint(1, 499)), "phone": "13800138000"}


def _duplicates(central_server, capsys, *args: str) -> list[dict]:
    from counter_central.cli import main

    capsys.readouterr()
    assert main(["cases", "duplicates", "--db", central_server.db_url, "--by", "supervisor01", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_online_the_second_window_is_refused_naming_the_first_case(windows):
    a, b = windows("clerk01"), windows("supervisor02")
    person = _person()
    first = ready_case(a.cases, "reg_enroll", applicant=person)
    first_no = a.cases.get(first).case.case_no
    a.sync()
    view = b.cases.create("reg_enroll", "individual", applicant=person)
    with pytest.raises(TransitionRefused) as refused:
        b.cases.submit(view.case.id)
    reason = refused.value.reason
    assert reason.code == "duplicate_case_elsewhere"
    assert f"已有「参保登记」办件 {first_no}（受理审核），在分局 FT 工作站 {a.ws} 办理，不能重复受理" in reason
    assert person["id_number"] not in reason
    assert b.cases.get(view.case.id).case.state is CaseState.draft          # nothing written
    assert b.audit("case.duplicate_check_offline") == []


def test_offline_a_second_case_is_taken_then_flagged_at_both_windows_until_one_is_archived(
        windows, central_server, capsys, request):
    a = windows("clerk01")
    # the centre out of reach when it asks: a port held bound and never listened on refuses every
    # connection, and nothing else can take it meanwhile (a free port let go could be, under load)
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    request.addfinalizer(closed.close)
    b = windows("supervisor02", check_url=f"http://127.0.0.1:{closed.getsockname()[1]}")
    person = _person()
    first = ready_case(a.cases, "reg_enroll", applicant=person)
    first_no = a.cases.get(first).case.case_no
    a.sync()
    second = ready_case(b.cases, "reg_enroll", applicant=person)     # the offline rule: the local check only
    second_no = b.cases.get(second).case.case_no
    assert b.cases.get(second).case.state is CaseState.review
    [note] = b.audit("case.duplicate_check_offline")
    assert "未能向中心查重" in note and "仅按本机办件检查" in note

    report = b.sync()
    assert report.rejected == 0 and report.conflict == 0                # the centre kept the entry
    mine = [d for d in _duplicates(central_server, capsys) if d["case"]["case_no"] == second_no]
    assert len(mine) == 1 and mine[0]["other_case"]["case_no"] == first_no
    assert (mine[0]["case"]["workstation_id"], mine[0]["other_case"]["workstation_id"]) == (b.ws, a.ws)
    assert person["id_number"] not in json.dumps(mine)
    flag = duplicate_flag(b.store, second)
    assert flag.startswith("中心发现重复受理：") and first_no in flag and a.ws in flag
    from counter_app.workflows.case_queries import case_details

    assert case_details(b.store, second_no)["duplicate"] == flag          # `case show` and its --json say it too
    a.sync()
    assert second_no in duplicate_flag(a.store, first)

    # the first case goes its way: 受理, 办结, 归档 — it no longer stands beside the second
    a.cases.decide(first, expected="accepted")
    while (view := a.cases.get(first)).next_step:
        a.cases.record_step(first, view.next_step, "done")
    a.cases.complete(first)
    a.cases.archive(first)
    a.sync()
    assert [d for d in _duplicates(central_server, capsys) if d["case"]["case_no"] == second_no] == []
    [done] = [d for d in _duplicates(central_server, capsys, "--all") if d["case"]["case_no"] == second_no]
    assert done["resolved_at"]
    b.sync()
    assert duplicate_flag(b.store, second) == "" and duplicate_flag(a.store, first) == ""
    assert case_details(b.store, second_no)["duplicate"] == ""
    assert [u["outcome"] for u in centre_updates(b.store, second)] == ["duplicate_found", "duplicate_resolved"]


def test_the_app_s_own_case_workflow_asks_the_centre(windows):
    """The case workflow the window and the CLI use (app_context.case_workflow), not one a test wires:
    signed in online, its 受理审核 asks the centre and is refused naming the other window's case."""
    from counter_app.app_context import AppContext, UserSession, case_workflow
    from counter_app.paths import app_paths

    a, b = windows("clerk01"), windows("supervisor02")
    person = _person()
    first = ready_case(a.cases, "reg_enroll", applicant=person)
    first_no = a.cases.get(first).case.case_no
    a.sync()
    ctx = AppContext(settings=b.settings, paths=app_paths().ensure(), store=b.store,
                     user=UserSession("supervisor02", "科长02", "supervisor", online=True, roles=("supervisor", "clerk")))
    cases = case_workflow(ctx)
    view = cases.create("reg_enroll", "individual", applicant=person)
    with pytest.raises(TransitionRefused) as refused:
        cases.submit(view.case.id)
    assert refused.value.reason.code == "duplicate_case_elsewhere" and first_no in refused.value.reason
    assert cases.get(view.case.id).case.state is CaseState.draft
