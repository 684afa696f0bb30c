"""Step guide (办理步骤): the case's steps from the engine, the current one highlighted, and the
right input for it (指纹采集、公示、核查、联系函/信息表、送达…), then 办结 / 不予认定 / 归档."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListView, QListWidget, QListWidgetItem,
                               QProgressBar, QPushButton, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget)

from counter_app.ui.catalog_text import catalog_tr
from counter_protocol.clock import beijing_text
from counter_app.ui.panel_kit import QuietLabel, viewport_of
from counter_app.ui.store_errors import fill_params
from counter_app.domain.terms import HOME_VISIT_STEP, CaseState, StepKind
from counter_app.ui.device_errors import DeviceError, error_text
from counter_app.ui.words import escalation_name, result_name, state_name
from counter_app.ui.workspace.ops import StepWaiting, step_waiting_text

if TYPE_CHECKING:
    from counter_app.workflows.cases import CaseView

SIMPLE, FINGERPRINT, PUBLICITY, VERIFICATION, SHEET_REVIEW, DELIVERY, FINAL, NONE = range(8)

# what StepGuide._build_pages makes: the pages' controls, their labels and layouts (made when a step
# first needs them, or when one of these names is first asked for)
PAGE_PARTS = frozenset((
    "simple_label", "hv_reason", "btn_done",
    "fp_progress", "fp_quality", "fp_consent_notice", "btn_fp_consent", "btn_capture", "btn_fp_cancel",
    "fp_reason", "btn_no_prints",
    "pub_start", "pub_end", "pub_work", "pub_objection", "btn_pub_start", "btn_pub_clear", "btn_pub_objection",
    "pub_form", "pub_labels",
    "ver_finding", "btn_ver_ok", "btn_ver_bad", "ver_label",
    "sheet_reason", "btn_sheet_ok", "btn_sheet_bad", "sheet_label",
    "del_method", "del_address", "btn_delivery", "del_form", "del_labels",
    "final_label", "btn_complete", "deny_reason", "btn_deny", "btn_archive"))


def _page_of(kind: StepKind) -> int:
    return {StepKind.fingerprint: FINGERPRINT, StepKind.publicity: PUBLICITY, StepKind.verification: VERIFICATION,
            StepKind.sheet_reviewed: SHEET_REVIEW, StepKind.delivery: DELIVERY}.get(kind, SIMPLE)


class _CurrentPageStack(QStackedWidget):
    """A stack as tall as its current page, not as its tallest one: on a 1366×768 screen the
    steps must leave the notice preview below them its room."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.currentChanged.connect(self._fit)

    def _fit(self, _index: int = -1) -> None:
        for i in range(self.count()):
            page = self.widget(i)
            if page is None:        # never: i < count()
                continue
            policy = QSizePolicy.Policy.Preferred if page is self.currentWidget() else QSizePolicy.Policy.Ignored
            page.setSizePolicy(QSizePolicy.Policy.Preferred, policy)
        self.updateGeometry()

    def sizeHint(self):
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self):
        page = self.currentWidget()
        if page is None:
            return super().minimumSizeHint()
        hint = page.minimumSizeHint()
        if page.hasHeightForWidth() and self.width() > 0:     # never squeezed below its wrapped lines
            hint.setHeight(max(hint.height(), page.heightForWidth(self.width())))
        return hint

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.updateGeometry()          # another width: another number of wrapped lines

    # A wrapped label on the current page (e.g. "Current step: …" in English) takes the lines it
    # needs at the width it gets: the stack answers for its current page only (QStackedLayout
    # would answer for its tallest one, or, without this, the page's one-line hint cut it).
    def hasHeightForWidth(self) -> bool:
        page = self.currentWidget()
        return page is not None and page.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        page = self.currentWidget()
        return page.heightForWidth(width) if page is not None else super().heightForWidth(width)


def _lines(metrics: QFontMetrics, text: str, width: int) -> int:
    flags = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft)
    height = metrics.boundingRect(QRect(0, 0, width, 1 << 16), flags, text).height()
    return max(1, round(height / max(1, metrics.lineSpacing())))


def _cut_to_lines(metrics: QFontMetrics, text: str, width: int, lines: int) -> str:
    """``text`` as it wraps at ``width`` in at most ``lines`` lines: whole, or its longest start
    that does, with "…"."""
    if _lines(metrics, text, width) <= lines:
        return text
    low, high = 0, len(text)
    while low < high:                 # the longest start that still fits, with "…"
        mid = (low + high + 1) // 2
        if _lines(metrics, text[:mid].rstrip() + "…", width) <= lines:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + "…"


class _OneLineLabel(QLabel):
    """One line, elided to its width with the whole text in the tooltip: the current step's name
    (with its clause) repeats the ▶ row, and a wrapped second line was cut off in a full column
    (English at 1366×768)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._full = ""

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def _elide(self) -> None:
        room = self.contentsRect().width() if self.isVisible() else 1 << 20
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(40, room)))

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        hint.setWidth(min(hint.width(), 40))      # never widens the column: it is elided instead
        return hint

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setWidth(min(hint.width(), 200))
        return hint

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()


class StepGuide(QWidget):
    record = Signal(str, str, dict)          # step code, result, data
    publicity_start = Signal(dict)
    publicity_close = Signal(str)            # objection text ("" = 无异议)
    verification = Signal(bool, str)         # eligible, finding
    capture = Signal()
    cancel_capture = Signal()
    no_prints = Signal(str)                  # reason
    consent = Signal(str)                    # case id: the fingerprint consent notice read and agreed to
    complete = Signal()
    deny = Signal(str)
    archive = Signal()
    pages_made = Signal()                    # the pages' controls were made: they join the Tab order

    def __init__(self, parent: QWidget | None = None, *, today=date.today):
        super().__init__(parent)
        self._today = today
        self.view: CaseView | None = None
        self._case_id: str | None = None            # the case the pages' inputs belong to
        # step code → why it waits (ops.StepWaiting: data, worded each time the list is shown, so a
        # language switch re-words it at once)
        self.waiting: dict[str, StepWaiting] = {}
        self._fp_error: DeviceError | None = None   # the fingerprint reader's error on show (fp_quality)
        self._fp_words: Callable[[], str] | None = None   # or the note on show, worded by a function
        self.title = QLabel(self)
        self.title.setObjectName("stepTitle")
        self.list = QListWidget(self)
        self.list.setObjectName("stepList")
        self.list.setMaximumHeight(170)
        self.list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # never a horizontal scrollbar (it hid the last row): a step's name wraps to a second line
        # (English at 1366×768 cut "Issue the "Shenzhen Enterprise Employees' Pension …"); a longer
        # row (a step waiting for approval, with why) is cut after two lines, whole in its tooltip
        # and in the note below the list
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.installEventFilter(self)
        self.note = QuietLabel(self)
        self.note.setObjectName("stepNote")
        self.note.setWordWrap(True)
        self.stack = _CurrentPageStack(self)
        # the pages (a step's input, 办结 / 归档) are empty until a case is accepted and its step shown
        # (or a page's control is asked for: __getattr__): the window starts without their ~40 widgets
        self.fp_consent: dict[str, datetime] = {}     # case id → when the applicant agreed
        self._pages_made = False
        self.pages: list[QWidget] = [QWidget(self) for _ in range(8)]
        for page in self.pages:
            self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        layout.addWidget(self.note)
        layout.addWidget(self.stack)
        self.retranslate()
        self.show_view(None)

    # -- pages --------------------------------------------------------------------------
    @staticmethod
    def _decision_page(page: QWidget, text: QLineEdit, yes: QPushButton, no: QPushButton) -> QLabel:
        """A step page: its prompt, one line of text, and the two possible results side by side."""
        v = QVBoxLayout(page)
        label = QLabel(page)
        v.addWidget(label)
        v.addWidget(text)
        h = QHBoxLayout()
        h.addWidget(yes)
        h.addWidget(no)
        v.addLayout(h)
        v.addStretch(1)
        return label

    def _button(self, name: str, slot) -> QPushButton:
        b = QPushButton(self)
        b.setObjectName(name)
        b.clicked.connect(slot)
        return b

    if not TYPE_CHECKING:      # mypy: the parts keep the types _build_pages gives them
        def __getattr__(self, name: str):
            """A page's control (``btn_complete``, ``fp_quality`` …) asked for before any step needed
            the pages: they are made now."""
            if name in PAGE_PARTS and not self.__dict__.get("_pages_made", True):
                self.ensure_pages()
                return getattr(self, name)
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def pages_ready(self) -> bool:
        """Whether the pages' controls are made (a step was shown, or one of them asked for)."""
        return self._pages_made

    def ensure_pages(self) -> None:
        """Make the pages' controls, worded in the language of the UI (once)."""
        if self._pages_made:
            return
        self._pages_made = True
        self._build_pages()
        self._retranslate_pages()
        self.pages_made.emit()

    def _build_pages(self) -> None:
        # simple step
        self.simple_label = _OneLineLabel(self.pages[SIMPLE])
        # 上门认证申请 (5.6.3 a): why the person cannot come, printed on the 上门认证申请告知单
        self.hv_reason = QLineEdit(self.pages[SIMPLE])
        self.hv_reason.setObjectName("homeVisitReason")
        self.hv_reason.setMaxLength(200)
        self.hv_reason.setVisible(False)
        self.btn_done = self._button("stepDone", self._simple_done)
        v = QVBoxLayout(self.pages[SIMPLE])
        v.addWidget(self.simple_label)
        v.addWidget(self.hv_reason)
        v.addWidget(self.btn_done)
        v.addStretch(1)
        # fingerprint (6.6.1.1.2.3)
        self.fp_progress = QProgressBar(self.pages[FINGERPRINT])
        self.fp_progress.setObjectName("fpProgress")
        self.fp_quality = QLabel(self.pages[FINGERPRINT])
        self.fp_quality.setObjectName("fpQuality")
        self.fp_quality.setWordWrap(True)
        # the consent notice read to the applicant before the capture (PIPL Art. 28/29: a fingerprint is
        # sensitive personal data): one click records that consent was given, and when (fp_consent)
        self.fp_consent_notice = QLabel(self.pages[FINGERPRINT])
        self.fp_consent_notice.setObjectName("fpConsentNotice")
        self.fp_consent_notice.setWordWrap(True)
        self.btn_fp_consent = self._button("fpConsent", self._fp_consented)
        self.btn_capture = self._button("fpCapture", self.capture.emit)
        self.btn_fp_cancel = self._button("fpCancel", self.cancel_capture.emit)
        self.btn_fp_cancel.setEnabled(False)
        self.fp_reason = QLineEdit(self.pages[FINGERPRINT])
        self.fp_reason.setObjectName("fpReason")
        self.btn_no_prints = self._button("fpNoPrints", lambda: self.no_prints.emit(self.fp_reason.text().strip()))
        v = QVBoxLayout(self.pages[FINGERPRINT])
        v.addWidget(self.fp_consent_notice)
        v.addWidget(self.btn_fp_consent)
        h = QHBoxLayout()
        h.addWidget(self.btn_capture)
        h.addWidget(self.btn_fp_cancel)
        v.addWidget(self.fp_progress)
        v.addWidget(self.fp_quality)
        v.addLayout(h)
        h2 = QHBoxLayout()
        h2.addWidget(self.fp_reason, 3)
        h2.addWidget(self.btn_no_prints, 1)
        v.addLayout(h2)
        v.addStretch(1)
        # publicity (6.6.1.1.1.3)
        p = self.pages[PUBLICITY]
        self.pub_start = QLineEdit(p)
        self.pub_start.setObjectName("pubStart")
        self.pub_end = QLineEdit(p)
        self.pub_end.setObjectName("pubEnd")
        self.pub_work = QLineEdit(p)
        self.pub_work.setObjectName("pubWorkType")
        self.pub_objection = QLineEdit(p)
        self.pub_objection.setObjectName("pubObjection")
        self.btn_pub_start = self._button("pubStartBtn", self._pub_start)
        self.btn_pub_clear = self._button("pubNoObjection", lambda: self.publicity_close.emit(""))
        self.btn_pub_objection = self._button("pubObjectionBtn", lambda: self.publicity_close.emit(
            self.pub_objection.text().strip() or "\0"))
        self.pub_form = QFormLayout(p)
        self.pub_labels = [QLabel(p) for _ in range(4)]
        self.pub_form.addRow(self.pub_labels[0], self.pub_start)
        self.pub_form.addRow(self.pub_labels[1], self.pub_end)
        self.pub_form.addRow(self.pub_labels[2], self.pub_work)
        self.pub_form.addRow(self.btn_pub_start)
        self.pub_form.addRow(self.pub_labels[3], self.pub_objection)
        h = QHBoxLayout()
        h.addWidget(self.btn_pub_clear)
        h.addWidget(self.btn_pub_objection)
        self.pub_form.addRow(h)
        # verification after an objection
        p = self.pages[VERIFICATION]
        self.ver_finding = QLineEdit(p)
        self.ver_finding.setObjectName("verFinding")
        self.btn_ver_ok = self._button("verEligible", lambda: self.verification.emit(True, self.ver_finding.text().strip()))
        self.btn_ver_bad = self._button("verNotEligible", lambda: self.verification.emit(False, self.ver_finding.text().strip()))
        self.ver_label = self._decision_page(p, self.ver_finding, self.btn_ver_ok, self.btn_ver_bad)
        # 信息表审核
        p = self.pages[SHEET_REVIEW]
        self.sheet_reason = QLineEdit(p)
        self.sheet_reason.setObjectName("sheetReason")
        self.btn_sheet_ok = self._button("sheetPassed", lambda: self._record_current("passed", {}))
        self.btn_sheet_bad = self._button("sheetFailed", lambda: self._record_current(
            "failed", {"reason": self.sheet_reason.text().strip()}))
        self.sheet_label = self._decision_page(p, self.sheet_reason, self.btn_sheet_ok, self.btn_sheet_bad)
        # 送达 (6.5.1.3)
        p = self.pages[DELIVERY]
        self.del_method = QComboBox(p)
        self.del_method.setObjectName("deliveryMethod")
        self.del_address = QLineEdit(p)
        self.del_address.setObjectName("deliveryAddress")
        self.btn_delivery = self._button("deliveryDone", self._delivery)
        self.del_form = QFormLayout(p)
        self.del_labels = [QLabel(p) for _ in range(2)]
        self.del_form.addRow(self.del_labels[0], self.del_method)
        self.del_form.addRow(self.del_labels[1], self.del_address)
        self.del_form.addRow(self.btn_delivery)
        # 办结 / 不予认定 / 归档
        p = self.pages[FINAL]
        self.final_label = QLabel(p)
        self.final_label.setWordWrap(True)
        self.btn_complete = self._button("caseComplete", self.complete.emit)
        self.deny_reason = QLineEdit(p)
        self.deny_reason.setObjectName("denyReason")
        self.btn_deny = self._button("caseDeny", lambda: self.deny.emit(self.deny_reason.text().strip()))
        self.btn_archive = self._button("caseArchive", self.archive.emit)
        v = QVBoxLayout(p)
        v.addWidget(self.final_label)
        v.addWidget(self.btn_complete)
        h = QHBoxLayout()
        h.addWidget(self.deny_reason, 3)
        h.addWidget(self.btn_deny, 1)
        v.addLayout(h)
        v.addWidget(self.btn_archive)
        v.addStretch(1)
        for page in self.pages:
            if (layout := page.layout()) is not None:
                layout.setContentsMargins(0, 4, 0, 0)     # in line with the list above (the column is short)
        for edit in (self.pub_start, self.pub_end, self.pub_work):
            edit.returnPressed.connect(self.focusNextChild)
        self.del_address.returnPressed.connect(self._delivery)

    def retranslate(self) -> None:
        self.title.setText(self.tr("办理步骤"))
        if self._pages_made:
            self._retranslate_pages()
        self.show_view(self.view)

    def _retranslate_pages(self) -> None:
        self._done_text()
        self.hv_reason.setPlaceholderText(self.tr("申请上门认证的原因（如：行动不便、长期卧床；可不填）"))
        self.fp_consent_notice.setText(self.tr("指纹采集告知：为核验您本人身份，本业务须采集您的指纹。指纹属于敏感个人信息，仅用于身份核验，加密保存于社会保险经办系统，按档案管理规定保管，不作他用。请向申请人宣读，征得本人同意后采集。"))
        self._show_fp_consent()
        self.btn_capture.setText(self.tr("采集指纹 / 重试（F7）"))
        self.btn_fp_cancel.setText(self.tr("取消采集（Esc）"))
        self.fp_reason.setPlaceholderText(self.tr("无法采集指纹的原因（如：双手手指残缺）"))
        self.btn_no_prints.setText(self.tr("无法采集指纹"))
        for label, text in zip(self.pub_labels, (self.tr("公示开始日期"), self.tr("公示结束日期"),
                                                 self.tr("特殊工种"), self.tr("异议内容")), strict=False):
            label.setText(text)
        self.btn_pub_start.setText(self.tr("开始公示"))
        self.btn_pub_clear.setText(self.tr("公示期满无异议"))
        self.btn_pub_objection.setText(self.tr("公示有异议"))
        self.ver_label.setText(self.tr("公示有异议：请核查并填写核查情况"))
        self.ver_finding.setPlaceholderText(self.tr("核查情况"))
        self.btn_ver_ok.setText(self.tr("核查符合办理要求"))
        self.btn_ver_bad.setText(self.tr("核查不符合办理要求"))
        self.sheet_label.setText(self.tr("审核收到的转移接续信息表"))
        self.sheet_reason.setPlaceholderText(self.tr("审核不通过的原因"))
        self.btn_sheet_ok.setText(self.tr("审核通过"))
        self.btn_sheet_bad.setText(self.tr("审核不通过"))
        self.del_labels[0].setText(self.tr("送达方式"))
        self.del_labels[1].setText(self.tr("邮寄地址"))
        if self.del_method.count() == 0:
            self.del_method.addItem("", "pickup")
            self.del_method.addItem("", "mail")
        self.del_method.setItemText(0, self.tr("窗口自取"))
        self.del_method.setItemText(1, self.tr("邮寄送达"))
        self.btn_delivery.setText(self.tr("登记送达方式"))
        self.btn_complete.setText(self.tr("办结（Ctrl+Enter）"))
        self.deny_reason.setPlaceholderText(self.tr("不予认定的理由"))
        self.btn_deny.setText(self.tr("不予认定"))
        self.btn_archive.setText(self.tr("归档"))
        if self._fp_error is not None:
            self.fp_quality.setText(error_text(self._fp_error))
        elif self._fp_words is not None:
            self.fp_quality.setText(self._fp_words())

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- state --------------------------------------------------------------------------
    def current_step(self):
        v = self.view
        if v is None or v.case.state not in (CaseState.accepted, CaseState.completed) or v.next_step is None:
            return None     # after 办结 the next step is the 送达 (6.5.2.3)
        return next((s for s in v.service.steps if s.code == v.next_step), None)

    def current_page(self) -> int:
        return self.stack.currentIndex()

    def show_view(self, view: CaseView | None) -> None:
        """Show a CaseView (or None: no case yet). Another case than the one shown until now (a new
        one, an opened one) starts with empty pages: nothing typed or reported for the last case
        stays on screen (its 「指纹已采集，质量良好」 read as if this case's prints were taken)."""
        case_id = view.case.id if view is not None else None
        if case_id != self._case_id:       # not on a language switch's show of the same case (or of none)
            self._reset_inputs()
        self._case_id = case_id
        self.view = view
        if self._pages_made:
            self._show_fp_consent()
        self.list.clear()
        self._fit_list()
        if view is None or view.case.state in (CaseState.draft, CaseState.review, CaseState.returned):
            self.stack.setCurrentIndex(NONE)
            self.note.setText(self.tr("受理后在此逐步办理。"))
            if view is not None:
                self._fill_list(view)
            return
        self._fill_list(view)
        from counter_app.domain.case_engine import refined_clause, step_statuses

        self.ensure_pages()
        state = view.case.state
        denial_ready = state is CaseState.accepted and any(
            s.last and s.last.result == "not_eligible" for s in step_statuses(view.case, view.service))
        step = None if denial_ready else self.current_step()
        if step is not None:
            self.stack.setCurrentIndex(_page_of(step.kind))
            current = self.tr("当前步骤：%1").replace("%1", catalog_tr(step.name))
            # the clause in the language's brackets: 当前步骤：…（6.2.1.1） / Current step: … (6.2.1.1);
            # a heading refined by the case's 情形 (6.3.3 → 6.3.3.1), as its document cites it
            clause = refined_clause(view.service, step.clause, view.case.variants)
            self.simple_label.set_full_text(fill_params(self.tr("%1（%2）"), (current, clause))
                                            if clause else current)
            self._prepare(step, view)
            self._done_text(step)
            waiting = self.waiting.get(step.code)
            esc = (step_waiting_text(waiting) if waiting is not None else "") or (
                self.tr("审批点：%1").replace("%1", escalation_name(step.escalation)) if step.escalation else "")
            self.note.setText("\n".join(t for t in (esc, self._feedback_text(step, view)) if t))
            return
        self.stack.setCurrentIndex(FINAL)
        accepted = state is CaseState.accepted
        self.btn_complete.setVisible(accepted and not denial_ready)
        self.deny_reason.setVisible(denial_ready)
        self.btn_deny.setVisible(denial_ready)
        self.btn_archive.setVisible(state in (CaseState.completed, CaseState.denied, CaseState.rejected))
        if state is CaseState.archived:
            self.final_label.setText(self.tr("办件已归档。按 Ctrl+N 办理下一件。"))
        elif accepted and denial_ready:
            self.final_label.setText(self.tr("核查不符合办理要求：请填写理由后作出不予认定决定（审批点：不予认定决定）"))
        elif accepted:
            self.final_label.setText(self.tr("全部步骤已办理，可以办结。"))
        else:
            self.final_label.setText(self.tr("办件已%1，可以归档。").replace("%1", _state_name(state)))
        self.note.setText(self.tr("办件未受理，以上办理步骤不适用。") if _ended_unaccepted(view.case) else "")

    def _feedback_text(self, step, view: CaseView) -> str:
        """Where the result of a 「…并反馈办理结果」 step goes (counter_protocol.result_feedback): the
        applicant's mobile, masked, or that they left none and are to be told otherwise."""
        if not getattr(step, "result_feedback", False):
            return ""
        from counter_protocol.result_feedback import feedback_block
        from counter_rules.masking import mask_phone

        mobile = feedback_block(view.case.applicant)["mobile"]
        if mobile:
            return self.tr("办理结果将由中心以短信反馈至 %1").replace("%1", mask_phone(mobile))
        return self.tr("服务对象未留手机号码：办理结果须另行告知（中心的待反馈名单列出该办件）")

    def _reset_inputs(self) -> None:
        """Every per-case input of the pages as for a case never shown: the fingerprint reader's
        note and progress, the typed reason, dates, objection, finding, delivery and denial."""
        self._fp_error, self._fp_words = None, None
        if not self._pages_made:
            return              # nothing typed or reported yet
        self.fp_quality.clear()
        self.fp_progress.setRange(0, 100)
        self.fp_progress.setValue(0)
        for edit in (self.fp_reason, self.pub_start, self.pub_end, self.pub_work, self.pub_objection,
                     self.ver_finding, self.sheet_reason, self.del_address, self.deny_reason, self.hv_reason):
            edit.clear()
        self.del_method.setCurrentIndex(0)            # 窗口自取

    def _fit_list(self) -> None:
        """As tall as its rows (at most 170 px): the rest of the column is the notice preview's.
        Each row is at most two lines cut to the list's width (no horizontal scrollbar), so every
        row counted here is seen."""
        self._elide_rows()
        line = max(self.list.sizeHintForRow(0), self.fontMetrics().height() + 2)
        rows = [max(self.list.sizeHintForRow(i), line) for i in range(self.list.count())]
        rows += [line] * max(0, 2 - len(rows))
        height = sum(rows) + 2 * self.list.frameWidth() + 4
        self.list.setMaximumHeight(min(170, height))

    FULL_TEXT = Qt.ItemDataRole.UserRole + 1

    ROW_LINES = 2     # the current step's row wraps to this many lines at most, then is cut with "…"
    row_lines = ROW_LINES

    def set_row_lines(self, lines: int) -> None:
        """How many lines the current step's row may wrap to: one while the 核定 form is up under
        the list (its rows come first on a short screen), :data:`ROW_LINES` otherwise."""
        if lines != self.row_lines:
            self.row_lines = lines
            if self.list.count():
                self._fit_list()

    def _elide_rows(self) -> None:
        """Each row's text cut to the list's width with "…" — the current step's after
        :attr:`row_lines` wrapped lines, the others' after one (the whole text in its tooltip)."""
        # not laid out yet (hidden): no width to cut to — whole until the first resize
        room = viewport_of(self.list).width() - 2 * self.list.spacing() - 8 if self.list.isVisible() else 1 << 20
        for i in range(self.list.count()):
            item = self.list.item(i)
            full = item.data(self.FULL_TEXT)
            if full is None:
                full = item.text()
                item.setData(self.FULL_TEXT, full)
            metrics = QFontMetrics(item.font())
            # the ▶ current step wraps (the clerk reads it whole); the others stay one line, so the
            # 核定 form under the list keeps its rows at 1366×768
            lines_allowed = self.row_lines if i == self.list.currentRow() else 1
            shown = _cut_to_lines(metrics, full, max(40, room), lines_allowed)
            if item.text() != shown:
                item.setText(shown)
            item.setToolTip(full)
            # a wrapped row as tall as its lines (the view's own hint is one line's); a row of one
            # line keeps the view's own height
            lines = _lines(metrics, shown, max(40, room)) if room < 1 << 20 else 1
            item.setSizeHint(QSize())
            if lines > 1:
                one = self.list.sizeHintForRow(i)
                item.setSizeHint(QSize(max(40, room), one + (lines - 1) * metrics.lineSpacing()))

    def eventFilter(self, watched, event) -> bool:
        if watched is self.list and event.type() == QEvent.Type.Resize \
                and event.size().width() != event.oldSize().width():
            self._fit_list()          # rows wrap anew: as tall as they are now
        return super().eventFilter(watched, event)

    def _fill_list(self, view) -> None:
        from counter_app.domain.case_engine import step_statuses

        statuses = step_statuses(view.case, view.service)
        current = view.next_step if view.case.state in (CaseState.accepted, CaseState.completed) else None
        # before 受理 the steps are not to be done yet (·, grey); a case that ended without 受理
        # (不予受理, then 归档) never does them: 不适用, not open ○ steps waiting for the clerk
        not_applicable = _ended_unaccepted(view.case)
        not_yet = view.case.state in (CaseState.draft, CaseState.review, CaseState.returned)
        for s in statuses:
            mark = {"done": "✓", "skipped": "—", "optional": "○", "open": "○"}[s.status]
            if not_applicable:
                mark = "—"
            elif not_yet:
                mark = "·"
            text = f"{mark} {catalog_tr(s.step.name)}"
            if not_applicable:
                text += self.tr("（不适用）")
            # the separator and brackets the templates': 「…：已完成（…）」 / "…: Done (…)"
            if s.last is not None:
                text = fill_params(self.tr("%1：%2"), (text, result_name(s.last.result, s.step.kind)))
            if s.step.code in self.waiting:
                text = fill_params(self.tr("%1（%2）"), (text, step_waiting_text(self.waiting[s.step.code])))
            elif s.last is not None and s.last.escalation and not s.last.approved_by:
                text += self.tr("（等待主管审批）")
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, s.step.code)
            if not_applicable or not_yet:
                item.setForeground(QBrush(QColor("#6b7280")))
            if s.step.code == current:
                f = QFont(item.font())
                f.setBold(True)
                item.setFont(f)
                item.setBackground(QBrush(QColor("#fff3c4")))
                item.setText("▶ " + text[2:])
                self.list.setCurrentItem(item)
        self._fit_list()

    def _prepare(self, step, view: CaseView) -> None:
        if step.kind is StepKind.publicity:
            rec = _latest(view.case, step.code)
            started = rec is not None and rec.result == "started"
            recorded = rec.data if started and rec is not None else {}    # the dates the 公示 started with
            if not self.pub_start.text():
                self.pub_start.setText(recorded.get("start") or self._today().isoformat())
            if not self.pub_end.text():
                self.pub_end.setText(recorded.get("end") or self._today().isoformat())
            if started and not self.pub_work.text():
                self.pub_work.setText(recorded.get("work_type", ""))
            for w in (self.pub_start, self.pub_end, self.pub_work, self.btn_pub_start):
                w.setEnabled(not started)
            for w in (self.pub_objection, self.btn_pub_clear, self.btn_pub_objection):
                w.setEnabled(started)
        if step.kind is StepKind.fingerprint and step.code not in self.waiting:
            self.fp_progress.setValue(0)

    # -- actions ------------------------------------------------------------------------
    def _record_current(self, result: str, data: dict) -> None:
        step = self.current_step()
        if step is not None:
            self.record.emit(step.code, result, data)

    def _fp_consented(self) -> None:
        if self._case_id is None:
            return
        self.fp_consent[self._case_id] = datetime.now(timezone.utc)
        self._show_fp_consent()
        self.consent.emit(self._case_id)

    def _show_fp_consent(self) -> None:
        at = self.fp_consent.get(self._case_id or "")
        self.btn_fp_consent.setEnabled(at is None)
        self.btn_fp_consent.setText(self.tr("已告知，申请人同意采集指纹") if at is None else
                                    self.tr("已取得本人同意（%1）").replace("%1", beijing_text(at)))

    def _done_text(self, step=None) -> None:
        """The simple page's button (and the reason field) for ``step``: 提出上门认证申请 for the home-visit
        variant of 资格认证 (counter_app.workflows.home_visit), 完成此步骤 for any other step."""
        home_visit = step is not None and step.code == HOME_VISIT_STEP
        if step is None and self.view is not None:
            current = self.current_step()
            home_visit = current is not None and current.code == HOME_VISIT_STEP
        self.hv_reason.setVisible(home_visit)
        self.btn_done.setText(self.tr("提出上门认证申请（Ctrl+Enter）") if home_visit
                              else self.tr("完成此步骤（Ctrl+Enter）"))

    def _simple_done(self) -> None:
        self._record_current("done", {"reason": self.hv_reason.text().strip()} if not self.hv_reason.isHidden() else {})

    def _pub_start(self) -> None:
        self.publicity_start.emit({"start": self.pub_start.text().strip(), "end": self.pub_end.text().strip(),
                                   "work_type": self.pub_work.text().strip()})

    def _delivery(self) -> None:
        method = self.del_method.currentData()
        data = {"method": method}
        if method == "mail":
            data["address"] = self.del_address.text().strip()
        self._record_current("done", data)

    def primary(self) -> bool:
        """Ctrl+Enter: the current page's main action. False when there is none."""
        page = self.stack.currentIndex()
        if page == SIMPLE:
            self._simple_done()
        elif page == FINGERPRINT:
            self.capture.emit()
        elif page == PUBLICITY:
            (self._pub_start if self.btn_pub_start.isEnabled() else (lambda: self.publicity_close.emit("")))()
        elif page == VERIFICATION:
            self.verification.emit(True, self.ver_finding.text().strip())
        elif page == SHEET_REVIEW:
            self._record_current("passed", {})
        elif page == DELIVERY:
            self._delivery()
        elif page == FINAL:
            if self.btn_complete.isVisible():
                self.complete.emit()
            elif self.btn_deny.isVisible():
                self.deny.emit(self.deny_reason.text().strip())
            elif self.btn_archive.isVisible():
                self.archive.emit()
            else:
                return False
        else:
            return False
        return True

    # fingerprint feedback
    def set_capturing(self, busy: bool) -> None:
        self.btn_capture.setEnabled(not busy)
        self.btn_fp_cancel.setEnabled(busy)
        self.btn_no_prints.setEnabled(not busy)

    def on_stage(self, done: int, total: int) -> None:
        self.fp_progress.setMaximum(max(total, 1))
        self.fp_progress.setValue(done)

    def on_quality(self, text: "str | Callable[[], str]") -> None:
        """The reader's prompt or the capture's quality: ``text``, or a function wording it now in the
        language of the UI (called again on a language switch)."""
        self._fp_error = None
        self._fp_words = text if callable(text) else None
        if self._pages_made or not callable(text):      # else worded when the pages are made
            self.fp_quality.setText(text() if callable(text) else text)

    def on_fp_error(self, error: DeviceError) -> None:
        """The fingerprint reader's error, kept as data: worded now and again on a language switch."""
        self._fp_error, self._fp_words = error, None
        if self._pages_made:              # else worded when the pages are made
            self.fp_quality.setText(error_text(error))


def _latest(case, code):
    for rec in reversed(case.steps):
        if rec.step_code == code:
            return rec
    return None


def _state_name(state: CaseState) -> str:
    return state_name(state)


def _ended_unaccepted(case) -> bool:
    """不予受理 (and archived so): the case never reached 受理, its handling steps never apply."""
    from counter_app.domain.case_engine import ended_unaccepted

    return ended_unaccepted(case)
