"""Operating the centre: ``serve --workers N`` on PostgreSQL (metrics summed over the workers,
readiness, JSON logs), SQLite held to one worker, the load limit (503 + Retry-After instead of a
timeout), and the client honouring Retry-After with jitter."""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import text

from counter_app.storage.uow import UnitOfWork
from counter_app.sync.client import TransientError, retry_after_seconds
from counter_app.sync.worker import SyncWorker, backoff_delay, utcnow
from tests.support.central import login_client, start_central

pytestmark = pytest.mark.integration


def _queue(store, n: int) -> None:
    with UnitOfWork(store, actor="clerk01", workstation_id="W") as uow:
        for i in range(n):
            uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id=f"ops{i % 3}",
                           payload={"n": i, "text": "备注"})
        uow.commit()


def _metric(body: str, name: str, **labels) -> float:
    total = 0.0
    for line in body.splitlines():
        if not line.startswith(name):
            continue
        m = re.match(r"^([a-z_]+)(\{[^}]*\})?\s+(\S+)$", line)
        if not m or m.group(1) != name:
            continue
        got = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
        if all(got.get(k) == v for k, v in labels.items()):
            total += float(m.group(3))
    return total


def test_workers_on_postgres_ready_metrics_summed_and_json_logs(postgres_instance, tmp_path, store):
    central = start_central(postgres_instance.create_database(), tmp_path,
                            extra_args=("--workers", "2", "--log-level", "info"), timeout=60)
    try:
        assert httpx.get(central.url + "/livez", trust_env=False).json() == {"status": "alive"}
        ready = httpx.get(central.url + "/readyz", trust_env=False)
        assert ready.status_code == 200 and ready.json()["database"] == "postgresql"
        for _ in range(10):   # a fresh connection each: the kernel hands them to either worker
            assert httpx.get(central.url + "/api/v1/health", trust_env=False).status_code == 200
        client = login_client(central.url)
        _queue(store, 25)
        report = SyncWorker(store, client, workstation_id=client.workstation_id, batch_size=10).run_once(pull=False)
        assert report.synced == 25 and report.error is None
        client.close()
        body = ""
        for _ in range(4):    # whichever worker answers, the figures are the sum over both
            body = httpx.get(central.url + "/metrics", trust_env=False).text
            assert _metric(body, "central_http_requests_total", route="/api/v1/health", status="200") >= 10
        assert _metric(body, "central_http_requests_total", route="/api/v1/sync/push", status="200") == 3
        assert _metric(body, "central_push_batch_entries_count") == 3
        assert _metric(body, "central_push_batch_entries_sum") == 25
        assert _metric(body, "central_push_queue_lag_seconds_count", office="FT") == 3
    finally:
        central.stop()
    lines = [json.loads(line) for line in central.log_path.read_text().splitlines() if line.startswith("{")]
    requests = [r for r in lines if r.get("msg") == "request"]
    assert requests and all({"route", "status", "ms", "pid"} <= set(r) for r in requests)
    assert len({r["pid"] for r in lines if "Started server process" in r["msg"]}) == 2
    assert not any("?" in r["route"] for r in requests)


def test_sqlite_is_held_to_one_worker(tmp_path):
    central = start_central(f"sqlite:///{tmp_path / 'c.sqlite3'}", tmp_path, seed=False, extra_args=("--workers", "3"))
    try:
        assert httpx.get(central.url + "/readyz", trust_env=False).json()["database"] == "sqlite"
    finally:
        central.stop()
    assert "已改为 1 个工作进程" in central.log_path.read_text()


def test_overloaded_centre_answers_503_with_retry_after_not_a_timeout(tmp_path):
    central = start_central(f"sqlite:///{tmp_path / 'c.sqlite3'}", tmp_path,
                            extra_args=("--max-inflight", "2", "--retry-after", "7"))

    async def storm():
        async with httpx.AsyncClient(base_url=central.url, timeout=60, trust_env=False,
                                     limits=httpx.Limits(max_connections=100)) as http:
            async def login(i):   # argon2 makes each login slow: the worker fills up
                t0 = time.perf_counter()
                r = await http.post("/api/v1/auth/login", json={"username": "clerk01", "password": "wrong-password",
                                                                "workstation_id": f"OPS-{i}"})
                return r, time.perf_counter() - t0

            logins = [asyncio.create_task(login(i)) for i in range(30)]
            await asyncio.sleep(0.05)
            live = await http.get("/livez")       # never limited
            return await asyncio.gather(*logins), live

    try:
        answers, live = asyncio.run(storm())
        assert live.status_code == 200
        busy = [(r, t) for r, t in answers if r.status_code == 503]
        assert busy, "30 slow requests on a worker that takes 2 at once must be turned away"
        assert all(r.status_code in (401, 503) for r, _ in answers)
        for r, _t in busy:
            assert r.headers["retry-after"] == "7" and r.json()["reason"] == "overloaded"
            assert "繁忙" in r.json()["detail"]
        admitted = [t for r, t in answers if r.status_code == 401]
        # Turned away at once, not after a wait: the first refusal comes back before the first
        # admitted login (one argon2 hash) has finished. Relative, so a loaded machine slows both.
        assert admitted and min(t for _, t in busy) < min(admitted)
        body = httpx.get(central.url + "/metrics", trust_env=False).text
        assert _metric(body, "central_http_overload_rejections_total", cause="inflight") == len(busy)
    finally:
        central.stop()


def test_client_waits_at_least_retry_after_with_jitter(sync_rig, fault_proxy):
    store, client, worker = sync_rig
    _queue(store, 5)
    fault_proxy.retry_after = 30
    fault_proxy.mode = "http503"
    before = utcnow()
    report = worker.run_once(pull=False, check_clock=False)
    assert report.error and "503" in report.error and not report.online
    with store.engine.connect() as c:
        due = [datetime.fromisoformat(str(r[0])) for r in c.execute(text("SELECT next_attempt_at FROM outbox"))]
    assert len(due) == 5
    assert all(before + timedelta(seconds=30) <= d <= utcnow() + timedelta(seconds=60) for d in due)
    fault_proxy.mode = "pass"


def test_retry_after_jitter_spreads_the_returns():
    rng = random.Random(20)
    delays = [backoff_delay(1, 1.0, 300.0, rng, retry_after=10) for _ in range(200)]
    assert all(10 <= d <= 20 for d in delays)
    assert max(delays) - min(delays) > 5          # spread over the window, not one instant
    assert backoff_delay(9, 1.0, 300.0, rng, retry_after=2) >= 128  # a longer own backoff still wins


def test_retry_after_header_forms():
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None
    assert retry_after_seconds("99999") == 3600.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0   # a date in the past: now
    err = TransientError("x", 3.0)
    assert err.retry_after == 3.0 and str(err) == "x"


def test_a_round_that_moves_the_queue_records_progress(sync_rig):
    from counter_app.sync.stall import META_LAST_PROGRESS, stalled_outbox
    from counter_app.sync.status import meta_get

    store, client, worker = sync_rig
    _queue(store, 3)
    assert worker.run_once(pull=False).synced == 3
    assert meta_get(store, META_LAST_PROGRESS)
    _queue(store, 1)                      # queued now: fine for five minutes, then it is stalled
    assert stalled_outbox(store) is None
    stalled = stalled_outbox(store, now=utcnow() + timedelta(minutes=6))
    assert stalled is not None and stalled.waiting == 1 and "尚未发送" in stalled.why


def test_a_long_queue_reports_progress_batch_by_batch(sync_rig):
    store, client, _ = sync_rig
    _queue(store, 25)
    shown = []
    worker = SyncWorker(store, client, workstation_id=client.workstation_id, batch_size=10,
                        progress=lambda done, total: shown.append((done, total)))
    assert worker.run_once(pull=False).synced == 25
    assert shown == [(10, 25), (20, 25), (25, 25)]
