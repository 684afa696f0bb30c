"""The field window at the door (tester fieldui D1, D5, D6, D7):

- D1: the 认证结果 starts at 「请选择」 for every person — a 已死亡 chosen for the last person no longer
  carries over to the next one (a living pensioner was sealed as dead); 已死亡 is confirmed naming
  the person; a sealed visit not yet sent can be withdrawn from the window, the person back on the list;
- D5: at 1366×768 no two of the form's widgets overlap (the registry photo covered the address and
  the 已到场核实地址 box) and the form gets the height it needs;
- D6: 查找 (Ctrl+F) finds a pensioner by full name, ID number, phone or address while the list stays masked;
- D7: a refusal goes once the step the worker was told to do succeeds."""

from __future__ import annotations

from itertools import combinations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget

from counter_app.ui import field_panel
from counter_app.workflows import field
from tests.support.field_window import RosterCentre, open_field_panel

WS = "L-DOOR"
PEOPLE = (("11010519491231002X", "孙桂兰", "福田区莲花路 1 号", "13800001111"),
          ("440304194602117129", "钱秀英", "福田区景田路 22 号", "13900002222"),
          ("440305195203081238", "孙志强", "南山区南油大道 3 号", ""))


@pytest.fixture
def panel(qtbot, store, app_home):
    field.pull(store, RosterCentre(PEOPLE), user="field01", workstation_id=WS, office_code="FT")
    p = open_field_panel(qtbot, store, WS)
    assert len(p.model.rows) == 3
    return p


def _select(panel, name: str) -> str:
    row = next(r for r in range(panel.proxy.rowCount())
               if panel._addresses[panel.model.row_at(panel.proxy.mapToSource(panel.proxy.index(r, 0)).row()).id][1] == name)
    panel.table.setCurrentIndex(panel.proxy.index(row, 0))
    return panel.current_key()


def _at_the_door(panel) -> None:
    panel.second = ("field02", "online")
    panel.address_ok.setChecked(True)


# ------------------------------------------------------------------ D1


def test_the_result_of_the_last_person_does_not_carry_over(qtbot, panel, monkeypatch):
    monkeypatch.setattr(field_panel.DeathConfirm, "ask", classmethod(lambda cls, *a, **k: True))
    _select(panel, "钱秀英")
    assert panel.result.currentData() is None and panel.result.currentText() == "请选择"
    _at_the_door(panel)
    panel.result.setCurrentIndex(panel.result.findData("deceased"))
    with qtbot.waitSignal(panel.saved, timeout=15000):
        panel.save()
    qtbot.waitUntil(lambda: len(panel.model.rows) == 2, timeout=15000)
    _select(panel, "孙桂兰")                         # nobody opened the door: the worker does not touch the result
    assert panel.result.currentData() is None and panel.result.currentText() == "请选择"
    _at_the_door(panel)
    panel.note.setPlainText("敲门无人应答，邻居称本人外出")
    with qtbot.waitSignal(panel.failed, timeout=15000) as refused:
        panel.save()
    assert "请选择认证结果" in refused.args[0]
    assert [v["result"] for v in field.visits(panel.ctx.store, workstation_id=WS)] == ["deceased"]


def test_deceased_is_confirmed_naming_the_person(qtbot, panel, monkeypatch):
    asked: list[str] = []

    def ask(cls, parent, text):
        asked.append(text)
        return len(asked) > 1                          # the first time the worker says 返回修改

    monkeypatch.setattr(field_panel.DeathConfirm, "ask", classmethod(ask))
    _select(panel, "孙桂兰")
    _at_the_door(panel)
    panel.result.setCurrentIndex(panel.result.findData("deceased"))
    panel.save()
    qtbot.wait(300)
    assert field.visits(panel.ctx.store, workstation_id=WS) == [] and len(panel.model.rows) == 3
    assert "孙桂兰" in asked[0] and "110105********002X" in asked[0] and "福田区莲花路 1 号" in asked[0]
    assert "11010519491231002X" not in asked[0] and "暂停发放" in asked[0]
    with qtbot.waitSignal(panel.saved, timeout=15000):
        panel.save()
    assert len(asked) == 2
    panel.result.setCurrentIndex(panel.result.findData("moved_away"))     # nothing asked for another result


def test_an_unsent_visit_is_withdrawn_from_the_window(qtbot, panel, monkeypatch):
    monkeypatch.setattr(field_panel.DeathConfirm, "ask", classmethod(lambda cls, *a, **k: True))
    _select(panel, "孙桂兰")
    _at_the_door(panel)
    panel.result.setCurrentIndex(panel.result.findData("deceased"))
    with qtbot.waitSignal(panel.saved, timeout=15000):
        panel.save()
    qtbot.waitUntil(lambda: len(panel.model.rows) == 2, timeout=15000)
    shown: list[str] = []

    def choose(dialog) -> QDialog.DialogCode:
        assert not dialog.ok.isEnabled()              # nothing chosen, no reason: nothing to withdraw
        shown.extend(dialog.list.item(n).text() for n in range(dialog.list.count()))
        dialog.list.setCurrentRow(0)
        dialog.reason.setText("结果选错：本人健在，敲门无人应答")
        assert dialog.ok.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(field_panel.WithdrawVisitDialog, "exec", choose)
    with qtbot.waitSignal(panel.withdrawn, timeout=15000):
        panel.withdraw()
    assert len(shown) == 1 and "孙桂兰" in shown[0] and "110105********002X" in shown[0] and "已死亡" in shown[0]
    assert "已撤回" in panel.message.text() and "孙桂兰" in panel.message.text()
    qtbot.waitUntil(lambda: len(panel.model.rows) == 3, timeout=15000)      # back on the list
    assert field.visits(panel.ctx.store, workstation_id=WS) == []
    assert "待同步 0" in panel.sync_label.text()


def test_withdraw_with_nothing_unsent_says_so(qtbot, panel, monkeypatch):
    monkeypatch.setattr(field_panel.WithdrawVisitDialog, "exec", lambda d: pytest.fail("no dialog"))
    panel.withdraw()
    qtbot.waitUntil(lambda: "没有可撤回" in panel.message.text(), timeout=15000)


# ------------------------------------------------------------------ D6


def _names_shown(panel) -> list[str]:
    return sorted(panel._addresses[panel.model.row_at(panel.proxy.mapToSource(panel.proxy.index(r, 0)).row()).id][1]
                  for r in range(panel.proxy.rowCount()))


def test_find_a_pensioner_by_name_id_phone_or_address_while_the_list_stays_masked(qtbot, panel):
    panel._find()                                       # Ctrl+F: 查找 takes the focus, as the staff's would
    # nobody chosen yet: a table that had the focus (the window's activation, when it comes late on a
    # loaded machine) was given a current row by Qt, and the form's person stays listed (pinned)
    panel.table.selectionModel().clearCurrentIndex()
    assert panel._form_key is None
    panel.search.setText("孙")
    assert _names_shown(panel) == ["孙志强", "孙桂兰"]
    panel.search.setText("孙桂兰")
    assert _names_shown(panel) == ["孙桂兰"]
    shown = [panel.proxy.data(panel.proxy.index(0, c)) for c in range(panel.proxy.columnCount())]
    assert "孙桂兰" not in shown and "孙**" in shown and "11010519491231002X" not in shown     # still masked
    panel.search.setText("440304194602117129")
    assert _names_shown(panel) == ["钱秀英"]
    panel.search.setText("2117x")                          # part of an ID number, lower case x
    assert _names_shown(panel) == []
    panel.search.setText("002x")
    assert _names_shown(panel) == ["孙桂兰"]
    panel.search.setText("139 0000 2222")                   # a phone as people say it
    assert _names_shown(panel) == ["钱秀英"]
    panel.search.setText("南油大道")
    assert _names_shown(panel) == ["孙志强"]
    assert "3" in panel.roster_note.text() and "1" in panel.roster_note.text()     # 1 of 3 shown
    panel.search.clear()
    assert len(_names_shown(panel)) == 3


def test_ctrl_f_goes_to_find(qtbot, panel):
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert panel.search.hasFocus()


def test_find_keeps_the_person_being_visited(qtbot, panel):
    key = _select(panel, "钱秀英")
    _at_the_door(panel)
    panel.search.setText("孙")                            # looking up the next one
    assert panel.current_key() == key and panel.second == ("field02", "online")


# ------------------------------------------------------------------ D7


def test_a_refusal_goes_once_the_step_succeeds(qtbot, panel):
    _select(panel, "孙桂兰")
    panel.take_photo()                                    # before the consent notice
    assert "同意" in panel.message.text()
    panel.consent()
    assert panel.message.text() == ""


# ------------------------------------------------------------------ D5


def test_at_1366x768_nothing_in_the_form_overlaps(qtbot, store, app_home):
    from counter_app.app_context import AppContext, UserSession
    from counter_app.paths import app_paths
    from counter_app.ui.main_window import MainWindow
    from tests.support.cases import settings_for

    field.pull(store, RosterCentre(PEOPLE), user="field01", workstation_id=WS, office_code="FT")
    ctx = AppContext(settings=settings_for("http://127.0.0.1:9", WS), paths=app_paths().ensure(),
                     store=store, user=UserSession("field01", "field01", "field"))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    panel = window.panels[0]
    qtbot.waitUntil(lambda: len(panel.model.rows) == 3, timeout=15000)
    panel.table.setCurrentIndex(panel.proxy.index(0, 0))
    panel.message.setText("操作未完成：采集指纹或拍照前须向本人宣读采集告知并经本人同意（点击“已告知，本人同意”）" * 2)
    qtbot.wait(100)
    assert window.width() <= 1366 and window.height() <= 768
    form = panel.form_content
    assert form.height() >= form.minimumSizeHint().height()
    shown = [w for w in form.findChildren(QWidget) if w.isVisible() and w.parentWidget() is form
             and w.width() > 0 and w.height() > 0]
    assert panel.registry_photo in shown and panel.address in shown and panel.address_ok in shown
    overlaps = [(a.objectName() or type(a).__name__ + ":" + getattr(a, "text", lambda: "")()[:8],
                 b.objectName() or type(b).__name__ + ":" + getattr(b, "text", lambda: "")()[:8])
                for a, b in combinations(shown, 2) if a.geometry().intersects(b.geometry())]
    assert overlaps == []
    window.shutdown()
