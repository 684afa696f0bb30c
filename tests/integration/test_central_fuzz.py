"""Malformed requests get a 4xx, never a 5xx, and every answer matches the documented schema:
schemathesis against the served OpenAPI document and hypothesis-made push bodies, on the real
service and PostgreSQL. Bounded in time: each operation gets at most ``BUDGET_SECONDS``."""

from __future__ import annotations

import json
import time

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.integration


def _operations():
    from counter_central.app import openapi_document

    schema = schemathesis.openapi.from_dict(openapi_document())
    return [op.ok() for op in schema.get_all_operations()]


BUDGET_SECONDS = 20.0


@pytest.mark.parametrize("operation", _operations(), ids=lambda op: f"{op.method.upper()} {op.path}")
def test_no_5xx_and_no_answer_off_schema_for_schema_generated_requests(operation, central_server, token):
    """schemathesis cases from the OpenAPI document the service serves (checked equal to the
    committed one): no 5xx, and every answer conforms to the response schema documented for its
    status (the Chinese 413 / 422 bodies of the request limits included)."""
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import response_schema_conformance

    served = httpx.get(central_server.url + "/openapi.json").json()
    assert operation.path in served["paths"]
    started = time.monotonic()
    calls = []

    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=False)
    def check(case):
        if time.monotonic() - started > BUDGET_SECONDS:
            return
        headers = dict(case.headers or {})
        headers.setdefault("Authorization", f"Bearer {token}")
        case.headers = headers
        response = case.call(base_url=central_server.url)
        calls.append(response.status_code)
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    check()
    assert calls and all(code < 500 for code in calls)


@pytest.fixture(scope="module")
def token(central_server):
    r = httpx.post(central_server.url + "/api/v1/auth/login",
                   json={"username": "clerk01", "password": "clerk01-demo", "workstation_id": "FUZZ-1"})
    return r.json()["access_token"]


json_leaf = st.one_of(st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
                      st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20))
json_value = st.recursive(json_leaf, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                             st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                          max_leaves=12)
entry_fields = {
    "id": st.one_of(st.uuids().map(str), st.text(max_size=40), json_leaf),
    "seq": st.one_of(st.integers(min_value=-2**70, max_value=2**70), json_leaf),
    "kind": st.one_of(st.just("case.transition"), st.text(max_size=70), json_leaf),
    "aggregate_type": st.one_of(st.just("case"), st.text(max_size=40)),
    "aggregate_id": st.one_of(st.text(min_size=1, max_size=80), json_leaf),
    "payload": st.one_of(st.dictionaries(st.sampled_from(["from_state", "to_state", "x", "\x00"]), json_value, max_size=3),
                         json_value),
    "payload_digest": st.one_of(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64), st.text(max_size=70)),
    "actor": st.one_of(st.text(max_size=70), json_leaf),
    "created_at": st.one_of(st.none(), st.datetimes().map(lambda d: d.isoformat()), st.text(max_size=30),
                            st.just("0001-01-01T00:00:00+14:00"), st.just("9999-12-31T23:59:59-14:00")),
    "supersedes": st.one_of(st.none(), st.uuids().map(str), st.text(max_size=40)),
}
entry = st.fixed_dictionaries({}, optional=entry_fields)
push_body = st.one_of(
    st.fixed_dictionaries({"workstation_id": st.one_of(st.just("FUZZ-1"), st.text(max_size=40)),
                           "entries": st.lists(entry, max_size=4)}),
    json_value,
)


@given(body=push_body)
@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
def test_malformed_push_bodies_are_4xx(central_server, token, body):
    r = httpx.post(central_server.url + "/api/v1/sync/push", content=json.dumps(body, default=str),
                   headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"}, timeout=10)
    assert r.status_code < 500, r.text[:500]
    if r.status_code == 200:
        assert len(r.json()["results"]) == len(body["entries"])


@pytest.mark.parametrize("raw", [b"", b"{", b"\xff\xfe", b'{"workstation_id": "FUZZ-1", "entries": [' + b"[" * 5000 + b"]" * 5000 + b"]}",
                                 b'{"workstation_id":"FUZZ-1","entries":[{"id":"\\ud800"}]}'])
def test_broken_json_is_4xx(central_server, token, raw):
    r = httpx.post(central_server.url + "/api/v1/sync/push", content=raw,
                   headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"}, timeout=10)
    assert 400 <= r.status_code < 500
    assert isinstance(r.json()["detail"], str)        # a Chinese reason, as documented (ValidationErrorBody)


def test_a_63_mb_body_is_refused_without_growing_the_server(central_server, token):
    """Finding 6: 63 MB bodies were accepted and the server grew from 164 to 425 MB."""
    import psutil

    proc = psutil.Process(central_server.proc.pid)
    before = proc.memory_info().rss

    def body():
        yield b'{"workstation_id":"FUZZ-1","entries":['
        for _ in range(63):
            yield b" " * (1024 * 1024)
        yield b"]}"

    try:
        r = httpx.post(central_server.url + "/api/v1/sync/push", content=body(), timeout=30,
                       headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        assert r.status_code == 413 and "过大" in r.json()["detail"]
    except httpx.TransportError:
        pass   # the server answered 413 and closed while the rest was still being sent
    assert proc.memory_info().rss - before < 30 * 1024 * 1024
