"""Application-wide change announcements (as Anki's operations announce what changed).

An operation returns what it changed (``counter_app.workflows.accept.OpChanges``); the task
runner announces it (:meth:`AppEvents.announce`, from ``TaskRunner.run_op``), so no widget emits
change events by hand. Other panels refresh only what depends on it.
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
    message = Signal(str)             # a short note for the status bar (whole in the banner when longer)
    note = Signal(str)                # a routine outcome its panel shows whole: the status bar, cut to fit
    messages_stale = Signal()         # the clerk moved on (new case, another case): its notes are gone
    status_info = Signal(dict)        # status bar fields a panel knows (card_state, fingerprint_state)

    def announce(self, changes) -> None:
        """Emit the signals for one operation's ``OpChanges`` (cases, outbox, documents, print jobs)."""
        if changes is None:
            return
        for case_id in changes.cases:
            self.case_changed.emit(case_id)
        if changes.outbox:
            self.outbox_changed.emit()
        for case_id in changes.documents:
            self.documents_changed.emit(case_id)
        if changes.print_jobs:
            self.print_jobs_changed.emit()
