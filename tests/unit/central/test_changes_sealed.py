"""What the centre publishes for counters to pull (``changes``: escalations, approval requests, the
rosters of 上门认证 with pensioners' names, ID numbers and addresses …) was kept in clear: a copy of
the database read it. It is now sealed under the entry key as the received entries are
(counter_central.entry_key, c0034), bound to its row; the pull still answers it; a row altered in
the database is passed over (recorded once), never a stop to the pull; a rotation and retirement
reseal it too — and a retirement's last pass waits for a transaction that read the keys before
the rotation (the writers' lock), so no row is left under the retired version."""

from __future__ import annotations

import base64
import json
import threading
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from tests.support.central import migrate_centre, open_seeded_centre
from tests.support.privacy import centre_columns_holding
from tests.unit.central.test_recheck_privacy import _login

NAME, ID, ADDRESS = "欧阳晓明", "440303195003031748", "深圳市福田区莲花路88号"
NEEDLES = (NAME, ID, ADDRESS, "莲花路")
ROSTER = {"visit_id": "V-1", "pensioners": [{"name": NAME, "id_number": ID, "address": ADDRESS}]}


@pytest.fixture(autouse=True)
def _own_home(app_home):
    """A key file of each test's own (the default one in its COUNTER_APP_HOME)."""


def _publish(app, payload: dict, *, office: str | None = "FT", aggregate_id: str = "V-1") -> int:
    from counter_central.core import add_change

    with Session(app.state.engine) as s:
        row = add_change(s, "field.roster", "field_visit", aggregate_id, payload, office_code=office)
        s.commit()
        return row.cursor


def _pull(client, h, since: int = 0) -> tuple[dict[int, dict], int]:
    r = client.get(f"/api/v1/sync/pull?since={since}&limit=500", headers=h)
    assert r.status_code == 200, r.text
    return {c["cursor"]: c["payload"] for c in r.json()["changes"]}, r.json()["cursor"]


def _raw(app, cursor: int):
    with app.state.engine.connect() as conn:
        return conn.execute(text("SELECT * FROM changes WHERE cursor = :c"), {"c": cursor}).one()


def _unreadable_records(app) -> list[str]:
    with app.state.engine.connect() as conn:
        return conn.execute(text("SELECT object_id FROM audit_records WHERE action = 'sync.change_unreadable'"
                                 " ORDER BY seq")).scalars().all()


def test_a_published_change_is_sealed_in_the_database_and_the_pull_answers_it(seeded_centre):
    app, client, _ = seeded_centre
    cursor = _publish(app, ROSTER)
    row = _raw(app, cursor)
    assert not any(n in row.payload for n in NEEDLES)
    assert len(base64.b64decode(row.payload, validate=True)) > 12 + 16            # nonce ‖ ciphertext ‖ tag
    assert row.payload_key == 1 and len(row.seal_id) == 32
    assert centre_columns_holding(app.state.engine, NEEDLES) == []
    pulled, _ = _pull(client, _login(client))
    assert pulled[cursor] == ROSTER


def test_an_altered_row_is_passed_over_and_recorded_once_and_another_key_file_stops_the_pull(seeded_centre, monkeypatch):
    from counter_central import entry_key

    app, client, _ = seeded_centre
    h = _login(client)
    _, start = _pull(client, h)
    first = _publish(app, {"n": 1})
    copied = _publish(app, {"n": 2})
    moved = _publish(app, ROSTER, office="NS")          # another office's: not this counter's
    last = _publish(app, {"n": 4})
    with app.state.engine.begin() as conn:
        # a sealed payload copied onto another row; a row readdressed to this office's counters
        conn.execute(text("UPDATE changes SET payload = (SELECT payload FROM changes WHERE cursor = :a) "
                          "WHERE cursor = :b"), {"a": first, "b": copied})
        conn.execute(text("UPDATE changes SET office_code = 'FT' WHERE cursor = :c"), {"c": moved})
    with pytest.raises(entry_key.SealBroken, match=f"变更记录 {copied} 的内容无法用版本 1 的记录加密密钥解开"):
        entry_key.opened_change(_raw(app, copied))
    for _ in range(2):
        pulled, cursor = _pull(client, h, start)
        assert pulled == {first: {"n": 1}, last: {"n": 4}}   # the rest answered, the moved roster never opened
        assert cursor == last
    assert sorted(map(int, _unreadable_records(app))) == [copied, moved]       # once each, not per pull
    assert _pull(client, h, cursor) == ({}, cursor)                             # no stall on them
    # the key file replaced by another of the same version while the centre runs: no row opens — the
    # key is the problem, not the rows: 503, nothing passed over (every cursor stays)
    key = entry_key.default_key_file()
    kept = key.read_text(encoding="ascii")
    key.write_text("1:" + "ab" * 16 + "\n", encoding="ascii")
    monkeypatch.setattr(entry_key, "_HELD", {})
    r = client.get(f"/api/v1/sync/pull?since={start}", headers=h)
    assert r.status_code == 503 and r.json()["reason"] == "entry_key_unavailable"
    assert "记录加密密钥" in r.json()["detail"] and "Traceback" not in r.text
    key.write_text(kept, encoding="ascii")
    monkeypatch.setattr(entry_key, "_HELD", {})
    assert _pull(client, h, start)[0] == {first: {"n": 1}, last: {"n": 4}}
    assert sorted(map(int, _unreadable_records(app))) == [copied, moved]


def test_rotate_and_retire_reseal_the_published_changes(tmp_path, capsys):
    from counter_central import cli

    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    app, client = open_seeded_centre(url)
    with client:
        h = _login(client)
        old = _publish(app, ROSTER)
        assert cli.main(["entry-key", "rotate", "--db", url]) == 0
        new = _publish(app, {"n": 2})
        assert (_raw(app, old).payload_key, _raw(app, new).payload_key) == (1, 2)
        capsys.readouterr()
        assert cli.main(["entry-key", "status", "--db", url, "--json"]) == 0
        status = json.loads(capsys.readouterr().out)
        with app.state.engine.connect() as conn:
            under_1 = conn.execute(text("SELECT count(*) FROM changes WHERE payload_key = 1")).scalar()
        assert [(v["version"], v["changes"]) for v in status["versions"]] == [(1, under_1), (2, 1)]
        assert cli.main(["entry-key", "status", "--db", url]) == 0
        assert f"发布的变更 {under_1} 条" in capsys.readouterr().out
        assert cli.main(["entry-key", "retire", "1", "--db", url, "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["resealed"] == under_1       # (no received entry)
        with app.state.engine.connect() as conn:
            assert conn.execute(text("SELECT DISTINCT payload_key FROM changes")).scalars().all() == [2]
        pulled, _ = _pull(client, h)
        assert (pulled[old], pulled[new]) == (ROSTER, {"n": 2})
    app.state.engine.dispose()


def test_the_migration_seals_the_changes_published_before_and_the_downgrade_opens_them(tmp_path):
    from sqlalchemy import create_engine


    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    app, client = open_seeded_centre(url)
    with client:
        cursor = _publish(app, ROSTER)
        before, _ = _pull(client, _login(client))
    app.state.engine.dispose()
    engine = create_engine(url)
    migrate_centre(engine, "c0033_received_sealed", down=True)
    assert centre_columns_holding(engine, NEEDLES) == ["changes.payload"]      # as c0033 kept it: in clear
    migrate_centre(engine, "heads")
    assert centre_columns_holding(engine, NEEDLES) == []
    engine.dispose()
    app, client = open_seeded_centre(url)
    with client:
        assert _pull(client, _login(client)) == (before, max(before))
        assert before[cursor] == ROSTER
    app.state.engine.dispose()


def test_a_retirement_waits_for_a_writer_that_read_the_keys_before_the_rotation(seeded_centre, monkeypatch):
    """A push (or any transaction publishing a change) read the keys — version 1 the newest — and
    has not committed yet; IT rotates and retires version 1. The retirement's last pass waits for
    it (PostgreSQL: the writers' advisory lock; SQLite: the one write lock) and reseals its rows:
    none is left under version 1, which is gone from the file."""
    from counter_central import entry_key
    from counter_central.core import add_change
    from counter_central.db import ReceivedEntry

    app, client, url = seeded_centre
    engine = app.state.engine
    writer = Session(engine)
    try:
        row = add_change(writer, "field.roster", "field_visit", "V-9", ROSTER, office_code="FT")
        entry_id = str(uuid.uuid4())
        version, sealed = entry_key.sealer(writer).seal(entry_id, json.dumps(ROSTER))
        writer.add(ReceivedEntry(id=entry_id, workstation_id="FT-W01", client_seq=1, kind="case.note",
                                 aggregate_type="case", aggregate_id="C-9", payload=sealed, payload_digest="0" * 64,
                                 payload_key=version, outcome="accepted"))
        writer.flush()
        cursor = row.cursor
        assert version == row.payload_key == 1
        assert entry_key.rotate_key() == 2
        if url.startswith("postgresql"):
            # the lock is tried, not queued for: a retirement that never finds it free gives up, keeps the version
            monkeypatch.setattr(entry_key, "RETIRE_WAIT_SECONDS", 0.3)
            with Session(engine) as s, pytest.raises(entry_key.EntryKeyError, match="中心正忙"):
                entry_key.retire_key(s, 1)
            assert sorted(entry_key.entry_keys().keys) == [1, 2]
            monkeypatch.setattr(entry_key, "RETIRE_WAIT_SECONDS", 60.0)
        outcome: dict = {}

        def retire() -> None:
            try:
                with Session(engine) as s:
                    outcome["done"] = entry_key.retire_key(s, 1)
            except Exception as exc:        # reported below
                outcome["error"] = exc

        other = threading.Thread(target=retire)
        other.start()
        other.join(1.5)
        assert other.is_alive(), outcome           # waiting for the writer
        writer.commit()
        other.join(30)
        assert not other.is_alive() and "error" not in outcome, outcome
    finally:
        writer.close()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM changes WHERE payload_key = 1")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM received_entries WHERE payload_key = 1")).scalar() == 0
        stored = conn.execute(text("SELECT id, payload_key, payload FROM received_entries WHERE id = :i"),
                              {"i": entry_id}).one()
    assert sorted(entry_key.entry_keys().keys) == [2]
    assert json.loads(entry_key.opened(*stored)) == ROSTER
    pulled, _ = _pull(client, _login(client))
    assert pulled[cursor] == ROSTER
