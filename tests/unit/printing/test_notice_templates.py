"""Every document template: text extracts, the CJK font is an embedded subset, legal parts present."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from pypdf import PdfReader

from counter_app.domain.documents import DOCUMENTS, DocumentKind
from counter_app.domain.masking import mask_id
from counter_app.printing.integrity import content_digest, read_marks
from counter_app.printing.samples import MISSING_10, sample_fields, sample_number
from counter_app.printing.templates import RenderError, render_pdf

ALL = list(DocumentKind)


@pytest.fixture(scope="module")
def rendered() -> dict:
    out = {}
    for kind in ALL:
        fields = sample_fields(kind)
        number = sample_number(kind)
        pdf = render_pdf(kind, fields, number)
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            text = "\n".join(p.extract_text() or "" for p in doc.pages)
        out[kind] = (fields, number, pdf, text)
    return out


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("kind", ALL, ids=[k.value for k in ALL])
def test_text_extracts_with_title_number_office_clerk(rendered, kind):
    fields, number, pdf, text = rendered[kind]
    flat = _flat(text)
    assert DOCUMENTS[kind].title in flat
    assert number in flat
    assert "深圳市社会保险基金管理局福田分局" in flat
    assert "2026年3月5日" in flat
    assert fields["clerk"].replace(" ", "") in flat
    assert "办理依据" in flat and "DB4403/T254.1—2022" in flat
    assert "盖章处" in flat
    assert len(pdf) <= 60 * 1024


@pytest.mark.parametrize("kind", ALL, ids=[k.value for k in ALL])
def test_font_is_embedded_subset(rendered, kind):
    pdf = rendered[kind][2]
    fonts = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for name, ref in page["/Resources"]["/Font"].items():
            fonts[name] = ref.get_object()
    cjk = [f for f in fonts.values() if f["/Subtype"] == "/TrueType" or "/DescendantFonts" in f]
    assert cjk, fonts
    for f in cjk:
        base = str(f["/BaseFont"])
        assert base[1:8].endswith("+") and base[1:7].isupper(), f"不是子集字体：{base}"
        descriptor = f["/FontDescriptor"].get_object() if "/FontDescriptor" in f else \
            f["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"字体未嵌入：{base}"
        assert "/ToUnicode" in f


@pytest.mark.parametrize("kind", ALL, ids=[k.value for k in ALL])
def test_decisions_state_reconsideration_and_litigation_limits(rendered, kind):
    flat = _flat(rendered[kind][3])
    has_remedy = "60日内" in flat and "行政复议" in flat and "6个月内" in flat and "行政诉讼" in flat
    assert has_remedy == DOCUMENTS[kind].decision


def _cells(pdf: bytes) -> list[list[str]]:
    rows = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                rows += [[_flat(c or "") for c in row] for row in table]
    return rows


def test_guidance_notice_lists_every_missing_item_at_once(rendered):
    _, _, pdf, text = rendered[DocumentKind.guidance_notice]
    flat = _flat(text)
    assert "一次性告知" in flat and "共10项" in flat
    rows = _cells(pdf)
    listed = [r[1:4] for r in rows if len(r) == 4 and r[0].isdigit()]
    assert listed == [[_flat(i["material"]), _flat(i["problem"]), _flat(i["what_to_bring"])] for i in MISSING_10]


def test_marks_carry_number_and_digest(rendered):
    for kind in ALL:
        fields, number, pdf, _ = rendered[kind]
        marks = read_marks(pdf)
        assert marks == {"kind": kind.value, "number": number, "digest": content_digest(kind.value, number, fields)}


def test_publicity_and_lists_mask_id_numbers(rendered):
    fields, _, _, text = rendered[DocumentKind.special_work_publicity]
    full = fields["applicant"]["id_number"]
    assert full not in text and mask_id(full) in text
    fields, _, _, text = rendered[DocumentKind.contribution_detail]
    for row in fields["contributions"]["rows"]:
        assert row["id_number"] not in text and mask_id(row["id_number"]) in text


def test_contribution_detail_totals_are_computed(rendered):
    from decimal import Decimal

    fields, _, _, text = rendered[DocumentKind.contribution_detail]
    rows = fields["contributions"]["rows"]
    total = sum(Decimal(r["employer"]) + Decimal(r["individual"]) for r in rows)
    assert f"{total:,.2f}" in text


def test_reprint_mark(rendered):
    fields, number, _, _ = rendered[DocumentKind.acceptance_notice]
    pdf = render_pdf(DocumentKind.acceptance_notice, fields, number, reprint_at="2026-03-06 09:30")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        flat = _flat(doc.pages[0].extract_text())
    assert "补打" in flat and "2026-03-0609:30" in flat


def test_rendering_is_deterministic(rendered):
    fields, number, pdf, _ = rendered[DocumentKind.rejection_decision]
    assert render_pdf(DocumentKind.rejection_decision, fields, number) == pdf


@pytest.mark.parametrize("kind, field, words", [
    (DocumentKind.guidance_notice, "missing_items", "missing_items"),
    (DocumentKind.rejection_decision, "reasons", "理由"),
    (DocumentKind.guidance_notice, "clause", "办理依据"),
])
def test_missing_required_content_is_refused_in_chinese(kind, field, words):
    fields = sample_fields(kind)
    fields.pop(field)
    with pytest.raises(RenderError, match=words):
        render_pdf(kind, fields, sample_number(kind))


def test_bad_date_and_kind_are_refused():
    fields = sample_fields(DocumentKind.acceptance_notice)
    fields["date"] = "05/03/2026"
    with pytest.raises(RenderError, match="日期格式不正确"):
        render_pdf(DocumentKind.acceptance_notice, fields, "x")
    with pytest.raises(RenderError, match="不认识的文书种类"):
        render_pdf("no_such_kind", fields, "x")


def test_long_missing_list_flows_onto_more_pages_with_header_repeated():
    fields = sample_fields(DocumentKind.guidance_notice)
    fields["missing_items"] = MISSING_10 * 4
    pdf = render_pdf(DocumentKind.guidance_notice, fields, sample_number(DocumentKind.guidance_notice))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 2
        assert "存在问题" in doc.pages[1].extract_text()
        assert "第 2 页" in doc.pages[1].extract_text()


def test_every_page_says_its_number_and_the_page_count():
    """第 N 页 共 M 页 on every page: the total is known only when the document is finished."""
    kind = DocumentKind.guidance_notice
    fields = sample_fields(kind)
    fields["missing_items"] = MISSING_10 * 3
    with pdfplumber.open(io.BytesIO(render_pdf(kind, fields, sample_number(kind)))) as doc:
        pages = [_flat(p.extract_text() or "") for p in doc.pages]
    assert len(pages) >= 2
    for n, text in enumerate(pages, 1):
        assert f"第{n}页共{len(pages)}页" in text, text[-80:]
    fields["missing_items"] = MISSING_10[:2]
    with pdfplumber.open(io.BytesIO(render_pdf(kind, fields, sample_number(kind)))) as doc:
        assert len(doc.pages) == 1
        assert "第1页共1页" in _flat(doc.pages[0].extract_text())


def test_qr_code_decodes_to_number_and_digest(rendered, tmp_path):
    import subprocess

    zxingcpp = pytest.importorskip("zxingcpp", reason="zxing-cpp（测试依赖）未安装")
    from PIL import Image

    from counter_app.printing.integrity import parse_qr_payload

    for kind in (DocumentKind.guidance_notice, DocumentKind.pension_approval_decision):
        fields, number, pdf, _ = rendered[kind]
        src = tmp_path / f"{kind.value}.pdf"
        src.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-singlefile", str(src), str(tmp_path / kind.value)], check=True)
        with Image.open(tmp_path / f"{kind.value}.png") as img:
            found = [r.text for r in zxingcpp.read_barcodes(img)]
        assert [parse_qr_payload(t) for t in found] == [(number, content_digest(kind.value, number, fields))]
