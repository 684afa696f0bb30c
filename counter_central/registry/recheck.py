"""The centre re-checks a case the counter accepted provisionally offline (or on a cached record)
when its acceptance entry arrives (in the push transaction), against the registry.

The counter's ``case.transition`` entry to ``accepted`` carries ``recheck`` (see
counter_app.workflows.cases.decision_basis): the identifiers, the applicant type and variants, the
clerk's facts and answers, and each condition's result at the counter. The centre evaluates the
same conditions with the same rules (counter_rules.conditions, shared with the counter; the centre
imports nothing of counter_app) on the record its registry
port answers now. Where a result differs, it posts a ``case.registry_recheck`` update for the
counter's office and workstation: the clerk sees it in the inbox (never silently).
"""

from __future__ import annotations

import json
import logging
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_protocol.registry import RECHECK_KIND

log = logging.getLogger(__name__)

RESULT_NAMES = {"met": "符合", "unmet": "不符合", "pending": "待核验"}


def _catalog_service(s: Session, service_code: str, version: str | None):
    """The service entry of the catalog the case was decided under (published at the centre),
    else the published one in force (core.reference_row_in_force), else the bundled one
    (``resources/catalog/services.json``, the file the seed publishes)."""
    from counter_central.core import reference_row_in_force
    from counter_central.db import ReferenceRow
    from counter_central.resources import resources_root
    from counter_rules.catalog import catalog_from_dict

    rows = list(s.scalars(select(ReferenceRow).where(ReferenceRow.name == "catalog")
                          .order_by(ReferenceRow.published_at.desc())))
    chosen = next((r for r in rows if version and json.loads(r.content).get("version") == version), None)
    chosen = chosen or reference_row_in_force(s, "catalog")
    if chosen is not None:
        return catalog_from_dict(json.loads(chosen.content)).get(service_code)
    return _bundled_catalog(str(resources_root() / "catalog" / "services.json")).get(service_code)


@lru_cache(maxsize=2)
def _bundled_catalog(path: str):
    from counter_rules.catalog import catalog_from_dict

    return catalog_from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def kept_payload(payload: Mapping[str, Any], key: bytes, *, version: int = 1) -> dict | None:
    """The acceptance entry's payload as the centre stores it (``received_entries``), or None when
    it carries no clear ID number: ``recheck.id_number`` — used in clear for the re-check, in the
    push, and then forgotten — becomes ``id_number_masked`` (counter_rules.masking.mask_id) and
    ``id_number_digest`` (HMAC-SM3 under the centre's person key, as ``case_persons.person``), so
    the entry table, its backups and exports hold no clear ID number (PIPL art. 28/51; clear ID
    numbers live in the registry only). ``recheck.credit_code`` stays: a unit's 统一社会信用代码
    is the organisation's public registration code, not personal data. Deterministic for one key:
    a replayed entry is kept the same, so it is still recognised as the same. ``version``: the
    person key's (counter_central.samecase.KeyRing), named as ``id_number_key_version`` when not
    1 (the entries kept before rotation existed stay as they were)."""
    from counter_central.samecase import person_digest
    from counter_rules.masking import mask_id

    rc = payload.get("recheck")
    if not isinstance(rc, Mapping):
        return None
    number = rc.get("id_number")
    if not isinstance(number, str) or not number.strip():
        return None
    kept = {k: v for k, v in rc.items() if k != "id_number"}
    kept["id_number_masked"] = mask_id(number.strip().upper())
    kept["id_number_digest"] = person_digest(number, key)
    if version != 1:
        kept["id_number_key_version"] = version
    return {**payload, "recheck": kept}


def _provisional(s: Session, party: str, ident: Any, found: Any):
    """The status a 参保登记 / 注销 办结 at any window gives the record until the registry is as new
    (as the counter reads it: counter_rules.registration), or None."""
    from counter_central.samecase import registration_done
    from counter_rules.registration import Completed, provisional_status

    if not ident or found is None:
        return None
    done = registration_done(s, party, str(ident))
    if done is None:
        return None
    status = found.record.status.value if found.record is not None else "none"
    return provisional_status(status, found.as_of, [Completed(done.service_code, done.case_no, done.completed_at,
                                                              done.office_code)], found=found.record is not None)


def recheck_entry(s: Session, payload: Mapping[str, Any], case_id: str, *, office_code: str | None,
                  workstation_id: str) -> dict | None:
    """Evaluate the case against the registry; on disagreement add the case update (in the
    caller's transaction) and return its payload; None when the centre agrees or cannot judge."""
    from counter_central.registry import registry_for
    from counter_central.core import add_change
    from counter_rules.checklist import ConditionResult
    from counter_rules.conditions import ONLINE, RecordView, evaluate_conditions

    rc = payload.get("recheck")
    if not isinstance(rc, Mapping):
        return None
    try:
        service = _catalog_service(s, str(payload.get("service_code")), payload.get("catalog_version"))
        on = date.fromisoformat(str(rc.get("on"))) if rc.get("on") else date.today()
        reg = registry_for(s)
        id_number, uscc = rc.get("id_number"), rc.get("credit_code")
        person = reg.person(id_number) if id_number else None
        unit = reg.unit(uscc) if uscc else None
        view = RecordView(state=ONLINE, person=person.record if person else None,  # type: ignore[arg-type]
                          unit=unit.record if unit else None,  # type: ignore[arg-type]
                          person_asked=person is not None, unit_asked=unit is not None,
                          person_provisional=_provisional(s, "person", id_number, person),
                          unit_provisional=_provisional(s, "unit", uscc, unit))
        answers = {k: ConditionResult(v.get("met"), note=str(v.get("note") or ""))
                   for k, v in (rc.get("answers") or {}).items() if isinstance(v, Mapping)}
        applicant = {"id_number": id_number or "", "credit_code": uscc or ""}
        evaluations = evaluate_conditions(service, str(rc.get("applicant_type")), tuple(rc.get("variants") or ()),
                                          applicant=applicant, record=view, facts=dict(rc.get("facts") or {}),
                                          answers=answers, on=on)
    except Exception:  # a case the centre cannot evaluate must not fail the push: say so instead
        log.exception("registry re-check of case %s failed", case_id)
        evaluations = None
    counter = rc.get("results") or {}
    if evaluations is None:
        differences = [{"code": "", "text": "中心无法复核该办件", "counter": "", "centre": "",
                        "explanation": "中心复核出错，请联系信息技术人员，并人工核实受理条件"}]
    else:
        differences = []
        for e in evaluations:
            mine = counter.get(e.code)
            if e.result == "pending" or mine is None or mine == e.result:
                continue
            differences.append({"code": e.code, "text": e.text, "counter": mine, "centre": e.result,
                                "explanation": e.explanation})
    if not differences:
        return None
    note = "；".join(f"「{d['text']}」窗口为{RESULT_NAMES.get(d['counter'], d['counter'])}，"
                    f"中心按参保档案核验为{RESULT_NAMES.get(d['centre'], d['centre'])}（{d['explanation']}）"
                    for d in differences)
    body = {"case_no": payload.get("case_no"), "service_code": payload.get("service_code"), "agrees": False,
            "differences": differences, "note": "中心复核与窗口受理结论不一致：" + note,
            "provisional": bool(payload.get("provisional"))}
    add_change(s, RECHECK_KIND, "case", case_id, body, office_code=office_code, workstation_id=workstation_id)
    return body
