"""文件 › 打印服务指南… (7.5.1): the clerk picks a service, the guide is queued on the printer (a private
CUPS) through the workflow on a worker; without the office's 投诉渠道 it is refused with the reason."""

from __future__ import annotations

import pytest

from counter_app.app_context import AppContext, UserSession
from counter_app.config import default_settings
from counter_app.paths import app_paths
from counter_app.printing.printqueue import PrintQueue
from counter_app.ui import dialogs
from counter_app.ui import service_guide as ui_guide
from counter_app.ui.main_window import MainWindow
from tests.unit.workflows.test_service_guide import CHANNELS, _flat, _publish_offices, _text


@pytest.fixture
def window(qtbot, app_home, store, monkeypatch, private_cups):
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    settings = default_settings()
    settings.printer.name = private_cups.add_queue("TstGuideUi", "file:///dev/null")
    ctx = AppContext(settings=settings, paths=app_paths().ensure(), store=store,
                     user=UserSession("clerk01", "张经办", "clerk"))
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    yield w
    w._status_timer.stop()


def _said(window) -> str:
    return " ".join(window._message_shown) + window.statusBar().currentMessage()


@pytest.mark.integration
def test_the_menu_action_queues_the_chosen_services_guide(qtbot, window, store, monkeypatch):
    offered = []
    monkeypatch.setattr(ui_guide.ServiceGuideChooser, "ask",
                        classmethod(lambda cls, choices, parent=None: offered.extend(choices) or "pension"))
    assert window.action_guide in window.menu_file.actions() and window.action_guide.text() == "打印服务指南…"

    window.action_guide.trigger()                  # no 投诉渠道 published for FT: refused, nothing queued
    qtbot.waitUntil(lambda: "投诉渠道" in _said(window), timeout=20000)
    assert "complaint_channels" in _said(window) and PrintQueue(store).jobs() == []

    _publish_offices(store, {"FT": {"complaint_channels": CHANNELS}})
    with qtbot.waitSignal(window.guide_printed, timeout=30000) as blocker:
        window.action_guide.trigger()
    printed = blocker.args[0]
    assert printed.services == ("pension",) and "pension" in [c.code for c in offered]
    (job,) = PrintQueue(store).jobs()
    assert job.id == printed.job.id and job.printer == window.ctx.settings.printer.name and job.document_id is None
    text = _text(PrintQueue(store).pdf(job.id))
    assert "基本养老金核定服务指南" in text and _flat(CHANNELS[1]["text"]) in text
    qtbot.waitUntil(lambda: "服务指南已加入打印队列" in _said(window), timeout=5000)


def test_cancelling_the_chooser_prints_nothing(qtbot, window, store, monkeypatch):
    asked = []
    monkeypatch.setattr(ui_guide.ServiceGuideChooser, "ask",
                        classmethod(lambda cls, choices, parent=None: asked.append(1)))
    window.action_guide.trigger()
    qtbot.waitUntil(lambda: asked == [1], timeout=20000)
    qtbot.wait(200)
    assert PrintQueue(store).jobs() == []
