"""The central service on its embedded SQLite (what ``make run`` uses), in-process."""

from __future__ import annotations

import pytest

from counter_protocol import sync as p


@pytest.fixture
def central(central_sqlite_client):
    return central_sqlite_client


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


def test_summary_counts_accepted_entries_and_missing_names_the_keys_not_held(central):
    import uuid6

    r = central.post("/api/v1/auth/login", json={"username": "clerk01", "password": "clerk01-demo", "workstation_id": "W7"})
    h = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert central.get("/api/v1/sync/summary", headers=h).json()["accepted"] == 0
    entries = [item(1, {"from_state": "", "to_state": "draft"}), item(2, {"from_state": "draft", "to_state": "review"}),
               item(3, {"from_state": "review", "to_state": "archived"})]       # the last one is rejected
    body = p.PushRequest(workstation_id="W7", entries=entries).model_dump(mode="json")
    central.post("/api/v1/sync/push", json=body, headers=h)
    central.post("/api/v1/sync/push", json=body, headers=h)                      # duplicates add nothing
    summary = central.get("/api/v1/sync/summary", headers=h).json()
    assert summary["workstation_id"] == "W7" and summary["accepted"] == 2
    never_sent = str(uuid6.uuid7())
    asked = [entries[0].id, never_sent, entries[2].id, never_sent]
    r = central.post("/api/v1/sync/missing", json={"ids": asked}, headers=h)
    assert r.status_code == 200 and r.json()["missing"] == [never_sent]
    assert central.post("/api/v1/sync/missing", json={"ids": ["not-a-key"]}, headers=h).status_code == 422
    assert central.post("/api/v1/sync/missing", json={"ids": []}, headers=h).status_code == 422
    assert central.get("/api/v1/sync/summary").status_code == 401


def test_the_tally_migration_counts_what_was_accepted_before_it(tmp_path):
    from sqlalchemy import text

    from tests.support.central import central_database_at, schema_drift

    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0002_issued_number_floors")
    with engine.begin() as conn:
        for key, ws, outcome in [("a", "W1", "accepted"), ("b", "W1", "accepted"), ("c", "W1", "rejected"),
                                 ("d", "W2", "accepted"), ("e", "W3", "conflict")]:
            conn.execute(text(
                "INSERT INTO received_entries (id, workstation_id, client_seq, kind, aggregate_type, aggregate_id,"
                " payload, payload_digest, actor, pushed_by, source, received_at, outcome)"
                " VALUES (:id, :ws, 1, 'case.note', 'case', 'x', '{}', 'd', '', '', 'push', '2026-01-02 00:00:00', :o)"),
                dict(id=key, ws=ws, o=outcome))
    upgrade("heads")
    with engine.connect() as conn:
        got = dict(conn.execute(text("SELECT workstation_id, accepted FROM workstation_tallies")).all())
    drift = schema_drift(engine, "workstation_tallies")
    engine.dispose()
    assert got == {"W1": 2, "W2": 1} and drift == []


def test_a_supervisor_posts_case_updates_for_their_own_office_only(central):
    def token(user):
        r = central.post("/api/v1/auth/login", json={"username": user, "password": f"{user}-demo", "workstation_id": "W9"})
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    sup, clerk, admin = token("supervisor01"), token("clerk01"), token("admin01")
    update = {"kind": "case.escalation_decision", "case_id": "C1",
              "payload": {"escalation": "rejection", "decision": "refused", "reason": "材料可补",
                          "posted_by": "someone-else"}}
    r = central.post("/api/v1/cases/updates", json=update, headers=sup)
    assert r.status_code == 201 and r.json()["payload"]["posted_by"] == "supervisor01"   # the centre says who
    other = central.post("/api/v1/cases/updates", json={**update, "office_code": "LH"}, headers=sup)
    assert other.status_code == 403 and "本分局" in other.json()["detail"]
    assert central.post("/api/v1/cases/updates", json=update, headers=clerk).status_code == 403
    # the administrator posts an office's updates (信息表已收到) but decides no approval (分级授权)
    refused = central.post("/api/v1/cases/updates", json={**update, "office_code": "LH"}, headers=admin)
    assert refused.status_code == 403 and refused.json()["detail"] == "只有科长（负责人）可以审批"
    sheet = {"kind": "case.info_sheet_received", "case_id": "C1", "office_code": "LH", "payload": {"sheet": {"a": 1}}}
    assert central.post("/api/v1/cases/updates", json=sheet, headers=admin).status_code == 201
    # the update without an office went to the supervisor's office (FT); the one for LH is not FT's to see
    changes = central.get("/api/v1/sync/pull?since=0", headers=clerk).json()["changes"]
    assert [c["payload"]["posted_by"] for c in changes if c["aggregate_id"] == "C1"] == ["supervisor01"]
