"""办件编号 (case numbers): ``<工作站编号>-<YYYYMMDD>-<sequence>``, e.g. ``FT-W01-20261205-0002``.

The date is the Beijing day of the case's creation (counter_protocol.clock.beijing_day_of_local),
whatever zone the PC's clock is set to: a PC left on UTC at 07:30 Beijing time numbers the case
with the Beijing date, not yesterday's.

One sequence per workstation and day, allocated in the case's own transaction. The next number is
one above the highest of: the cases this store holds with that prefix (as before), and the
**floor** kept in ``number_counters`` under ``CASE|<ws>|<day>`` — raised after every pull to the
highest case number the centre accepted from this workstation that day (``PullResponse.number_floors``,
counter_protocol.numbers.parse_case_number) and by every number allocated here. So a store restored
from a backup, or a new machine given an earlier one's 工作站编号, does not issue a number again once it
has synced; the format stays what it always was (no install tag in a case number). The one gap, as for
文号: cases created before the first sync after the restore / re-provisioning — so sync first (the
docs say so), and the centre's floor also covers what the lost store had pushed.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.storage.tables_cases import CaseRow
from counter_app.storage.tables_printing import NumberCounter
from counter_protocol.clock import beijing_day_of_local
from counter_protocol.numbers import SEQ_MAX, case_number_out_of_range, parse_case_number

if TYPE_CHECKING:
    from counter_app.storage.db import Store

log = logging.getLogger(__name__)


class CaseNumbersExhausted(ValueError):
    """The day's case numbers are used up (999999): a further one would leave the format
    (``\\d{4,6}``) and the centre would refuse it. The message is the clerk's (Chinese)."""


def _series(workstation_id: str, day: str) -> str:
    return f"CASE|{workstation_id}|{day}"


def _held(session: Session, workstation_id: str, day: str) -> int:
    """How many cases this store holds with the day's prefix (their numbers run 1…n)."""
    return session.scalar(select(func.count()).select_from(CaseRow)
                          .where(CaseRow.case_no.like(f"{workstation_id}-{day}-%"))) or 0


def _counter(session: Session, series: str) -> NumberCounter:
    """The series' floor row, added at 0 when there is none yet."""
    counter = session.get(NumberCounter, series)
    if counter is None:
        counter = NumberCounter(series=series, last_seq=0)
        session.add(counter)
    return counter


def next_case_number(session: Session, workstation_id: str | None, now: datetime) -> str:
    """The next 办件编号 of this workstation for ``now``'s Beijing day (a naive ``now`` is this PC's
    clock, as cases.local_now reads it), inside the caller's write transaction."""
    on = beijing_day_of_local(now)
    ws, day = workstation_id or "WS", f"{on:%Y%m%d}"
    counter = _counter(session, _series(ws, day))
    seq = max(_held(session, ws, day), counter.last_seq) + 1
    if seq > SEQ_MAX:
        log.error("case numbers of %s on %s are exhausted", ws, day)
        raise CaseNumbersExhausted(f"本工作站 {on:%Y-%m-%d} 的办件编号已用完（序号最大 {SEQ_MAX}），当天不能再新建办件。"
                                   "请联系信息技术人员。")
    counter.last_seq = seq
    session.flush()
    return f"{ws}-{day}-{seq:04d}"


def observe_case_numbers(store: "Store", numbers: Iterable[object], *, workstation_id: str | None) -> int:
    """Raise this workstation's case-number floors to the centre's (``number_floors`` after a pull;
    texts that are not case numbers of ``workstation_id`` are ignored, and so is one whose sequence
    lies outside the format's range, 1–999999 — logged without the number; the sync round reports
    it, ``SyncReport.number_floors_ignored``), in one write transaction. Returns how many floors
    moved; floors only go up."""
    highest: dict[str, int] = {}
    for number in numbers:
        parsed = parse_case_number(number)
        if parsed is None:
            problem = case_number_out_of_range(number)
            if problem is not None:   # FT-W01-20261206-1000000: the next case would leave the format
                log.warning("case-number floor from the centre ignored: %s", problem)
            continue
        if not workstation_id or parsed["ws"] != workstation_id:
            continue
        key = _series(parsed["ws"], parsed["day"])
        highest[key] = max(highest.get(key, 0), parsed["seq"])
    if not highest:
        return 0
    moved = 0
    with store.new_session() as session:
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        for series, seq in sorted(highest.items()):
            counter = _counter(session, series)
            if counter.last_seq >= seq:
                continue
            _, ws, day = series.split("|")
            # moved: the centre has a number this store would have issued again (not merely the
            # floor of a day whose cases are all here, as on the first pull after an upgrade)
            moved += seq > _held(session, ws, day)
            counter.last_seq = seq
        session.commit()
    return moved
