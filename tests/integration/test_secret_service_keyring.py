"""The workstation's secrets in a real Secret Service (gnome-keyring over a private D-Bus session
bus, as on a UOS / Kylin / Debian desktop), not the suite's plaintext test keyring: the doctor
accepts it, a sign-in's tokens and offline verifier key and the store's SQLCipher key live in it, no
file anywhere holds them in clear, and a locked keyring is said in Chinese without a traceback and
loses nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.support.cli import REPO, cli_env

pytestmark = pytest.mark.integration


def _cli(env, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "counter_app", *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=120)


def _secrets(secret_service) -> dict[tuple[str, str], str]:
    """Every item of the login keyring: (service, username) → secret."""
    conn, collection = secret_service.collection()
    try:
        out = {}
        for item in collection.get_all_items():
            attrs = item.get_attributes()
            out[(attrs.get("service", ""), attrs.get("username", ""))] = item.get_secret().decode()
        return out
    finally:
        conn.close()


def _files_holding(root, needles: list[str]) -> list[str]:
    found = []
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            try:
                data = open(path, "rb").read()
            except OSError:
                continue
            found += [f"{path}: {n[:8]}…" for n in needles if n.encode() in data]
    return found


def test_secrets_live_in_the_secret_service_and_a_locked_keyring_is_said(tmp_path, central_server, secret_service):
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(
        f'[central]\nurl = "{central_server.url}"\n[office]\nworkstation_id = "SS-{os.getpid()}"\n', encoding="utf-8")
    env = secret_service.process_env(cli_env(home))

    r = _cli(env, "doctor", "--json")
    keyring = {c["name"]: c for c in json.loads(r.stdout)["checks"]}["keyring"]
    assert keyring["status"] == "ok" and "SecretService" in keyring["message"], keyring

    r = _cli(env, "login", "clerk01", "--password-stdin", "--json", stdin="clerk01-demo\n")
    assert r.returncode == 0 and json.loads(r.stdout)["mode"] == "online", r.stderr
    r = _cli(env, "sync", "status", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["online"] is True, r.stderr

    secrets = _secrets(secret_service)
    service = f"counter-app:{central_server.url.rstrip('/')}"
    for key in ("clerk01:access", "clerk01:refresh", "offline-verifier-mac-key"):
        assert secrets.get((service, key)), (key, sorted(secrets))
    store_key = secrets[("counter-app:store-key", "sqlcipher")]
    assert len(bytes.fromhex(store_key)) == 32
    # nothing holds them in clear: not the workstation's home, not the keyring daemon's files
    needles = [store_key, secrets[(service, "clerk01:access")], secrets[(service, "clerk01:refresh")],
               secrets[(service, "offline-verifier-mac-key")]]
    assert _files_holding(tmp_path, needles) == []
    assert list(secret_service.keyring_dir.glob("*.keyring"))       # kept, encrypted, by gnome-keyring

    # the desktop locks the keyring (screen lock, a keyring timeout): said in Chinese, no traceback
    conn, collection = secret_service.collection()
    collection.lock()
    conn.close()
    r = _cli(env, "sync", "status", "--json")
    assert r.returncode != 0
    said = json.loads(r.stdout)["error"]
    assert "密钥环" in said and "解锁" in said, said
    assert "Traceback" not in r.stderr and "KeyringLocked" not in said

    # unlocked again, everything is still there: the store opens with its key, the sign-in holds
    secret_service.unlock()
    r = _cli(env, "sync", "status", "--json")
    assert r.returncode == 0 and json.loads(r.stdout)["online"] is True, r.stderr
    assert _secrets(secret_service)[("counter-app:store-key", "sqlcipher")] == store_key
