"""#16 finding 11 at the centre: audit records sync, the centre checks the chain and anchors its
head, so a workstation's deleted tail (or a recomputed chain) is detected against the centre."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from counter_app.storage import audit
from counter_app.storage.uow import UnitOfWork
from counter_app.sync.client import CentralClient, RequestRejected, StaticToken
from counter_app.sync.worker import SyncReport, SyncWorker
from tests.support.central import DEMO_PASSWORDS

WS = "FT-W01"


def _client(central_sqlite_client) -> CentralClient:
    client = CentralClient("http://testserver", transport=central_sqlite_client._transport)
    pair = client.login("clerk01", DEMO_PASSWORDS["clerk01"], WS)
    client.tokens = StaticToken(pair.access_token)
    return client


def _events(store, n: int, start: int = 0) -> None:
    with UnitOfWork(store, actor="clerk01", workstation_id=WS) as uow:
        for i in range(n):
            audit.append(uow.session, actor="clerk01", workstation_id=WS, action="record.lookup",
                         object_type="person", object_id=f"440301********{start + i:04d}")
        uow.commit()


def _push(store, client) -> SyncReport:
    report = SyncReport()
    SyncWorker(store, client, workstation_id=WS)._push_audit(report)
    return report


def test_records_sync_and_the_centre_anchor_detects_a_deleted_tail(store, central_sqlite_client):
    client = _client(central_sqlite_client)
    _events(store, 7)
    assert _push(store, client).audit_synced == 7
    anchor = client.audit_anchor()
    assert anchor.seq == 7
    with store.session() as s:
        assert audit.unsynced(s, 100) == []
        assert audit.verify(s, (anchor.seq, anchor.digest), "centre").ok
        s.execute(text("DROP TRIGGER audit_records_keep"))   # someone with the store's key
        s.execute(text("DELETE FROM audit_records WHERE seq >= 6"))
        s.commit()
        s.execute(text("DELETE FROM meta WHERE key LIKE 'audit.anchor%'"))   # the local copy goes too
        s.commit()
        assert audit.verify(s).ok                                    # locally nothing shows…
        report = audit.verify(s, (anchor.seq, anchor.digest), "centre")
    assert not report.ok and report.problems[0]["problem"] == "tail_deleted"   # …the centre's anchor does
    client.close()


def test_the_centre_refuses_a_broken_chain_and_stores_nothing(store, central_sqlite_client):
    client = _client(central_sqlite_client)
    _events(store, 3)
    _push(store, client)
    _events(store, 2, start=3)
    with store.session() as s:
        s.execute(text("UPDATE audit_records SET detail = 'changed' WHERE seq = 4"))
        s.commit()
    report = _push(store, client)
    assert report.audit_synced == 0 and report.audit_error
    assert client.audit_anchor().seq == 3
    from counter_app.cli.sync import report_lines
    from counter_app.sync.status import sync_status

    assert any(line.startswith("审计记录未送达中心") and "审计记录链" in line for line in report_lines(report))
    assert sync_status(store)["audit_waiting"] == 2
    with store.session() as s:
        batch = audit.unsynced(s, 10)
    with pytest.raises(RequestRejected) as err:
        client.push_audit(batch)
    assert err.value.status == 409 and "审计记录链" in err.value.detail
    client.close()


def test_the_audit_migration_matches_the_models(tmp_path):
    import counter_central.audit  # noqa: F401  (the models join the metadata)
    from tests.support.central import central_database_at, schema_drift

    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0003_workstation_tallies")
    upgrade("heads")
    drift = schema_drift(engine, "audit_anchors") + schema_drift(engine, "audit_records")
    engine.dispose()
    assert drift == []


def test_the_sync_prunes_only_synced_records_older_than_180_days(store, central_sqlite_client):
    from datetime import datetime, timedelta, timezone

    client = _client(central_sqlite_client)
    now = datetime.now(timezone.utc)
    with UnitOfWork(store, actor="clerk01", workstation_id=WS) as uow:
        for days in (200, 190, 170, 1):
            audit.append(uow.session, actor="clerk01", workstation_id=WS, action="login", at=now - timedelta(days=days))
        uow.commit()
    assert _push(store, client).audit_synced == 4
    with store.session() as s:
        kept = [r["seq"] for r in audit.unsynced(s, 10)] + [
            r[0] for r in s.execute(text("SELECT seq FROM audit_records ORDER BY seq")).all()]
        report = audit.verify(s, (4, client.audit_anchor().digest), "centre")
    assert kept == [3, 4] and report.ok      # 200 and 190 days old went; 170 days old stays
    client.close()


def test_a_record_whose_actor_is_no_account_of_the_office_is_kept_and_flagged(store, central_sqlite_client, caplog):
    """Names typed on a workstation (王五, an LH supervisor on an FT workstation) are stored — the chain stays
    whole — but each such record is flagged for the security administrator: in the centre's log and
    in the stored record (``actor_unknown``), where an auditor can query it."""
    import logging

    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from counter_central.audit import CentralAuditRecord

    client = _client(central_sqlite_client)
    with UnitOfWork(store, actor="clerk01", workstation_id=WS) as uow:
        for actor, action in (("clerk01", "document.issued"), ("王五", "document.issued"), ("supervisor11", "case.transition"),
                              ("nobody", "login.failed"), ("", "config.changed")):
            audit.append(uow.session, actor=actor, workstation_id=WS, action=action, object_type="x", object_id="1")
        uow.commit()
    with caplog.at_level(logging.WARNING, logger="counter_central.audit"):
        assert _push(store, client).audit_synced == 5
    assert client.audit_anchor().seq == 5                                       # all stored
    flagged = [r.getMessage() for r in caplog.records if r.name == "counter_central.audit"]
    assert len(flagged) == 2 and "第 2 条" in flagged[0] and "第 3 条" in flagged[1], flagged
    assert all("审计记录的操作人不是本分局的账号" in m for m in flagged)
    with Session(central_sqlite_client.app.state.engine) as s:
        stored = dict(s.execute(select(CentralAuditRecord.seq, CentralAuditRecord.actor_unknown)
                                .where(CentralAuditRecord.workstation_id == WS)).all())
        queried = s.scalars(select(CentralAuditRecord.actor).where(CentralAuditRecord.actor_unknown.is_(True))
                            .order_by(CentralAuditRecord.seq)).all()
    assert stored == {1: False, 2: True, 3: True, 4: False, 5: False}
    assert queried == ["王五", "supervisor11"]
    client.close()


def _signed_in(central_sqlite_client, workstation_id: str, username: str = "clerk01") -> CentralClient:
    client = CentralClient("http://testserver", transport=central_sqlite_client._transport)
    client.tokens = StaticToken(client.login(username, DEMO_PASSWORDS[username], workstation_id).access_token)
    return client


def _stored(central_sqlite_client, workstation_id: str) -> dict[int, str | None]:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from counter_central.audit import CentralAuditRecord

    with Session(central_sqlite_client.app.state.engine) as s:
        return dict(s.execute(select(CentralAuditRecord.seq, CentralAuditRecord.written_as)
                              .where(CentralAuditRecord.workstation_id == workstation_id)).all())


def test_records_of_an_earlier_workstation_number_reach_the_centre_in_the_new_numbers_chain(
        store, central_sqlite_client, caplog):
    """IT review: the workstation's number was changed after records were written under the old one
    (first-run wizard run twice). The store keeps one chain, so the centre keeps those records in the
    new number's chain, each with the number it carries (``written_as``), and its log names both
    numbers. Before, the first such record was refused for good, and with it every later record."""
    import logging

    from counter_app.cli.sync import report_lines
    from counter_app.sync.status import sync_status
    from counter_protocol.audit import chain_problems

    with UnitOfWork(store, actor="", workstation_id="FT-W09") as uow:
        audit.append(uow.session, actor="", workstation_id="FT-W09", action="config.changed",
                     object_type="config", object_id="config.toml")
        uow.commit()
    _events(store, 2)
    client = _client(central_sqlite_client)
    with caplog.at_level(logging.WARNING, logger="counter_central.audit"):
        report = _push(store, client)
    assert report.audit_synced == 3 and not report.audit_error
    assert not any(line.startswith("审计记录未送达中心") for line in report_lines(report))
    assert sync_status(store)["audit_waiting"] == 0
    assert client.audit_anchor().seq == 3
    client.close()
    assert _stored(central_sqlite_client, WS) == {1: "FT-W09", 2: None, 3: None}
    warned = [r.getMessage() for r in caplog.records if "写于工作站编号" in r.getMessage()]
    assert len(warned) == 1 and "FT-W09" in warned[0] and WS in warned[0], warned
    assert chain_problems(_centre_chain(central_sqlite_client, WS)) == []   # every digest checks out again


def _centre_chain(central_sqlite_client, workstation_id: str) -> list[dict]:
    """The chain as the centre keeps it, each record with the number it was written under."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from counter_central.audit import CentralAuditRecord
    from counter_protocol.audit import AuditRecord

    fields = set(AuditRecord.model_fields)
    with Session(central_sqlite_client.app.state.engine) as s:
        rows = s.scalars(select(CentralAuditRecord).where(CentralAuditRecord.workstation_id == workstation_id)
                         .order_by(CentralAuditRecord.seq)).all()
        return [{k: getattr(r, k) for k in fields} | {"workstation_id": r.written_as or r.workstation_id} for r in rows]


def test_a_chain_under_a_new_number_continues_the_anchor_of_the_earlier_one(store, central_sqlite_client):
    """Records 1–2 went to the centre under FT-W02; then the number became FT-W01. The records after
    continue FT-W02's anchor: FT-W01's chain at the centre starts there (record 3, written as FT-W02,
    then record 4 under FT-W01), and the workstation's unsynced records all arrive."""
    with UnitOfWork(store, actor="clerk01", workstation_id="FT-W02") as uow:
        for _ in range(3):
            audit.append(uow.session, actor="clerk01", workstation_id="FT-W02", action="login")
        uow.commit()
    earlier = _signed_in(central_sqlite_client, "FT-W02")
    with store.session() as s:
        first_two = audit.unsynced(s, 2)
    anchor = earlier.push_audit(first_two)
    with store.new_session() as s:
        audit.mark_synced(s, anchor.seq, anchor.digest)
        s.commit()
    earlier.close()
    _events(store, 1)                                       # record 4, under FT-W01
    client = _client(central_sqlite_client)
    report = _push(store, client)
    assert report.audit_synced == 2 and not report.audit_error
    assert client.audit_anchor().seq == 4
    client.close()
    assert _stored(central_sqlite_client, "FT-W02") == {1: None, 2: None}
    assert _stored(central_sqlite_client, WS) == {3: "FT-W02", 4: None}


def test_a_workstation_given_back_its_earlier_number_continues_its_chain(store, central_sqlite_client, caplog):
    """The number went FT-W01 → FT-W02 → FT-W01, records sent under each. Back under FT-W01, the
    store's next records continue FT-W02's head, not FT-W01's (records 3–4 are in FT-W02's chain):
    the centre takes them (before: refused as a broken chain, for good), its log names both
    numbers, and ``audit verify`` at the centre follows the bridge and finds every chain whole."""
    import logging

    from counter_central import audit as central_audit

    def write(workstation_id: str, n: int) -> None:
        with UnitOfWork(store, actor="clerk01", workstation_id=workstation_id) as uow:
            for _ in range(n):
                audit.append(uow.session, actor="clerk01", workstation_id=workstation_id, action="login")
            uow.commit()

    def push_as(workstation_id: str) -> SyncReport:
        client = _signed_in(central_sqlite_client, workstation_id)
        try:
            report = SyncReport()
            SyncWorker(store, client, workstation_id=workstation_id)._push_audit(report)
            return report
        finally:
            client.close()

    write(WS, 2)
    assert push_as(WS).audit_synced == 2
    write("FT-W02", 2)
    assert push_as("FT-W02").audit_synced == 2
    write(WS, 1)
    with caplog.at_level(logging.WARNING, logger="counter_central.audit"):
        report = push_as(WS)
    assert report.audit_synced == 1 and not report.audit_error
    assert _stored(central_sqlite_client, WS) == {1: None, 2: None, 5: None}
    assert _stored(central_sqlite_client, "FT-W02") == {3: None, 4: None}
    assert any("接续工作站编号 FT-W02" in r.getMessage() and WS in r.getMessage() for r in caplog.records)
    with store.session() as s:
        assert audit.unsynced(s, 10) == []
    from sqlalchemy.orm import Session

    with Session(central_sqlite_client.app.state.engine) as s:
        chains = {row["chain"]: row for row in central_audit.verify(s)}
        assert chains[WS]["problem"] is None and chains[WS]["head"] == 5
        assert chains["FT-W02"]["problem"] is None
        # a gap that no other chain bridges is still a deletion
        s.query(central_audit.CentralAuditRecord).filter_by(workstation_id="FT-W02", seq=4).delete()
        s.commit()
        chains = {row["chain"]: row for row in central_audit.verify(s)}
    assert chains[WS]["problem"] and "删除" in chains[WS]["problem"]


def test_a_new_chain_that_continues_no_anchor_of_the_office_is_refused(store, central_sqlite_client):
    """A chain the centre has not seen may start after record 1 only where an anchor of a workstation
    of the pusher's office stands: one that continues a 罗湖 workstation's anchor (or none) is refused
    as a broken chain and nothing is stored."""
    with UnitOfWork(store, actor="supervisor11", workstation_id="LH-W01") as uow:
        for _ in range(3):
            audit.append(uow.session, actor="supervisor11", workstation_id="LH-W01", action="login")
        uow.commit()
    other_office = _signed_in(central_sqlite_client, "LH-W01", "supervisor11")
    with store.session() as s:
        first_two = audit.unsynced(s, 2)
        rest = audit.unsynced(s, 10)[2:]
    assert other_office.push_audit(first_two).seq == 2
    other_office.close()
    client = _client(central_sqlite_client)
    with pytest.raises(RequestRejected) as err:
        client.push_audit(rest)
    assert err.value.status == 409 and "审计记录链" in err.value.detail
    assert client.audit_anchor().seq == 0 and _stored(central_sqlite_client, WS) == {}
    client.close()
