"""What the workspace panel's mixins (``panel_layout``, ``panel_steps``, ``panel_documents``) use of
their host, :class:`~counter_app.ui.workspace.panel.WorkspacePanel`: its state, the widgets one mixin
builds and another feeds, and the methods they call on each other — typed, for the type checker only.

The mixins derive from :class:`PanelHost` under ``TYPE_CHECKING`` and from ``object`` at run time, so
nothing imports this module when the app runs (start-up time). The panel implements every method
declared here (abstract, so the type checker holds it to these signatures).
"""

from __future__ import annotations

from abc import abstractmethod
from typing import TYPE_CHECKING, Callable

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from PySide6.QtCore import QBuffer
    from PySide6.QtGui import QAction
    from PySide6.QtPdfWidgets import QPdfView
    from PySide6.QtWidgets import QLabel, QPushButton, QTabWidget, QTextBrowser

    from counter_app.app_context import AppContext
    from counter_app.domain.case_engine import Case
    from counter_app.domain.catalog import Service
    from counter_app.domain.checklist import ChecklistOutcome
    from counter_app.domain.drafts import Draft
    from counter_app.ui.events import AppEvents
    from counter_app.ui.workspace.applicant import ApplicantForm
    from counter_app.ui.workspace.checklist import ChecklistView
    from counter_app.ui.workspace.decision_form import DecisionForm
    from counter_app.ui.workspace.devices import WorkspaceDevices
    from counter_app.ui.workspace.ops import CaseOps, OpResult
    from counter_app.ui.workspace.picker import ServicePicker
    from counter_app.ui.workspace.steps import StepGuide
    from counter_app.workflows.cases import CaseView


class PanelHost(QWidget):
    # ------------------------------------------------------------------ the panel's state (panel.py)
    ctx: AppContext
    events: AppEvents
    _today: Callable[[], date]
    service: Service | None              # the service chosen (or the open case's)
    case_view: CaseView | None           # the stored case on screen; None for a draft
    outcome: ChecklistOutcome | None     # the live outcome of the draft's checklist
    documents: list[dict]                # the open case's documents (ops.OpResult.documents)
    _printed: set[str]                   # issued document ids already sent to the printer
    case_ops: CaseOps
    devices: WorkspaceDevices
    _fp_steps: dict[str, tuple[str, str]]   # case id → (step code, name) a fingerprint capture was started for
    _pdf_buffer: QBuffer | None          # the PDF preview's bytes (panel_documents.py)

    # ------------------------------------------------------------------ widgets (panel_layout.py)
    picker: ServicePicker
    applicant: ApplicantForm
    card_label: QLabel
    materials_view: ChecklistView
    conditions_view: ChecklistView
    btn_all_present: QPushButton
    btn_confirm: QPushButton
    btn_decide: QPushButton
    btn_pdf: QPushButton
    btn_print: QPushButton
    preview: QTextBrowser
    preview_tabs: QTabWidget
    pdf_view: QPdfView | None            # created on the first 预览PDF (panel_documents.py)
    steps: StepGuide
    act_cancel: QAction

    @property
    @abstractmethod
    def decision_form(self) -> DecisionForm: ...         # made on first use (panel_layout.py)

    @property
    @abstractmethod
    def decision_form_made(self) -> DecisionForm | None: ...

    # ------------------------------------------------------------------ panel.py
    @property
    @abstractmethod
    def busy(self) -> bool: ...

    @abstractmethod
    def focus_search(self) -> None: ...

    @abstractmethod
    def focus_applicant(self) -> None: ...

    @abstractmethod
    def read_card(self) -> None: ...

    @abstractmethod
    def pick_service(self, code: str) -> None: ...

    @abstractmethod
    def pick_recent(self, index: int) -> None: ...

    @abstractmethod
    def ask(self, title: str, text: str) -> bool: ...

    @abstractmethod
    def has_unsubmitted_draft(self) -> bool: ...

    @abstractmethod
    def new_case(self) -> None: ...

    @abstractmethod
    def _changed(self) -> None: ...

    @abstractmethod
    def _checklist_changed(self) -> None: ...

    @abstractmethod
    def draft_case(self) -> Case | None: ...

    @abstractmethod
    def current_draft(self) -> Draft | None: ...

    @abstractmethod
    def all_present(self) -> None: ...

    @abstractmethod
    def confirm_conditions(self) -> None: ...

    @abstractmethod
    def _render(self) -> None: ...

    @abstractmethod
    def _show_message(self, text: str, *, notice: bool = False) -> None: ...

    @abstractmethod
    def _bring_form_forward(self) -> None: ...

    @abstractmethod
    def _show_error(self, text: str | Callable[[], str]) -> None: ...

    @abstractmethod
    def _reword_message(self) -> None: ...

    @abstractmethod
    def _run(self, fn: Callable[[], OpResult], done: Callable[[OpResult], None] | None = None, *,
             for_case: str | None = None) -> None: ...

    @abstractmethod
    def _set_view(self, view: CaseView) -> None: ...

    @abstractmethod
    def primary(self) -> None: ...

    @abstractmethod
    def on_site_approval(self) -> None: ...

    @abstractmethod
    def held_decision(self) -> None: ...

    @abstractmethod
    def withdraw_approval(self) -> None: ...

    # ------------------------------------------------------------------ panel_steps.py
    @abstractmethod
    def record_step(self, step_code: str, result: str, data: dict) -> None: ...

    @abstractmethod
    def start_publicity(self, data: dict) -> None: ...

    @abstractmethod
    def close_publicity(self, objection: str) -> None: ...

    @abstractmethod
    def record_verification(self, eligible: bool, finding: str) -> None: ...

    @abstractmethod
    def complete_case(self) -> None: ...

    @abstractmethod
    def deny_case(self, reason: str) -> None: ...

    @abstractmethod
    def archive_case(self) -> None: ...

    @property
    @abstractmethod
    def card_state(self) -> str: ...

    @abstractmethod
    def capture_fingerprint(self) -> None: ...

    @abstractmethod
    def fingerprint_consent(self, case_id: str) -> None: ...

    @abstractmethod
    def cancel_fingerprint(self) -> None: ...

    @abstractmethod
    def continue_without_prints(self, reason: str) -> None: ...

    # ------------------------------------------------------------------ panel_documents.py
    @abstractmethod
    def print_current(self) -> None: ...

    @abstractmethod
    def preview_pdf(self) -> None: ...

    @abstractmethod
    def save_draft(self) -> Path | None: ...
