"""The workspace panel's widgets, shortcuts and texts (a mixin of :class:`WorkspacePanel`; its
strings keep the panel's translation context, WorkspacePanel)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counter_app.ui.panel_kit import QuietLabel, add_panel_action, viewport_of
from counter_app.ui.workspace.applicant import ApplicantForm
from counter_app.ui.workspace.record_lookup import RecordLookup
from counter_app.ui.workspace.checklist import (
    ChecklistView,
    ConditionsModel,
    MaterialsModel,
)
from counter_app.ui.workspace.focus import chain_tab_order
from counter_app.ui.workspace.picker import ServicePicker
from counter_app.ui.workspace.steps import StepGuide

# QTextDocument's own documentMargin, which the preview keeps: asking its document for it made
# PySide wrap QTextDocument and its enum types before the window was idle (#20)
PREVIEW_DOCUMENT_MARGIN = 4
PREVIEW_MIN_LINES = 2    # the notice preview keeps this many lines on a short screen (1366×768: the 核定 form's rows come first)
RECENT_KEYS = 4          # F1 … F4: the clerk's recent services, one key each (Alt+1… switch panels)


if TYPE_CHECKING:
    from counter_app.ui.workspace.decision_form import DecisionForm
    from counter_app.ui.workspace.material_capture import MaterialCapture
    from counter_app.ui.workspace.panel_host import PanelHost   # WorkspacePanel as its mixins see it
else:
    PanelHost = object      # a plain mixin at run time


class FittedScrollArea(QScrollArea):
    """A scroll area that asks for its widget's height as it is now. QScrollArea keeps the first
    size hint of its widget: the applicant box asked for ~100 px more than its rows (the hint of
    an earlier service or language), the checklist under it was squeezed for them, and at 1366×768
    the box itself then scrolled by a row."""

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()           # rows shown or hidden, a note wrapped: a new height
        return super().eventFilter(watched, event)

    def sizeHint(self):
        hint = super().sizeHint()
        widget = self.widget()
        if widget is not None:
            width = viewport_of(self).width()
            height = widget.heightForWidth(width) if width > 0 and widget.hasHeightForWidth() else -1
            hint.setHeight((height if height >= 0 else widget.sizeHint().height()) + 2 * self.frameWidth())
        return hint


class LayoutMixin(PanelHost):
    # ------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        self.picker = ServicePicker(self)
        self.picker.picked.connect(self.pick_service)
        self.service_title = QuietLabel(self)      # empty labels take no line
        self.service_title.setObjectName("serviceTitle")
        self.service_title.setWordWrap(True)
        self.applicant = ApplicantForm(self, today=self._today)
        self.record_lookup = RecordLookup(self)   # 参保档案 on card read / ID entry (record_lookup.py)
        self.applicant.changed.connect(self._changed)
        self.applicant.advance.connect(lambda: self.materials_view.setFocus(Qt.FocusReason.TabFocusReason))
        self.card_label = QuietLabel(self)
        self.card_label.setObjectName("cardState")
        self.card_label.setWordWrap(True)

        self.materials = MaterialsModel(self)
        self.materials.changed.connect(self._checklist_changed)
        self.materials_view = ChecklistView(self)
        self.materials_view.setObjectName("materialsView")
        self.materials_view.setModel(self.materials)
        self.materials_view.advance.connect(lambda: self.conditions_view.setFocus(Qt.FocusReason.TabFocusReason))
        # 拍照 (P) on a material: 高拍仪 → 已提交 with its page; made when the list first has materials
        self._material_capture: MaterialCapture | None = None
        self.materials.modelReset.connect(self._materials_listed)
        self.conditions = ConditionsModel(self)
        self.conditions.changed.connect(self._checklist_changed)
        self.conditions_view = ChecklistView(self)
        self.conditions_view.setObjectName("conditionsView")
        self.conditions_view.setModel(self.conditions)
        self.conditions_view.share_width_with_notes()     # the rules' notes whole, in a few lines
        self.conditions_view.advance.connect(lambda: self.btn_decide.setFocus(Qt.FocusReason.TabFocusReason))
        self.btn_all_present = QPushButton(self)
        self.btn_all_present.clicked.connect(self.all_present)
        self.btn_confirm = QPushButton(self)
        self.btn_confirm.clicked.connect(self.confirm_conditions)
        self.outcome_label = QLabel(self)
        self.outcome_label.setObjectName("outcomeLabel")
        self.outcome_label.setWordWrap(True)
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("noticePreview")
        self.preview_tabs = QTabWidget(self)
        self.preview_tabs.addTab(self.preview, "")
        self.pdf_view = None                     # QPdfView, created on the first 预览PDF
        self.btn_pdf = QPushButton(self)
        self.btn_pdf.clicked.connect(self.preview_pdf)
        self.btn_decide = QPushButton(self)
        self.btn_decide.setObjectName("decideButton")
        self.btn_decide.clicked.connect(self.primary)
        self.btn_print = QPushButton(self)
        self.btn_print.clicked.connect(self.print_current)

        self.steps = StepGuide(self, today=self._today)
        self._decision_form: DecisionForm | None = None    # built when a step first asks for it (decision_form)
        self.steps.record.connect(self.record_step)
        self.steps.publicity_start.connect(self.start_publicity)
        self.steps.publicity_close.connect(self.close_publicity)
        self.steps.verification.connect(self.record_verification)
        self.steps.capture.connect(self.capture_fingerprint)
        self.steps.consent.connect(self.fingerprint_consent)
        self.steps.cancel_capture.connect(self.cancel_fingerprint)
        self.steps.no_prints.connect(self.continue_without_prints)
        self.steps.complete.connect(self.complete_case)
        self.steps.deny.connect(self.deny_case)
        self.steps.archive.connect(self.archive_case)
        self.steps.pages_made.connect(lambda: chain_tab_order(self))    # the step pages' controls, in the ring
        self.case_label = QLabel(self)
        self.case_label.setObjectName("caseLabel")
        self.case_label.setWordWrap(True)
        self.docs_label = QLabel(self)
        self.docs_label.setObjectName("documentsLabel")
        self.docs_label.setWordWrap(True)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("workspaceMessage")
        self.message_label.setWordWrap(True)

        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.picker)
        self.applicant_box = QGroupBox(self)
        av = QVBoxLayout(self.applicant_box)
        av.addWidget(self.service_title)
        av.addWidget(self.applicant)
        av.addWidget(self.card_label)
        av.addWidget(self.record_lookup.label)
        self.checklist_box = QGroupBox(self)
        cv = QVBoxLayout(self.checklist_box)
        h = QHBoxLayout()
        h.addWidget(self.btn_all_present)
        h.addWidget(self.btn_confirm)
        # each table as tall as its rows (ChecklistView.sizeHint), the spare height shared: with equal
        # stretch the three materials took as much as the conditions, whose last row was cut
        cv.addWidget(self.materials_view)
        cv.addLayout(h)
        cv.addWidget(self.conditions_view)
        cv.addWidget(self.outcome_label)
        h2 = QHBoxLayout()
        h2.addWidget(self.btn_decide)
        h2.addWidget(self.btn_pdf)
        h2.addWidget(self.btn_print)
        cv.addLayout(h2)
        middle = QWidget(self)
        mv = QVBoxLayout(middle)
        mv.setContentsMargins(0, 0, 0, 0)
        # on a short screen the applicant form scrolls rather than squeezing its line edits
        self.applicant_scroll = FittedScrollArea(self)
        self.applicant_scroll.setObjectName("applicantScroll")
        self.applicant_scroll.setWidgetResizable(True)
        self.applicant_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.applicant_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.applicant_scroll.setWidget(self.applicant_box)
        self.applicant_scroll.setMinimumHeight(4 * self.fontMetrics().height() + 40)
        # the applicant box as tall as its rows (an equal share left 40–60 px blanks in it while the
        # materials list under it scrolled): the checklist takes the rest of the column
        self.applicant_scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        mv.addWidget(self.applicant_scroll, 0)
        mv.addWidget(self.checklist_box, 1)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.steps_box = QGroupBox(self)
        sv = QVBoxLayout(self.steps_box)
        sv.addWidget(self.case_label)
        sv.addWidget(self.steps)
        self.steps.title.hide()          # 办理步骤: the box's own title says it (a line the short screen needs)
        # the steps box takes the height its content asks for, the tabs the rest
        rv.addWidget(self.steps_box)
        rv.addWidget(self.preview_tabs, 1)
        margins = 2 * (self.preview.frameWidth() + PREVIEW_DOCUMENT_MARGIN)
        self.preview.setMinimumHeight(PREVIEW_MIN_LINES * self.preview.fontMetrics().height() + margins)
        rv.addWidget(self.docs_label)
        rv.addWidget(self.message_label)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("workspaceSplit")
        split.addWidget(left)
        split.addWidget(middle)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        split.setStretchFactor(2, 2)
        split.setChildrenCollapsible(False)     # the clerk widens the service tree by its handle, never loses a column
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        # the scroll areas are no Tab stops of their own (their fields are); the logical Tab order
        # (focus.py), again when a step's 核定 form made its editors
        self.applicant_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        chain_tab_order(self)
        self.setFocusProxy(self.picker.search)

    @property
    def material_capture(self) -> MaterialCapture:
        """拍照 on a material (its P shortcut and context-menu entry on the materials list), made when
        the list first shows materials (or when asked for): the window starts without it."""
        if self._material_capture is None:
            from counter_app.ui.workspace.material_capture import MaterialCapture

            self._material_capture = MaterialCapture(self)
        return self._material_capture

    def _materials_listed(self) -> None:
        if self._material_capture is None and self.materials.materials:
            self._material_capture = self.material_capture     # made: P works on these rows

    @property
    def material_capture_made(self) -> MaterialCapture | None:
        return self._material_capture

    @property
    def decision_form(self) -> DecisionForm:
        """The typed 核定 form, made the first time it is asked for (a step with 核定数据 shown):
        until then the window starts without its widgets, its module and the Qt classes it uses."""
        if self._decision_form is None:
            from counter_app.ui.workspace.decision_form import DecisionForm

            form = self._decision_form = DecisionForm(self)
            # the 核定 form is a tab beside the notice preview, in front while its step is current: it
            # gets the column's height under the steps (at 1366×768 it had ~130 px above a preview
            # squeezed to two lines); the preview is one click (or Ctrl+Tab) away
            tabs = self.preview_tabs
            current = tabs.currentWidget()
            tabs.insertTab(0, form, QCoreApplication.translate("WorkspacePanel", "核定数据"))
            tabs.setTabVisible(0, False)
            tabs.setCurrentWidget(current)
            form.opened.connect(self._bring_form_forward)
            form.closed.connect(self._put_form_away)
            form.rows_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            form.opened.connect(lambda: chain_tab_order(self))
            chain_tab_order(self)
        return self._decision_form

    @property
    def decision_form_made(self) -> DecisionForm | None:
        """The 核定 form if a step has asked for it yet, else None (nothing to clear or read)."""
        return self._decision_form

    def _bring_form_forward(self) -> None:
        """A step with 核定数据 became current: its form's tab, in front."""
        index = self.preview_tabs.indexOf(self.decision_form)
        self.preview_tabs.setTabVisible(index, True)
        self.preview_tabs.setCurrentIndex(index)
        self.steps.set_row_lines(1)        # the form's rows come first: the ▶ row stays one line (tooltip)

    def _put_form_away(self) -> None:
        """No step with 核定数据 is current: the form's tab goes, the notice preview is in front."""
        tabs = self.preview_tabs
        if tabs.currentWidget() is self.decision_form:
            tabs.setCurrentWidget(self.preview)
        tabs.setTabVisible(tabs.indexOf(self.decision_form), False)
        self.steps.set_row_lines(self.steps.ROW_LINES)

    def _action(self, name: str, keys, slot) -> QAction:
        return add_panel_action(self, list(keys), slot, name=name)     # the one helper of every panel

    def _build_actions(self) -> None:
        self.act_search = self._action("actSearch", ["Ctrl+F"], self.focus_search)
        self.act_new = self._action("actNew", ["Ctrl+N"], self.new_case)
        self.act_read_card = self._action("actReadCard", ["F6"], self.read_card)
        self.act_applicant = self._action("actApplicant", ["Ctrl+L"], self.focus_applicant)
        self.act_materials = self._action("actMaterials", ["Ctrl+M"], lambda: self.materials_view.setFocus())
        self.act_conditions = self._action("actConditions", ["Ctrl+K"], lambda: self.conditions_view.setFocus())
        self.act_all_present = self._action("actAllPresent", ["F9"], self.all_present)
        self.act_confirm = self._action("actConfirm", ["F10"], self.confirm_conditions)
        self.act_primary = self._action("actPrimary", ["Ctrl+Return", "Ctrl+Enter"], self.primary)
        self.act_print = self._action("actPrint", ["Ctrl+P"], self.print_current)
        self.act_pdf = self._action("actPdf", ["Ctrl+Shift+P"], self.preview_pdf)
        self.act_on_site = self._action("actOnSiteApproval", ["Ctrl+Shift+A"], self.on_site_approval)   # 现场授权
        # a centre decision held because the clerk had withdrawn the request: carry it out or keep the withdrawal
        self.act_held = self._action("actHeldDecision", ["Ctrl+Shift+W"], self.held_decision)
        # the clerk takes back their own pending request of the open case (撤回申请)
        self.act_withdraw = self._action("actWithdrawApproval", ["Ctrl+Shift+D"], self.withdraw_approval)
        self.act_save_draft = self._action("actSaveDraft", ["Ctrl+S"], self.save_draft)
        self.act_capture = self._action("actCapture", ["F7"], self.capture_fingerprint)
        self.act_cancel = self._action("actCancelCapture", ["Esc"], self.cancel_fingerprint)
        self.act_cancel.setEnabled(False)       # only while capturing: Esc stays free for editors
        self.act_recent = [self._action(f"actRecent{i}", [f"F{i}"], lambda i=i: self.pick_recent(i - 1))
                           for i in range(1, RECENT_KEYS + 1)]

    def menu_title(self) -> str:
        """The main window's menu of this panel, with its Alt mnemonic (as 文件(&F), 视图(&V))."""
        return QCoreApplication.translate("WorkspacePanel", "业务办理(&C)")

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("WorkspacePanel", "业务办理"))
        self.applicant_box.setTitle(QCoreApplication.translate("WorkspacePanel", "申请人（Ctrl+L；插卡或 F6 读卡）"))
        self.checklist_box.setTitle(QCoreApplication.translate("WorkspacePanel", "材料清单与受理条件（空格切换状态，N 填写说明）"))
        self.steps_box.setTitle(QCoreApplication.translate("WorkspacePanel", "办理步骤"))
        self.btn_all_present.setText(QCoreApplication.translate("WorkspacePanel", "材料全部齐全（F9）"))
        self.btn_confirm.setText(QCoreApplication.translate("WorkspacePanel", "待确认条件全部符合（F10）"))
        self.btn_pdf.setText(QCoreApplication.translate("WorkspacePanel", "预览PDF（Ctrl+Shift+P）"))
        self.btn_print.setText(QCoreApplication.translate("WorkspacePanel", "打印当前文书（Ctrl+P）"))
        tabs = self.preview_tabs
        if self._decision_form is not None:
            tabs.setTabText(tabs.indexOf(self._decision_form), QCoreApplication.translate("WorkspacePanel", "核定数据"))
        tabs.setTabText(tabs.indexOf(self.preview), QCoreApplication.translate("WorkspacePanel", "告知书预览"))
        if self.pdf_view is not None:
            tabs.setTabText(tabs.indexOf(self.pdf_view), QCoreApplication.translate("WorkspacePanel", "PDF预览"))
        for action, text in ((self.act_search, QCoreApplication.translate("WorkspacePanel", "搜索业务")),
                             (self.act_new, QCoreApplication.translate("WorkspacePanel", "新办件")),
                             (self.act_read_card, QCoreApplication.translate("WorkspacePanel", "读卡")),
                             (self.act_applicant, QCoreApplication.translate("WorkspacePanel", "填写申请人")),
                             (self.act_materials, QCoreApplication.translate("WorkspacePanel", "材料清单")),
                             (self.act_conditions, QCoreApplication.translate("WorkspacePanel", "受理条件")),
                             (self.act_all_present, QCoreApplication.translate("WorkspacePanel", "材料全部齐全")),
                             (self.act_confirm, QCoreApplication.translate("WorkspacePanel", "待确认条件全部符合")),
                             (self.act_primary, QCoreApplication.translate("WorkspacePanel", "提交受理审核并决定 / 办理当前步骤 / 办结 / 归档")),
                             (self.act_print, QCoreApplication.translate("WorkspacePanel", "打印当前文书")),
                             (self.act_pdf, QCoreApplication.translate("WorkspacePanel", "预览PDF")),
                             (self.act_on_site, QCoreApplication.translate("WorkspacePanel", "现场授权")),
                             (self.act_held, QCoreApplication.translate("WorkspacePanel", "确认撤回后送达的中心决定")),
                             (self.act_withdraw, QCoreApplication.translate("WorkspacePanel", "撤回审批申请")),
                             (self.act_save_draft, QCoreApplication.translate("WorkspacePanel", "保存草稿")),
                             (self.act_capture, QCoreApplication.translate("WorkspacePanel", "采集指纹")),
                             (self.act_cancel, QCoreApplication.translate("WorkspacePanel", "取消指纹采集"))):
            action.setText(text)
        for i, action in enumerate(self.act_recent, 1):
            action.setText(QCoreApplication.translate("WorkspacePanel", "最近办理的第%1项业务").replace("%1", str(i)))
        self.card_label.setText(self.card_state)      # the card state is data: worded again in this language
        self.materials.reword()                        # the catalog's names in this language
        self.conditions.reword()
        self._reword_message()
        self._render()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
