"""A workstation's audit chain that forked from the one the centre holds — its store restored from a
backup, or a new machine given the same 工作站编号 — is neither dropped silently nor stuck for good.

Before: the centre ignored a record under a seq it held ("a resend") without comparing digests, so a
re-provisioned FT-W01's records 1–k were reported synced and lost, and a restored store's records
after the backup were refused with 审计记录链不连续 on every sync while `sync run` exited 0. Now a held
seq with another digest (or a first record not linked to the head) is 409 ``audit_chain_forked``; the
workstation goes on in a chain epoch of its own (``FT-W01~<epoch>``), which starts where it parts from
what the centre holds; the centre keeps both, records the fork in ``@centre``, and verifies both.
"""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter_app.storage import audit
from counter_app.storage.uow import UnitOfWork
from counter_app.sync.client import CentralClient, RequestRejected, StaticToken
from counter_app.sync.worker import SyncReport, SyncWorker
from counter_central import audit as central_audit
from counter_protocol.audit import FORKED
from tests.support.central import DEMO_PASSWORDS

WS = "FT-W01"


def _client(central_sqlite_client) -> CentralClient:
    client = CentralClient("http://testserver", transport=central_sqlite_client._transport)
    pair = client.login("clerk01", DEMO_PASSWORDS["clerk01"], WS)
    client.tokens = StaticToken(pair.access_token)
    return client


def _events(store, n: int, tag: str = "") -> None:
    with UnitOfWork(store, actor="clerk01", workstation_id=WS) as uow:
        for i in range(n):
            audit.append(uow.session, actor="clerk01", workstation_id=WS, action="record.lookup",
                         object_type="person", object_id=f"{tag}440301********{i:04d}")
        uow.commit()


def _push(store, client) -> SyncReport:
    report = SyncReport()
    SyncWorker(store, client, workstation_id=WS)._push_audit(report)
    return report


def _chains(central_sqlite_client) -> dict[str, list[int]]:
    from counter_central.audit import CentralAuditRecord

    out: dict[str, list[int]] = {}
    with Session(central_sqlite_client.app.state.engine) as s:
        for chain, seq in s.execute(select(CentralAuditRecord.workstation_id, CentralAuditRecord.seq)
                                    .order_by(CentralAuditRecord.workstation_id, CentralAuditRecord.seq)):
            out.setdefault(chain, []).append(seq)
    return out


def _centre(central_sqlite_client, fn):
    with Session(central_sqlite_client.app.state.engine) as s:
        return fn(s)


def _restore(store, backup_seq: int) -> None:
    """What a store backup restored brings back of the trail: the records and the anchor as they were."""
    with store.session() as s:
        s.execute(text("DROP TRIGGER audit_records_keep"))
        s.execute(text("DELETE FROM audit_records WHERE seq > :n"), {"n": backup_seq})
        s.execute(text("UPDATE meta SET value = :n WHERE key = 'audit.anchor_seq'"), {"n": str(backup_seq)})
        s.execute(text("UPDATE meta SET value = (SELECT digest FROM audit_records WHERE seq = :n) "
                       "WHERE key = 'audit.anchor_digest'"), {"n": backup_seq})
        s.commit()


def test_a_restored_store_goes_on_in_an_epoch_of_its_own(store, central_sqlite_client):
    client = _client(central_sqlite_client)
    _events(store, 6)
    assert _push(store, client).audit_synced == 6          # the backup is taken here
    _events(store, 5, tag="a")
    assert _push(store, client).audit_synced == 5          # records 7–11 reach the centre, then the disk dies
    _restore(store, 6)
    _events(store, 3, tag="b")                             # 7'–9': other records under seq 7–9
    with store.session() as s:
        batch = audit.unsynced(s, 10)
    with pytest.raises(RequestRejected) as err:            # never "ignored as a resend"
        client.push_audit(batch)
    assert err.value.status == 409 and err.value.reason == FORKED and "备份恢复" in err.value.detail

    report = _push(store, client)
    assert report.audit_epoch and not report.audit_error and not report.audit_refused
    from counter_app.cli.sync import report_lines
    assert any("另起记录链" in line for line in report_lines(report))
    chains = _chains(central_sqlite_client)
    epoch_chain = f"{WS}~{report.audit_epoch}"
    assert chains[WS] == list(range(1, 12))                # the first machine's records all kept
    assert chains[epoch_chain] == [7, 8, 9]                # the restored store's, from where they part
    # the local chain checks out against its epoch's anchor (no anchor_mismatch for ever)
    anchor = client.audit_anchor(report.audit_epoch)
    assert anchor.seq == 9
    with store.session() as s:
        assert audit.verify(s, (anchor.seq, anchor.digest), "centre").ok
        assert audit.unsynced(s, 10) == []
    # later records go on in the epoch, round after round
    _events(store, 2, tag="c")
    again = _push(store, client)
    assert again.audit_synced == 2 and not again.audit_error and again.audit_epoch is None
    assert _chains(central_sqlite_client)[epoch_chain] == [7, 8, 9, 10, 11]
    # the centre verifies both chains, and recorded the fork for the auditors
    results = _centre(central_sqlite_client, central_audit.verify)
    assert {r["chain"]: r["problem"] for r in results if r["chain"].startswith(WS)} == {WS: None, epoch_chain: None}
    forked = [r for r in _centre(central_sqlite_client, lambda s: central_audit.records_of(s, "@centre"))
              if r["action"] == "audit.forked"]
    assert len(forked) == 1 and forked[0]["object_id"] == epoch_chain
    client.close()


def test_a_new_machine_given_the_same_number_loses_no_record(store, central_sqlite_client, _migrated_template, tmp_path):
    from counter_app.storage.db import Store

    client = _client(central_sqlite_client)
    _events(store, 11)
    assert _push(store, client).audit_synced == 11
    path = tmp_path / "second" / "counter.sqlite3"
    path.parent.mkdir()
    shutil.copyfile(_migrated_template, path)
    fresh = Store.open(path)
    try:
        _events(fresh, 4, tag="n")                             # the new FT-W01's records 1–4
        report = _push(fresh, client)
        assert report.audit_epoch and report.audit_synced == 4 and not report.audit_error
        chains = _chains(central_sqlite_client)
        assert chains[WS] == list(range(1, 12)) and chains[f"{WS}~{report.audit_epoch}"] == [1, 2, 3, 4]
    finally:
        fresh.close()
    client.close()


def test_an_edited_record_is_still_a_broken_chain_and_sync_run_fails(store, central_sqlite_client):
    client = _client(central_sqlite_client)
    _events(store, 3)
    _push(store, client)
    _events(store, 2, tag="x")
    with store.session() as s:
        s.execute(text("UPDATE audit_records SET detail = 'changed' WHERE seq = 4"))
        s.commit()
    report = _push(store, client)
    assert report.audit_error and report.audit_refused and report.audit_epoch is None
    from counter_app.cli.sync import report_lines
    assert any("被中心拒收" in line for line in report_lines(report))
    assert {k: v for k, v in _chains(central_sqlite_client).items() if k.startswith(WS)} == {WS: [1, 2, 3]}
    client.close()


@pytest.mark.parametrize("refused, code", [(True, 1), (False, 0)])
def test_sync_run_exits_1_while_the_centre_refuses_audit_records(refused, code, monkeypatch, capsys):
    """`sync run` exited 0 round after round while every round's audit records were refused; a
    refusal is not a success (exit 1), a transient failure still is retried quietly (exit 0)."""
    import argparse

    from counter_app.cli import sync as cli_sync

    class _Store:
        def close(self):
            pass

    report = SyncReport(online=True, audit_error="审计记录链不连续或被改动：第 4 条记录内容被改动（SM3 不符）",
                        audit_refused=refused)
    monkeypatch.setattr(cli_sync, "_sync_session", lambda args: (None, _Store(), None))
    monkeypatch.setattr(cli_sync, "_one_round", lambda *a, **k: report)
    assert cli_sync._run(argparse.Namespace(json=False, batch_size=None)) == code
    assert "审计记录未送达中心" in capsys.readouterr().out
