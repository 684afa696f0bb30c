"""文号 (document numbers) as text: parsing and the series a number belongs to. Pure.

The counter allocates numbers (its printing.numbering module); the central service only
reads them (the highest 文号 per series it has received, sent back to the workstation at pull so
that a store restored from a backup never issues a number twice). Both use these helpers, so
there is one definition of the format::

    深社保福田〔2026〕受告第FT-W01-7KQ2-000123号
    └agency+office┘└year┘└字┘└workstation┘└install tag┘└sequence┘
"""

from __future__ import annotations

import re
from typing import Any

NUMBER_RE = re.compile(
    r"^(?P<prefix>.+?)〔(?P<year>\d{4})〕(?P<word>[^第]+)第(?P<ws>[A-Za-z0-9_-]+)-(?P<tag>[0-9A-Z]{4})-(?P<seq>\d{6,})号$"
)


def parse_number(text: object) -> dict[str, Any] | None:
    """``{prefix, year, word, ws, tag, seq}`` (year and seq as int) or None when ``text`` is not a 文号."""
    if not isinstance(text, str):
        return None
    m = NUMBER_RE.match(text.strip())
    if not m:
        return None
    d = m.groupdict()
    d["year"] = int(d["year"])
    if len(d["seq"].lstrip("0")) > _SEQ_DIGITS_READ:
        # far out of any series' range: Python refuses to read an int of over 4,300 digits
        # (ValueError), SQLite one of over 19; out_of_range() says why from this mark
        d["seq"] = _TOO_LONG
        return d
    d["seq"] = int(d["seq"])
    return d


def number_series(parsed: dict[str, Any]) -> str:
    """The series of a parsed 文号 as the number itself shows it: ``workstation|install tag|year``.

    (The counter's own counter key adds the office code in front: ``office|workstation|tag|year``.)
    One sequence per series is shared by every 字, so the highest sequence of a series is the
    floor for the next number whatever kind of document it was.
    """
    return f"{parsed['ws']}|{parsed['tag']}|{parsed['year']}"


# The range of a series: sequences are written with six digits (``000001``…``999999``), and a
# year is one of this century's.
SEQ_MIN, SEQ_MAX = 1, 999_999
# parse_number reads a sequence of at most this many digits (leading zeros aside); a longer one is
# _TOO_LONG (-1: below SEQ_MIN, so any range check refuses it)
_SEQ_DIGITS_READ = 18
_TOO_LONG = -1
YEAR_MIN, YEAR_MAX = 2000, 2099


def out_of_range(parsed: dict[str, Any]) -> str | None:
    """Why a parsed 文号 lies outside its series' range (Chinese), or None when it is within."""
    if parsed["seq"] == _TOO_LONG:
        return f"文号序号超过 {_SEQ_DIGITS_READ} 位，超出范围（{SEQ_MIN}–{SEQ_MAX}）"
    if not SEQ_MIN <= parsed["seq"] <= SEQ_MAX:
        return f"文号序号 {parsed['seq']} 超出范围（{SEQ_MIN}–{SEQ_MAX}）"
    if not YEAR_MIN <= parsed["year"] <= YEAR_MAX:
        return f"文号年度 {parsed['year']} 超出范围（{YEAR_MIN}–{YEAR_MAX}）"
    return None


# ------------------------------------------------------------------------------ case numbers
# 办件编号: ``<工作站编号>-<YYYYMMDD>-<sequence>`` (``FT-W01-20261205-0002``), one sequence per
# workstation and day, allocated by the counter (counter_app.workflows.case_numbers). A store
# restored from a backup, or a new machine given the number of an earlier one, would count from
# what it holds and issue a number again; the centre therefore keeps, like the 文号 floors, the
# highest case number it accepted per workstation and day and sends it back at pull
# (``PullResponse.number_floors``, beside the 文号: a counter of an earlier version ignores a text
# that is not a 文号).
CASE_NUMBER_RE = re.compile(r"^(?P<ws>[A-Za-z0-9_-]{1,32})-(?P<day>20\d{6})-(?P<seq>\d{4,6})$")


def parse_case_number(text: object) -> dict[str, Any] | None:
    """``{ws, day, seq}`` (seq as int) of a 办件编号, or None when ``text`` is not one."""
    if not isinstance(text, str):
        return None
    m = CASE_NUMBER_RE.match(text.strip())
    if not m or int(m["seq"]) < 1:
        return None
    return {"ws": m["ws"], "day": m["day"], "seq": int(m["seq"])}


def case_series(parsed: dict[str, Any]) -> str:
    """The series of a parsed case number: ``workstation|case|YYYYMMDD`` (a 文号's series has a
    four-letter install tag and a four-digit year, so the two never meet)."""
    return f"{parsed['ws']}|case|{parsed['day']}"


# A text shaped like a case number whatever its sequence's length: to tell a case-number floor out of
# the format's range (``FT-W01-20261206-1000000``, which parse_case_number does not take) from a
# text that is no case number at all.
_CASE_NUMBER_LOOSE_RE = re.compile(r"^(?P<ws>[A-Za-z0-9_-]{1,32})-(?P<day>20\d{6})-(?P<seq>\d+)$")


def case_number_out_of_range(text: object) -> str | None:
    """Why ``text``, shaped like a case number, lies outside the format's range (Chinese: sequence
    1–999999 in 4–6 digits), or None — also when it is no case number at all."""
    if not isinstance(text, str):
        return None
    m = _CASE_NUMBER_LOOSE_RE.match(text.strip())
    if m is None or parse_case_number(text) is not None:
        return None
    digits = m["seq"].lstrip("0")
    shown = digits if len(digits) <= 12 else digits[:6] + "…（共 " + str(len(digits)) + " 位）"
    return f"办件编号序号 {shown or '0'} 超出范围（{SEQ_MIN}–{SEQ_MAX}，4–6 位）"
