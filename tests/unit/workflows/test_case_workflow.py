"""CaseWorkflow on a real (temp-file SQLite) store: every service end to end, outbox in the same transaction."""

import importlib.util
import json
from datetime import datetime

import pytest
from sqlalchemy import func, select

from counter_app.domain.catalog import OutcomeKind, StepKind, catalog_from_dict
from counter_app.domain.case_engine import CaseState, TransitionRefused
from counter_app.domain.checklist import TickState
from counter_app.printing.samples import SAMPLE_RULE_FACTS
from counter_app.reference.catalog import load_catalog
from counter_app.resources import resource_path
from counter_app.storage.tables_cases import CaseDocumentRow, CaseRow, CaseStepRow, CaseTransitionRow
from counter_app.storage.tables_core import OutboxEntry
from counter_app.workflows.cases import CaseWorkflow
from tests.support.cases import MALE_1970, PENSIONER_1965, ready_case

NOW = datetime(2026, 3, 2, 10, 0)
MALE_1960 = "110105196001010017"
MALE_1966 = "110105196612010016"
USCC = "91440300708461136T"
PRINTING = importlib.util.find_spec("counter_app.printing.documents") is not None

FACTS = SAMPLE_RULE_FACTS  # facts that let the rules accept each service (the rest the clerk confirms)
# the people the sample 核定 figures belong to (tests.support.cases): a decision checks them against the birth month
PERSON = {"pension": PENSIONER_1965, "disability_allowance": MALE_1970}


def applicant_for(service_code, applicant_type):
    if applicant_type == "unit":
        return {"unit_name": "深圳市某某科技有限公司", "credit_code": USCC}
    person = {"name": "张三", "id_number": PERSON.get(service_code, MALE_1960), "phone": "13800138000"}
    if applicant_type in ("agent", "survivor"):
        person.update(agent_name="张小三", agent_id_number=MALE_1966)
    return person


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture
def workflow(store, catalog):
    return CaseWorkflow(store, actor="clerk01", catalog=catalog, office="福田分局", office_code="FT",
                       workstation_id="FT-W01", now=lambda: NOW)


def outbox_count(store, kind=None):
    with store.session() as s:
        q = select(func.count()).select_from(OutboxEntry)
        if kind:
            q = q.where(OutboxEntry.kind == kind)
        return s.scalar(q)


def ready_for_decision(workflow, service, applicant_type, variants):
    return ready_case(workflow, service.code, applicant_type=applicant_type, variants=variants,
                      applicant=applicant_for(service.code, applicant_type), facts=FACTS.get(service.code, {}))


def run_steps(workflow, cid):
    while True:
        view = workflow.get(cid)
        code = view.next_step
        if code is None:
            return
        step = next(s for s in view.service.steps if s.code == code)
        if step.kind is StepKind.fingerprint:
            workflow.record_step(cid, code, data={"template_ref": "fp-template-001"})
        elif step.kind is StepKind.publicity:
            workflow.start_publicity(cid, start="2026-03-02", end="2026-03-02", work_type="井下作业")
            workflow.close_publicity(cid)
        elif step.kind is StepKind.sheet_reviewed:
            workflow.record_transfer_step(cid, code, passed=True)
        elif step.kind is StepKind.delivery:
            workflow.record_step(cid, code, data={"method": "mail", "address": "深圳市福田区某路1号"})
        else:
            workflow.record_step(cid, code, data=decision_data_for(view.service.code, step))


def decision_data_for(service_code, step):
    """The 核定 data the clerk enters at a step whose document needs it (the typed 核定 form)."""
    from counter_app.printing.samples import sample_decision_data, sample_fields

    if step.decision_data:
        return sample_decision_data(service_code)
    if step.document is None:
        return None
    fields = sample_fields(step.document)
    return {k: fields[k] for k in ("pension", "deemed_years", "account", "contributions", "certification") if k in fields} or None


SERVICE_CODES = [s.code for s in load_catalog().services]


@pytest.mark.parametrize("code", SERVICE_CODES)
def test_happy_path_of_every_service(workflow, store, catalog, code):
    service = catalog.get(code)
    applicant_type = service.applicant_types[0]
    variants = ()
    if service.variants:
        variants = (next(v.code for v in service.variants if not v.applicant_types or applicant_type in v.applicant_types),)
    cid = ready_for_decision(workflow, service, applicant_type, variants)
    assert workflow.get(cid).outcome.kind is OutcomeKind.accepted
    view = workflow.decide(cid, expected="accepted")
    assert view.case.state is CaseState.accepted
    run_steps(workflow, cid)
    view = workflow.complete(cid)
    assert view.case.state is CaseState.completed
    run_steps(workflow, cid)      # what comes after 办结 (历史信息审核: 送达, 6.5.2.3)
    workflow.archive(cid)
    workflow.rate(cid, 5, "满意")
    history = workflow.history(cid)
    assert [h["action"] for h in history] == ["create", "submit", "accept", "complete", "archive"]
    with store.session() as s:
        kinds = [d.kind for d in s.scalars(select(CaseDocumentRow).where(CaseDocumentRow.case_id == cid))]
        accepted_doc = service.outcome(OutcomeKind.accepted).document
        if accepted_doc is not None:       # 转出 (6.4.1.2.2, 6.4.2.2.2) names no acceptance document
            assert kinds[0] == accepted_doc.value
        done_doc = service.outcome(OutcomeKind.completed).document
        if done_doc is not None:
            assert kinds.count(done_doc.value) == 1  # issued once, by the step or at completion
        row = s.get(CaseRow, cid)
        assert row.rating == 5 and row.archived_at is not None
        # every transition and step has its outbox row
        for tr in s.scalars(select(CaseTransitionRow).where(CaseTransitionRow.case_id == cid)):
            assert s.scalar(select(OutboxEntry).where(OutboxEntry.id == tr.outbox_id)).kind == "case.transition"
        for st in s.scalars(select(CaseStepRow).where(CaseStepRow.case_id == cid)):
            assert s.scalar(select(OutboxEntry).where(OutboxEntry.id == st.outbox_id)).kind == "case.step"


def test_returned_then_completed_without_retyping(workflow, store, catalog):
    service = catalog.get("reg_change")
    variants = ("person.name", "person.mobile")
    cid = ready_for_decision(workflow, service, "individual", variants)
    workflow.tick(cid, "important_change_proof", TickState.missing)
    workflow.tick(cid, "original_id_copy", TickState.defective, "复印件模糊不清")
    view = workflow.decide(cid)
    assert view.case.state is CaseState.returned
    assert {m.material_code: m.problem for m in view.case.missing} == {
        "important_change_proof": "未提交", "original_id_copy": "复印件模糊不清"}
    docs = workflow.documents(cid)
    assert docs[-1]["kind"] == "guidance_notice"
    assert [i["problem"] for i in docs[-1]["fields"]["missing_items"]] == ["未提交", "复印件模糊不清"]
    # the applicant comes back: only the two materials are ticked again
    workflow.tick(cid, "important_change_proof")
    workflow.tick(cid, "original_id_copy")
    workflow.submit(cid)
    view = workflow.decide(cid, expected="accepted")
    assert view.case.state is CaseState.accepted
    assert view.case.applicant["name"] == "张三" and view.case.variants == variants
    workflow.record_step(cid, "apply_change")
    assert workflow.complete(cid).case.state is CaseState.completed
    assert [h["action"] for h in workflow.history(cid)] == ["create", "submit", "return", "resubmit", "accept", "complete"]


def test_not_eligible_is_refused_with_reasons_and_archived(workflow, catalog):
    service = catalog.get("pension")
    view = workflow.create("pension", "individual", variants=("normal",), applicant={"name": "李四", "id_number": MALE_1966},
                      facts={"contribution_months": 120, "benefit_place_shenzhen": True, "history_reviewed": True})
    cid = view.case.id
    workflow.submit(cid)
    for m in service.plan("individual", ("normal",)).materials:
        workflow.tick(cid, m.code)
    view = workflow.decide(cid, expected="not_eligible", approved_by="chief01")
    assert view.case.state is CaseState.rejected
    assert any("未达到法定退休年龄" in r for r in view.case.reasons)
    doc = workflow.documents(cid)[-1]
    from counter_rules.retirement import applicant_reason

    # the decision states each reason without the advice meant for the clerk (不直接拒绝：…)
    assert doc["kind"] == "rejection_decision" and doc["fields"]["reasons"] == [applicant_reason(r) for r in view.case.reasons]
    assert not any("不直接拒绝" in r for r in doc["fields"]["reasons"])
    last = workflow.history(cid)[-1]
    assert last["escalation"] == "rejection" and last["approved_by"] == "chief01"
    with pytest.raises(TransitionRefused, match="不能勾选材料"):
        workflow.tick(cid, "pension_form")
    workflow.archive(cid)


def test_illegal_transitions_leave_no_trace(workflow, store):
    view = workflow.create("reg_enroll", "individual", applicant={"name": "张三", "id_number": MALE_1960})
    before = outbox_count(store)
    with pytest.raises(TransitionRefused, match="不能办结"):
        workflow.complete(view.case.id)
    with pytest.raises(TransitionRefused, match="须先提交受理审核"):
        workflow.decide(view.case.id)
    assert outbox_count(store) == before
    assert workflow.get(view.case.id).case.state is CaseState.draft


def test_outbox_written_with_the_change_and_not_when_the_transaction_fails(store, catalog):
    good = CaseWorkflow(store, actor="clerk01", catalog=catalog, office="福田分局", office_code="FT",
                       workstation_id="FT-W01", now=lambda: NOW)
    view = good.create("reg_enroll", "individual", applicant={"name": "张三", "id_number": MALE_1960})
    cid = view.case.id
    assert outbox_count(store, "case.transition") == 1
    good.submit(cid)
    good.answer_condition(cid, "not_yet_registered", True)
    assert outbox_count(store, "case.transition") == 2
    # a workstation without office settings cannot issue the 业务指引告知书: the whole change rolls back
    broken = CaseWorkflow(store, actor="clerk01", catalog=catalog, office="", office_code="", workstation_id="FT-W01",
                         now=lambda: NOW)
    if PRINTING:
        with pytest.raises(TransitionRefused, match="无法出具"):
            broken.decide(cid)
        assert outbox_count(store, "case.transition") == 2
        assert good.get(cid).case.state is CaseState.review
        assert len(good.history(cid)) == 2
    good.decide(cid)
    assert outbox_count(store, "case.transition") == 3
    with store.session() as s:
        entry = s.scalars(select(OutboxEntry).where(OutboxEntry.kind == "case.transition").order_by(OutboxEntry.seq.desc())).first()
        payload = json.loads(entry.payload)
        assert payload["action"] == "return" and payload["to_state"] == "returned"
        assert payload["outcome"]["kind"] == "incomplete" and payload["catalog_version"] == catalog.version


def test_case_keeps_the_catalog_version_it_started_under(store, catalog):
    old = CaseWorkflow(store, actor="clerk01", catalog=catalog, office="福田分局", office_code="FT",
                      workstation_id="FT-W01", now=lambda: NOW)
    cid = old.create("account_query", "individual", variants=("contribution_phase",),
                     applicant={"name": "张三", "id_number": MALE_1960}).case.id
    raw = json.loads(resource_path("catalog/services.json").read_text(encoding="utf-8"))
    raw["version"] = "2099.1"
    entry = next(s for s in raw["services"] if s["code"] == "account_query")
    entry["materials"].append({"code": "new_form", "name": "新版查询申请表", "required": True, "what_to_bring": "请填写新版查询申请表"})
    newer = catalog_from_dict(raw)
    new = CaseWorkflow(store, actor="clerk01", catalog=newer, office="福田分局", office_code="FT",
                      workstation_id="FT-W01", now=lambda: NOW)
    old_view = new.get(cid)
    assert old_view.case.catalog_version == catalog.version
    assert "new_form" not in {m.code for m in old_view.service.materials}
    fresh = new.create("account_query", "individual", variants=("contribution_phase",),
                       applicant={"name": "张三", "id_number": MALE_1960})
    assert fresh.case.catalog_version == "2099.1"
    assert "new_form" in {m.material_code for m in fresh.outcome.missing}


def test_transfer_out_letter_sheet_fund_and_termination_recorded(workflow, store, catalog):
    service = catalog.get("transfer_out")
    cid = ready_for_decision(workflow, service, "individual", ())
    workflow.decide(cid)
    from counter_app.printing.samples import sample_decision_data

    workflow.record_transfer_step(cid, "sheet_generated", data={"sheet_no": "XX-1", **sample_decision_data("transfer_out")})
    workflow.record_transfer_step(cid, "sheet_sent", data={"to_agency": "某省社保局"})
    with pytest.raises(TransitionRefused, match="请先办理步骤「与转入地社保机构对接基金划转手续」"):
        workflow.record_transfer_step(cid, "terminated")
    workflow.record_transfer_step(cid, "fund_transfer", data={"transfer": {"fund_amount": "12345.67", "fund_date": "2026-03-02"}})
    workflow.record_transfer_step(cid, "terminated")
    workflow.complete(cid)
    with store.session() as s:
        kinds = [r.kind for r in s.scalars(select(CaseStepRow).where(CaseStepRow.case_id == cid).order_by(CaseStepRow.id))]
        assert kinds == ["sheet_generated", "sheet_sent", "fund_transfer", "termination"]
    # 6.4.1.2.2 names no acceptance document: what the window issues is the 信息表 for the receiving agency
    assert [d["kind"] for d in workflow.documents(cid)] == ["transfer_info_sheet"]


def test_publicity_already_over_is_not_issued(workflow, catalog):
    service = catalog.get("pension")
    cid = ready_for_decision(workflow, service, "individual", ("special_work_type",))
    workflow.decide(cid)
    workflow.record_step(cid, "fingerprint", data={"template_ref": "fp-9"})
    with pytest.raises(TransitionRefused, match="公示期已于2026-02-27结束（今天是2026-03-02）"):
        workflow.start_publicity(cid, start="2026-02-20", end="2026-02-27", work_type="高温作业", years="10")
    with pytest.raises(TransitionRefused, match="早于开始日期"):
        workflow.start_publicity(cid, start="2026-03-09", end="2026-03-03", work_type="高温作业", years="10")
    assert [d["kind"] for d in workflow.documents(cid)] == ["acceptance_notice"]
    assert workflow.get(cid).next_step == "publicity"


def test_special_work_type_objection_leads_to_denial_decision(workflow, catalog):
    service = catalog.get("pension")
    cid = ready_for_decision(workflow, service, "individual", ("special_work_type",))
    workflow.decide(cid)
    workflow.record_step(cid, "fingerprint", data={"template_ref": "fp-9"})
    workflow.start_publicity(cid, start="2026-03-02", end="2026-03-02", work_type="高温作业", years="10")
    workflow.close_publicity(cid, objection="有群众反映其未从事高温作业")
    assert workflow.get(cid).next_step == "verification"
    workflow.record_verification(cid, eligible=False, finding="单位台账显示其为行政岗位", approved_by="chief01")
    view = workflow.deny(cid, ["经核查，参保人不符合特殊工种提前退休条件"], approved_by="chief01")
    assert view.case.state is CaseState.denied
    kinds = [d["kind"] for d in workflow.documents(cid)]
    assert kinds == ["acceptance_notice", "special_work_publicity", "pension_denial_decision"]
    assert workflow.documents(cid)[-1]["fields"]["reasons"] == ["经核查，参保人不符合特殊工种提前退休条件"]
    if PRINTING:
        assert all(d["status"] == "issued" and d["number"] for d in workflow.documents(cid))


def test_unknown_fields_and_materials_are_refused(workflow):
    with pytest.raises(TransitionRefused, match="不认识的字段"):
        workflow.create("reg_enroll", "individual", applicant={"photo": "x"})
    with pytest.raises(TransitionRefused, match="不接受遗属申请"):
        workflow.create("reg_enroll", "survivor")
    cid = workflow.create("reg_enroll", "individual", applicant={"name": "张三", "id_number": MALE_1960}).case.id
    with pytest.raises(TransitionRefused, match="没有材料"):
        workflow.tick(cid, "no_such_material")
    with pytest.raises(TransitionRefused, match="原因"):
        workflow.tick(cid, "person_form", "defective")


def test_operations_within_an_outer_unit_of_work_commit_together_or_not_at_all(workflow, store):
    from counter_app.storage.uow import UnitOfWork

    cid = workflow.create("reg_enroll", "individual", applicant={"name": "张三", "id_number": MALE_1960}).case.id
    before = outbox_count(store)
    # two operations and the caller's own write, then a failure: nothing of it stays
    with pytest.raises(RuntimeError):
        with UnitOfWork(store, actor="clerk01") as uow:
            joined = workflow.within(uow)
            joined.submit(cid)
            assert joined.get(cid).case.state is CaseState.review  # reads see the writes
            joined.answer_condition(cid, "not_yet_registered", True)
            uow.outbox.add(kind="test.mark", aggregate_type="case", aggregate_id=cid, payload={})
            raise RuntimeError("the caller fails after the operations")
    assert workflow.get(cid).case.state is CaseState.draft and outbox_count(store) == before
    # the same, committed by the caller: all of it
    with UnitOfWork(store, actor="clerk01") as uow:
        joined = workflow.within(uow)
        joined.submit(cid)
        uow.outbox.add(kind="test.mark", aggregate_type="case", aggregate_id=cid, payload={})
        uow.commit()
    assert workflow.get(cid).case.state is CaseState.review
    assert outbox_count(store) == before + 2 and outbox_count(store, "test.mark") == 1
    assert workflow.find("no-such-case") is None and workflow.find(cid)[0].state is CaseState.review


def test_history_review_supplement_issues_the_list(workflow, catalog):
    """The 补齐补正材料清单 of a 历史信息审核 is issued with the items (repro: only the 受理告知书 before)."""
    service = catalog.get("history_review")
    cid = ready_for_decision(workflow, service, "individual", ("pension",))
    workflow.decide(cid, expected="accepted")
    items = [{"material_code": "personnel_file", "material": "人事档案", "problem": "缺招工录用表",
              "what_to_bring": "请补充招工录用表"}]
    workflow.record_step(cid, "review", "supplement", data={"missing_items": items})
    doc = workflow.documents(cid)[-1]
    assert doc["kind"] == "supplement_list"
    assert [i["problem"] for i in doc["fields"]["missing_items"]] == ["缺招工录用表"]
