"""Housekeeping (归档外移) killed with kill -9 at random moments (issue 20): the encrypted store
stays intact, no case or row is lost or doubled, and the next run finishes the move."""

from __future__ import annotations

import pytest

from counter_app.storage.archive import housekeep
from counter_app.storage.db import Store, _existing_key, raw_connect
from tests.support.crash import housekeep_crash_rounds
from tests.support.housekeeping import LATER, acknowledge_all, archived_case, census, clone_cases

pytestmark = pytest.mark.integration


def test_kill_9_during_housekeeping_loses_and_doubles_nothing(tmp_path):
    path = tmp_path / "counter.sqlite3"
    store = Store.open(path)
    archived_case(store)
    archived_case(store, "李四", "440301199001011234")
    clone_cases(store, 400)
    acknowledge_all(store)
    store.close()
    conn = raw_connect(path, _existing_key())
    try:
        before = census(conn)
    finally:
        conn.close()
    assert len(before["hot"]) == 402 and not before["cold"]

    report = housekeep_crash_rounds(path, 8, expected=before, seed=20, batch=5)
    assert report.problems == []
    assert report.killed >= 1, "at least one round must have been killed mid-way"
    assert any(0 < n < 402 for n in report.moved_when_killed), report   # killed in the middle of the move

    store = Store.open(path)                      # the next run (the agent's, or the command) finishes the move
    try:
        housekeep(store, after_days=365, now=LATER)
    finally:
        store.close()
    conn = raw_connect(path, _existing_key())
    try:
        after = census(conn)
    finally:
        conn.close()
    assert after["hot"] == set() and after["cold"] == before["hot"]
    assert after["totals"] == before["totals"] and after["orphans"] == 0 and after["outbox_doubled"] == 0
