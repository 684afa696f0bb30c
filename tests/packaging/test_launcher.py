"""The program starts copies of itself the same way from a checkout and from the bundle."""

from __future__ import annotations

import sys

from counter_app import launcher


def test_checkout_runs_the_module(monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert launcher.self_command("sync", "agent") == [sys.executable, "-m", "counter_app", "sync", "agent"]


def test_bundle_runs_itself_with_the_subcommand(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert launcher.self_command("doctor", "--qt-probe") == [sys.executable, "doctor", "--qt-probe"]


def test_the_bundles_qt_probe_subcommand_answers_the_platform(tmp_path):
    """What doctor runs in the bundle instead of ``python -c``: it must import and answer."""
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COUNTER_APP_HOME=str(tmp_path), PYTHONPATH=str(root))
    proc = subprocess.run([sys.executable, "-m", "counter_app", "doctor", "--qt-probe"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    platform, lost = proc.stdout.split()            # the platform, and the references to None 200 calls lost
    assert platform == "offscreen" and abs(int(lost)) <= 20, proc.stdout


def test_background_copies_yield_the_cpu_to_the_window():
    """A sync round and the sync agent run below the window's priority (launcher.start_background)."""
    import os
    import subprocess

    import psutil
    import pytest

    if os.name == "nt":  # pragma: no cover - Windows: the priority class is given at creation
        pytest.skip("POSIX niceness")
    own = os.getpriority(os.PRIO_PROCESS, 0)
    proc = launcher.start_background([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        assert psutil.Process(proc.pid).nice() == max(own, launcher.BACKGROUND_NICE)
        assert os.getpriority(os.PRIO_PROCESS, 0) == own       # the window itself keeps its priority
    finally:
        proc.communicate(b"", timeout=30)
    assert proc.returncode == 0


def test_the_windows_gui_program_starts_its_subcommands_with_the_console_program(monkeypatch, tmp_path):
    """counter-app-gui.exe starts the GUI whatever its arguments: the sync agent, a sync round and
    the render process it starts must run counter-app.exe beside it (else each would be a window)."""
    gui, cli = tmp_path / "counter-app-gui.exe", tmp_path / "counter-app.exe"
    gui.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(gui))
    assert launcher.self_command("notice", "serve") == [str(gui), "notice", "serve"]   # no console program: as before
    cli.write_bytes(b"")
    assert launcher.self_command("sync", "agent") == [str(cli), "sync", "agent"]
    monkeypatch.setattr(sys, "executable", str(cli))
    assert launcher.self_command("doctor") == [str(cli), "doctor"]
