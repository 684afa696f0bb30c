"""The field window when the roster's period ends with the window open (tester fieldui D3), and the
reload after a saved visit (D4): the expired people leave the list by themselves at 有效至; a save
against an expired roster is refused in words and nothing is sealed; a save reloads the lists
once, and no 「本机数据库正忙」 follows it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from counter_app.storage.tables_field import FieldAssignment
from counter_app.workflows import field
from tests.support.field_window import RosterCentre, open_field_panel

WS = "L-EXPIRY"
PEOPLE = (("11010519491231002X", "王测试", "福田区测试路 1 号"), ("440304194602117129", "陈测试", "福田区测试路 2 号"))


def _expire(store, at: datetime) -> None:
    with store.new_session() as s:
        s.execute(update(FieldAssignment).values(expires_at=at.replace(tzinfo=None)))
        s.commit()


@pytest.fixture
def pulled(store, app_home):
    field.pull(store, RosterCentre(PEOPLE), user="field01", workstation_id=WS, office_code="FT")
    return store


def _ready(panel, n: int = 0) -> None:
    """A person selected and what the staff did at the door (nobody home)."""
    panel.table.setCurrentIndex(panel.proxy.index(n, 0))
    panel.second = ("field02", "online")
    panel.address_ok.setChecked(True)
    panel.result.setCurrentIndex(panel.result.findData("not_found"))


def test_the_people_of_an_expired_roster_leave_the_list_without_an_action(qtbot, pulled):
    _expire(pulled, datetime.now(timezone.utc) + timedelta(seconds=2))
    panel = open_field_panel(qtbot, pulled, WS)
    assert len(panel.model.rows) == 2
    qtbot.waitUntil(lambda: len(panel.model.rows) == 0, timeout=10000)       # nobody clicked anything
    assert panel.current_key() is None and panel.address.text() == ""


def test_a_save_after_the_roster_expired_is_refused_and_the_list_empties(qtbot, pulled):
    panel = open_field_panel(qtbot, pulled, WS)
    _ready(panel)
    _expire(pulled, datetime.now(timezone.utc) - timedelta(minutes=1))     # e.g. the lid was closed overnight
    with qtbot.waitSignal(panel.failed, timeout=15000):
        panel.save()
    qtbot.waitUntil(lambda: len(panel.model.rows) == 0, timeout=15000)
    assert "名单已于" in panel.message.text() and "请联网重新拉取名单后再登记" in panel.message.text()
    assert "已封存保存" not in panel.message.text()
    assert field.visits(pulled, workstation_id=WS) == []


def test_a_save_reloads_the_lists_once_and_says_saved(qtbot, pulled):
    from counter_app.app_context import AppContext, UserSession
    from counter_app.paths import app_paths
    from counter_app.ui.events import AppEvents
    from counter_app.ui.field_panel import FieldPanel
    from tests.support.cases import settings_for

    ctx = AppContext(settings=settings_for("http://127.0.0.1:9", WS), paths=app_paths().ensure(), store=pulled,
                     user=UserSession("field01", "field01", "field"))
    events = AppEvents()
    panel = FieldPanel(ctx, events=events)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=15000):
        panel.show()
    _ready(panel)
    loads: list[int] = []
    failed: list[str] = []
    panel.loaded.connect(lambda: loads.append(1))
    panel.failed.connect(failed.append)
    with qtbot.waitSignal(panel.saved, timeout=15000):
        panel.save()
    qtbot.waitUntil(lambda: len(panel.model.rows) == 1, timeout=15000)
    qtbot.wait(500)
    assert loads == [1] and failed == []
    assert panel.message.text() == "已封存保存，联网后自动同步"


def test_a_reload_that_fails_is_said_as_the_list_s_not_the_save_s(qtbot, pulled):
    panel = open_field_panel(qtbot, pulled, WS)
    panel._say("已封存保存，联网后自动同步")
    panel._reload_failed(OSError(5, "I/O"))
    lines = panel.message.text().splitlines()
    assert lines[0] == "已封存保存，联网后自动同步" and lines[1].startswith("名单未能刷新：")
    assert not any(line.startswith("操作未完成") for line in lines)
