"""``counter-app notice`` (samples / render / verify) and archive filing."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from counter_app.cli.main import main
from counter_app.domain.documents import DOCUMENTS, DocumentKind
from counter_app.printing.archive import ArchiveError, file_case, verify_filing
from counter_app.printing.documents import issue_document
from counter_app.printing.samples import sample_fields
from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.tables_printing import ArchiveRecord, DocumentRecord
from counter_app.storage.uow import UnitOfWork

from tests.support.cases import cli_case, issued_fields


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_samples_writes_one_pdf_per_kind(app_home, tmp_path, capsys):
    out = tmp_path / "samples"
    assert main(["notice", "samples", "--out", str(out), "--json"]) == 0
    result = _json(capsys)
    assert sorted(f["kind"] for f in result["files"]) == sorted(k.value for k in DOCUMENTS)
    for f in result["files"]:
        data = open(f["file"], "rb").read()
        assert data.startswith(b"%PDF") and len(data) == f["bytes"]
    # like every file the CLI writes (README): owner-only, in a folder of the owner's own when it made one
    import stat

    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert {oct(stat.S_IMODE(p.stat().st_mode)) for p in out.iterdir()} == {oct(0o600)}
    assert main(["notice", "samples", "--out", str(out), "--json"]) == 0      # again: the samples are renewed
    assert len(_json(capsys)["files"]) == len(DOCUMENTS) == len(list(out.iterdir()))


def test_render_then_verify_roundtrip_and_tamper_detection(app_home, signed_in, tmp_path, capsys):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(issued_fields(DocumentKind.guidance_notice, cli_case(tmp_path)), ensure_ascii=False), encoding="utf-8")
    pdf = tmp_path / "out.pdf"
    assert main(["notice", "render", "guidance_notice", "--case", str(case), "-o", str(pdf), "--json"]) == 0
    rendered = _json(capsys)
    assert rendered["number"].endswith("-000002号") and len(rendered["digest"]) == 64   # the case's 受理告知书: 1

    assert main(["notice", "verify", str(pdf), "--json"]) == 0
    ok = _json(capsys)
    assert ok["ok"] and ok["identical"] and ok["number"] == rendered["number"]

    # a PDF whose digest mark was altered no longer matches
    data = pdf.read_bytes()
    forged = tmp_path / "forged.pdf"
    digest = rendered["digest"].encode()
    forged.write_bytes(data.replace(digest, digest[:-1] + (b"0" if digest[-1:] != b"0" else b"1")))
    assert main(["notice", "verify", str(forged), "--json"]) == 1
    assert "不一致" in _json(capsys)["message"]

    # the store record was altered behind the program's back
    from counter_app.cli._common import open_store

    store = open_store()
    try:
        with store.session() as s:
            rec = s.scalar(select(DocumentRecord).where(DocumentRecord.number == rendered["number"]))
            fields = json.loads(rec.fields)
            fields["applicant"]["name"] = "李四"
            rec.fields = json.dumps(fields, ensure_ascii=False)
            s.commit()
    finally:
        store.close()
    assert main(["notice", "verify", str(pdf), "--json"]) == 1
    assert "记录已被改动" in _json(capsys)["message"]


def test_verify_unknown_and_foreign_files(app_home, tmp_path, capsys):
    out = tmp_path / "s"
    main(["notice", "samples", "--out", str(out)])
    capsys.readouterr()
    sample = sorted(out.glob("*.pdf"))[0]
    assert main(["notice", "verify", str(sample)]) == 1
    assert "没有文号" in capsys.readouterr().out
    other = tmp_path / "x.pdf"
    other.write_bytes(b"%PDF-1.4 nothing here")
    assert main(["notice", "verify", str(other)]) == 1
    assert "不是本系统生成" in capsys.readouterr().out


def test_render_bad_input_messages(app_home, signed_in, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    assert main(["notice", "render", "guidance_notice", "--case", str(bad), "-o", str(tmp_path / "o.pdf")]) == 2
    assert "不是合法的 JSON" in capsys.readouterr().err
    assert main(["notice", "render", "nope", "--case", str(bad), "-o", str(tmp_path / "o.pdf")]) == 2
    assert "不认识的文书种类" in capsys.readouterr().err
    fields = issued_fields(DocumentKind.guidance_notice, cli_case(tmp_path))
    fields.pop("missing_items")
    ok_json = tmp_path / "f.json"
    ok_json.write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")
    assert main(["notice", "render", "guidance_notice", "--case", str(ok_json), "-o", str(tmp_path / "o.pdf")]) == 2
    assert "missing_items" in capsys.readouterr().err


def _issue_case(store, case_id="case-arch"):
    with UnitOfWork(store, actor="clerk01") as uow:
        docs = [issue_document(uow, case_id=case_id, kind=k, fields=sample_fields(k), clerk="clerk01")
                for k in (DocumentKind.acceptance_notification, DocumentKind.pension_approval_decision)]
        uow.commit()
    return docs


def test_file_case_with_metadata_checksum_and_outbox(store):
    docs = _issue_case(store)
    materials = [{"name": "居民身份证", "copies": 1, "form": "复印件"}, {"name": "人事档案", "copies": 1, "form": "原件"}]
    with UnitOfWork(store, actor="clerk01") as uow:
        filing = file_case(uow, case_id="case-arch", office_code="FT", workstation_id="FT-W01",
                           category="职工基本养老保险-待遇核定", retention="永久", materials=materials,
                           clerk="clerk01", title="林晓梅基本养老金核定", filed_date="2026-03-05")
        uow.commit()
    assert filing.archive_no.startswith("FT·2026·Y·FT-W01-") and filing.archive_no.endswith("-00001")
    assert [d["number"] for d in filing.items["documents"]] == [d.number for d in docs]
    assert filing.items["materials"] == materials and len(filing.checksum) == 64
    with store.session() as s:
        assert verify_filing(s, filing.archive_no)
        entry = s.scalar(select(OutboxEntry).where(OutboxEntry.kind == "archive.filed"))
        assert json.loads(entry.payload)["checksum"] == filing.checksum
        rec = s.scalar(select(ArchiveRecord))
        rec.retention = "10年"
        s.commit()
        assert not verify_filing(s, filing.archive_no)


def test_file_case_refuses_twice_and_bad_retention(store):
    _issue_case(store, "c2")
    kw = dict(office_code="FT", workstation_id="FT-W01", category="待遇核定", materials=[], clerk="c")
    with UnitOfWork(store) as uow:
        with pytest.raises(ArchiveError, match="保管期限格式不正确"):
            file_case(uow, case_id="c2", retention="forever", **kw)
    with UnitOfWork(store) as uow:
        file_case(uow, case_id="c2", retention="30年", **kw)
        uow.commit()
    with UnitOfWork(store) as uow:
        with pytest.raises(ArchiveError, match="已经归档"):
            file_case(uow, case_id="c2", retention="30年", **kw)
    with UnitOfWork(store) as uow:
        with pytest.raises(ArchiveError, match="无可归档内容"):
            file_case(uow, case_id="empty", retention="30年", **kw)
