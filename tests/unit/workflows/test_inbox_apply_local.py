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

    def second_fails(svc, case_id, action):
        calls.append(action)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        real(svc, case_id, action)

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
