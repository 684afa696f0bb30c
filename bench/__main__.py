"""``make bench``: run every bench/bench_*.py and print one line each."""

from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback
from pathlib import Path


def main(argv: list[str]) -> int:
    wanted = set(argv)
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.startswith("bench_"))
    failed = 0
    for name in names:
        short = name[len("bench_"):].replace("_", "-")
        if wanted and short not in wanted:
            continue
        try:
            result = importlib.import_module(f"bench.{name}").run()
        except Exception:
            traceback.print_exc()
            print(f"bench {short}: FAILED")
            failed += 1
            continue
        print(result.line(), flush=True)
        for line in result.extra:
            print(f"  {line}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
