"""核准的视同缴费期间 of a 历史信息审核 (6.5.2.3: the 《深圳市企业职工养老保险视同缴费年限核准决定书》):
the periods the review approves, checked by ONE function for the window's 核定 form and for
``counter-app case step --data`` (the case engine, when the decision step is recorded).

A period is a start and an end month (both counted), the months between them and, optionally, the
employer (工作单位) the personnel file shows. The decision lists the periods and their total.

What is refused: no period; a month that is not a month; a period that ends before it starts or
after the month of the decision (a deemed period is history, never the future); months given that
are not a whole number ≥ 0 or are not the period's months; periods that overlap (a month deemed
twice); a total that is not the sum of the periods.

The record's 视同缴费月数 (the core system's figure, ``deemed_months``) is information, not a rule:
the standard (6.5.2) has the review decide the deemed years from the personnel file and sets no
relation to what the record held before (policy.md is silent too). A total that differs from it is
therefore not refused as wrong; the difference is shown and the decision needs the clerk's explicit
confirmation (``record_difference_confirmed``), which the decision's data keeps with the record's
figure.

Pure: no Qt, no I/O.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from counter_rules.terms import Worded

MAX_PERIODS = 40            # a working life in pieces; more is a paste gone wrong
MAX_UNIT_CHARS = 60

# ({0}: the period's number, 1-based; months as YYYY-MM)
PERIOD_PROBLEMS: dict[str, str] = {
    "periods_none": "请填写核准的视同缴费期间（至少一段：起始年月、终止年月）",
    "periods_shape": "核准的视同缴费期间应为若干段，每段写明起始年月和终止年月",
    "periods_too_many": "核准的视同缴费期间最多{0}段",
    "period_start": "第{0}段视同缴费期间的起始年月应为年月，如 1990-01",
    "period_end": "第{0}段视同缴费期间的终止年月应为年月，如 1995-06",
    "period_reversed": "第{0}段视同缴费期间的终止年月{1}早于起始年月{2}",
    "period_future": "第{0}段视同缴费期间的终止年月{1}晚于核准年月{2}：不能核准尚未到来的期间",
    "period_months": "第{0}段视同缴费期间的月数应为不小于0的整数",
    "period_months_mismatch": "第{0}段视同缴费期间{1}至{2}共{3}个月，不是填写的{4}个月",
    "period_unit": "第{0}段视同缴费期间的工作单位应为文字，不超过{1}个字",
    "periods_overlap": "第{0}段与第{1}段视同缴费期间重叠（{2}至{3}）：同一月份不能重复核准",
    "periods_total_number": "视同缴费月数合计应为不小于0的整数",
    "periods_total": "视同缴费月数合计{0}个月与各段月数之和{1}个月不符",
    # the record's figure is information: the difference is shown and confirmed, never silently kept
    "periods_record_difference": "核准的视同缴费月数合计{0}个月与档案记载的{1}个月不一致（相差{2}个月）："
                                 "请核对人事档案，确认按审核结果核准后再出具决定书",
}


class PeriodProblem(Worded):
    """A problem of :data:`PERIOD_PROBLEMS` (``domain.refusals.REFUSALS`` lists these codes too)."""

    TEMPLATES = PERIOD_PROBLEMS


def _month(value: Any) -> tuple[int, int] | None:
    m = re.fullmatch(r"(\d{4})-?(\d{1,2})", str(value or "").strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return int(m.group(1)), int(m.group(2))


def _index(ym: tuple[int, int]) -> int:
    return ym[0] * 12 + ym[1] - 1


def _text(ym: tuple[int, int]) -> str:
    return f"{ym[0]:04d}-{ym[1]:02d}"


def months_between(start: Any, end: Any) -> int | None:
    """The months of a period from ``start`` to ``end`` (YYYY-MM, both counted); None when either is
    not a month or the end is before the start."""
    a, b = _month(start), _month(end)
    if a is None or b is None or _index(b) < _index(a):
        return None
    return _index(b) - _index(a) + 1


def _whole(value: Any) -> int | None:
    """``value`` as a whole number ≥ 0 (an int, or text/number that is one), else None."""
    if isinstance(value, bool):
        return None
    try:
        d = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite() or d != d.to_integral_value() or d < 0:
        return None
    return int(d)


def difference(total: int, record_months: int | None) -> int | None:
    """The approved total minus the record's 视同缴费月数 (None: the record has no figure)."""
    return None if record_months is None else total - int(record_months)


def check_deemed_years(data: Mapping[str, Any], *, on: date, record_months: int | None
                       ) -> tuple[dict[str, Any], list[str]]:
    """The decision's ``deemed_years`` as checked (``periods`` [{start, end, unit, months}],
    ``total_months``; with the record's figure ``record_months`` and ``record_difference_confirmed``
    when they differ) and every problem (a :class:`PeriodProblem`), from ``data``: ``periods`` (each
    with ``start``, ``end``, optional ``unit`` and ``months``), optional ``total_months`` and
    ``record_difference_confirmed``. ``on``: the day of the decision."""
    problems: list[str] = []
    periods = data.get("periods")
    if periods in (None, "", []):
        return {}, [PeriodProblem("periods_none")]
    if not isinstance(periods, (list, tuple)) or not all(isinstance(p, Mapping) for p in periods):
        return {}, [PeriodProblem("periods_shape")]
    if len(periods) > MAX_PERIODS:
        return {}, [PeriodProblem("periods_too_many", MAX_PERIODS)]
    now = (on.year, on.month)
    checked: list[dict[str, Any]] = []
    spans: list[tuple[int, int, int]] = []          # (first, last, number) of the periods that are whole
    for n, p in enumerate(periods, 1):
        start, end = _month(p.get("start")), _month(p.get("end"))
        if start is None:
            problems.append(PeriodProblem("period_start", n))
        if end is None:
            problems.append(PeriodProblem("period_end", n))
        unit = p.get("unit")
        if unit is not None and (not isinstance(unit, str) or len(unit.strip()) > MAX_UNIT_CHARS):
            problems.append(PeriodProblem("period_unit", n, MAX_UNIT_CHARS))
            unit = None
        given = p.get("months")
        months_given = None if given in (None, "") else _whole(given)
        if given not in (None, "") and months_given is None:
            problems.append(PeriodProblem("period_months", n))
        if start is None or end is None:
            continue
        if _index(end) < _index(start):
            problems.append(PeriodProblem("period_reversed", n, _text(end), _text(start)))
            continue
        if _index(end) > _index(now):
            problems.append(PeriodProblem("period_future", n, _text(end), _text(now)))
            continue
        months = _index(end) - _index(start) + 1
        if months_given is not None and months_given != months:
            problems.append(PeriodProblem("period_months_mismatch", n, _text(start), _text(end), months, months_given))
            continue
        spans.append((_index(start), _index(end), n))
        checked.append({"start": _text(start), "end": _text(end), "unit": (unit or "").strip(), "months": months})
    for i, (a_first, a_last, a_n) in enumerate(spans):
        for b_first, b_last, b_n in spans[i + 1:]:
            first, last = max(a_first, b_first), min(a_last, b_last)
            if first <= last:
                problems.append(PeriodProblem("periods_overlap", min(a_n, b_n), max(a_n, b_n),
                                              _text((first // 12, first % 12 + 1)), _text((last // 12, last % 12 + 1))))
    if problems:
        return {}, problems
    total = sum(p["months"] for p in checked)
    given_total = data.get("total_months")
    if given_total not in (None, ""):
        as_int = _whole(given_total)
        if as_int is None:
            return {}, [PeriodProblem("periods_total_number")]
        if as_int != total:
            return {}, [PeriodProblem("periods_total", as_int, total)]
    out: dict[str, Any] = {"periods": checked, "total_months": total}
    diff = difference(total, record_months)
    if diff:
        if data.get("record_difference_confirmed") is not True:
            return {}, [PeriodProblem("periods_record_difference", total, record_months, f"{diff:+d}")]
        out["record_months"] = int(record_months)  # type: ignore[arg-type]   # (diff is not None)
        out["record_difference_confirmed"] = True
    return out, []
