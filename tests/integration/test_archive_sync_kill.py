"""#16 / 7.2: kill -9 in the middle of the archive upload loses and doubles nothing.

A real ``counter-app sync run`` process is killed with SIGKILL after the centre (PostgreSQL) has stored
some of a package's parts; the next ``counter-app sync run`` sends only the rest, and
``counter-central archive verify`` finds the centre's copy complete."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_central.archive import ArchivePackageRow, ArchivePartRow, verify_case
from tests.support.cli import REPO, cli_env, run_cli
from tests.support.store_files import keyring_at

pytestmark = pytest.mark.integration

# the sync run, paused (not ended) once the centre has answered 3 chunks: the parent kills it there
PAUSING_SYNC = """
import sys, time
from counter_app.sync import client as c
real = c.CentralClient.send_archive_chunk
sent = {"n": 0}
def pausing(self, chunk):
    got = real(self, chunk)
    sent["n"] += 1
    if sent["n"] == 3:
        open(sys.argv[1], "w").write("3")
        time.sleep(120)
    return got
c.CentralClient.send_archive_chunk = pausing
from counter_app.cli.main import main
sys.exit(main(["sync", "run", "--json"]))
"""


def test_kill_9_in_the_middle_of_the_upload(tmp_path, central_server, central_db):
    from counter_app.storage.db import Store
    from counter_app.workflows.cases import CaseWorkflow
    from tests.support.cases import NOW, archived_case

    ws = f"KILL-{os.getpid() % 100000}"
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "config.toml").write_text(
        f'[central]\nurl = "{central_server.url}"\n[office]\nworkstation_id = "{ws}"\n', encoding="utf-8")
    r = run_cli(home, "login", "clerk01", "--password-stdin", "--json", stdin="clerk01-demo\n")
    assert r.returncode == 0, r.stderr
    with keyring_at(home / "xdg"):
        store = Store.open(home / "data" / "counter.sqlite3")
        workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id=ws,
                          now=lambda: NOW, archive_root=tmp_path / "archive")
        cid, case_no = archived_case(workflow)
        store.close()
    # the parts lie sealed (SM4-GCM: 2-byte magic, 12-byte nonce, 16-byte tag); their plaintext is sent
    total = sum(p.stat().st_size - 30 for p in (tmp_path / "archive").rglob("*.sm4") if p.is_file())
    flag = tmp_path / "paused"
    proc = subprocess.Popen([sys.executable, "-c", PAUSING_SYNC, str(flag)], env=cli_env(home), cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 90
        while not flag.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert flag.exists(), proc.communicate(timeout=5) if proc.poll() is not None else "no pause"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    with Session(central_db) as s:
        pkg = s.scalar(select(ArchivePackageRow).where(ArchivePackageRow.case_no == case_no))
        held = list(s.scalars(select(ArchivePartRow).where(ArchivePartRow.package_id == pkg.id)))
        assert pkg.completed_at is None and not verify_case(s, case_no)["ok"]
        done_before = sum(p.size for p in held if p.completed_at is not None)
    assert sum(1 for p in held if p.completed_at is not None) == 3
    status = json.loads(run_cli(home, "sync", "status", "--json").stdout)
    assert status["archive_waiting"] == 1
    r = run_cli(home, "sync", "run", "--json")
    assert r.returncode == 0, r.stdout + r.stderr
    report = json.loads(r.stdout)
    assert report["archive_uploaded"] == 1
    assert report["archive_bytes_sent"] == total - done_before          # only the rest: nothing twice
    r = run_cli(home, "archive", "verify", case_no, "--db", central_server.db_url, "--json", module="counter_central")
    assert r.returncode == 0, r.stdout + r.stderr
    result = json.loads(r.stdout)
    assert result["ok"] and result["versions"][0]["bytes"] == total
    assert json.loads(run_cli(home, "sync", "status", "--json").stdout)["archive_waiting"] == 0
