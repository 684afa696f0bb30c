"""Tester "supervisor" finding 3: a supervisor of another office deciding this office's request
got the 404 of an unknown request (no existence leak) and left no record anywhere, while every
other refused decision is ``approvals.decide … refused`` in the centre's chain. The attempt is now
recorded there too: who, the id as sent (ID and phone numbers masked), and whose request it was."""

from __future__ import annotations

from sqlalchemy.orm import Session

from tests.unit.central.test_central_security import _approval, _approval_request, auth, centre, push  # noqa: F401


def _refusals(app, actor):
    from counter_central.audit import CENTRE_CHAIN, records_of

    with Session(app.state.engine) as s:
        return [r for r in records_of(s, CENTRE_CHAIN, limit=500)
                if r["actor"] == actor and r["action"] == "approvals.decide"]


def test_another_offices_supervisor_deciding_is_refused_as_unknown_and_recorded(centre):  # noqa: F811
    app, client = centre
    rid, req = _approval_request("clerk01", "C-XO1")
    assert push(client, auth(client, "clerk01", "FT-W01"), "FT-W01", req)[0]["status"] == "accepted"
    lh = auth(client, "lhsup", "LH-W01")
    r = client.post(f"/api/v1/approvals/{rid}/decision", json={"decision": "approved", "reason": "跨分局"}, headers=lh)
    assert r.status_code == 404 and r.json()["detail"] == "没有该审批申请", r.text     # as an unknown id
    unknown = client.post("/api/v1/approvals/440301199001011234/decision",
                          json={"decision": "rejected", "reason": "试探"}, headers=lh)
    assert unknown.status_code == 404 and unknown.json() == r.json()             # the same answer: nothing leaks
    assert _approval(app, rid) == ("pending", "", "clerk01")                     # left as it is
    [other, none] = _refusals(app, "lhsup")
    assert other["result"] == "refused" and other["object_id"] == rid
    assert "分局 FT 的申请" in other["detail"] and "LH" in other["detail"] and "approved" in other["detail"]
    assert none["result"] == "refused" and none["object_id"] == "440301********1234"      # masked
    assert "中心无此申请" in none["detail"] and "440301199001011234" not in none["detail"]
    assert "跨分局" not in other["detail"] and "试探" not in none["detail"]         # the reason typed is not kept
