"""On PostgreSQL (production), which cannot store a NUL in text: every free-text write with one is
the documented 422 with nothing committed, not a 500; and a real ``counter-central serve`` writes
no ID number of such a request into its log (the cases: tests/unit/central/test_central_input.py)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from tests.support.central import DEMO_PASSWORDS, start_central
from tests.unit.central.test_central_input import NUL_CASES

pytestmark = pytest.mark.integration


@pytest.fixture
def pg_centre(postgres_url):
    from fastapi.testclient import TestClient

    from counter_central.app import create_app
    from counter_central.seed import seed_demo

    app = create_app(postgres_url, demo=True)
    with Session(app.state.engine) as s:
        seed_demo(s, with_reference=False)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
    app.state.engine.dispose()


@pytest.mark.parametrize("case", NUL_CASES, ids=lambda f: f.__name__)
def test_nul_in_free_text_is_the_documented_422_on_postgresql(pg_centre, case):
    case(pg_centre)


def test_serve_log_holds_no_id_number_of_a_refused_request(postgres_url, tmp_path):
    import httpx

    from counter_central.db import RegistryPerson

    central = start_central(postgres_url, tmp_path)
    try:
        engine = create_engine(postgres_url)
        with Session(engine) as s:
            pid = s.scalars(select(RegistryPerson.id_number).where(RegistryPerson.status == "retired")).first()
        engine.dispose()
        with httpx.Client(base_url=central.url, trust_env=False) as c:
            token = c.post("/api/v1/auth/login", json={"username": "clerk01", "password": DEMO_PASSWORDS["clerk01"],
                                                       "workstation_id": f"T-{uuid.uuid4().hex[:8]}"}).json()["access_token"]
            r = c.post("/api/v1/field/requests", json={"id_number": pid, "reason": "行动不便\u0000"},
                       headers={"Authorization": f"Bearer {token}"})
    finally:
        central.stop()
    log = central.log_path.read_text(errors="replace")
    assert r.status_code == 422, r.text
    assert pid not in log


def test_a_failing_statement_on_postgresql_logs_no_value(postgres_url):
    """The errors PostgreSQL gives on bad values — a NUL in text (the driver), a duplicate key
    (whose DETAIL quotes the key) — formatted as the service log formats them: no value of the
    statement in them."""
    import logging
    import sys

    from sqlalchemy import text
    from sqlalchemy.exc import DataError, IntegrityError

    from counter_central.db import make_engine
    from counter_central.observability import JsonFormatter

    secret = "440305195805201364"
    engine = make_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE leak_probe (id_number TEXT PRIMARY KEY, note TEXT)"))
        conn.execute(text("INSERT INTO leak_probe VALUES (:a, '')"), {"a": secret})
    texts = []
    for params, error in (({"a": "X" + secret[1:], "b": "王秀英\u0000"}, DataError),
                          ({"a": secret, "b": "王秀英"}, IntegrityError)):
        try:
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO leak_probe VALUES (:a, :b)"), params)
        except error:
            record = logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1, "Exception in ASGI application",
                                       (), sys.exc_info())
            texts.append(JsonFormatter().format(record))
    engine.dispose()
    assert len(texts) == 2
    for line in texts:
        assert secret[1:] not in line and "王秀英" not in line and "INSERT INTO leak_probe" in line, line
    assert "SQLSTATE 23505" in texts[1]


def test_a_new_audit_chain_starting_beyond_any_anchor_is_the_documented_409_on_postgresql(pg_centre):
    """The fuzz run found it: a workstation's first push of audit records starting at seq
    84,876,393,012,001 made the centre look for an anchor at seq − 1 in a 32-bit column, which
    PostgreSQL answers with an error (500). It is a chain that continues no anchor: 409, nothing stored."""
    from counter_protocol.audit import GENESIS, record_digest

    token = pg_centre.post("/api/v1/auth/login", json={"username": "clerk01", "password": DEMO_PASSWORDS["clerk01"],
                                                       "workstation_id": "FT-W01"}).json()["access_token"]
    fields = {"seq": 84876393012001, "at": "2026-03-01T02:00:00Z", "actor": "clerk01", "workstation_id": "FT-W01",
              "action": "login", "object_type": "", "object_id": "", "result": "ok", "detail": ""}
    record = {**fields, "prev_digest": GENESIS, "digest": record_digest(fields, GENESIS)}
    r = pg_centre.post("/api/v1/audit/records", json={"records": [record]}, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 409 and r.json()["reason"] == "audit_chain_broken", r.text
    assert pg_centre.get("/api/v1/audit/anchor", headers={"Authorization": f"Bearer {token}"}).json()["seq"] == 0
