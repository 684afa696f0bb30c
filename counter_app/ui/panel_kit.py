"""Small building blocks the list panels (办件、文书与打印、待同步) share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QTableView, QWidget


def setup_list_table(view: QTableView, model, *, multi: bool = False) -> None:
    """A read-only list: whole rows selected, Tab leaves the table, columns fit their text."""
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)


def add_panel_action(panel: QWidget, shortcut, slot, button: QPushButton | None = None) -> QAction:
    """An action with a shortcut working anywhere inside ``panel`` (MainWindow lists it in the
    panel's menu); a ``button`` triggers the same action."""
    action = QAction(panel)
    action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda _=False: slot())
    if button is not None:
        button.clicked.connect(action.trigger)
    panel.addAction(action)
    return action
