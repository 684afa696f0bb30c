"""The numbered clauses of section 6 of DB4403/T 254.1—2022 as shipped (``resources/spec/section6-clauses.txt``,
one ``clause<TAB>text`` a line): the printed 服务指南 names a service's clause by its title."""

from __future__ import annotations

import functools


@functools.lru_cache(maxsize=1)
def section6_clauses() -> dict[str, str]:
    """clause number → its text (a heading's title, e.g. ``6.1.1.2`` → 窗口参保登记)."""
    from counter_app.resources import resources_root

    path = resources_root() / "spec" / "section6-clauses.txt"
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        clause, text = line.split("\t", 1)
        out[clause.strip()] = text.strip()
    return out
