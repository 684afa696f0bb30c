"""The person's and the unit's record (参保人、参保单位档案) as the agency's core system holds it.

Shared by the counter (``counter_app.domain.record`` re-exports it) and the centre. Pure: no I/O.
The centre's registry port answers these records; the counter caches them and the catalog's
conditions are decided from them (with the ID card / social security card facts).
The JSON-lines form is the one ``counter-central registry import`` reads (docs/registry.md):

- person: ``kind, id_number, name, sex (male|female), birth (YYYY-MM-DD), category
  (male|female_cadre|female_worker), status (none|insured|suspended|retired|deceased|cancelled),
  office, insured_since, contribution_months, deemed_months, history_reviewed,
  special_work_months, account_balance, benefit_place_shenzhen, last_certified, unit_uscc`` and,
  optional, ``phone`` (for the centre's SMS reminders, 6.6.3.2) and ``payment_suspension``
  (暂停发放: null, ``lapse`` — 资格认证过期 — ``prison`` — 服刑 — or ``death_report`` — 上门认证报告已死亡;
  set by the centre on an approved
  suspension, cleared on an approved resumption) with ``payment_suspended_on`` (the Beijing day the
  suspension took effect — its approval —, null where unknown: 6.6.2.8's back pay counts from it)
- unit: ``kind, uscc, name, status, office``

Dates may be null where unknown. Every message is Chinese and names the field.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Callable, Iterable, Mapping


class RecordError(ValueError):
    """A record that does not fit the format; the message is Chinese and names the field."""


class PersonStatus(str, Enum):
    none = "none"              # 未参保
    insured = "insured"        # 参保缴费
    suspended = "suspended"    # 暂停（中断缴费 / 暂停待遇）
    retired = "retired"        # 已退休（领取待遇）
    deceased = "deceased"      # 已死亡
    cancelled = "cancelled"    # 已注销


PERSON_STATUS_NAMES = {
    PersonStatus.none: "未参保",
    PersonStatus.insured: "参保缴费",
    PersonStatus.suspended: "暂停",
    PersonStatus.retired: "已退休",
    PersonStatus.deceased: "已死亡",
    PersonStatus.cancelled: "已注销",
}


class UnitStatus(str, Enum):
    none = "none"              # 未登记
    insured = "insured"        # 正常参保
    suspended = "suspended"    # 暂停缴费
    cancelled = "cancelled"    # 已注销


PERSON_CATEGORIES = ("male", "female_cadre", "female_worker")

# 暂停发放的原因: 资格认证过期 (resumed with back pay, 6.6.2.8) / 服刑 (resumed without back pay) /
# 上门认证报告已死亡 (a home visit's report, decided by a supervisor: 5.6.2.1)
SUSPENSION_REASONS = ("lapse", "prison", "death_report")
SUSPENSION_REASON_NAMES = {"lapse": "资格认证过期", "prison": "服刑", "death_report": "上门认证报告已死亡"}


@dataclass(frozen=True)
class PersonRecord:
    id_number: str
    name: str
    sex: str                                # "male" | "female"
    birth: date | None
    category: str | None                    # retirement category, see PERSON_CATEGORIES
    status: PersonStatus
    office: str | None
    insured_since: date | None
    contribution_months: int | None         # 实际缴费月数
    deemed_months: int | None               # 视同缴费月数
    history_reviewed: bool | None           # 历史信息已审核
    special_work_months: int | None         # 特殊工种月数
    account_balance: Decimal | None         # 个人账户余额（元）
    benefit_place_shenzhen: bool | None     # 待遇领取地在深圳
    last_certified: date | None             # 最近一次资格认证
    unit_uscc: str | None
    phone: str | None = None                # 联系电话（短信提醒）
    payment_suspension: str | None = None   # 暂停发放原因：None | "lapse" | "prison" | "death_report"
    payment_suspended_on: date | None = None  # 暂停发放生效日（北京日期；None：未暂停或不详）

    kind = "person"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": "person"}
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, date):
                v = v.isoformat()
            elif isinstance(v, Decimal):
                v = str(v)
            elif isinstance(v, Enum):
                v = v.value
            if v is None and f.name in _OPTIONAL_PERSON_KEYS:
                continue
            out[f.name] = v
        return out


@dataclass(frozen=True)
class UnitRecord:
    uscc: str
    name: str
    status: UnitStatus
    office: str | None

    kind = "unit"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "unit", "uscc": self.uscc, "name": self.name,
                "status": self.status.value, "office": self.office}


# left out of to_dict() when null (a record without them reads as before)
_OPTIONAL_PERSON_KEYS = frozenset({"phone", "payment_suspension", "payment_suspended_on"})
_PERSON_KEYS = {f.name for f in fields(PersonRecord)} | {"kind"}
_UNIT_KEYS = {f.name for f in fields(UnitRecord)} | {"kind"}


def _date(raw: Mapping[str, Any], key: str, problems: list[str]) -> date | None:
    v = raw.get(key)
    if v is None:
        return None
    if not isinstance(v, str):
        problems.append(f"{key}：应为 YYYY-MM-DD 格式的日期或 null")
        return None
    try:
        return date.fromisoformat(v)
    except ValueError:
        problems.append(f"{key}：日期“{v}”无效，应为 YYYY-MM-DD")
        return None


def _int(raw: Mapping[str, Any], key: str, problems: list[str]) -> int | None:
    v = raw.get(key)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int) or v < 0:
        problems.append(f"{key}：应为非负整数或 null")
        return None
    return v


def _bool(raw: Mapping[str, Any], key: str, problems: list[str]) -> bool | None:
    v = raw.get(key)
    if v is None or isinstance(v, bool):
        return v
    problems.append(f"{key}：应为 true、false 或 null")
    return None


def _str(raw: Mapping[str, Any], key: str, problems: list[str], *, required: bool = False) -> str | None:
    v = raw.get(key)
    if v is None or v == "":
        if required:
            problems.append(f"{key}：必填")
        return None
    if not isinstance(v, str):
        problems.append(f"{key}：应为文本")
        return None
    return v.strip()


def _enum(raw: Mapping[str, Any], key: str, allowed: tuple[str, ...], problems: list[str],
          *, required: bool = True) -> str | None:
    v = raw.get(key)
    if v is None:
        if required:
            problems.append(f"{key}：必填，可选值 {'|'.join(allowed)}")
        return None
    if v not in allowed:
        problems.append(f"{key}：“{v}”不是可选值（{'|'.join(allowed)}）")
        return None
    return str(v)


def person_from_dict(raw: Mapping[str, Any]) -> PersonRecord:
    """Parse one person record; unknown keys and every bad field are reported together."""
    problems: list[str] = []
    unknown = sorted(set(raw) - _PERSON_KEYS)
    if unknown:
        problems.append("未知字段：" + "、".join(unknown))
    id_number = _str(raw, "id_number", problems, required=True)
    name = _str(raw, "name", problems, required=True)
    sex = _enum(raw, "sex", ("male", "female"), problems)
    status = _enum(raw, "status", tuple(s.value for s in PersonStatus), problems)
    category = _enum(raw, "category", PERSON_CATEGORIES, problems, required=False)
    balance_raw = raw.get("account_balance")
    balance: Decimal | None = None
    if balance_raw is not None:
        try:
            if isinstance(balance_raw, bool) or not isinstance(balance_raw, (int, float, str)):
                raise InvalidOperation
            balance = Decimal(str(balance_raw))
            if not balance.is_finite() or balance < 0:
                raise InvalidOperation
        except InvalidOperation:
            problems.append("account_balance：应为非负金额（元）或 null")
    rec: dict[str, Any] = dict(
        office=_str(raw, "office", problems),
        birth=_date(raw, "birth", problems),
        insured_since=_date(raw, "insured_since", problems),
        contribution_months=_int(raw, "contribution_months", problems),
        deemed_months=_int(raw, "deemed_months", problems),
        history_reviewed=_bool(raw, "history_reviewed", problems),
        special_work_months=_int(raw, "special_work_months", problems),
        benefit_place_shenzhen=_bool(raw, "benefit_place_shenzhen", problems),
        last_certified=_date(raw, "last_certified", problems),
        unit_uscc=_str(raw, "unit_uscc", problems),
        phone=_str(raw, "phone", problems),
        payment_suspension=_enum(raw, "payment_suspension", SUSPENSION_REASONS, problems, required=False),
        payment_suspended_on=_date(raw, "payment_suspended_on", problems),
    )
    if problems:
        raise RecordError("；".join(problems))
    return PersonRecord(id_number=id_number.upper(), name=name, sex=sex, category=category,  # type: ignore[union-attr,arg-type]
                        status=PersonStatus(status), account_balance=balance, **rec)


def unit_from_dict(raw: Mapping[str, Any]) -> UnitRecord:
    problems: list[str] = []
    unknown = sorted(set(raw) - _UNIT_KEYS)
    if unknown:
        problems.append("未知字段：" + "、".join(unknown))
    uscc = _str(raw, "uscc", problems, required=True)
    name = _str(raw, "name", problems, required=True)
    status = _enum(raw, "status", tuple(s.value for s in UnitStatus), problems)
    office = _str(raw, "office", problems)
    if problems:
        raise RecordError("；".join(problems))
    return UnitRecord(uscc=uscc.upper(), name=name, status=UnitStatus(status), office=office)  # type: ignore[union-attr,arg-type]


def record_from_dict(raw: Mapping[str, Any]) -> PersonRecord | UnitRecord:
    if not isinstance(raw, Mapping):
        raise RecordError("每行应为一个 JSON 对象")
    kind = raw.get("kind")
    if kind == "person":
        return person_from_dict(raw)
    if kind == "unit":
        return unit_from_dict(raw)
    raise RecordError(f"kind：应为 person 或 unit，而不是“{kind}”")


def parse_lines(lines: Iterable[str | bytes], *,
                check: Callable[[PersonRecord | UnitRecord], list[str]] | None = None,
                ) -> tuple[list[PersonRecord | UnitRecord], list[tuple[int, str]]]:
    """Parse JSON lines (one record a line; blank lines skipped). Returns (records, problems) where
    each problem is (line number from 1, Chinese message). A caller imports nothing when there is
    any problem. A record given twice (same ID number / USCC) is a problem on its second line.
    ``check``: what else is wrong with a record that fits the format (Chinese, naming the field), a
    problem of its line."""
    import json

    records: list[PersonRecord | UnitRecord] = []
    problems: list[tuple[int, str]] = []
    seen: dict[tuple[str, str], int] = {}
    for n, line in enumerate(lines, start=1):
        try:
            text = line.strip() if isinstance(line, str) else line.decode("utf-8").strip()
        except UnicodeDecodeError:
            problems.append((n, "不是 UTF-8 编码的文本"))
            continue
        if not text:
            continue
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:     # its msg is English ("Expecting value"): where it is, is enough
            problems.append((n, f"不是有效的 JSON（第 {exc.colno} 列）"))
            continue
        except RecursionError:
            problems.append((n, "不是可用的 JSON（嵌套层数过多）"))
            continue
        try:
            rec = record_from_dict(raw)
        except RecordError as exc:
            problems.append((n, str(exc)))
            continue
        bad = check(rec) if check is not None else []
        if bad:                     # what a record that fits the format may still not hold (the importer's)
            problems.append((n, "；".join(bad)))
            continue
        key = (rec.kind, rec.id_number if isinstance(rec, PersonRecord) else rec.uscc)
        if key in seen:
            problems.append((n, f"与第 {seen[key]} 行重复（同一{'证件号码' if rec.kind == 'person' else '统一社会信用代码'}）"))
            continue
        seen[key] = n
        records.append(rec)
    return records, problems


UNIT_STATUS_NAMES = {
    UnitStatus.none: "未登记",
    UnitStatus.insured: "正常参保",
    UnitStatus.suspended: "暂停缴费",
    UnitStatus.cancelled: "已注销",
}
