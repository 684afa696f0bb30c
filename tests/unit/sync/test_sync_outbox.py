"""Outbox repository, protocol models, export file, sync lock (SQLite only, no network)."""

from __future__ import annotations

import hashlib
import random
from datetime import timedelta

import pytest
from pydantic import ValidationError

from counter_app.storage.uow import UnitOfWork, canonical_json
from counter_protocol import sync as p
from counter_app.sync.outbox import OutboxError, OutboxRepository


def add(store, case, payload, actor="clerk01"):
    with UnitOfWork(store, actor=actor) as uow:
        e = uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id=case, payload=payload)
        uow.commit()
        return e.id


def ok(c):
    return p.EntryResult(id=c.id, status="accepted", outcome="accepted")


def test_order_is_kept_per_case_while_other_cases_go_ahead(store):
    repo = OutboxRepository(store)
    a1 = add(store, "A", {"n": 1})
    b1 = add(store, "B", {"n": 1})
    a2 = add(store, "A", {"n": 2})
    first = repo.claim_batch(1)
    assert [c.id for c in first] == [a1]
    # A1 failed on the network and waits for its backoff: A2 must not overtake it, B1 may go
    repo.release(first, "网络错误", timedelta(minutes=5))
    assert [c.id for c in repo.claim_batch(10)] == [b1]
    # while A1 is in flight nothing behind it in case A is claimed either
    repo.retry(a1)
    assert [c.id for c in repo.claim_batch(1)] == [a1]
    assert repo.claim_batch(10) == []
    assert a2 in {v.id for v in repo.list_entries(["pending"])}



def test_recovery_with_nothing_in_flight_takes_no_write_lock(store):
    """Every sync round first returns entries a dead worker left in ``sending`` to the queue; with
    none there (every round but one after a crash) it must not take the store's write lock, which
    a clerk's transaction waits for."""
    from sqlalchemy import event

    repo = OutboxRepository(store)
    add(store, "A", {"n": 1})
    begun: list[str] = []
    listener = lambda conn, cursor, statement, *rest: begun.append(statement)
    event.listen(store.engine, "before_cursor_execute", listener)
    try:
        assert repo.recover_stuck(None) == 0
        assert not [s for s in begun if s.startswith("BEGIN IMMEDIATE")]
        claimed = repo.claim_batch(1)
        begun.clear()
        assert repo.recover_stuck(None) == 1    # one in flight: recovered, in a write transaction
        assert [s for s in begun if s.startswith("BEGIN IMMEDIATE")]
    finally:
        event.remove(store.engine, "before_cursor_execute", listener)
    assert [c.id for c in repo.claim_batch(1)] == [claimed[0].id]


def test_mark_and_claim_marks_one_batch_and_claims_the_next_in_one_transaction(store, monkeypatch):
    """The worker's helper step: the answered batch is marked and the batch after the one on the
    wire is claimed together — both or neither."""
    repo = OutboxRepository(store)
    a = [add(store, "A", {"n": i}) for i in range(3)]
    b = [add(store, "B", {"n": i}) for i in range(3)]
    answered = repo.claim_batch(2)                       # A0 A1
    on_wire = repo.claim_batch(2, ahead_of=answered)     # A2 B0: A2 may go, A0/A1 reach the centre first
    assert [c.id for c in answered] == a[:2] and [c.id for c in on_wire] == [a[2], b[0]]
    ok_results = [ok(c) for c in answered]

    def broken(*_args, **_kw):
        raise RuntimeError("disk error while claiming")

    monkeypatch.setattr(OutboxRepository, "_claim", staticmethod(broken))
    with pytest.raises(RuntimeError):
        repo.mark_and_claim(answered, ok_results, 10, ahead_of=on_wire)
    assert repo.counts()["synced"] == 0 and repo.counts()["sending"] == 4    # the marking was rolled back
    monkeypatch.undo()

    summary, claimed = repo.mark_and_claim(answered, ok_results, 10, ahead_of=on_wire)
    assert summary.synced == 2
    assert [c.id for c in claimed] == b[1:]               # behind B0, which is on the wire
    assert {v.id: v.state for v in repo.list_entries()} == {
        a[0]: "synced", a[1]: "synced", a[2]: "sending", b[0]: "sending", b[1]: "sending", b[2]: "sending"}
    assert claimed[0].item.payload == {"n": 1} and claimed[0].item.aggregate_id == "B"

def test_results_mark_states_with_reason(store):
    repo = OutboxRepository(store)
    ids = [add(store, f"C{i}", {"n": i}) for i in range(3)]
    batch = repo.claim_batch(10)
    results = [ok(batch[0]),
               p.EntryResult(id=batch[1].id, status="rejected", outcome="rejected", reason="不允许", suggested_action="联系科长"),
               p.EntryResult(id=batch[2].id, status="duplicate", outcome="conflict", reason="状态不符", suggested_action="先同步")]
    summary = repo.mark_results(batch, results)
    assert (summary.synced, summary.rejected, summary.conflict) == (1, 1, 1)
    view = {v.id: v for v in repo.list_entries()}
    assert view[ids[0]].state == "synced" and view[ids[0]].synced_at
    assert view[ids[1]].state_label == "被拒绝" and view[ids[1]].reason == "不允许" and view[ids[1]].suggested_action == "联系科长"
    assert view[ids[2]].state == "conflict"
    assert repo.counts() == {"pending": 0, "sending": 0, "synced": 1, "rejected": 1, "conflict": 1}
    assert repo.unsynced_count() == 2


def test_stuck_sending_recovered(store):
    repo = OutboxRepository(store)
    add(store, "S", {"n": 1})
    batch = repo.claim_batch(10)
    assert repo.counts()["sending"] == 1
    assert repo.recover_stuck(timedelta(minutes=1)) == 0  # not old enough
    assert repo.recover_stuck(None) == 1
    again = repo.claim_batch(10)
    assert [c.id for c in again] == [batch[0].id] and again[0].payload_digest == batch[0].payload_digest


def test_edit_before_any_send_keeps_the_key_after_a_send_rekeys(store):
    repo = OutboxRepository(store)
    eid = add(store, "E", {"v": 1})
    assert repo.edit_payload(eid, {"v": 2}) == eid
    batch = repo.claim_batch(10)
    assert batch[0].item.payload == {"v": 2}
    assert batch[0].payload_digest == hashlib.sha256(canonical_json({"v": 2}).encode()).hexdigest()
    new = repo.edit_payload(eid, {"v": 3})  # while sending
    assert new != eid
    summary = repo.mark_results(batch, [ok(batch[0])])
    assert summary.changed_while_sending == 1 and summary.synced == 0
    again = repo.claim_batch(10)
    assert again[0].id == new and again[0].item.supersedes == eid and again[0].item.payload == {"v": 3}
    repo.mark_results(again, [ok(again[0])])
    with pytest.raises(OutboxError, match="已同步"):
        repo.edit_payload(new, {"v": 4})
    with pytest.raises(OutboxError, match="已同步"):
        repo.retry(eid)  # the old key resolves to the entry that replaced it


def test_retry_of_rejected_gets_a_new_key(store):
    repo = OutboxRepository(store)
    eid = add(store, "R", {"n": 1})
    batch = repo.claim_batch(1)
    repo.mark_results(batch, [p.EntryResult(id=eid, status="rejected", outcome="rejected", reason="x")])
    new = repo.retry(eid)
    assert new != eid
    view = repo.list_entries()[0]
    assert view.state == "pending" and view.reason is None and view.attempts == 0
    with pytest.raises(OutboxError, match="没有编号"):
        repo.retry("00000000-0000-0000-0000-000000000000")


def test_list_and_counts_per_actor(store):
    repo = OutboxRepository(store)
    add(store, "U", {"n": 1}, actor="clerk01")
    add(store, "U", {"n": 2}, actor="clerk02")
    assert [v.actor for v in repo.list_entries(actor="clerk02")] == ["clerk02"]
    assert repo.counts(actor="clerk01")["pending"] == 1


def _counted(store, actor=None):
    """Entries per state counted from the outbox itself (what the tally must agree with)."""
    from counter_app.storage.tables_core import OutboxEntry, OutboxState
    from sqlalchemy import func, select

    q = select(OutboxEntry.state, func.count()).group_by(OutboxEntry.state)
    if actor is not None:
        q = q.where(OutboxEntry.actor == actor)
    got = dict.fromkeys(OutboxState.ALL, 0)
    with store.session() as s:
        got.update({k: v for k, v in s.execute(q)})  # noqa: C416 - dict(Result) would take it for a mapping
    return got


def test_counts_stay_exact_through_claim_release_and_mark_without_touching_the_tally_on_claim(store):
    """growth_0006_sync: a claim (pending -> sending) and a release (back) change no tally row;
    counts() still shows the entries in flight as 发送中, per clerk, exactly."""
    from sqlalchemy import text

    repo = OutboxRepository(store)
    for i in range(4):
        add(store, f"C{i}", {"n": i}, actor="clerk01")
    add(store, "D", {"n": 9}, actor="clerk02")

    def tally():
        with store.session() as s:
            return sorted(s.execute(text("SELECT actor, state, n FROM outbox_tally WHERE n <> 0")).all())

    before = tally()
    batch = repo.claim_batch(3)
    assert tally() == before                                   # no trigger work for the claim
    assert repo.counts() == _counted(store) and repo.counts()["sending"] == 3
    assert repo.counts(actor="clerk02") == _counted(store, "clerk02")
    repo.release(batch[2:], "网络错误", timedelta(minutes=5))
    assert tally() == before and repo.counts(actor="clerk01") == _counted(store, "clerk01")
    repo.mark_results(batch[:2], [ok(c) for c in batch[:2]])
    assert repo.counts() == _counted(store) and repo.counts()["synced"] == 2 and repo.counts()["sending"] == 0
    assert repo.counts(actor="clerk01") == _counted(store, "clerk01")
    with store.session() as s:   # the worker's pause of the tally trigger never outlives its transaction
        assert s.execute(text("SELECT count(*) FROM outbox_tally_paused")).scalar() == 0


def test_a_marking_that_fails_half_way_leaves_states_and_tally_as_they_were(store, monkeypatch):
    """The answered entries move in the tally once per clerk, with the trigger paused: a failure
    after the UPDATE rolls the UPDATE, the pause and the tally back together."""
    from sqlalchemy import text

    from counter_app.sync import outbox

    repo = OutboxRepository(store)
    for i in range(3):
        add(store, f"F{i}", {"n": i}, actor="clerk0" + str(i % 2 + 1))
    batch = repo.claim_batch(3)
    before = _counted(store)
    monkeypatch.setattr(outbox, "_TALLY_MOVE", ("UPDATE no_such_table SET n = :n WHERE actor = :actor",))
    with pytest.raises(Exception, match="no_such_table"):
        repo.mark_results(batch, [ok(c) for c in batch])
    monkeypatch.undo()
    assert _counted(store) == before and repo.counts() == before and before["sending"] == 3
    with store.session() as s:
        assert s.execute(text("SELECT count(*) FROM outbox_tally_paused")).scalar() == 0
    assert repo.mark_results(batch, [ok(c) for c in batch]).synced == 3
    assert repo.counts() == _counted(store) and repo.counts(actor="clerk02") == _counted(store, "clerk02")


def test_a_store_with_entries_in_flight_migrates_to_the_new_tally_and_back(store):
    """growth_0006_sync rebuilds the tally from the entries (sending counted as pending) and its
    downgrade restores growth_0002's per-state tally; the counts agree with the entries throughout."""
    from alembic import command
    from sqlalchemy import text

    from counter_app.storage.db import _alembic_config

    repo = OutboxRepository(store)
    ids = [add(store, f"M{i}", {"n": i}) for i in range(5)]
    batch = repo.claim_batch(3)
    repo.mark_results(batch[:1], [ok(batch[0])])
    repo.release(batch[1:2], "网络错误", timedelta(minutes=5))
    expected = _counted(store)
    assert expected == {**expected, "synced": 1, "sending": 1, "pending": 3}
    with store.engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "growth_0005")
    with store.engine.connect() as conn:
        assert dict(conn.execute(text("SELECT state, sum(n) FROM outbox_tally GROUP BY state")).all()) == {
            k: v for k, v in expected.items() if v}
        assert conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'ix_outbox_backoff'").first() is None
    with store.engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "heads")
    assert repo.counts() == expected
    # M1 waits for its backoff (found through ix_outbox_backoff), M2 is in flight: M3 and M4 go
    assert [c.id for c in repo.claim_batch(10)] == ids[3:]


def test_backoff_grows_with_jitter_and_cap():
    from counter_app.sync.worker import backoff_delay

    rng = random.Random(1)
    delays = [backoff_delay(a, 1.0, 60.0, rng) for a in range(1, 12)]
    assert all(0.5 <= delays[0] <= 1.0 for _ in [0])
    assert 8 <= delays[4] <= 16
    assert max(delays) <= 60.0 and delays[-1] >= 30.0
    assert len({round(backoff_delay(3, 1.0, 60.0, rng), 6) for _ in range(20)}) > 1  # jitter


def test_protocol_rejects_nul_and_lone_surrogates_and_matches_store_digest():
    body = canonical_json({"a": "身份证", "n": 1})
    assert p.canonical_json({"n": 1, "a": "身份证"}) == body
    good = dict(id="01890a5d-ac96-774b-bcce-b302099a8057", seq=1, kind="case.note", aggregate_type="case",
                aggregate_id="c1", payload={"a": "x"}, payload_digest="0" * 64)
    p.OutboxItem(**good)
    for bad in ({"actor": "a\x00b"}, {"payload": {"a": "\ud800"}}, {"aggregate_id": "有 空格"}, {"seq": 2**64},
                {"id": "not-a-uuid"}, {"created_at": "0001-01-01T00:00:00+14:00"}):
        with pytest.raises(ValidationError):
            p.OutboxItem(**{**good, **bad})


def _centre_key():
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from counter_protocol.export import public_key_text

    key = X25519PrivateKey.generate()
    return key, public_key_text(key.public_key().public_bytes_raw())


def _clear_v1(plain: bytes) -> bytes:
    """The clear version-1 file an earlier release wrote for the same entries."""
    import hashlib
    import json

    lines = plain.splitlines(keepends=True)
    head = lines[0].replace(b'"version":2', b'"version":1')
    body = [head, *lines[1:-1]]
    footer = json.loads(lines[-1])
    footer["sha256"] = hashlib.sha256(b"".join(body)).hexdigest()
    return b"".join(body) + (json.dumps(footer) + "\n").encode()


def test_export_roundtrip_and_tamper_detection(store, tmp_path):
    import json
    import os

    from counter_app.sync.export import ExportError, export_queue, read_export
    from counter_protocol.export import open_export

    key, public = _centre_key()
    ids = [add(store, f"X{i}", {"i": i, "名": "欧阳翠花", "id_number": "440301198807154326"}) for i in range(4)]
    path = tmp_path / "q.jsonl"
    with pytest.raises(ExportError, match="未配置中心的导出公钥"):
        export_queue(store, path, "FT-W01")
    with pytest.raises(ExportError, match="公钥格式不正确"):
        export_queue(store, path, "FT-W01", "x25519:short")
    assert not path.exists()
    assert export_queue(store, path, "FT-W01", public) == 4
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    raw = path.read_bytes()
    # nothing personal in clear on the stick (the payload, JSON-escaped or not)
    for secret in ("欧阳翠花", "440301198807154326", json.dumps("欧阳翠花").strip('"'), '"i":2'):
        assert secret.encode() not in raw, secret
    header, items, bad = read_export(path, key)
    assert header["workstation_id"] == "FT-W01" and header["sealed"] and bad == 0 and [i.id for i in items] == ids
    assert OutboxRepository(store).counts()["pending"] == 4  # export keeps the queue
    with pytest.raises(ExportError, match="需要中心的导出私钥"):
        read_export(path)
    other, _ = _centre_key()
    with pytest.raises(ExportError, match="另一把中心公钥"):
        read_export(path, other)
    head, body = raw.split(b"\n", 1)
    (tmp_path / "cut.jsonl").write_bytes(head + b"\n" + body[:len(body) // 2] + b"\n")
    with pytest.raises(ExportError, match="截断"):
        read_export(tmp_path / "cut.jsonl", key)
    flipped = bytearray(body)
    flipped[10] = ord("A") if flipped[10] != ord("A") else ord("B")
    (tmp_path / "alt.jsonl").write_bytes(head + b"\n" + bytes(flipped))
    with pytest.raises(ExportError, match="校验失败"):
        read_export(tmp_path / "alt.jsonl", key)
    (tmp_path / "hdr.jsonl").write_bytes(head.replace(b'"sealed"', b'"sealed" ') + b"\n" + body)   # the header is bound too
    with pytest.raises(ExportError, match="校验失败"):
        read_export(tmp_path / "hdr.jsonl", key)
    with pytest.raises(ExportError, match="无法读取"):
        read_export(tmp_path / "missing.jsonl", key)
    # a clear version-1 file of an earlier release still reads (the importer warns); altered, refused
    plain, _ = open_export(raw, key)
    old = _clear_v1(plain)
    (tmp_path / "old.jsonl").write_bytes(old)
    header, items, bad = read_export(tmp_path / "old.jsonl")
    assert header["version"] == 1 and header["sealed"] is False and [i.id for i in items] == ids
    (tmp_path / "old-alt.jsonl").write_bytes(old.replace(b'"i":2', b'"i":9'))
    with pytest.raises(ExportError, match="校验值不符"):
        read_export(tmp_path / "old-alt.jsonl")
    # a clear file claiming version 2 (an envelope stripped off) is refused
    (tmp_path / "stripped.jsonl").write_bytes(plain)
    with pytest.raises(ExportError, match="不支持的文件版本"):
        read_export(tmp_path / "stripped.jsonl")


def test_sync_lock_is_exclusive(store):
    from counter_app.sync.worker import SyncLock

    a, b = SyncLock(store.path), SyncLock(store.path)
    assert a.acquire()
    assert not b.acquire()
    a.release()
    assert b.acquire()
    b.release()
