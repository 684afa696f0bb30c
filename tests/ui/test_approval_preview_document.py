"""Tester (supervisor B4, B6): the request detail previewed a 《不予受理决定书》 for every request with
reasons — a 不予认定 too (without the 公示 objection and the 核查 finding it rests on), and a 补打
got a fresh 不予受理决定书 naming the requesting clerk instead of the document being reprinted; in
the English tab the materials and conditions stayed Chinese though the catalog translates them."""

from __future__ import annotations

from tests.ui.test_approvals_panel_words import ROW


def _denial() -> dict:
    snap = {**ROW["details"]["case"], "service_name": "基本养老金核定",
            "findings": [{"kind": "objection", "step": "公示", "result": "objection", "text": "群众反映未从事该工种"},
                         {"kind": "finding", "step": "核查", "result": "not_eligible", "text": "工种不属于特殊工种"}]}
    return {**ROW, "action": "denial", "action_name": "不予认定决定", "state": "pending", "checker": "",
            "details": {"case": snap, "reasons": ["工种不属于特殊工种"]}}


def test_a_denial_previews_the_denial_decision_and_what_it_rests_on(qapp):
    from counter_app.ui.approvals_panel import detail_html

    html = detail_html(_denial())
    assert "不予受理决定书" not in html
    assert "深圳市企业职工养老保险金不予认定决定书" in html and "本机构决定不予认定" in html
    assert "群众反映未从事该工种" in html and "工种不属于特殊工种" in html


def test_a_reprint_previews_the_document_being_reprinted_with_its_own_people(qapp):
    from counter_app.ui.approvals_panel import detail_html

    r = {**ROW, "action": "reprint", "action_name": "补打决定书", "state": "pending", "checker": "",
         "details": {"case": ROW["details"]["case"], "document_id": "d1", "note": "补打《…》：申请人遗失",
                     "document": {"title": "深圳市企业职工基本养老保险待遇核准决定书", "number": "深社保福田〔2026〕待核第1号",
                                  "clerk": "科长01", "approver": "中心主任01"}}}
    html = detail_html(r)
    assert "不予受理决定书" not in html and "（待审批）" not in html
    assert "深社保福田〔2026〕待核第1号" in html and "经办人：科长01" in html and "审批人：中心主任01" in html


def test_a_rejection_previews_the_rejection_decision_without_the_clerks_advice(qapp):
    from counter_app.ui.approvals_panel import detail_html

    r = {**ROW, "details": {**ROW["details"], "reasons": ["累计缴费年限不足：尚差10年。不直接拒绝：可继续缴费"]}}
    html = detail_html(r)
    assert "不予受理决定书" in html and "尚差10年。" in html and "不直接拒绝" not in html


def test_the_english_detail_names_materials_and_conditions_from_the_catalog(english):
    from counter_app.ui.approvals_panel import detail_html
    from counter_app.ui.catalog_text import catalog_tr

    snap = {**ROW["details"]["case"], "materials": [{"name": "基本养老金申领表", "state": "present", "problem": ""}],
            "conditions": [{"text": "参保人证件号码有效", "result": "met", "source": "system", "explanation": "",
                            "override": ""}]}
    html = detail_html({**ROW, "details": {**ROW["details"], "case": snap}})
    assert catalog_tr("基本养老金申领表") != "基本养老金申领表"          # the catalog translates it
    from html import escape

    assert escape(catalog_tr("基本养老金申领表")) in html and escape(catalog_tr("参保人证件号码有效")) in html
    assert "基本养老金申领表" not in html and "参保人证件号码有效" not in html


def test_the_requests_case_snapshot_carries_the_objection_and_the_finding(store):
    """case_snapshot (what the request carries to the supervisor) lists the 公示 objection and the 核查
    finding recorded on the case."""
    from dataclasses import replace

    from counter_app.domain.case_engine import StepRecord
    from counter_app.workflows.approvals import case_snapshot
    from tests.unit.workflows.test_benefit_approval import _at_decision
    from tests.support.cases import NOW

    workflow, cid = _at_decision(store)
    view = workflow.get(cid)
    steps = [*view.case.steps,
             StepRecord(step_code="review", result="objection", actor="clerk01", at=NOW, data={"objection": "群众反映"}),
             StepRecord(step_code="review", result="not_eligible", actor="clerk01", at=NOW, data={"finding": "不属实"})]
    snap = case_snapshot(replace(view, case=replace(view.case, steps=steps)), NOW.date())
    assert [(f["kind"], f["text"]) for f in snap["findings"]] == [("objection", "群众反映"), ("finding", "不属实")]
