"""Linux: the 扫码枪 read straight from its input device (evdev) and grabbed.

``EVIOCGRAB`` gives this process the device exclusively: its keys reach no window, so a scan
cannot land in the focused field, and no keystroke timing is needed. The device is named by
``scanner.evdev_device`` (a stable ``/dev/input/by-id/…-event-kbd`` path); the user needs read
access (the ``input`` group). Key codes are decoded with a US layout, which is what scanners send
for the ASCII of a QR code (:class:`KeyDecoder`, pure: usable without a device).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from counter_app.devices.scanner import ReaderThread, ScannerError

if TYPE_CHECKING:
    from evdev import InputDevice

# linux/input-event-codes.h
KEY_ENTER, KEY_KPENTER, KEY_LEFTSHIFT, KEY_RIGHTSHIFT = 28, 96, 42, 54
_ROWS = {2: "1234567890-=", 16: "qwertyuiop[]", 30: "asdfghjkl;'`", 44: "zxcvbnm,./"}
_SHIFTED = dict(zip("1234567890-=[];'`,./\\", "!@#$%^&*()_+{}:\"~<>?|", strict=True))
KEYMAP: dict[int, str] = {code + i: ch for code, row in _ROWS.items() for i, ch in enumerate(row)}
KEYMAP[43] = "\\"
KEYMAP[57] = " "


class KeyDecoder:
    """Key events (code, value: 1 down, 0 up, 2 repeat) → complete codes at Enter."""

    def __init__(self):
        self._shift = False
        self._chars: list[str] = []

    def feed(self, code: int, value: int) -> str | None:
        if code in (KEY_LEFTSHIFT, KEY_RIGHTSHIFT):
            self._shift = value != 0
            return None
        if value != 1:
            return None
        if code in (KEY_ENTER, KEY_KPENTER):
            text, self._chars = "".join(self._chars), []
            return text or None
        ch = KEYMAP.get(code)
        if ch is None:
            return None
        if self._shift:
            ch = ch.upper() if ch.isalpha() else _SHIFTED.get(ch, ch)
        self._chars.append(ch)
        return None


class EvdevScanner(ReaderThread):
    thread_name = "EvdevScanner"
    _device: InputDevice[str] | None

    def __init__(self, device: str, on_code, on_error=None):
        super().__init__(on_code, on_error)
        self.device_path = (device or "").strip()

    def open(self) -> None:
        if not self.device_path:
            raise ScannerError("scanner_not_configured", "未配置扫码枪的输入设备（scanner.evdev_device）。",
                               "请设置为 /dev/input/by-id/ 下扫码枪对应的 …-event-kbd 路径。")
        try:
            import evdev
        except ImportError as exc:
            raise ScannerError("scanner_support", "本机没有 evdev 支持库（python-evdev），不能直接读取扫码枪设备。",
                               "请改用 scanner.backend = \"wedge\"（键盘方式）或安装 evdev。", str(exc)) from None
        if not os.path.exists(self.device_path):
            raise ScannerError("scanner_missing", f"扫码枪未连接：找不到输入设备 {self.device_path}。",
                               "请检查扫码枪的 USB 连接，并核对配置 scanner.evdev_device。")
        try:
            self._device = evdev.InputDevice(self.device_path)
        except PermissionError as exc:
            raise ScannerError("scanner_permission", f"没有权限读取输入设备 {self.device_path}。",
                               "Linux 上请把柜员账号加入 input 组后重新登录。", str(exc)) from None
        except OSError as exc:
            raise ScannerError("scanner_open", f"无法打开输入设备 {self.device_path}。", "", str(exc)) from None
        try:
            self._device.grab()
        except OSError as exc:
            self.close()
            raise ScannerError("scanner_busy", f"扫码枪设备 {self.device_path} 已被其他程序独占。",
                               "请关闭其他正在读取扫码枪的程序后重试。", str(exc)) from None

    def _run(self) -> None:
        import select

        from evdev import ecodes

        device = self._device
        if device is None:      # closed before the thread ran: stop() came first
            return
        decoder = KeyDecoder()
        while not self._stop.is_set():
            try:
                ready, _, _ = select.select([device.fd], [], [], 0.2)
                if not ready:
                    continue
                events = list(device.read())
            except BlockingIOError:
                continue
            except (OSError, AttributeError, ValueError) as exc:
                self._lost("扫码枪已断开。", exc)
                return
            for ev in events:
                if ev.type == ecodes.EV_KEY:
                    code = decoder.feed(ev.code, ev.value)
                    if code:
                        self._deliver(code)

    def close(self) -> None:
        dev, self._device = self._device, None
        if dev is not None:
            try:
                dev.ungrab()
            except OSError:
                pass
            dev.close()
