"""全国统一读卡接口 backend: the vendor library's ``int iReadCardBas(int iType, char *pOutInfo)``.

iType: 1 contact, 2 contactless, 3 auto (contact first), 4 auto (contactless first).
Return 0: ``pOutInfo`` holds 11 fields, each ended by ``|``:
  发卡地区行政区划代码 | 社会保障号码 | 卡号 | 卡识别码 | 姓名 | 卡复位信息 | 规范版本 |
  发卡日期 | 卡有效期 | 终端机编号 | 终端设备号 |
Non-zero: ``pOutInfo`` holds the vendor's error text (GBK).

Third-generation cards (规范版本 3.00) come back from the plain call with number and name
empty: they need the security-module variant ``iReadCardBas_HSM_Step1`` / ``_Step2`` (step 1
produces a request for the HSM / card management service, step 2 feeds its answer back). That
exchange needs the provincial service and is not wired here; such a card raises
:class:`HsmRequiredError`, and :meth:`UnifiedCardReader.has_hsm` says whether the library has it.
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading

from counter_app.devices.card import errors as E
from counter_app.devices.card.model import CardRecord, birth_date_from_id, checked, parse_yyyymmdd, sex_from_id

OUT_BUFFER_SIZE = 4096
FIELD_NAMES = ("area_code", "social_security_number", "card_number", "card_id", "name", "reset_info",
               "spec_version", "issue_date", "expiry_date", "terminal_number", "terminal_device_number")
# Vendors word "no card" differently and their return codes differ; these phrases mean it.
_NO_CARD_PHRASES = ("无卡", "未插卡", "没有卡", "请插卡", "未检测到卡", "卡不存在", "no card")


def parse_output(text: str) -> CardRecord:
    """The 11 ``|``-ended fields of a successful ``iReadCardBas`` → :class:`CardRecord`."""
    text = text.strip("\x00").strip()
    parts = text.split("|")
    if parts and parts[-1] == "":
        parts = parts[:-1]
    if len(parts) < len(FIELD_NAMES):
        raise E.CardDataError("统一读卡接口返回的信息不完整。",
                              detail=f"{len(parts)} fields, expected {len(FIELD_NAMES)}")
    f = dict(zip(FIELD_NAMES, (p.strip() for p in parts), strict=False))
    number = f["social_security_number"].upper()
    spec = f["spec_version"]
    if not number or not f["name"]:
        if spec.startswith("3"):
            raise E.HsmRequiredError(detail=f"spec_version={spec}")
        raise E.CardDataError("统一读卡接口未返回社会保障号码或姓名。", detail="blank number/name")
    try:
        issue, expiry = parse_yyyymmdd(f["issue_date"]), parse_yyyymmdd(f["expiry_date"])
    except ValueError as exc:
        raise E.CardDataError("统一读卡接口返回的日期格式不正确。", detail=str(exc)) from None
    return checked(CardRecord(
        social_security_number=number,
        name=f["name"],
        sex=sex_from_id(number),
        birth_date=birth_date_from_id(number),
        card_number=f["card_number"],
        issue_date=issue,
        expiry_date=expiry,
        area_code=f["area_code"],
        spec_version=spec,
        card_id=f["card_id"].upper(),
        reset_info=f["reset_info"].upper(),
        source="unified",
        extra={"terminal_number": f["terminal_number"], "terminal_device_number": f["terminal_device_number"]},
    ))


class UnifiedCardReader:
    """Reads through the vendor library; calls are serialised (vendor libraries are not re-entrant)."""

    backend = "unified"
    watch_interval = 1.5        # seconds between polls: the interface has no insert events
    _libs: dict[str, ctypes.CDLL] = {}
    _load_lock = threading.Lock()

    def __init__(self, library_path: str, itype: int = 3):
        self.library_path = (library_path or "").strip()
        if itype not in (1, 2, 3, 4):
            raise E.UnifiedLibraryError(f"iType 应为 1～4，当前为 {itype}。")
        self.itype = itype
        self._lock = threading.Lock()

    def _library(self):
        if not self.library_path:
            raise E.UnifiedLibraryError("未配置统一读卡接口动态库路径（card.unified_library）。")
        with self._load_lock:
            lib = self._libs.get(self.library_path)
            if lib is not None:
                return lib
            if not os.path.exists(self.library_path):
                raise E.UnifiedLibraryError(f"统一读卡接口动态库不存在：{self.library_path}")
            loader = ctypes.WinDLL if sys.platform == "win32" else ctypes.CDLL  # vendor DLLs are __stdcall
            try:
                lib = loader(self.library_path)
            except OSError as exc:
                raise E.UnifiedLibraryError(f"无法加载统一读卡接口动态库：{self.library_path}", detail=str(exc)) from None
            try:
                fn = lib.iReadCardBas
            except AttributeError:
                raise E.UnifiedLibraryError(f"动态库 {self.library_path} 中没有 iReadCardBas 函数，不是统一读卡接口库。") from None
            fn.argtypes = [ctypes.c_int, ctypes.c_char_p]
            fn.restype = ctypes.c_int
            self._libs[self.library_path] = lib
            return lib

    def check(self) -> None:
        """Raise :class:`UnifiedLibraryError` unless the library loads and exports iReadCardBas."""
        self._library()

    def has_hsm(self) -> bool:
        lib = self._library()
        return all(hasattr(lib, n) for n in ("iReadCardBas_HSM_Step1", "iReadCardBas_HSM_Step2"))

    def read_raw(self) -> tuple[int, str]:
        lib = self._library()
        buf = ctypes.create_string_buffer(OUT_BUFFER_SIZE)
        with self._lock:
            rc = lib.iReadCardBas(self.itype, buf)
        return rc, buf.value.decode("gb18030", errors="replace")

    def read(self, timeout: float = 0.0) -> CardRecord:
        """One read; with ``timeout`` > 0, "no card" answers are retried until it passes."""
        import time

        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            rc, text = self.read_raw()
            if rc == 0:
                return parse_output(text)
            err = self._error(rc, text)
            if not isinstance(err, E.NoCardError) or time.monotonic() >= deadline:
                raise err
            time.sleep(0.3)

    @staticmethod
    def _error(rc: int, text: str) -> E.CardError:
        text = text.strip()
        if any(p in text.lower() for p in _NO_CARD_PHRASES):
            return E.NoCardError(hint=f"读卡器提示：{text}。请插入社会保障卡后重试。", detail=f"iReadCardBas={rc}")
        return E.UnifiedReaderError(rc, text)

    def watch(self, on_inserted, on_removed, on_error=None):
        from counter_app.devices.card.watcher import PollingWatcher

        return PollingWatcher(self.read, on_inserted, on_removed, on_error, interval=self.watch_interval).start()

    def close(self) -> None:
        pass
