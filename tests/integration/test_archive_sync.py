"""#16 / 7.2: the case archive package syncs to the centre — the parts, not only the manifest.

Chunked under the 2 MB body limit, resumable and idempotent (a part the centre holds is never sent
again; a round cut off in the middle resumes where the centre stands), checked part by part against
the manifest the workstation pushed (422, nothing stored, on a mismatch), scoped to the workstation,
and checked at the centre by ``counter-central archive verify CASE_NUMBER``."""

from __future__ import annotations

import base64
import json

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter_app.sync.client import CentralClient, RequestRejected, StaticToken, TransientError
from counter_app.sync.worker import SyncWorker
from counter_central.archive import ArchiveChunkRow, ArchivePackageRow, ArchivePartRow, verify_case
from counter_protocol import archive as proto
from tests.support.central import DEMO_PASSWORDS
from tests.unit.printing.test_archive_package import _archived_case

WS = "FT-W01"


def _client(central_sqlite_client, user="clerk01", ws=WS) -> CentralClient:
    client = CentralClient("http://testserver", transport=central_sqlite_client._transport)
    pair = client.login(user, DEMO_PASSWORDS[user], ws)
    client.tokens = StaticToken(pair.access_token)
    return client


def _centre(central_sqlite_client) -> Session:
    return Session(central_sqlite_client.app.state.engine)


def _worker(store, client, chunk=None) -> SyncWorker:
    return SyncWorker(store, client, workstation_id=WS, archive_chunk_bytes=chunk)


def test_the_package_syncs_to_the_centre_and_verifies_there(store, tmp_path, app_home, central_sqlite_client, capsys):
    _svc, _cid, case_no = _archived_case(store, tmp_path / "archive")
    client = _client(central_sqlite_client)
    report = _worker(store, client).run_once(pull=False)
    assert report.error is None and report.archive_problems == [], report
    assert report.archive_uploaded == 1 and report.archive_bytes_sent > 0
    with _centre(central_sqlite_client) as s:
        result = verify_case(s, case_no)
        pkg = s.scalar(select(ArchivePackageRow).where(ArchivePackageRow.case_no == case_no))
        names = set(s.scalars(select(ArchivePartRow.name).where(ArchivePartRow.package_id == pkg.id)))
        assert s.scalar(select(ArchiveChunkRow).limit(1)) is None          # no staging left behind
    assert result["ok"], result
    assert (pkg.workstation_id, pkg.office_code, pkg.completed_at is not None) == (WS, "FT", True)
    assert {"history.json", "audit.json", "metadata.json"} <= names and any(n.startswith("documents/") for n in names)
    # the bytes at the centre are the workstation's bytes
    folder = next((tmp_path / "archive").glob("*/v1"))
    with _centre(central_sqlite_client) as s:
        for part in s.scalars(select(ArchivePartRow).where(ArchivePartRow.package_id == pkg.id)):
            assert part.data == (folder / part.name).read_bytes(), part.name
    # nothing changed: the next round sends nothing (idempotent, a held package is not offered again)
    again = _worker(store, client).run_once(pull=False)
    assert (again.archive_uploaded, again.archive_bytes_sent, again.archive_problems) == (0, 0, [])
    # counter-central archive verify CASE_NUMBER --db URL
    from counter_central.cli import main as central

    url = str(central_sqlite_client.app.state.engine.url)
    assert central(["archive", "verify", case_no, "--db", url, "--json"]) == 0
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert out["ok"] and out["versions"][0]["parts"] == len(names)
    assert central(["archive", "verify", case_no, "--db", url]) == 0
    assert "中心保存的档案包完整" in capsys.readouterr().out
    assert central(["archive", "verify", "FT-W01-20990101-0001", "--db", url]) == 1
    assert "中心没有办件" in capsys.readouterr().out
    client.close()


def test_a_cut_round_resumes_where_the_centre_stands_and_sends_nothing_twice(store, tmp_path, app_home,
                                                                             central_sqlite_client):
    _svc, _cid, case_no = _archived_case(store, tmp_path / "archive")
    client = _client(central_sqlite_client)
    real = client.send_archive_chunk
    calls = {"n": 0}

    def cut(chunk):          # the connection dies after 3 chunks of 4 KB (as a kill -9 would end the round)
        calls["n"] += 1
        if calls["n"] > 3:
            raise TransientError("连接中断")
        return real(chunk)

    client.send_archive_chunk = cut
    first = _worker(store, client, chunk=4096).run_once(pull=False)
    assert first.archive_error and first.archive_uploaded == 0 and first.archive_bytes_sent > 0
    with _centre(central_sqlite_client) as s:
        assert not verify_case(s, case_no)["ok"]              # partial: the centre says so
        held = sum(len(c) for c in s.scalars(select(ArchiveChunkRow.data))) + sum(
            len(p.data) for p in s.scalars(select(ArchivePartRow).where(ArchivePartRow.completed_at.is_not(None))))
    assert held == first.archive_bytes_sent
    client.send_archive_chunk = real
    second = _worker(store, client, chunk=4096).run_once(pull=False)
    assert second.archive_uploaded == 1 and second.archive_error is None
    with _centre(central_sqlite_client) as s:
        result = verify_case(s, case_no)
        stored = sum(p.size for p in s.scalars(select(ArchivePartRow)))
    assert result["ok"], result
    assert first.archive_bytes_sent + second.archive_bytes_sent == stored      # every byte once, none twice
    client.close()
