"""A received entry or published change altered in the database (its seal does not open) could not
be sealed again, so ``counter-central entry-key retire`` refused for ever and that key version could
never be retired; ``status`` did not say which rows; and a received entry that does not open made
every reader of its case fail (the dashboard, a push of the same case, even the centre's start when
it was the row tried). Now ``status`` lists the rows that do not open under each version (table,
id, kind, when); ``retire VERSION --set-aside-unreadable`` — a person's decision — moves them,
sealed text and version kept as they were, into ``set_aside_payloads`` with who, when and why,
each one audited (``entry.key_set_aside``), then retires the version; without it the retirement is
refused before anything is sealed, naming the rows; the readers pass such an entry over; and a
key file that opens none of a version's rows (another file) sets nothing aside."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from tests.support.central import migrate_centre, open_seeded_centre
from tests.unit.central.test_received_sealed import _entries, _office_cases, sealed_centre
from tests.unit.central.test_recheck_privacy import _case, _login, _push


@pytest.fixture(autouse=True)
def _own_home(app_home):
    """A key file of each test's own (the default one in its COUNTER_APP_HOME)."""


def _publish(app, payload: dict) -> int:
    from counter_central.core import add_change

    with Session(app.state.engine) as s:
        row = add_change(s, "field.roster", "field_visit", "V-1", payload, office_code="FT")
        s.commit()
        return row.cursor


def _alter(app, entry_id: str, from_entry: str, cursor: int, from_cursor: int) -> None:
    """A sealed payload copied onto another received entry, and onto another published change."""
    with app.state.engine.begin() as conn:
        conn.execute(text("UPDATE received_entries SET payload = (SELECT payload FROM received_entries WHERE id = :a)"
                          " WHERE id = :b"), {"a": from_entry, "b": entry_id})
        conn.execute(text("UPDATE changes SET payload = (SELECT payload FROM changes WHERE cursor = :a) "
                          "WHERE cursor = :b"), {"a": from_cursor, "b": cursor})


def _stored(app, sql: str, **params):
    with app.state.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def _status(url: str, capsys) -> dict:
    from counter_central import cli

    capsys.readouterr()
    assert cli.main(["entry-key", "status", "--db", url, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_status_lists_and_retire_sets_aside_the_rows_that_do_not_open(seeded_centre, capsys):
    from counter_central import cli, entry_key

    app, client, url = seeded_centre
    h = _login(client)
    entries = _entries()
    assert {r["status"] for r in _push(client, h, *entries)} == {"accepted"}
    first, copied = _publish(app, {"n": 1}), _publish(app, {"n": 2})
    note = entries[4]                               # the case note: altered
    _alter(app, note.id, entries[3].id, copied, first)
    from counter_central.db import ReceivedEntry, SetAsidePayload

    with Session(app.state.engine) as s:
        row = s.get(ReceivedEntry, note.id)
        note_kind, note_payload, note_at = row.kind, row.payload, row.received_at
    change_payload = _stored(app, "SELECT payload FROM changes WHERE cursor = :c", c=copied)[0][0]
    assert entry_key.rotate_key() == 2

    # status: the existing keys as they were, and the rows that do not open under each version
    status = _status(url, capsys)
    assert set(status) >= {"key_file", "newest", "versions", "missing"}
    v1, v2 = status["versions"]
    assert (v1["version"], v1["newest"], v2["version"], v2["newest"]) == (1, False, 2, True)
    assert {"rows", "changes"} <= set(v1) and v1["rows"] == 5
    assert [(r["table"], r["id"], r["kind"]) for r in v1["unreadable"]] == [
        ("received_entries", note.id, "case.note"), ("changes", str(copied), "field.roster")]
    assert v1["unreadable"][0]["at"] == note_at.isoformat(timespec="seconds") + "Z"
    assert all(r["at"] and "无法用版本 1 的记录加密密钥解开" in r["why"] for r in v1["unreadable"])
    assert v1["opens_none"] is False and v2["unreadable"] == [] and status["set_aside"] == []
    assert cli.main(["entry-key", "status", "--db", url]) == 0
    out = capsys.readouterr().out
    assert f"无法解开：业务记录 {note.id}（case.note，收到于 " in out
    assert f"无法解开：发布的变更 {copied}（field.roster，发布于 " in out
    assert "counter-central entry-key retire 1 --set-aside-unreadable" in out

    # retire without the person's decision: refused, naming the rows, nothing sealed again
    assert cli.main(["entry-key", "retire", "1", "--db", url]) == 1
    err = capsys.readouterr().err
    assert f"记录 {note.id}（case.note）" in err and f"变更记录 {copied}（field.roster）" in err
    assert "--set-aside-unreadable" in err and "Traceback" not in err
    assert _stored(app, "SELECT count(*) FROM received_entries WHERE payload_key = 1")[0][0] == 5
    assert sorted(entry_key.entry_keys().keys) == [1, 2]
    refused = _stored(app, "SELECT result, detail FROM audit_records WHERE action = 'entry.key_retire'")
    assert [r[0] for r in refused] == ["refused"] and note.id in refused[0][1]

    # with it: set aside as they were (sealed text, version), who / when / why; audited; retired
    assert cli.main(["entry-key", "retire", "1", "--set-aside-unreadable", "--db", url, "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["retired"] == 1 and [v["version"] for v in done["versions"]] == [2]
    assert [(r["table"], r["id"]) for r in done["set_aside_rows"]] == [("received_entries", note.id),
                                                                       ("changes", str(copied))]
    assert done["set_aside"] == [{"version": 1, "rows": 2, "received": 1}]
    with Session(app.state.engine) as s:
        kept = [(k.source_table, k.source_id, k.kind, k.payload_key, k.payload, k.row_data, k.stored_at,
                 k.set_aside_at, k.set_aside_by, k.reason)
                for k in s.scalars(select(SetAsidePayload).order_by(SetAsidePayload.id))]
    assert [(k[0], k[1], k[2], k[3], k[4]) for k in kept] == [
        ("received_entries", note.id, note_kind, 1, note_payload), ("changes", str(copied), "field.roster", 1,
                                                                    change_payload)]
    assert json.loads(kept[0][5])["aggregate_id"] == "case-s" and "payload" not in json.loads(kept[0][5])
    assert kept[0][6] == note_at and kept[0][7] is not None and kept[0][8].startswith("命令行:")
    assert all("无法用版本 1 的记录加密密钥解开" in k[9] for k in kept)
    audited = _stored(app, "SELECT object_type, object_id, actor FROM audit_records "
                           "WHERE action = 'entry.key_set_aside' ORDER BY seq")
    assert [(a[0], a[1]) for a in audited] == [("received_entry", note.id), ("change", str(copied))]
    assert _stored(app, "SELECT count(*) FROM received_entries WHERE id = :i", i=note.id)[0][0] == 0
    assert _stored(app, "SELECT DISTINCT payload_key FROM received_entries") == [(2,)]
    assert _stored(app, "SELECT DISTINCT payload_key FROM changes") == [(2,)]
    assert sorted(entry_key.entry_keys().keys) == [2]
    # the rest reads as before: the dashboard replays the case, the pull answers the other change
    assert _office_cases(app) == [("reg_change", "FT-W01-20261206-0001", "accepted")]
    r = client.get("/api/v1/sync/pull?since=0&limit=500", headers=h)
    assert r.status_code == 200 and first in {c["cursor"] for c in r.json()["changes"]}
    assert cli.main(["entry-key", "status", "--db", url]) == 0
    assert ("版本 1\t已移出的无法解开的记录 2 条（set_aside_payloads，原样保留）；其中业务记录 1 条待原工作站下次同步时"
            "重新发送原内容后恢复" in capsys.readouterr().out)


def test_a_received_entry_that_does_not_open_is_passed_over_by_its_readers(tmp_path):
    """Before: SealBroken from every reader of the case (503 to its pushes, the dashboard failing)
    and, when it was the row the start tried, a centre that would not start."""
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    app, client = open_seeded_centre(url)
    entries = _entries()
    with client:
        h = _login(client)
        assert {r["status"] for r in _push(client, h, *entries)} == {"accepted"}
        broken, other = entries[0].id, entries[1].id    # the first row stored: the one a start tried
        with app.state.engine.begin() as conn:
            conn.execute(text("UPDATE received_entries SET payload = (SELECT payload FROM received_entries "
                              "WHERE id = :a) WHERE id = :b"), {"a": other, "b": broken})
        from counter_central.core import _case_participants
        from counter_central.samecase import _case_facts

        assert isinstance(_office_cases(app), list)        # the dashboard replays what opens
        with Session(app.state.engine) as s:               # what a push reads of the case
            assert "clerk01" in _case_participants(s, "case-s")
            assert _case_facts(s, "case-s")[:2] == ("reg_change", "FT-W01-20261206-0001")
        more = _entry_of_case("case-s", 6)
        assert [r["status"] for r in _push(client, h, more)] == ["accepted"]
    app.state.engine.dispose()
    app, client = open_seeded_centre(url)                             # the centre starts over it
    with client:
        assert [r["status"] for r in _push(client, _login(client), *entries)] == ["duplicate"] * 5
    app.state.engine.dispose()


def _entry_of_case(case: str, seq: int):
    from tests.unit.central.test_received_sealed import _entry

    return _entry(seq, case, "case.note", {"case_id": case, "text": "补充说明"})


def test_another_key_file_sets_nothing_aside(tmp_path, capsys, monkeypatch):
    """A key file that opens none of a version's rows is the problem, not the rows: the commands stop
    at the centre's start check (exit 2, as before), and below it status says so and the
    retirement sets nothing aside."""
    from sqlalchemy import create_engine

    from counter_central import cli, entry_key

    url = sealed_centre(tmp_path)
    key = entry_key.default_key_file()
    key.write_text("1:" + "ab" * 16 + "\n2:" + "cd" * 16 + "\n", encoding="ascii")
    monkeypatch.setattr(entry_key, "_HELD", {})
    for words in (["status"], ["retire", "1", "--set-aside-unreadable"]):
        assert cli.main(["entry-key", *words, "--db", url]) == 2
        assert "不是加密时的那一个" in capsys.readouterr().err
    engine = create_engine(url)
    with Session(engine) as s:
        status = entry_key.key_status(s)
        v1 = status["versions"][0]
        assert v1["opens_none"] is True and [r["table"] for r in v1["unreadable"]].count("received_entries") == 5
        assert v1["key_check"] == "differs"            # (the key check value stored by the pushes, c0036)
        with pytest.raises(entry_key.EntryKeyError, match="不是加密时的那一个"):
            entry_key.retire_key(s, 1, set_aside_by="命令行:it")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM set_aside_payloads")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM received_entries WHERE payload_key = 1")).scalar() == 5
    engine.dispose()
    assert sorted(entry_key.entry_keys().keys) == [1, 2]


def test_person_key_retire_has_no_set_aside_option(tmp_path, capsys):
    from counter_central import cli

    with pytest.raises(SystemExit):
        cli.main(["cases", "person-key", "retire", "1", "--set-aside-unreadable", "--db",
                  f"sqlite:///{tmp_path / 'c.sqlite3'}"])


def test_the_set_aside_table_migrates_down_and_up(tmp_path):
    from sqlalchemy import create_engine, inspect

    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    app, client = open_seeded_centre(url)
    with client:
        _push(client, _login(client), _case("case-m", "FT-W01-20261206-0002", None)[0])
    app.state.engine.dispose()
    engine = create_engine(url)
    assert "set_aside_payloads" in inspect(engine).get_table_names()
    migrate_centre(engine, "c0034_changes_sealed", down=True)
    assert "set_aside_payloads" not in inspect(engine).get_table_names()
    migrate_centre(engine, "heads")
    assert "set_aside_payloads" in inspect(engine).get_table_names()
    engine.dispose()
