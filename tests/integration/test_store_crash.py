"""kill -9 of the counter during writes (issue 20): the store stays intact and keeps every
committed case with its outbox entry. Bounded here (10 rounds); ``bench durability`` runs 200."""

from __future__ import annotations

import pytest

from counter_app.storage.db import SYNCHRONOUS, Store, _existing_key, is_plaintext, raw_connect
from tests.support.crash import crash_rounds

pytestmark = pytest.mark.integration


def test_store_commits_are_durable_full_with_wal(tmp_path):
    store = Store.open(tmp_path / "s.sqlite3")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2   # FULL
        assert conn.exec_driver_sql("PRAGMA cipher_version").scalar()      # SQLCipher, keyed first
    store.close()
    assert SYNCHRONOUS == "FULL"


def test_kill_9_during_writes_loses_no_committed_case(tmp_path):
    path = tmp_path / "counter.sqlite3"
    Store.open(path).close()
    report = crash_rounds(path, 10, seed=20)
    assert report.rounds == 10
    assert report.committed > 0, "the writer must have committed cases before it was killed"
    assert report.integrity_failures == []
    assert report.lost == [] and report.without_outbox == []
    assert not is_plaintext(path)           # the crashes happened on the encrypted store (SQLCipher)
    conn = raw_connect(path, _existing_key())
    try:
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] >= report.committed
    finally:
        conn.close()
    Store.open(path).close()
