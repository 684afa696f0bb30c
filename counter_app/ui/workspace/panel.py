"""The clerk's workspace (业务办理): pick a service, fill the applicant, tick the checklist,
decide acceptance (6.1.1.2.2), walk the steps and close the case — keyboard first.

The draft lives in the widgets until the clerk submits (Ctrl+Enter): then ONE use case
(``workflows.accept.accept_draft``) creates, ticks, answers, submits and decides it in one
transaction, and the document it produces is printed. After that every change is written at once
(a serial worker, so the clerk's changes reach the store in order). Each operation returns what it
changed and the task runner announces it through :class:`AppEvents` (``ui.workspace.ops``).

The words shown (outcome line, notice preview, customer screen) come from ``domain.case_text``;
the card and fingerprint readers from ``ui.workspace.devices``; the 核定 data from the typed
form of ``ui.workspace.decision_form``.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtWidgets import QWidget

from counter_app.domain import case_text
from counter_app.ui.catalog_text import catalog_tr
from counter_app.domain.masking import mask_id, mask_name
from counter_app.domain.terms import EDITABLE_STATES, TICK_NAMES, CaseState, TickState
from counter_app.ui.device_state import DeviceState
from counter_app.ui.tasks import TaskRunner, run_task
from counter_app.ui.words import state_name
from counter_app.ui.document_titles import kind_title
from counter_app.ui.workspace.devices import WorkspaceDevices
from counter_app.ui.workspace.focus import FocusAfterAction
from counter_app.ui.workspace.ops import CaseOps, OpResult, with_print_notes
from counter_app.ui.workspace.panel_documents import DocumentsMixin
from counter_app.ui.workspace.panel_layout import LayoutMixin
from counter_app.ui.workspace.panel_steps import StepsMixin
from counter_app.ui.workspace.picker import RecentServices, entries_of

# domain.case_text words the clerk reads under the checklist, worded through this panel's tr():
# listed here for lupdate (it reads counter_app/ui only), else they stayed Chinese in the English UI
OUTCOME_WORDS = (
    QT_TRANSLATE_NOOP("WorkspacePanel", "请先选择业务（Ctrl+F 搜索）"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "审核结果：受理"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "审核结果：业务指引（材料不齐全）"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "审核结果：业务指引（暂不满足受理条件）"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "审核结果：不予受理"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "审核结果：尚未确定"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "审核结果：请更正申请人信息"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "；"),
    # case_text.decided_line: the message once the clerk has decided
    QT_TRANSLATE_NOOP("WorkspacePanel", "审核结果：受理，办件进入办理"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "审核结果：材料不齐全，已退回补正"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "审核结果：暂不满足受理条件，已退回并告知办理指引"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "审核结果：不符合受理条件，不予受理"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "审核结果：已决定"),
    # case_text.customer_outcome: what the applicant reads on the customer screen (客户显示屏)
    QT_TRANSLATE_NOOP("WorkspacePanel", "正在核对材料"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "材料齐全，符合受理条件"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "材料不齐全，请按《业务指引告知书》补齐补正后再来办理"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "暂不满足受理条件，请按《业务指引告知书》的指引办理后再来申请"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "不符合受理条件：%1"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "已受理，正在办理"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "已办结"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "不予认定：%1"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "已归档"),
    # case_text.preview_html / correction_html: the preview's own words around the notice (the notice
    # itself stays Chinese, as it is issued)
    QT_TRANSLATE_NOOP("WorkspacePanel", "%1（预览）"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "受理（本事项受理时不出具告知书）"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "办理时限："),
    QT_TRANSLATE_NOOP("WorkspacePanel", "尚待确认的受理条件："),
    QT_TRANSLATE_NOOP("WorkspacePanel", "请更正申请人信息"),
    QT_TRANSLATE_NOOP("WorkspacePanel", "申请人信息有误，更正后才能提交受理审核；此时不出具任何文书。"),
)

if TYPE_CHECKING:   # the case engine and the drafts load with the catalog, on a worker (start-up)
    from counter_app.app_context import AppContext
    from counter_app.domain.case_engine import Case
    from counter_app.domain.catalog import Catalog
    from counter_app.domain.drafts import Draft
    from counter_app.ui.events import AppEvents

log = logging.getLogger(__name__)



class WorkspacePanel(LayoutMixin, StepsMixin, DocumentsMixin, QWidget):
    """Panel(ctx, events, parent) of the main window's PANELS registry. The state and widgets it
    shares with its mixins are typed in :class:`~counter_app.ui.workspace.panel_host.PanelHost`."""

    view_changed = Signal()          # the customer window re-reads customer_view_data()
    busy_changed = Signal(bool)
    ready = Signal()                 # catalog loaded

    def __init__(self, ctx: AppContext, events: AppEvents, parent: QWidget | None = None, *, start_devices: bool = True,
                 auto_print: bool = True, today: Callable[[], date] = date.today):
        super().__init__(parent)
        self.setObjectName("workspacePanel")
        self.ctx = ctx
        self.events = events
        self._today = today
        self.auto_print = auto_print
        self._ops = TaskRunner(self, max_threads=1)       # case writes, in order
        self._pending = 0
        self.catalog: Catalog | None = None
        self.service = None
        self.case_view = None
        self.outcome = None
        self.documents: list[dict] = []
        self._printed: set[str] = set()
        self._persisted_ticks: dict = {}
        self._persisted_answers: dict = {}
        self.waiting: dict = {}     # step code → ops.StepWaiting
        self._facts: dict = {}                 # rule facts from the person's record (or set_facts)
        self._params: object = None            # policy parameters in force (read on the worker; OpResult.params)
        self.card_device_state = None          # the card line's state (ui.device_state), worded when shown
        self.devices = WorkspaceDevices(ctx, events, self, today=today)
        self._fp_steps: dict[str, tuple[str, str]] = {}   # case id → (step code, name) of the capture under way
        self.devices.card_state.connect(self._show_card_state)
        self.devices.card_read.connect(self._card_inserted)
        self.devices.card_warning.connect(lambda text: self.applicant.show_warning(text))
        self.devices.fp_busy.connect(self._fp_busy)
        self.devices.fp_finished.connect(self._fp_finished)
        self.devices.fp_failed.connect(self._fp_failed)
        self.case_ops = CaseOps(ctx, auto_print=auto_print)
        self._pdf_buffer = None
        self.last_message = ""
        self._message_words: Callable[[], str] | None = None    # the error line as data (_show_error)
        self.recent = RecentServices(ctx.paths.config_dir)
        self._focus = FocusAfterAction(self)
        self._build_ui()
        self.conditions.refused.connect(self._explain_refused)
        self.devices.fp_stage.connect(self.steps.on_stage)
        self.devices.fp_quality.connect(self.steps.on_quality)
        self._build_actions()
        self.retranslate()
        events.case_opened.connect(self.open_case)
        events.centre_updated.connect(self._centre_updated)
        events.reference_updated.connect(self._reference_updated)
        self._catalog_request = 0
        self._request_catalog(self._load_catalog)
        self.id_devices = None          # 居民身份证阅读器 + 电子社保卡扫码枪 (counter_app.ui.idcard_bridge)
        if start_devices:
            self.devices.start_card()
            from counter_app.ui.idcard_bridge import attach_id_devices

            self.id_devices = attach_id_devices(self)

    @property
    def workflow(self):
        """The clerk's CaseWorkflow (counter_app.app_context.case_workflow). It needs SQLAlchemy and
        the store, so it is first built on a worker (the catalog load) — use it in worker code."""
        return self.case_ops.workflow

    # the devices (ui.workspace.devices), as tests and the screenshot driver reach them
    card_bridge = property(lambda self: self.devices.card_bridge)
    card_reader = property(lambda self: self.devices.card_reader)
    fp_bridge = property(lambda self: self.devices.fp_bridge,
                         lambda self, value: setattr(self.devices, "fp_bridge", value))

    def start_card(self) -> None:
        self.devices.start_card()

    def read_card(self) -> None:
        self.devices.read_card()

    def use_fingerprint_device(self, device) -> None:
        self.devices.use_fingerprint_device(device)

    # ------------------------------------------------------------------ catalog and picker
    def _request_catalog(self, load) -> None:
        """Load a catalog on a worker; only the answer to the latest request is shown."""
        self._catalog_request += 1
        request = self._catalog_request

        def loaded(result) -> None:
            if request == self._catalog_request:
                self._catalog_loaded(result)

        run_task(load, loaded, self._catalog_failed)

    def _catalog_failed(self, exc: BaseException) -> None:
        from counter_app.ui.messages import plain_text

        log.warning("catalog could not be loaded: %r", exc)
        self._show_error(plain_text(exc))

    def _load_catalog(self):
        # at start the shipped catalog: files only, no store, no SQLAlchemy. The status poll then
        # announces a catalog pulled from the centre (reference_updated), which replaces it.
        from counter_app.reference.catalog import default_catalog

        catalog = default_catalog()
        return catalog, entries_of(catalog)

    def _load_catalog_in_force(self):
        from counter_app.workflows.reference import current_catalog

        catalog = current_catalog(self.ctx.store)   # what CaseWorkflow starts new cases with
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
        self._show_message(self.tr("已选择业务：%1").replace("%1", catalog_tr(self.service.name)))
        fields = self.applicant.visible_fields()
        if all(self.applicant.edits[k].text().strip() for k in fields[:2]):
            self.materials_view.setFocus(Qt.FocusReason.OtherFocusReason)   # card already filled the applicant
        else:
            self.applicant.edits[fields[0]].setFocus(Qt.FocusReason.OtherFocusReason)

    def pick_recent(self, index: int) -> None:
        """F1 … F4: the n-th recent service, in one key (the picker shows the list)."""
        codes = self.recent.codes()
        if 0 <= index < len(codes) and self.catalog is not None and codes[index] in {s.code for s in self.catalog.services}:
            self.pick_service(codes[index])
        else:
            self._show_error(self.tr("没有第%1项最近办理的业务").replace("%1", str(index + 1)))

    def ask(self, title: str, text: str) -> bool:
        """A yes / no question to the clerk (a dialog; tests replace this method)."""
        from counter_app.ui.dialogs import ConfirmDialog

        return ConfirmDialog.ask(title, text, self)

    def has_unsubmitted_draft(self) -> bool:
        """A service chosen and something entered that no transaction has stored yet."""
        if self.service is None or (self.case_view is not None and self.case_view.case.state not in EDITABLE_STATES):
            return False
        if self.case_view is not None:         # a stored 退回补正 case: ticks are written as made
            return False
        ticks = self.materials.ticks()
        return bool(self.applicant.data()) or any(t.state is not TickState.missing for t in ticks.values())

    def confirm_discard(self) -> bool:
        """Ctrl+N, closing the window and logging out ask before an unsubmitted draft is lost."""
        if not self.has_unsubmitted_draft() or self.service is None:     # a draft has its service
            return True
        return self.ask(self.tr("放弃未提交的办件"),
                        self.tr("「%1」的办件尚未提交（Ctrl+Enter），放弃后录入的信息不会保存（Ctrl+S 可先保存草稿）。确定放弃吗？")
                        .replace("%1", catalog_tr(self.service.name)))

    def capture_holds_the_case(self) -> bool:
        """The fingerprint reader or the 高拍仪 is working for the case on screen: the workspace stays
        on that case until the capture ends (or is cancelled), and the clerk is told why. Its result
        is the case's it was started for in any event (:meth:`_fp_finished`, MaterialCapture)."""
        if self.devices.capturing:
            self._show_error(self.tr("指纹采集进行中，请先取消（Esc）"))
            return True
        if self.material_capture_made is not None and self.material_capture_made.busy:
            self._show_error(self.tr("正在拍照，请等拍照完成后再切换办件"))
            return True
        return False

    def new_case(self) -> None:
        if self.capture_holds_the_case():
            return
        if not self.confirm_discard():
            return
        self.clear_case()

    def clear_case(self) -> None:
        """An empty workspace for the next applicant (stale hints cleared)."""
        self.service = None
        self.case_view = None
        self.outcome = None
        self.documents = []
        self.waiting = {}
        self.steps.waiting = self.waiting
        self._persisted_ticks, self._persisted_answers = {}, {}
        self.applicant.clear()
        self._facts = {}
        if self.card_bridge is not None:
            self._set_card_state(DeviceState("card.ready"))
        else:
            self.card_device_state = None                  # the form's card line: nothing from the last card
            self.card_label.clear()
        self.materials.set_materials([])
        if self.material_capture_made is not None:
            self.material_capture_made.clear()
        self.conditions.set_conditions([])
        self._set_editable(True)
        self.picker.search.clear()
        self.steps.show_view(None)
        self.last_message, self._message_words = "", None
        self.message_label.clear()
        self.events.messages_stale.emit()     # the previous case's notes (banner, status bar) go too
        self._render()
        self._focus.forget()
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
        """Rule facts of the draft: from the person's record (or handed in by ``set_facts``), what a
        read 居民身份证 says (fact ``id_card``: number and validity) and the registry record looked
        up for this applicant (fact ``registry``, record_lookup.py)."""
        return {**self._facts, **self.applicant.card_facts(), **self.record_lookup.facts()}

    def set_facts(self, facts: dict) -> None:
        """Rule facts and 核定 data from the core system's record of the person (no JSON box)."""
        self._facts = dict(facts or {})
        self._changed()

    def draft_case(self) -> Case | None:
        if self.service is None:
            return None
        from counter_app.domain.case_engine import Case

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
        if case is None or self.service is None:     # a draft case is the chosen service's
            self.outcome = None
            return
        from counter_app.domain import case_engine
        from counter_app.domain.checklist import decide

        results = case_engine.condition_results(case, self.service, self._today())
        self.conditions.set_rule_results(results)
        self.outcome = decide(self.service, case.applicant_type, case.variants, case.ticks, results)

    def all_present(self) -> None:
        self.materials.all_present()

    def confirm_conditions(self) -> None:
        """F10: the clerk's judgments confirmed; what waits for the record is named, with what it needs."""
        by_row, locked = self.conditions.confirm_pending()
        notes = [text for codes, words in ((by_row, self._by_row_words), (locked, self._record_words))
                 if codes and (text := words(codes))]
        if notes:
            self._show_error(self.tr("F10 不确认档案才能说明的事实：") + self.tr("；").join(notes))

    def _condition_names(self, codes) -> str:
        names = {c.code: catalog_tr(c.text) for c in (self.service.conditions if self.service else ())}
        return self.tr("、").join(names.get(c, c) for c in codes)

    def _by_row_words(self, codes) -> str:
        """Pending record facts the catalog lets the clerk accept provisionally offline: row by row."""
        return self.tr("%1（离线暂予受理须在受理条件中逐条按空格确认，联网后由中心复核）").replace(
            "%1", self._condition_names(codes))

    def _record_words(self, codes) -> str:
        """Conditions only the 参保档案 can decide: no key confirms them."""
        return self.tr("%1（须查询参保档案后由系统核验，不能按键确认）").replace("%1", self._condition_names(codes))

    def _explain_refused(self, codes: list) -> None:
        """Space on a row waiting for the record: said instead of nothing happening."""
        self._show_error(self._record_words(codes))

    def _set_editable(self, editable: bool) -> None:
        self.materials.editable = editable
        self.conditions.editable = editable
        self.applicant.setEnabled(editable)

    # ------------------------------------------------------------------ rendering
    def applicant_problems(self) -> list[str]:
        """What is wrong in the applicant's data still being entered (each naming its field); while
        there is any, nothing is decided: the outcome line and the preview say to correct it."""
        cv = self.case_view
        if self.service is None or (cv is not None and cv.case.state not in EDITABLE_STATES):
            return []
        from counter_app.ui.messages import headed_text

        return [headed_text(self.applicant.field_label(k), v) for k, v in self.applicant.errors_text().items()]

    def outcome_text(self) -> str:
        problems = self.applicant_problems()
        if problems and self.outcome is not None:
            return case_text.correction_line(problems, self.tr)
        if self.service is None or self.outcome is None:     # nothing to word (the window at start)
            return case_text.outcome_line(self.service, self.outcome, self.tr)
        from counter_app.ui.refusals import summary_text

        return case_text.outcome_line(self.service, self.outcome, self.tr, summary_text)

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
                                    .replace("%2", catalog_tr(cv.service.name)).replace("%3", state_name(cv.case.state)))
        issued = [d for d in self.documents if d.get("status") == "issued"]
        if issued:
            # the official titles and 文号 as issued; the brackets and separators the templates'
            def line(short: bool) -> str:
                return self.tr("文书：%1").replace("%1", self.tr("；").join(
                    self.tr("《%1》%2").replace("%2", d.get("number") or "").replace(
                        "%1", kind_title(d["kind"], short=short)) for d in issued))
            # in English the title without its Chinese (the column's height is the 核定 form's), whole in the tooltip
            shown, whole = line(True), line(False)
            self.docs_label.setText(shown)
            self.docs_label.setToolTip(whole if whole != shown else "")
        else:
            self.docs_label.setText("")
            self.docs_label.setToolTip("")
        editable = cv is None or cv.case.state in EDITABLE_STATES
        self.btn_decide.setText(self.tr("提交受理审核并决定（Ctrl+Enter）") if editable else self.tr("办理（Ctrl+Enter）"))

    def preview_html(self) -> str:
        problems = self.applicant_problems()
        if problems and self.outcome is not None:
            return case_text.correction_html(self.service, problems, self.tr, catalog_tr)
        present = [m.name for m in self.materials.materials if self.materials.states.get(m.code) is TickState.present]
        return case_text.preview_html(self.service, self.outcome, applicant_type=self.applicant.applicant_type(),
                                      present=present, tr=self.tr, catalog=catalog_tr)

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
                # the applicant's words, Chinese as the material's name beside them (and as
                # case_queries.customer_view gives them): not the clerk's language
                problem = self.materials.notes.get(m.code) or TICK_NAMES[state]
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
        """The outcome as the applicant reads it (Chinese words, no codes): domain.case_text."""
        if self.service is None:
            return ""
        cv = self.case_view
        if cv is not None and cv.case.state not in EDITABLE_STATES:
            return case_text.customer_outcome(cv.case.state, cv.case.reasons, tr=self.tr)
        if self.applicant_problems():        # a typo being corrected is no verdict for the applicant either
            return case_text.customer_outcome(None, tr=self.tr)
        return case_text.customer_outcome(None, live=self.outcome, tr=self.tr)

    def _step_name(self) -> str:
        step = self.steps.current_step()
        return step.name if step else ""

    # ------------------------------------------------------------------ messages / busy
    def _show_message(self, text: str, *, notice: bool = False) -> None:
        """A routine outcome (已办理步骤：…, 已选择业务：…): whole in the panel's message line, and in
        the status bar, cut to its room when long — never the banner above the panels, which took the
        核定 form's height for every step done in English. ``notice``: something the clerk must see
        to (a document left waiting or not printed): whole in the banner when the status bar is short."""
        self._message_words = None
        self.last_message = text
        self.message_label.setStyleSheet("")
        self.message_label.setText(text)
        (self.events.message if notice else self.events.note).emit(text)

    def _show_error(self, text: "str | Callable[[], str]") -> None:
        """``text``, or a function wording it now in the language of the UI: called again on a language
        switch (an error kept as data, e.g. the fingerprint reader's), so the line re-words."""
        self._message_words = text if callable(text) else None
        text = text() if callable(text) else text
        self.last_message = text
        self.message_label.setStyleSheet("color:#b3261e")
        self.message_label.setText(text)
        self.events.message.emit(text)

    def _reword_message(self) -> None:
        """On a language switch: the error line again, when it was given as data."""
        if self._message_words is not None:
            self.last_message = self._message_words()
            self.message_label.setText(self.last_message)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def _run(self, fn: Callable[[], OpResult], done: Callable[[OpResult], None] | None = None, *,
             for_case: str | None = None) -> None:
        """Run a case operation on the serial worker; its OpResult comes back on the GUI thread and
        the task runner announces its ``changes`` (no change event is emitted by hand here).
        ``for_case``: the operation stores what a device took for that case (a capture that ends
        on its own time); when the workspace shows another case by then, the screen stays on it."""
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)

        def finish(result) -> None:
            self._pending -= 1
            try:
                if isinstance(result, BaseException):
                    log.error("workspace operation failed: %s", getattr(result, "__traceback_text__", result))
                    self._show_error(self.tr("操作未能完成，请重试；问题持续请联系技术支持（详情已记入日志）"))
                elif for_case is not None and (self.case_view is None or self.case_view.case.id != for_case):
                    self._apply_elsewhere(result, for_case)
                else:
                    self._apply(result, done)
            finally:
                if self._pending == 0:
                    self.busy_changed.emit(False)

        self._ops.run_op(fn, finish, finish, events=self.events, owner=self)

    def _apply(self, result: OpResult, done: Callable[[OpResult], None] | None = None) -> None:
        if result.view is not None:
            self.documents = result.documents
            self._printed.update(d["issued_id"] for d in result.documents if d.get("issued_id"))
            self.waiting = dict(result.waiting)
            self.steps.waiting = self.waiting
            if result.params is not None:
                self._params = result.params
            self._set_view(result.view)
        if isinstance(result.refusal, str):     # a domain.refusals.Refusal: data, worded now and again on a language switch
            from counter_app.ui.refusals import refusal_text

            refusal = result.refusal
            self._show_error(lambda: refusal_text(refusal))
        elif result.error:
            self._show_error(result.error)
        else:
            self._show_message(with_print_notes(result.message, result.print_notes),    # worded now, here
                               notice=any(n.error or n.state == "waiting" for n in result.print_notes))
        if done is not None:
            done(result)
        self.view_changed.emit()

    def _apply_elsewhere(self, result: OpResult, case_id: str) -> None:
        """The result of an operation on a case the workspace no longer shows: the case on screen
        stays; the note says which case it was about."""
        self._printed.update(d["issued_id"] for d in result.documents if d.get("issued_id"))

        def on_case(text: str) -> str:
            return self.tr("办件 %1：%2").replace("%1", case_id).replace("%2", text)

        if isinstance(result.refusal, str):
            from counter_app.ui.refusals import refusal_text

            refusal = result.refusal
            self._show_error(lambda: on_case(refusal_text(refusal)))
        elif result.error:
            error = result.error
            self._show_error(lambda: on_case(error))
        else:
            self._show_message(on_case(with_print_notes(result.message, result.print_notes)))

    def _set_view(self, view) -> None:
        """Show a stored case (after an operation or when opened)."""
        self.case_view = view
        self.service = view.service
        case = view.case
        self._persisted_ticks = dict(case.ticks)
        self._persisted_answers = {k: (v.met, v.note or (v.reasons[0] if v.reasons else ""))
                                   for k, v in case.condition_answers.items()}
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
        if case.facts and not self._facts:
            self._facts = dict(case.facts)
        self._recompute()
        self.steps.show_view(view)
        self._show_decision_form(view)
        self._render()
        self._focus.case_shown()        # the next control to use, when the case moved on (focus.py)

    def _show_decision_form(self, view) -> None:
        """The typed 核定 form of the open step, when the catalog declares 核定数据 for it."""
        from counter_app.ui.workspace.decision_form import rule_context, takes_form

        step = next((s for s in view.service.steps if s.code == view.next_step), None) \
            if view.case.state is CaseState.accepted else None
        if step is None or not takes_form(step):
            if self.decision_form_made is not None:      # never made: nothing on it to clear
                self.decision_form_made.clear()
            return
        on = self._today()
        self.decision_form.show_step(view.service.code, step, dict(view.case.facts),
                                     rule_context(view.case, on, self._params))

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
        wrong = self.applicant_problems()
        if wrong:
            self._show_error(self.tr("请先更正申请人信息：") + self.tr("；").join(wrong))
            return
        from counter_app.domain import case_engine
        from counter_app.ui.refusals import problems_text

        problems = list(self.service.validate_selection(self.applicant.applicant_type(), self.applicant.variants()))
        case = self.draft_case()
        if case is None:        # never: a service is chosen
            return
        problems += [p for p in case_engine.submit_problems(case, self.service) if p not in problems]
        if problems:
            self._show_error(lambda: self.tr("不能提交：") + problems_text(problems))
            return
        outcome = self.outcome
        if outcome is None or not outcome.decided:
            self._show_error(self._pending_text(outcome.pending_conditions if outcome else ()))
            return
        draft = self.current_draft()
        message = case_text.decided_line(outcome.kind, self.tr, guided_only=outcome.guided_only)
        known = frozenset(self._printed)
        self._run(lambda: self.case_ops.accept(draft, outcome.kind, known, message, during=self.material_capture.attach_within))

    def _pending_text(self, pending) -> str:
        """Why 受理 cannot be decided yet, each pending condition with the key that confirms it (or
        that none does): the clerk's judgments F10 or Space, record facts accepted offline Space row by
        row, conditions waiting for the 参保档案 none."""
        locked = [c for c in pending if c in self.conditions.locked]
        by_row = [c for c in pending if c in self.conditions.record_pending]
        clerk = [c for c in pending if c not in locked and c not in by_row]
        parts = []
        if clerk:
            parts.append(self.tr("%1（F10 全部符合，或在受理条件中逐条按空格确认）").replace("%1", self._condition_names(clerk)))
        if by_row:
            parts.append(self._by_row_words(by_row))
        if locked:
            parts.append(self._record_words(locked))
        return self.tr("尚有受理条件待确认：") + self.tr("；").join(parts)

    def current_draft(self) -> Draft | None:
        """The draft as entered, in the JSON form ``counter-app case import`` reads (Draft.as_json)."""
        case = self.draft_case()
        if case is None:
            return None
        from counter_app.domain.drafts import Draft

        # the clerk's answers, and an override of a system result (an answer with its written reason)
        answers = {c.code: (self.conditions.answers.get(c.code), self.conditions.reasons.get(c.code, ""))
                   for i, c in enumerate(self.conditions.conditions)
                   if not self.conditions.is_rule_row(i)
                   or (self.conditions.answers.get(c.code) is not None and self.conditions.reasons.get(c.code))}
        return Draft(case.service_code, case.applicant_type, dict(case.applicant), tuple(case.variants),
                     self.facts(), dict(case.ticks), answers, case.id or None)

    def _sync_checklist(self) -> None:
        """A stored, still editable case (e.g. 退回补正): write each tick as the clerk makes it."""
        if self.case_view is None:      # only a stored case's ticks are written
            return
        cid = self.case_view.case.id
        ticks = self.materials.ticks()
        answers = {c.code: self.conditions.answers.get(c.code) for c in self.conditions.conditions}
        reasons = dict(self.conditions.reasons)
        old_t, old_a = dict(self._persisted_ticks), dict(self._persisted_answers)
        self._persisted_ticks = dict(ticks)
        self._persisted_answers = {c: (m, reasons.get(c, "")) for c, m in answers.items()}   # an override's reason goes with a 符合 too

        self._run(lambda: self.case_ops.write_checklist(cid, ticks, answers, reasons, old_t, old_a))

    # ------------------------------------------------------------------ open a case (returned etc.)
    def open_case(self, case_id: str) -> None:
        if not case_id:
            return
        if self.case_view is not None and self.case_view.case.id == case_id:
            return
        if self.capture_holds_the_case():
            # case_opened told the other panels (customer screen, 文书) the workspace moved to case_id:
            # it did not — announce the case it still shows, once this emission is over
            QTimer.singleShot(0, self._announce_shown_case)
            return

        decision: list[str] = []            # the supervisor's decision the clerk must see to (load)

        def load() -> OpResult:
            result = self.case_ops.open(case_id)
            if result.view is not None:
                decision.append(self._approval_on_open(result.view))
            return result

        def done(result: OpResult) -> None:
            from counter_app.workflows.cases import CaseView    # loaded by now: the case was read on the worker

            cv = result.view
            if not isinstance(cv, CaseView):        # None: the case could not be opened
                return
            self.applicant.set_data({k: cv.case.applicant.get(k, "") for k in self.applicant.edits})
            self._set_view(cv)
            if cv.case.state is CaseState.returned:
                returned = self.tr("退回补正的办件：已恢复原录入信息，请勾选补齐的材料后按 Ctrl+Enter 重新提交")
                self._show_message(self.tr("；").join(x for x in (*decision, returned) if x), notice=any(decision))
                self.materials_view.setFocus(Qt.FocusReason.OtherFocusReason)
            elif any(decision):
                self._show_message(decision[0], notice=True)

        self.last_message, self._message_words = "", None
        self.message_label.clear()
        self.events.messages_stale.emit()     # notes about the case on screen until now
        cv_before = self.case_view
        self.case_view = None if cv_before is None or cv_before.case.id != case_id else cv_before
        self._run(load, done)

    def _approval_on_open(self, view) -> str:
        """On the worker: the case's latest approval when the clerk must see to it on opening the
        case — waiting, a decision the centre refused or held for the clerk, and a rejection or an
        expiry the case has not moved on from (who, when, why, and what the clerk can do next);
        "" otherwise (an approval carried out, or one the case has since gone past)."""
        from counter_app.ui.words import approval_text
        from counter_app.workflows.approvals import latest_approval

        status = latest_approval(self.ctx.store, view.case.id)
        if status is None:
            return ""
        state = view.case.state
        if status.awaiting_clerk or status.state == "pending":
            return approval_text(status)
        if status.state not in ("rejected", "expired") or not (
                state in EDITABLE_STATES or (state is CaseState.accepted and status.action != "rejection")):
            return ""
        text = approval_text(status)
        if status.state == "rejected":
            text = self.tr("%1。请按审批意见核对办件，修改后按 Ctrl+Enter 重新办理（仍须审批的，将重新提出审批申请）"
                           ).replace("%1", text)
        return text

    def _announce_shown_case(self) -> None:
        self.events.case_opened.emit(self.case_view.case.id if self.case_view is not None else "")

    # ------------------------------------------------------------------ 现场授权 (on-site approval)
    def on_site_approval(self) -> None:
        """Ctrl+Shift+A: the supervisor authenticates on this screen for the case's pending request."""
        if self.case_view is None:
            self._show_message(self.tr("没有打开的办件"))
            return
        cid = self.case_view.case.id

        def load():       # the request the supervisor is about to decide (the store is read on a worker)
            from counter_app.app_context import approval_service
            from counter_app.workflows.approvals import name_rows

            pending = approval_service(self.ctx).list(state="pending", case_id=cid)
            if not pending:
                return None
            return name_rows(self.ctx.store, [dict(pending[0])])[0]

        def show(r) -> None:
            if self.case_view is None or self.case_view.case.id != cid:
                return                  # another case was opened meanwhile
            if r is None:
                self._show_message(self.tr("该办件没有待审批的申请，无需现场授权"))
                return
            self.open_on_site_dialog(r)

        def failed(exc) -> None:
            log.error("pending approval not read: %s", getattr(exc, "__traceback_text__", exc))
            self._show_error(self.tr("操作未能完成，请重试；问题持续请联系技术支持（详情已记入日志）"))

        from counter_app.ui.tasks import task_runner

        task_runner().run(load, show, failed, owner=self)

    def withdraw_approval(self) -> None:
        """Ctrl+Shift+D: the clerk withdraws their own pending request of the open case (撤回申请),
        asked once with an optional note (kept in the audit record)."""
        if self.case_view is None:
            self._show_message(self.tr("没有打开的办件"))
            return
        from PySide6.QtWidgets import QInputDialog

        from counter_app.ui.idle_lock import closes_on_lock

        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("撤回审批申请"))
        dialog.setLabelText(self.tr(
            "撤回该办件待审批的申请？撤回后负责人不能再审批该申请，如仍需办理须重新提出。\n撤回说明（可不填）："))
        closes_on_lock(dialog)        # the lock closes it: nothing is withdrawn in the clerk's name
        try:
            if dialog.exec() == QInputDialog.DialogCode.Accepted:
                self.withdraw_pending_approval(dialog.textValue())
        finally:
            dialog.deleteLater()

    def withdraw_pending_approval(self, reason: str = "") -> None:
        if self.case_view is None:
            return
        cid = self.case_view.case.id
        known = frozenset(self._printed)
        self._run(lambda: self.case_ops.withdraw_approval(cid, reason, known))

    def held_decision(self) -> None:
        """Ctrl+Shift+W: a decision the centre made before the clerk's withdrawal reached it waits for
        the clerk — carry it out, or keep the withdrawal (then a new request is needed)."""
        if self.case_view is None:
            self._show_message(self.tr("没有打开的办件"))
            return
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox(QMessageBox.Icon.Question, self.tr("中心的决定等待确认"), self.tr(
            "您已撤回该办件的审批申请，但撤回送达中心之前，负责人已作出决定。\n"
            "执行该决定：按决定办理并出具文书。\n"
            "维持撤回：决定不执行；如仍需办理该事项，须重新提出审批申请，请负责人再次审批。"), parent=self)
        carry = box.addButton(self.tr("执行该决定"), QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton(self.tr("维持撤回"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        from counter_app.ui.idle_lock import closes_on_lock

        closes_on_lock(box)           # the lock closes it: neither carried out nor kept, the decision still waits
        box.exec()
        box.deleteLater()
        if box.clickedButton() not in (carry, keep):
            return
        self.confirm_held_decision(box.clickedButton() is carry)

    def confirm_held_decision(self, carry_out: bool) -> None:
        if self.case_view is None:
            return
        cid = self.case_view.case.id
        known = frozenset(self._printed)
        self._run(lambda: self.case_ops.confirm_held_decision(cid, carry_out, known))

    def open_on_site_dialog(self, request: dict) -> None:
        """The dialog for ``request`` (a pending request of the open case, as ``approvals.as_dict``):
        the supervisor reads what they authorise — the approval point, the grade, what is asked and
        why, who asked — before typing their password."""
        from counter_app.ui.approval_dialog import OnSiteApprovalDialog, request_text

        dlg = OnSiteApprovalDialog(self, request_text(request))
        if dlg.exec():
            self.authorise_on_site(*dlg.values())

    def authorise_on_site(self, username: str, password: str, approve: bool, reason: str, totp: str = "") -> None:
        if self.case_view is None:      # the request is the open case's
            return
        cid = self.case_view.case.id
        known = frozenset(self._printed)
        self._run(lambda: self.case_ops.authorise_on_site(cid, username, password, approve, reason, known, totp))

    def _centre_updated(self, case_id: str) -> None:
        """The sync process applied the centre's update (审批决定、信息表) to a case: if it is the
        open one, reload it (queued behind any operation still running)."""
        if self.case_view is None or self.case_view.case.id != case_id:
            return
        note = self.tr("中心已更新本办件（审批决定或信息表），已重新载入")

        def reload() -> OpResult:
            result = self.case_ops.open(case_id)
            status = self.case_ops.approval_text(case_id)     # 已批准 / 已驳回 with the reason
            result.message = note + ("：" + status if status else "")
            return result

        self._run(reload)

    # ------------------------------------------------------------------ shutdown
    def shutdown(self) -> None:
        """Stop the card watcher, cancel and close the fingerprint bridge, wait for case writes."""
        if self.id_devices is not None:
            self.id_devices.stop()
        self.devices.shutdown()
        self._ops.wait(10000)
