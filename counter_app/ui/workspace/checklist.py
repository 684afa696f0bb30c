"""Checklist models (材料清单、受理条件) and their keyboard-first table view.

Materials: each 已提交 / 未提交 / 不符合要求 with the clerk's note (Space cycles, N edits the note).
Conditions: the acceptance conditions of the case; a rule's answer is shown read-only, the ones
the rules cannot decide the clerk confirms (Space cycles 待确认 → 符合 → 不符合, N edits the reason).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from counter_app.domain.terms import TickState
from counter_app.ui.catalog_text import catalog_tr
from counter_app.ui.store_errors import fill_params
from counter_app.ui.panel_kit import viewport_of

if TYPE_CHECKING:   # the checklist model itself loads with the catalog, on a worker
    from counter_app.domain.checklist import ConditionResult, Tick

MATERIAL_CYCLE = (TickState.missing, TickState.present, TickState.defective)
STATE_COLORS = {TickState.present: "#1b7f3b", TickState.missing: "#8a8a8a", TickState.defective: "#b3261e"}


def tick_state_text(state: TickState) -> str:
    return {TickState.present: QCoreApplication.translate("Checklist", "已提交"),
            TickState.missing: QCoreApplication.translate("Checklist", "未提交"),
            TickState.defective: QCoreApplication.translate("Checklist", "不符合要求")}[state]


def condition_text(met: bool | None) -> str:
    return {True: QCoreApplication.translate("Checklist", "符合"), False: QCoreApplication.translate("Checklist", "不符合"),
            None: QCoreApplication.translate("Checklist", "待确认")}[met]


class MaterialsModel(QAbstractTableModel):
    """Rows: the applicable materials (Material). Columns: 材料, 状态, 说明."""

    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.materials: list = []
        self.states: dict[str, TickState] = {}
        self.notes: dict[str, str] = {}
        self.editable = True

    def set_materials(self, materials, ticks: dict[str, Tick] | None = None) -> None:
        self.beginResetModel()
        self.materials = list(materials)
        ticks = ticks or {}
        keep_states, keep_notes = dict(self.states), dict(self.notes)
        self.states, self.notes = {}, {}
        for m in self.materials:
            t = ticks.get(m.code)
            self.states[m.code] = t.state if t else keep_states.get(m.code, TickState.missing)
            self.notes[m.code] = t.problem if t else keep_notes.get(m.code, "")
        self.endResetModel()

    def ticks(self) -> dict[str, Tick]:
        from counter_app.domain.checklist import Tick

        return {m.code: Tick(self.states[m.code], self.notes.get(m.code, "")) for m in self.materials}

    def reword(self) -> None:
        """The UI language changed: the views ask again for every cell and header (catalog names too)."""
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.materials)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return (QCoreApplication.translate("Checklist", "申请材料"), QCoreApplication.translate("Checklist", "状态"),
                    QCoreApplication.translate("Checklist", "说明（不符合要求的原因）"))[section]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == 2 and self.editable:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.materials):
            return None
        m = self.materials[index.row()]
        state = self.states[m.code]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return catalog_tr(m.name) + ("" if m.required else QCoreApplication.translate("Checklist", "（选交）"))
            if col == 1:
                return tick_state_text(state)
            return self.notes.get(m.code, "")
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QBrush(QColor(STATE_COLORS[state]))
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return catalog_tr(m.what_to_bring or m.note) or None
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 2 or role != Qt.ItemDataRole.EditRole or not self.editable:
            return False
        code = self.materials[index.row()].code
        self.notes[code] = str(value or "").strip()
        if self.notes[code] and self.states[code] is TickState.missing:
            self.states[code] = TickState.defective      # a note says what is wrong with it
        self.dataChanged.emit(self.index(index.row(), 1), self.index(index.row(), 2))
        self.changed.emit()
        return True

    def set_state(self, row: int, state: TickState) -> None:
        if not self.editable or not 0 <= row < len(self.materials):
            return
        self.states[self.materials[row].code] = state
        self.dataChanged.emit(self.index(row, 0), self.index(row, 2))
        self.changed.emit()

    def cycle(self, row: int) -> None:
        if 0 <= row < len(self.materials):
            cur = self.states[self.materials[row].code]
            self.set_state(row, MATERIAL_CYCLE[(MATERIAL_CYCLE.index(cur) + 1) % len(MATERIAL_CYCLE)])

    def all_present(self) -> None:
        if not self.editable or not self.materials:
            return
        for m in self.materials:
            self.states[m.code] = TickState.present
        self.dataChanged.emit(self.index(0, 0), self.index(len(self.materials) - 1, 2))
        self.changed.emit()


class ConditionsModel(QAbstractTableModel):
    """Rows: the applicable acceptance conditions. Columns: 受理条件, 结果, 说明.

    Who confirms a pending row (counter_rules.conditions): the clerk's judgments from the documents
    — Space on the row, or F10 for all of them; a record fact the catalog lets the clerk accept
    provisionally offline (离线暂予受理, :attr:`record_pending`) — Space on that row only, never F10
    ("F10 … 不会确认档案才能说明的事实", user guide §4); a fact only the record can show
    (:attr:`locked`) — no key at all. A key that cannot confirm a row says so (:attr:`refused`)."""

    changed = Signal()
    refused = Signal(list)      # codes of rows waiting for the record that a key (Space) cannot confirm

    def __init__(self, parent=None):
        super().__init__(parent)
        self.conditions: list = []
        self.answers: dict[str, bool | None] = {}
        self.reasons: dict[str, str] = {}
        self.rule_results: dict[str, ConditionResult] = {}   # answers the rules gave (read-only rows)
        self.locked: dict[str, ConditionResult] = {}         # pending for facts, not the clerk (no key confirms)
        self.record_pending: set[str] = set()                # record facts the clerk may accept offline, row by row
        self.overrides: set[str] = set()                     # system results the clerk turned round (with reason)
        self.editable = True

    def set_conditions(self, conditions, answers: dict[str, ConditionResult] | None = None) -> None:
        self.beginResetModel()
        self.conditions = list(conditions)
        keep_a, keep_r = dict(self.answers), dict(self.reasons)
        self.answers, self.reasons = {}, {}
        for c in self.conditions:
            a = (answers or {}).get(c.code)
            self.answers[c.code] = a.met if a else keep_a.get(c.code)
            self.reasons[c.code] = ((a.note or a.reasons[0]) if a and (a.note or a.reasons)
                                    else keep_r.get(c.code, ""))
        self.endResetModel()

    def set_rule_results(self, results: dict[str, ConditionResult]) -> None:
        """系统核验: results the system decided (read-only rows, with the facts used), and the
        conditions still waiting for facts rather than the clerk (待核验（离线）, 缺少事实) — F10
        does not confirm those."""
        rules = {k: v for k, v in results.items() if v.system}
        locked = {k: v for k, v in results.items()
                  if v.met is None and not v.needs_clerk and (v.source == "offline" or v.explanation)}
        overrides = {k for k, v in results.items() if v.override}
        self.record_pending = {k for k, v in results.items() if v.met is None and v.needs_clerk and v.source == "offline"}
        if overrides != self.overrides:
            self.overrides = overrides
            if self.conditions:
                self.dataChanged.emit(self.index(0, 1), self.index(len(self.conditions) - 1, 1))
        if rules != self.rule_results or locked != self.locked or any(
                self.rule_results[k].explanation != v.explanation for k, v in rules.items() if k in self.rule_results):
            self.rule_results, self.locked = rules, locked
            if self.conditions:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self.conditions) - 1, 2))

    def clerk_answers(self) -> dict[str, ConditionResult]:
        from counter_app.domain.checklist import ConditionResult

        out = {}
        for c in self.conditions:
            met = self.answers.get(c.code)
            if met is None:
                continue
            reason = self.reasons.get(c.code, "").strip()
            out[c.code] = ConditionResult(met, (reason or c.reason,) if met is False else (), note=reason)
        return out

    def is_rule_row(self, row: int) -> bool:
        return 0 <= row < len(self.conditions) and (self.conditions[row].code in self.rule_results
                                                    or self.conditions[row].code in self.locked)

    def reword(self) -> None:
        """The UI language changed: the views ask again for every cell and header (catalog names too)."""
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.conditions)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return (QCoreApplication.translate("Checklist", "受理条件"), QCoreApplication.translate("Checklist", "结果"),
                    QCoreApplication.translate("Checklist", "说明（不符合的理由）"))[section]
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == 2 and self.editable and self.conditions[index.row()].code not in self.locked:
            f |= Qt.ItemFlag.ItemIsEditable     # on a 系统核验 row: the written reason of an override
        return f

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.conditions):
            return None
        c = self.conditions[index.row()]
        rule = self.rule_results.get(c.code) or self.locked.get(c.code)
        met = rule.met if rule else self.answers.get(c.code)
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                # the clause in the language's brackets: …（6.1.1.2.2） / … (6.1.1.2.2)
                return fill_params(QCoreApplication.translate("Checklist", "%1（%2）"), (catalog_tr(c.text), c.clause))
            if col == 1:
                if rule is not None and rule.met is None and rule.source == "offline":
                    return QCoreApplication.translate("Checklist", "待核验（离线）")
                if rule is not None and rule.guidance and rule.met is False:
                    return QCoreApplication.translate("Checklist", "业务指引（系统核验）")
                if c.code in self.overrides:
                    return condition_text(met) + QCoreApplication.translate("Checklist", "（经办人改判）")
                return condition_text(met) + (QCoreApplication.translate("Checklist", "（系统核验）")
                                              if rule is not None and rule.met is not None else "")
            if rule:
                # the facts used, e.g. 出生 1987-06 → 法定退休 2050-06（63岁），未达
                from counter_app.ui.condition_notes import note_text

                return note_text(rule.explanation or "；".join(rule.reasons))
            return self.reasons.get(c.code, "")
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QBrush(QColor({True: "#1b7f3b", False: "#b3261e", None: "#8a5a00"}[met]))
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return catalog_tr(c.reason)
        if role == Qt.ItemDataRole.ToolTipRole and col == 2 and rule is not None:
            from counter_app.ui.condition_notes import note_text

            lines = [f"{k}：{v}" for k, v in dict(rule.facts).items()]
            lines += [note_text(r) for r in rule.reasons] if rule.met is False else []
            return "\n".join(lines) or None
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 2 or role != Qt.ItemDataRole.EditRole:
            return False
        if not self.editable or self.conditions[index.row()].code in self.locked:
            return False
        code = self.conditions[index.row()].code
        system = self.rule_results.get(code)
        if system is not None:
            # 改判系统核验结果: a written reason turns the system's result round (recorded as an override)
            self.reasons[code] = str(value or "").strip()
            self.answers[code] = (not system.met) if self.reasons[code] else None
            self.dataChanged.emit(self.index(index.row(), 1), self.index(index.row(), 2))
            self.changed.emit()
            return True
        self.reasons[code] = str(value or "").strip()
        if self.reasons[code] and self.answers.get(code) is None:
            self.answers[code] = False                   # a reason means it is not met
        self.dataChanged.emit(self.index(index.row(), 1), self.index(index.row(), 2))
        self.changed.emit()
        return True

    def set_answer(self, row: int, met: bool | None) -> None:
        if not self.editable or self.is_rule_row(row) or not 0 <= row < len(self.conditions):
            return
        self.answers[self.conditions[row].code] = met
        self.dataChanged.emit(self.index(row, 0), self.index(row, 2))
        self.changed.emit()

    def cycle(self, row: int) -> None:
        if 0 <= row < len(self.conditions):
            code = self.conditions[row].code
            if self.editable and code in self.locked:
                self.refused.emit([code])          # the record decides it: said, not silently ignored
                return
            order = (None, True, False)
            cur = self.answers.get(code)
            self.set_answer(row, order[(order.index(cur) + 1) % 3])

    def confirm_pending(self) -> tuple[list[str], list[str]]:
        """条件全部符合 (F10): every condition left open for the clerk's judgment is confirmed as met.
        Not the system's rows, not those waiting for the record: answers (the pending record facts the
        clerk may still confirm row by row, those no key confirms), for the panel to say so."""
        if not self.editable:
            return [], []
        touched = False
        for row, c in enumerate(self.conditions):
            if not self.is_rule_row(row) and c.code not in self.record_pending and self.answers.get(c.code) is None:
                self.answers[c.code] = True
                touched = True
        if touched:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.conditions) - 1, 2))
            self.changed.emit()
        by_row = [c.code for c in self.conditions if c.code in self.record_pending and self.answers.get(c.code) is None]
        return by_row, [c.code for c in self.conditions if c.code in self.locked]


class ChecklistView(QTableView):
    """Space cycles the row's state; N edits the note; Enter moves on (``advance``)."""

    advance = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.verticalHeader().setVisible(False)
        # long material / condition names wrap onto a second line instead of being cut
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # by the pixel: a row taller than the table (a long note) can be read to its end, not skipped
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTabKeyNavigation(False)
        rows = self.fontMetrics().height() + 8
        self.setMinimumHeight(self.horizontalHeader().sizeHint().height() + 2 * rows + 4)
        self._rows_height = 0          # the height the layout last had of sizeHint (_follow_rows)

    def setModel(self, model) -> None:
        super().setModel(model)
        # the name gets the room; the state fits its text; the note is the clerk's to widen
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(48)
        if model is not None and model.columnCount() >= 3:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
            header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
            model.modelReset.connect(self.updateGeometry)
            self.verticalHeader().sectionResized.connect(lambda *_: self.updateGeometry())
            header.resizeSection(2, max(header.sectionSizeHint(2), 8 * self.fontMetrics().horizontalAdvance("说")))

    def share_width_with_notes(self) -> None:
        """The note column as wide as its longest note, up to half the names' and notes' room: the
        rules' notes are sentences (出生 1965-12 → 法定退休 2026-03（60岁3个月），已达；累计缴费 32年2个月，…)
        that wrapped to ten lines in a column of a few words, taller than the table, the end only in
        the tooltip; short notes leave the names their room."""
        self._notes_share = True
        model = self.model()
        for signal in (model.modelReset, model.dataChanged, model.layoutChanged):
            signal.connect(lambda *_: self._fit_notes())
        self._fit_notes()

    def _fit_notes(self) -> None:
        if not getattr(self, "_notes_share", False) or self.model() is None:
            return
        header = self.horizontalHeader()
        least = max(header.sectionSizeHint(2), 8 * self.fontMetrics().horizontalAdvance("说"))
        room = (viewport_of(self).width() - self.columnWidth(1)) // 2
        header.resizeSection(2, max(least, min(self.sizeHintForColumn(2), room)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_notes()
        # the notes wrap anew at the new width, and the rows' heights follow once Qt has laid them
        # out: from Qt 6.12 without a sectionResized, so the table kept the height of its old rows
        # and cut the last one (1366×768)
        QTimer.singleShot(0, self._follow_rows)

    def _follow_rows(self) -> None:
        height = self.sizeHint().height()
        if height > self.height() and height != self._rows_height:     # rows cut: ask the layout again
            self._rows_height = height
            self.updateGeometry()

    def sizeHint(self):
        """As tall as its rows (at least two, at most eight): the applicant form above keeps its room."""
        hint = super().sizeHint()
        rows = self.model().rowCount() if self.model() is not None else 0
        row_h = self.verticalHeader().defaultSectionSize()
        body = sum(self.rowHeight(r) for r in range(min(rows, 8))) + max(0, 2 - rows) * row_h
        hint.setHeight(self.horizontalHeader().sizeHint().height() + body + 2 * self.frameWidth() + 2)
        return hint

    def keyPressEvent(self, event) -> None:
        model = self.model()
        row = self.currentIndex().row()
        key = event.key()
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        if plain and key == Qt.Key.Key_Space and row >= 0 and hasattr(model, "cycle"):
            model.cycle(row)
            return
        if plain and key == Qt.Key.Key_N and row >= 0:
            idx = model.index(row, 2)
            if model.flags(idx) & Qt.ItemFlag.ItemIsEditable:
                self.setCurrentIndex(idx)
                self.edit(idx)
            return
        if plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != QAbstractItemView.State.EditingState:
            self.advance.emit()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        if not self.currentIndex().isValid() and self.model() is not None and self.model().rowCount() > 0:
            self.setCurrentIndex(self.model().index(0, 0))

    def add_row_action(self, action) -> None:
        """An action on the current row (e.g. 拍照 on a material): its shortcut works while the table
        has focus, and it is listed in the table's context menu."""
        self.addAction(action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
