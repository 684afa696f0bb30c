"""资格认证 at the window (5.6.3 b, 6.6.3): what a successful certification means for the pensioner.

Pure: the dates come from :mod:`counter_protocol.certification` (the one rule the counter, the
field laptop and the centre share); the cycle is the effective-dated parameter
``certification.cycle_months`` the caller passes in.

- The new ``valid_until`` counts from the month after the certification (Guangdong's rule).
- Re-certification after a lapse resumes payment (恢复发放) with back pay of the missed months
  (6.6.2.8); a suspension for a prison sentence (服刑) pays nothing back. The centre raises the
  resumption as an approval request; the counter shows and prints the months "subject to approval".
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
        """暂停发放: lapsed (flagged for suspension) or suspended by an approved decision."""
        return self.state == "lapsed" or self.suspension is not None

    def text(self) -> str:
        if self.suspension:
            return f"已暂停发放（{SUSPENSION_REASON_NAMES.get(self.suspension, self.suspension)}）"
        if self.state == "never":
            return "无资格认证记录"
        until = self.valid_until.isoformat() if self.valid_until else ""
        if self.state == "lapsed":
            return f"资格认证已于 {until} 到期，暂停发放（已缺 {self.missed_months} 个月）"
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
    resumption: bool                  # payment was suspended or flagged: 恢复发放 (through approval)
    suspension: str | None
    back_pay_months: tuple[str, ...]  # "YYYY-MM"

    def as_data(self) -> dict[str, Any]:
        return {"certified_on": self.certified_on.isoformat(), "method": self.method,
                "method_name": METHOD_NAMES[self.method], "channel": self.channel,
                "channel_name": CHANNEL_NAMES[self.channel], "valid_until": self.valid_until.isoformat(),
                "previous_valid_until": self.previous_valid_until.isoformat() if self.previous_valid_until else None,
                "resumption": self.resumption, "suspension": self.suspension,
                "suspension_name": SUSPENSION_REASON_NAMES.get(self.suspension or "", ""),
                "back_pay_months": list(self.back_pay_months)}


def outcome(person: PersonRecord, certified_on: date, *, method: str, channel: str = "window",
            cycle_months: int) -> Outcome:
    problem = eligibility_problem(person)
    if problem:
        raise CertificationRefused(problem)
    if method not in METHOD_NAMES:
        raise CertificationRefused(Refusal("certification_method_named", method))
    last = person.last_certified
    if last is not None and certified_on < last:
        raise CertificationRefused(Refusal("certification_before_last"))
    previous = rules.valid_until(last, cycle_months) if last else None
    lapsed = previous is not None and certified_on > previous
    suspension = person.payment_suspension
    months: tuple[str, ...] = ()
    if lapsed and last is not None and suspension != "prison":
        months = tuple(f"{y:04d}-{m:02d}" for y, m in rules.missed_months(last, certified_on, cycle_months))
    return Outcome(certified_on, method, channel, rules.valid_until(certified_on, cycle_months), previous,
                   lapsed or suspension is not None, suspension, months)
