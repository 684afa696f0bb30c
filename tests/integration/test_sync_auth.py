"""Login online / offline, token refresh and revocation, logout with unsynced work, clock skew."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from counter_app.config import Settings
from counter_app.storage.uow import UnitOfWork
from counter_app.sync.auth import AuthManager, LoginError, UnsyncedWorkError
from counter_app.sync.client import AuthRequired, CentralClient

pytestmark = pytest.mark.integration


def settings_for(url: str, days: int = 7, ws: str = "FT-W09") -> Settings:
    s = Settings()
    s.central.url = url
    s.central.offline_login_days = days
    s.central.timeout_seconds = 3
    s.office.workstation_id = ws
    return s


def keyring_files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def test_offline_login_after_one_online_login_and_expiry(app_home, store, fault_proxy, tmp_path):
    auth = AuthManager(store, settings_for(fault_proxy.url, days=3))
    fault_proxy.mode = "down"
    with pytest.raises(LoginError, match="从未在本机联网登录"):
        auth.login("clerk01", "clerk01-demo")
    fault_proxy.mode = "pass"
    online = auth.login("clerk01", "clerk01-demo")
    assert online.mode == "online" and "clerk" in online.user.roles
    assert auth.tokens().access_token()
    # tokens are in the keyring, never in the store or config files
    with store.engine.connect() as c:
        dump = "\n".join(str(r) for r in c.execute(text("SELECT * FROM sync_offline_credentials")))
        dump += "\n".join(str(r) for r in c.execute(text("SELECT * FROM meta")))
    assert auth.tokens().access_token() not in dump and "clerk01-demo" not in dump
    fault_proxy.mode = "down"
    offline = auth.login("clerk01", "clerk01-demo")
    assert offline.mode == "offline" and offline.offline_days_left == 3
    with pytest.raises(LoginError, match="不正确"):
        auth.login("clerk01", "wrong-password")
    with store.engine.begin() as c:
        c.execute(text("UPDATE sync_offline_credentials SET last_online_login_at = :t"),
                  {"t": (store_now() - timedelta(days=3, minutes=1))})
    with pytest.raises(LoginError, match="超过 3 天"):
        auth.login("clerk01", "clerk01-demo")
    fault_proxy.mode = "pass"
    assert auth.login("clerk01", "clerk01-demo").mode == "online"


def store_now():
    from counter_app.storage.base import utcnow

    return utcnow()


def test_wrong_password_online_never_falls_back_to_offline(app_home, store, central_server):
    auth = AuthManager(store, settings_for(central_server.url))
    auth.login("clerk01", "clerk01-demo")
    with pytest.raises(LoginError, match="不正确"):
        auth.login("clerk01", "not-it")


def test_logout_with_unsynced_work_warns_and_keeps_it(app_home, store, central_server):
    auth = AuthManager(store, settings_for(central_server.url))
    auth.login("clerk01", "clerk01-demo")
    with UnitOfWork(store, actor="clerk01") as uow:
        uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id="L1", payload={"a": 1})
        uow.commit()
    with pytest.raises(UnsyncedWorkError) as err:
        auth.logout()
    assert err.value.unsynced == 1 and "不会删除" in str(err.value)
    assert auth.current_user() == "clerk01"  # still logged in
    result = auth.logout(force=True)
    assert result.unsynced == 1 and result.revoked_online
    with store.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM outbox WHERE state='pending'")).scalar() == 1
    assert auth.current_user() is None and auth.tokens("clerk01").access_token() is None


def test_offline_logout_revokes_the_token_on_the_next_online_moment(app_home, store, fault_proxy):
    auth = AuthManager(store, settings_for(fault_proxy.url))
    auth.login("clerk01", "clerk01-demo")
    access = auth.tokens().access_token()
    fault_proxy.mode = "down"
    result = auth.logout()
    assert result.revocation_queued and not result.revoked_online and auth.pending_revocations() == 1
    fault_proxy.mode = "pass"
    probe = CentralClient(fault_proxy.url)
    from counter_app.sync.client import StaticToken

    probe.tokens = StaticToken(access)
    assert probe.pull(0, 1) is not None  # not yet revoked on the server
    assert auth.flush_revocations() == 0
    with pytest.raises(AuthRequired):
        probe.pull(0, 1)
    probe.close()


def test_refresh_rotates_tokens(app_home, store, central_server):
    auth = AuthManager(store, settings_for(central_server.url))
    auth.login("clerk01", "clerk01-demo")
    tokens = auth.tokens()
    old = tokens.access_token()
    assert tokens.refresh_access_token()
    assert tokens.access_token() != old
    client = CentralClient(central_server.url, tokens=tokens)
    assert client.reference_index().items is not None
    client.close()


def test_a_round_reads_its_token_from_the_keyring_once(app_home, store, central_server, monkeypatch):
    """Each keyring read is a Secret Service exchange: a round of several batches reads the access
    token once; the next round (a new client) reads it afresh."""
    from counter_app.sync.worker import SyncWorker

    auth = AuthManager(store, settings_for(central_server.url, ws="FT-W19"))
    auth.login("clerk01", "clerk01-demo")
    with UnitOfWork(store, actor="clerk01") as uow:
        for i in range(25):
            uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id=f"kr{i % 5}", payload={"i": i})
        uow.commit()
    reads: list[str] = []
    real = auth._get
    monkeypatch.setattr(auth, "_get", lambda key: reads.append(key) or real(key))
    for expected in (25, 0):
        client = CentralClient(central_server.url, tokens=auth.tokens("clerk01"))
        try:
            report = SyncWorker(store, client, workstation_id="FT-W19", batch_size=10).run_once()
        finally:
            client.close()
        assert report.error is None and report.synced == expected
    assert report.batches == 0 and reads.count("clerk01:access") == 2     # 3 batches + pulls, then a pull


def test_clock_skew_is_flagged(app_home, store, postgres_instance, tmp_path):
    from tests.support.central import start_central

    from counter_app.sync.client import StaticToken
    from counter_app.sync.worker import SyncWorker
    from counter_app.sync.status import sync_status

    central = start_central(postgres_instance.create_database(), tmp_path,
                            env_extra={"COUNTER_CENTRAL_CLOCK_OFFSET": "-600"})
    try:
        auth = AuthManager(store, settings_for(central.url))
        result = auth.login("clerk01", "clerk01-demo")
        assert result.clock_skewed and "5 分钟" in result.clock_message
        worker = SyncWorker(store, CentralClient(central.url, tokens=StaticToken(auth.tokens().access_token())),
                            workstation_id="FT-W09")
        report = worker.run_once()
        assert report.clock_skewed and 590 < report.clock_skew_seconds < 610
        assert sync_status(store)["clock_skewed"] is True
    finally:
        central.stop()
