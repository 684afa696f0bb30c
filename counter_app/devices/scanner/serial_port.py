"""Serial (or USB virtual COM) 扫码枪 through pyserial: one code per line (CR, LF or CR LF)."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from counter_app.devices.scanner import ReaderThread, ScannerError

if TYPE_CHECKING:
    import serial

log = logging.getLogger(__name__)

MAX_LINE = 4096
# A scanner sends a code as one burst; a pause this long inside a line means the scan was cut off
# (a code without its line end): the partial line is dropped rather than glued onto the next scan.
LINE_GAP_SECONDS = 0.5


def code_of(line: bytes) -> str | None:
    """The code a line carries, or None: not UTF-8, or with characters that are not printable
    (NUL, ESC and other controls — line noise, never part of a QR code's text)."""
    try:
        text = line.decode("utf-8").strip()
    except UnicodeDecodeError:
        return None
    if not text.isprintable():
        return None
    return text


def _open_error(port: str, exc: Exception) -> ScannerError:
    import errno

    err = getattr(exc, "errno", None)
    if err == errno.ENOENT or "No such file" in str(exc) or "FileNotFoundError" in str(exc):
        return ScannerError("scanner_missing", f"串口扫码枪未连接：找不到端口 {port}。",
                            "请检查扫码枪的 USB / 串口连接，并核对配置 scanner.serial_port。", str(exc))
    if err in (errno.EACCES, errno.EPERM) or "Permission denied" in str(exc):
        return ScannerError("scanner_permission", f"没有权限打开扫码枪端口 {port}。",
                            "Linux 上请把柜员账号加入 dialout 组后重新登录。", str(exc))
    return ScannerError("scanner_open", f"无法打开扫码枪端口 {port}。", "请检查端口是否被其他程序占用。", str(exc))


class SerialScanner(ReaderThread):
    thread_name = "SerialScanner"
    _device: serial.Serial | None

    def __init__(self, port: str, baudrate: int, on_code, on_error=None, *, read_timeout: float = 0.2):
        super().__init__(on_code, on_error)
        self.port = (port or "").strip()
        self.baudrate = baudrate
        self.read_timeout = read_timeout

    def open(self) -> None:
        if not self.port:
            raise ScannerError("scanner_not_configured", "未配置串口扫码枪的端口（scanner.serial_port）。",
                               "请在配置 [scanner] 中设置 serial_port，例如 /dev/ttyACM0 或 COM3。")
        try:
            import serial
        except ImportError as exc:  # pragma: no cover - a packaging fault
            raise ScannerError("scanner_support", "串口支持库 pyserial 无法加载。", "请重新安装柜面客户端。", str(exc)) from None
        try:
            self._device = serial.Serial(self.port, self.baudrate, timeout=self.read_timeout)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise _open_error(self.port, exc) from None

    def _run(self) -> None:
        import serial

        device = self._device
        if device is None:      # closed before the thread ran: stop() came first
            return
        buf = bytearray()
        last = 0.0                  # when the last byte of ``buf`` came
        while not self._stop.is_set():
            try:
                chunk = device.read(256)
            except (serial.SerialException, OSError, TypeError, AttributeError) as exc:
                self._lost(f"扫码枪（{self.port}）已断开。", exc)
                return
            now = time.monotonic()
            if buf and now - last > LINE_GAP_SECONDS:
                log.warning("scanner %s: a cut-off scan without a line end dropped (%d bytes)", self.port, len(buf))
                buf.clear()
            if not chunk:
                continue
            buf += chunk
            last = now
            while True:
                cut = min((i for i in (buf.find(b"\r"), buf.find(b"\n")) if i >= 0), default=-1)
                if cut < 0:
                    if len(buf) > MAX_LINE:          # noise without a line end: drop it
                        buf.clear()
                    break
                line, buf = bytes(buf[:cut]), buf[cut + 1:]
                text = code_of(line)
                if text is None:        # its content is never logged: it may be a person's code
                    log.warning("scanner %s: a line with unprintable characters dropped (%d bytes)", self.port, len(line))
                elif text:
                    self._deliver(text)

    def close(self) -> None:
        s, self._device = self._device, None
        if s is not None:
            try:
                s.close()
            except Exception:
                pass
