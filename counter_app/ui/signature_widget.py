"""申请人签名 on screen and on the pad.

- :class:`SignatureWidget`: the applicant signs with a pen (tablet events carry pressure) or the
  mouse; strokes are ``(x, y, pressure)`` in widget pixels, rendered to the same transparent PNG
  as the pad's (:func:`counter_app.devices.signpad.render.render_png`). It also shows the pad's
  strokes live (:meth:`SignatureWidget.show_pad_sample`).
- :class:`SignatureDialog`: 签名 with 重签 / 确认 / 取消. With ``[signpad] backend = "hid"`` the
  pad's capture runs on a worker (it blocks until the applicant presses 确认 on the pad) and the
  strokes appear in the widget as they are drawn; with ``screen`` the applicant signs in the
  widget. ``SignatureDialog.ask(parent, settings, title) -> SignatureResult | None`` (tests
  replace ``ask``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from counter_app.devices.signpad.hanvon import HanvonSignpad

MOUSE_PRESSURE = 0.6


@dataclass(frozen=True)
class SignatureResult:
    png: bytes
    backend: str          # hid | screen
    device: str


class SignatureWidget(QWidget):
    """A white signing area with a baseline; ``changed`` after each stroke."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, signer: str = ""):
        super().__init__(parent)
        self.signer = signer        # who signs, as the baseline names them (default: 申请人)
        self.setObjectName("signatureArea")
        self.setMinimumSize(480, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.strokes: list[list[tuple[float, float, float]]] = []
        self._current: list[tuple[float, float, float]] | None = None
        self.accepts_input = True
        self._pad_area: tuple[float, float] | None = None     # pad units while showing the pad

    def sizeHint(self) -> QSize:
        return QSize(640, 240)

    # --- input -------------------------------------------------------------------------
    def _begin(self, x: float, y: float, p: float) -> None:
        self._current = [(x, y, p)]
        self.strokes.append(self._current)
        self.update()

    def _extend(self, x: float, y: float, p: float) -> None:
        if self._current is not None:
            self._current.append((x, y, p))
            self.update()

    def _end(self) -> None:
        if self._current is not None:
            self._current = None
            self.changed.emit()

    def mousePressEvent(self, event) -> None:
        if self.accepts_input and event.button() == Qt.MouseButton.LeftButton:
            pos = event.position()
            self._begin(pos.x(), pos.y(), MOUSE_PRESSURE)

    def mouseMoveEvent(self, event) -> None:
        if self.accepts_input and event.buttons() & Qt.MouseButton.LeftButton:
            pos = event.position()
            self._extend(pos.x(), pos.y(), MOUSE_PRESSURE)

    def mouseReleaseEvent(self, event) -> None:
        if self.accepts_input:
            self._end()

    def tabletEvent(self, event) -> None:
        """A pen on a tablet / pen display: its pressure widens the line."""
        if not self.accepts_input:
            event.ignore()
            return
        pos, p = event.position(), max(0.05, float(event.pressure()))
        kind = event.type()
        if kind == event.Type.TabletPress:
            self._begin(pos.x(), pos.y(), p)
        elif kind == event.Type.TabletMove and self._current is not None:
            self._extend(pos.x(), pos.y(), p)
        elif kind == event.Type.TabletRelease:
            self._end()
        event.accept()

    # --- the pad's strokes, shown live ------------------------------------------------
    def show_pad_sample(self, x: float, y: float, pressure: float, touching: bool, area: tuple[float, float]) -> None:
        """A pen sample from the pad (pad units, pressure 0..1): drawn scaled into the widget."""
        self._pad_area = area
        k = min(self.width() / area[0], self.height() / area[1])
        sx, sy = x * k, y * k
        if touching:
            if self._current is None:
                self._begin(sx, sy, pressure)
            else:
                self._extend(sx, sy, pressure)
        else:
            self._end()

    def clear(self) -> None:
        self.strokes, self._current = [], None
        self.update()
        self.changed.emit()

    @property
    def empty(self) -> bool:
        return not any(self.strokes)

    def png(self) -> bytes:
        from counter_app.devices.signpad.render import render_png

        return render_png(self.strokes, (max(1, self.width()), max(1, self.height())),
                          width=max(1, self.width()), pen_width=3.5)

    # --- drawing -----------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        base = self.height() * 0.75
        painter.setPen(QPen(QColor("#b0b0b0"), 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(12, base), QPointF(self.width() - 12, base))
        painter.setPen(QPen(QColor("#8a8a8a")))
        label = self.tr("%1签名").replace("%1", self.signer) if self.signer else self.tr("申请人签名")
        painter.drawText(QRectF(12, base + 4, self.width() - 24, 20), Qt.AlignmentFlag.AlignLeft, label)
        for stroke in self.strokes:
            if len(stroke) == 1:
                x, y, p = stroke[0]
                painter.setPen(QPen(QColor(16, 24, 64), 2 + 3 * p, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
                painter.drawPoint(QPointF(x, y))
                continue
            for (x0, y0, p0), (x1, y1, p1) in zip(stroke, stroke[1:], strict=False):
                painter.setPen(QPen(QColor(16, 24, 64), 1.5 + 3 * (p0 + p1) / 2, Qt.PenStyle.SolidLine,
                                    Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
                path = QPainterPath(QPointF(x0, y0))
                path.lineTo(QPointF(x1, y1))
                painter.drawPath(path)
        painter.end()


class _PadRelay(QObject):
    """Worker-thread pad callbacks → queued signals on the GUI thread."""

    sample = Signal(float, float, float, bool)
    cleared = Signal()


class SignatureDialog(QDialog):
    """``signer``: who signs, as the prompt and the baseline name them — the caller's translated role
    word (the field window: 退休人员 / pensioner); default the applicant (申请人) at the counter."""

    def __init__(self, settings, title: str = "", parent: QWidget | None = None, *, signer: str = ""):
        super().__init__(parent)
        self.setObjectName("signatureDialog")
        self.settings = settings
        self.result_value: SignatureResult | None = None
        self.backend = settings.signpad.backend.value
        self.setWindowTitle(title or self.tr("申请人签名"))
        from counter_app.ui.idle_lock import closes_on_lock

        closes_on_lock(self)       # nobody signs onto the clerk's document while the screen is locked
        self.prompt = QLabel(self)
        self.prompt.setObjectName("signaturePrompt")
        self.prompt.setWordWrap(True)
        self.area = SignatureWidget(self, signer)
        self.buttons = QDialogButtonBox(self)
        self.btn_ok = self.buttons.addButton(self.tr("确认"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.btn_clear = QPushButton(self.tr("重签"), self)
        self.buttons.addButton(self.btn_clear, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        self.btn_ok.clicked.connect(self._confirm_screen)
        self.btn_clear.clicked.connect(self.area.clear)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.area, 1)
        layout.addWidget(self.buttons)
        self._relay = _PadRelay(self)
        self._pad: HanvonSignpad | None = None
        self._area_size = (1.0, 1.0)
        if self.backend == "hid":
            self.area.accepts_input = False
            self.btn_ok.setEnabled(False)
            self.btn_clear.setEnabled(False)
            self.prompt.setText(self.tr("请%1在签名板上签名，签完按签名板上的确认键。").replace("%1", signer) if signer
                                else self.tr("请申请人在签名板上签名，签完按签名板上的确认键。"))
            self._start_pad()
        else:
            self.prompt.setText(self.tr("请%1用手写笔或鼠标在下方签名，签完按“确认”。").replace("%1", signer) if signer
                                else self.tr("请申请人用手写笔或鼠标在下方签名，签完按“确认”。"))
            self.area.changed.connect(lambda: self.btn_ok.setEnabled(not self.area.empty))
            self.btn_ok.setEnabled(False)

    # --- on screen ---------------------------------------------------------------------
    def _confirm_screen(self) -> None:
        if self.backend == "hid" or self.area.empty:
            return
        self.result_value = SignatureResult(self.area.png(), "screen", self.tr("屏幕签名"))
        self.accept()

    # --- on the pad ----------------------------------------------------------------------
    def _start_pad(self) -> None:
        from counter_app.devices.signpad import open_signpad
        from counter_app.devices.signpad.errors import SignpadError
        from counter_app.ui.tasks import TaskRunner

        cfg = self.settings.signpad
        self._relay.sample.connect(lambda x, y, p, t: self.area.show_pad_sample(x, y, p, t, self._area_size))
        self._relay.cleared.connect(self.area.clear)
        try:
            pad = self._pad = open_signpad(self.settings)
        except SignpadError as err:
            self._pad_failed(err)
            return
        proto = pad.protocol
        self._area_size = (float(proto.max_x), float(proto.max_y))
        self._runner = TaskRunner(self, max_threads=1)
        relay = self._relay

        def capture():   # worker: the pad's read loop, then the PNG (a tenth of a second of drawing)
            signature = pad.capture(cfg.timeout_seconds,
                                     on_sample=lambda s: relay.sample.emit(float(s.x), float(s.y),
                                                                          s.pressure / proto.max_pressure, s.touching),
                                     on_clear=relay.cleared.emit)
            return signature, signature.png()

        self._runner.run(capture, self._pad_done, self._pad_failed)

    def _pad_done(self, result) -> None:
        signature, png = result
        self.result_value = SignatureResult(png, "hid", signature.device)
        self.accept()

    def _pad_failed(self, err) -> None:
        message = getattr(err, "message", None) or self.tr("签名板出错")
        hint = getattr(err, "hint", "")
        self.prompt.setText(message + (hint or ""))
        self.prompt.setStyleSheet("color:#b3261e")

    def done(self, r: int) -> None:
        if self._pad is not None and self.result_value is None:
            self._pad.cancel()                      # the worker leaves its read loop within 0.1 s
            self._runner.wait(2000)
        super().done(r)

    @classmethod
    def ask(cls, parent: QWidget | None, settings, title: str = "", *, signer: str = "") -> SignatureResult | None:
        dlg = cls(settings, title, parent, signer=signer)
        dlg.exec()
        return dlg.result_value
