"""参保档案 in the workspace: looked up when a card is read or an ID number / credit code is entered.

:class:`RecordLookup` watches the applicant form; once the ID number (or the unit's credit code)
is valid and differs from the last one looked up, it asks ``counter_app.app_context.record_service``
on a worker (the centre when signed in, else the sealed cache) and keeps the answer as the case's
``registry`` fact (:func:`facts`), so the checklist's 系统核验 rows show the record's facts and
the age of a cached one. A workstation nobody signed in to online has no registry: nothing is
attached and the conditions stay with the clerk, as before records existed.

The panel needs three lines: build it (``RecordLookup(panel)``), add :attr:`label` to its layout
and merge :meth:`facts` into the draft case's facts.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from counter_app.ui.panel_kit import QuietLabel

from counter_protocol.identifiers import check_id, check_uscc


class RecordLookup(QObject):
    def __init__(self, panel):
        super().__init__(panel)
        self.panel = panel
        self.label = QuietLabel(panel)        # no line taken while empty
        self.label.setObjectName("recordState")
        self.label.setWordWrap(True)
        self._registry: dict | None = None
        self._asked: tuple[str, str] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self._look_up)
        panel.applicant.changed.connect(self._timer.start)

    def facts(self) -> dict:
        """``{"registry": …}`` once a record answer is known for the current identifiers."""
        return {"registry": self._registry} if self._registry is not None and self._current() == self._asked else {}

    def _current(self) -> tuple[str, str]:
        data = self.panel.applicant.data()
        pid = (data.get("id_number") or "").strip().upper()
        uscc = (data.get("credit_code") or "").strip().upper()
        return (pid if pid and check_id(pid).valid else "", uscc if uscc and check_uscc(uscc).valid else "")

    def _look_up(self) -> None:
        wanted = self._current()
        if wanted == self._asked:
            return
        self._asked, self._registry = wanted, None
        if not any(wanted):
            self.label.setText("")
            return
        ctx = self.panel.ctx
        atype = self.panel.applicant.applicant_type()

        def body():  # worker: network and store
            from counter_app.app_context import record_service, signed_in_online
            from counter_app.domain.conditions import registry_fact
            from counter_app.workflows.records import look_up_applicant

            records = record_service(ctx)
            ap = {"id_number": wanted[0], "credit_code": wanted[1]}
            view = look_up_applicant(records, atype, {k: v for k, v in ap.items() if v})
            if not view.available and not signed_in_online(ctx):
                return wanted, None, ""      # no registry on this workstation: the clerk confirms, as before
            person = records.cached("person", wanted[0]) if wanted[0] else None
            text = (person.describe() if person is not None and view.state == "cache" else
                    self.tr("参保档案：联网查询") if view.state == "online" else
                    self.tr("参保档案：离线且无缓存，相关受理条件待核验（离线）"))
            if view.available and view.person is not None:      # 资格认证: 暂停发放 shows on the record
                from counter_app.workflows.certification import standing_text

                extra = standing_text(ctx.store, view.person)
                text = f"{text}；{extra}" if extra else text
            return wanted, registry_fact(view), text

        def done(result) -> None:
            asked, registry, text = result
            if asked != self._asked:
                return                       # the clerk typed another number meanwhile
            self._registry = registry
            self.label.setText(text)
            self.panel._recompute()
            self.panel._render()

        from counter_app.ui.tasks import task_runner

        task_runner().run(body, done, lambda exc: self.label.setText(self.tr("参保档案查询出错，请重试")), owner=self)
