"""Which printing backend the print queue uses. Review (windows #1): PrintQueue only knew CUPS, so on
Windows every notice waited for ever with 未安装 CUPS 打印工具…; the backend is now chosen in one place
(printing.backends) per platform, with ``[printer] backend`` to override it."""

from __future__ import annotations

import sys

import pytest

from counter_app.config import ConfigError, PrinterBackendChoice, Settings, load_settings
from counter_app.printing.backends import backend_name, printer_backend
from counter_app.printing.cups import CupsPrinters
from counter_app.printing.qtprint import QtPrinters


def _settings(choice: str) -> Settings:
    s = Settings()
    s.printer.backend = PrinterBackendChoice(choice)
    return s


@pytest.mark.parametrize("platform, expected", [("win32", "qt"), ("linux", "cups"), ("darwin", "cups")])
def test_auto_is_the_spooler_on_windows_and_cups_elsewhere(monkeypatch, platform, expected):
    monkeypatch.setattr(sys, "platform", platform)
    assert backend_name("auto") == expected
    assert backend_name() == expected
    assert isinstance(printer_backend(_settings("auto")), QtPrinters if expected == "qt" else CupsPrinters)


@pytest.mark.parametrize("platform", ["win32", "linux"])
def test_the_setting_overrides_the_platform(monkeypatch, platform):
    monkeypatch.setattr(sys, "platform", platform)
    assert isinstance(printer_backend(_settings("cups")), CupsPrinters)
    assert isinstance(printer_backend(_settings("qt")), QtPrinters)


def test_print_queue_without_a_backend_takes_the_platforms(monkeypatch, store):
    from counter_app.printing.printqueue import PrintQueue

    monkeypatch.setattr(sys, "platform", "win32")
    assert isinstance(PrintQueue(store).backend, QtPrinters)
    monkeypatch.setattr(sys, "platform", "linux")
    assert isinstance(PrintQueue(store).backend, CupsPrinters)


def test_a_bad_backend_value_is_refused_in_chinese(tmp_path):
    p = tmp_path / "config.toml"
    p.write_text('[printer]\nbackend = "winspool"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_settings(p)
    problem = next(pr for pr in exc.value.problems if pr.key == "printer.backend")
    assert "取值不在允许范围内" in problem.problem and "'auto'、'cups'、'qt'" in problem.problem, problem
    assert "'winspool'" in problem.problem
    with pytest.raises(ConfigError):
        Settings().printer.backend = "winspool"     # an assignment is checked too
    p.write_text('[printer]\nbackend = "qt"\n', encoding="utf-8")
    assert load_settings(p).printer.backend is PrinterBackendChoice.qt
    assert Settings().printer.backend is PrinterBackendChoice.auto


@pytest.mark.parametrize("platform, choice, expected", [
    ("win32", "auto", QtPrinters), ("linux", "auto", CupsPrinters), ("linux", "qt", QtPrinters), ("win32", "cups", CupsPrinters)])
def test_the_windows_print_queue_uses_the_configured_backend(monkeypatch, store, platform, choice, expected):
    """The window's print queue (app_context.print_queue) hands its jobs to the chosen backend."""
    from counter_app.app_context import AppContext, UserSession, print_queue
    from counter_app.paths import app_paths

    monkeypatch.setattr(sys, "platform", platform)
    ctx = AppContext(settings=_settings(choice), paths=app_paths().ensure(), store=store,
                     user=UserSession("clerk01", "张经办", "clerk"))
    assert isinstance(print_queue(ctx).backend, expected)


def test_the_command_line_uses_the_configured_backend():
    """``print …`` and ``case print`` build their queue with printer_backend(settings) (read from their
    source: running them needs a signed-in account and a case)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    for rel in ("counter_app/cli/print.py", "counter_app/cli/case.py"):
        tree = ast.parse((root / rel).read_text(encoding="utf-8"))
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and ast.unparse(n.func) == "PrintQueue"]
        assert calls, rel
        for call in calls:
            assert len(call.args) >= 2 and ast.unparse(call.args[1]) == "printer_backend(settings)", (rel, ast.unparse(call))
