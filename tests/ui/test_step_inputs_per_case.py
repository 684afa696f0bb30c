"""The step page belongs to the case on screen. Review: on a brand-new case whose current step is
当场采集参保人指纹 (6.6.1.1.2.3) the page read 「指纹已采集，质量良好」 next to a 0% bar — the previous
case's capture (only the bar was reset), so a clerk could think the prints were taken and skip the
step. Every per-case input of the step pages (the reader's note, the progress, the typed reasons,
findings, dates, address) starts empty on another case, whether new (Ctrl+N) or opened."""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt

from counter_app.devices.fingerprint.demo import DemoFingerprintDevice
from counter_app.ui.workspace import steps as step_pages
from tests.support.cases import PENSIONER_1965, man_born_like
from tests.ui.test_workspace_flows import CTRL, Clicks, decide_now, idle, make_ctx, open_panel
from tests.ui.test_workspace_outcomes import _prepare

FACTS = {"contribution_months": 200, "benefit_place_shenzhen": True, "history_reviewed": True}


_PENSIONERS = itertools.count(1)


def _accept_to_fingerprint(qtbot, panel, clicks) -> str:
    """A 基本养老金核定 case accepted: its current step is the fingerprint capture. Its id. Each of
    another man born the sample pensioner's day (one pension case of a person at a time: the
    catalog's ``second_case``)."""
    applicant = {"name": "张三", "id_number": man_born_like(PENSIONER_1965, next(_PENSIONERS)), "phone": "13800138000"}
    _prepare(qtbot, panel, clicks, "jbyljhd", "pension", facts=FACTS, applicant=applicant)
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    decide_now(clicks, qtbot, panel)
    assert panel.steps.current_step().code == "fingerprint", panel.last_message
    assert panel.steps.current_page() == step_pages.FINGERPRINT
    return panel.case_view.case.id


def _capture(qtbot, panel, clicks, dev) -> None:
    dev.script(["甲"] * 5)
    panel.steps.btn_fp_consent.click()            # the consent notice read, the applicant agrees
    with qtbot.waitSignal(panel.devices.fp_finished, timeout=30000):
        clicks.key(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not panel.fp_bridge.busy, timeout=30000)
    idle(qtbot, panel)
    assert panel.steps.fp_quality.text() == "指纹已采集，质量良好"
    assert panel.steps.current_step().code != "fingerprint"      # the step is done: the next one is shown


def _fingerprint_page_is_fresh(panel) -> None:
    steps = panel.steps
    assert steps.current_page() == step_pages.FINGERPRINT
    assert steps.fp_quality.text() == "", steps.fp_quality.text()
    assert steps.fp_progress.value() == 0
    assert steps.fp_reason.text() == ""


def _type_step_inputs(panel) -> None:
    """What a clerk may have typed on the previous case's step pages."""
    steps = panel.steps
    steps.fp_reason.setText("双手手指残缺")
    steps.pub_work.setText("井下作业")
    steps.pub_objection.setText("有人反映工种不符")
    steps.ver_finding.setText("经核查属实")
    steps.sheet_reason.setText("信息表缺少盖章")
    steps.del_method.setCurrentIndex(steps.del_method.findData("mail"))
    steps.del_address.setText("深圳市福田区某某路 1 号")
    steps.deny_reason.setText("缴费年限不足")


def _step_inputs_are_empty(panel) -> None:
    steps = panel.steps
    for edit in (steps.fp_reason, steps.pub_work, steps.pub_objection, steps.ver_finding, steps.sheet_reason,
                 steps.del_address, steps.deny_reason):
        assert edit.text() == "", (edit.objectName(), edit.text())
    assert steps.del_method.currentData() == "pickup"


def test_a_new_case_does_not_show_the_last_cases_capture(qtbot, app_home, store):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    dev = DemoFingerprintDevice(scan_delay=0.01)
    dev.open()
    panel.use_fingerprint_device(dev)
    try:
        clicks = Clicks(qtbot)
        first = _accept_to_fingerprint(qtbot, panel, clicks)
        _capture(qtbot, panel, clicks, dev)
        _type_step_inputs(panel)
        clicks.key(Qt.Key.Key_N, CTRL)                 # the next applicant
        _step_inputs_are_empty(panel)
        second = _accept_to_fingerprint(qtbot, panel, clicks)
        assert second != first
        _fingerprint_page_is_fresh(panel)
        _step_inputs_are_empty(panel)
    finally:
        panel.shutdown()


def test_an_opened_case_does_not_show_the_last_cases_capture(qtbot, app_home, store):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    dev = DemoFingerprintDevice(scan_delay=0.01)
    dev.open()
    panel.use_fingerprint_device(dev)
    try:
        clicks = Clicks(qtbot)
        waiting = _accept_to_fingerprint(qtbot, panel, clicks)   # its prints not taken yet
        clicks.key(Qt.Key.Key_N, CTRL)
        _accept_to_fingerprint(qtbot, panel, clicks)
        _capture(qtbot, panel, clicks, dev)
        _type_step_inputs(panel)
        panel.events.case_opened.emit(waiting)         # 办件查询 → open
        qtbot.waitUntil(lambda: panel.case_view is not None and panel.case_view.case.id == waiting, timeout=10000)
        idle(qtbot, panel)
        _fingerprint_page_is_fresh(panel)
        _step_inputs_are_empty(panel)
    finally:
        panel.shutdown()


def test_the_same_case_keeps_its_note(qtbot, app_home, store):
    """Shown again (an operation's result, a language switch), the case on screen keeps the reader's
    note: only another case starts afresh."""
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    dev = DemoFingerprintDevice(scan_delay=0.01)
    dev.open()
    panel.use_fingerprint_device(dev)
    try:
        clicks = Clicks(qtbot)
        _accept_to_fingerprint(qtbot, panel, clicks)
        _capture(qtbot, panel, clicks, dev)
        panel.steps.show_view(panel.case_view)
        assert panel.steps.fp_quality.text() == "指纹已采集，质量良好"
    finally:
        panel.shutdown()


def test_no_capture_before_the_consent_notice_is_read_and_agreed(qtbot, app_home, store):
    """The fingerprint step captured at once, with no consent notice (PIPL Art. 28/29: a fingerprint
    is sensitive personal data). The page shows the notice; 采集指纹 is refused until the clerk
    clicks 已告知，申请人同意采集指纹 — then the capture runs and the step's data keeps when the
    applicant agreed; the click is audited. Another case starts without consent."""
    dev = DemoFingerprintDevice(scan_delay=0.01)
    dev.open()
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    try:
        panel.use_fingerprint_device(dev)
        clicks = Clicks(qtbot)
        cid = _accept_to_fingerprint(qtbot, panel, clicks)
        steps = panel.steps
        assert "敏感个人信息" in steps.fp_consent_notice.text() and steps.btn_fp_consent.isEnabled()
        clicks.key(Qt.Key.Key_Return, CTRL)                       # 采集指纹 without consent
        idle(qtbot, panel)
        assert not panel.devices.capturing and "采集告知" in panel.message_label.text()
        assert steps.current_step().code == "fingerprint"
        _capture(qtbot, panel, clicks, dev)                       # consent, then the capture
        recorded = [r for r in panel.case_view.case.steps if r.step_code == "fingerprint"]
        assert recorded and recorded[-1].data.get("consent_at")
        qtbot.waitUntil(lambda: _audited(store, cid), timeout=10000)
        clicks.key(Qt.Key.Key_N, CTRL)                            # the next applicant
        other = _accept_to_fingerprint(qtbot, panel, clicks)
        assert other != cid and panel.steps.btn_fp_consent.isEnabled()   # a new case: consent not given yet
    finally:
        panel.shutdown()


def _audited(store, cid: str) -> bool:
    from sqlalchemy import select

    from counter_app.storage.tables_audit import AuditRow

    with store.session() as s:
        return s.scalars(select(AuditRow).where(AuditRow.action == "fingerprint.consent",
                                                AuditRow.object_id == cid)).first() is not None
