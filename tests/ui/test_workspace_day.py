"""The clerk's day at the window (issue 13): 读卡中… at once; a hung or pulled card gives 读卡失败
with the reason within 5 s and the window keeps answering; a card over typed applicant data asks
first; Ctrl+N clears stale hints and asks before an unsubmitted draft is discarded; change events
come from the operations, not from widgets."""

from __future__ import annotations

import re
import time

import pytest
from PySide6.QtCore import Qt

from counter_app.ui.device_state import DeviceState
from tests.support.card_emulator import CardProfile
from tests.support.timing import without_collections
from tests.ui.test_workspace_flows import CTRL, Clicks, commit, idle, make_ctx, open_panel, pick

HOLDER_ID = "11010519491231002X"
MALE_1960 = "110105196001010017"


class Answers:
    """The clerk's answers to the panel's yes / no questions, and the questions asked."""

    def __init__(self, panel, *answers: bool):
        self.asked: list[str] = []
        self.answers = list(answers)
        panel.ask = self.ask

    def ask(self, title: str, text: str) -> bool:
        self.asked.append(title + "：" + text)
        return self.answers.pop(0)


def _card_panel(qtbot, store):
    panel = open_panel(qtbot, make_ctx(store), start_devices=True)
    qtbot.waitUntil(lambda: panel.card_bridge is not None or "读卡器：" in panel.card_state, timeout=10000)
    assert panel.card_bridge is not None, panel.card_state
    return panel


def type_name_and_id(qtbot, panel, name="张三", id_number=MALE_1960):
    commit(panel.applicant.edits["name"], name)
    edit = panel.applicant.edits["id_number"]
    edit.setFocus()
    qtbot.keyClicks(edit, id_number)


@pytest.mark.integration
@pytest.mark.timeout(240)
def test_a_hung_card_shows_reading_at_once_then_fails_within_five_seconds(qtbot, app_home, store, virtual_card):
    panel = _card_panel(qtbot, store)
    states: list[DeviceState] = []
    panel.devices.card_state.connect(states.append)
    virtual_card.insert(CardProfile(hang_after_apdus=2), wait=False)
    qtbot.waitUntil(lambda: "读卡中" in panel.card_state, timeout=3000)
    with without_collections():
        started = time.monotonic()
        # the window keeps answering while the reader hangs: typing works
        edit = panel.applicant.edits["phone"]
        edit.setFocus()
        qtbot.keyClicks(edit, "138")
        assert edit.text() == "138"
        qtbot.waitUntil(lambda: "读卡失败" in panel.card_state, timeout=7000)
        took = time.monotonic() - started
    assert took <= 5.5
    assert "没有应答" in panel.card_state
    assert DeviceState("card.reading") in states
    virtual_card.remove(wait=False)
    panel.shutdown()


@pytest.mark.integration
@pytest.mark.timeout(240)
def test_a_card_pulled_mid_read_says_read_failed_with_the_reason(qtbot, app_home, store, virtual_card):
    panel = _card_panel(qtbot, store)
    removals: list[bool] = []
    panel.devices.card_bridge.card_removed.connect(lambda: removals.append(True))
    virtual_card.insert(CardProfile(remove_after_apdus=3), wait=False)
    qtbot.waitUntil(lambda: "读卡失败" in panel.card_state, timeout=5000)
    assert panel.applicant.edits["id_number"].text() == ""
    # the card's leaving comes right after the failure: the reason stays (was: 读卡器就绪（卡已拔出）)
    qtbot.waitUntil(lambda: bool(removals), timeout=5000)
    qtbot.wait(100)
    assert "读卡失败" in panel.card_state and "拔出" in panel.card_state, panel.card_state
    assert panel.devices.state.code in ("card.read_failed", "card.pulled")      # the status bar's state too
    # the next card replaces it
    virtual_card.insert(CardProfile())
    qtbot.waitUntil(lambda: "已读卡" in panel.card_state, timeout=5000)
    panel.shutdown()


@pytest.mark.integration
@pytest.mark.timeout(240)
def test_a_card_over_typed_applicant_data_asks_before_replacing(qtbot, app_home, store, virtual_card):
    panel = _card_panel(qtbot, store)
    type_name_and_id(qtbot, panel)
    answers = Answers(panel, False, True)
    virtual_card.insert(CardProfile(name="王龑", social_security_number=HOLDER_ID), wait=False)
    qtbot.waitUntil(lambda: len(answers.asked) == 1, timeout=10000)
    assert "替换" in answers.asked[0] and HOLDER_ID not in answers.asked[0]      # masked in the question
    assert panel.applicant.edits["id_number"].text() == MALE_1960                  # kept
    assert "未替换" in panel.card_state
    virtual_card.remove()
    virtual_card.insert(CardProfile(name="王龑", social_security_number=HOLDER_ID), wait=False)
    qtbot.waitUntil(lambda: panel.applicant.edits["id_number"].text() == HOLDER_ID, timeout=10000)
    assert len(answers.asked) == 2 and panel.applicant.edits["name"].text() == "王龑"
    panel.shutdown()


def test_ctrl_n_asks_before_discarding_an_unsubmitted_draft_and_clears_stale_hints(qtbot, app_home, store):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "cbdj", "reg_enroll")
    type_name_and_id(qtbot, panel)
    panel._set_card_state(DeviceState("card.read", ("王*", "110105********002X")))   # a hint from an earlier card
    panel._show_error("请先更正申请人信息")
    answers = Answers(panel, False, True)
    clicks.key(Qt.Key.Key_N, CTRL)
    assert len(answers.asked) == 1 and "参保登记" in answers.asked[0]
    assert panel.service is not None and panel.applicant.edits["name"].text() == "张三"      # kept
    clicks.key(Qt.Key.Key_N, CTRL)
    assert len(answers.asked) == 2
    assert panel.service is None and panel.applicant.data() == {}
    assert panel.card_label.text() == "" and panel.message_label.text() == ""
    # nothing entered: no question
    clicks.key(Qt.Key.Key_N, CTRL)
    assert len(answers.asked) == 2


def test_a_submitted_case_needs_no_question_and_announces_what_changed(qtbot, app_home, store):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    seen: dict[str, list] = {"case": [], "outbox": [], "docs": []}
    panel.events.case_changed.connect(seen["case"].append)
    panel.events.outbox_changed.connect(lambda: seen["outbox"].append(1))
    panel.events.documents_changed.connect(seen["docs"].append)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "cbdj", "reg_enroll")
    type_name_and_id(qtbot, panel)
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    cid = panel.case_view.case.id
    assert seen["case"] == [cid] and seen["outbox"] == [1] and seen["docs"] == [cid]
    assert not panel.has_unsubmitted_draft()
    Answers(panel)                      # any question would fail: no answers prepared
    clicks.key(Qt.Key.Key_N, CTRL)
    assert panel.case_view is None


def test_recent_services_are_one_key(qtbot, app_home, store):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    panel.recent.add("pension")
    panel.recent.add("reg_enroll")
    clicks = Clicks(qtbot)
    clicks.key(Qt.Key.Key_F2)
    assert panel.service.code == "pension" and clicks.count == 1
    panel.clear_case()
    clicks.key(Qt.Key.Key_F4)
    assert panel.service is None and "第4项" in panel.last_message


def test_a_saved_draft_is_the_file_case_import_takes_over(qtbot, app_home, signed_in, store, capsys):
    import json

    from counter_app.cli.main import main
    from counter_app.domain.case_engine import CaseState

    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "cbdj", "reg_enroll")
    type_name_and_id(qtbot, panel)
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    clicks.key(Qt.Key.Key_S, CTRL)
    drafts = panel.ctx.paths.data_dir / "drafts"
    saved = sorted(drafts.iterdir())
    assert len(saved) == 1 and saved[0].name.endswith(".json.sm4") and "草稿已保存" in panel.last_message
    assert oct(saved[0].stat().st_mode & 0o777) == "0o600"
    raw = saved[0].read_bytes()                              # sealed: the applicant is not on disk in clear
    assert MALE_1960.encode() not in raw and "张三".encode() not in raw and b"reg_enroll" not in raw
    from counter_app.storage.sealed_files import read_draft

    data = json.loads(read_draft(saved[0]))
    assert data["service"] == "reg_enroll" and data["applicant"]["id_number"] == MALE_1960
    capsys.readouterr()
    assert main(["case", "import", str(saved[0]), "--json"]) == 0
    imported = json.loads(capsys.readouterr().out)
    assert imported["state"] == CaseState.accepted.value
    assert main(["case", "show", imported["case_no"], "--json"]) == 0     # the workstation's store
    shown = json.loads(capsys.readouterr().out)
    assert shown["service_code"] == "reg_enroll" and shown["id_masked"] == "110105********0017"
    assert all(m["state"] == "present" for m in shown["materials"])


@pytest.mark.integration
@pytest.mark.timeout(240)
def test_a_card_with_control_characters_in_the_name_fills_nothing_and_is_audited_as_failed(qtbot, app_home, store, virtual_card):
    """Was: the name field filled with '\\x01\\x1b[31m'."""
    from counter_app.storage.audit import AuditRow

    panel = _card_panel(qtbot, store)
    virtual_card.insert(CardProfile(name="\x01\x1b[31m"), wait=False)
    qtbot.waitUntil(lambda: "卡内数据有误" in panel.card_state, timeout=7000)
    assert "姓名含控制字符" in panel.card_state and "读卡失败" in panel.card_state
    assert panel.applicant.edits["name"].text() == "" and panel.applicant.edits["id_number"].text() == ""

    def rows():
        with store.session() as s:
            return [(r.action, r.result, r.detail) for r in s.query(AuditRow).filter(AuditRow.action == "card.read")]
    qtbot.waitUntil(lambda: len(rows()) == 1, timeout=3000)
    [(action, result, detail)] = rows()
    assert result == "failed" and detail == "卡内数据有误：姓名含控制字符"
    virtual_card.remove(wait=False)
    panel.shutdown()


def test_a_typed_name_with_control_characters_is_refused(qtbot, app_home, store):
    """Was: the applicant form took '\\x01\\x1b[31m' as a name and the case was submitted with it."""
    from tests.ui.test_workspace_flows import choose_type

    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    try:
        clicks = Clicks(qtbot)
        pick(clicks, panel, "cbdj", "reg_enroll")
        choose_type(panel, "individual")
        commit(panel.applicant.edits["name"], "王\x01\x1b[31m")
        commit(panel.applicant.edits["id_number"], HOLDER_ID)
        assert "控制字符" in panel.applicant.errors["name"].text()
        assert "U+0001、U+001B" in panel.applicant.errors["name"].text()
        clicks.key(Qt.Key.Key_F9)
        clicks.key(Qt.Key.Key_Return, CTRL)
        idle(qtbot, panel)
        assert panel.case_view is None
        panel.applicant.edits["name"].setText("王龑")
        assert panel.applicant.errors["name"].text() == ""
    finally:
        panel.shutdown()


def test_the_windows_read_deadline_is_the_readers_own_bound():
    """The window keeps its own copy of the reader's answer bound (its module is imported before the
    window is idle, the device errors are not): the two must say the same."""
    from counter_app.devices.card.errors import READ_ANSWER_SECONDS
    from counter_app.ui.workspace.devices import READ_DEADLINE_MS

    assert READ_DEADLINE_MS == READ_ANSWER_SECONDS * 1000


@pytest.mark.integration
@pytest.mark.timeout(240)
def test_with_no_reader_configured_a_card_in_the_second_reader_is_read_on_insert(qtbot, app_home, store, virtual_card):
    """Was: ``[card] reader = ""`` and a card in slot 1 ('Virtual PCD 00 01'): the window stayed at
    读卡器就绪 (the watcher watched the first reader only) while F6 found it."""
    from tests.support.card_emulator import VPCD_PORT, EmulatedCard
    from tests.support.pcsc import note_removed, respect_gap, wait_card_state

    second = "Virtual PCD 00 01"
    panel = _card_panel(qtbot, store)
    # the second card's name differs from the form's: the panel asks before replacing. Without an
    # answer prepared, that question was a real modal box that blocked the test for good (the hang)
    answers = Answers(panel, True)
    assert panel.ctx.settings.card.reader == ""
    respect_gap()
    card = EmulatedCard(CardProfile(), port=VPCD_PORT + 1).insert()
    try:
        qtbot.waitUntil(lambda: panel.applicant.edits["id_number"].text() == HOLDER_ID, timeout=7000)
        assert "已读卡" in panel.card_state
    finally:
        card.remove()
        note_removed()
        wait_card_state(False, second)
    qtbot.waitUntil(lambda: "卡已拔出" in panel.card_state, timeout=5000)
    # the first reader is still watched
    virtual_card.insert(CardProfile(name="欧阳龑"), wait=False)
    qtbot.waitUntil(lambda: panel.applicant.edits["name"].text() == "欧阳龑", timeout=7000)
    assert len(answers.asked) == 1 and "用卡片信息替换申请人" in answers.asked[0]
    panel.shutdown()


@pytest.mark.integration
@pytest.mark.timeout(240)
def test_a_refused_cards_problems_read_english_in_the_english_window(qtbot, app_home, store, virtual_card, english_back):
    """Was: 'Read failed: 卡内数据有误：姓名含控制字符（U+0001、U+001B），请改用身份证或人工核对。' in the English
    window (the reader's composed Chinese shown as it is)."""
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.i18n import install_language

    panel = _card_panel(qtbot, store)
    try:
        assert install_language(QApplication.instance(), "en")
        virtual_card.insert(CardProfile(name="\x01\x1b[31m"), wait=False)
        qtbot.waitUntil(lambda: "control characters in the name" in panel.card_state, timeout=7000)
        assert "(U+0001, U+001B)" in panel.card_state and "The data on the card is wrong" in panel.card_state
        assert not re.search(r"[\u4e00-\u9fff]", panel.card_state), panel.card_state
    finally:
        virtual_card.remove(wait=False)
        panel.shutdown()
