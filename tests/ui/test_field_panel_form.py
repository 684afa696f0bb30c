"""The field window's visit form against the lists reloading under it (after a sync round, an outbox
change, coming back from the 待同步 tab): the person being visited stays selected with what the staff
already did (second staff member signed in, card read, address confirmed); a person no longer on
the list leaves an empty form, not the last person's form with nothing selected behind it; and
封存并保存 pressed twice records one visit and says it was saved."""

from __future__ import annotations


import pytest

from counter_app.workflows import field
from tests.support.field_window import RosterCentre, open_field_panel

WS = "L-FORM"
PEOPLE = (("11010519491231002X", "王测试", "福田区测试路 1 号"), ("440304194602117129", "陈测试", "福田区测试路 2 号"))


@pytest.fixture
def panel(qtbot, store, app_home):
    field.pull(store, RosterCentre(PEOPLE), user="field01", workstation_id=WS, office_code="FT")
    p = open_field_panel(qtbot, store, WS)
    assert len(p.model.rows) == 2
    return p


def _select(panel, name_start: str) -> str:
    row = next(r for r in range(panel.proxy.rowCount())
               if panel.model.row_at(panel.proxy.mapToSource(panel.proxy.index(r, 0)).row()).name_masked.startswith(name_start))
    panel.table.setCurrentIndex(panel.proxy.index(row, 0))
    return panel.current_key()


def _half_done(panel, id_number: str) -> None:
    """What the staff did so far at the door."""
    panel.second = ("field02", "online")
    panel.second_label.setText("外勤人员02（联网验证）")
    panel.card_id = id_number
    panel.address_ok.setChecked(True)
    panel.note.setPlainText("本人在家")


def test_a_reload_keeps_the_person_being_visited_and_what_was_done(qtbot, panel):
    key = _select(panel, "王")
    _half_done(panel, PEOPLE[0][0])
    with qtbot.waitSignal(panel.loaded, timeout=15000):
        panel.refresh()                                  # e.g. the outbox changed while at the door
    assert panel.current_key() == key
    assert panel.second == ("field02", "online") and panel.card_id == PEOPLE[0][0]
    assert panel.address_ok.isChecked() and panel.note.toPlainText() == "本人在家"
    assert "王测试" in panel.person.text()


def test_after_a_saved_visit_the_form_is_empty_not_the_last_persons(qtbot, panel):
    _select(panel, "王")
    _half_done(panel, PEOPLE[0][0])
    panel.result.setCurrentIndex(panel.result.findData("moved_away"))
    with qtbot.waitSignal(panel.saved, timeout=15000):
        panel.save()
    qtbot.waitUntil(lambda: len(panel.model.rows) == 1, timeout=15000)
    assert panel.current_key() is None
    assert "王测试" not in panel.person.text() and panel.address.text() == ""
    assert panel.second is None and panel.card_id is None and not panel.address_ok.isChecked()
    assert panel.note.toPlainText() == ""


def test_save_pressed_twice_records_one_visit_and_says_saved(qtbot, panel):
    _select(panel, "陈")
    _half_done(panel, PEOPLE[1][0])
    panel.result.setCurrentIndex(panel.result.findData("not_found"))
    failed: list[str] = []
    panel.failed.connect(failed.append)
    with qtbot.waitSignal(panel.saved, timeout=15000):
        panel.save()
        panel.save()
    qtbot.waitUntil(lambda: len(panel.model.rows) == 1, timeout=15000)
    qtbot.wait(300)
    assert failed == [] and "已封存保存" in panel.message.text()
    assert len(field.visits(panel.ctx.store, workstation_id=WS)) == 1
