"""The note after a fingerprint capture (指纹已采集，质量良好) in the clerk's language. Review: the
sentence was worded through tr() but the quality inside it (良好 / 一般 / 较差) was the reader's
Chinese label, and the note was worded once, so a language switch left it as it was. The quality is
worded now (ui.device_errors.quality_word) and the note is kept as a function the step page calls
again on a language switch."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counter_app.devices.fingerprint.demo import DemoFingerprintDevice
from tests.support.language import assert_rewords
from tests.ui.test_workspace_flows import CTRL, Clicks, decide_now, idle, make_ctx, open_panel
from tests.ui.test_workspace_outcomes import _prepare

FACTS = {"contribution_months": 200, "benefit_place_shenzhen": True, "history_reviewed": True}


def _capture(qtbot, panel) -> None:
    """A 基本养老金核定 case accepted; its first step (指纹采集) done on the demo reader."""
    dev = DemoFingerprintDevice(scan_delay=0.01)
    dev.open()
    panel.use_fingerprint_device(dev)
    clicks = Clicks(qtbot)
    _prepare(qtbot, panel, clicks, "jbyljhd", "pension", facts=FACTS)
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    decide_now(clicks, qtbot, panel)
    assert panel.steps.current_step().code == "fingerprint", panel.last_message
    dev.script(["甲"] * 5)
    panel.steps.btn_fp_consent.click()            # the consent notice read, the applicant agrees
    with qtbot.waitSignal(panel.devices.fp_finished, timeout=30000):
        clicks.key(Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not panel.fp_bridge.busy, timeout=30000)
    idle(qtbot, panel)


def test_the_capture_note_reads_english_and_rewords_on_a_language_switch(qtbot, app_home, store, english_back):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    try:
        _capture(qtbot, panel)
        assert_rewords(qtbot, panel.steps.fp_quality.text, "指纹已采集，质量良好", "Fingerprint captured, quality: Good")
    finally:
        panel.shutdown()


def test_the_capture_note_after_the_switch_reads_english(qtbot, app_home, store, english):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    try:
        _capture(qtbot, panel)
        assert panel.steps.fp_quality.text() == "Fingerprint captured, quality: Good"
    finally:
        panel.shutdown()
