"""文号 floors: parsing lives in the domain, the centre remembers the highest number per series,
a store raises its own series to them (idempotent, only up)."""

from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import select

from counter_protocol import numbers
from counter_app.domain.documents import DocumentKind
from counter_app.printing import numbering
from counter_app.printing.documents import issue_document
from counter_app.printing.samples import sample_fields
from counter_app.storage.db import Store
from counter_app.storage.tables_printing import NumberCounter
from counter_app.storage.uow import UnitOfWork
from counter_protocol import sync as p
from counter_app.sync.worker import SyncReport

NUMBER = "深社保福田〔2026〕受告第FT-W01-7KQ2-000123号"


def _issue(store, **over) -> str:
    fields = sample_fields(DocumentKind.acceptance_notice)
    fields.update(over)
    with UnitOfWork(store, actor="clerk01") as uow:
        doc = issue_document(uow, case_id="case-1", kind=DocumentKind.acceptance_notice, fields=fields, clerk="clerk01")
        uow.commit()
    return doc.number


def _seq(number: str) -> int:
    return numbers.parse_number(number)["seq"]


def _floor(store, number: str) -> int | None:
    parsed = numbers.parse_number(number)
    with store.session() as s:
        row = s.get(NumberCounter, numbering.series_key("FT", parsed["ws"], parsed["tag"], parsed["year"]))
        return None if row is None else row.last_seq


# ------------------------------------------------------------------------------ domain parsing

def test_parse_lives_in_the_domain_and_numbering_uses_it():
    assert numbering.parse_number is numbers.parse_number and numbering.NUMBER_RE is numbers.NUMBER_RE
    parsed = numbers.parse_number(f"  {NUMBER}\n")
    assert parsed == {"prefix": "深社保福田", "year": 2026, "word": "受告", "ws": "FT-W01", "tag": "7KQ2", "seq": 123}
    assert numbers.number_series(parsed) == "FT-W01|7KQ2|2026"


@pytest.mark.parametrize("bad", ["", "深社保福田〔2026〕受告第FT-W01-7KQ2-123号", "FT-W01-7KQ2-000123", None, 123,
                                 "深社保福田〔26〕受告第FT-W01-7KQ2-000123号", "深社保福田〔2026〕受告第FT-W01-7kq2-000123号"])
def test_not_a_number(bad):
    assert numbers.parse_number(bad) is None


def test_domain_numbers_is_pure():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(numbers))
    imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert imported <= {"__future__", "re", "typing"}


# ------------------------------------------------------------------------------ observe_numbers

def test_observe_numbers_raises_only_own_series_once(store):
    issued = [_issue(store) for _ in range(3)]
    tag = numbers.parse_number(issued[0])["tag"]
    other_tag = "ZZZZ" if tag != "ZZZZ" else "YYYY"
    ahead = f"深社保福田〔2026〕指引第FT-W01-{tag}-000040号"
    foreign = [f"深社保福田〔2026〕受告第FT-W01-{other_tag}-000900号",   # another install of this workstation
               f"深社保福田〔2026〕受告第FT-W09-{tag}-000900号",          # another workstation
               "不是文号", 17]
    assert numbering.observe_numbers(store, [*foreign, ahead], office_code="FT", workstation_id="FT-W01") == 1
    assert _floor(store, ahead) == 40
    assert numbering.observe_numbers(store, [*foreign, ahead], office_code="FT", workstation_id="FT-W01") == 0
    with store.session() as s:   # nothing was created for the series that are not ours
        series = set(s.scalars(select(NumberCounter.series)))
    assert series == {numbering.series_key("FT", "FT-W01", tag, 2026)}
    assert _seq(_issue(store)) == 41


def test_floors_only_go_up(store):
    issued = [_issue(store) for _ in range(5)]
    assert numbering.observe_numbers(store, [issued[1]], office_code="FT") == 0
    assert _floor(store, issued[0]) == 5
    assert _seq(_issue(store)) == 6


def test_highest_of_a_series_wins_and_counts_once(store):
    first = _issue(store)
    tag = numbers.parse_number(first)["tag"]
    some = [f"深社保福田〔2026〕受告第FT-W01-{tag}-{n:06d}号" for n in (7, 30, 12)]
    nxt = f"深社保福田〔2027〕受告第FT-W01-{tag}-000003号"
    assert numbering.observe_numbers(store, [*some, nxt], office_code="FT") == 2
    assert _floor(store, some[0]) == 30 and _floor(store, nxt) == 3


def test_store_that_never_issued_has_no_series_of_its_own(_migrated_template, tmp_path):
    path = tmp_path / "empty.sqlite3"
    shutil.copyfile(_migrated_template, path)
    empty = Store.open(path)
    try:
        assert numbering.observe_numbers(empty, [NUMBER], office_code="FT") == 0
        assert numbering.observe_numbers(empty, [], office_code="FT") == 0
        with empty.session() as s:
            assert s.scalars(select(NumberCounter)).first() is None
    finally:
        empty.close()


def test_report_carries_the_floors_both_ways():
    report = SyncReport(online=True, pulled=2, number_floors=[NUMBER], number_floors_raised=1)
    d = json.loads(json.dumps(report.as_dict(), default=str))
    assert d["number_floors"] == [NUMBER] and d["number_floors_raised"] == 1
    back = SyncReport.from_dict(d)
    assert back.number_floors == [NUMBER] and back.number_floors_raised == 1
    assert SyncReport().number_floors == [] and SyncReport().number_floors is not SyncReport().number_floors


def test_pull_response_floors_default_empty():
    r = p.PullResponse.model_validate({"changes": [], "cursor": 0, "more": False, "server_time": "2026-01-02T00:00:00Z"})
    assert r.number_floors == []


# ------------------------------------------------------------------------------ the centre (SQLite, in-process)

@pytest.fixture
def central(central_sqlite_client):
    return central_sqlite_client


def _entry(seq: int, kind: str, payload: dict, *, digest: str | None = None, aggregate_type: str = "document"):
    import uuid6

    return p.OutboxItem(id=str(uuid6.uuid7()), seq=seq, kind=kind, aggregate_type=aggregate_type,
                        aggregate_id=f"D{seq}", payload=payload,
                        payload_digest=digest or p.payload_digest(p.canonical_json(payload)))


def _doc(seq: int, number: str, **kw):
    return _entry(seq, "document.issued", {"document_id": f"D{seq}", "number": number}, **kw)


def _login(central, ws: str) -> dict:
    r = central.post("/api/v1/auth/login", json={"username": "clerk01", "password": "clerk01-demo", "workstation_id": ws})
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _push(central, h, ws, entries):
    body = p.PushRequest(workstation_id=ws, entries=entries).model_dump(mode="json")
    r = central.post("/api/v1/sync/push", json=body, headers=h)
    assert r.status_code == 200, r.text
    return [x["status"] for x in r.json()["results"]]


def _floors(central, h) -> list[str]:
    r = central.get("/api/v1/sync/pull", params={"since": 0, "limit": 1}, headers=h)
    assert r.status_code == 200, r.text
    return r.json()["number_floors"]


def num(ws: str, seq: int, *, year: int = 2026, tag: str = "7KQ2", word: str = "受告") -> str:
    return f"深社保福田〔{year}〕{word}第{ws}-{tag}-{seq:06d}号"


def test_centre_keeps_the_highest_accepted_number_per_series_and_workstation(central):
    h1, h2 = _login(central, "W1"), _login(central, "W2")
    assert _floors(central, h1) == []
    statuses = _push(central, h1, "W1", [
        _doc(1, num("W1", 5)), _doc(2, num("W1", 9, word="指引")), _doc(3, num("W1", 7)),
        _doc(4, num("W1", 2, year=2027)),
        _doc(5, num("W1", 99), digest="0" * 64),                        # rejected: not counted
        _doc(6, "随便写的"),                                               # not a 文号: stored, no floor
        _entry(7, "case.step", {"number": num("W1", 500)}, aggregate_type="case"),   # not a document entry
    ])
    assert statuses == ["accepted"] * 4 + ["rejected", "accepted", "accepted"]
    assert _floors(central, h1) == [num("W1", 9, word="指引"), num("W1", 2, year=2027)]
    _push(central, h2, "W2", [_doc(1, num("W2", 3))])
    assert _floors(central, h2) == [num("W2", 3)]
    # a lower number later never lowers the floor; a higher one raises it
    _push(central, h1, "W1", [_doc(8, num("W1", 4))])
    assert _floors(central, h1)[0] == num("W1", 9, word="指引")
    _push(central, h1, "W1", [_doc(9, num("W1", 10))])
    assert _floors(central, h1) == [num("W1", 10), num("W1", 2, year=2027)]


def test_migration_backfills_floors_from_received_entries(tmp_path):
    from sqlalchemy import text

    from tests.support.central import central_database_at, schema_drift

    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0001_initial")
    rows = [("a", "W1", "document.issued", "accepted", {"number": num("W1", 4)}),
            ("b", "W1", "document.issued", "accepted", {"number": num("W1", 11)}),
            ("c", "W1", "document.issued", "rejected", {"number": num("W1", 50)}),
            ("d", "W1", "case.step", "accepted", {"number": num("W1", 60)}),
            ("e", "W2", "document.issued", "accepted", {"number": "坏的"})]
    with engine.begin() as conn:
        for key, ws, kind, outcome, payload in rows:
            conn.execute(text(
                "INSERT INTO received_entries (id, workstation_id, client_seq, kind, aggregate_type, aggregate_id,"
                " payload, payload_digest, actor, pushed_by, source, received_at, outcome)"
                " VALUES (:id, :ws, 1, :kind, 'document', 'x', :payload, 'd', '', '', 'push', '2026-01-02 00:00:00', :o)"),
                dict(id=key, ws=ws, kind=kind, payload=json.dumps(payload, ensure_ascii=False), o=outcome))
    upgrade("heads")
    with engine.connect() as conn:
        got = conn.execute(text("SELECT workstation_id, series, last_seq, last_number FROM issued_number_floors")).all()
    drift = schema_drift(engine, "issued_number_floors")
    engine.dispose()
    assert [tuple(r) for r in got] == [("W1", "W1|7KQ2|2026", 11, num("W1", 11))]
    assert drift == []      # the migration builds exactly the table the model declares
