"""kill -9 of a syncing client process at random points, 50 times: 0 lost, 0 duplicated."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import text

from counter_app.storage.uow import UnitOfWork

pytestmark = pytest.mark.integration

CHILD = r"""
import sys
from pathlib import Path
from counter_app.storage.db import Store
from counter_app.sync.client import CentralClient, StaticToken
from counter_app.sync.worker import SyncWorker
store = Store.open(Path(sys.argv[1]))
client = CentralClient(sys.argv[2], timeout=5, tokens=StaticToken(sys.argv[3]))
worker = SyncWorker(store, client, workstation_id=sys.argv[4], batch_size=4, backoff_base=0.01, backoff_cap=0.02)
print("READY", flush=True)
while True:
    worker.run_once(check_clock=False)
"""

KILLS = 50


def test_kill_minus_9_during_sync_loses_and_duplicates_nothing(store, central_server, central_db):
    from tests.support.central import login_client

    from counter_app.sync.worker import SyncWorker

    client = login_client(central_server.url)
    token = client.tokens.access_token()
    rng = random.Random(7)
    keys: list[str] = []

    def add(n):
        for _ in range(n):
            with UnitOfWork(store, actor="clerk01") as uow:
                keys.append(uow.outbox.add(kind="case.note", aggregate_type="case",
                                           aggregate_id=f"k{rng.randrange(40)}", payload={"n": len(keys)}).id)
                uow.commit()

    add(200)
    env = dict(os.environ)
    killed_mid_send = 0
    for _ in range(KILLS):
        add(rng.randrange(0, 8))
        proc = subprocess.Popen([sys.executable, "-c", CHILD, str(store.path), central_server.url, token,
                                 client.workstation_id], stdout=subprocess.PIPE, env=env)
        assert proc.stdout.readline().strip() == b"READY"
        time.sleep(rng.uniform(0.0, 0.12))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        proc.stdout.close()
        with store.engine.connect() as c:
            killed_mid_send += c.execute(text("SELECT count(*) FROM outbox WHERE state='sending'")).scalar() > 0
    # a final clean sync
    worker = SyncWorker(store, client, workstation_id=client.workstation_id, batch_size=50)
    report = worker.run_once()
    assert report.error is None
    with store.engine.connect() as c:
        local = dict(c.execute(text("SELECT id, state FROM outbox")).all())
    assert set(local) == set(keys)
    assert set(local.values()) == {"synced"}
    with central_db.connect() as c:
        rows = c.execute(text("SELECT id FROM received_entries WHERE workstation_id=:w"),
                         {"w": client.workstation_id}).scalars().all()
    assert len(rows) == len(set(rows)) == len(keys)  # 0 duplicated
    assert set(rows) == set(keys)                     # 0 lost
    assert killed_mid_send >= 5, "the kills should land while entries were in flight"
    client.close()
