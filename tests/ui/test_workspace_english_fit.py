"""English at 1366×768 (issue 16): the service tree cut "Transfer-in of a general contribution
account …" before its clause, and the search field's placeholder was cut. A long name wraps to a
second line in the tree (whole in its tooltip too); the search field's tooltip has the placeholder
whole; a Chinese name that fits keeps its one-line row."""

from __future__ import annotations

from tests.ui.test_workspace_flows import make_ctx, open_panel


def _leaf_rows(tree):
    model = tree.model()
    for row in range(model.rowCount()):
        group = model.index(row, 0)
        for child in range(model.rowCount(group)):
            yield model.index(child, 0, group)


def _tree_at_1366(qtbot, store):
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.app import apply_ui_font

    apply_ui_font(QApplication.instance())     # the window's own font, as the app sets it (its metrics decide the fit)
    panel = open_panel(qtbot, make_ctx(store))
    panel.resize(1366 - 40, 700)
    qtbot.wait(50)
    return panel


def test_a_long_english_service_name_wraps_in_the_tree_with_its_clause(qtbot, app_home, store, english):
    panel = _tree_at_1366(qtbot, store)
    try:
        tree = panel.picker.tree
        metrics = tree.fontMetrics()
        room = tree.viewport().width() - 2 * tree.indentation()
        rows = {str(ix.data()): ix for ix in _leaf_rows(tree)}
        long = next(text for text in rows if text.startswith("Transfer-in of a general contribution account"))
        assert metrics.horizontalAdvance(long) > room, "the name fits anyway: the test shows nothing"
        assert long.endswith(")") and "(6.4." in long                     # its clause is part of the row
        height = tree.visualRect(rows[long]).height()
        assert height >= 2 * metrics.lineSpacing(), height                  # two lines: nothing cut
        assert tree.visualRect(rows["History review (6.5.2)"]).height() < 2 * metrics.lineSpacing()
        assert "Transfer-in of a general contribution account" in str(rows[long].data(0x03))   # ToolTipRole
        search = panel.picker.search
        assert search.toolTip() == search.placeholderText() and search.toolTip().startswith("Search services")
    finally:
        panel.shutdown()


def test_the_chinese_tree_keeps_one_line_for_a_name_that_fits(qtbot, app_home, store):
    """Not worse in Chinese: a name that fits keeps its one-line row; a longer one wraps, never cut."""
    panel = _tree_at_1366(qtbot, store)
    try:
        tree = panel.picker.tree
        metrics, line = tree.fontMetrics(), tree.fontMetrics().lineSpacing()
        room = tree.viewport().width() - 2 * tree.indentation() - 12
        for ix in _leaf_rows(tree):
            fits = metrics.horizontalAdvance(str(ix.data())) <= room
            assert (tree.visualRect(ix).height() < 2 * line) == fits, (ix.data(), tree.visualRect(ix).height())
    finally:
        panel.shutdown()
