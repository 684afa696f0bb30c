"""Watching the ID card reader: a card placed is read once, taken away is reported once.

The security module has no "card placed" event, so the reader is polled. Unlike a social
security card in a slot, an ID card lies on the reader, and modules differ on what a second
``SDT_StartFindIDCard`` says about a card that was read and never moved (some find it again,
some answer 0x80 until it is lifted). So a removal is reported only after ``absent_polls``
"no card" answers in a row, and the same card is not delivered again until it was away: the
applicant the clerk is editing is never overwritten by the card still lying there.
"""

from __future__ import annotations

from typing import Callable

from counter_app.devices.card.errors import CardError, NoCardError
from counter_app.devices.card.watcher import _WatcherBase


class IdCardWatcher(_WatcherBase):
    def __init__(self, read: Callable[[], object], on_inserted, on_removed, on_error=None, *,
                 interval: float = 0.8, absent_polls: int = 2):
        super().__init__(on_inserted, on_removed, on_error)
        self.read = read
        self.interval = interval
        self.absent_polls = max(1, absent_polls)

    def _run(self) -> None:
        current: str | None = None       # the number of the card on the reader (delivered)
        absent = 0
        while not self._stop.is_set():
            try:
                record = self.read()
            except NoCardError:
                absent += 1
                if current is not None and absent >= self.absent_polls:
                    current = None
                    self.on_removed()
            except CardError as err:
                self._report_error(err)
            else:
                self._last_error = None
                absent = 0
                number = getattr(record, "id_number", None) or getattr(record, "social_security_number", "")
                if number != current:
                    if current is not None:
                        self.on_removed()        # one card swapped for another between two polls
                    current = number
                    self.on_inserted(record)
            self._stop.wait(self.interval)
