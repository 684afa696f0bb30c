"""参保登记 / 注销登记 办结 before the core system records it: the provisional status the
registration conditions read (docs/registry.md, 「Registered at the window, not yet in the core
system」). Pure: no I/O, no clock.

A 参保登记 办结 at a window (6.1.1.2.3: 审核通过后即时办结) makes the person (or unit) 参保缴费 /
正常参保; a 注销登记/停止参保 办结 (6.1.3) makes them 已注销. The core system (the centre's registry
port) learns of it later. Until it does, the record the window reads still says 未参保 (or 参保缴费),
and the rules would let the same person register twice — two 个人账户 (6.1.1.2.3, 6.3.1.1) — or
refuse their 变更登记 as 尚未参保登记. So the counter and the centre overlay the LATEST completed
registration case they know of (this store's, and every window's as the centre indexes them) on
the record's status:

- only while the registry's record is older than the completion (its ``as_of`` before the case's
  办结): a record as of the completion or later is the source of truth and the overlay goes. A
  registry with NO record of the person or unit says so as of the moment it is asked (the
  reference adapter answers ``as_of`` now), yet cannot have recorded a registration it has no
  record of: against "no record" a completed 参保登记 stands whatever the time;
- only from a status the case moves (参保登记: 未参保 / 已注销 → 参保缴费; 注销: 参保缴费 / 暂停 →
  已注销): a registry that already says what the case did needs nothing, and a status the case
  could not have changed (已退休, 已死亡: the survivors' claims read it) is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping

# service → (the status it records, the statuses it moves from), the same for a person and a unit
# (counter_protocol.records: PersonStatus / UnitStatus values)
REGISTRATION_SERVICES: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "reg_enroll": ("insured", ("none", "cancelled")),
    "reg_cancel": ("cancelled", ("insured", "suspended")),
}
SERVICE_NAMES = {"reg_enroll": "参保登记", "reg_cancel": "注销登记"}
# the case states in which its registration is done (办结, then 归档)
DONE_STATES = ("completed", "archived")


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


@dataclass(frozen=True)
class Completed:
    """A 参保登记 or 注销 办结: the service, the case's number, when it was 办结 (UTC), and where —
    ``here`` this workstation's store, else the office that did it (as the centre indexes it)."""

    service_code: str
    case_no: str
    completed_at: datetime
    office_code: str = ""
    here: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"service_code": self.service_code, "case_no": self.case_no,
                "completed_at": _utc(self.completed_at).isoformat(), "office_code": self.office_code,
                "here": self.here}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Completed | None":
        try:
            service, at = str(d["service_code"]), datetime.fromisoformat(str(d["completed_at"]))
        except (KeyError, TypeError, ValueError):
            return None
        if service not in REGISTRATION_SERVICES:
            return None
        return cls(service, str(d.get("case_no") or ""), _utc(at), str(d.get("office_code") or ""),
                   bool(d.get("here")))


@dataclass(frozen=True)
class Provisional:
    """The status the record is read with until the core system records ``case``."""

    status: str
    case: Completed

    def note(self) -> str:
        """「本机办结参保登记 FT-…，待核心系统确认」 (Chinese; no personal data)."""
        c = self.case
        where = "本机" if c.here else (f"{c.office_code}分局" if c.office_code else "其他窗口")
        return f"{where}办结{SERVICE_NAMES[c.service_code]} {c.case_no or '-'}，待核心系统确认"

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "case": self.case.as_dict()}

    @classmethod
    def from_dict(cls, d: Any) -> "Provisional | None":
        if not isinstance(d, Mapping) or not isinstance(d.get("case"), Mapping):
            return None
        case = Completed.from_dict(d["case"])
        if case is None or d.get("status") != REGISTRATION_SERVICES[case.service_code][0]:
            return None
        return cls(str(d["status"]), case)


def latest(completed: Iterable[Completed | None]) -> Completed | None:
    """The most recently 办结 of ``completed`` (None when there is none)."""
    done = [c for c in completed if c is not None and c.service_code in REGISTRATION_SERVICES]
    return max(done, key=lambda c: _utc(c.completed_at)) if done else None


def provisional_status(record_status: str, as_of: datetime | None, completed: Iterable[Completed | None], *,
                       found: bool = True) -> Provisional | None:
    """The status to read instead of the record's ``record_status`` (of ``as_of``; ``found`` False:
    the registry has no record, ``record_status`` then ``none``), from the latest of the
    ``completed`` registration cases; None: the record stands (see the module docstring)."""
    case = latest(completed)
    if case is None:
        return None
    if found and as_of is not None and _utc(as_of) >= _utc(case.completed_at):
        return None                     # the registry's record is as new as the case: it decides
    status, moves_from = REGISTRATION_SERVICES[case.service_code]
    if record_status not in moves_from:
        return None
    return Provisional(status, case)
