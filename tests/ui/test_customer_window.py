"""客户显示屏: masked case data, live updates, rating by key press stored with the case + outbox entry."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow
from sqlalchemy import select

from counter_app.app_context import AppContext, UserSession
from counter_app.config import default_settings
from counter_app.domain.checklist import TickState
from counter_app.paths import app_paths
from counter_app.reference.catalog import load_catalog
from counter_app.storage.tables_cases import CaseRow
from counter_app.storage.tables_core import OutboxEntry
from counter_app.ui import customer_window as cw
from counter_app.ui.events import AppEvents
from counter_app.workflows.cases import CaseWorkflow

ID_ZHANG = "110105196001010017"
MATERIALS = ("person_form", "insured_id", "residence_proof", "bank_card")


@pytest.fixture
def ctx(app_home, store):
    return AppContext(settings=default_settings(), paths=app_paths().ensure(), store=store,
                      user=UserSession("clerk01", "张经办", "clerk"))


@pytest.fixture
def workflow(store):
    return CaseWorkflow(store, actor="clerk01", catalog=load_catalog(), office="福田分局", office_code="FT",
                       workstation_id="FT-W01")


class Host(QMainWindow):
    """Stands in for MainWindow: what attach_customer_window uses (ctx, events, panels)."""

    def __init__(self, ctx, panels=()):
        super().__init__()
        self.ctx = ctx
        self.events = AppEvents(self)
        self.panels = list(panels)


@pytest.fixture
def host(qtbot, ctx):
    h = Host(ctx)
    qtbot.addWidget(h)
    return h


@pytest.fixture
def window(qtbot, host):
    w = cw.attach_customer_window(host, force=True)  # one offscreen screen: as opened from the menu
    qtbot.addWidget(w)
    return w


def shown(qtbot, window, case_id, emit):
    with qtbot.waitSignal(window.shown_case, timeout=10000):
        emit(case_id)


def labels_text(window):
    items = [window.received_list.item(i).text() for i in range(window.received_list.count())]
    items += [window.missing_list.item(i).text() for i in range(window.missing_list.count())]
    return "\n".join([window.service_label.text(), window.applicant_label.text(), window.outcome_label.text(), *items])


def test_shows_masked_case_and_follows_changes(qtbot, window, host, workflow):
    assert window.isVisible() and window.page == cw.PAGE_IDLE and "第1号窗口" in window.idle_label.text()
    cid = workflow.create("reg_enroll", "individual", applicant={"name": "张三丰", "id_number": ID_ZHANG}).case.id
    shown(qtbot, window, cid, host.events.case_opened.emit)
    text = labels_text(window)
    assert window.page == cw.PAGE_CASE and window.service_label.text() == "参保登记"
    assert "张**" in text and "110105********0017" in text
    assert "张三丰" not in text and ID_ZHANG not in text
    assert window.received_list.count() == 0
    workflow.submit(cid)
    workflow.tick(cid, "person_form")
    workflow.tick(cid, "residence_proof", TickState.defective, "居住证已过期")
    shown(qtbot, window, cid, host.events.case_changed.emit)
    assert [window.received_list.item(i).text() for i in range(window.received_list.count())] == [
        "✓ 职工基本养老保险参保登记表（个人）"]
    assert "✗ 户籍证明或居住证：居住证已过期" in labels_text(window)
    assert window.page == cw.PAGE_CASE                       # still recording: no rating yet


def decided_incomplete(qtbot, window, host, workflow) -> str:
    """A 参保登记 decided 材料不齐全 (the 参保人's ID missing): the customer screen asks for a rating."""
    cid = workflow.create("reg_enroll", "individual", applicant={"name": "张三丰", "id_number": ID_ZHANG}).case.id
    workflow.submit(cid)
    for code in MATERIALS:
        workflow.tick(cid, code, TickState.missing if code == "insured_id" else TickState.present)
    workflow.answer_condition(cid, "not_yet_registered", True)
    workflow.decide(cid)
    with qtbot.waitSignal(window.rating_requested, timeout=10000):
        host.events.case_changed.emit(cid)
    assert window.page == cw.PAGE_RATING
    return cid


def test_rating_by_key_is_stored_with_the_case_and_queued_for_sync(qtbot, window, host, workflow, store):
    cid = decided_incomplete(qtbot, window, host, workflow)       # 材料不齐全: the applicant leaves now
    assert [b.text().split("\n")[1] for b in window.rating_buttons] == ["非常满意", "满意", "基本满意", "不满意", "非常不满意"]
    assert "材料不齐全" in window.outcome_label.text()
    with qtbot.waitSignal(window.rated, timeout=10000) as blocker:
        qtbot.keyClick(window.rating_buttons[0], Qt.Key.Key_2)   # key 2 = 满意
    assert blocker.args == [cid, 4]
    assert window.page == cw.PAGE_THANKS
    with store.session() as s:
        row = s.get(CaseRow, cid)
        assert row.rating == 4 and row.rated_at is not None
        entry = s.scalars(select(OutboxEntry).where(OutboxEntry.kind == "case.rated",
                                                    OutboxEntry.aggregate_id == cid)).one()
    assert json.loads(entry.payload)["score"] == 4 and entry.state == "pending" and entry.actor == "clerk01"
    # a rated case is not asked again
    shown(qtbot, window, cid, host.events.case_opened.emit)
    assert window.page == cw.PAGE_CASE
    messages = []
    window.failed.connect(messages.append)
    assert window.ask_rating(cid) is False and messages == ["本办件已评价"]


def test_rating_asked_explicitly_buttons_and_escape(qtbot, window, host, workflow, store):
    cid = workflow.create("reg_enroll", "individual", applicant={"name": "张三丰", "id_number": ID_ZHANG}).case.id
    shown(qtbot, window, cid, host.events.case_opened.emit)
    messages = []
    window.failed.connect(messages.append)
    assert window.ask_rating() is False and "暂不能评价" in messages[-1]          # a draft
    workflow.submit(cid)
    for code in MATERIALS:
        workflow.tick(cid, code)
    workflow.answer_condition(cid, "not_yet_registered", True)
    workflow.decide(cid, expected="accepted")                      # accepted: steps follow, the clerk ends it
    shown(qtbot, window, cid, host.events.case_changed.emit)
    assert window.page == cw.PAGE_CASE
    with qtbot.waitSignal(window.rating_requested, timeout=10000):
        window.ask_rating(cid)
    qtbot.keyClick(window.rating_buttons[0], Qt.Key.Key_Escape)
    assert window.page == cw.PAGE_CASE
    with qtbot.waitSignal(window.rating_requested, timeout=10000):
        window.ask_rating(cid)
    qtbot.mouseClick(window.rating_buttons[4], Qt.MouseButton.LeftButton)   # 非常不满意: the reason first
    assert window.page == cw.PAGE_REASON
    qtbot.keyClick(window.reason_buttons[0], Qt.Key.Key_Escape)             # back: nothing recorded
    assert window.page == cw.PAGE_RATING
    with store.session() as s:
        assert s.get(CaseRow, cid).rating is None
    qtbot.keyClick(window.rating_buttons[0], Qt.Key.Key_5)                  # key 5 = 非常不满意
    assert window.page == cw.PAGE_REASON
    with qtbot.waitSignal(window.rated, timeout=10000) as blocker:
        qtbot.keyClick(window.reason_buttons[0], Qt.Key.Key_1)              # 等候时间长
    assert blocker.args == [cid, 1]
    with store.session() as s:
        row = s.get(CaseRow, cid)
        assert row.rating == 1 and row.rating_comment == "等候时间长"
    # the 差评 opened a complaint ticket for the supervisor
    from counter_app.workflows.complaints import ComplaintService

    [ticket] = ComplaintService(store).list()
    assert ticket["case_id"] == cid and ticket["stage"] == "received" and ticket["reason"] == "等候时间长"


def screen_for(qtbot, ctx, workspace):
    """A main window whose only panel is ``workspace`` (a live-data provider), with its customer screen."""
    qtbot.addWidget(workspace)
    host = Host(ctx, panels=[workspace])
    qtbot.addWidget(host)
    window = cw.attach_customer_window(host, force=True)
    qtbot.addWidget(window)
    return host, window


def test_live_data_from_the_workspace_provider(qtbot, ctx, workflow):
    cid = workflow.create("reg_enroll", "individual", applicant={"name": "张三丰", "id_number": ID_ZHANG}).case.id

    class Workspace(QMainWindow):
        def customer_view_data(self):
            return {"case_id": cid, "service_name": "参保登记", "applicant": "张**", "id_masked": "110105********0017",
                    "received": ["参保人有效身份证件"], "missing": [], "outcome": "正在核对材料"}

    host, window = screen_for(qtbot, ctx, Workspace())
    shown(qtbot, window, cid, host.events.case_changed.emit)
    assert window.received_list.item(0).text() == "✓ 参保人有效身份证件"


def test_live_data_of_the_wrong_shape_is_never_shown(qtbot, ctx, workflow):
    cid = workflow.create("reg_enroll", "individual", applicant={"name": "张三丰", "id_number": ID_ZHANG}).case.id

    class Workspace(QMainWindow):
        def customer_view_data(self):      # an older provider: codes and dicts
            return {"case_id": cid, "outcome": {"kind": "incomplete"}, "applicant": "张**",
                    "missing": [{"material_code": "person_form", "material": "参保登记表"}], "received": "x"}

    host, window = screen_for(qtbot, ctx, Workspace())
    shown(qtbot, window, cid, host.events.case_opened.emit)
    text = labels_text(window)
    assert "material_code" not in text and "{" not in text and "incomplete" not in text
    assert window.outcome_label.text() == "正在核对材料"          # the stored view's words stay
    assert window.missing_list.count() == 0 and window.received_list.count() == 0


def test_unanswered_rating_prompt_gives_way_to_the_next_case(qtbot, window, host, workflow, store):
    first = decided_incomplete(qtbot, window, host, workflow)     # 材料不齐全: the prompt comes up
    second = workflow.create("reg_enroll", "individual", applicant={"name": "李四", "id_number": "110105196501010012"}).case.id
    rated = []
    window.rated.connect(lambda c, s: rated.append((c, s)))
    shown(qtbot, window, second, host.events.case_opened.emit)
    assert window.page == cw.PAGE_CASE and window.case_id == second
    assert "李*" in window.applicant_label.text()
    qtbot.keyClick(window, Qt.Key.Key_1)                      # a late key press rates nothing
    assert rated == []
    with store.session() as s:
        assert s.get(CaseRow, first).rating is None and s.get(CaseRow, second).rating is None
        assert not s.scalars(select(OutboxEntry).where(OutboxEntry.kind == "case.rated")).all()
    # the same for a case_changed of another case (the clerk edits the next applicant's case)
    with qtbot.waitSignal(window.rating_requested, timeout=10000):
        window.ask_rating(first)
    shown(qtbot, window, second, host.events.case_changed.emit)
    assert window.page == cw.PAGE_CASE and window.case_id == second


def test_disabled_by_setting_and_second_screen_placement(qtbot, ctx, monkeypatch):
    ctx.settings.ui.customer_screen = False
    host = Host(ctx)
    qtbot.addWidget(host)
    assert cw.attach_customer_window(host) is None
    ctx.settings.ui.customer_screen = True
    # one screen: not opened by itself; from the menu it is a normal window (two real screens:
    # tests/ui/test_customer_screens.py)
    assert cw.attach_customer_window(host) is None
    window = cw.attach_customer_window(host, force=True)
    qtbot.addWidget(window)
    assert not window.isFullScreen() and not (window.windowFlags() & Qt.WindowType.FramelessWindowHint)
    # closes with the clerk's window
    host.show()
    host.close()
    assert not window.isVisible()
