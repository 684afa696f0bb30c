"""Serial (or USB virtual COM) 扫码枪 through pyserial: one code per line (CR, LF or CR LF)."""

from __future__ import annotations

import logging
import threading

from counter_app.devices.scanner import ScannerError

log = logging.getLogger(__name__)
MAX_LINE = 4096


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


class SerialScanner:
    def __init__(self, port: str, baudrate: int, on_code, on_error=None, *, read_timeout: float = 0.2):
        self.port = (port or "").strip()
        self.baudrate = baudrate
        self.on_code = on_code
        self.on_error = on_error or (lambda e: None)
        self.read_timeout = read_timeout
        self._serial = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def open(self) -> None:
        if not self.port:
            raise ScannerError("scanner_not_configured", "未配置串口扫码枪的端口（scanner.serial_port）。",
                               "请在配置 [scanner] 中设置 serial_port，例如 /dev/ttyACM0 或 COM3。")
        try:
            import serial
        except ImportError as exc:  # pragma: no cover - a packaging fault
            raise ScannerError("scanner_support", "串口支持库 pyserial 无法加载。", "请重新安装柜面客户端。", str(exc)) from None
        try:
            self._serial = serial.Serial(self.port, self.baudrate, timeout=self.read_timeout)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise _open_error(self.port, exc) from None

    def check(self) -> None:
        """Open and close the port (doctor)."""
        self.open()
        self.close()

    def start(self) -> "SerialScanner":
        if self._serial is None:
            self.open()
        self._thread = threading.Thread(target=self._run, name="SerialScanner", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        import serial

        buf = bytearray()
        while not self._stop.is_set():
            try:
                chunk = self._serial.read(256)
            except (serial.SerialException, OSError, TypeError, AttributeError) as exc:
                if not self._stop.is_set():
                    self.on_error(ScannerError("scanner_disconnected", f"扫码枪（{self.port}）已断开。",
                                               "请重新连接扫码枪；也可读实体社保卡或身份证。", str(exc)))
                return
            if not chunk:
                continue
            buf += chunk
            while True:
                cut = min((i for i in (buf.find(b"\r"), buf.find(b"\n")) if i >= 0), default=-1)
                if cut < 0:
                    if len(buf) > MAX_LINE:          # noise without a line end: drop it
                        buf.clear()
                    break
                line, buf = bytes(buf[:cut]), buf[cut + 1:]
                text = line.decode("utf-8", errors="replace").strip()
                if text:
                    try:
                        self.on_code(text)
                    except Exception:
                        log.exception("scanner handler failed")

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        self.close()

    def close(self) -> None:
        s, self._serial = self._serial, None
        if s is not None:
            try:
                s.close()
            except Exception:
                pass
