"""A store restored from a backup, or a new machine given an earlier one's 工作站编号, never issues a
case number (办件编号) again: the centre keeps the highest case number it accepted per workstation
and day (beside the 文号 floors) and sends it at every pull; the sync round raises the counter's
sequence of that day to it, so the next case continues after it. The format stays as it was.

Before: the restored FT-W01 issued FT-W01-20261205-0002 a second time (the centre then held two
case ids with that number). Real central service (PostgreSQL), the round of ``counter-app sync run``.
"""

from __future__ import annotations

import shutil
import uuid
from datetime import datetime

import pytest

from counter_app.cli.sync import _one_round
from counter_app.storage.db import Store, backup_file
from counter_app.sync.auth import AuthManager
from counter_app.workflows.cases import CaseWorkflow
from tests.support.cases import MALE_1960, settings_for

pytestmark = pytest.mark.integration

NOW = datetime(2026, 12, 5, 10, 0)


def new_case(store: Store, ws: str) -> str:
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id=ws,
                            now=lambda: NOW)
    return workflow.create("reg_enroll", "individual",
                           applicant={"name": "李四", "id_number": MALE_1960}).case.case_no


def sync(store: Store, settings):
    report = _one_round(settings, store, AuthManager(store, settings), 50)
    assert report.error is None and report.online, report.error
    return report


def test_a_restored_store_continues_after_the_centres_case_numbers(app_home, store, central_server, tmp_path):
    ws = f"CN-{uuid.uuid4().hex[:8]}"
    settings = settings_for(central_server.url, ws)
    AuthManager(store, settings).login("clerk01", "clerk01-demo")
    first = new_case(store, ws)
    assert first == f"{ws}-20261205-0001"
    report = sync(store, settings)
    assert f"{ws}-20261205-0001" in report.number_floors and report.case_number_floors_raised == 0
    backup = backup_file(store.path)
    second = new_case(store, ws)
    assert second == f"{ws}-20261205-0002"
    assert f"{ws}-20261205-0002" in sync(store, settings).number_floors

    path = tmp_path / "restored.sqlite3"
    shutil.copyfile(backup, path)
    back = Store.open(path)
    try:
        report = sync(back, settings)
        assert report.case_number_floors_raised == 1
        from counter_app.cli.sync import report_lines
        assert any(line.startswith("办件编号已按中心记录接续") for line in report_lines(report))
        third = new_case(back, ws)
        assert third == f"{ws}-20261205-0003"                 # not 0002 again
        again = sync(back, settings)
        assert again.case_number_floors_raised == 0 and f"{ws}-20261205-0003" in again.number_floors
    finally:
        back.close()


def test_a_new_machine_with_the_same_number_continues_after_a_sync(app_home, store, central_server, tmp_path,
                                                                   _migrated_template):
    ws = f"CN-{uuid.uuid4().hex[:8]}"
    settings = settings_for(central_server.url, ws)
    AuthManager(store, settings).login("clerk01", "clerk01-demo")
    old = [new_case(store, ws) for _ in range(3)]
    sync(store, settings)
    path = tmp_path / "new-machine.sqlite3"
    shutil.copyfile(_migrated_template, path)
    fresh = Store.open(path)
    try:
        AuthManager(fresh, settings).login("clerk01", "clerk01-demo")
        assert sync(fresh, settings).case_number_floors_raised == 1
        assert new_case(fresh, ws) == f"{ws}-20261205-0004" and old[-1] == f"{ws}-20261205-0003"
        other = settings_for(central_server.url, f"CN-{uuid.uuid4().hex[:8]}")
        AuthManager(fresh, other).login("clerk01", "clerk01-demo")
        report = sync(fresh, other)
        assert not any(n.startswith(ws) for n in report.number_floors)   # another workstation gets none of these
    finally:
        fresh.close()


def test_a_new_machine_learns_the_floors_at_sign_in(app_home, store, central_server, tmp_path, _migrated_template):
    """The tester's second route: a fresh machine configured as the workstation signs in and imports a
    case before any sync round. The online sign-in (`counter-app login`, the window's login dialog)
    fetches the floors, so the first case continues after the centre's numbers."""
    from counter_app.workflows.number_floors import refresh_number_floors

    ws = f"CN-{uuid.uuid4().hex[:8]}"
    settings = settings_for(central_server.url, ws)
    AuthManager(store, settings).login("clerk01", "clerk01-demo")
    old = [new_case(store, ws) for _ in range(2)]
    sync(store, settings)
    path = tmp_path / "new-machine.sqlite3"
    shutil.copyfile(_migrated_template, path)
    fresh = Store.open(path)
    try:
        auth = AuthManager(fresh, settings)
        assert auth.login("clerk01", "clerk01-demo").mode == "online"
        assert refresh_number_floors(auth, "clerk01") == 1
        assert new_case(fresh, ws) == f"{ws}-20261205-0003" and old[-1] == f"{ws}-20261205-0002"
    finally:
        fresh.close()
