"""7.2 / #16 the case archive: at 归档 the package is written (documents, history, audit extract,
metadata) under 全宗号-年度-保管期限-件号 with the retention from the reference table; SM3 over every
part and the package; write-once (a change makes a new version); recorded for the centre;
``counter-app archive verify CASE_NUMBER``."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess

import pytest

from sqlalchemy import select

from counter_app.printing.archive_package import retention_for, verify_packages
from counter_app.storage.sealed_files import read_part
from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.uow import UnitOfWork
from counter_app.workflows.cases import CaseWorkflow
from tests.support.cases import MALE_1960, NOW, archived_case


def _archived_case(store, root, applicant=None):
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                      now=lambda: NOW, archive_root=root)
    cid, case_no = archived_case(workflow, applicant)
    return workflow, cid, case_no


def _part(folder, name: str) -> bytes:
    """A part's plaintext (parts lie sealed on disk: ``<name>.sm4``)."""
    manifest = json.loads((folder / "manifest.json").read_bytes())
    data, sealed = read_part(folder, manifest["archive_code"], manifest["version"], name)
    assert sealed, name
    return data


def test_retention_comes_from_the_reference_table():
    reg = retention_for("reg_enroll", 2026, "individual")
    assert (reg.retention, reg.code, reg.keep_until, reg.confirmed) == ("100年", "D100", "2127-01-01", True)
    unit = retention_for("reg_enroll", 2026, "unit")                   # 用人单位档案: permanent
    assert (unit.category, unit.retention, unit.code, unit.keep_until, unit.confirmed) == ("employer", "永久", "Y", None, True)
    other = retention_for("pension", 2026)
    assert other.retention == "永久" and other.code == "Y" and other.keep_until is None and not other.confirmed
    unknown = retention_for("no_such_service", 2026)                   # not in the table: kept, never destroyed early
    assert unknown.retention == "永久" and not unknown.confirmed


# security.md "Archive": registration 100 years, employers' files permanent, certification 50,
# audit and internal control 30, some vouchers 10 — counted from 1 January of the following year.
NOTES_FIGURES = {"registration": "100年", "employer": "永久", "certification": "50年", "audit": "30年", "voucher": "10年"}


def test_the_retention_table_matches_the_notes_and_covers_every_catalog_service():
    from counter_app.reference.catalog import load_catalog
    from counter_app.reference.retention import retention_table

    table = retention_table()
    assert table["version"] and table["source"] and "社会保险业务档案管理规定" in table["source"]
    for category, period in NOTES_FIGURES.items():
        entry = table["categories"][category]
        assert (entry["retention"], entry["confirmed"]) == (period, True), category
    # a category the notes do not give is never marked confirmed
    assert all(not c["confirmed"] for k, c in table["categories"].items() if k not in NOTES_FIGURES)
    codes = {s.code for s in load_catalog().services}
    assert codes and codes == set(table["services"])                   # every service, no stale entry
    for code in codes:
        entry = table["services"][code]
        assert entry["category"] in table["categories"] and entry["basis"], code
        r = retention_for(code, 2026)
        # confirmed only for what the notes state: the registration services and 资格认证 (50 years)
        assert r.confirmed == (code in {"reg_enroll", "reg_change", "reg_cancel", "certification"}), code
        if r.retention != "永久":
            assert r.keep_until == f"{2027 + int(r.retention[:-1])}-01-01"   # from 1 January of the next year
    assert retention_for("contribution", 2026, "unit").retention == "永久"
    assert retention_for("account_query", 2026).retention == "10年"
    assert retention_for("certification", 2026).retention == "50年"


def test_archiving_writes_a_verified_write_once_package(store, tmp_path, app_home, capsys):
    root = tmp_path / "archive"
    workflow, cid, case_no = _archived_case(store, root)
    result = verify_packages(store, case_no)
    assert result["ok"], result
    code = result["archive_code"]
    assert re.fullmatch(r"FT-\d{4}-D100-FT-W01\.[0-9A-Z]+\.00001", code)       # 全宗号-年度-保管期限-件号
    folder = next(root.glob("*/v1"))
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert {"history.json.sm4", "audit.json.sm4", "metadata.json.sm4", "manifest.json"} <= set(names)
    assert any(n.startswith("documents/") and n.endswith(".pdf.sm4") for n in names)
    assert [n for n in names if not n.endswith(".sm4")] == ["manifest.json"]        # every part sealed
    history = json.loads(_part(folder, "history.json"))
    assert [h["action"] for h in history][-1] == "archive"
    audit = json.loads(_part(folder, "audit.json"))
    assert any(a["action"] == "document.issued" for a in audit) and MALE_1960.encode() not in _part(folder, "audit.json")
    # every archived PDF is PDF/A-2b with every font embedded (the Helvetica reportlab declares too)
    from counter_app.printing.pdfa import pdfa_problems

    for sealed in folder.glob("documents/*.pdf.sm4"):
        data = _part(folder, f"documents/{sealed.name[:-4]}")
        assert pdfa_problems(data) == [], sealed.name
        if shutil.which("pdffonts"):
            pdf = tmp_path / sealed.name[:-4]
            pdf.write_bytes(data)
            listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
            rows = listing.splitlines()[2:]
            assert rows and all(" yes " in row for row in rows), listing
            assert "Helvetica" not in listing
    meta = json.loads(_part(folder, "metadata.json"))
    assert meta["retention"] == "100年" and meta["keep_until"].endswith("-01-01")
    for p in folder.rglob("*"):
        assert not stat.S_IMODE(os.stat(p).st_mode) & 0o222, f"{p} is writable"
    with store.session() as s:
        entry = s.scalar(select(OutboxEntry).where(OutboxEntry.kind == "archive.package"))
    assert json.loads(entry.payload)["archive_code"] == code           # goes to the centre with the sync
    # nothing changed: no second version
    assert workflow.write_archive_package(cid).reused
    # a change to the case (a new audit record about it) makes version 2; version 1 stays as it was
    with UnitOfWork(store, actor="clerk01", workstation_id="FT-W01") as uow:
        uow.audit("document.reprinted", object_type="case", object_id=case_no, detail="补打")
        uow.commit()
    v2 = workflow.write_archive_package(cid)
    assert v2.version == 2 and v2.archive_code == code and v2.manifest["previous"]
    assert verify_packages(store, case_no)["ok"]
    # tampering is detected, by part and by manifest
    pdf = next((root.glob("*/v1/documents/*.pdf.sm4")))
    os.chmod(pdf.parent, 0o755)
    os.chmod(pdf, 0o644)
    blob = bytearray(pdf.read_bytes())
    blob[len(blob) // 2] ^= 0x01                      # one bit of the ciphertext
    pdf.write_bytes(bytes(blob))
    bad = verify_packages(store, case_no)
    assert not bad["ok"] and any("无法解密" in p for p in bad["versions"][0]["problems"]) and bad["versions"][1]["ok"]


def test_cli_archive_verify(app_home, tmp_path, capsys):
    from counter_app.cli._common import open_store
    from counter_app.cli.main import main

    store = open_store()
    try:
        _svc, _cid, case_no = _archived_case(store, tmp_path / "archive")
    finally:
        store.close()
    assert main(["archive", "verify", case_no, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    manifest = next((tmp_path / "archive").glob("*/v1/manifest.json"))
    os.chmod(manifest.parent, 0o755)
    os.chmod(manifest, 0o644)
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"version":1', '"version":1 '), encoding="utf-8")
    assert main(["archive", "verify", case_no]) == 1
    assert "清单被改写" in capsys.readouterr().out
    assert main(["archive", "verify", "NO-SUCH-CASE"]) == 1



@pytest.mark.parametrize("rewritten", [b'{"version": 1}', b"not json at all", b"\xff\xfe", b"[" * 100_000,
                                       b'{"parts": [], "metadata_sm3": 3}', b'{"parts": {"a.pdf": 1}, "metadata_sm3": "x"}'])
def test_cli_archive_verify_reports_a_rewritten_or_missing_manifest(rewritten, app_home, tmp_path, capsys):
    """Exploratory test: a manifest.json rewritten as other JSON (no "parts") or as no JSON at all ended
    ``archive verify`` in 出现意外错误 (KeyError / JSONDecodeError) — the very tampering it is for; a
    missing one was listed without its archive code (「第 1 版 ：manifest.json 缺失」)."""
    from counter_app.cli._common import open_store
    from counter_app.cli.main import main

    store = open_store()
    try:
        _svc, _cid, case_no = _archived_case(store, tmp_path / "archive")
    finally:
        store.close()
    manifest = next((tmp_path / "archive").glob("*/v1/manifest.json"))
    os.chmod(manifest.parent, 0o755)
    os.chmod(manifest, 0o644)
    manifest.write_bytes(rewritten)
    assert main(["archive", "verify", case_no]) == 1
    out, err = capsys.readouterr()
    assert "清单被改写" in out and "不是本程序写的清单" in out and "意外" not in out + err, out + err
    assert main(["archive", "verify", case_no, "--json"]) == 1
    [version] = json.loads(capsys.readouterr().out)["versions"]
    assert version["ok"] is False and version["archive_code"] and len(version["problems"]) == 2

    manifest.unlink()
    assert main(["archive", "verify", case_no]) == 1
    out = capsys.readouterr().out
    assert f"第 1 版 {version['archive_code']}：manifest.json 缺失" in out, out


def test_the_issued_rendition_is_what_it_was_and_the_check_sees_the_difference():
    """Without archival the notice keeps reportlab's unembedded Helvetica (the issued PDFs, which
    ``notice verify`` re-renders, do not change); the PDF/A check names it."""
    from counter_app.domain.documents import DocumentKind
    from counter_app.printing.pdfa import pdfa_problems, to_pdfa2b
    from counter_app.printing.samples import sample_fields
    from counter_app.printing.templates import render_pdf

    fields = sample_fields(DocumentKind.rejection_decision)
    issued = render_pdf(DocumentKind.rejection_decision, fields, "X号", digest="a" * 64)
    assert "字体 Helvetica 未嵌入" in pdfa_problems(to_pdfa2b(issued))
    assert {"XMP 元数据未声明 PDF/A-2B", "缺少 PDF/A 输出意图（ICC）"} <= set(pdfa_problems(issued))
    archival = render_pdf(DocumentKind.rejection_decision, fields, "X号", digest="a" * 64, archival=True)
    assert pdfa_problems(to_pdfa2b(archival)) == []


def test_the_package_holds_nothing_personal_in_clear_and_a_moved_part_does_not_open(store, tmp_path, app_home):
    """#16 privacy: every part is sealed (SM4-GCM, "archive" purpose key); the SM3 digests stay over the
    plaintext; a part's ciphertext copied over another part is detected."""
    from counter_app.printing.integrity import sm3_hex
    from counter_app.printing.samples import fictional_id
    from tests.support.privacy import clear_hits

    id_number, name = fictional_id("44030119850607123"), "欧阳翠花"
    root = tmp_path / "archive"
    _svc, _cid, case_no = _archived_case(store, root, applicant={"name": name, "id_number": id_number})
    assert verify_packages(store, case_no)["ok"]
    folder = next(root.glob("*/v1"))
    manifest = json.loads((folder / "manifest.json").read_bytes())
    docs = [n for n in manifest["parts"] if n.startswith("documents/")]
    assert docs
    for part, want in manifest["parts"].items():
        assert sm3_hex(_part(folder, part)) == want                   # digests over the plaintext
    # the detector finds the person in a decrypted document (so the grep below can fail)
    control = tmp_path / "control.pdf"
    control.write_bytes(_part(folder, docs[0]))
    assert clear_hits([control], [id_number, name])
    assert clear_hits([root], [id_number, name]) == []
    # a sealed part copied over another one: it does not open there
    history, audit = folder / "history.json.sm4", folder / "audit.json.sm4"
    os.chmod(folder, 0o755)
    os.chmod(audit, 0o644)
    audit.write_bytes(history.read_bytes())
    bad = verify_packages(store, case_no)
    assert not bad["ok"] and bad["versions"][0]["problems"] == [
        "audit.json.sm4 无法解密：密文被改动、不属于此处，或本机密钥不符"]


def test_a_package_written_clear_by_an_earlier_release_still_verifies(store, tmp_path, app_home):
    root = tmp_path / "archive"
    _svc, _cid, case_no = _archived_case(store, root)
    folder = next(root.glob("*/v1"))
    for d in [folder, *[p for p in folder.rglob("*") if p.is_dir()]]:
        os.chmod(d, 0o755)
    for sealed in list(folder.rglob("*.sm4")):                         # as the earlier release wrote it
        rel = str(sealed.relative_to(folder))[:-4]
        (folder / rel).write_bytes(_part(folder, rel))
        sealed.unlink()
    result = verify_packages(store, case_no)
    assert result["ok"], result
    assert "history.json" in result["versions"][0]["clear_parts"]
    # at start they are sealed, once: nothing clear left, the package verifies as it did
    from counter_app.printing.archive_package import seal_clear_packages
    from counter_app.storage.tables_core import Meta

    with store.new_session() as s:          # this store was made by the new release: as if it had not been
        s.delete(s.get(Meta, "archive_parts_sealed")) if s.get(Meta, "archive_parts_sealed") else None
        s.commit()
    n = seal_clear_packages(store)
    assert n == len(result["versions"][0]["clear_parts"]) > 0
    assert [str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".sm4")] \
        == ["manifest.json"]
    after = verify_packages(store, case_no)
    assert after["ok"] and "clear_parts" not in after["versions"][0]
    assert not stat.S_IMODE(os.stat(folder).st_mode) & 0o222
    assert seal_clear_packages(store) == 0


def test_cli_archive_export_with_nobody_signed_in_writes_and_records_nothing(app_home, tmp_path, capsys):
    """A clear copy of a person's archive package is made by a signed-in user only: nobody signed in,
    refused in Chinese (exit 1, ``{"ok": false, "error": …}`` under ``--json``), no file, no audit record
    (was: exported, audited with an empty actor)."""
    from counter_app.cli._common import open_store
    from counter_app.cli.main import main
    from counter_app.storage.tables_audit import AuditRow

    from tests.conftest import sign_in

    store = open_store()
    try:
        _svc, _cid, case_no = _archived_case(store, tmp_path / "archive")
        with store.session() as s:
            before = s.query(AuditRow).count()
    finally:
        store.close()
    sign_in(None)
    out = tmp_path / "handover"
    assert main(["archive", "export", case_no, "--out", str(out)]) == 1
    assert "未登录" in capsys.readouterr().err
    assert main(["archive", "export", case_no, "--out", str(out), "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["ok"] is False and "未登录" in answer["error"] and "counter-app login" in answer["error"]
    assert not out.exists()
    store = open_store()
    try:
        with store.session() as s:
            assert s.query(AuditRow).count() == before
    finally:
        store.close()


def test_cli_archive_export_writes_a_clear_copy_0600_and_audits_it(app_home, signed_in, tmp_path, capsys):
    from counter_app.cli._common import open_store
    from counter_app.cli.main import main
    from counter_app.printing.integrity import sm3_hex
    from counter_app.storage.tables_audit import AuditRow

    store = open_store()
    try:
        _svc, _cid, case_no = _archived_case(store, tmp_path / "archive")
    finally:
        store.close()
    out = tmp_path / "handover"
    assert main(["archive", "export", case_no, "--out", str(out), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    folder = out / result["archive_code"] / "v1"
    manifest = json.loads((folder / "manifest.json").read_bytes())
    for name, want in {**manifest["parts"], "metadata.json": manifest["metadata_sm3"]}.items():
        assert sm3_hex((folder / name).read_bytes()) == want, name          # clear, as the manifest says
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) == result["files"] and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in files)
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o700 for p in out.rglob("*") if p.is_dir())
    # never over an existing copy; an unknown case; both said in Chinese and audited
    assert main(["archive", "export", case_no, "--out", str(out)]) == 1
    assert "已存在，不覆盖" in capsys.readouterr().err
    assert main(["archive", "export", "NO-SUCH-CASE", "--out", str(tmp_path / "x")]) == 1
    assert "没有档案包记录" in capsys.readouterr().err
    store = open_store()
    try:
        with store.session() as s:
            rows = [(a.action, a.object_id, a.result, a.actor) for a in s.scalars(select(AuditRow).where(
                AuditRow.action == "archive.exported").order_by(AuditRow.seq))]
    finally:
        store.close()
    assert [r[2] for r in rows] == ["ok", "failed", "failed"] and rows[0][1] == case_no
    assert {r[3] for r in rows} == {"clerk01"}                                 # audited as the signed-in user


# ---- Windows delete semantics (no Windows here): a read-only file cannot be deleted ----

def _windows_unlink(monkeypatch, refuse=lambda path: False):
    """os.unlink as on Windows: DeleteFile on a read-only file (mode without its write bit) fails
    with [WinError 5]; ``refuse(path)``: files another program holds open (never deletable)."""
    real = os.unlink

    def unlink(path, *, dir_fd=None):
        st = os.stat(path, dir_fd=dir_fd, follow_symlinks=False)
        if refuse(str(path)) or not st.st_mode & 0o200:
            raise PermissionError(13, "[WinError 5] 拒绝访问。", str(path))
        return real(path, dir_fd=dir_fd)

    monkeypatch.setattr(os, "unlink", unlink)
    monkeypatch.setattr(os, "remove", unlink)


def _completed_case(store, root):
    from counter_app.domain.case_engine import CaseState
    from tests.support.cases import ready_case

    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                            now=lambda: NOW, archive_root=root)
    cid = ready_case(workflow, "reg_enroll", applicant={"name": "张三", "id_number": MALE_1960})
    workflow.decide(cid, expected="accepted")
    while (view := workflow.get(cid)).next_step:
        workflow.record_step(cid, view.next_step, "done")
    assert workflow.complete(cid).case.state is CaseState.completed
    return workflow, cid


def _archive_failing_after_the_package(workflow, cid, monkeypatch, *, at_commit: bool):
    """A 归档 whose transaction fails after its package was written: at the commit (the disk full),
    or still inside the package step once the folder is complete (its record not added)."""
    from counter_app.printing import archive_package as ap
    from counter_app.storage.uow import UnitOfWork
    from counter_app.workflows.cases import ArchiveNotWritten

    if at_commit:
        def fail(self):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(UnitOfWork, "commit", fail)
        with pytest.raises(OSError):
            workflow.archive(cid)
        monkeypatch.undo()
        return
    real = ap._write

    def write_then_fail(uow, **kw):
        real(uow, **kw)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ap, "_write", write_then_fail)
    with pytest.raises(ArchiveNotWritten):
        workflow.archive(cid)
    monkeypatch.setattr(ap, "_write", real)


def test_a_rolled_back_archive_leaves_no_package_on_windows_and_the_retry_writes_it(store, tmp_path, app_home, monkeypatch):
    """Was: _discard removed its read-only parts with rmtree(ignore_errors=True); on Windows none of
    them went, silently, and every retry was refused "档案包 … 第 1 版已存在，不能覆盖"."""
    root = tmp_path / "archive"
    workflow, cid = _completed_case(store, root)
    _windows_unlink(monkeypatch)
    _archive_failing_after_the_package(workflow, cid, monkeypatch, at_commit=True)
    assert [p for p in root.rglob("*") if p.is_file()] == []           # nothing of the rolled-back package
    _windows_unlink(monkeypatch)
    assert workflow.archive(cid).case.state.value == "archived"
    case_no = workflow.get(cid).case.case_no
    assert verify_packages(store, case_no)["ok"]


def test_a_leftover_that_could_not_be_removed_is_logged_and_moved_aside_at_the_retry(store, tmp_path, app_home,
                                                                                     monkeypatch, caplog):
    """A part another program held open (an antivirus scan) stays at the rollback: that is logged,
    and the retry moves the folder — named by no package record — aside instead of refusing."""
    import logging

    root = tmp_path / "archive"
    workflow, cid = _completed_case(store, root)
    _windows_unlink(monkeypatch, refuse=lambda path: path.endswith("history.json.sm4"))
    with caplog.at_level(logging.WARNING, logger="counter_app.printing.archive_package"):
        _archive_failing_after_the_package(workflow, cid, monkeypatch, at_commit=False)
    [left] = list(root.rglob("history.json.sm4"))
    assert any("not removed" in r.getMessage() and "history.json.sm4" in r.getMessage() for r in caplog.records)
    _windows_unlink(monkeypatch)                                        # the scan is over
    assert workflow.archive(cid).case.state.value == "archived"
    case_no = workflow.get(cid).case.case_no
    result = verify_packages(store, case_no)
    assert result["ok"] and result["versions"][0]["version"] == 1
    [aside] = [p for p in left.parent.parent.iterdir() if p.name.startswith("v1.uncommitted-")]
    assert (aside / "history.json.sm4").exists()                        # moved, not deleted
    # a version that a record names is never moved: writing over it is refused as before
    from counter_app.printing.archive_package import _committed

    with store.session() as s:
        assert _committed(s, result["archive_code"], 1) and not _committed(s, result["archive_code"], 2)


def test_legacy_sealing_removes_read_only_clear_parts_on_windows(store, tmp_path, app_home, monkeypatch):
    """Was: ``(folder / name).unlink()`` on a clear part an earlier release wrote 0o444: PermissionError
    on Windows, at every start."""
    from counter_app.printing.archive_package import seal_clear_packages
    from counter_app.storage.tables_core import Meta

    root = tmp_path / "archive"
    _svc, _cid, case_no = _archived_case(store, root)
    folder = next(root.glob("*/v1"))
    for d in [folder, *[p for p in folder.rglob("*") if p.is_dir()]]:
        os.chmod(d, 0o755)
    for sealed in list(folder.rglob("*.sm4")):                         # as the earlier release wrote it: 0o444
        rel = str(sealed.relative_to(folder))[:-4]
        (folder / rel).write_bytes(_part(folder, rel))
        os.chmod(folder / rel, 0o444)
        sealed.unlink()
    with store.new_session() as s:
        s.delete(s.get(Meta, "archive_parts_sealed")) if s.get(Meta, "archive_parts_sealed") else None
        s.commit()
    _windows_unlink(monkeypatch)
    assert seal_clear_packages(store) > 0
    assert [p.name for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".sm4")] == ["manifest.json"]
    assert verify_packages(store, case_no)["ok"]
