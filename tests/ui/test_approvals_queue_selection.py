"""审批 queue: a decision acts only on the request the supervisor chose. Review (tester "onsite" 1):
the supervisor chose a request and typed 「同意」; the clerk withdrew it; the 10 s refresh dropped it
and selected row 0 (another applicant's request) keeping the reason, and Ctrl+Shift+Y approved
that one at the centre. A request withdrawn, decided elsewhere or expired stays listed with its
state until the supervisor moves on (docs/supervisors.md)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.integration.test_approvals import _decide, rig  # noqa: F401  (fixture)
from tests.support.cases import man_born_1960, ready_case
from tests.support.central import login_client
from tests.ui.test_approvals_panel import _ctx, _panel

pytestmark = pytest.mark.integration


def _request(w, n: int) -> dict:
    cid = ready_case(w.cases, "reg_enroll", unmet="not_yet_registered",
                     applicant={"name": "张三", "id_number": man_born_1960(n)})
    return w.approvals.request(cid, "rejection")


def _centre_pending(url: str) -> set[str]:
    c = login_client(url, "supervisor01")
    try:
        return {r.id for r in c.approvals("pending").items}
    finally:
        c.close()


def _timer_refresh(qtbot, panel) -> None:
    with qtbot.waitSignal(panel.loaded, timeout=15000):
        panel._timed_refresh()


def _choose(panel, rid: str) -> None:
    panel.table.setCurrentIndex(panel.model.index([r["id"] for r in panel.rows].index(rid), 0))


def _shortcut(panel, key) -> None:
    QTest.keyClick(panel.reason, key, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)


def test_a_withdrawn_request_stays_chosen_and_listed_and_nothing_else_is_approved(qtbot, rig, central_server):  # noqa: F811
    a = rig("clerk01", "clerk01-demo")
    other = _request(a, 110)            # made first: row 0
    chosen = _request(a, 111)
    a.sync()
    b = rig("supervisor02", "supervisor02-demo")
    panel = _panel(qtbot, _ctx(b.store, central_server.url, "supervisor02", "supervisor02-demo", "supervisor"))
    panel._timer.stop()
    ids = [r["id"] for r in panel.rows]
    assert ids.index(other["id"]) < ids.index(chosen["id"])      # another request before the chosen one
    _choose(panel, chosen["id"])
    panel.activateWindow()
    QTest.keyClick(panel.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    panel.reason.insert("同意")
    a.approvals.withdraw(chosen["id"], "申请人要求暂缓")
    a.sync()
    decided = []
    panel.decided.connect(decided.append)
    with qtbot.waitSignal(panel.failed, timeout=15000) as said:     # the window hears it too
        panel._timed_refresh()
    assert "已撤回" in said.args[0] and "未作任何决定" in said.args[0]
    _timer_refresh(qtbot, panel)                                   # a second refresh: still listed
    assert panel.current()["id"] == chosen["id"] and panel.current()["state"] == "withdrawn"
    assert {r["id"]: r["state"] for r in panel.rows}[chosen["id"]] == "withdrawn"
    assert "已撤回" in panel.detail.toPlainText()
    with qtbot.waitSignal(panel.failed, timeout=5000) as refused:
        _shortcut(panel, Qt.Key.Key_Y)
    assert "已撤回" in refused.args[0]
    qtbot.wait(500)
    assert not decided and other["id"] in _centre_pending(central_server.url)
    # the supervisor moves on to the other request: the withdrawn one leaves the list at the next refresh
    _choose(panel, other["id"])
    assert panel.reason.text() == ""            # the reason typed for the withdrawn request does not follow
    _timer_refresh(qtbot, panel)
    assert chosen["id"] not in [r["id"] for r in panel.rows] and panel.current()["id"] == other["id"]


def test_a_request_decided_elsewhere_keeps_the_selection_and_the_reason_goes_with_no_other(qtbot, rig, central_server):  # noqa: F811
    a = rig("clerk01", "clerk01-demo")
    other = _request(a, 112)
    chosen = _request(a, 113)
    a.sync()
    b = rig("supervisor02", "supervisor02-demo")
    panel = _panel(qtbot, _ctx(b.store, central_server.url, "supervisor02", "supervisor02-demo", "supervisor"))
    panel._timer.stop()
    _choose(panel, chosen["id"])
    panel.reason.setText("同意")
    _decide(central_server.url, "supervisor01", chosen["id"], "rejected", "请再核对")     # another 科长, at the centre
    decided = []
    panel.decided.connect(decided.append)
    _timer_refresh(qtbot, panel)
    _timer_refresh(qtbot, panel)
    assert panel.current()["id"] == chosen["id"] and panel.current()["state"] == "rejected"
    with qtbot.waitSignal(panel.failed, timeout=5000) as refused:
        _shortcut(panel, Qt.Key.Key_N)
    assert "已驳回" in refused.args[0]
    qtbot.wait(500)
    assert not decided and other["id"] in _centre_pending(central_server.url)


def test_a_request_gone_from_the_list_selects_nothing_in_its_place(qtbot, rig, central_server):  # noqa: F811
    """The chosen request gone from the list: nothing is selected in its place, at this refresh or
    the next; the supervisor chooses again and decides that one."""
    a = rig("clerk01", "clerk01-demo")
    first = _request(a, 114)
    second = _request(a, 115)
    a.sync()
    b = rig("supervisor02", "supervisor02-demo")
    panel = _panel(qtbot, _ctx(b.store, central_server.url, "supervisor02", "supervisor02-demo", "supervisor"))
    panel._timer.stop()
    _choose(panel, second["id"])
    # the request gone from the list (as when this workstation no longer knows it)
    rows = [r for r in panel.rows if r["id"] != second["id"]]
    panel._loaded((panel._source, rows, [], [], []))
    assert panel.current() is None and "未作任何决定" in panel.message.text()
    _timer_refresh(qtbot, panel)
    assert panel.current() is None                 # not row 0 in its place
    panel.reason.setText("同意")
    _choose(panel, first["id"])
    assert panel.current()["id"] == first["id"]
    decided = []
    panel.decided.connect(decided.append)
    with qtbot.waitSignal(panel.decided, timeout=15000):
        panel.decide_current(True)                 # chosen by the supervisor with the reason in view
    assert decided[0]["id"] == first["id"]
