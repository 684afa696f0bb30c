"""Loading a vendor's ID card library through ctypes (one handle per path, per process)."""

from __future__ import annotations

import ctypes
import os
import sys
import threading

from counter_app.devices.idcard.errors import IdLibraryError

_libs: dict[str, ctypes.CDLL] = {}
_lock = threading.Lock()


def default_library_name() -> str:
    """The library name the vendors' sdtapi installs under on this platform."""
    return "sdtapi.dll" if sys.platform == "win32" else "libsdtapi.so"


def load(path: str, *, setting: str, required: tuple[str, ...]) -> ctypes.CDLL:
    """The library at ``path`` exporting every name in ``required``, or :class:`IdLibraryError`
    naming the setting (``idcard.library``) and the problem in Chinese."""
    path = (path or "").strip()
    if not path:
        raise IdLibraryError(f"未配置身份证阅读器动态库路径（{setting}）。")
    with _lock:
        lib = _libs.get(path)
        if lib is None:
            bare = os.sep not in path and "/" not in path     # a bare name: the system's library search
            if not bare and not os.path.exists(path):
                raise IdLibraryError(f"身份证阅读器动态库不存在：{path}")
            loader = ctypes.WinDLL if sys.platform == "win32" else ctypes.CDLL  # type: ignore[attr-defined]  # vendor DLLs are __stdcall
            try:
                lib = loader(path)
            except OSError as exc:
                if bare:
                    raise IdLibraryError(f"身份证阅读器动态库不存在：在系统库路径中找不到 {path}", detail=str(exc)) from None
                raise IdLibraryError(f"无法加载身份证阅读器动态库：{path}", detail=str(exc)) from None
            _libs[path] = lib
    missing = [n for n in required if not hasattr(lib, n)]
    if missing:
        raise IdLibraryError(f"动态库 {path} 中没有 {'、'.join(missing)} 函数，不是所配置类型的身份证阅读器接口库。",
                             hint="请核对 idcard.backend 与 idcard.library 是否匹配（sdtapi 接口库或返回 JSON 的厂商库）。")
    return lib
