"""bench growth: the counter after years — a store of 100,000 cases against one of 1,000.

ours = start-up (interpreter → main window idle, offscreen, as ``bench startup``) with the 100k
store; baseline = the same with the 1k store, interleaved in the same run; goal <= 1.3x.
Beside it, at 100k (goals in the issue): case search by number, by name and by ID number
(<= 30 ms each), the 待同步 view with 10,000 pending entries (<= 50 ms: what the panel loads —
rows, counts, case numbers) and the 办件 dashboard counts.

How the stores are made: a set of template cases goes through the workflow API
(``CaseWorkflow``: create, submit, tick every material, decide — each step a unit of work with its
outbox entry); the store is then grown to N cases by copying those rows in SQL with fresh keys,
case numbers, dates spread over a year, and different applicants (names and ID numbers). Driving
100,000 cases one by one through the API would take most of an hour on this machine; the rows are
the ones the API writes. The last 10,000 outbox entries stay pending, the rest are synced.
The stores are cached between runs under ``BENCH_CACHE_DIR`` (default ~/.cache/counter-bench),
keyed by the store's schema revisions and this generator's version. They are encrypted (SQLCipher)
as every store is; their key lives in the bench's own plaintext keyring beside them
(``BENCH_CACHE_DIR/keyring``), so a cached store still opens on the next run — a throwaway key for
generated data, never a clerk's keyring.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from bench.common import BenchResult

GENERATOR_VERSION = "3"   # 3: encrypted stores (SQLCipher), key in the cache's keyring
SIZES = (1_000, 100_000)
PENDING = 10_000
RUNS = 5
GOAL = 1.3
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕"


def _cache_dir() -> Path:
    return Path(os.environ.get("BENCH_CACHE_DIR") or Path.home() / ".cache" / "counter-bench")


def _use_bench_keyring() -> None:
    """The cached stores' keys: a plaintext keyring under the cache dir (this process and the
    start-up subprocesses, which inherit the environment)."""
    os.environ["XDG_DATA_HOME"] = str(_cache_dir() / "keyring")
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    os.environ["COUNTER_APP_ALLOW_PLAINTEXT_KEYRING"] = "1"   # the bench's own throwaway keyring
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    keyring.set_keyring(PlaintextKeyring())   # the file under the XDG_DATA_HOME just set


def _key() -> str:
    from counter_app.storage.db import script_heads

    return hashlib.sha256(("|".join(sorted(script_heads())) + GENERATOR_VERSION).encode()).hexdigest()[:12]


def _id_number(rng: random.Random) -> str:
    from counter_app.domain.identifiers import id_check_char

    body = f"4403{rng.randint(0, 99):02d}{rng.randint(1950, 1999)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return body + id_check_char(body)


def _templates(path: Path) -> None:
    """20 cases through the workflow API, in the mix of a store after years: 16 参保登记 taken
    to the end (accepted, both steps done, 办结, archived), 2 转移接续 accepted and waiting, 2 still
    at review."""
    from counter_app.storage.db import Store
    from tests.support.cases import clerk_service, ready_case

    store = Store.open(path)
    workflow = clerk_service(store)
    applicant = {"name": "模板", "id_number": "110105196001010017", "phone": "13800138000"}
    for i in range(20):
        if i < 16:
            cid = ready_case(workflow, "reg_enroll", applicant=applicant)
            workflow.decide(cid, expected="accepted")
            workflow.record_step(cid, "register")
            workflow.record_step(cid, "contribution_setup")
            workflow.complete(cid)
            workflow.archive(cid)
        else:
            cid = ready_case(workflow, "transfer_in", applicant=applicant)
            if i < 18:
                workflow.decide(cid, expected="accepted")
    store.close()


def _grow(path: Path, n: int, rng: random.Random) -> None:
    import sqlcipher3.dbapi2  # type: ignore[import-untyped]

    from counter_app.storage.crypto import store_key
    from counter_app.storage.db import raw_connect

    conn = raw_connect(path, store_key(create=False))
    conn.execute("BEGIN")
    conn.row_factory = sqlcipher3.dbapi2.Row
    tables = {}
    for table, _key in (("cases", "id"), ("case_applicants", "case_id"), ("case_transitions", "case_id"),
                       ("case_ticks", "case_id")):
        tables[table] = [dict(r) for r in conn.execute(f"SELECT * FROM {table}")]
    outbox = [dict(r) for r in conn.execute("SELECT * FROM outbox WHERE aggregate_type = 'case'")]
    templates = tables["cases"]
    by_case = {t: {} for t in tables}
    for table, rows in tables.items():
        for r in rows:
            by_case[table].setdefault(r["id"] if table == "cases" else r["case_id"], []).append(r)
    ob_by_case: dict[str, list] = {}
    for r in outbox:
        ob_by_case.setdefault(r["aggregate_id"], []).append(r)
    conn.execute("DELETE FROM outbox")
    for table in ("case_ticks", "case_transitions", "case_applicants", "cases"):
        conn.execute(f"DELETE FROM {table}")
    start = datetime(2025, 1, 1, 8, 30)
    batches: dict[str, list[dict]] = {t: [] for t in list(tables) + ["outbox"]}
    for k in range(n):
        tpl = templates[k % len(templates)]
        new_id = str(uuid.uuid4())
        at = start + timedelta(minutes=k * (365 * 24 * 60 // n))
        for table in tables:
            for r in by_case[table].get(tpl["id"], []):
                row = dict(r)
                if table == "cases":
                    row.update(id=new_id, case_no=f"FT-W01-{at:%Y%m%d}-{k:06d}", created_at=at, updated_at=at)
                else:
                    row["case_id"] = new_id
                if table == "case_transitions":
                    row["id"] = None
                if table == "case_applicants":
                    row["name"] = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
                    row["id_number"] = _id_number(rng)
                for col in ("created_at", "updated_at", "at"):
                    if col in row and table != "cases" and row[col] is not None:
                        row[col] = at
                batches[table].append(row)
        for r in ob_by_case.get(tpl["id"], []):
            row = dict(r, seq=None, id=str(uuid.uuid4()), aggregate_id=new_id, created_at=at, updated_at=at,
                       state="synced", synced_at=at, sending_since=None, next_attempt_at=None)
            batches["outbox"].append(row)
    pending = batches["outbox"][-PENDING:]
    for row in pending:
        row.update(state="pending", synced_at=None)
    for table in list(tables) + ["outbox"]:
        rows = batches[table]
        if not rows:
            continue
        cols = list(rows[0])
        conn.executemany(f"INSERT INTO {table} ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
                         [tuple(r[c] for c in cols) for r in rows])
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def store_of(n: int) -> Path:
    """A cached store of ``n`` cases (built on first use)."""
    path = _cache_dir() / f"growth-{n}-{_key()}.sqlite3"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".building")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    _templates(tmp)
    _grow(tmp, n, random.Random(n))
    tmp.rename(path)
    return path


def _home_with(store: Path, root: Path) -> Path:
    from counter_app.paths import app_paths

    home = Path(tempfile.mkdtemp(prefix="bench-growth-home-", dir=root))
    old = os.environ.get("COUNTER_APP_HOME")
    os.environ["COUNTER_APP_HOME"] = str(home)
    try:
        target = app_paths().database_file
    finally:
        if old is None:
            os.environ.pop("COUNTER_APP_HOME")
        else:
            os.environ["COUNTER_APP_HOME"] = old
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(store, target)
    return home


def _timed(fn, runs: int = 7) -> float:
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _housekeeping(big: Path, root: Path, sample) -> dict:
    """Housekeeping on a copy of the 100k store as if a year and a half had passed: how long the
    move takes, and the search of a moved case (archive tables) afterwards."""
    from counter_app.storage.archive import housekeep
    from counter_app.storage.db import Store
    from counter_app.workflows.case_queries import FILTER_ALL, count_cases, list_cases

    copy = root / "housekept.sqlite3"
    shutil.copyfile(big, copy)
    store = Store.open(copy)
    try:
        report = housekeep(store, after_days=365, now=datetime.now() + timedelta(days=550))
        found = {}

        def search(q):
            def go():
                found[q] = list_cases(store, FILTER_ALL, q)
            return go

        out = {"moved": report.moved_cases, "seconds": report.seconds, "hot": report.hot_cases,
               "by_no": _timed(search(sample[0])), "by_name": _timed(search(sample[1])),
               "by_id": _timed(search(sample[2])), "dash": _timed(lambda: count_cases(store))}
        assert any(r.case_no == sample[0] for r in found[sample[0]]), "a moved case must still be found by number"
        return out
    finally:
        store.close()


def run() -> BenchResult:
    from bench.bench_startup import _time_to_idle
    from counter_app.storage.db import Store
    from counter_app.sync.outbox import OutboxRepository
    from counter_app.workflows.case_queries import FILTER_ALL, count_cases, list_cases, outbox_case_numbers

    _use_bench_keyring()
    t0 = time.perf_counter()
    small, big = store_of(SIZES[0]), store_of(SIZES[1])
    build = time.perf_counter() - t0
    root = Path(tempfile.mkdtemp(prefix="bench-growth-"))
    try:
        # --- start-up, interleaved
        homes = {n: _home_with(p, root) for n, p in ((SIZES[0], small), (SIZES[1], big))}
        env = {n: dict(os.environ, QT_QPA_PLATFORM="offscreen", COUNTER_APP_HOME=str(h),
                       PYTHONPYCACHEPREFIX=str(root / "pycache")) for n, h in homes.items()}
        for e in env.values():
            e.pop("PYTHONDONTWRITEBYTECODE", None)
        cmd = [sys.executable, "-m", "tools.smoke"]
        for n in SIZES:
            _time_to_idle(cmd, env[n])                 # warm-up (and the store's first open)
        starts: dict[int, list[float]] = {n: [] for n in SIZES}
        for _ in range(RUNS):
            for n in SIZES:
                starts[n].append(_time_to_idle(cmd, env[n])[0])
        # --- queries at 100k
        store = Store.open(big)
        with store.engine.connect() as c:
            sample = c.exec_driver_sql(
                "SELECT c.case_no, a.name, a.id_number FROM cases c JOIN case_applicants a ON a.case_id = c.id"
                " ORDER BY c.rowid LIMIT 1 OFFSET 54321").one()
            n_cases = c.exec_driver_sql("SELECT count(*) FROM cases").scalar()
            n_pending = c.exec_driver_sql("SELECT count(*) FROM outbox WHERE state = 'pending'").scalar()
        found = {}

        def search(q):
            def go():
                found[q] = list_cases(store, FILTER_ALL, q)
            return go

        by_no = _timed(search(sample[0]))
        by_tail = _timed(search(sample[0][-6:]))
        by_name = _timed(search(sample[1]))
        by_id = _timed(search(sample[2]))
        assert any(r.case_no == sample[0] for r in found[sample[0]]), "search by number found nothing"
        assert found[sample[2]], "search by ID found nothing"
        repo = OutboxRepository(store)

        def outbox_view():
            rows = repo.list_entries(None)
            repo.counts()
            outbox_case_numbers(store, rows)

        outbox_ms = _timed(outbox_view)
        dash_ms = _timed(lambda: count_cases(store))
        store.close()
        hk = _housekeeping(big, root, sample)
        o, b = statistics.median(starts[SIZES[1]]), statistics.median(starts[SIZES[0]])

        def verdict(v, goal):
            return f"{v * 1000:.1f}ms ({'ok' if v <= goal else 'OVER'} <= {goal * 1000:.0f}ms)"

        return BenchResult("growth", o, b, GOAL, extra=[
            (f"start-up with {n_cases} cases {o * 1000:.0f}ms vs {SIZES[0]} cases {b * 1000:.0f}ms (medians of {RUNS}, "
            f"interleaved); stores {big.stat().st_size / 2**20:.0f} MB / {small.stat().st_size / 2**20:.1f} MB, "
            f"cached ({build:.1f}s to get them)"),
            (f"search at {n_cases}: by case number {verdict(by_no, .030)}, by its last 6 digits {verdict(by_tail, .030)}, "
            f"by name {verdict(by_name, .030)}, by ID number {verdict(by_id, .030)}"),
            f"待同步 view with {n_pending} pending: {verdict(outbox_ms, .050)}; 办件 dashboard counts {verdict(dash_ms, .050)}",
            (f"housekeeping (归档外移) on a copy: {hk['moved']} archived, synced cases moved in {hk['seconds']:.1f}s "
            f"({hk['moved'] / max(hk['seconds'], 1e-9):.0f}/s), {hk['hot']} left hot; then a moved case found by number "
            f"{verdict(hk['by_no'], .030)}, by name {verdict(hk['by_name'], .030)}, by ID {verdict(hk['by_id'], .030)}; "
            f"dashboard counts {verdict(hk['dash'], .050)}"),
        ])
    finally:
        shutil.rmtree(root, ignore_errors=True)
