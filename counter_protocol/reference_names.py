"""The reference data sets the counters read (参考数据): the one list both sides use — the counter
resolves these names (counter_app.workflows.reference), and the centre publishes no other
(counter_central.core.reference_refusal): a set under another name would be announced to every
workstation and used by none. Materials (材料) are part of the catalog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

CATALOG = "catalog"
POLICY_PARAMS = "policy_params"
AUTHORISATION = "authorisation"
OFFICES = "offices"
HOLIDAYS = "holidays"     # one year's 节假日安排 a version; the calendar is every year shipped or published
# name -> what it is (中文), in the order they are listed to an administrator
TITLES = {CATALOG: "业务目录", POLICY_PARAMS: "政策参数", AUTHORISATION: "分级授权表", OFFICES: "分局文书事项",
          HOLIDAYS: "节假日日历"}
READ_BY_COUNTERS = frozenset(TITLES)


def names_text() -> str:
    """The names the counters read, each with what it is: ``catalog（业务目录）、…``."""
    return "、".join(f"{name}（{title}）" for name, title in TITLES.items())


@dataclass(frozen=True)
class Publication:
    """One published version of a reference data set as the choice of the one in force needs it:
    ``order`` is the centre's publication order (its change cursor on a counter, its publication
    time at the centre; a later publication has a greater one), ``effective_from`` the day it takes
    effect (生效日期, ``YYYY-MM-DD``; None: at once)."""

    version: str
    effective_from: str | None
    order: Any


@dataclass(frozen=True)
class InForceChoice:
    """Which publication is in force on a day (None: none yet — the shipped version is), and the
    next one to take effect after it, with its date (None: none announced)."""

    current: Publication | None
    next: Publication | None = None
    next_from: str | None = None


def choose_in_force(publications: Iterable[Publication], today: date) -> InForceChoice:
    """The version in force on ``today`` (the Beijing day): the newest publication — by the centre's
    order, never by when this machine received it — whose 生效日期 has come (none: at once); and the
    next change announced, the first later day on which another publication would be in force. The
    one rule every reader of reference data applies (the counter's workflows, doctor, the status
    bar, the centre's own use of a published set)."""
    every = sorted(publications, key=lambda p: p.order)

    def on(day: str) -> Publication | None:
        due = [p for p in every if p.effective_from is None or p.effective_from <= day]
        return due[-1] if due else None

    first_day = today.isoformat()
    current = on(first_day)
    for day in sorted({p.effective_from for p in every if p.effective_from and p.effective_from > first_day}):
        coming = on(day)
        if coming is not None and coming != current:
            return InForceChoice(current, coming, day)
    return InForceChoice(current)
