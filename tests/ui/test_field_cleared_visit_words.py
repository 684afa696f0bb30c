"""A rejected home visit cleared at the laptop (its roster expired, nobody sent it again) reads as
已过期清除 — in 待同步's state column and in the field window's count — not as 被拒绝 waiting for a
retry that can no longer be made (the real centre in-process rejected it)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt

from counter_app.sync.client import CentralClient, StaticToken
from counter_app.sync.worker import SyncWorker
from counter_app.ui import outbox_panel as op
from counter_app.ui.events import AppEvents
from counter_app.workflows import field
from counter_protocol import sync as p
from tests.support.central import DEMO_PASSWORDS
from tests.support.field_window import open_field_panel

WS = "FT-L-CLR-UI"


def _rejected_and_expired(tc, store) -> None:
    client = CentralClient("http://testserver", transport=tc._transport)
    pair = client.login("field01", DEMO_PASSWORDS["field01"], WS)
    client.tokens = StaticToken(pair.access_token)
    try:
        pulled = field.pull(store, client, user="field01", workstation_id=WS, office_code="FT")
        person = next(a for a in field.roster(store, user="field01") if a.name == "周德明")
        field.record_visit(store, person.key, staff=[field.Staff("field01"), field.Staff("auditor01")],
                           workstation_id=WS, result="moved_away", address_confirmed=True, note="已迁出")
        report = SyncWorker(store, client, workstation_id=WS, scope=p.pull_scope(pair.user.roles)).run_once()
        assert report.rejected == 1, report
    finally:
        client.close()
    assert field.wipe(store, now=pulled.expires_at.replace(tzinfo=None) + timedelta(seconds=1)) >= 1


def test_the_outbox_and_the_field_window_say_expired_and_cleared(qtbot, app_home, store, central_sqlite_client):
    _rejected_and_expired(central_sqlite_client, store)
    from tests.ui.test_outbox_panel import make_ctx

    panel = op.OutboxPanel(make_ctx(store, user="field01", role="field"), AppEvents())
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.show()
    column = op.OutboxModel.COLUMNS.index("state")
    assert [panel.model.index(r, column).data(Qt.ItemDataRole.DisplayRole)
            for r in range(panel.model.rowCount())] == ["已过期清除"]
    window = open_field_panel(qtbot, store, WS)
    assert "已过期清除 1" in window.sync_label.text(), window.sync_label.text()
