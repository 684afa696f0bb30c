"""``notice verify`` checks what a viewer or printer shows, not only the pages' content streams.

A tester's notice passed verification with a /Stamp annotation that whited the body out and printed
VOID; the same with a FreeText annotation or a changed font program. Each change here is made the
way other software would make it (pikepdf), on a genuine rendering of an issued record.
"""

from __future__ import annotations

import io
import json

import pikepdf
import pytest

from counter_app.cli.main import main
from counter_app.domain.documents import DocumentKind
from counter_app.printing.documents import issue_document, render_document, verify_pdf
from counter_app.printing.integrity import page_appearance, page_content_digest
from counter_app.printing.samples import sample_fields
from counter_app.storage.uow import UnitOfWork

from tests.support.cases import cli_case, issued_fields


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def _issue(kind: DocumentKind = DocumentKind.acceptance_notification):
    from counter_app.cli._common import open_store

    store = open_store()
    try:
        with UnitOfWork(store, actor="clerk01") as uow:
            doc = issue_document(uow, case_id="case-a", kind=kind, fields=sample_fields(kind), clerk="clerk01")
            uow.commit()
    finally:
        store.close()
    return doc


def _edit(pdf: bytes, change, **save) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as p:
        change(p)
        out = io.BytesIO()
        p.save(out, **save)
    return out.getvalue()


def _verify(tmp_path, capsys, data: bytes, name: str) -> tuple[int, dict]:
    path = tmp_path / name
    path.write_bytes(data)
    code = main(["notice", "verify", str(path), "--json"])
    return code, _json(capsys)


def _add_annotation(p: pikepdf.Pdf, annot: pikepdf.Dictionary) -> None:
    page = p.pages[0].obj
    if "/Annots" not in page:
        page.Annots = p.make_indirect(pikepdf.Array())
    page.Annots.append(p.make_indirect(annot))


def _void_stamp(p: pikepdf.Pdf) -> None:
    """What the tester made: a printable stamp whose appearance whites out the body and prints VOID."""
    appearance = pikepdf.Stream(p, b"1 1 1 rg 0 0 500 300 re f BT /Helv 96 Tf 1 0 0 rg 60 110 Td (VOID) Tj ET")
    appearance.Type, appearance.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    appearance.BBox = [0, 0, 500, 300]
    appearance.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(Helv=pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica)))
    _add_annotation(p, pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Stamp, F=4,
                                          Rect=[50, 400, 550, 700], AP=pikepdf.Dictionary(N=appearance)))


def _free_text(p: pikepdf.Pdf) -> None:
    _add_annotation(p, pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FreeText, F=4,
                                          Rect=[50, 400, 550, 700], C=[1, 1, 1], DA=pikepdf.String("/Helv 40 Tf 1 0 0 rg"),
                                          Contents=pikepdf.String("不予受理")))


def _font_program_byte(p: pikepdf.Pdf) -> None:
    for font in p.pages[0].Resources.Font.values():
        descendants = font.get("/DescendantFonts")
        descriptor = (descendants[0] if descendants else font).get("/FontDescriptor")
        if descriptor is not None and "/FontFile2" in descriptor:
            program = bytearray(descriptor.FontFile2.read_bytes())
            program[len(program) // 2] ^= 0x01
            descriptor.FontFile2.write(bytes(program))
            return
    raise AssertionError("no embedded TrueType program on the page")


def _media_box(p: pikepdf.Pdf) -> None:
    p.pages[0].obj.MediaBox = [0, 0, 595.2756, 600]


def _rotate(p: pikepdf.Pdf) -> None:
    p.pages[0].obj.Rotate = 180


def _open_action_script(p: pikepdf.Pdf) -> None:
    p.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("this.print();"))


@pytest.mark.parametrize(("change", "words"), [
    (_void_stamp, "批注、图章"),
    (_free_text, "批注、图章"),
    (_font_program_byte, "字体、图片"),
    (_media_box, "页面尺寸"),
    (_rotate, "旋转方向"),
    (_open_action_script, "脚本"),
], ids=["stamp-annotation", "freetext-annotation", "font-program-byte", "mediabox", "rotate", "open-action-js"])
def test_a_change_to_what_the_page_shows_fails_verification(app_home, signed_in, tmp_path, capsys, change, words):
    doc = _issue()
    original = render_document(doc)
    tampered = _edit(original, change)
    assert page_content_digest(tampered) == page_content_digest(original)   # the content streams are untouched
    code, result = _verify(tmp_path, capsys, tampered, "tampered.pdf")
    assert code == 1 and result["ok"] is False and result["number"] == doc.number
    assert "存档记录不符" in result["message"] and words in result["message"], result["message"]
    assert "被改动" in result["message"]


def test_the_testers_void_stamp_is_refused_and_says_so(app_home, signed_in, tmp_path, capsys):
    doc = _issue()
    code, result = _verify(tmp_path, capsys, _edit(render_document(doc), _void_stamp), "n_stamp.pdf")
    assert code == 1
    assert result["message"] == (f"文件内容与文号 {doc.number} 的存档记录不符：页面上有存档原件没有的批注、图章或表单内容"
                                 f"（可遮盖或改变显示、打印的内容）。文书内容被改动，或其标记取自另一份文书。")


def test_a_replaced_image_fails_verification(app_home, signed_in, tmp_path):
    """The applicant's signature is the image on a signed copy: another image in its place is refused."""
    from counter_app.cli._common import open_store
    from counter_app.devices.signpad.render import render_png

    doc = _issue(DocumentKind.acceptance_notice)
    png = render_png([[(10, 40, 0.5), (60, 10, 0.8), (110, 45, 0.6)], [(130, 20, 0.5), (180, 30, 0.5)]], (200, 60))
    signed_copy = render_document(doc, signature=png)

    def other_image(p: pikepdf.Pdf) -> None:
        images = [x for x in p.pages[0].Resources.XObject.values() if x.get("/Subtype") == "/Image"]
        assert images, "the signed copy carries the signature image"
        for image in images:
            image.write(bytes(255 - b for b in image.read_bytes()))

    store = open_store()
    try:
        with store.session() as s:
            assert verify_pdf(s, signed_copy, signature_of=lambda _id: png).ok
            result = verify_pdf(s, _edit(signed_copy, other_image), signature_of=lambda _id: png)
    finally:
        store.close()
    assert result.ok is False and "字体、图片" in result.message, result.message


def test_an_untouched_notice_and_a_re_save_by_other_software_still_verify(app_home, signed_in, tmp_path, capsys):
    doc = _issue()
    original = render_document(doc)
    code, result = _verify(tmp_path, capsys, original, "original.pdf")
    assert code == 0 and result["ok"] and result["identical"] is True
    # re-saved: other object numbers, recompressed streams, object streams, linearised — the same pages
    for i, save in enumerate([{}, {"object_stream_mode": pikepdf.ObjectStreamMode.generate, "recompress_flate": True},
                              {"linearize": True}, {"qdf": True}]):
        resaved = _edit(original, lambda p: None, **save)
        assert resaved != original
        code, result = _verify(tmp_path, capsys, resaved, f"resaved-{i}.pdf")
        assert code == 0 and result["ok"] and result["identical"] is False, (save, result)
        assert "补打件，或经其他软件处理过" in result["message"]


def test_a_logged_reprint_still_verifies(app_home, signed_in, tmp_path, capsys):
    from counter_app.cli._common import open_store

    doc = _issue()
    store = open_store()
    try:
        with UnitOfWork(store, actor="clerk01") as uow:   # what PrintQueue.reprint logs
            uow.outbox.add(kind="document.reprinted", aggregate_type="document", aggregate_id=doc.id,
                           payload={"document_id": doc.id, "number": doc.number, "at": "2026-03-05 10:21"})
            uow.commit()
    finally:
        store.close()
    reprint = render_document(doc, reprint_at="2026-03-05 10:21")
    code, result = _verify(tmp_path, capsys, reprint, "reprint.pdf")
    assert code == 0 and result["ok"] and result["identical"] is False
    code, result = _verify(tmp_path, capsys, _edit(reprint, _void_stamp), "reprint-stamped.pdf")
    assert code == 1 and "批注、图章" in result["message"]


def test_the_office_signature_field_does_not_count_but_a_visible_widget_does(app_home, signed_in, tmp_path, capsys):
    """The PAdES signature (printing.signing) adds an invisible signature widget to the page: it draws
    nothing, so the signed letter shows what the record renders. A widget with an area does count."""
    from tests.conftest import sign_in
    from tests.support.accounts import sign_in_as

    sign_in_as("supervisor01", ["supervisor"])         # the office key: a supervisor's or administrator's
    assert main(["notice", "sign-key", "create", "--office-code", "FT", "--office-name", "福田分局", "--json"]) == 0
    sign_in(signed_in)                                  # the clerk renders the letter
    capsys.readouterr()
    case = tmp_path / "case.json"
    case.write_text(json.dumps(issued_fields(DocumentKind.transfer_contact_letter, cli_case(tmp_path)), ensure_ascii=False), encoding="utf-8")
    letter = tmp_path / "letter.pdf"
    assert main(["notice", "render", "transfer_contact_letter", "--case", str(case), "-o", str(letter), "--json"]) == 0
    assert _json(capsys)["signed"] is True
    signed = letter.read_bytes()
    with pikepdf.open(io.BytesIO(signed)) as p:
        widgets = [a for a in p.pages[0].obj.get("/Annots", []) if a.get("/Subtype") == "/Widget"]
    assert widgets, "pyHanko puts the signature field's widget on the page"
    assert main(["notice", "verify", str(letter), "--json"]) == 0

    def visible_widget(p: pikepdf.Pdf) -> None:
        for annot in p.pages[0].obj.Annots:
            if annot.get("/Subtype") == "/Widget":
                annot.Rect = [50, 400, 550, 700]
    def widget_script(p: pikepdf.Pdf) -> None:
        for annot in p.pages[0].obj.Annots:
            if annot.get("/Subtype") == "/Widget":
                annot.AA = pikepdf.Dictionary(PO=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("1;")))
    # changing the signed file also breaks the signature; the page check alone is asked here
    assert page_appearance(_edit(signed, visible_widget)).differing(page_appearance(signed)) == ["annotations"]
    assert page_appearance(_edit(signed, widget_script)).differing(page_appearance(signed)) == ["annotations"]


def test_the_appearance_digest_ignores_how_the_file_is_stored_but_not_what_it_shows(app_home):
    from counter_app.printing.samples import sample_number
    from counter_app.printing.templates import render_pdf

    kind = DocumentKind.rejection_decision
    pdf = render_pdf(kind, sample_fields(kind), sample_number(kind))
    shown = page_appearance(pdf)
    assert shown is not None and len(shown.digest) == 64
    assert page_appearance(_edit(pdf, lambda p: None, object_stream_mode=pikepdf.ObjectStreamMode.generate,
                                 compress_streams=False)) == shown
    # the CropBox a viewer shows, the same as the MediaBox, is no change; a smaller one is
    assert page_appearance(_edit(pdf, lambda p: setattr(p.pages[0].obj, "CropBox", p.pages[0].obj.MediaBox))) == shown
    assert page_appearance(_edit(pdf, lambda p: setattr(p.pages[0].obj, "CropBox", [0, 0, 300, 300]))).differing(shown) \
        == ["geometry"]
    # an attribute the page inherits from the page tree counts like its own
    def inherited_rotate(degrees: int):
        def change(p: pikepdf.Pdf) -> None:
            del p.pages[0].obj.Rotate
            p.Root.Pages.Rotate = degrees
        return change
    assert page_appearance(_edit(pdf, inherited_rotate(0))) == shown
    assert page_appearance(_edit(pdf, inherited_rotate(90))).differing(shown) == ["geometry"]
    assert page_appearance(b"%PDF-1.4 nothing here") is None
    assert page_appearance(b"not a pdf") is None


def _blank_page(p: pikepdf.Pdf) -> None:
    """The tester's tamper.py (t4_extrapage): pikepdf's blank page, whose /Contents is an empty
    /FlateDecode stream (Length 0) — viewers draw it as an empty page."""
    p.add_blank_page()


def _second_copy_of_page_one(p: pikepdf.Pdf) -> None:
    p.pages.append(p.pages[0])


@pytest.mark.parametrize("change", [_blank_page, _second_copy_of_page_one], ids=["blank-page", "page-one-again"])
def test_a_page_added_to_a_notice_is_said_as_a_page_count_difference(app_home, signed_in, tmp_path, capsys, change):
    doc = _issue()
    tampered = _edit(render_document(doc), change)
    code, result = _verify(tmp_path, capsys, tampered, "extra-page.pdf")
    assert code == 1 and result["ok"] is False and result["number"] == doc.number
    # the page count, and only it: the page the record renders is untouched
    assert result["message"] == (f"文件内容与文号 {doc.number} 的存档记录不符：页数与存档原件不同。"
                                 f"文书内容被改动，或其标记取自另一份文书。"), result["message"]


def test_a_removed_page_and_a_changed_page_beside_it_are_both_said(app_home, signed_in):
    from counter_app.printing.templates import render_pdf

    kind = DocumentKind.account_statement            # two pages
    from counter_app.printing.samples import sample_number

    pdf = render_pdf(kind, sample_fields(kind), sample_number(kind))
    shown = page_appearance(pdf)
    assert shown is not None and len(shown.per_page) == 2
    assert page_appearance(_edit(pdf, lambda p: p.pages.remove(p.pages[1]))).differing(shown) == ["pages"]
    both = page_appearance(_edit(pdf, lambda p: (p.pages.remove(p.pages[1]), _rotate(p))))
    assert both.differing(shown) == ["pages", "geometry"]


def test_an_empty_flate_stream_reads_as_an_empty_page_and_a_damaged_one_as_changed_content(app_home):
    from counter_app.printing.samples import sample_number
    from counter_app.printing.templates import render_pdf

    kind = DocumentKind.rejection_decision
    pdf = render_pdf(kind, sample_fields(kind), sample_number(kind))
    shown = page_appearance(pdf)
    blank = _edit(pdf, _blank_page)
    assert page_appearance(blank) is not None
    from counter_app.printing.integrity import page_count

    assert page_count(blank) == 2 and page_count(pdf) == 1 and page_count(b"%PDF-1.4 nothing") is None

    def damaged(p: pikepdf.Pdf) -> None:               # a flate stream cut short: drawn as nothing sure
        page = p.pages[0].obj
        raw = page.Contents.read_raw_bytes() if not isinstance(page.Contents, pikepdf.Array) else page.Contents[0].read_raw_bytes()
        page.Contents = pikepdf.Stream(p, raw[: len(raw) // 2])
        page.Contents.Filter = pikepdf.Name.FlateDecode

    cut = page_appearance(_edit(pdf, damaged))
    assert cut is not None and cut.differing(shown) == ["contents"]


def test_a_page_count_is_compared_even_when_the_appearance_cannot_be_worked_out(app_home, signed_in, monkeypatch):
    """A file too large to canonicalise (page_appearance None) with a page more is still said so."""
    from counter_app.cli._common import open_store
    from counter_app.printing import documents

    doc = _issue()
    original = render_document(doc)
    tampered = _edit(original, _blank_page)
    resaved = _edit(original, lambda p: None)            # the same pages, stored otherwise
    real = documents.page_appearance
    monkeypatch.setattr(documents, "page_appearance", lambda pdf: None if pdf in (tampered, resaved) else real(pdf))
    store = open_store()
    try:
        with store.session() as s:
            result = verify_pdf(s, tampered)
            same_pages = verify_pdf(s, resaved)
    finally:
        store.close()
    assert result.ok is False and result.message == (f"文件内容与文号 {doc.number} 的存档记录不符：页数与存档原件不同。"
                                                     f"文书内容被改动，或其标记取自另一份文书。"), result.message
    # as many pages as the record's, and nothing else to compare: not checked, never called genuine
    assert same_pages.ok is False and same_pages.message == "该文件不是有效的PDF文书，无法核对内容。"
