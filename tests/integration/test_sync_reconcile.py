"""Anki's count check against the real central service on PostgreSQL: a centre restored from a
backup (entries it had accepted are gone) gets them again at the next round; a difference that a
clean check explained (entries sent under an earlier workstation id) is not checked again."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from counter_app.storage.tables_core import OutboxState
from counter_app.storage.uow import UnitOfWork
from counter_app.sync.worker import SyncWorker

pytestmark = pytest.mark.integration


def queue(store, n, prefix):
    keys = []
    for i in range(n):
        with UnitOfWork(store, actor="clerk01") as uow:
            keys.append(uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id=f"{prefix}{i % 4}",
                                       payload={"i": i, "备注": f"第{i}条"}).id)
            uow.commit()
    return keys


def held(engine, keys):
    with engine.connect() as c:
        return c.execute(text("SELECT count(*) FROM received_entries WHERE id = ANY(:k)"), {"k": keys}).scalar()


class CountingClient:
    """The real client, counting the missing-key questions the worker asks."""

    def __init__(self, client):
        self._client, self.missing_calls = client, 0

    def missing(self, keys):
        self.missing_calls += 1
        return self._client.missing(keys)

    def __getattr__(self, name):
        return getattr(self._client, name)


def test_a_centre_restored_from_a_backup_gets_the_lost_entries_again(store, central_server, central_db):
    from tests.support.central import login_client

    client = login_client(central_server.url)
    ws = client.workstation_id
    keys = queue(store, 30, "R")
    worker = SyncWorker(store, client, workstation_id=ws, batch_size=10)
    first = worker.run_once(check_clock=False)
    assert first.synced == 30 and first.resent_missing == 0 and held(central_db, keys) == 30
    # the centre goes back to a backup taken before the last 5 arrived: rows and tally together
    lost = keys[-5:]
    with central_db.begin() as c:
        c.execute(text("DELETE FROM received_entries WHERE id = ANY(:k)"), {"k": lost})
        c.execute(text("UPDATE workstation_tallies SET accepted = accepted - 5 WHERE workstation_id = :w"), {"w": ws})
    assert held(central_db, keys) == 25
    again = worker.run_once(check_clock=False)
    assert again.error is None and again.resent_missing == 5 and again.synced == 5
    assert held(central_db, keys) == 30
    with store.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM outbox WHERE state != :s"), {"s": OutboxState.synced}).scalar() == 0
    # and now the counts agree: nothing to resend
    assert worker.run_once(check_clock=False).resent_missing == 0
    client.close()


def test_a_difference_a_clean_check_explained_is_not_checked_again(store, central_server, central_db):
    from tests.support.central import login_client

    old = login_client(central_server.url)
    queue(store, 8, "E")
    assert SyncWorker(store, old, workstation_id=old.workstation_id).run_once(check_clock=False).synced == 8
    old.close()
    # the workstation id changed (new configuration): 8 entries went out under the old one
    new = CountingClient(login_client(central_server.url))
    queue(store, 3, "F")
    worker = SyncWorker(store, new, workstation_id=new.workstation_id)
    r = worker.run_once(check_clock=False)
    assert r.synced == 3 and r.resent_missing == 0 and new.missing_calls == 1   # checked once, all held
    r = worker.run_once(check_clock=False)
    assert r.resent_missing == 0 and new.missing_calls == 1                    # explained: not asked again
    new.close()
