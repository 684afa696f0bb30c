"""待同步 panel: the signed-in clerk's outbox entries with state, the centre's reason and what to do.

Retry selected entries, 立即同步 (one push + pull round on a worker), export the queue to a file
for the day the network never comes back. One clerk never sees another clerk's entries; payload
details are shown masked.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.outbox import OutboxState
from counter_app.ui.centre_words import centre_text
from counter_app.ui.events import AppEvents
from counter_app.ui.outbox_fields import FIELD_LABELS as FIELD_LABELS, field_label as field_label  # re-exported
from counter_app.ui.outbox_fields import field_lines, field_value as field_value
from counter_app.ui.panel_kit import RefreshWhenShown, add_panel_action, setup_list_table
from counter_app.ui.table_model import RowsTableModel
from counter_app.ui.tasks import task_runner
from counter_protocol.clock import BEIJING, beijing_text

log = logging.getLogger(__name__)


def _beijing(at: datetime) -> datetime:
    """A time the outbox stores (naive: UTC) in Beijing time, as the rest of the UI shows times."""
    return (at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)).astimezone(BEIJING)


STATE_NAMES = {  # same words as counter_app.sync.outbox.STATE_LABELS
    OutboxState.pending: QT_TRANSLATE_NOOP("OutboxPanel", "待发送"),
    OutboxState.sending: QT_TRANSLATE_NOOP("OutboxPanel", "发送中"),
    OutboxState.synced: QT_TRANSLATE_NOOP("OutboxPanel", "已同步"),
    OutboxState.rejected: QT_TRANSLATE_NOOP("OutboxPanel", "被拒绝"),
    OutboxState.conflict: QT_TRANSLATE_NOOP("OutboxPanel", "冲突"),
}
# a rejected field visit the laptop cleared (sync.outbox.CLEARED_LABELS): shown instead of 被拒绝
CLEARED_NAMES = {
    "expired": QT_TRANSLATE_NOOP("OutboxPanel", "已过期清除"),
    "superseded": QT_TRANSLATE_NOOP("OutboxPanel", "已被取代清除"),
}
KIND_NAMES = {
    "case.transition": QT_TRANSLATE_NOOP("OutboxPanel", "办件状态变更"),
    "case.step": QT_TRANSLATE_NOOP("OutboxPanel", "办理步骤"),
    "case.samecase": QT_TRANSLATE_NOOP("OutboxPanel", "办件登记到中心查重索引"),
    "case.rated": QT_TRANSLATE_NOOP("OutboxPanel", "服务评价"),
    "document.issued": QT_TRANSLATE_NOOP("OutboxPanel", "出具文书"),
    "document.reprinted": QT_TRANSLATE_NOOP("OutboxPanel", "补打文书"),
    "case.note": QT_TRANSLATE_NOOP("OutboxPanel", "办件备注"),
    "fingerprint.enrolled": QT_TRANSLATE_NOOP("OutboxPanel", "指纹采集"),
    "fingerprint.verified": QT_TRANSLATE_NOOP("OutboxPanel", "指纹核验"),
    "fingerprint.exemption_requested": QT_TRANSLATE_NOOP("OutboxPanel", "申请免采指纹"),
    "fingerprint.exemption_decided": QT_TRANSLATE_NOOP("OutboxPanel", "免采指纹审批"),
    "archive.filed": QT_TRANSLATE_NOOP("OutboxPanel", "归档"),
    "archive.package": QT_TRANSLATE_NOOP("OutboxPanel", "电子档案上传"),
    "field.visit_recorded": QT_TRANSLATE_NOOP("OutboxPanel", "上门认证记录"),
    "case.condition_override": QT_TRANSLATE_NOOP("OutboxPanel", "受理条件人工认定"),
    "case.step_approved": QT_TRANSLATE_NOOP("OutboxPanel", "步骤审批通过"),
    "material.captured": QT_TRANSLATE_NOOP("OutboxPanel", "材料影像采集"),
    "material.removed": QT_TRANSLATE_NOOP("OutboxPanel", "删除材料影像"),
    "document.signed": QT_TRANSLATE_NOOP("OutboxPanel", "文书签名确认"),
    "complaint.opened": QT_TRANSLATE_NOOP("OutboxPanel", "投诉登记"),
    "complaint.advanced": QT_TRANSLATE_NOOP("OutboxPanel", "投诉处理进展"),
    "approval.requested": QT_TRANSLATE_NOOP("OutboxPanel", "提请审批"),
    "approval.decided": QT_TRANSLATE_NOOP("OutboxPanel", "审批决定"),
    "approval.withdrawn": QT_TRANSLATE_NOOP("OutboxPanel", "撤回审批申请"),
    "certification.recorded": QT_TRANSLATE_NOOP("OutboxPanel", "资格认证记录"),
    "certification.home_visit_requested": QT_TRANSLATE_NOOP("OutboxPanel", "上门认证申请"),
}
# every kind the app enqueues has a name above (tests/ui/test_outbox_panel.py reads the calls)
AGGREGATE_NAMES = {
    "case": QT_TRANSLATE_NOOP("OutboxPanel", "办件"),
    "document": QT_TRANSLATE_NOOP("OutboxPanel", "文书"),
    "archive": QT_TRANSLATE_NOOP("OutboxPanel", "档案"),
    "field_visit": QT_TRANSLATE_NOOP("OutboxPanel", "上门认证"),
    "complaint": QT_TRANSLATE_NOOP("OutboxPanel", "投诉"),
    "approval": QT_TRANSLATE_NOOP("OutboxPanel", "审批"),
    "certification": QT_TRANSLATE_NOOP("OutboxPanel", "资格认证"),
}
SUPERVISOR_ROLES = ("supervisor", "admin")


def _tr(text: object) -> str:
    """A word listed with QT_TRANSLATE_NOOP (context OutboxPanel), in the UI's language."""
    return QCoreApplication.translate("OutboxPanel", str(text))


class ExportDialog:
    """导出待同步队列: where to write the file."""

    @classmethod
    def ask(cls, parent: QWidget | None = None, suggested: str = "") -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("OutboxPanel", "导出待同步队列"), suggested,
                                              QCoreApplication.translate("OutboxPanel", "待同步队列导出文件 (*.jsonl);;所有文件 (*)"))
        return Path(name) if name else None


class OutboxModel(RowsTableModel):
    COLUMNS = ("seq", "kind", "aggregate", "state", "attempts", "reason", "action", "updated")
    SeqRole = RowsTableModel.ID_ROLE
    ID_ATTR = "seq"

    def headers(self) -> tuple[str, ...]:
        return (self.tr("序号"), self.tr("内容"), self.tr("办件编号"), self.tr("状态"), self.tr("发送次数"),
                self.tr("中心答复"), self.tr("建议操作"), self.tr("更新时间"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.case_numbers: dict[int, str] = {}     # seq → 办件编号 (case_queries.outbox_case_numbers)

    def set_rows(self, rows, case_numbers: dict[int, str] | None = None) -> None:
        self.case_numbers = dict(case_numbers or {})
        super().set_rows(rows)

    def object_text(self, e) -> str:
        """The case number when known, else what the entry is about in words (no raw ids)."""
        if self.case_numbers.get(e.seq):
            return self.case_numbers[e.seq]
        name = AGGREGATE_NAMES.get(e.aggregate_type)
        return _tr(name) if name else e.aggregate_type

    @staticmethod
    def reason_tip(e) -> str:
        return (centre_text(e.reason or e.last_error or "")
                + ("\n" + centre_text(e.suggested_action) if e.suggested_action else ""))

    CELLS = {
        "seq": lambda m, e: str(e.seq),
        "kind": lambda m, e: _tr(KIND_NAMES[e.kind]) if e.kind in KIND_NAMES else e.kind,
        "aggregate": lambda m, e: m.object_text(e),
        "state": lambda m, e: _tr(CLEARED_NAMES[e.cleared] if getattr(e, "cleared", None) in CLEARED_NAMES
                                  else STATE_NAMES.get(e.state, e.state)),
        "attempts": lambda m, e: str(e.attempts),
        "reason": lambda m, e: centre_text(e.reason or e.last_error or ""),
        "action": lambda m, e: centre_text(e.suggested_action or ""),
        "updated": lambda m, e: _beijing(e.updated_at).strftime("%m-%d %H:%M:%S"),
    }
    TIPS = {"reason": lambda m, e: m.reason_tip(e), "action": lambda m, e: m.reason_tip(e)}


class OutboxPanel(QWidget):
    """待同步."""

    loaded = Signal()
    sync_finished = Signal(object)     # counter_app.sync.worker.SyncReport
    exported = Signal(int)             # how many entries were written
    retried = Signal(int)
    details_loaded = Signal()
    failed = Signal(str)

    def __init__(self, ctx, events: AppEvents, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.events = events
        self.setObjectName("OutboxPanel")
        self._gen = 0
        self._syncing = False
        self.model = OutboxModel(self)

        self.state_combo = QComboBox(self)
        self.state_combo.setObjectName("outboxState")
        self.state_combo.addItem("", "")
        for state in OutboxState.ALL:
            self.state_combo.addItem("", state)
        self.state_label = QLabel(self)
        self.state_label.setBuddy(self.state_combo)
        self.all_users_check = QCheckBox(self)
        self.all_users_check.setObjectName("outboxAllUsers")
        self.all_users_check.setVisible(ctx.user.role in SUPERVISOR_ROLES)
        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("outboxCounts")

        self.table = QTableView(self)
        self.table.setObjectName("outboxTable")
        setup_list_table(self.table, self.model, multi=True)
        # the centre's answer and what to do are the columns worth the width (elided, whole in
        # their tooltip); the short ones, the time last among them, fit their text
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        for column in ("reason", "action"):
            header.setSectionResizeMode(OutboxModel.COLUMNS.index(column), QHeaderView.ResizeMode.Stretch)
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("outboxDetails")
        self.details.setReadOnly(True)

        self.retry_button = QPushButton(self)
        self.sync_button = QPushButton(self)
        self.export_button = QPushButton(self)

        top = QHBoxLayout()
        top.addWidget(self.state_label)
        top.addWidget(self.state_combo)
        top.addWidget(self.all_users_check)
        top.addStretch(1)
        top.addWidget(self.counts_label)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        buttons = QHBoxLayout()
        for b in (self.retry_button, self.sync_button, self.export_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        for before, after in ((self.state_combo, self.all_users_check), (self.all_users_check, self.table),
                              (self.table, self.retry_button), (self.retry_button, self.sync_button),
                              (self.sync_button, self.export_button), (self.export_button, self.details)):
            QWidget.setTabOrder(before, after)

        self.action_retry = add_panel_action(self, "Ctrl+R", self.retry_selected, self.retry_button)
        self.action_sync = add_panel_action(self, "Ctrl+Shift+S", self.sync_now, self.sync_button)
        self.action_export = add_panel_action(self, "Ctrl+E", self.export, self.export_button)
        self.action_filter = add_panel_action(self, "Ctrl+L", self.state_combo.setFocus)
        self.action_problems = add_panel_action(self, "Ctrl+Shift+R", lambda: self.set_state_filter(OutboxState.rejected))

        self.state_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.all_users_check.toggled.connect(lambda _on: self.refresh())
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_details(cur))
        self.failed.connect(events.message)
        self._on_change = RefreshWhenShown(self, self.refresh)
        events.outbox_changed.connect(self._on_change)
        events.case_changed.connect(self._on_change)
        self.retranslate()
        QTimer.singleShot(0, self.refresh)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("待同步"))
        self.state_label.setText(self.tr("状态(&T)："))
        self.state_combo.setItemText(0, self.tr("全部"))
        for i, state in enumerate(OutboxState.ALL, start=1):
            self.state_combo.setItemText(i, _tr(STATE_NAMES[state]))
        self.all_users_check.setText(self.tr("显示本机全部经办人"))
        for action, button, text in ((self.action_retry, self.retry_button, self.tr("重试选中")),
                                     (self.action_sync, self.sync_button, self.tr("立即同步")),
                                     (self.action_export, self.export_button, self.tr("导出队列…"))):
            action.setText(text)
            button.setText(f"{text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        self.action_filter.setText(self.tr("按状态筛选"))
        self.action_problems.setText(self.tr("只看被拒绝的"))
        self.details.setPlaceholderText(self.tr("选中一条记录查看内容（个人信息已遮蔽）"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- list ------------------------------------------------------------------------------
    @property
    def actor_filter(self) -> str | None:
        """Whose entries are shown: the signed-in clerk's (a supervisor may ask for all)."""
        if self.all_users_check.isChecked() and self.ctx.user.role in SUPERVISOR_ROLES:
            return None
        return self.ctx.actor

    def set_state_filter(self, state: str) -> None:
        self.state_combo.setCurrentIndex(self.state_combo.findData(state))
        self.table.setFocus()

    def _repo(self):
        """The outbox repository (SQLAlchemy, the store): call it inside worker functions."""
        return _outbox_repository(self.ctx)

    def refresh(self) -> None:
        ctx, state, actor = self.ctx, self.state_combo.currentData(), self.actor_filter
        self._gen += 1
        gen = self._gen

        def load():  # worker: the store may still be opening
            from counter_app.workflows.case_queries import outbox_case_numbers

            repo = _outbox_repository(ctx)
            rows = repo.list_entries([state] if state else None, actor=actor)
            return rows, repo.counts(actor=actor), outbox_case_numbers(ctx.store, rows)

        def done(result) -> None:
            if gen != self._gen:
                return
            rows, counts, numbers = result
            keep = self.selected_seqs()
            self.model.set_rows(rows, numbers)
            for row, e in enumerate(rows):
                if e.seq in keep:
                    self.table.selectRow(row)
            self.counts_label.setText("  ".join(
                f"{_tr(STATE_NAMES[s])} {counts.get(s, 0)}" for s in OutboxState.ALL))
            self.loaded.emit()

        def failed(exc: BaseException) -> None:
            self._fail(self.tr("待同步队列读取失败"), exc)
            self.loaded.emit()

        task_runner().run(load, done, failed, owner=self)

    def selected_seqs(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r].seq for r in rows if r < len(self.model.rows)]

    def _show_details(self, index: QModelIndex) -> None:
        if not index.isValid() or index.row() >= len(self.model.rows):
            self.details.clear()
            return
        ctx, seq = self.ctx, self.model.rows[index.row()].seq

        def done(d) -> None:
            self.details.setPlainText("" if d is None else self.details_text(d))
            self.details_loaded.emit()

        def load():
            from counter_app.workflows.case_queries import outbox_entry_details

            return outbox_entry_details(ctx.store, seq)

        task_runner().run(load, done,
                          lambda exc: self._fail(self.tr("读取记录内容失败"), exc), owner=self)

    def details_text(self, d: dict) -> str:
        """One entry in words: what, which case, state, the centre's reason and what to do, when;
        then the (masked) content as label：value lines."""
        kind = _tr(KIND_NAMES[d["kind"]]) if d["kind"] in KIND_NAMES else d["kind"]
        lines = [self.tr("内容：%1").replace("%1", kind)]
        if d.get("case_no"):
            lines.append(self.tr("办件编号：%1").replace("%1", d["case_no"]))
        lines.append(self.tr("状态：%1（已发送 %2 次）").replace("%1", _tr(STATE_NAMES.get(d["state"], d["state"])))
                     .replace("%2", str(d.get("attempts", 0))))
        if d.get("reason"):
            lines.append(self.tr("中心答复：%1").replace("%1", centre_text(d["reason"])))
        if d.get("suggested_action"):
            lines.append(self.tr("建议操作：%1").replace("%1", centre_text(d["suggested_action"])))
        if d.get("last_error"):
            lines.append(self.tr("上次发送：%1").replace("%1", centre_text(d["last_error"])))
        if d.get("held"):
            lines.append(self.tr("负责人在撤回送达中心之前已作出决定：决定未自动执行，请在办件中确认（Ctrl+Shift+W）"
                                 "执行该决定或维持撤回；维持撤回后如仍需办理，须重新提出审批申请，请负责人再次审批"))
        done = d.get("reconciled")
        if done:
            # an on-site decision the centre refused, undone here (workflows.approval_sync)
            from counter_app.ui.words import state_name

            lines.append(self.tr("已按中心处理：这次现场授权未生效，审批申请已恢复为待审批，可由负责人重新审批"))
            if done.get("state"):
                lines.append(self.tr("办件已恢复为中心所存的状态「%1」").replace("%1", state_name(done["state"])))
            if done.get("voided"):
                lines.append(self.tr("按该决定出具的决定书（文号 %1）已作废，须向申请人收回；不要重试这条记录")
                             .replace("%1", "、".join(done["voided"])))
            else:
                lines.append(self.tr("不要重试这条记录：请负责人重新审批"))
        refused = d.get("certification_refused")
        if refused:
            # a window certification the centre refused, followed here (workflows.certification_refused)
            lines.append(self.tr("已按中心处理：资格认证未生效，办件 %1 的认证步骤已记为未能完成")
                         .replace("%1", refused.get("case_no") or ""))
            lines.append(self.tr("认证结果告知单（文号 %1）已作废，须向本人收回告知单；不要重试这条记录")
                         .replace("%1", "、".join(n for n in refused.get("voided") or [] if n) or self.tr("未编号")))
        lines.append(self.tr("生成时间：%1　更新时间：%2")          # stored in UTC: Beijing time, as everywhere
                     .replace("%1", beijing_text(d["created_at"])).replace("%2", beijing_text(d["updated_at"])))
        lines.append(self.tr("经办人：%1　记录编号：%2").replace("%1", d["actor"]).replace("%2", d["id"]))
        lines += ["", self.tr("记录内容（个人信息已遮蔽）：")]
        lines += ["  " + line for line in field_lines(d)]
        return "\n".join(lines)

    def _fail(self, what: str, exc: BaseException) -> None:
        from counter_app.ui.messages import plain_text

        log.warning("%s: %s", what, exc)
        self.failed.emit(plain_text(exc, what))

    # --- actions ---------------------------------------------------------------------------
    def retry_selected(self) -> bool:
        """Send the selected entries again (a rejected one is judged afresh under a new key)."""
        chosen = set(self.selected_seqs())
        ids = [e.id for e in self.model.rows if e.seq in chosen and e.state != OutboxState.synced]
        if not ids:
            self.failed.emit(self.tr("请选择尚未同步的记录"))
            return False
        ctx = self.ctx

        def work():
            repo = _outbox_repository(ctx)
            done, problems = 0, []
            for entry_id in ids:
                try:
                    repo.retry(entry_id)
                    done += 1
                except Exception as exc:  # OutboxError: the clerk's message
                    from counter_app.ui.messages import plain_text

                    log.warning("retry of %s failed: %s", entry_id, exc)
                    problems.append(plain_text(exc))
            return done, problems

        def finished(result) -> None:
            n, problems = result
            if problems:
                self.failed.emit("；".join(problems))
            else:
                self.events.message.emit(self.tr("已重新排队 %1 条，将在下次同步时发送").replace("%1", str(n)))
            self.events.outbox_changed.emit()
            self.retried.emit(n)

        task_runner().run(work, finished, lambda exc: self._fail(self.tr("重试失败"), exc), owner=self)
        return True

    def sync_now(self) -> bool:
        """立即同步: one round with the central service on a worker; the status bar follows."""
        if self._syncing:
            self.failed.emit(self.tr("正在同步，请稍候"))
            return False
        self._syncing = True
        self.sync_button.setEnabled(False)
        from counter_app.app_context import sync_round

        ctx = self.ctx

        def done(report) -> None:
            self._syncing = False
            self.sync_button.setEnabled(True)
            if report.needs_login:
                self._set_online(False)
                self.failed.emit(self.tr("尚未联网登录中心服务，请先登录后再同步"))
            else:
                self._set_online(bool(report.online) and not report.error, clock_skew=bool(report.clock_skewed))
                if report.error:
                    self.failed.emit(self.tr("同步未完成：%1").replace("%1", centre_text(str(report.error))))
                elif report.skipped:
                    self.failed.emit(str(report.skipped))
                else:
                    text = self.tr("同步完成：已同步 %1 条，被拒绝 %2 条，冲突 %3 条")
                    text = (text.replace("%1", str(report.synced)).replace("%2", str(report.rejected))
                            .replace("%3", str(report.conflict)))
                    if getattr(report, "unanswered", 0):
                        text += self.tr("；中心未答复其中 %1 条，下次再发").replace("%1", str(report.unanswered))
                    self.events.message.emit(text)
            self.events.outbox_changed.emit()
            self.sync_finished.emit(report)

        def failed(exc) -> None:
            self._syncing = False
            self.sync_button.setEnabled(True)
            self._set_online(False)
            self._fail(self.tr("同步失败"), exc)
            self.events.outbox_changed.emit()

        task_runner().run(lambda: sync_round(ctx), done, failed, owner=self)
        return True

    def _set_online(self, online: bool, **more) -> None:
        """The status bar's 在线 / 离线 after a sync round (MainWindow.status)."""
        status = getattr(self.window(), "status", None)
        if status is not None and hasattr(status, "update_info"):
            status.update_info(online=online, **more)

    def export(self) -> bool:
        """导出待同步队列 to a file chosen by the clerk (entries stay queued)."""
        ws = self.ctx.settings.office.workstation_id
        suggested = str(Path.home() / f"outbox-{ws}-{datetime.now():%Y%m%d-%H%M}.jsonl")
        path = ExportDialog.ask(self, suggested)
        if path is None:
            return False
        ctx = self.ctx

        def work() -> int:
            from counter_app.sync.export import export_queue

            return export_queue(ctx.store, path, ws, ctx.settings.central.export_public_key)

        def done(n: int) -> None:
            from counter_app.ui.audit_trail import audit

            audit(ctx, action="export", object_type="outbox", object_id=str(path), detail=f"导出 {n} 条未同步记录",
                  on_lost=self.events.message.emit)
            self.events.message.emit(self.tr("已导出 %1 条待同步记录到 %2").replace("%1", str(n)).replace("%2", str(path)))
            self.exported.emit(n)

        task_runner().run(work, done, lambda exc: self._fail(self.tr("导出失败"), exc), owner=self)
        return True

    def shutdown(self) -> None:
        pass


def _outbox_repository(ctx):
    """counter_app.app_context.outbox; blocking (imports, the store): worker threads only."""
    ctx.open_store()  # waits for the store first (opening on another worker), then imports
    from counter_app.app_context import outbox

    return outbox(ctx)
