"""The typed 核定 form in the window, for every 核定 service: built from the catalog's declaration,
prefilled from the person's record and the rules, the clerk types only what only the clerk knows,
Ctrl+Enter records the decision with its document; a missing figure names the field and the step
stays open. There is no JSON box anywhere in the window."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from counter_rules import money
from counter_app.domain.case_engine import CaseState
from counter_rules.decision_data import check
from counter_app.printing.samples import SAMPLE_RULE_FACTS, fictional_id
from counter_app.reference.params import load_policy_params
from tests.ui.test_workspace_flows import CTRL, USCC, Clicks, choose_type, idle, make_ctx, open_panel, pick, type_applicant
from tests.ui.test_workspace_flows import aged_56_today, step_pages

TODAY = date(2026, 3, 2)
MALE_1965_03 = fictional_id("11010519650315001")      # statutory retirement 2025-04 (60 + 1 month)
MALE_1966_12 = "110105196612010016"
HK_PERMIT_1966_12 = "810000196612150017"      # 港澳居民居住证 (810000…), valid check
RECORD = {"contribution_months": 300, "deemed_months": 86, "account_balance": "141883.05"}

# service → (applicant type, applicant, record facts, what the clerk types)
CASES = {
    "pension": ("individual", {"name": "张三", "id_number": MALE_1965_03},
                {**SAMPLE_RULE_FACTS["pension"], **RECORD, "contribution_months": 300},
                {"pension.avg_index": "1.2", "pension.transitional": "286.00"}),
    # 病残津贴 counts from the day the application is accepted, which the workflow takes from the real
    # clock: an applicant aged 56 this month, and the form's day today (not TODAY)
    "disability_allowance": ("individual", {"name": "张三", "id_number": aged_56_today()},
                             {**SAMPLE_RULE_FACTS["disability_allowance"], **RECORD},
                             {"allowance.avg_index": "0.8", "allowance.base": "11293", "allowance.transitional": "0"}),
    "death_benefit": ("survivor", {"name": "张三", "id_number": MALE_1966_12, "agent_name": "张小三",
                                   "agent_id_number": MALE_1965_03},
                      {**SAMPLE_RULE_FACTS["death_benefit"], "contribution_months": 240},
                      {"death_benefits.death_date": "2026-02-10", "death_benefits.base": "4000.00",
                       "death_benefits.dependants": "2"}),
    # the 港澳台/外籍离境 ground holds for a 港澳台居民居住证 only (5.6.1.4), not a mainland ID
    "account_settlement": ("individual", {"name": "张三", "id_number": HK_PERMIT_1966_12},
                           {**SAMPLE_RULE_FACTS["account_settlement"], "account_balance": "102345.67"},
                           {"account.contributions": "7680.00", "account.interest": "1592.13"}),
    "contribution": ("unit", {"unit_name": "深圳市某某科技有限公司", "credit_code": USCC}, {},
                     {"contributions.declared_base": "8000"}),
}


def walk_to_form(clicks, qtbot, panel):
    """Ctrl+Enter through the steps before the one with the typed form (fingerprint: its record)."""
    for _ in range(10):
        if panel.decision_form.isVisible():
            return
        if panel.steps.current_page() == step_pages.FINGERPRINT:
            panel.record_step(panel.case_view.next_step, "done", {"template_ref": "fp-template-ui"})
        else:
            clicks.key(Qt.Key.Key_Return, CTRL)
        idle(qtbot, panel)
    raise AssertionError("no step with a typed form: " + panel.last_message)


def open_form(qtbot, store, code, applicant_type, applicant, facts, *, today=TODAY):
    """A case of ``code`` accepted at the window (the person's record ``facts``, every material and
    condition ticked) and walked to its first step with a typed 核定 form: (panel, clicks)."""
    panel = open_panel(qtbot, make_ctx(store), auto_print=False, today=lambda: today)
    clicks = Clicks(qtbot)
    pick(clicks, panel, panel.catalog.get(code).name, code)
    choose_type(panel, applicant_type)
    type_applicant(qtbot, panel, applicant)
    panel.set_facts(facts)                                    # the person's record
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view is not None, panel.last_message
    assert panel.case_view.case.state is CaseState.accepted, panel.last_message
    walk_to_form(clicks, qtbot, panel)
    return panel, clicks


def type_into(qtbot, panel, code, text):
    editor = panel.decision_form.editors[code]
    if hasattr(editor, "findData"):
        editor.setCurrentIndex(editor.findData(text))
        return
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, text)


@pytest.mark.parametrize("code", sorted(CASES))
def test_typed_form_prefilled_and_decided(qtbot, app_home, store, code):
    applicant_type, applicant, facts, typed = CASES[code]
    panel, clicks = open_form(qtbot, store, code, applicant_type, applicant, facts,
                              today=date.today() if code == "disability_allowance" else TODAY)
    form = panel.decision_form
    step = next(s for s in panel.case_view.service.steps if s.code == panel.case_view.next_step)
    assert [f.code for f in form.fields] == [f.code for f in step.decision_data]
    # every row says where its value comes from
    assert all(form.hints[f.code].text().startswith("来源：") for f in form.fields)
    # prefilled from the record
    if code in ("pension", "disability_allowance"):
        g = "pension" if code == "pension" else "allowance"
        assert form.value(f"{g}.account_balance") == "141883.05"
        assert form.value(f"{g}.contribution_months") == "386"          # actual + deemed
    if code == "account_settlement":
        assert form.value("account.opening") == "102345.67"
    # a required figure missing: the step stays open and the message names it
    required_typed = [c for c in typed if next(f for f in form.fields if f.code == c).required]
    if required_typed:
        before = len(panel.case_view.case.steps)
        clicks.key(Qt.Key.Key_Return, CTRL)
        idle(qtbot, panel)
        assert len(panel.case_view.case.steps) == before and "核定数据不完整" in panel.last_message
        label = next(f.label for f in form.fields if f.code == required_typed[0])
        assert label in form.error.text()
    for field_code, text in typed.items():
        type_into(qtbot, panel, field_code, text)
    if code == "death_benefit" and not form.value("death_benefits.rule_set"):
        type_into(qtbot, panel, "death_benefits.rule_set", "national")
    values = form.values()
    check_rules(code, values)
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    recorded = [s for s in panel.case_view.case.steps if s.step_code == step.code]
    if not recorded and "待审批" in (panel.last_message or ""):
        # 分级授权 (7.3.2): over the back-pay / amount parameters nothing is recorded and no decision is
        # issued until a supervisor of the required level approves (here on site, 现场授权)
        from tests.ui.test_workspace_outcomes import _supervisor_was_here

        assert not [d for d in panel.documents if d["kind"].endswith("_decision")], panel.documents
        _supervisor_was_here(panel.ctx, "director01", "director01-demo", level=2)
        panel.authorise_on_site("director01", "director01-demo", True, "核定无误")
        idle(qtbot, panel)
        recorded = [s for s in panel.case_view.case.steps if s.step_code == step.code]
        assert recorded and recorded[-1].approved_by == "director01", panel.last_message
    assert recorded and recorded[-1].result == "done", panel.last_message
    group = step.decision_data[0].group
    for f in step.decision_data:
        if values.get(f.code):
            stored = recorded[-1].data[group][f.key]
            assert str(stored) == check(f, values[f.code])[0], f.code          # as typed, normalised
    if step.document is not None:
        docs = [d for d in panel.documents if d["kind"] == step.document.value]
        # the document prints the decided amount: the pension's / the grants' total, the allowance's monthly standard
        total = {"pension": "total", "death_benefits": "total", "allowance": "monthly"}.get(group)
        assert docs and docs[-1]["fields"][group][total or next(iter(docs[-1]["fields"][group]))]
    # no JSON box anywhere: the only multi-line text widget is the read-only notice preview
    boxes = [w for w in panel.findChildren(QPlainTextEdit) + panel.findChildren(QTextEdit) if not w.isReadOnly()]
    assert boxes == []


def check_rules(code, v):
    """What the form computed agrees with the rules calculators."""
    params = load_policy_params()
    if code == "pension":
        base = params.decimal("pension.computation_base", date(2025, 4, 1))
        est = money.pension_estimate(computation_base=base, avg_index="1.2", contribution_months=386,
                                     account_balance="141883.05", age_years=60, age_months=1, transitional="286.00")
        assert v["pension.retirement_month"] == "2025-04"
        assert (v["pension.basic"], v["pension.personal_account"], v["pension.total"]) == (
            str(est.basic), str(est.personal_account), str(est.total))
    elif code == "disability_allowance":
        factor = money.months_factor(56, 0)                  # aged 56 this month (aged_56_today)
        personal = money.to_fen(Decimal("141883.05") / factor)
        basic = money.to_fen(Decimal("11293") * Decimal("1.8") * 386 / 2400)
        assert v["allowance.personal_account"] == str(personal) and v["allowance.monthly"] == str(basic + personal)
    elif code == "death_benefit":
        r = money.funeral_and_survivor(v["death_benefits.rule_set"], "4000.00", dependants=2, contribution_months=240)
        assert v["death_benefits.total"] == str(r.total) and v["death_benefits.funeral_grant"] == str(r.funeral_grant)
    elif code == "account_settlement":
        assert v["account.closing"] == "111617.80" and v["account.year"] == "2026"
    elif code == "contribution":
        a = money.contribution_amounts("8000", TODAY, load_policy_params())
        assert v["contributions.employer"] == str(a.employer) and v["contributions.period"] == "2026-03"


def _contribution_form(qtbot, store, facts, today):
    return open_form(qtbot, store, "contribution", "unit", {"unit_name": "深圳市某某科技有限公司", "credit_code": USCC},
                     facts, today=today)


def test_contribution_declared_in_december_for_february_is_computed(qtbot, app_home, store):
    """The core system hands over 费款所属期 2026-02; declared on 2026-12-04 (when no floor is in force
    yet) the floor, ceiling and rates of 2026-02 apply and the amounts are computed."""
    panel, _clicks = _contribution_form(qtbot, store, {"contributions": {"period": "2026-02"}}, date(2026, 12, 4))
    form = panel.decision_form
    assert form.value("contributions.period") == "2026-02"
    type_into(qtbot, panel, "contributions.declared_base", "3000")
    a = money.contribution_amounts("3000", date(2026, 2, 1), load_policy_params())
    assert form.value("contributions.base") == f"{a.base:.2f}"
    assert form.value("contributions.employer") == str(a.employer)
    assert form.value("contributions.individual") == str(a.individual)
    assert "无有效取值" not in form.notes.text()


def test_contribution_without_amounts_does_not_complete(qtbot, app_home, store):
    """No parameter in force for the period: the note names the parameter in words (no key) and
    Ctrl+Enter refuses the step, naming the amounts; the notes never cover the last rows."""
    # 费款所属期 2024-06: before the first floor and rates the default parameters hold
    panel, clicks = _contribution_form(qtbot, store, {"contributions": {"period": "2024-06"}}, date(2026, 12, 4))
    panel.resize(1366, 690)         # the workspace tab of the window at 1366×768
    form = panel.decision_form
    assert form.value("contributions.period") == "2024-06"
    type_into(qtbot, panel, "contributions.declared_base", "8000")
    notes = form.notes.text()
    assert "单位缴费比例" in notes and "2024-06-01" in notes and "pension.employer_rate" not in notes
    assert form.value("contributions.base") == "" and form.value("contributions.employer") == ""
    step = panel.case_view.next_step
    before = len(panel.case_view.case.steps)
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert len(panel.case_view.case.steps) == before and panel.case_view.next_step == step
    assert "核定缴费基数" in panel.last_message and "尚未算出" in panel.last_message
    assert "尚未算出" in form.error.text()
    qtbot.waitUntil(lambda: form.error.isVisible())

    def laid_out():     # after the pending layout request: each label below the other, at its full height
        scroll, note, error = form.rows_scroll.geometry(), form.notes.geometry(), form.error.geometry()
        assert note.top() > scroll.bottom() and error.top() > note.bottom(), (scroll, note, error)
        assert note.height() >= form.notes.heightForWidth(note.width()) > form.fontMetrics().height()
    qtbot.waitUntil(laid_out, timeout=3000)


def test_letters_in_a_number_field_are_refused_with_a_reason(qtbot, app_home, store):
    """「12abc,5」 in 申报缴费基数: the letters are refused (only 125 is kept) and the form says why."""
    panel, _clicks = _contribution_form(qtbot, store, {"contributions": {"period": "2026-02"}}, date(2026, 12, 4))
    form = panel.decision_form
    type_into(qtbot, panel, "contributions.declared_base", "12abc,5")
    assert form.value("contributions.declared_base") == "125"
    assert "申报缴费基数" in form.error.text() and "只能填写数字" in form.error.text()
    type_into(qtbot, panel, "contributions.declared_base", "8000")       # typing on: the note stays
    assert "只能填写数字" in form.error.text()
    form.editors["contributions.period"].setFocus()                      # leaving the field clears it
    qtbot.waitUntil(lambda: form.error.text() == "")
