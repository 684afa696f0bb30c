"""The centre over TLS, as deployed: a TLS-terminating proxy in front of the real centre, its
certificate from the agency's own CA (docs/deployment.md, 1.4). A workstation trusts what its
operating system trusts (``SSL_CERT_FILE`` stands in for ``update-ca-certificates`` here), never
skips the check, and a refused certificate is named as such — not called a network fault — while
the clerk's work waits in the outbox."""

from __future__ import annotations

import json
import os
import ssl
import time

import pytest

from tests.support.central import FaultProxy
from tests.support.cli import run_cli
from tests.support.tls import make_ca

pytestmark = pytest.mark.integration


@pytest.fixture
def agency_ca(tmp_path):
    return make_ca(tmp_path / "agency-ca")


def _proxy(central_server, context: ssl.SSLContext) -> FaultProxy:
    return FaultProxy(int(central_server.url.rsplit(":", 1)[1]), tls=context)


@pytest.fixture
def tls_proxy(central_server, agency_ca, tmp_path):
    proxy = _proxy(central_server, agency_ca.server(tmp_path / "proxy"))
    yield proxy
    proxy.close()


@pytest.fixture
def trust(monkeypatch):
    """``trust(path)``: this machine's trusted CAs are the bundle at ``path`` (None: the system's
    own store, without the test CA); the process's loaded store is dropped so the next client
    loads it afresh. Child processes inherit the variable, as they inherit the system store."""
    from counter_app.sync.client import trust_store

    def use(path) -> None:
        if path is None:
            monkeypatch.delenv("SSL_CERT_FILE", raising=False)
        else:
            monkeypatch.setenv("SSL_CERT_FILE", str(path))
        trust_store.cache_clear()

    yield use
    trust_store.cache_clear()


def _failed_handshakes(proxy: FaultProxy, at_least: int) -> int:
    """The proxy's count once it has seen the client leave (its thread counts after the client's
    error was raised)."""
    deadline = time.monotonic() + 5
    while proxy.handshake_failures < at_least and time.monotonic() < deadline:
        time.sleep(0.02)
    return proxy.handshake_failures


def _ctx(tmp_path, url: str):
    from counter_app.app_context import AppContext, UserSession
    from counter_app.config import default_settings, save_settings
    from counter_app.paths import AppPaths
    from counter_app.storage.db import Store

    home = tmp_path / "home"
    paths = AppPaths(home / "data", home / "config", home / "log", home / "cache").ensure()
    settings = default_settings()
    settings.central.url = url
    settings.office.workstation_id = f"TLS-{os.getpid()}"
    save_settings(settings, paths.config_file)
    return AppContext(settings=settings, paths=paths, store=Store.open(paths.database_file),
                      user=UserSession("clerk01", "张经办", "clerk"))


def _queue(ctx, n: int) -> None:
    from counter_app.storage.uow import UnitOfWork

    with UnitOfWork(ctx.store, actor="clerk01") as uow:
        for i in range(n):
            uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id=f"tls{i % 4}", payload={"i": i})
        uow.commit()


def _sync_status(home) -> dict:
    out = run_cli(home, "sync", "status", "--json", own_keyring=False)   # the tokens this process signed in with
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_a_workstation_trusting_the_agency_ca_signs_in_and_syncs_over_tls(tmp_path, tls_proxy, agency_ca, trust):
    from counter_app.app_context import auth_manager, sync_round
    from counter_app.sync.status import sync_status

    trust(agency_ca.cert_file)
    assert tls_proxy.url.startswith("https://")
    ctx = _ctx(tmp_path, tls_proxy.url)
    try:
        login = auth_manager(ctx).login("clerk01", "clerk01-demo")      # in this process, over TLS
        assert login.mode == "online"
        _queue(ctx, 20)
        report = sync_round(ctx)            # `counter-app sync run` in a process of its own, over TLS
        assert report.error is None and report.online and report.synced == 20
        assert sync_status(ctx.store)["synced"] == 20 and sync_status(ctx.store)["pending"] == 0
        status = _sync_status(tmp_path / "home")
        assert status["online"] is True and "central_error" not in status
        assert tls_proxy.handshake_failures == 0
    finally:
        ctx.close()


def test_an_untrusted_certificate_is_named_and_the_work_waits(tmp_path, tls_proxy, agency_ca, trust):
    from counter_app.app_context import auth_manager, sync_round
    from counter_app.health import WARN
    from counter_app.sync.checks import checks
    from counter_app.sync.client import UNTRUSTED_CERTIFICATE, CentralClient, TransientError
    from counter_app.sync.status import sync_status

    trust(None)     # the system's store: the agency's CA was never installed on this machine
    with CentralClient(tls_proxy.url, timeout=5) as client, pytest.raises(TransientError) as refused:
        client.health()
    assert str(refused.value) == UNTRUSTED_CERTIFICATE and "无法连接" not in str(refused.value)
    assert _failed_handshakes(tls_proxy, 1) >= 1

    ctx = _ctx(tmp_path, tls_proxy.url)
    try:
        central = {c.name: c for c in checks(ctx.settings)}["central"]        # counter-app doctor
        assert central.status == WARN and "证书" in central.message and "CA" in central.message
        status = _sync_status(tmp_path / "home")                              # counter-app sync status
        assert status["online"] is False and status["central_error"] == UNTRUSTED_CERTIFICATE

        # signed in while the CA was trusted; then the trust is gone (the CA removed, or the centre's
        # certificate renewed from another CA): rounds fail naming the certificate, nothing is lost
        trust(agency_ca.cert_file)
        assert auth_manager(ctx).login("clerk01", "clerk01-demo").mode == "online"
        trust(None)
        _queue(ctx, 5)
        report = sync_round(ctx)             # `counter-app sync run`, in a process of its own
        assert report.synced == 0 and not report.online and not report.needs_login
        assert UNTRUSTED_CERTIFICATE in report.error
        assert sync_status(ctx.store)["pending"] == 5
        trust(agency_ca.cert_file)           # the CA installed again: the 5 that waited go
        report = sync_round(ctx)
        assert report.error is None and report.synced == 5 and sync_status(ctx.store)["pending"] == 0
    finally:
        ctx.close()


@pytest.mark.parametrize("kind", ["another_name", "expired"])
def test_a_certificate_for_another_name_or_out_of_date_is_refused(tmp_path, central_server, agency_ca, trust, kind):
    from counter_app.sync.client import UNTRUSTED_CERTIFICATE, CentralClient, TransientError

    if kind == "another_name":
        context = agency_ca.server(tmp_path / "proxy", hosts=("si-central.example.internal",))
    else:
        context = agency_ca.server(tmp_path / "proxy", expired=True)
    proxy = _proxy(central_server, context)
    trust(agency_ca.cert_file)       # the CA is trusted: the certificate itself is wrong
    try:
        with CentralClient(proxy.url, timeout=5) as client, pytest.raises(TransientError) as refused:
            client.health()
        assert str(refused.value) == UNTRUSTED_CERTIFICATE
        assert _failed_handshakes(proxy, 1) == 1
    finally:
        proxy.close()


def test_the_trust_store_is_loaded_once_per_process(monkeypatch, trust):
    """Loading the CA certificates costs ~50 ms of CPU; every client of this process shares one
    load (httpx would otherwise build and load its own context for each client)."""
    from counter_app.sync import client as client_module

    loads = []
    real = ssl.create_default_context

    def counting(*args, **kwargs):
        loads.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(ssl, "create_default_context", counting)
    trust(None)
    clients = [client_module.CentralClient(url, timeout=1) for url in
               ("https://si-central.example.internal", "http://127.0.0.1:9", "https://127.0.0.1:9")]
    for c in clients:
        c.close()
    assert len(loads) == 1
    assert client_module.trust_store() is client_module.trust_store()
    assert client_module.trust_store().verify_mode == ssl.CERT_REQUIRED and client_module.trust_store().check_hostname


def test_signing_in_while_the_certificate_is_refused_says_so(tmp_path, tls_proxy, agency_ca, trust):
    """The login window's two cases: a clerk who never signed in here is refused with the
    certificate named (not "check the network"); one who did signs in offline, and the note on
    the status bar says why it is offline."""
    from counter_app.app_context import auth_manager
    from counter_app.sync.auth import LoginError
    from counter_app.sync.client import UNTRUSTED_CERTIFICATE

    ctx = _ctx(tmp_path, tls_proxy.url)
    try:
        auth = auth_manager(ctx)
        trust(None)
        with pytest.raises(LoginError) as refused:
            auth.login("clerk01", "clerk01-demo")
        assert "证书未通过本机验证" in str(refused.value) and "CA 证书" in str(refused.value)
        assert "从未在本机联网登录过" in str(refused.value)
        assert "无法连接" not in str(refused.value)

        trust(agency_ca.cert_file)
        online = auth.login("clerk01", "clerk01-demo")
        assert online.mode == "online" and online.offline_reason is None
        trust(None)
        offline = auth.login("clerk01", "clerk01-demo")
        assert offline.mode == "offline" and offline.offline_reason == UNTRUSTED_CERTIFICATE
        assert offline.offline_code == "untrusted_certificate"          # the reason as data, for the window
    finally:
        ctx.close()
