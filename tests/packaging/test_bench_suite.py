"""``make bench`` runs every ``bench/bench_*.py`` through ``run() -> BenchResult`` and prints one
line each (``bench <name>: ours …, baseline …, ratio …x, goal <= …x``); a module collected there
without ``run`` made the whole ``make bench`` fail ("bench at-rest: FAILED")."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import subprocess
import sys

import pytest

from bench.common import BenchResult
from tests.support.central import REPO
from tests.support.timing import without_collections

BENCH_DIR = REPO / "bench"
NAMES = sorted(m.name for m in pkgutil.iter_modules([str(BENCH_DIR)]) if m.name.startswith("bench_"))


def test_the_suite_is_found():
    assert len(NAMES) >= 10, NAMES


@pytest.mark.parametrize("name", NAMES)
def test_every_collected_bench_has_run_without_arguments(name):
    module = importlib.import_module(f"bench.{name}")
    run = getattr(module, "run", None)
    assert callable(run), f"bench/{name}.py is collected by make bench but has no run()"
    required = [p for p in inspect.signature(run).parameters.values()
                if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    assert not required, f"make bench calls {name}.run() without arguments: {required}"


def test_the_result_line_has_the_agreed_form():
    line = BenchResult("sync", ours=0.375, baseline=0.131, goal=3.0).line()
    assert line == "bench sync: ours 375.0ms, baseline 131.0ms, ratio 2.86x, goal <= 3x"


def test_a_bench_that_opens_stores_brings_its_own_keyring(tmp_path):
    """The stores are encrypted with a key from the keyring, and the app refuses a plaintext
    keyring unless told: ``make bench`` on a machine without a Secret Service (no keyring
    variables set) printed "bench durability: FAILED". Here with two crash rounds, not 200."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHON_KEYRING_BACKEND", "COUNTER_APP_ALLOW_PLAINTEXT_KEYRING", "XDG_DATA_HOME")}
    env.update(HOME=str(tmp_path), BENCH_DISK_DIR=str(tmp_path), BENCH_CRASH_ROUNDS="2", PYTHONPATH=str(REPO))
    proc = subprocess.run([sys.executable, "-m", "bench", "durability"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-2000:]
    assert proc.stdout.startswith("bench durability: ours "), proc.stdout
    assert "integrity_check ok 2/2" in proc.stdout, proc.stdout


def test_ui_stall_waits_on_when_the_condition_turns_false_as_its_loop_returns(qtbot):
    """The wait's condition held when it quit the loop, but an event of the same pass changed it
    (a debounced lookup starting just after the runner went idle). That is no timeout: the wait
    goes on until the condition holds again (it once failed the whole bench, about 1 run in 30,
    with "timed out after 60s" a few seconds in)."""
    import time

    from bench.bench_ui_stall import _spin

    answers = iter([True, False])              # quits the loop, then no longer holds
    started = time.perf_counter()

    def until() -> bool:
        return next(answers, time.perf_counter() - started > 0.05)

    _spin(until, timeout=5)
    assert time.perf_counter() - started >= 0.05


def test_ui_stall_wait_still_ends_at_its_deadline(qtbot):
    import time

    from bench.bench_ui_stall import _spin

    with without_collections(), pytest.raises(TimeoutError, match="timed out after 0.2 s"):
        started = time.perf_counter()
        try:
            _spin(lambda: False, timeout=0.2)
        finally:
            took = time.perf_counter() - started
    assert 0.2 <= took < 2


def test_interleaved_medians_take_ours_and_the_baseline_in_turns():
    """A busy spell falls on both sides alike only if they alternate: the calls go ours, baseline,
    ours, … after the warm-up, and each side's median is of its own runs."""
    from bench.common import interleaved_medians

    calls: list[str] = []
    ours, base = interleaved_medians(lambda: calls.append("o"), lambda: calls.append("b"), runs=3, warmup=1)
    assert calls == ["o", "b"] * 4
    assert ours >= 0 and base >= 0
    import time

    ours, base = interleaved_medians(lambda: time.sleep(0.02), lambda: None, runs=3, warmup=0)
    assert ours >= 0.02 > base


def test_growth_builds_its_store_under_the_duplicate_case_rule(tmp_path, monkeypatch):
    """``bench growth`` gave all 20 template cases one applicant; since one person may not have two
    转移接续 in hand (the catalog's ``second_case``), the second one was refused and the bench built no
    store. Each template now has its own applicant (valid ID numbers, men of the same age); the rule
    stays. Here with a store of 60 cases, not 100,000."""
    from bench import bench_growth
    from counter_app.domain.identifiers import id_check_char
    from counter_app.storage.db import Store

    monkeypatch.setenv("BENCH_CACHE_DIR", str(tmp_path))
    ids = [bench_growth.man_born_like(bench_growth.TEMPLATE_ID, n) for n in range(1, 21)]
    assert ids[0] == bench_growth.TEMPLATE_ID and len(set(ids)) == 20
    assert all(i[-1] == id_check_char(i[:17]) for i in ids)
    path = bench_growth.store_of(60)
    store = Store.open(path)
    try:
        with store.engine.connect() as c:
            assert c.exec_driver_sql("SELECT count(*) FROM cases").scalar() == 60
            open_cases = c.exec_driver_sql("SELECT count(*) FROM cases WHERE state NOT IN ('archived')").scalar()
    finally:
        store.close()
    assert open_cases > 0
