"""退回补正 as one use case (workflows.accept.resubmit_returned): the materials brought are ticked over
the stored ones, and the case is decided again from the record and the rules, in ONE transaction."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from counter_app.domain.case_engine import CaseState, TransitionRefused
from counter_app.domain.checklist import TickState
from counter_app.storage.audit import AuditRow
from counter_app.workflows.accept import Draft, DraftError, accept_draft, resubmit_returned
from tests.support.cases import clerk_service, man_born_1960

PERSON = {"name": "赵六", "id_number": man_born_1960(92)}


class Boom(RuntimeError):
    pass


def returned(workflow, materials) -> str:
    got = accept_draft(workflow, Draft.from_json({"service": "reg_enroll", "applicant_type": "individual",
                                                  "applicant": PERSON, "materials": materials}))
    assert got.state is CaseState.returned
    return got.case_id


def resubmits(store) -> list[str]:
    with store.session() as s:
        return list(s.scalars(select(AuditRow.detail).where(AuditRow.action == "case.resubmit")))


def test_the_record_looked_up_again_decides(store):
    """Registered meanwhile (the record now says 参保): the resubmitted 参保登记 is not accepted."""
    from counter_app.domain.conditions import RecordView, registry_fact
    from counter_app.domain.record import person_from_dict

    workflow = clerk_service(store)
    cid = returned(workflow, ["person_form"])
    person = person_from_dict({"kind": "person", "id_number": PERSON["id_number"], "name": "赵六", "sex": "male",
                               "birth": "1960-01-01", "status": "insured", "contribution_months": 12})
    record = registry_fact(RecordView(state="online", person=person, as_of=datetime(2026, 3, 1), person_asked=True))
    got = resubmit_returned(workflow, cid, None, facts={"registry": record})
    assert got.state is CaseState.rejected, got
    assert workflow.get(cid).case.facts["registry"]["person"]["status"] == "insured"


def test_a_fault_leaves_the_returned_case_as_it_was(store):
    workflow = clerk_service(store)
    cid = returned(workflow, ["person_form"])
    before = workflow.get(cid).case

    def fault(stage: str) -> None:
        if stage == "decide":
            raise Boom(stage)

    with pytest.raises(Boom):
        resubmit_returned(workflow, cid, ["insured_id", "residence_proof"], fault=fault)
    after = workflow.get(cid).case
    assert after.state is CaseState.returned and after.ticks == before.ticks and resubmits(store) == []

    got = resubmit_returned(workflow, cid, ["insured_id", "residence_proof"])
    assert got.state is CaseState.accepted
    ticks = workflow.get(cid).case.ticks
    assert {c for c, t in ticks.items() if t.state is TickState.present} == {"person_form", "insured_id", "residence_proof"}
    assert resubmits(store) == ["补齐材料重新提交：参保人有效身份证件、户籍证明或居住证"]


def test_refusals(store):
    workflow = clerk_service(store)
    cid = returned(workflow, [])
    with pytest.raises(DraftError, match="没有材料：agent_id"):       # not in this applicant's plan
        resubmit_returned(workflow, cid, ["agent_id"])
    with pytest.raises(DraftError, match="请列出"):
        resubmit_returned(workflow, cid, [])
    assert resubmit_returned(workflow, cid, None).state is CaseState.accepted
    with pytest.raises(TransitionRefused) as refused:
        resubmit_returned(workflow, cid, None)
    assert refused.value.reason.code == "not_returned" and "已受理" in str(refused.value.reason)


def test_a_draft_of_a_case_no_longer_editable_names_its_state_in_words(store):
    """The window's resume path (accept_draft with the case's id) on a case already accepted: the
    refusal names the state as the clerk reads it (已受理), not its code."""
    workflow = clerk_service(store)
    cid = returned(workflow, [])
    resubmit_returned(workflow, cid, None)
    case = workflow.get(cid).case
    with pytest.raises(TransitionRefused) as refused:
        accept_draft(workflow, Draft(case.service_code, case.applicant_type, dict(case.applicant),
                                     tuple(case.variants), case_id=cid))
    assert refused.value.reason.code == "resubmit_state"
    assert "「已受理（办理中）」" in str(refused.value.reason) and "accepted" not in str(refused.value.reason)
