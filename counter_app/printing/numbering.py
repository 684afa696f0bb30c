"""文号 (document numbers): unique per office, workstation, install and year; allocated in the caller's transaction.

Format::

    深社保福田〔2026〕受告第FT-W01-7KQ2-000123号
    └agency+office┘└year┘└字┘└workstation┘└install tag┘└sequence┘

Why this shape:

- **Same transaction.** The counter row (``number_counters``) is read and bumped inside the
  caller's unit of work (which holds SQLite's write lock: BEGIN IMMEDIATE). If the case step
  rolls back, so does the number — nothing was printed with it, and the next document takes it.
- **Crash.** SQLite commits atomically: the counter and the document record survive together or
  not at all. The store runs WAL + ``synchronous=FULL`` (every commit is on disk when it returns;
  see docs/architecture.md); the print queue also commits its job explicitly with
  ``synchronous=FULL`` (:func:`durable_commit`), so a number reaches paper only after it is on
  disk even if the store's setting were ever relaxed.
- **Reinstall.** A reinstall (or a new disk, or a second PC misconfigured with the same
  workstation id) starts with an empty store and counter. The series therefore includes an
  *install tag*: 4 Crockford-base32 characters derived from the store's ``install_id`` (meta
  table, a random UUIDv7 created on first use). A fresh store gets a fresh tag, hence a fresh
  series that cannot collide with anything issued before. 20 bits: the chance that two installs
  of one workstation share a tag is about n²/2²¹ (under 1 in 40 000 for 5 reinstalls).
- **Restore from a backup** keeps the old install id but rewinds the counter (and ``documents``).
  The central service remembers, per workstation and series, the highest 文号 it received in a
  ``document.issued`` entry and sends them back with every pull (``PullResponse.number_floors``).
  The sync round (``counter_app.cli.sync._one_round``, which the CLI ``sync run`` and the GUI's
  sync agent both run) calls :func:`observe_numbers` with them right after the pull — before
  pulled case updates are applied, which may issue documents — and each of this store's series
  is raised to at least the highest number the centre has seen. The one gap: numbers issued
  after the backup that never reached the centre before the store was lost. Allocation
  also never goes below the highest sequence already recorded in ``documents``;
  :func:`observe_number` does the same for one number inside a caller's transaction.
- **Offline.** Nothing asks the central service; the number is valid the moment it commits.

One sequence per series is shared by every document kind, so a number stays unique even without
its 字 (受告, 指引…).
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_protocol.numbers import NUMBER_RE, SEQ_MAX, number_series, out_of_range, parse_number  # noqa: F401  (re-exported: one definition)
from counter_app.storage.tables_core import Meta
from counter_app.storage.tables_printing import DocumentRecord, NumberCounter

if TYPE_CHECKING:
    from counter_app.storage.db import Store

log = logging.getLogger(__name__)

AGENCY_PREFIX = "深社保"
INSTALL_ID_KEY = "install_id"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class NumberSeriesExhausted(ValueError):
    """The series has issued its last sequence (999999): a further 文号 would leave the format,
    and the centre would refuse the document. The message is the clerk's (Chinese)."""


@dataclass(frozen=True)
class DocumentNumber:
    text: str       # the printed 文号
    series: str     # counter key: office|workstation|tag|year
    seq: int


def office_short(office_name: str) -> str:
    """福田分局 → 福田 (the office part of the 文号)."""
    for suffix in ("管理分局", "分局", "管理站", "服务站"):
        if office_name.endswith(suffix) and len(office_name) > len(suffix):
            return office_name[: -len(suffix)]
    return office_name


def install_tag_for(install_id: str) -> str:
    n = int.from_bytes(hashlib.sha256(install_id.encode("utf-8")).digest()[:3], "big") >> 4  # 20 bits
    return "".join(_CROCKFORD[(n >> shift) & 31] for shift in (15, 10, 5, 0))


def install_id(session: Session) -> str:
    """The store's install id (meta ``install_id``), created in this transaction if missing."""
    row = session.get(Meta, INSTALL_ID_KEY)
    if row is None:
        from counter_app.storage.uow import new_id

        row = Meta(key=INSTALL_ID_KEY, value=new_id())
        session.add(row)
        session.flush()
    return row.value


def series_key(office_code: str, workstation_id: str, tag: str, year: int) -> str:
    return f"{office_code}|{workstation_id}|{tag}|{year}"


def _bump(session: Session, series: str, floor: int = 0, *, limit: int | None = None,
          exhausted: str = "") -> int:
    """The series' next sequence, written to its counter; past ``limit`` nothing is written and
    :class:`NumberSeriesExhausted` (``exhausted``) is raised."""
    counter = session.get(NumberCounter, series)
    if counter is None:
        counter = NumberCounter(series=series, last_seq=0)
        session.add(counter)
    recorded = session.scalar(select(func.max(DocumentRecord.seq)).where(DocumentRecord.series == series)) or 0
    nxt = max(counter.last_seq, recorded, floor) + 1
    if limit is not None and nxt > limit:
        log.error("document number series %s is exhausted (last %d)", series, nxt - 1)
        raise NumberSeriesExhausted(exhausted)
    counter.last_seq = nxt
    session.flush()
    return counter.last_seq


def allocate(session: Session, *, office_name: str, office_code: str, workstation_id: str, word: str, year: int) -> DocumentNumber:
    """Next 文号 of this workstation's series for ``year``, inside the caller's (write) transaction."""
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", workstation_id or ""):
        raise ValueError(f"工作站编号不正确：{workstation_id!r}")
    tag = install_tag_for(install_id(session))
    series = series_key(office_code, workstation_id, tag, year)
    seq = _bump(session, series, limit=SEQ_MAX,
                exhausted=f"本工作站 {year} 年的文号已用完（序号最大 {SEQ_MAX}），不能再出具文书。"
                          "请联系信息技术人员（重新安装客户端会启用新的文号系列）。")
    text = f"{AGENCY_PREFIX}{office_short(office_name)}〔{year}〕{word}第{workstation_id}-{tag}-{seq:06d}号"
    return DocumentNumber(text, series, seq)


def allocate_archive_seq(session: Session, *, office_code: str, workstation_id: str, year: int) -> tuple[str, int]:
    """Next 件号 of this workstation's archive series (same install-tag reasoning as 文号)."""
    tag = install_tag_for(install_id(session))
    series = f"ARCHIVE|{office_code}|{workstation_id}|{tag}|{year}"
    return tag, _bump(session, series)


def observe_number(session: Session, number: str, *, office_code: str) -> bool:
    """Raise the floor of the number's series to its sequence (numbers seen in the archive or pulled
    from the central service). Returns True when the floor moved."""
    parsed = parse_number(number)
    if parsed is None:
        return False
    problem = out_of_range(parsed)
    if problem is not None:   # 10²⁰ would not even fit SQLite's INTEGER; 1000000 would print outside the format
        log.warning("number floor not taken: %s", problem)
        return False
    series = series_key(office_code, parsed["ws"], parsed["tag"], parsed["year"])
    counter = session.get(NumberCounter, series)
    if counter is None:
        session.add(NumberCounter(series=series, last_seq=parsed["seq"]))
        session.flush()
        return True
    if counter.last_seq < parsed["seq"]:
        counter.last_seq = parsed["seq"]
        session.flush()
        return True
    return False


def observe_numbers(store: "Store", numbers: Iterable[str], *, office_code: str,
                    workstation_id: str | None = None) -> int:
    """Raise this store's series floors to the given 文号 (the centre's ``number_floors`` after a
    pull), in ONE write transaction. Returns how many floors moved (0 when called again).

    Only this store's own series are touched: the number's install tag must be this store's
    (a store without an install id has issued nothing yet, so nothing is its own), and, when
    ``workstation_id`` is given, the number's workstation too. Anything unparsable is ignored, and
    so is a number outside its series' range (counter_protocol.numbers.out_of_range: a sequence
    over 999999, a year outside 2000–2099), logged without the number (the sync round reports it:
    ``SyncReport.number_floors_ignored``). Floors only ever go up.
    """
    wanted = [n for n in numbers if isinstance(n, str)]
    if not wanted:
        return 0
    moved = 0
    with store.new_session() as session:
        session.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
        row = session.get(Meta, INSTALL_ID_KEY)
        if row is None:
            return 0
        tag = install_tag_for(row.value)
        highest: dict[str, tuple[int, str]] = {}   # series → (seq, number): one floor per series
        for number in wanted:
            parsed = parse_number(number)
            if parsed is None or parsed["tag"] != tag:
                continue
            problem = out_of_range(parsed)
            if problem is not None:
                log.warning("number floor from the centre ignored: %s", problem)
                continue
            if workstation_id is not None and parsed["ws"] != workstation_id:
                continue
            key = number_series(parsed)
            if key not in highest or highest[key][0] < parsed["seq"]:
                highest[key] = (parsed["seq"], number)
        for _seq, number in highest.values():
            moved += observe_number(session, number, office_code=office_code)
        session.commit()
    return moved
