"""Health-check record (体检结果), at the bottom of the layers.

Each adapter area reports its own checks as :class:`Check` values through
``counter_app/<area>/checks.py`` → ``checks(settings) -> list[Check]``; the ``counter-app doctor``
runner (:mod:`counter_app.cli.diagnostics`) collects them. This module imports nothing of the
project, so every layer may use it and no import loop can pass through it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

OK, WARN, FAIL = "ok", "warn", "fail"


@dataclass(frozen=True)
class Check:
    name: str
    status: str          # ok | warn | fail
    message: str         # 中文：what was found
    hint: str = ""       # 中文：what to do

    def as_dict(self) -> dict:
        return asdict(self)
