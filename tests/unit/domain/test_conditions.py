"""Conditions evaluated from the record and the rules (counter_app.domain.conditions)."""

from __future__ import annotations

from datetime import date, datetime, timezone


from counter_app.domain.checklist import ConditionResult
from counter_app.domain.conditions import RecordView, evaluate_conditions
from counter_app.domain.record import person_from_dict
from counter_app.reference.catalog import default_catalog

ON = date(2026, 6, 1)
AS_OF = datetime(2026, 5, 31, 8, 0, tzinfo=timezone.utc)


def person(**kw):
    base = {"kind": "person", "id_number": "440303196203081256", "name": "李建国", "sex": "male",
            "birth": "1962-03-08", "category": "male", "status": "insured", "contribution_months": 264,
            "deemed_months": 36, "history_reviewed": True, "benefit_place_shenzhen": True}
    base.update(kw)
    return person_from_dict(base)


def evaluate(code, rec, *, state="online", applicant_type="individual", variants=None, facts=None, answers=None,
             id_number=None):
    service = default_catalog().get(code)
    if variants is None:
        variants = tuple(v.code for v in service.variants[:1] if not v.applicant_types or applicant_type in v.applicant_types)
    view = RecordView(state=state, person=rec, as_of=AS_OF, person_asked=True) if state != "none" else RecordView(state="none")
    evs = evaluate_conditions(service, applicant_type, variants,
                              applicant={"id_number": id_number or (rec.id_number if rec else "440303196203081256")},
                              record=view, facts=facts or {}, answers=answers or {}, on=ON)
    return {e.code: e for e in evs}


def test_pension_for_a_man_born_1987_06_says_why():
    rec = person(id_number="440304198706151135", birth="1987-06-15", contribution_months=120, deemed_months=0)
    ev = evaluate("pension", rec)["rule_5_6_1_1"]
    assert (ev.result, ev.source) == ("unmet", "system")
    assert ev.explanation.startswith("出生 1987-06 → 法定退休 2050-06")
    assert ev.facts["retirement_month"] == "2050-06" and ev.facts["contribution_months"] == 120
    assert not ev.guidance                         # the age excludes: 不予受理


def test_short_of_minimum_years_is_guided_not_refused():
    ev = evaluate("pension", person(contribution_months=150, deemed_months=0))["rule_5_6_1_1"]
    assert ev.result == "unmet" and ev.guidance and "一次性缴费" in ev.guidance
    assert "12年6个月" in ev.explanation and "不足" in ev.explanation


def test_history_not_reviewed_is_guided_to_the_review():
    ev = evaluate("pension", person(history_reviewed=False))["history_reviewed"]
    assert ev.result == "unmet" and "历史信息审核" in ev.guidance


def test_contributions_count_deemed_months():
    # 150 actual + 36 deemed = 186 ≥ 180 in 2022
    ev = evaluate("pension", person(contribution_months=150, deemed_months=36))["rule_5_6_1_1"]
    assert ev.result == "met" and ev.facts["contribution_months"] == 186


def test_minimum_years_follow_the_retirement_year():
    # a woman (worker post) born 1980-01 retires at 2032-xx: minimum 16y6m (198 months) — 190 is short
    rec = person(id_number="440303198001011749", sex="female", birth="1980-01-01", category="female_worker",
                 contribution_months=190, deemed_months=0)
    ev = evaluate("pension", rec)["rule_5_6_1_1"]
    assert ev.facts["min_contribution_months"] > 180
    assert ev.result == "unmet"


def test_enrolment_of_an_insured_person_fails_5_1_1_at_once():
    ev = evaluate("reg_enroll", person())["not_yet_registered"]
    assert (ev.result, ev.source) == ("unmet", "system") and "参保缴费" in ev.explanation


def test_a_clerk_keypress_does_not_decide_what_the_record_must_show():
    # no record facts (not looked up) for 5.6.1.1: F10 ("met") does not make it met
    ev = evaluate("pension", None, state="unknown", id_number="440303196203081256",
                  answers={"rule_5_6_1_1": ConditionResult(True)})["rule_5_6_1_1"]
    assert ev.result == "pending"


def test_offline_provisional_only_where_the_catalog_allows():
    allowed = evaluate("reg_change", None, state="none", answers={"registered": ConditionResult(True)},
                       variants=("person.mobile",))["registered"]
    assert (allowed.result, allowed.source, allowed.provisional) == ("met", "offline", True)
    refused = evaluate("pension", None, state="none", answers={"history_reviewed": ConditionResult(True)})
    assert (refused["history_reviewed"].result, refused["history_reviewed"].source) == ("pending", "offline")
    assert "不允许离线暂予受理" in refused["history_reviewed"].explanation


def test_override_needs_a_reason():
    rec = person(history_reviewed=False)
    silent = evaluate("pension", rec, answers={"history_reviewed": ConditionResult(True)})["history_reviewed"]
    assert silent.result == "unmet" and not silent.override
    told = evaluate("pension", rec, answers={"history_reviewed": ConditionResult(True, note="已在原参保地审核，见附件")})
    ev = told["history_reviewed"]
    assert ev.result == "met" and ev.override and ev.source == "clerk" and ev.system_result == "unmet"
    assert ev.as_dict()["override"] == {"system_result": "unmet", "reason": "已在原参保地审核，见附件"}


def test_bad_typed_facts_leave_the_condition_pending_instead_of_failing():
    rec = person(category=None, sex="female", id_number="440303198001011749", birth="1980-01-01")
    evs = evaluate("pension", rec, facts={"category": "female-teacher", "requested_retirement": "2040-13"})
    assert evs["rule_5_6_1_1"].result == "pending" and "人员类别" in evs["rule_5_6_1_1"].explanation
