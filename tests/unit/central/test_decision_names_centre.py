"""The centre names the supervisor who decided by name too (posted_by_name, as its user list has
them), so a counter's decision documents print 审批人 by name, never a login id
(tests/unit/workflows/test_decision_names.py); like posted_by, a name the body gives is not kept."""

from __future__ import annotations

import pytest


@pytest.fixture
def central(central_sqlite_client):
    return central_sqlite_client


def test_a_case_update_carries_the_supervisors_name_as_the_centre_knows_it(central):
    r = central.post("/api/v1/auth/login", json={"username": "supervisor01", "password": "supervisor01-demo",
                                                  "workstation_id": "W9"})
    sup = {"Authorization": f"Bearer {r.json()['access_token']}"}
    update = {"kind": "case.escalation_decision", "case_id": "C1",
              "payload": {"escalation": "rejection", "decision": "refused", "reason": "材料可补",
                          "posted_by": "someone-else", "posted_by_name": "冒名"}}
    r = central.post("/api/v1/cases/updates", json=update, headers=sup)
    assert r.status_code == 201, r.text
    payload = r.json()["payload"]
    assert payload["posted_by"] == "supervisor01" and payload["posted_by_name"] == "科长01"
