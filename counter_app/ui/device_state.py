"""The devices' states (card reader, fingerprint, 身份证阅读器, 扫码枪, 高拍仪, 签名板) as data, worded
in the clerk's language when they are shown.

A probe or a device event gives a :class:`DeviceState` — a code and its parameters (a masked name,
a number of seconds, the device's own message) — never a sentence: the status bar and the form's
card line word it through tr() each time they show it, and again on ``QEvent.LanguageChange``, so a
language switch changes the device list at once, without probing the devices again.

The parameters are shown as they come, but for a device's error: a parameter may be a
:class:`~counter_app.ui.device_errors.DeviceError` (the error's code and the device's Chinese
message, or a plain sentence), worded from its code by :func:`counter_app.ui.device_errors.error_text`
each time the state is shown — so 读卡器：… / 身份证阅读器：… re-word on a language switch too (a
message the device composed itself, with a vendor's return code, stays the devices' Chinese).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from counter_app.ui.device_errors import DeviceError, error_text

# code -> (translation context, Chinese source with %1, %2 for the parameters). The contexts are the
# ones these words had before they became data, so their English in the .ts stays where it was.
TEXTS: dict[str, tuple[str, object]] = {   # object: QT_TRANSLATE_NOOP's type; a str at run time
    # social security card reader (ui.workspace.devices, the panel's card handling)
    "card.ready": ("WorkspacePanel", QT_TRANSLATE_NOOP("WorkspacePanel", "读卡器就绪")),
    "card.reading": ("WorkspacePanel", QT_TRANSLATE_NOOP("WorkspacePanel", "读卡中…")),
    "card.no_answer": ("WorkspacePanel", QT_TRANSLATE_NOOP(
        "WorkspacePanel", "读卡失败：读卡器 %1 秒内没有应答，请检查读卡器后重新插卡或按 F6 重读")),
    "card.pulled": ("WorkspacePanel", QT_TRANSLATE_NOOP("WorkspacePanel", "读卡失败：读卡过程中卡被拔出，请重新插卡")),
    "card.removed": ("WorkspacePanel", QT_TRANSLATE_NOOP("WorkspacePanel", "读卡器就绪（卡已拔出）")),
    "card.read_failed": ("WorkspacePanel", QT_TRANSLATE_NOOP("WorkspacePanel", "读卡失败：%1")),
    "card.error": ("WorkspacePanel", QT_TRANSLATE_NOOP("WorkspacePanel", "读卡器：%1")),
    "card.read": ("WorkspacePanel", QT_TRANSLATE_NOOP("WorkspacePanel", "已读卡：%1 %2")),
    "card.read_not_replaced": ("WorkspacePanel", QT_TRANSLATE_NOOP("WorkspacePanel", "已读卡，未替换已录入的申请人信息")),
    "card.read_case_closed": ("WorkspacePanel", QT_TRANSLATE_NOOP(
        "WorkspacePanel", "已读卡：当前办件已受理，按 Ctrl+N 新建办件后再插卡")),
    # fingerprint reader
    "fingerprint.capturing": ("WorkspacePanel", QT_TRANSLATE_NOOP("WorkspacePanel", "指纹采集中")),
    "fingerprint.idle": ("WorkspacePanel", QT_TRANSLATE_NOOP("WorkspacePanel", "指纹采集器空闲")),
    # 居民身份证阅读器 and 电子社保卡扫码枪 (ui.idcard_bridge)
    "idcard.ready": ("IdDevices", QT_TRANSLATE_NOOP("IdDevices", "身份证阅读器就绪")),
    "idcard.error": ("IdDevices", QT_TRANSLATE_NOOP("IdDevices", "身份证阅读器：%1")),
    "idcard.read": ("IdDevices", QT_TRANSLATE_NOOP("IdDevices", "已读身份证：%1 %2")),
    "scanner.ready": ("IdDevices", QT_TRANSLATE_NOOP("IdDevices", "扫码枪就绪")),
    "scanner.ready_wedge": ("IdDevices", QT_TRANSLATE_NOOP("IdDevices", "扫码枪就绪（键盘方式）")),
    "scanner.error": ("IdDevices", QT_TRANSLATE_NOOP("IdDevices", "扫码枪：%1")),
    "essc.verifying": ("IdDevices", QT_TRANSLATE_NOOP("IdDevices", "电子社保卡：正在联网核验……")),
    "essc.verified": ("IdDevices", QT_TRANSLATE_NOOP("IdDevices", "电子社保卡核验通过：%1 %2")),
    "essc.error": ("IdDevices", QT_TRANSLATE_NOOP("IdDevices", "电子社保卡：%1")),
    # 高拍仪 and signature pad (status_bar.capture_device_states)
    "camera.missing": ("CounterStatusBar", QT_TRANSLATE_NOOP("CounterStatusBar", "无高拍仪")),
    "camera.directory": ("CounterStatusBar", QT_TRANSLATE_NOOP("CounterStatusBar", "高拍仪（图片目录）")),
    "camera.ready": ("CounterStatusBar", QT_TRANSLATE_NOOP("CounterStatusBar", "高拍仪就绪")),
    "signpad.screen": ("CounterStatusBar", QT_TRANSLATE_NOOP("CounterStatusBar", "屏幕签名")),
    "signpad.ready": ("CounterStatusBar", QT_TRANSLATE_NOOP("CounterStatusBar", "签名板就绪")),
    "signpad.missing": ("CounterStatusBar", QT_TRANSLATE_NOOP("CounterStatusBar", "无签名板")),
}


@dataclass(frozen=True)
class DeviceState:
    """One device's state: ``code`` (a key of :data:`TEXTS`) and the parameters its words take (text,
    or a device error worded when shown)."""

    code: str
    args: tuple[str | DeviceError, ...] = ()

    def __post_init__(self) -> None:
        if self.code not in TEXTS:
            raise ValueError(f"unknown device state {self.code!r}")


def device_text(state: DeviceState | None) -> str:
    """The state in the language of the UI now; "" for None (no such device, not yet known)."""
    if state is None:
        return ""
    context, source = TEXTS[state.code]
    text = QCoreApplication.translate(context, str(source))
    args = [error_text(a) if isinstance(a, DeviceError) else a for a in state.args]
    # the parameters in one pass, so a "%2" inside a device's message is never read as a place holder
    out, i = [], 0
    while i < len(text):
        if text[i] == "%" and i + 1 < len(text) and text[i + 1].isdigit():
            n = int(text[i + 1]) - 1
            out.append(args[n] if 0 <= n < len(args) else "")
            i += 2
            continue
        out.append(text[i])
        i += 1
    return "".join(out)
