"""pytest plugin: the reference central service on the session's PostgreSQL, plus a fault proxy.

- ``central_server`` (session): ``counter-central serve`` as a real subprocess (uvicorn) on a free
  127.0.0.1 port against a fresh PostgreSQL database, demo users seeded; stopped by PID at the end.
- ``fault_proxy`` (per test): a TCP proxy in front of it whose ``mode`` can be ``pass``,
  ``drop_response`` (forward the request, let the server commit, swallow the answer and cut the
  connection — "the server committed but the answer was lost"), ``down`` (cut every connection
  at once — server unreachable) or ``http503``.

:func:`start_central` is a plain function so the benchmark reuses it.
"""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.postgres import free_port

REPO = Path(__file__).resolve().parents[2]


@dataclass
class CentralProcess:
    proc: subprocess.Popen
    url: str
    db_url: str
    log_path: Path
    entry_key_file: Path | None = None     # the key its received payloads are sealed under
    person_key_file: Path | None = None    # the key its same-person index is made under

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


def wait_http(url: str, timeout: float = 30.0, proc: subprocess.Popen | None = None) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"central service exited with {proc.returncode}")
        try:
            if httpx.get(url + "/api/v1/health", timeout=1.0, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"central service did not come up at {url}")


def start_central(db_url: str, log_dir: Path, *, seed: bool = True, port: int | None = None,
                  env_extra: dict | None = None, demo: bool = True, extra_args: tuple[str, ...] = (),
                  timeout: float = 30.0) -> CentralProcess:
    """``demo`` (explicit): the tests sign in from fresh workstation ids, which the centre then
    registers to the user's office; ``demo=False`` is the production rule (registered ids only)."""
    port = port or free_port()
    log_path = Path(log_dir) / f"central-{port}.log"
    cmd = [sys.executable, "-m", "counter_central", "serve", "--host", "127.0.0.1", "--port", str(port), "--db", db_url]
    if seed:
        cmd.append("--seed-demo")
    if demo:
        cmd.append("--demo")
    cmd.extend(extra_args)
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""), **(env_extra or {}))
    # the entry key beside the log (a restart on the same folder finds it), unless one is named: the
    # test process opens the payloads with it (central_payloads), whatever its COUNTER_APP_HOME
    env.setdefault("COUNTER_CENTRAL_ENTRY_KEY", str(Path(log_dir) / "entry-key"))
    # and its person key (the same-person index): the operator's commands on its database need both
    env.setdefault("COUNTER_CENTRAL_PERSON_KEY", str(Path(log_dir) / "person-key"))
    log = open(log_path, "wb")
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url, timeout=timeout, proc=proc)
    except RuntimeError:
        proc.kill()
        raise RuntimeError(f"{log_path.read_text(errors='replace')[-3000:]}") from None
    return CentralProcess(proc, url, db_url, log_path, Path(env["COUNTER_CENTRAL_ENTRY_KEY"]),
                          Path(env["COUNTER_CENTRAL_PERSON_KEY"]))


class FaultProxy:
    """Loopback TCP proxy with injectable faults (see module docstring)."""

    def __init__(self, upstream_port: int, *, tls: "ssl.SSLContext | None" = None):
        """``tls``: terminate TLS with this server context, as the deployment's reverse proxy does
        (docs/deployment.md, 1.4); ``url`` is then ``https://``."""
        self.upstream_port = upstream_port
        self.tls = tls
        self.handshake_failures = 0
        self._mode = "pass"
        self._conns: set[socket.socket] = set()
        self.drop_remaining = 0  # for drop_response: how many answers to swallow (then pass)
        self.pass_before_drop = 0
        self.dropped = 0
        self.drop_path = b"/sync/push"
        self.retry_after: int | None = None  # http503: send ``Retry-After`` with this many seconds
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.port = self._sock.getsockname()[1]
        self.url = f"{'https' if tls is not None else 'http'}://127.0.0.1:{self.port}"
        self._closing = False
        self._lock = threading.Lock()
        threading.Thread(target=self._accept_loop, daemon=True).start()

    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, value: str) -> None:
        """``down`` / ``http503`` also cut the connections that are open (keep-alive included)."""
        self._mode = value
        if value in ("down", "http503"):
            with self._lock:
                conns, self._conns = list(self._conns), set()
            for sck in conns:
                try:
                    sck.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sck.close()

    def drop_responses(self, n: int, path: str = "/sync/push", *, after: int = 0) -> None:
        """Swallow the next ``n`` answers to requests whose path contains ``path``, once ``after``
        such answers have passed."""
        with self._lock:
            self._mode, self.drop_remaining, self.drop_path = "drop_response", n, path.encode()
            self.pass_before_drop = after

    def _take_drop(self, request_line: bytes) -> bool:
        with self._lock:
            if self._mode == "drop_response" and self.drop_path in request_line and self.pass_before_drop > 0:
                self.pass_before_drop -= 1
                return False
            if self._mode == "drop_response" and self.drop_remaining > 0 and self.drop_path in request_line:
                self.drop_remaining -= 1
                self.dropped += 1
                if self.drop_remaining == 0:
                    self._mode = "pass"
                return True
            return False

    def close(self) -> None:
        self._closing = True
        try:
            self._sock.close()
        except OSError:
            pass

    def _accept_loop(self) -> None:
        while not self._closing:
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        if self.tls is not None:
            try:
                client.settimeout(10)
                client = self.tls.wrap_socket(client, server_side=True)
                client.settimeout(None)
            except OSError:            # the client refused the certificate (ssl.SSLError) or left
                with self._lock:
                    self.handshake_failures += 1
                client.close()
                return
        if self.mode == "down":
            client.close()
            return
        if self.mode == "http503":
            try:
                client.recv(65536)
                body = b'{"detail":"maintenance"}'
                extra = b"Retry-After: %d\r\n" % self.retry_after if self.retry_after is not None else b""
                client.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n%s"
                               b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (extra, len(body), body))
            finally:
                client.close()
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=30)
        except OSError:
            client.close()
            return
        upstream.settimeout(None)
        with self._lock:
            self._conns.update((client, upstream))
        last = {"line": b""}
        threading.Thread(target=self._pump, args=(client, upstream, False, last), daemon=True).start()
        self._pump(upstream, client, True, last)

    def _pump(self, src: socket.socket, dst: socket.socket, is_response: bool, last: dict) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if not is_response and data[:5] in (b"POST ", b"GET /", b"PUT /", b"DELET"):
                    last["line"] = data.split(b"\r\n", 1)[0]
                # one decision per answer (at its status line), not per chunk it arrives in
                if is_response and data.startswith(b"HTTP/") and self._take_drop(last["line"]):
                    break  # the server has answered (so it committed); the client never sees it
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sck in (src, dst):
                try:
                    sck.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sck.close()


@pytest.fixture(scope="session")
def central_server(postgres_instance, tmp_path_factory):
    db_url = postgres_instance.create_database("central_suite")
    central = start_central(db_url, tmp_path_factory.mktemp("central"))
    # the operator's commands on the centre's host (counter-central … --db on this database, in a
    # subprocess or in-process) open its payloads with the same entry key (docs/deployment.md 1.6)
    # (and its person key: a command there refuses to start without the key its index was made under)
    names = {"COUNTER_CENTRAL_ENTRY_KEY": central.entry_key_file, "COUNTER_CENTRAL_PERSON_KEY": central.person_key_file}
    before = {name: os.environ.get(name) for name in names}
    os.environ.update({name: str(path) for name, path in names.items()})
    try:
        yield central
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        central.stop()


@pytest.fixture
def fault_proxy(central_server):
    proxy = FaultProxy(int(central_server.url.rsplit(":", 1)[1]))
    yield proxy
    proxy.close()


@pytest.fixture
def central_db(central_server):
    """An SQLAlchemy engine on the central service's database (to count rows by key)."""
    from sqlalchemy import create_engine

    engine = create_engine(central_server.db_url)
    yield engine
    engine.dispose()


def received_payloads(engine, key_file: Path, where: str, params: dict) -> dict[str, str]:
    """id → the clear payload text of the received entries ``where`` says (SQL over
    ``received_entries``), opened with the centre's entry key file ``key_file``."""
    from sqlalchemy import text

    from counter_central.entry_key import entry_keys

    keys = entry_keys(key_file)
    with engine.connect() as conn:
        return {i: keys.open(i, v, sealed) for i, v, sealed in conn.execute(text(
            f"SELECT id, payload_key, payload FROM received_entries WHERE {where}"), params)}


@pytest.fixture
def central_payloads(central_server, central_db):
    """:func:`received_payloads` of the session's centre: ``central_payloads(where, params)``."""
    assert central_server.entry_key_file is not None
    return lambda where, params=None: received_payloads(central_db, central_server.entry_key_file, where, params or {})


DEMO_PASSWORDS = {"clerk01": "clerk01-demo", "supervisor01": "supervisor01-demo", "field01": "field01-demo",
                  "field02": "field02-demo", "field11": "field11-demo",
                  "admin01": "admin01-demo", "supervisor02": "supervisor02-demo", "director01": "director01-demo",
                  "supervisor11": "supervisor11-demo", "auditor01": "auditor01-demo"}


def login_client(url: str, username: str = "clerk01", workstation_id: str | None = None, timeout: float = 5.0):
    """A CentralClient logged in as a demo user from a fresh workstation id."""
    import uuid

    from counter_app.sync.client import CentralClient, StaticToken

    ws = workstation_id or f"T-{uuid.uuid4().hex[:10]}"
    client = CentralClient(url, timeout=timeout)
    pair = client.login(username, DEMO_PASSWORDS[username], ws)
    client.tokens = StaticToken(pair.access_token)
    client.workstation_id = ws
    return client


@pytest.fixture
def sync_rig(store, fault_proxy):
    """(store, client through the fault proxy, worker) for one fresh workstation."""
    from counter_app.sync.worker import SyncWorker

    client = login_client(fault_proxy.url)
    worker = SyncWorker(store, client, workstation_id=client.workstation_id, batch_size=10,
                        backoff_base=0.01, backoff_cap=0.05)
    yield store, client, worker
    client.close()


def central_database_at(path, revision: str, *, url: str | None = None):
    """A central database migrated up to ``revision`` — SQLite at ``path``, or the database at
    ``url`` (PostgreSQL) when given; returns (engine, upgrade) where ``upgrade(rev)`` migrates it
    further (for migration tests)."""
    from sqlalchemy import create_engine


    engine = create_engine(url or f"sqlite:///{path}")

    def upgrade(rev: str) -> None:
        migrate_centre(engine, rev)

    upgrade(revision)
    return engine, upgrade


def migrate_centre(engine, revision: str, *, down: bool = False) -> None:
    """Migrate the central database of ``engine`` up (or, ``down``, back) to ``revision``, in one
    transaction (for migration tests)."""
    from alembic import command
    from alembic.config import Config

    from counter_central.db import MIGRATIONS_DIR

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.downgrade if down else command.upgrade)(cfg, revision)


def schema_drift(engine, table: str) -> list:
    """What differs between ``table`` as migrated and as the central models declare it."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from counter_central.db import Base

    with engine.connect() as conn:
        return [d for d in compare_metadata(MigrationContext.configure(conn), Base.metadata) if table in repr(d)]


@pytest.fixture
def central_sqlite_client(tmp_path):
    """The central service in-process on its embedded SQLite (what ``make run`` uses), with the demo
    users, behind FastAPI's test client."""
    from fastapi.testclient import TestClient
    from sqlalchemy.orm import Session

    from counter_central.app import create_app
    from counter_central.seed import seed_demo

    app = create_app(f"sqlite:///{tmp_path / 'central.sqlite3'}", demo=True)   # fresh workstation ids: demo mode
    with Session(app.state.engine) as s:
        seed_demo(s, with_reference=False)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def open_seeded_centre(url: str):
    """(app, TestClient) of the centre in-process on ``url`` with the demo users and reference data
    (demo mode, no TOTP); the client is not entered yet."""
    from fastapi.testclient import TestClient
    from sqlalchemy.orm import Session

    from counter_central.app import create_app
    from counter_central.seed import seed_demo

    app = create_app(url, demo=True, require_totp=False)
    with Session(app.state.engine) as s:
        seed_demo(s)
        s.commit()
    return app, TestClient(app)


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded_centre(request, tmp_path):
    """(app, entered client, database URL) of :func:`open_seeded_centre`, once on the embedded SQLite
    and once on PostgreSQL."""
    url = (f"sqlite:///{tmp_path / 'central.sqlite3'}" if request.param == "sqlite"
           else request.getfixturevalue("postgres_url"))
    app, client = open_seeded_centre(url)
    with client:
        yield app, client, url
    app.state.engine.dispose()
