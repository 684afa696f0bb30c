"""电子社保卡 QR verification: the reference centre issues and verifies its own signed, short-lived
codes; an expired or forged code is refused; the counter's verifier and CLI against a real centre
process (uvicorn, SQLite), and offline."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone

import pytest

from counter_central.essc import EsscRefused, EsscUnavailable, ReferenceEsscPlatform
from counter_protocol import essc as proto
from tests.support.central import DEMO_PASSWORDS, start_central
from tests.support.cli import run_cli
from tests.support.postgres import free_port

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

PERSON = "11010519491231002X"
VERIFY = "/api/v1/essc/verify"


def _login(client, user="clerk01", ws="ESSC-T1") -> dict:
    r = client.post("/api/v1/auth/login", json={"username": user, "password": DEMO_PASSWORDS[user],
                                                "workstation_id": ws})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


@pytest.fixture
def centre(central_sqlite_client):
    platform = central_sqlite_client.app.state.essc
    assert isinstance(platform, ReferenceEsscPlatform)
    return central_sqlite_client, platform, _login(central_sqlite_client)


def test_a_fresh_code_gives_the_person(centre):
    client, platform, auth = centre
    code, expires = platform.issue(PERSON, "王龑")
    assert PERSON not in code and "王" not in code              # opaque: no personal data in the code
    r = client.post(VERIFY, json={"code": code}, headers=auth)
    assert r.status_code == 200, r.text
    body = proto.EsscVerification.model_validate(r.json())
    assert (body.person.id_number, body.person.name, body.person.sex) == (PERSON, "王龑", "female")
    assert str(body.person.birth_date) == "1949-12-31" and body.platform == "reference"


def test_issuing_forgets_codes_dead_for_a_day(centre):
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from counter_central.essc import EsscCode

    _, platform, _ = centre
    platform.issue(PERSON, now=datetime.now(timezone.utc) - timedelta(days=3))
    platform.issue(PERSON)
    with Session(platform.engine) as s:
        assert s.scalar(select(func.count()).select_from(EsscCode)) == 1


def test_expired_code_is_refused(centre):
    client, platform, auth = centre
    code, _ = platform.issue(PERSON, ttl=timedelta(seconds=30), now=datetime.now(timezone.utc) - timedelta(minutes=5))
    r = client.post(VERIFY, json={"code": code}, headers=auth)
    assert r.status_code == 400 and r.json()["reason"] == proto.REASON_EXPIRED
    assert "已过期" in r.json()["detail"] and "刷新" in r.json()["suggested_action"]


@pytest.mark.parametrize("tamper", ["signature", "expiry", "nonce", "other_secret", "garbage", "unicode", "unicode_signature"])
def test_forged_code_is_refused(centre, tmp_path, tamper):
    client, platform, auth = centre
    code, _ = platform.issue(PERSON)
    head, nonce, stamp, sig = code.split(".")
    if tamper == "signature":
        forged = f"{head}.{nonce}.{stamp}.{sig[:-2]}{'AA' if sig[-2:] != 'AA' else 'BB'}"
    elif tamper == "expiry":                       # stretch a valid code's life
        forged = f"{head}.{nonce}.{int(stamp) + 86400}.{sig}"
    elif tamper == "nonce":                        # someone else's issued row
        forged = f"{head}.{'0' * 24}.{stamp}.{sig}"
    elif tamper == "other_secret":                 # signed by another centre's key
        from counter_central.db import make_engine, migrate

        other = make_engine(f"sqlite:///{tmp_path / 'other.sqlite3'}")
        migrate(other)
        forged, _ = ReferenceEsscPlatform(other).issue(PERSON)
        other.dispose()
    elif tamper == "unicode":                      # digits and text outside ASCII
        forged = f"{head}.{nonce}é.{'١٢٣'}.{sig}"
    elif tamper == "unicode_signature":
        forged = f"{head}.{nonce}.{stamp}.{sig[:-1]}é"
    else:
        forged = "https://example.invalid/?x=1"
    r = client.post(VERIFY, json={"code": forged}, headers=auth)
    assert r.status_code == 400, r.text
    detail = r.json()["detail"]
    assert r.json()["reason"] == proto.REASON_INVALID and ("不是有效" in detail or "签名不符" in detail)
    assert PERSON not in detail


def test_the_migration_matches_the_models(tmp_path):
    from counter_central.db import make_engine, migrate
    from tests.support.central import schema_drift

    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    migrate(engine)
    assert schema_drift(engine, "essc_") == []
    from sqlalchemy import text

    with engine.connect() as conn:
        [(secret,)] = conn.execute(text("SELECT secret FROM essc_keys")).all()
    assert len(bytes.fromhex(secret)) == 32                    # each centre's own key, made by the migration
    engine.dispose()


def test_verification_needs_a_signed_in_clerk_and_a_sane_body(centre):
    client, platform, auth = centre
    code, _ = platform.issue(PERSON)
    assert client.post(VERIFY, json={"code": code}).status_code == 401
    assert client.post(VERIFY, json={"code": ""}, headers=auth).status_code == 422
    assert client.post(VERIFY, json={"code": "x" * 2000}, headers=auth).status_code == 422


def _reads(platform) -> list:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from counter_central.db import RegistryRead

    with Session(platform.engine) as s:
        return [(r.username, r.kind, r.subject, r.found) for r in s.scalars(select(RegistryRead).order_by(RegistryRead.id))]


@pytest.mark.parametrize("user", ["field01", "field11", "auditor01", "admin01"])
def test_only_counter_staff_read_a_code_as_for_a_registry_look_up(centre, user):
    """Red-team: field, auditor and admin accounts got the ID number, name, sex and birth date of
    a code (200) where POST /registry/person answers them 403. A field laptop reads the ID card
    offline (docs/field.md) and never asks; the centre answers 403 before asking the platform, and
    nothing is read."""
    client, platform, _ = centre
    code, _ = platform.issue(PERSON, "王龑")
    r = client.post(VERIFY, json={"code": code}, headers=_login(client, user, f"ESSC-{user}"))
    assert r.status_code == 403, r.text
    assert r.json()["reason"] == "forbidden" and PERSON not in r.text and "王" not in r.text
    assert _reads(platform) == []


@pytest.mark.parametrize("user", ["clerk01", "supervisor01", "supervisor11"])
def test_a_verified_code_is_recorded_as_a_read_with_the_id_number_masked(centre, user, caplog):
    """Every code that gives a person leaves a 查询留痕 row as a registry look-up does (another
    office's clerk too: a person is served at any office); a refused code reads nobody."""
    import logging

    client, platform, _ = centre
    caplog.set_level(logging.DEBUG)
    code, _ = platform.issue(PERSON, "王龑")
    auth = _login(client, user, f"ESSC-{user}")
    assert client.post(VERIFY, json={"code": code}, headers=auth).status_code == 200
    expired, _ = platform.issue(PERSON, ttl=timedelta(seconds=30), now=datetime.now(timezone.utc) - timedelta(minutes=5))
    assert client.post(VERIFY, json={"code": expired}, headers=auth).status_code == 400
    [(username, kind, subject, found)] = _reads(platform)
    assert (username, kind, found) == (user, "essc", True)
    assert subject == PERSON[:6] + "*" * 8 + PERSON[-4:]
    assert PERSON not in caplog.text and "王龑" not in caplog.text


class _DownPlatform:
    name = "national"

    def __init__(self, engine):
        self.engine = engine

    def verify(self, code, now):
        if code == "refuse":
            raise EsscRefused(proto.REASON_UNKNOWN, "平台中没有这个二维码。")
        raise EsscUnavailable("connect timeout")


def down_platform(engine):
    return _DownPlatform(engine)


def test_a_deployment_plugs_in_its_platform_adapter(tmp_path):
    from fastapi.testclient import TestClient
    from sqlalchemy.orm import Session

    from counter_central.app import create_app
    from counter_central.seed import seed_demo

    app = create_app(f"sqlite:///{tmp_path / 'c.sqlite3'}", essc_adapter=f"{__name__}:down_platform",
                     demo=True)    # signs in from a fresh workstation id
    with Session(app.state.engine) as s:
        seed_demo(s, with_reference=False)
    with TestClient(app) as client:
        auth = _login(client)
        r = client.post(VERIFY, json={"code": "anything"}, headers=auth)
        assert r.status_code == 503 and r.json()["reason"] == proto.REASON_UNAVAILABLE
        r = client.post(VERIFY, json={"code": "refuse"}, headers=auth)
        assert r.status_code == 400 and r.json()["reason"] == proto.REASON_UNKNOWN
    app.state.engine.dispose()
    with pytest.raises(ValueError, match="模块:工厂函数"):
        create_app("sqlite://", run_migrations=False, essc_adapter="no_colon")


# -- the counter side: the verifier and the CLI against a centre process ----------------------

@pytest.fixture(scope="module")
def centre_process(tmp_path_factory):
    d = tmp_path_factory.mktemp("essc-centre")
    central = start_central(f"sqlite:///{d / 'central.sqlite3'}", d)
    yield central
    central.stop()


def _home(tmp_path, url: str):
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True, exist_ok=True)
    (home / "config" / "config.toml").write_text(
        f'[central]\nurl = "{url}"\ntimeout_seconds = 3\n[office]\nworkstation_id = "ESSC-{os.getpid()}"\n',
        encoding="utf-8")
    return home


def test_cli_issue_then_verify(tmp_path, centre_process):
    home = _home(tmp_path, centre_process.url)
    r = run_cli(home, "essc", "issue", "--id", PERSON, "--name", "王龑", "--db", centre_process.db_url,
             module="counter_central", centre=centre_process)
    assert r.returncode == 0, r.stderr
    code = r.stdout.strip()

    r = run_cli(home, "essc", "verify", code, "--json")              # nobody signed in yet
    assert r.returncode == 1 and json.loads(r.stdout)["error"] == "not_signed_in"
    r = run_cli(home, "login", "clerk01", "--password-stdin", "--json", stdin="clerk01-demo\n")
    assert r.returncode == 0, r.stderr + r.stdout

    r = run_cli(home, "essc", "verify", code, "--json")
    assert r.returncode == 0, r.stderr + r.stdout
    out = json.loads(r.stdout)
    assert out["social_security_number"] == PERSON and out["name"] == "王龑" and out["platform"] == "reference"

    r = run_cli(home, "essc", "verify", code)                          # human output masks the person
    assert r.returncode == 0 and "核验通过" in r.stdout and PERSON not in r.stdout

    forged = code[:-3] + ("xyz" if not code.endswith("xyz") else "abc")
    r = run_cli(home, "essc", "verify", forged, "--json")
    assert r.returncode == 1 and json.loads(r.stdout)["error"] == proto.REASON_INVALID

    r = run_cli(home, "essc", "issue", "--id", PERSON, "--ttl", "1", "--json", "--db", centre_process.db_url,
             module="counter_central", centre=centre_process)
    short = json.loads(r.stdout)["code"]
    import time

    time.sleep(1.2)
    r = run_cli(home, "essc", "verify", short)
    assert r.returncode == 1 and "已过期" in r.stderr and "Traceback" not in r.stderr


def test_offline_says_read_the_card(tmp_path, centre_process):
    from counter_app.sync.client import CentralClient, StaticToken
    from counter_app.sync.essc import OFFLINE_MESSAGE, EsscError, verify

    dead = f"http://127.0.0.1:{free_port()}"
    with CentralClient(dead, timeout=2, tokens=StaticToken("t")) as client:
        with pytest.raises(EsscError) as exc:
            verify(client, "ESSC1.x.1.y")
    assert exc.value.code == "offline" and exc.value.message == OFFLINE_MESSAGE

    home = _home(tmp_path, dead)
    r = run_cli(home, "essc", "verify", "ESSC1.x.1.y")
    assert r.returncode == 1
    # nobody signed in on this workstation either: the clerk is told to sign in or read the card
    assert "读实体卡" in r.stderr and "Traceback" not in r.stderr


def test_verifier_with_a_live_centre(centre_process):
    from counter_app.sync.essc import EsscError, verify
    from tests.support.central import login_client

    client = login_client(centre_process.url)
    try:
        r = run_cli(centre_process.log_path.parent, "essc", "issue", "--id", PERSON, "--db", centre_process.db_url,
                 module="counter_central", centre=centre_process)
        res = verify(client, r.stdout.strip() + "\r\n")          # the scanner's line end is not part of the code
        assert res.social_security_number == PERSON and res.sex == "female"
        with pytest.raises(EsscError) as exc:
            verify(client, "   ")
        assert exc.value.code == "essc_empty"
    finally:
        client.close()


def test_cli_with_the_centre_gone_says_read_the_card(tmp_path, centre_process):
    from counter_app.sync.essc import OFFLINE_MESSAGE
    from tests.support.central import FaultProxy

    proxy = FaultProxy(int(centre_process.url.rsplit(":", 1)[1]))
    try:
        home = _home(tmp_path, proxy.url)
        r = run_cli(home, "login", "clerk01", "--password-stdin", "--json", stdin="clerk01-demo\n")
        assert r.returncode == 0, r.stderr + r.stdout
        proxy.mode = "down"
        r = run_cli(home, "essc", "verify", "ESSC1.0123456789.1796139531.abcdefgh", "--json")
        answer = json.loads(r.stdout)
        assert r.returncode == 1 and answer.pop("hint").startswith("原因：") and answer == {   # the transport's reason
            "ok": False, "error": "offline", "message": OFFLINE_MESSAGE}
        r = run_cli(home, "essc", "verify", "ESSC1.0123456789.1796139531.abcdefgh")
        assert r.returncode == 1 and r.stderr.startswith(OFFLINE_MESSAGE) and "Traceback" not in r.stderr
    finally:
        proxy.close()
