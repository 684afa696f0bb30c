"""``make bench``: run every bench/bench_*.py and print one line each.

Each benchmark runs in a fresh interpreter of its own: one bench's leftovers (device threads, a
GLib main context, imported modules, a warm or cold cache) cannot tilt another's figures.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

from bench.common import BenchResult


def run_one(name: str) -> int:
    """Child side: run ``bench.<name>`` and print its result as one JSON line."""
    import dataclasses
    import importlib

    result = importlib.import_module(f"bench.{name}").run()
    print("BENCH-RESULT " + json.dumps(dataclasses.asdict(result), ensure_ascii=False), flush=True)
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--one"]:
        return run_one(argv[1])
    wanted = set(argv)
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    failed = 0
    for name in names:
        short = name[len("bench_"):].replace("_", "-")
        if wanted and short not in wanted:
            continue
        proc = subprocess.run([sys.executable, "-m", "bench", "--one", name], stdout=subprocess.PIPE, text=True)
        lines = [line for line in proc.stdout.splitlines() if line.startswith("BENCH-RESULT ")]
        if proc.returncode != 0 or not lines:
            print(proc.stdout, end="")
            print(f"bench {short}: FAILED")
            failed += 1
            continue
        result = BenchResult(**json.loads(lines[-1][len("BENCH-RESULT "):]))
        print(result.line(), flush=True)
        for line in result.extra:
            print(f"  {line}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
