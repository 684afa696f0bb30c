"""Issue #16 at the counter: offline lockout (finding 7), the offline verifier's MAC (finding 8),
plaintext keyrings refused (finding 9). Against the real central service and keyring."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import text

from counter_app.storage.base import utcnow
from counter_app.storage.tables_sync import OfflineCredential
from counter_app.sync.auth import AuthManager, LoginError
from tests.integration.test_sync_auth import settings_for

pytestmark = pytest.mark.integration


def _central_user(central_db, password: str, roles: str = "clerk") -> str:
    from sqlalchemy.orm import Session

    from counter_central.db import User
    from counter_central.core import hash_password

    name = f"sec{uuid.uuid4().hex[:8]}"
    with Session(central_db) as s:
        s.add(User(username=name, display_name="临时", password_hash=hash_password(password), roles=roles,
                   office_code="FT", active=True, created_at=utcnow()))
        s.commit()
    return name


def test_finding7_offline_lockout_after_five_failures_for_fifteen_minutes(app_home, store, fault_proxy, central_db):
    user = _central_user(central_db, "right-pass-1")
    settings = settings_for(fault_proxy.url, ws=f"SEC-{uuid.uuid4().hex[:6]}")
    auth = AuthManager(store, settings)
    assert auth.login(user, "right-pass-1").mode == "online"
    fault_proxy.mode = "down"
    for _ in range(4):
        with pytest.raises(LoginError, match="不正确"):
            auth.login(user, "wrong")
    assert auth.login(user, "right-pass-1").mode == "offline"          # a good one ends the run
    for _ in range(4):
        with pytest.raises(LoginError, match="不正确"):
            auth.login(user, "wrong")
    with pytest.raises(LoginError, match="连续 5 次.*锁定"):
        auth.login(user, "wrong")
    with pytest.raises(LoginError, match="锁定"):
        auth.login(user, "right-pass-1")                                  # locked: even the right password
    with store.session() as s:
        left = (s.get(OfflineCredential, user).locked_until - utcnow()).total_seconds() / 60
    assert 14 < left <= 15
    with store.engine.begin() as c:
        c.execute(text("UPDATE sync_offline_credentials SET locked_until = :t WHERE username = :u"),
                  {"t": utcnow() - timedelta(seconds=1), "u": user})
    assert auth.login(user, "right-pass-1").mode == "offline"


def test_offline_lockout_parameters(app_home, store, fault_proxy, central_db):
    user = _central_user(central_db, "right-pass-2")
    settings = settings_for(fault_proxy.url, ws=f"SEC-{uuid.uuid4().hex[:6]}")
    settings.central.lockout_after, settings.central.lockout_minutes = 2, 1
    auth = AuthManager(store, settings)
    auth.login(user, "right-pass-2")
    fault_proxy.mode = "down"
    with pytest.raises(LoginError, match="不正确"):
        auth.login(user, "wrong")
    with pytest.raises(LoginError, match="连续 2 次"):
        auth.login(user, "wrong")
    with store.session() as s:
        left = (s.get(OfflineCredential, user).locked_until - utcnow()).total_seconds() / 60
    assert 0 < left <= 1


def test_finding7_online_lockout_reaches_the_clerk(app_home, store, central_server, central_db):
    user = _central_user(central_db, "right-pass-3")
    auth = AuthManager(store, settings_for(central_server.url, ws=f"SEC-{uuid.uuid4().hex[:6]}"))
    for _ in range(4):
        with pytest.raises(LoginError, match="不正确"):
            auth.login(user, "wrong")
    with pytest.raises(LoginError, match="锁定"):
        auth.login(user, "wrong")
    with pytest.raises(LoginError, match="锁定"):
        auth.login(user, "right-pass-3")


def test_finding8_a_verifier_row_written_into_the_store_grants_nothing(app_home, store, fault_proxy):
    from counter_app.sync.central_hash import make_verifier

    auth = AuthManager(store, settings_for(fault_proxy.url))
    assert auth.login("clerk01", "clerk01-demo").mode == "online"
    with store.session() as s:
        genuine = s.get(OfflineCredential, "clerk01")
        assert len(genuine.mac) == 64
        url, at = genuine.central_url, genuine.last_online_login_at
    admin = {"username": "supervisor01", "display_name": "科长01", "roles": ["supervisor", "admin"],
             "office_code": "FT", "active": True}
    with store.engine.begin() as c:      # an attacker with write access to the store file
        c.execute(text("INSERT INTO sync_offline_credentials (username, verifier, user_json, central_url,"
                       " last_online_login_at, disabled, mac, failed_logins) VALUES (:u, :v, :j, :url, :t, 0, :m, 0)"),
                  {"u": "supervisor01", "v": make_verifier("supervisor01", "chosen-pw"), "j": json.dumps(admin),
                   "url": url, "t": at, "m": "0" * 64})
    fault_proxy.mode = "down"
    with pytest.raises(LoginError, match="无效或已被改动"):
        auth.login("supervisor01", "chosen-pw")
    # the genuine row, its roles raised: refused too
    with store.engine.begin() as c:
        c.execute(text("UPDATE sync_offline_credentials SET user_json = :j WHERE username = 'clerk01'"),
                  {"j": json.dumps({**admin, "username": "clerk01"})})
    with pytest.raises(LoginError, match="无效或已被改动"):
        auth.login("clerk01", "clerk01-demo")
    # the genuine row itself still works once the centre has seen the clerk again
    fault_proxy.mode = "pass"
    assert auth.login("clerk01", "clerk01-demo").mode == "online"
    fault_proxy.mode = "down"
    login = auth.login("clerk01", "clerk01-demo")
    assert login.mode == "offline" and login.user.roles == ["clerk"]


def test_finding8_without_the_keyring_key_no_offline_login(app_home, store, fault_proxy):
    import keyring

    from counter_app.sync.keystore import MAC_KEY_NAME

    auth = AuthManager(store, settings_for(fault_proxy.url))
    auth.login("clerk01", "clerk01-demo")
    keyring.delete_password(auth._service, MAC_KEY_NAME)
    fault_proxy.mode = "down"
    with pytest.raises(LoginError, match="无效或已被改动"):
        auth.login("clerk01", "clerk01-demo")


def test_finding9_a_plaintext_keyring_is_refused_outside_tests_and_doctor_says_why(app_home, store, monkeypatch):
    from counter_app.health import FAIL, WARN
    from counter_app.sync.checks import keyring_check
    from counter_app.sync.keystore import ALLOW_PLAINTEXT_ENV, InsecureKeyringError, keyring_module

    assert keyring_check().status == WARN and ALLOW_PLAINTEXT_ENV in keyring_check().message   # the test switch
    monkeypatch.delenv(ALLOW_PLAINTEXT_ENV)
    auth = AuthManager(store, settings_for("http://127.0.0.1:9"))
    with pytest.raises(LoginError, match="明文"):
        auth.login("clerk01", "clerk01-demo")
    with pytest.raises(InsecureKeyringError):
        keyring_module()
    check = keyring_check()
    assert check.status == FAIL and "PlaintextKeyring" in check.message and "Secret Service" in check.message


def test_no_keyring_at_all_is_refused(monkeypatch):
    import keyring
    from keyring.backends import fail

    from counter_app.sync.keystore import problem

    old = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert "没有可用的系统密钥环" in problem()
    finally:
        keyring.set_keyring(old)


def test_totp_second_factor_online_and_offline(app_home, store, fault_proxy, central_db):
    import time

    import pyotp
    from sqlalchemy.orm import Session

    from counter_central import admin

    user = _central_user(central_db, "sup-pass-1", roles="supervisor,clerk")
    with Session(central_db) as s:
        secret = admin.enrol_totp(s, user).secret
    totp = pyotp.TOTP(secret)
    auth = AuthManager(store, settings_for(fault_proxy.url, ws=f"SEC-{uuid.uuid4().hex[:6]}"))
    with pytest.raises(LoginError, match="动态验证码"):
        auth.login(user, "sup-pass-1")
    with pytest.raises(LoginError, match="6 位数字"):
        auth.login(user, "sup-pass-1", "12ab")
    online = auth.login(user, "sup-pass-1", totp.now())
    assert online.mode == "online" and online.user.totp
    fault_proxy.mode = "down"
    with pytest.raises(LoginError, match="动态验证码"):
        auth.login(user, "sup-pass-1")                              # offline too
    nxt = totp.at(time.time() + 30)                                 # the online login used this step's code
    assert auth.login(user, "sup-pass-1", nxt).mode == "offline"
    with pytest.raises(LoginError, match="已使用过"):
        auth.login(user, "sup-pass-1", nxt)                          # a code is accepted once
    # the user's TOTP flag is under the row's MAC: switching it off in the store grants nothing
    with store.engine.begin() as c:
        row = c.execute(text("SELECT user_json FROM sync_offline_credentials WHERE username = :u"), {"u": user}).scalar()
        c.execute(text("UPDATE sync_offline_credentials SET user_json = :j WHERE username = :u"),
                  {"j": row.replace('"totp":true', '"totp":false'), "u": user})
    with pytest.raises(LoginError, match="无效或已被改动"):
        auth.login(user, "sup-pass-1")


def test_offline_on_site_lockout_is_said_by_the_attempt_that_locks(app_home, store, fault_proxy, central_db):
    """Tester onsite #6: offline, the 5th wrong password of 现场授权 locked the supervisor but said only
    「用户名或密码不正确（离线）」; the lock showed at the next attempt. Now the 5th says it, and until when."""
    user = _central_user(central_db, "right-pass-3", roles="supervisor")
    settings = settings_for(fault_proxy.url, ws=f"SEC-{uuid.uuid4().hex[:6]}")
    auth = AuthManager(store, settings)
    auth.authenticate_once(user, "right-pass-3")                           # remembered here, online
    fault_proxy.mode = "down"
    for _ in range(4):
        with pytest.raises(LoginError, match="审批人的用户名或密码不正确（离线）"):
            auth.authenticate_once(user, "wrong")
    with pytest.raises(LoginError, match=r"连续 5 次密码错误，该审批人在本机已锁定至 \d\d:\d\d（北京时间）.*联网授权"):
        auth.authenticate_once(user, "wrong")
    with pytest.raises(LoginError, match="已锁定至"):
        auth.authenticate_once(user, "right-pass-3")
