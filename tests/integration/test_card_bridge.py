"""Card insert / removal → Qt signals on the GUI thread (pytest-qt)."""

from __future__ import annotations

import threading
from datetime import date

import pytest

from counter_app.devices.card.demo import DEMO_RECORD, DemoCardReader
from counter_app.devices.card.pcsc import PcscCardReader
from counter_app.ui.device_errors import error_text
from tests.support.card_emulator import CardProfile
from tests.support.pcsc import VPCD_READER

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]


@pytest.fixture
def bridge(qtbot, pcscd_service):
    from counter_app.ui.card_bridge import CardBridge

    reader = PcscCardReader(VPCD_READER)
    b = CardBridge(reader, today=lambda: date(2026, 1, 1))
    yield b
    b.stop()
    reader.close()


def test_insert_and_remove_arrive_as_signals_on_the_gui_thread(qtbot, bridge, virtual_card):
    threads = []
    bridge.card_inserted.connect(lambda rec: threads.append(threading.current_thread()))
    bridge.start()
    with qtbot.waitSignal(bridge.card_inserted, timeout=5000) as blocker:
        virtual_card.insert(CardProfile(name="王𠮷", expiry_date=date(2030, 1, 1)), wait=False)
    record = blocker.args[0]
    assert record.name == "王𠮷" and record.social_security_number == "11010519491231002X"
    assert threads == [threading.main_thread()]
    with qtbot.waitSignal(bridge.card_removed, timeout=5000):
        virtual_card.remove(wait=False)


def test_expired_card_gives_record_and_warning_bad_card_gives_error(qtbot, bridge, virtual_card):
    warnings, records = [], []
    bridge.card_warning.connect(warnings.append)
    bridge.card_inserted.connect(records.append)
    bridge.start()
    with qtbot.waitSignals([bridge.card_inserted, bridge.card_warning], timeout=5000, order="strict"):
        virtual_card.insert(CardProfile(expiry_date=date(2025, 6, 30)), wait=False)
    assert records[0].expiry_date == date(2025, 6, 30)       # the data still shows
    assert len(warnings) == 1 and "已过有效期" in warnings[0] and "2025年6月30日" in warnings[0]     # the window says dates the Chinese way
    with qtbot.waitSignal(bridge.card_removed, timeout=5000):
        virtual_card.remove(wait=False)
    with qtbot.waitSignal(bridge.card_error, timeout=5000) as blocker:
        virtual_card.insert(CardProfile(spec_version="3.00", third_generation=True), wait=False)
    said = error_text(blocker.args[0])
    assert "第三代" in said and "统一读卡接口" in said


def test_read_now_runs_off_the_gui_thread_demo_backend(qtbot):
    from counter_app.ui.card_bridge import CardBridge

    reader = DemoCardReader(present=False)
    b = CardBridge(reader)
    with qtbot.waitSignal(b.card_error, timeout=3000) as blocker:
        b.read_now()
    assert "没有社会保障卡" in error_text(blocker.args[0])
    reader.insert()
    with qtbot.waitSignal(b.card_inserted, timeout=3000) as blocker:
        b.read_now()
    assert blocker.args[0] is DEMO_RECORD
    b.start()
    with qtbot.waitSignal(b.card_removed, timeout=3000):
        reader.remove()
    b.stop()
