"""A 受理条件 not met but guided (业务指引, policy.md §1: someone short of the minimum years "may keep
contributing or pay a lump sum; they are not refused outright") is told on the 业务指引告知书 as
what it is. Was: it was a row of the materials table, under an opening that said the materials were
incomplete and returned, its 存在问题 ended with the advice meant for the clerk (「不直接拒绝：…」),
and its 材料名称 was the condition's catalog text (「…累计缴费年限满15年」) beside a problem that
may name another minimum (「最低缴费年限为16年」)."""

from __future__ import annotations

import io

import pdfplumber

from counter_app.domain.case_engine import CaseState
from counter_app.domain.checklist import TickState
from counter_app.domain.documents import DocumentKind
from counter_app.printing.templates import render_pdf
from counter_rules.conditions import GUIDE_CONTRIBUTE
from tests.support.cases import MALE_1960, man_born_1960
from tests.unit.workflows.test_case_workflow import catalog, workflow  # noqa: F401

SHORT = {"contribution_months": 120, "benefit_place_shenzhen": True, "history_reviewed": True}


def _text(fields: dict) -> str:
    pdf = render_pdf(DocumentKind.guidance_notice, fields, "深社保指引〔2026〕1号")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "".join("".join((p.extract_text() or "").split()) for p in doc.pages)


def _pension(workflow, *, leave_out: int = 0, id_number: str = MALE_1960):  # noqa: F811
    view = workflow.create("pension", "individual", variants=("normal",),
                           applicant={"name": "李四", "id_number": id_number}, facts=SHORT)
    cid = view.case.id
    workflow.submit(cid)
    materials = [m for m in view.service.plan("individual", ("normal",)).materials if m.required]
    for m in materials[leave_out:]:
        workflow.tick(cid, m.code)
    for m in materials[:leave_out]:
        workflow.tick(cid, m.code, TickState.missing)
    return cid, view.service, materials[:leave_out]


def _notice(workflow, cid):  # noqa: F811
    view = workflow.decide(cid)
    assert view.case.state is CaseState.returned                 # guided, not refused
    [doc] = [d for d in workflow.documents(cid) if d["kind"] == "guidance_notice"]
    return doc["fields"]


def test_short_of_the_minimum_years_the_notice_guides_and_says_no_material_is_missing(workflow):  # noqa: F811
    cid, _service, _ = _pension(workflow)
    outcome = workflow.get(cid).outcome
    assert outcome.guided == ("rule_5_6_1_1",) and str(outcome.summary()) == "1 项受理条件须先按业务指引办理"
    fields = _notice(workflow, cid)
    [row] = fields["missing_items"]
    assert row["condition"] is True and row["what_to_bring"] == GUIDE_CONTRIBUTE
    assert "尚差5年" in row["problem"] and "不直接拒绝" not in row["problem"]
    text = _text(fields)
    assert "暂不满足下列受理条件" in text and "本机构不作不予受理决定" in text and "共1项" in text
    assert "请继续参保缴费" in text and "尚差5年" in text      # (a table cell's lines interleave)
    for wrong in ("申请材料不齐全", "补齐补正上述材料", "不直接拒绝", "满15年"):
        assert wrong not in text, wrong
    assert text.index("办理指引") < text.index("按上述指引办理后再次提交的申请")


def test_with_a_material_missing_too_the_notice_lists_it_and_names_the_condition_apart(workflow):  # noqa: F811
    cid, _service, [left] = _pension(workflow, leave_out=1)
    outcome = workflow.get(cid).outcome
    assert str(outcome.summary()) == "材料不齐全：1 项需补齐补正；另有 1 项受理条件须先按业务指引办理"
    fields = _notice(workflow, cid)
    assert [bool(m.get("condition")) for m in fields["missing_items"]] == [True, False]
    text = _text(fields)
    assert "申请材料不齐全" in text and "全部材料（共1项）" in text and "".join(left.name.split()) in text
    assert text.index("全部材料（共1项）") < text.index("另有下列受理条件你暂不满足") < text.index("尚差5年")
    assert "不直接拒绝" not in text and "补齐补正上述材料后提交的申请" in text


def test_the_clerks_preview_shows_the_same_split(workflow):  # noqa: F811
    from counter_app.domain.case_text import preview_html

    cid, service, _ = _pension(workflow)
    html = preview_html(service, workflow.get(cid).outcome, applicant_type="individual", present=[])
    assert "暂不满足下列受理条件" in html and GUIDE_CONTRIBUTE in html and "尚差5年" in html
    assert "请一次性补齐补正下列材料" not in html and "不直接拒绝" not in html

    cid, service, [left] = _pension(workflow, leave_out=1, id_number=man_born_1960(2))
    html = preview_html(service, workflow.get(cid).outcome, applicant_type="individual", present=[])
    assert html.index(left.name) < html.index("另有下列受理条件暂不满足") < html.index(GUIDE_CONTRIBUTE)


def test_a_notice_with_neither_materials_nor_conditions_is_refused():
    import pytest

    from counter_app.printing.templates import RenderError

    with pytest.raises(RenderError, match="missing_items"):
        _text({"service_name": "基本养老金核定", "case_no": "X", "applicant": {"name": "李四"}, "missing_items": []})
