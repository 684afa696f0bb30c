"""A table published after a request was stored raises the level its decision needs (分级授权) — at the
centre. The counters learnt it only from the refusal of an on-site decision made at the old level.
Now the raise is published to the office as the request's ``approval.requested`` change, which the
counter mirrors: its own on-site check asks the raised level at once. The real centre, in-process on
SQLite."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.workflows.approvals import ApprovalRefused, ApprovalService, apply_pulled
from counter_protocol import sync as p
from tests.unit.central.test_central_security import _publish_authorisation
from tests.unit.sync.test_on_site_refused_by_centre import OFFICE, _client, _login, _refused_case, _sync


def _published_levels(central, rid: str) -> list[int]:
    from counter_central.db import ChangeRow
    from counter_central.entry_key import opened_change

    with Session(central.app.state.engine) as s:
        return [json.loads(opened_change(c))["required_level"] for c in s.scalars(
            select(ChangeRow).where(ChangeRow.kind == "approval.requested", ChangeRow.aggregate_id == rid)
            .order_by(ChangeRow.cursor))]


def test_a_raised_level_reaches_the_counters_on_site_check(store, central_sqlite_client, tmp_path):
    central = central_sqlite_client
    clerk = _login(central, "clerk01").access_token
    key = bytes.fromhex(_login(central, "supervisor01").approval_key or "")
    _workflow, cid, rid = _refused_case(store)
    assert _sync(store, central, clerk).rejected == 0
    approvals = ApprovalService(store, actor="clerk01", names={"clerk01": "窗口经办员01"}, **OFFICE)
    assert approvals.get(rid)["required_level"] == 1
    assert _published_levels(central, rid) == [1]

    _publish_authorisation(central.app, tmp_path, [{"action": "rejection", "level": 2}])
    assert _published_levels(central, rid) == [1, 2]             # the raise, published to the office
    with _client(central, _login(central, "supervisor01").access_token) as c:
        assert [i.required_level for i in c.approvals("pending").items if i.id == rid] == [2]
    assert _published_levels(central, rid) == [1, 2]             # once

    _sync(store, central, clerk)
    apply_pulled(store)
    assert approvals.get(rid)["required_level"] == 2
    checker = p.UserInfo(username="supervisor01", display_name="科长01", roles=["supervisor", "clerk"],
                         office_code="FT", approval_level=1, staff_no="FT2001")
    with pytest.raises(ApprovalRefused, match=r"审批级别不足：该事项须由中心主任（2 级）审批，您的级别为 1"):
        approvals.decide_on_site(rid, checker, approve=True, reason="核实已参保", approval_key=key)
    assert approvals.get(rid)["state"] == "pending"
