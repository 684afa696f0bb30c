"""资格认证 at the window (5.6.3 b, 6.6.3): what a successful certification means for the pensioner.

Pure: the dates come from :mod:`counter_protocol.certification` (the one rule the counter, the
field laptop and the centre share); the cycle is the effective-dated parameter
``certification.cycle_months`` the caller passes in.

- The new ``valid_until`` counts from the month after the certification (Guangdong's rule).
- Re-certification resumes payment (恢复发放) only where a suspension of payment is recorded
  (``payment_suspension``: approved at the centre); a lapse alone suspends nothing until a
  supervisor approves the sweep's suspension. The back pay of 6.6.2.8 counts from the later of the
  lapse and the day the suspension took effect
  (:func:`counter_protocol.certification.back_pay_months`, the centre's own computation); the
  counter states months only when it knows that day, otherwise 「是否补发及补发月份以审批结果为准」.
  A suspension for a prison sentence (服刑) pays nothing back. The centre raises the resumption as
  an approval request.
- Identity: fingerprint verification against the template enrolled at 6.6.1.1.2.3, or — where no
  template is enrolled or the finger does not match — photo comparison by the clerk, who confirms
  that the person before them is the person on the record's / ID card's photo. Face recognition is
  never the only path.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from counter_app.domain.refusals import Refusal
from counter_protocol import certification as rules
from counter_protocol.certification_sync import CHANNEL_NAMES, METHOD_NAMES
from counter_protocol.records import SUSPENSION_REASON_NAMES, PersonRecord, PersonStatus

FINGERPRINT = "fingerprint"
PHOTO = "photo"


class CertificationRefused(ValueError):
    """The certification cannot be recorded: ``reason``, a :class:`Refusal` (the Chinese as the message)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Standing:
    """Where a pensioner stands before the certification (for the record view and the flow)."""

    state: str                        # valid | due | lapsed | never
    valid_until: date | None
    days_left: int | None
    missed_months: int
    suspension: str | None            # None | lapse | prison (暂停发放, approved at the centre)

    @property
    def flagged(self) -> bool:
        """Shown in red: lapsed (to be suspended once a supervisor approves) or suspended by an
        approved decision."""
        return self.state == "lapsed" or self.suspension is not None

    def text(self) -> str:
        """暂停发放 only where a suspension is recorded; a lapse alone is 认证已过期（待暂停审批）:
        payment goes on until a supervisor approves its suspension."""
        if self.suspension:
            return f"已暂停发放（{SUSPENSION_REASON_NAMES.get(self.suspension, self.suspension)}）"
        if self.state == "never":
            return "无资格认证记录"
        until = self.valid_until.isoformat() if self.valid_until else ""
        if self.state == "lapsed":
            return f"资格认证已于 {until} 到期，认证已过期（待暂停审批）"
        if self.state == "due":
            return f"资格认证有效期至 {until}（剩 {self.days_left} 天，请提醒认证）"
        return f"资格认证有效期至 {until}"


def standing(person: PersonRecord, today: date, *, cycle_months: int, window_days: int) -> Standing:
    st = rules.status(person.last_certified, today, cycle_months=cycle_months, window_days=window_days)
    return Standing(st.state, st.valid_until, st.days_left, st.missed_months, person.payment_suspension)


def eligibility_problem(person: PersonRecord | None) -> str | None:
    """Why this person cannot be certified (中文), from the record — never from a keypress."""
    if person is None:
        return Refusal("certification_no_person")
    if person.status is PersonStatus.deceased:
        return Refusal("certification_deceased")
    if person.status is not PersonStatus.retired:
        return Refusal("certification_not_retired")
    return None


@dataclass(frozen=True)
class Outcome:
    """A successful certification: what the case, the outbox entry and the 认证结果告知单 carry."""

    certified_on: date
    method: str
    channel: str
    valid_until: date
    previous_valid_until: date | None
    resumption: bool                  # a suspension of payment is recorded: 恢复发放 (through approval)
    suspension: str | None
    back_pay_months: tuple[str, ...]  # "YYYY-MM"; only meaningful when ``back_pay_known``
    back_pay_known: bool = True       # False: suspended, its effective day unknown here (以审批结果为准)

    @property
    def lapsed(self) -> bool:
        """The previous certification had lapsed before this one."""
        return self.previous_valid_until is not None and self.certified_on > self.previous_valid_until

    def as_data(self) -> dict[str, Any]:
        return {"certified_on": self.certified_on.isoformat(), "method": self.method,
                "method_name": METHOD_NAMES[self.method], "channel": self.channel,
                "channel_name": CHANNEL_NAMES[self.channel], "valid_until": self.valid_until.isoformat(),
                "previous_valid_until": self.previous_valid_until.isoformat() if self.previous_valid_until else None,
                "resumption": self.resumption, "suspension": self.suspension,
                "suspension_name": SUSPENSION_REASON_NAMES.get(self.suspension or "", ""),
                "back_pay_months": list(self.back_pay_months), "back_pay_known": self.back_pay_known,
                "lapsed": self.lapsed}


def outcome(person: PersonRecord, certified_on: date, *, method: str, channel: str = "window",
            cycle_months: int, suspended_on: date | None = None) -> Outcome:
    """The certification's result. ``suspended_on``: the day the recorded suspension took effect,
    where the caller holds it — the back-pay months are then the centre's own; without it a
    suspension's months are left to the approval (``back_pay_known`` False)."""
    problem = eligibility_problem(person)
    if problem:
        raise CertificationRefused(problem)
    if method not in METHOD_NAMES:
        raise CertificationRefused(Refusal("certification_method_named", method))
    last = person.last_certified
    if last is not None and certified_on < last:
        raise CertificationRefused(Refusal("certification_before_last"))
    previous = rules.valid_until(last, cycle_months) if last else None
    suspension = person.payment_suspension
    months: tuple[str, ...] = ()
    known = suspension is None or suspension == "prison" or suspended_on is not None
    if suspension is not None and known:
        months = tuple(f"{y:04d}-{m:02d}" for y, m in rules.back_pay_months(
            suspension, last, suspended_on, certified_on, cycle_months))
    return Outcome(certified_on, method, channel, rules.valid_until(certified_on, cycle_months), previous,
                   suspension is not None, suspension, months, known)
