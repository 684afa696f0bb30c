"""Small building blocks the list panels (办件、文书与打印、待同步) share."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QComboBox, QHeaderView, QLabel, QPushButton, QTableView, QWidget


def viewport_of(area: QAbstractScrollArea) -> QWidget:
    """``area.viewport()``, without the cost PySide puts on it the first time (#20).

    The viewport is a plain QWidget made by Qt: the first time PySide wraps such a widget returned
    as a QWidget, it looks for a more derived class among every QWidget subclass of QtWidgets and,
    as it makes its classes on first use, makes them all with their enum types (~70, several ms at
    start-up). Found among the area's children by the name Qt gives it, it is wrapped as the
    QWidget it is; a viewport set by ``setViewport`` (named otherwise) is asked for as before."""
    found = area.findChild(QWidget, "qt_scrollarea_viewport", Qt.FindChildOption.FindDirectChildrenOnly)
    return found if found is not None else area.viewport()


class QuietLabel(QLabel):
    """A note line that takes no room while it says nothing (an empty QLabel kept a line and its
    spacing: on a 1366×768 screen those lines were the 核定 form's rows)."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.setVisible(bool(self.text()))

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        super().clear()
        self.hide()


class ElidedComboBox(QComboBox):
    """A combo whose closed text, when longer than the combo, ends in "…" (Qt cut it mid-word: an
    English 办理情形 at 1366×768), with the whole text as the combo's tooltip; the open list shows every
    item whole (as wide as the longest, up to the screen), each with its tooltip too."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # the combo asks for a modest width; a long item no longer widens the form, it is elided
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        self.view().setTextElideMode(Qt.TextElideMode.ElideNone)
        self.currentIndexChanged.connect(lambda _i: self.setToolTip(self.currentText()))

    def addItem(self, text: str, userData=None) -> None:  # type: ignore[override]
        super().addItem(text, userData)
        self.setItemData(self.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        if self.count() == 1:
            self.setToolTip(text)

    def setItemText(self, index: int, text: str) -> None:
        super().setItemText(index, text)
        self.setItemData(index, text, Qt.ItemDataRole.ToolTipRole)
        if index == self.currentIndex():
            self.setToolTip(text)

    def clear(self) -> None:
        super().clear()
        self.setToolTip("")

    def shown_text(self) -> str:
        """The closed combo's text as drawn: the current text, elided to the room it has."""
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        room = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, opt,
                                           QStyle.SubControl.SC_ComboBoxEditField, self).width()
        return self.fontMetrics().elidedText(self.currentText(), Qt.TextElideMode.ElideRight, max(0, room))

    def paintEvent(self, event) -> None:
        if not self.currentText():
            # nothing to elide (an empty combo: the window at start): Qt's own painting, which needs
            # none of the style classes below (QStyle alone is ~10 ms of enum types at start-up)
            super().paintEvent(event)
            return
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox, QStylePainter

        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        # setattr: PySide6 6.9's type stubs lack QStyleOptionComboBox.currentText (the attribute is there)
        setattr(opt, "currentText", self.shown_text())  # noqa: B010
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)

    def showPopup(self) -> None:
        view = self.view()
        screen = self.screen().availableGeometry().width() if self.screen() is not None else 1366
        widest = view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width() + 8
        view.setMinimumWidth(min(max(self.width(), widest), screen - 20))
        super().showPopup()


# How many rows a column's width is measured on: the rows in view first, then the next ones up to
# this many. Qt's default (1000) measured every row of a 500-row list through the model's Python
# data() — about 100,000 calls, 0.5–1.4 s of a frozen window per refresh of 办件 or 待同步. Rows
# scrolled into view later are measured when the scrolling stops (FitOnScroll).
FIT_SAMPLE_ROWS = 40


class FitOnScroll(QObject):
    """Columns fitted on a sample of rows (FIT_SAMPLE_ROWS) fit again, on the rows then in view,
    a moment after the clerk stops scrolling: a longer text further down is not left cut off."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(view.resizeColumnsToContents)
        view.verticalScrollBar().valueChanged.connect(lambda _v: self._timer.start())


def setup_list_table(view: QTableView, model, *, multi: bool = False) -> None:
    """A read-only list: whole rows selected, Tab leaves the table, columns fit their text (the
    text of the rows in view and a bounded sample: a refresh costs the same for 50 rows or 5,000)."""
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setResizeContentsPrecision(FIT_SAMPLE_ROWS)
    header.setStretchLastSection(True)
    FitOnScroll(view)


def add_panel_action(panel: QWidget, shortcut, slot, button: QPushButton | None = None, *,
                     name: str | None = None) -> QAction:
    """An action with a shortcut (or a list of shortcuts) working anywhere inside ``panel``
    (MainWindow lists it in the panel's menu); a ``button`` triggers the same action. The one
    helper every panel uses for its keyboard actions."""
    action = QAction(panel)
    if name:
        action.setObjectName(name)
    if isinstance(shortcut, (list, tuple)):
        action.setShortcuts([QKeySequence(k) for k in shortcut])
    else:
        action.setShortcut(QKeySequence(shortcut))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda _=False: slot())
    if button is not None:
        button.clicked.connect(action.trigger)
    panel.addAction(action)
    return action


class RefreshWhenShown(QObject):
    """A change announced while the panel is hidden (another tab is in front) only marks it stale;
    it refreshes when it is next shown. The clerk's current work gets the machine, not lists
    nobody is looking at."""

    def __init__(self, panel: QWidget, refresh):
        super().__init__(panel)
        self._panel = panel
        self._refresh = refresh
        self.stale = False
        panel.installEventFilter(self)

    def __call__(self, *_args) -> None:
        if self._panel.isVisible():
            self._refresh()
        else:
            self.stale = True

    def eventFilter(self, obj, event) -> bool:
        if obj is self._panel and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self._refresh()
        return False
