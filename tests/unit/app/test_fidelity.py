"""What DB4403/T 254.1—2022 says, checked against the catalog, the engine and the rendered notices
(issue 13 "Fidelity to the standard"): each test reads the requirement, not the catalog against itself."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import pdfplumber
import pytest

from counter_app.domain import case_engine
from counter_app.domain.case_engine import Case, CaseState
from counter_app.domain.catalog import OutcomeKind
from counter_app.domain.documents import DOCUMENTS, STANDARD_NUMBER, STANDARD_TITLE, DocumentKind
from counter_app.printing.samples import SAMPLE_SERVICE, issuing_service, sample_fields, sample_number
from counter_app.printing.templates import RenderError, render_pdf
from counter_app.reference.catalog import load_catalog

SPEC = next((p for p in (Path(__file__).resolve().parents[4] / "shared" / "spec" / "DB4403-T254.1-2022.txt",
                         Path("/work/shared/spec/DB4403-T254.1-2022.txt")) if p.exists()), None)
TODAY = date(2026, 3, 2)
LEADING_PUNCTUATION = "，。、；：？！）》」』】〉”’,.;:?!)%％"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def spec_clause(number: str) -> str:
    """The text of one clause of the standard (up to the next numbered clause)."""
    if SPEC is None:
        pytest.skip("standard text not available")
    text = SPEC.read_text(encoding="utf-8")
    body = text[text.index("1 范围"):]
    m = re.search(rf"^{re.escape(number)}[ \t]+.*?(?=^\d+(?:\.\d+)+[ \t]|\Z)", body, re.S | re.M)
    assert m, number
    return m.group(0)


def text_of(kind: DocumentKind, fields: dict | None = None) -> str:
    pdf = render_pdf(kind, fields or sample_fields(kind), sample_number(kind))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def drawn_text(kind: DocumentKind, fields: dict | None = None) -> str:
    """The characters in the order they are drawn (a table cell's text stays together)."""
    pdf = render_pdf(kind, fields or sample_fields(kind), sample_number(kind))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "".join(c["text"] for page in doc.pages for c in page.chars)


def case_of(service, *, applicant_type="individual", facts=None, state=CaseState.review):
    return Case(id="c1", service_code=service.code, catalog_version="t", applicant_type=applicant_type,
                variants=(), state=state, case_no="FT-1",
                applicant={"name": "张三", "id_number": "110105196001010017", "agent_name": "张小三",
                           "agent_id_number": "110105196612010016"},
                facts=dict(facts or {}))


# ------------------------------------------------------------------ catalog loader: step scope

def test_individual_contribution_case_gets_no_unit_only_steps(catalog):
    """6.2.1.1 a) 录入参保登记信息 and d) 记录收缴情况 are the unit's flow; 6.2.2.2: an individual is served
    by 图2 and 6.1.1.2.2 — determine the amount, push the detail, nothing of a) or d)."""
    service = catalog.get("contribution")
    assert "服务对象为单位的" in spec_clause("6.2.1.1") and "服务对象为个人的" in spec_clause("6.2.2.2")
    individual = [s.code for s in service.plan("individual", ()).steps]
    unit = [s.code for s in service.plan("unit", ()).steps]
    assert "enter_registration" not in individual and "record_collection" not in individual
    assert unit[0] == "enter_registration" and "record_collection" in unit
    d = next(s for s in service.steps if s.code == "record_collection")
    assert not d.optional and d.after_completion      # d) after the collection, before 归档 (never skipped)
    # an individual case walks only its own steps
    case = case_of(service, state=CaseState.accepted)
    assert [s.step.code for s in case_engine.step_statuses(case, service)] == individual


# ------------------------------------------------------------------ 6.6.1.3.2 history condition and steps

@pytest.mark.parametrize("code", ["pension", "disability_allowance", "death_benefit"])
def test_benefit_is_not_accepted_before_the_history_review(catalog, code):
    """6.6.1.1.1.2 accepts only when 参保人不需要审核历史信息; 6.6.1.2.2 and 6.6.1.3.2 apply it (via 6.6.1.1.2.3)."""
    assert "不需要审核历史信息" in spec_clause("6.6.1.1.1.2")
    assert "6.6.1.1.2.3" in spec_clause("6.6.1.3.2") and "6.6.1.1.1.2" in spec_clause("6.6.1.1.2.3")
    service = catalog.get(code)
    case = case_of(service, applicant_type=service.applicant_types[0], facts={"history_reviewed": False})
    results = case_engine.condition_results(case, service, TODAY)
    assert results["history_reviewed"].met is False
    case.facts["history_reviewed"] = True
    assert case_engine.condition_results(case, service, TODAY)["history_reviewed"].met is True


def test_death_benefit_steps_follow_6_6_1_3_2(catalog):
    """图11 via 6.6.1.1.2.3: fingerprint taken on the spot, then the review (补齐补正材料清单), then the decision."""
    service = catalog.get("death_benefit")
    steps = service.plan("survivor", ()).steps
    assert [s.kind.value for s in steps] == ["fingerprint", "review", "process"]
    assert steps[0].clause == "6.6.1.1.2.3" and "当场采集" in spec_clause("6.6.1.1.2.3")
    assert steps[1].document is DocumentKind.supplement_list and "补齐补正材料清单" in spec_clause("6.6.1.1.1.2")
    assert steps[2].document is DocumentKind.death_benefit_decision


# ------------------------------------------------------------------ each benefit its own decision

def test_disability_decision_is_a_monthly_allowance_not_the_pension(catalog):
    service = catalog.get("disability_allowance")
    assert service.outcome(OutcomeKind.completed).document is DocumentKind.disability_allowance_decision
    text = text_of(DocumentKind.disability_allowance_decision)
    assert "病残津贴" in text and "按月领取基本养老金" not in text and "基本养老金核定" not in text
    assert "2,583.64" in text and "计发办法" in text and "11,293" in text   # the amount and its parameters (samples: from the rules)
    with pytest.raises(RenderError, match="allowance.monthly"):
        render_pdf(DocumentKind.disability_allowance_decision, {**sample_fields(DocumentKind.disability_allowance_decision),
                                                                 "allowance": {}}, "N-1")


def test_death_benefit_decision_shows_one_off_grants_and_the_rule_set(catalog):
    service = catalog.get("death_benefit")
    assert service.outcome(OutcomeKind.completed).document is DocumentKind.death_benefit_decision
    fields = sample_fields(DocumentKind.death_benefit_decision)
    text = drawn_text(DocumentKind.death_benefit_decision, fields)
    d = fields["death_benefits"]
    assert "一次性" in text and "月标准" not in text and "按月" not in text
    for key in ("funeral_grant", "survivor_benefit", "total"):
        assert f"{float(d[key]):,.2f}" in text
    assert "人社部发〔2021〕18号" in text                    # the rule set used (national)
    lines = text_of(DocumentKind.death_benefit_decision, fields).splitlines()
    assert lines[3] == f"{fields['applicant']['agent_name']}："   # addressed to the 遗属, not the deceased


def test_no_service_issues_the_pension_decision_for_another_benefit(catalog):
    for s in catalog.services:
        issued = {o.document for o in s.outcomes} | {st.document for st in s.steps}
        if DocumentKind.pension_approval_decision in issued:
            assert s.code == "pension"


# ------------------------------------------------------------------ 6.3.3.2 account statement while drawing

def test_account_statement_while_drawing_lists_payments_and_balance():
    requirement = spec_clause("6.3.3.2")
    assert "养老金支付记录" in requirement and "账户余额" in requirement and "缴费期个人账户储存额" in requirement
    fields = sample_fields(DocumentKind.account_statement)
    text = drawn_text(DocumentKind.account_statement, fields)
    assert "缴费期个人账户储存额" in text and "个人账户余额" in text and "109,178.89" in text
    assert "个人账户养老金支付额" in text and text.count("812.97") == 3
    bad = {**fields, "account": {**fields["account"], "balance": None}}
    with pytest.raises(RenderError, match="6.3.3.2"):
        render_pdf(DocumentKind.account_statement, bad, "N-1")


# ------------------------------------------------------------------ clause citations

def test_already_registered_cites_the_clause_that_says_it(catalog):
    for code, clauses, who in (("reg_change", ("5.1.2.1", "5.1.2.2"), ("参保单位", "参保人")),
                               ("reg_cancel", ("5.1.3.1", "5.1.3.2"), ("参保单位", "参保人"))):
        cond = next(c for c in catalog.get(code).conditions if c.code == "registered")
        assert [c.strip() for c in cond.clause.split("、")] == list(clauses)
        for clause, subject in zip(clauses, who, strict=True):
            assert subject in spec_clause(clause).splitlines()[0]       # the clause serves the 参保单位/参保人


def test_transfer_in_conditions_cite_clauses_that_state_them(catalog):
    assert "跨省转移" in spec_clause("5.4.1") and "本市" not in spec_clause("5.4.1")
    for code in ("transfer_in", "temp_transfer_in"):
        conds = {c.code: c for c in catalog.get(code).conditions}
        assert conds["cross_province"].clause == "5.4.1"
        assert conds["insured_here"].clause != "5.4.1"
        assert "接续参保人养老保险关系" in spec_clause("6.4.1.1.1.3")


def test_proof_for_important_changes_is_not_attributed_to_5_1_2_2(catalog):
    assert "证明" not in spec_clause("5.1.2.2")
    notes = catalog.get("reg_change").notes
    assert "（5.1.2.2）" not in notes and "不是本标准的条款" in notes


# ------------------------------------------------------------------ 转出

@pytest.mark.parametrize("code,sheet", [("transfer_out", DocumentKind.transfer_info_sheet),
                                        ("temp_transfer_out", DocumentKind.temp_transfer_info_sheet)])
def test_transfer_out_issues_what_the_clause_names(catalog, code, sheet):
    clause = spec_clause(catalog.get(code).clause)
    assert "受理告知书" not in clause and DOCUMENTS[sheet].title in clause and "向转入地社保机构发送" in clause
    service = catalog.get(code)
    issued = {o.document for o in service.outcomes} | {s.document for s in service.steps}
    assert DocumentKind.acceptance_notice not in issued and sheet in issued
    fields = sample_fields(sheet)
    lines = text_of(sheet, fields).splitlines()
    addressee = next(line for line in lines if line.endswith("："))
    assert addressee == f"{fields['transfer']['to_agency']}："           # the receiving agency
    assert fields["applicant"]["name"] + "：" not in lines


# ------------------------------------------------------------------ every document

def test_standard_title_is_the_one_on_its_cover():
    if SPEC is None:
        pytest.skip("standard text not available")
    cover = SPEC.read_text(encoding="utf-8")[:400]
    assert STANDARD_NUMBER in cover and STANDARD_TITLE in cover


@pytest.mark.parametrize("kind", list(DocumentKind), ids=[k.value for k in DocumentKind])
def test_every_document_cites_the_standard_and_no_line_starts_with_punctuation(kind):
    fields = sample_fields(kind)
    text = text_of(kind, fields)
    basis = f"办理依据：{STANDARD_NUMBER}《{STANDARD_TITLE}》第{fields['clause']}条"
    assert basis in text.replace("\n", "")
    assert "深圳市社会保险服务规范" not in text
    for line in text.splitlines():
        assert not line.strip() or line.strip()[0] not in LEADING_PUNCTUATION, f"{kind.value}: {line!r}"
    assert f"经办人：{fields['clerk']}" in text


@pytest.mark.parametrize("kind", list(DocumentKind), ids=[k.value for k in DocumentKind])
def test_each_sample_comes_from_the_service_that_issues_it(catalog, kind):
    fields = sample_fields(kind)
    service = catalog.get(fields["service_code"])
    assert fields["service_name"] == service.name
    issuers = [item for item in (*service.outcomes, *service.steps) if item.document is kind]
    assert issuers, f"{service.code} does not issue {kind.value}"
    assert fields["clause"] == (issuers[0].clause or service.clause)
    assert SAMPLE_SERVICE[kind.value] == service.code and issuing_service(kind)[0].code == service.code


def test_clerk_on_documents_is_the_name_not_the_login(store):
    import json
    from datetime import datetime

    from sqlalchemy import select

    from counter_app.storage.tables_cases import CaseDocumentRow
    from counter_app.workflows.cases import CaseWorkflow
    from tests.support.cases import ready_case

    workflow = CaseWorkflow(store, actor="clerk01", clerk_name="张经办", office="福田分局", office_code="FT",
                      workstation_id="FT-W01", now=lambda: datetime(2026, 3, 2, 10, 0))
    cid = ready_case(workflow, "reg_enroll")
    workflow.decide(cid, expected="accepted")
    with store.session() as s:
        rows = list(s.scalars(select(CaseDocumentRow).where(CaseDocumentRow.case_id == cid)))
    assert rows and all(json.loads(r.fields)["clerk"] == "张经办" for r in rows)


def test_app_context_clerk_name_prefers_the_display_name():
    from counter_app.app_context import AppContext, UserSession

    ctx = AppContext.__new__(AppContext)
    ctx.user = UserSession("clerk01", "张经办", "clerk")
    assert ctx.clerk_name == "张经办" and ctx.actor == "clerk01"
    ctx.user = UserSession("clerk02", "", "clerk")
    assert ctx.clerk_name == "clerk02"


# ------------------------------------------------------------------ 历史信息审核: 送达 after 办结

def test_history_review_is_served_after_completion_with_the_chosen_method(store):
    """6.5.2.3: 出具核准决定书，并于服务办结后，按 6.5.1.3 的要求送达; 6.5.1.3: 邮寄 or 窗口自取 as the applicant wishes."""
    import json
    from datetime import datetime

    from sqlalchemy import select

    from counter_app.domain.case_engine import TransitionRefused
    from counter_app.printing.samples import SAMPLE_RULE_FACTS
    from counter_app.storage.tables_cases import CaseDocumentRow
    from counter_app.workflows.cases import CaseWorkflow
    from tests.support.cases import ready_case

    requirement = spec_clause("6.5.2.3")
    assert requirement.index("出具") < requirement.index("办结后") < requirement.index("送达")
    workflow = CaseWorkflow(store, actor="clerk01", clerk_name="张经办", office="福田分局", office_code="FT",
                      workstation_id="FT-W01", now=lambda: datetime(2026, 3, 2, 10, 0))
    facts = dict(SAMPLE_RULE_FACTS["history_review"], deemed_years=sample_fields(DocumentKind.deemed_years_decision)["deemed_years"])
    facts["deemed_years"].pop("delivery")
    variants = workflow.catalog.get("history_review").variants
    cid = ready_case(workflow, "history_review", variants=(variants[0].code,) if variants else (), facts=facts)
    workflow.decide(cid, expected="accepted")
    workflow.record_step(cid, "review")
    with pytest.raises(TransitionRefused, match="办结"):
        workflow.record_step(cid, "served")                       # not before 办结
    workflow.record_step(cid, "delivery", data={"method": "mail", "address": "深圳市福田区示例路1号"})
    workflow.record_step(cid, "decision")
    with store.session() as s:
        rows = [r for r in s.scalars(select(CaseDocumentRow).where(CaseDocumentRow.case_id == cid))
                if r.kind == "deemed_years_decision"]
    assert rows and json.loads(rows[0].fields)["deemed_years"]["delivery"] == "mail"
    view = workflow.complete(cid)                                  # 办结 does not wait for the 送达
    assert view.case.state is CaseState.completed and view.next_step == "served"
    with pytest.raises(TransitionRefused, match="送达"):
        workflow.archive(cid)                                      # nor is it archived before it
    workflow.record_step(cid, "served")
    assert workflow.archive(cid).case.state is CaseState.archived
    text = drawn_text(DocumentKind.deemed_years_decision, json.loads(rows[0].fields))
    assert "邮寄送达（深圳市福田区示例路1号）" in text


def test_deemed_years_decision_without_a_delivery_method_is_refused():
    fields = sample_fields(DocumentKind.deemed_years_decision)
    assert "邮寄送达" in drawn_text(DocumentKind.deemed_years_decision, fields)
    fields["deemed_years"].pop("delivery")
    with pytest.raises(RenderError, match="送达方式"):
        render_pdf(DocumentKind.deemed_years_decision, fields, "N-1")


# ------------------------------------------------------------------ the window's initial review, per clause

def _clerk_service(store):
    from datetime import datetime

    from counter_app.workflows.cases import CaseWorkflow

    return CaseWorkflow(store, actor="clerk01", clerk_name="张经办", office="福田分局", office_code="FT",
                       workstation_id="FT-W01", now=lambda: datetime(2026, 3, 2, 10, 0))


def _applicant(code: str, applicant_type: str) -> dict:
    if applicant_type == "unit":
        return {"unit_name": "深圳市某某科技有限公司", "credit_code": "91440300708461136T"}
    person = {"name": "张三", "id_number": "110105196612010016" if code == "disability_allowance" else "110105196001010017",
              "phone": "13800138000"}
    if applicant_type in ("agent", "survivor"):
        person.update(agent_name="张小三", agent_id_number="110105196612010016")
    return person


def _first_variant(service, applicant_type):
    for v in service.variants:
        if not v.applicant_types or applicant_type in v.applicant_types:
            return (v.code,)
    return ()


# (clause whose text names the three outcomes and their documents, service, applicant type)
INITIAL_REVIEW = [
    ("6.1.1.2.2", "6.1.2.2.1", "reg_change", "unit"), ("6.1.1.2.2", "6.1.2.2.1", "reg_change", "individual"),
    ("6.1.1.2.2", "6.1.3.2.1", "reg_cancel", "unit"), ("6.1.1.2.2", "6.1.3.2.1", "reg_cancel", "individual"),
    ("6.1.1.2.2", "6.2.2.1", "contribution", "unit"), ("6.1.1.2.2", "6.2.2.2", "contribution", "individual"),
    ("6.4.1.1.2.1", "6.4.1.1.2.1", "transfer_in", "individual"),
    ("6.1.1.2.2", "6.6.1.1.2.2", "pension", "individual"),
    ("6.1.1.2.2", "6.5.2.2", "history_review", "individual"),
]
# 5.5.1 尚未核定历史信息 / 5.6.1.1 待遇领取地为深圳市
FAILING_FACTS = {"history_review": {"history_reviewed": True}, "pension": {"benefit_place_shenzhen": False}}
DOC_BY_TITLE = {"受理告知书": DocumentKind.acceptance_notice, "受理通知书": DocumentKind.acceptance_notification}


@pytest.mark.parametrize("rule,clause,code,applicant_type", INITIAL_REVIEW,
                         ids=[f"{c}-{code}-{t}" for _, c, code, t in INITIAL_REVIEW])
def test_window_initial_review_gives_the_outcomes_the_clause_names(store, catalog, rule, clause, code, applicant_type):
    """材料齐全且符合受理条件 → 受理 with the notice the clause names; 材料不齐全 → 当场退回 with a
    《业务指引告知书》 listing what to bring; 不符合受理条件 → 《不予受理决定书》 with the reason."""
    from counter_app.domain.checklist import TickState
    from counter_app.printing.samples import SAMPLE_RULE_FACTS
    from tests.support.cases import ready_case

    text = spec_clause(rule)
    if clause != rule:
        assert rule in spec_clause(clause) or clause in ("6.1.2.2.1", "6.1.3.2.1", "6.2.2.1")
    accepted_title = next(t for t in DOC_BY_TITLE if f"《{t}》" in text)
    assert "《业务指引告知书》" in text and "《不予受理决定书》" in text
    service = catalog.get(code)
    workflow = _clerk_service(store)
    variants = _first_variant(service, applicant_type)
    facts = SAMPLE_RULE_FACTS.get(code, {})
    from counter_app.domain.catalog import SecondCaseRule

    people = iter(("110105196001010017", "110105196001010033", "11010519600101005X"))   # men born 1960-01
    from counter_protocol.identifiers import uscc_check_char

    units = iter(body + uscc_check_char(body) for body in ("91440300MA5F01011", "91440300MA5F01012", "91440300MA5F01013"))

    def make(unmet=None, with_facts=facts):
        applicant = _applicant(code, applicant_type)
        if service.second_case.rule is not SecondCaseRule.allowed:
            # one case of a person (of a unit, its own case) at a time: each outcome another
            if applicant_type == "unit":
                applicant["credit_code"] = next(units)
            else:
                applicant["id_number"] = next(people)
        return ready_case(workflow, code, applicant_type=applicant_type, variants=variants,
                          applicant=applicant, facts=with_facts, unmet=unmet)

    cid = make()
    view = workflow.decide(cid, expected="accepted")
    assert view.case.state is CaseState.accepted
    assert workflow.documents(cid)[0]["kind"] == DOC_BY_TITLE[accepted_title].value
    assert workflow.documents(cid)[0]["fields"]["applicant"]["type"] == applicant_type

    cid = make()
    required = next(m for m in service.plan(applicant_type, variants).materials if m.required)
    workflow.tick(cid, required.code, TickState.missing)
    view = workflow.decide(cid)
    assert view.case.state is CaseState.returned
    doc = workflow.documents(cid)[-1]
    assert doc["kind"] == "guidance_notice"
    assert [i["material"] for i in doc["fields"]["missing_items"]] == [required.name]

    clerk_conditions = [c for c in service.plan(applicant_type, variants).conditions if not c.check]
    if clerk_conditions:                      # a condition the clerk confirms, answered not met
        cid = make(unmet=clerk_conditions[0].code)
    else:                                     # every condition is a rule: a fact that fails it
        cid = make(with_facts={**facts, **FAILING_FACTS[code]})
    view = workflow.decide(cid, approved_by="chief01")
    assert view.case.state is CaseState.rejected and view.case.reasons
    doc = workflow.documents(cid)[-1]
    assert doc["kind"] == "rejection_decision" and doc["fields"]["reasons"] == list(view.case.reasons)


def test_reg_enroll_is_completed_at_once_with_registration_and_contribution(store, catalog):
    """6.1.1.2.3: 审核通过后，服务即时办结，社保机构应为服务对象办理参保登记缴费."""
    from tests.support.cases import ready_case

    text = spec_clause("6.1.1.2.3")
    assert "即时办结" in text and "参保登记缴费" in text
    service = catalog.get("reg_enroll")
    assert service.time_limit.instant and service.time_limit.source == "standard"
    assert [s.kind.value for s in service.steps] == ["process", "push_collection"]   # 参保登记 and 缴费
    workflow = _clerk_service(store)
    cid = ready_case(workflow, "reg_enroll")
    workflow.decide(cid, expected="accepted")
    for step in service.steps:
        workflow.record_step(cid, step.code)
    view = workflow.complete(cid)
    assert view.case.state is CaseState.completed
    assert view.case.accepted_at is None or view.case.accepted_at.date() == date(2026, 3, 2)   # the same day
    assert workflow.documents(cid)[0]["fields"]["time_limit"] == "即时办结"


# ------------------------------------------------------------------ rare characters in notices

def test_a_name_with_a_plane_2_character_prints_as_itself():
    """𠮷 (U+20BB7, CJK Ext-B) is in no GBK font: it is set in the fallback font (fonts-hanazono's
    HanaMinB) and its ToUnicode entry is a UTF-16 surrogate pair, so the PDF shows, copies and
    searches the name right."""
    from counter_app.printing.fonts import EXT_B_SAMPLE, find_fallback_font

    fallback = find_fallback_font()
    assert fallback is not None, "no font with CJK Ext-B: install fonts-hanazono"
    fields = sample_fields(DocumentKind.acceptance_notice)
    fields["applicant"]["name"] = f"吉{EXT_B_SAMPLE}祥"
    pdf = render_pdf(DocumentKind.acceptance_notice, fields, sample_number(DocumentKind.acceptance_notice))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        assert f"吉{EXT_B_SAMPLE}祥：" in page.extract_text()
        glyphs = [c for c in page.chars if c["text"] == EXT_B_SAMPLE]
    assert glyphs and all(fallback.family.replace(" ", "") in c["fontname"] for c in glyphs)
