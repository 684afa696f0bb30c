"""A centre upgraded before the workstations answers with fields the workstation's models do not
know yet (``approval_key`` in ``TokenPair`` was one): the workstation still understands every answer
(unknown fields are ignored, at any depth), while the centre stays strict about what it RECEIVES
(an unknown field in a request is still 422). docs/sync.md, "Compatibility".

The real centre in-process (embedded SQLite, demo users) behind a transport that adds unknown fields
to every JSON object of its answers, as a newer centre would.
"""

from __future__ import annotations

import json

import httpx
import uuid6

from counter_app.sync.client import CentralClient, StaticToken, parse_answer
from counter_protocol import sync as p


def _add_unknown(value):
    if isinstance(value, dict):
        out = {k: _add_unknown(v) for k, v in value.items()}
        out["a_field_of_a_newer_centre"] = {"nested": [1, 2]}
        return out
    if isinstance(value, list):
        return [_add_unknown(v) for v in value]
    return value


class NewerCentre(httpx.BaseTransport):
    """The real centre's answers, each JSON object given a field this client does not know."""

    def __init__(self, inner: httpx.BaseTransport):
        self.inner = inner
        self.changed = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        resp = self.inner.handle_request(request)
        resp.read()
        if resp.status_code < 400 and resp.headers.get("content-type", "").startswith("application/json"):
            body = json.dumps(_add_unknown(json.loads(resp.content))).encode()
            self.changed += 1
            headers = {k: v for k, v in resp.headers.items() if k.lower() != "content-length"}
            return httpx.Response(resp.status_code, headers=headers, content=body, request=request)
        return resp


def test_token_pair_with_unknown_fields_parses():
    body = {"access_token": "a", "refresh_token": "r", "expires_in": 900, "server_time": "2026-12-05T08:00:00Z",
            "approval_key": None, "quota": 3,
            "user": {"username": "clerk01", "display_name": "张三", "roles": ["clerk"], "office_code": "FT",
                     "preferred_language": "zh"}}
    resp = httpx.Response(200, json=body, request=httpx.Request("POST", "http://centre/api/v1/auth/login"))
    pair = parse_answer(resp, p.TokenPair)
    assert pair.access_token == "a" and pair.user.username == "clerk01"
    # the model itself is unchanged: the centre, which validates requests, stays strict
    assert p.TokenPair.model_config["extra"] == "forbid"


def test_older_client_works_with_a_centre_that_adds_fields(central_sqlite_client):
    transport = NewerCentre(central_sqlite_client._transport)
    with CentralClient("http://testserver", transport=transport) as anon:
        assert anon.health().status == "ok"
        pair = anon.login("clerk01", "clerk01-demo", "FT-W01")
    assert pair.user.username == "clerk01"
    with CentralClient("http://testserver", transport=transport, tokens=StaticToken(pair.access_token)) as c:
        payload = {"text": "你好"}
        item = p.OutboxItem(id=str(uuid6.uuid7()), seq=1, kind="note.added", aggregate_type="note",
                            aggregate_id="n1", payload=payload, payload_digest=p.payload_digest(p.canonical_json(payload)),
                            actor="clerk01")
        res = c.push(p.PushRequest(workstation_id="FT-W01", entries=[item]))
        assert res.results[0].status == "accepted"
        assert c.pull(0).cursor >= 0
        assert c.summary() is not None
    assert transport.changed >= 4


def test_centre_still_refuses_unknown_fields_in_requests(central_sqlite_client):
    r = central_sqlite_client.post("/api/v1/auth/login", json={
        "username": "clerk01", "password": "clerk01-demo", "workstation_id": "FT-W01", "extra": 1})
    assert r.status_code == 422
