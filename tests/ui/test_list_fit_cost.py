"""The lists (办件, 待同步, …) fit their columns to their text. Measured on every row, the fit of a
500-row 办件 list called the model's Python ``data()`` about 100,000 times per refresh on the GUI
thread (0.5–1.4 s of a frozen window on a year's store). The fit now measures the rows in view and a
bounded sample: a refresh costs the same for 50 rows or 2,000; a longer text scrolled into view is
fitted when the scrolling stops."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from counter_app.ui.cases_panel import CasesModel
from counter_app.ui.panel_kit import setup_list_table
from counter_app.workflows.case_queries import CaseSummary


class CountingCasesModel(CasesModel):
    """The 办件 list's own model, counting the calls of data() (what the fit pays per cell)."""

    calls = 0

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        type(self).calls += 1
        return super().data(index, role)


def _rows(n: int) -> list[CaseSummary]:
    at = datetime(2026, 3, 2, 10, 0)
    return [CaseSummary(id=f"c{i}", case_no=f"FT-W01-20260302-{i:04d}", service_code="reg_enroll",
                        service_name="参保登记", applicant_type="individual", applicant="张*",
                        id_masked="1101**********0017", state="accepted", state_label="已受理（办理中）",
                        created_at=at, updated_at=at) for i in range(n)]


def _refresh_calls(qtbot, view: QTableView, model: CountingCasesModel, n: int) -> int:
    """data() calls of one refresh as the panel does it: new rows, the selection put back, painted."""
    CountingCasesModel.calls = 0
    model.set_rows(_rows(n))
    view.selectRow(min(3, n - 1))
    view.viewport().repaint()
    qtbot.wait(20)
    return CountingCasesModel.calls


def _view(qtbot) -> tuple[QTableView, CountingCasesModel]:
    view = QTableView()
    qtbot.addWidget(view)
    model = CountingCasesModel(view)
    setup_list_table(view, model)
    view.resize(1366, 600)
    view.show()
    qtbot.waitExposed(view)
    return view, model


def test_a_refresh_costs_the_same_for_50_rows_or_2000(qtbot):
    view, model = _view(qtbot)
    few = _refresh_calls(qtbot, view, model, 50)
    many = _refresh_calls(qtbot, view, model, 500)
    most = _refresh_calls(qtbot, view, model, 2000)
    assert many <= few * 1.2 and most <= few * 1.2, (few, many, most)
    assert many < 20_000, many          # it was about 100,000 for 500 rows


def test_a_longer_text_scrolled_into_view_is_fitted_when_scrolling_stops(qtbot):
    view, model = _view(qtbot)
    rows = _rows(500)
    rows[400] = dataclasses.replace(rows[400], case_no="FT-W01-20260302-0400-" + "长" * 30)
    model.set_rows(rows)
    qtbot.wait(20)
    metrics = view.fontMetrics()
    view.scrollTo(model.index(400, 0))
    qtbot.waitUntil(lambda: view.columnWidth(0) > metrics.horizontalAdvance(rows[400].case_no), timeout=3000)
    assert view.columnWidth(1) < view.viewport().width() / 3     # the other columns keep their own width
