"""Approval requests expire (issue 14): a request still pending ``pending_expiry_hours`` (the
authorisation table; 72 h shipped as a marked default) after it was made is expired at the centre
(swept on each pull, by ``counter-central approvals expire``) and shown so at the counter at once; it
cannot be decided; the clerk can raise a new one. End to end with the centre on PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from counter_app.storage.tables_approvals import ApprovalRequestRow
from counter_app.sync.client import CentralClient, RequestRejected
from counter_app.workflows.approvals import ApprovalRefused, approval_status
from counter_central.approvals import expire_due
from counter_protocol.approvals import expires_at, is_overdue
from tests.integration.test_approvals import _decide, _rejection_case, rig  # noqa: F401  (the fixture)
from tests.support.central import login_client
from tests.support.cli import run_cli

pytestmark = pytest.mark.integration


def _age_at_centre(engine, rid: str, hours: float) -> None:
    with engine.begin() as c:
        c.execute(text("UPDATE approval_requests SET made_at = made_at - make_interval(secs => :s) WHERE id = :id"),
                  {"s": hours * 3600, "id": rid})


def _age_here(w, rid: str, hours: float) -> None:
    with w.store.session() as s:
        row = s.get(ApprovalRequestRow, rid)
        row.made_at = row.made_at - timedelta(hours=hours)
        s.commit()


def _state_at_centre(engine, rid: str) -> tuple[str, str]:
    with engine.connect() as c:
        return tuple(c.execute(text("SELECT state, reason FROM approval_requests WHERE id = :id"), {"id": rid}).one())


def test_the_rule_at_its_boundary():
    made = datetime(2026, 12, 1, 8, 0)
    assert expires_at(made, 72) == datetime(2026, 12, 4, 8, 0)
    assert not is_overdue(made, datetime(2026, 12, 4, 7, 59, 59), 72)
    assert is_overdue(made, datetime(2026, 12, 4, 8, 0), 72)
    assert not is_overdue(made, datetime(2030, 1, 1), None)               # no parameter: never


def test_an_overdue_request_is_expired_everywhere_cannot_be_decided_and_can_be_raised_again(rig, central_server,  # noqa: F811
                                                                                             central_db):
    a = rig("clerk01", "clerk01-demo")
    cid = _rejection_case(a)
    req = a.approvals.request(cid, "rejection")
    a.sync()
    _age_at_centre(central_db, req["id"], 73)
    _age_here(a, req["id"], 73)

    # the counter shows it expired at once, offline too, and will not decide it
    [shown] = a.approvals.list(case_id=cid)
    assert shown["state"] == "expired" and "72 小时" in shown["reason"]
    assert approval_status(a.store, cid).startswith("已过期")
    assert a.approvals.list(state="pending", case_id=cid) == []
    sup, _, key = a.auth.authenticate_once("supervisor02", "supervisor02-demo")
    with pytest.raises(ApprovalRefused, match="已过期"):
        a.approvals.decide_on_site(req["id"], sup, approve=True, reason="同意", approval_key=key)

    # the centre refuses a decision and marks it expired
    with pytest.raises(RequestRejected, match="已过期"):
        _decide(central_server.url, "supervisor01", req["id"])
    assert _state_at_centre(central_db, req["id"])[0] == "expired"
    c = login_client(central_server.url, "supervisor01")
    try:
        assert req["id"] not in [r.id for r in c.approvals("pending").items]
        assert req["id"] in [r.id for r in c.approvals("expired").items]
    finally:
        c.close()

    # the centre's record comes back by the pull; the clerk raises a new request, accepted at both ends
    a.sync()
    with a.store.session() as s:
        assert s.get(ApprovalRequestRow, req["id"]).state == "expired"
    again = a.approvals.request(cid, "rejection")
    assert again["state"] == "pending"
    assert a.sync().rejected == 0
    assert _decide(central_server.url, "supervisor01", again["id"]).state.value == "approved"


def test_the_sweep_runs_on_each_pull_and_from_the_command_line(rig, central_server, central_db):  # noqa: F811
    a = rig("clerk01", "clerk01-demo")
    first = a.approvals.request(_rejection_case(a), "rejection")
    second = a.approvals.request(_rejection_case(a), "rejection")
    a.sync()
    _age_at_centre(central_db, first["id"], 80)
    b = rig("supervisor01", "supervisor01-demo")
    b.sync()                                                             # a pull of the office sweeps it
    state, reason = _state_at_centre(central_db, first["id"])
    assert state == "expired" and "72 小时" in reason
    assert {r["id"]: r["state"] for r in b.approvals.list()}[first["id"]] == "expired"
    assert _state_at_centre(central_db, second["id"])[0] == "pending"   # not yet due

    _age_at_centre(central_db, second["id"], 72.01)
    r = run_cli(None, "approvals", "expire", "--db", central_server.db_url, "--json", module="counter_central")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert out["expiry_hours"] == "72" and second["id"] in [x["id"] for x in out["expired"]]
    assert _state_at_centre(central_db, second["id"])[0] == "expired"
    r = run_cli(None, "approvals", "expire", "--db", central_server.db_url, module="counter_central")
    assert r.returncode == 0 and "共 0 件" in r.stdout


def test_an_on_site_decision_made_before_the_deadline_stands_when_it_arrives_after_it(rig, central_server, central_db):  # noqa: F811
    a = rig("clerk01", "clerk01-demo")
    a.auth.authenticate_once("supervisor02", "supervisor02-demo")        # the offline verifier is here
    cid = _rejection_case(a)
    req = a.approvals.request(cid, "rejection")
    a.sync()
    _age_at_centre(central_db, req["id"], 71)                            # one hour left at the centre
    a.auth._client_factory = lambda: CentralClient("http://127.0.0.1:9", timeout=1)
    sup, mode, key = a.auth.authenticate_once("supervisor02", "supervisor02-demo")
    assert mode == "offline"
    assert a.approvals.decide_on_site(req["id"], sup, approve=True, reason="现场核实",
                                      approval_key=key)["state"] == "approved"
    # meanwhile the deadline passes at the centre and a sweep expires it
    with Session(central_db) as s:
        swept = expire_due(s, now=datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(hours=2))
        assert req["id"] in [r.id for r in swept]
        s.commit()
    # back online: the decision was made in time, the centre accepts it
    report = a.sync()
    assert report.rejected == 0, report
    assert _state_at_centre(central_db, req["id"])[0] == "approved"
