"""Why a print job waits, as the clerk reads it — against the real CUPS scheduler."""

from __future__ import annotations

import pytest

from counter_app.printing.cups import CupsPrinters


@pytest.mark.integration
def test_a_missing_printer_is_not_found_while_cups_runs(cups_queues):
    cups = CupsPrinters()
    assert cups.scheduler_running()
    status = cups.status("no-such-printer-xyz")
    assert not status.exists and not status.ready
    assert status.detail == "打印机“no-such-printer-xyz”不存在或未添加。"
    assert "未运行" not in status.detail
    ok = cups.status(cups_queues.queue)
    assert ok.exists and ok.ready, ok


def test_without_a_scheduler_it_says_cups_is_not_running(monkeypatch, tmp_path):
    """No scheduler at the address the tools use: the reason is the print service, not the printer."""
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "no-cupsd.sock"))
    status = CupsPrinters(timeout=10).status("any-printer")
    assert not status.exists and status.detail == "打印服务（CUPS）未运行。"
