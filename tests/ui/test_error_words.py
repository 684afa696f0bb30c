"""What a failure says to the clerk, in the clerk's language and never as raw exception text. Review:
"预览失败：%1" showed the renderer's exception text as it was ("Preview failed: [Errno 32] Broken
pipe …"); the domain's plain sentences (无法连接中心服务…, 本机数据库正忙…) stayed Chinese inside the
English UI's messages (counter_app.ui.messages words them through tr())."""

from __future__ import annotations

import re
import sqlite3

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from counter_app.domain.catalog import OutcomeKind
from counter_app.ui.i18n import install_language
from tests.ui.test_workspace_flows import Clicks, make_ctx, open_panel
from tests.ui.test_workspace_outcomes import _prepare

pytestmark = pytest.mark.timeout(120)
HAN = re.compile(r"[\u4e00-\u9fff]")
CTRL = Qt.KeyboardModifier.ControlModifier



def _failing_renderer(monkeypatch, exc: BaseException) -> None:
    import counter_app.app_context as app_context

    def render(*args, **kwargs):
        raise exc

    monkeypatch.setattr(app_context, "renderer", lambda ctx: render)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_preview_failure_shows_a_plain_sentence_not_the_renderers_exception(
        qtbot, app_home, store, monkeypatch, english_back, language, caplog):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    clicks = Clicks(qtbot)
    _prepare(qtbot, panel, clicks, "cbdj", "reg_enroll")
    assert panel.outcome.kind is OutcomeKind.incomplete
    assert install_language(QApplication.instance(), language)
    _failing_renderer(monkeypatch, OSError("render host xyzzy: Broken pipe"))
    shown: list[str] = []
    panel.events.message.connect(shown.append)
    with caplog.at_level("WARNING"):
        clicks.key(Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.ShiftModifier)
        qtbot.waitUntil(lambda: bool(shown), timeout=15000)
    text = panel.last_message
    assert "xyzzy" not in text and "Broken pipe" not in text, text
    if language == "en":
        assert text.startswith("Preview failed: ") and not HAN.search(text), text
        assert "device or file" in text.lower(), text
    else:
        assert text == "预览失败：设备或文件操作失败，请重试；仍不成功请联系信息技术人员。", text
    assert "xyzzy" in caplog.text                 # the exception itself is in the log


def test_the_domains_plain_sentences_read_english(qapp, english_back):
    from counter_app.domain.messages import SENTENCES
    from counter_app.sync.client import TransientError
    from counter_app.ui.messages import cause_text, plain_text

    assert install_language(qapp, "en")
    assert "busy" in plain_text(sqlite3.OperationalError("database is locked")).lower()
    assert plain_text(ConnectionRefusedError(111, "Connection refused"), "Print failed").startswith("Print failed: ")
    for sentence in SENTENCES:                  # each of the domain's sentences has its English
        english = QCoreApplication.translate("Messages", sentence)
        assert english.isascii() and english.strip(), sentence
    cause = cause_text(TransientError("无法连接中心服务：中心服务未运行或网络不通。业务已保存在本机，联网后会自动同步。",
                                      cause="无法连接中心服务：中心服务未运行或网络不通。"))
    assert cause.isascii() and "central service" in cause, cause
    # the software's own Chinese message is shown as it is
    assert plain_text(ValueError("该办件没有待审批的申请")) == "该办件没有待审批的申请"


# --- the devices' own errors (counter_app.ui.device_errors) ---------------------------------------

@pytest.mark.parametrize("raised, english, raw", [
    ("no_reader", "No card reader found.", None),
    ("oserror", "device or file operation failed", "xyzzy"),
])
def test_a_card_reader_that_cannot_be_opened_says_why_in_english(
        qtbot, app_home, store, monkeypatch, english_back, raised, english, raw):
    import counter_app.app_context as app_context
    from counter_app.devices.card.errors import NoReaderError

    def open_card(ctx):
        raise NoReaderError() if raised == "no_reader" else OSError("libpcsclite xyzzy: cannot open shared object")

    monkeypatch.setattr(app_context, "open_card", open_card)
    assert install_language(QApplication.instance(), "en")
    panel = open_panel(qtbot, make_ctx(store), start_devices=True)
    qtbot.waitUntil(lambda: panel.card_state.startswith("Card reader: "), timeout=10000)
    text = panel.card_state
    assert english.lower() in text.lower() and not HAN.search(text), text
    assert raw is None or raw not in text
    panel.shutdown()


def test_a_card_or_id_card_error_reads_english_with_its_hint_and_a_composed_message_stays_as_it_is(
        qtbot, qapp, english_back):
    from counter_app.devices.card.errors import NoCardError, UnifiedReaderError
    from counter_app.devices.fingerprint.base import DeviceAbsentError
    from counter_app.devices.idcard.errors import IdReadError
    from counter_app.ui.card_bridge import CardBridge
    from counter_app.ui.device_errors import device_message, error_text

    assert install_language(qapp, "en")
    bridge = CardBridge(reader=None)
    said: list[str] = []
    bridge.card_error.connect(lambda error: said.append(error_text(error)))
    bridge._deliver_error(NoCardError())
    bridge._deliver_error(IdReadError())
    assert said[0] == ("There is no social security card in the reader.\n"
                       "Please insert the social security card chip side up into the reader and try again."), said
    assert said[1].startswith("Reading the resident ID card failed.\n") and not HAN.search(said[1]), said
    assert device_message(DeviceAbsentError()) == "No fingerprint scanner detected"
    # a message the device composed (a vendor's return code and text): the Chinese, as it is
    composed = UnifiedReaderError(-11, "卡片未插好")
    bridge._deliver_error(composed)
    assert said[2].startswith(composed.message), said
    bridge.deleteLater()


# --- the 办件 tab's waiting reasons (workflows.case_queries.waiting_data, worded in ui.cases_panel) --

def test_the_cases_tab_says_why_a_case_waits_in_english(qtbot, app_home, store, english_back):
    from counter_app.reference.catalog import load_catalog
    from counter_app.ui import cases_panel
    from counter_app.ui.cases_panel import CasesPanel
    from counter_app.ui.events import AppEvents
    from counter_app.workflows import case_queries
    from tests.ui.test_cases_panel import ready, service, switch

    assert (cases_panel.WAIT_APPROVAL, cases_panel.WAIT_PUBLICITY, cases_panel.WAIT_SHEET,
            cases_panel.WAIT_APPROVAL_STATUS) == (case_queries.WAIT_APPROVAL, case_queries.WAIT_PUBLICITY,
                                                 case_queries.WAIT_SHEET, case_queries.WAIT_APPROVAL_STATUS)
    catalog = load_catalog()
    workflow = service(store, catalog)
    fp = ready(workflow, catalog, "pension", variants=("normal",))
    workflow.decide(fp, expected="accepted")
    workflow.record_step(fp, "fingerprint", "failed", data={"reason": "指纹磨损无法采集"})
    assert install_language(QApplication.instance(), "en")
    from counter_app.app_context import AppContext, UserSession
    from counter_app.config import default_settings
    from counter_app.paths import app_paths

    ctx = AppContext(settings=default_settings(), paths=app_paths().ensure(), store=store,
                     user=UserSession("clerk01", "张经办", "clerk"))
    panel = CasesPanel(ctx, AppEvents())
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.show()
    switch(qtbot, panel, "waiting")
    row = next(r for r in panel.model.rows if r.id == fp)
    assert row.waiting == "等待主管审批：指纹无法采集"               # the CLI's words stay Chinese
    index = panel.model.index(panel.model.rows.index(row), list(panel.model.COLUMNS).index("state"))
    shown = panel.model.data(index)
    tip = panel.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert not HAN.search(shown) and "fingerprint" in tip.lower() and not HAN.search(tip), (shown, tip)
