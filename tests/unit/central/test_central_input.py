"""What a client sends that the centre must refuse cleanly rather than fail on: a NUL character in
free text (PostgreSQL text cannot hold one: 422, nothing committed), certification and home-visit
dates in the future or at the edge of the calendar (that entry rejected, the rest of the batch
answered), a JSON number too long to parse (the documented Chinese 422, not FastAPI's English
400), and a failing statement's values kept out of the service log.

The NUL cases run here on SQLite (the model refuses them before any database sees them) and on
PostgreSQL in tests/integration/test_central_input_pg.py."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_protocol import field as field_proto
from counter_protocol.canonical import canonical_json, payload_digest
from tests.support.central import DEMO_PASSWORDS

PRE = "/api/v1"
NUL = "\u0000"


def login(c, user: str, ws: str | None = None) -> tuple[dict, str]:
    ws = ws or f"T-{uuid.uuid4().hex[:10]}"
    r = c.post(f"{PRE}/auth/login", json={"username": user, "password": DEMO_PASSWORDS[user], "workstation_id": ws})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}, ws


def assert_invalid_request(r) -> None:
    """The documented 422 (ValidationErrorBody), Chinese, no exception text."""
    assert r.status_code == 422, (r.status_code, r.text)
    body = r.json()
    assert body["detail"] == "请求格式不正确" and body["reason"] == "invalid_request" and body["suggested_action"]


def _engine(c):
    return c.app.state.engine


def _review(c) -> str:
    ha, _ = login(c, "admin01")
    r = c.post(f"{PRE}/reviews", json={"clause": "6.5.1.2", "office_code": "FT", "summary": "张*"}, headers=ha)
    assert r.status_code == 201, r.text
    return r.json()["id"]


def _retired(c, office: str = "FT") -> str:
    from counter_central.db import RegistryPerson

    with Session(_engine(c)) as s:
        return s.scalars(select(RegistryPerson.id_number).where(RegistryPerson.status == "retired",
                                                                RegistryPerson.office == office)
                         .order_by(RegistryPerson.id_number)).first()


def _last_certified(c, id_number: str) -> str | None:
    from counter_central.db import RegistryPerson

    with Session(_engine(c)) as s:
        return json.loads(s.get(RegistryPerson, id_number).record).get("last_certified")


# ------------------------------------------------------------------------------ NUL in free text
# (each case: the request with a NUL is refused, and nothing of it was written)

def nul_in_new_review_item(c) -> None:
    from counter_central.db import ReviewRow

    ha, _ = login(c, "admin01")
    with Session(_engine(c)) as s:
        before = s.scalar(select(func.count()).select_from(ReviewRow))
    for body in ({"clause": "6.5.1.2", "office_code": "FT", "summary": f"张{NUL}*"},
                 {"clause": "6.5.1.2", "office_code": "FT", "reference": f"W{NUL}1"},
                 {"clause": "6.5.1.2", "office_code": "FT", "materials": ["身份证", f"户口{NUL}簿"]}):
        assert_invalid_request(c.post(f"{PRE}/reviews", json=body, headers=ha))
    with Session(_engine(c)) as s:
        assert s.scalar(select(func.count()).select_from(ReviewRow)) == before


def nul_in_review_proposal_reason(c) -> None:
    from counter_central.db import ReviewRow

    rid = _review(c)
    h, _ = login(c, "clerk01")
    assert_invalid_request(c.post(f"{PRE}/reviews/{rid}/proposal",
                                  json={"outcome": "passed", "reason": f"材料齐全{NUL}"}, headers=h))
    with Session(_engine(c)) as s:
        row = s.get(ReviewRow, rid)
        assert (row.state, row.proposal_reason, row.maker) == ("pending", "", "")


def nul_in_review_decision_reason(c) -> None:
    from counter_central.db import ReviewRow

    rid = _review(c)
    h, _ = login(c, "clerk01")
    assert c.post(f"{PRE}/reviews/{rid}/proposal", json={"outcome": "passed", "reason": "齐全"},
                  headers=h).status_code == 200
    hs, _ = login(c, "supervisor01")
    assert_invalid_request(c.post(f"{PRE}/reviews/{rid}/decision",
                                  json={"decision": "approved", "reason": f"同意{NUL}"}, headers=hs))
    with Session(_engine(c)) as s:
        row = s.get(ReviewRow, rid)
        assert (row.state, row.checker, row.reason) == ("proposed", "", "")


def nul_in_field_request_reason(c) -> None:
    from counter_central.db import FieldRequest

    pid = _retired(c)
    h, _ = login(c, "clerk01")
    assert_invalid_request(c.post(f"{PRE}/field/requests", json={"id_number": pid, "reason": f"行动不便{NUL}"},
                                  headers=h))
    with Session(_engine(c)) as s:
        assert s.scalar(select(func.count()).select_from(FieldRequest).where(FieldRequest.id_number == pid)) == 0


def nul_in_audit_record(c) -> None:
    from counter_central.audit import CentralAuditRecord
    from counter_protocol.audit import GENESIS, record_digest

    h, ws = login(c, "clerk01")
    rec = {"seq": 1, "at": "2026-12-04T08:00:00Z", "actor": "clerk01", "workstation_id": ws, "action": "login",
           "object_type": "", "object_id": "", "result": "ok", "detail": f"x{NUL}y", "prev_digest": GENESIS}
    rec["digest"] = record_digest(rec, GENESIS)
    assert_invalid_request(c.post(f"{PRE}/audit/records", json={"records": [rec]}, headers=h))
    with Session(_engine(c)) as s:
        assert s.scalar(select(func.count()).select_from(CentralAuditRecord)
                        .where(CentralAuditRecord.workstation_id == ws)) == 0


NUL_CASES = [nul_in_new_review_item, nul_in_review_proposal_reason, nul_in_review_decision_reason,
             nul_in_field_request_reason, nul_in_audit_record]


@pytest.mark.parametrize("case", NUL_CASES, ids=lambda f: f.__name__)
def test_nul_in_free_text_is_the_documented_422_and_nothing_is_written(central_sqlite_client, case):
    case(central_sqlite_client)


def _protocol_models() -> dict:
    import importlib
    import pkgutil

    from pydantic import BaseModel

    import counter_protocol

    out = {}
    for m in pkgutil.iter_modules(counter_protocol.__path__):
        mod = importlib.import_module(f"counter_protocol.{m.name}")
        for v in vars(mod).values():
            if isinstance(v, type) and issubclass(v, BaseModel) and v.__module__ == mod.__name__:
                out[v.__name__] = v
    return out


def _text_fields(model, seen: set):
    """(model, field name, FieldInfo) of every field holding text (str, list[str], …), nested
    models followed."""
    from typing import get_args

    from pydantic import BaseModel

    if model in seen:
        return
    seen.add(model)
    for name, fi in model.model_fields.items():
        stack = [fi.annotation]
        while stack:
            t = stack.pop()
            if t is str:
                yield model, name, fi
                break
            if isinstance(t, type) and issubclass(t, BaseModel):
                yield from _text_fields(t, seen)
            stack.extend(get_args(t))


def test_no_request_field_of_the_protocol_takes_a_nul():
    """Every text field of every documented request body (nested models included) and of the push
    payloads the centre stores in columns refuses a NUL: SafeStr, or a pattern without it."""
    from typing import Annotated

    from pydantic import TypeAdapter, ValidationError

    from counter_central.app import openapi_document

    models = _protocol_models()
    names = {op["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
             for item in openapi_document()["paths"].values() for op in item.values() if "requestBody" in op}
    assert {"PushRequest", "AuditBatch", "ReviewProposal", "VisitRequestIn"} <= names
    names |= {"CertificationRecorded", "RequestPayload", "DecisionPayload"}
    taking = []
    for model, name, fi in (f for n in sorted(names) for f in _text_fields(models[n], set())):
        shortest = next((m.min_length for m in fi.metadata if getattr(m, "min_length", None)), 1)
        value = "a" * (shortest - 1) + NUL
        adapter = TypeAdapter(Annotated[fi.annotation, fi])
        for candidate in (value, [value]):
            try:
                adapter.validate_python(candidate)
            except ValidationError:
                continue
            taking.append(f"{model.__name__}.{name}")
    assert taking == []


def test_nul_in_a_pushed_certification_rejects_that_entry_only(central_sqlite_client):
    c = central_sqlite_client
    pid = _retired(c)
    h, ws = login(c, "clerk01")
    today = _beijing_today()
    bad, good = _cert(pid, today, clerk="clerk01", case_no=f"RZ{NUL}1"), _cert(pid, today, clerk="clerk01", seq=2)
    results = _push(c, h, ws, bad, good)
    assert results[0]["status"] == "rejected" and "认证记录内容不完整" in results[0]["reason"]
    assert results[1]["status"] == "accepted"


# ------------------------------------------------------------------------------ dates in a push

def _beijing_today() -> date:
    return (datetime.now(timezone.utc) + timedelta(hours=8)).date()


def _entry(kind: str, aggregate_type: str, aggregate_id: str, payload: dict, actor: str, seq: int) -> dict:
    body = canonical_json(payload)
    return {"id": str(uuid.uuid4()), "seq": seq, "kind": kind, "aggregate_type": aggregate_type,
            "aggregate_id": aggregate_id, "payload": json.loads(body), "payload_digest": payload_digest(body),
            "actor": actor}


def _cert(pid: str, on: date | str, *, clerk: str, seq: int = 1, **extra) -> dict:
    cid = str(uuid.uuid4())
    on = on if isinstance(on, str) else on.isoformat()
    payload = {"certification_id": cid, "id_number": pid, "certified_on": on,
               "certified_at": datetime.now(timezone.utc).isoformat(), "method": "fingerprint",
               "channel": "window", "clerk": clerk, "valid_until": on, **extra}
    return _entry("certification.recorded", "certification", cid, payload, clerk, seq)


def _push(c, h, ws, *entries) -> list[dict]:
    r = c.post(f"{PRE}/sync/push", json={"workstation_id": ws, "entries": list(entries)}, headers=h)
    assert r.status_code == 200, (r.status_code, r.text)
    return r.json()["results"]


@pytest.mark.parametrize("on", ["2099-01-01", "9999-12-31"])
def test_certification_dated_in_the_future_is_rejected_and_the_batch_goes_on(central_sqlite_client, on):
    c = central_sqlite_client
    pid = _retired(c)
    before = _last_certified(c, pid)
    h, ws = login(c, "clerk01")
    results = _push(c, h, ws, _cert(pid, on, clerk="clerk01"), _cert(pid, _beijing_today(), clerk="clerk01", seq=2))
    assert results[0]["status"] == "rejected" and "晚于今天" in results[0]["reason"], results[0]
    assert results[0]["suggested_action"]
    assert results[1]["status"] == "accepted", results[1]
    assert _last_certified(c, pid) == _beijing_today().isoformat() != before


@pytest.mark.parametrize("certified_at, stored", [
    ("2026-12-04T09:30:00+08:00", datetime(2026, 12, 4, 1, 30)),     # Beijing time: stored in UTC
    ("2026-12-03T20:30:00-05:00", datetime(2026, 12, 4, 1, 30)),
    ("2026-12-04T01:30:00Z", datetime(2026, 12, 4, 1, 30)),
    ("2026-12-04T01:30:00", datetime(2026, 12, 4, 1, 30)),           # naive: UTC, as everywhere in the product
])
def test_certified_at_is_stored_in_utc_like_every_time_of_the_centre(central_sqlite_client, certified_at, stored):
    from counter_central.certification import CertificationRow

    c = central_sqlite_client
    pid = _retired(c)
    h, ws = login(c, "clerk01")
    entry = _cert(pid, "2026-12-04", clerk="clerk01", certified_at=certified_at)
    assert _push(c, h, ws, entry)[0]["status"] == "accepted"
    with Session(_engine(c)) as s:
        assert s.get(CertificationRow, entry["aggregate_id"]).certified_at == stored


def test_certified_at_without_a_utc_time_is_rejected_not_a_500(central_sqlite_client):
    c = central_sqlite_client
    pid = _retired(c)
    h, ws = login(c, "clerk01")
    results = _push(c, h, ws, _cert(pid, "0001-01-01", clerk="clerk01", certified_at="0001-01-01T00:00:00+08:00"),
                    _cert(pid, _beijing_today(), clerk="clerk01", seq=2))
    assert results[0]["status"] == "rejected" and "超出范围" in results[0]["reason"], results[0]
    assert results[1]["status"] == "accepted", results[1]


def test_tomorrow_is_refused_unless_within_the_clock_allowance_of_midnight():
    from counter_protocol.certification import FUTURE_ALLOWANCE, future_date_refusal, latest_day

    assert FUTURE_ALLOWANCE == timedelta(minutes=5)
    noon = datetime(2026, 12, 4, 4, 0, tzinfo=timezone.utc)                   # 12:00 in Beijing
    assert latest_day(noon) == date(2026, 12, 4)
    assert future_date_refusal(date(2026, 12, 4), noon) is None
    assert future_date_refusal(date(2026, 12, 3), noon) is None
    assert "晚于今天" in future_date_refusal(date(2026, 12, 5), noon)
    before_midnight = datetime(2026, 12, 4, 15, 57, tzinfo=timezone.utc)      # 23:57 in Beijing
    assert future_date_refusal(date(2026, 12, 5), before_midnight) is None    # a clock 3 minutes fast
    assert future_date_refusal(date(2026, 12, 5), before_midnight - timedelta(minutes=3)) is not None


def _laptop(c):
    h, ws = login(c, "field01")
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                        serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    return h, ws, key, pem, entries


def _visit_entry(key, pem, id_number: str, visited_at: str, seq: int) -> dict:
    from tests.unit.central.test_field_centre import PHOTO_PATH      # the identity evidence an eligible visit needs

    visit = {"visit_id": str(uuid.uuid4()), "id_number": id_number, "result": "eligible", "note": "",
             "visited_at": visited_at, "staff": ["field01", "field02"], **PHOTO_PATH}
    return _entry(field_proto.VISIT_KIND, field_proto.AGGREGATE, visit["visit_id"], field_proto.seal(visit, key, pem),
                  "field01", seq)


@pytest.mark.parametrize("visited_at, reason", [
    ("0001-01-01T00:00:00+08:00", "超出范围"),            # no UTC time for it
    ("9999-12-31T23:59:59-08:00", "超出范围"),
    ("2099-06-01T02:00:00+00:00", "晚于今天"),
])
def test_visit_out_of_range_or_in_the_future_is_rejected_and_the_batch_goes_on(central_sqlite_client,
                                                                                visited_at, reason):
    from counter_central.db import FieldVisit

    c = central_sqlite_client
    h, ws, key, pem, entries = _laptop(c)
    first, second = entries[0]["id_number"], entries[1]["id_number"]
    before = _last_certified(c, first)
    now = datetime.now(timezone.utc).isoformat()
    results = _push(c, h, ws, _visit_entry(key, pem, first, visited_at, 1), _visit_entry(key, pem, second, now, 2))
    assert results[0]["status"] == "rejected" and reason in results[0]["reason"], results[0]
    assert results[1]["status"] == "accepted", results[1]
    assert _last_certified(c, first) == before
    assert _last_certified(c, second) == _beijing_today().isoformat()
    with Session(_engine(c)) as s:
        assert s.scalar(select(func.count()).select_from(FieldVisit).where(FieldVisit.id_number == first)) == 0


# ------------------------------------------------------------------------------ unparseable JSON

@pytest.mark.parametrize("path, user, body", [
    ("/cases/updates", "supervisor01",
     '{"kind":"case.info_sheet_received","case_id":"C-BIG","payload":{"x":1%s}}' % ("0" * 5000)),
    ("/reference", "admin01", '{"name":"zz","version":"1","content":{"x":1%s}}' % ("0" * 5000)),
])
def test_a_number_too_long_to_parse_is_the_documented_chinese_422(central_sqlite_client, path, user, body):
    c = central_sqlite_client
    h, _ = login(c, user)
    r = c.post(f"{PRE}{path}", content=body, headers={**h, "content-type": "application/json"})
    assert_invalid_request(r)
    assert r.json()["errors"] == [{"loc": ["body"], "msg": "请求内容无法解析为 JSON（如数字位数过多）",
                                   "type": "json_invalid"}]
    assert c.get(f"{PRE}/reference/zz", headers=h).status_code in (403, 404)     # nothing published


@pytest.mark.parametrize("number, where", [
    ("1e400", "content.x"),                              # overflows a float: infinity
    ("-1e400", "content.x"),
    ("NaN", "content.x"),                                # no JSON, but Python's parser takes it
    ("Infinity", "content.x"),
    ('{"values": [1, {"value": 1e999}]}', "content.x.values[1].value"),
])
def test_reference_data_with_a_number_that_is_not_finite_is_the_documented_chinese_422(central_sqlite_client,
                                                                                         number, where):
    """Stored, 1e400 became ``Infinity`` (no JSON) in the table and ``null`` for every counter: refused."""
    c = central_sqlite_client
    h, _ = login(c, "admin01")
    body = '{"name":"offices","version":"1","content":{"ok":0.08,"x":%s}}' % number
    r = c.post(f"{PRE}/reference", content=body, headers={**h, "content-type": "application/json"})
    assert_invalid_request(r)
    [error] = r.json()["errors"]
    assert error["loc"] == ["body", "content"] and error["type"] == "finite_number"
    assert error["msg"].startswith(f"{where} 的数值超出范围或不是有效数字"), error
    assert c.get(f"{PRE}/reference/offices", headers=h).status_code == 404                # nothing published
    fine = c.post(f"{PRE}/reference", json={"name": "offices", "version": "1", "content": {"x": 1e300, "y": -0.0}},
                  headers=h)
    assert fine.status_code == 201 and fine.json()["content"] == {"x": 1e300, "y": -0.0}


def test_a_case_update_with_a_number_that_is_not_finite_is_the_documented_chinese_422(central_sqlite_client):
    from counter_central.db import ChangeRow

    c = central_sqlite_client
    h, _ = login(c, "supervisor01")
    body = '{"kind":"case.info_sheet_received","case_id":"C-INF","payload":{"n":[1,NaN]}}'
    r = c.post(f"{PRE}/cases/updates", content=body, headers={**h, "content-type": "application/json"})
    assert_invalid_request(r)
    [error] = r.json()["errors"]
    assert error["loc"] == ["body", "payload"] and error["type"] == "finite_number"
    assert error["msg"].startswith("payload.n[1] 的数值超出范围或不是有效数字"), error
    with Session(_engine(c)) as s:
        assert s.scalar(select(func.count()).select_from(ChangeRow).where(ChangeRow.aggregate_id == "C-INF")) == 0


def test_other_http_errors_keep_their_status(central_sqlite_client):
    c = central_sqlite_client
    assert c.get(f"{PRE}/no/such/route").status_code == 404
    assert c.put(f"{PRE}/cases/updates", json={}).status_code == 405


# ------------------------------------------------------------------------------ the service log

def test_a_failing_statement_carries_no_bound_value(tmp_path):
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from counter_central.db import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    secret = "440305195805201364"
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id_number TEXT PRIMARY KEY)"))
        conn.execute(text("INSERT INTO t VALUES (:v)"), {"v": secret})
    with pytest.raises(IntegrityError) as err, engine.begin() as conn:
        conn.execute(text("INSERT INTO t VALUES (:v)"), {"v": secret})
    engine.dispose()
    assert secret not in str(err.value) and "hidden" in str(err.value)


def test_the_log_shows_a_database_error_without_its_values():
    """A PostgreSQL unique violation quotes the key (``DETAIL: Key (id_number)=(…)``) in the
    driver's own message, which ``hide_parameters`` does not reach: the log shows its class,
    SQLSTATE and statement only; other messages are masked."""
    import logging

    from sqlalchemy.exc import IntegrityError

    from counter_central.observability import JsonFormatter

    secret, name = "440305195805201364", "王秀英"

    class UniqueViolation(Exception):
        sqlstate = "23505"

    UniqueViolation.__module__, UniqueViolation.__qualname__ = "psycopg.errors", "UniqueViolation"
    orig = UniqueViolation(f'duplicate key value violates unique constraint "pk"\nDETAIL:  Key (id_number, name)=({secret}, {name}) already exists.')
    try:
        try:
            raise IntegrityError("INSERT INTO t (id_number, name) VALUES (%(a)s, %(b)s)",
                                 {"a": secret, "b": name}, orig)
        except IntegrityError as exc:
            raise RuntimeError(f"push failed for {secret}") from exc
    except RuntimeError:
        import sys

        record = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1, "Exception in ASGI application "
                                   f"(id {secret})", (), sys.exc_info())
    line = json.loads(JsonFormatter().format(record))
    text = line["msg"] + line["exc"]
    assert secret not in text and name not in text, text
    assert "SQLSTATE 23505" in text and "INSERT INTO t (id_number, name)" in text
    assert "psycopg.errors.UniqueViolation" in text and "sqlalchemy.exc.IntegrityError" in text
    assert "RuntimeError: push failed for 440305********1364" in text
    assert "The above exception was the direct cause" in text and "Traceback (most recent call last)" in text


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")], ids=["nan", "inf", "-inf"])
def test_a_pushed_entry_with_a_number_that_is_not_finite_is_rejected_alone(central_sqlite_client, bad):
    """NaN / Infinity are no JSON numbers: the entry carrying one is rejected naming where it is,
    the rest of the batch is taken, and nothing of it is stored."""
    c = central_sqlite_client
    h, ws = login(c, "clerk01")
    nan_case, good_case = str(uuid.uuid4()), str(uuid.uuid4())
    bad_entry = _entry("case.note", "case", nan_case, {"note": "x", "figures": {"amount": bad}}, "clerk01", 1)
    good_entry = _entry("case.note", "case", good_case, {"note": "y"}, "clerk01", 2)
    r = c.post(f"{PRE}/sync/push", content=json.dumps({"workstation_id": ws, "entries": [bad_entry, good_entry]}),
               headers={**h, "content-type": "application/json"})
    assert r.status_code == 200, r.text
    first, second = r.json()["results"]
    assert first["status"] == "rejected" and "payload.figures.amount" in first["reason"] and "有效数字" in first["reason"]
    assert second["status"] == "accepted"
    r = c.post(f"{PRE}/sync/missing", json={"ids": [bad_entry["id"], good_entry["id"]]}, headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["missing"] == [bad_entry["id"]]            # the rejected one is not held


def test_a_pushed_overflowing_number_is_rejected_and_the_words_nan_and_infinity_in_text_are_not(central_sqlite_client):
    """The check looks for the words NaN / Infinity in the payload's text before it walks the
    payload: a number written 1e400 in the body (parsed as infinity, written back as Infinity) is
    found; a note saying "NaN" or "-Infinity", or a key of that name, is text and is taken."""
    c = central_sqlite_client
    h, ws = login(c, "clerk01")
    words = _entry("case.note", "case", str(uuid.uuid4()),
                   {"note": "NaN", "Infinity": ["-Infinity", "NaN件"], "n": 1.5}, "clerk01", 1)
    overflow = _entry("case.note", "case", str(uuid.uuid4()), {"note": "x", "amount": 1.0}, "clerk01", 2)
    body = json.dumps({"workstation_id": ws, "entries": [words, overflow]}, ensure_ascii=False)
    # the client hashed its own text, 1e400 included (json.dumps writes the parsed value as Infinity)
    overflow_text = '{"amount":Infinity,"note":"x"}'
    body = body.replace('"amount": 1.0', '"amount": 1e400').replace(
        overflow["payload_digest"], payload_digest(overflow_text))
    r = c.post(f"{PRE}/sync/push", content=body.encode(), headers={**h, "content-type": "application/json"})
    assert r.status_code == 200, r.text
    first, second = r.json()["results"]
    assert first["status"] == "accepted", first
    assert second["status"] == "rejected" and "payload.amount" in second["reason"], second
