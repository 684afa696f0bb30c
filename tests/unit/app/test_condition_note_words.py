"""A condition's note (受理条件的系统核验: what the record and the rules showed) in the clerk's language
(ui.condition_notes). Review: the note column of the checklist and the approval's detail showed the
rules' Chinese in the English UI. These tests evaluate every service of the catalog against records
of every kind, as the window does, and read each note and reason in English."""

from __future__ import annotations

import re

from counter_app.domain.checklist import ConditionResult
from counter_app.domain.conditions import RecordView, evaluate_conditions
from counter_app.reference.catalog import default_catalog
from counter_app.ui.condition_notes import note_text
from counter_rules.registration import Completed, Provisional
from tests.unit.domain.test_conditions import AS_OF, ON, person

HAN = re.compile(r"[\u4e00-\u9fff]")


PEOPLE = {
    "insured": person(),
    "young": person(id_number="440304198706151135", birth="1987-06-15", contribution_months=120, deemed_months=0),
    "short": person(contribution_months=150, deemed_months=0),
    "retired": person(status="retired"),
    "deceased": person(status="deceased"),
    "not_insured": person(status="none", contribution_months=0, deemed_months=0, history_reviewed=False),
    "woman": person(id_number="440303197001011222", birth="1970-01-01", sex="female", category="female_worker"),
}
VIEWS = [RecordView(state="online", person=p, as_of=AS_OF, person_asked=True) for p in PEOPLE.values()]
VIEWS += [RecordView(state="online", person=None, as_of=AS_OF, person_asked=True),    # no such person
          RecordView(state="none"), RecordView()]                                     # offline; not looked up
# a 参保登记 / 注销 办结 at this window or another, not yet in the core system (counter_rules.registration)
VIEWS += [RecordView(state="online", person=None, as_of=AS_OF, person_asked=True, person_provisional=Provisional(
              "insured", Completed("reg_enroll", "FT-W01-20260302-0004", AS_OF, here=True))),
          RecordView(state="online", person=person(), as_of=AS_OF, person_asked=True, person_provisional=Provisional(
              "cancelled", Completed("reg_cancel", "LH-W02-20260302-0001", AS_OF, office_code="LH"))),
          RecordView(state="online", person=person(status="none"), as_of=AS_OF, person_asked=True,
                     person_provisional=Provisional("insured", Completed("reg_enroll", "", AS_OF)))]
IDS = ["440303196203081256", "440303196203081257", "", "440303197001011222"]


def _notes() -> list[str]:
    notes: list[str] = []
    catalog = default_catalog()
    for service in catalog.services:
        for applicant_type in service.applicant_types or ("individual",):
            variants = tuple(v.code for v in service.variants[:1]
                             if not v.applicant_types or applicant_type in v.applicant_types)
            for view in VIEWS:
                for id_number in IDS:
                    evs = evaluate_conditions(service, applicant_type, variants,
                                              applicant={"id_number": id_number, "credit_code": "91440300MA5F00001X"},
                                              record=view, facts={}, answers={}, on=ON)
                    answers = {e.code: ConditionResult(met=e.result != "met", note="checked on paper") for e in evs}
                    evs += evaluate_conditions(service, applicant_type, variants, applicant={"id_number": id_number},
                                               record=view, facts={}, answers=answers, on=ON)
                    for e in evs:
                        notes += [e.explanation, *e.reasons]
    return sorted({n for n in notes if n})


def test_every_note_and_reason_of_every_service_reads_english(english):
    notes = _notes()
    assert len(notes) > 100, len(notes)                          # the evaluation gave notes of many kinds
    chinese = [(n, note_text(n)) for n in notes if HAN.search(note_text(n))]
    assert not chinese, chinese[:10]


def test_a_retirement_note_keeps_its_dates_and_figures(english):
    service = default_catalog().get("pension")
    view = RecordView(state="online", person=PEOPLE["short"], as_of=AS_OF, person_asked=True)
    evs = {e.code: e for e in evaluate_conditions(service, "individual", (service.variants[0].code,),
                                                  applicant={"id_number": "440303196203081256"}, record=view,
                                                  facts={}, answers={}, on=ON)}
    note = evs["rule_5_6_1_1"].explanation
    assert note.startswith("出生 1962-03 → 法定退休 2022-03（60岁），已达") and "12年6个月" in note
    shown = note_text(note)
    assert shown.startswith("born 1962-03 → statutory retirement 2022-03 (60 years), reached"), shown
    assert "contributions 12 years 6 months" in shown and "short" in shown, shown


def test_chinese_is_the_default_and_a_note_not_listed_stays(qapp):
    assert note_text("档案状态：已退休，领取待遇中") == "档案状态：已退休，领取待遇中"
    assert note_text("核心系统维护中") == "核心系统维护中"


def test_the_words_a_note_puts_in_are_listed():
    """A new record status or fact name must be listed in ui.condition_notes.WORDS."""
    from counter_app.ui.condition_notes import WORDS
    from counter_protocol.records import PERSON_STATUS_NAMES, UNIT_STATUS_NAMES
    from counter_rules.conditions import FACT_NAMES

    words = [*PERSON_STATUS_NAMES.values(), *UNIT_STATUS_NAMES.values(), *FACT_NAMES.values()]
    assert not [w for w in words if w not in WORDS]


def test_the_special_work_and_departure_notes_read_english(english):
    """The second pension variant and the 离境 ground of a 居民身份证, which the sweep above (first
    variant, no typed facts) does not reach."""
    notes = []
    catalog = default_catalog()
    view = RecordView(state="online", person=PEOPLE["young"], as_of=AS_OF, person_asked=True)
    short = RecordView(state="online", person=PEOPLE["short"], as_of=AS_OF, person_asked=True)
    for code, variants, facts, record, id_number in (
            ("pension", ("special_work_type",), {}, view, "440304198706151135"),
            ("account_settlement", ("departure",), {"hmt_or_foreign_left": True, "nationality_lost": False}, view,
             "440304198706151135"),
            # the ground chosen does not hold, another (缴费年限不足 after the age) does
            ("account_settlement", ("departure",), {}, short, "440303196203081256")):
        for e in evaluate_conditions(catalog.get(code), "individual", variants,
                                     applicant={"id_number": id_number}, record=record, facts=facts,
                                     answers={}, on=ON):
            notes += [e.explanation, *e.reasons]
    assert any("特殊工种提前退休" in n for n in notes) and any("居民身份证" in n for n in notes)
    assert any("其他情形" in n for n in notes)
    chinese = [(n, note_text(n)) for n in notes if n and HAN.search(note_text(n))]
    assert not chinese, chinese


def test_every_ground_of_a_cancellation_against_every_status_reads_english(english):
    """注销登记/停止参保 words a status by the ground chosen (the catalog's ``by_status``: 已死亡 only
    参保人死亡, 已退休 not 自愿停止参保, 已注销 already stopped): every ground and status, read back."""
    from counter_app.domain.record import unit_from_dict

    service = default_catalog().get("reg_cancel")
    notes = []
    views = VIEWS + [RecordView(state="online", person=person(status="cancelled"), as_of=AS_OF, person_asked=True)]
    views += [RecordView(state="online", unit=unit_from_dict({"kind": "unit", "uscc": "91440300708461136T",
                                                                     "name": "某公司", "status": status}),
                                as_of=AS_OF, unit_asked=True) for status in ("cancelled", "none", "insured")]
    for variant in service.variants:
        for applicant_type in variant.applicant_types:
            for view in views:
                applicant = {"credit_code": "91440300708461136T"} if view.unit else {"id_number": IDS[0]}
                no = view.person is not None and view.person.status.value == "retired"   # the clerk's "no", no note
                for answers in ({}, *([{"registered": ConditionResult(met=False)}] if no else [])):
                    for e in evaluate_conditions(service, applicant_type, (variant.code,), applicant=applicant,
                                                 record=view, facts={}, answers=answers, on=ON):
                        notes += [e.explanation, *e.reasons]
    assert any("参保人死亡" in n for n in notes) and any("已停止参保" in n for n in notes)
    assert any("经办人核实申请材料" in n for n in notes)
    assert any("参保单位已办理注销登记" in n for n in notes) and any("5.1.3.2未规定" in n for n in notes)
    chinese = [(n, note_text(n)) for n in sorted(set(notes)) if n and HAN.search(note_text(n))]
    assert not chinese, chinese[:10]
