"""The Qt bridge drives the real libfprint backend without blocking the GUI thread."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QThread, QTimer

from counter_app.devices.fingerprint.base import PROMPT_PLACE_FINGER, EnrollResult, VerifyResult
from counter_app.ui.device_errors import error_text
from counter_app.ui.fingerprint_bridge import FingerprintBridge

pytestmark = pytest.mark.integration


class _Ticker:
    """Counts GUI event-loop ticks and the longest gap between them."""

    def __init__(self, qapp):
        self.last = time.perf_counter()
        self.max_gap = 0.0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self):
        now = time.perf_counter()
        self.max_gap = max(self.max_gap, now - self.last)
        self.last = now

    def stop(self):
        self.timer.stop()


def test_enroll_and_verify_emit_on_gui_thread_and_gui_stays_responsive(qtbot, qapp, fprint_device):
    dev, feeder = fprint_device
    bridge = FingerprintBridge(dev)
    gui = qapp.thread()
    seen: list = []
    threads_ok: list[bool] = []
    bridge.stage_progress.connect(lambda d, t: (seen.append((d, t)), threads_ok.append(QThread.currentThread() == gui)))
    prompts: list[str] = []
    bridge.quality.connect(prompts.append)

    feeder.script(["whorl"] * 5)
    with qtbot.waitSignal(bridge.finished, timeout=15000) as blocker:
        assert bridge.enroll(timeout=10)
        assert bridge.busy
    enrolled = blocker.args[0]
    assert isinstance(enrolled, EnrollResult)
    assert seen == [(i, 5) for i in range(1, 6)] and all(threads_ok)
    assert prompts.count(PROMPT_PLACE_FINGER) == 5 and prompts[-1].startswith("录入完成")
    assert not bridge.busy

    ticker = _Ticker(qapp)
    feeder.script(["whorl"])   # a match costs ~0.5 s of bozorth3: must not freeze the GUI
    t0 = time.perf_counter()
    with qtbot.waitSignal(bridge.finished, timeout=15000) as blocker:
        bridge.verify(enrolled.template, timeout=10)
    elapsed = time.perf_counter() - t0
    ticker.stop()
    assert isinstance(blocker.args[0], VerifyResult) and blocker.args[0].match is True
    assert elapsed > 0.2                      # the match really took a while …
    assert ticker.max_gap < 0.15, ticker.max_gap   # … and the GUI kept ticking


def test_cancel_reports_failed_in_chinese(qtbot, fprint_device):
    dev, feeder = fprint_device
    bridge = FingerprintBridge(dev)
    with qtbot.waitSignal(bridge.quality, timeout=5000):
        bridge.capture(timeout=10)   # nobody presses
    assert not bridge.capture()       # a second operation while busy is refused
    with qtbot.waitSignal(bridge.failed, timeout=5000) as blocker:
        bridge.cancel()
    assert error_text(blocker.args[0]) == "指纹采集已取消"
    assert not bridge.busy


def test_opener_runs_on_worker_and_absent_device_fails_clearly(qtbot, monkeypatch):
    from counter_app.devices.fingerprint.libfprint import open_device

    monkeypatch.delenv("FP_VIRTUAL_IMAGE", raising=False)
    monkeypatch.setenv("FP_DRIVERS_ALLOWLIST", "virtual_image")
    bridge = FingerprintBridge(opener=open_device)
    with qtbot.waitSignal(bridge.failed, timeout=10000) as blocker:
        bridge.capture(timeout=1)
    assert error_text(blocker.args[0]) == "未检测到指纹采集器"
    bridge.close()


def test_capture_for_case_through_bridge_stores_template(qtbot, store, fp_virtual_image):
    from counter_app.devices.fingerprint.libfprint import open_device
    from counter_app.workflows.fingerprint import fingerprint_status
    from tests.support.fprint import VirtualImageFeeder

    bridge = FingerprintBridge(opener=open_device)   # opened lazily on the worker while Qt runs
    feeders: list[VirtualImageFeeder] = []

    def attach_feeder(message):
        if not feeders and bridge.device is not None:
            f = VirtualImageFeeder(fp_virtual_image)
            f.default = "loop-right"
            feeders.append(f)
            bridge.device.add_prompt_listener(f.on_prompt)
            f.on_prompt(message)   # answer the prompt that announced the device

    bridge.quality.connect(attach_feeder)
    try:
        with qtbot.waitSignal(bridge.finished, timeout=15000) as blocker:
            bridge.capture_for_case(store, "CASE-Q", clerk="c1", timeout=10)
        assert blocker.args[0].case_id == "CASE-Q"
        assert fingerprint_status(store, "CASE-Q") == "captured"
    finally:
        bridge.close()
        for f in feeders:
            f.close()
