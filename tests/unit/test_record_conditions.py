"""Conditions evaluated from the record and the rules; the sealed record cache; overrides."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone

import pytest

from counter_app.domain.checklist import ConditionResult
from counter_app.domain.conditions import RecordView, evaluate_conditions
from counter_app.domain.record import person_from_dict
from counter_app.reference.catalog import default_catalog
from counter_app.storage.crypto import SealedDataError, StoreCipher
from counter_app.workflows.records import RecordService

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


# ------------------------------------------------------------------------------------ the cache


def test_cipher_round_trip_and_tamper():
    c = StoreCipher(b"k" * 16, b"m" * 32)
    blob = c.seal(b'{"id_number": "440303196203081256"}', b"row1")
    assert b"440303196203081256" not in blob
    assert c.open(blob, b"row1") == b'{"id_number": "440303196203081256"}'
    with pytest.raises(SealedDataError):
        c.open(blob, b"row2")                                    # bound to its row
    with pytest.raises(SealedDataError):
        c.open(blob[:-1] + bytes([blob[-1] ^ 1]), b"row1")       # tampered
    with pytest.raises(SealedDataError):
        StoreCipher(b"x" * 16, b"m" * 32).open(blob, b"row1")    # other key
    assert c.digest("440303196203081256") != StoreCipher(b"k" * 16, b"n" * 32).digest("440303196203081256")


class FakeAnswerClient:
    """Stands in for the centre only to hand the cache an answer (the real look-up is tested in
    tests/integration/test_registry_precheck.py)."""

    def __init__(self, record):
        self.record = record

    def lookup_person(self, id_number):
        from counter_protocol.registry import RegistryAnswer

        return RegistryAnswer(kind="person", found=self.record is not None,
                              record=self.record.to_dict() if self.record else None, as_of=AS_OF)

    def close(self):
        pass


def test_cache_keeps_no_personal_data_in_clear(store, app_home):
    rec = person()
    svc = RecordService(store, lambda: FakeAnswerClient(rec))
    assert svc.person(rec.id_number).state == "online"
    store.engine.dispose() if hasattr(store, "engine") else None
    raw = open(store.path, "rb").read()
    for wal in (store.path.with_name(store.path.name + "-wal"),):
        if wal.exists():
            raw += wal.read_bytes()
    assert rec.id_number.encode() not in raw and rec.name.encode("utf-8") not in raw
    hit = RecordService(store, lambda: None).person(rec.id_number, online=False)
    assert hit.state == "cache" and hit.record == rec and hit.as_of == AS_OF
    assert "本机缓存" in hit.describe() and "截至 2026-05-31" in hit.describe()
    # a different keyring key: the row does not open and counts as not cached
    other = RecordService(store, lambda: None, cipher=StoreCipher(b"z" * 16, b"z" * 32))
    assert other.person(rec.id_number, online=False).state == "none"


def test_an_absent_person_is_cached_as_absent(store, app_home):
    svc = RecordService(store, lambda: FakeAnswerClient(None))
    assert svc.person("440303199503031748").record is None
    hit = RecordService(store, lambda: None).person("440303199503031748", online=False)
    assert hit.state == "cache" and hit.record is None


# ------------------------------------------------------------------------------------ the case service


def test_override_in_the_case_service_is_recorded(store, app_home):
    from counter_app.workflows.cases import CaseService
    from counter_app.domain.cases import TransitionRefused

    rec = person(history_reviewed=False)
    svc = CaseService(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                      records=RecordService(store, lambda: FakeAnswerClient(rec)), now=lambda: datetime(2026, 6, 1, 9))
    view = svc.create("pension", "individual", variants=("normal",), applicant={"name": "李建国", "id_number": rec.id_number})
    cid = view.case.id
    assert view.case.facts["registry"]["state"] == "online"
    assert view.outcome.kind is None or view.outcome.kind.value != "accepted"
    with pytest.raises(TransitionRefused, match="改判须填写理由"):
        svc.answer_condition(cid, "history_reviewed", True)
    svc.answer_condition(cid, "history_reviewed", True, "原参保地已审核，见证明")
    with store.session() as s:
        from sqlalchemy import text

        rows = [json.loads(p) for (p,) in s.execute(text("SELECT payload FROM outbox WHERE kind = 'case.condition_override'"))]
    assert rows and rows[0]["system_result"] == "unmet" and rows[0]["clerk_result"] == "met"
    assert rows[0]["reason"] == "原参保地已审核，见证明"
    ev = next(e for e in svc.evaluations(cid) if e.code == "history_reviewed")
    assert ev.override and ev.result == "met"
