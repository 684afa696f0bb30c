"""The centre kept every pushed entry's payload in ``received_entries`` as received: a copy of the
database read the applicants' names, phones and addresses. The payloads are now sealed (SM4-GCM)
under the centre's entry key, a file outside the database (counter_central.entry_key): no text or
binary column of any table holds them in clear after pushes; every reader opens them (the replay,
the 文号 / case-number holder, the dashboard, the pull); rows stored before are sealed by c0032; a
centre whose key file is missing or another one refuses to start, in Chinese."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from counter_protocol import sync as p
from tests.support.central import migrate_centre, open_seeded_centre
from tests.support.privacy import centre_columns_holding
from tests.unit.central.test_recheck_privacy import _case, _clear, _login, _push

ID = "440303199503031748"
NAME, PHONE, ADDRESS = "欧阳晓明", "13812345678", "深圳市福田区莲花路88号"
NEEDLES = _clear(ID) + (NAME, PHONE, "12345678", ADDRESS, "莲花路")


def _entry(seq: int, case: str, kind: str, payload: dict) -> p.OutboxItem:
    return p.OutboxItem(id=str(uuid.uuid4()), seq=seq, kind=kind, aggregate_type="case", aggregate_id=case,
                        payload=payload, payload_digest=p.payload_digest(p.canonical_json(payload)), actor="clerk01")


def _entries() -> list[p.OutboxItem]:
    """A case accepted (with the re-check's clear ID number) and its steps and notes carrying the
    applicant's name, phone and address."""
    case = [_entry(e.seq, "case-s", e.kind, {**e.payload, "at": f"2026-12-06T09:0{e.seq}:00+08:00"})
            for e in _case("case-s", "FT-W01-20261206-0001", ID)]
    step = {"case_id": "case-s", "step": "applicant", "data": {"name": NAME, "phone": PHONE, "address": ADDRESS,
                                                               "id_number": ID}}
    note = {"case_id": "case-s", "text": f"{NAME}来电（{PHONE}）称住址改为{ADDRESS}"}
    return [*case, _entry(4, "case-s", "case.step", step), _entry(5, "case-s", "case.note", note)]


def _pull(client, h) -> list[dict]:
    r = client.get("/api/v1/sync/pull", headers=h)
    assert r.status_code == 200, r.text
    return [{k: c[k] for k in ("kind", "aggregate_id", "payload")} for c in r.json()["changes"]]


def _office_cases(app) -> list[tuple]:
    from counter_central.dashboard import office_cases

    with Session(app.state.engine) as s:
        return [(c.service_code, c.case_no, c.state) for c in office_cases(s, {"FT-W01": "FT"})]


def sealed_centre(tmp_path) -> str:
    """The URL of an embedded centre (its engine closed again) holding :func:`_entries`, accepted and
    sealed under the test's default key file."""
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    app, client = open_seeded_centre(url)
    with client:
        assert {r["status"] for r in _push(client, _login(client), *_entries())} == {"accepted"}
    app.state.engine.dispose()
    return url


def test_no_column_of_any_table_holds_a_payload_in_clear_and_the_readers_still_read_it(tmp_path):
    app, client = open_seeded_centre(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    entries = _entries()
    with client:
        h = _login(client)
        assert {r["status"] for r in _push(client, h, *entries)} == {"accepted"}
        assert centre_columns_holding(app.state.engine, NEEDLES) == []
        # the readers open the payloads: the dashboard replays the case, the pull answers as before
        assert _office_cases(app) == [("reg_change", "FT-W01-20261206-0001", "accepted")]
        pulled = _pull(client, h)
        assert [c["kind"] for c in pulled if c["aggregate_id"] == "case-s"] == ["case.registry_recheck"]
        # a replay is still a duplicate, a changed entry under a held key still a conflict
        assert [r["status"] for r in _push(client, h, *entries)] == ["duplicate"] * 5
        changed = entries[4].payload | {"text": "另一条备注"}
        forged = entries[4].model_copy(update={"payload": changed,
                                               "payload_digest": p.payload_digest(p.canonical_json(changed))})
        assert [r["status"] for r in _push(client, h, forged)] == ["conflict"]
        # a new case's number another case holds is still found (received_entries.number, not the payload)
        other = _case("case-t", "FT-W01-20261206-0001", None, seq=6)
        assert [r["status"] for r in _push(client, h, other[0])] == ["rejected"]
        assert _pull(client, h) == pulled
    with app.state.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, payload_key, payload FROM received_entries")).all()
    assert {r[1] for r in rows} == {1}
    from counter_central.entry_key import opened

    texts = {r[0]: opened(*r) for r in rows}
    # each opens to what was pushed (the acceptance to its text kept reduced: no clear ID number, c0026)
    assert {e.id: texts[e.id] for e in entries if e is not entries[2]} == {
        e.id: p.canonical_json(e.payload) for e in entries if e is not entries[2]}
    assert '"id_number_masked":"440303********1748"' in texts[entries[2].id]
    app.state.engine.dispose()


def test_a_payload_copied_onto_another_row_does_not_open(tmp_path):
    from counter_central.entry_key import EntryKeyError, opened

    app, client = open_seeded_centre(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    with client:
        _push(client, _login(client), *_entries())
    with app.state.engine.connect() as conn:
        (a, va, sa_), (b, vb, sb) = conn.execute(text("SELECT id, payload_key, payload FROM received_entries"
                                                      " ORDER BY client_seq LIMIT 2")).all()
    assert opened(a, va, sa_) and opened(b, vb, sb)
    with pytest.raises(EntryKeyError, match="无法用版本 1 的记录加密密钥解开"):
        opened(b, vb, sa_)
    app.state.engine.dispose()


def test_the_migration_seals_the_rows_stored_before_and_the_downgrade_opens_them(tmp_path):
    from sqlalchemy import create_engine


    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    app, client = open_seeded_centre(url)
    entries = _entries()
    with client:
        assert {r["status"] for r in _push(client, _login(client), *entries)} == {"accepted"}
    before = _office_cases(app)
    app.state.engine.dispose()
    engine = create_engine(url)
    migrate_centre(engine, "c0030_case_completed_at", down=True)
    # as a centre before c0032 kept them: in clear
    assert "received_entries.payload" in centre_columns_holding(engine, NEEDLES)
    migrate_centre(engine, "heads")
    assert centre_columns_holding(engine, NEEDLES) == []
    engine.dispose()
    app, client = open_seeded_centre(url)
    assert _office_cases(app) == before
    with client:
        assert [r["status"] for r in _push(client, _login(client), *entries)] == ["duplicate"] * 5
    app.state.engine.dispose()


def test_a_missing_or_other_key_file_stops_the_start_in_chinese(tmp_path, monkeypatch, capsys):
    from counter_central import cli
    from counter_central.entry_key import EntryKeyError, default_key_file

    url = sealed_centre(tmp_path)
    key = default_key_file()
    kept = key.read_text(encoding="ascii")
    key.unlink()
    with pytest.raises(EntryKeyError, match="记录加密密钥文件 .* 不存在，而数据库中已有 5 条业务记录"):
        open_seeded_centre(url)
    assert not key.exists()                       # no new key made over the sealed rows
    assert cli.main(["migrate", "--db", url]) == 2
    err = capsys.readouterr().err
    assert "记录加密密钥文件" in err and "Traceback" not in err
    # another key file (made anew) under the same version: refused too, before any request
    key.write_text("1:" + "ab" * 16 + "\n", encoding="ascii")
    key.chmod(0o600)
    with pytest.raises(EntryKeyError, match="不是加密时的那一个"):
        open_seeded_centre(url)
    key.write_text(kept, encoding="ascii")
    app, client = open_seeded_centre(url)                     # the right file back: the centre starts
    with client:
        fresh = _case("case-n", "FT-W01-20261206-0009", None)[0]
        assert [r["status"] for r in _push(client, _login(client), fresh)] == ["accepted"]
    app.state.engine.dispose()


def test_a_rotated_key_seals_new_rows_and_a_retired_one_is_resealed_first(tmp_path, capsys):
    from counter_central import cli

    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    app, client = open_seeded_centre(url)
    entries = _entries()
    with client:
        h = _login(client)
        _push(client, h, *entries[:3])
        assert cli.main(["entry-key", "rotate", "--db", url]) == 0
        _push(client, h, *entries[3:])
        with app.state.engine.connect() as conn:
            assert dict(conn.execute(text("SELECT payload_key, count(*) FROM received_entries GROUP BY payload_key"))
                        .all()) == {1: 3, 2: 2}
        assert cli.main(["entry-key", "retire", "2", "--db", url]) == 1      # the newest: refused
        assert "最新" in capsys.readouterr().err
        with app.state.engine.connect() as conn:     # the changes the centre published meanwhile (c0034)
            published = conn.execute(text("SELECT count(*) FROM changes WHERE payload_key = 1")).scalar()
        assert cli.main(["entry-key", "retire", "1", "--db", url, "--json"]) == 0
        assert f'"resealed": {3 + published}' in capsys.readouterr().out
        with app.state.engine.connect() as conn:
            assert conn.execute(text("SELECT DISTINCT payload_key FROM received_entries")).scalars().all() == [2]
        assert _office_cases(app) == [("reg_change", "FT-W01-20261206-0001", "accepted")]
        assert [r["status"] for r in _push(client, h, *entries)] == ["duplicate"] * 5
    app.state.engine.dispose()
