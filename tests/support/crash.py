"""kill -9 of the counter during writes: the store must come back intact with every committed case.

A child process opens the store and creates cases through the workflow API (``CaseWorkflow.create``:
the case row, its applicant, its transition and its outbox entry in one unit of work), printing each
case id *after* its commit returned. The parent kills it with SIGKILL after a random delay, then
checks the store the way the next start would meet it (through SQLCipher with the store's key
from the keyring: the store is encrypted at rest):

- ``PRAGMA integrity_check`` answers ``ok`` and ``PRAGMA foreign_key_check`` finds nothing;
- every case the child reported committed is there, with its outbox entry;
- no case is there without its outbox entry (no half-written unit of work).

The same file is reused across rounds, so each round also starts from the previous crash's WAL.
:func:`crash_rounds` is a plain function so the bench runs it 200 times and the test ~10 times.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CHILD = r"""
import sys
from pathlib import Path
from counter_app.storage.db import Store
from tests.support.cases import clerk_service

store = Store.open(Path(sys.argv[1]))
workflow = clerk_service(store)
print("READY", flush=True)
applicant = {"name": "张三", "id_number": "110105196001010017", "phone": "13800138000"}
while True:
    view = workflow.create("transfer_in", "individual", applicant=applicant)
    sys.stdout.write(view.case.id + "\n")
    sys.stdout.flush()
"""


@dataclass
class CrashReport:
    rounds: int = 0
    committed: int = 0                 # cases the child reported committed, over all rounds
    integrity_failures: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)           # reported committed, not in the store
    without_outbox: list[str] = field(default_factory=list)  # a case row without its outbox entry
    recovery_seconds: list[float] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.integrity_failures or self.lost or self.without_outbox)


def _killed_run(args: list[str], what: str, rng: random.Random, *, lines: int, max_delay: float) -> str:
    """Run ``python -c`` ``args`` (a child that prints READY once set up, then a line after each
    commit), read 0 to ``lines`` of its lines, wait a random moment up to ``max_delay`` seconds and
    kill it with SIGKILL; returns everything it printed after READY."""
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen([sys.executable, "-c", *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        ready = proc.stdout.readline()
        if ready.strip() != "READY":
            proc.kill()
            raise RuntimeError(f"{what} did not start: {ready!r} {proc.stderr.read()[-2000:]}")
        seen = [proc.stdout.readline() for _ in range(rng.randint(0, lines))]
        time.sleep(rng.uniform(0.0, max_delay))
        os.kill(proc.pid, signal.SIGKILL)
        out = "".join(seen) + proc.stdout.read()
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(30)
        proc.stdout.close()
        proc.stderr.close()
    return out


def _check(path: Path, committed: set[str], report: CrashReport) -> None:
    from counter_app.storage.db import _existing_key, raw_connect

    t0 = time.perf_counter()
    conn = raw_connect(path, _existing_key())
    try:
        integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            report.integrity_failures.append("; ".join(integrity)[:500])
        if conn.execute("PRAGMA foreign_key_check").fetchall():
            report.integrity_failures.append("foreign_key_check")
        cases = {r[0] for r in conn.execute("SELECT id FROM cases")}
        with_outbox = {r[0] for r in conn.execute(
            "SELECT DISTINCT aggregate_id FROM outbox WHERE aggregate_type = 'case'")}
    finally:
        conn.close()
    report.recovery_seconds.append(time.perf_counter() - t0)
    report.lost += sorted(committed - cases)
    report.without_outbox += sorted(cases - with_outbox)


def crash_rounds(path: Path, rounds: int, *, seed: int | None = None, max_delay: float = 0.6) -> CrashReport:
    """``rounds`` times: start the writer, kill -9 it at a random moment, check the store."""
    rng = random.Random(seed)
    report = CrashReport()
    committed: set[str] = set()
    for _ in range(rounds):
        # after 0-2 commits (the first create is slow on a busy machine: a kill only ever landing
        # before it would test nothing), then a random moment into the writes
        out = _killed_run([CHILD, str(path)], "writer", rng, lines=2, max_delay=max_delay)
        # a line is only complete if its newline made it out: the id was printed after the commit
        committed.update(line for line in out.split("\n")[:-1] if line)
        report.rounds += 1
        _check(path, committed, report)
    report.committed = len(committed)
    return report


# ------------------------------------------------------------------ housekeeping under kill -9

HOUSEKEEP_CHILD = r"""
import sys
from pathlib import Path
from counter_app.storage.archive import housekeep
from counter_app.storage.db import Store
from tests.support.housekeeping import LATER

store = Store.open(Path(sys.argv[1]))
print("READY", flush=True)
report = housekeep(store, after_days=365, now=LATER, batch=int(sys.argv[2]),
                   on_batch=lambda n: print(n, flush=True))
print("DONE", report.moved_cases, flush=True)
"""


@dataclass
class HousekeepCrashReport:
    rounds: int = 0
    killed: int = 0                    # rounds the writer was killed before it finished
    moved_when_killed: list[int] = field(default_factory=list)   # cases in the archive after each kill
    finished: bool = False             # a round ran to the end (everything eligible moved)
    problems: list[str] = field(default_factory=list)


def housekeep_crash_rounds(path: Path, rounds: int, *, expected: dict, seed: int | None = None,
                           batch: int = 5, max_delay: float = 0.05) -> HousekeepCrashReport:
    """Housekeeping in a child killed with SIGKILL at random moments, ``rounds`` times or until a
    round finishes; after each, the store must be intact and every case and row in exactly one
    place (``expected``: :func:`tests.support.housekeeping.census` before the first round)."""
    from counter_app.storage.db import _existing_key, raw_connect
    from tests.support.housekeeping import census

    rng = random.Random(seed)
    report = HousekeepCrashReport()
    for _ in range(rounds):
        # into the move: after 0-3 committed batches, then a moment more (inside the next one)
        out = _killed_run([HOUSEKEEP_CHILD, str(path), str(batch)], "housekeeping", rng, lines=3, max_delay=max_delay)
        report.rounds += 1
        done = "DONE" in out
        report.killed += not done
        conn = raw_connect(path, _existing_key())
        try:
            integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if integrity != ["ok"]:
                report.problems.append("integrity: " + "; ".join(integrity)[:300])
            now = census(conn)
        finally:
            conn.close()
        if not done:
            report.moved_when_killed.append(len(now["cold"]))
        if now["hot"] & now["cold"]:
            report.problems.append(f"round {report.rounds}: {len(now['hot'] & now['cold'])} cases in both places")
        if now["hot"] | now["cold"] != expected["hot"] | expected["cold"]:
            report.problems.append(f"round {report.rounds}: cases lost or added")
        if now["totals"] != expected["totals"]:
            report.problems.append(f"round {report.rounds}: rows {now['totals']} != {expected['totals']}")
        if now["orphans"] or now["outbox_doubled"]:
            report.problems.append(f"round {report.rounds}: orphans {now['orphans']}, doubled {now['outbox_doubled']}")
        if done:
            report.finished = True
            break
    return report
