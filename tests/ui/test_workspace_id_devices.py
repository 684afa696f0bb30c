"""The workspace with a 居民身份证 reader (emulated vendor library built by the suite, real ctypes
path) and a keyboard-wedge 电子社保卡 scanner verified by a real centre process: each fills the
applicant like a card read; an expired ID fails the ID-validity condition; offline, the clerk is
told to read the physical card or the ID card."""

from __future__ import annotations

import pytest

from tests.ui.test_workspace_outcomes import approve_on_site
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from counter_app.domain.case_engine import CaseState
from counter_app.domain.catalog import OutcomeKind
from tests.support import idcard_lib
from tests.support.central import start_central
from tests.support.wedge import type_stamped
from tests.ui.test_workspace_flows import CTRL, Clicks, idle, make_ctx, open_panel, pick

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]
HOLDER = idcard_lib.SAMPLE["id_number"]


@pytest.fixture(scope="module")
def sdtapi(tmp_path_factory):
    return idcard_lib.build(tmp_path_factory.mktemp("idcard-ws"), "sdtapi")


@pytest.fixture
def reader_dir(tmp_path, monkeypatch):
    d = tmp_path / "reader"
    d.mkdir()
    monkeypatch.setenv("IDCARD_FAKE_DIR", str(d))
    idcard_lib.plug(d, 1001)
    return d


def _panel(qtbot, store, sdtapi, *, scanner="none", central_url=None, **kw):
    ctx = make_ctx(store)
    ctx.settings.idcard.backend = "sdtapi"
    ctx.settings.idcard.library = str(sdtapi)
    ctx.settings.scanner.backend = scanner
    if central_url:
        ctx.settings.central.url = central_url
        ctx.settings.central.timeout_seconds = 3
    panel = open_panel(qtbot, ctx, start_devices=True, **kw)
    qtbot.waitUntil(lambda: panel.id_devices is not None and panel.id_devices.idcard_state != "", timeout=10000)
    if scanner != "none":
        qtbot.waitUntil(lambda: panel.id_devices.scanner_state != "", timeout=10000)
    for bridge in (panel.id_devices.idcard,):
        if bridge is not None:
            bridge.reader.watch_interval = 0.1
    return panel


def test_id_card_fills_the_applicant(qtbot, app_home, store, sdtapi, reader_dir):
    from counter_app.ui.status_bar import CounterStatusBar

    host = CounterStatusBar()
    qtbot.addWidget(host)
    panel = _panel(qtbot, store, sdtapi)
    panel.events.status_info.connect(lambda info: host.update_info(**info))   # as the main window listens
    assert panel.id_devices.idcard_state == "身份证阅读器就绪", panel.id_devices.idcard_state
    idcard_lib.place_card(reader_dir)
    qtbot.waitUntil(lambda: panel.applicant.edits["id_number"].text() == HOLDER, timeout=10000)
    assert panel.applicant.edits["name"].text() == "王𠮷龑"
    qtbot.waitUntil(lambda: "已读身份证" in panel.id_devices.idcard_state, timeout=3000)
    assert HOLDER not in panel.id_devices.idcard_state                     # masked
    assert panel.id_devices.idcard_state in host.device_label.text()       # the status bar's device list
    assert panel.applicant.card_facts() == {"id_card": {"id_number": HOLDER, "valid_until": "2035-01-01"}}
    panel.applicant.edits["id_number"].setText("110105196001010017")       # another person typed: no ID fact
    assert panel.applicant.card_facts() == {}
    panel.shutdown()
    assert panel.id_devices.idcard is None


def test_expired_id_card_fails_the_id_validity_condition(qtbot, app_home, store, sdtapi, reader_dir):
    panel = _panel(qtbot, store, sdtapi, auto_print=False)
    idcard_lib.place_card(reader_dir, valid_from="20000101", valid_until="20200101")
    qtbot.waitUntil(lambda: panel.applicant.edits["id_number"].text() == HOLDER, timeout=10000)
    qtbot.waitUntil(lambda: "已过有效期" in panel.applicant.warning.text(), timeout=3000)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "cb", "reg_enroll")
    clicks.key(Qt.Key.Key_F9)                                              # 材料全部齐全
    assert panel.outcome.kind is OutcomeKind.not_eligible, panel.outcome.summary()
    assert "insured_id_valid" in panel.outcome.unmet_conditions
    assert any("居民身份证已过有效期" in r for r in panel.outcome.reasons)
    clicks.key(Qt.Key.Key_Return, CTRL)                                    # 提交：不予受理 (kept with the case)
    idle(qtbot, panel)
    approve_on_site(qtbot, panel)                                          # 分级授权: a supervisor approves
    case = panel.case_view.case
    assert case.state is CaseState.rejected, panel.last_message
    assert case.facts["id_card"] == {"id_number": HOLDER, "valid_until": "2020-01-01"}
    assert any("2020-01-01" in r for r in case.reasons)
    panel.shutdown()


def test_a_refused_id_card_is_audited_as_a_failed_read_in_the_window(qtbot, app_home, store, sdtapi, reader_dir):
    """Was: ``idcard read`` audited an ID card whose data cannot be right, the window did not. Now the
    window writes the same failed card.read (the problem's name only, no number or name)."""
    from counter_app.storage.audit import AuditRow

    panel = _panel(qtbot, store, sdtapi)
    idcard_lib.place_card(reader_dir, id_number="110105194912310021")       # wrong check digit

    def failed():
        with store.session() as s:
            return [(r.object_type, r.result, r.detail) for r in s.query(AuditRow).filter_by(action="card.read")]

    qtbot.waitUntil(lambda: failed() != [], timeout=10000)
    [(kind, result, detail)] = failed()
    assert (kind, result) == ("idcard", "failed") and detail.startswith("卡内数据有误：")
    assert "110105194912310021" not in detail and "王" not in detail
    assert panel.applicant.edits["id_number"].text() == ""
    panel.shutdown()


def test_missing_reader_library_is_said_and_nothing_else_breaks(qtbot, app_home, store, tmp_path, reader_dir):
    panel = _panel(qtbot, store, tmp_path / "nope.so")
    assert "身份证阅读器动态库不存在" in panel.id_devices.idcard_state
    panel.shutdown()


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    d = tmp_path_factory.mktemp("ws-essc-centre")
    central = start_central(f"sqlite:///{d / 'central.sqlite3'}", d)
    yield central
    central.stop()


def test_scanned_essc_code_is_verified_by_the_centre_and_fills(qtbot, app_home, store, sdtapi, reader_dir, centre):
    from counter_app.sync.auth import AuthManager
    from counter_central.db import make_engine
    from counter_central.essc import ReferenceEsscPlatform

    engine = make_engine(centre.db_url)
    code, _ = ReferenceEsscPlatform(engine).issue("440305199203010040", "李娜")
    engine.dispose()
    panel = _panel(qtbot, store, sdtapi, scanner="wedge", central_url=centre.url)
    AuthManager(store, panel.ctx.settings).login("clerk01", "clerk01-demo")
    assert panel.id_devices.scanner_state == "扫码枪就绪（键盘方式）"
    search = QApplication.focusWidget()
    assert search is panel.picker.search
    type_stamped(search, code, gap_ms=3)                                   # the scanner types the code and Enter
    qtbot.waitUntil(lambda: panel.applicant.edits["id_number"].text() == "440305199203010040", timeout=10000)
    assert panel.applicant.edits["name"].text() == "李娜"
    assert search.text() == ""                                             # nothing went into the focused field
    assert "电子社保卡核验通过" in panel.id_devices.scanner_state and "李娜" not in panel.id_devices.scanner_state
    panel.shutdown()
    assert QApplication.instance() is not None and panel.id_devices.scanner is None


@pytest.mark.parametrize("fault", ["down", "http503"])
def test_scanned_code_offline_says_read_the_card(qtbot, app_home, store, sdtapi, reader_dir, centre, fault):
    from counter_app.sync.auth import AuthManager
    from counter_app.sync.essc import OFFLINE_MESSAGE
    from tests.support.central import FaultProxy

    proxy = FaultProxy(int(centre.url.rsplit(":", 1)[1]))
    try:
        panel = _panel(qtbot, store, sdtapi, scanner="wedge", central_url=proxy.url)
        AuthManager(store, panel.ctx.settings).login("clerk01", "clerk01-demo")
        proxy.mode = fault                                   # signed in, then the centre cannot be reached
        search = QApplication.focusWidget()
        type_stamped(search, "ESSC1.0123456789.1796139531.abcdefgh", gap_ms=3)
        qtbot.waitUntil(lambda: panel.applicant.warning.text() != "", timeout=10000)
        assert panel.applicant.warning.text() == OFFLINE_MESSAGE
        assert panel.applicant.edits["id_number"].text() == "" and search.text() == ""
        assert OFFLINE_MESSAGE in panel.id_devices.scanner_state
        panel.shutdown()
    finally:
        proxy.close()


def test_a_failed_essc_check_reads_english_and_rewords_on_a_language_switch(
        qtbot, app_home, store, sdtapi, reader_dir, english_back):
    """Review: a failed 电子社保卡 check was worded once, in Chinese (EsscError.text()), into the form's
    warning and the status bar's 扫码枪 entry — the English UI showed 未登录中心服务… and a switch
    left it as it was. The error is data now (device_errors.essc_error), worded where shown."""
    import re

    from counter_app.sync.essc import OFFLINE_MESSAGE, EsscError, clean_code
    from counter_app.ui.device_errors import TEXTS
    from counter_app.ui.i18n import install_language

    panel = _panel(qtbot, store, sdtapi, scanner="wedge")               # nobody signed in at the centre
    type_stamped(QApplication.focusWidget(), "ESSC1.0123456789.1796139531.abcdefgh", gap_ms=3)
    qtbot.waitUntil(lambda: panel.applicant.warning.text() != "", timeout=10000)
    assert panel.applicant.warning.text() == "未登录中心服务，无法核验电子社保卡。"     # Chinese by default
    assert "电子社保卡：未登录中心服务" in panel.id_devices.scanner_state
    assert install_language(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: panel.applicant.warning.text().startswith("Not signed in"), timeout=3000)
    assert not re.search(r"[\u4e00-\u9fff]", panel.applicant.warning.text() + panel.id_devices.scanner_state), \
        (panel.applicant.warning.text(), panel.id_devices.scanner_state)
    assert install_language(QApplication.instance(), "zh_CN")
    qtbot.waitUntil(lambda: panel.applicant.warning.text() == "未登录中心服务，无法核验电子社保卡。", timeout=3000)
    panel.shutdown()
    # the table is the check's current wording (a reworded EsscError must be reworded there too)
    for code in ("", "\x01"):
        try:
            clean_code(code)
        except EsscError as exc:
            assert (exc.message, exc.hint) == TEXTS[f"essc.{exc.code}"], exc.code
    assert TEXTS["essc.offline"][0] == OFFLINE_MESSAGE
