"""A ``document.issued`` entry carried the printed document's whole content — the applicant's name,
ID number, phone and address — and the centre stored it as received. It now keeps the content
reduced (counter_rules.document_fields: ID numbers and names masked, phone and address dropped),
whatever an older workstation sends; the office check and the 文号 floor still work, a replay is
still the same entry, and rows stored before are rewritten by migration c0027."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import text

from counter_protocol import sync as p
from counter_rules.document_fields import shared_document_fields
from tests.support.central import migrate_centre, open_seeded_centre
from tests.unit.central.test_recheck_privacy import _clear, _login, _opened, _push, _text_holding

ID = "440303199503031748"
AGENT_ID = "440304198706151135"
NAME, AGENT, PHONE, ADDRESS = "欧阳晓明", "李四海", "13812345678", "深圳市福田区莲花路88号"
NEEDLES = _clear(ID) + _clear(AGENT_ID) + (NAME, AGENT, PHONE, "12345678", ADDRESS)


def _fields(office_code: str = "FT") -> dict:
    return {"title": "受理告知书", "office": "福田分局", "office_code": office_code, "workstation_id": "FT-W01",
            "clerk": "clerk01", "date": "2026-12-06", "case_id": "case-1", "case_no": "FT-W01-20261206-0001",
            "service_code": "reg_change", "service_name": "参保登记变更",
            "applicant": {"type": "agent", "type_name": "代理人", "name": NAME, "id_number": ID, "id_kind": "居民身份证",
                          "unit_name": "", "credit_code": "", "phone": PHONE, "address": ADDRESS,
                          "agent_name": AGENT, "agent_id_number": AGENT_ID},
            "time_limit": "5个工作日", "materials": ["居民身份证"]}


def _doc(seq: int, number: str, fields: dict) -> p.OutboxItem:
    payload = {"document_id": f"doc-{seq}", "case_id": "case-1", "kind": "acceptance_notice", "number": number,
               "digest": "ab" * 32, "fields": fields, "clerk": "clerk01", "created_at": "2026-12-06T09:00:00"}
    return p.OutboxItem(id=str(uuid.uuid4()), seq=seq, kind="document.issued", aggregate_type="document",
                        aggregate_id=f"doc-{seq}", payload=payload,
                        payload_digest=p.payload_digest(p.canonical_json(payload)), actor="clerk01")


MINE = "深社保福田〔2026〕受告第FT-W01-7KQ2-000124号"
OTHER = "深社保罗湖〔2026〕受告第FT-W01-7KQ2-000125号"


def _floors(client, h) -> list[str]:
    return client.get("/api/v1/sync/pull", headers=h).json()["number_floors"]


def test_the_centre_keeps_no_applicant_data_of_a_document_from_an_older_workstation(tmp_path):
    app, client = open_seeded_centre(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    whole = _doc(1, MINE, _fields())                       # an older workstation: the content whole
    lh = _doc(2, OTHER, _fields("LH"))
    with client:
        h = _login(client)
        res = _push(client, h, whole, lh)
        assert [r["status"] for r in res] == ["accepted", "rejected"]       # the office check still works
        assert res[1]["reason"] == "文书上的分局代码（LH）不是本工作站所属的分局（FT）"
        assert _floors(client, h) == [MINE]                                 # and the 文号 floor
        assert _text_holding(app.state.engine, NEEDLES) == []
        with app.state.engine.connect() as conn:
            [(kept, digest)] = _opened(conn, "id = :i", {"i": whole.id})
        assert digest == p.payload_digest(kept)
        a = json.loads(kept)["fields"]["applicant"]
        assert a["id_number"] == "440303********1748" and a["name"] == "欧***" and a["agent_name"] == "李**"
        assert "phone" not in a and "address" not in a
        assert json.loads(kept)["fields"]["office_code"] == "FT" and json.loads(kept)["digest"] == "ab" * 32
        # the same entries again (an answer lost): duplicates, not conflicts
        assert [r["status"] for r in _push(client, h, whole, lh)] == ["duplicate", "duplicate"]
        # a current workstation sends the reduced fields: stored as sent, its replay a duplicate too
        reduced = _doc(3, MINE.replace("000124", "000126"), shared_document_fields(_fields()))
        assert [r["status"] for r in _push(client, h, reduced, reduced)] == ["accepted", "duplicate"]
        with app.state.engine.connect() as conn:
            assert conn.execute(text("SELECT payload_digest FROM received_entries WHERE id = :i"),
                                {"i": reduced.id}).scalar() == reduced.payload_digest
    app.state.engine.dispose()


def test_the_migration_rewrites_an_old_document_row_and_its_replay_stays_a_duplicate(tmp_path):
    from sqlalchemy import create_engine


    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    app, client = open_seeded_centre(url)
    whole = _doc(1, MINE, _fields())
    with client:
        assert [r["status"] for r in _push(client, _login(client), whole)] == ["accepted"]
    app.state.engine.dispose()
    engine = create_engine(url)
    migrate_centre(engine, "c0030_case_completed_at", down=True)      # the payloads opened again (c0032)
    with engine.begin() as conn:               # the row as a centre before c0027 stored it
        conn.execute(text("UPDATE received_entries SET payload = :t, payload_digest = :d WHERE id = :i"),
                     {"t": p.canonical_json(whole.payload), "d": whole.payload_digest, "i": whole.id})
    migrate_centre(engine, "c0026_recheck_ids", down=True)
    assert _text_holding(engine, NEEDLES) == ["received_entries.payload"]
    migrate_centre(engine, "c0027_document_fields")
    assert _text_holding(engine, NEEDLES) == []
    with engine.connect() as conn:
        kept, digest = conn.execute(text("SELECT payload, payload_digest FROM received_entries WHERE id = :i"),
                                    {"i": whole.id}).one()
    assert json.loads(kept)["fields"]["applicant"]["id_number"] == "440303********1748"
    assert digest == p.payload_digest(kept)
    engine.dispose()

    app, client = open_seeded_centre(url)
    with client:
        assert [r["status"] for r in _push(client, _login(client), whole)] == ["duplicate"]
    app.state.engine.dispose()


def test_reducing_twice_changes_nothing_and_keeps_what_the_centre_reads():
    once = shared_document_fields(_fields())
    assert shared_document_fields(once) == once
    assert {k: once[k] for k in ("office", "office_code", "date", "case_no", "service_code")} == \
        {k: _fields()[k] for k in ("office", "office_code", "date", "case_no", "service_code")}
    assert not any(n in json.dumps(once, ensure_ascii=False) for n in NEEDLES)
