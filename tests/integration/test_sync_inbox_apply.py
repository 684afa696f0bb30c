"""Pulled case updates are applied to the cases here; a disabled account loses its offline login.

Real central service (PostgreSQL) and the same round ``counter-app sync run`` makes (`_one_round`).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter_app.cli.sync import _one_round
from counter_app.domain.case_engine import CaseState
from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.tables_sync import InboxChange, OfflineCredential
from counter_protocol import sync as p
from counter_app.sync.auth import AuthManager, LoginError
from counter_app.sync.worker import SyncReport
from counter_app.sync.status import pending_inbox
from counter_app.workflows.cases import CaseWorkflow
from counter_app.workflows.inbox import centre_updates
from tests.support.cases import MALE_1960, man_born_1960, ready_case, settings_for
from tests.support.central import login_client

pytestmark = pytest.mark.integration

def post(sup, kind: str, case_id: str, **payload):
    return sup.post_case_update(p.CaseUpdate(kind=kind, case_id=case_id, office_code="FT", payload=payload))


def test_centre_decisions_and_info_sheet_move_the_cases_once(app_home, store, central_server):
    ws = f"IB-{uuid.uuid4().hex[:8]}"
    settings = settings_for(central_server.url, ws)
    auth = AuthManager(store, settings)
    auth.login("clerk01", "clerk01-demo")
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id=ws)
    # persons of their own: the session's centre has other tests' cases of MALE_1960, and would tell
    # this workstation of each 重复受理 (one more pulled change than this test counts)
    transfer = ready_case(workflow, "transfer_in", applicant={"name": "张三", "id_number": man_born_1960(51)})
    workflow.decide(transfer, expected="accepted")
    from counter_app.printing.samples import sample_decision_data

    for code in ("letter_generated", "letter_sent", "sheet_awaited"):
        workflow.record_transfer_step(transfer, code, data=sample_decision_data("transfer_in") if code == "letter_generated" else None)
    to_reject = ready_case(workflow, "reg_enroll", unmet="not_yet_registered",
                           applicant={"name": "张三", "id_number": man_born_1960(52)})
    kept = ready_case(workflow, "reg_enroll", unmet="not_yet_registered",   # another person: one in hand each
                      applicant={"name": "张三", "id_number": man_born_1960(53)})
    assert workflow.get(to_reject).outcome.kind.value == "not_eligible"
    # the 不予受理 a supervisor approves at the centre is the one the clerk asked for
    from counter_app.workflows.approvals import ApprovalService

    ApprovalService(store, actor="clerk01", office_code="FT", workstation_id=ws).request(to_reject, "rejection")
    first = _one_round(settings, store, auth, 50)  # the cases reach the centre
    assert first.error is None and first.synced >= 3 and first.inbox_applied == 0

    sup = login_client(central_server.url, "supervisor01")
    try:
        posted = [
            post(sup, "case.info_sheet_received", transfer, sheet={"sheet_no": "XB-2026-7", "months": 126}),
            post(sup, "case.escalation_decision", to_reject, escalation="rejection", decision="approved"),
            post(sup, "case.escalation_decision", kept, escalation="rejection", decision="refused",
                 reason="请再核实参保记录"),
            post(sup, "case.escalation_decision", f"NOPE-{uuid.uuid4().hex[:8]}", escalation="rejection",
                 decision="refused", reason="未见该办件"),
        ]
    finally:
        sup.close()

    report = _one_round(settings, store, auth, 50)
    assert report.error is None and report.online
    assert report.inbox_applied == 3 and report.inbox_unapplied >= 1 and report.inbox_failed == 0
    # what applying wrote went to the centre in the same round, accepted there
    assert report.conflict == 0 and report.rejected == 0
    with store.session() as s:
        assert s.scalar(select(OutboxEntry).where(OutboxEntry.state != "synced")) is None
    assert SyncReport.from_dict(json.loads(json.dumps(report.as_dict(), default=str))).inbox_applied == 3

    # 信息表 received: the sheet's data is stored; the clerk's 审核通过 waits for a supervisor (分级授权
    # 信息表审核): the approval the supervisor posts at the centre decides the clerk's request
    view = workflow.get(transfer)
    steps = {r.step_code: r for r in view.case.steps}
    assert steps["sheet_received"].data["sheet"] == {"sheet_no": "XB-2026-7", "months": 126}
    from counter_app.reference.authorisation import default_authorisation
    from counter_app.workflows.accept import act_and_close

    gated = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id=ws,
                         approvals_required=default_authorisation().decisions_gated(datetime.now().date()),
                         authorisation=default_authorisation)
    asked = act_and_close(gated, transfer, lambda w: w.record_transfer_step(transfer, "sheet_reviewed", passed=True))
    assert asked.approval_id and "sheet_reviewed" not in {r.step_code for r in workflow.get(transfer).case.steps}
    assert _one_round(settings, store, auth, 50).error is None          # the request reaches the centre
    sup = login_client(central_server.url, "supervisor01")
    try:
        posted.append(post(sup, "case.escalation_decision", transfer, escalation="info_sheet_review",
                           decision="approved"))
    finally:
        sup.close()
    report = _one_round(settings, store, auth, 50)
    assert report.error is None and report.inbox_applied == 1 and report.conflict == 0 and report.rejected == 0
    view = workflow.get(transfer)
    steps = {r.step_code: r for r in view.case.steps}
    assert steps["sheet_reviewed"].result == "passed" and steps["sheet_reviewed"].approved_by == "supervisor01"
    assert steps["sheet_reviewed"].actor == "clerk01"
    assert view.next_step == "continued"
    # 不予受理 approved: the transition in the history names who decided
    assert workflow.get(to_reject).case.state is CaseState.rejected
    last = workflow.history(to_reject)[-1]
    assert (last["action"], last["approved_by"], last["actor"]) == ("reject", "supervisor01", "clerk01")
    # refused: the case stays in review, the refusal is recorded with the reason
    assert workflow.get(kept).case.state is CaseState.review
    [refusal] = centre_updates(store, kept)
    assert refusal["outcome"] == "refused" and refusal["decided_by"] == "supervisor01"
    assert "请再核实参保记录" in refusal["note"] and refusal["applied_at"] is not None
    # the unknown case: marked with a note, not retried
    with store.session() as s:
        unknown = s.get(InboxChange, posted[3].cursor)
        assert unknown.applied_at is not None and unknown.outcome == "unknown_case" and "本工作站没有该办件" in unknown.note
        mine = s.scalars(select(InboxChange).where(InboxChange.cursor.in_([c.cursor for c in posted]))).all()
        assert len(mine) == 5 and all(r.applied_at is not None for r in mine)
    assert pending_inbox(store) == []

    again = _one_round(settings, store, auth, 50)
    assert again.error is None and again.pulled == 0
    assert (again.inbox_applied, again.inbox_unapplied, again.pushed) == (0, 0, 0)
    assert [h["action"] for h in workflow.history(to_reject)] == ["create", "submit", "reject"]
    assert [r.step_code for r in workflow.get(transfer).case.steps].count("sheet_received") == 1


def _central_user(central_db, password: str) -> str:
    from counter_central.db import User
    from counter_central.core import hash_password
    from counter_app.storage.base import utcnow

    name = f"tmp{uuid.uuid4().hex[:8]}"
    with Session(central_db) as s:
        s.add(User(username=name, display_name="临时窗口", password_hash=hash_password(password), roles="clerk",
                   office_code="FT", active=True, created_at=utcnow()))
        s.commit()
    return name


@pytest.mark.parametrize("queued", [False, True], ids=["pull-403", "push-403"])
def test_disabled_account_loses_its_offline_login_after_a_round(app_home, store, fault_proxy, central_db, queued):
    password = "临时-pass-1"
    user = _central_user(central_db, password)
    settings = settings_for(fault_proxy.url, f"DA-{uuid.uuid4().hex[:8]}")
    auth = AuthManager(store, settings)
    assert auth.login(user, password).mode == "online"
    fault_proxy.mode = "down"
    assert auth.login(user, password).mode == "offline"  # offline login works before
    fault_proxy.mode = "pass"
    assert auth.login(user, password).mode == "online"
    if queued:
        workflow = CaseWorkflow(store, actor=user, office_code="FT", workstation_id=settings.office.workstation_id)
        workflow.create("reg_enroll", "individual", applicant={"name": "李四", "id_number": MALE_1960})
    with central_db.begin() as c:
        c.execute(text("UPDATE users SET active = false WHERE username = :u"), {"u": user})

    report = _one_round(settings, store, auth, 50)
    assert report.account_disabled and report.needs_login and "停用" in report.error
    with store.session() as s:
        row = s.get(OfflineCredential, user)
        assert row.disabled and row.verifier == ""
        if queued:  # the entry stays queued, nothing marked
            assert {e.state for e in s.scalars(select(OutboxEntry))} == {"pending"}
    assert auth.tokens(user).access_token() is None
    fault_proxy.mode = "down"
    with pytest.raises(LoginError, match="该账号已被中心停用，不能离线登录"):
        auth.login(user, password)
    # the next round has no tokens left: it asks for a login instead of trying
    fault_proxy.mode = "pass"
    assert _one_round(settings, store, auth, 50).needs_login
    with pytest.raises(LoginError, match="停用"):
        auth.login(user, password)  # online: the centre says so too


def test_nothing_pending_changes_nothing(store):
    """apply_pending on an empty inbox (no centre needed)."""
    from counter_app.workflows.inbox import apply_pending

    r = apply_pending(store, actor="clerk01", now=lambda: datetime(2026, 3, 2, 10))
    assert (r.applied, r.unapplied, r.failed) == ([], [], [])


def test_a_retired_workstation_s_round_says_so_rather_than_asking_for_a_sign_in(app_home, store, central_server,
                                                                                 central_db):
    """The centre retired this workstation (its tokens ended with it): the round says 工作站…已停用,
    which a sign-in cannot mend, and the queued entry waits with that reason — not 需要重新登录."""
    from counter_app.sync.status import sync_status

    settings = settings_for(central_server.url, f"RT-{uuid.uuid4().hex[:8]}")
    ws = settings.office.workstation_id
    auth = AuthManager(store, settings)
    assert auth.login("clerk01", "clerk01-demo").mode == "online"
    workflow = CaseWorkflow(store, actor="clerk01", office_code="FT", workstation_id=ws)
    workflow.create("reg_enroll", "individual", applicant={"name": "李四", "id_number": MALE_1960})
    with central_db.begin() as c:
        c.execute(text("UPDATE workstations SET retired_at = CURRENT_TIMESTAMP WHERE workstation_id = :w"), {"w": ws})
        c.execute(text("UPDATE tokens SET revoked_at = CURRENT_TIMESTAMP WHERE workstation_id = :w"), {"w": ws})

    report = _one_round(settings, store, auth, 50)
    assert not report.needs_login and report.error == f"工作站 {ws} 已停用"
    with store.session() as s:
        assert {e.state for e in s.scalars(select(OutboxEntry))} == {"pending"}     # kept, nothing marked
    assert sync_status(store)["last_error"] == f"工作站 {ws} 已停用"
