"""The service catalog's texts in the English UI (resources/i18n/catalog_en.ts): the service list,
the checklist's materials and conditions, the 办理情形 and the steps show English, Chinese by
default, and re-word on a switch back. What is stored stays Chinese."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from counter_app.ui.i18n import install_language
from counter_app.ui.workspace.picker import ServiceCodeRole
from tests.ui.test_workspace_flows import (Clicks, applicant_for, choose_type, decide_now, make_ctx, open_panel, pick,
                                           type_applicant)


def service_rows(panel) -> dict[str, str]:
    """``{service code: the text its row shows}`` in the picker (outside the 最近使用 group)."""
    model, shown = panel.picker.model, {}
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        for r in range(model.rowCount(group)):
            index = model.index(r, 0, group)
            shown[model.data(index, ServiceCodeRole)] = model.data(index)   # its standard group last
    return shown


def material_cell(panel, code: str) -> str:
    row = [m.code for m in panel.materials.materials].index(code)
    return panel.materials.data(panel.materials.index(row, 0))


def condition_cell(panel, code: str) -> str:
    row = [c.code for c in panel.conditions.conditions].index(code)
    return panel.conditions.data(panel.conditions.index(row, 0))


def test_catalog_texts_english_in_the_english_ui_and_chinese_again_after(qtbot, app_home, store, english_back):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "cbdj", "reg_enroll")
    choose_type(panel, "individual")
    type_applicant(qtbot, panel, applicant_for("reg_enroll", "individual"))

    # Chinese by default
    assert service_rows(panel)["reg_enroll"] == "参保登记（6.1.1.2）"
    assert material_cell(panel, "insured_id") == "参保人有效身份证件"
    assert condition_cell(panel, "not_yet_registered").startswith("尚未在本市参加职工基本养老保险（")

    assert install_language(QApplication.instance(), "en")
    rows = service_rows(panel)
    assert rows["reg_enroll"] == "Enrolment registration (6.1.1.2)"
    assert rows["pension"].startswith("Basic pension assessment (")
    assert material_cell(panel, "insured_id") == "Insured person's valid identity document"
    assert material_cell(panel, "bank_card").startswith("Own bank card (for direct debit)")   # + (optional)
    assert panel.materials.data(panel.materials.index(0, 0), Qt.ItemDataRole.ToolTipRole) == \
        "The individual enrolment form, filled in and signed"         # what to bring
    assert condition_cell(panel, "not_yet_registered").startswith(
        "Not yet enrolled in the employees' basic pension insurance in this city (")
    # a search in English finds the service by its English name
    panel.picker.search.clear()
    clicks.type("enrolment reg", panel.picker.search)
    assert panel.picker.current_code() == "reg_enroll"
    # the stored case keeps the catalog's Chinese
    assert panel.service.name == "参保登记"
    assert "参保人有效身份证件" in [m.name for m in panel.materials.materials]

    assert install_language(QApplication.instance(), "zh_CN")
    assert service_rows(panel)["reg_enroll"] == "参保登记（6.1.1.2）"
    assert material_cell(panel, "insured_id") == "参保人有效身份证件"
    assert condition_cell(panel, "not_yet_registered").startswith("尚未在本市参加职工基本养老保险（")


def test_variants_reworded_on_a_language_switch(qtbot, app_home, store, english_back):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "6.6.1.1", "pension")
    combo = panel.applicant.variant_combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts == ["按法定退休年龄退休", "特殊工种提前退休"]
    english = ["Retirement at the statutory retirement age", "Early retirement for special types of work"]
    assert install_language(QApplication.instance(), "en")     # QEvent.LanguageChange is posted
    qtbot.waitUntil(lambda: [combo.itemText(i) for i in range(combo.count())] == english)
    assert install_language(QApplication.instance(), "zh_CN")
    qtbot.waitUntil(lambda: [combo.itemText(i) for i in range(combo.count())] == texts)


def test_refusal_reason_in_the_outcome_line_is_english(qtbot, app_home, store, english):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "cbdj", "reg_enroll")
    choose_type(panel, "individual")
    type_applicant(qtbot, panel, applicant_for("reg_enroll", "individual"))
    view = panel.conditions_view
    view.setFocus()
    view.setCurrentIndex(panel.conditions.index([c.code for c in panel.conditions.conditions]
                                                .index("not_yet_registered"), 0))
    clicks.key(Qt.Key.Key_Space, widget=view)       # 待确认 → 符合 → 不符合
    clicks.key(Qt.Key.Key_Space, widget=view)
    assert panel.conditions.answers["not_yet_registered"] is False
    line = panel.outcome_label.text()
    english = "Already enrolled in the employees' basic pension insurance in this city; no second enrolment is needed"
    assert english in line, line
    assert "已在本市" not in line
    assert panel.outcome.reasons == ("已在本市参加职工基本养老保险，无需重复参保登记",)   # as recorded


def test_step_names_english_after_acceptance(qtbot, app_home, store, english_back):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "cbdj", "reg_enroll")
    choose_type(panel, "individual")
    type_applicant(qtbot, panel, applicant_for("reg_enroll", "individual"))
    panel.act_all_present.trigger()
    panel.act_confirm.trigger()
    decide_now(clicks, qtbot, panel)
    steps = panel.steps.list

    def shown() -> list[str]:
        return [steps.item(i).toolTip() for i in range(steps.count())]

    assert any("办理参保登记" in t for t in shown()), shown()
    assert install_language(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: any("Carry out the enrolment registration" in t for t in shown()))
    assert not any("办理参保登记" in t for t in shown())
    assert "Carry out the enrolment registration" in panel.steps.simple_label.full_text()   # the current step
    assert install_language(QApplication.instance(), "zh_CN")
    qtbot.waitUntil(lambda: any("办理参保登记" in t for t in shown()))


def test_decision_form_labels_and_choices_reworded(qtbot, app_home, store, english_back):
    from tests.ui.test_workspace_decision_form import CASES, open_form

    panel, _clicks = open_form(qtbot, store, "death_benefit", *CASES["death_benefit"][:3])
    form = panel.decision_form
    labels = lambda: "｜".join(label.text() for label in form.rows.findChildren(QLabel)
                               if not label.objectName().startswith("hint_"))
    combo = next(e for e in form.editors.values() if hasattr(e, "itemText"))
    assert "*丧葬补助金（元）" in labels() and combo.itemText(1) == "深圳办法"
    assert install_language(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: "*Funeral grant (yuan)" in labels())
    assert combo.itemText(1) == "Shenzhen method"
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in labels()), labels()
    assert install_language(QApplication.instance(), "zh_CN")
    qtbot.waitUntil(lambda: "*丧葬补助金（元）" in labels())
    assert combo.itemText(1) == "深圳办法"


def test_the_pension_forms_two_months_read_as_two_different_months(qapp, english):
    """Review: 退休（领取）年月 and 起领年月 both read as the benefit's start. The first is the month of
    retirement, the second the month after it, when the pension starts (decision_data._pension;
    user-guide: 起领年月为退休年月的次月)."""
    from counter_app.reference.catalog import load_catalog
    from counter_app.ui.catalog_text import catalog_tr

    step = next(s for s in load_catalog().get("pension").steps if s.decision_data)
    labels = {f.code: catalog_tr(f.label) for f in step.decision_data}
    assert labels["pension.retirement_month"] == "Retirement (year and month)"
    assert labels["pension.start_month"] == "Benefit start (year and month)"
