"""The workspace's keyboard path in one place: the Tab order of its controls, and where the focus goes
after a case action (受理, a step done, 办结, 归档 …) — so a careless Enter or Space after Ctrl+Enter
does the next thing to do, never a print or a preview.

Tab order (the documented one): search → tree → applicant → materials → F9 → F10 → conditions →
decide → the current step's controls → the 核定 form's fields → 预览PDF → 打印 → the preview tabs.
The scroll areas around the applicant and the 核定 rows are no Tab stops of their own (their
content is). The 核定 form's editors are made each time a step opens, after the window is shown:
:func:`chain_tab_order` runs again then, else they sat outside the ring Tab walks.

After a case action (:func:`next_control`), per situation of the case on screen:

==========================================  ==============================================
the case on screen                          the focus
==========================================  ==============================================
draft, 退回补正 (still being entered)        stays where the clerk is
a step with a 核定 form                      the form's first field
any other step                              the step page's first enabled control (指纹:
                                            the consent, then 采集; a plain step: 完成此步骤)
all steps done / 核查不符合                   办结 / the 不予认定 reason
办结 or 不予受理, to file                     归档
归档                                         the service search (next applicant: Ctrl+N)
==========================================  ==============================================
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLayout, QWidget

from counter_app.domain.terms import EDITABLE_STATES, CaseState

if TYPE_CHECKING:
    from counter_app.ui.workspace.panel_host import PanelHost as WorkspacePanel


def _tab_stops(parent: QWidget) -> list[QWidget]:
    """``parent``'s descendants that take the focus by Tab, in the order of its layouts (the order
    they are seen: top to bottom, left to right — not the order they were made or reparented in).
    A control's own parts (a combo box's popup list, a table's scroll bars) are not listed."""
    out: list[QWidget] = []

    def walk(layout: QLayout) -> None:
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item is None:
                continue
            if (widget := item.widget()) is not None:
                visit(widget)
            elif (inner := item.layout()) is not None:
                walk(inner)

    def visit(widget: QWidget) -> None:
        if widget.isWindow():
            return
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.focusProxy() is None:
            out.append(widget)
        elif (layout := widget.layout()) is not None:
            walk(layout)

    if (layout := parent.layout()) is not None:
        walk(layout)
    return out


def _form_stops(panel: WorkspacePanel) -> list[QWidget]:
    form = panel.decision_form_made
    if form is None:        # no step has asked for the 核定 form yet: it has no editors
        return []
    return [*form.editors.values(), *_tab_stops(form.periods)]


def tab_chain(panel: WorkspacePanel) -> list[QWidget]:
    """The panel's controls from the materials list on, in Tab order (the applicant form keeps its own
    order before them: search → tree → applicant type … address → this chain)."""
    chain: list[QWidget] = [panel.materials_view, panel.btn_all_present, panel.btn_confirm, panel.conditions_view,
                            panel.btn_decide]
    chain += _tab_stops(panel.steps)
    chain += _form_stops(panel)
    # the preview tabs last: the tab widget hands the focus to its tab bar, then its page
    chain += [panel.btn_pdf, panel.btn_print, panel.preview_tabs]
    return chain


def chain_tab_order(panel: WorkspacePanel) -> None:
    """Set the Tab order of :func:`tab_chain` (again after the 核定 form's editors were made)."""
    QWidget.setTabOrder(panel.picker.search, panel.picker.tree)
    QWidget.setTabOrder(panel.picker.tree, panel.applicant.type_combo)
    QWidget.setTabOrder(panel.applicant.edits["address"], panel.materials_view)
    chain = tab_chain(panel)
    for first, second in zip(chain, chain[1:], strict=False):
        QWidget.setTabOrder(first, second)


def _usable(w: QWidget | None) -> bool:
    return w is not None and w.isEnabled() and w.isVisibleTo(w.window()) and bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus)


def next_control(panel: WorkspacePanel) -> QWidget | None:
    """The control the clerk uses next for the case on screen (the table in the module docstring);
    None: the focus stays where it is."""
    view = panel.case_view
    if view is None or view.case.state in EDITABLE_STATES:
        return None
    if view.case.state is CaseState.archived:
        return panel.picker.search
    form = panel.decision_form_made
    if form is not None and form.active:
        first = next((w for w in _form_stops(panel) if _usable(w)), None)
        if first is not None:
            return first
    page = panel.steps.stack.currentWidget()
    if page is None:
        return None
    return next((w for w in _tab_stops(page) if _usable(w)), None)


def _where(panel: WorkspacePanel) -> tuple:
    """What the clerk is at: the case, its state and step, the page and its buttons on show."""
    view = panel.case_view
    if view is None:
        return ()
    steps = panel.steps
    form = panel.decision_form_made
    return (view.case.id, view.case.state, view.next_step, steps.current_page(), form.fields if form is not None else (),
            steps.btn_complete.isVisibleTo(steps), steps.btn_deny.isVisibleTo(steps),
            steps.btn_archive.isVisibleTo(steps))


class FocusAfterAction:
    """Moves the focus to :func:`next_control` when the case on screen moved on (another state, step
    or page) — not when the same step is shown again (a reload from the centre, a language switch):
    the clerk typing in a field keeps it. The focus is never taken from another panel or window."""

    def __init__(self, panel: WorkspacePanel):
        self.panel = panel
        self._last: tuple = ()

    def case_shown(self) -> None:
        panel = self.panel
        where = _where(panel)
        focus = QApplication.focusWidget()
        inside = focus is None or panel.isAncestorOf(focus)
        lost = focus is None or not focus.isEnabled() or not focus.isVisible()
        moved, self._last = where != self._last, where
        if not panel.isVisible() or not inside or not (moved or lost):
            return
        target = next_control(panel)
        if target is None and lost:
            target = panel.btn_decide                  # keep the keyboard in the workspace
        if target is not None:
            if target is panel.picker.search:
                panel.focus_search()
            else:
                target.setFocus(Qt.FocusReason.OtherFocusReason)

    def forget(self) -> None:
        """A new, empty workspace: the next case shown is a move."""
        self._last = ()
