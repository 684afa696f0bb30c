"""The status bar clerks live with: user, role, office/window, online state, outbox depth, devices."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStatusBar, QToolButton, QWidget

from counter_app.ui.device_state import DeviceState, device_text
from counter_app.ui.words import word


@dataclass
class StatusInfo:
    user: str = ""
    role: str = ""
    office: str = ""
    window_number: int = 0
    online: bool | None = None          # None: not yet known
    outbox_pending: int = 0
    outbox_problems: int = 0            # rejected + conflict
    outbox_stalled: str = ""            # online, the queue has not moved: which entry blocks and why
    outbox_stall: object = None         # the same as data (sync.stall.StalledOutbox), worded in the tooltip
    # the devices' states as data (ui.device_state), worded when the bar is rendered; None: not shown
    card_state: DeviceState | None = None           # e.g. card.ready / card.read (masked name and id)
    fingerprint_state: DeviceState | None = None
    idcard_state: DeviceState | None = None         # 居民身份证阅读器
    scanner_state: DeviceState | None = None        # 电子社保卡扫码枪
    clock_skew: bool = False
    # a store restored from a backup, before an online sign-in brought the centre's numbers: the refusal
    # (domain.refusals.Refusal, AuthManager.restored_refusal) the business actions give; None when free
    restored: str | None = None
    # ---- 高拍仪 and signature pad (devices-cam) ----
    camera_state: DeviceState | None = None         # camera.ready / camera.missing / camera.directory
    signpad_state: DeviceState | None = None        # signpad.ready / signpad.screen / signpad.missing
    # ---- end ----


def stall_text(stalled) -> str:
    """A stalled outbox (``sync.stall.StalledOutbox``: which entry blocks the queue and why) in the
    language of the UI; the stored error of a failed send is worded by ``centre_words`` when listed."""
    from counter_app.sync.stall import WHY_FAILED, WHY_NOT_SENT, WHY_RETRY, WHY_SENDING

    translate = QCoreApplication.translate
    code, args = stalled.why_code, stalled.why_args
    if code == WHY_SENDING:
        why = translate("CounterStatusBar", "自 %1 起一直处于“发送中”，没有得到中心服务的答复（同步进程可能已中断）")
        why = why.replace("%1", args[0])
    elif code == WHY_FAILED:
        why = (translate("CounterStatusBar", "上次发送失败：%1；下次重试 %2").replace("%2", args[1]) if args[1]
               else translate("CounterStatusBar", "上次发送失败：%1"))
        from counter_app.ui.centre_words import centre_text

        # the stored error (a centre's answer, the sync's own sentence) last: a "%" in it is no place holder
        why = why.replace("%1", centre_text(args[0]))
    elif code == WHY_RETRY:
        why = translate("CounterStatusBar", "等待重试，下次 %1").replace("%1", args[0])
    elif code == WHY_NOT_SENT:
        why = translate("CounterStatusBar", "尚未发送：后台同步没有在运行，或没有登录中心服务")
    else:
        why = stalled.why
    minutes = int(stalled.stalled_for.total_seconds() // 60)
    text = translate("CounterStatusBar", "待同步队列已 %1 分钟没有进展（%2 条等待）：卡在第 %3 条（%4，%5 %6，已尝试 %7 次）：%8")
    for n, value in enumerate((str(minutes), str(stalled.waiting), str(stalled.seq), stalled.kind,
                               stalled.aggregate_type, stalled.aggregate_id, str(stalled.attempts)), start=1):
        text = text.replace(f"%{n}", value)
    return text.replace("%8", why)


MESSAGE_SHARE = 0.4       # of the bar's width kept for the temporary messages, whatever the labels say


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
        self.messageChanged.connect(self._message_changed)
        self.refresh_labels()

    def show_cut_message(self, shown: str, whole: str, timeout: int = 0) -> None:
        """``shown`` (the message cut to the room left) with ``whole`` in the bar's tooltip while it
        is on show (the permanent labels keep their own tooltips)."""
        self.showMessage(shown, timeout)
        self.setToolTip(whole if whole != shown else "")

    def _message_changed(self, message: str) -> None:
        if not message:                # the message timed out or was cleared: its tooltip too
            self.setToolTip("")

    def room_for_messages(self) -> int:
        """Pixels left of the permanent labels for a temporary message."""
        used = sum(w.sizeHint().width() + 8 for w in (self.user_label, self.office_label, self.online_label,
                                                     self.outbox_label, self.device_label) if w.isVisible() or not self.isVisible())
        return max(0, self.width() - used - 24)

    def message_fits(self, text: str) -> bool:
        return "\n" not in text and self.fontMetrics().horizontalAdvance(text) <= self.room_for_messages()

    def update_info(self, **changes) -> None:
        for key, value in changes.items():
            setattr(self.info, key, value)
        self.refresh_labels()

    def refresh_labels(self) -> None:
        i = self.info
        self.user_label.setText(self.tr("当前用户：%1（%2）").replace("%1", i.user or self.tr("未登录")).replace("%2", word(i.role) or "-"))
        self.office_label.setText(self.tr("%1 第%2窗口").replace("%1", i.office).replace("%2", str(i.window_number)))
        if i.online is None:
            online = self.tr("连接状态未知")
        elif i.online:
            online = self.tr("在线")
        else:
            online = self.tr("离线")
        if i.clock_skew:
            online += self.tr("（时钟偏差超过5分钟）")
        if i.restored is not None:
            from counter_app.ui.refusals import refusal_text

            online += self.tr("（已从备份恢复：须联网登录后才能办理业务）")
            self.online_label.setToolTip(refusal_text(i.restored))
        else:
            self.online_label.setToolTip("")
        self.online_label.setStyleSheet("color: #b45309; font-weight: bold;" if i.restored is not None else "")
        self.online_label.setText(online)
        outbox = self.tr("待同步：%1").replace("%1", str(i.outbox_pending))
        if i.outbox_problems:
            outbox += self.tr("，异常：%1").replace("%1", str(i.outbox_problems))
        if i.outbox_stalled:
            outbox += self.tr("（⚠ 同步停滞）")
        self.outbox_label.setText(outbox)
        self.outbox_label.setToolTip(stall_text(i.outbox_stall) if i.outbox_stalled and i.outbox_stall is not None
                                     else i.outbox_stalled)
        self.outbox_label.setStyleSheet("color: #b45309; font-weight: bold;" if i.outbox_stalled else "")
        # worded here, in the language of the UI now: a language switch re-renders (changeEvent)
        devices = [text for text in map(device_text, (i.card_state, i.idcard_state, i.scanner_state,
                                                      i.fingerprint_state, i.camera_state, i.signpad_state)) if text]
        self._devices_text = " | ".join(devices) if devices else self.tr("设备状态未知")
        self._fit_devices()

    def _fit_devices(self) -> None:
        """The device states are the last label: elided to what the bar has left once the messages
        have their share (whole in the tooltip), so the bar never cuts a label off at the window's
        edge. Before the share, a long device state (读卡器：智能卡服务未运行…) took the whole bar,
        and a message — the start-up's 资格认证被中心拒收 — was elided to nothing."""
        text = getattr(self, "_devices_text", "")
        others = sum(w.sizeHint().width() + 12 for w in (self.user_label, self.office_label, self.online_label,
                                                          self.outbox_label))
        reserve = int(self.width() * MESSAGE_SHARE)
        room = self.width() - others - 24 - reserve if self.isVisible() else 10_000   # hidden: nothing to fit yet
        one_line = " ".join(text.split())
        shown = self.fontMetrics().elidedText(one_line, Qt.TextElideMode.ElideRight, max(80, room))
        self.device_label.setText(shown)
        self.device_label.setToolTip(text if shown != one_line else "")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_devices()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh_labels()
        super().changeEvent(event)


class MessageBanner(QFrame):
    """A message too long for the status bar: shown in full, wrapped, above the panels, until the
    clerk closes it (× or Esc in it), the next long message replaces it, or the case or panel it
    was shown for is left (:meth:`dismiss`: Ctrl+N, another case opened, another tab). Never clipped."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#messageBanner { background: #fff3c4; border: 1px solid #d9b600; }")
        self.label = QLabel(self)
        self.label.setObjectName("messageBannerText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("messageBannerClose")
        self.close_button.setText("×")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.hide)
        self._timer = QTimer(self)                 # long enough to read twice, then out of the way
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.SHOWN_MS)
        self._timer.timeout.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    SHOWN_MS = 30_000

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self._timer.start()
        self.close_button.setToolTip(self.tr("关闭提示"))
        self.show()

    def dismiss(self) -> None:
        """The message's case or panel is no longer on screen: the message goes with it (it would
        speak of the previous case over the next one, and push the workspace down)."""
        self._timer.stop()
        self.hide()
        self.label.clear()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)


# ---- 高拍仪 and signature pad (devices-cam) ----
def capture_device_states(settings) -> dict[str, DeviceState | None]:
    """Blocking (hidapi, /sys): call on a worker. The 高拍仪's and the signature pad's states as data
    (worded by the status bar), from the same checks as ``counter-app doctor``."""
    from counter_app.devices.checks import camera_checks, signpad_checks

    out: dict[str, DeviceState | None] = {}
    cam = camera_checks(settings)[0]
    backend = settings.camera.backend.value
    if backend == "none":
        out["camera_state"] = None
    elif cam.status == "fail":
        out["camera_state"] = DeviceState("camera.missing")
    elif backend == "directory":
        out["camera_state"] = DeviceState("camera.directory")
    else:
        out["camera_state"] = DeviceState("camera.ready")
    pad = signpad_checks(settings)[0]
    backend = settings.signpad.backend.value
    if backend == "none":
        out["signpad_state"] = None
    elif backend == "screen":
        out["signpad_state"] = DeviceState("signpad.screen")
    elif pad.status == "ok":
        out["signpad_state"] = DeviceState("signpad.ready")
    else:
        out["signpad_state"] = DeviceState("signpad.missing")
    return out
# ---- end ----
