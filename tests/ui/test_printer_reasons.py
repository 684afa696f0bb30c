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


@pytest.mark.integration
def test_a_queue_that_rejects_jobs_is_seen_in_one_question(cups_queues, monkeypatch):
    """Enabled but not accepting (``cupsreject``): offline, "暂不接受" — read from the one lpstat a
    status check starts (each process costs the counter PC CPU while the window draws)."""
    import subprocess

    cups = CupsPrinters()
    asked = []
    run = cups._run
    monkeypatch.setattr(cups, "_run", lambda *args, **kw: asked.append(args) or run(*args, **kw))
    subprocess.run(["cupsreject", cups_queues.queue], check=True)
    try:
        status = cups.status(cups_queues.queue)
    finally:
        subprocess.run(["cupsaccept", cups_queues.queue], check=True)
    assert status.exists and status.enabled and not status.accepting and not status.ready
    assert status.detail == f"打印机 {cups_queues.queue} 暂不接受打印任务。"
    assert [a[0] for a in asked] == ["lpstat"]
    ready = cups.status(cups_queues.queue)
    assert ready.ready and ready.accepting
    assert len(asked) == 2
