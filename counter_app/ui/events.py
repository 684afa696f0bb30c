"""Application-wide change announcements (as Anki's operations announce what changed).

Panels emit what they changed; other panels refresh only what depends on it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class AppEvents(QObject):
    case_changed = Signal(str)        # case id: created, ticked, decided, step recorded…
    case_opened = Signal(str)         # the clerk switched to this case in the workspace
    centre_updated = Signal(str)      # case id the centre's update changed (applied by the sync process)
    reference_updated = Signal(str)   # reference data set pulled in a new version ("catalog")
    documents_changed = Signal(str)   # case id whose documents were issued / printed
    outbox_changed = Signal()         # entries added or their states changed
    print_jobs_changed = Signal()
    devices_changed = Signal()
    message = Signal(str)             # a short note for the status bar
