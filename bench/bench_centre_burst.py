"""bench centre-burst: the morning after an outage. 500 workstations reconnect at once, each
pushing its 100 overnight entries, against the centre as shipped (``serve --workers 2`` on
PostgreSQL); against one raw psycopg COPY of the same 50,000 rows, in the same run.

Before the clock starts: 500 users, each with its own password (argon2id hashes, light
parameters, made in a process pool and cached; written with their workstations straight into the
centre's tables — what an administrator's bulk registration does), and 500 real logins through the API (``/auth/login``,
each workstation its own sign-in and token). Then the clock runs from the first push to the moment
every one of the 50,000 entries is accepted; a 503 from the load limit is honoured like the
shipped client does it (wait ``Retry-After`` plus up to as much again at random, then send again)
and counted. Errors (anything but an accepted result in the end) must be 0.

Latency per push is the time of the request that was accepted (p50 / p99), and separately the
time from the first attempt to acceptance (what a workstation sees, retries included).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench.common import BenchResult

WORKSTATIONS = int(os.environ.get("BENCH_BURST_WORKSTATIONS", "500"))
PER_WORKSTATION = 100
WORKERS = 2
GOAL = 10.0
OFFICES = ("FT", "LH", "NS")

_RAW_TABLE = ("CREATE TABLE received_copy (id varchar(36) PRIMARY KEY, workstation_id varchar(32) NOT NULL,"
              " client_seq bigint NOT NULL, kind varchar(64) NOT NULL, aggregate_type varchar(32) NOT NULL,"
              " aggregate_id varchar(64) NOT NULL, payload text NOT NULL, payload_digest varchar(64) NOT NULL,"
              " actor varchar(64) NOT NULL, outcome varchar(16) NOT NULL)")


# The bench accounts' hashes are argon2id with light parameters: the centre verifies each login
# with the parameters its hash names (as it does for any account), so the 500 logins before the
# clock take seconds instead of minutes on a shared 2-core machine. Demo and real accounts keep the
# shipped parameters (counter_central.core.hasher); nothing timed depends on this.
BENCH_ARGON2 = {"time_cost": 1, "memory_cost": 8192, "parallelism": 1}


def _hash(password: str) -> str:
    from argon2 import PasswordHasher

    return PasswordHasher(**BENCH_ARGON2).hash(password)


def _accounts(n: int) -> list[tuple[str, str, str, str]]:
    """(username, password, workstation id, office) per workstation."""
    rng = random.Random(500)
    return [(f"burst{i:04d}", f"pw-{rng.getrandbits(64):016x}", f"BURST-{i:04d}", OFFICES[i % len(OFFICES)])
            for i in range(n)]


def _hashes(accounts) -> list[str]:
    """The argon2id hashes of the accounts' passwords, made once and kept in the bench cache
    (``BENCH_CACHE_DIR``, default ~/.cache/counter-bench): hashing 500 passwords is the slow part
    of the set-up and is not what this bench measures."""
    import hashlib

    cache_dir = Path(os.environ.get("BENCH_CACHE_DIR") or Path.home() / ".cache" / "counter-bench")
    key = hashlib.sha256(json.dumps([[a[:2] for a in accounts], BENCH_ARGON2]).encode()).hexdigest()[:16]
    path = cache_dir / f"burst-hashes-{key}.json"
    if path.exists():
        return json.loads(path.read_text())
    with ProcessPoolExecutor(max_workers=2) as pool:
        hashes = list(pool.map(_hash, [pw for _, pw, _, _ in accounts], chunksize=16))
    cache_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(hashes))
    return hashes


def _register(db_url: str, accounts, hashes) -> None:
    """The accounts and their workstations in bulk, through the centre's own tables (so every
    column the centre's schema adds — lockout, TOTP, approval level — gets its model default)."""
    from sqlalchemy import insert

    from counter_central.db import User, Workstation, make_engine

    now = datetime.now(timezone.utc).replace(tzinfo=None)
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(insert(User), [
                {"username": u, "display_name": f"压测经办员{u[-4:]}", "password_hash": h, "roles": "clerk",
                 "office_code": office, "active": True, "created_at": now}
                for (u, _, _, office), h in zip(accounts, hashes, strict=True)])
            conn.execute(insert(Workstation), [
                {"workstation_id": ws, "office_code": office, "name": f"压测工作站{ws[-4:]}",
                 "registered_by": "admin01", "registered_at": now} for (_, _, ws, office) in accounts])
    finally:
        engine.dispose()


def _bodies(accounts) -> tuple[list[bytes], list[tuple]]:
    """Each workstation's push body (100 entries) and the same rows for the COPY baseline."""
    import uuid6

    from counter_protocol import sync as p

    now = datetime.now(timezone.utc)
    bodies, rows = [], []
    for n, (user, _, ws, _) in enumerate(accounts):
        items = []
        for i in range(PER_WORKSTATION):
            # keys in canonical order, as the client stores and sends them
            payload = {"at": "2025-01-02T10:00:00", "n": i, "note": "材料齐全，予以受理", "step": "review"}
            text = p.canonical_json(payload)
            item = p.OutboxItem(id=str(uuid6.uuid7()), seq=i + 1, kind="case.note", aggregate_type="case",
                                aggregate_id=f"{ws}-C{i % 20}", payload=payload, payload_digest=p.payload_digest(text),
                                actor=user, created_at=now - timedelta(hours=14, seconds=n + i))
            items.append(item)
            rows.append((item.id, ws, item.seq, item.kind, item.aggregate_type, item.aggregate_id, text,
                         item.payload_digest, user, "accepted"))
        bodies.append(p.PushRequest(workstation_id=ws, entries=items).model_dump_json().encode("utf-8"))
    return bodies, rows


async def _login_all(url: str, accounts) -> list[str]:
    import httpx

    sem = asyncio.Semaphore(8)
    async with httpx.AsyncClient(base_url=url, timeout=120, trust_env=False) as http:
        async def one(user, pw, ws):
            async with sem:
                while True:
                    r = await http.post("/api/v1/auth/login",
                                        json={"username": user, "password": pw, "workstation_id": ws})
                    if r.status_code == 503:
                        await asyncio.sleep(float(r.headers.get("retry-after", "1")))
                        continue
                    r.raise_for_status()
                    return r.json()["access_token"]

        return await asyncio.gather(*(one(u, pw, ws) for u, pw, ws, _ in accounts))


async def _burst(url: str, tokens: list[str], bodies: list[bytes], on_start=lambda: None) -> dict:
    """Every workstation its own HTTP client (its own connection, as 500 PCs have): one shared
    client with a 500-connection pool spends most of the load generator's CPU searching its pool."""
    import contextlib

    import httpx

    rng = random.Random(7)
    accepted_lat, total_lat = [], []
    stats = {"accepted": 0, "errors": 0, "busy": 0, "requests": 0, "transport": 0}
    failures: dict[str, int] = {}
    async with contextlib.AsyncExitStack() as stack:
        clients = [await stack.enter_async_context(httpx.AsyncClient(base_url=url, timeout=60, trust_env=False))
                   for _ in bodies]
        start = asyncio.Event()

        async def workstation(http, token: str, body: bytes) -> None:
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            await start.wait()
            first = time.perf_counter()
            attempt = 0
            while True:
                t0 = time.perf_counter()
                stats["requests"] += 1
                attempt += 1
                try:
                    r = await http.post("/api/v1/sync/push", content=body, headers=headers)
                except httpx.TransportError as exc:   # as the shipped client: transient, back off, again
                    stats["transport"] += 1
                    failures[type(exc).__name__] = failures.get(type(exc).__name__, 0) + 1
                    if attempt > 10:
                        stats["errors"] += 1
                        return
                    await asyncio.sleep(rng.uniform(0.5, 1.0) * min(8, 2 ** attempt) / 2)
                    continue
                if r.status_code == 503:                   # the load limit: come back later, spread out
                    stats["busy"] += 1
                    wait = float(r.headers.get("retry-after", "1"))
                    await asyncio.sleep(wait + rng.uniform(0, wait))
                    continue
                if r.status_code != 200:
                    stats["errors"] += 1
                    failures[f"http {r.status_code}"] = failures.get(f"http {r.status_code}", 0) + 1
                    return
                accepted_lat.append(time.perf_counter() - t0)
                total_lat.append(time.perf_counter() - first)
                results = r.json()["results"]
                ok = sum(1 for x in results if x["status"] == "accepted")
                stats["accepted"] += ok
                stats["errors"] += len(results) - ok
                return

        tasks = [asyncio.create_task(workstation(c, t, b)) for c, t, b in zip(clients, tokens, bodies, strict=False)]
        await asyncio.sleep(0.2)                          # every task parked at the start line
        on_start()
        t0 = time.perf_counter()
        start.set()
        await asyncio.gather(*tasks)
        stats["wall"] = time.perf_counter() - t0
    stats["accepted_lat"], stats["total_lat"], stats["failures"] = accepted_lat, total_lat, failures
    return stats


def _copy_baseline(dsn: str, rows: list[tuple]) -> float:
    import psycopg

    with psycopg.connect(dsn) as conn:
        conn.execute(_RAW_TABLE)
        conn.commit()
        t0 = time.perf_counter()
        with conn.cursor() as cur:
            with cur.copy("COPY received_copy FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        conn.commit()
        return time.perf_counter() - t0


def _cpu(groups: dict) -> dict[str, dict[int, float]]:
    """CPU seconds per process of each group (the groups re-read: PostgreSQL starts backends)."""
    out: dict[str, dict[int, float]] = {}
    for name, find in groups.items():
        out[name] = {}
        for proc in find():
            try:
                t = proc.cpu_times()
                out[name][proc.pid] = t.user + t.system
            except Exception:   # gone meanwhile
                pass
    return out


def _cpu_delta(before: dict, after: dict) -> dict[str, float]:
    return {k: sum(v - before[k].get(pid, 0.0) for pid, v in after[k].items()) for k in after}


def _process_groups(central, pg) -> dict:
    """The centre's processes, PostgreSQL's processes and this bench's, for where the CPU went."""
    import psutil

    def centre():
        root = psutil.Process(central.proc.pid)
        return [root] + root.children(recursive=True)

    def postgres():
        pid = int((pg.data_dir / "postmaster.pid").read_text().split()[0])
        root = psutil.Process(pid)
        return [root] + root.children(recursive=True)

    return {"centre": centre, "postgres": postgres, "bench": lambda: [psutil.Process()]}


def _overload_causes(url: str) -> dict[str, int]:
    """The centre's own count of its 503 answers by cause (inflight / queue / db_pool), from /metrics."""
    import httpx
    from prometheus_client.parser import text_string_to_metric_families

    text = httpx.get(f"{url}/metrics", timeout=10, trust_env=False).text
    return {sample.labels["cause"]: int(sample.value)
            for family in text_string_to_metric_families(text)
            for sample in family.samples if sample.name == "central_http_overload_rejections_total"}


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def run() -> BenchResult:
    from tests.support.central import start_central
    from tests.support.postgres import start_postgres

    tmp = Path(tempfile.mkdtemp(prefix="bench-burst-"))
    pg = start_postgres()
    central = None
    try:
        db_url = pg.create_database("burst_central")
        dsn = db_url.replace("postgresql+psycopg://", "postgresql://")
        # as shipped: not in demo mode (only the registered workstations below may sign in)
        central = start_central(db_url, tmp, demo=False, extra_args=("--workers", str(WORKERS)), timeout=90)
        accounts = _accounts(WORKSTATIONS)
        t_setup = time.perf_counter()
        _register(db_url, accounts, _hashes(accounts))
        tokens = asyncio.run(_login_all(central.url, accounts))
        bodies, rows = _bodies(accounts)
        setup = time.perf_counter() - t_setup
        groups = _process_groups(central, pg)
        cpu0: dict = {}
        stats = asyncio.run(_burst(central.url, tokens, bodies, on_start=lambda: cpu0.update(_cpu(groups))))
        cpu = _cpu_delta(cpu0, _cpu(groups))
        causes = _overload_causes(central.url)
        import psycopg

        with psycopg.connect(dsn) as conn:
            stored = conn.execute("SELECT count(*) FROM received_entries WHERE workstation_id LIKE 'BURST-%%'"
                                  " AND outcome = 'accepted'").fetchone()[0]
        baseline = _copy_baseline(pg.url(pg.create_database("burst_raw").rsplit("/", 1)[1])
                                  .replace("postgresql+psycopg://", "postgresql://"), rows)
        total = WORKSTATIONS * PER_WORKSTATION
        errors = max(stats["errors"], total - stats["accepted"], total - stored)
        acc, tot = stats["accepted_lat"], stats["total_lat"]
        return BenchResult("centre-burst", stats["wall"], baseline, GOAL, extra=[
            (f"{WORKSTATIONS} workstations x {PER_WORKSTATION} entries = {total} accepted {stats['accepted']}, "
            f"stored {stored}, errors {errors}; serve --workers {WORKERS} on PostgreSQL; "
            f"{total / stats['wall']:.0f} entries/s"),
            (f"push latency (accepted request) p50 {_pct(acc, .5) * 1000:.0f}ms, p99 {_pct(acc, .99) * 1000:.0f}ms; "
            f"first try to accepted p50 {_pct(tot, .5) * 1000:.0f}ms, p99 {_pct(tot, .99) * 1000:.0f}ms; "
            f"503 + Retry-After answers {stats['busy']} of {stats['requests']} requests "
            f"(centre's causes: {', '.join(f'{k} {v}' for k, v in sorted(causes.items())) or 'none'}); connection failures "
            f"retried {stats['transport']} {stats['failures'] or ''}"),
            (f"baseline: one raw psycopg COPY of the same {total} rows {baseline * 1000:.0f}ms; "
            f"set-up before the clock (argon2 hashes, bulk registration, {WORKSTATIONS} API logins) {setup:.1f}s"),
            "CPU during the burst: " + ", ".join(f"{k} {v:.2f}s" for k, v in cpu.items())
            + f" (2 cores x {stats['wall']:.2f}s wall = {2 * stats['wall']:.2f} core-s)",
        ] + ([f"ERRORS: {errors} (goal 0)"] if errors else []))
    finally:
        if central is not None:
            central.stop()
        pg.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    print(json.dumps(run().line()))
