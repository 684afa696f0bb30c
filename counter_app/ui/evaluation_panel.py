"""定期评价 panel (7.5.2 定期开展服务质量评价): the office's figures of a period — 本月 / 上月 / 本季度 /
自定义 — by service or by clerk, as the centre computes them over every workstation of the office
(counter_app.workflows.evaluation). A supervisor's and an auditor's tab. Loaded on a worker (the task
runner) from the centre; offline the tab says the evaluation needs the centre. No applicant data:
service names, clerks' names (staff accounts) and figures.
"""

from __future__ import annotations

import logging
from datetime import date
from types import SimpleNamespace
from typing import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.ui.catalog_text import catalog_tr
from counter_app.ui.events import AppEvents
from counter_app.ui.panel_kit import add_panel_action, setup_list_table
from counter_app.ui.table_model import RowsTableModel
from counter_app.ui.tasks import task_runner

log = logging.getLogger(__name__)

PERIOD_NAMES = (("this_month", QT_TRANSLATE_NOOP("EvaluationPanel", "本月")),
                ("last_month", QT_TRANSLATE_NOOP("EvaluationPanel", "上月")),
                ("this_quarter", QT_TRANSLATE_NOOP("EvaluationPanel", "本季度")),
                ("custom", QT_TRANSLATE_NOOP("EvaluationPanel", "自定义")))
GROUP_NAMES = (("service", QT_TRANSLATE_NOOP("EvaluationPanel", "按事项")),
               ("clerk", QT_TRANSLATE_NOOP("EvaluationPanel", "按经办人")))


def _tr(text: object) -> str:
    """A word listed with QT_TRANSLATE_NOOP (context EvaluationPanel), in the UI's language."""
    return QCoreApplication.translate("EvaluationPanel", str(text))


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _count_rate(part: int, whole: int, rate: float | None) -> str:
    """``66.7%（2/3）`` (``66.7% (2/3)`` in English: the brackets are the template's), or — when there
    is nothing to count."""
    if rate is None:
        return "—"
    return _tr(QT_TRANSLATE_NOOP("EvaluationPanel", "%1（%2）")).replace("%2", f"{part}/{whole}").replace("%1", f"{rate:.1f}%")


class EvaluationModel(RowsTableModel):
    """One row per service or clerk, the total last."""

    COLUMNS = ("name", "accepted", "finished", "on_time", "returned", "ratings", "satisfied", "average",
               "dissatisfied", "tickets")
    ID_ATTR = "key"
    CELLS = {
        "name": lambda m, r: QCoreApplication.translate("EvaluationModel", "合计") if r.total else (
            f"{catalog_tr(r.label) if m.by == 'service' else r.label} ({r.key})" if r.label and r.label != r.key
            else r.key),
        "accepted": lambda m, r: str(r.accepted),
        "finished": lambda m, r: str(r.finished),
        "on_time": lambda m, r: _count_rate(r.on_time, r.timed, r.on_time_rate),
        "returned": lambda m, r: _count_rate(r.returned, r.decisions, r.return_rate),
        "ratings": lambda m, r: str(r.ratings),
        "satisfied": lambda m, r: _count_rate(r.satisfied, r.ratings, r.satisfaction_rate),
        "average": lambda m, r: "—" if r.rating_avg is None else f"{r.rating_avg:.2f}",
        "dissatisfied": lambda m, r: str(r.dissatisfied),
        "tickets": lambda m, r: f"{r.tickets_opened} / {r.tickets_closed} / {r.tickets_closed_on_time}",
    }

    def __init__(self, parent=None):
        super().__init__(parent)
        self.by = "service"

    def headers(self) -> tuple[str, ...]:
        return (self.tr("事项") if self.by == "service" else self.tr("经办人"), self.tr("受理"), self.tr("办结"),
                self.tr("按时办结率"), self.tr("退回率"), self.tr("评价数"), self.tr("满意率"), self.tr("平均分"),
                self.tr("差评"), self.tr("差评工单 新开/办结/按期办结"))


class EvaluationPanel(QWidget):
    """定期评价: a period, a grouping, the centre's table."""

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, ctx, events: AppEvents | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.events = events
        self.report = None
        self._message_words: Callable[[], str] | None = None
        self.period = QComboBox(self)
        self.period.setObjectName("evaluationPeriod")
        for key, _name in PERIOD_NAMES:
            self.period.addItem("", key)
        self.start = QDateEdit(self)
        self.end = QDateEdit(self)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        from counter_app.workflows.evaluation import beijing_today

        today = beijing_today()
        self.start.setDate(QDate(today.year, today.month, 1))
        self.end.setDate(QDate(today.year, today.month, today.day))
        self.by = QComboBox(self)
        self.by.setObjectName("evaluationGrouping")
        for key, _name in GROUP_NAMES:
            self.by.addItem("", key)
        self.show_button = QPushButton(self)
        self.period_label, self.to_label, self.by_label = QLabel(self), QLabel(self), QLabel(self)
        self.period_label.setBuddy(self.period)
        self.by_label.setBuddy(self.by)
        row = QHBoxLayout()
        for w in (self.period_label, self.period, self.start, self.to_label, self.end, self.by_label, self.by,
                  self.show_button):
            row.addWidget(w)
        row.addStretch(1)
        self.title = QLabel(self)
        self.title.setObjectName("evaluationTitle")
        self.title.setWordWrap(True)
        self.model = EvaluationModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("evaluationTable")
        setup_list_table(self.table, self.model)
        self.message = QLabel(self)
        self.message.setObjectName("evaluationMessage")
        self.message.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        column = QVBoxLayout(self)
        column.addLayout(row)
        column.addWidget(self.title)
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        column.addWidget(self.note)
        self.action_show = add_panel_action(self, ["Ctrl+Return", "Ctrl+Enter"], self.refresh, self.show_button, name="evaluationShow")
        self.period.currentIndexChanged.connect(self._period_changed)
        self.by.currentIndexChanged.connect(lambda _i: self.refresh())
        self._period_changed()
        self.retranslate()

    # ------------------------------------------------------------ words

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("定期评价"))
        for i, (_key, name) in enumerate(PERIOD_NAMES):
            self.period.setItemText(i, _tr(name))
        for i, (_key, name) in enumerate(GROUP_NAMES):
            self.by.setItemText(i, _tr(name))
        self.period_label.setText(self.tr("评价期间(&P)"))
        self.to_label.setText(self.tr("至"))
        self.by_label.setText(self.tr("分组(&G)"))
        self.show_button.setText(self.tr("查询"))
        self.show_button.setToolTip(self.tr("从中心取得本分局该期间的评价（Ctrl+Enter）"))
        self.note.setText(self.tr(
            "内部评价：受理、办结、按时办结率（办结日不晚于按办理时限、工作日计算的到期日）、退回率（材料不齐全退回占受理审核决定）、"
            "差评工单；外部评价：服务对象评价数、满意率（基本满意及以上）、平均分、差评（不满意、非常不满意）。"
            "期间按北京时间，含首尾两日；本分局全部工作站的数据，由中心汇总。"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.model.COLUMNS) - 1)
        self._show_title()
        if self._message_words is not None:
            self.message.setText(self._message_words())

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _say(self, text: "Callable[[], str]", *, failure: bool = True) -> None:
        """The message line: ``text`` a function wording it in the UI's language (again on a switch);
        ``failed`` emitted unless it is no ``failure``."""
        self._message_words = text
        self.message.setText(text())
        if failure:
            self.failed.emit(self.message.text())

    def _show_title(self) -> None:
        r = self.report
        if r is None:
            self.title.setText("")
            return
        self.title.setText(self.tr("%1 至 %2（%3 个工作站）").replace("%1", r.from_day).replace("%2", r.to_day)
                           .replace("%3", str(r.workstations))
                           + ("" if r.calendar_covers_period else
                              self.tr("；节假日日历未覆盖该期间，工作日按周一至周五计算")))

    # ------------------------------------------------------------ data

    def _period_changed(self, *_args) -> None:
        custom = self.period.currentData() == "custom"
        self.start.setEnabled(custom)
        self.end.setEnabled(custom)
        if not custom:
            self.refresh()

    def _client(self):
        from counter_app.app_context import auth_manager
        from counter_app.sync.client import CentralClient

        auth = auth_manager(self.ctx)
        user = auth.current_user()
        if not user or not auth.tokens(user).access_token():
            return None
        return CentralClient(self.ctx.settings.central.url, timeout=min(10.0, self.ctx.settings.central.timeout_seconds),
                             tokens=auth.tokens(user))

    def chosen_period(self):
        """The period chosen (counter_protocol.evaluation.Period); PeriodError for a bad custom one."""
        from counter_app.workflows.evaluation import period_of

        def day(edit: QDateEdit) -> date:
            d = edit.date()
            return date(d.year(), d.month(), d.day())

        return period_of(self.period.currentData(), start=day(self.start), end=day(self.end))

    def refresh(self) -> None:
        """Ask the centre for the chosen period's evaluation (on a worker)."""
        from counter_app.workflows.evaluation import office_evaluation
        from counter_protocol.evaluation import PeriodError

        try:
            period = self.chosen_period()
        except PeriodError as exc:
            from counter_app.ui.centre_words import centre_text

            refusal = str(exc)
            self._say(lambda: centre_text(refusal))
            return
        by = self.by.currentData()
        office = self.ctx.settings.office.code
        self.model.by = by
        self._say(lambda: self.tr("正在从中心取得评价…"), failure=False)
        task_runner().run(lambda: office_evaluation(self._client(), office, period, by), self._loaded,
                          self._task_failed, owner=self)

    def _loaded(self, report) -> None:
        self.report = report
        rows = [SimpleNamespace(**r.model_dump(), total=False) for r in report.rows]
        rows.append(SimpleNamespace(**report.total.model_dump(), total=True))
        self.model.by = report.by
        self.model.set_rows(rows)
        self._show_title()
        self._message_words = None
        self.message.setText("" if report.rows else self.tr("该期间本分局没有办件、评价或差评工单"))
        self.loaded.emit()

    def _task_failed(self, exc: BaseException) -> None:
        from counter_app.workflows.evaluation import NeedsCentre

        self.report = None
        self.model.set_rows([])
        self._show_title()
        if isinstance(exc, NeedsCentre):
            if exc.why == "offline":
                self._say(lambda: self.tr("定期评价由中心汇总本分局全部工作站的数据，须联网：本机未登录中心（离线）"))
            else:
                self._say(lambda: self.tr("定期评价由中心汇总本分局全部工作站的数据，须联网：中心暂时无法连接，请稍后再查询"))
            return
        log.warning("evaluation: %r", exc)
        from counter_app.ui.messages import plain_text

        self._say(lambda: plain_text(exc))
