"""资格认证 at the centre (5.6.3, 6.6.2.8, 6.6.3): certifications received, suspension of payment
(暂停发放) of lapsed pensioners, resumption (恢复发放) with back pay, and the SMS reminder export.

- A ``certification.recorded`` entry (counter_protocol.certification_sync) from a counter or a
  field laptop names its clerk, who must be the account that recorded it (the entry's actor:
  never another clerk's name; a mismatch is rejected, nothing stored). It is stored once
  (``certifications``, keyed by its id) and moves the registry person's
  ``last_certified`` forward through the registry adapter (never backward: a replay or an older
  result changes nothing).
- ``counter-central certification sweep``: every retired person of the registry whose certification
  has lapsed (counter_protocol.certification, the same module the counter uses) is flagged
  (``payment_suspensions``, state ``flagged``) and a ``payment_suspension`` approval request is raised
  for the person's office under the graded authorisation table. Nothing is deleted; the suspension
  only takes effect when a supervisor approves it (then the record's ``payment_suspension`` is set).
  The flag is keyed by (person, lapse date): a second sweep raises nothing new.
- A suspension for a prison sentence (服刑) is raised by ``counter-central certification suspend``;
  its reason is kept with it and its resumption pays nothing back.
- A certification received while payment is suspended raises a ``payment_resumption`` request
  with the back-pay months (:func:`counter_protocol.certification.back_pay_months`, the one
  computation the counter uses too, counted to the certification's day — a day the centre refuses
  after today; its level is the table's for the action, whatever the months; none for 服刑).
  Its maker is the clerk the certification names; everyone who took part in it — the clerk, the
  second staff member, the account that recorded the entry, the signed-in user of the push, each
  staff member of a home visit — is kept as a participant of the request, and none of them may
  decide it (counter_protocol.approvals.decision_refusal).
- ``certified_at`` is stored naive UTC like every time of the centre (an aware time converted, a
  naive one taken as UTC).
  A certification received while the suspension is still only flagged withdraws the flag (the
  pending request expires): payment never stopped.
- ``counter-central certification reminders``: the retired persons whose certification lapses within
  N days (6.6.3.2), for the centre's SMS gateway. The CSV holds ID numbers in clear (the SMS system
  needs them): it is written only to the file the administrator names, mode 0600, and every export
  is recorded (``certification_exports``).
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Iterable

from sqlalchemy import Date, DateTime, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from counter_central.audit import operator, record_centre
from counter_central.db import ApprovalRow, Base, ReferenceRow, RegistryPerson, naive_utc, utcnow
from counter_central.registry import person_from_row
from counter_protocol import certification as cert
from counter_protocol import certification_sync as cs
from counter_protocol.canonical import canonical_json
from counter_protocol.field_errors import field_error_words
from counter_protocol.field_errors import where as field_where
from counter_protocol.records import SUSPENSION_REASON_NAMES, PersonRecord

SWEEP_MAKER = "system:certification-sweep"   # the maker of the requests the sweep raises (never a user)
CENTRE_WORKSTATION = "centre"

# payment_suspensions.state
FLAGGED = "flagged"                # 已标记暂停发放，待审批
SUSPENDED = "suspended"            # 已暂停发放（审批通过）
NOT_SUSPENDED = "not_suspended"    # 审批驳回：不暂停
CLEARED = "cleared"                # 审批前已重新认证：不暂停
RESUME_PENDING = "resume_pending"  # 已重新认证，恢复发放待审批
RESUMED = "resumed"                # 已恢复发放
OPEN_STATES = (FLAGGED, SUSPENDED, RESUME_PENDING)
STATE_NAMES = {FLAGGED: "已标记暂停发放（待审批）", SUSPENDED: "已暂停发放", NOT_SUSPENDED: "不暂停（审批驳回）",
               CLEARED: "已重新认证（未暂停）", RESUME_PENDING: "恢复发放待审批", RESUMED: "已恢复发放"}


class CertificationError(Exception):
    """A certification command could not be carried out; the message is Chinese."""


class CertificationRow(Base):
    """One successful 资格认证 as received (kept: certification files are kept 50 years)."""

    __tablename__ = "certifications"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), nullable=False)
    certified_on: Mapped[date] = mapped_column(Date, nullable=False)
    certified_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    method: Mapped[str] = mapped_column(String(16), nullable=False)
    channel: Mapped[str] = mapped_column(String(16), nullable=False)
    clerk: Mapped[str] = mapped_column(String(64), nullable=False)
    second_staff: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    office_code: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    workstation_id: Mapped[str] = mapped_column(String(32), nullable=False, default="")
    case_id: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    case_no: Mapped[str] = mapped_column(String(64), nullable=False, default="")
    valid_until: Mapped[date] = mapped_column(Date, nullable=False)
    received_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    __table_args__ = (Index("ix_certifications_id_number", "id_number"),)


class SuspensionRow(Base):
    """A suspension of payment (暂停发放) from flag to resumption; never deleted."""

    __tablename__ = "payment_suspensions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), nullable=False)
    office_code: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    reason: Mapped[str] = mapped_column(String(16), nullable=False)         # lapse | prison | death_report
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    lapsed_on: Mapped[date | None] = mapped_column(Date)                     # the first day without certification
    last_certified: Mapped[date | None] = mapped_column(Date)                # as of the flag
    state: Mapped[str] = mapped_column(String(16), nullable=False)
    suspend_request_id: Mapped[str] = mapped_column(String(36), nullable=False)
    resume_request_id: Mapped[str | None] = mapped_column(String(36))
    certification_id: Mapped[str | None] = mapped_column(String(36))         # the re-certification
    back_pay_months: Mapped[str] = mapped_column(Text, nullable=False, default="[]")   # JSON ["YYYY-MM", …]
    # the day the suspension took effect (its approval, Beijing day; c0023_death_reports): 补发 counts from it
    effective_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    __table_args__ = (Index("ix_payment_suspensions_person", "id_number", "reason", "lapsed_on"),)


class ExportRow(Base):
    """The audit entry of one reminder export (who, when, how many rows, to which file)."""

    __tablename__ = "certification_exports"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64), nullable=False)
    office_code: Mapped[str] = mapped_column(String(8), nullable=False, default="")
    days: Mapped[int] = mapped_column(Integer, nullable=False)
    rows: Mapped[int] = mapped_column(Integer, nullable=False)
    path: Mapped[str] = mapped_column(Text, nullable=False)
    digest: Mapped[str] = mapped_column(String(64), nullable=False)     # SHA-256 of the file written


# ------------------------------------------------------------------------------------ parameters


def _resources_root() -> Path:
    from counter_central.resources import resources_root

    return resources_root()


def _table_date(value) -> date | None:
    """A table's ``effective_from`` as a date; None when it reads as none ("yesterday", 2024)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _effective(values: list[dict], on: date):
    best = None
    for v in values:
        frm = _table_date(v.get("effective_from"))
        if frm is None:
            continue
        if frm <= on and (best is None or frm >= best[0]):
            best = (frm, v.get("value"))
    return None if best is None else best[1]


def _policy_params(s: Session) -> dict:
    """The published ``policy_params`` in force (core.reference_row_in_force), else the bundled file."""
    from counter_central.core import reference_row_in_force

    row = reference_row_in_force(s, "policy_params")
    if row is not None:
        return json.loads(row.content)
    return tomllib.loads((_resources_root() / "params" / "policy-params.toml").read_text(encoding="utf-8"))


CERTIFICATION_PARAMETERS = ("certification.cycle_months", "certification.roster_window_days")


def _parameter_set(s: Session):
    """The policy parameters (published, else bundled) as the counters read them: effective-dated,
    with their source and whether they are confirmed (counter_rules.params)."""
    from counter_rules.params import ParameterError, ParameterSet

    try:
        return ParameterSet.from_mapping(_policy_params(s), source="政策参数")
    except ParameterError as exc:
        raise CertificationError(f"政策参数无法使用：{exc.message}") from None


def parameter_entries(s: Session, on: date) -> dict[str, dict]:
    """The certification parameters in force on ``on``, each with its value, name, source and
    whether it is confirmed (the cycle is the agency's setting, unconfirmed: policy-params.toml)."""
    from counter_rules.params import ParameterNotInForce, plain_title

    params = _parameter_set(s)
    out = {}
    for key in CERTIFICATION_PARAMETERS:
        try:
            parameter = params.parameter(key)
            entry = parameter.entry_on(on)
        except ParameterNotInForce as exc:
            raise CertificationError(exc.message) from None
        except ValueError:          # ParameterError: the key is not in the set at all
            raise CertificationError(f"政策参数中没有“{key}”，请管理员发布包含该参数的政策参数") from None
        out[key] = {"key": key, "name": plain_title(parameter.title, parameter.unit), "unit": parameter.unit,
                    "value": int(Decimal(str(entry.value))), "source": entry.source, "note": entry.note,
                    "confirmed": entry.confirmed, "effective_from": entry.effective_from.isoformat()}
    return out


def parameters(s: Session, on: date) -> tuple[int, int]:
    """(certification.cycle_months, certification.roster_window_days) in force on ``on``."""
    entries = parameter_entries(s, on)
    return entries["certification.cycle_months"]["value"], entries["certification.roster_window_days"]["value"]


def unconfirmed(entries: dict[str, dict]) -> list[dict]:
    """The parameters among ``entries`` not confirmed (policy.md UNCONFIRMED or agency-set): what a
    run that used them must say needs checking."""
    return [e for e in entries.values() if not e["confirmed"]]


def authorisation_rules(s: Session) -> list[dict]:
    """The rules of the graded authorisation table the centre publishes (else the bundled one)."""
    row = s.scalars(select(ReferenceRow).where(ReferenceRow.name == "authorisation")
                    .order_by(ReferenceRow.published_at.desc()).limit(1)).first()
    doc = json.loads(row.content) if row is not None else json.loads(
        (_resources_root() / "reference" / "authorisation.json").read_text(encoding="utf-8"))
    rules = doc.get("rules", []) if isinstance(doc, dict) else []
    return [r for r in rules if isinstance(r, dict)]


def table_level(s: Session, action: str, on: date, rules: list[dict] | None = None) -> int | None:
    """The level the graded authorisation table sets for ``action`` without a condition on ``on``
    (published, else bundled); None when it sets none. A rule for ``action`` the centre cannot read
    — its level no number the product knows (text, a bool, 3, 1.5), its date not a date — counts as
    the strictest level (中心主任), whatever its date: a damaged table (one stored before tables were
    checked on publishing, counter_rules.authorisation_check) never lets a decision through without
    approval. A stored level 0 reads as 0 (the counters' "no approval from this date"; publishing
    refuses it now), which the points gated whatever a table says raise (approvals)."""
    from counter_rules.authorisation_check import STRICTEST_LEVEL, level_of

    dated = []
    for r in (authorisation_rules(s) if rules is None else rules):
        if r.get("action") != action or r.get("when"):
            continue
        raw = r.get("level")
        start, level = _table_date(r.get("effective_from", "1900-01-01")), 0 if raw == 0 and type(raw) is int else level_of(raw)
        if start is None or level is None:
            return STRICTEST_LEVEL
        dated.append({"effective_from": start, "value": level})
    return _effective(dated, on)


def required_level(s: Session, action: str, on: date) -> int:
    """The level the graded authorisation table asks for ``action`` (published, else bundled); 1 if absent."""
    level = table_level(s, action, on)
    return level if level is not None else 1


# ------------------------------------------------------------------------------------ registry


def _person(s: Session, id_number: str) -> tuple[RegistryPerson | None, PersonRecord | None]:
    row = s.get(RegistryPerson, id_number.strip().upper())
    return (row, person_from_row(row)) if row is not None else (None, None)


def _adapter_person(s: Session, id_number: str) -> PersonRecord | None:
    """The person as the registry adapter answers (the core system's record)."""
    from counter_central.registry import registry_for

    found = registry_for(s).person(id_number.strip().upper()).record
    return found if isinstance(found, PersonRecord) else None


def _set_suspension(s: Session, id_number: str, reason: str | None, on: date | None = None) -> None:
    """Through the registry adapter (counter_central.registry.RegistryPort.set_payment_suspension),
    ``on`` the Beijing day the suspension took effect."""
    from counter_central.registry import set_payment_suspension

    _row, rec = _person(s, id_number)
    if rec is not None and (rec.payment_suspension != reason or (reason and rec.payment_suspended_on != on)):
        set_payment_suspension(s, id_number, reason, on)


# ------------------------------------------------------------------------------------ requests


def _raise_request(s: Session, *, action: str, case_id: str, case_no: str, office_code: str, workstation_id: str,
                   maker: str, summary: str, details: dict, on: date, level: int | None = None,
                   pushed_by: str = "", participants: Iterable[str] = ()) -> ApprovalRow:
    """A pending request the centre raises; ``participants``: who took part in creating it (the
    maker and the pusher are always among them)."""
    from counter_central.approvals import participants_json, to_model
    from counter_central.core import add_change
    from counter_protocol import approvals as ap

    digest = hashlib.sha256(canonical_json({"action": action, "case_id": case_id, "details": details})
                            .encode("utf-8")).hexdigest()
    row = ApprovalRow(id=str(uuid.uuid4()), action=action, case_id=case_id, case_no=case_no,
                      service_code="certification", office_code=office_code, workstation_id=workstation_id,
                      maker=maker, pushed_by=pushed_by,
                      participants=participants_json((maker, pushed_by, *participants)),
                      made_at=utcnow(), payload_digest=digest,
                      required_level=level if level is not None else required_level(s, action, on), summary=summary,
                      details=canonical_json(details), state="pending", checker="", reason="", mode="")
    s.add(row)
    add_change(s, ap.KIND_REQUESTED, ap.AGGREGATE, row.id, to_model(row).model_dump(mode="json"),
               office_code=office_code)
    return row


def _mask(id_number: str) -> str:
    v = id_number.strip()
    return v[:6] + "*" * (len(v) - 10) + v[-4:] if len(v) > 8 else "*" * len(v)


def _open_suspension(s: Session, id_number: str) -> SuspensionRow | None:
    return s.scalars(select(SuspensionRow).where(SuspensionRow.id_number == id_number,
                                                 SuspensionRow.state.in_(OPEN_STATES))
                     .order_by(SuspensionRow.created_at.desc()).limit(1)).first()


# ------------------------------------------------------------------------------------ sweep


@dataclass
class SweepReport:
    today: str
    checked: int = 0
    lapsed: int = 0
    flagged: list[dict] = field(default_factory=list)    # new flags: masked id, office, lapsed_on, request id
    already: int = 0                                     # lapsed and flagged before (nothing new raised)
    never: int = 0                                       # retired with no certification on record
    unconfirmed: list[dict] = field(default_factory=list)  # parameters used that need checking (not confirmed)

    def as_dict(self) -> dict:
        return asdict(self)


def sweep(s: Session, today: date, *, by: str | None = None) -> SweepReport:
    """Flag every lapsed pensioner and raise the suspension requests (idempotent); commits. The run
    is one record in the centre's audit chain (``certification.sweep``: the counts and the requests
    raised); ``by``: who runs it (the operating-system account when not given)."""
    entries = parameter_entries(s, today)
    cycle, window = entries["certification.cycle_months"]["value"], entries["certification.roster_window_days"]["value"]
    level = required_level(s, cs.ACTION_SUSPEND, today)
    report = SweepReport(today=today.isoformat(), unconfirmed=unconfirmed(entries))
    # what is flagged already, in two queries (not two per person)
    open_ids = set(s.scalars(select(SuspensionRow.id_number).where(SuspensionRow.state.in_(OPEN_STATES))))
    lapses = {(pid, on) for pid, on in s.execute(select(SuspensionRow.id_number, SuspensionRow.lapsed_on)
                                                 .where(SuspensionRow.reason == "lapse"))}
    rows = s.scalars(select(RegistryPerson).where(RegistryPerson.status == "retired")
                     .order_by(RegistryPerson.id_number)).all()
    for row in rows:
        rec = person_from_row(row)
        report.checked += 1
        st = cert.status(rec.last_certified, today, cycle_months=cycle, window_days=window)
        if st.state == "never":
            report.never += 1
            continue
        if st.state != "lapsed":
            continue
        report.lapsed += 1
        assert rec.last_certified is not None and st.valid_until is not None    # lapsed: both known
        lapsed_on = cert.lapses_on(rec.last_certified, cycle)
        if rec.id_number in open_ids or (rec.id_number, lapsed_on) in lapses:
            report.already += 1
            continue
        open_ids.add(rec.id_number)
        sid = str(uuid.uuid4())
        office = rec.office or row.office or ""
        req = _raise_request(
            s, action=cs.ACTION_SUSPEND, case_id=f"suspension:{sid}", case_no="", office_code=office,
            workstation_id=CENTRE_WORKSTATION, maker=SWEEP_MAKER, on=today, level=level,
            summary=(f"资格认证已于 {st.valid_until.isoformat()} 到期（{_mask(rec.id_number)}），"
                     f"拟暂停发放基本养老金（不删除任何数据，重新认证后恢复发放并补发）"),
            details={"suspension_id": sid, "reason": "lapse", "lapsed_on": lapsed_on.isoformat(),
                     "valid_until": st.valid_until.isoformat(), "id_masked": _mask(rec.id_number)})
        s.add(SuspensionRow(id=sid, id_number=rec.id_number, office_code=office, reason="lapse",
                            note="资格认证过期", lapsed_on=lapsed_on, last_certified=rec.last_certified,
                            state=FLAGGED, suspend_request_id=req.id))
        report.flagged.append({"id_masked": _mask(rec.id_number), "office": office,
                               "valid_until": st.valid_until.isoformat(), "lapsed_on": lapsed_on.isoformat(),
                               "missed_months": st.missed_months, "request_id": req.id})
    record_centre(s, actor=by or operator(), action="certification.sweep", object_type="certification",
                  object_id=report.today,
                  detail=(f"退休人员 {report.checked} 人，认证已过期 {report.lapsed} 人，新标记暂停发放 "
                          f"{len(report.flagged)} 人，此前已标记 {report.already} 人；审批申请 "
                          + ("、".join(f["request_id"] for f in report.flagged) or "无")
                          + "".join(f"；参数待核实：{u['name']} {u['value']}{u['unit']}（{u['source']}）"
                                    for u in report.unconfirmed)))
    s.commit()
    return report


def suspend_for_prison(s: Session, id_number: str, note: str, today: date, *, by: str | None = None) -> dict:
    """Raise a suspension for a prison sentence (服刑): no back pay on resumption; commits. One record
    in the centre's audit chain (``certification.suspend``, the person masked, not the note)."""
    id_number = id_number.strip().upper()
    row, rec = _person(s, id_number)
    if row is None or rec is None:
        raise CertificationError("参保档案中没有该人员")
    if rec.status.value != "retired":
        raise CertificationError("该人员不是领取待遇的退休人员，无需暂停发放")
    if not note.strip():
        raise CertificationError("请填写依据（如判决书文号）")
    if _open_suspension(s, id_number) is not None:
        raise CertificationError("该人员已有未结束的暂停发放，不能重复申请")
    sid = str(uuid.uuid4())
    office = rec.office or row.office or ""
    req = _raise_request(
        s, action=cs.ACTION_SUSPEND, case_id=f"suspension:{sid}", case_no="", office_code=office,
        workstation_id=CENTRE_WORKSTATION, maker=SWEEP_MAKER, on=today,
        summary=f"服刑期间暂停发放基本养老金（{_mask(id_number)}）：{note.strip()}；恢复发放时不补发服刑期间待遇",
        details={"suspension_id": sid, "reason": "prison", "id_masked": _mask(id_number)})
    s.add(SuspensionRow(id=sid, id_number=id_number, office_code=office, reason="prison", note=note.strip(),
                        lapsed_on=None, last_certified=rec.last_certified, state=FLAGGED,
                        suspend_request_id=req.id))
    record_centre(s, actor=by or operator(), action="certification.suspend", object_type="approval_request",
                  object_id=req.id, detail=f"服刑暂停发放：{_mask(id_number)}，分局 {office}")
    s.commit()
    return {"suspension_id": sid, "request_id": req.id, "id_masked": _mask(id_number), "office": office}


# ------------------------------------------------------------------------------------ receiving


def check_entry(s: Session, office_code: str, workstation_id: str, item, pushed_by: str = ""):
    """(outcome, reason, suggested action, effect) of a ``certification`` entry of a push
    (``pushed_by``: the signed-in user of the push)."""
    from pydantic import ValidationError

    if item.kind == cs.KIND_HOME_VISIT_REQUESTED:      # 上门认证申请 raised at the window
        from counter_central.field import check_request_entry

        return check_request_entry(s, office_code, workstation_id, item, pushed_by)
    if item.kind != cs.KIND_RECORDED:
        return "rejected", f"中心不认识的认证记录类型：{item.kind}", "联系信息技术人员", None
    try:
        payload = cs.CertificationRecorded.model_validate(item.payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        return ("rejected", f"认证记录内容不完整：{field_where(first)} {field_error_words(first)}",
                "联系信息技术人员", None)
    if payload.certification_id != item.aggregate_id:
        return "rejected", "认证记录编号与内容不一致", "联系信息技术人员", None
    if payload.clerk != item.actor:
        # the clerk the certification names is the account that recorded it (as an approval
        # request's maker): never another clerk's name — that clerk would be the maker of the
        # 恢复发放 request it raises
        return ("rejected", f"认证记录的经办人（{payload.clerk}）与记录该认证的账号（{item.actor}）不一致",
                "由经办人本人登录后重新认证", None)
    from counter_central.core import server_now

    # a date in the future would move last_certified (and the next lapse) ahead: never recorded
    refusal = cert.future_date_refusal(payload.certified_on, server_now())
    if refusal is not None:
        return "rejected", refusal, "核对本机的日期和时间后重新认证", None
    try:
        naive_utc(payload.certified_at)
    except OverflowError:
        return "rejected", "认证时间超出范围", "核对本机的日期和时间后重新认证", None
    rec = _adapter_person(s, payload.id_number)
    if rec is None:
        return "rejected", "参保档案中没有该人员，无法登记认证结果", "核对证件号码后重新认证", None
    if rec.status.value != "retired":
        return "rejected", "该人员不是领取待遇的退休人员（或已死亡），不能登记资格认证", "核对参保档案", None

    def effect(sess: Session) -> None:
        record_certification(sess, payload, office_code=office_code, workstation_id=workstation_id,
                             pushed_by=pushed_by, actor=item.actor)

    return "accepted", None, None, effect


def record_certification(s: Session, payload: cs.CertificationRecorded, *, office_code: str,
                         workstation_id: str, pushed_by: str = "", actor: str = "",
                         staff: Iterable[str] = ()) -> SuspensionRow | None:
    """Store one certification (once), move ``last_certified`` forward, deal with a suspension.
    Flushes, does not commit (the push commits). Returns the suspension touched, if any. The
    resumption it raises has the clerk as maker and ``pushed_by`` (the signed-in user of the push)
    as pusher; ``actor`` (the account that recorded the entry: a window entry's clerk, which
    :func:`check_entry` requires; a home visit's may be another staff member), the second staff
    member and ``staff`` (every staff member of a home visit) are its
    participants too: none of them may approve it."""
    if s.get(CertificationRow, payload.certification_id) is not None:
        return None                                   # a replay: nothing changes twice
    id_number = payload.id_number.strip().upper()
    rec = _adapter_person(s, id_number)
    cycle, _window = parameters(s, payload.certified_on)
    s.add(CertificationRow(
        id=payload.certification_id, id_number=id_number, certified_on=payload.certified_on,
        certified_at=naive_utc(payload.certified_at), method=payload.method, channel=payload.channel,
        clerk=payload.clerk, second_staff=payload.second_staff, office_code=office_code,
        workstation_id=workstation_id, case_id=payload.case_id, case_no=payload.case_no,
        valid_until=cert.valid_until(payload.certified_on, cycle)))
    previous = rec.last_certified if rec is not None else None
    if rec is not None and (previous is None or payload.certified_on > previous):
        _set_last_certified(s, id_number, payload.certified_on)
    # a death report still standing is contradicted by this certification: never settled here, the
    # report stays open with the conflict noted for a supervisor (list_death_reports, clear_death_report)
    conflicted = note_certification_conflict(s, id_number, payload.certification_id, naive_utc(payload.certified_at),
                                             cs.CHANNEL_NAMES.get(payload.channel, payload.channel), payload.clerk)
    susp = _open_suspension(s, id_number)
    if susp is None:
        s.flush()
        return None
    if susp.state == FLAGGED and susp.reason == "lapse":
        # re-certified before anyone approved the suspension: payment never stopped
        req = s.get(ApprovalRow, susp.suspend_request_id, with_for_update=True)
        if req is not None and req.state == "pending":
            from counter_central.approvals import publish_decision

            req.state, req.decided_at, req.reason = "expired", utcnow(), "已重新认证，无需暂停发放"
            publish_decision(s, req, case_update=False)
        susp.state, susp.certification_id, susp.updated_at = CLEARED, payload.certification_id, utcnow()
    elif susp.state == SUSPENDED:
        effective = effective_on(s, susp)
        months = [f"{y:04d}-{m:02d}" for y, m in _back_pay(susp.reason, previous, effective, payload.certified_on,
                                                             cycle)]
        req = _raise_request(
            s, action=cs.ACTION_RESUME, case_id=payload.case_id or f"suspension:{susp.id}",
            case_no=payload.case_no, office_code=susp.office_code or office_code,
            workstation_id=workstation_id, maker=payload.clerk, pushed_by=pushed_by, on=payload.certified_on,
            participants=(payload.second_staff, actor, *staff),
            summary=(f"重新认证后恢复发放（{_mask(id_number)}，暂停原因：{SUSPENSION_REASON_NAMES[susp.reason]}）"
                     + (f"，暂停发放自 {effective.isoformat()} 起生效" if effective else "")
                     + (f"，补发 {len(months)} 个月（{months[0]} 至 {months[-1]}）" if months
                        else "，不补发暂停期间待遇" if susp.reason == "prison" else "，无缺漏发放月份")
                     + ("；注意：该人员有上门认证报告已死亡，与本次认证矛盾，请核实" if conflicted else "")),
            details={"suspension_id": susp.id, "reason": susp.reason, "back_pay_months": months,
                     "effective_on": effective.isoformat() if effective else None,
                     "certification_id": payload.certification_id, "id_masked": _mask(id_number)})
        susp.state, susp.resume_request_id = RESUME_PENDING, req.id
        susp.certification_id, susp.back_pay_months, susp.updated_at = (payload.certification_id,
                                                                        json.dumps(months), utcnow())
    s.flush()
    return susp


def _set_last_certified(s: Session, id_number: str, on: date) -> None:
    """Through the registry adapter (counter_central.registry.RegistryPort.set_last_certified)."""
    from counter_central.registry import registry_for

    registry_for(s).set_last_certified(id_number, on)


def on_decided(s: Session, req: ApprovalRow) -> None:
    """A supervisor decided a suspension or a resumption: carry it out (same transaction)."""
    details = json.loads(req.details or "{}")
    susp = s.get(SuspensionRow, details.get("suspension_id", ""))
    if susp is None:
        return
    approved = req.state == "approved"
    if req.action == cs.ACTION_SUSPEND and susp.state == FLAGGED and susp.suspend_request_id == req.id:
        susp.state = SUSPENDED if approved else NOT_SUSPENDED
        if approved:
            susp.effective_on = cert.beijing_day(req.decided_at or utcnow())
            _set_suspension(s, susp.id_number, susp.reason, susp.effective_on)
    elif req.action == cs.ACTION_RESUME and susp.state == RESUME_PENDING and susp.resume_request_id == req.id:
        susp.state = RESUMED if approved else SUSPENDED
        if approved:
            _set_suspension(s, susp.id_number, None)
    susp.updated_at = utcnow()


def suspensions(s: Session, *, state: str | None = None) -> list[dict]:
    q = select(SuspensionRow).order_by(SuspensionRow.created_at)
    if state:
        q = q.where(SuspensionRow.state == state)
    return [{"id": r.id, "id_masked": _mask(r.id_number), "office": r.office_code, "reason": r.reason,
             "reason_name": SUSPENSION_REASON_NAMES.get(r.reason, r.reason), "note": r.note,
             "lapsed_on": r.lapsed_on.isoformat() if r.lapsed_on else None, "state": r.state,
             "state_name": STATE_NAMES.get(r.state, r.state), "suspend_request_id": r.suspend_request_id,
             "resume_request_id": r.resume_request_id, "back_pay_months": json.loads(r.back_pay_months or "[]"),
             "effective_on": r.effective_on.isoformat() if r.effective_on else None}
            for r in s.scalars(q)]


def open_suspension_day(s: Session, id_number: str, reason: str) -> tuple[bool, date | None]:
    """(whether the centre holds a suspension of ``reason`` in effect for the person, the day it took
    effect): the day a re-certification's resumption counts its back pay from (:func:`record_certification`),
    which the counter's 认证结果告知单 states through the registry answer."""
    susp = _open_suspension(s, id_number.strip().upper())
    if susp is None or susp.reason != reason or susp.state not in (SUSPENDED, RESUME_PENDING):
        return False, None
    return True, effective_on(s, susp)


def effective_on(s: Session, susp: SuspensionRow) -> date | None:
    """The day ``susp`` took effect: recorded on its approval (:func:`on_decided`), else — approved
    before that was recorded — the Beijing day its approval was decided; None if never approved."""
    if susp.effective_on is not None:
        return susp.effective_on
    req = s.get(ApprovalRow, susp.suspend_request_id)
    if req is None or req.state != "approved" or req.decided_at is None:
        return None
    return cert.beijing_day(req.decided_at)


def _back_pay(reason: str, previous: date | None, effective: date | None, recertified: date,
              cycle: int) -> list[tuple[int, int]]:
    """The months a resumption pays back: :func:`counter_protocol.certification.back_pay_months`,
    the one computation the counter's 认证结果告知单 uses too."""
    return cert.back_pay_months(reason, previous, effective, recertified, cycle)


# ------------------------------------------------------------------------------------ death reports

DECEASED_FLAG = "deceased_reported"    # registry_persons.field_flag while a death report stands
DEATH_REPORT_REASON = "death_report"
REPORT_OPEN, REPORT_REFUSED, REPORT_CLEARED = "open", "refused", "cleared"
REPORT_STATE_NAMES = {REPORT_OPEN: "待处理", REPORT_REFUSED: "已拒收（被较晚的认证取代），待核实",
                      REPORT_CLEARED: "已撤销（报告有误）"}
STANDING = (REPORT_OPEN, REPORT_REFUSED)


def _beijing(at: datetime) -> str:
    from counter_protocol.clock import beijing_text

    return beijing_text(at)


def _add_conflict(report, ref: str, text: str) -> bool:
    conflicts = json.loads(report.conflicts or "[]")
    if any(c.get("ref") == ref for c in conflicts):
        return False
    conflicts.append({"ref": ref, "text": text})
    report.conflicts = json.dumps(conflicts, ensure_ascii=False)
    return True


def report_death(s: Session, *, id_number: str, office_code: str, visit_id: str, workstation_id: str,
                 visited_at: datetime, staff: list[str], pushed_by: str = "", actor: str = "",
                 roster_generated_at: datetime | None = None) -> None:
    """A home visit reported the pensioner dead (result 已死亡, accepted): the centre's staff act on
    it. 5.6.2.1 pays the pension only to those whose entitlement is certified, so the report raises
    the same supervisor-decided suspension of payment the certification sweep raises (reason
    ``death_report``, 上门认证报告已死亡, with the visit's reference), unless one is already open —
    the report then points at it. Nothing is deleted and the status is not changed. The person is
    flagged (``field_flag``): off the roster (unless a visit is requested) and off the SMS
    reminders (6.6.3.2) while the report stands. A certification made after the roster the visit was
    made from was generated answers the same call to certify: it contradicts the report and is
    noted as a conflict for the supervisor. Flushes, does not commit (the push commits)."""
    from counter_central.db import FieldDeathReport
    from counter_central.registry.field import flag_person

    id_number = id_number.strip().upper()
    if s.scalar(select(FieldDeathReport.id).where(FieldDeathReport.visit_id == visit_id)) is not None:
        return
    report = FieldDeathReport(id=str(uuid.uuid4()), id_number=id_number, office_code=office_code, visit_id=visit_id,
                              workstation_id=workstation_id, visited_at=visited_at, staff=",".join(staff),
                              state=REPORT_OPEN, conflicts="[]", received_at=utcnow())
    since = roster_generated_at or visited_at
    for c in s.scalars(select(CertificationRow).where(CertificationRow.id_number == id_number,
                                                      CertificationRow.certified_at >= since)
                       .order_by(CertificationRow.certified_at)):
        _add_conflict(report, c.id, f"{_beijing(c.certified_at)} {cs.CHANNEL_NAMES.get(c.channel, c.channel)}通过"
                                    f"（经办 {c.clerk}），与本报告矛盾")
    flag_person(s, id_number, DECEASED_FLAG)
    open_susp = _open_suspension(s, id_number)
    row, rec = _person(s, id_number)
    if open_susp is not None:
        report.suspension_id = open_susp.id
    elif rec is not None and rec.status.value == "retired":
        sid = str(uuid.uuid4())
        office = rec.office or (row.office if row is not None else None) or office_code
        today = cert.beijing_day(utcnow())
        note = f"上门认证报告已死亡（上门记录 {visit_id}，{_beijing(visited_at)}，工作人员 {'、'.join(staff)}）"
        req = _raise_request(
            s, action=cs.ACTION_SUSPEND, case_id=f"suspension:{sid}", case_no="", office_code=office,
            workstation_id=workstation_id, maker=staff[0], pushed_by=pushed_by, on=today,
            participants=(*staff, actor),
            summary=(f"上门认证报告已死亡（{_mask(id_number)}，上门记录 {visit_id}，{_beijing(visited_at)}），"
                     "拟暂停发放基本养老金（不删除任何数据；请核实死亡情况，报告有误的驳回并撤销报告）"
                     + ("；注意：该人员有与本报告矛盾的认证记录，请核实" if report.conflicts != "[]" else "")),
            details={"suspension_id": sid, "reason": DEATH_REPORT_REASON, "visit_id": visit_id,
                     "visited_at": visited_at.isoformat(), "id_masked": _mask(id_number)})
        s.add(SuspensionRow(id=sid, id_number=id_number, office_code=office, reason=DEATH_REPORT_REASON, note=note,
                            lapsed_on=None, last_certified=rec.last_certified, state=FLAGGED,
                            suspend_request_id=req.id))
        report.suspension_id = sid
    s.add(report)
    s.flush()


def report_refused_death(s: Session, *, id_number: str, office_code: str, visit_id: str, workstation_id: str,
                         visited_at: datetime, staff: list[str], newer_visit_at: datetime) -> None:
    """A 已死亡 visit refused as superseded by a later visit to the same person (the later one
    stands): nothing is suspended, but the contradiction is kept (state ``refused``) for a
    supervisor to see in the listing and clear once checked. Once per visit; flushes."""
    from counter_central.db import FieldDeathReport, FieldVisit

    id_number = id_number.strip().upper()
    if s.scalar(select(FieldDeathReport.id).where(FieldDeathReport.visit_id == visit_id)) is not None:
        return
    newer = s.scalars(select(FieldVisit).where(FieldVisit.id_number == id_number)
                      .order_by(FieldVisit.visited_at.desc()).limit(1)).first()
    if newer is None or newer.result != "eligible":
        return              # superseded by another 已死亡 (or a 未找到本人): no contradiction to keep
    report = FieldDeathReport(id=str(uuid.uuid4()), id_number=id_number, office_code=office_code, visit_id=visit_id,
                              workstation_id=workstation_id, visited_at=visited_at, staff=",".join(staff),
                              state=REPORT_REFUSED, conflicts="[]", received_at=utcnow())
    _add_conflict(report, newer.visit_id, f"{_beijing(newer_visit_at)} 上门认证通过（工作人员 "
                                          f"{newer.staff.replace(',', '、')}），晚于本报告，本报告已被拒收")
    s.add(report)
    s.flush()


def note_certification_conflict(s: Session, id_number: str, ref: str, at: datetime, what: str, who: str,
                                note: str = "") -> bool:
    """A certification (stored, or a visit refused as superseded by a death report) contradicts the
    death reports still standing for the person: noted on each (once per certification). True if
    there was one."""
    from counter_central.db import FieldDeathReport

    found = False
    for report in s.scalars(select(FieldDeathReport).where(FieldDeathReport.id_number == id_number.strip().upper(),
                                                           FieldDeathReport.state.in_(STANDING))):
        found = True
        _add_conflict(report, ref, f"{_beijing(at)} {what}通过（经办 {who}）{note}，与本报告矛盾")
    return found


def death_reports(s: Session, *, office: str | None = None, all_states: bool = False) -> list[dict]:
    """The persons a home visit reported dead, masked (ID number only, masked; no name): the visit,
    its staff, the suspension it raised and its state, and the conflicting certifications. By
    default the reports still standing (open, or refused with a contradiction to check)."""
    from counter_central.db import FieldDeathReport

    q = select(FieldDeathReport).order_by(FieldDeathReport.received_at)
    if not all_states:
        q = q.where(FieldDeathReport.state.in_(STANDING))
    if office:
        q = q.where(FieldDeathReport.office_code == office)
    out = []
    for r in s.scalars(q):
        susp = s.get(SuspensionRow, r.suspension_id) if r.suspension_id else None
        conflicts = [c["text"] for c in json.loads(r.conflicts or "[]")]
        out.append({"id": r.id, "id_masked": _mask(r.id_number), "office": r.office_code, "visit_id": r.visit_id,
                    "workstation_id": r.workstation_id, "visited_at": _beijing(r.visited_at),
                    "staff": r.staff.split(","), "state": r.state,
                    "state_name": REPORT_STATE_NAMES.get(r.state, r.state),
                    "suspension_id": r.suspension_id,
                    "suspension_reason": SUSPENSION_REASON_NAMES.get(susp.reason, susp.reason) if susp else None,
                    "suspension_state": STATE_NAMES.get(susp.state, susp.state) if susp else None,
                    "suspend_request_id": susp.suspend_request_id if susp else None,
                    "conflict": bool(conflicts), "conflicts": conflicts,
                    "cleared_by": r.cleared_by, "clear_reason": r.clear_reason})
    return out


def clear_death_report(s: Session, report_id: str, *, by: str, reason: str, cli_user: str | None = None) -> dict:
    """A supervisor of the report's office (an active account whose roles may clear death reports,
    counter_protocol.roles.CLEAR_DEATH_REPORT, not one of the visit's staff) clears a wrong death
    report: the report is kept as cleared with who, when and why; the person's flag is lifted once
    no report stands (back on the roster and the reminders); a suspension it raised that is still
    only flagged is withdrawn (its request expires: payment never stopped). A suspension already
    approved stays: payment resumes through a certification and its approved resumption (5.6.2.1,
    6.6.2.8), as for any suspension. One record in the centre's audit chain
    (``field.clear_death_report``, the person masked; ``cli_user``: done at the centre host's
    command line by that operating-system account, ``by`` named on it). Refused before anything is
    written (CertificationError, Chinese). Commits."""
    from counter_central.db import FieldDeathReport, User
    from counter_protocol import roles as r

    report = s.get(FieldDeathReport, report_id.strip())
    if report is None:
        raise CertificationError("没有该死亡报告")
    if report.state not in STANDING:
        raise CertificationError("该死亡报告已撤销")
    if not reason.strip():
        raise CertificationError("请填写撤销原因（如 经核实本人健在）")
    user = s.get(User, by)
    if user is None:
        raise CertificationError(f"没有用户 {by}：撤销死亡报告须由本分局在职科长的账号办理")
    if not user.active:
        raise CertificationError(f"账号 {by} 已停用，不能撤销死亡报告")
    refused = r.action_refusal(r.CLEAR_DEATH_REPORT, user.role_list(), by)
    if refused:
        raise CertificationError(refused)
    if user.office_code != report.office_code:
        raise CertificationError(f"该报告属于分局 {report.office_code}，须由该分局的科长撤销")
    if by in report.staff.split(","):
        raise CertificationError("上门报告的工作人员不能撤销自己的报告")
    same = _staff_under_another_account(s, user, report.staff.split(","))
    if same:
        raise CertificationError(same)
    report.state, report.cleared_by, report.cleared_at, report.clear_reason = (REPORT_CLEARED, by, utcnow(),
                                                                               reason.strip())
    withdrawn = False
    susp = s.get(SuspensionRow, report.suspension_id) if report.suspension_id else None
    if susp is not None and susp.reason == DEATH_REPORT_REASON and susp.state == FLAGGED:
        req = s.get(ApprovalRow, susp.suspend_request_id, with_for_update=True)
        if req is not None and req.state == "pending":
            from counter_central.approvals import publish_decision

            req.state, req.decided_at, req.reason = "expired", utcnow(), "死亡报告已撤销，无需暂停发放"
            publish_decision(s, req, case_update=False)
        susp.state, susp.updated_at, withdrawn = CLEARED, utcnow(), True
    s.flush()
    still = s.scalar(select(FieldDeathReport.id).where(FieldDeathReport.id_number == report.id_number,
                                                       FieldDeathReport.state == REPORT_OPEN).limit(1))
    row = s.get(RegistryPerson, report.id_number)
    if still is None and row is not None and row.field_flag == DECEASED_FLAG:
        row.field_flag = None
    suspended = susp is not None and susp.state in (SUSPENDED, RESUME_PENDING)
    record_centre(s, actor=by, action="field.clear_death_report", object_type="field_death_report",
                  object_id=report.id,
                  detail=(f"撤销上门认证死亡报告：{_mask(report.id_number)}，上门记录 {report.visit_id}，原因：{reason.strip()}"
                          + ("；暂停发放申请已撤回" if withdrawn else "")
                          + ("；暂停发放已生效，须重新认证后经审批恢复发放" if suspended else "")
                          + (f"；在中心主机命令行办理（系统用户 {cli_user}，--by {by}）" if cli_user is not None else "")))
    s.commit()
    return {"id": report.id, "id_masked": _mask(report.id_number), "state": report.state,
            "suspension_withdrawn": withdrawn, "still_suspended": suspended}


# 查询留痕 of the office's death-report listing (GET /field/deaths): reading them is a read of
# persons' data (masked ID number and name, the visit, the suspension), recorded in the centre's
# registry reads (kind ``deaths``, subject ``<office>:<n>份`` and ``含已撤销`` when the withdrawn
# ones were listed too). The window refreshes the list every 10 s, so not each answer is recorded:
# one is when the client says a person asked (``record``: the tab opened, the filter changed, 刷新),
# and — whatever the client says — when the same account at the same workstation has no recorded
# listing of the same office and scope within the last DEATH_LIST_RECORD_MINUTES. So every listing
# falls within that many minutes after a recorded one of the same account, workstation and scope.
DEATH_LIST_READ = "deaths"
DEATH_LIST_RECORD_MINUTES = 10
DEATH_LIST_ALL = "含已撤销"


def _record_death_listing(s: Session, who, *, include_cleared: bool, count: int, asked: bool) -> bool:
    """Record one listing of the office's death reports in the registry reads (committed), unless
    it is a refresh covered by a recorded listing (see :data:`DEATH_LIST_RECORD_MINUTES`). True if
    recorded."""
    from datetime import timedelta

    from counter_central.audit import record_registry_read
    from counter_central.db import RegistryRead

    office = who.user.office_code
    if not asked:
        since = utcnow() - timedelta(minutes=DEATH_LIST_RECORD_MINUTES)
        recent = s.scalars(select(RegistryRead.subject).where(
            RegistryRead.username == who.user.username, RegistryRead.workstation_id == who.workstation_id,
            RegistryRead.office_code == office, RegistryRead.kind == DEATH_LIST_READ, RegistryRead.at >= since))
        if any(subject.endswith(DEATH_LIST_ALL) == include_cleared for subject in recent):
            return False
    record_registry_read(s, who, DEATH_LIST_READ,
                         f"{office}:{count}份" + (DEATH_LIST_ALL if include_cleared else ""), bool(count))
    return True


def office_death_reports(s: Session, who, *, include_cleared: bool = False, record: bool = False):
    """``GET /field/deaths``: the death reports of the token's office (supervisors and auditors),
    masked — the ID number, and the name when the registry has one — standing ones (open, or refused
    with a contradiction to check) first, then (with ``include_cleared``) the withdrawn ones. The
    listing is recorded in the registry reads before the answer goes (:func:`_record_death_listing`:
    when ``record`` — a person asked — or no recorded listing covers it); nothing else is written."""
    from counter_central.core import ServiceError
    from counter_central.db import FieldDeathReport
    from counter_protocol import field as fp
    from counter_protocol import roles as r
    from counter_rules.masking import mask_name

    if not set(who.roles) & r.DEATH_REPORT_READERS:
        raise ServiceError(403, "只有审核主管（科长）和审计人员可以查看上门认证死亡报告", "forbidden",
                           "用科长或审计账号登录")
    office = who.user.office_code
    q = select(FieldDeathReport).where(FieldDeathReport.office_code == office).order_by(FieldDeathReport.received_at)
    if not include_cleared:
        q = q.where(FieldDeathReport.state.in_(STANDING))
    items = []
    for row in s.scalars(q):
        susp = s.get(SuspensionRow, row.suspension_id) if row.suspension_id else None
        _reg, rec = _person(s, row.id_number)
        items.append(fp.DeathReport.model_validate(dict(
            id=row.id, office_code=row.office_code, visit_id=row.visit_id, workstation_id=row.workstation_id,
            id_masked=_mask(row.id_number), name_masked=mask_name(getattr(rec, "name", "") or ""),
            visited_at=row.visited_at, staff=[x for x in row.staff.split(",") if x], state=row.state,
            state_name=REPORT_STATE_NAMES.get(row.state, row.state), suspension_id=row.suspension_id,
            suspension_state=susp.state if susp else None,
            suspension_state_name=STATE_NAMES.get(susp.state, susp.state) if susp else None,
            conflicts=[c["text"] for c in json.loads(row.conflicts or "[]")],
            cleared_by=row.cleared_by, cleared_at=row.cleared_at, clear_reason=row.clear_reason)))
    items.sort(key=lambda i: i.state == REPORT_CLEARED)          # standing first, each in the order received
    _record_death_listing(s, who, include_cleared=include_cleared, count=len(items), asked=record)   # 查询留痕
    return fp.DeathReportList(office_code=office, items=items)


def _staff_under_another_account(s: Session, user, staff: list[str]) -> str | None:
    """Why ``user`` is one of the visit's ``staff`` under another account (the same 工号, or the
    same name in the office without one: :func:`counter_central.approvals.same_person_refusal`), or
    None: the person who reported a death never clears it, whichever account they sign in with."""
    from counter_central.approvals import same_person_refusal

    same = same_person_refusal(s, user, staff)
    return f"上门报告的工作人员不能撤销自己的报告（{same.split('：', 1)[-1]}）" if same else None


def clear_death_report_for(s: Session, who, report_id: str, reason: str):
    """``POST /field/deaths/{id}/clear``: :func:`clear_death_report` by the token's user — never a
    name from the body. Refused before anything is written: another role than supervisor (403), a
    report that is not of the token's office or does not exist (404, the same answer), a report
    already cleared (409, by whom and when), no reason (422), one of the visit's staff (403)."""
    from counter_central.core import ServiceError, refuse_unsafe_text
    from counter_central.db import FieldDeathReport
    from counter_protocol import field as fp
    from counter_protocol import roles as r

    if not r.may(r.CLEAR_DEATH_REPORT, who.roles):
        raise ServiceError(403, "只有审核主管（科长）可以撤销上门认证死亡报告", "forbidden", "由本分局的科长撤销")
    report = s.get(FieldDeathReport, report_id.strip(), with_for_update=True)   # two supervisors at once: one clears
    if report is None or report.office_code != who.user.office_code:
        raise ServiceError(404, "本分局没有该死亡报告", "not_found", "刷新死亡报告列表")
    if report.state not in STANDING:
        raise ServiceError(409, f"该死亡报告已由 {report.cleared_by or '（未知）'} 于 "
                                f"{_beijing(report.cleared_at) if report.cleared_at else '（未知）'} "
                                f"撤销（原因：{report.clear_reason or ''}），无需再次撤销",
                           "already_cleared", "刷新死亡报告列表")
    refuse_unsafe_text(reason, "reason")
    if not reason.strip():
        raise ServiceError(422, "请填写撤销原因（如 经核实本人健在）", "reason_required", "填写撤销原因后重新提交")
    same = _staff_under_another_account(s, who.user, report.staff.split(","))
    if who.user.username in report.staff.split(",") or same:
        raise ServiceError(403, same or "上门报告的工作人员不能撤销自己的报告", "forbidden", "由本分局的其他科长撤销")
    try:
        out = clear_death_report(s, report.id, by=who.user.username, reason=reason)
    except CertificationError as exc:           # the checks above, made again (an account changed meanwhile)
        s.rollback()
        raise ServiceError(403, str(exc), "forbidden", "由本分局的其他科长撤销") from None
    return fp.DeathReportCleared(id=out["id"], id_masked=out["id_masked"], state="cleared",
                                 cleared_by=who.user.username, suspension_withdrawn=out["suspension_withdrawn"],
                                 still_suspended=out["still_suspended"])


# ------------------------------------------------------------------------------------ reminders


@dataclass(frozen=True)
class Reminder:
    id_number: str
    name: str
    phone: str
    office: str
    valid_until: date
    days_left: int

    def masked(self) -> dict:
        name = self.name[0] + "*" * (len(self.name) - 1) if len(self.name) > 1 else "*"
        phone = self.phone[:3] + "****" + self.phone[-4:] if len(self.phone) == 11 else "*" * len(self.phone)
        return {"id_masked": _mask(self.id_number), "name_masked": name, "phone_masked": phone,
                "office": self.office, "valid_until": self.valid_until.isoformat(), "days_left": self.days_left}


def reminders(s: Session, today: date, *, days: int | None = None, office: str | None = None) -> list[Reminder]:
    """Retired persons, payment not suspended, whose certification lapses within ``days`` (default
    the roster window parameter) — soonest first. A person a home visit reported dead is left out
    while the report stands (pending or decided, until a supervisor clears it): no "please certify"
    SMS (6.6.3.2) goes to a dead person's family."""
    cycle, window = parameters(s, today)
    days = window if days is None else days
    if days < 0:
        raise CertificationError("天数不能为负数")
    q = select(RegistryPerson).where(RegistryPerson.status == "retired")
    if office:
        q = q.where(RegistryPerson.office == office)
    out: list[Reminder] = []
    for row in s.scalars(q):
        rec = person_from_row(row)
        if rec.payment_suspension or rec.last_certified is None or row.field_flag == DECEASED_FLAG:
            continue
        st = cert.status(rec.last_certified, today, cycle_months=cycle, window_days=days)
        if st.state == "due" and st.valid_until is not None and st.days_left is not None:
            out.append(Reminder(rec.id_number, rec.name, rec.phone or "", rec.office or "", st.valid_until,
                                st.days_left))
    return sorted(out, key=lambda r: (r.days_left, r.id_number))


CSV_COLUMNS = ("id", "name", "phone", "valid_until", "days_left")


def write_reminders_csv(s: Session, items: list[Reminder], path: str | os.PathLike, *, actor: str,
                        office: str | None, days: int, force: bool = False) -> ExportRow:
    """Write the CSV (UTF-8 with BOM, for the SMS system and spreadsheet tools) owner-only (0600),
    whole or not at all, and record the export; commits. An existing file (or a link) at ``path`` is
    written over only with ``force`` — the list holds full ID numbers, names and phones, and the
    command runs as root on the centre's host — else :class:`~counter_protocol.private_files.
    OutputExists`, nothing written (counter_protocol.private_files)."""
    from counter_protocol.private_files import csv_bytes, write_private_file

    target = Path(path)
    data = csv_bytes(CSV_COLUMNS, ((r.id_number, r.name, r.phone, r.valid_until.isoformat(), r.days_left)
                                   for r in items))
    write_private_file(target, data, force=force)
    digest = hashlib.sha256(data).hexdigest()
    row = ExportRow(id=str(uuid.uuid4()), at=utcnow(), actor=actor[:64] or "unknown", office_code=office or "",
                    days=days, rows=len(items), path=str(target.resolve()), digest=digest)
    s.add(row)
    record_centre(s, actor=row.actor, action="certification.export", object_type="export", object_id=row.id,
                  detail=(f"认证到期提醒名单 {row.rows} 人（{days} 天内，分局 {office or '全部'}），"
                          f"文件 {row.path}，SHA-256 {digest}"))
    s.commit()
    return row


# ------------------------------------------------------------------------------------ HTTP


def reminder_list(s: Session, who, today: date, days: int | None) -> cs.ReminderList:
    """The caller's office, masked, read-only (supervisors, auditors, administrators)."""
    from counter_central.core import require_role

    require_role(who, "supervisor", "auditor", "admin")
    try:
        items = reminders(s, today, days=days, office=who.user.office_code)
        days = days if days is not None else parameters(s, today)[1]
    except CertificationError as exc:
        from counter_central.core import ServiceError

        raise ServiceError(422, str(exc), "bad_request") from None
    return cs.ReminderList(today=today, days=days, items=[cs.ReminderItem(**r.masked()) for r in items])
