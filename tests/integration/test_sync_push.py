"""Push against the real central service on PostgreSQL: idempotency, lost answers, outages,
rejections that do not block, edits while sending, server-side state checks."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text

from counter_app.storage.tables_core import OutboxState
from counter_app.storage.uow import UnitOfWork
from counter_protocol import sync as p
from counter_app.sync.client import RequestRejected
from counter_app.sync.outbox import OutboxRepository

pytestmark = pytest.mark.integration


def queue(store, n, *, case_prefix="c", kind="case.note", payload_fn=None, ws="W"):
    ids = []
    for i in range(n):
        with UnitOfWork(store, actor="clerk01", workstation_id=ws) as uow:
            e = uow.outbox.add(kind=kind, aggregate_type="case", aggregate_id=f"{case_prefix}{i % 7}",
                               payload=payload_fn(i) if payload_fn else {"n": i, "text": f"备注{i}"})
            uow.commit()
            ids.append(e.id)
    return ids


def server_rows(engine, ids):
    with engine.connect() as c:
        rows = c.execute(text("SELECT id, payload FROM received_entries WHERE id = ANY(:ids)"), {"ids": list(ids)}).all()
    return {r[0]: r[1] for r in rows}


def states(store):
    with store.engine.connect() as c:
        return {r[0]: r[1] for r in c.execute(text("SELECT id, state FROM outbox"))}


def drain(worker, rounds=50):
    for _ in range(rounds):
        report = worker.run_once(pull=False)
        if OutboxRepository(worker.store).counts()["pending"] == 0 and report.error is None:
            return report
        time.sleep(0.06)
    raise AssertionError(f"outbox not drained: {OutboxRepository(worker.store).counts()}")


def test_retries_never_duplicate(sync_rig, central_db):
    store, client, worker = sync_rig
    ids = queue(store, 25)
    report = worker.run_once()
    assert report.synced == 25 and report.error is None
    # as if every answer had been lost: the client sends the whole queue again, twice
    for _ in range(2):
        with store.engine.begin() as c:
            c.execute(text("UPDATE outbox SET state='pending'"))
        again = worker.run_once(pull=False)
        assert again.synced == 25
    rows = server_rows(central_db, ids)
    assert sorted(rows) == sorted(ids)
    with central_db.connect() as c:
        assert c.execute(text("SELECT count(*) FROM received_entries WHERE id = ANY(:ids)"), {"ids": ids}).scalar() == 25


def test_answer_lost_after_commit_no_duplicate(sync_rig, fault_proxy, central_db):
    store, client, worker = sync_rig
    ids = queue(store, 30)
    fault_proxy.drop_responses(2)
    first = worker.run_once(pull=False)
    assert first.error and not first.online
    assert fault_proxy.dropped == 1
    # the server did store that first batch although the client never heard back
    assert len(server_rows(central_db, ids)) == 10
    assert set(states(store).values()) == {OutboxState.pending}
    drain(worker)
    assert fault_proxy.dropped == 2
    rows = server_rows(central_db, ids)
    assert sorted(rows) == sorted(ids)
    assert set(states(store).values()) == {OutboxState.synced}


def test_server_down_for_a_while_then_everything_arrives(sync_rig, fault_proxy, central_db):
    store, client, worker = sync_rig
    ids = queue(store, 20)
    fault_proxy.mode = "down"
    for _ in range(3):
        r = worker.run_once()
        assert not r.online and r.error
        time.sleep(0.05)
    from counter_app.sync.status import sync_status

    status = sync_status(store)
    assert status["online"] is False and status["pending"] == 20 and status["last_error"]
    more = queue(store, 5, case_prefix="d")  # work goes on offline
    fault_proxy.mode = "http503"
    r = worker.run_once(pull=False)
    assert r.error and "503" in r.error
    fault_proxy.mode = "pass"
    drain(worker)
    assert sorted(server_rows(central_db, ids + more)) == sorted(ids + more)
    assert sync_status(store)["online"] is True


def test_rejected_entry_does_not_block_the_others(sync_rig, central_db):
    store, client, worker = sync_rig
    good = queue(store, 12)
    with UnitOfWork(store, actor="clerk01") as uow:
        bad = uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id="坏 编号", payload={"x": 1}).id
        uow.commit()
    good += queue(store, 12, case_prefix="e")
    report = worker.run_once(pull=False)
    st = states(store)
    assert st[bad] == OutboxState.rejected
    assert all(st[i] == OutboxState.synced for i in good)
    entry = [v for v in OutboxRepository(store).list_entries() if v.id == bad][0]
    assert "拒收" in entry.reason and entry.suggested_action
    assert report.rejected == 1 and report.synced == 24
    assert bad not in server_rows(central_db, [bad])


def test_state_conflict_is_reported_and_other_cases_go_on(sync_rig, central_db):
    store, client, worker = sync_rig
    case = f"K{time.time_ns()}"
    with UnitOfWork(store, actor="clerk01") as uow:
        created = uow.outbox.add(kind="case.transition", aggregate_type="case", aggregate_id=case,
                                 payload={"from_state": "", "to_state": "draft", "action": "create"}).id
        wrong = uow.outbox.add(kind="case.transition", aggregate_type="case", aggregate_id=case,
                               payload={"from_state": "accepted", "to_state": "completed"}).id
        illegal = uow.outbox.add(kind="case.transition", aggregate_type="case", aggregate_id=case + "x",
                                 payload={"from_state": None, "to_state": "archived"}).id
        uow.commit()
    others = queue(store, 5, case_prefix="z")
    worker.run_once(pull=False)
    st = states(store)
    assert st[created] == OutboxState.synced
    assert st[wrong] == OutboxState.conflict
    assert st[illegal] == OutboxState.rejected
    assert all(st[i] == OutboxState.synced for i in others)
    view = {v.id: v for v in OutboxRepository(store).list_entries()}
    # the states by their Chinese names, as the clerk reads them (not the keys draft / accepted)
    assert view[wrong].reason == "办件在中心的当前状态为「草稿」，本操作要求当前状态为「已受理（办理中）」"
    assert view[wrong].suggested_action
    # the conflict is the stored answer for that key: sending it again gives the same result
    item = OutboxRepository(store).as_item(
        next(r for r, _ in OutboxRepository(store).unsynced_items() if r.id == wrong))
    res = client.push(p.PushRequest(workstation_id=client.workstation_id, entries=[item])).results[0]
    assert res.status == "duplicate" and res.outcome == "conflict"
    with central_db.connect() as c:
        assert c.execute(text("SELECT state FROM case_states WHERE case_id=:c"), {"c": case}).scalar() == "draft"


def test_same_key_different_content_is_409_style_conflict(sync_rig, central_db):
    store, client, worker = sync_rig
    [eid] = queue(store, 1)
    worker.run_once(pull=False)
    row = OutboxRepository(store).unsynced_items()
    assert row == []
    body = p.canonical_json({"n": 999})
    item = p.OutboxItem(id=eid, seq=1, kind="case.note", aggregate_type="case", aggregate_id="c0",
                        payload={"n": 999}, payload_digest=p.payload_digest(body))
    res = client.push(p.PushRequest(workstation_id=client.workstation_id, entries=[item])).results[0]
    assert res.status == "conflict" and "内容不同" in res.reason
    with central_db.connect() as c:
        assert c.execute(text("SELECT count(*) FROM received_entries WHERE id=:i"), {"i": eid}).scalar() == 1


def test_entry_edited_while_sending_goes_back_to_pending_and_the_edit_arrives(sync_rig, central_db, central_payloads):
    store, client, worker = sync_rig
    ids = queue(store, 3)
    repo = OutboxRepository(store)
    claimed = repo.claim_batch(10)
    assert len(claimed) == 3
    new_id = repo.edit_payload(ids[1], {"n": 1, "text": "更正后的备注"})  # clerk edits while in flight
    assert new_id != ids[1]
    resp = client.push(p.PushRequest(workstation_id=client.workstation_id, entries=[c.item for c in claimed]))
    summary = repo.mark_results(claimed, resp.results)
    assert summary.synced == 2 and summary.changed_while_sending == 1
    st = states(store)
    assert st[new_id] == OutboxState.pending
    worker.run_once(pull=False)
    assert states(store)[new_id] == OutboxState.synced
    rows = central_payloads("id = :i", {"i": new_id})        # sealed at rest: opened with the centre's key
    assert "更正后的备注" in rows[new_id]
    with central_db.connect() as c:
        assert c.execute(text("SELECT supersedes FROM received_entries WHERE id=:i"), {"i": new_id}).scalar() == ids[1]


def test_retry_of_rejected_entry_is_judged_afresh(sync_rig, central_db):
    store, client, worker = sync_rig
    case = f"R{time.time_ns()}"
    with UnitOfWork(store, actor="clerk01") as uow:
        early = uow.outbox.add(kind="case.transition", aggregate_type="case", aggregate_id=case,
                               payload={"from_state": "draft", "to_state": "review"}).id
        uow.commit()
    worker.run_once(pull=False)
    assert states(store)[early] == OutboxState.conflict
    # the centre learns the case (e.g. another window's entry arrives), then the clerk retries
    boot = p.canonical_json({"from_state": None, "to_state": "draft"})
    import uuid6

    client.push(p.PushRequest(workstation_id=client.workstation_id, entries=[p.OutboxItem(
        id=str(uuid6.uuid7()), seq=0, kind="case.transition", aggregate_type="case", aggregate_id=case,
        payload={"from_state": None, "to_state": "draft"}, payload_digest=p.payload_digest(boot))]))
    new = OutboxRepository(store).retry(early)
    assert new != early
    worker.run_once(pull=False)
    assert states(store)[new] == OutboxState.synced


def test_pull_reference_data_and_case_updates(sync_rig, central_server):
    from tests.support.central import login_client

    from counter_app.sync.status import reference_in_force, pending_inbox, sync_status

    store, client, worker = sync_rig
    first = worker.run_once()
    assert first.error is None
    cat = reference_in_force(store, "catalog")
    assert cat is not None and cat["content"]
    sup = login_client(central_server.url, "supervisor01")
    admin = login_client(central_server.url, "admin01")
    try:
        case = f"P{time.time_ns()}"
        sup.post_case_update(p.CaseUpdate(kind="case.info_sheet_received", case_id=case, office_code="FT",
                                          payload={"sheet_no": "XX-1"}))
        version = f"t{time.time_ns() % 10**9}"
        admin.publish_reference(p.PublishReference(name="offices", version=version,
                                                   content={"offices": {}}))   # as shipped: names none
        with pytest.raises(RequestRejected):
            client.publish_reference(p.PublishReference(name="offices", version="x", content={"offices": {}}))  # clerk: 403
    finally:
        sup.close()
        admin.close()
    second = worker.run_once()
    assert second.pulled >= 2
    inbox = [c for c in pending_inbox(store) if c["aggregate_id"] == case]
    assert inbox and inbox[0]["payload"]["sheet_no"] == "XX-1"
    assert reference_in_force(store, "offices")["version"] == version
    cursor = sync_status(store)["pull_cursor"]
    third = worker.run_once()
    assert third.pulled == 0 and sync_status(store)["pull_cursor"] == cursor


def test_stored_times_are_naive_utc_on_postgresql(sync_rig, central_db):
    """The centre COPies the rows with their timestamps as text: an entry made at 08:30 Beijing time
    is stored as 00:30 UTC, a naive time is taken as UTC, and received_at is the answer's time."""
    from datetime import datetime, timedelta, timezone

    store, client, worker = sync_rig
    items = []
    for i, made in enumerate(("2026-03-02T08:30:00.250000+08:00", "2026-03-02T00:31:00")):
        body = p.canonical_json({"n": i})
        items.append(p.OutboxItem.model_validate({
            "id": f"0190c2a4-0000-7000-8000-00000000000{i}", "seq": i + 1, "kind": "case.note",
            "aggregate_type": "case", "aggregate_id": f"t{i}", "payload": {"n": i},
            "payload_digest": p.payload_digest(body), "created_at": made}))
    results = client.push(p.PushRequest(workstation_id=client.workstation_id, entries=items)).results
    assert [r.status for r in results] == ["accepted", "accepted"]
    with central_db.connect() as c:
        rows = dict(c.execute(text("SELECT id, created_at FROM received_entries WHERE id = ANY(:ids)"),
                              {"ids": [i.id for i in items]}).all())
        received = c.execute(text("SELECT received_at FROM received_entries WHERE id = :i"), {"i": items[0].id}).scalar()
    assert rows[items[0].id] == datetime(2026, 3, 2, 0, 30, 0, 250000)
    assert rows[items[1].id] == datetime(2026, 3, 2, 0, 31, 0)
    assert received.tzinfo is None
    assert received.replace(tzinfo=timezone.utc) == results[0].received_at
    assert abs(datetime.now(timezone.utc) - results[0].received_at) < timedelta(minutes=5)


def test_the_tally_counts_each_accepted_entry_once_across_batches_and_resends(sync_rig, central_db):
    """The workstation's tally (``/sync/summary``'s accepted) is one upsert per batch, by a statement
    built once with bound parameters: every batch adds its own count, a resend adds nothing."""
    store, client, worker = sync_rig
    queue(store, 25)
    assert worker.run_once(pull=False).synced == 25          # in several batches
    with store.engine.begin() as c:
        c.execute(text("UPDATE outbox SET state='pending'"))
    assert worker.run_once(pull=False).synced == 25          # all duplicates now
    summary = client.summary()
    with central_db.connect() as c:
        stored = c.execute(text("SELECT accepted FROM workstation_tallies WHERE workstation_id = :ws"),
                           {"ws": summary.workstation_id}).scalar()
    assert summary.accepted == stored == 25
