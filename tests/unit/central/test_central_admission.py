"""The centre's load limit decides from what the worker holds and how fast it has been answering."""

from __future__ import annotations

import time

import pytest

from counter_central.observability import LoadLimits, OpsMiddleware


def _mw(**limits) -> OpsMiddleware:
    return OpsMiddleware(app=None, limits=LoadLimits(**limits))


def test_hard_cap_refuses_beyond_max_inflight():
    mw = _mw(max_inflight=4)
    mw.inflight = 3
    assert mw._admit() is None
    mw.inflight = 4
    assert mw._admit() == "inflight"


def test_refuses_when_what_it_holds_would_take_longer_than_the_queue_limit():
    mw = _mw(max_inflight=1000, max_queue_seconds=5.0)
    now = time.monotonic()
    mw._done.extend(now - 1.9 + i * 0.1 for i in range(20))  # 20 answers over the last 1.9 s: ~10 per second
    mw.inflight = 40                                         # 4 s of work: admitted
    assert mw._admit() is None
    mw.inflight = 60                                         # 6 s of work: refused
    assert mw._admit() == "queue"


def test_no_estimate_without_recent_answers():
    mw = _mw(max_inflight=1000, max_queue_seconds=0.001)
    mw.inflight = 500                                        # a cold worker takes up to its cap
    assert mw._admit() is None
    mw._done.extend([time.monotonic() - 60] * 50)            # answers long ago do not count
    assert mw._admit() is None


def _metric(body: str, name: str, **labels) -> float:
    import re

    total = 0.0
    for line in body.splitlines():
        m = re.match(r"^([a-z_]+)(\{[^}]*\})?\s+(\S+)$", line)
        if not m or m.group(1) != name:
            continue
        got = dict(re.findall(r'(\w+)="([^"]*)"', m.group(2) or ""))
        if all(got.get(k) == v for k, v in labels.items()):
            total += float(m.group(3))
    return total


def test_body_limit_and_load_limit_both_apply_and_the_metrics_count_413_and_503(tmp_path):
    """The security side's request limits (413/422) and the load limit (503 + Retry-After) on one
    app: the load limit answers first (no body read), a body over the limit is 413, and both
    answers are counted in /metrics like any other."""
    from fastapi.testclient import TestClient

    from counter_central.app import create_app

    app = create_app(f"sqlite:///{tmp_path / 'central.sqlite3'}", demo=True, require_totp=False,
                     max_body_bytes=1000, limits=LoadLimits(max_inflight=4, retry_after=3))
    ops = app.build_middleware_stack()
    while not isinstance(ops, OpsMiddleware):     # the load limit is the outermost of ours
        assert not type(ops).__name__ == "LimitsMiddleware", "the body limit must sit inside the load limit"
        ops = ops.app
    with TestClient(app) as client:
        before = client.get("/metrics").text
        big = client.post("/api/v1/auth/login", json={"username": "x", "password": "y" * 2000, "workstation_id": "W"})
        assert big.status_code == 413 and "过大" in big.json()["detail"]
        deep = client.post("/api/v1/auth/login", content=b"[" * 40 + b"]" * 40,
                           headers={"Content-Type": "application/json"})
        assert deep.status_code == 422
        app.middleware_stack = ops                # the instance the client goes through
        ops.inflight = 4                          # the worker is full: refused before any body is read
        busy = client.post("/api/v1/auth/login", json={"username": "x", "password": "y" * 2000, "workstation_id": "W"})
        ops.inflight = 0
        assert busy.status_code == 503 and busy.headers["retry-after"] == "3"
        assert busy.json()["reason"] == "overloaded"
        after = client.get("/metrics").text
    assert _metric(after, "central_http_requests_total", status="413") - \
        _metric(before, "central_http_requests_total", status="413") == 1
    assert _metric(after, "central_http_requests_total", status="422") - \
        _metric(before, "central_http_requests_total", status="422") >= 1
    assert _metric(after, "central_http_requests_total", route="overloaded", status="503") - \
        _metric(before, "central_http_requests_total", route="overloaded", status="503") == 1
    app.state.engine.dispose()


def test_ready_only_when_every_migration_is_applied(tmp_path):
    """/readyz: 200 on a migrated database (a revision another one depends_on leaves the version
    table, and still counts as applied); 503 when a revision is missing."""
    from fastapi.testclient import TestClient
    from sqlalchemy import text

    from counter_central.app import create_app

    app = create_app(f"sqlite:///{tmp_path / 'central.sqlite3'}", demo=True, require_totp=False)
    with TestClient(app) as client:
        assert client.get("/readyz").json()["status"] == "ready"
        with app.state.engine.begin() as c:
            newest = c.execute(text("SELECT version_num FROM alembic_version ORDER BY version_num DESC")).scalar()
            c.execute(text("DELETE FROM alembic_version WHERE version_num = :v"), {"v": newest})
        r = client.get("/readyz")
        assert r.status_code == 503 and r.json()["status"] == "not_ready"
    app.state.engine.dispose()


def _against_probe(tmp_path, threads: int, route, work):
    """``await work(client)`` against a fresh centre whose worker has ``threads`` threads and a
    blocking ``GET /probe`` (``route``) besides its own routes; its answer is returned."""
    import asyncio

    import httpx

    from counter_central.app import create_app

    app = create_app(f"sqlite:///{tmp_path / f'central-{threads}.sqlite3'}", demo=True, require_totp=False,
                     limits=LoadLimits(threads=threads))
    app.get("/probe")(route)

    async def run():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://centre") as client:
            return await work(client)

    try:
        return asyncio.run(run())
    finally:
        app.state.engine.dispose()


def test_a_worker_runs_at_most_its_threads_of_blocking_work_at_once(tmp_path):
    """``serve --threads N``: of the requests a worker holds, N run their blocking work at once on
    its threads; the rest wait in the event loop and are all answered. anyio's default would run
    40 at once, taking turns at the interpreter lock."""
    import asyncio
    import threading

    running, most = [0], [0]
    lock = threading.Lock()

    def blocking_route() -> dict:        # a route's blocking work (what the database calls are)
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return {"ok": True}

    async def eight_at_once(client) -> list[int]:
        answers = await asyncio.gather(*(client.get("/probe") for _ in range(8)))
        return [r.status_code for r in answers]

    for threads in (2, LoadLimits.threads):
        most[0] = 0
        assert _against_probe(tmp_path, threads, blocking_route, eight_at_once) == [200] * 8
        assert most[0] == threads


def test_health_checks_answer_while_every_thread_is_busy(tmp_path):
    """A proxy's /livez and /readyz (and Prometheus' /metrics) do not wait behind the business
    requests for the worker's threads: under a burst they still answer at once.

    The business requests hold the worker's one thread until the health checks have been answered
    (no clock involved: a pause of the whole test process cannot fail it, and a health check that
    queued behind them would never be answered, which the 10 s wait turns into a failure)."""
    import asyncio
    import threading

    release = threading.Event()
    started = threading.Semaphore(0)

    def blocking_route() -> dict:
        started.release()
        release.wait(30)
        return {"ok": True}

    async def during_a_burst(client) -> dict[str, int | str]:
        busy = [asyncio.create_task(client.get("/probe")) for _ in range(4)]   # for its one thread
        answers: dict[str, int | str] = {}
        try:
            assert await asyncio.to_thread(started.acquire, True, 10), "no business request took the worker's thread"
            for path in ("/livez", "/readyz", "/metrics"):
                try:
                    answers[path] = (await asyncio.wait_for(client.get(path), 10)).status_code
                except asyncio.TimeoutError:
                    answers[path] = "waited behind the business requests"
            assert not any(task.done() for task in busy)
        finally:
            release.set()
        assert [r.status_code for r in await asyncio.gather(*busy)] == [200] * 4
        return answers

    answers = _against_probe(tmp_path, 1, blocking_route, during_a_burst)
    assert answers == {"/livez": 200, "/readyz": 200, "/metrics": 200}


@pytest.mark.parametrize("option, value", [
    ("--workers", "0"), ("--threads", "0"), ("--max-inflight", "0"), ("--pool-size", "-2"),
    ("--retry-after", "0"), ("--max-body-bytes", "lots"), ("--max-queue-seconds", "0"),
    ("--lockout-minutes", "nan"), ("--lockout-after", "0"), ("--max-json-depth", "1.5"),
])
def test_serve_refuses_a_count_that_would_start_a_centre_answering_nothing(option, value, capsys):
    """``serve --threads 0`` used to start a worker whose requests never ran (and ``--max-inflight 0``
    one that answered every request 503): such values stop at the command line, in Chinese."""
    from counter_central import cli

    with pytest.raises(SystemExit) as stop:
        cli.build_parser().parse_args(["serve", option, value])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert option in err and ("应为正整数" in err or "应为大于 0" in err)
    assert "Traceback" not in err


def test_serve_checks_a_limit_from_the_environment_like_one_on_the_command_line(monkeypatch, capsys):
    from counter_central import cli

    monkeypatch.setenv("COUNTER_CENTRAL_MAX_BODY_BYTES", "4096")
    assert cli.build_parser().parse_args(["serve"]).max_body_bytes == 4096
    monkeypatch.setenv("COUNTER_CENTRAL_MAX_BODY_BYTES", "2MB")
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["serve"])
    assert "--max-body-bytes: 应为正整数，收到「2MB」" in capsys.readouterr().err
    monkeypatch.delenv("COUNTER_CENTRAL_MAX_BODY_BYTES")
    args = cli.build_parser().parse_args(["serve", "--threads", "3", "--max-queue-seconds", "2.5"])
    assert (args.max_body_bytes, args.threads, args.max_queue_seconds) == (2 * 1024 * 1024, 3, 2.5)


def test_load_limits_from_the_environment_are_parsed_or_refused_by_name():
    env = {"COUNTER_CENTRAL_MAX_INFLIGHT": "64", "COUNTER_CENTRAL_MAX_QUEUE_SECONDS": "2.5", "COUNTER_CENTRAL_THREADS": " 3 "}
    limits = LoadLimits.from_env(env)
    assert (limits.max_inflight, limits.max_queue_seconds, limits.threads, limits.retry_after) == (64, 2.5, 3, LoadLimits().retry_after)
    for name, raw in [("COUNTER_CENTRAL_THREADS", "0"), ("COUNTER_CENTRAL_THREADS", "four"), ("COUNTER_CENTRAL_MAX_INFLIGHT", "-5"),
                      ("COUNTER_CENTRAL_RETRY_AFTER", "1.5"), ("COUNTER_CENTRAL_MAX_QUEUE_SECONDS", "nan"),
                      ("COUNTER_CENTRAL_MAX_QUEUE_SECONDS", "inf")]:
        with pytest.raises(ValueError) as refused:
            LoadLimits.from_env({name: raw})
        assert name in str(refused.value) and "应为" in str(refused.value), (name, raw)
