"""The background sync process the GUI starts at sign-in: it syncs by itself whenever the central
service answers, and ends when the GUI's process ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from tests.support.central import REPO

pytestmark = pytest.mark.integration


def _wait(pred, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_agent_syncs_by_itself_and_ends_with_its_parent(tmp_path, central_server):
    from counter_app.app_context import AppContext, UserSession, auth_manager, sync_command
    from counter_app.config import default_settings
    from counter_app.paths import AppPaths
    from counter_app.storage.db import Store
    from counter_app.storage.uow import UnitOfWork
    from counter_app.sync.status import sync_status

    home = tmp_path / "home"
    paths = AppPaths(home / "data", home / "config", home / "log", home / "cache").ensure()
    settings = default_settings()
    settings.central.url = central_server.url
    settings.office.workstation_id = f"AGENT-{os.getpid()}"
    store = Store.open(paths.database_file)
    ctx = AppContext(settings=settings, paths=paths, store=store, user=UserSession("clerk01", "张经办", "clerk"))
    auth_manager(ctx).login("clerk01", "clerk01-demo")
    with UnitOfWork(store, actor="clerk01") as uow:
        for i in range(30):
            uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id=f"agent{i % 3}", payload={"i": i})
        uow.commit()

    # the "GUI": a parent process that starts the agent the way the app does, then waits
    parent_code = (
        "import subprocess, sys, time, json\n"
        "cmd = json.loads(sys.argv[1]) + ['--interval', '0.5', '--parent-pid', str(__import__('os').getpid())]\n"
        "agent = subprocess.Popen(cmd, stdout=open(sys.argv[2], 'w'), stderr=subprocess.STDOUT)\n"
        "print(agent.pid, flush=True)\n"
        "time.sleep(600)\n"
    )
    cmd = sync_command(ctx, "agent")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    parent = subprocess.Popen([sys.executable, "-c", parent_code, json.dumps(cmd), str(tmp_path / "agent.out")],
                              stdout=subprocess.PIPE, text=True, env=env)
    try:
        agent_pid = int(parent.stdout.readline())
        # the round records "online" after marking the entries synced: wait for both
        _wait(lambda: (lambda st: st["synced"] == 30 and st["online"])(sync_status(store)), 60,
              "the agent to sync all 30 entries")
        # work written later goes out on the agent's next round, with nobody pressing 同步
        with UnitOfWork(store, actor="clerk01") as uow:
            uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id="agent-late", payload={"late": True})
            uow.commit()
        _wait(lambda: sync_status(store)["synced"] == 31, 30, "the later entry")
    finally:
        parent.kill()  # the GUI crashes: the agent must not be left behind
        parent.wait(10)
    import psutil

    _wait(lambda: not psutil.pid_exists(agent_pid) or psutil.Process(agent_pid).status() == psutil.STATUS_ZOMBIE,
          15, "the agent to end with its parent")
    store.close()


def test_sync_round_runs_in_its_own_process_and_reports_needs_login(tmp_path, central_server):
    from counter_app.app_context import AppContext, UserSession, sync_round
    from counter_app.config import default_settings
    from counter_app.paths import AppPaths
    from counter_app.storage.db import Store

    home = tmp_path / "home"
    paths = AppPaths(home / "data", home / "config", home / "log", home / "cache").ensure()
    settings = default_settings()
    settings.central.url = central_server.url
    store = Store.open(paths.database_file)
    ctx = AppContext(settings=settings, paths=paths, store=store, user=UserSession("nobody", "无", "clerk"))
    report = sync_round(ctx)  # nobody signed in on this workstation
    assert report.needs_login and "登录" in report.error and not report.synced
    store.close()


def _ctx(tmp_path, central_server, workstation: str):
    from counter_app.app_context import AppContext, UserSession, auth_manager
    from counter_app.config import default_settings
    from counter_app.paths import AppPaths
    from counter_app.storage.db import Store

    home = tmp_path / "home"
    paths = AppPaths(home / "data", home / "config", home / "log", home / "cache").ensure()
    settings = default_settings()
    settings.central.url = central_server.url
    settings.office.workstation_id = f"{workstation}-{os.getpid()}"
    ctx = AppContext(settings=settings, paths=paths, store=Store.open(paths.database_file),
                     user=UserSession("clerk01", "张经办", "clerk"))
    auth_manager(ctx).login("clerk01", "clerk01-demo")
    return ctx


def _write(store, n: int, tag: str) -> None:
    from counter_app.storage.uow import UnitOfWork

    with UnitOfWork(store, actor="clerk01") as uow:
        for i in range(n):
            uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id=f"{tag}{i % 3}", payload={"i": i})
        uow.commit()


def test_sync_now_asks_the_running_agent_and_falls_back_when_it_has_ended(tmp_path, central_server, monkeypatch):
    """立即同步 with the agent running: the agent's next round answers at once (its interval is an
    hour), carrying what was written just before; no `sync run` process is started. Once the
    agent has been killed, 立即同步 still syncs, in a process of its own."""
    from counter_app import launcher
    from counter_app.app_context import SYNC_AGENT, start_sync_agent, stop_sync_agent, sync_round
    from counter_app.sync.status import sync_status

    ctx = _ctx(tmp_path, central_server, "LINK")
    started = []
    real_start = launcher.start_background
    monkeypatch.setattr(launcher, "start_background", lambda cmd, **kw: (started.append(cmd), real_start(cmd, **kw))[1])
    proc = start_sync_agent(ctx, interval=3600)
    link = ctx.adapters[SYNC_AGENT]
    try:
        _wait(lambda: sync_status(ctx.store)["online"], 60, "the agent's first round")
        _write(ctx.store, 12, "link")
        t0 = time.monotonic()
        report = sync_round(ctx)
        assert report.error is None and report.synced == 12, report.as_dict()
        assert time.monotonic() - t0 < 30 and link.answered == 1
        assert sync_status(ctx.store)["pending"] == 0
        assert len(started) == 1 and "agent" in started[0]      # no `sync run` process for 立即同步

        proc.kill()                                            # the agent dies
        proc.wait(10)
        _write(ctx.store, 5, "late")
        report = sync_round(ctx)
        assert report.error is None and report.synced == 5, report.as_dict()
        assert any("run" in cmd for cmd in started[1:])         # this round ran in a process of its own
        assert SYNC_AGENT not in ctx.adapters
        assert sync_status(ctx.store)["pending"] == 0
    finally:
        stop_sync_agent(ctx, proc)
        ctx.store.close()


def test_agent_ends_when_the_windows_end_of_the_pipe_closes(tmp_path, central_server):
    from counter_app.app_context import start_sync_agent

    ctx = _ctx(tmp_path, central_server, "EOF")
    proc = start_sync_agent(ctx, interval=3600)
    try:
        proc.stdin.close()          # what the OS does when the window's process ends
        assert proc.wait(60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        ctx.store.close()


def test_stopping_the_agent_lets_it_end_by_itself(tmp_path, central_server):
    """The window closes: the agent's stdin closes and it ends cleanly (exit 0), not killed — on
    Windows ``terminate()`` would kill it in the middle of a round."""
    from counter_app.app_context import SYNC_AGENT, start_sync_agent, stop_sync_agent

    ctx = _ctx(tmp_path, central_server, "STOP")
    proc = start_sync_agent(ctx, interval=3600)
    try:
        stop_sync_agent(ctx, proc, wait=60)
        assert proc.returncode == 0 and SYNC_AGENT not in ctx.adapters
    finally:
        if proc.poll() is None:
            proc.kill()
        ctx.store.close()
