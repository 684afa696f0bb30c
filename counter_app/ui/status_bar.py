"""The status bar clerks live with: user, role, office/window, online state, outbox depth, devices."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget


@dataclass
class StatusInfo:
    user: str = ""
    role: str = ""
    office: str = ""
    window_number: int = 0
    online: bool | None = None          # None: not yet known
    outbox_pending: int = 0
    outbox_problems: int = 0            # rejected + conflict
    card_state: str = ""                # e.g. "读卡器就绪" / "无读卡器"
    fingerprint_state: str = ""
    clock_skew: bool = False
    # ---- 高拍仪 and signature pad (devices-cam) ----
    camera_state: str = ""              # e.g. "高拍仪就绪" / "无高拍仪"
    signpad_state: str = ""             # e.g. "签名板就绪" / "屏幕签名"
    # ---- end ----


class CounterStatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizeGripEnabled(False)
        self.info = StatusInfo()
        self.user_label = QLabel(self)
        self.office_label = QLabel(self)
        self.online_label = QLabel(self)
        self.outbox_label = QLabel(self)
        self.device_label = QLabel(self)
        for name, label in (("statusUser", self.user_label), ("statusOffice", self.office_label),
                            ("statusOnline", self.online_label), ("statusOutbox", self.outbox_label),
                            ("statusDevices", self.device_label)):
            label.setObjectName(name)
            self.addPermanentWidget(label)
        self.render()

    def update_info(self, **changes) -> None:
        for key, value in changes.items():
            setattr(self.info, key, value)
        self.render()

    def render(self) -> None:
        i = self.info
        self.user_label.setText(self.tr("经办人：%1（%2）").replace("%1", i.user or self.tr("未登录")).replace("%2", i.role or "-"))
        self.office_label.setText(self.tr("%1 第%2窗口").replace("%1", i.office).replace("%2", str(i.window_number)))
        if i.online is None:
            online = self.tr("连接状态未知")
        elif i.online:
            online = self.tr("在线")
        else:
            online = self.tr("离线")
        if i.clock_skew:
            online += self.tr("（时钟偏差超过5分钟）")
        self.online_label.setText(online)
        outbox = self.tr("待同步：%1").replace("%1", str(i.outbox_pending))
        if i.outbox_problems:
            outbox += self.tr("，异常：%1").replace("%1", str(i.outbox_problems))
        self.outbox_label.setText(outbox)
        devices = [s for s in (i.card_state, i.fingerprint_state, i.camera_state, i.signpad_state) if s]
        self.device_label.setText(" | ".join(devices) if devices else self.tr("设备状态未知"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.render()
        super().changeEvent(event)


# ---- 高拍仪 and signature pad (devices-cam) ----
def capture_device_states(settings) -> dict[str, str]:
    """Blocking (hidapi, /sys): call on a worker. Short texts for the device list, from the same
    checks as ``counter-app doctor``."""
    from PySide6.QtCore import QCoreApplication

    from counter_app.devices.checks import camera_checks, signpad_checks

    out = {}
    cam = camera_checks(settings)[0]
    backend = settings.camera.backend.value
    if backend == "none":
        out["camera_state"] = ""
    elif cam.status == "fail":
        out["camera_state"] = QCoreApplication.translate("CounterStatusBar", "无高拍仪")
    elif backend == "directory":
        out["camera_state"] = QCoreApplication.translate("CounterStatusBar", "高拍仪（图片目录）")
    else:
        out["camera_state"] = QCoreApplication.translate("CounterStatusBar", "高拍仪就绪")
    pad = signpad_checks(settings)[0]
    backend = settings.signpad.backend.value
    if backend == "none":
        out["signpad_state"] = ""
    elif backend == "screen":
        out["signpad_state"] = QCoreApplication.translate("CounterStatusBar", "屏幕签名")
    elif pad.status == "ok":
        out["signpad_state"] = QCoreApplication.translate("CounterStatusBar", "签名板就绪")
    else:
        out["signpad_state"] = QCoreApplication.translate("CounterStatusBar", "无签名板")
    return out
# ---- end ----
