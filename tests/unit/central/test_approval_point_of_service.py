"""An approval only at a point the case's service has (审批点, 7.3.2), at the centre: a request — or
its approval, 集中授权 or 现场授权 — for a point the flow of the case's service lacks (a 注销参保
approval on a 养老金申领, which approved would let its 受理 pass as a 注销's) is refused with the
reason, and nothing of it is kept. The service is the one the centre holds the case as
(``case_states.service_code``), never what the request says; the catalog's flow says which points
it has (counter_rules.approval_points.service_points). The service in-process on SQLite."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_central.approvals import POINT_ACTION
from counter_central.db import ApprovalRow, ChangeRow
from tests.unit.central.test_central_security import PW, _approval_key, _approval_request, _on_site, auth, entry, push
from tests.unit.central.test_central_security import centre  # noqa: F401  (the fixture)

NO_CANCEL_ON_PENSION = "办件的服务事项「{0}」没有「注销参保」审批点，不能{1}该审批申请"


def _pension_name() -> str:
    """养老金申领's name in the catalog the centre reads (the bundled one: none is published here)."""
    from counter_central.registry.recheck import _bundled_catalog
    from counter_central.resources import resources_root

    return _bundled_catalog(str(resources_root() / "catalog" / "services.json")).get("pension").name


def _opened(case: str, service: str, seq: int = 1):
    """The entries that open ``case`` as ``service`` and submit it (受理审核)."""
    return (entry(seq, {"from_state": "", "to_state": "draft", "service_code": service}, case=case),
            entry(seq + 1, {"from_state": "draft", "to_state": "review", "service_code": service}, case=case))


def _request(case: str, action: str, service: str, level: int = 2):
    rid, item = _approval_request("clerk01", case, action=action, required_level=level)
    payload = {**item.payload, "service_code": service}
    from counter_protocol import sync as p

    return rid, item.model_copy(update={"payload": payload,
                                        "payload_digest": p.payload_digest(p.canonical_json(payload))})


def _rows(app) -> dict[str, str]:
    with Session(app.state.engine) as s:
        return {r.id: r.state for r in s.scalars(select(ApprovalRow))}


def _published(app, rid: str) -> list[str]:
    with Session(app.state.engine) as s:
        return [c.kind for c in s.scalars(select(ChangeRow).where(ChangeRow.aggregate_id == rid))]


def test_a_request_for_a_point_the_cases_service_lacks_is_refused_and_nothing_kept(centre):  # noqa: F811
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    assert [r["status"] for r in push(client, clerk, "FT-W01", *_opened("PEN1", "pension"))] == ["accepted"] * 2
    # the request names 注销参保 as its service: the centre holds the case as a 养老金申领
    rid, req = _request("PEN1", "reg_cancel", "reg_cancel")
    [res] = push(client, clerk, "FT-W01", req)
    assert res["status"] == "rejected"
    assert res["reason"] == NO_CANCEL_ON_PENSION.format(_pension_name(), "提出")
    assert res["suggested_action"] == POINT_ACTION
    assert rid not in _rows(app) and _published(app, rid) == []
    # a case opened in the same push is weighed as the service its entries opened it as
    rid2, req2 = _request("PEN2", "reg_cancel", "reg_cancel")
    res = push(client, clerk, "FT-W01", *_opened("PEN2", "pension"), req2)
    assert [r["status"] for r in res] == ["accepted", "accepted", "rejected"], res
    assert "没有「注销参保」审批点" in res[2]["reason"] and rid2 not in _rows(app)
    # the points its service has stand: 不予受理 on the 养老金申领, 注销参保 on a 注销登记
    ok, ok_req = _request("PEN1", "rejection", "pension", level=1)
    assert push(client, clerk, "FT-W01", ok_req)[0]["status"] == "accepted"
    push(client, clerk, "FT-W01", *_opened("CAN1", "reg_cancel"))
    cancel, cancel_req = _request("CAN1", "reg_cancel", "reg_cancel")
    assert push(client, clerk, "FT-W01", cancel_req)[0]["status"] == "accepted"
    assert _rows(app) == {ok: "pending", cancel: "pending"}


def test_an_approval_of_a_point_the_cases_service_lacks_is_refused_remote_and_on_site(centre):  # noqa: F811
    """A request that reached the centre before its case (naming 注销参保) cannot be approved once the
    centre holds the case as a 养老金申领: the decision is refused and the request stays pending,
    to be rejected."""
    app, client = centre
    PW["director01"] = "director01-demo"
    clerk = auth(client, "clerk01", "FT-W01")
    remote, remote_req = _request("LATE1", "reg_cancel", "reg_cancel")
    on_site, on_site_req = _request("LATE2", "reg_cancel", "reg_cancel")
    assert [r["status"] for r in push(client, clerk, "FT-W01", remote_req, on_site_req)] == ["accepted"] * 2
    assert [r["status"] for r in push(client, clerk, "FT-W01", *_opened("LATE1", "pension", 3),
                                      *_opened("LATE2", "pension", 5))] == ["accepted"] * 4
    before = _published(app, remote)
    director = auth(client, "director01", "FT-W02")
    r = client.post(f"/api/v1/approvals/{remote}/decision", json={"decision": "approved", "reason": "同意"},
                    headers=director)
    assert r.status_code == 409, r.text
    body = r.json()
    detail = json.dumps(body, ensure_ascii=False)
    assert NO_CANCEL_ON_PENSION.format(_pension_name(), "批准") in detail and POINT_ACTION in detail
    assert _rows(app)[remote] == "pending" and _published(app, remote) == before
    r = client.post(f"/api/v1/approvals/{remote}/decision", json={"decision": "rejected", "reason": "事项不符"},
                    headers=director)
    assert r.status_code == 200 and r.json()["state"] == "rejected"

    key = _approval_key(client, "director01", "FT-W01")
    [res] = push(client, clerk, "FT-W01", _on_site(on_site, "director01", seq=7, key=key))
    assert res["status"] == "rejected"
    assert res["reason"] == NO_CANCEL_ON_PENSION.format(_pension_name(), "批准")
    assert _rows(app)[on_site] == "pending"
