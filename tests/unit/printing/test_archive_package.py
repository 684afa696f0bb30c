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

from sqlalchemy import select

from counter_app.domain.cases import CaseState
from counter_app.printing.archive_package import retention_for, verify_packages
from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.uow import UnitOfWork
from counter_app.workflows.cases import CaseService
from tests.support.cases import MALE_1960, NOW, ready_case


def _archived_case(store, root):
    svc = CaseService(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                      now=lambda: NOW, archive_root=root)
    cid = ready_case(svc, "reg_enroll", applicant={"name": "张三", "id_number": MALE_1960})
    svc.decide(cid, expected="accepted")
    while (view := svc.get(cid)).next_step:
        svc.record_step(cid, view.next_step, "done")
    assert svc.complete(cid).case.state is CaseState.completed
    svc.archive(cid)
    return svc, cid, svc.get(cid).case.case_no


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
        # confirmed only for what the notes state: the registration services
        assert r.confirmed == (code in {"reg_enroll", "reg_change", "reg_cancel"}), code
        if r.retention != "永久":
            assert r.keep_until == f"{2027 + int(r.retention[:-1])}-01-01"   # from 1 January of the next year
    assert retention_for("contribution", 2026, "unit").retention == "永久"
    assert retention_for("account_query", 2026).retention == "10年"


def test_archiving_writes_a_verified_write_once_package(store, tmp_path, app_home, capsys):
    root = tmp_path / "archive"
    svc, cid, case_no = _archived_case(store, root)
    result = verify_packages(store, case_no)
    assert result["ok"], result
    code = result["archive_code"]
    assert re.fullmatch(r"FT-\d{4}-D100-FT-W01\.[0-9A-Z]+\.00001", code)       # 全宗号-年度-保管期限-件号
    folder = next(root.glob("*/v1"))
    names = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert "history.json" in names and "audit.json" in names and "metadata.json" in names and "manifest.json" in names
    assert any(n.startswith("documents/") and n.endswith(".pdf") for n in names)
    history = json.loads((folder / "history.json").read_text(encoding="utf-8"))
    assert [h["action"] for h in history][-1] == "archive"
    audit = json.loads((folder / "audit.json").read_text(encoding="utf-8"))
    assert any(a["action"] == "document.issued" for a in audit) and MALE_1960 not in (folder / "audit.json").read_text()
    # every archived PDF is PDF/A-2b with every font embedded (the Helvetica reportlab declares too)
    from counter_app.printing.pdfa import pdfa_problems

    for pdf in folder.glob("documents/*.pdf"):
        assert pdfa_problems(pdf.read_bytes()) == [], pdf.name
        if shutil.which("pdffonts"):
            listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
            rows = listing.splitlines()[2:]
            assert rows and all(" yes " in row for row in rows), listing
            assert "Helvetica" not in listing
    meta = json.loads((folder / "metadata.json").read_text(encoding="utf-8"))
    assert meta["retention"] == "100年" and meta["keep_until"].endswith("-01-01")
    for p in folder.rglob("*"):
        assert not stat.S_IMODE(os.stat(p).st_mode) & 0o222, f"{p} is writable"
    with store.session() as s:
        entry = s.scalar(select(OutboxEntry).where(OutboxEntry.kind == "archive.package"))
    assert json.loads(entry.payload)["archive_code"] == code           # goes to the centre with the sync
    # nothing changed: no second version
    assert svc.write_archive_package(cid).reused
    # a change to the case (a new audit record about it) makes version 2; version 1 stays as it was
    with UnitOfWork(store, actor="clerk01", workstation_id="FT-W01") as uow:
        uow.audit("document.reprinted", object_type="case", object_id=case_no, detail="补打")
        uow.commit()
    v2 = svc.write_archive_package(cid)
    assert v2.version == 2 and v2.archive_code == code and v2.manifest["previous"]
    assert verify_packages(store, case_no)["ok"]
    # tampering is detected, by part and by manifest
    pdf = next((root.glob("*/v1/documents/*.pdf")))
    os.chmod(pdf.parent, 0o755)
    os.chmod(pdf, 0o644)
    pdf.write_bytes(pdf.read_bytes() + b"%tampered\n")
    bad = verify_packages(store, case_no)
    assert not bad["ok"] and any("SM3 不符" in p for p in bad["versions"][0]["problems"]) and bad["versions"][1]["ok"]


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
