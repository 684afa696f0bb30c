"""A tester's findings (concurrency, defects 3 and 4), the real centre in-process on SQLite.

3. A supervisor's decision on one window's case (``case.escalation_decision``) went to every
   workstation of the office: the others noted 「未能应用 1 条」 and received the decision's reason,
   names and step data for a case they never handled. Now it goes to the case's own workstation;
   ``approval.decided`` stays office-wide (the supervisors' lists).
4. The second supervisor's refusal (「该审批申请已驳回，不能再作决定」) and the clerk's late withdrawal
   (「…不能撤回」) did not say who decided first, nor when. Now they do, and the counter still reads
   the refusal as "decided first" (counter_protocol.approvals.already_decided)."""
# ruff: noqa: F811  (the imported fixture is each test's argument)

from __future__ import annotations

import pytest

from counter_app.domain.case_engine import CaseState
from counter_app.sync.outbox import OutboxRepository
from counter_app.workflows.approvals import ApprovalRefused, ApprovalService
from counter_protocol import approvals as ap
from counter_protocol import sync as p
from tests.unit.central.test_central_security import auth, centre, entry, push  # noqa: F401
from tests.unit.sync.test_on_site_refused_by_centre import OFFICE, _apply, _client, _login, _refused_case, _sync

PRE = "/api/v1"


def _pull_as(central, user: str, ws: str) -> list[p.Change]:
    with _client(central) as c:
        token = c.login(user, f"{user}-demo", ws).access_token
    with _client(central, token) as c:
        return list(c.pull(0).changes)


def test_a_remote_decision_reaches_the_cases_own_workstation_only(store, central_sqlite_client):
    central = central_sqlite_client
    clerk = _login(central, "clerk01").access_token                     # workstation A (FT-W01)
    workflow, cid, rid = _refused_case(store)
    assert _sync(store, central, clerk).rejected == 0
    with _client(central, _login(central, "supervisor02").access_token) as c:   # 集中授权
        c.decide_approval(rid, "approved", "核实已参保，同意不予受理")
    # workstation B of the same office: the request's decision for the supervisors' lists, nothing of A's case
    on_b = _pull_as(central, "supervisor01", "FT-W02")
    assert [c.kind for c in on_b if c.aggregate_id == rid][-1] == ap.KIND_DECIDED
    assert not [c for c in on_b if c.aggregate_type == "case"], [c.kind for c in on_b]
    # A pulls it and carries it out
    assert _sync(store, central, clerk).rejected == 0
    done = _apply(store)
    assert [o.outcome for o in done.applied] and not done.unapplied, done.as_dict()
    assert workflow.get(cid).case.state is CaseState.rejected
    # a withdrawal now is refused naming who decided, when and why (the names the centre gave)
    with pytest.raises(ApprovalRefused) as refused:
        ApprovalService(store, actor="clerk01", **OFFICE).withdraw(rid)
    assert refused.value.reason.startswith("该审批申请已批准，不能撤回（科长02 于 20"), refused.value.reason
    assert refused.value.reason.endswith(" 批准：核实已参保，同意不予受理）")


def test_a_supervisors_case_update_reaches_the_cases_own_workstation_only(centre):
    app, client = centre
    ft1 = auth(client, "clerk01", "FT-W01")
    res = push(client, ft1, "FT-W01", entry(1, {"from_state": None, "to_state": "draft"}, case="C-REACH"),
               entry(2, {"from_state": "draft", "to_state": "review"}, case="C-REACH"))
    assert [r["status"] for r in res] == ["accepted", "accepted"], res
    r = client.post(f"{PRE}/cases/updates", headers=auth(client, "supervisor01", "FT-W01"),
                    json={"kind": "case.info_sheet_received", "case_id": "C-REACH", "office_code": "FT",
                          "payload": {"sheet_no": "XX-1"}})
    assert r.status_code in (200, 201), r.text

    def updates(ws: str) -> list[str]:
        r = client.get(f"{PRE}/sync/pull", params={"since": 0}, headers=auth(client, "clerk01", ws))
        return [c["kind"] for c in r.json()["changes"] if c["aggregate_id"] == "C-REACH"]

    assert updates("FT-W01") == ["case.info_sheet_received"]
    assert updates("FT-W02") == []
    # a case the centre holds nothing of yet: the whole office, as before
    r = client.post(f"{PRE}/cases/updates", headers=auth(client, "supervisor01", "FT-W01"),
                    json={"kind": "case.info_sheet_received", "case_id": "C-NEW", "office_code": "FT",
                          "payload": {"sheet_no": "XX-2"}})
    assert r.status_code in (200, 201), r.text
    r = client.get(f"{PRE}/sync/pull", params={"since": 0}, headers=auth(client, "clerk01", "FT-W02"))
    assert [c["aggregate_id"] for c in r.json()["changes"] if c["aggregate_type"] == "case"] == ["C-NEW"]


def test_the_second_supervisor_is_told_who_decided_first_and_when(store, central_sqlite_client):
    central = central_sqlite_client
    clerk = _login(central, "clerk01").access_token
    _workflow, _cid, rid = _refused_case(store)
    assert _sync(store, central, clerk).rejected == 0
    with _client(central, _login(central, "supervisor02").access_token) as c:
        c.decide_approval(rid, "rejected", "材料不符")
    r = central.post(f"{PRE}/approvals/{rid}/decision", json={"decision": "approved", "reason": "同意"},
                     headers={"Authorization": f"Bearer {_login(central, 'director01').access_token}"})
    assert r.status_code == 409, r.text
    detail = r.json()["detail"]
    assert detail.startswith("该审批申请已驳回，不能再作决定（科长02 于 20") and detail.endswith(" 驳回：材料不符）"), detail
    assert ap.already_decided(detail) == "rejected"


def test_a_withdrawal_that_lost_the_race_names_the_decision(store, central_sqlite_client):
    central = central_sqlite_client
    clerk = _login(central, "clerk01").access_token
    _workflow, _cid, rid = _refused_case(store)
    assert _sync(store, central, clerk).rejected == 0
    ApprovalService(store, actor="clerk01", **OFFICE).withdraw(rid)               # offline: not sent yet
    with _client(central, _login(central, "director01").access_token) as c:
        c.decide_approval(rid, "approved", "核实已参保")
    assert _sync(store, central, clerk).rejected == 1
    [refused] = [e for e in OutboxRepository(store).list_entries(["rejected"], limit=50)
                 if e.kind == ap.KIND_WITHDRAWN]
    assert refused.reason.startswith("该审批申请已批准，不能撤回（中心主任01 于 20"), refused.reason
    assert refused.reason.endswith(" 批准：核实已参保）")
