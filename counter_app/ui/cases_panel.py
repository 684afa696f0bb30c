"""办件 panel: today's, open, returned and waiting cases; search by number, name or ID (shown masked).

Enter or a double-click opens the case in the workspace (``events.case_opened``). Every store
read runs on a worker (counter_app.ui.tasks); the list refreshes when a case changes.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.ui.catalog_text import catalog_tr
from counter_app.ui.events import AppEvents
from counter_app.ui.panel_kit import RefreshWhenShown, add_panel_action, setup_list_table
from counter_app.ui.table_model import RowsTableModel
from counter_app.ui.tasks import task_runner
from counter_app.ui.words import approval_text, escalation_name, word
from counter_protocol.clock import BEIJING

if TYPE_CHECKING:
    from counter_app.workflows.case_queries import CaseSummary

log = logging.getLogger(__name__)

# The list filters of counter_app.workflows.case_queries (FILTERS; a test keeps them equal). The
# query module needs SQLAlchemy, so it is imported on the worker that runs the query, not here.
FILTER_TODAY, FILTER_OPEN, FILTER_RETURNED, FILTER_WAITING, FILTER_ALL = FILTER_KEYS = (
    "today", "open", "returned", "waiting", "all")

# why a case waits (case_queries.WAIT_*, CaseSummary.waiting_kind; a test keeps them equal)
WAIT_APPROVAL, WAIT_PUBLICITY, WAIT_SHEET, WAIT_APPROVAL_STATUS = "approval", "publicity", "sheet", "approval_status"

SEARCH_DELAY_MS = 250
# rows per page of the list (更多 adds the next page): why a case waits is worked out per row shown
PAGE = 100

# the applicant types as the list names them (case_queries.APPLICANT_TYPE_NAMES, Chinese; a test keeps
# them listed), worded through tr() in the context CasesModel
KIND_WORDS = (QT_TRANSLATE_NOOP("CasesModel", "个人"), QT_TRANSLATE_NOOP("CasesModel", "单位"),
              QT_TRANSLATE_NOOP("CasesModel", "代办"), QT_TRANSLATE_NOOP("CasesModel", "遗属"))


class CasesModel(RowsTableModel):
    """Rows of :class:`CaseSummary` (names and IDs already masked by the query)."""

    COLUMNS = ("case_no", "service", "applicant", "id", "state", "updated")
    CaseIdRole = RowsTableModel.ID_ROLE

    def __init__(self, parent=None):
        super().__init__(parent)
        self._kind_names: dict[str, str] = {}

    def set_rows(self, rows: list[CaseSummary]) -> None:
        if rows and not self._kind_names:
            from counter_app.workflows.case_queries import APPLICANT_TYPE_NAMES  # loaded by the query

            self._kind_names = APPLICANT_TYPE_NAMES
        super().set_rows(rows)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("办件编号"), self.tr("事项"), self.tr("申请人"), self.tr("证件号码"), self.tr("状态"),
                self.tr("更新时间"))

    def applicant_text(self, r: CaseSummary) -> str:
        """「name（type）」 in the language of the UI (the masked name or the unit's name as it is)."""
        kind = self._kind_names.get(r.applicant_type, r.applicant_type)
        if kind in KIND_WORDS:
            kind = self.tr(kind)
        return self.tr("%1（%2）").replace("%2", kind).replace("%1", r.applicant) if r.applicant else kind

    CELLS = {
        "case_no": lambda m, r: r.case_no,
        "service": lambda m, r: catalog_tr(r.service_name),
        "applicant": lambda m, r: m.applicant_text(r),
        "id": lambda m, r: r.id_masked,
        "state": lambda m, r: " · ".join([word(r.state_label), *([waiting_text(r)] if r.waiting_kind else []),
                                          *([duplicate_text(r)] if r.duplicate_of else []),
                                          *([refused_text(r)] if r.certification_refused else [])]),
        # a case's times are the workstation's clock (cases.local_now, naive): shown in Beijing time
        "updated": lambda m, r: r.updated_at.astimezone(BEIJING).strftime("%m-%d %H:%M"),
    }
    TIPS = {"state": lambda m, r: " · ".join(x for x in (waiting_text(r), duplicate_text(r), refused_tip(r)) if x)}

    def data(self, index, role: int = Qt.ItemDataRole.DisplayRole):
        """A case whose certification the centre refused, not yet acknowledged: its row in red."""
        if role == Qt.ItemDataRole.ForegroundRole:
            row = self.row_at(index)
            return QColor("#b00020") if row is not None and row.certification_refused else None
        return super().data(index, role)


def duplicate_text(r: CaseSummary) -> str:
    """「中心发现重复受理：另一办件编号」 while the centre's 重复受理 of the case stands, in the language of
    the UI; "" when none does."""
    if not r.duplicate_of:
        return ""
    return QCoreApplication.translate("CaseWaiting", "中心发现重复受理：%1").replace(
        "%1", QCoreApplication.translate("CaseWaiting", "、").join(r.duplicate_of))


def refused_text(r: CaseSummary) -> str:
    """「资格认证被中心拒收，待确认」 while the centre's refusal of the case's certification is not
    acknowledged (``CaseSummary.certification_refused``); "" otherwise."""
    if not r.certification_refused:
        return ""
    return QCoreApplication.translate("CaseWaiting", "资格认证被中心拒收，待确认")


def refused_tip(r: CaseSummary) -> str:
    if not r.certification_refused:
        return ""
    return QCoreApplication.translate(
        "CaseWaiting", "中心拒收了本办件的资格认证结果：认证未生效，认证结果告知单已作废，请联系本人收回告知单，"
                       "然后选中本办件按 Ctrl+K 确认已知悉")


def waiting_text(r: CaseSummary) -> str:
    """Why the case waits (``CaseSummary.waiting_kind`` / ``waiting_arg``, data) in the language of the
    UI; the workflow's Chinese (``waiting``, case_queries.waiting_sentence) for anything not known here."""
    translate = QCoreApplication.translate
    if r.waiting_kind == WAIT_APPROVAL:
        from counter_app.domain.terms import Escalation

        action = escalation_name(Escalation(r.waiting_arg)) if r.waiting_arg in Escalation._value2member_map_ \
            else r.waiting_arg
        return translate("CaseWaiting", "等待主管审批：%1").replace("%1", action)
    if r.waiting_kind == WAIT_PUBLICITY:
        return (translate("CaseWaiting", "公示中（至%1）").replace("%1", r.waiting_arg) if r.waiting_arg
                else translate("CaseWaiting", "公示中"))
    if r.waiting_kind == WAIT_SHEET:
        return translate("CaseWaiting", "等待信息表")
    if r.waiting_kind == WAIT_APPROVAL_STATUS and r.waiting_approval is not None:
        return approval_text(r.waiting_approval)
    return r.waiting


class CasesPanel(QWidget):
    """办件: lists the cases of this counter and opens one in the workspace."""

    loaded = Signal()          # a refresh finished (tests wait on it)

    def __init__(self, ctx, events: AppEvents, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.events = events
        self.setObjectName("CasesPanel")
        self._generation = 0
        self._busy = False
        self._again = False
        self.model = CasesModel(self)

        self.filter_combo = QComboBox(self)
        self.filter_combo.setObjectName("casesFilter")
        for key in FILTER_KEYS:
            self.filter_combo.addItem("", key)
        self.search_edit = QLineEdit(self)
        self.search_edit.setObjectName("casesSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.filter_label = QLabel(self)
        self.filter_label.setBuddy(self.filter_combo)
        self.search_label = QLabel(self)
        self.search_label.setBuddy(self.search_edit)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("casesCount")
        self.more_button = QPushButton(self)
        self.more_button.setObjectName("casesMore")
        self.more_button.hide()
        self.more_button.clicked.connect(self.load_more)
        # 已知悉: a case whose certification the centre refused, selected (workflows.certification_refused)
        self.ack_button = QPushButton(self)
        self.ack_button.setObjectName("casesAcknowledgeRefusal")
        self.ack_button.hide()
        self._total: int | None = None     # the filter's true count (None: 等待中, or a search)
        self._more = False                 # the last page was full: there may be more

        self.table = QTableView(self)
        self.table.setObjectName("casesTable")
        setup_list_table(self.table, self.model)
        self.table.activated.connect(self._open_index)       # Enter / double-click
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_acknowledge())

        top = QHBoxLayout()
        top.addWidget(self.filter_label)
        top.addWidget(self.filter_combo)
        top.addSpacing(12)
        top.addWidget(self.search_label)
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.more_button)
        top.addWidget(self.ack_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        QWidget.setTabOrder(self.filter_combo, self.search_edit)
        QWidget.setTabOrder(self.search_edit, self.table)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _t: self._search_timer.start())
        self.search_edit.returnPressed.connect(self._search_and_advance)
        self.filter_combo.currentIndexChanged.connect(lambda _i: self.refresh())

        self._actions: list[QAction] = []
        self.action_find = self._action(QKeySequence.StandardKey.Find, self._focus_search)
        self.action_refresh = self._action(QKeySequence("Ctrl+R"), self.refresh)
        self.action_open = self._action(QKeySequence("Ctrl+O"), self.open_selected)
        self.action_acknowledge = add_panel_action(self, QKeySequence("Ctrl+K"), self.acknowledge_selected,
                                                   self.ack_button, name="actAcknowledgeRefusal")
        self._actions.append(self.action_acknowledge)
        self.filter_actions = [
            self._action(QKeySequence(f"Ctrl+{i + 1}"), lambda _=False, i=i: self.set_filter(self.filter_combo.itemData(i)))
            for i in range(self.filter_combo.count())
        ]
        self._on_change = RefreshWhenShown(self, self.refresh)
        events.case_changed.connect(self._on_change)
        self.retranslate()
        QTimer.singleShot(0, self.refresh)

    # --- actions -----------------------------------------------------------------------------
    def _action(self, shortcut, slot) -> QAction:
        action = add_panel_action(self, shortcut, slot)
        self._actions.append(action)
        return action

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("办件"))
        names = (self.tr("今日办件"), self.tr("办理中"), self.tr("材料不齐全（已退回）"),
                 self.tr("等待中（审批/公示/信息表）"), self.tr("全部办件"))
        for i, name in enumerate(names):
            self.filter_combo.setItemText(i, name)
            self.filter_actions[i].setText(self.tr("显示：%1").replace("%1", name))
        self.filter_label.setText(self.tr("筛选(&L)："))
        self.search_label.setText(self.tr("查找(&S)："))
        self.search_edit.setPlaceholderText(self.tr("办件编号、姓名或完整证件号码"))
        self.action_find.setText(self.tr("查找办件"))
        self.action_refresh.setText(self.tr("刷新办件列表"))
        self.action_open.setText(self.tr("在受理窗口中打开"))
        self.action_acknowledge.setText(self.tr("已知悉中心拒收资格认证（收回告知单）"))
        self.ack_button.setText(self.tr("已知悉拒收(&K)"))
        self.more_button.setText(self.tr("更多(&M)"))
        self._show_count()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.columnCount() - 1)
        if self.model.rowCount():         # the service names (catalog texts) in this language
            self.model.dataChanged.emit(self.model.index(0, 0),
                                        self.model.index(self.model.rowCount() - 1, self.model.columnCount() - 1))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- behaviour ---------------------------------------------------------------------------
    @property
    def current_filter(self) -> str:
        return self.filter_combo.currentData()

    def set_filter(self, key: str) -> None:
        index = self.filter_combo.findData(key)
        if index >= 0:
            if index == self.filter_combo.currentIndex():
                self.refresh()
            self.filter_combo.setCurrentIndex(index)
        self.table.setFocus()

    def set_search(self, text: str) -> None:
        self.search_edit.setText(text)
        self._search_now()

    def _search_and_advance(self) -> None:
        """Enter in the search field: search now and move to the list (Enter there opens the case)."""
        self._search_now()
        self.table.setFocus()

    def _search_now(self) -> None:
        self._search_timer.stop()
        self.refresh()

    def _focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def refresh(self) -> None:
        """Reload the list (its first page) on a worker; a refresh asked for while one runs follows it."""
        self._load(0)

    def load_more(self) -> None:
        """更多: the next page of the same filter and search, added below the rows shown."""
        if self._more:
            self._load(len(self.model.rows))

    def _load(self, offset: int) -> None:
        if self._busy:
            self._again = True
            return
        self._busy = True
        self._again = False
        ctx, key, text = self.ctx, self.current_filter, self.search_edit.text()
        self._generation += 1
        gen = self._generation

        def done(result: tuple[list[CaseSummary], int | None]) -> None:
            self._busy = False
            if gen == self._generation:
                rows, total = result
                selected = self.selected_case_id()
                self._total = total
                self.model.set_rows(self.model.rows + rows if offset else rows)
                # more to come: fewer rows shown than the true count, or (no count) a full page
                self._more = len(rows) >= PAGE if total is None else self.model.rowCount() < total
                self._reselect(selected)
                self._show_count()
                self._show_acknowledge()
            if self._again:
                self.refresh()
            else:
                self.loaded.emit()

        def failed(exc: BaseException) -> None:
            self._busy = False
            log.error("case list failed: %s", exc)
            from counter_app.ui.messages import plain_text

            self.events.message.emit(self.tr("办件列表读取失败：%1").replace("%1", plain_text(exc)))
            if self._again:
                self.refresh()
            else:
                self.loaded.emit()

        def load() -> tuple[list[CaseSummary], int | None]:
            store = ctx.store  # first: wait for the store (opening on another worker) without the GIL
            from counter_app.workflows.case_queries import count_cases, list_cases

            rows = list_cases(store, key, text, limit=PAGE, offset=offset)
            total = None if text.strip() else count_cases(store).get(key)
            return rows, total

        task_runner().run(load, done, failed, owner=self)

    def _show_count(self) -> None:
        shown = self.model.rowCount()
        if self._total is not None and self._total > shown:
            self.count_label.setText(self.tr("显示 %1 件，共 %2 件").replace("%1", str(shown))
                                     .replace("%2", str(self._total)))
        elif self._more:
            self.count_label.setText(self.tr("显示 %1 件，还有更多").replace("%1", str(shown)))
        else:
            self.count_label.setText(self.tr("共 %1 件").replace("%1", str(shown)))
        self.more_button.setVisible(self._more)

    def _reselect(self, case_id: str | None) -> None:
        for row, r in enumerate(self.model.rows):
            if r.id == case_id:
                self.table.selectRow(row)
                return
        if self.model.rows and self.table.hasFocus():
            self.table.selectRow(0)

    def selected_case_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.data(index.siblingAtColumn(0), CasesModel.CaseIdRole)

    def _open_index(self, index: QModelIndex) -> None:
        case_id = self.model.data(index.siblingAtColumn(0), CasesModel.CaseIdRole)
        if not case_id:
            return
        row = self.model.rows[index.row()] if 0 <= index.row() < len(self.model.rows) else None
        if row is not None and getattr(row, "moved_out", False):
            self._bring_back_and_open(case_id)
            return
        self.events.case_opened.emit(case_id)

    def _bring_back_and_open(self, case_id: str) -> None:
        """A case housekeeping moved out (已归档外移): back into the hot tables on a worker, then open it."""
        ctx = self.ctx

        def work() -> str | None:
            from counter_app.workflows.case_queries import bring_back

            # 审计 reads a moved-out case too; 外勤 alone or 系统管理 is refused (audited)
            return bring_back(ctx.store, case_id, actor=ctx.actor, roles=ctx.user.all_roles,
                              workstation_id=ctx.settings.office.workstation_id)

        def done(found: str | None) -> None:
            if found is None:
                self.events.message.emit(self.tr("该办件已不在归档外移表中，请重新检索"))
                self.refresh()
                return
            self.events.case_opened.emit(found)
            self.refresh()

        def failed(exc: BaseException) -> None:
            from counter_app.ui.messages import plain_text

            log.error("bringing back a moved-out case failed: %s", type(exc).__name__)
            self.events.message.emit(self.tr("取回归档外移的办件失败：%1").replace("%1", plain_text(exc)))

        task_runner().run(work, done, failed, owner=self)

    def selected_row(self) -> CaseSummary | None:
        index = self.table.currentIndex()
        return self.model.row_at(index) if index.isValid() else None

    def _show_acknowledge(self) -> None:
        """The 已知悉 button while a case whose refused certification waits for the clerk is selected,
        for an account that does the counter's business."""
        row = self.selected_row()
        able = row is not None and row.certification_refused and bool(self.ctx.user.does_counter_business)
        self.ack_button.setVisible(able)
        self.action_acknowledge.setEnabled(able)

    def acknowledge_selected(self) -> None:
        """Ctrl+K: the clerk confirms having read that the centre refused the selected case's
        certification and takes on recovering the voided notice (asked once)."""
        row = self.selected_row()
        if row is None or not row.certification_refused:
            return
        from counter_app.ui.dialogs import ConfirmDialog

        if ConfirmDialog.ask(self.tr("已知悉中心拒收资格认证"), self.tr(
                "中心拒收了办件 %1 的资格认证结果：认证未生效，认证结果告知单已作废。\n"
                "确认已知悉，并负责联系本人收回告知单吗？（以您的名义记入审计记录）").replace("%1", row.case_no), self):
            self.acknowledge(row.id)

    def acknowledge(self, case_id: str) -> None:
        """已知悉 of the case's refused certification, one workflow call on a worker (audited)."""
        ctx, events = self.ctx, self.events

        def work():
            from counter_app.app_context import case_workflow
            from counter_app.workflows.certification_refused import acknowledge_refusal

            return acknowledge_refusal(case_workflow(ctx), case_id)

        def done(refused) -> None:
            events.message.emit(self.tr("已确认：办件 %1 的资格认证被中心拒收，请联系本人收回认证结果告知单")
                                .replace("%1", refused.case_no))
            events.case_changed.emit(case_id)
            self.refresh()

        def failed(exc: BaseException) -> None:
            from counter_app.ui.messages import plain_text

            log.warning("acknowledging a refused certification failed: %s", type(exc).__name__)
            events.message.emit(self.tr("未能确认：%1").replace("%1", plain_text(exc)))
            self.refresh()

        task_runner().run(work, done, failed, owner=self)

    def open_selected(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self._open_index(index)

    def shutdown(self) -> None:
        self._search_timer.stop()
