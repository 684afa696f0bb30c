"""The clerk's workspace (业务办理): pick a service, fill the applicant, tick the checklist,
decide acceptance (6.1.1.2.2), walk the steps and close the case — keyboard first.

The draft lives in the widgets until the clerk submits (Ctrl+Enter): then the case is created,
its ticks and answers stored, submitted and decided in one background operation, and the
document it produces is printed. After that every change is written at once (a serial worker,
so the clerk's changes reach the store in order) and announced through :class:`AppEvents`.
"""

from __future__ import annotations

import html
import logging
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QFrame, QGroupBox, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QScrollArea, QSplitter, QTabWidget, QTextBrowser,
                               QVBoxLayout, QWidget)

from counter_app.domain import cases as engine
from counter_app.domain.cases import EDITABLE_STATES, Case, CaseState, TransitionRefused
from counter_app.domain.catalog import OUTCOME_NAMES, OutcomeKind
from counter_app.domain.checklist import TickState, decide
from counter_app.domain.documents import DOCUMENTS, DocumentKind
from counter_app.domain.masking import mask_id, mask_name
from counter_app.ui.tasks import TaskRunner, run_task
from counter_app.ui.workspace.applicant import ApplicantForm
from counter_app.ui.workspace.checklist import ChecklistView, ConditionsModel, MaterialsModel
from counter_app.ui.workspace.picker import RecentServices, ServicePicker, entries_of
from counter_app.ui.workspace.steps import FINGERPRINT, StepGuide

log = logging.getLogger(__name__)

DEFECTIVE_DEFAULT = "所提交材料不符合要求"


@dataclass
class OpResult:
    case_id: str | None = None
    view: object = None
    documents: list = field(default_factory=list)
    new_documents: list = field(default_factory=list)
    print_notes: list = field(default_factory=list)
    error: str = ""
    message: str = ""
    waiting: dict = field(default_factory=dict)


class WorkspacePanel(QWidget):
    """Panel(ctx, events, parent) of the main window's PANELS registry."""

    view_changed = Signal()          # the customer window re-reads customer_view_data()
    busy_changed = Signal(bool)
    ready = Signal()                 # catalog loaded

    def __init__(self, ctx, events, parent: QWidget | None = None, *, start_devices: bool = True,
                 auto_print: bool = True, today=date.today):
        super().__init__(parent)
        self.setObjectName("workspacePanel")
        self.ctx = ctx
        self.events = events
        self._today = today
        self.auto_print = auto_print
        self._ops = TaskRunner(self, max_threads=1)       # case writes, in order
        self._pending = 0
        self.catalog = None
        self.service = None
        self.case_view = None
        self.outcome = None
        self.documents: list[dict] = []
        self._printed: set[str] = set()
        self._persisted_ticks: dict = {}
        self._persisted_answers: dict = {}
        self.waiting: dict[str, str] = {}
        self.card_bridge = None
        self.card_reader = None
        self.card_state = ""
        self.fp_bridge = None
        self._fp_device = None
        self._pdf_buffer = None
        self.last_message = ""
        self._shut = False
        self.recent = RecentServices(ctx.paths.config_dir)
        self._build_ui()
        self._build_actions()
        self.retranslate()
        events.case_opened.connect(self.open_case)
        events.centre_updated.connect(self._centre_updated)
        events.reference_updated.connect(self._reference_updated)
        self._catalog_request = 0
        self._request_catalog(self._load_catalog)
        if start_devices:
            self.start_card()

    @property
    def svc(self):
        """The clerk's CaseService (counter_app.app_context.case_service). It needs SQLAlchemy and
        the store, so it is first built on a worker (the catalog load) — use it in worker code."""
        from counter_app.app_context import case_service

        return case_service(self.ctx)

    # ------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        self.picker = ServicePicker(self)
        self.picker.picked.connect(self.pick_service)
        self.service_title = QLabel(self)
        self.service_title.setObjectName("serviceTitle")
        self.service_title.setWordWrap(True)
        self.applicant = ApplicantForm(self, today=self._today)
        self.applicant.changed.connect(self._changed)
        self.applicant.advance.connect(lambda: self.materials_view.setFocus(Qt.FocusReason.TabFocusReason))
        self.facts_edit = QPlainTextEdit(self)
        self.facts_edit.setObjectName("factsEdit")
        self.facts_edit.setMaximumHeight(70)
        self.facts_edit.setTabChangesFocus(True)
        self.facts_edit.textChanged.connect(self._changed)
        self.facts_error = QLabel(self)
        self.facts_error.setObjectName("factsError")
        self.facts_error.setStyleSheet("color:#b3261e")
        self.facts_error.setWordWrap(True)
        self.card_label = QLabel(self)
        self.card_label.setObjectName("cardState")
        self.card_label.setWordWrap(True)

        self.materials = MaterialsModel(self)
        self.materials.changed.connect(self._checklist_changed)
        self.materials_view = ChecklistView(self)
        self.materials_view.setObjectName("materialsView")
        self.materials_view.setModel(self.materials)
        self.materials_view.advance.connect(lambda: self.conditions_view.setFocus(Qt.FocusReason.TabFocusReason))
        from counter_app.ui.workspace.material_capture import MaterialCapture

        self.material_capture = MaterialCapture(self)     # 拍照 (P) on a material: 高拍仪 → 已提交 with its page
        self.conditions = ConditionsModel(self)
        self.conditions.changed.connect(self._checklist_changed)
        self.conditions_view = ChecklistView(self)
        self.conditions_view.setObjectName("conditionsView")
        self.conditions_view.setModel(self.conditions)
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
        self.steps.record.connect(self.record_step)
        self.steps.publicity_start.connect(self.start_publicity)
        self.steps.publicity_close.connect(self.close_publicity)
        self.steps.verification.connect(self.record_verification)
        self.steps.capture.connect(self.capture_fingerprint)
        self.steps.cancel_capture.connect(self.cancel_fingerprint)
        self.steps.no_prints.connect(self.continue_without_prints)
        self.steps.complete.connect(self.complete_case)
        self.steps.deny.connect(self.deny_case)
        self.steps.archive.connect(self.archive_case)
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
        av.addWidget(self.facts_edit)
        av.addWidget(self.facts_error)
        av.addWidget(self.card_label)
        self.checklist_box = QGroupBox(self)
        cv = QVBoxLayout(self.checklist_box)
        h = QHBoxLayout()
        h.addWidget(self.btn_all_present)
        h.addWidget(self.btn_confirm)
        cv.addWidget(self.materials_view, 1)
        cv.addLayout(h)
        cv.addWidget(self.conditions_view, 1)
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
        self.applicant_scroll = QScrollArea(self)
        self.applicant_scroll.setObjectName("applicantScroll")
        self.applicant_scroll.setWidgetResizable(True)
        self.applicant_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.applicant_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.applicant_scroll.setWidget(self.applicant_box)
        self.applicant_scroll.setMinimumHeight(4 * self.fontMetrics().height() + 40)
        mv.addWidget(self.applicant_scroll, 1)
        mv.addWidget(self.checklist_box, 1)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.steps_box = QGroupBox(self)
        sv = QVBoxLayout(self.steps_box)
        sv.addWidget(self.case_label)
        sv.addWidget(self.steps)
        rv.addWidget(self.steps_box)
        rv.addWidget(self.preview_tabs, 1)
        rv.addWidget(self.docs_label)
        rv.addWidget(self.message_label)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(middle)
        split.addWidget(right)
        split.setStretchFactor(1, 2)
        split.setStretchFactor(2, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        # logical tab order: search → tree → applicant → materials → conditions → decide → steps
        QWidget.setTabOrder(self.picker.search, self.picker.tree)
        QWidget.setTabOrder(self.picker.tree, self.applicant.type_combo)
        QWidget.setTabOrder(self.applicant.edits["address"], self.materials_view)
        QWidget.setTabOrder(self.materials_view, self.conditions_view)
        QWidget.setTabOrder(self.conditions_view, self.btn_decide)
        self.setFocusProxy(self.picker.search)

    def _action(self, name: str, keys, slot) -> QAction:
        a = QAction(self)
        a.setObjectName(name)
        a.setShortcuts([QKeySequence(k) for k in keys])
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.triggered.connect(lambda _=False: slot())
        self.addAction(a)
        return a

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
        self.act_capture = self._action("actCapture", ["F7"], self.capture_fingerprint)
        self.act_cancel = self._action("actCancelCapture", ["Esc"], self.cancel_fingerprint)
        self.act_cancel.setEnabled(False)       # only while capturing: Esc stays free for editors

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("业务办理"))
        self.applicant_box.setTitle(self.tr("申请人（Ctrl+L；插卡或 F6 读卡）"))
        self.checklist_box.setTitle(self.tr("材料清单与受理条件（空格切换状态，N 填写说明）"))
        self.steps_box.setTitle(self.tr("办理步骤"))
        self.btn_all_present.setText(self.tr("材料全部齐全（F9）"))
        self.btn_confirm.setText(self.tr("待确认条件全部符合（F10）"))
        self.btn_pdf.setText(self.tr("预览PDF（Ctrl+Shift+P）"))
        self.btn_print.setText(self.tr("打印当前文书（Ctrl+P）"))
        self.preview_tabs.setTabText(0, self.tr("告知书预览"))
        self.facts_edit.setPlaceholderText(self.tr("规则事实与核定数据（JSON，可选）：如 {\"contribution_months\": 200, \"benefit_place_shenzhen\": true}"))
        if self.pdf_view is not None:
            self.preview_tabs.setTabText(1, self.tr("PDF预览"))
        for action, text in ((self.act_search, self.tr("搜索业务")), (self.act_new, self.tr("新办件")),
                             (self.act_read_card, self.tr("读卡")), (self.act_applicant, self.tr("填写申请人")),
                             (self.act_materials, self.tr("材料清单")), (self.act_conditions, self.tr("受理条件")),
                             (self.act_all_present, self.tr("材料全部齐全")),
                             (self.act_confirm, self.tr("待确认条件全部符合")),
                             (self.act_primary, self.tr("提交受理审核并决定 / 办理当前步骤 / 办结 / 归档")),
                             (self.act_print, self.tr("打印当前文书")), (self.act_pdf, self.tr("预览PDF")),
                             (self.act_capture, self.tr("采集指纹")), (self.act_cancel, self.tr("取消指纹采集"))):
            action.setText(text)
        self._render()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # ------------------------------------------------------------------ catalog and picker
    def _request_catalog(self, load) -> None:
        """Load a catalog on a worker; only the answer to the latest request is shown."""
        self._catalog_request += 1
        request = self._catalog_request

        def loaded(result) -> None:
            if request == self._catalog_request:
                self._catalog_loaded(result)

        run_task(load, loaded, lambda e: self._show_error(str(e)))

    def _load_catalog(self):
        # at start the shipped catalog: files only, no store, no SQLAlchemy. The status poll then
        # announces a catalog pulled from the centre (reference_updated), which replaces it.
        from counter_app.reference.catalog import default_catalog

        catalog = default_catalog()
        return catalog, entries_of(catalog)

    def _load_catalog_in_force(self):
        from counter_app.workflows.reference import current_catalog

        catalog = current_catalog(self.ctx.store)   # what CaseService starts new cases with
        return catalog, entries_of(catalog)

    def _reference_updated(self, name: str) -> None:
        if name == "catalog":
            self._request_catalog(self._load_catalog_in_force)

    def _catalog_loaded(self, result) -> None:
        self.catalog, entries = result
        self._entries = entries
        self.picker.set_catalog(entries, self.recent.codes())
        self.ready.emit()

    @property
    def is_ready(self) -> bool:
        return self.catalog is not None

    def focus_search(self) -> None:
        self.picker.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.picker.search.selectAll()

    def focus_applicant(self) -> None:
        fields = self.applicant.visible_fields()
        self.applicant.edits[fields[0]].setFocus(Qt.FocusReason.ShortcutFocusReason)

    def pick_service(self, code: str) -> None:
        if self.catalog is None:
            return
        if self.case_view is not None and self.case_view.case.state not in (CaseState.draft,):
            self._show_error(self.tr("当前办件已提交，请按 Ctrl+N 新建办件后再选择业务"))
            return
        self.service = self.catalog.get(code)
        self.picker.set_catalog(self._entries, self.recent.add(code))
        self.applicant.set_service(self.service)
        self._replan()
        self._show_message(self.tr("已选择业务：%1").replace("%1", self.service.name))
        fields = self.applicant.visible_fields()
        if all(self.applicant.edits[k].text().strip() for k in fields[:2]):
            self.materials_view.setFocus(Qt.FocusReason.OtherFocusReason)   # card already filled the applicant
        else:
            self.applicant.edits[fields[0]].setFocus(Qt.FocusReason.OtherFocusReason)

    def new_case(self) -> None:
        if self.fp_bridge is not None and self.fp_bridge.busy:
            self._show_error(self.tr("指纹采集进行中，请先取消（Esc）"))
            return
        self.service = None
        self.case_view = None
        self.outcome = None
        self.documents = []
        self.waiting = {}
        self.steps.waiting = self.waiting
        self._persisted_ticks, self._persisted_answers = {}, {}
        self.applicant.clear()
        self.facts_edit.clear()
        self.materials.set_materials([])
        self.material_capture.clear()
        self.conditions.set_conditions([])
        self._set_editable(True)
        self.picker.search.clear()
        self.steps.show_view(None)
        self.last_message = ""
        self.message_label.clear()
        self._render()
        self.focus_search()
        self.view_changed.emit()

    # ------------------------------------------------------------------ live checklist
    def _replan(self) -> None:
        if self.service is None:
            return
        plan = self.service.plan(self.applicant.applicant_type(), self.applicant.variants())
        if [m.code for m in plan.materials] != [m.code for m in self.materials.materials]:
            self.materials.set_materials(plan.materials)
        if [c.code for c in plan.conditions] != [c.code for c in self.conditions.conditions]:
            self.conditions.set_conditions(plan.conditions)
        self._recompute()

    def _changed(self) -> None:
        self._replan()
        self._render()
        self.view_changed.emit()

    def _checklist_changed(self) -> None:
        self._recompute()
        self._render()
        self.view_changed.emit()
        if self.case_view is not None and self.case_view.case.state in EDITABLE_STATES:
            self._sync_checklist()

    def facts(self) -> dict:
        """规则事实与核定数据 typed or pasted as JSON (empty: none); bad JSON keeps the text and says why."""
        import json

        from counter_app.workflows.cases import FACT_KEYS

        text = self.facts_edit.toPlainText().strip()
        if not text:
            self.facts_error.setText("")
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            self.facts_error.setText(self.tr("核定数据不是有效的 JSON：第%1行第%2列").replace("%1", str(exc.lineno))
                                     .replace("%2", str(exc.colno)))
            return {}
        if not isinstance(value, dict):
            self.facts_error.setText(self.tr("核定数据应为 JSON 对象"))
            return {}
        unknown = sorted(set(value) - FACT_KEYS)
        if unknown:
            self.facts_error.setText(self.tr("核定数据中有不认识的项目：%1").replace("%1", "、".join(unknown)))
            return {}
        self.facts_error.setText("")
        return value

    def set_facts(self, facts: dict) -> None:
        import json

        self.facts_edit.setPlainText(json.dumps(facts, ensure_ascii=False) if facts else "")

    def draft_case(self) -> Case | None:
        if self.service is None:
            return None
        base = self.case_view.case if self.case_view is not None else None
        return Case(
            id=base.id if base else "", service_code=self.service.code,
            catalog_version=base.catalog_version if base else (self.catalog.version if self.catalog else ""),
            applicant_type=self.applicant.applicant_type(), variants=self.applicant.variants(),
            state=base.state if base else CaseState.draft, case_no=base.case_no if base else "",
            applicant=self.applicant.data(), facts={**(dict(base.facts) if base else {}), **self.facts()},
            ticks=self.materials.ticks(), condition_answers=self.conditions.clerk_answers(),
            steps=list(base.steps) if base else [], missing=base.missing if base else (),
            reasons=base.reasons if base else ())

    def _recompute(self) -> None:
        case = self.draft_case()
        if case is None:
            self.outcome = None
            return
        results = engine.condition_results(case, self.service, self._today())
        self.conditions.set_rule_results(results)
        self.outcome = decide(self.service, case.applicant_type, case.variants, case.ticks, results)

    def all_present(self) -> None:
        self.materials.all_present()

    def confirm_conditions(self) -> None:
        self.conditions.confirm_pending()

    def _set_editable(self, editable: bool) -> None:
        self.materials.editable = editable
        self.conditions.editable = editable
        self.applicant.setEnabled(editable)
        if hasattr(self, "facts_edit"):
            self.facts_edit.setReadOnly(not editable)

    # ------------------------------------------------------------------ rendering
    def outcome_text(self) -> str:
        o = self.outcome
        if self.service is None:
            return self.tr("请先选择业务（Ctrl+F 搜索）")
        if o is None:
            return ""
        if o.kind is OutcomeKind.accepted:
            head = self.tr("审核结果：受理")
        elif o.kind is OutcomeKind.incomplete:
            head = self.tr("审核结果：业务指引（材料不齐全）")
        elif o.kind is OutcomeKind.not_eligible:
            head = self.tr("审核结果：不予受理")
        else:
            head = self.tr("审核结果：尚未确定")
        return head + " — " + o.summary()

    def _render(self) -> None:
        if not hasattr(self, "outcome_label"):
            return
        self.outcome_label.setText(self.outcome_text())
        self.preview.setHtml(self.preview_html())
        cv = self.case_view
        if cv is None:
            self.case_label.setText(self.tr("新办件（未提交）") if self.service else "")
        else:
            self.case_label.setText(self.tr("办件 %1 · %2 · %3").replace("%1", cv.case.case_no)
                                    .replace("%2", cv.service.name).replace("%3", engine.STATE_NAMES[cv.case.state]))
        issued = [d for d in self.documents if d.get("status") == "issued"]
        if issued:
            self.docs_label.setText(self.tr("文书：") + "；".join(
                f"《{DOCUMENTS[DocumentKind(d['kind'])].title}》{d.get('number') or ''}" for d in issued))
        else:
            self.docs_label.setText("")
        editable = cv is None or cv.case.state in EDITABLE_STATES
        self.btn_decide.setText(self.tr("提交受理审核并决定（Ctrl+Enter）") if editable else self.tr("办理（Ctrl+Enter）"))

    def preview_html(self) -> str:
        o, s = self.outcome, self.service
        if o is None or s is None:
            return ""
        e = html.escape
        if o.kind is OutcomeKind.incomplete or (o.kind is OutcomeKind.not_eligible and o.missing and not o.unmet_conditions):
            title = self.tr("业务指引告知书（预览）") if o.kind is OutcomeKind.incomplete else self.tr("不予受理决定书（预览）")
            rows = "".join(f"<tr><td>{i}</td><td>{e(m.material)}</td><td>{e(m.problem)}</td><td>{e(m.what_to_bring)}</td></tr>"
                           for i, m in enumerate(o.missing, 1))
            intro, material, problem, bring = (self.tr("请一次性补齐补正下列材料："), self.tr("材料"), self.tr("问题"),
                                               self.tr("请携带"))
            return (f"<h3>{e(title)}</h3><p>{e(s.name)}（{e(s.clause)}）</p>"
                    f"<p>{e(intro)}</p>"
                    f"<table border='1' cellspacing='0' cellpadding='3'><tr><th>#</th><th>{e(material)}</th>"
                    f"<th>{e(problem)}</th><th>{e(bring)}</th></tr>{rows}</table>")
        if o.kind is OutcomeKind.not_eligible:
            items = "".join(f"<li>{e(r)}</li>" for r in o.reasons)
            title = self.tr("不予受理决定书（预览）")
            return f"<h3>{e(title)}</h3><p>{e(s.name)}</p><ol>{items}</ol>"
        if o.kind is OutcomeKind.accepted:
            present = [m.name for m in self.materials.materials if self.materials.states.get(m.code) is TickState.present]
            items = "".join(f"<li>{e(n)}</li>" for n in present)
            limit = s.time_limit_for(self.applicant.applicant_type()).text()
            title, limit_label = self.tr("受理告知书（预览）"), self.tr("办理时限：")
            return (f"<h3>{e(title)}</h3><p>{e(s.name)}（{e(s.clause)}） · "
                    f"{e(limit_label)}{e(limit)}</p><ol>{items}</ol>")
        conds = {c.code: c.text for c in s.conditions}
        items = "".join(f"<li>{e(conds.get(c, c))}</li>" for c in o.pending_conditions)
        label = self.tr("尚待确认的受理条件：")
        return f"<p>{e(label)}</p><ol>{items}</ol>"

    def customer_view_data(self) -> dict:
        """What the customer-facing window (客户显示屏) shows of the case on screen — the one shape
        both this live view and ``case_queries.customer_view(...).as_dict()`` use:

        - ``case_id`` (str, "" for an unsaved draft) and ``case_no`` (str): which case this is;
        - ``service_name`` (str): the service's Chinese name;
        - ``applicant`` (str): the applicant's name, already masked (a unit: its name);
        - ``id_masked`` (str): the ID number or credit code, already masked;
        - ``received`` (list[str]): names of the materials received (已提交);
        - ``missing`` (list[str]): names of the materials missing or to be corrected, each
          followed by "：" and the problem (未提交 / 复印件不清晰 …);
        - ``outcome`` (str): the outcome in Chinese words for the applicant (never an internal code);
        - ``state`` (str): the case state's internal code — for logic only, never displayed.

        Every value shown is a plain string (or a list of them): the window shows nothing else.
        """
        d = self.applicant.data()
        cv = self.case_view
        received, missing = [], []
        for m in self.materials.materials:
            state = self.materials.states.get(m.code, TickState.missing)
            if state is TickState.present:
                received.append(m.name)
            else:
                problem = self.materials.notes.get(m.code) or (
                    self.tr("未提交") if state is TickState.missing else self.tr("不符合要求"))
                missing.append(m.name + "：" + problem)
        if d.get("name"):
            who, ident = mask_name(d.get("name") or ""), mask_id(d.get("id_number") or "")
        else:
            who, ident = d.get("unit_name", "") or "", mask_id(d.get("credit_code") or "")
        return {
            "case_id": cv.case.id if cv else "",
            "case_no": cv.case.case_no if cv else "",
            "service_name": self.service.name if self.service else "",
            "applicant": who,
            "id_masked": ident,
            "received": received,
            "missing": missing,
            "outcome": self.customer_outcome_text(),
            "state": cv.case.state.value if cv else "",
        }

    def customer_outcome_text(self) -> str:
        """The outcome as the applicant reads it (Chinese words, no codes)."""
        if self.service is None:
            return ""
        cv = self.case_view
        if cv is not None and cv.case.state not in EDITABLE_STATES:
            case = cv.case
            if case.state is CaseState.rejected:
                return self.tr("不符合受理条件：%1").replace("%1", "；".join(case.reasons))
            if case.state is CaseState.accepted:
                return self.tr("已受理，正在办理")
            if case.state is CaseState.completed:
                return self.tr("已办结")
            if case.state is CaseState.denied:
                return self.tr("不予认定：%1").replace("%1", "；".join(case.reasons))
            return self.tr("已归档")
        o = self.outcome
        if o is None or o.kind is None:
            return self.tr("正在核对材料")
        if o.kind is OutcomeKind.accepted:
            return self.tr("材料齐全，符合受理条件")
        if o.kind is OutcomeKind.incomplete:
            return self.tr("材料不齐全，请按《业务指引告知书》补齐补正后再来办理")
        return self.tr("不符合受理条件：%1").replace("%1", "；".join(o.reasons))

    def _step_name(self) -> str:
        step = self.steps.current_step()
        return step.name if step else ""

    # ------------------------------------------------------------------ messages / busy
    def _show_message(self, text: str) -> None:
        self.last_message = text
        self.message_label.setStyleSheet("")
        self.message_label.setText(text)
        self.events.message.emit(text)

    def _show_error(self, text: str) -> None:
        self.last_message = text
        self.message_label.setStyleSheet("color:#b3261e")
        self.message_label.setText(text)
        self.events.message.emit(text)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def _run(self, fn, done=None, *, what: str = "") -> None:
        """Run a case operation on the serial worker; OpResult comes back on the GUI thread."""
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def finish(result) -> None:
            self._pending -= 1
            try:
                if isinstance(result, BaseException):
                    log.error("workspace operation failed: %s", getattr(result, "__traceback_text__", result))
                    self._show_error(self.tr("操作失败：%1").replace("%1", str(result)))
                else:
                    self._apply(result, done)
            finally:
                if self._pending == 0:
                    self.busy_changed.emit(False)

        self._ops.run(fn, finish, finish, owner=self)

    def _wrap(self, case_id, body, known=frozenset()) -> OpResult:
        """Worker side: run ``body(case_id) -> (case_id, message)``, then reload the case and print new documents."""
        result = OpResult(case_id=case_id)
        try:
            result.case_id, result.message = body(case_id)
        except (TransitionRefused, ValueError) as exc:
            result.error = getattr(exc, "reason", None) or str(exc)
        except Exception as exc:  # device/store errors shown to the clerk
            log.exception("workspace operation failed")
            result.error = str(exc)
        if result.case_id:
            result.view = self.svc.get(result.case_id)
            result.documents = self.svc.documents(result.case_id)
            if not result.error:
                self._print_new(result, known)
            result.waiting = self._waiting_of(result.case_id)
        return result

    def _waiting_of(self, case_id) -> dict:
        """step code → what the step is waiting for, or the supervisor's refusal from the centre."""
        from counter_app.workflows.fingerprint import fingerprint_status
        from counter_app.workflows.inbox import refusals_by_step

        waiting = dict(refusals_by_step(self.ctx.store, case_id))
        try:
            if fingerprint_status(self.ctx.store, case_id) == "exempt_pending":
                waiting.setdefault("fingerprint", "无法采集指纹，等待主管审批")
        except Exception:  # the fingerprint tables may be absent in old stores
            log.debug("fingerprint status unavailable", exc_info=True)
        return waiting

    def _print_new(self, result: OpResult, known) -> None:
        from counter_app.app_context import print_queue

        for d in result.documents:
            if d.get("status") != "issued" or not d.get("issued_id") or d["issued_id"] in known:
                continue
            result.new_documents.append(d)
            if not self.auto_print:
                continue
            title = DOCUMENTS[DocumentKind(d["kind"])].title
            try:
                job = print_queue(self.ctx).submit_document(d["issued_id"], copies=self.ctx.settings.printer.copies,
                                                            clerk=self.ctx.actor)
                result.print_notes.append(self.tr("《%1》%2").replace("%1", title).replace("%2", job.state_zh))
            except Exception as exc:  # the document stays issued; print later from 文书
                result.print_notes.append(self.tr("《%1》未能打印：%2").replace("%1", title).replace("%2", str(exc)))

    def _apply(self, result: OpResult, done=None) -> None:
        if result.view is not None:
            self.documents = result.documents
            self._printed.update(d["issued_id"] for d in result.new_documents)
            self._printed.update(d["issued_id"] for d in result.documents if d.get("issued_id"))
            self.waiting = dict(result.waiting)
            self.steps.waiting = self.waiting
            self._set_view(result.view)
        if result.error:
            self._show_error(result.error)
        else:
            text = result.message
            if result.print_notes:
                text = (text + "；" if text else "") + "；".join(result.print_notes)
            self._show_message(text)
        if result.case_id:
            self.events.case_changed.emit(result.case_id)
            self.events.outbox_changed.emit()
            if result.new_documents:
                self.events.documents_changed.emit(result.case_id)
                self.events.print_jobs_changed.emit()
        if done is not None:
            done(result)
        self.view_changed.emit()

    def _set_view(self, view) -> None:
        """Show a stored case (after an operation or when opened)."""
        self.case_view = view
        self.service = view.service
        case = view.case
        self._persisted_ticks = dict(case.ticks)
        self._persisted_answers = {k: (v.met, v.reasons[0] if v.reasons else "") for k, v in case.condition_answers.items()}
        editable = case.state in EDITABLE_STATES
        self._set_editable(True)
        if self.applicant.applicant_type() != case.applicant_type or self.applicant._service is not view.service:
            self.applicant.set_service(view.service, applicant_type=case.applicant_type, variants=case.variants)
        elif tuple(self.applicant.variants()) != tuple(case.variants):
            self.applicant.set_variants(case.variants)
        plan = view.service.plan(case.applicant_type, case.variants)
        self.materials.set_materials(plan.materials, case.ticks)
        self.conditions.set_conditions(plan.conditions, case.condition_answers)
        self._set_editable(editable)
        if case.facts and not self.facts_edit.toPlainText().strip():
            self.set_facts(case.facts)
        self.facts_edit.setReadOnly(not editable)
        self._recompute()
        self.steps.show_view(view)
        self._render()
        focus = QApplication.focusWidget()
        if self.isVisible() and (focus is None or (self.isAncestorOf(focus) and not focus.isEnabled())):
            self.btn_decide.setFocus(Qt.FocusReason.OtherFocusReason)   # keep the keyboard in the workspace

    # ------------------------------------------------------------------ submit and decide
    def primary(self) -> None:
        """Ctrl+Enter: submit and decide a draft; else the current step; 办结; 归档."""
        if self.busy:
            self._show_message(self.tr("正在处理上一步，请稍候"))
            return
        cv = self.case_view
        if cv is None or cv.case.state in EDITABLE_STATES:
            self.submit_and_decide()
        elif not self.steps.primary():
            self._show_message(self.tr("办件已归档，按 Ctrl+N 办理下一件"))

    def submit_and_decide(self) -> None:
        if self.service is None:
            self._show_error(self.tr("请先选择业务（Ctrl+F 搜索业务）"))
            return
        errors = self.applicant.errors_text()
        facts = self.facts()
        if self.facts_error.text():
            self._show_error(self.facts_error.text())
            return
        if errors:
            self._show_error(self.tr("请先更正申请人信息：") + "；".join(
                f"{self.applicant.field_label(k)}{v}" for k, v in errors.items()))
            return
        problems = list(self.service.validate_selection(self.applicant.applicant_type(), self.applicant.variants()))
        case = self.draft_case()
        problems += [p for p in engine.submit_problems(case, self.service) if p not in problems]
        if problems:
            self._show_error(self.tr("不能提交：") + "；".join(problems))
            return
        outcome = self.outcome
        if outcome is None or not outcome.decided:
            conds = {c.code: c.text for c in self.service.conditions}
            pending = "、".join(conds.get(c, c) for c in (outcome.pending_conditions if outcome else ()))
            self._show_error(self.tr("尚有受理条件待确认：%1（F10 全部符合，或在受理条件中逐条确认）").replace("%1", pending))
            return
        ctx = self.ctx
        code, atype, variants = self.service.code, case.applicant_type, case.variants
        applicant, ticks = dict(case.applicant), dict(case.ticks)
        answers = {c.code: self.conditions.answers.get(c.code) for c in self.conditions.conditions
                   if not self.conditions.is_rule_row(self.conditions.conditions.index(c))}
        reasons = {c: self.conditions.reasons.get(c, "") for c in answers}
        expected = outcome.kind
        # one clean line: the outcome and what it did to the case (no state name repeated)
        decided_text = {
            OutcomeKind.accepted: self.tr("审核结果：受理，办件进入办理"),
            OutcomeKind.incomplete: self.tr("审核结果：材料不齐全，已退回补正"),
            OutcomeKind.not_eligible: self.tr("审核结果：不符合受理条件，不予受理"),
        }.get(expected, self.tr("审核结果：%1").replace("%1", OUTCOME_NAMES.get(expected, "")))

        def body(cid):  # worker: the case service (SQLAlchemy, the store) is built here
            from counter_app.app_context import case_service

            svc = case_service(ctx)
            if cid is None:
                cid = svc.create(code, atype, variants=variants, applicant=applicant, facts=facts).case.id
            else:
                svc.update(cid, applicant=applicant, variants=variants, facts=facts or None)
            self._write_checklist(cid, ticks, answers, reasons, {}, {})
            self.material_capture.flush(cid)               # pages photographed before the case existed
            state = svc.get(cid).case.state
            if state in (CaseState.draft, CaseState.returned):
                svc.submit(cid)
            svc.decide(cid, expected=expected)
            return cid, decided_text

        cid = self.case_view.case.id if self.case_view else None
        known = frozenset(self._printed)
        self._run(lambda: self._wrap(cid, body, known))

    def _write_checklist(self, cid, ticks, answers, reasons, old_ticks, old_answers) -> None:
        """Worker side: store the ticks / answers that differ from what is stored."""
        for mcode, tick in ticks.items():
            if old_ticks.get(mcode) == tick:
                continue
            problem = tick.problem or (DEFECTIVE_DEFAULT if tick.state is TickState.defective else "")
            self.svc.tick(cid, mcode, tick.state, problem)
        for ccode, met in answers.items():
            new = (met, reasons.get(ccode, "") if met is False else "")
            if old_answers.get(ccode, (None, "")) == new:
                continue
            self.svc.answer_condition(cid, ccode, met, new[1])

    def _sync_checklist(self) -> None:
        """A stored, still editable case (e.g. 退回补正): write each tick as the clerk makes it."""
        cid = self.case_view.case.id
        ticks = self.materials.ticks()
        answers = {c.code: self.conditions.answers.get(c.code) for c in self.conditions.conditions}
        reasons = dict(self.conditions.reasons)
        old_t, old_a = dict(self._persisted_ticks), dict(self._persisted_answers)
        self._persisted_ticks = dict(ticks)
        self._persisted_answers = {c: (m, reasons.get(c, "") if m is False else "") for c, m in answers.items()}

        def body(c):
            self._write_checklist(c, ticks, answers, reasons, old_t, old_a)
            return c, ""

        self._run(lambda: self._wrap_light(cid, body))

    def _wrap_light(self, cid, body) -> OpResult:
        result = OpResult(case_id=cid)
        try:
            body(cid)
        except (TransitionRefused, ValueError) as exc:
            result.error = getattr(exc, "reason", None) or str(exc)
        return result

    # ------------------------------------------------------------------ open a case (returned etc.)
    def open_case(self, case_id: str) -> None:
        if not case_id:
            return
        if self.case_view is not None and self.case_view.case.id == case_id:
            return

        def body(cid):
            return cid, ""

        def done(result: OpResult) -> None:
            if result.view is None:
                return
            cv = result.view
            self.applicant.set_data({k: cv.case.applicant.get(k, "") for k in self.applicant.edits})
            self._set_view(cv)
            if cv.case.state is CaseState.returned:
                self._show_message(self.tr("退回补正的办件：已恢复原录入信息，请勾选补齐的材料后按 Ctrl+Enter 重新提交"))
                self.materials_view.setFocus(Qt.FocusReason.OtherFocusReason)

        cv_before = self.case_view
        self.case_view = None if cv_before is None or cv_before.case.id != case_id else cv_before
        self._run(lambda: self._wrap_open(case_id), done)

    def _centre_updated(self, case_id: str) -> None:
        """The sync process applied the centre's update (审批决定、信息表) to a case: if it is the
        open one, reload it (queued behind any operation still running)."""
        if self.case_view is None or self.case_view.case.id != case_id:
            return
        note = self.tr("中心已更新本办件（审批决定或信息表），已重新载入")

        def reload() -> OpResult:
            result = self._wrap_open(case_id)
            result.message = note
            return result

        self._run(reload)

    def _wrap_open(self, case_id) -> OpResult:
        result = OpResult(case_id=case_id)
        try:
            result.view = self.svc.get(case_id)
            result.documents = self.svc.documents(case_id)
            result.waiting = self._waiting_of(case_id)
        except (TransitionRefused, ValueError) as exc:
            result.error = getattr(exc, "reason", None) or str(exc)
            result.case_id = None
        return result

    # ------------------------------------------------------------------ steps
    def _case_op(self, body, message: str = "") -> None:
        if self.case_view is None:
            self._show_error(self.tr("请先受理办件"))
            return
        if self.busy:
            self._show_message(self.tr("正在处理上一步，请稍候"))
            return
        cid = self.case_view.case.id

        def run(c):
            body(c)
            return c, message

        known = frozenset(self._printed)
        self._run(lambda: self._wrap(cid, run, known))

    def record_step(self, step_code: str, result: str, data: dict) -> None:
        name = next((s.name for s in self.case_view.service.steps if s.code == step_code), step_code) if self.case_view else step_code
        self._case_op(lambda c: self.svc.record_step(c, step_code, result, data=data),
                      self.tr("已办理步骤：%1").replace("%1", name))

    def start_publicity(self, data: dict) -> None:
        self._case_op(lambda c: self.svc.start_publicity(c, start=data.get("start", ""), end=data.get("end", ""),
                                                         work_type=data.get("work_type", "")), self.tr("公示已开始"))

    def close_publicity(self, objection: str) -> None:
        if objection == "\0":
            self._show_error(self.tr("请填写异议内容"))
            return
        self._case_op(lambda c: self.svc.close_publicity(c, objection=objection),
                      self.tr("公示有异议，请核查") if objection else self.tr("公示期满无异议"))

    def record_verification(self, eligible: bool, finding: str) -> None:
        self._case_op(lambda c: self.svc.record_verification(c, eligible=eligible, finding=finding), self.tr("已登记核查情况"))

    def complete_case(self) -> None:
        self._case_op(lambda c: self.svc.complete(c), self.tr("办件已办结"))

    def deny_case(self, reason: str) -> None:
        self._case_op(lambda c: self.svc.deny(c, [reason]), self.tr("已作出不予认定决定"))

    def archive_case(self) -> None:
        self._case_op(lambda c: self.svc.archive(c), self.tr("办件已归档"))

    # ------------------------------------------------------------------ printing / preview
    def current_document(self) -> dict | None:
        issued = [d for d in self.documents if d.get("status") == "issued" and d.get("issued_id")]
        return issued[-1] if issued else None

    def print_current(self) -> None:
        doc = self.current_document()
        if doc is None:
            self._show_error(self.tr("当前办件还没有出具文书"))
            return
        from counter_app.app_context import print_queue

        ctx, cid, doc_id = self.ctx, doc.get("fields", {}).get("case_id", ""), doc["issued_id"]
        title = DOCUMENTS[DocumentKind(doc["kind"])].title
        printed = doc_id in self._printed

        def op():
            pq = print_queue(ctx)
            return pq.reprint(doc_id, clerk=ctx.actor) if printed else pq.submit_document(doc_id, clerk=ctx.actor)

        def done(job) -> None:
            self._printed.add(doc_id)
            self._show_message(self.tr("《%1》已送打印：%2").replace("%1", title).replace("%2", job.state_zh))
            self.events.print_jobs_changed.emit()
            if cid:
                self.events.documents_changed.emit(cid)

        run_task(op, done, lambda e: self._show_error(self.tr("打印失败：%1").replace("%1", str(e))))

    def preview_document_kind(self) -> DocumentKind | None:
        if self.case_view is not None and self.case_view.case.state not in EDITABLE_STATES:
            doc = self.current_document()
            return DocumentKind(doc["kind"]) if doc else None
        return self.outcome.document if self.outcome is not None and self.outcome.decided else None

    def preview_pdf(self) -> None:
        """预览PDF: render the notice on a worker and show it in a QPdfView (on request only)."""
        kind = self.preview_document_kind()
        if kind is None or self.service is None:
            self._show_error(self.tr("审核结果尚未确定，暂无可预览的文书"))
            return
        from counter_app.printing.templates import render_pdf

        doc = self.current_document() if self.case_view is not None and self.case_view.case.state not in EDITABLE_STATES else None
        if doc is not None:
            fields, number = doc["fields"], doc.get("number") or self.tr("（预览）")
        else:
            case = self.draft_case()
            case.missing = self.outcome.missing
            case.reasons = self.outcome.reasons
            office = self.ctx.settings.office
            fields = engine.document_fields(case, kind, service=self.service, clerk=self.ctx.actor, on=self._today(),
                                            office=office.name, office_code=office.code,
                                            workstation_id=office.workstation_id)
            number = self.tr("（预览）")
        font_path = self.ctx.settings.ui.font_path
        run_task(lambda: render_pdf(kind, fields, number, font_path=font_path), self._show_pdf,
                 lambda e: self._show_error(self.tr("预览失败：%1").replace("%1", str(e))))

    def _show_pdf(self, pdf: bytes) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        if self.pdf_view is None:
            self.pdf_document = QPdfDocument(self)
            self.pdf_view = QPdfView(self)
            self.pdf_view.setObjectName("pdfView")
            self.pdf_view.setDocument(self.pdf_document)
            self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.preview_tabs.addTab(self.pdf_view, self.tr("PDF预览"))
        self.pdf_document.close()
        buf = QBuffer(self)
        buf.setData(QByteArray(pdf))
        buf.open(QIODevice.OpenModeFlag.ReadOnly)
        old, self._pdf_buffer = self._pdf_buffer, buf
        self.pdf_document.load(buf)
        if old is not None:
            old.deleteLater()
        self.preview_tabs.setCurrentWidget(self.pdf_view)

    # ------------------------------------------------------------------ card
    def start_card(self) -> None:
        """Open the configured reader on a worker and watch for inserted cards."""
        from counter_app.app_context import open_card

        ctx = self.ctx

        def open_reader():
            reader = open_card(ctx)
            # the watch that _card_opened starts on the GUI thread needs this module: import it here
            import counter_app.devices.card.watcher  # noqa: F401

            return reader

        run_task(open_reader, self._card_opened, lambda e: self._card_error(str(e)))

    def _card_opened(self, reader) -> None:
        from counter_app.ui.card_bridge import CardBridge

        if self._shut:
            reader.close()
            return
        self.card_reader = reader
        self.card_bridge = CardBridge(reader, self, today=self._today)
        self.card_bridge.card_inserted.connect(self._card_inserted)
        self.card_bridge.card_removed.connect(lambda: self._set_card_state(self.tr("读卡器就绪（卡已拔出）")))
        self.card_bridge.card_error.connect(self._card_error)
        self.card_bridge.card_warning.connect(self._card_warning)
        self.card_bridge.start()
        self._set_card_state(self.tr("读卡器就绪"))

    def read_card(self) -> None:
        if self.card_bridge is None:
            self.start_card()
            return
        self.card_bridge.read_now(0.0)

    def _card_inserted(self, record) -> None:
        if self.case_view is not None and self.case_view.case.state not in EDITABLE_STATES:
            self._set_card_state(self.tr("已读卡：当前办件已受理，按 Ctrl+N 新建办件后再插卡"))
            return
        self.applicant.fill_from_card(record)
        self._set_card_state(self.tr("已读卡：%1 %2").replace("%1", mask_name(record.name))
                             .replace("%2", mask_id(record.social_security_number)))

    def _card_warning(self, text: str) -> None:
        self.applicant.warning.setText(text)

    def _card_error(self, text: str) -> None:
        self._set_card_state(self.tr("读卡器：%1").replace("%1", text))

    def _set_card_state(self, text: str) -> None:
        self.card_state = text
        self.card_label.setText(text)
        status = getattr(self.window(), "status", None)
        if status is not None and hasattr(status, "update_info"):
            status.update_info(card_state=text)
        self.events.devices_changed.emit()

    # ------------------------------------------------------------------ fingerprint (6.6.1.1.2.3)
    def use_fingerprint_device(self, device) -> None:
        """Use an already opened device (tests, the device panel); the bridge does not close it."""
        self._fp_device = device

    def _fingerprint(self):
        if self.fp_bridge is None:
            from counter_app.app_context import open_fingerprint_device
            from counter_app.ui.fingerprint_bridge import FingerprintBridge

            if self._fp_device is not None:
                self.fp_bridge = FingerprintBridge(self._fp_device, parent=self)
            else:
                ctx = self.ctx
                self.fp_bridge = FingerprintBridge(opener=lambda: open_fingerprint_device(ctx), parent=self)
            self.fp_bridge.stage_progress.connect(self.steps.on_stage)
            self.fp_bridge.quality.connect(self.steps.on_quality)
            self.fp_bridge.busy_changed.connect(self._fp_busy)
            self.fp_bridge.finished.connect(self._fp_finished)
            self.fp_bridge.failed.connect(self._fp_failed)
        return self.fp_bridge

    def capture_fingerprint(self) -> None:
        if self.case_view is None or self.steps.current_page() != FINGERPRINT:
            self._show_error(self.tr("当前步骤不是指纹采集"))
            return
        bridge = self._fingerprint()
        self.steps.on_stage(0, 1)
        self.steps.on_quality(self.tr("请将手指平放在采集器上"))
        bridge.capture_for_case(self.ctx.store, self.case_view.case.id, clerk=self.ctx.actor,
                                workstation_id=self.ctx.settings.office.workstation_id,
                                keep_image=self.ctx.settings.fingerprint.keep_images, timeout=30)

    def cancel_fingerprint(self) -> None:
        if self.fp_bridge is not None and self.fp_bridge.busy:
            self.fp_bridge.cancel()

    def _fp_busy(self, busy: bool) -> None:
        self.steps.set_capturing(busy)
        self.act_cancel.setEnabled(busy)
        status = getattr(self.window(), "status", None)
        if status is not None and hasattr(status, "update_info"):
            status.update_info(fingerprint_state=self.tr("指纹采集中") if busy else self.tr("指纹采集器空闲"))

    def _fp_finished(self, stored) -> None:
        step = self.steps.current_step()
        if step is None or self.case_view is None:
            return
        self.steps.on_quality(self.tr("指纹已采集，质量%1").replace("%1", getattr(stored.quality, "label", str(stored.quality))))
        self.record_step(step.code, "done", {"template_ref": stored.template_id})

    def _fp_failed(self, message: str) -> None:
        self.steps.on_quality(message)
        self._show_error(message + self.tr("（F7 重试；确实无法采集时填写原因后点“无法采集指纹”）"))

    def continue_without_prints(self, reason: str) -> None:
        """无法采集指纹: the reason is required; the case then waits for a supervisor."""
        if not reason:
            self._show_error(self.tr("请填写无法采集指纹的原因"))
            self.steps.fp_reason.setFocus()
            return
        step = self.steps.current_step()
        if step is None or self.case_view is None:
            return
        from counter_app.workflows.fingerprint import FingerprintWorkflowError, continue_without_prints

        ctx, code = self.ctx, step.code

        def body(c):
            try:
                continue_without_prints(ctx.store, c, reason, clerk=ctx.actor,
                                        workstation_id=ctx.settings.office.workstation_id)
            except FingerprintWorkflowError as exc:
                raise TransitionRefused(str(exc)) from exc
            self.svc.record_step(c, code, "failed", data={"reason": reason})

        self._case_op(body, "已登记无法采集指纹，办件等待主管审批")

    # ------------------------------------------------------------------ shutdown
    def shutdown(self) -> None:
        """Stop the card watcher, cancel and close the fingerprint bridge, wait for case writes."""
        self._shut = True
        if self.card_bridge is not None:
            self.card_bridge.stop()
            self.card_bridge = None
        if self.card_reader is not None:
            try:
                self.card_reader.close()
            except Exception:
                log.debug("card reader close failed", exc_info=True)
            self.card_reader = None
        if self.fp_bridge is not None:
            self.fp_bridge.close()
            self.fp_bridge = None
        self._ops.wait(10000)
