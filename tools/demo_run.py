"""``make run``: the embedded default — a local central service on loopback (SQLite, demo users)
and the app signed in as the demo clerk. The central service is stopped by PID on exit."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from counter_app.paths import app_paths

DEMO_USER, DEMO_PASSWORD = "clerk01", "clerk01-demo"


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 30.0) -> bool:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=1.0, trust_env=False).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False


def start_central(port: int, run_dir: Path) -> subprocess.Popen:
    paths = app_paths().ensure()
    db = paths.data_dir / "central-demo.sqlite3"
    log = open(run_dir / "central.log", "ab")
    cmd = [sys.executable, "-m", "counter_central.cli", "serve", "--host", "127.0.0.1", "--port", str(port),
           "--db", f"sqlite:///{db}", "--seed-demo", "--demo"]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    (run_dir / "central.pid").write_text(str(proc.pid))
    return proc


def remember_central_url(url: str) -> bool:
    """Make the port ``make run`` chose reach every command: the workstation's config (whose
    centre is this local one while it is on loopback) gets ``url``, so ``counter-app sync status``
    in another terminal asks the same centre as the window. A config pointing at a real
    (non-loopback) centre is left alone; True when the file was written."""
    from urllib.parse import urlparse

    from counter_app.config import ConfigError, load_settings, save_settings

    path = app_paths().ensure().config_file
    saved_env = os.environ.pop("COUNTER_APP_CENTRAL_URL", None)   # what the file says, not the override
    try:
        settings = load_settings(path)
    except ConfigError:
        return False
    finally:
        if saved_env is not None:
            os.environ["COUNTER_APP_CENTRAL_URL"] = saved_env
    if settings.central.url == url or urlparse(settings.central.url).hostname not in ("127.0.0.1", "localhost", "::1"):
        return False
    settings.central.url = url
    save_settings(settings, path)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make run")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--run-dir", default=".run")
    args = parser.parse_args(argv)
    run_dir = Path(args.run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    url = f"http://127.0.0.1:{args.port}"
    if remember_central_url(url):
        print(f"本机配置的中心服务地址已设为 {url}（counter-app sync status 等命令也连接它）")
    os.environ["COUNTER_APP_CENTRAL_URL"] = url     # every process started from here
    central = start_central(args.port, run_dir)
    try:
        if not wait_healthy(url, central):
            print(f"本地中心服务未能启动，见 {run_dir / 'central.log'}；应用将以离线方式运行。", file=sys.stderr)
        from counter_app.sync.keystore import ALLOW_PLAINTEXT_ENV, problem

        if problem() is not None:
            # the demo only: a machine without Secret Service keeps the demo tokens in a plaintext file
            os.environ[ALLOW_PLAINTEXT_ENV] = "1"
            print("演示模式：本机没有安全的系统密钥环，演示登录凭据以明文文件保存（正式安装会拒绝）。", file=sys.stderr)
        os.environ.setdefault("COUNTER_APP_DEMO_USER", DEMO_USER)
        os.environ.setdefault("COUNTER_APP_DEMO_PASSWORD", DEMO_PASSWORD)
        print(f"演示账号：{DEMO_USER} / {DEMO_PASSWORD}（另有 supervisor01、field01、admin01，密码为 用户名-demo）")
        from counter_app.ui.app import run_gui

        return run_gui(demo=True, central_url=url)
    finally:
        if central.poll() is None:
            central.send_signal(signal.SIGTERM)
            try:
                central.wait(10)
            except subprocess.TimeoutExpired:
                central.kill()
        (run_dir / "central.pid").unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
