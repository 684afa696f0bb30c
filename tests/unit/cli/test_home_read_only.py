"""A workstation whose data directory cannot be written — its file system mounted read-only
(EROFS), or the directory not this user's (EACCES) — was told 「没有权限访问所需的文件或设备」 (or
SQLite's "attempt to write a readonly database"): the IT staff could not tell which directory, nor
why. The CLI, ``doctor --json`` and the GUI's start-up now say 「本机数据目录 … 只读 / 无法写入」,
naming the directory, each from a real failed write.

The failures are real: a read-only bind mount of the home in a private mount namespace
(``unshare -m``; as a user ``unshare -rm``), and ``chmod 0500`` — as root, whom chmod does not stop,
in a process without CAP_DAC_OVERRIDE (``setpriv --bounding-set``). A machine that allows neither
skips the test (said so)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.domain.messages import NO_PERMISSION, data_dir_message
from tests.support.cli import REPO

READ_ONLY_MOUNT = 'H="$1"; shift; mount --bind "$H" "$H" && mount -o remount,bind,ro "$H" && exec "$@"'


def _env(home: Path, xdg: Path) -> dict[str, str]:
    # the keyring stays outside the home (its key file readable as ever): only the home refuses writes
    return dict(os.environ, PYTHONPATH=str(REPO), COUNTER_APP_HOME=str(home), XDG_DATA_HOME=str(xdg),
                QT_QPA_PLATFORM="offscreen")


def _read_only(home: Path, cmd: list[str]) -> list[str]:
    if shutil.which("unshare") is None:
        pytest.skip("no unshare(1): cannot mount the home read-only")
    unshare = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-rm"]
    probe = subprocess.run([*unshare, "sh", "-c", READ_ONLY_MOUNT, "sh", str(home), "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"no private mount namespace here: {probe.stderr.decode(errors='replace').strip()}")
    return [*unshare, "sh", "-c", READ_ONLY_MOUNT, "sh", str(home), *cmd]


def _not_mine(cmd: list[str]) -> list[str]:
    """``cmd`` as a process that chmod stops: as root, without the capabilities that skip it."""
    if os.geteuid() != 0:
        return cmd
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv(1): chmod 0500 would not stop this process")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *cmd]


def _counter_app(*args: str) -> list[str]:
    return [sys.executable, "-m", "counter_app", *args]


def _run(cmd: list[str], home: Path, xdg: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, env=_env(home, xdg), cwd=REPO, timeout=120)


@pytest.fixture
def workstation(tmp_path):
    """A home with its store (and its key in the keyring), as a workstation has after its first day."""
    home, xdg = tmp_path / "home", tmp_path / "xdg"
    done = _run(_counter_app("config", "init"), home, xdg)
    assert done.returncode == 0, done.stderr
    done = _run(_counter_app("sync", "status", "--no-probe"), home, xdg)
    assert done.returncode == 0, done.stderr
    yield home, xdg
    for folder in (home, *home.iterdir()):
        folder.chmod(0o700)


def test_a_read_only_home_is_said_naming_the_directory(workstation):
    home, xdg = workstation
    said = data_dir_message("read_only", home / "data")
    assert said.startswith(f"本机数据目录 {home / 'data'} 只读")
    done = _run(_read_only(home, _counter_app("sync", "status", "--no-probe")), home, xdg)
    assert done.returncode == 3 and done.stderr.strip() == said, done.stderr
    done = _run(_read_only(home, _counter_app("sync", "status", "--no-probe", "--json")), home, xdg)
    assert done.returncode == 3 and json.loads(done.stdout) == {"error": said}

    done = _run(_read_only(home, _counter_app("doctor", "--no-qt", "--json")), home, xdg)     # doctor --json
    checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
    assert checks["data_dir"]["status"] == "fail" and checks["data_dir"]["message"] == said
    assert checks["database"]["status"] == "fail" and said in checks["database"]["message"]
    assert "不要用备份恢复" in checks["database"]["hint"]
    for check in checks.values():
        assert NO_PERMISSION not in check["message"] and "readonly" not in check["message"], check


def test_a_data_directory_that_is_not_this_users_is_said(workstation):
    home, xdg = workstation
    (home / "data").chmod(0o500)
    said = data_dir_message("no_write", home / "data")
    assert "无法写入：当前用户没有该目录的写入权限" in said
    done = _run(_not_mine(_counter_app("sync", "status", "--no-probe")), home, xdg)
    assert done.returncode == 3 and done.stderr.strip() == said, done.stderr
    assert "readonly" not in done.stderr and NO_PERMISSION not in done.stderr
    done = _run(_not_mine(_counter_app("doctor", "--no-qt", "--json")), home, xdg)
    checks = {c["name"]: c for c in json.loads(done.stdout)["checks"]}
    assert checks["data_dir"]["message"] == said and said in checks["database"]["message"]
    assert said in checks["reference.catalog"]["message"]


def test_a_new_home_that_cannot_be_written_names_the_home(tmp_path):
    home, xdg = tmp_path / "home", tmp_path / "xdg"
    home.mkdir(mode=0o500)
    try:
        done = _run(_not_mine(_counter_app("sync", "status", "--no-probe")), home, xdg)
    finally:
        home.chmod(0o700)
    assert done.returncode == 3 and done.stderr.strip() == data_dir_message("no_write", home), done.stderr


GUI = """
import json, sys
from counter_app.ui import dialogs
shown = []
dialogs.ErrorDialog.show = classmethod(lambda cls, title, message, parent=None: shown.append([title, message]))
from counter_app.ui.app import run_gui
code = run_gui()
print(json.dumps({"code": code, "shown": shown}, ensure_ascii=False))
"""


def _gui(cmd_prefix, home: Path, xdg: Path) -> dict:
    done = _run(cmd_prefix([sys.executable, "-c", GUI]), home, xdg)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_window_says_a_read_only_home_at_start_up(workstation):
    """Its log cannot be opened either: the first thing the start-up meets."""
    home, xdg = workstation
    answer = _gui(lambda cmd: _read_only(home, cmd), home, xdg)
    assert answer["code"] == 1
    assert answer["shown"] == [["柜面客户端无法启动", data_dir_message("read_only", home / "data")]]


def test_the_window_says_a_data_directory_that_is_not_this_users(workstation):
    """The log can be written: the store's opening is what fails, and its dialog names the directory."""
    home, xdg = workstation
    (home / "data").chmod(0o500)
    answer = _gui(_not_mine, home, xdg)
    assert answer["code"] == 1
    [[title, message]] = answer["shown"]
    assert title == "无法打开本地数据库" and message == data_dir_message("no_write", home / "data")

