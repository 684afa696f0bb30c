"""One flat table model for the panels' lists (办件、文书、打印队列、待同步).

A subclass names its columns (``COLUMNS``), gives their header texts (``headers()``, translated
at call time so a language change shows at once) and declares its cells as data: ``CELLS`` maps a
column to the function that shows a row in it, ``TIPS`` the columns that have a tooltip, and
``ID_ROLE`` / ``ID_ATTR`` the role under which a row's id is read. Rows are plain objects
replaced as a whole by ``set_rows``.
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Cell = Callable[[Any, Any], Any]      # (model, row) -> what the cell shows


class RowsTableModel(QAbstractTableModel):
    """Rows of plain objects, one column per name in ``COLUMNS``, numbered rows in the vertical header."""

    COLUMNS: tuple[str, ...] = ()
    CELLS: ClassVar[dict[str, Cell]] = {}       # column -> display text of a row
    TIPS: ClassVar[dict[str, Cell]] = {}        # column -> tooltip of a row (None: no tooltip)
    ID_ROLE: ClassVar[int] = Qt.ItemDataRole.UserRole + 1
    ID_ATTR: ClassVar[str] = "id"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list = []

    def headers(self) -> tuple[str, ...]:
        """The column titles, in ``COLUMNS`` order (override; use self.tr)."""
        return self.COLUMNS

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, index: QModelIndex | QPersistentModelIndex | int):
        """The row object at ``index`` (a model index or a row number), or None outside the rows."""
        row = index if isinstance(index, int) else (index.row() if index.isValid() else -1)
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def cell(self, index: QModelIndex | QPersistentModelIndex):
        """``(row object, column name)`` for a valid index of this table, else ``(None, None)``."""
        if not index.isValid() or not 0 <= index.column() < len(self.COLUMNS):
            return None, None
        row = self.row_at(index)
        return (row, self.COLUMNS[index.column()]) if row is not None else (None, None)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        row, col = self.cell(index)
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            show = self.CELLS.get(col)
            return show(self, row) if show is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = self.TIPS.get(col)
            return (tip(self, row) or None) if tip is not None else None
        if role == self.ID_ROLE:
            return getattr(row, self.ID_ATTR)
        return None

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.COLUMNS):
            return self.headers()[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
            return str(section + 1)
        return None
