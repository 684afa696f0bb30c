"""The typed 核定 form (核定数据): one row per field the catalog declares for the step.

Built from the step's ``decision_data`` (domain.decision_data), or for the step that issues the
视同缴费年限核准决定书 the periods editor (ui.workspace.periods_editor): money, integers, decimals and
months get a line edit that accepts only that shape, choices a combo box; each row says its unit
and where the value comes from (档案 / 规则计算 / 经办人填写). It is prefilled from the person's
record (the case facts) and the rules calculators, which recompute as the clerk types; a computed
value the clerk changes is kept as the clerk's (经办人修改). There is no free JSON anywhere.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QRect, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator, QValidator
from PySide6.QtWidgets import (QComboBox, QFormLayout, QFrame, QHBoxLayout, QLabel, QLineEdit, QScrollArea,
                               QVBoxLayout, QWidget)

from counter_app.ui.catalog_text import catalog_tr
from counter_app.ui.panel_kit import QuietLabel, viewport_of

if TYPE_CHECKING:   # the decision data (and its parameters) load when a step asks for a form
    from counter_rules.decision_data import DecisionField, RuleContext

log = logging.getLogger(__name__)

# what each editor accepts while typing: counter_rules.decision_data.editor_pattern, the shape its
# check() takes (one rule for the form and ``case step --data``)


MIN_VISIBLE_ROWS = 4
VALUE_EMS = 15        # an editor shows a typical value whole: 长沙市示例区社会保险经办机构 (14 characters)
LABEL_LINES = 2       # beside its editor a label wraps to at most this many lines, else labels go above
LABEL_EMS = 14        # and its column is never wider than this


class _ShapeValidator(QRegularExpressionValidator):
    """Accepts only the field's shape; a refused keystroke or paste is reported (``refused``) so the
    form says why nothing appeared instead of dropping the letters silently."""

    refused = Signal()

    def validate(self, text, pos):
        result = super().validate(text, pos)
        state = result[0] if isinstance(result, tuple) else result
        if state == QValidator.State.Invalid:
            self.refused.emit()
        return result


class _RowsScroll(QScrollArea):
    """The rows' scroll area asks for the height of EVERY row at its width (QScrollArea's own hint is a
    fixed guess: at 1600×1000 the form showed four rows and scrolled while the notice preview under
    it had spare height). The layouts above give it that height when the window has it and shrink
    it towards its minimum (MIN_VISIBLE_ROWS, the rest scroll) on a short screen."""

    def sizeHint(self):
        hint = super().sizeHint()
        rows = self.widget()
        if rows is None or rows.layout() is None or rows.layout().count() == 0:
            return hint
        width = viewport_of(self).width() if self.isVisible() else rows.sizeHint().width()
        height = rows.heightForWidth(width) if rows.hasHeightForWidth() else -1
        margins = self.contentsMargins()
        hint.setHeight(max(height, rows.sizeHint().height()) + margins.top() + margins.bottom())
        return hint


class DecisionForm(QWidget):
    changed = Signal()
    opened = Signal()        # a step's form was built (the panel brings its tab forward)
    closed = Signal()        # the form was emptied: no step with 核定数据 is current

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("decisionForm")
        self.fields: tuple[DecisionField, ...] = ()
        self.editors: dict[str, QComboBox | QLineEdit] = {}
        self.hints: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self._step_name = ""
        self.overridden: set[str] = set()
        self.given: set[str] = set()
        self._service_code = ""
        self._ctx: RuleContext | None = None
        self._refused_in: str | None = None    # the field whose refused keystroke the error line explains
        self._problems: list[str] = []         # or the problems it lists (step_data), worded on a switch
        self._notes: list[str] = []            # the rules' notes (DecisionNote where listed), worded on a switch
        self._failed = ""                      # the last failed calculation logged (not again at each keystroke)
        self._known: dict = {}           # the step's groups as the record holds them (e.g. per-person rows)
        self._filling = False
        self.title = QLabel(self)
        self.title.setObjectName("decisionTitle")
        self.title.setWordWrap(True)
        self.rows = QWidget(self)
        self.form = QFormLayout(self.rows)
        self.form.setContentsMargins(0, 0, 4, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)    # or WrapAllRows: _fit_rows
        self._label_width = 0
        self.rows_scroll = _RowsScroll(self)
        self.rows_scroll.setObjectName("decisionScroll")
        self.rows_scroll.setWidgetResizable(True)
        self.rows_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.rows_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.rows_scroll.setWidget(self.rows)
        self.notes = QuietLabel(self)       # no room taken while empty
        self.notes.setObjectName("decisionNotes")
        self.notes.setWordWrap(True)
        self.error = QuietLabel(self)       # no room taken while empty
        self.error.setObjectName("decisionError")
        self.error.setStyleSheet("color:#b3261e")
        self.error.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.rows_scroll, 1)
        from counter_app.ui.workspace.periods_editor import PeriodsEditor

        self.periods = PeriodsEditor(self)      # 核准的视同缴费期间 (a 历史信息审核's decision)
        self.periods.hide()
        self.periods.changed.connect(self._periods_edited)
        self._periods_on: date | None = None    # the decision's day while the periods are the form
        layout.addWidget(self.periods, 1)
        layout.addWidget(self.notes)
        layout.addWidget(self.error)
        for label in (self.title, self.notes, self.error):     # wrapped lines get their height (see _fit_labels)
            label.installEventFilter(self)

    def _reword(self) -> None:
        """The title, the row labels and the choices (catalog texts) in the UI language."""
        if self._step_name:
            self.title.setText(self._title_text())
        for f in self.fields:
            if (label := self.labels.get(f.code)) is not None:
                label.setText(self._label_text(f))
            if f.type == "choice" and isinstance(combo := self.editors.get(f.code), QComboBox):
                combo.setItemText(0, self.tr("（请选择）"))
                for i, (_value, text) in enumerate(f.choices, 1):
                    combo.setItemText(i, catalog_tr(text))
        for f in self.fields:
            self._show_source(f)
        self._recompute()                    # the rules' notes, worded again
        self._fit_rows(force=True)           # the labels' widths in this language

    def _title_text(self) -> str:
        return self.tr("核定数据：%1（带 * 的为必填项）").replace("%1", catalog_tr(self._step_name))

    @staticmethod
    def _label_text(f: DecisionField) -> str:
        label = catalog_tr(f.label)
        if f.unit:        # 「label（unit）」, the brackets the template's: "label (unit)" in English
            label = QCoreApplication.translate("DecisionForm", "%1（%2）").replace("%2", catalog_tr(f.unit)) \
                .replace("%1", label)
        return f"{'*' if f.required else ''}{label}"

    # ------------------------------------------------------------------ layout
    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._fit_labels()
        return super().eventFilter(watched, event)

    def _fit_labels(self) -> None:
        """A word-wrapped label's height for its width is not asked for through the splitter and
        group box above this form, so a two-line note got one line and was drawn over the last rows
        (1366×768): each label is given the height its wrapped text needs."""
        width = self.contentsRect().width()
        for label in (self.title, self.notes, self.error):
            need = 0
            if label.text() and width > 0:      # as QLabel measures plain wrapped text (heightForWidth
                m = label.contentsMargins()     # itself never answers less than the minimum set here)
                inner = width - m.left() - m.right() - 2 * label.margin()
                need = label.fontMetrics().boundingRect(QRect(0, 0, max(inner, 1), 100000),
                                                        int(Qt.TextFlag.TextWordWrap), label.text()).height()
                need += m.top() + m.bottom() + 2 * label.margin()
            if label.minimumHeight() != need:
                label.setMinimumHeight(need)

    def _fit_rows(self, force: bool = False) -> None:
        """Labels beside their editors while the column has room for both: every label in at most
        LABEL_LINES lines and an editor that shows a typical value whole (VALUE_EMS) next to its
        source; else each label above its editor (QFormLayout.WrapAllRows), the editor the row's
        width. English at 1366×768 wrapped "*Social insurance agency of the transferring-out place"
        to four lines in a 95 px column and showed only "区社会保险经办机构" of the value."""
        if not self.labels:
            return
        bar = self.rows_scroll.verticalScrollBar().sizeHint().width()
        m = self.form.contentsMargins()
        width = self.rows_scroll.width() - bar - m.left() - m.right()   # the same with or without the bar
        if width <= 0:
            return
        em = self.fontMetrics().horizontalAdvance("中")
        label_width = max(self._label_need(label) for label in self.labels.values())
        hint_width = max(h.sizeHint().width() for h in self.hints.values())
        spacing = max(self.form.horizontalSpacing(), 6)
        side = label_width <= LABEL_EMS * em and label_width + VALUE_EMS * em + hint_width + 2 * spacing <= width
        policy = QFormLayout.RowWrapPolicy.DontWrapRows if side else QFormLayout.RowWrapPolicy.WrapAllRows
        width_now = label_width if side else width         # above its editor: the row's width
        if not force and policy == self.form.rowWrapPolicy() and width_now == self._label_width:
            return
        self._label_width = width_now
        for label in self.labels.values():
            label.setFixedWidth(width_now)
        for hint in self.hints.values():       # the sources in one column: the editors' edges line up
            hint.setMinimumWidth(hint_width)
        self.form.setRowWrapPolicy(policy)
        self.rows_scroll.updateGeometry()

    def _label_need(self, label: QLabel) -> int:
        """The narrowest width at which ``label`` wraps to at most LABEL_LINES lines (its one line
        when shorter than a few characters' width)."""
        metrics, text = label.fontMetrics(), label.text()
        whole = metrics.horizontalAdvance(text) + 2
        most = LABEL_LINES * metrics.lineSpacing() + 1

        def fits(w: int) -> bool:
            return metrics.boundingRect(QRect(0, 0, w, 100000), int(Qt.TextFlag.TextWordWrap), text).height() <= most

        low, high = max(1, whole // LABEL_LINES - 1), whole
        while low < high:
            mid = (low + high) // 2
            if fits(mid):
                high = mid
            else:
                low = mid + 1
        return high

    def _fit_tooltips(self) -> None:
        """A value wider than its editor is whole in the editor's tooltip (with what the field accepts)."""
        for f in self.fields:
            editor = self.editors.get(f.code)
            if not isinstance(editor, QLineEdit):
                continue
            text = editor.text()
            room = editor.contentsRect().width() - 8
            cut = bool(text) and editor.fontMetrics().horizontalAdvance(text) > room
            tip = "\n".join(t for t in ((text if cut else ""), self.shape_hint(f)) if t)
            if editor.toolTip() != tip:
                editor.setToolTip(tip)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._fit_rows()                 # built while its tab was hidden: the width it has now

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_labels()
        if event.size().width() != event.oldSize().width():
            self._fit_rows()
            self.rows_scroll.updateGeometry()        # the rows' wrapped height at the new width
        self._fit_tooltips()

    # ------------------------------------------------------------------ building
    def show_step(self, service_code: str, step, facts: dict, ctx: RuleContext, entered: dict | None = None) -> None:
        """Rows for ``step.decision_data``, prefilled from ``facts`` (the record) and the rules;
        an empty step hides the form."""
        from counter_rules.decision_data import from_record

        fields = tuple(getattr(step, "decision_data", ()) or ())
        same = fields == self.fields and service_code == self._service_code
        self._service_code, self._ctx = service_code, ctx
        self._known = {k: v for g in {f.group for f in fields}
                       for k, v in ((facts.get(g) or {}).items() if isinstance(facts.get(g), dict) else ())}
        if not fields and _takes_periods(step):
            self._show_periods(step, facts, ctx)
            return
        if not fields:
            self.clear()
            return
        self._hide_periods()
        if not same:
            self._build(fields)
            self._step_name = step.name
            self.title.setText(self._title_text())
            values = from_record(fields, facts)
            values.update({k: str(v) for k, v in (entered or {}).items()})
            self._fill(values)
            # computed fields the record already holds (the core system's figures) are kept as given
            self.given = {f.code for f in fields if f.source == "rules" and values.get(f.code) not in (None, "")}
            self.overridden |= self.given
            for f in fields:
                self._show_source(f)
            self._fit_rows(force=True)
        self._recompute()
        self._fit_tooltips()
        if not same:
            self.opened.emit()

    @property
    def active(self) -> bool:
        """The form asks for data at the current step (typed fields, or the 视同缴费期间)."""
        return bool(self.fields) or self._periods_on is not None

    def _show_periods(self, step, facts: dict, ctx: RuleContext) -> None:
        """The 核准的视同缴费期间 of a 视同缴费年限核准决定书: prefilled from the record's periods."""
        from counter_app.domain.case_engine import deemed_months_in

        fresh = self._periods_on is None or self._step_name != step.name
        if self.fields:
            self._build(())
        self._step_name = step.name
        self._periods_on = ctx.on
        if fresh:
            held = facts.get("deemed_years")
            known = held if isinstance(held, dict) else {}
            self.periods.set_periods(known.get("periods") or [], deemed_months_in(facts))
            self.title.setText(self._title_text())
            self.error.clear()
            self.rows_scroll.hide()             # no typed rows: the periods take the room
            self.periods.show()
            self.opened.emit()

    def _hide_periods(self) -> None:
        self._periods_on = None
        self.periods.hide()
        self.rows_scroll.show()

    def _periods_edited(self) -> None:
        self.error.clear()
        self._problems = []
        self.changed.emit()

    def clear(self) -> None:
        had = bool(self.fields) or self._periods_on is not None
        self._hide_periods()
        self._build(())
        self.fields = ()
        self._service_code, self._step_name = "", ""
        self._notes = []
        self.notes.clear()
        if had:
            self.closed.emit()

    def _build(self, fields: tuple[DecisionField, ...]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields, self.editors, self.hints, self.overridden, self.given = fields, {}, {}, set(), set()
        self.labels = {}
        for f in fields:
            editor = self._editor(f)
            self.editors[f.code] = editor
            hint = QLabel(self.rows)
            hint.setObjectName(f"hint_{f.code}")
            hint.setStyleSheet("color:#5f6368")
            self.hints[f.code] = hint
            row = QWidget(self.rows)
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            h.addWidget(editor, 1)                  # the editor takes the room, its source the words it needs
            h.addWidget(hint, 0)
            label = QLabel(self._label_text(f), self.rows)
            self.labels[f.code] = label
            label.setWordWrap(True)                 # a long label wraps instead of squeezing the editor
            label.setBuddy(editor)
            self.form.addRow(label, row)
            self._show_source(f)
        # a few rows always visible (the rest scroll here, growing with the space there is); more
        # than four would not leave room for the notes and the error under them at 1366×768, and
        # a layout short of its minimum draws the notes over the last rows
        self.rows_scroll.setMinimumHeight(min(len(fields), MIN_VISIBLE_ROWS) * (self.fontMetrics().height() + 12))
        self.updateGeometry()       # the new rows' height (sizeHint) reaches the layouts above

    def _editor(self, f: DecisionField) -> QComboBox | QLineEdit:
        if f.type == "choice":
            combo = QComboBox(self.rows)
            combo.addItem(self.tr("（请选择）"), "")
            for value, label in f.choices:
                combo.addItem(catalog_tr(label), value)
            combo.currentIndexChanged.connect(lambda _i, code=f.code: self._edited(code))
            combo.setObjectName(f"decision_{f.code}")
            return combo
        edit = QLineEdit(self.rows)
        edit.setObjectName(f"decision_{f.code}")
        from counter_rules.decision_data import editor_pattern

        pattern = editor_pattern(f.type)
        if pattern is not None:
            validator = _ShapeValidator(QRegularExpression(pattern), edit)
            validator.refused.connect(lambda code=f.code: self._refused(code))
            edit.setValidator(validator)
            edit.setToolTip(self.shape_hint(f))      # what the field accepts, on hover
        if f.type == "month":
            edit.setPlaceholderText(self.tr("如 2026-04"))
        elif f.type == "date":
            edit.setPlaceholderText(self.tr("如 2026-04-15"))
        edit.textEdited.connect(lambda _t, code=f.code: self._edited(code))
        edit.textChanged.connect(self._fit_tooltips)
        edit.returnPressed.connect(self.focusNextChild)
        edit.editingFinished.connect(lambda code=f.code: self._left(code))
        return edit

    def shape_hint(self, f: DecisionField) -> str:
        """What a field accepts, said when a typed character is refused."""
        return {"money": self.tr("只能填写数字，最多两位小数"),
                "integer": self.tr("只能填写整数"),
                "decimal": self.tr("只能填写数字，最多四位小数"),
                "month": self.tr("请按“2026-04”的格式填写年月"),
                "date": self.tr("请按“2026-04-15”的格式填写日期")}.get(f.type, "")

    def _refused(self, code: str) -> None:
        f = next((x for x in self.fields if x.code == code), None)
        if f is None:
            return
        text = self.tr("%1：%2").replace("%1", catalog_tr(f.label)).replace("%2", self.shape_hint(f))
        self.error.setText(text)
        self._refused_in, self._problems = code, []
        self._fit_labels()

    def _left(self, code: str) -> None:
        """Leaving the field whose refused keystroke was explained takes the note away."""
        if self._refused_in == code:
            self._refused_in, self._problems = None, []
            self.error.clear()
            self._fit_labels()

    def _show_source(self, f: DecisionField) -> None:
        # literal tr() calls, so lupdate finds each (counter_rules.decision_data.SOURCE_NAMES has the
        # same words for the documents; a tr() of a variable never reached the translation file)
        from counter_rules.decision_data import SOURCE_NAMES

        shown = {"record": self.tr("档案"), "rules": self.tr("规则计算"), "clerk": self.tr("经办人填写")}
        if f.code in self.given:
            source = shown["record"]
        elif f.code in self.overridden:
            source = self.tr("经办人修改")
        else:
            source = shown.get(f.source) or SOURCE_NAMES.get(f.source, f.source)
        self.hints[f.code].setText(self.tr("来源：%1").replace("%1", source))

    # ------------------------------------------------------------------ values
    def value(self, code: str) -> str:
        editor = self.editors[code]
        if isinstance(editor, QComboBox):
            return str(editor.currentData() or "")
        return editor.text().strip()

    def set_value(self, code: str, text: str) -> None:
        editor = self.editors[code]
        self._filling = True
        try:
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(text)))
            elif editor.text() != text:
                editor.setText(text)
        finally:
            self._filling = False

    def values(self) -> dict[str, str]:
        return {code: self.value(code) for code in self.editors}

    def _fill(self, values: dict) -> None:
        for code, text in values.items():
            if code in self.editors:
                self.set_value(code, str(text))

    def _edited(self, code: str) -> None:
        if self._filling:
            return
        f = next(x for x in self.fields if x.code == code)
        if f.source == "rules":
            self.given.discard(code)
            if self.value(code):
                self.overridden.add(code)
            else:
                self.overridden.discard(code)     # emptied: the rules compute it again
            self._show_source(f)
        if self._refused_in != code:      # a refusal note stays while the clerk types on in that field
            self.error.clear()
            self._refused_in, self._problems = None, []
        self._recompute()
        self.changed.emit()

    def _recompute(self) -> None:
        if self._ctx is None or not self.fields:
            return
        from counter_rules.decision_data import compute

        current = self.values()
        for code in [c for c in current if c not in self.overridden
                     and next(f for f in self.fields if f.code == c).source == "rules"]:
            current.pop(code)                    # computed values are derived afresh
        computed, notes = compute(self._service_code, self.fields, current, self._ctx,
                                  overridden=frozenset(self.overridden))
        for f in self.fields:
            if f.source == "rules" and f.code not in self.overridden:
                self.set_value(f.code, computed.get(f.code, ""))
        self._notes = list(notes)
        self._log_failure(notes)
        self._show_notes()

    def _show_notes(self) -> None:
        """The rules' notes in the language of the UI (each DecisionNote worded from its code, its
        figures put in after; a malformed parameter file's message as it is), joined by "；" as the
        Chinese lists them."""
        from counter_app.ui.refusals import problems_text

        self.notes.setText(problems_text(self._notes))
        self._fit_labels()

    def _log_failure(self, notes: list[str]) -> None:
        """A calculation that failed is logged with its exception (the note on screen says only that it
        failed): once until it fails differently, not at each keystroke."""
        cause = next((c for n in notes if (c := getattr(n, "cause", None)) is not None), None)
        failed = f"{type(cause).__name__}: {cause}" if cause is not None else ""
        if failed and failed != self._failed:
            log.warning("核定数据规则计算未能完成（%s）：%s", self._service_code, failed, exc_info=cause)
        self._failed = failed

    def step_data(self) -> tuple[dict, list[str]]:
        """The step's data ``{group: {key: value}}`` and the problems, each naming its field."""
        from counter_rules.decision_data import check_all, unfinished

        if self._periods_on is not None:     # the same check as case step --data (counter_rules.deemed_years)
            data, problems = self.periods.step_data(self._periods_on)
            self._problems = list(problems)
            self._show_problems()
            return data, problems
        data, problems = check_all(self.fields, self.values())
        self._refused_in = None
        if not problems:       # the same guard the case engine applies when the step is recorded
            problems = unfinished(self._service_code, self.values(), self._known, self._ctx)
        self._problems = list(problems)
        self._show_problems()
        if problems:
            first = next((f for f in self.fields if any(p.startswith(("请填写" + f.label, f.label)) for p in problems)), None)
            if first is not None:
                self.editors[first.code].setFocus()
        return data, problems


    def _show_problems(self) -> None:
        """The form's problems (data: each a DecisionProblem) in the language of the UI."""
        from counter_app.ui.refusals import problems_text

        self.error.setText(problems_text(self._problems))
        self._fit_labels()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._reword()                     # title, labels, choices (catalog texts)
            if self._notes:
                self._show_notes()             # the rules' notes, worded again
            if self._problems and self._refused_in is None:
                self._show_problems()          # the problems on show, worded again
        super().changeEvent(event)


def _takes_periods(step) -> bool:
    """The step issues the 视同缴费年限核准决定书, whose periods the clerk enters here."""
    from counter_app.domain.documents import DocumentKind

    return getattr(step, "document", None) is DocumentKind.deemed_years_decision


def takes_form(step) -> bool:
    """The step has a 核定 form: typed fields the catalog declares, or the 视同缴费期间."""
    return bool(getattr(step, "decision_data", ())) or _takes_periods(step)


def rule_context(case, on: date, params) -> RuleContext:
    """Birth and retirement category from the ID number and the record, for the rules (the same
    context the case engine settles the decision with: case_engine.rule_context)."""
    from counter_app.domain import case_engine

    return case_engine.rule_context(case, on, params)
