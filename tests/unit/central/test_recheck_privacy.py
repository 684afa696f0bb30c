"""A case accepted provisionally offline (or on a cached record) carries the applicant's ID number
in clear for the centre's re-check. The centre uses it within the push and stores the entry with
the number masked and as its keyed digest: no clear ID number in ``received_entries`` (nor its
date of birth, which the masked form hides), on SQLite and PostgreSQL; a replay is still the same
entry; rows stored before are rewritten by migration c0026."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import text

from counter_central.samecase import person_digest, person_key
from counter_protocol import sync as p
from tests.support.central import open_seeded_centre
from tests.support.privacy import centre_columns_holding

NOT_INSURED = "440303199503031748"   # demo registry: status none — the re-check disagrees
INSURED = "440304198706151135"       # demo registry: insured — the re-check agrees
UNIT = "91440300708461136T"


def _text_holding(engine, needles: tuple[str, ...]) -> list[str]:
    """table.column of every text value outside the registry's own tables that holds one of ``needles``."""
    return centre_columns_holding(engine, needles)


def _clear(number: str) -> tuple[str, ...]:
    return (number, number[6:14])


def _item(seq: int, case: str, payload: dict) -> p.OutboxItem:
    return p.OutboxItem(id=str(uuid.uuid4()), seq=seq, kind="case.transition", aggregate_type="case",
                        aggregate_id=case, payload=payload, payload_digest=p.payload_digest(p.canonical_json(payload)),
                        actor="clerk01")


def _case(case: str, case_no: str, id_number: str | None, seq: int = 1, credit_code: str | None = None):
    """The three entries of a case accepted provisionally: new → 待审核 → 已受理 (the last with recheck)."""
    base = {"case_id": case, "case_no": case_no, "service_code": "reg_change", "catalog_version": None,
            "actor": "clerk01", "reason": ""}
    accept = {**base, "action": "accept", "from_state": "review", "to_state": "accepted", "provisional": True,
              "record_state": "none", "record_as_of": None, "conditions": [],
              "recheck": {"id_number": id_number, "credit_code": credit_code, "applicant_type": "individual",
                          "variants": ["person.mobile"], "on": "2026-12-06", "facts": {},
                          "answers": {"registered": {"met": True, "note": ""}}, "results": {"registered": "met"}}}
    return [_item(seq, case, {**base, "action": "create", "from_state": "", "to_state": "draft"}),
            _item(seq + 1, case, {**base, "action": "submit", "from_state": "draft", "to_state": "review"}),
            _item(seq + 2, case, accept)]


def _push(client, h, *entries) -> list[dict]:
    r = client.post("/api/v1/sync/push", headers=h,
                    json=p.PushRequest(workstation_id="FT-W01", entries=list(entries)).model_dump(mode="json"))
    assert r.status_code == 200, r.text
    return r.json()["results"]


def _login(client) -> dict:
    r = client.post("/api/v1/auth/login", json={"username": "clerk01", "password": "clerk01-demo",
                                               "workstation_id": "FT-W01"})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _rechecks(app) -> list[tuple[str, dict]]:
    from counter_central.entry_key import opened_change      # sealed at rest

    with app.state.engine.connect() as conn:
        return [(r.aggregate_id, json.loads(opened_change(r))) for r in conn.execute(text(
            "SELECT * FROM changes WHERE kind = 'case.registry_recheck' ORDER BY cursor"))]


def _opened(conn, where: str, params: dict) -> list[tuple[str, str]]:
    """(payload text, payload_digest) of the received entries ``where`` says, opened with the
    centre's entry key (counter_central.entry_key: the payloads are sealed at rest)."""
    from counter_central.entry_key import opened

    return [(opened(i, v, sealed), digest) for i, v, sealed, digest in conn.execute(text(
        f"SELECT id, payload_key, payload, payload_digest FROM received_entries WHERE {where}"), params)]


def _stored(app, case: str) -> dict:
    with app.state.engine.connect() as conn:
        rows = [r for r in _opened(conn, "aggregate_id = :c", {"c": case}) if "recheck" in r[0]]
    assert len(rows) == 1
    assert rows[0][1] == p.payload_digest(rows[0][0])       # the digest is the kept text's
    return json.loads(rows[0][0])


def test_no_clear_id_number_is_stored_and_the_recheck_and_replay_are_unchanged(seeded_centre):
    app, client, _ = seeded_centre
    h = _login(client)
    wrong = _case("case-w", "FT-W01-20261206-0001", NOT_INSURED)
    right = _case("case-r", "FT-W01-20261206-0002", INSURED, seq=4)
    unit = _case("case-u", "FT-W01-20261206-0003", None, seq=7, credit_code=UNIT)
    assert {r["status"] for r in _push(client, h, *wrong, *right, *unit)} == {"accepted"}

    # the re-check ran on the clear number: the registry disagrees for the uninsured person only
    found = _rechecks(app)
    assert [a for a, _ in found] == ["case-w"]
    assert found[0][1]["differences"][0]["code"] == "registered"
    assert found[0][1]["differences"][0]["counter"] == "met" and found[0][1]["differences"][0]["centre"] == "unmet"

    assert _text_holding(app.state.engine, _clear(NOT_INSURED) + _clear(INSURED)) == []
    rc = _stored(app, "case-w")["recheck"]
    assert "id_number" not in rc
    assert rc["id_number_masked"] == "440303********1748"
    assert rc["id_number_digest"] == person_digest(NOT_INSURED, person_key())   # = case_persons.person
    assert rc["results"] == {"registered": "met"} and rc["applicant_type"] == "individual"
    assert _stored(app, "case-u")["recheck"]["credit_code"] == UNIT     # an organisation's code: kept

    # the same batch again (the answer was lost): every entry a duplicate, none a conflict
    again = _push(client, h, *wrong, *right, *unit)
    assert [r["status"] for r in again] == ["duplicate"] * 9
    assert {r["outcome"] for r in again} == {"accepted"}
    assert len(_rechecks(app)) == 1
    # but another ID number under the held key is still a conflict
    changed = wrong[2].payload | {"recheck": {**wrong[2].payload["recheck"], "id_number": INSURED}}
    forged = wrong[2].model_copy(update={"payload": changed,
                                         "payload_digest": p.payload_digest(p.canonical_json(changed))})
    assert [r["status"] for r in _push(client, h, forged)] == ["conflict"]


def test_a_replay_within_one_batch_is_a_duplicate(seeded_centre):
    app, client, _ = seeded_centre
    h = _login(client)
    entries = _case("case-w", "FT-W01-20261206-0001", NOT_INSURED)
    assert [r["status"] for r in _push(client, h, *entries, entries[2])] == ["accepted"] * 3 + ["duplicate"]
    assert _text_holding(app.state.engine, _clear(NOT_INSURED)) == []


def test_an_unreadable_person_key_refuses_the_push_and_stores_nothing(tmp_path, monkeypatch):
    from counter_central import samecase
    from counter_central.app import create_app

    bad = tmp_path / "person-key"
    bad.write_text("00" * 32 + "\n", encoding="ascii")
    bad.chmod(0o644)                                   # too widely readable: the centre will not use it
    monkeypatch.setenv("COUNTER_CENTRAL_PERSON_KEY", str(bad))
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    with pytest.raises(samecase.PersonKeyError, match="权限过宽"):     # not started on it
        create_app(url)
    bad.chmod(0o600)
    app, client = open_seeded_centre(url)
    bad.chmod(0o644)                                   # made readable by others while the centre runs
    with client:
        h = _login(client)
        r = client.post("/api/v1/sync/push", headers=h, json=p.PushRequest(
            workstation_id="FT-W01", entries=_case("case-w", "FT-W01-20261206-0001", NOT_INSURED)).model_dump(mode="json"))
        assert r.status_code == 503 and r.json()["reason"] == "person_key_unavailable", r.text
        assert NOT_INSURED not in r.text
    with app.state.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM received_entries")).scalar() == 0
    app.state.engine.dispose()


def test_the_migration_rewrites_an_old_row_and_its_replay_stays_a_duplicate(tmp_path):
    from alembic import command
    from sqlalchemy import create_engine
    from alembic.config import Config

    from counter_central.db import MIGRATIONS_DIR

    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    app, client = open_seeded_centre(url)
    entries = _case("case-w", "FT-W01-20261206-0001", NOT_INSURED)
    with client:
        h = _login(client)
        assert {r["status"] for r in _push(client, h, *entries)} == {"accepted"}
    app.state.engine.dispose()
    # the row as a centre before c0026 stored it: the clear payload and the client's digest
    clear = p.canonical_json(entries[2].payload)
    engine = create_engine(url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "c0030_case_completed_at")      # the payloads opened again (c0032)
    with engine.begin() as conn:
        conn.execute(text("UPDATE received_entries SET payload = :t, payload_digest = :d WHERE id = :i"),
                     {"t": clear, "d": entries[2].payload_digest, "i": entries[2].id})
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "c0025_case_persons")
    assert _text_holding(engine, _clear(NOT_INSURED)) == ["received_entries.payload"]
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "c0026_recheck_ids")
    assert _text_holding(engine, _clear(NOT_INSURED)) == []
    with engine.connect() as conn:
        kept, digest = conn.execute(text("SELECT payload, payload_digest FROM received_entries WHERE id = :i"),
                                    {"i": entries[2].id}).one()
    rc = json.loads(kept)["recheck"]
    assert rc["id_number_masked"] == "440303********1748" and "id_number" not in rc
    assert digest == p.payload_digest(kept)
    engine.dispose()

    app, client = open_seeded_centre(url)
    with client:
        h = _login(client)
        assert [r["status"] for r in _push(client, h, *entries)] == ["duplicate"] * 3
    app.state.engine.dispose()
