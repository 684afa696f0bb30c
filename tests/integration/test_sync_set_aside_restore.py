"""A counter gives back the entries the centre set aside, through its ordinary sync round, against
the real central service on PostgreSQL: two of its synced entries are altered in the centre's
database, IT retires their key version setting them aside (``counter-central entry-key retire 1
--set-aside-unreadable``), and the counter's next round sends their content — not as new entries
(they would be applied twice) — so the centre holds all of them again, readable, once."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from counter_app.storage.uow import UnitOfWork
from counter_app.sync.worker import SyncWorker

pytestmark = pytest.mark.integration


def _queue(store, n: int) -> list[tuple[str, dict]]:
    out = []
    for i in range(n):
        payload = {"case_id": f"S{i % 3}", "text": f"第{i}条备注"}
        with UnitOfWork(store, actor="clerk01") as uow:
            out.append((uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id=f"S{i % 3}",
                                       payload=payload).id, payload))
            uow.commit()
    return out


def test_a_counter_gives_back_the_entries_its_centre_set_aside(store, postgres_instance, tmp_path, monkeypatch,
                                                               capsys):
    from counter_app.cli.sync import report_lines
    from counter_central import cli
    from tests.support.central import login_client, received_payloads, start_central

    db_url = postgres_instance.create_database("set_aside_restore")
    central = start_central(db_url, tmp_path)
    engine = create_engine(db_url)
    client = None
    try:
        client = login_client(central.url)
        queued = _queue(store, 6)
        worker = SyncWorker(store, client, workstation_id=client.workstation_id)
        assert worker.run_once(check_clock=False).synced == 6
        altered = [queued[1][0], queued[4][0]]
        with engine.begin() as conn:          # two rows altered in the centre's database
            conn.execute(text("UPDATE received_entries SET payload = (SELECT payload FROM received_entries "
                              "WHERE id = :a) WHERE id = ANY(:b)"), {"a": queued[0][0], "b": altered})
        # IT, on the centre's host with its key files: a new version, and the old one retired
        monkeypatch.setenv("COUNTER_CENTRAL_ENTRY_KEY", str(central.entry_key_file))
        monkeypatch.setenv("COUNTER_CENTRAL_PERSON_KEY", str(central.person_key_file))
        assert cli.main(["entry-key", "rotate", "--db", db_url]) == 0
        capsys.readouterr()
        assert cli.main(["entry-key", "retire", "1", "--set-aside-unreadable", "--db", db_url, "--json"]) == 0
        assert sorted(r["id"] for r in json.loads(capsys.readouterr().out)["set_aside_rows"]) == sorted(altered)

        report = worker.run_once(check_clock=False)
        assert report.error is None
        assert (report.restored, report.resent_missing, report.pushed, report.restore_refused) == (2, 0, 0, 0)
        assert any("已恢复（业务未重复办理）" in line for line in report_lines(report))
        kept = received_payloads(engine, central.entry_key_file, "workstation_id = :w", {"w": client.workstation_id})
        assert {k: json.loads(v) for k, v in kept.items()} == dict(queued)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM set_aside_payloads")).scalar() == 0
            assert conn.execute(text("SELECT accepted FROM workstation_tallies WHERE workstation_id = :w"),
                                {"w": client.workstation_id}).scalar() == 6
            assert sorted(conn.execute(text("SELECT object_id FROM audit_records WHERE action = 'entry.key_restored'"))
                          .scalars()) == sorted(altered)
        # the difference is mended, not explained away, and the counts agree again: the next round asks nothing
        from counter_app.sync.status import META_COUNT_OFFSET, meta_get

        assert int(meta_get(store, META_COUNT_OFFSET) or 0) == 0
        again = worker.run_once(check_clock=False)
        assert (again.restored, again.resent_missing, again.pushed) == (0, 0, 0)
    finally:
        if client is not None:
            client.close()
        engine.dispose()
        central.stop()
