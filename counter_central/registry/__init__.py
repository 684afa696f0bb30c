"""The registry port (参保档案接口): how the centre reads the agency's core system (核心业务系统).

The counter never talks to the core system; it asks the centre (``POST /api/v1/registry/person``
and ``/registry/unit``, the identifier in the body). The centre answers through a
:class:`RegistryPort`. This package ships the reference adapter, :class:`TableRegistry`, on the
centre's own tables (``registry_persons`` / ``registry_units``, filled by
``counter-central registry import``). A deployment plugs in its own adapter with the environment
variable ``COUNTER_CENTRAL_REGISTRY=package.module:factory``, where ``factory(session)`` returns a
:class:`RegistryPort` (see docs/registry.md).
"""

from __future__ import annotations

import dataclasses

import importlib
import json
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_protocol.free_text import unsafe_text_refusal
from counter_protocol.records import PersonRecord, UnitRecord, parse_lines, person_from_dict, unit_from_dict

ADAPTER_ENV = "COUNTER_CENTRAL_REGISTRY"
DEMO_REGISTRY = Path(__file__).resolve().parent / "demo-registry.jsonl"


@dataclass(frozen=True)
class Found:
    """One look-up's answer: the record (None: the core system has no such person / unit) and the
    time the data is valid as of (aware, UTC)."""

    record: PersonRecord | UnitRecord | None
    as_of: datetime


class RegistryPort(ABC):
    """What the centre needs of the core system. Implementations must not log identifiers in clear."""

    name: str = "registry"

    @abstractmethod
    def person(self, id_number: str) -> Found:
        """The person's record by ID number (upper case, as on the card)."""

    @abstractmethod
    def unit(self, uscc: str) -> Found:
        """The unit's record by 统一社会信用代码."""

    def set_last_certified(self, id_number: str, on: date) -> None:
        """Record a successful 资格认证 (``last_certified``; callers only ever move it forward).
        An adapter that cannot write to the core system raises NotImplementedError."""
        raise NotImplementedError(f"档案适配器 {self.name} 不支持写入资格认证日期")

    def set_payment_suspension(self, id_number: str, reason: str | None, on: date | None = None) -> None:
        """暂停发放 (``lapse`` / ``prison`` / ``death_report``) after an approved suspension, ``on``
        the Beijing day it took effect (``payment_suspended_on``); None after an approved resumption.
        An adapter written before ``on`` existed (two arguments) is still called without it."""
        raise NotImplementedError(f"档案适配器 {self.name} 不支持写入暂停发放")


def _aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt


def _now() -> datetime:
    return datetime.now(timezone.utc)


def person_from_row(row) -> PersonRecord:
    """The person of a reference-table row. The phone (联系电话) is one of the field keys kept in its
    own column (registry/field.py), so the record takes it from there."""
    rec = person_from_dict(json.loads(row.record))
    phone = getattr(row, "phone", None)
    return dataclasses.replace(rec, phone=phone) if phone and not rec.phone else rec


class TableRegistry(RegistryPort):
    """Reference adapter: the records imported into the centre's own tables."""

    name = "centre-tables"

    def __init__(self, session: Session):
        self.session = session

    def person(self, id_number: str) -> Found:
        from counter_central.db import RegistryPerson

        row = self.session.get(RegistryPerson, id_number.strip().upper())
        if row is None:
            return Found(None, _now())
        return Found(person_from_row(row), _aware(row.updated_at))

    def unit(self, uscc: str) -> Found:
        from counter_central.db import RegistryUnit

        row = self.session.get(RegistryUnit, uscc.strip().upper())
        if row is None:
            return Found(None, _now())
        return Found(unit_from_dict(json.loads(row.record)), _aware(row.updated_at))


    def _rewrite(self, id_number: str, **changes) -> None:
        from counter_central.db import RegistryPerson, utcnow

        row = self.session.get(RegistryPerson, id_number.strip().upper())
        if row is None:
            return
        data = json.loads(row.record)
        for k, v in changes.items():
            data[k] = v.isoformat() if isinstance(v, date) else v
        row.record = json.dumps(person_from_dict(data).to_dict(), ensure_ascii=False, sort_keys=True)
        row.updated_at = utcnow()

    def set_last_certified(self, id_number: str, on: date) -> None:
        self._rewrite(id_number, last_certified=on)

    def set_payment_suspension(self, id_number: str, reason: str | None, on: date | None = None) -> None:
        self._rewrite(id_number, payment_suspension=reason, payment_suspended_on=on if reason else None)


def registry_for(session: Session) -> RegistryPort:
    """The adapter in use: ``COUNTER_CENTRAL_REGISTRY=module:factory`` or the reference tables."""
    spec = os.environ.get(ADAPTER_ENV, "").strip()
    if not spec:
        return TableRegistry(session)
    module, _, attr = spec.partition(":")
    factory = getattr(importlib.import_module(module), attr or "registry")
    return factory(session)


# ------------------------------------------------------------------------------------ import


@dataclass
class ImportReport:
    persons: int = 0
    units: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)   # (line number, Chinese message)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict:
        return {"ok": self.ok, "persons": self.persons, "units": self.units,
                "problems": [{"line": n, "message": m} for n, m in self.problems]}


def import_records(session: Session, lines: Iterable[str | bytes], *, by: str | None = None) -> ImportReport:
    """Load JSON lines into the reference tables in ONE transaction. Any bad line (its number and
    what is wrong, in Chinese): nothing is imported. A record already there is replaced. The import
    is one record in the centre's audit chain (``registry.import``, counts only), in the same
    transaction; ``by``: who imports (the operating-system account when not given)."""
    from counter_central.audit import operator, record_centre
    from counter_central.db import RegistryPerson, RegistryUnit, utcnow

    from counter_central.registry.field import FIELD_KEYS, split_field_keys

    lines, extras, field_problems = split_field_keys(lines)
    today = utcnow().date()
    records, problems = parse_lines(lines, check=lambda rec: record_problems(rec, today))
    field_problems += [(n, bad) for n, found in extras.items()
                       if (bad := unsafe_text_refusal(found.get("address"), "address", allow=""))]
    problems = sorted(problems + field_problems)
    report = ImportReport(problems=problems)
    if problems:
        return report
    extra_by_id = {}
    if extras:   # the field keys (address, phone, photo, template) by ID number
        for rec, n in zip(records, _line_numbers(lines), strict=True):
            if n in extras and isinstance(rec, PersonRecord):
                extra_by_id[rec.id_number] = extras[n]
    now = utcnow()
    try:
        for rec in records:
            text = json.dumps(rec.to_dict(), ensure_ascii=False, sort_keys=True)
            if isinstance(rec, PersonRecord):
                field = extra_by_id.get(rec.id_number, {})
                session.merge(RegistryPerson(id_number=rec.id_number, status=rec.status.value, office=rec.office,
                                             record=text, updated_at=now,
                                             **{k: field.get(k) for k in FIELD_KEYS}))
                report.persons += 1
            else:
                session.merge(RegistryUnit(uscc=rec.uscc, status=rec.status.value, office=rec.office,
                                           record=text, updated_at=now))
                report.units += 1
        record_centre(session, actor=by or operator(), action="registry.import", object_type="registry",
                      detail=f"参保人档案 {report.persons} 条、参保单位档案 {report.units} 条")
        session.commit()
    except Exception:
        session.rollback()
        raise
    return report


def record_problems(rec: PersonRecord | UnitRecord, today: date) -> list[str]:
    """What an imported record that fits the format may still not hold, in Chinese naming the field:
    an identifier the counters would judge invalid (check character, date of birth: the record could
    never be used; the number masked, never in clear), text with control or direction characters (a
    name printed on notices and rosters, shown on terminals)."""
    from counter_protocol.identifiers import check_id, check_uscc
    from counter_rules.masking import mask_id

    bad = []
    if isinstance(rec, PersonRecord):
        r = check_id(rec.id_number, today=today)
        if not r.valid:
            bad.append(f"id_number：证件号码 {mask_id(rec.id_number)} 无效（{r.error}）")
        texts = {"name": rec.name, "office": rec.office, "unit_uscc": rec.unit_uscc, "phone": rec.phone}
    else:
        u = check_uscc(rec.uscc)
        if not u.valid:
            bad.append(f"uscc：统一社会信用代码 {rec.uscc[:8]}… 无效（{u.error}）")
        texts = {"name": rec.name, "office": rec.office}
    bad += [refusal for key, value in texts.items() if value and (refusal := unsafe_text_refusal(value, key, allow=""))]
    return bad


def _line_numbers(lines: list) -> list[int]:
    """The line numbers (from 1) of the non-empty lines, in order: the records parse_lines returns."""
    out = []
    for n, line in enumerate(lines, start=1):
        text = line if isinstance(line, str) else line.decode("utf-8", "replace")
        if text.strip():
            out.append(n)
    return out


def seed_demo_registry(session: Session) -> ImportReport:
    """The demo registry (demo-registry.jsonl: persons for each service's pass / fail cases, units)."""
    with DEMO_REGISTRY.open(encoding="utf-8") as fh:
        report = import_records(session, fh)
    if report.ok:   # pensioners for the field roster, dated relative to today (registry/field.py)
        from counter_central.registry.field import demo_field_lines

        field = import_records(session, demo_field_lines(_now().date()))
        report.persons += field.persons
        report.problems += field.problems
    return report


def count(session: Session) -> tuple[int, int]:
    from sqlalchemy import func

    from counter_central.db import RegistryPerson, RegistryUnit

    return (session.scalar(select(func.count()).select_from(RegistryPerson)) or 0,
            session.scalar(select(func.count()).select_from(RegistryUnit)) or 0)


# ------------------------------------------------------------------------------------ the API


def set_payment_suspension(session: Session, id_number: str, reason: str | None, on: date | None) -> None:
    """Write 暂停发放 through the adapter in use, with the day it took effect where the adapter takes
    it (an adapter written before ``on`` existed is called with the reason alone)."""
    import inspect

    reg = registry_for(session)
    try:
        takes_day = "on" in inspect.signature(reg.set_payment_suspension).parameters
    except (TypeError, ValueError):
        takes_day = False
    if takes_day:
        reg.set_payment_suspension(id_number, reason, on=on)
    else:
        reg.set_payment_suspension(id_number, reason)


def suspended_on(session: Session, record: PersonRecord) -> date | None:
    """The Beijing day ``record``'s 暂停发放 took effect: the centre's own open suspension of that
    reason (the day its resumption's back pay counts from: counter_central.certification), else the
    day the adapter's record carries; None when not suspended or not known."""
    if not record.payment_suspension:
        return None
    from counter_central.certification import open_suspension_day

    known, day = open_suspension_day(session, record.id_number, record.payment_suspension)
    return day if known else record.payment_suspended_on


def answer_person(session: Session, id_number: str):
    from counter_protocol.registry import RegistryAnswer

    from counter_central.samecase import registration_done

    reg = registry_for(session)
    found = reg.person(id_number)
    rec = found.record if isinstance(found.record, PersonRecord) else None
    data = rec.to_dict() if rec is not None else None
    if data is not None:   # beside the record, never in it: an older counter reads the record strictly
        data.pop("payment_suspended_on", None)
    return RegistryAnswer(kind="person", found=rec is not None, record=data, as_of=found.as_of, source=reg.name,
                          payment_suspended_on=suspended_on(session, rec) if rec is not None else None,
                          registration=registration_done(session, "person", id_number))


def answer_unit(session: Session, uscc: str):
    from counter_protocol.registry import RegistryAnswer

    from counter_central.samecase import registration_done

    reg = registry_for(session)
    found = reg.unit(uscc)
    return RegistryAnswer(kind="unit", found=found.record is not None,
                          record=found.record.to_dict() if found.record else None, as_of=found.as_of, source=reg.name,
                          registration=registration_done(session, "unit", uscc))
