"""The steps a case's move needs, as the centre holds them (办结 / 不予认定 / 归档 only after the steps
its service asks for). The centre trusts no client: a workstation saying 办结 does not make the
steps done. A case moves to

- 办结 (completed) only when every step of its plan (its service, applicant type and variants, per
  the catalog) due before 办结 has an accepted ``case.step`` at the centre whose latest result
  finishes it, and no 核查 found the case ineligible;
- 不予认定 (denied) only when the latest 核查 accepted found it ineligible;
- 归档 (archived) from 办结 only when every step due after 办结 (送达, 记录缴费信息) is done;

— the rule of :mod:`counter_rules.case_steps`, the one the counter's case engine applies. What
the case is comes from the centre's accepted entries, never from the moving entry: the service the
case was opened as and the catalog version it was created under (the first entries naming them),
the applicant type of its creation, its variants as its latest transition naming them says (the
acceptance; a counter before 2026-12 names them at the creation only). Entries accepted earlier in
the same push count, rejected ones never. A catalog the centre knows for the case (the version it
was created under, when published, or the one in force — the bundled one when none is published)
whose plan the steps satisfy lets the move stand.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_central.approvals import case_catalogs
from counter_central.db import ReceivedEntry
from counter_rules.case_steps import StepRow, transition_missing
from counter_rules.catalog import CatalogError, Service

GUARDED_STATES = frozenset({"completed", "denied", "archived"})
STEP_KIND = "case.step"
STEPS_ACTION = "先同步该办件已办理的步骤，完成所需步骤后再办理；如仍出现请联系信息技术人员"
NOT_ELIGIBLE_ACTION = "按核查结论办理（不予认定）；如结论有误请联系科长"


def guarded(to_state: str | None, from_state: str | None) -> bool:
    """Whether a move to ``to_state`` asks the centre for the case's steps (cheap)."""
    return to_state in GUARDED_STATES and (to_state != "archived" or from_state == "completed")


class StepsView:
    """The case entries a push batch has accepted so far, by case (kept in order), and the
    check of a guarded move against them and the entries stored before."""

    def __init__(self, s: Session):
        self.s = s
        self.batch: dict[str, list[tuple[str, dict[str, Any]]]] = {}

    def note(self, case_id: str, kind: str, payload: dict[str, Any]) -> None:
        """An entry of ``case_id`` this batch accepted."""
        self.batch.setdefault(case_id, []).append((kind, payload))

    def _entries(self, case_id: str) -> list[tuple[str, dict[str, Any]]]:
        from counter_central import entry_key

        rows = self.s.execute(select(ReceivedEntry.kind, *entry_key.PAYLOAD)
                              .where(ReceivedEntry.aggregate_type == "case", ReceivedEntry.aggregate_id == case_id,
                                     ReceivedEntry.outcome == "accepted")
                              .order_by(ReceivedEntry.received_at, ReceivedEntry.client_seq))
        out: list[tuple[str, dict[str, Any]]] = []
        for kind, entry_id, version, stored in rows:
            body = entry_key.opened_json(entry_id, version, stored, self.s)     # sealed at rest (counter_central.entry_key)
            if isinstance(body, dict):
                out.append((kind, body))
        return out + self.batch.get(case_id, [])

    def refusal(self, case_id: str, to_state: str, from_state: str | None) -> tuple[str, str] | None:
        """(reason, suggested action) when the steps accepted for the case do not allow the move, or
        None when they do."""
        entries = self._entries(case_id)
        service_code = _first(entries, "service_code")
        if service_code is None:
            return "中心没有该办件的服务事项记录，不能确认所需的步骤已完成", STEPS_ACTION
        applicant_type = _first(entries, "applicant_type") or ""
        variants: list[str] = []
        for _kind, body in entries:
            named = body.get("variants")
            if ("to_state" in body or "to" in body) and isinstance(named, list):
                variants = [v for v in named if isinstance(v, str)]
        records = [StepRow(body["step_code"], body["result"]) for kind, body in entries
                   if kind == STEP_KIND and isinstance(body.get("step_code"), str) and isinstance(body.get("result"), str)]
        services: list[Service] = []
        for catalog in case_catalogs(self.s, _first(entries, "catalog_version") or ""):
            try:
                services.append(catalog.get(service_code))
            except CatalogError:
                continue
        if not services:
            return f"中心的服务事项目录中没有事项「{service_code}」，不能确认所需的步骤已完成", STEPS_ACTION
        found = [transition_missing(to_state, from_state, svc, applicant_type, variants, records) for svc in services]
        if any(f is None for f in found):
            return None
        why, steps = found[0] or ("open", [])
        if why == "not_eligible":
            return "该办件的核查结论为不符合条件，不能办结", NOT_ELIGIBLE_ACTION
        if why == "unverified":
            return "中心没有该办件核查结论为不符合条件的记录，不能作出不予认定", STEPS_ACTION
        if why == "no_denial":
            return f"事项「{services[0].name}」没有不予认定，不能作出不予认定", STEPS_ACTION
        names = "、".join(st.name for st in steps)
        if to_state == "archived":
            return f"中心没有该办件以下步骤已完成的记录，不能归档：{names}", STEPS_ACTION
        return f"中心没有该办件以下步骤已完成的记录，不能办结：{names}", STEPS_ACTION


def _first(entries: list[tuple[str, dict[str, Any]]], key: str) -> str | None:
    """What the first entry naming ``key`` names (a non-empty string), or None."""
    for _kind, body in entries:
        value = body.get(key)
        if isinstance(value, str) and value:
            return value
    return None
