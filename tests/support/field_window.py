"""The field worker's window (FieldPanel) as the laptop opens it, for the UI tests."""

from __future__ import annotations


def open_field_panel(qtbot, store, workstation_id: str):
    """field01's FieldPanel on ``store`` at ``workstation_id``, shown and loaded (no centre reachable)."""
    from counter_app.app_context import AppContext, UserSession
    from counter_app.paths import app_paths
    from counter_app.ui.field_panel import FieldPanel
    from tests.support.cases import settings_for

    ctx = AppContext(settings=settings_for("http://127.0.0.1:9", workstation_id), paths=app_paths().ensure(),
                     store=store, user=UserSession("field01", "field01", "field"))
    panel = FieldPanel(ctx)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=15000):
        panel.show()
    return panel
