"""The reverse proxy of docs/deployment.md (1.3), exactly as written there, with nginx from the
distribution in front of real centre workers (the suite's PostgreSQL centre):

- nginx takes the configuration and terminates TLS with a certificate of the agency's CA;
- a push whose answer is lost between a worker and the proxy is sent on to the other worker (a
  POST too: every entry carries its key), and the counter gets the stored results, each entry
  stored once;
- a worker's 503 reaches the counter with its ``Retry-After``, not retried on another worker:
  the counter's jittered wait is the back-pressure of a reconnect storm.

Only what a deployment must change is changed: the upstream ports, the listening addresses and
the certificate's paths (each replacement must match the document once, so an edited document
is tested as edited).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.support.central import DEMO_PASSWORDS, FaultProxy
from tests.support.postgres import free_port
from tests.support.tls import make_ca

REPO = Path(__file__).resolve().parents[2]
NGINX = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")


def _documented_config() -> str:
    text = (REPO / "docs" / "deployment.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```nginx\n(.*?)```", text, re.S)
    assert len(blocks) == 1, "docs/deployment.md holds one nginx configuration"
    return blocks[0]


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"docs/deployment.md's nginx block no longer says {old!r}"
    return text.replace(old, new)


def _config(directory: Path, *, upstreams: tuple[int, int], https_port: int, http_port: int,
            cert: Path, key: Path) -> Path:
    conf = _documented_config()
    conf = _replace_once(conf, "server 127.0.0.1:8765 ", f"server 127.0.0.1:{upstreams[0]} ")
    conf = _replace_once(conf, "server 127.0.0.1:8766 ", f"server 127.0.0.1:{upstreams[1]} ")
    conf = re.sub(r"listen 443 ssl\b", f"listen 127.0.0.1:{https_port} ssl", conf)
    conf = _replace_once(conf, "listen 80;", f"listen 127.0.0.1:{http_port};")
    conf = _replace_once(conf, "/etc/ssl/counter-central/fullchain.pem", str(cert))
    conf = _replace_once(conf, "/etc/ssl/counter-central/privkey.pem", str(key))
    temp = "\n".join(f"    {name}_temp_path {directory / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    path = directory / "nginx.conf"
    path.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")   # workers write request bodies to the temp paths here
        + f"worker_processes 1;\npid {directory / 'nginx.pid'};\nerror_log {directory / 'error.log'} info;\n"
        + "events { worker_connections 256; }\n"
        + f"http {{\n    access_log {directory / 'access.log'};\n{temp}\n{conf}\n}}\n",
        encoding="utf-8")
    return path


@contextmanager
def _nginx(tmp_path: Path, upstreams: tuple[int, int]):
    """nginx with the documented configuration, in front of ``upstreams``; yields (https URL,
    CA file, plain http URL)."""
    if NGINX is None:
        pytest.fail("nginx 未安装：make setup 以 root 运行时从 installer/system-packages.txt 安装")
    directory = tmp_path / "nginx"
    directory.mkdir()
    ca = make_ca(tmp_path / "ca")
    ca.server(tmp_path / "tls")
    https_port, http_port = free_port(), free_port()
    conf = _config(directory, upstreams=upstreams, https_port=https_port, http_port=http_port,
                   cert=tmp_path / "tls" / "server.pem", key=tmp_path / "tls" / "server.key")
    check = subprocess.run([NGINX, "-t", "-p", str(directory), "-c", str(conf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([NGINX, "-p", str(directory), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"nginx did not start: {(directory / 'error.log').read_text()[-2000:]}") from None
                time.sleep(0.05)
        yield f"https://127.0.0.1:{https_port}", ca.cert_file, f"http://127.0.0.1:{http_port}"
    finally:
        proc.send_signal(signal.SIGQUIT)       # graceful: finish the requests in hand
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def _port(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


def _login(http: httpx.Client) -> tuple[str, dict]:
    ws = f"T-{uuid.uuid4().hex[:10]}"
    r = http.post("/api/v1/auth/login", json={"username": "clerk01", "password": DEMO_PASSWORDS["clerk01"],
                                              "workstation_id": ws})
    assert r.status_code == 200, r.text
    return ws, {"Authorization": f"Bearer {r.json()['access_token']}"}


def _push_body(ws: str, n: int = 5) -> dict:
    from datetime import datetime, timezone

    import uuid6

    from counter_protocol import sync as p

    items = []
    for i in range(n):
        payload = {"n": i, "note": "经反向代理提交"}
        items.append(p.OutboxItem(id=str(uuid6.uuid7()), seq=i + 1, kind="case.note", aggregate_type="case",
                                  aggregate_id=f"{ws}-C1", payload=payload,
                                  payload_digest=p.payload_digest(p.canonical_json(payload)), actor="clerk01",
                                  created_at=datetime.now(timezone.utc)))
    return p.PushRequest(workstation_id=ws, entries=items).model_dump(mode="json")


def test_a_push_whose_answer_was_lost_is_sent_on_to_the_other_worker_and_stored_once(central_server, central_db,
                                                                                       tmp_path):
    lossy = FaultProxy(_port(central_server.url))      # a worker whose answers can be lost on the way back
    try:
        with _nginx(tmp_path, (lossy.port, _port(central_server.url))) as (url, ca, _):
            with httpx.Client(base_url=url, verify=ssl.create_default_context(cafile=str(ca)), timeout=30, trust_env=False) as http:
                assert http.get("/api/v1/health").json()["status"] == "ok"     # TLS with the agency's CA
                ws, auth = _login(http)
                lossy.drop_responses(1)
                keys: list[str] = []
                answers = []
                for _ in range(6):       # the proxy alternates the workers: the lossy one gets a push
                    body = _push_body(ws)
                    keys += [e["id"] for e in body["entries"]]
                    r = http.post("/api/v1/sync/push", json=body, headers=auth)
                    assert r.status_code == 200, r.text
                    answers.append({x["status"] for x in r.json()["results"]})
                    if lossy.dropped:
                        break
        assert lossy.dropped == 1
        # the worker stored the push, its answer was lost, the proxy sent the push to the other
        # worker, which answered from what is stored: the counter sees every entry as received
        assert answers[-1] == {"duplicate"} and all(a == {"accepted"} for a in answers[:-1])
        from sqlalchemy import text

        with central_db.connect() as conn:
            stored = conn.execute(text("SELECT id FROM received_entries WHERE workstation_id = :ws"), {"ws": ws}).scalars()
            assert sorted(stored) == sorted(keys)                       # each entry once
    finally:
        lossy.close()


def test_a_busy_worker_s_503_reaches_the_counter_with_its_retry_after(central_server, tmp_path):
    busy = FaultProxy(_port(central_server.url))
    busy.retry_after = 7
    busy.mode = "http503"
    try:
        with _nginx(tmp_path, (busy.port, _port(central_server.url))) as (url, ca, _):
            with httpx.Client(base_url=url, verify=ssl.create_default_context(cafile=str(ca)), timeout=30, trust_env=False) as http:
                answers = [http.get("/api/v1/health") for _ in range(6)]
        refused = [r for r in answers if r.status_code == 503]
        assert refused, "every 503 was retried on the other worker: the counters would never back off"
        assert all(r.headers["retry-after"] == "7" for r in refused)
        assert {r.status_code for r in answers} == {200, 503}          # the other worker still answers
    finally:
        busy.close()


def test_plain_http_is_sent_to_https(central_server, tmp_path):
    with _nginx(tmp_path, (_port(central_server.url), _port(central_server.url))) as (_, _, plain_url):
        r = httpx.get(f"{plain_url}/api/v1/health", trust_env=False)
        assert r.status_code == 301 and r.headers["location"].startswith("https://")
