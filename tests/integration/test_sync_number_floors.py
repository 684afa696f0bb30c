"""A store restored from a backup never reuses a 文号: the centre tells the counter the highest
numbers it has received, and the sync round raises the counter's series to them.

Real central service (PostgreSQL) and the same round ``counter-app sync run`` / the agent make
(``counter_app.cli.sync._one_round``).
"""

from __future__ import annotations

import shutil
import uuid

import pytest

from counter_app.cli.sync import _one_round
from counter_app.config import Settings
from counter_app.domain.documents import DocumentKind
from counter_protocol.numbers import parse_number
from counter_app.printing.documents import issue_document
from counter_app.printing.samples import sample_fields
from counter_app.storage.db import Store, backup_file
from counter_app.storage.uow import UnitOfWork
from counter_app.sync.auth import AuthManager
from tests.support.cases import settings_for

pytestmark = pytest.mark.integration


def issue(store: Store, ws: str, kind: DocumentKind = DocumentKind.acceptance_notice) -> str:
    fields = sample_fields(kind)
    fields.update(workstation_id=ws, office_code="FT")
    with UnitOfWork(store, actor="clerk01", workstation_id=ws) as uow:
        doc = issue_document(uow, case_id=f"case-{uuid.uuid4().hex[:6]}", kind=kind, fields=fields, clerk="clerk01")
        uow.commit()
    return doc.number


def seq(number: str) -> int:
    return parse_number(number)["seq"]


def sync(store: Store, settings: Settings):
    report = _one_round(settings, store, AuthManager(store, settings), 50)
    assert report.error is None and report.online, report.error
    return report


def test_restored_backup_never_reissues_a_number(app_home, store, central_server, tmp_path):
    ws = f"NF-{uuid.uuid4().hex[:8]}"
    settings = settings_for(central_server.url, ws)
    AuthManager(store, settings).login("clerk01", "clerk01-demo")
    issued = [issue(store, ws), issue(store, ws, DocumentKind.guidance_notice)]
    first = sync(store, settings)
    assert first.synced == 2 and first.number_floors == [issued[-1]]
    assert first.number_floors_raised == 0          # the store is already there

    backup = backup_file(store.path)                # the backup the clerk will restore later
    issued += [issue(store, ws, DocumentKind.rejection_decision), issue(store, ws), issue(store, ws)]
    second = sync(store, settings)
    assert second.synced == 3 and second.number_floors == [issued[-1]]
    assert [seq(n) for n in issued] == [1, 2, 3, 4, 5]

    def restored(name: str) -> Store:
        path = tmp_path / name
        shutil.copyfile(backup, path)
        return Store.open(path)

    # without a sync round the restored store hands out a number that was already printed
    careless = restored("restored-no-sync.sqlite3")
    try:
        repeat = issue(careless, ws)
    finally:
        careless.close()
    assert seq(repeat) == 3 and seq(repeat) <= max(seq(n) for n in issued)

    # with the sync round the floor comes back from the centre first
    back = restored("restored.sqlite3")
    try:
        report = sync(back, settings)
        assert report.number_floors == [issued[-1]] and report.number_floors_raised == 1
        assert report.as_dict()["number_floors_raised"] == 1
        nxt = issue(back, ws)
        assert seq(nxt) > max(seq(n) for n in issued) and nxt not in issued
        again = sync(back, settings)                # idempotent; the new number moved the centre's floor
        assert again.number_floors_raised == 0 and again.number_floors == [nxt]
    finally:
        back.close()


def test_floors_of_other_workstations_and_installs_are_not_ours(app_home, store, central_server, tmp_path,
                                                                _migrated_template):
    ws = f"NF-{uuid.uuid4().hex[:8]}"
    settings = settings_for(central_server.url, ws)
    AuthManager(store, settings).login("clerk01", "clerk01-demo")
    old = [issue(store, ws) for _ in range(4)]
    assert sync(store, settings).synced == 4

    # a reinstall of the same workstation: fresh store, fresh install tag, its own series
    path = tmp_path / "reinstalled.sqlite3"
    shutil.copyfile(_migrated_template, path)
    fresh = Store.open(path)
    try:
        AuthManager(fresh, settings).login("clerk01", "clerk01-demo")
        first_new = issue(fresh, ws)
        report = sync(fresh, settings)
        assert report.number_floors_raised == 0 and set(report.number_floors) == {old[-1], first_new}
        second_new = issue(fresh, ws)
        assert seq(second_new) == 2                 # the old install's floor did not leak into this series
        assert set(sync(fresh, settings).number_floors) == {old[-1], second_new}

        other = settings_for(central_server.url, f"NF-{uuid.uuid4().hex[:8]}")
        AuthManager(fresh, other).login("clerk01", "clerk01-demo")
        assert sync(fresh, other).number_floors == []   # another workstation gets none of these
    finally:
        fresh.close()
