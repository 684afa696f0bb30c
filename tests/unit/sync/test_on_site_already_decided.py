"""Offline, supervisor01 approved a 不予受理 on site while supervisor02 had already decided the request
at the centre (集中授权). The centre refuses the on-site decision (「该审批申请已批准，不能再作决定」) and
the transition it allowed. When the round that brought the centre's decision found the case still
moved by the on-site decision (its transition not answered yet: pushed in a later batch), the pulled
decision was 不适用 and the request took the centre's record — and the refusal was then never
reconciled: the case stayed 不予受理 on supervisor01's 决定书 (审批人 科长01), which the centre never
accepted. Now the reconciliation follows the centre: the on-site 决定书 is voided and the centre's own
decision is carried out as a pulled remote decision is (one unit of work). The real centre, in-process
on SQLite."""

from __future__ import annotations

import pytest

from counter_app.domain.case_engine import CaseState
from counter_app.storage.audit import AuditRow
from counter_app.sync.worker import SyncWorker
from counter_app.workflows.approvals import ApprovalService
from counter_protocol import approvals as ap
from counter_protocol import sync as p
from tests.unit.sync.test_on_site_refused_by_centre import (OFFICE, WS, _apply, _client, _decision_docs, _login,
                                                            _refused_case, _sync)


def _decided_twice(store, central, remote: str):
    clerk = _login(central, "clerk01").access_token
    key = bytes.fromhex(_login(central, "supervisor01").approval_key or "")
    workflow, cid, rid = _refused_case(store)
    assert _sync(store, central, clerk).rejected == 0
    with _client(central, _login(central, "supervisor02").access_token) as c:      # 集中授权 first
        c.decide_approval(rid, remote, "远程决定")
    # offline meanwhile: supervisor01 approves on site, the 决定书 is issued
    checker = p.UserInfo(username="supervisor01", display_name="科长01", roles=["supervisor", "clerk"],
                         office_code="FT", approval_level=1, staff_no="FT2001")
    approvals = ApprovalService(store, actor="clerk01", names={"clerk01": "窗口经办员01"}, **OFFICE)
    approvals.decide_on_site(rid, checker, approve=True, reason="现场同意", approval_key=key)
    assert workflow.get(cid).case.state is CaseState.rejected
    # back online: the first round sends only the decision (one batch) and pulls the centre's
    with _client(central, clerk) as c:
        first = SyncWorker(store, c, workstation_id=WS, batch_size=1).run_once(check_clock=False, max_batches=1)
    assert first.rejected == 1 and first.pulled >= 2
    _apply(store)
    report = _sync(store, central, clerk)                       # then the transition it allowed: refused too
    assert report.rejected == 1
    return workflow, approvals, cid, rid, _apply(store)


def test_the_centres_approval_is_carried_out_when_the_on_site_one_is_refused_as_decided_first(store,
                                                                                                central_sqlite_client):
    workflow, approvals, cid, rid, done = _decided_twice(store, central_sqlite_client, "approved")
    [rec] = done.reconciled
    assert rec["reason"].startswith("该审批申请已批准，不能再作决定（科长02 于 ") and rec["centre_decision"] == "approved", rec
    assert rec["reason"].endswith(" 批准：远程决定）"), rec             # who decided first, when, why
    row = approvals.get(rid)
    assert (row["state"], row["checker"], row["mode"]) == ("approved", "supervisor02", "remote")
    assert workflow.get(cid).case.state is CaseState.rejected
    docs = _decision_docs(workflow, cid)
    assert [d["status"] for d in docs] == ["voided", "issued"], docs
    assert docs[0]["fields"]["approver"] == "科长01" and "作废" in docs[0]["void_reason"]
    assert docs[1]["fields"]["approver"] == "科长02" and docs[1]["number"] != docs[0]["number"]
    with store.session() as s:
        audit = [r.detail for r in s.query(AuditRow).where(AuditRow.action == "approval.reconciled")]
    assert len(audit) == 1 and "已按中心的决定办理" in audit[0] and docs[0]["number"] in audit[0], audit
    # once: later rounds change nothing
    again = _apply(store)
    assert not again.reconciled and not again.applied
    assert [d["status"] for d in _decision_docs(workflow, cid)] == ["voided", "issued"]


def test_the_centres_refusal_is_recorded_when_the_on_site_approval_is_refused_as_decided_first(
        store, central_sqlite_client):
    workflow, approvals, cid, rid, done = _decided_twice(store, central_sqlite_client, "rejected")
    [rec] = done.reconciled
    assert rec["reason"].startswith("该审批申请已驳回，不能再作决定（科长02 于 ") and rec["centre_decision"] == "refused", rec
    row = approvals.get(rid)
    assert (row["state"], row["checker"]) == ("rejected", "supervisor02")
    assert workflow.get(cid).case.state is CaseState.review          # back to the clerk, as the centre holds it
    assert [d["status"] for d in _decision_docs(workflow, cid)] == ["voided"]


@pytest.mark.parametrize("reason, state", [("该审批申请已批准，不能再作决定", "approved"),
                                           ("该审批申请已驳回，不能再作决定", "rejected"),
                                           ("该审批申请已撤回，不能再作决定", None),
                                           # with who closed it first (2026-12-06, concurrency defect 4)
                                           ("该审批申请已驳回，不能再作决定（科长02 于 2026-12-06 20:05 驳回：材料不符）", "rejected"),
                                           ("该审批申请已批准，不能再作决定（中心主任01 于 2026-12-06 20:05 批准：同意）",
                                            "approved"),
                                           ("该审批申请已撤回，不能再作决定（窗口经办员01 于 2026-12-06 20:05 撤回）", None),
                                           ("该审批申请已批准，不能撤回（科长02 于 2026-12-06 20:05 批准：同意）", None),
                                           ("该审批申请已批准，不能再作决定吗", None),
                                           ("审批级别不足：该事项须由中心主任（2 级）审批，您的级别为 1", None)])
def test_a_refusal_says_whether_the_request_was_decided_first(reason, state):
    assert ap.already_decided(reason) == state
