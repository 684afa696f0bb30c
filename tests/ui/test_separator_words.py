"""Full-width Chinese punctuation is no part of an English line. Review: "Step done: …，The case is
closed and archived", "Unit's basic information：Unit name", "Personal account balance（yuan）", the
documents line's 《…》；, the review list's （clause） and proposal's ： — the separators were glued on
in Chinese around translated parts. Each is a template through tr() now ("%1：%2" → "%1: %2")."""

from __future__ import annotations

from types import SimpleNamespace

from counter_rules.decision_data import DecisionField


def test_what_followed_an_action_reads_english(qapp, english):
    from counter_app.ui.workspace.ops import closed_text

    assert closed_text("Step done: Carry out the enrolment registration", closed=True, archived=True) == \
        "Step done: Carry out the enrolment registration; the case is closed and archived"
    assert closed_text("Step done: x", closed=False, archived=True) == "Step done: x; archived"
    assert closed_text("", closed=True, archived=True) == "The case is closed and archived"
    assert closed_text("Step done: x", closed=False, archived=False) == "Step done: x"


def test_what_followed_an_action_reads_chinese(qapp):
    from counter_app.ui.workspace.ops import closed_text

    assert closed_text("已办理步骤：办理参保登记", closed=True, archived=True) == "已办理步骤：办理参保登记，办件已办结并归档"
    assert closed_text("已办理步骤：x", closed=False, archived=True) == "已办理步骤：x，已归档"


def test_a_variant_and_a_unit_read_english(qapp, english):
    from counter_app.ui.workspace.applicant import variant_text
    from counter_app.ui.workspace.decision_form import DecisionForm

    variant = SimpleNamespace(group="单位基本信息", name="单位名称")
    assert variant_text(variant) == "Unit's basic information: Unit name"
    field = DecisionField("contributions.declared_base", "申报缴费基数", "money", unit="元")
    text = DecisionForm._label_text(field)
    assert text.startswith("*") and text.endswith(" (yuan)") and "（" not in text, text


def test_a_variant_and_a_unit_read_chinese(qapp):
    from counter_app.ui.workspace.applicant import variant_text
    from counter_app.ui.workspace.decision_form import DecisionForm

    assert variant_text(SimpleNamespace(group="单位基本信息", name="单位名称")) == "单位基本信息：单位名称"
    assert DecisionForm._label_text(DecisionField("contributions.declared_base", "申报缴费基数", "money", unit="元")) \
        == "*申报缴费基数（元）"


def test_the_review_list_reads_english(qapp, english):
    from counter_app.ui.approvals_panel import ReviewsModel

    model = ReviewsModel()
    row = SimpleNamespace(state_name="", clause_name="Clause", clause="6.6.1", summary="", proposal="passed",
                          proposal_reason="ok", reason="", maker="")
    model.set_rows([row])
    cells = {c: model.data(model.index(0, i)) for i, c in enumerate(model.COLUMNS)}
    assert cells["clause"] == "Clause (6.6.1)" and cells["proposal"] == "Review passed: ok", cells


def test_the_documents_line_reads_english_and_rewords_on_a_switch(qtbot, app_home, store, english_back):
    """文书：《受理通知书》深社保…；《…》… — the official titles and 文号 as issued, the brackets and
    separators the language's."""
    import re
    from datetime import date

    from PySide6.QtWidgets import QApplication

    from counter_app.ui.i18n import install_language
    from tests.ui.test_workspace_decision_form import _contribution_form

    panel, _clicks = _contribution_form(qtbot, store, {}, date(2026, 3, 2))
    try:
        chinese = panel.docs_label.text()
        assert re.fullmatch(r"文书：(《[^》]+》\S+)(；《[^》]+》\S+)*", chinese), chinese
        assert install_language(QApplication.instance(), "en")
        qtbot.waitUntil(lambda: panel.docs_label.text() != chinese, timeout=3000)
        english = panel.docs_label.text()
        assert english.startswith("Documents: “") and not re.search("[：；《》]", english), english
        assert english.count("“") == chinese.count("《")
        assert install_language(QApplication.instance(), "zh_CN")
        qtbot.waitUntil(lambda: panel.docs_label.text() == chinese, timeout=3000)
    finally:
        panel.shutdown()


def _step_rows(panel) -> list[str]:
    lst = panel.steps.list
    return [lst.item(i).toolTip() or lst.item(i).text() for i in range(lst.count())]


def test_the_steps_list_and_current_step_read_english(qtbot, app_home, store, english_back):
    """Review: the steps list read "✓ …：Done" and "○ …（Refused by the supervisor: …）", and the current
    step "Current step: …（6.4.1.1.1.3）": the ： and （） were glued on in Chinese around translated
    parts. They are the templates' "%1：%2" / "%1（%2）" now ("%1: %2", "%1 (%2)")."""
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.i18n import install_language
    from tests.ui.test_step_waiting_words import _refused, make_ctx
    from tests.ui.test_workspace_flows import open_panel

    cid = _refused(store)
    panel = open_panel(qtbot, make_ctx(store))
    try:
        panel.open_case(cid)
        qtbot.waitUntil(lambda: any("主管不同意" in t for t in _step_rows(panel)), timeout=5000)
        chinese = _step_rows(panel)
        assert chinese[0] == "✓ 生成《基本养老保险缴费账户转移联系函》：完成", chinese
        assert chinese[4] == "○ 审核《基本养老保险缴费账户转移接续信息表》（主管不同意：缴费年限与档案不符）", chinese
        assert panel.steps.simple_label.full_text() == \
            "当前步骤：等待转出地发送《基本养老保险缴费账户转移接续信息表》（6.4.1.1.1.3）"
        assert install_language(QApplication.instance(), "en")
        qtbot.waitUntil(lambda: _step_rows(panel) != chinese, timeout=3000)
        english = _step_rows(panel)
        assert english[0] == \
            '✓ Generate the "Basic Pension Insurance Contribution Account Transfer Contact Letter": Done', english
        assert english[4] == ('○ Review the "Basic Pension Insurance Contribution Account Transfer and Continuation'
                              ' Information Sheet" (Refused by the supervisor: 缴费年限与档案不符)'), english
        assert panel.steps.simple_label.full_text() == (
            'Current step: Wait for the transferring-out place to send the "Basic Pension Insurance Contribution'
            ' Account Transfer and Continuation Information Sheet" (6.4.1.1.1.3)')
        assert not any(c in "".join(english) for c in "：（）"), english
        assert install_language(QApplication.instance(), "zh_CN")
        qtbot.waitUntil(lambda: _step_rows(panel) == chinese, timeout=3000)
    finally:
        panel.shutdown()


def test_a_service_and_a_condition_clause_read_english(qapp, english_back):
    """Review: the service picker read "Contribution assessment（6.2.2）" and the conditions
    "Insured person's ID number valid（6.1.1.2.2）"; the brackets are the template's "%1（%2）"."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from counter_app.reference.catalog import load_catalog
    from counter_app.ui.i18n import install_language
    from counter_app.ui.workspace.checklist import ConditionsModel
    from counter_app.ui.workspace.picker import ServiceEntry, ServiceTreeModel

    services = ServiceTreeModel([ServiceEntry("contribution", "缴费核定", "6.2.2", "jfhd")], recent=["contribution"])
    recent, group = services.index(0, 0), services.index(1, 0)
    conditions = ConditionsModel()
    conditions.set_conditions([c for c in load_catalog().get("reg_enroll").plan("individual", ()).conditions
                               if c.code == "insured_id_valid"])

    def shown() -> tuple[str, str, str]:
        return (services.data(services.index(0, 0, recent), Qt.ItemDataRole.DisplayRole),
                services.data(services.index(0, 0, group), Qt.ItemDataRole.DisplayRole),
                conditions.data(conditions.index(0, 0)))

    assert shown() == ("F1  缴费核定（6.2.2）", "缴费核定（6.2.2）", "参保人证件号码有效（6.1.1.2.2）")
    assert install_language(QApplication.instance(), "en")
    assert shown() == ("F1  Contribution assessment (6.2.2)", "Contribution assessment (6.2.2)",
                       "Insured person's ID number valid (6.1.1.2.2)")
