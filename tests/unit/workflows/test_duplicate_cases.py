"""s7 transfer_clerk item 10: a second case of the same service for the same person is refused at
受理审核 while the first is in hand or 办结 (it was accepted and a second 信息表 / 核准决定书 issued),
naming the first; a 转出 is refused once an earlier case ended the local relation (终结本地养老保险关系)
and no 转入 continued it since."""

from __future__ import annotations

from datetime import datetime

import pytest

from counter_app.domain.case_engine import CaseState, TransitionRefused
from counter_app.reference.catalog import load_catalog
from counter_app.workflows.cases import CaseWorkflow
from tests.support.cases import ready_case

NOW = datetime(2026, 3, 2, 10, 0)
PERSON = {"name": "周杰", "id_number": "110105196001010017"}
OTHER = {"name": "张伟", "id_number": "440304198706151135"}
SHEET = {"transfer": {"to_region": "湖南省长沙市", "to_agency": "长沙市社会保险服务中心", "insured_from": "2005-01",
                      "insured_to": "2026-02", "actual_contribution_months": "200", "account_balance": "120000.00",
                      "pooled_amount": "30000.00"}}


@pytest.fixture
def workflow(store):
    return CaseWorkflow(store, actor="clerk01", catalog=load_catalog(), office="福田分局", office_code="FT",
                        workstation_id="FT-W01", now=lambda: NOW)


def _transfer_out_done(workflow, applicant=PERSON) -> str:
    cid = ready_case(workflow, "transfer_out", applicant=applicant)
    workflow.decide(cid, expected="accepted")
    workflow.record_step(cid, "sheet_generated", data=SHEET)
    workflow.record_step(cid, "sheet_sent")
    workflow.record_step(cid, "fund_transfer", data={"transfer": {"fund_amount": "150000.00", "fund_date": "2026-03-02"}})
    workflow.record_step(cid, "terminated")
    workflow.complete(cid)
    return cid


def test_a_second_case_of_the_same_service_for_the_same_person_is_refused_naming_the_first(workflow):
    first = ready_case(workflow, "history_review", variants=("pension",), applicant=PERSON)
    first_no = workflow.get(first).case.case_no
    with pytest.raises(TransitionRefused, match=f"已有「历史信息审核」办件 {first_no}（受理审核）") as refused:
        ready_case(workflow, "history_review", variants=("pension",), applicant=PERSON)
    assert refused.value.reason.code == "duplicate_case"
    assert PERSON["id_number"] not in refused.value.reason              # the person is not named by ID
    # another person, or another service for the same person: not a duplicate
    ready_case(workflow, "history_review", variants=("pension",), applicant=OTHER)
    ready_case(workflow, "transfer_out", applicant=PERSON)


def test_a_transfer_out_is_refused_while_one_is_open_and_after_the_relation_was_ended(workflow):
    done = _transfer_out_done(workflow)
    assert workflow.get(done).case.state is CaseState.completed
    with pytest.raises(TransitionRefused, match="已有「一般缴费账户关系转出」办件 .*（办结）"):
        ready_case(workflow, "transfer_out", applicant=PERSON)
    workflow.archive(done)
    # archived: no longer a case in hand, but the local relation was ended in it
    with pytest.raises(TransitionRefused, match=f"已在办件 {workflow.get(done).case.case_no} 中终结") as refused:
        ready_case(workflow, "transfer_out", applicant=PERSON)
    assert refused.value.reason.code == "relation_terminated"
    with pytest.raises(TransitionRefused, match="中终结"):
        ready_case(workflow, "temp_transfer_out", applicant=PERSON)
    # another person is not concerned
    ready_case(workflow, "transfer_out", applicant=OTHER)


def test_a_transfer_out_after_the_person_came_back_is_taken(workflow):
    done = _transfer_out_done(workflow)
    workflow.archive(done)
    back = ready_case(workflow, "transfer_in", applicant=PERSON)
    workflow.decide(back, expected="accepted")
    workflow.record_step(back, "letter_generated", data={"transfer": {"from_region": "湖南省长沙市",
                                                                      "from_agency": "长沙市社会保险服务中心"}})
    for code in ("letter_sent", "sheet_awaited", "sheet_received"):
        workflow.record_step(back, code)
    workflow.record_step(back, "sheet_reviewed", "passed", approved_by="supervisor01")
    workflow.record_step(back, "continued")
    workflow.complete(back)
    workflow.archive(back)
    again = ready_case(workflow, "transfer_out", applicant=PERSON)          # continued here since: taken
    assert workflow.get(again).case.state is CaseState.review


# s7 dupes: the rule is the catalog's (``second_case``), for every service, not a list of five in the code

def test_a_second_pension_case_of_the_same_person_is_refused_naming_the_first_and_why(workflow):
    first = ready_case(workflow, "pension", variants=("normal",), applicant=PERSON)
    first_no = workflow.get(first).case.case_no
    with pytest.raises(TransitionRefused, match=f"已有「基本养老金核定」办件 {first_no}（受理审核），不能重复办理") as refused:
        ready_case(workflow, "pension", variants=("normal",), applicant=PERSON)
    assert refused.value.reason.code == "duplicate_case"
    assert "理由：两份养老金核准决定书会重复核定" in refused.value.reason     # the catalog's reason
    assert PERSON["id_number"] not in refused.value.reason
    ready_case(workflow, "pension", variants=("normal",), applicant=OTHER)   # another person: taken


def test_every_service_that_decides_or_pays_refuses_a_second_case(workflow):
    for code, variants in (("disability_allowance", ()), ("account_settlement", ("insufficient_years",)),
                           ("reg_cancel", ("person.voluntary",)), ("contribution", ()), ("reg_enroll", ())):
        ready_case(workflow, code, variants=variants, applicant=PERSON)
        with pytest.raises(TransitionRefused, match="不能重复办理") as refused:
            ready_case(workflow, code, variants=variants, applicant=PERSON)
        assert refused.value.reason.code == "duplicate_case", code


def test_a_repeatable_service_is_not_refused(workflow):
    for code, variants in (("account_query", ("contribution_phase",)),):
        one = ready_case(workflow, code, variants=variants, applicant=PERSON)
        two = ready_case(workflow, code, variants=variants, applicant=PERSON)
        assert {workflow.get(c).case.state for c in (one, two)} == {CaseState.review}


def test_two_changes_of_the_same_item_are_refused_of_different_items_taken(workflow):
    first = ready_case(workflow, "reg_change", variants=("person.mobile", "person.email"), applicant=PERSON)
    first_no = workflow.get(first).case.case_no
    with pytest.raises(TransitionRefused, match=f"办件 {first_no}（受理审核）在办理相同项目（手机号码），不能同时办理") as refused:
        ready_case(workflow, "reg_change", variants=("person.mobile",), applicant=PERSON)
    assert refused.value.reason.code == "duplicate_case_item"
    other_item = ready_case(workflow, "reg_change", variants=("person.bank",), applicant=PERSON)
    assert workflow.get(other_item).case.state is CaseState.review
    # once the first is 办结 the change is made: a new change of the same item is a new application
    workflow.decide(first, expected="accepted")
    workflow.record_step(first, "apply_change")
    workflow.complete(first)
    again = ready_case(workflow, "reg_change", variants=("person.mobile",), applicant=PERSON)
    assert workflow.get(again).case.state is CaseState.review
