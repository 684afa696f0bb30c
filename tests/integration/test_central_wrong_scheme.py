"""A workstation whose centre URL says https while a plain-http server answers there (or says http
at a TLS port) was told 「无法连接中心服务：中心服务未运行或网络不通」: the IT staff looked for a network
fault. What answered is named instead — against real servers on loopback: the reference centre
(plain http), ``python -m http.server``, a TLS-terminating proxy, and a server answering as nginx
answers plain http on its TLS port — in ``doctor``, ``sync status --json`` (``central_error``) and
``login``; a refused certificate and a closed port keep their own words."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from counter_app.config import Settings
from counter_app.health import WARN
from counter_app.sync.client import (NOT_TLS, TLS_ONLY, UNTRUSTED_CERTIFICATE, CentralClient, TransientError,
                                     WrongScheme)
from tests.support.central import FaultProxy, free_port, start_central
from tests.support.cli import run_cli
from tests.support.tls import make_ca

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    """The reference centre over plain http, on SQLite (no PostgreSQL needed)."""
    folder = tmp_path_factory.mktemp("centre")
    central = start_central(f"sqlite:///{folder / 'central.sqlite3'}", folder)
    yield central
    central.stop()


@pytest.fixture
def tls_proxy(centre, tmp_path):
    proxy = FaultProxy(int(centre.url.rsplit(":", 1)[1]), tls=make_ca(tmp_path / "ca").server(tmp_path / "proxy"))
    yield proxy
    proxy.close()


def _wait_listening(port: int, timeout: float = 20.0) -> None:
    import socket
    import time

    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _refusal(url: str) -> TransientError:
    with CentralClient(url, timeout=5) as client, pytest.raises(TransientError) as refused:
        client.health()
    return refused.value


def _doctor_central(url: str):
    from counter_app.sync.checks import checks

    settings = Settings()
    settings.central.url = url
    return {c.name: c for c in checks(settings)}["central"]


def _cli(home, monkeypatch, url: str, *args: str, stdin: str | None = None):
    monkeypatch.setenv("COUNTER_APP_CENTRAL_URL", url)
    return run_cli(home, *args, stdin=stdin)


def test_https_at_the_plain_http_centre_is_named_everywhere(centre, tmp_path, monkeypatch):
    url = centre.url.replace("http://", "https://")
    refused = _refusal(url)
    assert isinstance(refused, WrongScheme) and refused.code == "not_tls"
    assert str(refused) == NOT_TLS and "无法连接" not in str(refused)
    assert "中心服务地址是 https，但该地址的服务不是 https（可能应为 http:// 或端口不对）" in str(refused)

    central = _doctor_central(url)                                            # counter-app doctor
    assert central.status == WARN and NOT_TLS in central.message and "central.url" in central.hint
    home = tmp_path / "home"
    out = _cli(home, monkeypatch, url, "sync", "status", "--json")             # counter-app sync status --json
    assert out.returncode == 0, out.stderr
    status = json.loads(out.stdout)
    assert status["online"] is False and status["central_error"] == NOT_TLS
    out = _cli(home, monkeypatch, url, "sync", "status")
    assert NOT_TLS in out.stdout and "无法连接" not in out.stdout
    out = _cli(home, monkeypatch, url, "login", "clerk01", "--password-stdin", stdin="clerk01-demo\n")   # login
    assert out.returncode != 0
    assert "中心服务地址是 https，但该地址的服务不是 https" in out.stderr and "从未在本机联网登录过" in out.stderr
    assert "无法连接" not in out.stderr and "Traceback" not in out.stderr

    # the same URL as http: signed in online (the refusal was the scheme, nothing else)
    out = _cli(home, monkeypatch, centre.url, "login", "clerk01", "--password-stdin", "--json", stdin="clerk01-demo\n")
    assert out.returncode == 0 and json.loads(out.stdout)["mode"] == "online", out.stderr


def test_https_at_a_plain_python_http_server(tmp_path):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_listening(port)
        refused = _refusal(f"https://127.0.0.1:{port}")
        assert isinstance(refused, WrongScheme) and str(refused) == NOT_TLS
    finally:
        server.terminate()
        server.wait(10)


def test_http_at_the_tls_port_is_named(tls_proxy, tmp_path, monkeypatch):
    url = tls_proxy.url.replace("https://", "http://")
    refused = _refusal(url)
    assert isinstance(refused, WrongScheme) and refused.code == "tls_only" and str(refused) == TLS_ONLY
    assert "中心服务地址是 http，但该地址的服务只接受 https" in str(refused) and "连接中断" not in str(refused)
    central = _doctor_central(url)
    assert central.status == WARN and TLS_ONLY in central.message
    out = _cli(tmp_path / "home", monkeypatch, url, "sync", "status", "--json")
    assert json.loads(out.stdout)["central_error"] == TLS_ONLY
    out = _cli(tmp_path / "home", monkeypatch, url, "login", "clerk01", "--password-stdin", stdin="clerk01-demo\n")
    assert out.returncode != 0 and "只接受 https" in out.stderr and "从未在本机联网登录过" in out.stderr

    # the right scheme at that port: the certificate is what it is about now, and said so
    refused = _refusal(tls_proxy.url)
    assert str(refused) == UNTRUSTED_CERTIFICATE


class _NginxTlsPort(BaseHTTPRequestHandler):
    """What nginx answers plain http sent to its ``listen 443 ssl`` port."""

    def do_GET(self):
        body = (b"<html><head><title>400 The plain HTTP request was sent to HTTPS port</title></head><body>"
                b"<center><h1>400 Bad Request</h1></center><center>The plain HTTP request was sent to HTTPS port"
                b"</center><hr><center>nginx</center></body></html>")
        self.send_response(400)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_nginx_answering_plain_http_on_its_tls_port(tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NginxTlsPort)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        refused = _refusal(f"http://127.0.0.1:{server.server_address[1]}")
        assert isinstance(refused, WrongScheme) and refused.code == "tls_only"
    finally:
        server.shutdown()
        server.server_close()


def test_a_closed_port_is_still_the_network(tmp_path):
    port = free_port()
    for scheme in ("http", "https"):
        refused = _refusal(f"{scheme}://127.0.0.1:{port}")
        assert not isinstance(refused, WrongScheme) and str(refused).startswith("无法连接中心服务")
