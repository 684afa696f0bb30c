"""Accepting a draft is one use case in one transaction (workflows.accept): a fault at any stage —
create, materials, answers, submit, decide, the 文号, the outbox rows — leaves nothing behind."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from counter_app.domain.case_engine import CaseState, TransitionRefused
from counter_app.domain.catalog import OutcomeKind
from counter_app.domain.checklist import TickState
from counter_app.storage.tables_cases import CaseApplicantRow, CaseDocumentRow, CaseRow, CaseTickRow, CaseTransitionRow
from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.tables_printing import DocumentRecord, NumberCounter
from counter_app.workflows.accept import STAGES, Draft, DraftError, OpChanges, accept_draft
from tests.support.cases import MALE_1960, clerk_service, man_born_1960
from tests.support.approvals import TEST_APPROVAL_KEY

PERSON = {"name": "张三", "id_number": MALE_1960, "phone": "13800138000"}
# another man of that age: a second 参保登记 of 张三 in hand is refused as a duplicate
OTHER = {**PERSON, "name": "李四", "id_number": man_born_1960(2)}
TABLES = (CaseRow, CaseApplicantRow, CaseTickRow, CaseTransitionRow, CaseDocumentRow, OutboxEntry, DocumentRecord)


def counts(store) -> dict[str, int]:
    with store.session() as s:
        out = {t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in TABLES}
        out["numbers_handed_out"] = sum(s.scalars(select(NumberCounter.last_seq)).all())
        return out


def draft(**kw) -> Draft:
    data = {"service": "reg_enroll", "applicant_type": "individual", "applicant": PERSON, "materials": "all"}
    data.update(kw)
    return Draft.from_json(data)


class Boom(RuntimeError):
    pass


def test_accept_is_one_call_with_everything_and_says_what_changed(store):
    workflow = clerk_service(store)
    before = counts(store)
    result = accept_draft(workflow, draft(), expected=OutcomeKind.accepted)
    assert result.state is CaseState.accepted and result.outcome is OutcomeKind.accepted
    assert result.case_no.startswith("FT-W01-")
    assert len(result.document_numbers) == 1 and "FT" in result.document_numbers[0]
    assert result.changes == OpChanges(cases=(result.case_id,), outbox=True, documents=(result.case_id,))
    after = counts(store)
    assert after["cases"] == before["cases"] + 1
    with store.session() as s:
        kinds = sorted(s.scalars(select(OutboxEntry.kind).where(OutboxEntry.aggregate_id.in_(
            [result.case_id] + list(s.scalars(select(DocumentRecord.id))))).order_by(OutboxEntry.kind)))
    assert kinds.count("case.transition") == 3          # create, submit, accept
    assert "document.issued" in kinds
    view = workflow.get(result.case_id)
    assert all(t.state is TickState.present for t in view.case.ticks.values())
    assert set(view.case.ticks) == {m.code for m in view.service.plan("individual", ()).materials}


@pytest.mark.parametrize("stage", STAGES + ("number", "outbox"))
def test_a_fault_at_each_stage_leaves_nothing_half_done(store, monkeypatch, stage):
    workflow = clerk_service(store)
    accept_draft(workflow, draft(), expected=OutcomeKind.accepted)      # one case before: numbers in use
    before = counts(store)
    fault = None
    if stage == "number":
        import counter_app.printing.numbering as numbering

        def allocate(*a, **k):
            raise Boom("number allocation failed")

        monkeypatch.setattr(numbering, "allocate", allocate)
    elif stage == "outbox":
        from counter_app.storage.uow import OutboxWriter

        real = OutboxWriter.add

        def add(self, *, kind, **kw):
            if kind == "document.issued":
                raise Boom("outbox write failed")
            return real(self, kind=kind, **kw)

        monkeypatch.setattr(OutboxWriter, "add", add)
    else:
        def fault(at):
            if at == stage:
                raise Boom(at)
    with pytest.raises((Boom, TransitionRefused)):
        accept_draft(workflow, draft(applicant=OTHER), expected=OutcomeKind.accepted, fault=fault)
    assert counts(store) == before
    monkeypatch.undo()
    # the store is usable afterwards and the next case gets the next number, not a gap
    again = accept_draft(workflow, draft(applicant=OTHER), expected=OutcomeKind.accepted)
    assert again.case_no.endswith("0002")


def test_incomplete_materials_are_returned_with_the_guidance_notice(store):
    workflow = clerk_service(store)
    view = workflow.catalog.get("reg_enroll")
    first = view.plan("individual", ()).materials[0].code
    result = accept_draft(workflow, draft(materials={first: {"state": "defective", "problem": "复印件不清晰"}}),
                          expected=OutcomeKind.incomplete)
    assert result.state is CaseState.returned
    case = workflow.get(result.case_id).case
    assert [m.problem for m in case.missing if m.material_code == first] == ["复印件不清晰"]
    # resubmitted with everything present: the same case, accepted
    again = accept_draft(workflow, Draft.from_json({"service": "reg_enroll", "applicant_type": "individual",
                                               "applicant": PERSON, "materials": "all", "case_id": result.case_id}))
    assert again.case_id == result.case_id and again.state is CaseState.accepted


def test_expected_outcome_that_the_store_does_not_reach_is_refused_and_nothing_stored(store):
    workflow = clerk_service(store)
    before = counts(store)
    with pytest.raises(TransitionRefused):
        accept_draft(workflow, draft(materials="none"), expected=OutcomeKind.accepted)
    assert counts(store) == before


@pytest.mark.parametrize("data, words", [
    ([], "JSON 对象"),
    ({"applicant": {}}, "service"),
    ({"service": "reg_enroll", "materials": 3}, "materials"),
    ({"service": "reg_enroll", "bogus": 1}, "bogus"),
    ({"service": "reg_enroll", "conditions": {"x": 3}}, "受理条件"),
])
def test_bad_draft_files_get_a_chinese_message(data, words):
    with pytest.raises(DraftError) as err:
        Draft.from_json(data)
    assert words in str(err.value)


def test_unknown_material_code_is_named(store):
    workflow = clerk_service(store)
    with pytest.raises(DraftError, match="没有材料：nope"):
        accept_draft(workflow, draft(materials=["nope"]))


def test_draft_json_round_trip():
    d = Draft.from_json({"service": "contribution", "applicant_type": "unit", "applicant": {"name": "王五"},
                         "unit_uscc": "91440300708461136T", "materials": {"a": "present", "b": {"state": "defective",
                                                                                               "problem": "缺章"}},
                         "conditions": {"c1": True, "c2": "已在外地参保"}})
    assert Draft.from_json(d.as_json()) == d


def test_a_rule_condition_the_rules_cannot_decide_waits_for_the_clerks_fact(store):
    """A woman's retirement category is not in the ID nor in this record: the rules leave 5.6.1.1
    pending until the clerk states the category from her documents (a fact, not a keypress on the
    condition); with it the rules decide."""
    from datetime import datetime

    from counter_app.domain.conditions import RecordView, registry_fact
    from counter_app.domain.record import person_from_dict

    workflow = clerk_service(store)
    # the record the registry answered (what the window's / the import's look-up stores as the fact)
    person = person_from_dict({"kind": "person", "id_number": "11010519491231002X", "name": "张三", "sex": "female",
                               "birth": "1949-12-31", "status": "insured", "contribution_months": 200,
                               "benefit_place_shenzhen": True, "history_reviewed": True})
    looked_up = registry_fact(RecordView(state="online", person=person, as_of=datetime(2026, 3, 1), person_asked=True))
    d = Draft.from_json({"service": "pension", "applicant_type": "individual", "variants": ["normal"],
                         "applicant": {"name": "张三", "id_number": "11010519491231002X"}, "materials": "all",
                         "facts": {"registry": looked_up, "category": "female_worker"}})
    with pytest.raises(TransitionRefused, match="尚有受理条件未确认"):
        accept_draft(workflow, Draft.from_json({**d.as_json(), "facts": {"registry": looked_up},
                                           "conditions": {"rule_5_6_1_1": True}}))   # a keypress does not do
    assert accept_draft(workflow, d).state is CaseState.accepted


def test_a_gated_rejection_becomes_one_approval_request_in_the_same_transaction(store):
    from counter_app.domain.catalog import Escalation
    from counter_app.workflows.approvals import ApprovalService
    from counter_app.workflows.cases import CaseWorkflow

    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                      approvals_required={Escalation.rejection})
    refused = draft(conditions={"not_yet_registered": "已在本市参保"})
    result = accept_draft(workflow, refused)
    assert result.state is CaseState.review and result.approval_id and result.document_numbers == ()
    approvals = ApprovalService(store, actor="clerk01", office_code="FT", workstation_id="FT-W01")
    [req] = approvals.list(case_id=result.case_id)
    assert req["id"] == result.approval_id and req["state"] == "pending" and req["maker"] == "clerk01"
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(OutboxEntry).where(
            OutboxEntry.kind == "approval.requested", OutboxEntry.aggregate_id == req["id"])) == 1
    # pressing Ctrl+Enter again asks nothing twice
    again = accept_draft(workflow, Draft.from_json({**refused.as_json(), "case_id": result.case_id}))
    assert again.approval_id == result.approval_id and len(approvals.list(case_id=result.case_id)) == 1


def test_accepting_a_reg_cancel_waits_for_a_level_2_supervisor(store):
    from counter_app.domain.catalog import Escalation
    from counter_protocol import sync as p
    from counter_app.workflows.approvals import ApprovalRefused, ApprovalService
    from counter_app.workflows.cases import CaseWorkflow

    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                      approvals_required={Escalation.rejection, Escalation.reg_cancel})
    result = accept_draft(workflow, draft(service="reg_cancel", variants=["person.voluntary"]))
    if workflow.get(result.case_id).outcome.kind is not OutcomeKind.accepted:
        pytest.skip("the 注销 draft does not reach 受理 here")
    assert result.state is CaseState.review and result.approval_id
    with pytest.raises(TransitionRefused, match="注销参保须经负责人审批"):
        workflow.decide(result.case_id)
    approvals = ApprovalService(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01")
    [req] = approvals.list(case_id=result.case_id)
    assert req["action"] == "reg_cancel" and req["required_level"] == 2
    chief = p.UserInfo(username="supervisor01", display_name="科长", roles=["supervisor"], office_code="FT", approval_level=1)
    director = p.UserInfo(username="director01", display_name="主任", roles=["supervisor"], office_code="FT", approval_level=2)
    with pytest.raises(ApprovalRefused, match="审批级别不足"):
        approvals.decide_on_site(req["id"], chief, approve=True, reason="同意", approval_key=TEST_APPROVAL_KEY)
    approvals.decide_on_site(req["id"], director, approve=True, reason="核实无欠费，同意注销", approval_key=TEST_APPROVAL_KEY)
    assert workflow.get(result.case_id).case.state is CaseState.accepted
    assert workflow.history(result.case_id)[-1]["approved_by"] == "director01"


def _history_record(history_reviewed: bool):
    from datetime import datetime

    from counter_app.domain.conditions import RecordView, registry_fact
    from counter_app.domain.record import person_from_dict

    person = person_from_dict({"kind": "person", "id_number": MALE_1960, "name": "陈志明", "sex": "male",
                               "birth": "1960-01-01", "status": "insured", "contribution_months": 200,
                               "benefit_place_shenzhen": True, "history_reviewed": history_reviewed})
    return registry_fact(RecordView(state="online", person=person, as_of=datetime(2026, 3, 1), person_asked=True))


def test_conditions_confirmed_confirms_the_clerks_part_of_a_rule_condition(store):
    """``"conditions": "confirmed"`` (README: the desk confirmed what only a person can judge) confirms
    5.5.2's 完全丧失劳动能力, the part of the rule the clerk establishes from the 鉴定结论 — the record's
    part is still the rules': a record already reviewed is not accepted by it."""
    workflow = clerk_service(store)
    data = {"service": "history_review", "applicant_type": "individual", "variants": ["disability"],
            "applicant": {"name": "陈志明", "id_number": MALE_1960}, "materials": "all", "conditions": "confirmed"}
    got = accept_draft(workflow, Draft.from_json({**data, "facts": {"registry": _history_record(False)}}))
    assert got.state is CaseState.accepted
    # another person (a second history review of the same person is refused as a duplicate, s7 transfer_clerk 10)
    other = {**data, "applicant": {"name": "张伟", "id_number": "440304198706151135"}}
    refused = accept_draft(workflow, Draft.from_json({**other, "facts": {"registry": _history_record(True)}}))
    assert refused.state is CaseState.rejected or refused.approval_id      # 不予受理 (awaiting its approval)
