"""The sync CLI end to end: login, queue, sync status/run, export, central import."""

from __future__ import annotations

import json
import os

import pytest

from tests.support.cli import run_cli
from tests.support.store_files import keyring_at

pytestmark = pytest.mark.integration


def test_cli_login_queue_sync_export_import(tmp_path, central_server, postgres_instance):
    from counter_app.storage.db import Store
    from counter_app.storage.uow import UnitOfWork

    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    # the centre's export key: made once, its public half configured on the workstation (#16 privacy)
    r = run_cli(home, "export-key", "show", "--json", module="counter_central")
    assert r.returncode == 0, r.stderr
    shown = json.loads(r.stdout)
    assert shown["created"] and oct(os.stat(shown["key_file"]).st_mode & 0o777) == "0o600"
    (home / "config" / "config.toml").write_text(
        f'[central]\nurl = "{central_server.url}"\nexport_public_key = "{shown["public_key"]}"\n'
        f'[office]\nworkstation_id = "CLI-{os.getpid()}"\n', encoding="utf-8")
    r = run_cli(home, "sync", "run", "--json")
    assert r.returncode == 2 and "login" in json.loads(r.stdout)["error"]
    r = run_cli(home, "login", "clerk01", "--password-stdin", "--json", stdin="clerk01-demo\n")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["mode"] == "online"
    with keyring_at(home / "xdg"):   # the store is encrypted with the key the CLI put in its keyring
        store = Store.open(home / "data" / "counter.sqlite3")
        ids = []
        for i in range(5):
            with UnitOfWork(store, actor="clerk01") as uow:
                ids.append(uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id=f"cli{i}",
                                          payload={"i": i}).id)
                uow.commit()
        store.close()
    status = json.loads(run_cli(home, "sync", "status", "--json").stdout)
    assert status["online"] is True and status["pending"] == 5 and status["rejected"] == 0 and status["conflict"] == 0
    export = tmp_path / "queue.jsonl"
    r = run_cli(home, "queue", "export", str(export), "--json")
    assert json.loads(r.stdout)["count"] == 5
    listed = [json.loads(x) for x in run_cli(home, "queue", "list", "--json").stdout.splitlines()]
    assert {x["id"] for x in listed} == set(ids) and {x["state"] for x in listed} == {"pending"}
    # the centre imports the file (another database: the site with no network)
    other_db = postgres_instance.create_database()
    r = run_cli(home, "import", str(export), "--db", other_db, "--json", module="counter_central")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["accepted"] == 5
    r = run_cli(home, "import", str(export), "--db", other_db, "--json", module="counter_central")
    assert json.loads(r.stdout)["duplicate"] == 5  # importing twice never duplicates
    # the file is sealed to the centre: an altered one is refused, in Chinese
    head, body = export.read_bytes().split(b"\n", 1)
    assert json.loads(head)["type"] == "sealed" and b'"i":3' not in body
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(head + b"\n" + (b"B" if body[:1] != b"B" else b"C") + body[1:])
    r = run_cli(home, "import", str(bad), "--db", other_db, module="counter_central")
    assert r.returncode == 1 and "解密校验失败" in r.stderr
    r = run_cli(home, "sync", "run", "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    assert json.loads(r.stdout)["synced"] == 5
    status = json.loads(run_cli(home, "sync", "status", "--json").stdout)
    assert status["pending"] == 0 and status["synced"] == 5 and status["last_sync"]
    r = run_cli(home, "queue", "retry", ids[0])
    assert r.returncode == 1 and "已同步" in r.stderr and r.stdout == ""     # a refusal, on stderr as every other
    r = run_cli(home, "logout", "--json")
    assert r.returncode == 0
