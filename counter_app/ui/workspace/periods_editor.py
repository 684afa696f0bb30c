"""The 核准的视同缴费期间 editor of a 历史信息审核's decision step (6.5.2.3, the 视同缴费年限核准决定书):
rows of start month / end month / 工作单位, each row's months computed, the total shown beside the
record's 视同缴费月数 and, when they differ, the clerk's explicit confirmation. Checked by the same
function as ``case step --data`` (counter_rules.deemed_years), shown in the 核定数据 tab
(ui.workspace.decision_form)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QStyledItemDelegate,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

MONTH = r"\d{0,4}(-\d{0,2})?"
START, END, UNIT, MONTHS = range(4)


class _MonthDelegate(QStyledItemDelegate):
    """A month cell accepts only the shape 2026-04 (as the 核定 form's month fields)."""

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setValidator(QRegularExpressionValidator(QRegularExpression(MONTH), editor))
        return editor


class PeriodsEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("periodsEditor")
        self._record_months: int | None = None
        self._filling = False
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("periodsTable")
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for col in (START, END, MONTHS):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(UNIT, QHeaderView.ResizeMode.Stretch)
        delegate = _MonthDelegate(self.table)
        self.table.setItemDelegateForColumn(START, delegate)
        self.table.setItemDelegateForColumn(END, delegate)
        self.table.itemChanged.connect(self._item_changed)
        self.add_button = QPushButton(self)
        self.add_button.setObjectName("periodsAdd")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton(self)
        self.remove_button.setObjectName("periodsRemove")
        self.remove_button.clicked.connect(self.remove_current)
        self.total = QLabel(self)
        self.total.setObjectName("periodsTotal")
        self.total.setWordWrap(True)
        self.confirm = QCheckBox(self)
        self.confirm.setObjectName("periodsConfirm")
        self.confirm.toggled.connect(lambda _on: self.changed.emit())
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.total)
        layout.addWidget(self.confirm)
        self.table.setMinimumHeight(4 * (self.fontMetrics().height() + 10))
        self._reword()

    def _reword(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("起始年月"), self.tr("终止年月"), self.tr("工作单位"),
                                              self.tr("月数")])
        self.add_button.setText(self.tr("添加一段"))
        self.remove_button.setText(self.tr("删除所选一段"))
        self.confirm.setText(self.tr("已核对人事档案，按审核结果核准（与档案记载不一致）"))
        self._show_total()

    def changeEvent(self, event) -> None:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self._reword()
        super().changeEvent(event)

    # ------------------------------------------------------------------ rows
    def set_periods(self, periods, record_months: int | None) -> None:
        """The rows (the record's periods when it handed some over, else one empty row)."""
        self._record_months = record_months
        self._filling = True
        try:
            self.table.setRowCount(0)
            for p in periods or ():
                if isinstance(p, dict):
                    self.add_row(str(p.get("start") or ""), str(p.get("end") or ""), str(p.get("unit") or ""))
            if self.table.rowCount() == 0:
                self.add_row()
        finally:
            self._filling = False
        self.confirm.setChecked(False)
        self._show_total()

    def add_row(self, start: str = "", end: str = "", unit: str = "") -> None:
        row = self.table.rowCount()
        was, self._filling = self._filling, True
        try:
            self.table.insertRow(row)
            for col, text in ((START, start), (END, end), (UNIT, unit)):
                item = QTableWidgetItem(text)
                if col != UNIT:
                    item.setToolTip(self.tr("请按“2026-04”的格式填写年月"))
                self.table.setItem(row, col, item)
            months = QTableWidgetItem("")
            months.setFlags(months.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, MONTHS, months)
            self._months_of(row)
        finally:
            self._filling = was
        self._show_total()

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
        if self.table.rowCount() == 0:
            self.add_row()
        self._show_total()
        self.changed.emit()

    def _text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text().strip() if item is not None else ""

    def _months_of(self, row: int) -> int | None:
        from counter_rules.deemed_years import months_between

        months = months_between(self._text(row, START), self._text(row, END))
        item = self.table.item(row, MONTHS)
        if item is not None:
            item.setText("" if months is None else str(months))
        return months

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() == MONTHS:
            return
        self._filling = True
        try:
            self._months_of(item.row())
        finally:
            self._filling = False
        self._show_total()
        self.changed.emit()

    # ------------------------------------------------------------------ values
    def periods(self) -> list[dict[str, str]]:
        """The rows the clerk filled (an empty row is no period)."""
        out = []
        for row in range(self.table.rowCount()):
            start, end, unit = self._text(row, START), self._text(row, END), self._text(row, UNIT)
            if start or end or unit:
                out.append({"start": start, "end": end, "unit": unit})
        return out

    def total_months(self) -> int:
        return sum(m for row in range(self.table.rowCount()) if (m := self._months_of_text(row)) is not None)

    def _months_of_text(self, row: int) -> int | None:
        text = self._text(row, MONTHS)
        return int(text) if text.isdigit() else None

    def _show_total(self) -> None:
        total = self.total_months()
        text = self.tr("视同缴费月数合计：%1个月").replace("%1", str(total))
        differs = self._record_months is not None and total != self._record_months
        if self._record_months is not None:
            text += self.tr("；档案记载：%1个月").replace("%1", str(self._record_months))
            if differs:
                text += self.tr("，相差%1个月").replace("%1", f"{total - self._record_months:+d}")
        self.total.setText(text)
        self.total.setStyleSheet("color:#b3261e" if differs else "")
        self.confirm.setVisible(differs)
        if not differs and self.confirm.isChecked():
            self.confirm.setChecked(False)

    def step_data(self, on: date) -> tuple[dict, list[str]]:
        """``{"deemed_years": checked}`` and the problems: the check ``case step --data`` gets too."""
        from counter_rules.deemed_years import check_deemed_years

        entry: dict = {"periods": self.periods()}
        if self.confirm.isChecked():
            entry["record_difference_confirmed"] = True
        checked, problems = check_deemed_years(entry, on=on, record_months=self._record_months)
        return ({"deemed_years": checked} if checked else {}), problems
