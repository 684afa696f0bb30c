"""#16 finding 11: the audit trail — what is recorded, the SM3 chain, and ``counter-app audit verify``
detecting an edited, deleted or reordered record and a deleted tail (against the anchor)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, text

from counter_app.cli.main import main
from counter_app.domain.documents import DocumentKind
from counter_app.printing.documents import issue_document
from counter_app.printing.samples import sample_fields
from counter_app.storage import audit
from counter_app.storage.tables_audit import AuditRow
from counter_app.storage.uow import UnitOfWork
from counter_protocol.audit import record_digest
from tests.support.cases import MALE_1960, clerk_service


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def _some_work(store) -> None:
    workflow = clerk_service(store)
    view = workflow.create("reg_enroll", "individual", applicant={"name": "张三", "id_number": MALE_1960})
    workflow.submit(view.case.id)
    with UnitOfWork(store, actor="clerk01", workstation_id="FT-W01") as uow:
        issue_document(uow, case_id=view.case.id, kind=DocumentKind.acceptance_notification,
                       fields=sample_fields(DocumentKind.acceptance_notification), clerk="clerk01")
        uow.commit()
    audit.record(store, actor="clerk02", workstation_id="FT-W01", action="login.failed", object_type="user",
                 object_id="clerk02", result="failed", detail=f"用户名或密码不正确 {MALE_1960}")


def _rows(store) -> list[AuditRow]:
    with store.session() as s:
        return list(s.scalars(select(AuditRow).order_by(AuditRow.seq)))


def _verify(store, anchor=None):
    with store.session() as s:
        return audit.verify(s, anchor, "centre" if anchor else "none")


def test_actions_are_recorded_with_who_where_what_and_result_and_chained(store):
    _some_work(store)
    rows = _rows(store)
    actions = [r.action for r in rows]
    assert actions.count("case.transition") == 2 and "document.issued" in actions and "login.failed" in actions
    for r in rows:
        assert r.at and r.workstation_id == "FT-W01" and r.result in ("ok", "failed") and r.action
    doc = next(r for r in rows if r.action == "document.issued")
    assert doc.actor == "clerk01" and doc.object_type == "acceptance_notification" and "号" in doc.object_id
    failed = next(r for r in rows if r.action == "login.failed")
    assert failed.result == "failed" and MALE_1960 not in failed.detail   # masked
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    for before, after in zip(rows, rows[1:], strict=False):
        assert after.prev_digest == before.digest
    assert _verify(store).ok


def test_an_edited_record_is_detected(store, app_home, capsys):
    _some_work(store)
    with store.session() as s:
        s.execute(text("UPDATE audit_records SET actor = 'someone_else' WHERE seq = 2"))
        s.commit()
    report = _verify(store)
    assert not report.ok and [(p["seq"], p["problem"]) for p in report.problems] == [(2, "edited")]


def test_a_deleted_record_is_detected(store):
    _some_work(store)
    with store.session() as s:   # someone holding the store's key drops the keep trigger first
        s.execute(text("DROP TRIGGER audit_records_keep"))
        s.execute(text("DELETE FROM audit_records WHERE seq = 2"))
        s.commit()
    report = _verify(store)
    assert not report.ok and {p["problem"] for p in report.problems} >= {"deleted"}
    assert report.problems[0]["seq"] == 2


def test_a_reordered_record_is_detected_even_with_recomputed_digests(store):
    _some_work(store)
    rows = _rows(store)
    a, b = rows[1], rows[2]
    cols = ("at", "actor", "workstation_id", "action", "object_type", "object_id", "result", "detail")
    with store.session() as s:   # swap the two records' content and digests
        for target, source in ((a.seq, b), (b.seq, a)):
            s.execute(text("UPDATE audit_records SET " + ", ".join(f"{c} = :{c}" for c in cols)
                           + ", digest = :digest, prev_digest = :prev WHERE seq = :seq"),
                      {**{c: getattr(source, c) for c in cols}, "digest": source.digest,
                       "prev": source.prev_digest, "seq": target})
        s.commit()
    report = _verify(store)
    assert not report.ok and {p["seq"] for p in report.problems} & {a.seq, b.seq}


def test_a_deleted_tail_is_detected_against_the_anchor_only(store):
    _some_work(store)
    rows = _rows(store)
    head = rows[-1]
    with store.session() as s:
        s.execute(text("DROP TRIGGER audit_records_keep"))
        s.execute(text("DELETE FROM audit_records WHERE seq >= :n"), {"n": rows[-2].seq})
        s.commit()
    assert _verify(store).ok            # without the anchor a cut tail leaves a valid chain…
    report = _verify(store, (head.seq, head.digest))
    assert not report.ok and report.problems[0]["problem"] == "tail_deleted"   # …the anchor sees it


def test_a_recomputed_chain_does_not_match_the_anchor(store):
    _some_work(store)
    rows = _rows(store)
    head = rows[-1]
    with store.session() as s:   # rewrite record 1 and recompute every digest after it
        prev = "0" * 64
        for r in s.scalars(select(AuditRow).order_by(AuditRow.seq)):
            if r.seq == 1:
                r.detail = "改过的内容"
            r.prev_digest = prev
            r.digest = record_digest(audit.as_dict(r), prev)
            prev = r.digest
        s.commit()
    assert _verify(store).ok
    report = _verify(store, (head.seq, head.digest))
    assert not report.ok and report.problems[0]["problem"] == "anchor_mismatch"


def test_cli_audit_verify_json_and_exit_codes(app_home, capsys):
    from counter_app.cli._common import open_store

    store = open_store()
    try:
        _some_work(store)
    finally:
        store.close()
    assert main(["audit", "verify", "--json", "--offline"]) == 0
    ok = _json(capsys)
    assert ok["ok"] is True and ok["records"] >= 4 and ok["problems"] == []
    # no anchor to compare with (offline, the centre never confirmed any): said, not "已与…比对"
    assert ok["anchor_compared"] is False
    assert main(["audit", "verify", "--offline"]) == 0
    said = capsys.readouterr().out
    assert "未与中心比对" in said and "已与" not in said, said
    store = open_store()
    try:
        with store.session() as s:
            s.execute(text("UPDATE audit_records SET result = 'ok' WHERE action = 'login.failed'"))
            s.commit()
    finally:
        store.close()
    assert main(["audit", "verify", "--json", "--offline"]) == 1
    bad = _json(capsys)
    assert bad["ok"] is False and bad["problems"][0]["problem"] == "edited"
    assert main(["audit", "verify", "--offline"]) == 1
    assert "审计记录链被破坏" in capsys.readouterr().out


def test_housekeeping_keeps_180_days_and_everything_unsynced(store):
    now = datetime.now(timezone.utc)
    with UnitOfWork(store) as uow:
        for days in (400, 300, 181, 179, 10):
            audit.append(uow.session, actor="c", workstation_id="W", action="login", at=now - timedelta(days=days))
        uow.commit()
    with store.session() as s:
        audit.mark_synced(s, 4, _rows(store)[3].digest)    # the centre holds 1–4; 5 not yet
        s.commit()
    with UnitOfWork(store) as uow:
        assert audit.prune(uow.session, keep_days=30, now=now) == 3   # 30 is raised to the 180-day minimum
        uow.commit()
    assert [r.seq for r in _rows(store)] == [4, 5]   # 179 days old and the unsynced one stay
    with UnitOfWork(store) as uow:
        audit.append(uow.session, actor="c", workstation_id="W", action="logout", at=now)
        uow.commit()
    report = _verify(store)
    assert report.ok and report.first_seq == 4 and report.last_seq == 6


def _aged(store, days_and_synced) -> None:
    now = datetime.now(timezone.utc)
    with UnitOfWork(store) as uow:
        for days, _ in days_and_synced:
            audit.append(uow.session, actor="c", workstation_id="W", action="login", at=now - timedelta(days=days))
        uow.commit()
    with store.session() as s:
        for row, (_, synced) in zip(_rows(store), days_and_synced, strict=True):
            if synced:
                s.execute(text("UPDATE audit_records SET synced_at = CURRENT_TIMESTAMP WHERE seq = :s"), {"s": row.seq})
        s.commit()


def test_an_old_unsynced_record_stops_the_housekeeping_there(store):
    """A 400-day-old record the centre never got is kept, and with it every later one (the run must stay
    contiguous from the chain's start, or the gap would read as a deletion)."""
    _aged(store, [(500, True), (400, False), (300, True), (200, True)])
    with UnitOfWork(store) as uow:
        assert audit.prune(uow.session) == 1
        uow.commit()
    assert [r.seq for r in _rows(store)] == [2, 3, 4]
    assert _verify(store).ok


def test_a_housekeeping_clock_ahead_deletes_nothing_young(store):
    """``now`` a year ahead (a wrong clock, a caller's mistake) still keeps every record under 180 days."""
    _aged(store, [(200, True), (100, True), (1, True)])
    with UnitOfWork(store) as uow:
        assert audit.prune(uow.session, now=datetime.now(timezone.utc) + timedelta(days=365)) == 1
        uow.commit()
    assert [r.seq for r in _rows(store)] == [2, 3]


def test_the_store_refuses_to_delete_a_young_or_unsynced_record(store):
    """The 180-day rule holds for every path, not only for ``prune``: the store's trigger refuses a plain
    DELETE of a record younger than 180 days or not yet at the centre, and lets an old synced one go."""
    import pytest
    from sqlalchemy.exc import DatabaseError

    _aged(store, [(400, True), (400, False), (179, True), (1, False)])
    for seq in (2, 3, 4):
        with store.session() as s, pytest.raises(DatabaseError, match="audit record kept"):
            s.execute(text("DELETE FROM audit_records WHERE seq = :s"), {"s": seq})
        with store.session() as s, pytest.raises(DatabaseError, match="audit record kept"):
            s.execute(text("DELETE FROM audit_records"))
    assert [r.seq for r in _rows(store)] == [1, 2, 3, 4]
    with store.session() as s:
        s.execute(text("DELETE FROM audit_records WHERE seq = 1"))
        s.commit()
    assert [r.seq for r in _rows(store)] == [2, 3, 4]


def test_a_record_with_a_nul_or_lone_surrogate_is_still_one_the_centre_takes(store):
    """Text that came in with imported data (a NUL, a lone surrogate) is replaced when the record is
    chained: the centre refuses such text (SafeStr), and a record it refuses would stop every later
    upload of the trail."""
    from counter_protocol.audit import AuditRecord

    audit.record(store, actor="clerk01", workstation_id="FT-W01", action="case.imported", object_type="case",
                 object_id="C-1\x00", detail="材料\x00清单 \ud800 尾")
    row = _rows(store)[-1]
    sent = AuditRecord.model_validate(audit.as_dict(row))
    assert "\x00" not in sent.detail and "\ud800" not in sent.detail and "材料" in sent.detail and "尾" in sent.detail
    assert sent.object_id == "C-1\ufffd"
    assert record_digest(audit.as_dict(row), row.prev_digest) == row.digest
