"""An expired 居民身份证 fails the ID-validity condition (``id_valid`` / ``id_not_expired``)."""

from datetime import date

import pytest

from counter_app.domain import case_engine
from counter_app.domain.case_engine import Case, CaseState
from counter_app.domain.checklist import Tick, TickState
from counter_app.domain.catalog import OutcomeKind
from counter_app.reference.catalog import load_catalog

TODAY = date(2026, 3, 2)
MALE_1960 = "110105196001010017"


@pytest.fixture(scope="module")
def service():
    return load_catalog().get("reg_enroll")


def _case(service, facts):
    case = Case(id="c1", service_code=service.code, catalog_version="t", applicant_type="individual", variants=(),
                state=CaseState.review, applicant={"name": "张三", "id_number": MALE_1960}, facts=facts)
    for m in service.plan("individual", ()).materials:
        case.ticks[m.code] = Tick(TickState.present)
    case.condition_answers["not_yet_registered"] = case_engine.ConditionResult(True)
    return case


@pytest.mark.parametrize("until, met", [("2026-03-01", False), ("2026-03-02", True), ("2030-01-01", True),
                                        (None, True)])        # None: 长期
def test_the_end_date_decides(service, until, met):
    case = _case(service, {"id_card": {"id_number": MALE_1960, "valid_until": until}})
    r = case_engine.condition_results(case, service, TODAY)["insured_id_valid"]
    assert r.met is met and r.source == "system"   # decided by the rules (domain.conditions), not the clerk
    if not met:
        assert "已过有效期" in r.reasons[0] and "2026-03-01" in r.reasons[0]


def test_expired_id_refuses_the_case(service):
    out = case_engine.evaluate(_case(service, {"id_card": {"id_number": MALE_1960, "valid_until": "2020-01-01"}}),
                          service, TODAY)
    assert out.kind is OutcomeKind.not_eligible and out.unmet_conditions == ("insured_id_valid",)
    assert out.reasons == ("参保人居民身份证已过有效期（有效期至 2020-01-01），请出示有效身份证件",)


def test_a_card_of_another_number_or_none_says_nothing(service):
    other = _case(service, {"id_card": {"id_number": "11010519491231002X", "valid_until": "2020-01-01"}})
    assert case_engine.condition_results(other, service, TODAY)["insured_id_valid"].met is True
    assert case_engine.condition_results(_case(service, {}), service, TODAY)["insured_id_valid"].met is True
    garbled = _case(service, {"id_card": {"id_number": MALE_1960, "valid_until": "20200101x"}})
    assert case_engine.PRECHECKS["id_not_expired"](garbled, TODAY).met is None       # the clerk decides


def test_the_fact_is_accepted_by_the_case_workflow(store):
    from tests.support.cases import clerk_service

    workflow = clerk_service(store)
    view = workflow.create("reg_enroll", "individual", applicant={"name": "张三", "id_number": MALE_1960},
                      facts={"id_card": {"id_number": MALE_1960, "valid_until": "2020-01-01"}})
    again = workflow.get(view.case.id).case
    assert again.facts["id_card"]["valid_until"] == "2020-01-01"
    assert case_engine.condition_results(again, view.service, TODAY)["insured_id_valid"].met is False
