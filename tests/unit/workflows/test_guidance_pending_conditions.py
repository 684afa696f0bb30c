"""A 业务指引告知书 given while a 受理条件 is still 待确认 (no record to read it from, or the clerk's
judgment rests on a material to be brought) names that condition: the notice lists every material
to bring (一次性告知, 6.1.1.2.2), and says which conditions are to be verified when they are
brought. Was: the notice listed the materials only, and read as if nothing else stood between the
applicant and 受理."""

from __future__ import annotations

import io

import pdfplumber

from counter_app.domain.case_engine import CaseState
from counter_app.domain.checklist import TickState
from counter_app.domain.documents import DocumentKind
from counter_app.printing.templates import render_pdf
from tests.support.cases import MALE_1960
from tests.unit.workflows.test_case_workflow import catalog, workflow  # noqa: F401


def _text(fields: dict) -> str:
    pdf = render_pdf(DocumentKind.guidance_notice, fields, "深社保指引〔2026〕1号")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "".join("".join((p.extract_text() or "").split()) for p in doc.pages)


def _returned(workflow, *, answer: bool):  # noqa: F811
    view = workflow.create("reg_enroll", "individual", applicant={"name": "张三", "id_number": MALE_1960})
    cid = view.case.id
    workflow.submit(cid)
    plan = view.service.plan("individual", ())
    first, *rest = plan.materials
    workflow.tick(cid, first.code, TickState.missing)
    for m in rest:
        workflow.tick(cid, m.code)
    clerk_conditions = [c for c in plan.conditions if not c.check]
    assert clerk_conditions                                    # 尚未在本市参加职工基本养老保险: no record here
    if answer:
        for c in clerk_conditions:
            workflow.answer_condition(cid, c.code, True, "")
    view = workflow.decide(cid)
    assert view.case.state is CaseState.returned
    [doc] = [d for d in workflow.documents(cid) if d["kind"] == "guidance_notice"]
    return first, clerk_conditions, doc["fields"]


def test_the_guidance_notice_names_the_conditions_still_to_be_verified(workflow):  # noqa: F811
    first, pending, fields = _returned(workflow, answer=False)
    assert fields["pending_conditions"] == [c.text for c in pending]
    assert [m["material"] for m in fields["missing_items"]] == [first.name]
    text = _text(fields)
    assert "另有下列受理条件本机构尚未核实" in text
    for c in pending:
        assert "".join(c.text.split()) in text
    assert text.index("一并核实") < text.index("本告知书为一次性告知")


def test_the_clerks_preview_says_the_same_before_the_notice_is_given(workflow):  # noqa: F811
    from counter_app.domain.case_text import preview_html

    view = workflow.create("reg_enroll", "individual", applicant={"name": "张三", "id_number": MALE_1960})
    cid = view.case.id
    workflow.submit(cid)
    plan = view.service.plan("individual", ())
    workflow.tick(cid, plan.materials[0].code, TickState.missing)
    outcome = workflow.get(cid).outcome
    assert outcome.pending_conditions
    html = preview_html(view.service, outcome, applicant_type="individual", present=[])
    assert "尚未核实" in html and all(c.text in html for c in plan.conditions if c.code in outcome.pending_conditions)


def test_with_every_condition_confirmed_the_notice_lists_the_materials_only(workflow):  # noqa: F811
    _first, _pending, fields = _returned(workflow, answer=True)
    assert "pending_conditions" not in fields
    assert "尚未核实" not in _text(fields)
