"""#16 finding 5: ``notice verify`` checks the document's content against the record; a marker copied
into another document or into any other file is refused."""

from __future__ import annotations

import json

from counter_app.cli.main import main
from counter_app.domain.documents import DocumentKind
from counter_app.printing.documents import issue_document, render_document
from counter_app.printing.integrity import keywords
from counter_app.printing.samples import sample_fields
from counter_app.storage.uow import UnitOfWork

from tests.support.cases import cli_case, issued_fields, man_born_1960


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def _issue_two(app_home):
    from counter_app.cli._common import open_store

    store = open_store()
    try:
        with UnitOfWork(store, actor="clerk01") as uow:
            a = issue_document(uow, case_id="case-a", kind=DocumentKind.acceptance_notification,
                               fields=sample_fields(DocumentKind.acceptance_notification), clerk="clerk01")
            b = issue_document(uow, case_id="case-b", kind=DocumentKind.rejection_decision,
                               fields=sample_fields(DocumentKind.rejection_decision), clerk="clerk01")
            uow.commit()
    finally:
        store.close()
    return a, b


def test_genuine_documents_still_verify(app_home, signed_in, tmp_path, capsys):
    a, b = _issue_two(app_home)
    for doc in (a, b):
        path = tmp_path / f"{doc.kind.value}.pdf"
        path.write_bytes(render_document(doc))
        assert main(["notice", "verify", str(path), "--json"]) == 0
        assert _json(capsys)["number"] == doc.number
    reprint = tmp_path / "reprint.pdf"
    reprint.write_bytes(render_document(a, reprint_at="2026-03-05 10:21"))
    assert main(["notice", "verify", str(reprint), "--json"]) == 1  # a reprint the record never made
    assert "内容" in _json(capsys)["message"]


def test_a_plain_text_file_carrying_a_marker_is_refused(app_home, signed_in, tmp_path, capsys):
    a, _ = _issue_two(app_home)
    text = tmp_path / "marker.txt"
    text.write_text("随便写点什么\n" + keywords(a.kind.value, a.number, a.digest) + "\n", encoding="utf-8")
    assert main(["notice", "verify", str(text), "--json"]) == 1
    result = _json(capsys)
    assert result["ok"] is False and result["number"] in (None, a.number)
    pdfish = tmp_path / "marker.pdf"
    pdfish.write_bytes(b"%PDF-1.4\n% " + keywords(a.kind.value, a.number, a.digest).encode() + b"\n%%EOF\n")
    assert main(["notice", "verify", str(pdfish), "--json"]) == 1


def test_another_notices_marker_in_a_comment_or_in_the_info_is_refused(app_home, signed_in, tmp_path, capsys):
    a, b = _issue_two(app_home)
    pdf_b = render_document(b)
    marker_a = keywords(a.kind.value, a.number, a.digest).encode()
    # the 不予受理决定书 with the 受理通知书's marker in a comment right after the header
    first_line_end = pdf_b.index(b"\n") + 1
    commented = tmp_path / "commented.pdf"
    commented.write_bytes(pdf_b[:first_line_end] + b"%" + marker_a + b"\n" + pdf_b[first_line_end:])
    main(["notice", "verify", str(commented), "--json"])
    result = _json(capsys)
    assert result["number"] != a.number or result["ok"] is False, result   # never passes as the other notice
    # …and with the other notice's marker as its own keywords (same length, so the file stays valid)
    marker_b = keywords(b.kind.value, b.number, b.digest).encode()
    assert marker_b in pdf_b
    swapped_marker = marker_a[: len(marker_b)].ljust(len(marker_b), b" ")
    if len(marker_a) == len(marker_b):
        swapped_marker = marker_a
    swapped = tmp_path / "swapped.pdf"
    swapped.write_bytes(pdf_b.replace(marker_b, swapped_marker))
    assert main(["notice", "verify", str(swapped), "--json"]) == 1
    assert _json(capsys)["ok"] is False


def test_a_reprint_the_record_logged_verifies(app_home, signed_in, tmp_path, capsys):
    from counter_app.cli._common import open_store

    a, _ = _issue_two(app_home)
    store = open_store()
    try:
        with UnitOfWork(store, actor="clerk01") as uow:   # what PrintQueue.reprint logs
            uow.outbox.add(kind="document.reprinted", aggregate_type="document", aggregate_id=a.id,
                           payload={"document_id": a.id, "number": a.number, "at": "2026-03-05 10:21"})
            uow.commit()
    finally:
        store.close()
    reprint = tmp_path / "reprint.pdf"
    reprint.write_bytes(render_document(a, reprint_at="2026-03-05 10:21"))
    assert main(["notice", "verify", str(reprint), "--json"]) == 0
    assert _json(capsys)["identical"] is False
    other_time = tmp_path / "other.pdf"
    other_time.write_bytes(render_document(a, reprint_at="2026-03-06 09:00"))
    assert main(["notice", "verify", str(other_time), "--json"]) == 1


def test_transfer_letter_carries_the_office_pades_signature_a_receiver_verifies_offline(app_home, signed_in, tmp_path, capsys):
    """#16 documents: a 联系函 rendered with an office key is PAdES-signed; pyHanko alone, with only
    the office certificate, validates it; a change after signing is refused by notice verify."""
    from io import BytesIO

    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from tests.conftest import sign_in
    from tests.support.accounts import sign_in_as

    sign_in_as("supervisor01", ["supervisor"])         # the office key: a supervisor's or administrator's
    assert main(["notice", "sign-key", "create", "--office-code", "FT", "--office-name", "福田分局", "--json"]) == 0
    sign_in(signed_in)                                  # the clerk renders the letter
    cert = _json(capsys)["certificate"]
    case = tmp_path / "case.json"
    case.write_text(json.dumps(issued_fields(DocumentKind.transfer_contact_letter, cli_case(tmp_path)), ensure_ascii=False), encoding="utf-8")
    pdf = tmp_path / "letter.pdf"
    assert main(["notice", "render", "transfer_contact_letter", "--case", str(case), "-o", str(pdf), "--json"]) == 0
    assert _json(capsys)["signed"] is True
    data = pdf.read_bytes()
    # the receiving agency: only the file and the office certificate, no store, no network
    sig = PdfFileReader(BytesIO(data)).embedded_signatures[0]
    status = validate_pdf_signature(sig, ValidationContext(trust_roots=[load_cert_from_pemder(cert)], allow_fetching=False))
    assert status.intact and status.valid and status.trusted and status.md_algorithm == "sha256"
    assert main(["notice", "verify", str(pdf), "--json"]) == 0
    result = _json(capsys)
    assert result["signature"]["signed"] and result["signature"]["ok"] and result["signature"]["signer"] == "福田分局"
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(data.replace(b"ReportLab", b"ReportLaX", 1))
    assert main(["notice", "verify", str(tampered), "--json"]) == 1
    assert _json(capsys)["ok"] is False
    # a 受理通知书 is not signed (only what a receiving agency checks is)
    case2 = tmp_path / "case2.json"
    second = cli_case(tmp_path, man_born_1960(2))       # another person: the first 参保登记 is in hand
    case2.write_text(json.dumps(issued_fields(DocumentKind.acceptance_notification, second), ensure_ascii=False), encoding="utf-8")
    assert main(["notice", "render", "acceptance_notification", "--case", str(case2), "-o", str(tmp_path / "n.pdf"),
                 "--json"]) == 0
    assert _json(capsys)["signed"] is False


def test_a_document_issued_under_an_earlier_layout_is_not_called_altered(app_home, signed_in, tmp_path, capsys):
    """After an upgrade that changed the templates, a genuine document issued before it cannot be
    re-rendered as it was printed: verify says so, and does not call the document altered."""
    from sqlalchemy import update

    from counter_app.cli._common import open_store
    from counter_app.printing.layout import LAYOUT_VERSION
    from counter_app.storage.tables_printing import DocumentRecord

    a, _ = _issue_two(app_home)
    assert a.layout == LAYOUT_VERSION
    # pages the current templates do not draw for this record: what an earlier layout printed
    printed_earlier = tmp_path / "earlier.pdf"
    printed_earlier.write_bytes(render_document(a, reprint_at="2025-11-20 09:00"))
    assert main(["notice", "verify", str(printed_earlier), "--json"]) == 1
    assert "被改动" in _json(capsys)["message"]           # same layout: the pages really differ

    store = open_store()
    try:
        with store.session() as s:
            s.execute(update(DocumentRecord).where(DocumentRecord.id == a.id).values(layout=None))   # issued before versioning
            s.commit()
    finally:
        store.close()
    assert main(["notice", "verify", str(printed_earlier), "--json"]) == 1
    result = _json(capsys)
    assert result["ok"] is False and result["number"] == a.number
    assert "较早的版式（第1版）" in result["message"] and "被改动" not in result["message"]
    assert "文号和SM3校验码与存档记录一致" in result["message"]
    current = tmp_path / "current.pdf"
    current.write_bytes(render_document(a))
    assert main(["notice", "verify", str(current), "--json"]) == 0     # today's rendering still verifies


def test_layout_4_a_guidance_notice_printed_under_layout_3_is_said_so_and_an_unchanged_notice_still_verifies(
        app_home, signed_in, tmp_path, capsys, monkeypatch):
    """Layout 4 moved the 业务指引告知书's identity block before the list: one printed under layout 3 (the
    block after the list) is reported as of the earlier layout, not as altered; a layout-3 record of
    a kind whose pages did not change (受理通知书) still verifies page for page."""
    from sqlalchemy import update
    from reportlab.platypus import Spacer

    from counter_app.cli._common import open_store
    from counter_app.printing import templates
    from counter_app.storage.tables_printing import DocumentRecord

    store = open_store()
    try:
        with UnitOfWork(store, actor="clerk01") as uow:
            guidance = issue_document(uow, case_id="case-g", kind=DocumentKind.guidance_notice,
                                      fields=sample_fields(DocumentKind.guidance_notice), clerk="clerk01")
            notification = issue_document(uow, case_id="case-n", kind=DocumentKind.acceptance_notification,
                                          fields=sample_fields(DocumentKind.acceptance_notification), clerk="clerk01")
            uow.commit()
        with store.session() as s:
            s.execute(update(DocumentRecord).values(layout=3))
            s.commit()
    finally:
        store.close()

    def layout_3_guidance(c):        # as layout 3 drew it: the list, then the identity block
        n = len(c.f.get("missing_items") or [])
        return [c.p(f"你申请办理{c.f['service_name']}，经初审，申请材料不齐全或不符合规定形式，申请材料已当场退回。"
                    f"现将需要补齐补正的全部材料（共{n}项）一次性告知如下，请按要求补齐补正后再次提交申请："),
                Spacer(1, 4), c.missing_items_table(), Spacer(1, 6), c.kv_table(c.applicant_pairs() + c.case_pairs()),
                Spacer(1, 4), c.p("本告知书为一次性告知。补齐补正上述材料后提交的申请，本机构不再要求提供本告知书以外的材料。")]

    with monkeypatch.context() as m:
        m.setitem(templates.BODIES, DocumentKind.guidance_notice, layout_3_guidance)
        printed_then = render_document(guidance)
    assert printed_then != render_document(guidance)
    path = tmp_path / "guidance-layout3.pdf"
    path.write_bytes(printed_then)
    assert main(["notice", "verify", str(path), "--json"]) == 1
    result = _json(capsys)
    assert "较早的版式（第3版）" in result["message"] and "被改动" not in result["message"], result["message"]
    path = tmp_path / "notification-layout3.pdf"
    path.write_bytes(render_document(notification))
    assert main(["notice", "verify", str(path), "--json"]) == 0
    assert _json(capsys)["ok"] is True
