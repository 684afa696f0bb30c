"""A received entry set aside (its sealed payload altered in the centre's database, moved out by
``entry-key retire --set-aside-unreadable``) was lost to the centre for good, and the counter that
sent it had no way to give it back: had anything made it ask, ``/sync/missing`` called it missing
and a push of it again would have been applied a second time (a case transition twice). Now
setting it aside takes it off its workstation's tally (the counter's count check notices),
``/sync/missing`` names it ``set_aside`` (never ``missing``), and ``POST /sync/restore`` puts it
back from the content the workstation sends — only the very entry set aside, from its office, its
effects not applied again, audited."""

from __future__ import annotations

import json

from sqlalchemy import text

from counter_protocol import sync as p
import pytest

from tests.unit.central.test_entry_key_set_aside import _stored
from tests.unit.central.test_received_sealed import _entries, _office_cases
from tests.unit.central.test_recheck_privacy import _login, _push


@pytest.fixture(autouse=True)
def _own_home(app_home):
    """A key file of each test's own (the default one in its COUNTER_APP_HOME)."""


def _restore(client, h, *entries, workstation_id: str = "FT-W01"):
    return client.post("/api/v1/sync/restore", headers=h, json=p.RestoreRequest(
        workstation_id=workstation_id, entries=list(entries)).model_dump(mode="json"))


def _missing(client, h, entries) -> dict:
    r = client.post("/api/v1/sync/missing", headers=h, json={"ids": [e.id for e in entries]})
    assert r.status_code == 200, r.text
    return r.json()


def _accepted(client, h) -> int:
    r = client.get("/api/v1/sync/summary", headers=h)
    assert r.status_code == 200, r.text
    return r.json()["accepted"]


def _login_as(client, user: str, workstation: str) -> dict:
    r = client.post("/api/v1/auth/login", json={"username": user, "password": f"{user}-demo",
                                               "workstation_id": workstation})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _set_aside(app, url, capsys, *altered) -> None:
    """Each of ``altered`` (id → the id whose sealed payload is copied onto it) altered in the
    database, then version 1 retired setting them aside."""
    from counter_central import cli, entry_key

    with app.state.engine.begin() as conn:
        for entry_id, from_entry in altered:
            conn.execute(text("UPDATE received_entries SET payload = (SELECT payload FROM received_entries "
                              "WHERE id = :a) WHERE id = :b"), {"a": from_entry, "b": entry_id})
    assert entry_key.rotate_key() == 2
    capsys.readouterr()
    assert cli.main(["entry-key", "retire", "1", "--set-aside-unreadable", "--db", url, "--json"]) == 0
    assert sorted(r["id"] for r in json.loads(capsys.readouterr().out)["set_aside_rows"]) == sorted(a[0] for a in altered)


def test_a_set_aside_entry_is_named_and_put_back_from_its_workstations_copy_without_applying_it_again(
        seeded_centre, capsys):
    from counter_central import cli, entry_key

    app, client, url = seeded_centre
    h = _login(client)
    entries = _entries()
    assert {r["status"] for r in _push(client, h, *entries)} == {"accepted"}
    accept, note = entries[2], entries[4]          # the acceptance (its re-check's ID number kept keyed), a note
    held = _accepted(client, h)
    effects = _stored(app, "SELECT case_id, state, service_code FROM case_states ORDER BY case_id")
    _set_aside(app, url, capsys, (accept.id, entries[3].id), (note.id, entries[3].id))

    # the count check notices, and the centre names them set aside, not missing
    assert _accepted(client, h) == held - 2
    assert _missing(client, h, entries) == {"missing": [], "set_aside": [accept.id, note.id]}

    # not the entry set aside: another content (its digest its own), another actor — nothing changes
    other = note.model_copy(update={"payload": {**note.payload, "text": "另一段内容"}})
    other = other.model_copy(update={"payload_digest": p.payload_digest(p.canonical_json(other.payload))})
    r = _restore(client, h, other, note.model_copy(update={"actor": "supervisor01"}))
    assert r.status_code == 200, r.text
    assert [(x["status"], "未恢复" in x["reason"]) for x in r.json()["results"]] == [("differs", True)] * 2
    # …nor sent from another office's workstation (LH), whose token may restore its own only
    lh = _login_as(client, "supervisor11", "LH-W01")
    r = _restore(client, lh, note, workstation_id="LH-W01")
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "differs"
    assert _restore(client, lh, note).status_code == 403            # FT-W01's in LH-W01's name
    auditor = _login_as(client, "auditor01", "FT-W01")
    assert _restore(client, auditor, note).status_code == 403
    assert _stored(app, "SELECT count(*) FROM set_aside_payloads WHERE source_table = 'received_entries'") == [(2,)]
    assert _stored(app, "SELECT count(*) FROM audit_records WHERE action = 'entry.key_restored'") == [(0,)]
    assert _accepted(client, h) == held - 2

    # the workstation's own copy: put back, sealed under the newest key, counted, audited, once
    r = _restore(client, h, accept, note, entries[0])
    assert r.status_code == 200, r.text
    assert [x["status"] for x in r.json()["results"]] == ["restored", "restored", "not_set_aside"]
    assert _accepted(client, h) == held
    assert _missing(client, h, entries) == {"missing": [], "set_aside": []}
    rows = _stored(app, "SELECT id, payload_key, payload, outcome, workstation_id FROM received_entries "
                        "WHERE id IN (:a, :b) ORDER BY id", a=accept.id, b=note.id)
    assert [(r[1], r[3], r[4]) for r in rows] == [(2, "accepted", "FT-W01")] * 2
    opened = {r[0]: json.loads(entry_key.opened(r[0], r[1], r[2])) for r in rows}
    assert opened[note.id] == note.payload
    assert opened[accept.id]["to_state"] == "accepted" and "id_number" not in opened[accept.id]["recheck"]
    assert _stored(app, "SELECT count(*) FROM set_aside_payloads WHERE source_table = 'received_entries'") == [(0,)]
    audited = _stored(app, "SELECT object_id, actor FROM audit_records WHERE action = 'entry.key_restored' ORDER BY seq")
    assert audited == [(accept.id, "clerk01"), (note.id, "clerk01")]
    # not applied again: the case as it was, its entries counted once
    assert _stored(app, "SELECT case_id, state, service_code FROM case_states ORDER BY case_id") == effects
    assert _stored(app, "SELECT count(*) FROM received_entries") == [(len(entries),)]
    assert _office_cases(app) == [("reg_change", "FT-W01-20261206-0001", "accepted")]
    capsys.readouterr()
    assert cli.main(["entry-key", "status", "--db", url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["set_aside"] == []
    # sent again: nothing left to restore, and a push of them is a duplicate as for any held entry
    assert [x["status"] for x in _restore(client, h, note).json()["results"]] == ["not_set_aside"]
    assert {x["status"] for x in _push(client, h, accept, note)} == {"duplicate"}
    assert _accepted(client, h) == held


def test_a_restore_request_that_fails_commits_nothing(seeded_centre, capsys, monkeypatch):
    """The second entry put back fails (its seal: the key file unreadable at that moment): the
    first is not put back either, the tally and the audit chain unchanged."""
    from counter_central import entry_key

    app, client, url = seeded_centre
    h = _login(client)
    entries = _entries()
    assert {r["status"] for r in _push(client, h, *entries)} == {"accepted"}
    _set_aside(app, url, capsys, (entries[3].id, entries[1].id), (entries[4].id, entries[1].id))
    held = _accepted(client, h)
    real, calls = entry_key.EntryKeys.seal, []

    def seal_then_fail(self, entry_id, text):
        calls.append(entry_id)
        if len(calls) == 2:
            raise entry_key.EntryKeyError("密钥文件无法读取")
        return real(self, entry_id, text)

    monkeypatch.setattr(entry_key.EntryKeys, "seal", seal_then_fail)
    r = _restore(client, h, entries[3], entries[4])
    assert r.status_code == 503 and "Traceback" not in r.text
    assert _accepted(client, h) == held
    assert _stored(app, "SELECT count(*) FROM set_aside_payloads WHERE source_table = 'received_entries'") == [(2,)]
    assert _stored(app, "SELECT count(*) FROM audit_records WHERE action = 'entry.key_restored'") == [(0,)]
    monkeypatch.setattr(entry_key.EntryKeys, "seal", real)
    assert [x["status"] for x in _restore(client, h, entries[3], entries[4]).json()["results"]] == ["restored"] * 2
