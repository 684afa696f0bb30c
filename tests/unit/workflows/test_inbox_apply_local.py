"""apply_pending on a real local store (no centre): one transaction per update, idempotent."""

from sqlalchemy import func, select

from counter_app.storage.tables_cases import CaseStepRow
from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.tables_sync import InboxChange
from counter_app.workflows import inbox
from tests.support.cases import NOW, pulled_update, transfer_case

def pull(store, cursor, case_id, payload, kind="case.info_sheet_received"):
    pulled_update(store, cursor, case_id, payload, kind)


def counts(store, cid):
    with store.session() as s:
        steps = s.scalar(select(func.count()).select_from(CaseStepRow).where(CaseStepRow.case_id == cid))
        entries = s.scalar(select(func.count()).select_from(OutboxEntry))
        return steps, entries


def test_a_failure_halfway_rolls_back_the_whole_update_and_keeps_it_pending(store, monkeypatch):
    cid = transfer_case(store)
    pull(store, 10, cid, {"sheet": {"sheet_no": "1"}, "posted_by": "supervisor01"})
    before = counts(store, cid)
    real, calls = inbox._carry_out, []

    def second_fails(workflow, case_id, action):
        calls.append(action)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        real(workflow, case_id, action)

    monkeypatch.setattr(inbox, "_carry_out", second_fails)
    r = inbox.apply_pending(store, actor="clerk01", now=lambda: NOW)
    assert len(calls) == 2 and [f.cursor for f in r.failed] == [10] and not r.applied
    assert counts(store, cid) == before          # 等待信息表 recorded by the first action was rolled back
    with store.session() as s:
        assert s.get(InboxChange, 10).applied_at is None
    monkeypatch.setattr(inbox, "_carry_out", real)
    r = inbox.apply_pending(store, actor="clerk01", now=lambda: NOW)
    assert [a.outcome for a in r.applied] == ["applied"]
    steps, entries = counts(store, cid)
    assert (steps, entries) == (before[0] + 2, before[1] + 2)   # two steps, each with its outbox entry


def test_applying_twice_does_nothing_the_second_time_and_notes_stay(store):
    cid = transfer_case(store)
    pull(store, 1, cid, {"sheet": {"sheet_no": "1"}})
    pull(store, 2, cid, {"sheet": {"sheet_no": "1"}})                       # the same sheet again
    pull(store, 3, "no-such-case", {"escalation": "rejection", "decision": "approved", "posted_by": "s1"},
         kind="case.escalation_decision")
    r = inbox.apply_pending(store, actor="clerk01", now=lambda: NOW)
    assert [a.cursor for a in r.applied] == [1]
    assert {(u.cursor, u.outcome) for u in r.unapplied} == {(2, "not_applicable"), (3, "unknown_case")}
    after = counts(store, cid)
    r2 = inbox.apply_pending(store, actor="clerk01", now=lambda: NOW)
    assert (r2.applied, r2.unapplied, r2.failed) == ([], [], []) and counts(store, cid) == after
    notes = {u["cursor"]: u for u in inbox.centre_updates(store, cid)}
    assert notes[2]["outcome"] == "not_applicable" and "已办理" in notes[2]["note"]


def test_a_steps_latest_centre_decision_decides_whether_a_refusal_is_shown(store):
    cid = transfer_case(store)
    decision = dict(escalation="info_sheet_review", step_code="sheet_reviewed", posted_by="supervisor01")
    pull(store, 1, cid, {**decision, "decision": "refused", "reason": "缴费年限与档案不符"}, kind="case.escalation_decision")
    pull(store, 2, cid, {**decision, "step_code": "other", "decision": "refused"}, kind="case.escalation_decision")
    inbox.apply_pending(store, actor="clerk01", now=lambda: NOW)
    shown = inbox.refusals_by_step(store, cid)
    assert shown["sheet_reviewed"] == "主管supervisor01不同意：缴费年限与档案不符"
    assert "other" in shown and inbox.refusals_by_step(store, "no-such-case") == {}
    pull(store, 3, cid, {**decision, "decision": "approved"}, kind="case.escalation_decision")
    inbox.apply_pending(store, actor="clerk01", now=lambda: NOW)
    assert "sheet_reviewed" not in inbox.refusals_by_step(store, cid)   # approved afterwards


def test_finding4_a_supervisor_cannot_approve_their_own_rejection_whoever_is_signed_in(store):
    """supervisor01 (also a clerk) submits a case that fails a condition; their own approval of the
    不予受理, pulled while clerk01 is signed in, is not applied; another supervisor's is."""
    from counter_app.workflows.cases import CaseWorkflow
    from tests.support.cases import ready_case

    maker = CaseWorkflow(store, actor="supervisor01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                        now=lambda: NOW)
    cid = ready_case(maker, "reg_enroll", unmet=None)
    view = maker.get(cid)
    cond = next(c for c in view.service.plan("individual", ()).conditions if not c.check)
    maker.answer_condition(cid, cond.code, False, "不符合")
    assert maker.get(cid).case.submitted_by == "supervisor01"
    own = {"escalation": "rejection", "decision": "approved", "posted_by": "supervisor01"}
    pull(store, 1, cid, own, kind="case.escalation_decision")
    r = inbox.apply_pending(store, actor="clerk01", now=lambda: NOW)
    assert not r.applied and r.unapplied[0].outcome == "not_applicable" and "经办人本人" in r.unapplied[0].note
    assert maker.get(cid).case.state.value == "review"
    # a decision naming its checker anywhere but posted_by (stamped by the centre) names nobody
    pull(store, 2, cid, {"escalation": "rejection", "decision": "approved", "decided_by": "sup02"},
         kind="case.escalation_decision")
    r = inbox.apply_pending(store, actor="clerk01", now=lambda: NOW)
    assert r.unapplied[0].outcome == "invalid"
    pull(store, 3, cid, {**own, "posted_by": "sup02"}, kind="case.escalation_decision")
    r = inbox.apply_pending(store, actor="supervisor01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                            now=lambda: NOW)                    # the maker is signed in: the checker decides
    assert [a.outcome for a in r.applied] == ["approved"], (r.unapplied, r.failed)
    assert maker.get(cid).case.state.value == "rejected"
