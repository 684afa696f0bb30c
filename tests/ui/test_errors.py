"""The one unhandled-exception handler: an exception in a Qt slot reaches the log masked, never
stderr unmasked; the clerk reads a plain Chinese sentence; the window and its data stay."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLineEdit

from counter_app.logging_setup import setup_logging
from counter_app.ui.errors import MESSAGE, ErrorHandler

ID_NUMBER = "110105196001010017"


class Emitter(QObject):
    fire = Signal()


@pytest.fixture
def handler(qapp, tmp_path):
    log_handler = setup_logging(tmp_path / "logs")
    h = ErrorHandler(show_dialog=False).install()
    yield h
    h.uninstall()
    logging.getLogger().removeHandler(log_handler)
    log_handler.close()


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_is_logged_masked_and_the_clerk_gets_plain_chinese(qtbot, handler, tmp_path, capfd):
    shown: list[str] = []
    handler.shown.connect(shown.append)
    draft = QLineEdit()
    qtbot.addWidget(draft)
    draft.setText("张三 正在办理的草稿")
    emitter = Emitter()

    def broken_slot():
        raise ValueError(f"证件号码 {ID_NUMBER} 校验出错")

    emitter.fire.connect(broken_slot)
    emitter.fire.emit()                                   # Qt calls sys.excepthook after the slot
    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: handler.count == 2, timeout=5000)
    logging.getLogger().handlers[-1].flush()
    text = (tmp_path / "logs" / "counter-app.log").read_text(encoding="utf-8")
    assert "unhandled exception" in text and "ValueError" in text and "broken_slot" in text
    assert ID_NUMBER not in text and "110105" in text     # masked, yet recognisable
    out, err = capfd.readouterr()
    assert ID_NUMBER not in out + err
    assert shown == [MESSAGE, MESSAGE] and "ValueError" not in MESSAGE and "已记入日志" in MESSAGE
    assert draft.text() == "张三 正在办理的草稿"            # the clerk's work is still there


@pytest.mark.qt_no_exception_capture
def test_exception_on_a_plain_thread_is_shown_on_the_gui_thread(qtbot, handler, tmp_path):
    shown_on: list[bool] = []
    handler.shown.connect(lambda _t: shown_on.append(threading.current_thread() is threading.main_thread()))

    def work():
        raise RuntimeError(f"读卡线程出错 {ID_NUMBER}")

    t = threading.Thread(target=work)
    t.start()
    t.join()
    qtbot.waitUntil(lambda: shown_on == [True], timeout=5000)
    logging.getLogger().handlers[-1].flush()
    assert ID_NUMBER not in (tmp_path / "logs" / "counter-app.log").read_text(encoding="utf-8")
