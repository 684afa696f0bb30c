"""演示读卡器: an EXPLICIT demo backend (settings ``card.backend = "demo"``), never a fallback.

Holds one fictional card, present from the start; ``insert()`` / ``remove()`` simulate the clerk
so the UI can be shown without hardware.
"""

from __future__ import annotations

import threading
from datetime import date

from counter_app.devices.card.errors import NoCardError
from counter_app.devices.card.model import CardRecord

DEMO_RECORD = CardRecord(
    social_security_number="11010519491231002X",   # fictional, valid per GB 11643
    name="演示持卡人",
    sex="female",
    birth_date=date(1949, 12, 31),
    card_number="D00000001",
    issue_date=date(2020, 1, 1),
    expiry_date=date(2030, 1, 1),
    area_code="440300",
    spec_version="2.00",
    card_id="440300D156000005DE5D0000000000A1",
    card_type="3",
    issuing_institution="440300000000000000000000",
    ethnicity="01",
    birthplace="1101",
    source="demo",
)


class DemoCardReader:
    backend = "demo"

    def __init__(self, record: CardRecord = DEMO_RECORD, present: bool = True):
        self.record = record
        self.present = present
        self._watchers: list[_DemoWatch] = []
        self._lock = threading.Lock()

    def read(self, timeout: float = 0.0) -> CardRecord:
        if not self.present:
            raise NoCardError()
        return self.record

    def insert(self, record: CardRecord | None = None) -> None:
        with self._lock:
            self.record = record or self.record
            self.present = True
            watchers = list(self._watchers)
        for w in watchers:
            w.on_inserted(self.record)

    def remove(self) -> None:
        with self._lock:
            self.present = False
            watchers = list(self._watchers)
        for w in watchers:
            w.on_removed()

    def watch(self, on_inserted, on_removed, on_error=None) -> "_DemoWatch":
        w = _DemoWatch(self, on_inserted, on_removed)
        with self._lock:
            self._watchers.append(w)
        if self.present:
            on_inserted(self.record)
        return w

    def close(self) -> None:
        pass


class _DemoWatch:
    def __init__(self, reader: DemoCardReader, on_inserted, on_removed):
        self.reader, self.on_inserted, self.on_removed = reader, on_inserted, on_removed

    def stop(self, timeout: float = 0.0) -> None:
        with self.reader._lock:
            if self in self.reader._watchers:
                self.reader._watchers.remove(self)
