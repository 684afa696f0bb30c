"""The central service on its embedded SQLite (what ``make run`` uses), in-process."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from counter_app.sync import protocol as p


@pytest.fixture
def central(tmp_path):
    from sqlalchemy.orm import Session

    from counter_central.app import create_app
    from counter_central.seed import seed_demo

    app = create_app(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    with Session(app.state.engine) as s:
        seed_demo(s, with_reference=False)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def item(i, payload, id_=None):
    import uuid6

    return p.OutboxItem(id=id_ or str(uuid6.uuid7()), seq=i, kind="case.transition", aggregate_type="case",
                        aggregate_id="S1", payload=payload, payload_digest=p.payload_digest(p.canonical_json(payload)))


def test_login_push_idempotent_and_state_checked_on_sqlite(central):
    r = central.post("/api/v1/auth/login", json={"username": "clerk01", "password": "clerk01-demo", "workstation_id": "W1"})
    assert r.status_code == 200
    h = {"Authorization": f"Bearer {r.json()['access_token']}"}
    bad = central.post("/api/v1/auth/login", json={"username": "clerk01", "password": "x", "workstation_id": "W1"})
    assert bad.status_code == 401 and bad.json()["reason"] == "invalid_credentials" and "密码" in bad.json()["detail"]
    create = item(1, {"from_state": "", "to_state": "draft"})
    submit = item(2, {"from_state": "draft", "to_state": "review"})
    jump = item(3, {"from_state": "review", "to_state": "archived"})
    body = p.PushRequest(workstation_id="W1", entries=[create, submit, jump]).model_dump(mode="json")
    res = central.post("/api/v1/sync/push", json=body, headers=h).json()["results"]
    assert [x["status"] for x in res] == ["accepted", "accepted", "rejected"]
    again = central.post("/api/v1/sync/push", json=body, headers=h).json()["results"]
    assert [x["status"] for x in again] == ["duplicate"] * 3
    assert [x["outcome"] for x in again] == ["accepted", "accepted", "rejected"]
    other = p.PushRequest(workstation_id="W2", entries=[create]).model_dump(mode="json")
    assert central.post("/api/v1/sync/push", json=other, headers=h).status_code == 403
    assert central.post("/api/v1/sync/push", json=body).status_code == 401
    assert central.post("/api/v1/sync/push", json={"entries": "x"}, headers=h).status_code == 422
    health = central.get("/api/v1/health").json()
    assert health["status"] == "ok" and health["database"] == "sqlite"
