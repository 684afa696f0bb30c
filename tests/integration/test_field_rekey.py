"""A revoked field laptop cannot re-key itself (tester "laptop", defect 1). After ``counter-central
field revoke-key`` — the action for a lost or stolen laptop (docs/field.md §1) — whoever held the
laptop with its keyring ran ``counter-app field new-key --yes`` (no sign-in, no role) and ``field
pull`` with the session tokens in the keyring, and had the office's roster back; the centre
registered the new key for the workstation it had just revoked. Now the revocation ends the
workstation's sign-ins and holds its new keys until IT allows one at the centre, and ``field
new-key`` is made only by a signed-in administrator; IT's recovery works end to end.

The shipped command lines, each in a process of its own, against a centre on SQLite."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from tests.support.central import start_central
from tests.support.cli import run_cli

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def centre(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rekey-centre")
    central = start_central(f"sqlite:///{folder / 'central.sqlite3'}", folder)
    yield central
    central.stop()


def _laptop(tmp_path, url: str) -> tuple:
    home = tmp_path / "home"
    ws = f"FL-{uuid.uuid4().hex[:8]}"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(
        f'[central]\nurl = "{url}"\n[office]\nworkstation_id = "{ws}"\nmode = "field"\n', encoding="utf-8")
    return home, ws


def _login(home, user: str) -> None:
    r = run_cli(home, "login", user, "--password-stdin", "--json", stdin=f"{user}-demo\n")
    assert r.returncode == 0, r.stdout + r.stderr


def _centre(centre, *args: str):
    return run_cli(None, "field", *args, "--db", centre.db_url, module="counter_central", centre=centre)


def _laptop_audit(home, ws: str) -> list[tuple[str, str, str]]:
    from counter_app.storage import audit
    from counter_app.storage.db import Store
    from tests.support.store_files import keyring_at

    with keyring_at(home / "xdg"):
        store = Store.open(home / "data" / "counter.sqlite3")
        try:
            with store.session() as s:
                return [(r.actor, r.action, r.detail) for r in s.scalars(
                    select(audit.AuditRow).where(audit.AuditRow.workstation_id == ws).order_by(audit.AuditRow.seq))]
        finally:
            store.close()


def _centre_audit(centre, action: str) -> list[tuple[str, str, str]]:
    from counter_central.audit import CentralAuditRecord

    engine = create_engine(centre.db_url)
    try:
        with Session(engine) as s:
            return [(r.actor, r.object_id, r.detail) for r in s.scalars(
                select(CentralAuditRecord).where(CentralAuditRecord.action == action))]
    finally:
        engine.dispose()


def test_a_revoked_laptop_cannot_re_key_itself_and_it_recovers_it(tmp_path, centre):
    home, ws = _laptop(tmp_path, centre.url)
    _login(home, "field02")
    _login(home, "field01")
    r = run_cli(home, "field", "pull")
    assert r.returncode == 0, r.stderr
    [key] = json.loads(_centre(centre, "keys", ws, "--json").stdout)
    # the laptop is stolen; the centre revokes its key (docs/field.md §1)
    r = _centre(centre, "revoke-key", ws, key["key_id"], "--by", "admin01")
    assert r.returncode == 0, r.stderr
    assert "登录已全部注销" in r.stdout
    [(_, _, detail)] = [a for a in _centre_audit(centre, "field.revoke_key") if a[1].startswith(ws)]
    assert "其上的登录全部注销" in detail                    # field02's and field01's sign-ins on it
    held = _centre(centre, "keys", ws)
    assert "新的签名密钥须经准许后才能登记" in held.stdout

    # the tester's reproduction: whoever holds the laptop pulls with the stored tokens, makes a new
    # key and pulls again — no roster
    r = run_cli(home, "field", "pull")
    assert r.returncode != 0 and "已拉取" not in r.stdout
    r = run_cli(home, "field", "new-key", "--yes")
    assert r.returncode == 1, r.stdout + r.stderr
    assert "不能更换外勤笔记本的签名密钥：只有系统管理岗位的账号可以" in r.stderr
    r = run_cli(home, "field", "pull")
    assert r.returncode != 0 and "已拉取" not in r.stdout
    run_cli(home, "logout")
    r = run_cli(home, "field", "new-key", "--yes", "--json")
    assert r.returncode == 3 and "（未登录）" in json.loads(r.stdout)["error"]
    refused = [(a[0], a[2]) for a in _laptop_audit(home, ws) if a[1] == "business.refused"]
    assert len(refused) == 2 and refused[0][0] == "field01" and refused[1][0].startswith("命令行:")
    assert all("更换外勤笔记本的签名密钥" in detail for _, detail in refused)
    # a thief who re-keys the store by other means (the keyring holds its key) gets nothing either:
    # the stored tokens were revoked, and a new key is held even with a password
    from counter_app.storage.db import Store
    from counter_app.sync import field_key
    from tests.support.store_files import keyring_at

    with keyring_at(home / "xdg"):
        store = Store.open(home / "data" / "counter.sqlite3")
        try:
            field_key.new_key(store, ws, "thief")
        finally:
            store.close()
    _login(home, "field01")
    r = run_cli(home, "field", "pull")
    assert r.returncode != 0
    assert "新的签名密钥须经信息技术人员在中心准许后才能登记" in r.stderr, r.stderr
    assert json.loads(run_cli(home, "field", "roster", "--unmasked", "--json").stdout) == []
    assert len(json.loads(_centre(centre, "keys", ws, "--json").stdout)) == 1        # nothing registered

    # IT: --by is checked, then allowed (audited with the system account that ran it)
    r = _centre(centre, "allow-new-key", ws, "--by", "field01", "--reason", "笔记本已找回")
    assert r.returncode == 1 and "只有系统管理岗位的账号可以" in r.stderr
    assert _centre_audit(centre, "field.allow_new_key") == []
    r = _centre(centre, "allow-new-key", ws, "--by", "admin01", "--reason", "笔记本已找回，经检查无异常")
    assert r.returncode == 0, r.stderr
    [(actor, obj, detail)] = _centre_audit(centre, "field.allow_new_key")
    assert actor == "admin01" and obj == ws and "笔记本已找回，经检查无异常" in detail and "系统用户" in detail
    # on the laptop IT signs in with the password and makes a new key; the field worker pulls
    _login(home, "admin01")
    r = run_cli(home, "field", "new-key", "--yes", "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    made = json.loads(r.stdout)
    _login(home, "field01")
    r = run_cli(home, "field", "pull")
    assert r.returncode == 0, r.stderr
    assert "已拉取 FT 分局" in r.stdout
    keys = {k["key_id"]: k for k in json.loads(_centre(centre, "keys", ws, "--json").stdout)}
    assert keys[made["key_id"]]["revoked_at"] is None and keys[key["key_id"]]["revoked_at"] is not None
    assert "须经准许" not in _centre(centre, "keys", ws).stdout
    assert ("admin01", "field.new_key") in {(a[0], a[1]) for a in _laptop_audit(home, ws)}
