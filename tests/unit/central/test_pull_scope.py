"""The centre's pull by scope (拉取范围): a login whose roles are all field roles (外勤上门认证) gets only
the changes a field laptop uses, and the cursor answered still passes over the ones left out; every
other login gets everything as before."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_central.core import add_change
from counter_central.db import ChangeRow
from counter_protocol import sync as p
from tests.support.central import DEMO_PASSWORDS

PRE = "/api/v1"
WS = "FT-W01"


def _headers(client, user: str) -> dict:
    r = client.post(f"{PRE}/auth/login", json={"username": user, "password": DEMO_PASSWORDS[user], "workstation_id": WS})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _publish_counter_business(client, sup: dict) -> str:
    """A supervisor's case update and an approval request for office FT: the counter's business."""
    case = f"C{uuid.uuid4().hex[:10]}"
    r = client.post(f"{PRE}/cases/updates", headers=sup,
                    json={"kind": "case.info_sheet_received", "case_id": case, "office_code": "FT",
                          "payload": {"sheet_no": "XX-1"}})
    assert r.status_code in (200, 201), r.text
    with Session(client.app.state.engine) as s:
        add_change(s, "approval.requested", "approval", str(uuid.uuid4()), {"case_id": case, "summary": "待遇核定"},
                   office_code="FT")
        s.commit()
    return case


def _publish_reference(client, admin: dict, version: str) -> None:
    r = client.post(f"{PRE}/reference", headers=admin,
                    json={"name": "offices", "version": version, "content": {"offices": {}}})
    assert r.status_code == 201, r.text


def _newest(client) -> int:
    with Session(client.app.state.engine) as s:
        return int(s.scalar(select(func.max(ChangeRow.cursor))))


def _pull(client, h: dict, since: int, limit: int = 500) -> dict:
    r = client.get(f"{PRE}/sync/pull", params={"since": since, "limit": limit}, headers=h)
    assert r.status_code == 200, r.text
    return r.json()


def test_a_field_login_pulls_only_field_kinds_and_its_cursor_passes_over_the_rest(central_sqlite_client):
    c = central_sqlite_client
    sup, admin = _headers(c, "supervisor01"), _headers(c, "admin01")
    _publish_counter_business(c, sup)
    _publish_reference(c, admin, "v1")
    _publish_counter_business(c, sup)          # the newest changes are all counter business
    newest = _newest(c)

    field = _pull(c, _headers(c, "field01"), 0)
    kinds = {ch["kind"] for ch in field["changes"]}
    assert kinds == {"reference.published"} and field["scope"] == "field"
    assert field["cursor"] == newest and field["more"] is False    # passed over the trailing counter changes

    clerk = _pull(c, _headers(c, "clerk01"), 0)
    assert {"reference.published", "case.info_sheet_received", "approval.requested"} <= {ch["kind"] for ch in clerk["changes"]}
    assert clerk["scope"] == "counter" and clerk["cursor"] == newest

    # nothing of the field scope after its cursor: the next field pull is empty and stays there
    again = _pull(c, _headers(c, "field01"), field["cursor"])
    assert again["changes"] == [] and again["cursor"] == newest


def test_a_field_pull_with_only_counter_changes_after_its_cursor_still_advances(central_sqlite_client):
    c = central_sqlite_client
    sup, admin = _headers(c, "supervisor01"), _headers(c, "admin01")
    _publish_reference(c, admin, "v1")
    start = _newest(c)
    for _ in range(3):
        _publish_counter_business(c, sup)
    answer = _pull(c, _headers(c, "field01"), start)
    assert answer["changes"] == [] and answer["cursor"] == _newest(c) > start


def test_field_pages_in_order_and_every_reference_arrives(central_sqlite_client):
    c = central_sqlite_client
    sup, admin = _headers(c, "supervisor01"), _headers(c, "admin01")
    for n in range(3):
        _publish_counter_business(c, sup)
        _publish_reference(c, admin, f"v{n}")
    _publish_counter_business(c, sup)
    h = _headers(c, "field01")
    since, got, pages = 0, [], 0
    while True:
        page = _pull(c, h, since, limit=1)
        pages += 1
        got += [ch["payload"]["version"] for ch in page["changes"]]
        assert page["cursor"] >= since
        since = page["cursor"]
        if not page["more"]:
            break
    assert got == ["v0", "v1", "v2"] and since == _newest(c) and pages == 3


def test_the_scope_of_roles():
    assert p.pull_scope(["field"]) == "field"
    assert p.pull_scope(["clerk", "field"]) == "counter"       # a counter role: everything
    assert p.pull_scope(["supervisor"]) == "counter"
    assert p.pull_scope(["auditor"]) == "counter"
    assert p.pull_scope([]) == "counter"                       # roles not known: the superset
    assert set(p.FIELD_CHANGE_KINDS) == {"reference.published"}


def test_every_answer_carries_the_newest_cursor_of_the_whole_log(central_sqlite_client):
    """``newest`` is the change log's newest cursor, whatever the scope and the page: a client holding a
    cursor past it (an earlier release's unchecked store, a centre restored from a backup) can tell."""
    c = central_sqlite_client
    sup, admin = _headers(c, "supervisor01"), _headers(c, "admin01")
    _publish_reference(c, admin, "v1")
    _publish_counter_business(c, sup)
    newest = _newest(c)
    first = _pull(c, _headers(c, "clerk01"), 0, limit=1)
    assert first["more"] is True and first["cursor"] < newest and first["newest"] == newest
    field = _pull(c, _headers(c, "field01"), 0)
    assert field["newest"] == newest
    ahead = _pull(c, _headers(c, "clerk01"), newest + 1000)
    assert ahead["changes"] == [] and ahead["cursor"] == newest + 1000 and ahead["newest"] == newest
