"""资格认证 at the window (5.6.3 b, 6.6.3) as a case of the catalog service ``certification``.

The flow: the card read (or the ID card) fills the applicant and the case looks the record up
(CaseWorkflow with its RecordService); the conditions come from the record (retired, not deceased);
then the person's identity is checked:

1. fingerprint verification against the template enrolled at 6.6.1.1.2.3 (stored with the person's
   pension / 病残津贴 case: found by the applicant's ID number), on the real device
   (:func:`counter_app.workflows.fingerprint.verify_for_case` records each attempt);
2. where no template is enrolled, or the finger does not match, photo comparison by the clerk: the
   photo from the record / the ID card shown beside the live camera still, the clerk confirms.
   Never face recognition alone.

:meth:`WindowCertification.record_success` records the ``certify`` step (method, clerk, time, new
valid_until, back-pay months after a lapse), completes the case (认证结果告知单) and writes the
``certification.recorded`` outbox entry in the same transaction; the centre moves the registry's
``last_certified`` and raises the resumption (恢复发放) through approval where payment was suspended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import select

from counter_app.domain import certification as dc
from counter_app.domain.conditions import ONLINE, record_view_from_facts
from counter_app.domain.refusals import Refusal
from counter_rules.params import ParameterSet
from counter_app.storage.tables_biometrics import FingerprintTemplate, FingerprintVerification
from counter_app.storage.tables_cases import CaseApplicantRow, CaseRow
from counter_app.storage.uow import UnitOfWork, new_id
from counter_app.workflows.cases import CaseWorkflow, TransitionRefused
from counter_protocol import certification_sync as cs
from counter_protocol.clock import beijing_day_of_local, beijing_today

SERVICE = "certification"
STEP = "certify"


class CertificationError(TransitionRefused):
    """The certification cannot go on; the message is Chinese."""


@dataclass(frozen=True)
class TemplateRef:
    """Where the person's enrolled template is: the case it was enrolled with (6.6.1.1.2.3)."""

    case_id: str
    template_id: str
    finger: str
    captured_at: datetime


def cycle_months(params: ParameterSet, on: date) -> int:
    return int(params.decimal("certification.cycle_months", on))


def window_days(params: ParameterSet, on: date) -> int:
    return int(params.decimal("certification.roster_window_days", on))


CONSENT = "certification.consent"      # the audit action of the consent before a biometric check


class WindowCertification:
    """资格认证 at the window over a :class:`CaseWorkflow` (its store, clerk, office, records)."""

    def __init__(self, cases: CaseWorkflow, params: ParameterSet):
        self.cases = cases
        self.params = params

    @property
    def store(self):
        return self.cases.store

    def _require_role(self, case_id: str = "") -> None:
        """资格认证 at the window is a counter role's (counter_protocol.roles.WINDOW_CERTIFICATION, the
        case service's own check): an auditor, administrator or field account alone is refused before
        anything is recorded, the attempt audited (TransitionRefused)."""
        self.cases.require_counter_role("办理资格认证", case=case_id)

    # ------------------------------------------------------------------ start

    def start(self, applicant: dict, *, id_card: dict | None = None) -> str:
        """A certification case for the person read from the card (the record is looked up on
        create); submitted, the ID material ticked; conditions decided from the record. Returns the
        case id. The outcome is the engine's: 受理 or 不予受理 (record: not retired / deceased)."""
        facts = {"id_card": id_card} if id_card else {}
        view = self.cases.create(SERVICE, "individual", variants=("window",), applicant=applicant, facts=facts)
        cid = view.case.id
        self.cases.submit(cid)
        self.cases.tick(cid, "insured_id")
        return cid

    def person(self, case_id: str):
        """The person as the record said when the case was looked up (the case's snapshot)."""
        view = self.cases.get(case_id)
        rv = record_view_from_facts(view.case.facts)
        return rv.person if rv.person_known() else None

    def current_person(self, case_id: str):
        """The person as the record says now: looked up again at the centre when it answers (a death
        or a suspension may have become known since the case was accepted); offline — no answer —
        the case's snapshot, as it was accepted on."""
        records = self.cases.records
        id_number = (self.cases.get(case_id).case.applicant.get("id_number") or "").strip().upper()
        if records is not None and id_number:
            found = records.person(id_number, online=True)
            if found.state == ONLINE:
                return found.record
        return self.person(case_id)

    def standing(self, case_id: str, today: date) -> dc.Standing | None:
        p = self.person(case_id)
        if p is None:
            return None
        return dc.standing(p, today, cycle_months=cycle_months(self.params, today),
                           window_days=window_days(self.params, today))

    def accept(self, case_id: str) -> None:
        """受理 (the record says retired, not deceased): refused with the engine's Chinese reason otherwise."""
        problem = dc.eligibility_problem(self.person(case_id))
        if problem:
            raise CertificationError(problem)
        self.cases.decide(case_id, expected="accepted")

    # ------------------------------------------------------------------ identity

    def enrolled_template(self, case_id: str) -> TemplateRef | None:
        """The person's newest template enrolled at 6.6.1.1.2.3 (any earlier case of the same ID number)."""
        id_number = (self.cases.get(case_id).case.applicant.get("id_number") or "").strip().upper()
        if not id_number:
            return None
        with self.store.session() as s:
            row = s.execute(
                select(FingerprintTemplate).join(CaseApplicantRow, CaseApplicantRow.case_id == FingerprintTemplate.case_id)
                .join(CaseRow, CaseRow.id == FingerprintTemplate.case_id)
                .where(CaseApplicantRow.id_number == id_number, CaseRow.id != case_id)
                .order_by(FingerprintTemplate.captured_at.desc()).limit(1)).scalars().first()
            if row is None:
                return None
            return TemplateRef(row.case_id, row.id, row.finger, row.captured_at)

    def consent(self, case_id: str) -> datetime:
        """The clerk read the consent notice out and the pensioner agreed, before a finger is compared
        or a live photo taken (security.md, PIPL Art. 28/29: biometric data are sensitive personal
        information, captured only with separate consent): an audit record on the case, its time
        returned."""
        self._require_role(case_id)
        at = self.cases.now()
        with UnitOfWork(self.store, actor=self.cases.actor, workstation_id=self.cases.workstation_id) as uow:
            uow.audit(CONSENT, object_type="case", object_id=case_id,
                      detail="资格认证：比对指纹、拍摄现场照片前已告知并经本人同意")
            uow.commit()
        return at

    def consented(self, case_id: str) -> bool:
        """Whether the consent notice was read and agreed to for this certification case."""
        from counter_app.storage.tables_audit import AuditRow

        with self.store.session() as s:
            return s.scalars(select(AuditRow.seq).where(AuditRow.action == CONSENT, AuditRow.object_id == case_id)
                             .limit(1)).first() is not None

    def verify_fingerprint(self, case_id: str, device, *, timeout: float | None = None, codec=None,
                           on_prompt=None) -> bool:
        """Compare a live finger with the enrolled template (device blocks: run off the GUI thread),
        only after the consent (:meth:`consent`). The attempt is recorded against the certification
        case (outbox ``fingerprint.verified``)."""
        from counter_app.devices.fingerprint.base import DEFAULT_TIMEOUT_S
        from counter_app.workflows.fingerprint import load_template, record_verification

        self._require_role(case_id)
        if not self.consented(case_id):
            raise CertificationError(Refusal("field_consent"))
        ref = self.enrolled_template(case_id)
        if ref is None:
            raise CertificationError(Refusal("certification_no_template"))
        _row, plain = load_template(self.store, ref.case_id, codec)
        result = device.verify(plain, timeout=timeout or DEFAULT_TIMEOUT_S, on_prompt=on_prompt)
        record_verification(self.store, case_id, ref.template_id, result.match, clerk=self.cases.actor,
                            workstation_id=self.cases.workstation_id, purpose="certification")
        return bool(result.match)

    def fingerprint_matched(self, case_id: str) -> str | None:
        """The id of a matching verification recorded for this case, if any."""
        with self.store.session() as s:
            return s.scalars(select(FingerprintVerification.id).where(
                FingerprintVerification.case_id == case_id, FingerprintVerification.matched.is_(True),
                FingerprintVerification.purpose == "certification").limit(1)).first()

    # ------------------------------------------------------------------ result

    def record_success(self, case_id: str, *, method: str, photo_confirmed: bool = False,
                       photo_note: str = "") -> dc.Outcome:
        """Record the successful certification: the step, 办结 with the 认证结果告知单, the outbox entry."""
        self._require_role(case_id)
        view = self.cases.get(case_id)
        case = view.case
        verification_id = None
        if method == dc.FINGERPRINT:
            verification_id = self.fingerprint_matched(case_id)
            if verification_id is None:
                raise CertificationError(Refusal("certification_no_match"))
        elif method == dc.PHOTO:
            if not photo_confirmed:
                raise CertificationError(Refusal("certification_photo_unconfirmed"))
        else:
            raise CertificationError(Refusal("certification_method", method))
        # the record looked up again before anything is recorded or printed: a person the centre now
        # knows as 已死亡 (or no longer 已退休) is refused here, not after the notice was handed out
        person = self.current_person(case_id)
        problem = dc.eligibility_problem(person)
        if problem:
            raise CertificationError(problem)
        now = self.cases.now()
        on = beijing_day_of_local(now)      # a certification date is a Beijing date, whatever the PC's zone
        try:
            # the back-pay months (6.6.2.8) only where the record holds the day the suspension took
            # effect (the centre's answer; an older centre or cache: left to the approval)
            out = dc.outcome(person, on, method=method, channel="window", cycle_months=cycle_months(self.params, on),
                             suspended_on=person.payment_suspended_on)
        except dc.CertificationRefused as exc:
            raise CertificationError(exc.reason) from None
        data = {"certification": {**out.as_data(), "clerk": self.cases.actor,
                                  "certified_at": now.isoformat(timespec="seconds")}}
        if verification_id:
            data["certification"]["verification_id"] = verification_id
        if method == dc.PHOTO and photo_note.strip():
            data["certification"]["photo_note"] = photo_note.strip()[:200]
        cert_id = new_id()
        data["certification"]["certification_id"] = cert_id
        at_utc = (now.astimezone(timezone.utc) if now.tzinfo else now.astimezone().astimezone(timezone.utc))
        with UnitOfWork(self.store, actor=self.cases.actor, workstation_id=self.cases.workstation_id) as uow:
            workflow = self.cases.within(uow)
            workflow.record_step(case_id, STEP, "done", data=data)
            workflow.complete(case_id)
            payload = cs.CertificationRecorded(
                certification_id=cert_id, id_number=person.id_number, certified_on=on, certified_at=at_utc,
                method="fingerprint" if method == dc.FINGERPRINT else "photo", channel="window",
                clerk=self.cases.actor, case_id=case_id, case_no=case.case_no,
                valid_until=out.valid_until, back_pay_months=list(out.back_pay_months))
            uow.outbox.add(kind=cs.KIND_RECORDED, aggregate_type=cs.AGGREGATE, aggregate_id=cert_id,
                           payload=payload.model_dump(mode="json"))
            uow.audit("certification.recorded", object_type="case", object_id=case_id,
                      detail=f"method={method} valid_until={out.valid_until.isoformat()}")
            uow.commit()
        return out


def applicant_from_card(record) -> dict:
    """The applicant a social security card read fills (the card's holder is the person certified)."""
    return {"name": record.name or "", "id_number": (record.social_security_number or "").strip().upper(),
            "id_kind": "社会保障卡"}


def standing_text(store, person, today: date | None = None) -> str:
    """The record view's certification line for a pensioner (暂停发放 when lapsed or suspended);
    "" for anyone who draws no pension."""
    from counter_app.workflows.reference import current_params
    from counter_protocol.records import PersonStatus

    if person is None or person.status is not PersonStatus.retired:
        return ""
    today = today or beijing_today()
    params = current_params(store)
    return dc.standing(person, today, cycle_months=cycle_months(params, today),
                       window_days=window_days(params, today)).text()
