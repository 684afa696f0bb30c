"""bench durability: what WAL + synchronous=FULL costs a counter, and kill -9 200 times.

ours = median time to create a case through the workflow API (case row, applicant, transition and
outbox entry in one unit of work) with the store as shipped (WAL, ``synchronous=FULL``: the WAL is
synced at every commit); baseline = the same with ``synchronous=NORMAL`` (synced only at
checkpoints: the last commits can be lost on power failure), interleaved in the same run.

Then the crash test in full (tests/support/crash.py): 200 times, a writer creating cases is killed
with SIGKILL at a random moment; every time ``PRAGMA integrity_check`` must answer ok and every case
the writer reported committed must be there with its outbox entry. Any failure fails the bench.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import BenchResult, throwaway_keyring

ROUNDS = int(os.environ.get("BENCH_CRASH_ROUNDS", "200"))
CASES = 40
GOAL = 1.5


def _create_times(path: Path, mode: str) -> list[float]:
    import counter_app.storage.db as db
    from counter_app.storage.db import Store
    from tests.support.cases import clerk_service

    shipped = db.SYNCHRONOUS
    db.SYNCHRONOUS = mode
    try:
        store = Store.open(path)
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == {"NORMAL": 1, "FULL": 2}[mode]
        workflow = clerk_service(store)
        applicant = {"name": "张三", "id_number": "110105196001010017", "phone": "13800138000"}
        workflow.create("transfer_in", "individual", applicant=applicant)
        times = []
        for _ in range(CASES):
            t0 = time.perf_counter()
            workflow.create("transfer_in", "individual", applicant=applicant)
            times.append(time.perf_counter() - t0)
        store.close()
        return times
    finally:
        db.SYNCHRONOUS = shipped


def run() -> BenchResult:
    from counter_app.storage.db import SYNCHRONOUS, Store
    from tests.support.crash import crash_rounds

    # on the disk the store lives on (not a tmpfs): fsync must cost what it costs there
    tmp = Path(tempfile.mkdtemp(prefix="bench-durability-", dir=os.environ.get("BENCH_DISK_DIR") or Path.home()))
    throwaway_keyring(tmp / "xdg-data")   # the stores are encrypted; the crash writers inherit it
    try:
        full, normal = [], []
        for i in range(3):
            full += _create_times(tmp / f"full-{i}.sqlite3", SYNCHRONOUS)
            normal += _create_times(tmp / f"normal-{i}.sqlite3", "NORMAL")
        path = tmp / "crash.sqlite3"
        Store.open(path).close()
        t0 = time.perf_counter()
        report = crash_rounds(path, ROUNDS)
        crash_time = time.perf_counter() - t0
        if not report.ok:
            raise RuntimeError(f"crash test failed: integrity {report.integrity_failures[:3]}, lost {report.lost[:5]}, "
                               f"without outbox {report.without_outbox[:5]}")
        o, b = statistics.median(full), statistics.median(normal)
        return BenchResult("durability", o, b, GOAL, extra=[
            (f"case create (workflow API, one unit of work) WAL+{SYNCHRONOUS} {o * 1000:.1f}ms vs WAL+NORMAL "
            f"{b * 1000:.1f}ms, medians of {len(full)}; p90 {statistics.quantiles(full, n=10)[-1] * 1000:.1f}ms vs "
            f"{statistics.quantiles(normal, n=10)[-1] * 1000:.1f}ms"),
            (f"kill -9 during writes: {report.rounds} rounds, integrity_check ok {report.rounds - len(report.integrity_failures)}"
            f"/{report.rounds}, committed cases {report.committed}, lost 0, case without outbox entry 0; "
            f"{crash_time:.0f}s; check after a crash median {statistics.median(report.recovery_seconds) * 1000:.0f}ms"),
        ])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
