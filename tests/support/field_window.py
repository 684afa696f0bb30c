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


class RosterCentre:
    """A centre that only hands out a roster: one lapsed pensioner per ``people`` entry, (ID number,
    name, address[, phone]), as ``counter_app.workflows.field.pull`` asks for it."""

    def __init__(self, people):
        self.people = people

    def field_roster(self, pem, days):
        from datetime import date, datetime, timedelta, timezone

        from counter_protocol import field as fp

        now = datetime.now(timezone.utc)
        return fp.Roster(office_code="FT", generated_at=now, valid_until=now + timedelta(days=14), window_days=60,
                         cycle_months=12, entries=[fp.RosterEntry(
                             assignment_id=f"a-{n}", id_number=person[0], name=person[1], address=person[2],
                             phone=person[3] if len(person) > 3 else "",
                             last_certified=date(2024, 5, 15 + n), valid_until=date(2025, 5, 31), reason="lapsed")
                             for n, person in enumerate(self.people)])
