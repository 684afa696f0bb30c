"""The workspace's message after a fingerprint capture failure, in the clerk's language. Review: the
error line (「…（F7 重试；确实无法采集时填写原因后点“无法采集指纹”）」) was worded once and stayed in that
language after a switch, and a message the reader or the workflow composed (各次按压的不是同一手指…, 录入的
指纹质量较差（特征点 9 个）…, libfprint's retry reasons) stayed Chinese in the English UI. The line is
worded from the error's data now, again on a language switch; a composed message keeps its template
and parameters (FingerprintError.composed) and the readers' fixed messages are listed for tr()."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication

from counter_app.devices.fingerprint.demo import DemoFingerprintDevice
from counter_app.ui.i18n import install_language
from tests.ui.test_workspace_flows import make_ctx, open_panel

HAN = re.compile(r"[\u4e00-\u9fff]")
F7 = "（F7 重试；确实无法采集时填写原因后点“无法采集指纹”）"


def test_a_failed_capture_reads_english_and_rewords_on_a_language_switch(qtbot, app_home, store, english_back):
    dev = DemoFingerprintDevice(scan_delay=0.01)
    dev.open()
    dev.script(["甲", "乙", "甲", "甲", "甲"])                    # a different finger on the second press
    panel = open_panel(qtbot, make_ctx(store))
    panel.use_fingerprint_device(dev)
    try:
        panel.devices.capture_for_case("case-1")
        qtbot.waitUntil(lambda: panel.message_label.text() != "", timeout=10000)
        assert panel.message_label.text() == "各次按压的不是同一手指，请重新录入" + F7      # Chinese by default
        assert install_language(QApplication.instance(), "en")
        qtbot.waitUntil(lambda: not HAN.search(panel.message_label.text()), timeout=3000)
        assert "F7" in panel.message_label.text() and "finger" in panel.message_label.text(), \
            panel.message_label.text()
        assert not HAN.search(panel.steps.fp_quality.text()), panel.steps.fp_quality.text()
        assert panel.last_message == panel.message_label.text()
        assert install_language(QApplication.instance(), "zh_CN")
        qtbot.waitUntil(lambda: panel.message_label.text() == "各次按压的不是同一手指，请重新录入" + F7, timeout=3000)
    finally:
        panel.shutdown()


def test_a_composed_message_reads_english_and_stays_chinese_by_default(app_home, store, english_back):
    from counter_app.devices.fingerprint.base import BadScanError, EnrollResult, Finger, FingerprintTimeoutError, Quality
    from counter_app.ui.device_errors import device_error, error_text
    from counter_app.workflows.fingerprint import store_enrollment

    poor = EnrollResult(template=b"DEMO1{}", finger=Finger.right_index, stages=5, quality=Quality.poor, minutiae=9,
                        device="demo", backend="demo")
    try:
        store_enrollment(store, "case-1", poor, clerk="clerk01")
    except BadScanError as exc:
        refused = exc
    errors = [device_error(e).without_hint() for e in (refused, FingerprintTimeoutError(30))]
    chinese = [error_text(e) for e in errors]
    assert chinese == ["录入的指纹质量较差（特征点 9 个），请重新录入", "等待按压手指超时（30 秒内未采集到指纹）"]
    assert str(refused) == chinese[0]                                # the CLI's words are unchanged
    assert install_language(QApplication.instance(), "en")
    english = [error_text(e) for e in errors]
    assert not any(HAN.search(t) for t in english), english
    assert "9" in english[0] and "poor" in english[0].lower() and "30" in english[1], english


def test_the_readers_fixed_messages_are_listed_for_translation():
    """A reworded or new fixed message of a reader must be listed in ui.device_errors.PHRASES."""
    from counter_app.devices.fingerprint import libfprint, wbf
    from counter_app.devices.fingerprint.base import Quality
    from counter_app.ui.device_errors import PHRASES

    fixed = [*libfprint._RETRY_MESSAGES.values(), *wbf._REJECT.values(), *(q.label for q in Quality)]
    assert not [m for m in fixed if m not in PHRASES]


def test_a_too_short_reason_for_no_fingerprints_reads_english(qtbot, app_home, store, english_back):
    """After a failed capture the clerk may ask to go on without prints: a too short reason was refused
    with the workflow's Chinese (请填写无法采集指纹的原因（至少 N 个字）…) in the English UI. The refusal
    keeps its code and parameter (workflows.fingerprint.REFUSALS) and the window words it."""
    from counter_app.ui.workspace import steps as pages
    from counter_app.workflows.fingerprint import MIN_REASON_CHARS, REFUSALS
    from counter_app.ui.workspace.panel_steps import REFUSALS as WORDED
    from tests.ui.test_workspace_flows import Clicks, idle
    from tests.ui.test_workspace_outcomes import accept_special_work_pension

    assert {c: str(t).replace("%1", "{0}") for c, t in WORDED.items()} == REFUSALS     # the workflow's wording
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    clicks = Clicks(qtbot)
    accept_special_work_pension(qtbot, panel, clicks)
    assert panel.steps.current_page() == pages.FINGERPRINT, panel.last_message
    panel.continue_without_prints("手")
    idle(qtbot, panel)
    assert panel.last_message == f"请填写无法采集指纹的原因（至少 {MIN_REASON_CHARS} 个字），例如“双手手指残缺”"
    assert install_language(QApplication.instance(), "en")
    panel.continue_without_prints("手")
    idle(qtbot, panel)
    assert str(MIN_REASON_CHARS) in panel.last_message and not HAN.search(panel.last_message), panel.last_message
    assert "reason" in panel.last_message, panel.last_message
    panel.shutdown()


def test_the_readers_prompts_during_a_capture_read_english_and_reword(qtbot, app_home, store, english_back):
    """What the reader says while the applicant presses (请将手指平放在采集器上, a retry reason) reached
    the step page as the device's Chinese, in the English UI too. It is worded there now
    (ui.device_errors.prompt_text) and again on a language switch."""
    from tests.support.language import assert_rewords

    dev = DemoFingerprintDevice(scan_delay=0.01)
    dev.open()
    dev.script(["bad", None])                   # a poor press, then nobody presses: the reader waits
    panel = open_panel(qtbot, make_ctx(store))
    panel.use_fingerprint_device(dev)
    shown: list[str] = []
    panel.devices.fp_quality.connect(lambda words: shown.append(words()))
    try:
        panel.devices.capture_for_case("case-1")
        qtbot.waitUntil(lambda: len(shown) == 3, timeout=10000)       # press, retry reason, press again
        assert shown == ["请将手指平放在采集器上", "指纹采集质量不合格，请重新按压", "请将手指平放在采集器上"]
        assert_rewords(qtbot, panel.steps.fp_quality.text, "请将手指平放在采集器上", "Place your finger flat on the scanner")
        assert install_language(QApplication.instance(), "en")
        qtbot.waitUntil(lambda: panel.steps.fp_quality.text() == "Place your finger flat on the scanner", timeout=3000)
    finally:
        panel.devices.cancel_fingerprint()
        qtbot.waitUntil(lambda: not panel.fp_bridge.busy, timeout=10000)
        panel.shutdown()


def test_prompt_text_words_fixed_and_composed_prompts_and_keeps_anything_else(english):
    from counter_app.devices.fingerprint.base import CaptureResult, Quality
    from counter_app.ui.device_errors import prompt_text

    assert prompt_text("请抬起手指") == "Lift your finger"
    assert prompt_text("指纹采集质量不合格，请重新按压") == "The fingerprint image quality is not good enough; please press again"
    assert prompt_text("录入完成，质量良好") == "Enrolment complete, quality: Good"
    scan = CaptureResult(1, 1, b"\0", minutiae=17, quality=Quality.fair).message     # 采集质量一般（特征点 17 个）
    assert prompt_text(scan) == "Scan quality: Fair (17 minutiae)"
    assert prompt_text("指纹图像质量较差（特征点仅 5 个），请重新按压").count("5") == 1
    assert not HAN.search(prompt_text("指纹图像质量较差（特征点仅 5 个），请重新按压"))
    assert prompt_text("厂商驱动返回 0x8007") == "厂商驱动返回 0x8007"        # the device's own words, as they are

