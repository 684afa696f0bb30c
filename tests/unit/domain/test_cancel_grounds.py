"""注销登记/停止参保 (5.1.3, 6.1.3.2) weighs the ground against the record (tester payout, findings 5 and 6).

Before: the condition 已在本市办理参保登记 was met for any person whose record said 参保缴费, 暂停, 已退休
or 已死亡, whatever the ground: a deceased man stopped his own participation "voluntarily" in person,
an agent signed for a dead principal, a pensioner stopped as 个人缴费人员; and every status that
failed got one reason, so the 《不予受理决定书》 for someone already 已注销 told her she had never
registered and should go and register first.

From the standard's text (5.1.3.2: 中止劳动关系；参保人死亡；社会保险关系转出；个人缴费人员自愿申请停止
参保；法律法规规定的其他情形):
- a record that says 已死亡 fits the ground 参保人死亡 only (the person cannot apply for anything
  else; the catalog lets the unit, a survivor or an agent apply on that ground, not the person);
- a 已退休 pensioner (drawing a benefit) is not a 个人缴费人员: not the voluntary ground;
- the standard does not say whether a pensioner may stop on 中止劳动关系 or 社会保险关系转出: the
  system does not decide it, the clerk does from the documents (pending); when the clerk judges it
  unmet without a note, the decision prints what the clerk judged (the entry's ``unmet_reason``),
  not the condition's 「尚未在本市办理…参保登记」, which is false for a pensioner.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timezone

import pytest
from pypdf import PdfReader

from counter_app.cli.case import PrecheckError, _ticks, precheck
from counter_app.domain import case_engine
from counter_app.domain.case_engine import CaseState
from counter_app.domain.conditions import RecordView, registry_fact
from counter_app.domain.record import unit_from_dict
from counter_app.printing.documents import documents_of_case, render_document
from counter_app.reference.catalog import default_catalog
from counter_app.workflows.accept import Draft, accept_draft
from tests.support.cases import clerk_service
from tests.unit.domain.test_conditions import person

ON = date(2026, 6, 1)
AS_OF = datetime(2026, 5, 31, 8, 0, tzinfo=timezone.utc)
ID = "440303196203081256"
UNIT = "91440300708461136T"

ACCEPTED, REFUSED, PENDING = "accepted", "not_eligible", None
DEATH_GROUND = "应以「参保人死亡」情形申请停止参保"
NOT_CONTRIBUTOR = "不是个人缴费人员"
STOPPED = "参保人已停止参保（参保登记已注销），无需重复办理"
NEVER = "尚未在本市办理职工基本养老保险参保登记"


def _applicant(applicant_type: str) -> dict:
    """The person the case is about; a unit applying gives its own code too."""
    return {"id_number": ID, **({"credit_code": UNIT} if applicant_type == "unit" else {})}


def _view(status: str) -> RecordView:
    return RecordView(state="online", person=person(status=status), as_of=AS_OF, person_asked=True)


def outcome(status: str, applicant_type: str, variant: str):
    """What ``case precheck`` answers (its outcome and the 已参保登记 condition) for a person with
    this record status, all materials present."""
    service = default_catalog().get("reg_cancel")
    variants = (variant,)
    assert not service.validate_selection(applicant_type, variants)
    case = case_engine.Case(id="precheck", service_code="reg_cancel", catalog_version="t", applicant_type=applicant_type,
                            variants=variants, applicant=_applicant(applicant_type),
                            facts={"registry": registry_fact(_view(status))},
                            ticks=_ticks(service, applicant_type, variants, "all"))
    [registered] = [e for e in case_engine.evaluate_case(case, service, ON) if e.code == "registered"]
    result = case_engine.evaluate(case, service, ON)
    return (result.kind.value if result.kind else None), registered


# (record status, applicant type, ground, precheck outcome, what the reason says)
TABLE = [
    # 参保人死亡 is the ground for a person who has died, applied by the unit, a survivor or an agent
    *[("deceased", who, "person.death", ACCEPTED, "") for who in ("unit", "survivor", "agent")],
    # … and no other ground: he cannot stop his own participation, nor sign for an agent
    *[("deceased", who, ground, REFUSED, DEATH_GROUND)
      for who, ground in (("individual", "person.voluntary"), ("agent", "person.voluntary"),
                          ("individual", "person.labour_ended"), ("agent", "person.labour_ended"),
                          ("unit", "person.labour_ended"), ("individual", "person.transferred_out"),
                          ("agent", "person.transferred_out"), ("unit", "person.other"),
                          ("individual", "person.other"))],
    # a pensioner is not a 个人缴费人员
    ("retired", "individual", "person.voluntary", REFUSED, NOT_CONTRIBUTOR),
    ("retired", "agent", "person.voluntary", REFUSED, NOT_CONTRIBUTOR),
    # the standard is silent on these for a pensioner: the clerk decides from the documents
    ("retired", "unit", "person.labour_ended", PENDING, ""),
    ("retired", "individual", "person.labour_ended", PENDING, ""),
    ("retired", "individual", "person.transferred_out", PENDING, ""),
    # a pensioner's death stops participation
    ("retired", "survivor", "person.death", ACCEPTED, ""),
    ("retired", "unit", "person.death", ACCEPTED, ""),
    # a contributing person: every ground of 5.1.3.2 (the death not yet in the record: the proof shows it)
    *[("insured", who, ground, ACCEPTED, "")
      for who, ground in (("individual", "person.voluntary"), ("unit", "person.labour_ended"),
                          ("individual", "person.transferred_out"), ("survivor", "person.death"),
                          ("agent", "person.labour_ended"))],
    ("suspended", "individual", "person.voluntary", ACCEPTED, ""),
    # participation already stopped: said so, not "register first"
    *[("cancelled", who, ground, REFUSED, STOPPED)
      for who, ground in (("individual", "person.voluntary"), ("survivor", "person.death"), ("unit", "person.labour_ended"))],
    ("none", "individual", "person.voluntary", REFUSED, NEVER),
]


@pytest.mark.parametrize("status,applicant_type,ground,expected,reason", TABLE)
def test_the_ground_is_weighed_against_the_record_status(status, applicant_type, ground, expected, reason):
    got, registered = outcome(status, applicant_type, ground)
    assert got == expected, (got, registered.explanation)
    if expected == REFUSED:
        assert registered.result == "unmet" and registered.source == "system"
        [why] = registered.reasons
        assert reason in why, why
        assert "请先办理参保登记" not in why, why
    elif expected == PENDING:
        assert (registered.result, registered.source, registered.needs_clerk) == ("pending", "clerk", True)
        assert "5.1.3.2未规定" in registered.explanation, registered.explanation
    else:
        assert registered.result == "met"


def test_a_deceased_person_cannot_be_the_applicant_on_the_death_ground():
    """The person is not the one who applies on 参保人死亡 (the precheck refuses the choice)."""
    with pytest.raises(PrecheckError, match="参保人死亡"):
        precheck(default_catalog(), None, service_code="reg_cancel", id_number=ID, uscc=None,
                 applicant_type="individual", variants=["person.death"], on=ON)


def test_the_pensioners_labour_ground_is_the_clerks_to_confirm():
    """Pending for the clerk; once the clerk confirms it from the documents the case may be accepted."""
    from counter_app.domain.checklist import ConditionResult

    service = default_catalog().get("reg_cancel")
    variants = ("person.labour_ended",)
    case = case_engine.Case(id="precheck", service_code="reg_cancel", catalog_version="t", applicant_type="unit",
                            variants=variants, applicant=_applicant("unit"),
                            facts={"registry": registry_fact(_view("retired"))},
                            ticks=_ticks(service, "unit", variants, "all"),
                            condition_answers={"registered": ConditionResult(True, note="返聘协议终止")})
    assert case_engine.evaluate(case, service, ON).kind.value == ACCEPTED


def test_a_unit_already_cancelled_is_told_so():
    service = default_catalog().get("reg_cancel")
    unit = unit_from_dict({"kind": "unit", "uscc": UNIT, "name": "深圳市某某有限公司", "status": "cancelled"})
    view = RecordView(state="online", unit=unit, as_of=AS_OF, unit_asked=True)
    case = case_engine.Case(id="precheck", service_code="reg_cancel", catalog_version="t", applicant_type="unit",
                            variants=("unit.dissolved",), applicant={"credit_code": UNIT},
                            facts={"registry": registry_fact(view)},
                            ticks=_ticks(service, "unit", ("unit.dissolved",), "all"))
    [registered] = [e for e in case_engine.evaluate_case(case, service, ON) if e.code == "registered"]
    assert registered.result == "unmet"
    assert registered.reasons == ("参保单位已办理注销登记，无需重复办理（档案状态：已注销）",)


def test_a_change_for_someone_cancelled_does_not_say_she_never_registered():
    service = default_catalog().get("reg_change")
    case = case_engine.Case(id="precheck", service_code="reg_change", catalog_version="t", applicant_type="individual",
                            variants=("person.mobile",), applicant={"id_number": ID},
                            facts={"registry": registry_fact(_view("cancelled"))},
                            ticks=_ticks(service, "individual", ("person.mobile",), "all"))
    [registered] = [e for e in case_engine.evaluate_case(case, service, ON) if e.code == "registered"]
    assert registered.result == "unmet" and "已停止参保" in registered.reasons[0]
    assert NEVER not in registered.reasons[0]


# ------------------------------------------------------------------ the printed 《不予受理决定书》


def _decision_text(store, status: str, applicant_type: str, variant: str, conditions: dict | None = None) -> str:
    workflow = clerk_service(store)
    result = accept_draft(workflow, Draft.from_json({
        "service": "reg_cancel", "applicant_type": applicant_type, "variants": [variant], "materials": "all",
        "applicant": {"name": "黄婷", "id_number": ID, "phone": "13800138000"},
        "facts": {"registry": registry_fact(_view(status))}, **({"conditions": conditions} if conditions else {}),
        **({"unit_uscc": UNIT, "unit_name": "深圳市某某有限公司"} if applicant_type == "unit" else {})}))
    assert result.state is CaseState.rejected, result
    with store.session() as s:
        [doc] = [d for d in documents_of_case(s, result.case_id) if d.kind.value == "rejection_decision"]
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(render_document(doc))).pages)
    return re.sub(r"\s+", "", text)


def test_the_decision_for_someone_already_cancelled_says_participation_already_stopped(store):
    text = _decision_text(store, "cancelled", "individual", "person.voluntary")
    assert "参保人已停止参保（参保登记已注销），无需重复办理（档案状态：已注销）" in text, text
    assert "请先办理参保登记" not in text and NEVER not in text, text


def test_the_decision_for_a_deceased_persons_own_application_points_to_the_death_ground(store):
    text = _decision_text(store, "deceased", "individual", "person.voluntary")
    assert "参保人已死亡，应以「参保人死亡」情形申请停止参保（5.1.3.2）（档案状态：已死亡）" in text, text


@pytest.mark.parametrize("applicant_type,ground,name", [("unit", "person.labour_ended", "中止劳动关系"),
                                                        ("individual", "person.transferred_out", "社会保险关系转出")])
def test_a_pensioners_ground_the_clerk_judges_unmet_prints_what_the_clerk_judged(store, applicant_type, ground, name):
    """已退休 on 中止劳动关系 / 社会保险关系转出 is the clerk's to judge (5.1.3.2 is silent). Judged unmet
    without a note, the decision printed the condition's generic reason 「尚未在本市办理…参保登记」 —
    false for a pensioner. It prints what the clerk judged, as the catalog words it (the by_status
    entry's ``unmet_reason``), as any clerk-judged condition prints the catalog's reason."""
    text = _decision_text(store, "retired", applicant_type, ground, {"registered": False})
    assert NEVER not in text, text
    assert f"参保人已退休（领取待遇），经办人核实申请材料，不符合「{name}」停止参保情形（档案状态：已退休）" in text, text


def test_a_note_the_clerk_writes_is_printed_instead(store):
    text = _decision_text(store, "retired", "unit", "person.labour_ended", {"registered": "返聘协议仍在履行，劳动关系未中止"})
    assert "返聘协议仍在履行，劳动关系未中止" in text and NEVER not in text, text


def test_a_catalog_whose_status_entry_names_no_such_ground_is_refused():
    """``by_status`` is checked when the catalog loads, as the materials' variants are."""
    import copy
    import json
    from pathlib import Path

    from counter_rules.catalog import CatalogError, catalog_from_dict

    data = json.loads((Path(__file__).resolve().parents[3] / "resources/catalog/services.json").read_text("utf-8"))
    for entry, problem in (({"other_than": ["person.died"]}, "不存在的情形"), ({"status": "dead"}, "未定义"),
                           ({"result": "met"}, "取值无效"), ({"reason": " "}, "缺少理由"),
                           # a status the clerk judges says what the decision prints when the clerk says no
                           ({"result": "clerk"}, "须写明经办人核实不符合时的不予受理理由"),
                           ({"result": "clerk", "unmet_reason": " "}, "须写明经办人核实不符合时的不予受理理由"),
                           ({"unmet_reason": "y"}, "不应有 unmet_reason")):
        bad = copy.deepcopy(data)
        [cancel] = [s for s in bad["services"] if s["code"] == "reg_cancel"]
        [registered] = [c for c in cancel["conditions"] if c["code"] == "registered"]
        registered["by_status"] = [{"status": "deceased", "result": "unmet", "reason": "x", **entry}]
        with pytest.raises(CatalogError, match=problem):
            catalog_from_dict(bad)
