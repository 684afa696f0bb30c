"""Approval requests at the centre (审批, maker-checker): received through the push, listed per
office, decided by a supervisor's own token, never changed once decided.

- ``approval.requested`` entry: a new pending request of the pushing workstation's office. A second
  pending request for the same case and action is refused (the entry is ``rejected`` with the reason).
  The signed-in user of the push is recorded (``pushed_by``): like the maker, never its checker.
  Everyone who took part in creating a request is kept with it (``participants``: maker, pusher,
  the entry's actor; for a resumption the centre raises, the account that recorded the
  certification and each staff member of the home visit, counter_central.certification): none of
  them decides it, remotely or on site.
- ``approval.decided`` entry: a decision made on site (现场授权) on the maker's screen, possibly
  offline. The centre re-checks everything (:func:`counter_protocol.approvals.decision_refusal`):
  the checker is a supervisor of the office with the level, took no part in making the request
  (maker, pusher, participants), the request is pending. A decision or a withdrawal pushed from another office's workstation
  is rejected and changes nothing. The decision must carry its ``proof``: an HMAC by the checker's
  approval key for the pushing workstation (:func:`approval_key`, sent only to the checker's own
  login there), so a clerk cannot name a supervisor who never authenticated on that screen.
- ``POST /approvals/{id}/decision`` (集中授权): the checker is the token's user.
- A request, or its approval (集中授权 or 现场授权), for an approval point the case's service does
  not have (:func:`point_refusal`: the catalog's flow of the service the centre holds the case as,
  ``case_states.service_code``) is refused with the reason and changes nothing.
- Expiry (过期): a request still pending ``pending_expiry_hours`` (the authorisation table the centre
  publishes) after it was made becomes ``expired`` — swept for the office on each pull, by
  ``counter-central approvals expire``, and before any decision or new request touches it. An
  expired request cannot be decided; the clerk may raise a new one. An on-site decision made
  (offline) before the deadline still stands when it arrives after it.

A decision is published to the office as ``approval.decided`` and, when remote, as
``case.escalation_decision`` for the maker's case (with the maker named, so the counter never
compares the checker with whoever happens to be signed in there).
"""

from __future__ import annotations

import json
from decimal import Decimal
from datetime import date, datetime, timedelta
from typing import Callable, Iterable, Mapping

from pydantic import ValidationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from counter_protocol import sync as p
from counter_central.audit import record_centre
from counter_central.db import (ApprovalKey, ApprovalRow, ApprovalUse, ChangeRow, ReceivedEntry, ReferenceRow, User,
                                insert_on_conflict, naive_utc, utcnow)
from counter_protocol import approvals as ap
from counter_protocol.sync import CLOCK_SKEW_LIMIT_SECONDS
from counter_protocol.field_errors import field_error_words
from counter_protocol.field_errors import where as field_where
from counter_rules.approval_points import approved_before_recording, service_points, step_point
from counter_rules.authorisation import LEVEL_NAMES as TABLE_LEVELS, AuthorisationTable, benefit_terms, table_from_dict
from counter_rules.catalog import Catalog, CatalogError, Step, catalog_from_dict
from counter_rules.terms import ESCALATION_NAMES, MINIMUM_LEVELS, Escalation

Effect = Callable[[Session], None]
CENTRE_ACTIONS = ("payment_suspension", "payment_resumption")   # counter_protocol.certification_sync
READERS = ("supervisor", "auditor", "admin")


def _naive(dt: datetime) -> datetime:
    """Stored naive UTC, like every time of the centre."""
    return naive_utc(dt)


def participants_json(names: Iterable[str]) -> str:
    """The ``participants`` column: the distinct non-empty user names, sorted, as a JSON array."""
    return json.dumps(sorted({n for n in names if n}), ensure_ascii=False)


def participants_of(row: ApprovalRow) -> set[str]:
    """Everyone who took part in creating the request: its participants, maker and pusher."""
    try:
        stored = json.loads(row.participants or "[]")
    except ValueError:
        stored = []
    names = {n for n in stored if isinstance(n, str)} if isinstance(stored, list) else set()
    return {n for n in names | {row.maker, row.pushed_by} if n}


def to_model(row: ApprovalRow) -> ap.ApprovalRequest:
    from counter_central.core import _aware

    return ap.ApprovalRequest(
        id=row.id, action=row.action, case_id=row.case_id, case_no=row.case_no, service_code=row.service_code,
        office_code=row.office_code, workstation_id=row.workstation_id, maker=row.maker, made_at=_aware(row.made_at),
        payload_digest=row.payload_digest, required_level=row.required_level, summary=row.summary,
        details=json.loads(row.details or "{}"), state=ap.ApprovalState(row.state), checker=row.checker,
        decided_at=_aware(row.decided_at) if row.decided_at else None, reason=row.reason, mode=row.mode)


class BatchView:
    """The requests as a push batch sees them: stored rows plus those created earlier in the batch."""

    def __init__(self, s: Session):
        self.s = s
        self.rows: dict[str, ApprovalRow] = {}
        self._authorisation: list[dict] | None = None
        self._table: AuthorisationTable | None = None
        self._table_read = False
        self._steps: dict[tuple[str, str, str], list[Step]] = {}
        self.uses: dict[str, str] = {}          # approval -> the entry it authorised (stored, or bound in this batch)
        self.new_uses: list[ApprovalUse] = []   # bound in this batch (:meth:`store_uses`)
        self.overrides: dict[str, list[dict]] = {}   # case id -> its 改判 entries accepted earlier in this batch

    def used_by(self, approval: str) -> str | None:
        """The entry the approval (a request's id, or ``change:<cursor>``) was spent on, or None."""
        if approval not in self.uses:
            row = self.s.get(ApprovalUse, approval)
            if row is None:
                return None
            self.uses[approval] = row.entry_id
        return self.uses[approval]

    def bind(self, approval: str, entry_id: str, case_id: str) -> None:
        """The entry ``entry_id`` stands on ``approval``: spent from now on (stored by :meth:`store_uses`;
        nothing new when it is already this entry's, as in a batch worked out again)."""
        if self.used_by(approval) == entry_id:
            return
        self.uses[approval] = entry_id
        self.new_uses.append(ApprovalUse(approval=approval, entry_id=entry_id, case_id=case_id, used_at=utcnow()))

    def store_uses(self, s: Session) -> None:
        """Write the approvals spent in this batch (with its entries, same transaction). Two pushes
        spending one approval at once: the second insert meets the first's key and the push is worked
        out again (counter_central.core._push), when the approval is found spent."""
        for use in self.new_uses:
            s.add(use)
        self.new_uses = []

    def note_override(self, case_id: str, payload: dict) -> None:
        """A 改判 entry (``case.condition_override``) of the case accepted earlier in this batch."""
        self.overrides.setdefault(case_id, []).append(payload)

    def overrides_of(self, case_id: str) -> list[dict]:
        """The 改判 entries of the case the centre accepted (stored, and earlier in this batch)."""
        found: list[dict] = []
        from counter_central import entry_key

        for row in self.s.execute(select(*entry_key.PAYLOAD).where(
                ReceivedEntry.aggregate_type == "case", ReceivedEntry.aggregate_id == case_id,
                ReceivedEntry.kind == OVERRIDE_KIND, ReceivedEntry.outcome == "accepted")):
            body = entry_key.opened_json(*row, self.s)      # sealed at rest (counter_central.entry_key)
            if isinstance(body, dict):
                found.append(body)
        return found + self.overrides.get(case_id, [])

    def authorisation_rules(self) -> list[dict]:
        """The centre's authorisation table, read once per batch (certification.authorisation_rules)."""
        if self._authorisation is None:
            from counter_central.certification import authorisation_rules

            self._authorisation = authorisation_rules(self.s)
        return self._authorisation

    def authorisation_table(self) -> AuthorisationTable | None:
        """The same table as a whole (rules and parameters), to weigh its conditional rules; None
        when it does not read as a table (then a conditional rule asks its action's strictest level)."""
        if not self._table_read:
            self._table_read = True
            from counter_central.resources import resources_root

            from counter_central.core import reference_row_in_force

            row = reference_row_in_force(self.s, "authorisation")
            try:
                doc = json.loads(row.content if row is not None else
                                 (resources_root() / "reference" / "authorisation.json").read_text(encoding="utf-8"))
                self._table = table_from_dict(doc)
            except (ValueError, TypeError, AttributeError, OSError):   # AuthorisationError is a ValueError
                self._table = None
        return self._table

    def steps_of(self, service_code: object, version: object, step_code: object) -> list[Step]:
        """The catalog's step ``step_code`` of ``service_code``: as the catalog the entry names
        (``catalog_version``, when published) and the one in force at the centre define it (the
        bundled catalog when none is published); empty when neither knows it. What a step is (its
        approval point) is the catalog's word, never the entry's."""
        if not all(isinstance(x, str) and x for x in (service_code, step_code)):
            return []
        key = (str(service_code), str(version or ""), str(step_code))
        if key not in self._steps:
            found: list[Step] = []
            for catalog in self._catalogs(str(version or "")):
                try:
                    service = catalog.get(key[0])
                except CatalogError:
                    continue
                step = next((st for st in service.steps if st.code == key[2]), None)
                if step is not None and step not in found:
                    found.append(step)
            self._steps[key] = found
        return self._steps[key]

    def _catalogs(self, version: str) -> list[Catalog]:
        return case_catalogs(self.s, version)

    def get(self, request_id: str) -> ApprovalRow | None:
        if request_id not in self.rows:
            row = self.s.get(ApprovalRow, request_id, with_for_update=True)
            if row is None:
                return None
            self.rows[request_id] = row
        return self.rows[request_id]

    def approved_for(self, case_id: str, action: str | None, checker: str, office_code: str) -> list[ApprovalRow]:
        """The requests of ``office_code`` for ``action`` (None: any) on the case that ``checker``
        approved (stored, or decided earlier in this batch). Another office's request never counts
        for this office's case, whatever case id it names."""
        found = {r.id: r for r in self.rows.values()
                 if (r.case_id == case_id and action in (None, r.action) and r.state == "approved"
                     and r.checker == checker and r.office_code == office_code)}
        q = select(ApprovalRow).where(ApprovalRow.case_id == case_id, ApprovalRow.state == "approved",
                                      ApprovalRow.checker == checker, ApprovalRow.office_code == office_code)
        if action is not None:
            q = q.where(ApprovalRow.action == action)
        for r in self.s.scalars(q):
            found.setdefault(r.id, r)
        return list(found.values())

    def pending_for(self, case_id: str, action: str, office_code: str) -> ApprovalRow | None:
        """The pending request of ``office_code`` for ``action`` on the case (another office's, which
        the centre no longer accepts, never blocks this office's)."""
        for r in self.rows.values():
            if r.case_id == case_id and r.action == action and r.state == "pending" and r.office_code == office_code:
                return r
        return self.s.scalars(select(ApprovalRow).where(ApprovalRow.case_id == case_id, ApprovalRow.action == action,
                                                        ApprovalRow.state == "pending",
                                                        ApprovalRow.office_code == office_code).limit(1)).first()


def case_catalogs(s: Session, version: str) -> list[Catalog]:
    """The catalogs a case entry naming ``version`` is read by: that version's (when published) and
    the one in force at the centre — the bundled catalog when none is published."""
    from counter_central.core import reference_row_in_force

    rows = [s.get(ReferenceRow, ("catalog", version)) if version else None, reference_row_in_force(s, "catalog")]
    out = [c for row in rows if row is not None and (c := _published_catalog(row.digest, row.content)) is not None]
    if not out and rows[1] is None:
        from counter_central.registry.recheck import _bundled_catalog
        from counter_central.resources import resources_root

        out.append(_bundled_catalog(str(resources_root() / "catalog" / "services.json")))
    return out


_CATALOGS: dict[str, Catalog | None] = {}   # a published catalog as read, by its digest (the last few)


def _published_catalog(digest: str, content: str) -> Catalog | None:
    """A published catalog, read once per digest; None when it does not read (the centre checked it
    when it was published, counter_central.core)."""
    if digest not in _CATALOGS:
        try:
            _CATALOGS[digest] = catalog_from_dict(json.loads(content))
        except (ValueError, TypeError, KeyError, AttributeError):      # CatalogError is a ValueError
            _CATALOGS[digest] = None
        while len(_CATALOGS) > 4:
            _CATALOGS.pop(next(iter(_CATALOGS)))
    return _CATALOGS[digest]


# ------------------------------------------------------------------------------------ expiry

_HOURS: dict[str, Decimal | None] = {}


def expiry_hours(s: Session, now: datetime | None = None) -> Decimal | None:
    """``pending_expiry_hours`` of the authorisation table the centre publishes (latest
    ``authorisation``), on today's date in Beijing; None when no table sets it (nothing expires)."""
    now = now or utcnow()
    row = s.scalars(select(ReferenceRow).where(ReferenceRow.name == "authorisation")
                    .order_by(ReferenceRow.published_at.desc()).limit(1)).first()
    if row is None:
        return None
    on = (now + timedelta(hours=8)).date()       # 北京时间的日期
    key = f"{row.digest}:{on.isoformat()}"
    if key not in _HOURS:
        try:
            content = json.loads(row.content)
        except ValueError:
            content = {}
        _HOURS.clear()
        _HOURS[key] = ap.expiry_hours_of_table(content, on)
    return _HOURS[key]


def _expire(row: ApprovalRow, hours: Decimal, now: datetime) -> None:
    row.state, row.decided_at, row.reason, row.checker, row.mode = "expired", now, ap.expired_reason(hours), "", ""


EXPIRY_ACTOR = "系统（过期检查）"   # who expires requests when no operator runs ``approvals expire``


def expire_due(s: Session, *, office_code: str | None = None, now: datetime | None = None,
               by: str = EXPIRY_ACTOR) -> list[ApprovalRow]:
    """Mark the pending requests past their deadline expired and publish each to its office (the
    caller commits). ``office_code``: only that office's. When any expired, one record in the
    centre's audit chain (``approvals.expire``) names them; ``by``: who ran it (the system's
    check before a read, or the ``approvals expire`` command's operator)."""
    now = now or utcnow()
    hours = expiry_hours(s, now)
    if hours is None:
        return []
    cutoff = now - timedelta(hours=float(hours))
    q = select(ApprovalRow).where(ApprovalRow.state == "pending", ApprovalRow.made_at <= cutoff)
    if office_code is not None:
        q = q.where(ApprovalRow.office_code == office_code)
    rows = list(s.scalars(q.with_for_update(skip_locked=True)))
    for row in rows:
        _expire(row, hours, now)
        publish_decision(s, row, case_update=False)
    if rows:
        record_centre(s, actor=by, action="approvals.expire", object_type="approval_request",
                      object_id=rows[0].id if len(rows) == 1 else "",
                      detail=f"{len(rows)} 件待审批申请超过 {hours} 小时未审批，已标记为过期：" + "、".join(r.id for r in rows))
    return rows


def _overdue(s: Session, row: ApprovalRow, at: datetime) -> tuple[bool, Decimal]:
    hours = expiry_hours(s, at)
    try:
        late = ap.is_overdue(row.made_at, at, hours)
    except OverflowError:       # a time at the calendar's edge (stored before times were checked): never decidable
        late = True
    return late, hours if hours is not None else Decimal(0)


# How far ahead of the centre's clock a workstation may date a request or an on-site decision: the
# clocks may differ by CLOCK_SKEW_LIMIT_SECONDS (beyond that the counter already says 时钟不准). A
# request dated later would never expire; a time beyond the calendar's edge in UTC cannot be kept.
FUTURE_ALLOWANCE = timedelta(seconds=CLOCK_SKEW_LIMIT_SECONDS)
MADE_AT_REFUSED = "审批申请的提出时间不在有效范围（晚于中心当前时间或超出日历范围），工作站时钟可能不准"
DECIDED_AT_REFUSED = "审批决定的时间不在有效范围（晚于中心当前时间或超出日历范围），工作站时钟可能不准"
DECIDED_BEFORE_MADE = "审批决定的时间早于审批申请的提出时间"
CHECK_CLOCK = "核对工作站的日期和时间后重新办理"


def _plausible(at: datetime, now: datetime) -> bool:
    """Whether a time a workstation wrote can stand: in UTC within the calendar, and not after the
    centre's clock by more than the clocks may differ."""
    try:
        return naive_utc(at) <= now + FUTURE_ALLOWANCE
    except OverflowError:
        return False


Result = tuple[str, str | None, str | None, Effect | None]   # outcome, reason, suggested action, effect


def check_entry(view: BatchView, office_code: str, workstation_id: str, item: p.OutboxItem,
                pushed_by: str = "", services: Mapping[str, str] | None = None) -> Result:
    """(outcome, reason, action, effect) of one ``approval`` entry pushed from ``workstation_id`` of
    ``office_code`` by ``pushed_by`` (the token's user); ``effect`` writes it after the entry is
    stored (same transaction). ``services``: case id → the service it was opened as, as the push
    knows it (held, or named by an entry accepted earlier in the batch; counter_central.core)."""
    try:
        if item.kind == ap.KIND_REQUESTED:
            return _requested(view, office_code, workstation_id, item, pushed_by, services)
        if item.kind == ap.KIND_DECIDED:
            return _decided_on_site(view, office_code, item, workstation_id, services)
        if item.kind == ap.KIND_WITHDRAWN:
            return _withdrawn(view, office_code, workstation_id, item, pushed_by)
    except ValidationError as exc:
        first = exc.errors()[0]
        return ("rejected", f"审批记录内容不完整：{field_where(first)} {field_error_words(first)}",
                "联系信息技术人员", None)
    return "rejected", f"中心不认识的审批记录类型：{item.kind}", "联系信息技术人员", None


def _requested(view: BatchView, office_code: str, workstation_id: str, item: p.OutboxItem,
               pushed_by: str, services: Mapping[str, str] | None = None) -> Result:
    req = ap.RequestPayload.model_validate(item.payload)
    if not _plausible(req.made_at, utcnow()):
        return "rejected", MADE_AT_REFUSED, CHECK_CLOCK, None
    if view.get(item.aggregate_id) is not None:
        return "rejected", "该审批申请编号已存在", "联系信息技术人员", None
    if req.maker != item.actor:
        return "rejected", "审批申请的经办人与提交人不一致", "由经办人本人重新提出申请", None
    held = _case_office(view.s, req.case_id)
    if held and held != office_code:
        # a case the centre holds under another office is that office's to ask about (a case the
        # centre does not know yet is new: the first office to push it holds it, core._push)
        return ("rejected", f"办件属于分局 {held}，本工作站属于分局 {office_code or '未登记'}，不能为其提出审批申请",
                "只能为本分局的办件提出审批申请", None)
    lacking = point_refusal(view.s, req.case_id, req.action, req.service_code, services)
    if lacking is not None:
        return "rejected", lacking, POINT_ACTION, None
    dup = view.pending_for(req.case_id, req.action, office_code)
    expired_dup = None
    if dup is not None:
        late, hours = _overdue(view.s, dup, utcnow())
        if late:                       # the old one is past its deadline: expired now, the new one stands
            _expire(dup, hours, utcnow())
            expired_dup, dup = dup, None
    if dup is not None:
        return ("rejected", "该办件已有同一事项的审批申请在等待审批，不能重复申请",
                "等待负责人审批，或先撤回原申请", None)
    # 分级授权 (7.3.2) is the centre's table, not the workstation's word: never below the level the
    # published table sets for the action — a conditional rule (待遇核定 over back_pay_months_max /
    # amount_max) weighed on the terms the request carries, the strictest when it carries none —
    # on the request's date or the centre's, whichever asks more (a workstation's date cannot pick
    # an older, laxer table)
    level = max(req.required_level, _strictest_level(view, req.action, req.made_at, req.details))
    row = ApprovalRow(id=item.aggregate_id, action=req.action, case_id=req.case_id, case_no=req.case_no,
                      service_code=req.service_code, office_code=office_code, workstation_id=workstation_id,
                      maker=req.maker, pushed_by=pushed_by, participants=participants_json((req.maker, item.actor, pushed_by)),
                      made_at=_naive(req.made_at), payload_digest=req.payload_digest,
                      required_level=level, summary=req.summary,
                      details=p.canonical_json(req.details), state="pending", checker="", reason="", mode="")
    view.rows[row.id] = row

    def effect(s: Session) -> None:
        from counter_central.core import add_change

        if expired_dup is not None:
            publish_decision(s, expired_dup, case_update=False)
        s.add(row)
        s.flush()
        add_change(s, ap.KIND_REQUESTED, ap.AGGREGATE, row.id, to_model(row).model_dump(mode="json"),
                   office_code=row.office_code)

    return "accepted", None, None, effect


# ------------------------------------------------------------------------------------ the points a case's service has

POINT_ACTION = "只能为办件的服务事项有的审批点提出或批准审批申请：核对办件的服务事项，或驳回该申请"


def point_refusal(s: Session, case_id: str, action: str, named_service: str = "",
                  services: Mapping[str, str] | None = None, *, decision: bool = False) -> str | None:
    """Why a request for ``action`` on ``case_id`` cannot be made — or, with ``decision``, approved —
    at the centre: the flow of the case's service has no such approval point (the catalog's word,
    :func:`counter_rules.approval_points.service_points`, of :func:`_flow_catalogs`; e.g. 注销参保 on a
    养老金申领, which approved would let its 受理 pass as a 注销's). The service is the one the case
    was opened as at the centre (``case_states.service_code``, or ``services``: named by an entry
    accepted earlier in the push), else — a case the centre does not know yet — the one the
    request names (checked again against the held one when it is approved); None when it stands,
    or when nothing names a service. The centre's own requests (暂停发放 / 恢复发放,
    :data:`CENTRE_ACTIONS`) are no service's."""
    if action in CENTRE_ACTIONS or action not in Escalation._value2member_map_:
        return None      # an unknown action is refused as such where it is weighed
    code = (services or {}).get(case_id) or _held_service(s, case_id) or named_service
    if not code:
        return None
    point = Escalation(action)
    known = []
    for catalog in _flow_catalogs(s):
        try:
            known.append(catalog.get(code))
        except CatalogError:
            continue
    if any(point in service_points(service) for service in known):
        return None
    return ap.point_refusal(known[0].name if known else code, ESCALATION_NAMES[point], decision=decision)


def _flow_catalogs(s: Session) -> list[Catalog]:
    """The catalogs whose flows say which points a service has: the one in force at the centre and
    the centre's bundled one (a catalog published before it marked a point — 注销登记's 受理, from
    2026.6 — does not take the point from the cases in progress)."""
    from counter_central.registry.recheck import _bundled_catalog
    from counter_central.resources import resources_root

    bundled = _bundled_catalog(str(resources_root() / "catalog" / "services.json"))
    return [*(c for c in case_catalogs(s, "") if c is not bundled), bundled]


def _held_service(s: Session, case_id: str) -> str | None:
    """The service the centre holds the case as (``case_states.service_code``), or None."""
    from counter_central.core import _case_service

    return _case_service(s, case_id) if case_id else None


# ------------------------------------------------------------------------------------ approvals a case entry names

CANCEL_SERVICE = "reg_cancel"          # 注销参保 (counter_app.workflows.cases.CANCEL_SERVICE)
KIND_ESCALATION = "case.escalation_decision"


def guarded_action(payload: dict, to_state: str) -> str | None:
    """The approval (分级授权, 7.3.2) a case transition to ``to_state`` stands on whatever the
    entry says of itself: every 不予受理 (``rejection``), every 不予认定 (``denial``), the acceptance
    of a 注销参保 (``reg_cancel``)."""
    if to_state == "rejected":
        return "rejection"
    if to_state == "denied":
        return "denial"
    if to_state == "accepted" and payload.get("service_code") == CANCEL_SERVICE:
        return "reg_cancel"
    return None


def move_action(s: Session, case_id: str, from_state: str | None, to_state: str, service_code: str | None) -> str | None:
    """The approval a supervisor's own move of the case from ``from_state`` to ``to_state``
    (``POST /cases/updates``) is weighed as: the guarded transition's (:func:`guarded_action`), or —
    for a 受理 / 材料不齐全 decided at 受理审核 on a case the centre holds a clerk's 改判 of — the
    改判's (condition_override: the move decides on the 改判 as its approval would), else None."""
    guarded = guarded_action({"service_code": service_code}, to_state)
    if guarded is not None:
        return guarded
    if _acceptance_decision({"from_state": from_state}, to_state) and rests_on_override(BatchView(s), case_id, {}):
        return Escalation.condition_override.value
    return None


def _action_name(action: str | None) -> str:
    try:
        return ESCALATION_NAMES[Escalation(action)]
    except ValueError:
        return "该事项"


STEP_KINDS = ("case.step", "case.step_approved")     # a step recorded; its approval recorded after it


ACCEPTANCE_STATES = ("accepted", "returned")     # a 受理 / 材料不齐全 decided on a supervisor's 改判 (condition_override)
OVERRIDE_KIND = "case.condition_override"        # the clerk's 改判 of a system-verified condition (counter_app.workflows.cases)


def needs_check(payload: dict, to_state: str | None, kind: str = "") -> bool:
    """Whether a case entry must be checked by :func:`approval_refusal` (cheap: most entries name no
    approver, are no guarded transition, no acceptance decided at 受理审核 and record no step)."""
    return (bool(payload.get("approved_by")) or kind in STEP_KINDS
            or (to_state is not None and guarded_action(payload, to_state) is not None)
            or _acceptance_decision(payload, to_state))


def _acceptance_decision(payload: dict, to_state: str | None) -> bool:
    """Whether the entry is a 受理 / 材料不齐全 decided at 受理审核 (the decision a 改判 may rest on)."""
    return to_state in ACCEPTANCE_STATES and payload.get("from_state", payload.get("from")) == "review"


def rests_on_override(view: BatchView, case_id: str, payload: dict) -> bool:
    """Whether a 受理 / 材料不齐全 decided at 受理审核 rests on the clerk's 改判 of a system-verified
    condition (condition_override): the entry says so (its approval point, a condition of its
    decision basis marked ``override``), or the centre holds a 改判 of the case (an accepted
    ``case.condition_override`` entry, stored or earlier in the batch) whose condition the entry's
    decision basis does not show as the system found it (a clerk who took the 改判 back). An entry
    that leaves its 改判 out is weighed on the ones the centre holds, never on its own word alone."""
    if payload.get("escalation") == Escalation.condition_override.value:
        return True
    conditions = payload.get("conditions")
    listed = {c.get("code"): c for c in conditions if isinstance(c, dict)} if isinstance(conditions, list) else {}
    if any(c.get("override") for c in listed.values()):
        return True
    for held in view.overrides_of(case_id):
        now = listed.get(held.get("condition"))
        if now is None or now.get("result") != held.get("system_result"):
            return True
    return False


def approval_refusal(view: BatchView, case_id: str, payload: dict, to_state: str | None,
                     at: datetime, office_code: str, kind: str = "",
                     service_code: str | None = None, *, entry_id: str = "",
                     received: datetime | None = None) -> tuple[str, str] | None:
    """(reason, suggested action) when a pushed case entry stands on a supervisor's approval the
    centre does not hold; None when it stands. The centre trusts no client:

    - a 不予受理, or the acceptance of a 注销参保, needs an approver when the centre's table asks
      for one on that date; a 不予认定 always (MINIMUM_LEVELS);
    - a step at an approval point of its service (``kind`` ``case.step``; the catalog's word,
      :mod:`counter_rules.approval_points`, of ``service_code``, the service the case was opened as)
      that is recorded with its approval — 免于采集指纹, 信息表审核, a 待遇核定 whose figures the
      table weighs over its parameters (:func:`entry_level`, counted to ``received``, when the
      centre received it) — needs an approver when the table asks;
    - a 受理 / 材料不齐全 decided at 受理审核 that rests on the clerk's 改判 (:func:`rests_on_override`)
      needs the approved 改判 (condition_override) of the case when the table asks (注销参保's
      acceptance stands on its own approval, reg_cancel, the stricter one the counter asks for it);
    - an entry naming an approver (``approved_by``: the 审批人 its documents print) stands only on an
      approved request of that supervisor for that case and for the entry's own approval point
      (the guarded transition's, the step's in the catalog, else the one the entry names; none:
      refused, never "any approval"), whose step, result and 核定数据 are the entry's
      (:func:`entry_term_differing`) — 集中授权 or 现场授权, stored or decided earlier in the same
      batch — or on a decision the centre published for the case (``case.escalation_decision``,
      POST /cases/updates) — of ``office_code``, the office the case is held under (another
      office's approval never counts), by a supervisor of that office with the level the table
      sets for the entry's own terms and the request's, who took no part in the case
      (:func:`case_participants`);
    - an approval is spent by the step record it authorised: the first accepted ``case.step``
      recorded with its approval (``entry_id``) binds it (:meth:`BatchView.bind`); a second record
      naming it is refused, while the same entry sent again is a duplicate before it gets here."""
    guarded = guarded_action(payload, to_state) if to_state is not None else None
    checker = payload.get("approved_by")
    if checker is not None and not isinstance(checker, str):
        return "审批人应为账号名称", "联系信息技术人员"
    point, needed, required, binding = None, 0, False, False
    if kind in STEP_KINDS:
        point, needed, required, with_approval = _step_point(view, payload, at, service_code or payload.get("service_code"),
                                                             received)
        required = required and kind == "case.step"
        binding = with_approval and kind == "case.step" and bool(entry_id)
    override = guarded is None and _acceptance_decision(payload, to_state)
    if not checker or not checker.strip():
        unapproved = guarded if guarded is not None and _strictest_level(view, guarded, at) > 0 else (
            point.value if required and point is not None else None)
        if (unapproved is None and override and _strictest_level(view, Escalation.condition_override.value, at) > 0
                and rests_on_override(view, case_id, payload)):
            unapproved = Escalation.condition_override.value
        if unapproved is not None:
            return (f"「{_action_name(unapproved)}」须经负责人审批（分级授权），该记录没有审批人",
                    "由负责人现场授权或集中授权后再办理")
        return None
    checker = checker.strip()
    # an acceptance on the clerk's 改判 stands on its condition_override only; one that rests on no 改判
    # may stand on the approval a supervisor gave for the case's acceptance (condition_override or
    # reg_cancel, as the counter asks for them), never on another (a 补打's, say)
    actions = ([guarded] if guarded else [point.value] if point is not None
               else [Escalation.condition_override.value] if override and rests_on_override(view, case_id, payload)
               else [Escalation.condition_override.value, Escalation.reg_cancel.value] if override
               else _named_points(payload))
    if not actions:
        return (f"该记录注明了审批人 {checker}，但不是需要审批的事项（审批点），中心不能确认所注明的审批",
                "核对该记录；如仍出现请联系信息技术人员")
    differing: tuple[str, str] | None = None
    for action in actions:
        approved = view.approved_for(case_id, action, checker, office_code)
        matching = [r for r in approved if entry_term_differing(r, payload, kind) is None]
        published = [] if approved else _published_approvals(view.s, case_id, action, checker, office_code)
        if matching or published:
            if not binding:
                return (_approver_refusal(view, checker, office_code, case_id)
                        or _approver_level_refusal(view, checker, action, at,
                                                   max(min((r.required_level or 0 for r in matching), default=0), needed)))
            return _spend(view, case_id, entry_id, checker, action, office_code, at, needed, matching, published)
        if approved and differing is None:
            differing = (entry_term_differing(approved[0], payload, kind) or "", action)
    if differing is not None:
        term, action = differing
        return (f"该记录的{term}与负责人 {checker} 批准的「{_action_name(action)}」审批申请不一致：批准只能按申请中的内容办理，不能改动",
                "按批准的审批申请办理，或重新提出审批申请")
    refusal = f"中心没有负责人 {checker} 批准该办件「{_action_name(actions[0])}」的审批记录，不能确认该决定经过审批"
    return refusal, "先同步审批申请和审批决定；如仍出现请联系信息技术人员"


def _named_points(payload: dict) -> list[str]:
    """The approval point an entry naming an approver may stand on when neither its transition, nor
    the catalog, nor a decision at 受理审核 says (a 受理 / 材料不齐全 stands on the 改判 only,
    condition_override: never on another approval the entry names): the one it names (a known
    one); none otherwise."""
    named = payload.get("escalation")
    if isinstance(named, str) and named in Escalation._value2member_map_:
        return [named]
    return []


APPROVAL_SPENT = "负责人 {0} 批准的「{1}」审批申请已用于该办件的另一条记录：一次批准只能办理一次"
APPROVAL_SPENT_ACTION = "如需再次办理，请重新提出审批申请"


def _spend(view: BatchView, case_id: str, entry_id: str, checker: str, action: str, office_code: str,
           at: datetime, needed: int, matching: list[ApprovalRow], published: list[int]) -> tuple[str, str] | None:
    """The step entry ``entry_id`` stands on one of ``checker``'s approvals of ``action`` for the
    case not yet spent on another record — a matching request (the lowest level first, then the
    oldest), else a decision the centre published with no request behind it (``published``: its
    cursors) — which it then binds; (reason, action) when none is left or the approver may not
    approve it. The entry's own id finds the approval it bound itself (a batch worked out again)."""
    refused = _approver_refusal(view, checker, office_code, case_id)
    if refused:
        return refused
    free = sorted((r for r in matching if view.used_by(r.id) in (None, entry_id)),
                  key=lambda r: (r.required_level or 0, r.decided_at or datetime.min, r.id))
    keys = [r.id for r in free] if matching else [
        k for k in (f"change:{c}" for c in published) if view.used_by(k) in (None, entry_id)]
    if not keys:
        return (APPROVAL_SPENT.format(checker, _action_name(action)), APPROVAL_SPENT_ACTION)
    level = _approver_level_refusal(view, checker, action, at, max(free[0].required_level or 0 if free else 0, needed))
    if level:
        return level
    view.bind(keys[0], entry_id, case_id)
    return None


def _step_point(view: BatchView, payload: dict, at: datetime, service_code: object,
                received: datetime | None = None) -> tuple[Escalation | None, int, bool, bool]:
    """(approval point, level the table asks for this record, whether it needs its approval when
    recorded, whether it is recorded with its approval at all) of a step entry, as the catalog
    defines the step (:meth:`BatchView.steps_of`)."""
    result = payload.get("result")
    result = result if isinstance(result, str) else ""
    for step in view.steps_of(service_code, payload.get("catalog_version"), payload.get("step_code")):
        point = step_point(step, result)
        if point is None:
            continue
        level = entry_level(view, point, payload.get("data"), at, received)
        # 免于采集指纹 is never a clerk's alone (the case engine asks an approver whatever the table says)
        waiver = point is Escalation.fingerprint_unavailable and result == "waived"
        with_approval = approved_before_recording(step, result)
        return point, level, with_approval and (level > 0 or waiver), with_approval
    return None, 0, False, False


def entry_level(view: BatchView, point: Escalation, data: object, at: datetime,
                received: datetime | None = None) -> int:
    """The level the centre's table asks for a record at ``point``: a 待遇核定 weighed on the
    record's own figures (its back pay and amount, :func:`counter_rules.authorisation.benefit_terms`;
    figures that do not read ask the strictest level), on the record's date and the centre's, the
    higher.

    The 补发 months are counted to the later of the record's Beijing day (``at``: the workstation's
    word) and the Beijing day the centre received it (``received``, the centre's clock; now when
    not given), never to the record's day alone: a record dated back months would make a long back
    pay look short, below ``back_pay_months_max`` (and its amount below ``amount_max``), and need
    no approval. Counting to the receipt was chosen over refusing a record dated far from it: a
    counter works offline and pushes days later, and such a record is genuine — it is weighed on
    the back pay as it stands when the centre learns of it, which is what is still to be paid. An
    offline decision pushed after a month's end may so reach the approval it did not need at the
    window; it is rejected with the centre's reason, and the clerk asks for that approval."""
    if point is not Escalation.benefit_decision:
        return _strictest_level(view, point.value, at)
    on = max(_beijing_day(at), _beijing_day(received or utcnow()))
    try:
        terms = benefit_terms(data, on) if isinstance(data, dict) else None
    except ArithmeticError:         # a figure beyond what a decimal holds
        terms = None
    return _strictest_level(view, point.value, at, {"terms": terms.as_dict()} if terms is not None else {})


def _beijing_day(at: datetime) -> date:
    """The Beijing day of ``at`` (naive means UTC); its own date at the calendar's edge."""
    try:
        return (naive_utc(at) + timedelta(hours=8)).date()
    except OverflowError:
        return at.date()


ENTRY_TERMS = {"step_code": "办理步骤", "result": "办理结果", "data": "核定数据", "reasons": "理由"}
VIA = "via"     # where a decision came from (the counter adds it to a step it records on one): no term of the request


def entry_term_differing(request: ApprovalRow, payload: dict, kind: str = "") -> str | None:
    """The term (中文: 办理步骤, 办理结果, 核定数据, 理由) in which an entry is not what ``request``
    asked, or None: a step entry (``kind``) records the request's own step, result and 核定数据 —
    every one the request names, left out or changed alike — and any entry carrying reasons, the
    request's."""
    try:
        details = json.loads(request.details or "{}")
    except ValueError:
        details = {}
    if not isinstance(details, dict):
        details = {}
    for key, word in ENTRY_TERMS.items():
        asked = details.get(key)
        if asked in (None, "", [], {}):
            continue
        given = payload.get(key)
        if key == "data" and isinstance(given, dict):
            given = {k: v for k, v in given.items() if k != VIA}
        must = kind in STEP_KINDS and key != "reasons" and not (key == "data" and kind != "case.step")
        if given in (None, "", [], {}) and not must:
            continue
        if p.canonical_json({"v": given}) != p.canonical_json({"v": asked}):
            return word
    return None


def _approver_refusal(view: BatchView, checker: str, office_code: str, case_id: str) -> tuple[str, str] | None:
    """(reason, action) when the approver an entry names is no active supervisor of the case's
    office, or took part in the case (as a person: another account of theirs counts too), or None."""
    user = view.s.get(User, checker)
    if user is None or not user.active or "supervisor" not in user.role_list() or user.office_code != office_code:
        return (f"审批人 {checker} 不是本分局（{office_code or '未登记'}）有效的负责人账号，不能确认该决定经过审批",
                "由本分局有相应审批级别的负责人重新审批后再办理")
    participants = case_participants(view.s, case_id)
    if checker in participants:
        return CASE_PARTICIPANT, "由未参与办理该办件的负责人重新审批后再办理"
    same = same_person_refusal(view.s, user, participants)
    if same:
        return same, "由未参与办理该办件的负责人重新审批后再办理"
    return None


def _approver_level_refusal(view: BatchView, checker: str, action: str | None, at: datetime,
                            approved_level: int = 0) -> tuple[str, str] | None:
    """(reason, action) when the approver an entry names has not the level the centre's table asks
    for ``action`` now (the higher of the entry's date and the centre's: a table published after the
    approval reaches the entry too), nor the level the approved request needed (``approved_level``:
    a 待遇核定 is weighed on its terms when requested), or None."""
    if not action:
        return None
    level = max(_strictest_level(view, action, at), approved_level)
    user = view.s.get(User, checker)
    have = (user.approval_level or 0) if user is not None else 0
    if level > have:
        return ((f"审批级别不足：「{_action_name(action)}」按中心现行分级授权表须由"
                 f"{ap.LEVEL_NAMES.get(level, level)}（{level} 级）审批，审批人 {checker} 的级别为 {have}"),
                "由有相应审批级别的负责人重新审批后再办理")
    return None


CASE_PARTICIPANT = ap.CASE_PARTICIPANT


def case_decision_refusal(s: Session, user: User, case_id: str, action: str | None, office_code: str,
                          participants: set[str], request: ApprovalRow | None = None) -> tuple[str, str] | None:
    """(refusal, reason code) when ``user`` may not decide ``action`` (an approval point, or the
    guarded transition 不予受理 / 注销参保's acceptance) for the case by ``POST /cases/updates``, or
    None. The same rules as a request's decision (:func:`counter_protocol.approvals.decision_refusal`):
    a supervisor of the case's office, with the level the centre's table sets for the action today
    — weighed on the pending ``request`` the update decides (its terms: a 待遇核定 over the amount
    needs a 中心主任), never below the level stored with it — who took no part in the case
    (``participants``: everyone the centre knows worked on it, and everyone who made the request)."""
    if request is not None:
        participants = participants | participants_of(request)
    if user.username in participants:
        return CASE_PARTICIPANT, "maker_checker"
    same = same_person_refusal(s, user, participants)
    if same:
        return same, "maker_checker"
    view = BatchView(s)
    level = _strictest_level(view, action, utcnow()) if action else 0
    if request is not None:
        level = max(level, level_now(view, request))
    refusal = ap.decision_refusal(state=ap.ApprovalState.pending.value, maker="", checker=user.username,
                                  checker_roles=user.role_list(), checker_level=user.approval_level or 0,
                                  checker_office=user.office_code, request_office=office_code,
                                  required_level=level, reason=_GIVEN)
    return (refusal, "approval_refused") if refusal else None


_GIVEN = "（理由随更新一并发送）"   # the update carries its own reasons; decision_refusal asks only that there be one


def pending_request(s: Session, case_id: str, action: str, office_code: str) -> ApprovalRow | None:
    """The pending request of ``office_code`` for ``action`` on the case that a decision posted for
    the case (``POST /cases/updates``) decides, locked; one past its deadline is expired here (and
    published) and is none. The caller commits."""
    row = s.scalars(select(ApprovalRow).where(ApprovalRow.case_id == case_id, ApprovalRow.action == action,
                                              ApprovalRow.state == "pending", ApprovalRow.office_code == office_code)
                    .order_by(ApprovalRow.made_at.desc(), ApprovalRow.id.desc()).limit(1)
                    .with_for_update()).first()
    if row is None:
        return None
    late, hours = _overdue(s, row, utcnow())
    if late:
        _expire(row, hours, utcnow())
        publish_decision(s, row, case_update=False)
        return None
    return row


def gated(s: Session, action: str) -> bool:
    """Whether the centre's table asks a supervisor's approval for ``action`` at all (any of its
    rules, conditional ones included, or the approval point's minimum): such an approval decides
    a request the clerk raised, never stands on its own."""
    view = BatchView(s)
    if _strictest_level(view, action, utcnow()) > 0:
        return True
    return any(r.get("action") == action and isinstance(r.get("level"), int) and r.get("level", 0) > 0
               for r in view.authorisation_rules())


# what a decision carries out is what the clerk asked for: the request's own details, never the update's
REQUEST_TERMS = ("step_code", "reasons", "result", "data")
NO_PENDING_REQUEST = "该办件没有等待审批的「{0}」申请：审批决定须针对经办人提出的审批申请，不能单独作出"
OTHER_REQUEST = "该更新所指的审批申请（{0}）不是该办件正在等待审批的「{1}」申请"
TERMS_DIFFER = "审批决定所附的{0}与经办人提出的审批申请不一致：批准只能按申请中的内容办理，不能改动"


def request_terms_refusal(request: ApprovalRow, payload: dict) -> str | None:
    """Why a decision posted for ``request`` cannot stand on what its body carries (中文), or None:
    a step, result, reasons or 核定数据 other than the request's (the counter records the request's)."""
    try:
        details = json.loads(request.details or "{}")
    except ValueError:
        details = {}
    words = {"step_code": "办理步骤", "result": "办理结果", "reasons": "理由", "data": "核定数据"}
    for key in REQUEST_TERMS:
        if key in payload and payload[key] not in (None, "", [], {}) and key in details \
                and p.canonical_json({"v": payload[key]}) != p.canonical_json({"v": details[key]}):
            return TERMS_DIFFER.format(words[key])
    return None


def decide_by_update(s: Session, request: ApprovalRow, user: User, decision: str, reason: str,
                     payload: dict) -> None:
    """A decision posted for the case decides the pending ``request`` (集中授权 by another way): the
    request is approved / rejected by ``user`` and published; ``payload`` (the case update) names
    the request and its maker and carries the request's own terms. The caller commits."""
    decide_row(request, "approved" if decision == "approved" else "rejected", user.username,
               reason.strip() or "（未附审批意见）", "remote", utcnow())
    publish_decision(s, request, case_update=False)
    _carry_out(s, request)
    details = json.loads(request.details or "{}")
    for key in REQUEST_TERMS:
        payload.pop(key, None)
        if details.get(key):
            payload[key] = details[key]
    payload.update(request_id=request.id, maker=request.maker, maker_name=_display_name(s, request.maker))
    record_centre(s, actor=user.username, action="approvals.decide", object_type="approval_request",
                  object_id=request.id,
                  detail=f"{request.action} → {request.state}（办件更新，办件 {request.case_no or request.case_id}，"
                         f"{request.required_level} 级）")


def _published_approvals(s: Session, case_id: str, action: str | None, checker: str, office_code: str) -> list[int]:
    """The cursors of ``checker``'s approvals of ``action`` (None: of anything) the centre published
    for the case to ``office_code``'s counters, oldest first."""
    from counter_central import entry_key

    found = []
    # sealed at rest (counter_central.entry_key): a row altered in the database counts as no approval
    readable, _ = entry_key.readable_changes(s, s.execute(
        select(*entry_key.CHANGE).where(ChangeRow.aggregate_type == "case", ChangeRow.aggregate_id == case_id,
                                        ChangeRow.kind == KIND_ESCALATION, ChangeRow.office_code == office_code)
        .order_by(ChangeRow.cursor)).all())
    for row, body in readable:
        if (isinstance(body, dict) and action in (None, body.get("escalation")) and body.get("decision") == "approved"
                and body.get("posted_by") == checker):
            found.append(row.cursor)
    return found


def decisions_first(view: BatchView, entries: list[p.OutboxItem]) -> list[int] | None:
    """The order to work a batch in when an on-site decision comes after the case entry it allows
    (an outbox written before the counter put the decision first): that decision is worked just
    before the entry, so the entry finds it. None when the batch's own order stands."""
    decided = [j for j, e in enumerate(entries) if e.aggregate_type == ap.AGGREGATE and e.kind == ap.KIND_DECIDED]
    if not decided:
        return None
    requested: dict[str, tuple[int, object, object]] = {}
    for k, e in enumerate(entries):
        if e.aggregate_type == ap.AGGREGATE and e.kind == ap.KIND_REQUESTED:
            requested.setdefault(e.aggregate_id, (k, e.payload.get("case_id"), e.payload.get("action")))
    order = list(range(len(entries)))
    for j in decided:
        found = requested.get(entries[j].aggregate_id)
        if found is None:
            row = view.get(entries[j].aggregate_id)
            if row is None:
                continue
            found = (-1, row.case_id, row.action)
        made, case_id, action = found
        checker = entries[j].payload.get("checker")
        for i in range(made + 1, j):
            e = entries[i]
            if e.aggregate_type != "case" or e.aggregate_id != case_id:
                continue
            to_state = e.payload.get("to_state", e.payload.get("to"))
            if (e.payload.get("approved_by") == checker
                    or (isinstance(to_state, str) and guarded_action(e.payload, to_state) == action)):
                order.remove(j)
                order.insert(order.index(i), j)
                break
    return order if order != list(range(len(entries))) else None


def _strictest_level(view: BatchView, action: str, at: datetime, details: dict | None = None) -> int:
    """The higher of the table's levels for ``action`` on the date a workstation gave (``at``: when
    the request was made, when the case entry was written) and on the centre's own date. The
    table is effective-dated and the workstation's date is its word only: dated back before a
    table took effect, an entry would otherwise stand on no approval at all."""
    return max(_table_level(view, action, at, details), _table_level(view, action, utcnow(), details))


def _table_level(view: BatchView, action: str, made_at: datetime, details: dict | None = None) -> int:
    """The level the centre's authorisation table (published, else bundled) sets for ``action``
    on the Beijing date the request was made; 0 where it sets none — never below the level an
    approval point needs whatever the table says (MINIMUM_LEVELS: 不予认定). Its rules without a
    condition, and — for a request (``details``: what it carries) — its conditional rules too,
    weighed on the request's terms (:func:`_conditional_level`)."""
    from counter_central.certification import table_level

    floor = MINIMUM_LEVELS.get(Escalation(action), 0) if action in Escalation._value2member_map_ else 0

    try:
        on = (naive_utc(made_at) + timedelta(hours=8)).date()
    except OverflowError:            # the edge of the calendar: its own date
        on = made_at.date()
    level = max(floor, table_level(view.s, action, on, view.authorisation_rules()) or 0)
    if details is not None:
        level = max(level, _conditional_level(view, action, on, details))
    return level


def _conditional_level(view: BatchView, action: str, on, details: dict) -> int:
    """The level the table's conditional rules (``when``) for ``action`` ask on ``on`` of a request
    carrying ``details`` (:meth:`counter_rules.authorisation.AuthorisationTable.weighed_level`, the
    counter's own evaluation); 0 when the action has none. A table that does not read (the counter
    would not use it either) asks the strictest level its rules for the action name, else the highest."""
    raw = [r for r in view.authorisation_rules() if r.get("action") == action and r.get("when")]
    if not raw:
        return 0
    table = view.authorisation_table()
    if table is not None:
        try:
            return table.weighed_level(action, on, details)
        except ValueError:      # an action the table's vocabulary does not know
            pass
    levels = [r.get("level") for r in raw]
    return max([x for x in levels if isinstance(x, int) and not isinstance(x, bool) and x in TABLE_LEVELS]
               or [max(TABLE_LEVELS)])


def level_now(view: BatchView, row: ApprovalRow) -> int:
    """The level a decision of ``row`` needs now: the level frozen when the request was stored, or
    the level the centre's table sets for the action on the centre's own date, whichever is higher
    (a table published after the request was made reaches it). A pending request's stored level is
    raised to it, so every queue shows the level the decision needs (the caller commits)."""
    try:
        details = json.loads(row.details or "{}")
    except ValueError:
        details = {}
    level = max(row.required_level or 0,
                _table_level(view, row.action, utcnow(), details if isinstance(details, dict) else {}))
    if row.state in ("pending", "expired") and level > (row.required_level or 0):
        row.required_level = level
        if row.state == "pending":
            # the office's workstations mirror the request (approval.requested): they learn the level
            # a decision needs now, so their own on-site check asks it (not only from a refusal)
            from counter_central.core import add_change

            add_change(view.s, ap.KIND_REQUESTED, ap.AGGREGATE, row.id, to_model(row).model_dump(mode="json"),
                       office_code=row.office_code)
    return level


def raise_pending_levels(s: Session) -> int:
    """A table just published: every pending request whose stored level is below what the table
    in force today asks is raised to it (and the raise published to its office, :func:`level_now`);
    how many were raised. The caller commits."""
    view = BatchView(s)
    raised = 0
    for row in list(s.scalars(select(ApprovalRow).where(ApprovalRow.state == "pending")
                              .order_by(ApprovalRow.made_at, ApprovalRow.id))):
        before = row.required_level or 0
        if level_now(view, row) > before:
            raised += 1
    return raised


def _refusal(s: Session, row: ApprovalRow, checker: str, reason: str, state: str | None = None,
             view: BatchView | None = None) -> str | None:
    user = s.get(User, checker)
    if user is None or not user.active:
        return f"审批人 {checker} 不是有效的账号"
    level = level_now(view or BatchView(s), row)
    # everyone who made the request, and everyone who worked on its case (审批人不能是经办人本人:
    # the same rule as a decision posted for the case, POST /cases/updates)
    participants = participants_of(row) | case_participants(s, row.case_id)
    return (ap.decision_refusal(state=state or row.state, maker=row.maker, checker=checker,
                                checker_roles=user.role_list(), checker_level=user.approval_level or 0,
                                checker_office=user.office_code, request_office=row.office_code,
                                required_level=level, reason=reason, pushed_by=row.pushed_by,
                                participants=participants, action=row.action, **closed_by(s, row))
            or same_person_refusal(s, user, participants))


def closed_by(s: Session, row: ApprovalRow) -> dict:
    """What closed a request no longer pending, for the refusal of a later decision or withdrawal
    (counter_protocol.approvals.closed_note): the decider and the maker by name, when, and why."""
    if row.state == "pending":
        return {}
    return {"closed_by": _display_name(s, row.checker) or row.checker, "made_by": _display_name(s, row.maker) or row.maker,
            "closed_at": row.decided_at, "closed_reason": row.reason or ""}


def case_participants(s: Session, case_id: str) -> set[str]:
    """Everyone the centre knows worked on the case (:func:`counter_central.core._case_participants`)."""
    from counter_central.core import _case_participants

    return _case_participants(s, case_id) if case_id else set()


def _case_office(s: Session, case_id: str) -> str | None:
    """The office the centre holds the case under, or None for a case it does not know."""
    from counter_central.db import CaseState

    return s.scalar(select(CaseState.office_code).where(CaseState.case_id == case_id)) if case_id else None


# ------------------------------------------------------------------------------------ one person, two accounts

def person_name(name: str | None) -> str:
    """A display name as two accounts of one person would both spell it (:func:`counter_protocol.approvals.person_name`)."""
    return ap.person_name(name)


def person(u: User) -> ap.Person:
    """The account as maker-checker compares it (its 工号, else its name in its office)."""
    return ap.Person(u.username, u.display_name or "", u.office_code or "", u.staff_no or "")


def same_person(a: User, b: User) -> str | None:
    """Whether two accounts are one staff member's, and by what (:func:`counter_protocol.approvals.same_person`:
    the rule the counter applies on site too)."""
    return ap.same_person(person(a), person(b))


def same_person_refusal(s: Session, checker: User, names: Iterable[str]) -> str | None:
    """Why ``checker`` is one of ``names`` (everyone who took part) under another account (中文), or
    None (:func:`counter_protocol.approvals.same_person_refusal`)."""
    others = sorted({n for n in names if n and n != checker.username})
    if not others:
        return None
    return ap.same_person_refusal(person(checker), [person(u) for u in s.scalars(
        select(User).where(User.username.in_(others)).order_by(User.username))])


def _other_office(row: ApprovalRow, office_code: str) -> str | None:
    """Why a workstation of ``office_code`` may not touch this request (中文), or None."""
    if row.office_code != office_code:
        return f"该审批申请属于 {row.office_code}，不能由其他分局（{office_code or '未登记'}）的工作站处理"
    return None


# ------------------------------------------------------------------------------------ approval keys

def approval_key(s: Session, username: str, workstation_id: str) -> str:
    """The supervisor's approval key for the workstation (hex), made at the first login there and
    kept: an on-site decision made offline with it and still in the outbox when the supervisor
    logs in again must still prove. The caller commits.

    Two first logins of the same supervisor on the same workstation at once (two windows, a retry)
    both find no key: the insert does nothing when the other one's is there, and both answer the
    key that is stored (never a unique-key error, never two keys)."""
    import secrets

    row = s.get(ApprovalKey, (username, workstation_id))
    if row is None:
        s.execute(insert_on_conflict(s, ApprovalKey)
                  .values(username=username, workstation_id=workstation_id,
                          key=secrets.token_hex(ap.APPROVAL_KEY_BYTES), issued_at=utcnow())
                  .on_conflict_do_nothing(index_elements=["username", "workstation_id"]))
        row = s.scalars(select(ApprovalKey).where(ApprovalKey.username == username,
                                                  ApprovalKey.workstation_id == workstation_id)
                        .execution_options(populate_existing=True)).one()
    return row.key


def forget_approval_keys(s: Session, username: str) -> None:
    """A reset password or a disabled account: keys sealed under the old password no longer prove
    anything (the next login makes new ones). The caller commits."""
    s.execute(delete(ApprovalKey).where(ApprovalKey.username == username))


def _proof_refusal(s: Session, dec: ap.DecisionPayload, request_id: str, workstation_id: str) -> str | None:
    """Why the on-site decision does not prove its checker authenticated on this workstation, or None."""
    if not dec.proof:
        return "现场授权缺少审批人本人的验证（审批人须在本工作站输入自己的密码），不能确认是审批人本人作出的决定"
    row = s.get(ApprovalKey, (dec.checker, workstation_id))
    if row is None or not ap.proof_ok(bytes.fromhex(row.key), request_id, workstation_id, dec):
        return "现场授权的审批人验证不符：不能确认该决定是审批人本人在本工作站作出的"
    return None


def _decided_on_site(view: BatchView, office_code: str, item: p.OutboxItem, workstation_id: str = "",
                     services: Mapping[str, str] | None = None) -> Result:
    dec = ap.DecisionPayload.model_validate(item.payload)
    row = view.get(item.aggregate_id)
    if row is None:
        return "rejected", "中心没有该审批申请", "先同步审批申请", None
    other = _other_office(row, office_code)
    if other:       # 现场授权 is on the maker's screen, a workstation of the request's office
        return "rejected", other, "在提出申请的分局现场授权，或由本分局负责人集中授权", None
    if not _plausible(dec.decided_at, utcnow()):
        return "rejected", DECIDED_AT_REFUSED, CHECK_CLOCK, None
    decided_at = _naive(dec.decided_at)
    if decided_at < row.made_at - FUTURE_ALLOWANCE:   # dated back to escape the expiry
        return "rejected", DECIDED_BEFORE_MADE, CHECK_CLOCK, None
    late, hours = _overdue(view.s, row, decided_at)
    # decided on site (offline) before its deadline: the decision stands on an expired request
    # (the row changes only once the decision is accepted: a refused entry changes nothing)
    state = "pending" if row.state == "expired" and not late else row.state
    refusal = f"该审批申请在决定前已过期（{ap.expired_reason(hours)}）" if late and state == "pending" else None
    refusal = refusal or _refusal(view.s, row, dec.checker, dec.reason, state, view)
    if refusal is None and dec.payload_digest != row.payload_digest:
        refusal = "审批决定针对的内容与申请不一致（申请提出后内容被改动）"
    refusal = refusal or _proof_refusal(view.s, dec, row.id, workstation_id)
    if refusal:
        return "rejected", refusal, "由有权限的负责人重新审批", None
    if dec.decision == "approved":
        lacking = point_refusal(view.s, row.case_id, row.action, row.service_code, services, decision=True)
        if lacking is not None:
            return "rejected", lacking, POINT_ACTION, None
    decide_row(row, dec.decision, dec.checker, dec.reason, "on_site", decided_at)

    def effect(s: Session) -> None:
        publish_decision(s, row)
        _carry_out(s, row)

    return "accepted", None, None, effect


WITHDRAWN_BY_OTHER = "只有经办人本人可以撤回审批申请：该撤回记录不是经办人在本工作站登录期间作出的"


def _withdrawn(view: BatchView, office_code: str, workstation_id: str, item: p.OutboxItem,
               pushed_by: str = "") -> Result:
    row = view.get(item.aggregate_id)
    if row is None:
        return "rejected", "中心没有该审批申请", "先同步审批申请", None
    other = _other_office(row, office_code)
    if other:
        return "rejected", other, "由经办人在本分局的工作站撤回", None
    if row.state != "pending":
        who = closed_by(view.s, row)
        return "rejected", ap.closed_refusal(row.state, withdrawal=True, checker=who["closed_by"], maker=who["made_by"],
                                             at=who["closed_at"], reason=who["closed_reason"]), None, None
    if item.actor != row.maker:
        return "rejected", "只有经办人本人可以撤回审批申请", None, None
    if not _withdrawn_by_maker(view.s, row.maker, workstation_id, item, pushed_by):
        return "rejected", WITHDRAWN_BY_OTHER, "由经办人本人登录后撤回", None
    row.state, row.decided_at = "withdrawn", utcnow()
    return "accepted", None, None, lambda s: publish_decision(s, row, case_update=False)


def _withdrawn_by_maker(s: Session, maker: str, workstation_id: str, item: p.OutboxItem, pushed_by: str) -> bool:
    """Whether a withdrawal naming ``maker`` as its actor can be the maker's own. The signed-in user
    of the push is the maker (or another account of the same person): yes. Another user pushes it
    (the sync agent pushes a workstation's outbox with whoever is signed in, other clerks' entries
    too): only an entry written before that user's sign-in on this workstation, by a maker who
    signed in on this workstation (a counter has one user signed in at a time: an entry written
    during another user's session is not the maker's)."""
    from counter_central.db import Token

    if not pushed_by or pushed_by == maker or pushed_by.startswith("import:"):
        return True
    users = {u.username: u for u in s.scalars(select(User).where(User.username.in_((maker, pushed_by))))}
    if maker in users and pushed_by in users and same_person(users[maker], users[pushed_by]):
        return True
    if item.created_at is None:
        return False
    maker_here = s.scalar(select(Token.login_id).where(Token.username == maker,
                                                       Token.workstation_id == workstation_id).limit(1))
    if maker_here is None:
        return False
    # the pusher's current sign-in here: the login of its newest live access token, from its first token
    login = s.scalar(select(Token.login_id).where(Token.username == pushed_by, Token.workstation_id == workstation_id,
                                                  Token.kind == "access", Token.revoked_at.is_(None))
                     .order_by(Token.created_at.desc()).limit(1))
    if login is None:
        return False
    signed_in = s.scalar(select(func.min(Token.created_at)).where(Token.login_id == login))
    try:
        return signed_in is not None and naive_utc(item.created_at) <= signed_in + FUTURE_ALLOWANCE
    except OverflowError:
        return False


def decide_row(row: ApprovalRow, decision: str, checker: str, reason: str, mode: str, at: datetime) -> None:
    row.state = "approved" if decision == "approved" else "rejected"
    row.checker, row.reason, row.mode, row.decided_at = checker, reason.strip(), mode, at


def publish_decision(s: Session, row: ApprovalRow, *, case_update: bool | None = None) -> None:
    from counter_central.core import add_change

    add_change(s, ap.KIND_DECIDED, ap.AGGREGATE, row.id, to_model(row).model_dump(mode="json"),
               office_code=row.office_code)
    if case_update is None:
        # on site, the maker's counter already carried it out; the centre carries out its own
        # requests (暂停发放 / 恢复发放, counter_central.certification), no counter case does
        case_update = row.mode != "on_site" and row.action not in CENTRE_ACTIONS
    if case_update and row.state in ("approved", "rejected"):
        details = json.loads(row.details or "{}")
        payload = {"escalation": row.action, "decision": "approved" if row.state == "approved" else "refused",
                   "reason": row.reason, "posted_by": row.checker, "maker": row.maker, "request_id": row.id,
                   # by name too, as the centre knows them now: the counter's documents print names
                   "posted_by_name": _display_name(s, row.checker), "maker_name": _display_name(s, row.maker)}
        for key in ("step_code", "reasons", "result", "data"):
            if details.get(key):
                payload[key] = details[key]
        # to the case's own workstation only (the one that asked: a case lives there, and only there
        # its decision is carried out); the other windows of the office would only note it 未能应用,
        # and learn its reasons and people (approval.decided, office-wide, keeps supervisors' lists)
        add_change(s, "case.escalation_decision", "case", row.case_id, payload, office_code=row.office_code,
                   workstation_id=row.workstation_id or None)


def _display_name(s: Session, username: str) -> str:
    user = s.get(User, username) if username else None
    return user.display_name if user is not None else ""


def _carry_out(s: Session, row: ApprovalRow) -> None:
    """The centre's own requests take effect at the centre when decided."""
    if row.action in CENTRE_ACTIONS:
        from counter_central import certification

        certification.on_decided(s, row)


# ------------------------------------------------------------------------------------ HTTP

def list_requests(s: Session, who, state: str | None) -> ap.ApprovalList:
    from counter_central.core import require_role

    require_role(who, *READERS)
    if expire_due(s, office_code=who.user.office_code):
        s.commit()
    q = select(ApprovalRow).where(ApprovalRow.office_code == who.user.office_code)
    if state:
        q = q.where(ApprovalRow.state == state)
    # made_at is to the second; the id breaks a tie (a counter's ids are UUIDv7, to the millisecond)
    rows = list(s.scalars(q.order_by(ApprovalRow.made_at, ApprovalRow.id)))
    # a table published since a request was stored may ask more of it: the queue shows the level
    # a decision needs now (stored, so every reader sees the same)
    view = BatchView(s)
    raised = [r for r in rows if r.state == "pending" and level_now(view, r) and s.is_modified(r)]
    if raised:
        s.commit()
    return ap.ApprovalList(items=[to_model(r) for r in rows])


def _same_remote_decision(row: ApprovalRow, checker: str, body: ap.DecisionRequest) -> bool:
    """Whether ``row`` was already decided remotely by ``checker`` exactly as ``body`` asks."""
    wanted = "approved" if body.decision == "approved" else "rejected"
    return (row.mode == "remote" and row.checker == checker and row.state == wanted
            and row.reason == body.reason.strip())


UNKNOWN_REQUEST = "没有该审批申请"     # an unknown id, and another office's request alike


def decide(s: Session, who, request_id: str, body: ap.DecisionRequest) -> ap.ApprovalRequest:
    """集中授权: the checker is the token's user (never a name in the body)."""
    from counter_central.core import ServiceError

    row = s.get(ApprovalRow, request_id, with_for_update=True)
    if row is None or row.office_code != who.user.office_code:
        # another office's request is answered as an unknown one: it is not this office's to decide,
        # nor to learn of (its state, its deadline) — and it is left as it is. The attempt is still
        # recorded in the centre's chain, which only the centre's operators read (a supervisor trying
        # another office's requests is what an auditor looks for): the id as sent, any ID or phone
        # number in it masked, the request's office — nothing of its case or people
        from counter_central.audit import record_refusal
        from counter_rules.masking import mask_numbers

        which = f"分局 {row.office_code} 的申请" if row is not None else "中心无此申请"
        record_refusal(s, actor=who.user.username, action="approvals.decide", object_type="approval_request",
                       object_id=mask_numbers(request_id),
                       detail=f"{body.decision}：{UNKNOWN_REQUEST}（{which}，决定人属分局 {who.user.office_code}）")
        raise ServiceError(404, UNKNOWN_REQUEST, "not_found", "核对申请编号")
    checker = who.user.username
    if _same_remote_decision(row, checker, body):
        # the supervisor's own decision sent again (its answer was lost on the way back): the same
        # answer, nothing decided or published twice
        return to_model(row)
    # who may decide is checked first: a refused decision changes nothing (an overdue request is
    # expired below only for a checker who could have decided it)
    refusal = _refusal(s, row, checker, body.reason)
    if refusal:
        status = 409 if row.state != "pending" else 403
        from counter_central.audit import record_refusal

        record_refusal(s, actor=checker, action="approvals.decide", object_type="approval_request",
                       object_id=request_id, detail=f"{body.decision}：{refusal}")
        raise ServiceError(status, refusal, "approval_refused", "由有权限的负责人审批")
    lacking = point_refusal(s, row.case_id, row.action, row.service_code, decision=True) \
        if body.decision == "approved" else None
    if lacking is not None:       # refused before anything changes: the request stays pending, to be rejected
        from counter_central.audit import record_refusal

        record_refusal(s, actor=checker, action="approvals.decide", object_type="approval_request",
                       object_id=request_id, detail=f"{body.decision}：{lacking}")
        raise ServiceError(409, lacking, "approval_point_lacking", POINT_ACTION)
    now = utcnow()
    late, hours = _overdue(s, row, now)
    if row.state == "pending" and late:
        _expire(row, hours, now)
        publish_decision(s, row, case_update=False)
        s.commit()
        raise ServiceError(409, f"该审批申请已过期（{ap.expired_reason(hours)}），不能再作决定", "approval_expired",
                           "请经办人重新提出审批申请")
    decide_row(row, body.decision, checker, body.reason, "remote", now)
    publish_decision(s, row)
    _carry_out(s, row)
    record_centre(s, actor=checker, action="approvals.decide", object_type="approval_request", object_id=row.id,
                  detail=f"{row.action} → {row.state}（集中授权，办件 {row.case_no or row.case_id}，{row.required_level} 级）")
    s.commit()
    return to_model(row)
