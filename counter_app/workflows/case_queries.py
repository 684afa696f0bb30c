"""Read-only queries for the clerk's lists (办件列表、文书列表、客户显示屏): plain dataclasses, masked.

Names and ID numbers never leave this module unmasked: a search matches the full value in the
store, the rows it returns carry only masked text (counter_app.domain.masking). Blocking: call
from a worker thread (counter_app.ui.tasks).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from functools import lru_cache

from sqlalchemy import func, or_, select, text

from counter_app.domain import case_engine
from counter_app.domain.catalog import ESCALATION_NAMES
from counter_app.domain.case_engine import STATE_NAMES, Case, CaseState
from counter_app.domain.checklist import TickState
from counter_app.domain.masking import mask_id, mask_name
from counter_app.domain.waiting import (APPROVAL_WAITS, WAIT_APPROVAL, WAIT_APPROVAL_STATUS, WAIT_PUBLICITY,  # re-exported
                                        WAIT_SHEET, waiting_data as waiting_data)
from counter_app.storage.tables_cases import CaseApplicantRow, CaseRow
from counter_protocol.clock import BEIJING

# 办件列表的筛选
FILTER_TODAY = "today"          # 今日办件
FILTER_OPEN = "open"            # 办理中（未办结）
FILTER_RETURNED = "returned"    # 材料不齐全（已退回）
FILTER_WAITING = "waiting"      # 等待中：主管审批 / 公示 / 信息表
FILTER_ALL = "all"
FILTERS = (FILTER_TODAY, FILTER_OPEN, FILTER_RETURNED, FILTER_WAITING, FILTER_ALL)

OPEN_STATES = (CaseState.draft.value, CaseState.review.value, CaseState.returned.value, CaseState.accepted.value)

APPLICANT_TYPE_NAMES = {"individual": "个人", "unit": "单位", "agent": "代办", "survivor": "遗属"}


@dataclass(frozen=True)
class CaseSummary:
    """One row of the 办件 list (personal data already masked)."""

    id: str
    case_no: str
    service_code: str
    service_name: str
    applicant_type: str
    applicant: str          # masked name or unit name
    id_masked: str          # masked ID number or credit code
    state: str
    state_label: str
    created_at: datetime
    updated_at: datetime
    rating: int | None = None
    moved_out: bool = False  # 已归档外移: found in the archive tables (housekeeping); opening it brings it back
    # why the case waits, as data ("" when it does not), for each front end to word in its own
    # language: :func:`waiting_data`'s kind and parameter, or WAIT_APPROVAL_STATUS with the case's
    # latest approval (ApprovalStatus) in ``waiting_approval`` (a case in 受理审核 that waits for its
    # 不予受理 decision)
    waiting_kind: str = ""
    waiting_arg: str = ""
    waiting_approval: object = None
    # 重复受理 the centre found and has not said are resolved: the other cases' 办件编号 (workflows.inbox)
    duplicate_of: tuple[str, ...] = ()
    # the centre refused the case's window certification and no clerk has acknowledged it yet: the
    # voided 认证结果告知单 is to be recovered (workflows.certification_refused.unacknowledged_refusals)
    certification_refused: bool = False

    @property
    def waiting(self) -> str:
        """Why the case waits in Chinese, the CLI's words (:func:`waiting_sentence`); "" when it does not."""
        return waiting_sentence(self.waiting_kind, self.waiting_arg, self.waiting_approval)


@dataclass(frozen=True)
class DocumentSummary:
    """One issued document (文书) with its latest print state."""

    id: str
    case_id: str
    case_no: str
    kind: str
    title: str
    number: str
    created_at: datetime
    print_state: str = ""       # latest print job's state ("" = never printed)
    printed_times: int = 0


@dataclass(frozen=True)
class CustomerView:
    """What the customer-facing screen shows of a case (masked)."""

    case_id: str
    case_no: str
    service_name: str
    applicant: str
    id_masked: str
    state: str
    state_label: str
    received: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()           # "材料：问题"
    outcome: str = ""
    rateable: bool = False
    rating: int | None = None
    extra: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"case_id": self.case_id, "case_no": self.case_no, "service_name": self.service_name,
                "applicant": self.applicant, "id_masked": self.id_masked, "state": self.state,
                "state_label": self.state_label, "received": list(self.received), "missing": list(self.missing),
                "outcome": self.outcome, "rateable": self.rateable, "rating": self.rating}


@lru_cache(maxsize=256)
def _service_name(snapshot: str) -> str:
    try:
        return str(json.loads(snapshot).get("name") or "")
    except (ValueError, AttributeError):
        return ""


def _masked_applicant(ap: CaseApplicantRow | None) -> tuple[str, str]:
    if ap is None:
        return "", ""
    if ap.name:
        return mask_name(ap.name), mask_id(ap.id_number)
    return ap.unit_name, mask_id(ap.credit_code)


def beijing_today() -> date:
    """The clerk's day: today's date in Beijing, whatever zone the workstation's clock is set to."""
    return datetime.now(BEIJING).date()


def _start_of(day: date) -> datetime:
    """Beijing midnight of ``day`` as the case workflow writes a case's times (cases.local_now: the
    workstation's clock, naive) — a case touched after midnight in Beijing is that day's."""
    return datetime.combine(day, time.min, BEIJING).astimezone().replace(tzinfo=None)


def _utc_start_of(day: date) -> datetime:
    """Beijing midnight of ``day`` as the storage's clock writes times (naive UTC): a document's
    created_at."""
    return datetime.combine(day, time.min, BEIJING).astimezone(timezone.utc).replace(tzinfo=None)


def waiting_words(data: tuple[str, str] | None) -> str:
    """:func:`waiting_data` in Chinese (等待主管审批：… / 公示中（至…） / 等待信息表); "" for None."""
    if data is None:
        return ""
    return waiting_sentence(*data)


def waiting_sentence(kind: str, arg: str = "", approval=None) -> str:
    """Why a case waits (``CaseSummary.waiting_kind`` / ``waiting_arg`` / ``waiting_approval``) in
    Chinese: the one source of the CLI's words (the window words the same data through tr(), with
    this as its fallback). WAIT_APPROVAL_STATUS is the approval's own Chinese wording
    (:func:`counter_app.workflows.approvals.status_text`); "" when the case does not wait."""
    if kind == WAIT_APPROVAL_STATUS:
        from counter_app.workflows.approvals import status_text

        return status_text(approval)   # "" for None
    if kind == WAIT_APPROVAL:
        known = arg in case_engine.Escalation._value2member_map_
        return "等待主管审批：" + (ESCALATION_NAMES.get(case_engine.Escalation(arg), arg) if known else arg)
    if kind == WAIT_PUBLICITY:
        return "公示中" + (f"（至{arg}）" if arg else "")
    if kind == WAIT_SHEET:
        return "等待信息表"
    return ""


def waiting_reason(case: Case, service) -> str:
    """Why an accepted case waits (等待主管审批 / 公示中 / 等待信息表); "" when the clerk can go on."""
    return waiting_words(waiting_data(case, service))


_LIKE_ESCAPE = str.maketrans({"\\": "\\\\", "%": "\\%", "_": "\\_"})
_CASE_NO_CHARS = re.compile(r"^[A-Za-z0-9-]+$")
_WHOLE_CASE_NO = re.compile(r"^[A-Za-z0-9-]+-\d{8}-\d{4,}$")    # workstation-YYYYMMDD-NNNN (workflows.cases)


def _search_clause(text: str, cases=None, applicants=None, fts_name: str = "cases_no_fts"):
    """The cases a search finds, as ``cases.id IN (…)`` over index lookups only (a store holds
    years of cases): the case number equal to a whole case number, or containing the text (FTS5
    trigram table ``cases_no_fts`` for 3 characters or more), a name or an ID number / credit code equal to it, a unit name starting
    with it. ``cases`` / ``applicants`` / ``fts_name``: the archive's tables instead (归档外移)."""
    from sqlalchemy import table, column, literal_column, union

    C = cases if cases is not None else CaseRow.__table__.c
    A = applicants if applicants is not None else CaseApplicantRow.__table__.c
    q = text.strip()
    ident = q.upper()
    # "<> ''" on each: the partial indexes (growth_0001) hold only the filled rows
    parts = [select(A.case_id).where(col == value, col != "") for col, value in (
        (A.name, q), (A.agent_name, q), (A.id_number, ident), (A.agent_id_number, ident), (A.credit_code, ident))]
    parts.append(select(A.case_id).where(A.unit_name != "", A.unit_name >= q, A.unit_name < q + "\U0010ffff",
                                         A.unit_name.like(f"{q.translate(_LIKE_ESCAPE)}%", escape="\\")))
    id_like = len(q) in (15, 18) and "-" not in q   # an ID number or credit code, never in a case number
    if _CASE_NO_CHARS.match(q) and not id_like:   # case numbers are ASCII: a name never looks there
        if _WHOLE_CASE_NO.match(q):
            # a whole 办件编号 (typed or scanned): the unique index, not the trigram table (whose
            # trigrams common to every number of the workstation make long lists to intersect)
            parts.append(select(C.id).where(C.case_no.in_(sorted({q, q.upper()}))))
        elif len(q) >= 3:
            fts = table(fts_name, column("case_id"), column("case_no"))
            parts.append(select(fts.c.case_id).where(literal_column(fts_name).op("MATCH")('"' + q + '"')))
        else:
            parts.append(select(C.id).where(C.case_no.like(f"%{q.translate(_LIKE_ESCAPE)}%", escape="\\")))
    return C.id.in_(select(union(*parts).subquery().c[0]))


@lru_cache(maxsize=1)
def _archive_tables():
    """The archive table set (migration growth_0003) as Core tables with the hot tables' columns."""
    from sqlalchemy import MetaData

    md = MetaData()
    return (CaseRow.__table__.to_metadata(md, name="archive_cases"),
            CaseApplicantRow.__table__.to_metadata(md, name="archive_case_applicants"))


def _moved_out_matches(store, search: str, limit: int) -> list[CaseSummary]:
    """Search hits among the cases housekeeping moved out of the hot tables (已归档外移)."""
    from counter_app.storage.archive import MARK, has_archive

    ac, aa = _archive_tables()
    stmt = (select(ac, aa.c.name, aa.c.id_number, aa.c.unit_name, aa.c.credit_code)
            .select_from(ac.outerjoin(aa, aa.c.case_id == ac.c.id))
            .where(_search_clause(search, ac.c, aa.c, "archive_cases_no_fts"))
            .order_by(ac.c.updated_at.desc(), ac.c.case_no.desc()).limit(limit))
    out = []
    with store.session() as s:
        if not has_archive(s.connection()):
            return []
        for r in s.execute(stmt).mappings():
            if r["name"]:
                applicant, masked_id = mask_name(r["name"]), mask_id(r["id_number"])
            else:
                applicant, masked_id = r["unit_name"] or "", mask_id(r["credit_code"] or "")
            state = CaseState(r["state"])
            out.append(CaseSummary(
                id=r["id"], case_no=r["case_no"], service_code=r["service_code"],
                service_name=_service_name(r["service_snapshot"]), applicant_type=r["applicant_type"],
                applicant=applicant, id_masked=masked_id, state=r["state"],
                state_label=f"{STATE_NAMES[state]}（{MARK}）", created_at=r["created_at"],
                updated_at=r["updated_at"], rating=r["rating"], moved_out=True))
    return out


def list_cases(store, filter: str = FILTER_TODAY, search: str = "", *, today: date | None = None,
               limit: int = 500, offset: int = 0, state: str | None = None) -> list[CaseSummary]:
    """办件列表: newest first, ``limit`` rows from ``offset`` on (a page; the next page starts at
    ``offset + limit``). ``search`` matches the case number, the full name or the full ID number;
    ``state`` keeps one state only. Every filter is SQL, 等待中 too: why a case waits is kept on its
    row (growth_0008_waiting, the partial index ix_cases_waiting); how an approval it waits for
    stands is read for the rows of the page only."""
    stmt = list_statement(filter, search, today=today, state=state)
    limit, offset = max(limit, 0), max(offset, 0)
    with store.session() as s:
        out = _summaries(store, s.execute(stmt.limit(limit).offset(offset)).all())
    if filter == FILTER_ALL and search.strip() and not state and offset == 0 and len(out) < limit:
        out += _moved_out_matches(store, search, limit - len(out))   # the archive: older than any hot case
    return out


def list_statement(filter: str = FILTER_TODAY, search: str = "", *, today: date | None = None,
                   state: str | None = None):
    """The 办件 list's query (:func:`list_cases`) before its page: (CaseRow, CaseApplicantRow) rows."""
    if filter not in FILTERS:
        raise ValueError(f"不认识的办件筛选：{filter}")
    today = today or beijing_today()
    stmt = (select(CaseRow, CaseApplicantRow).outerjoin(CaseApplicantRow, CaseApplicantRow.case_id == CaseRow.id)
            .order_by(CaseRow.updated_at.desc(), CaseRow.case_no.desc()))
    if filter == FILTER_TODAY:
        start = _start_of(today)
        stmt = stmt.where(CaseRow.updated_at >= start)   # updated_at >= created_at: one index range
    elif filter == FILTER_OPEN:
        stmt = stmt.where(CaseRow.state.in_(OPEN_STATES))
    elif filter == FILTER_RETURNED:
        stmt = stmt.where(CaseRow.state == CaseState.returned.value)
    elif filter == FILTER_WAITING:
        stmt = stmt.where(WAITING)
    if state:
        stmt = stmt.where(CaseRow.state == state)
    if search.strip():
        stmt = stmt.where(_search_clause(search))
    return stmt


# 等待中 as the partial index ix_cases_waiting states it, written out (not a bound parameter, not
# a boolean compared to 1) so that SQLite sees the index applies
WAITING = text("cases.waiting_kind <> ''")


# the states in which a case can stand beside another of the same person (a 重复受理 the centre found)
_DUPLICATE_STATES = frozenset({CaseState.review.value, CaseState.returned.value, CaseState.accepted.value,
                               CaseState.completed.value})


def _summaries(store, rows) -> list[CaseSummary]:
    """CaseSummary of (CaseRow, CaseApplicantRow) rows, with why each case of them waits."""
    stored = {row.id: (row.waiting_kind, row.waiting_arg) for row, _ in rows if row.waiting_kind}
    reasons = _waiting_reasons(store, list(stored), stored=stored) if stored else {}
    from counter_app.workflows.inbox import standing_duplicates

    from counter_app.workflows.certification_refused import unacknowledged_refusals

    with store.session() as s:
        duplicates = standing_duplicates(s, [row.id for row, _ in rows if row.state in _DUPLICATE_STATES])
    refused = {r.case_id for r in unacknowledged_refusals(store)} if rows else set()
    out = []
    for row, ap in rows:
        waiting_kind, waiting_arg, waiting_approval = reasons.get(row.id, ("", "", None))
        applicant, masked_id = _masked_applicant(ap)
        state = CaseState(row.state)
        out.append(CaseSummary(
            id=row.id, case_no=row.case_no, service_code=row.service_code,
            service_name=_service_name(row.service_snapshot), applicant_type=row.applicant_type,
            applicant=applicant, id_masked=masked_id, state=row.state, state_label=STATE_NAMES[state],
            created_at=row.created_at, updated_at=row.updated_at, rating=row.rating,
            waiting_kind=waiting_kind, waiting_arg=waiting_arg, waiting_approval=waiting_approval,
            duplicate_of=duplicates.get(row.id, ()), certification_refused=row.id in refused,
        ))
    return out


def _waiting_reasons(store, case_ids: list[str], *, stored: dict[str, tuple[str, str]] | None = None
                     ) -> dict[str, tuple[str, str, object]]:
    """case id → (kind, parameter, approval status) for the cases that wait (worded by
    :func:`waiting_sentence`, or by the window), from what their rows keep (``stored``: case id →
    (waiting_kind, waiting_arg), read from the store when not given). The approval a case waits for
    is read as it stands now: a step's request no longer pending (expired, withdrawn, rejected)
    waits for the clerk, not a supervisor."""
    from counter_app.workflows.approvals import latest_approval

    if stored is None:
        with store.session() as s:
            stored = {r.id: (r.waiting_kind, r.waiting_arg) for r in s.execute(
                select(CaseRow.id, CaseRow.waiting_kind, CaseRow.waiting_arg).where(CaseRow.id.in_(case_ids)))}
    out: dict[str, tuple[str, str, object]] = {}
    for cid in case_ids:
        kind, arg = stored.get(cid, ("", ""))
        if not kind:
            continue
        if kind == WAIT_APPROVAL_STATUS:
            # 待审批 / 已驳回 / 已过期 / 已撤回 (a case in 受理审核 waits for its 不予受理, or for the clerk to ask again)
            approval = latest_approval(store, cid)
            if approval is not None and approval.state in APPROVAL_WAITS:
                out[cid] = WAIT_APPROVAL_STATUS, "", approval
            continue
        if kind == WAIT_APPROVAL:
            approval = latest_approval(store, cid)
            if approval is not None and approval.action == arg and approval.state in ("expired", "withdrawn",
                                                                                      "rejected"):
                out[cid] = WAIT_APPROVAL_STATUS, "", approval
                continue
        out[cid] = kind, arg, None
    return out


def count_cases(store, *, today: date | None = None) -> dict[str, int]:
    """Counts per filter (for the filter labels and the 办件 list's 共 N 件; 等待中 has none)."""
    today = today or beijing_today()
    start = _start_of(today)
    with store.session() as s:
        n_today = s.scalar(select(func.count()).select_from(CaseRow).where(CaseRow.updated_at >= start)) or 0
        n_open = s.scalar(select(func.count()).select_from(CaseRow).where(CaseRow.state.in_(OPEN_STATES))) or 0
        n_ret = s.scalar(select(func.count()).select_from(CaseRow).where(CaseRow.state == CaseState.returned.value)) or 0
        n_all = s.scalar(select(func.count()).select_from(CaseRow)) or 0
    return {FILTER_TODAY: n_today, FILTER_OPEN: n_open, FILTER_RETURNED: n_ret, FILTER_ALL: n_all}


# ---------------------------------------------------------------- documents (文书)


def list_documents(store, *, case_id: str | None = None, day: date | None = None, limit: int = 500) -> list[DocumentSummary]:
    """Issued documents of one case, or of one day (all cases), newest first (as the 办件 list)."""
    from counter_app.domain.documents import DOCUMENTS, DocumentKind
    from counter_app.storage.tables_printing import DocumentRecord, PrintJob

    stmt = select(DocumentRecord).order_by(DocumentRecord.created_at.desc(), DocumentRecord.seq.desc()).limit(limit)
    if case_id is not None:
        stmt = stmt.where(DocumentRecord.case_id == case_id)
    if day is not None:
        stmt = stmt.where(DocumentRecord.created_at >= _utc_start_of(day),
                          DocumentRecord.created_at < _utc_start_of(date.fromordinal(day.toordinal() + 1)))
    with store.session() as s:
        recs = list(s.scalars(stmt))
        ids = [r.id for r in recs]
        case_nos = dict(s.execute(select(CaseRow.id, CaseRow.case_no)
                                  .where(CaseRow.id.in_({r.case_id for r in recs}))).all()) if recs else {}
        last_state: dict[str, str] = {}
        printed: dict[str, int] = {}
        if ids:
            for doc_id, state in s.execute(select(PrintJob.document_id, PrintJob.state)
                                           .where(PrintJob.document_id.in_(ids)).order_by(PrintJob.id)):
                last_state[doc_id] = state
                if state == "done":
                    printed[doc_id] = printed.get(doc_id, 0) + 1
    out = []
    for r in recs:
        try:
            title = DOCUMENTS[DocumentKind(r.kind)].title
        except (ValueError, KeyError):
            title = r.kind
        out.append(DocumentSummary(r.id, r.case_id, case_nos.get(r.case_id, ""), r.kind, title, r.number,
                                   r.created_at, last_state.get(r.id, ""), printed.get(r.id, 0)))
    return out


# ---------------------------------------------------------------- customer screen (客户显示屏)


def customer_view(store, case_id: str) -> CustomerView:
    """The case as the applicant may see it: service, masked identity, materials, outcome, rating
    (the outcome in the words of ``domain.case_text``, as the live window shows them)."""
    from counter_app.domain.case_text import customer_outcome

    from counter_app.workflows.cases import CaseWorkflow

    view = CaseWorkflow(store, actor="").get(case_id)
    case, service = view.case, view.service
    with store.session() as s:
        row = s.get(CaseRow, case_id)
        ap = s.get(CaseApplicantRow, case_id)
        rating = row.rating if row is not None else None
    applicant, masked_id = _masked_applicant(ap)
    plan = service.plan(case.applicant_type, case.variants)
    received, missing = [], []
    for m in plan.materials:
        tick = case.ticks.get(m.code)
        if tick is None:
            continue
        if tick.state is TickState.present:
            received.append(m.name)
        else:
            missing.append(f"{m.name}：{tick.problem or ('未提交' if tick.state is TickState.missing else '不符合要求')}")
    text = customer_outcome(case.state, case.reasons)
    return CustomerView(
        case_id=case.id, case_no=case.case_no, service_name=service.name, applicant=applicant, id_masked=masked_id,
        state=case.state.value, state_label=STATE_NAMES[case.state], received=tuple(received), missing=tuple(missing),
        outcome=text, rateable=case.state in case_engine.RATEABLE_STATES, rating=rating,
    )


def _archive_code(store, case_no: str) -> str | None:
    from counter_app.printing.archive_package import archive_code_of

    return archive_code_of(store, case_no)


def bring_back(store, number: str, *, actor: str = "", roles=None, workstation_id: str = "") -> str | None:
    """取回: the case housekeeping moved out (已归档外移) under 办件编号 (or id) ``number`` back in the
    hot tables, to be opened — its id, or None when the archive does not hold it. Reading, not
    business (nothing of the case changes, nothing goes to the centre): a counter role or 审计 may;
    an account of neither (外勤 alone, 系统管理) is refused (RoleRefused, audited) — the one check
    the window's case list, ``case show`` / the case commands and the package export share.
    ``roles`` None: the caller decided who reads."""
    from counter_app.storage.archive import is_moved_out, restore_case
    from counter_app.storage.permissions import require_role
    from counter_protocol.roles import BRING_BACK

    if roles is not None and is_moved_out(store, number):
        require_role(store, BRING_BACK, actor=actor, roles=roles, workstation_id=workstation_id,
                     object_type="case", object_id=number)
    return restore_case(store, number)


def case_details(store, number: str, *, actor: str = "", roles=None, workstation_id: str = "") -> dict | None:
    """One case by 办件编号 (or id) as ``counter-app case show`` prints it: personal data masked,
    materials, steps, documents and the outcome in the applicant's words; None when not here. A
    moved-out case is brought back first (:func:`bring_back`, as ``actor`` with ``roles``)."""
    from counter_app.domain.case_text import customer_outcome
    from counter_app.domain.terms import result_name
    from counter_app.domain.checklist import TICK_NAMES
    from counter_app.domain.documents import DOCUMENTS, DocumentKind
    from counter_app.workflows.cases import CaseWorkflow

    moved_back = False
    with store.session() as s:
        row = s.scalar(select(CaseRow).where(or_(CaseRow.case_no == number, CaseRow.id == number)))
    if row is None:   # 已归档外移 (housekeeping): brought back into the hot tables, as opening it in the window does
        if bring_back(store, number, actor=actor, roles=roles, workstation_id=workstation_id) is None:
            return None
        moved_back = True
    with store.session() as s:
        row = s.scalar(select(CaseRow).where(or_(CaseRow.case_no == number, CaseRow.id == number)))
        ap = s.get(CaseApplicantRow, row.id)
        applicant, masked_id = _masked_applicant(ap)
    workflow = CaseWorkflow(store, actor="")
    view = workflow.get(row.id)
    case, service = view.case, view.service
    names = {st.code: st.name for st in service.steps}
    kinds = {st.code: st.kind for st in service.steps}
    materials = []
    for m in service.plan(case.applicant_type, case.variants).materials:
        tick = case.ticks.get(m.code)
        state = tick.state if tick is not None else TickState.missing
        materials.append({"code": m.code, "name": m.name, "state": state.value, "state_label": TICK_NAMES[state],
                          "problem": tick.problem if tick is not None else ""})
    return {
        "case_id": case.id, "case_no": case.case_no, "service_code": service.code, "service_name": service.name,
        "catalog_version": case.catalog_version, "applicant_type": case.applicant_type,
        "applicant_type_label": APPLICANT_TYPE_NAMES.get(case.applicant_type, case.applicant_type),
        "applicant": applicant, "id_masked": masked_id, "state": case.state.value,
        "state_label": STATE_NAMES[case.state], "outcome": customer_outcome(case.state, case.reasons),
        "next_step": view.next_step, "reasons": list(case.reasons),
        "missing": [m.as_dict() for m in case.missing], "materials": materials,
        "steps": [{"code": r.step_code, "name": names.get(r.step_code, r.step_code), "result": r.result,
                   "result_label": result_name(r.result, kinds.get(r.step_code)), "at": r.at.isoformat(timespec="seconds"),
                   "actor": r.actor} for r in case.steps],
        "documents": [{"kind": d["kind"], "title": DOCUMENTS[DocumentKind(d["kind"])].title, "number": d["number"],
                       "status": d["status"]} for d in workflow.documents(case.id)],
        "history": [{"action": h["action"], "from": h["from"], "to": h["to"], "actor": h["actor"],
                     "at": h["at"].isoformat(timespec="seconds") if h["at"] else None, "reason": h["reason"]}
                    for h in workflow.history(case.id)],
        "created_at": case.created_at.isoformat(timespec="seconds") if case.created_at else None,
        "archive_code": _archive_code(store, case.case_no) if case.state is CaseState.archived else None,   # 档号
        "moved_back": moved_back,   # it was 已归档外移 and is back in the hot tables now
        "approval": _approval_words(store, case.id),   # the latest approval request: 待审批 / 已批准 / 已过期 …
        "duplicate": _duplicate_words(store, case.id),  # 中心发现重复受理：… while it stands, else ""
    }


def _duplicate_words(store, case_id: str) -> str:
    from counter_app.workflows.inbox import duplicate_flag

    return duplicate_flag(store, case_id)


def _approval_words(store, case_id: str) -> str:
    from counter_app.workflows.approvals import approval_status

    return approval_status(store, case_id)


__all__ = ["CaseSummary", "DocumentSummary", "CustomerView", "list_cases", "count_cases", "list_documents",
           "customer_view", "case_details", "waiting_reason", "waiting_sentence", "FILTERS", "FILTER_TODAY", "FILTER_OPEN", "FILTER_RETURNED",
           "FILTER_WAITING", "FILTER_ALL", "APPLICANT_TYPE_NAMES"]


# ---------------------------------------------------------------- outbox entry details (待同步)


def outbox_entry_details(store, seq: int) -> dict | None:
    """One outbox entry for display, masked (ID numbers, names, phones): its payload as indented
    JSON (``payload``) and as flat ``(key path, value)`` lines (``fields``: :func:`flatten_fields`), the case number it
    belongs to when known (``case_no``), its kind, state, reason, suggested action and times."""
    from counter_app.domain.masking import mask_text
    from counter_app.storage.tables_core import OutboxEntry

    with store.session() as s:
        row = s.get(OutboxEntry, seq)
        if row is None:
            return None
        try:
            masked = mask_fields(json.loads(row.payload))
            payload = json.dumps(masked, ensure_ascii=False, indent=2, sort_keys=True)
        except ValueError:
            masked, payload = None, mask_text(row.payload)
        fields = flatten_fields(masked) if masked is not None else [((), payload)]
        case_no = _case_numbers(s, [(row.seq, row.aggregate_type, row.aggregate_id, row.payload)]).get(row.seq, "")
        return {"seq": row.seq, "id": row.id, "kind": row.kind, "actor": row.actor, "state": row.state,
                "aggregate_type": row.aggregate_type, "case_no": case_no,
                "reason": mask_text(row.reason or ""), "suggested_action": row.suggested_action or "",
                "attempts": row.attempts, "created_at": row.created_at, "updated_at": row.updated_at,
                "payload": payload, "fields": fields, "last_error": mask_text(row.last_error or ""),
                # a refused on-site decision (and what followed it) undone here: what the clerk must do
                "reconciled": _reconciled(store, row.seq, row.state),
                # a window certification the centre refused, followed here: its notice to be recovered
                "certification_refused": _certification_refused(store, row.seq, row.kind, row.state),
                # a refused withdrawal whose request a supervisor had decided: the decision waits for the clerk
                "held": _held(store, row.kind, row.aggregate_id, row.state)}


def _held(store, kind: str, request_id: str, state: str) -> bool:
    if kind != "approval.withdrawn" or state not in ("rejected", "conflict"):
        return False
    from counter_app.workflows.inbox import held_decisions

    return any(h["request_id"] == request_id for h in held_decisions(store))


def _certification_refused(store, seq: int, kind: str, state: str) -> dict | None:
    if kind != "certification.recorded" or state not in ("rejected", "conflict"):
        return None
    from counter_app.domain.masking import mask_text
    from counter_app.workflows.certification_refused import refusal_followed

    followed = refusal_followed(store, seq)
    return {**followed, "reason": mask_text(followed["reason"])} if followed else None


def _reconciled(store, seq: int, state: str) -> dict | None:
    if state not in ("rejected", "conflict"):
        return None
    from counter_app.workflows.approval_sync import reconciled_note

    return reconciled_note(store, seq)


def flatten_fields(value, prefix: tuple = ()) -> list[tuple[tuple, object]]:
    """A JSON value as ``(key path, value)`` lines in key order: the path a tuple of its keys (a
    list's items numbered from 1, as ints), so a key that is data (a document number, a file
    name with dots) stays one part; the value as text, except a yes / no kept as a bool and an
    image left out as an :class:`OmittedImage` (the UI words them in its language)."""
    out: list[tuple[tuple, object]] = []
    if isinstance(value, dict):
        for k in sorted(value, key=str):
            out += flatten_fields(value[k], (*prefix, str(k)))
    elif isinstance(value, list):
        if not value:
            out.append((prefix, ""))
        for i, v in enumerate(value, 1):
            out += flatten_fields(v, (*prefix, i))
    elif value is None:
        out.append((prefix, ""))
    elif isinstance(value, (bool, OmittedImage)):
        out.append((prefix, value))
    else:
        out.append((prefix, str(value)))
    return out


def case_numbers_of(store, case_ids) -> list[str]:
    """The 办件编号 of ``case_ids`` in their order (the head of the id for a case not yet numbered)."""
    ids = list(case_ids)
    if not ids:
        return []
    with store.session() as s:
        numbers = dict(s.execute(select(CaseRow.id, CaseRow.case_no).where(CaseRow.id.in_(ids))).all())
    return [numbers.get(cid) or cid[:8] for cid in ids]


def outbox_case_numbers(store, entries) -> dict[int, str]:
    """The case number (办件编号) each outbox entry belongs to, by seq, where it can be told:
    a case entry by its case, a document by the document's case, others by their payload."""
    with store.session() as s:
        return _case_numbers(s, [(e.seq, e.aggregate_type, e.aggregate_id, None) for e in entries])


def _case_numbers(session, items) -> dict[int, str]:
    from counter_app.storage.tables_core import OutboxEntry
    from counter_app.storage.tables_printing import DocumentRecord

    case_of: dict[int, str] = {}
    docs = {aid for _, atype, aid, _ in items if atype == "document"}
    doc_case = dict(session.execute(select(DocumentRecord.id, DocumentRecord.case_id)
                                    .where(DocumentRecord.id.in_(docs))).all()) if docs else {}
    other: list[tuple[int, str | None]] = []
    for seq, atype, aid, payload in items:
        if atype == "case":
            case_of[seq] = aid
        elif atype == "document" and aid in doc_case:
            case_of[seq] = doc_case[aid]
        else:
            other.append((seq, payload))
    if other:
        missing = [seq for seq, p in other if p is None]
        payloads = dict(session.execute(select(OutboxEntry.seq, OutboxEntry.payload)
                                        .where(OutboxEntry.seq.in_(missing))).all()) if missing else {}
        direct: dict[int, str] = {}
        for seq, p in other:
            try:
                body = json.loads(p if p is not None else payloads.get(seq, "{}"))
            except ValueError:
                continue
            if not isinstance(body, dict):
                continue
            if body.get("case_no"):
                direct[seq] = str(body["case_no"])
            elif body.get("case_id"):
                case_of[seq] = str(body["case_id"])
    else:
        direct = {}
    ids = set(case_of.values())
    numbers = dict(session.execute(select(CaseRow.id, CaseRow.case_no).where(CaseRow.id.in_(ids))).all()) if ids else {}
    out = {seq: numbers[cid] for seq, cid in case_of.items() if cid in numbers}
    out.update(direct)
    return out


_PERSON_NAME_KEYS = ("name", "agent_name", "applicant_name", "holder_name", "insured_name", "deceased_name")
# lists of a case's materials: their "name" is the catalog's (身份证, 申领表), not a person's
_MATERIAL_PARENTS = frozenset({"materials", "missing", "ticks"})
_ADDRESS_KEYS = ("address",)


_BLOB_KEYS = frozenset({"photo", "png"})


class OmittedImage(int):
    """An image (a base64 photo or signature of a 上门认证) left out of an entry's details: its size
    in bytes, about. The UI words it (counter_app.ui.outbox_fields); JSON writes it as the number."""
# Numbers the system makes itself, never personal data: shown whole. Free-text masking would take
# a 办件编号 such as FT-W135-20261202-0001 for a mobile number ("135-2026-1202") and garble it.
_SYSTEM_NUMBER_KEYS = frozenset({"case_no", "archive_no", "workstation_id"})


def mask_fields(value, parent: str = ""):
    """Mask personal fields of a JSON value by key (names, ID numbers, phones, addresses), then free text.
    ``parent``: the key the value is under (a list's items are under the list's key); a material's
    ``name`` (under materials / missing / ticks) is the catalog's and only free-text masked."""
    from counter_app.domain.masking import mask_id, mask_name, mask_phone, mask_text

    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            key = str(k)
            if isinstance(v, str) and v:
                if key in _SYSTEM_NUMBER_KEYS:
                    pass
                elif key in _BLOB_KEYS:
                    v = OmittedImage(len(v) * 3 // 4)   # base64 photo / signature (上门认证)
                elif key == "name" and parent in _MATERIAL_PARENTS:
                    v = mask_text(v)
                elif key in _PERSON_NAME_KEYS:
                    v = mask_name(v)
                elif key.endswith("id_number"):
                    v = mask_id(v)
                elif key.endswith("phone") or key == "mobile":
                    v = mask_phone(v)
                elif key in _ADDRESS_KEYS:
                    v = v[:6] + "…" if len(v) > 6 else v
                else:
                    v = mask_text(v)
                out[k] = v
            else:
                out[k] = mask_fields(v, key)
        return out
    if isinstance(value, list):
        return [mask_fields(v, parent) for v in value]
    if isinstance(value, str):
        return mask_text(value)
    return value
