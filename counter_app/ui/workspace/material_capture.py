"""拍照 on a checklist material (材料电子化): the clerk selects a material and presses P (or
右键 → 拍照); the 高拍仪 takes the page, the task runner crops / de-skews / compresses it
(:func:`counter_app.devices.camera.processing.process_page`), and the page is stored encrypted
with the case and the material ticked 已提交 (:func:`counter_app.workflows.materials.attach_material_page`).

A case the workspace has not stored yet (the clerk is still ticking before 受理审核) keeps its
pages here until :meth:`MaterialCapture.flush` stores them on the worker, in the operation that
creates the case. The Qt camera is opened once and reused; its signals arrive on the GUI thread.

A page belongs to the case it was taken for: a stored case's page is stored with that case when
it is ready, whatever the workspace shows by then; a draft's page is kept only while that draft is
still on screen (the workspace does not leave a case while a page is being taken, but the page
never depends on that).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence

from counter_app.ui.catalog_text import catalog_tr
from counter_app.domain.terms import TickState

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Shot:
    """What a page is taken for, fixed when the clerk presses P: the material (its code and name as
    shown then), the stored case (``case_id``; None for the draft on screen) and which draft."""

    code: str
    name: str
    case_id: str | None
    draft: int


class MaterialCapture(QObject):
    """Owned by the workspace panel; needs its ``ctx``, ``materials`` model, ``materials_view``,
    ``case_view``, ``_run`` / ``case_ops.run`` and ``_show_message`` / ``_show_error``."""

    busy_changed = Signal(bool)
    page_ready = Signal(str)                  # material code, after a page was taken (stored or pending)

    def __init__(self, panel):
        super().__init__(panel)
        self.panel = panel
        self.pending: list[tuple[str, object, str]] = []      # (material code, ProcessedPage, device)
        self._camera = None
        self._busy = False
        self._shot: Shot | None = None     # the page under way
        self._draft = 0                   # which draft is on screen: counted up when one is left
        self.action = QAction(self.tr("拍照（高拍仪）"), panel.materials_view)
        self.action.setObjectName("actPhotographMaterial")
        self.action.setShortcut(QKeySequence("P"))
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.action.triggered.connect(self.capture_current)
        panel.materials_view.add_row_action(self.action)
        panel.materials.modelReset.connect(self._drop_stale)
        panel.view_changed.connect(self._drop_if_another_case)

    @property
    def busy(self) -> bool:
        return self._busy

    def _set_busy(self, value: bool) -> None:
        if value != self._busy:
            self._busy = value
            self.busy_changed.emit(value)

    def _drop_stale(self) -> None:
        codes = {m.code for m in self.panel.materials.materials}
        self.pending = [p for p in self.pending if p[0] in codes]

    def clear(self) -> None:
        self.pending = []
        self._draft += 1

    def _drop_if_another_case(self) -> None:
        """Pages wait only for the draft they were taken for: once the workspace shows a stored case
        (another one opened, or the draft stored — then they were flushed already), none are left."""
        if self.panel.case_view is not None:
            self._draft += 1
        if self.pending and self.panel.case_view is not None:
            log.info("dropping %d unsaved material page(s): the workspace now shows case %s",
                     len(self.pending), self.panel.case_view.case.id)
            self.pending = []

    # --- GUI thread ----------------------------------------------------------------------
    def capture_current(self) -> bool:
        row = self.panel.materials_view.currentIndex().row()
        model = self.panel.materials
        if not 0 <= row < len(model.materials):
            self.panel._show_error(self.tr("请先选中要拍照的材料"))
            return False
        return self.capture(model.materials[row].code)

    def capture(self, material_code: str) -> bool:
        panel = self.panel
        if self._busy:
            panel._show_message(self.tr("正在拍照，请稍候"))
            return False
        if not panel.materials.editable:
            panel._show_error(self.tr("办件已受理，材料不能再更改"))
            return False
        cfg = panel.ctx.settings.camera
        if cfg.backend.value == "none":
            panel._show_error(self.tr("本窗口未配置高拍仪（设置 camera.backend）"))
            return False
        view = panel.case_view
        name = next((catalog_tr(m.name) for m in panel.materials.materials if m.code == material_code), material_code)
        shot = self._shot = Shot(material_code, name, view.case.id if view is not None else None, self._draft)
        self._set_busy(True)
        panel._show_message(self.tr("正在拍照……"))
        if cfg.backend.value == "qt":
            try:
                cam = self._qt_camera()
            except Exception as exc:  # CameraError: its Chinese message
                self._failed(exc)
                return False
            cam.request()
            return True
        from counter_app.devices.camera import open_camera
        from counter_app.ui.tasks import task_runner

        settings = panel.ctx.settings

        def take():
            cam = open_camera(settings)
            try:
                return self._process(cam.capture(cfg.timeout_seconds)), cam.describe(), shot
            finally:
                cam.close()

        task_runner().run(take, self._processed, self._failed, owner=self)
        return True

    def _qt_camera(self):
        if self._camera is None:
            from counter_app.ui.camera_backend import QtDocumentCamera

            self._camera = QtDocumentCamera(self.panel.ctx.settings.camera.device, self)
            self._camera.captured.connect(self._photo)
            self._camera.failed.connect(lambda text: self._failed(RuntimeError(text)))
        return self._camera

    def _photo(self, data: bytes) -> None:
        from counter_app.ui.tasks import task_runner

        device = self._camera.describe() if self._camera is not None else ""
        shot = self._shot
        if shot is None:          # no page was asked for
            self._set_busy(False)
            return
        task_runner().run(lambda: (self._process(data), device, shot), self._processed, self._failed, owner=self)

    def _process(self, photo: bytes):     # worker
        from counter_app.devices.camera.processing import process_page

        cfg = self.panel.ctx.settings.camera
        return process_page(photo, dpi=cfg.dpi, max_bytes=cfg.max_page_kb * 1024)

    def _processed(self, result) -> None:
        """The page is ready: stored with the case it was taken for (``shot.case_id``), or kept for
        the draft it was taken for when that draft is still on screen — never the case that happens
        to be on screen now."""
        page, device, shot = result
        code, name, for_case = shot.code, shot.name, shot.case_id
        panel = self.panel
        self._set_busy(False)
        size = self.tr("%1×%2，%3 dpi，%4 KB").replace("%1", str(page.width)).replace("%2", str(page.height)) \
            .replace("%3", str(page.dpi)).replace("%4", str(max(1, len(page.data) // 1024)))
        note = "" if page.page_found else self.tr("；未识别到页面边缘，保留了整幅画面，请核对")
        view = panel.case_view
        row = next((i for i, m in enumerate(panel.materials.materials) if m.code == code), None)
        if for_case is None and (view is not None or shot.draft != self._draft or row is None):
            log.info("a page taken for a draft no longer on screen was not kept")
            panel._show_error(self.tr("拍照时的办件已不在屏幕上，《%1》的这一页未保存，请重新拍照").replace("%1", name))
        elif for_case is not None:
            cid = for_case
            ctx = panel.ctx

            def body(c):
                from counter_app.workflows.materials import attach_material_page

                stored = attach_material_page(ctx.store, panel.workflow, c, code, page, clerk=ctx.actor,
                                              workstation_id=ctx.settings.office.workstation_id, device=device)
                return c, self.tr("《%1》第%2页已拍照保存（%3）").replace("%1", name).replace("%2", str(stored.page_no)) \
                    .replace("%3", size) + note

            panel._run(lambda: panel.case_ops.run(cid, body), for_case=cid)
        elif row is not None:
            self.pending.append((code, page, device))
            if panel.materials.states.get(code) is not TickState.present:
                panel.materials.set_state(row, TickState.present)
            count = sum(1 for p in self.pending if p[0] == code)
            panel._show_message(self.tr("《%1》第%2页已拍照（%3），受理审核时随办件保存").replace("%1", name)
                                .replace("%2", str(count)).replace("%3", size) + note)
        self.page_ready.emit(code)

    def _failed(self, exc) -> None:
        self._set_busy(False)
        from counter_app.ui.messages import plain_text

        if not getattr(exc, "message", None):
            log.warning("page capture failed: %r", exc)
        message = getattr(exc, "message", None) or plain_text(exc)
        hint = getattr(exc, "hint", "")
        self.panel._show_error(self.tr("拍照失败：%1").replace("%1", message + (hint or "")))

    # --- worker (inside the operation that stores the case) -----------------------------
    def flush(self, case_id: str) -> int:
        """Store the pages taken before the case existed; returns how many."""
        if not self.pending:
            return 0
        from counter_app.workflows.materials import attach_material_page

        ctx, pending = self.panel.ctx, list(self.pending)
        for code, page, device in pending:
            attach_material_page(ctx.store, self.panel.workflow, case_id, code, page, clerk=ctx.actor,
                                 workstation_id=ctx.settings.office.workstation_id, device=device)
            self.pending.remove((code, page, device))
        return len(pending)

    def attach_within(self, uow, cases, case_id: str) -> int:
        """The pages taken before the case existed, stored in the transaction that creates and accepts
        it (workflows.accept.accept_draft's ``during``); returns how many."""
        if not self.pending:
            return 0
        from counter_app.workflows.materials import attach_material_page

        ctx, pending = self.panel.ctx, list(self.pending)
        for code, page, device in pending:
            attach_material_page(ctx.store, cases, case_id, code, page, clerk=ctx.actor,
                                 workstation_id=ctx.settings.office.workstation_id, device=device, within=(uow, cases))
        self.pending.clear()        # written with the case (a rolled-back accept leaves them on screen: retake)
        return len(pending)

    def close(self) -> None:
        if self._camera is not None:
            self._camera.close()
