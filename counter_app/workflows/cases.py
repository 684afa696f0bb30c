"""CaseWorkflow: drives the case engine and writes each change with its outbox entry in one transaction.

Every state transition is stored (who, when, from, to, why) in ``case_transitions`` and written
to the outbox in the same :class:`UnitOfWork`; service steps likewise in ``case_steps``. A case
keeps the catalog entry it started under (``service_snapshot`` + ``catalog_version``), so a newer
catalog never changes a case in progress. Documents an outcome or step produces are issued
through ``counter_app.printing.documents.issue_document`` in the same transaction when that
module is present, else recorded as pending in ``case_documents``.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Any, Callable, Iterable, Mapping

from sqlalchemy import select

from counter_app.domain import case_engine
from counter_app.domain.catalog import Catalog, Escalation, OutcomeKind, SecondCaseRule, Service, service_from_dict
from counter_app.domain.case_engine import Case, CaseState, StepRecord, Transition, TransitionRefused
from counter_app.domain.checklist import ChecklistOutcome, ConditionResult, MissingItem, Tick, TickState
from counter_app.domain.documents import DocumentKind
from counter_app.domain.refusals import Joined, Refusal
from counter_app.storage.tables_cases import (
    APPLICANT_FIELDS,
    CaseApplicantRow,
    CaseDocumentRow,
    CaseRow,
    CaseStepRow,
    CaseTickRow,
    CaseTransitionRow,
)
from counter_app.storage.uow import UnitOfWork, canonical_json, new_id
from counter_rules import second_case
from counter_protocol.clock import beijing_day_of_local
from counter_protocol.result_feedback import FEEDBACK_KEY, feedback_block

log = logging.getLogger(__name__)

FACT_KEYS = frozenset({
    "birth", "category", "contribution_months", "benefit_place_shenzhen", "insured_in_shenzhen",
    "last_insured_place_shenzhen", "history_reviewed", "lost_capacity", "deceased", "death_cause",
    "other_death_benefit_received", "nationality_lost", "hmt_or_foreign_left", "requested_retirement",
    "transfer", "deemed_years", "pension", "account", "contributions", "allowance", "death_benefits",
    "id_card",      # the 居民身份证 read at the counter: {"id_number", "valid_until"} (证件有效期, domain.case_engine)
    "registry",   # the person's / unit's record the case was decided on (counter_app.domain.conditions)
    # from the person's record (domain.record.PersonRecord): prefill of the typed 核定 form
    "deemed_months", "special_work_months", "account_balance",
})


CANCEL_SERVICE = "reg_cancel"   # 注销参保: accepting it needs the reg_cancel approval (分级授权)


class CaseNotFound(TransitionRefused):
    pass


class ArchiveNotWritten(TransitionRefused):
    """归档 refused because its archive package could not be written: nothing of the 归档 is stored."""

    def __init__(self, case_no: str, cause: BaseException):
        from counter_app.domain.refusals import Refusal

        self.case_no = case_no
        self.why = _package_failure(cause)
        super().__init__(Refusal("archive_not_written", self.why))

    def audit(self, store, actor: str, workstation_id: str) -> None:
        """The failed 归档's audit record, in a transaction of its own (the 归档's rolled back)."""
        from counter_app.storage.audit import record

        try:
            record(store, actor=actor, workstation_id=workstation_id, action="archive.failed", object_type="case",
                   object_id=self.case_no, result="failed", detail=f"档案包未能写入，办件未归档：{self.why}")
        except Exception:       # the refusal itself must still reach the clerk
            import logging

            logging.getLogger(__name__).exception("audit record of a failed archive package not written")


def _package_failure(exc: BaseException) -> str:
    """Why a package was not written, in the clerk's words (never the exception's own text, which
    may carry a path or a statement's parameters)."""
    from counter_app.printing.archive_package import ArchivePackageError

    if isinstance(exc, ArchivePackageError):
        return str(exc)
    if isinstance(exc, OSError):
        return "档案目录不可写、不存在或磁盘空间不足"
    return f"生成档案包出错（{type(exc).__name__}）"


def _discard_packages(session) -> None:
    """A package written for a 归档 whose transaction did not commit is removed (printing.archive_package)."""
    if session.info.get("archive_folders"):
        from counter_app.printing.archive_package import discard_uncommitted

        discard_uncommitted(session)
    else:
        session.info.pop("archive_folders", None)


class _JoinedUnitOfWork:
    """What a :meth:`CaseWorkflow.within` service gets for ``with self._uow() as uow``: the outer
    unit of work, whose commit and rollback belong to the caller (``commit`` only flushes)."""

    def __init__(self, outer: UnitOfWork):
        self.session = outer.session
        self.outbox = outer.outbox
        self.events = outer.events
        self.audit = outer.audit

    def __enter__(self) -> "_JoinedUnitOfWork":
        return self

    def __exit__(self, *exc) -> None:
        return None  # an error propagates to the caller, which rolls back

    def commit(self) -> None:
        self.session.flush()


@lru_cache(maxsize=64)
def _service_from_snapshot(snapshot: str) -> Service:
    return service_from_dict(json.loads(snapshot))


def local_now() -> datetime:
    return datetime.now().replace(microsecond=0)


def case_party(case: Case) -> tuple[str, str]:
    """Whom the same-case rule looks at (counter_rules.second_case): (``person``, the 参保人's ID
    number) — a unit's case for a person (e.g. its employee's 注销) included — or, for a unit's own
    case (参保单位 applicant, no ID number: the rules read the unit's record then, as
    counter_rules.conditions), (``unit``, its 统一社会信用代码); ("", "") when neither is known."""
    id_number = str(case.applicant.get("id_number") or "").strip().upper()
    if id_number:
        return "person", id_number
    credit_code = str(case.applicant.get("credit_code") or "").strip().upper()
    if case.applicant_type == "unit" and credit_code:
        return "unit", credit_code
    return "", ""


def load_case(session, row: CaseRow) -> tuple[Case, Service]:
    """The engine's case of ``row`` (its applicant, ticks, answers and steps as ``session`` sees them) and its service."""
    service = _service_from_snapshot(row.service_snapshot)
    ap = session.get(CaseApplicantRow, row.id)
    applicant = {k: getattr(ap, k) for k in APPLICANT_FIELDS if ap is not None and getattr(ap, k)}
    ticks: dict[str, Tick] = {}
    answers: dict[str, ConditionResult] = {}
    for t in session.scalars(select(CaseTickRow).where(CaseTickRow.case_id == row.id)):
        if t.kind == "material":
            ticks[t.code] = Tick(TickState(t.state), t.problem)
        else:
            met = {"met": True, "unmet": False}.get(t.state)
            answers[t.code] = ConditionResult(met, (t.problem,) if (met is False and t.problem) else (),
                                              note=t.problem or "")
    steps = [
        StepRecord(s.step_code, s.result, s.at, s.actor, json.loads(s.data), s.approved_by,
                   Escalation(s.escalation) if s.escalation else None)
        for s in session.scalars(select(CaseStepRow).where(CaseStepRow.case_id == row.id).order_by(CaseStepRow.id))
    ]
    case = Case(
        id=row.id, service_code=row.service_code, catalog_version=row.catalog_version,
        applicant_type=row.applicant_type, variants=tuple(json.loads(row.variants)), state=CaseState(row.state),
        case_no=row.case_no, applicant=applicant, facts=json.loads(row.facts), ticks=ticks,
        condition_answers=answers, steps=steps,
        missing=tuple(MissingItem(**m) for m in json.loads(row.missing_items)),
        reasons=tuple(json.loads(row.reasons)), created_at=row.created_at, accepted_at=row.accepted_at,
        submitted_by=session.scalar(select(CaseTransitionRow.actor)
                                    .where(CaseTransitionRow.case_id == row.id, CaseTransitionRow.to_state == "review")
                                    .order_by(CaseTransitionRow.id.desc()).limit(1)) or "",
    )
    return case, service


@dataclass(frozen=True)
class CaseView:
    """What the UI shows of a case: the engine's case, its service entry and the current outcome."""

    case: Case
    service: Service
    outcome: ChecklistOutcome
    next_step: str | None


class CaseWorkflow:
    def __init__(
        self, store, *, actor: str, catalog: Catalog | None = None, office: str = "", office_code: str = "",
        workstation_id: str = "", approvals_required: Iterable[Escalation] = (),
        now: Callable[[], datetime] = local_now, prechecks: Mapping[str, Any] | None = None,
        issue_documents: bool = True, catalog_provider: Callable[[], Catalog] | None = None,
        records=None, clerk_name: str = "", archive_root=None, authorisation: Callable[[], Any] | None = None,
        names: Mapping[str, str] | None = None, at_counter: bool = True, params: Callable[[], Any] | None = None,
        roles: Iterable[str] | None = None, centre_client: Callable[[], Any] | None = None,
    ):
        self.store = store
        # the signed-in account's roles: without a counter role (审计、系统管理、外勤 alone) every write is
        # refused and the attempt audited (:meth:`require_counter_role`); None: the caller already
        # decided who acts (a supervisor's approval applied, a decision the centre made, a read-only view)
        self.roles = None if roles is None else frozenset(roles)
        # its decisions are made at the window, with the applicant's materials there (the clerk's,
        # a supervisor's 现场授权 on this screen); False: it carries out a decision made on the centre
        # (集中授权), applied when the pull brings it — the 《不予受理决定书》 says so (see decide)
        self.at_counter = at_counter
        self.archive_root = archive_root   # where 归档 writes the case's archive package (None: not written)
        self.actor = actor
        self.clerk_name = clerk_name       # 经办人 on documents (the login ``actor`` goes in the records)
        # login id → display name of the people this service's operations name on documents, as they
        # were known when it was built: the checker who just authenticated on site, the supervisor
        # the centre named in its decision (see :meth:`person`)
        self.names = {k: v for k, v in (names or {}).items() if k and v}
        self._catalog = catalog
        # the catalog in force may change while the service lives (the centre published a new one):
        # ``catalog_provider`` is asked each time (e.g. counter_app.workflows.reference.current_catalog)
        self._catalog_provider = catalog_provider
        self.office = office
        self.office_code = office_code
        self.workstation_id = workstation_id
        self.approvals_required = frozenset(approvals_required)
        # the graded authorisation table in force (7.3.2), asked each time a benefit decision is weighed
        # (default: counter_app.workflows.reference.current_authorisation of this store)
        self._authorisation = authorisation
        # the policy parameters in force, asked each time a benefit decision is settled
        # (default: counter_app.workflows.reference.current_params of this store)
        self._params = params
        self.now = now
        self.prechecks = prechecks
        self.issue_documents = issue_documents
        # counter_app.workflows.records.RecordService: the record is looked up when the ID number /
        # credit code is entered (create, update) and kept on the case (facts["registry"])
        self.records = records
        # a signed-in CentralClient (None: not signed in), closed after each use, for the open-case
        # check at 受理审核 (:meth:`_centre_case_refusal`) where the window looks the record up itself
        # (app_context.case_workflow); without it, the record service's client is asked
        self._centre_client = centre_client

    # ------------------------------------------------------------ helpers

    @property
    def catalog(self) -> Catalog:
        if self._catalog_provider is not None:
            return self._catalog_provider()
        if self._catalog is None:
            from counter_app.reference.catalog import default_catalog

            self._catalog = default_catalog()
        return self._catalog

    def authorisation(self):
        """The graded authorisation table in force, or None when no benefit decision is gated here."""
        if Escalation.benefit_decision not in self.approvals_required:
            return None
        if self._authorisation is not None:
            return self._authorisation()
        from counter_app.workflows.reference import current_authorisation

        return current_authorisation(self.store)

    def params(self):
        """The policy parameters (政策参数) in force: the centre's latest published set, else the shipped one."""
        if self._params is not None:
            return self._params()
        from counter_app.workflows.reference import current_params

        return current_params(self.store)

    _joined: UnitOfWork | None = None

    def within(self, uow: UnitOfWork) -> "CaseWorkflow":
        """This service working inside ``uow``, a unit of work the caller opened and commits: each
        operation then only flushes, so several operations and the caller's own writes (e.g. the
        inbox mark of a pulled update) commit together, or not at all. Reads see the writes."""
        joined = copy.copy(self)
        joined._joined = uow
        return joined

    def require_counter_role(self, doing: str = "办理窗口业务", *, case: str = "") -> None:
        """Refuse business (受理、办理、办结、归档) by an account without a counter role (7.3: an auditor
        changes nothing), the one check the window and the CLI share: TransitionRefused naming
        ``doing``; the refused attempt is audited (outside a caller's transaction, which refuses it
        before it writes: ``workflows.accept``)."""
        from counter_protocol.roles import does_counter_business

        if self.roles is None or does_counter_business(self.roles):
            return
        refused = TransitionRefused.of("no_counter_role", self.actor, doing)
        if self._joined is None:
            from counter_app.storage.audit import record

            if case:        # a case id is named by its number
                with self.store.session() as s:
                    row = s.get(CaseRow, case)
                case = (row.case_no if row is not None else "") or case
            record(self.store, actor=self.actor, workstation_id=self.workstation_id, action="business.refused",
                   object_type="case" if case else "", object_id=case, result="refused", detail=str(refused.reason))
        raise refused

    def _uow(self) -> "UnitOfWork | _JoinedUnitOfWork":
        self.require_counter_role()
        if self._joined is not None:
            return _JoinedUnitOfWork(self._joined)
        return UnitOfWork(self.store, actor=self.actor, workstation_id=self.workstation_id)

    def _reading(self):
        """A session to read with: the joined unit of work's (it sees the writes), else a new one."""
        return contextlib.nullcontext(self._joined.session) if self._joined is not None else self.store.session()

    @staticmethod
    def _row(session, case_id: str) -> CaseRow:
        row = session.get(CaseRow, case_id)
        if row is None:
            raise CaseNotFound(f"找不到办件 {case_id}")
        return row

    def _load(self, session, row: CaseRow) -> tuple[Case, Service]:
        return load_case(session, row)

    def _view(self, case: Case, service: Service) -> CaseView:
        outcome = case_engine.evaluate(case, service, self.now().date(), self.prechecks)
        nxt = case_engine.next_step(case, service)
        return CaseView(case, service, outcome, nxt.code if nxt else None)

    def _payload(self, case: Case, **extra: Any) -> dict:
        body = {"case_id": case.id, "case_no": case.case_no, "service_code": case.service_code,
                "catalog_version": case.catalog_version}
        body.update(extra)
        return body

    def _record_transition(self, uow: UnitOfWork | _JoinedUnitOfWork, row: CaseRow, case: Case, t: Transition, *,
                           extra: Mapping | None = None) -> CaseTransitionRow:
        at = self.now()
        payload = self._payload(case, action=t.action, from_state=t.from_state.value if t.from_state else "",
                                to_state=t.to_state.value, reason=t.reason,
                                escalation=t.escalation.value if t.escalation else None,
                                approved_by=t.approved_by, actor=self.actor,
                                # with its offset: the workstation's clock is naive local time,
                                # the centre takes the transition to its Beijing day
                                at=at.astimezone().isoformat(), **dict(extra or {}))
        entry = uow.outbox.add(kind="case.transition", aggregate_type="case", aggregate_id=case.id, payload=payload)
        tr = CaseTransitionRow(
            case_id=case.id, action=t.action, from_state=t.from_state.value if t.from_state else "",
            to_state=t.to_state.value, actor=self.actor, at=at, reason=t.reason,
            escalation=t.escalation.value if t.escalation else None, approved_by=t.approved_by, outbox_id=entry.id,
        )
        uow.session.add(tr)
        row.state = t.to_state.value
        row.updated_at = at
        uow.session.flush()
        move = f"{t.from_state.value if t.from_state else '-'}→{t.to_state.value}（{t.action}）"
        uow.audit("case.transition", object_type="case", object_id=row.case_no, actor=self.actor,
                  detail=move + (f" 原因：{t.reason}" if t.reason else ""))
        if t.approved_by:
            uow.audit("approval", object_type="case", object_id=row.case_no, actor=t.approved_by,
                      detail=f"{t.action}，经办 {self.actor}")
        return tr

    def _produce_document(self, uow: UnitOfWork | _JoinedUnitOfWork, case: Case, service: Service, kind: DocumentKind, source: str,
                          approved_by: str = "", extra: Mapping[str, Any] | None = None) -> CaseDocumentRow:
        """Issue (or record as pending) the document an outcome or step produced; a decision a
        supervisor approved carries the 审批人 line (``approver``); ``extra``: further fields."""
        more: dict[str, Any] = dict(extra or {})
        if approved_by:
            more["approver"] = self.person(approved_by, uow.session)
        fields = case_engine.document_fields(
            case, kind, service=service, clerk=self.person(self.actor, uow.session), on=beijing_day_of_local(self.now()),
            office=self.office, office_code=self.office_code, workstation_id=self.workstation_id,
            extra=more or None, remedy=self._remedy(kind), office_transfer=self._office_transfer(kind),
        )
        from counter_app.domain.documents import DOCUMENTS, missing_facts

        lacking = missing_facts(kind, fields, paths=False)     # named in Chinese, never by the field's key
        if lacking:   # the document cannot be produced: its step / transition is refused, nothing stored
            raise TransitionRefused.of("document_lacking", DOCUMENTS[kind].title, "、".join(lacking))
        doc = CaseDocumentRow(case_id=case.id, kind=kind.value, source=source, fields=canonical_json(fields),
                              status="pending", created_at=self.now())
        issue = _issuer() if self.issue_documents else None
        if issue is not None:
            try:
                issued = issue(uow, case_id=case.id, kind=kind, fields=fields, clerk=self.actor)
            except ValueError as exc:  # DocumentError: the clerk's message
                raise TransitionRefused.of("document_failed", DOCUMENTS[kind].title, exc) from exc
            doc.issued_id = issued.id
            doc.number = issued.number
            doc.status = "issued"
        uow.session.add(doc)
        return doc

    def _remedy(self, kind: DocumentKind) -> dict[str, str]:
        """The 行政复议机关 and court a decision of this office names (reference data ``offices``)."""
        from counter_app.domain.documents import DOCUMENTS
        from counter_app.workflows.reference import remedy_fields

        return remedy_fields(self.store, self.office_code) if DOCUMENTS[kind].decision and self.office_code else {}

    def _office_transfer(self, kind: DocumentKind) -> dict[str, str]:
        """The fund account and contact a 转移联系函 of this office gives (reference data ``offices``)."""
        from counter_app.workflows.reference import transfer_office_fields

        if kind not in (DocumentKind.transfer_contact_letter, DocumentKind.temp_transfer_contact_letter) \
                or not self.office_code:
            return {}
        return transfer_office_fields(self.store, self.office_code)

    def person(self, login: str, session=None) -> str:
        """How a document names ``login`` (经办人, 审批人): by name, never by the login id — the
        clerk's own name (``clerk_name``, for ``actor``), one known to this service (``names``: the
        checker who authenticated on site, the supervisor the centre named in its decision), else the
        name the local user store keeps from the account's last online sign-in on this workstation.
        "" when no name is known (the document then shows the line unfilled)."""
        if not login:
            return ""
        if login == self.actor and self.clerk_name and self.clerk_name != login:
            return self.clerk_name
        if self.names.get(login):
            return self.names[login]
        from counter_app.workflows.approvals import display_names_in

        if session is not None:
            return display_names_in(session, [login]).get(login, "")
        with self._reading() as s:
            return display_names_in(s, [login]).get(login, "")

    # ------------------------------------------------------------ reads

    def get(self, case_id: str) -> CaseView:
        with self._reading() as s:
            case, service = self._load(s, self._row(s, case_id))
        return self._view(case, service)

    def find(self, case_id: str) -> tuple[Case, Service] | None:
        """The engine's case and its service entry, or None when this workstation has no such case."""
        with self._reading() as s:
            row = s.get(CaseRow, case_id)
            return self._load(s, row) if row is not None else None

    def history(self, case_id: str) -> list[dict]:
        with self._reading() as s:
            self._row(s, case_id)
            rows = s.scalars(select(CaseTransitionRow).where(CaseTransitionRow.case_id == case_id).order_by(CaseTransitionRow.id))
            return [{"action": r.action, "from": r.from_state, "to": r.to_state, "actor": r.actor, "at": r.at,
                     "reason": r.reason, "escalation": r.escalation, "approved_by": r.approved_by, "outbox_id": r.outbox_id}
                    for r in rows]

    def documents(self, case_id: str) -> list[dict]:
        with self._reading() as s:
            rows = s.scalars(select(CaseDocumentRow).where(CaseDocumentRow.case_id == case_id).order_by(CaseDocumentRow.id))
            return [{"kind": r.kind, "source": r.source, "status": r.status, "number": r.number,
                     "issued_id": r.issued_id, "fields": json.loads(r.fields), "void_reason": r.void_reason or ""}
                    for r in rows]

    # ------------------------------------------------------------ draft and checklist

    def create(self, service_code: str, applicant_type: str, *, variants: Iterable[str] = (),
               applicant: Mapping[str, Any] | None = None, facts: Mapping[str, Any] | None = None) -> CaseView:
        catalog = self.catalog  # once: the version recorded is the one the service came from
        service = catalog.get(service_code)
        variants = tuple(variants)
        problems = service.validate_selection(applicant_type, variants)
        problems = [p for p in problems if not p.startswith("请选择")]  # the variant may be chosen later
        if problems:
            raise TransitionRefused.of("problems", Joined(problems))
        facts = dict(_facts(facts or {}))
        registry = self._look_up(applicant_type, applicant or {})
        if registry is not None:
            facts["registry"] = registry
        now = self.now()
        case_id = new_id()
        with self._uow() as uow:
            from counter_app.workflows.case_numbers import next_case_number

            case_no = next_case_number(uow.session, self.workstation_id, now)   # above the centre's floor
            row = CaseRow(
                id=case_id, case_no=case_no, service_code=service.code, catalog_version=catalog.version,
                service_snapshot=canonical_json(service.source), applicant_type=applicant_type,
                variants=json.dumps(list(variants), ensure_ascii=False), facts=canonical_json(facts),
                state=CaseState.draft.value, office_code=self.office_code, workstation_id=self.workstation_id,
                created_by=self.actor, created_at=now, updated_at=now,
            )
            uow.session.add(row)
            uow.session.flush()  # the case row before the rows that refer to it
            uow.session.add(CaseApplicantRow(case_id=case_id, **_applicant(applicant or {})))
            uow.session.flush()
            case, workflow = self._load(uow.session, row)
            self._record_transition(uow, row, case, Transition(None, CaseState.draft, "create"),  # type: ignore[arg-type]
                                    extra={"applicant_type": applicant_type, "variants": list(variants)})
            uow.commit()
        return self.get(case_id)

    def update(self, case_id: str, *, applicant: Mapping[str, Any] | None = None, facts: Mapping[str, Any] | None = None,
               variants: Iterable[str] | None = None) -> CaseView:
        """Change applicant data, rule facts or variants (草稿、受理审核、退回补正 only). A new ID
        number / credit code is looked up in the registry (when a record service is configured)."""
        registry = None
        if applicant and self.records is not None:
            current = self.find(case_id)
            if current is not None:
                merged_ap = {**current[0].applicant, **{k: v for k, v in applicant.items() if v is not None}}
                keys = ("id_number", "credit_code")
                if any(str(merged_ap.get(k) or "").strip().upper() != str(current[0].applicant.get(k) or "").strip().upper()
                       for k in keys) or "registry" not in current[0].facts:
                    registry = self._look_up(current[0].applicant_type, merged_ap)
        with self._uow() as uow:
            row = self._row(uow.session, case_id)
            case, service = self._load(uow.session, row)
            case_engine.require_editable(case, "修改申请信息")
            if applicant:
                ap = uow.session.get(CaseApplicantRow, case_id)
                for k, v in _applicant(applicant).items():
                    setattr(ap, k, v)
            if facts or registry is not None:
                merged = dict(case.facts)
                merged.update(_facts(facts or {}))
                if registry is not None:
                    merged["registry"] = registry
                row.facts = canonical_json(merged)
            if variants is not None:
                variants = tuple(variants)
                problems = [p for p in service.validate_selection(case.applicant_type, variants) if not p.startswith("请选择")]
                if problems:
                    raise TransitionRefused.of("problems", Joined(problems))
                row.variants = json.dumps(list(variants), ensure_ascii=False)
            row.updated_at = self.now()
            uow.commit()
        return self.get(case_id)

    def tick(self, case_id: str, material_code: str, state: TickState | str = TickState.present, problem: str = "") -> ChecklistOutcome:
        """Tick one material (已提交 / 未提交 / 不符合要求 with what is wrong); returns the new outcome."""
        state = TickState(state)
        if state is TickState.defective and not problem.strip():
            raise TransitionRefused.of("defect_reason")
        _refuse_unsafe(problem, "不符合要求的说明")        # printed on the 业务指引告知书
        with self._uow() as uow:
            row = self._row(uow.session, case_id)
            case, service = self._load(uow.session, row)
            case_engine.require_editable(case, "勾选材料")
            if service.material(material_code) is None:
                raise TransitionRefused.of("no_material", service.name, material_code)
            tick = uow.session.get(CaseTickRow, (case_id, "material", material_code))
            if tick is None:
                tick = CaseTickRow(case_id=case_id, kind="material", code=material_code, state=state.value)
                uow.session.add(tick)
            tick.state, tick.problem, tick.updated_by, tick.updated_at = state.value, problem.strip(), self.actor, self.now()
            row.updated_at = self.now()
            uow.commit()
        return self.get(case_id).outcome

    def answer_condition(self, case_id: str, condition_code: str, met: bool | None, reason: str = "") -> ChecklistOutcome:
        """The clerk confirms a condition the rules cannot decide (met / unmet with reason / unknown)."""
        _refuse_unsafe(reason, "理由")                     # printed on the 不予受理决定书
        with self._uow() as uow:
            row = self._row(uow.session, case_id)
            case, service = self._load(uow.session, row)
            case_engine.require_editable(case, "确认受理条件")
            if condition_code not in {c.code for c in service.conditions}:
                raise TransitionRefused.of("no_condition", service.name, condition_code)
            on = self.now().date()
            system = next((e for e in case_engine.evaluate_case(replace(case, condition_answers={}), service, on)
                           if e.code == condition_code), None) if self.prechecks is None else None
            if system is not None and met is not None and system.system_result is not None \
                    and (system.system_result == "met") != met:
                # 改判系统核验结果: only with a written reason, recorded as an override
                if not reason.strip():
                    raise TransitionRefused.of("override_reason", system.text,
                                               "符合" if system.system_result == "met" else "不符合",
                                               system.explanation)
                uow.outbox.add(kind="case.condition_override", aggregate_type="case", aggregate_id=case_id,
                               payload=self._payload(case, condition=condition_code, system_result=system.system_result,
                                                     clerk_result="met" if met else "unmet", reason=reason.strip(),
                                                     explanation=system.explanation, facts=dict(system.facts),
                                                     actor=self.actor, at=self.now().isoformat()))
                said = {"met": "符合", "unmet": "不符合"}
                uow.audit("case.condition_override", object_type="case", object_id=row.case_no or case_id,
                          detail=f"改判「{system.text}」：系统核验{said[system.system_result]}，改为"
                                 f"{'符合' if met else '不符合'}；理由：{reason.strip()}")
            existing = uow.session.get(CaseTickRow, (case_id, "condition", condition_code))
            if met is None:
                if existing is not None:
                    uow.session.delete(existing)
            else:
                if existing is None:
                    existing = CaseTickRow(case_id=case_id, kind="condition", code=condition_code, state="met")
                    uow.session.add(existing)
                existing.state = "met" if met else "unmet"
                existing.problem = reason.strip()
                existing.updated_by, existing.updated_at = self.actor, self.now()
            uow.commit()
        return self.get(case_id).outcome

    # ------------------------------------------------------------ transitions

    def _transition(self, case_id: str, make: Callable[[Case, Service], Transition], *,
                    after: Callable[[UnitOfWork | _JoinedUnitOfWork, CaseRow, Case, Service, Transition], None] | None = None,
                    extra: Callable[[Case, Service, Transition], Mapping] | None = None, once: bool = False,
                    document_extra: Mapping[DocumentKind, Mapping[str, Any]] | None = None) -> CaseView:
        with self._uow() as uow:
            row = self._row(uow.session, case_id)
            case, service = self._load(uow.session, row)
            t = make(case, service)
            new = case_engine.with_state(case, t)
            tr = self._record_transition(uow, row, new, t, extra=extra(case, service, t) if extra else None)
            row.missing_items = canonical_json([m.as_dict() for m in new.missing])
            row.reasons = canonical_json(list(new.reasons))
            now = self.now()
            if t.to_state is CaseState.accepted:
                row.accepted_at = now
            if t.to_state in (CaseState.completed, CaseState.denied, CaseState.rejected):
                row.closed_at = now
            if t.to_state is CaseState.archived:
                row.archived_at = now
            uow.session.flush()
            if t.document is not None and not (once and uow.session.scalar(
                    select(CaseDocumentRow.id).where(CaseDocumentRow.case_id == case_id,
                                                     CaseDocumentRow.kind == t.document.value).limit(1))):
                self._produce_document(uow, new, service, t.document, f"{t.action}:{tr.id}", t.approved_by,
                                       (document_extra or {}).get(t.document))
            try:      # a package written by ``after`` goes when anything after it fails, not only the commit
                if after:
                    after(uow, row, new, service, t)
                uow.commit()
            except BaseException:
                _discard_packages(uow.session)
                raise
        return self.get(case_id)

    def submit(self, case_id: str) -> CaseView:
        """草稿 / 已退回 → 受理审核; refused while this store holds another case of the same service
        for the same person that the service's ``second_case`` rule (the catalog) does not allow
        beside it (:meth:`earlier_case_refusal`)."""

        def make(c: Case, s: Service) -> Transition:
            t = case_engine.submit(c, s)
            refusal = self.earlier_case_refusal(c, s)
            if refusal is not None:
                raise TransitionRefused(refusal)
            return t

        unasked = self._centre_case_refusal(case_id)    # outside the transaction: a network call

        def after(uow, row: CaseRow, new: Case, service: Service, t: Transition) -> None:
            if unasked:
                uow.audit("case.duplicate_check_offline", object_type="case", object_id=row.case_no or row.id,
                          actor=self.actor, result="ok",
                          detail=f"「{service.name}」受理审核前未能向中心查重（{unasked}），仅按本机办件检查")

        return self._transition(case_id, make, after=after)

    def _centre_case_refusal(self, case_id: str) -> str:
        """Ask the centre (online) whether the case's 参保人 has a case of the same service in hand at
        another window or office that the service's ``second_case`` rule does not allow beside this
        one (counter_protocol.samecase; the local store is looked at by :meth:`earlier_case_refusal`).
        Raises TransitionRefused naming the other case's 办件编号, office (and workstation, within
        this office) and state. Returns "" when the centre answered (or there is nothing to ask),
        else why it could not be asked: the offline rule applies — the local check only, as
        before — and the submit's audit record says so."""
        factory = self._centre_client or getattr(self.records, "client_factory", None)
        if self._joined is not None or factory is None:
            return ""                  # no centre configured here (or inside another unit of work)
        found = self.find(case_id)
        if found is None:
            return ""
        case, service = found
        party, ident = case_party(case)
        if (not ident or not second_case.blocking_states(service.second_case.rule)
                or case.state not in (CaseState.draft, CaseState.returned)):
            return ""
        from counter_app.sync.client import RequestRejected, SyncError

        client = None
        try:
            client = factory()
            if client is None:
                return "未登录中心服务"
            answer = (client.open_case_check(service.code, credit_code=ident, case_id=case.id, variants=tuple(case.variants))
                      if party == "unit" else
                      client.open_case_check(service.code, ident, case_id=case.id, variants=tuple(case.variants)))
        except RequestRejected as exc:
            log.info("open-case check refused by the centre (%s): local check only", getattr(exc, "reason", "") or "rejected")
            return "中心拒绝查重"
        except SyncError as exc:
            log.info("open-case check: centre not reachable (%s): local check only", type(exc).__name__)
            return f"中心服务不可用（{type(exc).__name__}）"
        finally:
            close = getattr(client, "close", None)
            if close is not None and (self._centre_client is not None or getattr(self.records, "close_clients", True)):
                close()
        other = answer.blocking
        if other is None:
            return ""
        unit = "unit_" if party == "unit" else ""     # 同一参保单位 (refusals)
        state = other.state_name
        reason = service.second_case.reason or answer.reason
        if other.workstation_id:
            raise TransitionRefused(Refusal(f"{unit}duplicate_case_elsewhere", service.name, other.case_no, state,
                                            other.office_code, other.workstation_id, reason))
        raise TransitionRefused(Refusal(f"{unit}duplicate_case_other_office", service.name, other.case_no, state,
                                        other.office_code, reason))

    # the states in which an earlier case stands in the way of a second one, by the service's
    # ``second_case`` rule (catalog): one table shared with the centre (counter_rules.second_case)
    IN_HAND_STATES = second_case.IN_HAND_STATES
    BLOCKING_STATES: Mapping[SecondCaseRule, tuple[CaseState, ...]] = second_case.BLOCKING_STATES

    def earlier_case_refusal(self, case: Case, service: Service) -> Refusal | None:
        """Why ``case`` (of ``service``) cannot go to 受理审核 because of another case of this store
        for the same 参保人 (the ID number, looked up through the applicants' index as the case search
        does: nothing stored besides), or None: (1) a case of the same service in a state the
        service's ``second_case`` rule (:data:`BLOCKING_STATES`) names — two 转移接续信息表 would move
        the fund twice, two 核准决定书 could contradict each other, two 变更登记 of the same item
        overwrite each other in whichever order they complete; for ``refused_while_open_same_item``
        only a case with one of this case's variants (变更项目) in common; (2) for a service that
        ends the local relation (a 转出, step kind ``termination``), an earlier case that recorded
        终结本地养老保险关系 with no 接续 (a 转入's ``continuation``) recorded after it: the relation
        is no longer here to transfer (6.3.1.3). A case moved out of the store (已归档外移) is not
        looked at. A unit's own case (参保单位的参保登记、缴费核定 …: no 参保人's ID number on it) is
        looked up by the unit's 统一社会信用代码 instead (:func:`case_party`): two 缴费核定 of one unit
        would push two 缴费明细 (6.2.1.1 c)."""
        party, ident = case_party(case)
        if not ident:
            return None
        unit = "unit_" if party == "unit" else ""     # 同一参保单位 (refusals)
        rule = service.second_case.rule
        blocking = self.BLOCKING_STATES[rule]
        terminates = any(st.kind.value == "termination" for st in service.steps)
        if not blocking and not terminates:
            return None
        with self._reading() as s:
            same_party = (CaseApplicantRow.id_number == ident if party == "person" else
                          CaseApplicantRow.credit_code.in_(sorted({ident, ident.lower()})) & (CaseApplicantRow.id_number == "")
                          & (CaseRow.applicant_type == "unit"))
            others = (select(CaseRow.id).join(CaseApplicantRow, CaseApplicantRow.case_id == CaseRow.id)
                      .where(same_party, CaseRow.id != case.id))
            open_cases = s.execute(
                select(CaseRow.case_no, CaseRow.state, CaseRow.variants).where(
                    CaseRow.id.in_(others), CaseRow.service_code == service.code,
                    CaseRow.state.in_([st.value for st in blocking]))
                .order_by(CaseRow.created_at)).all() if blocking else []
            for open_case in open_cases:
                state = case_engine.STATE_NAMES[CaseState(open_case.state)]
                if rule is not SecondCaseRule.while_open_same_item:
                    return Refusal(f"{unit}duplicate_case", service.name, open_case.case_no, state, service.second_case.reason)
                shared = [v for v in case.variants if v in set(json.loads(open_case.variants or "[]"))]
                if shared:
                    names = {v.code: v.name for v in service.variants}
                    items = "、".join(names.get(v, v) for v in shared)
                    return Refusal(f"{unit}duplicate_case_item", service.name, open_case.case_no, state, items,
                                   service.second_case.reason)
            if not terminates:
                return None
            steps = s.execute(
                select(CaseStepRow.kind, CaseStepRow.at, CaseRow.case_no).join(CaseRow, CaseRow.id == CaseStepRow.case_id)
                .where(CaseStepRow.case_id.in_(others), CaseStepRow.kind.in_(("termination", "continuation")),
                       CaseStepRow.result == "done")
                .order_by(CaseStepRow.at, CaseStepRow.id)).all()
        last = steps[-1] if steps else None
        if last is not None and last.kind == "termination":
            return Refusal("relation_terminated", last.case_no, service.name)
        return None

    def decide(self, case_id: str, *, expected: OutcomeKind | str | None = None, approved_by: str = "",
               maker: str = "") -> CaseView:
        """受理审核 → 受理 / 材料不齐全 / 不予受理, per the checklist (6.1.1.2.2). ``maker``: who asked for
        the approval, when that is not the signed-in clerk (a decision pulled from the centre).

        6.1.1.2.2 has all the materials returned with a 不予受理. Its 《不予受理决定书》 says they were
        returned on the spot (已当场退回) only when it is decided at the window (:attr:`at_counter`: by
        the clerk, or on a supervisor's 现场授权 on this screen); a 不予受理 approved later on the
        centre (集中授权) is printed when the pull brings it, and says they are returned (予以退回)
        — the field ``materials_returned_on_site`` tells which."""
        on = self.now().date()

        def make(c: Case, s: Service) -> Transition:
            outcome = case_engine.evaluate(c, s, on, self.prechecks)
            if (Escalation.condition_override in self.approvals_required and not approved_by.strip()
                    and self.prechecks is None and overrides(c, s, on)):
                # 分级授权 (7.3.2): 改判系统核验结果 needs a supervisor before the decision
                raise TransitionRefused.of("override_approval", "、".join(overrides(c, s, on)))
            if (s.code == CANCEL_SERVICE and Escalation.reg_cancel in self.approvals_required
                    and outcome.kind is OutcomeKind.accepted and not approved_by.strip()):
                raise TransitionRefused.of("deregistration_approval")
            return case_engine.decide_acceptance(c, s, outcome, actor=maker or self.actor, approved_by=approved_by,
                                            approvals_required=self.approvals_required,
                                            expected=OutcomeKind(expected) if expected else None)

        def extra(c: Case, s: Service, t: Transition) -> Mapping:
            o = t.outcome
            body = {"outcome": o.as_dict() if o else None,
                    "ticks": {k: {"state": v.state.value, "problem": v.problem} for k, v in c.ticks.items()},
                    # what the case is, as decided (its variants may have changed since it was
                    # created): the centre reads the steps its 办结 needs by them (counter_central.case_steps)
                    "applicant_type": c.applicant_type, "variants": list(c.variants)}
            if self.prechecks is None:
                body.update(decision_basis(c, s, on))
            return body

        return self._transition(case_id, make, extra=extra,
                                document_extra={DocumentKind.rejection_decision: {"materials_returned_on_site": self.at_counter}})

    def complete(self, case_id: str) -> CaseView:
        """已受理 → 办结, once every step is done; the outcome's document unless a step already produced it."""
        return self._transition(case_id, lambda c, s: case_engine.complete(c, s), once=True)

    def deny(self, case_id: str, reasons: Iterable[str], *, approved_by: str = "", maker: str = "") -> CaseView:
        """已受理 → 不予认定 (《不予认定决定书》), after an objection found the case ineligible."""
        reasons = list(reasons)
        return self._transition(case_id, lambda c, s: case_engine.deny(
            c, s, reasons, actor=maker or self.actor, approved_by=approved_by, approvals_required=self.approvals_required))

    def archive(self, case_id: str) -> CaseView:
        """归档: the transition and the case's archive package (7.2, printing.archive_package) in ONE
        unit of work: a package that cannot be written (the archive folder gone, the disk full)
        leaves the case as it was, refused with the clerk's message (:class:`ArchiveNotWritten`)
        and audited (``archive.failed``). Without an ``archive_root`` no package is written."""
        package = self._write_package_in if self.archive_root is not None else None

        def after(uow, row: CaseRow, case: Case, service: Service, t: Transition) -> None:
            # a 资格认证 the centre has not confirmed is never archived as passed (certification_refused)
            from counter_app.workflows.certification_refused import archive_hold

            hold = archive_hold(uow.session, case.id)
            if hold:
                raise TransitionRefused(hold)
            if package is not None:
                package(uow, row, case, service, t)
        try:
            return self._transition(case_id, lambda c, s: case_engine.archive(c, s), after=after)
        except ArchiveNotWritten as failed:
            if self._joined is None:      # joined: the caller audits it once its transaction rolled back
                failed.audit(self.store, self.actor, self.workstation_id)
            raise

    def _write_package_in(self, uow, row: CaseRow, case: Case, service: Service, t: Transition) -> None:
        try:
            self.write_archive_package(case.id, within=uow)
        except Exception as exc:     # any failure leaves the case un-archived; the log names its type
            import logging

            logging.getLogger(__name__).error("archive package of case %s not written: %s", case.id, type(exc).__name__)
            raise ArchiveNotWritten(row.case_no or case.id, exc) from exc

    def write_archive_package(self, case_id: str, *, within=None):
        """Write the archived case's package (a new version only when something changed); ``within``:
        the 归档's own unit of work (see :meth:`archive`)."""
        from counter_app.printing.archive_package import write_package
        from counter_app.workflows.materials import page_image

        return write_package(self.store, case_id, root=self.archive_root, clerk=self.actor,
                             workstation_id=self.workstation_id, fonds=self.office_code,
                             material_image=lambda image_id: page_image(self.store, image_id), within=within)

    def _look_up(self, applicant_type: str, applicant: Mapping[str, Any]) -> dict | None:
        """The ``registry`` fact for the applicant (None without a record service or identifier)."""
        if self.records is None or not (applicant.get("id_number") or applicant.get("credit_code")):
            return None
        from counter_app.domain.conditions import registry_fact
        from counter_app.workflows.records import look_up_applicant

        ap = {k: str(v).strip() for k, v in applicant.items() if k in ("id_number", "credit_code") and v}
        return registry_fact(look_up_applicant(self.records, applicant_type, ap))

    def refresh_record(self, case_id: str) -> CaseView:
        """Look the case's person / unit up again (e.g. back online) and keep the answer on the case."""
        found = self.find(case_id)
        if found is None:
            raise CaseNotFound(f"找不到办件 {case_id}")
        case, _ = found
        case_engine.require_editable(case, "重新查询参保档案")
        registry = self._look_up(case.applicant_type, case.applicant)
        if registry is None:
            return self.get(case_id)
        with self._uow() as uow:
            row = self._row(uow.session, case_id)
            merged = json.loads(row.facts)
            merged["registry"] = registry
            row.facts = canonical_json(merged)
            row.updated_at = self.now()
            uow.commit()
        return self.get(case_id)

    def evaluations(self, case_id: str) -> list:
        """Each applicable condition as the system evaluates it (counter_app.domain.conditions)."""
        view = self.get(case_id)
        return case_engine.evaluate_case(view.case, view.service, self.now().date())

    # ------------------------------------------------------------ service steps

    def approve_recorded_step(self, case_id: str, step_code: str, approved_by: str) -> None:
        """负责人同意：the latest record of ``step_code``, made at an escalation point and still without
        an approver, gets ``approved_by`` (the supervisor), written with its outbox entry."""
        with self._uow() as uow:
            row = self._row(uow.session, case_id)
            case, service = self._load(uow.session, row)
            step = uow.session.scalars(select(CaseStepRow).where(CaseStepRow.case_id == case_id,
                                                                 CaseStepRow.step_code == step_code)
                                       .order_by(CaseStepRow.id.desc())).first()
            if step is None or not step.escalation or step.approved_by:
                raise TransitionRefused.of("no_pending_approval", step_code)
            at = self.now()
            step.approved_by = approved_by
            uow.audit("approval", object_type="case", object_id=row.case_no or case_id, actor=approved_by,
                      detail=f"步骤 {_step_text(service, step_code, step.result)}，经办 {step.actor}")
            uow.outbox.add(kind="case.step_approved", aggregate_type="case", aggregate_id=case_id, payload=self._payload(
                case, step_code=step_code, step_kind=step.kind, result=step.result, escalation=step.escalation,
                approved_by=approved_by, step_outbox_id=step.outbox_id, actor=self.actor, at=at.isoformat()))
            row.updated_at = at
            uow.commit()

    def record_step(self, case_id: str, step_code: str, result: str = "done", *, data: Mapping[str, Any] | None = None,
                    approved_by: str = "") -> StepRecord:
        """Record one step after acceptance (written with its outbox entry in one transaction). What the
        data brings besides the 核定数据 (a finding, an objection, an address, a note) is printed on
        documents: no control or text-direction characters, whoever records it (window, CLI)."""
        from counter_protocol.free_text import unsafe_text_refusal

        if (refusal := unsafe_text_refusal(dict(data or {}), "步骤数据")) is not None:
            raise TransitionRefused.of("problems", refusal)
        with self._uow() as uow:
            row = self._row(uow.session, case_id)
            case, service = self._load(uow.session, row)
            at = self.now()
            rec = case_engine.record_step(case, service, step_code, result, actor=self.actor, at=at, data=data,
                                     approved_by=approved_by, approvals_required=self.approvals_required,
                                     authorisation=self.authorisation(), params=self._params_for(service, step_code))
            step = next(s for s in service.steps if s.code == step_code)
            # 办理结果通过信息系统反馈 (6.4.1.1.1.3): the contact mobile goes with the step, for the centre's SMS export
            feedback = feedback_block(case.applicant) if step.result_feedback and result == "done" else None
            entry = uow.outbox.add(kind="case.step", aggregate_type="case", aggregate_id=case.id, payload=self._payload(
                case, step_code=step_code, step_kind=step.kind.value, result=result, data=dict(rec.data),
                escalation=rec.escalation.value if rec.escalation else None, approved_by=rec.approved_by,
                actor=self.actor, at=at.isoformat(), **({FEEDBACK_KEY: feedback} if feedback is not None else {})))
            uow.session.add(CaseStepRow(
                case_id=case.id, step_code=step_code, kind=step.kind.value, result=result,
                data=canonical_json(dict(rec.data)), actor=self.actor, at=at,
                escalation=rec.escalation.value if rec.escalation else None, approved_by=rec.approved_by,
                outbox_id=entry.id,
            ))
            row.updated_at = at
            uow.session.flush()
            uow.audit("case.step", object_type="case", object_id=row.case_no or case_id,
                      detail=f"步骤 {_step_text(service, step_code, result)}"
                             + (f"（审批人 {rec.approved_by}）" if rec.approved_by else "")
                             + _feedback_words(feedback))
            if rec.approved_by:
                uow.audit("approval", object_type="case", object_id=row.case_no or case_id, actor=rec.approved_by,
                          detail=f"步骤 {_step_text(service, step_code, result)}，经办 {self.actor}")
            if rec.document is not None:
                case.steps.append(rec)
                if step.kind.value == "review":
                    case.missing = tuple(MissingItem(**_missing(m)) for m in rec.data.get("missing_items", ()))
                self._produce_document(uow, case, service, rec.document, f"{step_code}:{len(case.steps)}",
                                       approved_by=rec.approved_by if rec.escalation else "")
            uow.commit()
        return rec

    def _params_for(self, service: Service, step_code: str):
        """The parameters in force when the step settles 核定数据 (none needed otherwise)."""
        step = next((s for s in service.steps if s.code == step_code), None)
        return self.params() if step is not None and step.decision_data else None

    def start_publicity(self, case_id: str, *, start: str, end: str, work_type: str = "", years: str = "",
                        contact: str = "") -> StepRecord:
        """特殊工种提前退休公示开始 (6.6.1.1.1.3): produces the 公示 document."""
        step = self._step_of_kind(case_id, "publicity")
        return self.record_step(case_id, step, "started", data={"start": start, "end": end, "work_type": work_type,
                                                                 "years": years, "contact": contact})

    def close_publicity(self, case_id: str, *, objection: str = "", approved_by: str = "") -> StepRecord:
        """公示期满: without objection the review continues; with one, verification is required."""
        step = self._step_of_kind(case_id, "publicity")
        if objection.strip():
            return self.record_step(case_id, step, "objection", data={"objection": objection.strip()}, approved_by=approved_by)
        return self.record_step(case_id, step, "no_objection")

    def record_verification(self, case_id: str, *, eligible: bool, finding: str, approved_by: str = "") -> StepRecord:
        step = self._step_of_kind(case_id, "verification")
        return self.record_step(case_id, step, "eligible" if eligible else "not_eligible", data={"finding": finding},
                                approved_by=approved_by)

    def record_transfer_step(self, case_id: str, step_code: str, *, data: Mapping[str, Any] | None = None,
                             passed: bool | None = None, reason: str = "", approved_by: str = "") -> StepRecord:
        """联系函/信息表 steps (generated, sent, awaited, received, reviewed), fund transfer, termination."""
        result = "done"
        data = dict(data or {})
        if passed is not None:
            result = "passed" if passed else "failed"
            if reason:
                data["reason"] = reason
        return self.record_step(case_id, step_code, result, data=data, approved_by=approved_by)

    def _step_of_kind(self, case_id: str, kind: str) -> str:
        view = self.get(case_id)
        for st in view.service.plan(view.case.applicant_type, view.case.variants).steps:
            if st.kind.value == kind:
                return st.code
        raise TransitionRefused.of("no_step_kind", view.service.name,
                                   {"publicity": "公示", "verification": "核查"}.get(kind, kind))

    # ------------------------------------------------------------ rating (7.5.2)

    def rate(self, case_id: str, score: int, comment: str = "") -> None:
        """服务对象满意测评 (7.5.2); 不满意 / 非常不满意 need the reason (``comment``) and open a 差评
        工单 (counter_app.workflows.complaints) in the same transaction."""
        from counter_app.domain.complaints import ComplaintRefused, check_reason, needs_ticket

        with self._uow() as uow:
            row = self._row(uow.session, case_id)
            case, _ = self._load(uow.session, row)
            # once per case (7.5.2): a second rating — from the window, the CLI or a retried task — is
            # refused, so a 差评 is neither overwritten nor opens a second ticket
            case_engine.check_rating(case, score, rated=row.rating)
            try:
                check_reason(score, comment)
            except ComplaintRefused as exc:
                raise TransitionRefused(exc.reason) from None
            now = self.now()
            row.rating, row.rating_comment, row.rated_at = score, comment.strip() or None, now
            uow.outbox.add(kind="case.rated", aggregate_type="case", aggregate_id=case_id,
                           payload=self._payload(case, score=score, comment=comment.strip(),
                                                 at=now.astimezone().isoformat()))   # with its offset, as a transition
            uow.audit("case.rated", object_type="case", object_id=row.case_no or case_id, actor=self.actor,
                      detail=f"{score} 分")
            if needs_ticket(score):
                from counter_app.workflows.complaints import ComplaintService

                ComplaintService(self.store, actor=self.actor, office_code=self.office_code or row.office_code,
                                 workstation_id=self.workstation_id or row.workstation_id).open_in(
                    uow, case_id=case_id, case_no=case.case_no, service_code=case.service_code, clerk=self.actor,
                    score=score, reason=comment, at=now)
            uow.commit()


def overrides(case: Case, service: Service, on) -> list[str]:
    """The conditions whose system-verified result the clerk overrode (改判), by their text."""
    return [e.text for e in case_engine.evaluate_case(case, service, on) if e.override]


def decision_basis(case: Case, service: Service, on) -> dict:
    """What the acceptance decision rested on, for the outbox entry: each condition's evaluation
    (result, source, facts, explanation, overrides), the record's as-of time, and — when the case
    was accepted provisionally offline or on a cached record — what the centre needs to re-check it
    against its registry when the entry syncs (``recheck``, docs/registry.md)."""
    from counter_app.domain.conditions import CACHE, NONE, record_view_from_facts

    evaluations = case_engine.evaluate_case(case, service, on)
    view = record_view_from_facts(case.facts)
    body: dict[str, Any] = {
        "conditions": [e.as_dict() for e in evaluations],
        "record_state": view.state,
        "record_as_of": view.as_of.isoformat() if view.as_of else None,
    }
    provisional = any(e.provisional for e in evaluations)
    if provisional:
        body["provisional"] = True
    if provisional or view.state in (CACHE, NONE):
        clerk_facts = {k: case.facts[k] for k in ("category", "lost_capacity", "death_cause",
                                                  "other_death_benefit_received", "nationality_lost",
                                                  "hmt_or_foreign_left", "requested_retirement")
                       if case.facts.get(k) is not None}
        body["recheck"] = {
            "id_number": case.applicant.get("id_number") or None,
            "credit_code": case.applicant.get("credit_code") or None,
            "applicant_type": case.applicant_type, "variants": list(case.variants), "on": on.isoformat(),
            "facts": clerk_facts,
            "answers": {k: {"met": v.met, "note": v.note} for k, v in case.condition_answers.items()
                        if v.met is not None},
            "results": {e.code: e.result for e in evaluations},
        }
    return body


def _feedback_words(feedback: Mapping[str, Any] | None) -> str:
    """The audit's words for a step's 办理结果反馈 (the mobile masked)."""
    if feedback is None:
        return ""
    from counter_rules.masking import mask_phone

    mobile = feedback.get("mobile")
    return (f"；办理结果由中心以短信反馈至 {mask_phone(mobile)}" if mobile
            else "；服务对象未留手机号码，办理结果须另行告知")


def _step_text(service: Service, step_code: str, result: str) -> str:
    """「办理参保登记」（step code）完成: a step and its result as the audit trail names them."""
    from counter_app.domain.terms import RESULT_NAMES

    name = next((s.name for s in service.steps if s.code == step_code), step_code)
    return f"「{name}」（{step_code}）{RESULT_NAMES.get(result, result)}"


def _refuse_unsafe(text: str, label: str) -> None:
    """Text the clerk typed that a notice prints: no control or text-direction characters (ESC,
    U+202E …; line breaks are fine), as the applicant form and ``case import`` refuse them."""
    from counter_protocol.free_text import MULTI_LINE, unsafe_text_at

    found = unsafe_text_at(text, label, allow=MULTI_LINE)
    if found is not None:
        raise TransitionRefused.of("field_text_unsafe", label, "、".join(found[1]))


def _issuer():
    """``issue_document`` from the printing module when it is there (lazy: printing is optional here)."""
    try:
        from counter_app.printing.documents import issue_document
    except ImportError:
        return None
    return issue_document


def _applicant(data: Mapping[str, Any]) -> dict[str, str]:
    unknown = set(data) - set(APPLICANT_FIELDS)
    if unknown:
        raise TransitionRefused.of("unknown_applicant_fields", ", ".join(sorted(unknown)))
    return {k: str(v).strip() for k, v in data.items() if v is not None}


def _facts(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - FACT_KEYS
    if unknown:
        raise TransitionRefused.of("unknown_facts", ", ".join(sorted(unknown)))
    return dict(data)


def _missing(m: Mapping[str, Any]) -> dict[str, str]:
    return {"material_code": str(m.get("material_code", "")), "material": str(m.get("material", "")),
            "problem": str(m.get("problem", "")), "what_to_bring": str(m.get("what_to_bring", ""))}
