"""居民身份证读卡 (resident ID card reading, GA/T 467 security module).

``open_idcard_reader(settings)`` returns the configured :class:`IdCardReader`:

- ``sdtapi`` — the vendor's ``sdtapi`` library through ctypes (:mod:`.sdtapi`), the common
  interface of ID card readers (``libsdtapi.so`` / ``sdtapi.dll``, path ``idcard.library``);
- ``json``   — a vendor library whose one function returns the card as JSON (:mod:`.jsonlib`);
- ``demo``   — an explicit demo card (:mod:`.demo`), only when the settings say so;
- ``none``   — no ID card reader at this window (:class:`IdLibraryError` if asked to read).

The reader has the same shape as the social security card reader
(:class:`counter_app.devices.card.CardReader`): ``read(timeout) -> IdCardRecord``,
``watch(on_inserted, on_removed, on_error)``, ``check()``, ``close()``; its errors subclass
:class:`~counter_app.devices.card.errors.CardError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Protocol

from counter_app.devices.idcard.errors import (IdCardError, IdDataError, IdLibraryError, IdNoCardError,
                                               IdNoReaderError, IdReadError)
from counter_app.devices.idcard.model import IdCardRecord

if TYPE_CHECKING:
    from counter_app.config import Settings

__all__ = ["IdCardError", "IdCardReader", "IdCardRecord", "IdDataError", "IdLibraryError", "IdNoCardError",
           "IdNoReaderError", "IdReadError", "library_path", "open_idcard_reader"]


class IdCardReader(Protocol):
    backend: str

    def read(self, timeout: float = 0.0) -> IdCardRecord: ...

    def check(self) -> None: ...

    def watch(self, on_inserted: Callable[[IdCardRecord], None], on_removed: Callable[[], None],
              on_error: Callable[[IdCardError], None] | None = None): ...

    def close(self) -> None: ...


def library_path(settings: "Settings") -> str:
    """``idcard.library``, or the platform's sdtapi name when it is empty and the backend is sdtapi."""
    from counter_app.devices.idcard._loader import default_library_name

    path = settings.idcard.library.strip()
    if not path and settings.idcard.backend.value == "sdtapi":
        return default_library_name()
    return path


def open_idcard_reader(settings: "Settings") -> IdCardReader:
    backend = settings.idcard.backend.value
    if backend == "sdtapi":
        from counter_app.devices.idcard.sdtapi import SdtapiIdCardReader

        return SdtapiIdCardReader(library_path(settings), settings.idcard.port, settings.idcard.photo_library)
    if backend == "json":
        from counter_app.devices.idcard.jsonlib import JsonIdCardReader

        return JsonIdCardReader(library_path(settings), settings.idcard.json_function)
    if backend == "demo":
        from counter_app.devices.idcard.demo import DemoIdCardReader

        return DemoIdCardReader()
    if backend == "none":
        raise IdLibraryError("本工作站未启用身份证阅读器（idcard.backend = \"none\"）。",
                             hint="如需读取居民身份证，请在配置 [idcard] 中设置 backend 与 library。")
    raise ValueError(f"unknown idcard backend {backend!r}")
