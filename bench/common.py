"""Shared pieces of the benchmarks: result line format, medians, timing."""

from __future__ import annotations

import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable


@dataclass
class BenchResult:
    name: str
    ours: float
    baseline: float
    goal: float
    unit: str = "s"
    extra: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("inf")

    def line(self) -> str:
        return (
            f"bench {self.name}: ours {fmt(self.ours, self.unit)}, baseline {fmt(self.baseline, self.unit)}, "
            f"ratio {self.ratio:.2f}x, goal <= {self.goal:g}x"
        )


def fmt(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value * 1000:.1f}ms" if value < 1 else f"{value:.3f}s"
    return f"{value:.4g}{unit}"


def median_time(fn: Callable[[], object], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def interleaved_medians(ours: Callable[[], object], baseline: Callable[[], object], runs: int,
                        warmup: int = 1) -> tuple[float, float]:
    """(median of ``ours``, median of ``baseline``) over ``runs`` runs of each, taken in turns (ours,
    baseline, ours, …): a change in the machine's load during the bench falls on both alike. Run
    one block after the other, a busy spell of a second can land on one side only, and on the
    notice's ~10 ms baseline that moved the ratio between 1.9x and 4.3x on the same code."""
    for _ in range(warmup):
        ours()
        baseline()
    mine, base = [], []
    for _ in range(runs):
        for fn, times in ((ours, mine), (baseline, base)):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    return statistics.median(mine), statistics.median(base)


def throwaway_keyring(xdg_data_home: Path) -> None:
    """The bench's own plaintext keyring under ``xdg_data_home``, never the user's: the stores a
    bench makes are encrypted with a key from the keyring, and the app refuses a plaintext keyring
    unless told (COUNTER_APP_ALLOW_PLAINTEXT_KEYRING). The environment is set for this process and
    the subprocesses it starts, and the backend for a ``keyring`` imported earlier."""
    os.environ["XDG_DATA_HOME"] = str(xdg_data_home)
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    os.environ["COUNTER_APP_ALLOW_PLAINTEXT_KEYRING"] = "1"
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    keyring.set_keyring(PlaintextKeyring())   # the file under the XDG_DATA_HOME just set
