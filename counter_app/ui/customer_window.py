"""客户显示屏: the applicant's view on a second screen — what is being recorded, then the rating.

Shows the service, the applicant's masked name and ID, the materials received and missing, and
the outcome, updated on ``events.case_changed``. At the end of the service it asks for the
service rating (服务质量评价, 7.5.2: 服务对象满意测评) with five big buttons or the keys 1–5;
the rating is stored with the case through ``CaseWorkflow.rate``, which writes its outbox entry
(``case.rated``) in the same transaction, so it is synced with the case.

The five levels (非常满意 … 非常不满意) are those the issue names; 7.5.2 itself only requires a
满意测评. Key 1 is the left-most button (非常满意, stored as 5) … key 5 非常不满意 (stored as 1).
不满意 and 非常不满意 then ask the reason (five buttons, keys 1–5, Esc back): the rating is stored
with it and opens a 差评工单 for the supervisor (counter_app.workflows.complaints).
"""

from __future__ import annotations

import logging
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.complaints import REASONS as COMPLAINT_REASONS
from counter_app.ui.events import AppEvents
from counter_app.ui.tasks import task_runner

log = logging.getLogger(__name__)

# (score stored with the case, label) in the order shown; key N presses the N-th button.
RATINGS = ((5, "非常满意"), (4, "满意"), (3, "基本满意"), (2, "不满意"), (1, "非常不满意"))
# states in which the applicant leaves the window: the rating is asked for by itself
# the service ended: 办结 and 归档 now come with the last step when nothing is left to decide, so an
# archived case the applicant has not rated is asked about too (each case once per session)
ASK_RATING_STATES = ("returned", "rejected", "completed", "denied", "archived")
BACK_TO_IDLE_MS = 10000
# what the window shows, as agreed with WorkspacePanel.customer_view_data() (see its docstring):
# plain strings, or lists of strings
SHOWN_TEXT_KEYS = ("service_name", "applicant", "id_masked", "outcome")
SHOWN_LIST_KEYS = ("received", "missing")


def shown_fields(data: dict) -> dict:
    """The fields of ``data`` the window shows, only when they have the agreed types (a wrong
    type — a code table, a dict — is dropped rather than shown as its repr)."""
    out: dict = {}
    for k in SHOWN_TEXT_KEYS:
        if isinstance(data.get(k), str):
            out[k] = data[k]
    for k in SHOWN_LIST_KEYS:
        v = data.get(k)
        if isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v):
            out[k] = list(v)
    return out

PAGE_IDLE, PAGE_CASE, PAGE_RATING, PAGE_THANKS, PAGE_REASON = range(5)


def _screens():
    return QGuiApplication.screens()


def customer_screen(clerk_screen=None):
    """The screen for the customer: one that is not the clerk's (the secondary monitor facing the
    applicant), or None on a one-screen workstation."""
    screens = _screens()
    if len(screens) < 2:
        return None
    clerk_screen = clerk_screen or QGuiApplication.primaryScreen()
    others = [s for s in screens if s is not clerk_screen]
    return others[0] if others else None


class CustomerWindow(QWidget):
    """The customer-facing window (no parent: a top-level window of its own)."""

    shown_case = Signal(str)          # a case's data is on screen
    rating_requested = Signal(str)
    rated = Signal(str, int)          # case id, score (5 = 非常满意)
    failed = Signal(str)

    def __init__(self, ctx, events: AppEvents, provider: Callable[[], dict | None] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self._main: QWidget | None = None     # the clerk's window (its screen is not the customer's)
        self.ctx = ctx
        self.events = events
        self.provider = provider
        self.setObjectName("CustomerWindow")
        # showing the applicant's screen never takes the keyboard from the clerk
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_QuitOnClose, False)
        self.case_id: str | None = None
        self.view: dict = {}
        self._asked: set[str] = set()       # cases whose rating was asked (or skipped) already
        self._gen = 0
        self._rating_busy = False
        self._ask_after_load: str | None = None
        self._quiet: str | None = None      # our own late rating's case_changed: not a case to show

        self.stack = QStackedWidget(self)
        # idle
        self.idle_label = QLabel(self)
        self.idle_label.setObjectName("customerIdle")
        self.idle_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.idle_label)
        # case
        case_page = QWidget(self)
        self.service_label = QLabel(case_page)
        self.service_label.setObjectName("customerService")
        self.applicant_label = QLabel(case_page)
        self.applicant_label.setObjectName("customerApplicant")
        self.received_title = QLabel(case_page)
        self.missing_title = QLabel(case_page)
        self.received_list = QListWidget(case_page)
        self.received_list.setObjectName("customerReceived")
        self.missing_list = QListWidget(case_page)
        self.missing_list.setObjectName("customerMissing")
        for w in (self.received_list, self.missing_list):
            w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            w.setSelectionMode(QListWidget.SelectionMode.NoSelection)
            # long material names wrap; no sideways scrolling on the applicant's screen
            w.setWordWrap(True)
            w.setResizeMode(QListWidget.ResizeMode.Adjust)
            w.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.outcome_label = QLabel(case_page)
        self.outcome_label.setObjectName("customerOutcome")
        self.outcome_label.setWordWrap(True)
        grid = QGridLayout(case_page)
        grid.addWidget(self.service_label, 0, 0, 1, 2)
        grid.addWidget(self.applicant_label, 1, 0, 1, 2)
        grid.addWidget(self.received_title, 2, 0)
        grid.addWidget(self.missing_title, 2, 1)
        grid.addWidget(self.received_list, 3, 0)
        grid.addWidget(self.missing_list, 3, 1)
        grid.addWidget(self.outcome_label, 4, 0, 1, 2)
        self.stack.addWidget(case_page)
        # rating
        self.rating_question, self.rating_buttons, self.skip_button = self._choice_page(
            "rate", [lambda _=False, s=score: self.rate(s) for score, _label in RATINGS], self.skip_rating)
        # thanks
        self.thanks_label = QLabel(self)
        self.thanks_label.setObjectName("customerThanks")
        self.thanks_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.thanks_label)
        # the reason of a 不满意 / 非常不满意 (差评 needs its reason)
        self.reason_question, self.reason_buttons, self.reason_back = self._choice_page(
            "reason", [lambda _=False, k=key: self.give_reason(k) for key in range(1, len(COMPLAINT_REASONS) + 1)],
            self._back_to_rating)
        self._pending_score: int | None = None

        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)
        for label in self.findChildren(QLabel):
            label.setWordWrap(True)
        self.setStyleSheet(
            "#CustomerWindow QLabel { font-size: 22pt; }"
            "#customerService { font-size: 30pt; font-weight: bold; }"
            "#customerQuestion, #customerThanks, #customerIdle { font-size: 34pt; }"
            "#CustomerWindow QListWidget { font-size: 20pt; }"
            "#CustomerWindow QPushButton { font-size: 24pt; }"
        )
        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.setInterval(BACK_TO_IDLE_MS)
        self._idle_timer.timeout.connect(self.show_idle)

        events.case_opened.connect(self.show_case)
        events.case_changed.connect(self._on_case_changed)
        self.retranslate()

    def _choice_page(self, name: str, actions: list, escape) -> tuple[QLabel, list[QPushButton], QPushButton]:
        """A page of the stack: a question over a row of large buttons (``{name}1`` … for the
        number keys, each calling its action) and one button at the bottom right (``escape``:
        skip, or back). Returns the question label, the row's buttons and that button; their
        texts are set by ``retranslate``."""
        page = QWidget(self)
        question = QLabel(page)
        question.setObjectName("customerQuestion")
        question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons: list[QPushButton] = []
        row = QHBoxLayout()
        for key, action in enumerate(actions, start=1):
            b = QPushButton(page)
            b.setObjectName(f"{name}{key}")
            b.setMinimumSize(120, 100)
            b.clicked.connect(action)
            buttons.append(b)
            row.addWidget(b)
        other = QPushButton(page)
        other.clicked.connect(escape)
        column = QVBoxLayout(page)
        column.addStretch(1)
        column.addWidget(question)
        column.addLayout(row)
        column.addWidget(other, 0, Qt.AlignmentFlag.AlignRight)
        column.addStretch(1)
        self.stack.addWidget(page)
        return question, buttons, other

    # --- text ------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("客户显示屏"))
        office = self.ctx.settings.office
        self.idle_label.setText(self.tr("欢迎光临 %1 第%2号窗口").replace("%1", office.name)
                                .replace("%2", str(office.window_number)))
        self.received_title.setText(self.tr("已收材料"))
        self.missing_title.setText(self.tr("尚缺或需补正的材料"))
        self.rating_question.setText(self.tr("请您对本次服务进行评价"))
        labels = (self.tr("非常满意"), self.tr("满意"), self.tr("基本满意"), self.tr("不满意"), self.tr("非常不满意"))
        for key, (b, label) in enumerate(zip(self.rating_buttons, labels, strict=False), start=1):
            b.setText(f"{key}\n{label}")
        self.skip_button.setText(self.tr("暂不评价 (Esc)"))
        self.thanks_label.setText(self.tr("感谢您的评价！"))
        self.reason_question.setText(self.tr("很抱歉！请告诉我们不满意的原因，我们将尽快核实整改并回复您"))
        names = (self.tr("等候时间长"), self.tr("服务态度"), self.tr("办理结果"), self.tr("材料要求说明不清"), self.tr("其他"))
        for key, (b, name) in enumerate(zip(self.reason_buttons, names, strict=False), start=1):
            b.setText(f"{key}\n{name}")
        self.reason_back.setText(self.tr("返回重新评价 (Esc)"))
        if self.view:
            self._render(self.view)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- placement -------------------------------------------------------------------------
    def place(self) -> bool:
        """Full screen and frameless on a screen other than the clerk's when there is one; else a
        normal window. True when it went to a screen of its own."""
        screen = customer_screen(self._main.screen() if self._main is not None else None)
        if screen is not None:
            self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
            self.showFullScreen()
            return True
        if self.isFullScreen():
            self.showNormal()
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, False)
        self.resize(900, 600)
        self.show()
        return False

    def follow(self, main_window: QWidget) -> None:
        """Close together with the clerk's window; move when a screen is plugged in or removed."""
        self._main = main_window
        main_window.installEventFilter(self)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):     # always while a window exists (instance() is typed QCoreApplication)
            app.screenAdded.connect(self._screens_changed)
            app.screenRemoved.connect(self._screens_changed)

    def _screens_changed(self, *_args) -> None:
        if self.isVisible():
            QTimer.singleShot(0, self.place)      # after Qt moved the windows of a removed screen

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.Hide and not event.spontaneous() and isinstance(obj, QWidget) and obj.isWindow()
                and not obj.isVisible()):
            self.close()
        return False

    # --- data ------------------------------------------------------------------------------
    @property
    def page(self) -> int:
        return self.stack.currentIndex()

    def show_idle(self) -> None:
        self.case_id = None
        self.view = {}
        self.stack.setCurrentIndex(PAGE_IDLE)

    def _on_case_changed(self, case_id: str) -> None:
        if case_id == self._quiet:
            return
        if self.page == PAGE_THANKS and case_id == self.case_id:
            return
        self.show_case(case_id)

    def show_case(self, case_id: str) -> None:
        """Read the case on a worker and show it (and ask for the rating when the service ends)."""
        if not case_id:
            self.show_idle()
            return
        if case_id != self.case_id:
            self._idle_timer.stop()
            if self._ask_after_load != case_id:
                self._ask_after_load = None
            if self.page in (PAGE_RATING, PAGE_REASON, PAGE_CASE):
                # another applicant's case: an unanswered rating prompt (or the last case) must not
                # stay over it — nothing is recorded for the prompt that was not answered
                self.view = {}
                self.stack.setCurrentIndex(PAGE_IDLE)
        self.case_id = case_id
        self._gen += 1
        gen = self._gen
        ctx = self.ctx

        def load() -> dict:  # worker: the store may still be opening
            from counter_app.workflows.case_queries import customer_view

            return customer_view(ctx.store, case_id).as_dict()

        def done(view: dict) -> None:
            if gen != self._gen:
                return
            live = self.provider() if self.provider is not None else None
            if isinstance(live, dict) and live.get("case_id") == case_id:
                view.update(shown_fields(live))
            self.view = view
            self._render(view)
            self.shown_case.emit(case_id)
            if self._ask_after_load == case_id:
                self._ask_after_load = None
                self.ask_rating(case_id)
            elif (view.get("state") in ASK_RATING_STATES and view.get("rateable") and view.get("rating") is None
                    and case_id not in self._asked):
                self.ask_rating()

        task_runner().run(load, done, lambda exc: self._fail(self.tr("读取办件失败"), exc), owner=self)

    def _render(self, view: dict) -> None:
        v = shown_fields(view)
        self.service_label.setText(v.get("service_name", ""))
        who = v.get("applicant", "")
        ident = v.get("id_masked", "")
        self.applicant_label.setText(self.tr("申请人：%1　证件号码：%2").replace("%1", who or "-").replace("%2", ident or "-"))
        self.received_list.clear()
        self.received_list.addItems([f"✓ {x}" for x in v.get("received", [])])
        self.missing_list.clear()
        self.missing_list.addItems([f"✗ {x}" for x in v.get("missing", [])])
        self.outcome_label.setText(v.get("outcome", ""))
        if self.page not in (PAGE_RATING, PAGE_REASON):
            self.stack.setCurrentIndex(PAGE_CASE)

    # --- rating (7.5.2) --------------------------------------------------------------------
    def ask_rating(self, case_id: str | None = None) -> bool:
        """Show the five rating buttons for the case (the workspace may call this at 结束服务)."""
        case_id = case_id or self.case_id
        if not case_id:
            return False
        if case_id != self.case_id or self.view.get("case_id") != case_id:
            self._ask_after_load = case_id
            self.show_case(case_id)
            return True
        if not self.view.get("rateable"):
            self.failed.emit(self.tr("办件尚未完成受理审核，暂不能评价"))
            return False
        if self.view.get("rating") is not None:
            self.failed.emit(self.tr("本办件已评价"))
            return False
        self._asked.add(case_id)
        self._idle_timer.stop()
        self.stack.setCurrentIndex(PAGE_RATING)
        self.rating_buttons[0].setFocus()
        self.rating_requested.emit(case_id)
        return True

    def skip_rating(self) -> None:
        if self.page == PAGE_RATING:
            self.stack.setCurrentIndex(PAGE_CASE)

    def give_reason(self, key: int) -> None:
        """The reason of the 不满意 / 非常不满意 just given (key 1–5 / its button)."""
        if self.page != PAGE_REASON or self._pending_score is None or not 1 <= key <= len(COMPLAINT_REASONS):
            return
        self.rate(self._pending_score, COMPLAINT_REASONS[key - 1])

    def _back_to_rating(self) -> None:
        if self.page == PAGE_REASON:
            self._pending_score = None
            self.stack.setCurrentIndex(PAGE_RATING)
            self.rating_buttons[0].setFocus()

    def rate(self, score: int, reason: str = "") -> None:
        if self.page not in (PAGE_RATING, PAGE_REASON) or not self.case_id or self._rating_busy:
            return
        from counter_app.domain.complaints import needs_ticket

        if needs_ticket(score) and not reason:
            self._pending_score = score            # 差评: the reason first (it opens a complaint ticket)
            self.stack.setCurrentIndex(PAGE_REASON)
            self.reason_buttons[0].setFocus()
            return
        from counter_app.app_context import case_workflow

        case_id, ctx = self.case_id, self.ctx
        self._rating_busy = True

        def done(_none) -> None:
            self._rating_busy = False
            self.rated.emit(case_id, score)
            self.events.outbox_changed.emit()
            if case_id != self.case_id:          # another case came meanwhile: it stays on screen
                self._quiet = case_id
                try:
                    self.events.case_changed.emit(case_id)
                finally:
                    self._quiet = None
                return
            self.view["rating"] = score
            self.stack.setCurrentIndex(PAGE_THANKS)
            self._idle_timer.start()
            self.events.case_changed.emit(case_id)

        def failed(exc: BaseException) -> None:
            self._rating_busy = False
            self._fail(self.tr("评价未能保存"), exc)

        self._pending_score = None
        task_runner().run(lambda: case_workflow(ctx).rate(case_id, score, reason), done, failed, owner=self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.page == PAGE_REASON:
            key = event.key()
            if Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
                self.give_reason(key - Qt.Key.Key_1 + 1)
                return
            if key == Qt.Key.Key_Escape:
                self._back_to_rating()
                return
        if self.page == PAGE_RATING:
            key = event.key()
            if Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
                self.rate(RATINGS[key - Qt.Key.Key_1][0])
                return
            if key == Qt.Key.Key_Escape:
                self.skip_rating()
                return
        super().keyPressEvent(event)

    def _fail(self, what: str, exc: BaseException) -> None:
        from counter_app.ui.messages import plain_text

        log.warning("%s: %r", what, exc)
        reason = plain_text(exc)
        self.failed.emit(f"{what}：{reason}")
        self.events.message.emit(f"{what}：{reason}")


def attach_customer_window(main_window, *, force: bool = False) -> CustomerWindow | None:
    """Create the customer screen for ``main_window`` when ``settings.ui.customer_screen`` is on.

    Wires it to ``main_window.events``, takes live data from the first panel offering
    ``customer_view_data()`` (the workspace), places it on the second screen, and closes it with
    the main window. Returns the window, or None when disabled — or when there is no second
    screen and ``force`` is not set: on a one-screen workstation a window over the clerk's own
    would only be in the way, so the clerk opens it from the menu (``force=True``).
    """
    ctx = main_window.ctx
    if not ctx.settings.ui.customer_screen:
        return None
    if not force and len(_screens()) < 2:
        return None
    provider = None
    loaded = getattr(main_window, "loaded_panels", None)   # not building tabs nobody opened yet
    for panel in loaded() if callable(loaded) else getattr(main_window, "panels", []):
        fn = getattr(panel, "customer_view_data", None)
        if callable(fn):
            provider = fn
            break
    window = CustomerWindow(ctx, main_window.events, provider=provider)
    window.follow(main_window)
    window.place()
    return window
