"""Housekeeping (归档外移, issue 20): archived, synced cases older than the set age leave the hot
tables for the archive tables of the same store, stay searchable (marked 已归档外移), come back when
opened, and a case with an unacknowledged outbox entry never moves."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from counter_app.storage.archive import HousekeepingError, housekeep, restore_case
from counter_app.workflows.case_queries import FILTER_ALL, case_details, list_cases
from counter_app.workflows.cases import CaseWorkflow
from tests.support.cases import NOW, clerk_service, ready_case
from tests.support.housekeeping import LATER, acknowledge_all, archived_case, census


def _raw(store):
    return store.engine.raw_connection().driver_connection


def _case_no(store, cid):
    with store.engine.connect() as c:
        return c.execute(text("SELECT case_no FROM cases WHERE id = :i UNION ALL "
                              "SELECT case_no FROM archive_cases WHERE id = :i"), {"i": cid}).scalar()


def test_archived_synced_old_cases_move_and_stay_searchable(store):
    old = archived_case(store, "李四", "440301199001011234")
    held = archived_case(store, "王五", "440301198505052342")
    open_case = ready_case(clerk_service(store), "reg_enroll")
    acknowledge_all(store)
    with store.engine.begin() as c:   # one entry of `held` is still waiting for the centre
        c.execute(text("UPDATE outbox SET state = 'pending', synced_at = NULL WHERE seq = "
                       "(SELECT max(seq) FROM outbox WHERE aggregate_id = :i)"), {"i": held})
    history = CaseWorkflow(store, actor="").history(old)
    before = census(_raw(store))

    assert housekeep(store, after_days=365, now=NOW + timedelta(days=300)).moved_cases == 0   # not old enough yet
    report = housekeep(store, after_days=365, now=LATER)

    assert report.moved_cases == 1 and report.held_back == 1 and report.moved_entries > 0
    after = census(_raw(store))
    assert after["hot"] == {held, open_case} and after["cold"] == {old}
    assert after["totals"] == before["totals"] and after["orphans"] == 0 and after["outbox_doubled"] == 0
    with store.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM outbox WHERE aggregate_id = :i"), {"i": old}).scalar() == 0
        assert c.execute(text("SELECT count(*) FROM archive_outbox WHERE aggregate_id = :i"),
                         {"i": old}).scalar() == report.moved_entries
        tally = c.execute(text("SELECT coalesce(sum(n), 0) FROM outbox_tally")).scalar()
        assert tally == c.execute(text("SELECT count(*) FROM outbox")).scalar()   # the tally follows the move

    case_no = _case_no(store, old)
    for query in (case_no, case_no[-6:], "李四", "440301199001011234"):
        found = list_cases(store, FILTER_ALL, query)
        assert [r.id for r in found] == [old], query
        assert found[0].moved_out and "已归档外移" in found[0].state_label
        assert "李四" not in found[0].applicant and "440301199001011234" not in found[0].id_masked   # masked
    assert all(not r.moved_out for r in list_cases(store, FILTER_ALL, "王五"))
    assert old not in {r.id for r in list_cases(store, FILTER_ALL)}        # the plain lists read the hot tables

    assert restore_case(store, case_no) == old                            # opening it brings it back
    assert CaseWorkflow(store, actor="").history(old) == history
    assert census(_raw(store))["totals"] == before["totals"] and census(_raw(store))["cold"] == set()
    assert [r.moved_out for r in list_cases(store, FILTER_ALL, "李四")] == [False]
    again = housekeep(store, after_days=365, now=LATER)                    # and out again, once
    assert again.moved_cases == 1 and census(_raw(store))["cold"] == {old}


def test_case_show_brings_a_moved_out_case_back(store):
    cid = archived_case(store)
    acknowledge_all(store)
    case_no = _case_no(store, cid)
    assert housekeep(store, after_days=365, now=LATER).moved_cases == 1
    shown = case_details(store, case_no)
    assert shown is not None and shown["case_id"] == cid and shown["moved_back"] is True
    assert shown["state"] == "archived" and shown["history"][-1]["action"] == "archive"
    assert case_details(store, "NO-SUCH-CASE") is None


def test_a_document_entry_not_acknowledged_holds_the_case_back(store):
    cid = archived_case(store)
    acknowledge_all(store)
    from counter_app.storage.uow import UnitOfWork

    with store.engine.connect() as c:
        doc = c.execute(text("SELECT id FROM documents WHERE case_id = :i LIMIT 1"), {"i": cid}).scalar()
    if doc is None:   # the workflow issued no document row here: make the entry point at the case's number instead
        with UnitOfWork(store, actor="clerk01") as uow:
            uow.outbox.add(kind="archive.record", aggregate_type="archive", aggregate_id=_case_no(store, cid),
                           payload={"n": 1})
            uow.commit()
    else:
        with UnitOfWork(store, actor="clerk01") as uow:
            uow.outbox.add(kind="document.reprinted", aggregate_type="document", aggregate_id=doc, payload={"n": 1})
            uow.commit()
    report = housekeep(store, after_days=365, now=LATER)
    assert report.moved_cases == 0 and report.held_back == 1
    acknowledge_all(store)
    assert housekeep(store, after_days=365, now=LATER).moved_cases == 1


def test_a_hot_column_the_archive_lacks_stops_housekeeping_and_moves_nothing(store):
    cid = archived_case(store)
    acknowledge_all(store)
    with store.engine.begin() as c:
        c.execute(text("ALTER TABLE cases ADD COLUMN later_field TEXT"))
    with pytest.raises(HousekeepingError, match="缺少列：later_field"):
        housekeep(store, after_days=365, now=LATER)
    assert census(_raw(store))["hot"] == {cid}


def test_the_age_is_a_setting_with_a_default():
    from counter_app.config import ConfigError, Settings, default_settings

    assert default_settings().store.housekeep_after_days == 365
    assert Settings.from_dict({"store": {"housekeep_after_days": 730}}).store.housekeep_after_days == 730
    with pytest.raises(ConfigError):
        Settings.from_dict({"store": {"housekeep_after_days": 3}})


def test_store_housekeep_command(app_home, capsys):
    import json

    from counter_app.cli._common import open_store
    from counter_app.cli.main import main

    store = open_store()
    try:
        cid = archived_case(store)
        acknowledge_all(store)
    finally:
        store.close()
    assert main(["store", "housekeep", "--json"]) == 0          # 365 days from today: the case is younger
    out = json.loads(capsys.readouterr().out)
    assert out["moved_cases"] == 0 and out["after_days"] == 365
    assert main(["store", "housekeep", "--days", "30"]) == 0
    human = capsys.readouterr().out
    assert "移出 1 件办件" in human and "归档外移表共 1 件" in human
    store = open_store()
    try:
        assert census(_raw(store))["cold"] == {cid}
    finally:
        store.close()
    assert main(["store", "housekeep", "--days", "0"]) == 2
    assert "至少为 1 天" in capsys.readouterr().err


def test_an_archive_package_not_uploaded_in_full_holds_the_case_back(store, tmp_path):
    cid = archived_case(store)
    workflow = CaseWorkflow(store, actor="clerk01", office_code="FT", workstation_id="FT-W01", archive_root=tmp_path / "archive")
    workflow.write_archive_package(cid)                   # what 归档 writes when the window has an archive folder
    acknowledge_all(store, packages=False)          # entries synced, the package's parts not all at the centre
    with store.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM outbox WHERE kind = 'archive.package'")).scalar() == 1
    report = housekeep(store, after_days=365, now=LATER)
    assert report.moved_cases == 0 and report.held_back == 1
    acknowledge_all(store)                            # uploaded in full
    assert housekeep(store, after_days=365, now=LATER).moved_cases == 1
    assert census(_raw(store))["cold"] == {cid}


def test_store_housekeep_shows_progress_on_stderr(app_home, capsys, monkeypatch):
    """A year's store: ``store housekeep`` said nothing for 5 minutes, then one line. It prints how
    many cases it has moved as it goes (stderr: stdout keeps the report, or its JSON)."""
    import json

    from counter_app.cli import store as store_cli
    from counter_app.cli._common import open_store
    from counter_app.cli.main import main
    from tests.support.housekeeping import clone_cases

    store = open_store()
    try:
        archived_case(store)
        clone_cases(store, 4)
        acknowledge_all(store)
    finally:
        store.close()
    monkeypatch.setattr(store_cli, "PROGRESS_EVERY", 2)
    assert main(["store", "housekeep", "--days", "30", "--json"]) == 0
    out = capsys.readouterr()
    assert json.loads(out.out)["moved_cases"] == 5
    assert "归档外移：已移出 5 件" in out.err, out.err     # one batch of 200 here
