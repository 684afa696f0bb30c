"""A small ctypes binding of hidapi (the C library, not a Python wheel): the functions a signature
pad needs — hid_init, hid_enumerate / hid_free_enumeration, hid_open / hid_open_path,
hid_send_feature_report, hid_read_timeout, hid_error, hid_close.

The library comes from ``[signpad] library`` or, when that is empty, the system's
``libhidapi-hidraw.so.0`` (Debian package libhidapi-hidraw0; hidraw needs no detached kernel
driver) or ``hidapi.dll`` on Windows. Tests load an emulated library built from C by the suite
through this same class.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import threading
from dataclasses import dataclass

from counter_app.devices.signpad.errors import HidLibraryError, SignpadError

DEFAULT_NAMES = ("hidapi.dll",) if sys.platform == "win32" else (
    "libhidapi-hidraw.so.0", "libhidapi-hidraw.so", "libhidapi-libusb.so.0", "libhidapi.dylib")


class _DeviceInfo(ctypes.Structure):
    pass


# struct hid_device_info up to ``next`` (hidapi ≥ 0.13 appends bus_type after it; never read here)
_DeviceInfo._fields_ = [
    ("path", ctypes.c_char_p),
    ("vendor_id", ctypes.c_ushort),
    ("product_id", ctypes.c_ushort),
    ("serial_number", ctypes.c_wchar_p),
    ("release_number", ctypes.c_ushort),
    ("manufacturer_string", ctypes.c_wchar_p),
    ("product_string", ctypes.c_wchar_p),
    ("usage_page", ctypes.c_ushort),
    ("usage", ctypes.c_ushort),
    ("interface_number", ctypes.c_int),
    ("next", ctypes.POINTER(_DeviceInfo)),
]


@dataclass(frozen=True)
class HidDeviceInfo:
    path: bytes
    vendor_id: int
    product_id: int
    serial_number: str
    manufacturer: str
    product: str
    usage_page: int
    usage: int
    interface_number: int

    def describe(self) -> str:
        name = " ".join(x for x in (self.manufacturer, self.product) if x) or "HID 设备"
        return f"{name}（{self.vendor_id:04X}:{self.product_id:04X}）"


_FUNCTIONS = {
    "hid_init": ([], ctypes.c_int),
    "hid_enumerate": ([ctypes.c_ushort, ctypes.c_ushort], ctypes.POINTER(_DeviceInfo)),
    "hid_free_enumeration": ([ctypes.POINTER(_DeviceInfo)], None),
    "hid_open": ([ctypes.c_ushort, ctypes.c_ushort, ctypes.c_wchar_p], ctypes.c_void_p),
    "hid_open_path": ([ctypes.c_char_p], ctypes.c_void_p),
    "hid_send_feature_report": ([ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t], ctypes.c_int),
    "hid_read_timeout": ([ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int], ctypes.c_int),
    "hid_error": ([ctypes.c_void_p], ctypes.c_wchar_p),
    "hid_close": ([ctypes.c_void_p], None),
}


class HidApi:
    """The loaded library; one per path in the process (hid_init once)."""

    _loaded: dict[str, "HidApi"] = {}
    _lock = threading.Lock()

    def __init__(self, lib: ctypes.CDLL, path: str):
        self.lib = lib
        self.path = path

    @classmethod
    def load(cls, path: str = "") -> "HidApi":
        path = (path or "").strip()
        with cls._lock:
            key = path or "<default>"
            api = cls._loaded.get(key)
            if api is not None:
                return api
            lib, used = cls._open(path)
            for name, (args, res) in _FUNCTIONS.items():
                try:
                    fn = getattr(lib, name)
                except AttributeError:
                    raise HidLibraryError(f"动态库 {used} 中没有 {name} 函数，不是 hidapi 库。") from None
                fn.argtypes, fn.restype = args, res
            if lib.hid_init() != 0:
                raise HidLibraryError(f"hidapi 初始化失败（{used}）。")
            api = cls._loaded[key] = cls(lib, used)
            return api

    @staticmethod
    def _open(path: str) -> tuple[ctypes.CDLL, str]:
        if path:
            if not os.path.exists(path):
                raise HidLibraryError(f"hidapi 动态库不存在：{path}", "请检查设置 signpad.library。")
            try:
                return ctypes.CDLL(path), path
            except OSError as exc:
                raise HidLibraryError(f"无法加载 hidapi 动态库：{path}", detail=str(exc)) from None
        tried = []
        for name in DEFAULT_NAMES:
            try:
                return ctypes.CDLL(name), name
            except OSError as exc:
                tried.append(str(exc))
        found = ctypes.util.find_library("hidapi-hidraw") or ctypes.util.find_library("hidapi")
        if found:
            try:
                return ctypes.CDLL(found), found
            except OSError as exc:
                tried.append(str(exc))
        hint = ("请安装 hidapi.dll 并在设置 signpad.library 中填写其路径。" if sys.platform == "win32"
                else "请安装系统软件包 libhidapi-hidraw0，或在设置 signpad.library 中填写 hidapi 库路径。")
        raise HidLibraryError("找不到 hidapi 动态库，无法使用签名板。", hint, detail="; ".join(tried))

    def enumerate(self, vendor_id: int = 0, product_id: int = 0) -> list[HidDeviceInfo]:
        head = self.lib.hid_enumerate(vendor_id, product_id)
        out = []
        try:
            node = head
            while node:
                d = node.contents
                out.append(HidDeviceInfo(d.path or b"", d.vendor_id, d.product_id, d.serial_number or "",
                                         d.manufacturer_string or "", d.product_string or "", d.usage_page,
                                         d.usage, d.interface_number))
                node = d.next
        finally:
            if head:
                self.lib.hid_free_enumeration(head)
        return out

    def open_path(self, path: bytes) -> "HidDevice":
        handle = self.lib.hid_open_path(path)
        if not handle:
            err = self.lib.hid_error(None) or ""
            raise SignpadError("无法打开签名板。", "请检查签名板连接；Linux 上还须有 /dev/hidraw* 的读写权限（udev 规则）。",
                               detail=f"hid_open_path: {err}")
        return HidDevice(self, handle)


class HidDevice:
    def __init__(self, api: HidApi, handle: int):
        self.api = api
        self.handle = ctypes.c_void_p(handle)

    def _error(self) -> str:
        return self.api.lib.hid_error(self.handle) or ""

    def send_feature_report(self, data: bytes) -> None:
        rc = self.api.lib.hid_send_feature_report(self.handle, bytes(data), len(data))
        if rc < 0:
            raise SignpadError("签名板不接受指令（特性报告发送失败）。", "请重新插拔签名板后重试。",
                               detail=f"hid_send_feature_report: {self._error()}")

    def read(self, size: int = 64, timeout_ms: int = 100) -> bytes:
        buf = ctypes.create_string_buffer(size)
        n = self.api.lib.hid_read_timeout(self.handle, buf, size, int(timeout_ms))
        if n < 0:
            raise SignpadError("读取签名板数据失败，签名板可能已拔出。", "请检查连接后重新签名。",
                               detail=f"hid_read_timeout: {self._error()}")
        return buf.raw[:n]

    def close(self) -> None:
        if self.handle:
            self.api.lib.hid_close(self.handle)
            self.handle = ctypes.c_void_p(None)
