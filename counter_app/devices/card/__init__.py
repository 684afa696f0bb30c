"""社会保障卡读卡 (social security card reading).

``open_card_reader(settings)`` returns the configured :class:`CardReader`:

- ``pcsc``    — PC/SC through pyscard (:mod:`.pcsc`), 1st/2nd generation cards;
- ``unified`` — 全国统一读卡接口 ``iReadCardBas`` in the vendor library (:mod:`.unified`),
  the path for third-generation cards;
- ``demo``    — an explicit demo card (:mod:`.demo`), only when the settings say so.

``reader.read(timeout) -> CardRecord`` (raises :class:`CardError` subclasses with Chinese
messages); ``reader.watch(on_inserted, on_removed, on_error=None) -> CardWatch`` starts a
background thread; ``watch.stop()`` ends it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Protocol

from counter_app.devices.card.errors import CardError, ExpiredCardWarning
from counter_app.devices.card.model import CardRecord

if TYPE_CHECKING:
    from counter_app.config import Settings

__all__ = ["CardError", "CardReader", "CardRecord", "CardWatch", "ExpiredCardWarning", "open_card_reader"]


class CardWatch(Protocol):
    def stop(self, timeout: float = ...) -> None: ...


class CardReader(Protocol):
    backend: str

    def read(self, timeout: float = 0.0) -> CardRecord: ...

    def watch(self, on_inserted: Callable[[CardRecord], None], on_removed: Callable[[], None],
              on_error: Callable[[CardError], None] | None = None) -> CardWatch: ...

    def close(self) -> None: ...


def open_card_reader(settings: "Settings", *, reader: str | None = None) -> CardReader:
    """The reader the settings choose; ``reader`` overrides ``settings.card.reader`` (PC/SC)."""
    backend = settings.card.backend.value
    if backend == "pcsc":
        from counter_app.devices.card.pcsc import PcscCardReader

        return PcscCardReader(settings.card.reader if reader is None else reader)
    if backend == "unified":
        from counter_app.devices.card.unified import UnifiedCardReader

        return UnifiedCardReader(settings.card.unified_library, settings.card.unified_itype)
    if backend == "demo":
        from counter_app.devices.card.demo import DemoCardReader

        return DemoCardReader()
    raise ValueError(f"unknown card backend {backend!r}")
