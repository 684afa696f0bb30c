"""The background sync process logs each round to a rotating file of its own (sync-agent.log), the
way the app logs to counter-app.log — not JSON on stdout appended for ever to sync-agent.out."""

from __future__ import annotations

import logging
import logging.handlers
import os
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from counter_app import launcher
from counter_app.logging_setup import BACKUP_COUNT, MAX_BYTES, setup_logging

REPO = Path(__file__).resolve().parents[3]


def test_each_log_file_rotates(tmp_path):
    handler = setup_logging(tmp_path, filename="sync-agent.log")
    try:
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        assert Path(handler.baseFilename).name == "sync-agent.log"
        assert handler.maxBytes == MAX_BYTES and handler.backupCount == BACKUP_COUNT
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def test_app_starts_the_agent_without_keeping_its_stdout(tmp_path, monkeypatch, store):
    """Its stdout is a pipe the window's link drains (answers to 立即同步), never a file."""
    import io

    from counter_app.app_context import SYNC_AGENT, AppContext, UserSession, start_sync_agent
    from counter_app.config import default_settings
    from counter_app.paths import AppPaths

    paths = AppPaths(tmp_path / "d", tmp_path / "c", tmp_path / "l", tmp_path / "k").ensure()
    ctx = AppContext(settings=default_settings(), paths=paths, store=store, user=UserSession("clerk01", "张经办"))
    seen = {}

    proc = types.SimpleNamespace(pid=4242, stdin=io.BytesIO(), stdout=io.BytesIO(b""), poll=lambda: None)

    def fake_popen(cmd, **kw):
        seen.update(kw, cmd=cmd)
        return proc

    monkeypatch.setattr(subprocess, "Popen", fake_popen)
    if os.name != "nt":
        monkeypatch.setattr(os, "setpriority", lambda which, who, prio: seen.update(priority=(which, who, prio)))
    assert start_sync_agent(ctx) is proc
    assert seen["stdout"] is subprocess.PIPE and seen["stdin"] is subprocess.PIPE
    assert "--requests-stdin" in seen["cmd"] and "--print-reports" not in seen["cmd"]
    assert ctx.adapters[SYNC_AGENT].proc is proc
    if os.name != "nt":   # background work: below the window's priority (counter_app.launcher)
        assert seen["priority"] == (os.PRIO_PROCESS, 4242, launcher.BACKGROUND_NICE)
    assert not (paths.log_dir / "sync-agent.out").exists()


@pytest.mark.timeout(60)
def test_agent_rounds_go_to_its_rotating_log(tmp_path, store):
    from counter_app.config import default_settings

    settings = default_settings()
    settings.central.url = "http://127.0.0.1:9"          # nothing listens: every round fails
    home = tmp_path / "home"
    env = dict(os.environ, PYTHONPATH=str(REPO), COUNTER_APP_HOME=str(home))
    parent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])   # the "GUI"
    agent = subprocess.Popen([sys.executable, "-m", "counter_app", "sync", "agent", "--settings-json",
                              settings.to_json(), "--store", str(store.path), "--interval", "0.3",
                              "--parent-pid", str(parent.pid)],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and not any(
                "round:" in p.read_text(encoding="utf-8") for p in home.rglob("sync-agent.log")):
            time.sleep(0.2)
    finally:
        parent.kill()
        parent.wait()                 # reaped: the agent sees its parent gone and ends
        out, err = agent.communicate(timeout=20)
    proc = subprocess.CompletedProcess(agent.args, agent.returncode, out, err)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout == ""                                  # nothing to pile up in a file
    logs = list(home.rglob("sync-agent.log"))
    assert logs, list(home.rglob("*"))
    text = logs[0].read_text(encoding="utf-8")
    assert "round:" in text and "Errno" not in text
