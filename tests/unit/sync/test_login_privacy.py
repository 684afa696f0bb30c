"""Privacy finding (tester-priv): a failed sign-in stored whatever was typed as the username in the
audit trail (sent to the centre, kept 30 years) — an ID number or a password typed into the username
box in clear; and a sign-in as someone else left the previous user's tokens in the keyring (a clerk
could refresh the supervisor's pair at the centre) with no logout record."""

from __future__ import annotations

import itertools
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from counter_app.config import default_settings
from counter_app.storage.tables_audit import AuditRow
from counter_app.sync.auth import UNKNOWN_ACCOUNT, AuthManager, LoginError
from counter_app.sync.client import SyncError, TransientError
from counter_protocol import sync as p

MALE_1960 = "110105196001010017"
_counter = itertools.count()


class FakeCentre:
    """The centre's answers to login / refresh / revoke (one password per user: <user>-demo)."""

    def __init__(self):
        self.up = True
        self.live: dict[str, str] = {}      # refresh token -> username
        self.revoked: list[str] = []

    def client(self):
        centre = self

        class Client:
            def login(self, username, password, workstation_id, totp=None):
                if not centre.up:
                    raise TransientError("无法连接中心服务")
                if password != f"{username}-demo":
                    raise SyncError("用户名或密码不正确")
                return centre._pair(username)

            def refresh(self, token):
                if not centre.up:
                    raise TransientError("无法连接中心服务")
                if token not in centre.live:
                    raise SyncError("登录已失效")
                return centre._pair(centre.live.pop(token))

            def revoke(self, token):
                if not centre.up:
                    raise TransientError("无法连接中心服务")
                centre.live.pop(token, None)
                centre.revoked.append(token)

            def close(self):
                pass

        return Client()

    def _pair(self, username):
        n = next(_counter)
        refresh = f"refresh-{username}-{n}"
        self.live[refresh] = username
        role = "supervisor" if username.startswith("supervisor") else "clerk"
        return p.TokenPair(access_token=f"access-{username}-{n}", refresh_token=refresh, expires_in=900,
                           user=p.UserInfo(username=username, display_name=username, roles=[role], office_code="FT"),
                           server_time=datetime.now(timezone.utc))


@pytest.fixture
def centre():
    return FakeCentre()


@pytest.fixture
def auth(app_home, store, centre):
    return AuthManager(store, default_settings(), client_factory=centre.client)


def _records(store, action=None):
    with store.session() as s:
        rows = list(s.scalars(select(AuditRow).order_by(AuditRow.seq)))
    return [r for r in rows if action is None or r.action == action]


# ------------------------------------------------------------------ 1. what a failed sign-in records

@pytest.mark.parametrize("typed", [MALE_1960, "S3cret!pass#word", "张三", f"id={MALE_1960}"])
def test_a_failed_sign_in_never_records_what_was_typed_unless_it_is_a_username(auth, store, typed):
    with pytest.raises(LoginError):
        auth.login(typed, "whatever")
    [failed] = _records(store, "login.failed")
    for field in (failed.actor, failed.object_id, failed.detail):
        assert typed not in field and MALE_1960[6:14] not in field
    assert failed.actor.startswith(UNKNOWN_ACCOUNT) and failed.object_id == failed.actor
    assert len(failed.actor) > len(UNKNOWN_ACCOUNT)          # a keyed digest follows the marker


def test_repeated_attempts_with_the_same_unknown_name_can_be_correlated(auth, store):
    for typed in (MALE_1960, MALE_1960, "440301199001011234"):
        with pytest.raises(LoginError):
            auth.login(typed, "whatever")
    first, again, other = (r.actor for r in _records(store, "login.failed"))
    assert first == again and first != other
    # keyed: not a plain hash of the ID number
    import hashlib

    for algo in ("sha256", "sha1", "md5"):
        assert hashlib.new(algo, MALE_1960.encode()).hexdigest()[:16] not in first


def test_a_username_of_the_product_form_and_a_known_account_are_recorded_as_typed(auth, store):
    with pytest.raises(LoginError):
        auth.login("clerk01", "wrong")
    auth.login("clerk01", "clerk01-demo")        # known here from now on
    with pytest.raises(LoginError):
        auth.login("clerk01", "wrong")
    with pytest.raises(LoginError):
        auth.authenticate_once("nosuch.user-2", "wrong")
    assert [r.actor for r in _records(store, "login.failed")] == ["clerk01", "clerk01", "nosuch.user-2"]


def test_the_one_action_sign_in_records_the_same_way(auth, store):
    with pytest.raises(LoginError):
        auth.authenticate_once(MALE_1960, "whatever")
    [failed] = _records(store, "login.failed")
    assert MALE_1960 not in failed.actor and failed.actor.startswith(UNKNOWN_ACCOUNT)


def test_the_audit_trail_masks_the_actor_as_it_masks_object_and_detail(store):
    from counter_app.storage import audit

    audit.record(store, actor=MALE_1960, workstation_id="FT-W01", action="login", object_type="user")
    audit.record(store, actor="clerk01", workstation_id="FT-W01", action="login", object_type="user")
    masked, plain = _records(store)
    assert MALE_1960 not in masked.actor and masked.actor.startswith(MALE_1960[:6])
    assert plain.actor == "clerk01"
    with store.session() as s:
        assert audit.verify(s).ok


# ------------------------------------------------------------------ 2. signing in as someone else

def _keyring_tokens(auth, username):
    return auth._get(f"{username}:access"), auth._get(f"{username}:refresh")


def test_signing_in_as_someone_else_signs_the_previous_user_out_first(auth, store, centre):
    auth.login("clerk01", "clerk01-demo")
    auth.login("supervisor01", "supervisor01-demo")
    sup_refresh = _keyring_tokens(auth, "supervisor01")[1]
    assert _keyring_tokens(auth, "clerk01") == (None, None)
    auth.login("clerk01", "clerk01-demo")
    assert _keyring_tokens(auth, "supervisor01") == (None, None)
    assert sup_refresh in centre.revoked and sup_refresh not in centre.live   # no fresh supervisor pair
    assert auth.current_user() == "clerk01"
    logouts = [r.actor for r in _records(store, "logout")]
    assert logouts == ["clerk01", "supervisor01"]


def test_the_same_user_signing_in_again_is_no_logout(auth, store):
    auth.login("clerk01", "clerk01-demo")
    auth.login("clerk01", "clerk01-demo")
    assert _records(store, "logout") == [] and _keyring_tokens(auth, "clerk01")[1]


def test_an_offline_sign_in_as_someone_else_deletes_and_queues_the_previous_tokens(auth, store, centre):
    auth.login("supervisor01", "supervisor01-demo")
    auth.login("clerk01", "clerk01-demo")          # known offline from now on (and supervisor01 signed out)
    auth.login("supervisor01", "supervisor01-demo")
    sup_refresh = _keyring_tokens(auth, "supervisor01")[1]
    centre.up = False
    result = auth.login("clerk01", "clerk01-demo")
    assert result.mode == "offline" and auth.current_user() == "clerk01"
    assert _keyring_tokens(auth, "supervisor01") == (None, None)
    assert sup_refresh and auth.pending_revocations() == 1
    assert [r.actor for r in _records(store, "logout")][-1] == "supervisor01"
    centre.up = True
    auth.login("clerk01", "clerk01-demo")           # the queued revocation goes at the next online sign-in
    assert auth.pending_revocations() == 0
    assert sup_refresh in centre.revoked and "supervisor01" not in centre.live.values()


def test_a_failed_sign_in_as_someone_else_leaves_the_signed_in_user_alone(auth, store):
    auth.login("clerk01", "clerk01-demo")
    with pytest.raises(LoginError):
        auth.login("supervisor01", "wrong")
    assert auth.current_user() == "clerk01" and _keyring_tokens(auth, "clerk01")[1]
    assert _records(store, "logout") == []
