"""The worker overlaps its local work with the wait for the centre (the next batch is claimed
while one is on the wire): each case's entries must still reach the centre in order, and a batch
claimed ahead must go back untouched when the request before it fails."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from counter_app.storage.tables_core import OutboxState
from counter_app.storage.uow import UnitOfWork
from counter_app.sync.outbox import OutboxRepository
from counter_app.sync.worker import SyncWorker

pytestmark = pytest.mark.integration

# a path through the case state machine (counter_app.domain.case_engine.TRANSITIONS) of a 账户查询,
# its one step (None → "statement") before its 办结; the centre checks each move against the state it
# holds, and the 办结 against the steps it accepted, so any entry arriving out of order is refused
CHAIN = [(None, "draft"), ("draft", "review"), ("review", "returned"), ("returned", "review"),
         ("review", "accepted"), (None, "statement"), ("accepted", "completed")]
SERVICE = {"service_code": "account_query", "applicant_type": "individual", "variants": ["contribution_phase"]}


def queue_chains(store, cases: list[str]) -> None:
    """Each case walks the whole chain; entries of different cases interleave (one UoW each)."""
    for frm, to in CHAIN:
        for case in cases:
            with UnitOfWork(store, actor="clerk01") as uow:
                if to == "statement":
                    uow.outbox.add(kind="case.step", aggregate_type="case", aggregate_id=case,
                                   payload={**SERVICE, "step_code": to, "result": "done"})
                else:
                    uow.outbox.add(kind="case.transition", aggregate_type="case", aggregate_id=case,
                                   payload={**SERVICE, "from_state": frm or "", "to_state": to})
                uow.commit()


def outbox_states(store) -> dict[str, int]:
    with store.engine.connect() as c:
        return dict(c.execute(text("SELECT state, count(*) FROM outbox GROUP BY state")).all())


def centre_states(engine, cases):
    with engine.connect() as c:
        return dict(c.execute(text("SELECT case_id, state FROM case_states WHERE case_id = ANY(:ids)"),
                              {"ids": cases}).all())


def test_each_cases_entries_reach_the_centre_in_order_across_pipelined_batches(store, central_server, central_db):
    from tests.support.central import login_client

    client = login_client(central_server.url)
    cases = [f"P{client.workstation_id[-6:]}-{i}" for i in range(5)]
    queue_chains(store, cases)
    worker = SyncWorker(store, client, workstation_id=client.workstation_id, batch_size=3)
    report = worker.run_once(pull=False, check_clock=False)
    client.close()
    total = len(CHAIN) * len(cases)
    assert report.error is None and report.synced == total and report.conflict == 0 and report.rejected == 0
    # batches of 3 out of 35 entries of 5 interleaved cases: every batch after the first was
    # claimed while the one before it was still on the wire
    assert report.batches == -(-total // 3)
    assert outbox_states(store) == {OutboxState.synced: total}
    assert centre_states(central_db, cases) == dict.fromkeys(cases, "completed")


def test_a_batch_claimed_ahead_goes_back_untouched_when_the_request_before_it_fails(sync_rig, fault_proxy, central_db):
    store, client, worker = sync_rig   # batches of 10
    cases = [f"Q{client.workstation_id[-6:]}-{i}" for i in range(4)]
    queue_chains(store, cases)        # 28 entries
    fault_proxy.drop_responses(1, after=1)  # the centre stores batch 2, its answer is lost
    first = worker.run_once(pull=False, check_clock=False)
    assert first.error and first.synced == 10 and fault_proxy.dropped == 1
    with store.engine.connect() as c:
        rows = c.execute(text("SELECT seq, state, attempts, next_attempt_at FROM outbox ORDER BY seq")).all()
    assert [r.state for r in rows[:10]] == [OutboxState.synced] * 10
    # batch 2 (sent, answer lost): back to pending with a backoff and its attempt counted
    assert all(r.state == OutboxState.pending and r.attempts == 1 and r.next_attempt_at for r in rows[10:20])
    # batch 3 was claimed while batch 2 was on the wire and never sent: pending, no attempt counted
    assert all(r.state == OutboxState.pending and r.attempts == 0 for r in rows[20:])
    for _ in range(50):
        report = worker.run_once(pull=False, check_clock=False)
        if OutboxRepository(store).counts()["pending"] == 0 and report.error is None:
            break
        import time

        time.sleep(0.06)
    assert outbox_states(store) == {OutboxState.synced: 28}
    assert centre_states(central_db, cases) == dict.fromkeys(cases, "completed")
    with central_db.connect() as c:
        n = c.execute(text("SELECT count(*) FROM received_entries WHERE workstation_id = :w"),
                      {"w": client.workstation_id}).scalar()
    assert n == 28  # batch 2 was stored once, its resend answered as duplicates
