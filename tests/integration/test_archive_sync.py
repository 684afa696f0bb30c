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

from counter_app.storage.sealed_files import read_part
from counter_app.sync.client import CentralClient, RequestRejected, StaticToken, TransientError
from counter_app.sync.worker import SyncWorker
from counter_central.archive import ArchiveChunkRow, ArchivePackageRow, ArchivePartRow, verify_case
from counter_central.entry_key import SEAL_OVERHEAD
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


def _held_part(s: Session, name: str) -> bytes:
    """A part's bytes as the centre holds them, opened (sealed at rest under the entry key)."""
    from counter_central import entry_key
    from counter_central.archive import _opened

    part = s.scalars(select(ArchivePartRow).where(ArchivePartRow.name == name)).one()
    assert part.data_key is not None
    return _opened(entry_key.entry_keys(), part.package_id, part.name, None, part.data, part.data_key)


def _in_clear(engine, folder, case_no: str) -> list[str]:
    """The parts of the case's package whose clear bytes (64 from the middle of each; the 受理告知书
    PDF carries the applicant's name and ID number) lie in any archive row of the centre."""
    with Session(engine) as s:
        pkg_id, code = s.execute(select(ArchivePackageRow.id, ArchivePackageRow.archive_code)
                                 .where(ArchivePackageRow.case_no == case_no)).one()
        names = list(s.scalars(select(ArchivePartRow.name).where(ArchivePartRow.package_id == pkg_id)))
        stored = [bytes(d) for t in ("archive_parts", "archive_chunks")
                  for (d,) in s.execute(text(f"SELECT data FROM {t} WHERE data IS NOT NULL"))]
    found = []
    for name in names:
        clear = read_part(folder, code, 1, name)[0]
        window = clear[len(clear) // 2 - 32: len(clear) // 2 + 32]
        if len(window) == 64 and any(window in d for d in stored):
            found.append(name)
    return found


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
    # the bytes at the centre are the workstation's bytes, sealed at rest under the entry key (was:
    # kept in clear — the applicant's name, ID number and photographed papers)
    from counter_central import entry_key
    from counter_central.archive import _opened

    folder = next((tmp_path / "archive").glob("*/v1"))
    keys = entry_key.entry_keys()
    with _centre(central_sqlite_client) as s:
        for part in s.scalars(select(ArchivePartRow).where(ArchivePartRow.package_id == pkg.id)):
            clear = read_part(folder, pkg.archive_code, 1, part.name)[0]
            assert part.data_key == keys.newest and len(part.data) == len(clear) + entry_key.SEAL_OVERHEAD, part.name
            assert clear[:64] not in part.data and _opened(keys, pkg.id, part.name, None, part.data, part.data_key) == clear
            with pytest.raises(entry_key.SealBroken):        # bound to its own row: not readable as another part
                _opened(keys, pkg.id, "history.json" if part.name != "history.json" else "audit.json", None, part.data,
                        part.data_key)
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
    from counter_app.sync.status import sync_status

    assert sync_status(store)["archive_waiting"] == 1
    with _centre(central_sqlite_client) as s:
        assert not verify_case(s, case_no)["ok"]              # partial: the centre says so
        chunks = s.execute(select(ArchiveChunkRow.data, ArchiveChunkRow.data_key)).all()
        assert chunks and all(version is not None for _, version in chunks)        # the chunks sealed too
        held = sum(len(c) - SEAL_OVERHEAD for c, _ in chunks) + sum(
            p.size for p in s.scalars(select(ArchivePartRow).where(ArchivePartRow.completed_at.is_not(None))))
    assert held == first.archive_bytes_sent
    client.send_archive_chunk = real
    second = _worker(store, client, chunk=4096).run_once(pull=False)
    assert second.archive_uploaded == 1 and second.archive_error is None
    with _centre(central_sqlite_client) as s:
        result = verify_case(s, case_no)
        stored = sum(p.size for p in s.scalars(select(ArchivePartRow)))
    assert result["ok"], result
    assert first.archive_bytes_sent + second.archive_bytes_sent == stored      # every byte once, none twice
    assert sync_status(store)["archive_waiting"] == 0
    client.close()


def _pushed_offer(store, tmp_path, central_sqlite_client):
    """An archived case whose outbox (the manifest) is at the centre; its offer and parts from disk."""
    from counter_app.sync.archive_upload import local_package, pending

    _svc, _cid, case_no = _archived_case(store, tmp_path / "archive")
    client = _client(central_sqlite_client)
    worker = _worker(store, client)
    worker._push_all(__import__("counter_app.sync.worker", fromlist=["SyncReport"]).SyncReport(), None)
    record = next(r for r in pending(store) if r["case_no"] == case_no)
    offer, parts = local_package(record)
    return client, case_no, offer, parts


def _centre_counts(central_sqlite_client) -> tuple[int, int, int]:
    with _centre(central_sqlite_client) as s:
        return tuple(s.scalar(text(f"SELECT count(*) FROM {t}")) for t in ("archive_packages", "archive_parts",
                                                                            "archive_chunks"))


def test_a_part_that_does_not_match_the_manifest_is_refused_and_nothing_of_it_is_kept(
        store, tmp_path, app_home, central_sqlite_client):
    client, case_no, offer, parts = _pushed_offer(store, tmp_path, central_sqlite_client)
    # an offer whose parts differ from the manifest: 422, no package stored
    forged = offer.model_copy(update={"parts": [p.model_copy(update={"sm3": "0" * 64}) if p.name == "audit.json" else p
                                                for p in offer.parts]})
    with pytest.raises(RequestRejected) as exc:
        client.offer_archive(forged)
    assert exc.value.status == 422 and exc.value.reason == "archive_parts_mismatch"
    # a manifest that is not the one pushed (its SM3 recomputed to match): 422, nothing stored
    manifest = json.loads(offer.manifest)
    manifest["archive_code"] = "FT-2026-D10-forged"
    text_ = json.dumps(manifest, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    with pytest.raises(RequestRejected) as exc:
        client.offer_archive(offer.model_copy(update={"manifest": text_, "digest": proto.sm3_hex(text_.encode())}))
    assert exc.value.status == 422 and exc.value.reason == "archive_manifest_mismatch"
    assert _centre_counts(central_sqlite_client) == (0, 0, 0)
    # the true offer is taken; then a part whose bytes differ from its SM3 in the manifest is refused
    state = client.offer_archive(offer)
    assert not state.complete and all(p.held == 0 for p in state.parts)
    name = "history.json"
    body = parts[name]
    half = len(body) // 2
    client.send_archive_chunk(proto.PartChunk(case_no=case_no, version=offer.version, name=name, offset=0,
                                              data=base64.b64encode(body[:half]).decode()))
    altered = body[half:].replace(b"archive", b"ARCHIVE")
    assert altered != body[half:]
    with pytest.raises(RequestRejected) as exc:
        client.send_archive_chunk(proto.PartChunk(case_no=case_no, version=offer.version, name=name, offset=half,
                                                  data=base64.b64encode(altered).decode()))
    assert exc.value.status == 422 and exc.value.reason == "archive_part_digest"
    with _centre(central_sqlite_client) as s:
        part = s.get(ArchivePartRow, (s.scalar(select(ArchivePackageRow.id)), name))
        assert part.data is None and part.completed_at is None
        assert s.scalar(text("SELECT count(*) FROM archive_chunks")) == 0        # the first half went too
    # a chunk past the size the offer gave is refused the same way
    with pytest.raises(RequestRejected) as exc:
        client.send_archive_chunk(proto.PartChunk(case_no=case_no, version=offer.version, name=name, offset=0,
                                                  data=base64.b64encode(body + b"x").decode()))
    assert exc.value.status == 422
    # a second manifest for a stored version is refused: write-once
    other = offer.model_copy(update={"digest": "f" * 64})
    with pytest.raises(RequestRejected) as exc:
        client.offer_archive(other)
    assert exc.value.status in (409, 422)
    # the sync agent then sends the true bytes, and the centre's copy verifies
    report = _worker(store, client).run_once(pull=False)
    assert report.archive_uploaded == 1
    with _centre(central_sqlite_client) as s:
        assert verify_case(s, case_no)["ok"]
    client.close()


def test_only_the_workstation_that_pushed_the_manifest_offers_or_sends_the_package(
        store, tmp_path, app_home, central_sqlite_client):
    client, case_no, offer, parts = _pushed_offer(store, tmp_path, central_sqlite_client)
    other_ws = _client(central_sqlite_client, "clerk01", "FT-W02")              # same office, other counter
    other_office = _client(central_sqlite_client, "supervisor11", "LH-W01")      # another office
    for intruder in (other_ws, other_office):                                    # no manifest of theirs
        with pytest.raises(RequestRejected) as exc:
            intruder.offer_archive(offer)
        assert exc.value.status == 409 and exc.value.reason == "archive_manifest_not_synced"
    assert _centre_counts(central_sqlite_client) == (0, 0, 0)
    client.offer_archive(offer)
    for intruder in (other_ws, other_office):
        with pytest.raises(RequestRejected) as exc:
            intruder.offer_archive(offer)
        assert exc.value.status == 403
        with pytest.raises(RequestRejected) as exc:
            intruder.send_archive_chunk(proto.PartChunk(case_no=case_no, version=offer.version, name="history.json",
                                                        offset=0, data=base64.b64encode(parts["history.json"]).decode()))
        assert exc.value.status == 403
    auditor = _client(central_sqlite_client, "auditor01", WS)                   # reads, never writes
    with pytest.raises(RequestRejected) as exc:
        auditor.offer_archive(offer)
    assert exc.value.status == 403 and exc.value.reason == "read_only_role"
    with _centre(central_sqlite_client) as s:
        assert s.scalar(text("SELECT count(*) FROM archive_chunks")) == 0
        assert s.scalar(text("SELECT count(*) FROM archive_parts WHERE completed_at IS NOT NULL")) == 0
    for c in (client, other_ws, other_office, auditor):
        c.close()


def test_an_offer_before_the_manifest_is_pushed_waits_for_the_next_round(store, tmp_path, app_home,
                                                                        central_sqlite_client):
    from counter_app.sync.archive_upload import local_package
    from counter_app.storage.tables_core import OutboxEntry

    _svc, _cid, case_no = _archived_case(store, tmp_path / "archive")
    with store.session() as s:
        record = json.loads(s.scalar(select(OutboxEntry.payload).where(OutboxEntry.kind == "archive.package")))
    offer, _parts = local_package(record)
    client = _client(central_sqlite_client)
    with pytest.raises(RequestRejected) as exc:
        client.offer_archive(offer)
    assert exc.value.status == 409 and "尚未同步" in exc.value.detail
    assert _centre_counts(central_sqlite_client) == (0, 0, 0)
    client.close()


def test_a_package_changed_on_the_workstation_is_not_sent(store, tmp_path, app_home, central_sqlite_client):
    import os

    _svc, _cid, case_no = _archived_case(store, tmp_path / "archive")
    folder = next((tmp_path / "archive").glob("*/v1"))
    target = folder / "history.json.sm4"              # sealed at rest: one bit of its ciphertext
    os.chmod(folder, 0o755)
    os.chmod(target, 0o644)
    blob = bytearray(target.read_bytes())
    blob[40] ^= 0x01
    target.write_bytes(bytes(blob))
    client = _client(central_sqlite_client)
    report = _worker(store, client).run_once(pull=False)
    assert report.archive_uploaded == 0 and report.archive_bytes_sent == 0
    assert report.archive_problems and "history.json" in report.archive_problems[0]
    from counter_app.cli.sync import report_lines

    assert any("档案包未上传" in line for line in report_lines(report))
    with _centre(central_sqlite_client) as s:
        assert s.scalar(text("SELECT count(*) FROM archive_packages")) == 0
    client.close()


def test_the_centre_verify_sees_a_part_changed_in_its_database(store, tmp_path, app_home, central_sqlite_client,
                                                              capsys):
    _svc, _cid, case_no = _archived_case(store, tmp_path / "archive")
    client = _client(central_sqlite_client)
    assert _worker(store, client).run_once(pull=False).archive_uploaded == 1
    with _centre(central_sqlite_client) as s:
        s.execute(text("UPDATE archive_parts SET data = :d WHERE name = 'audit.json'"), {"d": b"[]" * 20})
        s.commit()
        result = verify_case(s, case_no)
    assert not result["ok"] and any("audit.json 无法解开" in p for p in result["versions"][0]["problems"])
    from counter_central.cli import main as central

    assert central(["archive", "verify", case_no, "--db", str(central_sqlite_client.app.state.engine.url)]) == 1
    assert "audit.json 无法解开" in capsys.readouterr().out
    # a part a centre from before kept in clear (data_key NULL) is read as it is, and checked by its SM3
    with _centre(central_sqlite_client) as s:
        s.execute(text("UPDATE archive_parts SET data = :d, data_key = NULL WHERE name = 'audit.json'"), {"d": b"[]"})
        s.commit()
    assert central(["archive", "verify", case_no, "--db", str(central_sqlite_client.app.state.engine.url)]) == 1
    assert "audit.json 的 SM3 不符" in capsys.readouterr().out
    assert central(["archive", "verify", case_no, "--db", "nosuchdb://x"]) == 2
    assert "不支持的数据库类型：nosuchdb" in capsys.readouterr().err
    client.close()


def test_a_full_chunk_fits_the_centre_body_limit():
    from counter_central.limits import DEFAULT_MAX_BODY_BYTES

    chunk = proto.PartChunk(case_no="FT-W01-20260302-0001", version=1, name="documents/" + "长" * 60 + ".pdf",
                            offset=proto.MAX_PART_BYTES - proto.CHUNK_BYTES,
                            data=base64.b64encode(b"\xff" * proto.CHUNK_BYTES).decode())
    assert len(chunk.model_dump_json().encode()) < DEFAULT_MAX_BODY_BYTES


def test_the_archive_tables_migrate_as_the_models_declare(tmp_path):
    from tests.support.central import central_database_at, schema_drift

    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0003_workstation_tallies")
    upgrade("heads")
    drift = [d for t in ("archive_packages", "archive_parts", "archive_chunks") for d in schema_drift(engine, t)]
    engine.dispose()
    assert drift == []


def test_the_material_images_are_in_the_package_and_reach_the_centre(store, tmp_path, app_home, central_sqlite_client):
    from counter_app.devices.camera.processing import process_page
    from counter_app.domain.case_engine import CaseState
    from counter_app.printing.archive_package import verify_packages
    from counter_app.storage import crypto
    from counter_app.workflows import materials as M
    from counter_app.workflows.cases import CaseWorkflow
    from tests.support import synthetic_page as sp
    from tests.support.cases import MALE_1960, NOW

    crypto.forget_cached_keys()
    photo, _ = sp.photo(sp.turned((1296, 972), (1150, 1626), 6))
    page = process_page(photo, max_bytes=300 * 1024)
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id=WS,
                      now=lambda: NOW, archive_root=tmp_path / "archive")
    view = workflow.create("reg_enroll", "individual", applicant={"name": "张三", "id_number": MALE_1960})
    cid = view.case.id
    workflow.submit(cid)
    plan = view.service.plan("individual", ())
    codes = [m.code for m in plan.materials]
    for code in codes:
        M.attach_material_page(store, workflow, cid, code, page, clerk="clerk01")
    for c in plan.conditions:
        if not c.check:
            workflow.answer_condition(cid, c.code, True)
    workflow.decide(cid, expected="accepted")
    while (v := workflow.get(cid)).next_step:
        workflow.record_step(cid, v.next_step, "done")
    assert workflow.complete(cid).case.state is CaseState.completed
    workflow.archive(cid)
    case_no = workflow.get(cid).case.case_no
    folder = next((tmp_path / "archive").glob("*/v1"))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for code in codes:                                     # as photographed, byte for byte (sealed at rest)
        assert read_part(folder, manifest["archive_code"], 1, f"materials/{code}-01.jpg")[0] == page.data
    assert {f"materials/{c}-01.jpg" for c in codes} <= set(manifest["parts"])
    assert verify_packages(store, case_no)["ok"]
    assert workflow.write_archive_package(cid).reused            # the same pages: no new version
    client = _client(central_sqlite_client)
    report = _worker(store, client, chunk=64 * 1024).run_once(pull=False)   # an image takes several chunks
    assert report.archive_uploaded == 1 and report.archive_bytes_sent >= len(codes) * len(page.data)
    with _centre(central_sqlite_client) as s:
        assert verify_case(s, case_no)["ok"]
        held = _held_part(s, f"materials/{codes[0]}-01.jpg")
    assert held == page.data
    client.close()


@pytest.mark.integration
def test_on_postgresql_a_lost_answer_after_the_centre_stored_a_chunk_loses_and_doubles_nothing(
        sync_rig, fault_proxy, central_db, tmp_path, app_home):
    """The real service on PostgreSQL (bytea), over HTTP through a proxy that swallows the centre's
    answer to the 3rd chunk — the centre committed it, the counter never heard (as when the counter is
    killed there). The next round re-offers, resends nothing the centre holds, and completes."""
    from counter_app.workflows.cases import CaseWorkflow
    from tests.support.cases import NOW, archived_case

    store, client, worker = sync_rig
    ws = client.workstation_id
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id=ws,
                      now=lambda: NOW, archive_root=tmp_path / "archive")
    cid, case_no = archived_case(workflow)
    worker.archive_chunk_bytes = 8192
    fault_proxy.drop_responses(1, path="/archive/parts", after=2)
    first = worker.run_once(pull=False)
    assert first.archive_error and first.archive_uploaded == 0
    second = worker.run_once(pull=False)
    assert second.archive_uploaded == 1 and second.archive_error is None, second
    with Session(central_db) as s:
        result = verify_case(s, case_no)
        pkg_id = s.scalar(select(ArchivePackageRow.id).where(ArchivePackageRow.case_no == case_no))
        stored = sum(p.size for p in s.scalars(select(ArchivePartRow).where(ArchivePartRow.package_id == pkg_id)))
        chunks_left = s.scalar(text("SELECT count(*) FROM archive_chunks WHERE package_id = :p"), {"p": pkg_id})
    assert result["ok"], result
    assert chunks_left == 0
    # the rounds count the bytes the centre confirmed: all but the swallowed chunk, which reached the
    # centre unconfirmed and was not sent again (a resend would bring the sum up to the total or beyond)
    assert 0 < stored - (first.archive_bytes_sent + second.archive_bytes_sent) <= 8192


def test_a_chunk_sent_twice_is_taken_once(store, tmp_path, app_home, central_sqlite_client):
    client, case_no, offer, parts = _pushed_offer(store, tmp_path, central_sqlite_client)
    client.offer_archive(offer)
    name = "history.json"
    body = parts[name]
    chunk = proto.PartChunk(case_no=case_no, version=offer.version, name=name, offset=0,
                            data=base64.b64encode(body[:100]).decode())
    first = client.send_archive_chunk(chunk)
    again = client.send_archive_chunk(chunk)                       # the answer was lost: sent again
    assert first.held == again.held == 100 and not again.complete
    with pytest.raises(RequestRejected) as exc:                    # a gap is never accepted
        client.send_archive_chunk(chunk.model_copy(update={"offset": 200}))
    assert exc.value.status == 409 and exc.value.reason == "archive_offset"
    done = client.send_archive_chunk(chunk.model_copy(update={"offset": 100,
                                                              "data": base64.b64encode(body[100:]).decode()}))
    assert done.complete and done.held == len(body)
    assert client.send_archive_chunk(chunk).complete                # held in full: nothing written again
    with _centre(central_sqlite_client) as s:
        assert _held_part(s, name) == body
    client.close()


def test_no_column_of_the_centre_holds_the_archive_package_in_clear_and_a_retired_key_reseals_it(
        store, tmp_path, app_home, central_sqlite_client, capsys):
    """Review: the parts (history.json with the applicant's name and ID number, the photographed
    pages) were kept in clear in archive_parts.data / archive_chunks.data while every received
    payload was sealed. Now sealed as they arrive, under the entry key: retiring its version seals
    them again under the newest, and the centre's verify still opens them."""
    from counter_central import cli
    from tests.support.privacy import centre_columns_holding

    name, id_number = "欧阳晓明", "440303199503031748"
    _svc, _cid, case_no = _archived_case(store, tmp_path / "archive", {"name": name, "id_number": id_number})
    client = _client(central_sqlite_client)
    assert _worker(store, client, chunk=4096).run_once(pull=False).archive_uploaded == 1
    engine = central_sqlite_client.app.state.engine
    folder = next((tmp_path / "archive").glob("*/v1"))
    assert _in_clear(engine, folder, case_no) == []
    assert centre_columns_holding(engine, (name, id_number)) == []
    url = str(engine.url)
    assert cli.main(["entry-key", "rotate", "--db", url]) == 0
    capsys.readouterr()
    assert cli.main(["entry-key", "retire", "1", "--db", url, "--json"]) == 0, capsys.readouterr().err
    with engine.connect() as conn:
        assert set(conn.execute(text("SELECT data_key FROM archive_parts WHERE data IS NOT NULL AND length(data) > 0"))
                   .scalars()) == {2}
    with _centre(central_sqlite_client) as s:
        assert verify_case(s, case_no)["ok"]
    assert _in_clear(engine, folder, case_no) == [] and centre_columns_holding(engine, (name, id_number)) == []
    client.close()


def test_the_parts_a_centre_kept_in_clear_before_are_sealed_at_its_next_start(
        store, tmp_path, app_home, central_sqlite_client):
    """A centre from before c0037 kept the parts in clear (data_key NULL): its next start seals them
    (entry_key.check_ready), and they verify as before."""
    from counter_central import entry_key
    from tests.support.privacy import centre_columns_holding

    name, id_number = "欧阳晓明", "440303199503031748"
    _svc, _cid, case_no = _archived_case(store, tmp_path / "archive", {"name": name, "id_number": id_number})
    client = _client(central_sqlite_client)
    assert _worker(store, client).run_once(pull=False).archive_uploaded == 1
    engine = central_sqlite_client.app.state.engine
    folder = next((tmp_path / "archive").glob("*/v1"))
    with _centre(central_sqlite_client) as s:                 # as a centre before c0037 held them
        pkg_id, code = s.execute(select(ArchivePackageRow.id, ArchivePackageRow.archive_code)
                                 .where(ArchivePackageRow.case_no == case_no)).one()
        for part in s.scalars(select(ArchivePartRow).where(ArchivePartRow.package_id == pkg_id)):
            part.data, part.data_key = read_part(folder, code, 1, part.name)[0], None
        s.commit()
    held = _in_clear(engine, folder, case_no)
    assert any(n.startswith("documents/") for n in held), held      # the 受理告知书 PDF among them
    entry_key.check_ready(engine)                             # the next start
    assert _in_clear(engine, folder, case_no) == [] and centre_columns_holding(engine, (name, id_number)) == []
    with _centre(central_sqlite_client) as s:
        keys = {p.data_key for p in s.scalars(select(ArchivePartRow).where(ArchivePartRow.package_id == pkg_id))
                if p.size}
        assert keys == {entry_key.entry_keys().newest} and verify_case(s, case_no)["ok"]
        assert _held_part(s, "history.json") == read_part(folder, code, 1, "history.json")[0]
    client.close()
