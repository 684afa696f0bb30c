"""汉王 (Hanvon / Hanwang, USB vendor 0x0B57) ESP-series signature pads over hidapi.

The pad speaks in HID reports:

- a **feature report** switches capture on (``05 01``) and off (``05 00``);
- **pen input reports** (ID ``02``, 8 bytes): status, X, Y, pressure, big-endian —
  status ``80`` pen out of range, ``A0`` in range (hovering), ``E0`` tip on the glass;
  X 0..``max_x``, Y 0..``max_y``, pressure 0..``max_pressure``;
- **key reports** (ID ``0F``): the pad's own buttons, bit ``01`` 确认, ``02`` 重签, ``04`` 取消.

The pen report follows the Hanwang pen packet the Linux ``hanwang`` tablet driver decodes (ID 02,
status 80 / E0, big-endian X and Y); the feature report bytes, the key report and the coordinate
ranges of a given ESP model are UNCONFIRMED against the vendor's protocol sheet, so they live in
one :class:`PadProtocol` value that a confirmed model replaces, not in the capture loop.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from counter_app.devices.signpad.errors import (
    EmptySignature,
    SignatureCancelled,
    SignatureTimeout,
    SignpadError,
    SignpadNotFound,
)
from counter_app.devices.signpad.hidapi import HidApi, HidDevice, HidDeviceInfo

HANVON_VENDOR_ID = 0x0B57


@dataclass(frozen=True)
class PadProtocol:
    start_capture: bytes = bytes([0x05, 0x01])
    stop_capture: bytes = bytes([0x05, 0x00])
    pen_report_id: int = 0x02
    key_report_id: int = 0x0F
    tip_bit: int = 0x40
    in_range_bit: int = 0x20
    key_confirm: int = 0x01
    key_clear: int = 0x02
    key_cancel: int = 0x04
    max_x: int = 0x27DE
    max_y: int = 0x1CFE
    max_pressure: int = 1023
    report_size: int = 64


ESP_PROTOCOL = PadProtocol()


@dataclass(frozen=True)
class PenSample:
    x: int
    y: int
    pressure: int
    touching: bool
    in_range: bool


@dataclass
class Signature:
    """The applicant's strokes in pad units, and the pad they came from."""

    strokes: list[list[tuple[float, float, float]]]     # (x, y, pressure 0..1)
    size: tuple[float, float]                           # the writing area, same units
    device: str
    backend: str
    samples: int = 0
    duration_s: float = 0.0
    meta: dict = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(self.strokes)

    def png(self, width: int = 900) -> bytes:
        from counter_app.devices.signpad.render import render_png

        if self.empty:
            raise EmptySignature()
        return render_png(self.strokes, self.size, width=width)


def decode_pen(data: bytes, proto: PadProtocol = ESP_PROTOCOL) -> PenSample | None:
    if len(data) < 8 or data[0] != proto.pen_report_id:
        return None
    status = data[1]
    x = (data[2] << 8) | data[3]
    y = (data[4] << 8) | data[5]
    p = min(proto.max_pressure, (data[6] << 8) | data[7])
    in_range = bool(status & proto.in_range_bit)
    return PenSample(min(x, proto.max_x), min(y, proto.max_y), p, in_range and bool(status & proto.tip_bit), in_range)


class HanvonSignpad:
    """One pad, opened through hidapi; :meth:`capture` waits for the applicant's 确认."""

    backend = "hid"

    def __init__(self, library: str = "", vendor_id: int = HANVON_VENDOR_ID, product_id: int = 0,
                 protocol: PadProtocol = ESP_PROTOCOL):
        self.library = library
        self.vendor_id = vendor_id
        self.product_id = product_id
        self.protocol = protocol
        self._info: HidDeviceInfo | None = None
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """End a running :meth:`capture` (from another thread) with :class:`SignatureCancelled`."""
        self._cancel.set()

    def find(self) -> HidDeviceInfo:
        api = HidApi.load(self.library)
        devices = api.enumerate(self.vendor_id, self.product_id)
        if not devices:
            pid = f"{self.product_id:04X}" if self.product_id else "任意"
            raise SignpadNotFound(f"没有找到签名板（USB 厂商号 {self.vendor_id:04X}，产品号 {pid}）。",
                                  "请检查签名板 USB 连接，或在设置 [signpad] 中核对 vendor_id / product_id。")
        # a pad may expose several interfaces: prefer the digitizer (usage page 0x0D)
        devices.sort(key=lambda d: (d.usage_page != 0x0D, d.interface_number))
        self._info = devices[0]
        return self._info

    def describe(self) -> str:
        info = self._info or self.find()
        return info.describe()

    def capture(self, timeout: float = 60.0, *, on_sample: Callable[[PenSample], None] | None = None,
                on_clear: Callable[[], None] | None = None) -> Signature:
        """Start capture, collect strokes until 确认 (or raise on 取消 / timeout), stop capture."""
        info = self._info or self.find()
        api = HidApi.load(self.library)
        dev: HidDevice = api.open_path(info.path)
        proto = self.protocol
        strokes: list[list[tuple[float, float, float]]] = []
        current: list[tuple[float, float, float]] | None = None
        samples = 0
        started = time.monotonic()
        deadline = started + timeout
        self._cancel.clear()
        try:
            dev.send_feature_report(proto.start_capture)
            while True:
                if self._cancel.is_set():
                    raise SignatureCancelled(by_clerk=True)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SignatureTimeout(f"{timeout:g} 秒内申请人未在签名板上确认签名。", "请申请人签名后按签名板上的确认键。")
                data = dev.read(proto.report_size, min(100, max(1, int(left * 1000))))
                if not data:
                    continue
                pen = decode_pen(data, proto)
                if pen is not None:
                    samples += 1
                    if on_sample:
                        on_sample(pen)
                    if pen.touching:
                        if current is None:
                            current = []
                            strokes.append(current)
                        current.append((float(pen.x), float(pen.y), pen.pressure / proto.max_pressure))
                    else:
                        current = None
                    continue
                if data[0] == proto.key_report_id and len(data) >= 2:
                    keys = data[1]
                    if keys & proto.key_cancel:
                        raise SignatureCancelled()
                    if keys & proto.key_clear:
                        strokes, current = [], None
                        if on_clear:
                            on_clear()
                    elif keys & proto.key_confirm:
                        if not any(strokes):
                            raise EmptySignature()
                        break
        finally:
            try:
                dev.send_feature_report(proto.stop_capture)
            except SignpadError:
                pass                                  # unplugged: nothing to stop
            dev.close()
        return Signature(strokes, (float(proto.max_x), float(proto.max_y)), info.describe(), self.backend,
                         samples=samples, duration_s=round(time.monotonic() - started, 3))

    def close(self) -> None:
        pass
