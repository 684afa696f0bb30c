"""Device and print states in the language the clerk chose, at once. Review: the status bar's device
list (读卡器就绪, 高拍仪就绪 …) was worded when the devices were probed, so after switching to English
it stayed Chinese until the next probe; the print state in the 现场授权 note (《…》排队中) stayed
Chinese in the English UI. The states are data now (ui.device_state.DeviceState, the print job's
state and reason), worded through tr() when shown and again on QEvent.LanguageChange."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QApplication

from counter_app.app_context import AppContext, UserSession
from counter_app.config import default_settings
from counter_app.paths import app_paths
from counter_app.ui import app as ui_app
from counter_app.ui import dialogs
from counter_app.ui.i18n import install_language

pytestmark = pytest.mark.timeout(120)
HAN = re.compile(r"[\u4e00-\u9fff]")



def test_the_status_bar_rewords_its_device_states_on_a_language_switch_without_a_new_probe(
        qtbot, qapp, app_home, store, monkeypatch, english_back):
    from counter_app.ui import status_bar
    from counter_app.ui.main_window import MainWindow
    from counter_app.ui.workspace import WorkspacePanel

    ui_app.apply_ui_font(QApplication.instance())
    probes = []
    real_probe = status_bar.capture_device_states

    def counted_probe(settings):
        probes.append(1)
        return real_probe(settings)

    monkeypatch.setattr(status_bar, "capture_device_states", counted_probe)
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    monkeypatch.setattr(WorkspacePanel, "ask", lambda self, title, text: True)
    settings = default_settings()
    settings.card.backend = "demo"              # reads its demo card on start: 已读卡：张* …
    settings.camera.backend = "qt"              # 高拍仪就绪 or 无高拍仪, from the same checks as doctor
    settings.signpad.backend = "screen"         # 屏幕签名
    ctx = AppContext(settings=settings, paths=app_paths().ensure(), store=store,
                     user=UserSession("clerk01", "张经办", "clerk"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    workspace = window.loaded_panels()[0]
    label = window.status.device_label

    def devices() -> str:                       # the whole list (the label elides what does not fit)
        return label.toolTip() or label.text()

    try:
        qtbot.waitUntil(lambda: "已读卡：" in workspace.card_state and "屏幕签名" in devices(), timeout=10000)
        assert probes == [1]
        masked = workspace.card_state.removeprefix("已读卡：")          # 张* and the masked number: data
        assert "已读卡：" + masked in devices() and ("高拍仪就绪" in devices() or "无高拍仪" in devices())

        assert window.switch_language("en")
        qtbot.waitUntil(lambda: "Card read: " in devices(), timeout=3000)
        text = devices()
        assert "Card read: " + masked in text and "On-screen signature" in text, text
        assert "Document camera ready" in text or "No document camera" in text, text
        assert not HAN.search(text.replace(masked, "")), text          # only the applicant's masked name
        assert workspace.card_label.text() == "Card read: " + masked   # the form's card line too
        assert probes == [1]                                            # no new probe: worded again

        assert window.switch_language("zh_CN")
        qtbot.waitUntil(lambda: "已读卡：" in devices(), timeout=3000)
        assert "屏幕签名" in devices() and "Card read" not in devices() and "signature" not in devices()
        assert workspace.card_label.text() == "已读卡：" + masked
        assert probes == [1]
    finally:
        window._status_timer.stop()
        workspace.shutdown()


def test_a_bare_status_bar_rewords_every_device_state(qtbot, qapp, english_back):
    """Every state the device list can show has English, and a "%2" inside a device's own message
    is shown as it is (the parameters are put in once, never read again)."""
    from counter_app.ui.device_state import TEXTS, DeviceState, device_text
    from counter_app.ui.status_bar import CounterStatusBar

    bar = CounterStatusBar()
    qtbot.addWidget(bar)
    bar.update_info(card_state=DeviceState("card.no_answer", ("5",)), idcard_state=DeviceState("idcard.ready"),
                    scanner_state=DeviceState("scanner.error", ("串口 %2 无法打开",)),
                    fingerprint_state=DeviceState("fingerprint.idle"), camera_state=DeviceState("camera.missing"),
                    signpad_state=DeviceState("signpad.ready"))
    assert bar.device_label.text().startswith("读卡失败：读卡器 5 秒内没有应答")
    assert install_language(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: "ID card reader ready" in bar.device_label.text(), timeout=3000)
    text = bar.device_label.text()
    assert "Fingerprint scanner idle" in text and "No document camera" in text and "Signature pad ready" in text
    assert "within 5 seconds" in text, text
    assert "串口 %2 无法打开" in text and not HAN.search(text.replace("串口 %2 无法打开", "")), text
    for code in TEXTS:                                   # no state is left untranslated
        worded = device_text(DeviceState(code, ("x", "y")))
        assert not HAN.search(worded), (code, worded)
    with pytest.raises(ValueError):
        DeviceState("card.unknown")


def test_the_on_site_approval_note_words_its_print_state_in_english(qtbot, app_home, store, english_back):
    """现场授权 in the English window: the decision and the print state of the notice it issued read
    English (the notice's title is the official Chinese name, as printed)."""
    from tests.ui.test_workspace_flows import (Clicks, make_ctx, open_panel)
    from tests.ui.test_workspace_outcomes import approve_refusal_on_site, refuse_enrolment

    assert install_language(QApplication.instance(), "en")
    ctx = make_ctx(store)
    panel = open_panel(qtbot, ctx)                       # auto_print: the decision's notice goes to the queue
    clicks = Clicks(qtbot)
    refuse_enrolment(qtbot, panel, clicks)
    approve_refusal_on_site(qtbot, panel, ctx)
    text = panel.last_message
    assert text.startswith("Approved on site by 李科长: 核实已参保; "), text
    notes = text.split("; ")[1:]
    assert notes and all(re.fullmatch(r"“[^”]+”: (Queued|Printing|Done|Waiting|Waiting \(.+\)|Cancelled)", n)
                         for n in notes), notes
    for chinese in ("排队中", "打印中", "已完成", "等待处理", "已取消", "脱机", "缺纸", "；"):
        assert chinese not in text, text


def test_a_card_or_fingerprint_failure_is_headed_in_english(qtbot, qapp, english_back):
    """The heads the two bridges put before a plain message (读卡失败：… / 指纹操作失败：…) go through tr()."""
    from counter_app.ui.card_bridge import CardBridge
    from counter_app.ui.device_errors import error_text
    from counter_app.ui.fingerprint_bridge import FingerprintBridge

    assert install_language(QApplication.instance(), "en")
    bridge = CardBridge(reader=None)
    with qtbot.waitSignal(bridge.card_error, timeout=2000) as got:
        bridge._deliver_error(PermissionError(13, "Permission denied", "/dev/bus/usb/001/004"))
    said = error_text(got.args[0])
    assert said.startswith("Card read failed"), said
    assert "Errno" not in said and "/dev/bus" not in said               # never raw exception text
    fp = FingerprintBridge(opener=lambda: None)
    with qtbot.waitSignal(fp.failed, timeout=2000) as got:
        fp._on_error(PermissionError(13, "Permission denied"))
    assert error_text(got.args[0]).startswith("Fingerprint operation failed"), got.args[0]


def test_a_device_error_on_screen_rewords_on_a_language_switch_without_a_new_device_event(
        qtbot, app_home, store, monkeypatch, english_back):
    """Review: a device error already on screen (读卡器：未找到读卡器。 on the card line and in the status
    bar, the fingerprint step's 未检测到指纹采集器) kept the language it was shown in — the error's words
    were put into the state as text — until the next device event. The error is data now
    (ui.device_errors.DeviceError), worded each time it is shown."""
    import counter_app.app_context as app_context
    from counter_app.devices.card.errors import NoReaderError
    from counter_app.devices.fingerprint.base import DeviceAbsentError
    from counter_app.devices.idcard.errors import IdNoCardError
    from counter_app.ui.device_errors import device_error, plain_error
    from counter_app.ui.device_state import DeviceState
    from counter_app.ui.status_bar import CounterStatusBar
    from tests.ui.test_workspace_flows import make_ctx, open_panel

    opened = []

    def no_reader(ctx):
        opened.append(1)
        raise NoReaderError()

    monkeypatch.setattr(app_context, "open_card", no_reader)
    panel = open_panel(qtbot, make_ctx(store), start_devices=True)
    qtbot.waitUntil(lambda: panel.card_label.text() == "读卡器：未找到读卡器。", timeout=10000)
    panel.devices.fp_failed.emit(device_error(DeviceAbsentError()).without_hint())
    assert panel.steps.fp_quality.text() == "未检测到指纹采集器"
    bar = CounterStatusBar()
    qtbot.addWidget(bar)
    bar.update_info(card_state=panel.devices.state,
                    idcard_state=DeviceState("idcard.error", (device_error(IdNoCardError()).without_hint(),)),
                    scanner_state=DeviceState("scanner.error", (plain_error(PermissionError(13, "denied")),)))
    assert "读卡器：未找到读卡器。" in bar.device_label.toolTip() + bar.device_label.text()
    try:
        assert install_language(QApplication.instance(), "en")
        qtbot.waitUntil(lambda: panel.card_label.text() == "Card reader: No card reader found.", timeout=3000)
        assert opened == [1]                                    # worded again, the reader not asked again
        assert panel.steps.fp_quality.text() == "No fingerprint scanner detected"
        qtbot.waitUntil(lambda: "Card reader: No card reader found." in bar.device_label.toolTip()
                        + bar.device_label.text(), timeout=3000)
        devices = bar.device_label.toolTip() or bar.device_label.text()
        assert not HAN.search(devices), devices
        assert "Errno" not in devices and "denied" not in devices        # a plain sentence, never the exception
        assert install_language(QApplication.instance(), "zh_CN")
        qtbot.waitUntil(lambda: panel.card_label.text() == "读卡器：未找到读卡器。", timeout=3000)
        assert panel.steps.fp_quality.text() == "未检测到指纹采集器"
    finally:
        panel.shutdown()
