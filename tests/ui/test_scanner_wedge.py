"""Keyboard-wedge 扫码枪 in Qt: a burst of key events ended by Enter goes to the scanner handler and
never into the focused field; a typist's slow keys (and short bursts, passwords, shortcuts) reach
the field as typed. Real QKeyEvents through the application-wide event filter (pytest-qt)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from counter_app.ui.device_errors import error_text
from counter_app.ui.scanner_bridge import ScannerBridge, WedgeFilter
from tests.support.wedge import type_stamped

pytestmark = pytest.mark.timeout(60)
CODE = "ESSC1.0a1b2c3d4e5f60718293a4b5.1796139531.gsv9WY749UY-x7Q6tlB-fV2qBOR5mcq7d1LMmQA0Vuo"


@pytest.fixture
def form(qtbot):
    w = QWidget()
    lay = QVBoxLayout(w)
    edit, password = QLineEdit(w), QLineEdit(w)
    password.setEchoMode(QLineEdit.EchoMode.Password)
    lay.addWidget(edit)
    lay.addWidget(password)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    edit.setFocus()
    return w, edit, password


@pytest.fixture
def wedge(qtbot):
    f = WedgeFilter(max_gap_ms=30, min_length=8)
    f.install()
    yield f
    f.uninstall()


def test_a_burst_goes_to_the_handler_not_the_field(qtbot, form, wedge):
    _, edit, _ = form
    edit.setText("张三")
    returns = []
    edit.returnPressed.connect(lambda: returns.append(edit.text()))
    with qtbot.waitSignal(wedge.scanned, timeout=2000) as blocker:
        type_stamped(edit, CODE, gap_ms=4)           # a scanner: 4 ms between keys, then Enter
    assert blocker.args == [CODE]
    qtbot.wait(80)                                   # nothing arrives late either
    assert edit.text() == "张三" and returns == []


def test_the_gap_is_the_parameter(qtbot, form, wedge):
    _, edit, _ = form
    scans = []
    wedge.scanned.connect(scans.append)
    type_stamped(edit, "ABCDEFGH12", gap_ms=30)      # exactly the limit: still a scanner
    assert scans == ["ABCDEFGH12"] and edit.text() == ""
    type_stamped(edit, "ABCDEFGH12", gap_ms=31)      # one millisecond slower: typed
    assert scans == ["ABCDEFGH12"] and edit.text() == "ABCDEFGH12"


def test_a_qtest_burst_without_stamps_uses_the_clock(qtbot, form):
    """QTest's events carry no timestamp: the monotonic clock measures the gaps (a generous gap here,
    so a busy test machine cannot stretch the burst)."""
    _, edit, _ = form
    f = WedgeFilter(max_gap_ms=150, min_length=8)
    f.install()
    try:
        with qtbot.waitSignal(f.scanned, timeout=2000) as blocker:
            qtbot.keyClicks(edit, CODE)
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        assert blocker.args == [CODE] and edit.text() == ""
    finally:
        f.uninstall()


def test_a_typists_slow_keys_reach_the_field_and_do_not_count(qtbot, form, wedge):
    _, edit, _ = form
    scans, returns = [], []
    wedge.scanned.connect(scans.append)
    edit.returnPressed.connect(lambda: returns.append(edit.text()))
    for ch in "1234567890":
        qtbot.keyClick(edit, ch)
        qtbot.wait(70)                               # a fast typist: 70 ms between keys
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == "1234567890" and returns == ["1234567890"] and scans == []


def test_short_bursts_pauses_and_shortcuts_pass_through(qtbot, form, wedge):
    _, edit, _ = form
    scans, returns = [], []
    wedge.scanned.connect(scans.append)
    edit.returnPressed.connect(lambda: returns.append(edit.text()))
    qtbot.keyClicks(edit, "cb")                      # fewer keys than a code: typed text, Enter included
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == "cb" and returns == ["cb"]
    qtbot.keyClicks(edit, "defghijk")                # a burst that is not ended by Enter in time
    qtbot.waitUntil(lambda: edit.text() == "cbdefghijk", timeout=1000)
    qtbot.wait(60)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert returns[-1] == "cbdefghijk"
    qtbot.keyClicks(edit, "xyz")
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)   # select all: held keys first
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.text() == "" and scans == []


def test_password_fields_are_left_alone(qtbot, form, wedge):
    _, _, password = form
    scans = []
    wedge.scanned.connect(scans.append)
    password.setFocus()
    qtbot.keyClicks(password, "s3cret-password")     # a password manager types fast too
    qtbot.keyClick(password, Qt.Key.Key_Return)
    assert password.text() == "s3cret-password" and scans == []


def test_uninstalled_filter_hands_back_what_it_held(qtbot, form):
    _, edit, _ = form
    f = WedgeFilter(max_gap_ms=5000, min_length=8)
    f.install()
    qtbot.keyClicks(edit, "ab")
    assert edit.text() == ""                         # still held (5 s gap)
    f.uninstall()
    assert edit.text() == "ab"
    qtbot.keyClicks(edit, "cd")
    assert edit.text() == "abcd"                     # no longer filtered


def test_scanner_bridge_verifies_on_a_worker(qtbot, form):
    from counter_app.sync.essc import OFFLINE_MESSAGE, EsscError, EsscResult
    from counter_app.ui.device_errors import DeviceError

    _, edit, _ = form
    seen = []

    def verify(code):
        seen.append(code)
        if code.endswith("OFFLINE"):
            raise EsscError("offline", OFFLINE_MESSAGE)
        return EsscResult("11010519491231002X", "王龑", "female", None, "reference", None)

    bridge = ScannerBridge(verify)
    bridge.use_wedge(30, 8)
    try:
        with qtbot.waitSignal(bridge.person_verified, timeout=3000) as blocker:
            type_stamped(edit, CODE, gap_ms=3)
        assert blocker.args[0].name == "王龑" and seen == [CODE] and edit.text() == ""
        with qtbot.waitSignal(bridge.essc_error, timeout=3000) as blocker:
            type_stamped(edit, "ESSC1.x.y.OFFLINE", gap_ms=3)
        assert blocker.args[0] == DeviceError("essc.offline", OFFLINE_MESSAGE)     # data, worded where shown
    finally:
        bridge.stop()


def test_serial_scanner_codes_cross_to_the_gui_thread(qtbot):
    """A serial scanner (pty) feeds the same bridge: codes from the reader thread, verified on a
    worker, the person delivered on the GUI thread; a hang-up becomes a scanner error."""
    import os
    import threading

    from counter_app.devices.scanner.serial_port import SerialScanner
    from counter_app.sync.essc import EsscResult

    master, slave = os.openpty()
    threads = []
    bridge = ScannerBridge(lambda code: EsscResult("11010519491231002X", code[-2:], None, None, "reference", None))
    bridge.person_verified.connect(lambda r: threads.append(threading.current_thread()))
    try:
        bridge.use_reader(lambda on_code, on_error: SerialScanner(os.ttyname(slave), 9600, on_code, on_error).start())
        with qtbot.waitSignal(bridge.person_verified, timeout=3000) as blocker:
            os.write(master, CODE.encode() + b"\r\n")
        assert blocker.args[0].name == CODE[-2:] and threads == [threading.main_thread()]
        with qtbot.waitSignal(bridge.scanner_error, timeout=3000) as blocker:
            os.close(master)
        assert "已断开" in error_text(blocker.args[0])
    finally:
        bridge.stop()
        os.close(slave)
