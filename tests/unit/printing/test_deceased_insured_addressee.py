"""A document about a deceased 参保人 (丧葬补助金、抚恤金; 历史信息审核, death variant) addresses the
applicant — the 遗属 or the agent — and names the deceased as the 参保人: before, an agent's
documents were addressed 「刘德华：」 (the deceased) and the decision said 「核准你的视同缴费年限」."""

from __future__ import annotations

import copy
import io

import pdfplumber
import pytest

from counter_app.domain import case_engine
from counter_app.domain.case_engine import Case, CaseState
from counter_app.domain.documents import DocumentKind
from counter_app.printing.samples import fictional_id, sample_fields, sample_number
from counter_app.printing.templates import render_pdf
from counter_app.reference.catalog import load_catalog

DECEASED = {"type": "agent", "type_name": "代办人", "name": "刘德华", "id_number": fictional_id("44030419500101001"),
            "agent_name": "刘小华", "agent_id_number": fictional_id("44030419800101002")}


def _text(kind, fields) -> str:
    with pdfplumber.open(io.BytesIO(render_pdf(kind, fields, sample_number(kind)))) as doc:
        return "".join("".join((p.extract_text() or "").split()) for p in doc.pages)


@pytest.mark.parametrize("applicant_type, code, variants", [("agent", "history_review", ("death",)),
                                                            ("survivor", "history_review", ("death",)),
                                                            ("agent", "death_benefit", ()),
                                                            ("agent", "reg_cancel", ("person.death",)),
                                                            ("survivor", "reg_cancel", ("person.death",))])
def test_the_case_tells_its_documents_the_insured_person_is_deceased(applicant_type, code, variants):
    service = load_catalog().get(code)
    case = Case(id="c1", service_code=code, catalog_version="t", applicant_type=applicant_type, variants=variants,
                state=CaseState.accepted, applicant={k: v for k, v in DECEASED.items() if k not in ("type", "type_name")})
    fields = case_engine.document_fields(case, DocumentKind.acceptance_notice, service=service, clerk="张经办",
                                         on=__import__("datetime").date(2026, 3, 2))
    assert fields["applicant"]["insured_deceased"] is True


def test_every_deceased_variant_is_a_variant_of_the_catalog():
    """The names in DECEASED_VARIANTS are the catalog's (a renamed variant would silently address
    the deceased again): each is a variant of a service, and named for a death."""
    catalog = load_catalog()
    found = {v.code: v.name for svc in catalog.services for v in svc.variants if v.code in case_engine.DECEASED_VARIANTS}
    assert set(found) == case_engine.DECEASED_VARIANTS and all("死亡" in n or "丧葬" in n for n in found.values()), found


def test_an_agents_reg_cancel_for_a_living_insured_is_addressed_to_the_insured():
    service = load_catalog().get("reg_cancel")
    other = next(v.code for v in service.variants if v.code not in case_engine.DECEASED_VARIANTS
                 and "agent" in (v.applicant_types or {"agent"}))
    case = Case(id="c1", service_code="reg_cancel", catalog_version="t", applicant_type="agent", variants=(other,),
                state=CaseState.accepted, applicant={k: v for k, v in DECEASED.items() if k not in ("type", "type_name")})
    fields = case_engine.document_fields(case, DocumentKind.acceptance_notice, service=service, clerk="张经办",
                                         on=__import__("datetime").date(2026, 3, 2))
    assert "insured_deceased" not in fields["applicant"]


def test_deemed_years_decision_for_a_deceased_insured_addresses_the_agent():
    fields = copy.deepcopy(sample_fields(DocumentKind.deemed_years_decision))
    fields["applicant"] = {**DECEASED, "insured_deceased": True}
    text = _text(DocumentKind.deemed_years_decision, fields)
    assert "刘小华：" in text and "刘德华：" not in text
    assert "核准参保人刘德华的视同缴费年限" in text and "核准你的视同缴费年限" not in text


def test_guidance_notice_for_a_deceased_insured_addresses_the_agent():
    fields = copy.deepcopy(sample_fields(DocumentKind.guidance_notice))
    fields["applicant"] = {**DECEASED, "insured_deceased": True}
    text = _text(DocumentKind.guidance_notice, fields)
    assert "刘小华：" in text and "刘德华：" not in text


def test_a_living_insured_persons_agent_still_addresses_the_insured():
    fields = copy.deepcopy(sample_fields(DocumentKind.deemed_years_decision))
    fields["applicant"] = dict(DECEASED)
    text = _text(DocumentKind.deemed_years_decision, fields)
    assert "刘德华：" in text and "核准你的视同缴费年限" in text


def test_death_cases_ask_for_an_authorisation_the_survivor_signs():
    catalog = load_catalog()
    for code, variants in (("history_review", ("death",)), ("death_benefit", ())):
        plan = catalog.get(code).plan("agent", variants)
        wording = [m.what_to_bring for m in plan.materials if "授权委托书" in m.name]
        assert wording and all("参保人（委托人）" not in w and "遗属" in w for w in wording), (code, wording)
    plan = catalog.get("history_review").plan("agent", ("pension",))
    assert any("参保人（委托人）" in m.what_to_bring for m in plan.materials)
