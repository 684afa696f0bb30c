"""What a review of every rendered document found: each test renders the document and reads its text."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from counter_app.domain.documents import DocumentKind, missing_facts
from counter_app.printing.samples import fictional_id, sample_fields, sample_number
from counter_app.printing.templates import RenderError, render_pdf

TRANSFER_KINDS = (DocumentKind.transfer_contact_letter, DocumentKind.transfer_info_sheet,
                  DocumentKind.temp_transfer_contact_letter, DocumentKind.temp_transfer_info_sheet)


def _text(pdf: bytes, page: int | None = None) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = doc.pages if page is None else [doc.pages[page]]
        return "".join("".join((p.extract_text() or "").split()) for p in pages)


def _render(kind: DocumentKind, fields: dict, **kw) -> str:
    return _text(render_pdf(kind, fields, sample_number(kind), **kw))


# ---- 1. 转移联系函 / 信息表 name the two places and agencies, or are not issued

@pytest.mark.parametrize("kind", TRANSFER_KINDS, ids=[k.value for k in TRANSFER_KINDS])
@pytest.mark.parametrize("key", ["from_agency", "to_agency", "from_region", "to_region"])
def test_transfer_documents_without_agency_or_region_are_refused(kind, key):
    fields = sample_fields(kind)
    fields["transfer"][key] = ""
    with pytest.raises(RenderError, match=f"transfer.{key}"):
        render_pdf(kind, fields, sample_number(kind))
    assert any(f"transfer.{key}" in m for m in missing_facts(kind, fields))   # refused at issue, named


def test_transfer_letter_is_addressed_to_the_transferring_agency():
    kind = DocumentKind.transfer_contact_letter
    fields = sample_fields(kind)
    assert missing_facts(kind, fields) == []
    flat = _render(kind, fields)
    assert "长沙市示例区社会保险经办机构：" in flat
    assert "由湖南省长沙市转入广东省深圳市" in flat
    assert "—：" not in flat


def test_missing_transfer_facts_are_named_in_chinese():
    lacking = missing_facts(DocumentKind.transfer_contact_letter, {"clause": "6.4.1.1.1.2", "transfer": {}})
    assert lacking == ["转出地（transfer.from_region）", "转出地社保经办机构（transfer.from_agency）",
                       "转入地（transfer.to_region）", "转入地社保经办机构（transfer.to_agency）"]


# ---- 2. a unit's application names the person as 参保人

@pytest.mark.parametrize("kind", [DocumentKind.pension_denial_decision, DocumentKind.pension_approval_decision,
                                  DocumentKind.supplement_list])
def test_unit_applicant_prints_the_insured_person_as_such(kind):
    fields = sample_fields(kind)
    fields["applicant"] = {"type": "unit", "unit_name": "深圳市鹏城示例科技有限公司", "credit_code": "91440300708461136T",
                           "name": "黄嘉欣", "id_number": fictional_id("44030319900101567"), "id_kind": ""}
    flat = _render(kind, fields)
    assert "深圳市鹏城示例科技有限公司：" in flat and "你单位" in flat
    assert "参保人黄嘉欣" in flat
    assert "经办人黄嘉欣" not in flat and "经办人证件号码" not in flat


# ---- 3. no deadline is threatened that the standard does not set

def test_supplement_list_threatens_no_consequence_of_a_deadline():
    kind = DocumentKind.supplement_list
    fields = sample_fields(kind)
    fields.pop("deadline", None)
    flat = _render(kind, fields)
    assert "将下列全部材料提交至本机构" in flat
    assert "逾期" not in flat and "按规定处理" not in flat


# ---- 4. a character no font has refuses the document, named

def test_character_without_glyph_in_any_font_is_refused_by_name():
    from counter_app.printing.fonts import covered, find_cjk_font, find_fallback_font

    rare = "\U00030EDE"    # 𰻞 (CJK Ext-G)
    fallback = find_fallback_font()
    if ord(rare) in covered(find_cjk_font().name) or (fallback is not None and ord(rare) in covered(fallback.name)):
        pytest.skip("this system's fonts have U+30EDE")
    kind = DocumentKind.acceptance_notice
    fields = sample_fields(kind)
    fields["applicant"]["name"] = f"刘{rare}"
    with pytest.raises(RenderError, match="U\\+30EDE") as err:
        render_pdf(kind, fields, sample_number(kind))
    assert "生僻字" in str(err.value) and rare in str(err.value)


# ---- 5. the 补打 stamp clear of the header

def test_reprint_stamp_does_not_overlap_the_agency_name():
    kind = DocumentKind.acceptance_notice
    fields = sample_fields(kind)
    pdf = render_pdf(kind, fields, sample_number(kind), reprint_at="2026-03-06 09:30")
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        stamp = [r for r in page.rects if r["width"] > 20 and r["top"] < 60]
        agency = [c for c in page.chars if c["size"] > 19]            # the 20 pt agency line
    assert len(stamp) == 1 and agency
    box = stamp[0]
    text_top = min(c["top"] for c in agency)
    assert box["bottom"] <= text_top, (box["bottom"], text_top)


# ---- 6. the certificate's own name on the 联系函

@pytest.mark.parametrize("first17, label", [("93268219650101001", "外国人永久居留身份证号码"),
                                            ("81000019650101001", "港澳居民居住证号码"),
                                            ("44030419700315002", "居民身份证号码")])
def test_transfer_letter_names_the_certificate_kind(first17, label):
    kind = DocumentKind.transfer_contact_letter
    fields = sample_fields(kind)
    fields["applicant"].update(id_kind="", id_number=fictional_id(first17))
    flat = _render(kind, fields)
    assert f"（{label}：{fictional_id(first17)}）" in flat
    if label != "居民身份证号码":
        assert "居民身份证号码" not in flat


# ---- 7. no line ends with an opening bracket

def test_no_line_ends_with_an_opening_bracket():
    kind = DocumentKind.rejection_decision
    fields = sample_fields(kind)
    # the "（" falls at every position near the end of a line in one reason or another
    fields["reasons"] = ["测" * n + "（见附件一）所列情形" for n in range(26, 48)]
    pdf = render_pdf(kind, fields, sample_number(kind))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        lines = [ln.strip() for p in doc.pages for ln in (p.extract_text() or "").splitlines()]
    reason_lines = [ln for ln in lines if "测" in ln or "见附件" in ln]
    assert len(reason_lines) > 22                      # the reasons wrap
    assert not [ln for ln in reason_lines if ln.endswith(("（", "《", "“"))]
    assert "".join(lines).count("（见附件一）所列情形") == 22       # nothing lost in the re-split


def test_split_keeps_an_opening_bracket_with_the_next_character():
    from reportlab.lib import textsplit

    text = "一二三（四）五六"
    lines = textsplit.dumbSplit(text, [10] * len(text), 40)
    assert [t for _, t in lines] == ["一二三", "（四）五", "六"]
    assert lines[0][0] == 10                            # the space the bracket left on the first line


def _with_fallback_font():
    from counter_app.printing.fonts import covered, find_cjk_font, find_fallback_font

    fallback = find_fallback_font()
    if fallback is None or ord("\U00020BB7") in covered(find_cjk_font().name):
        pytest.skip("no fallback font for 𠮷 on this system (or the notice font has it)")
    return find_cjk_font(), fallback


def test_no_line_ends_with_an_opening_bracket_in_a_paragraph_with_a_fallback_font_run():
    """A paragraph holding a character set in the fallback font is made of several fragments,
    which reportlab wraps with another splitter (cjkFragSplit): the 避尾点 rule holds there too."""
    _with_fallback_font()
    kind = DocumentKind.rejection_decision
    fields = sample_fields(kind)
    fields["reasons"] = ["\U00020BB7" + "测" * n + "（见附件一）所列情形" for n in range(25, 47)]
    pdf = render_pdf(kind, fields, sample_number(kind))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        lines = [ln.strip() for p in doc.pages for ln in (p.extract_text() or "").splitlines()]
    reason_lines = [ln for ln in lines if "测" in ln or "见附件" in ln]
    assert len(reason_lines) > 22
    assert not [ln for ln in reason_lines if ln.endswith(("（", "《", "“"))]
    assert "".join(lines).count("（见附件一）所列情形") == 22
    assert "".join(lines).count("\U00020BB7") == 22


def test_fallback_paragraph_at_a_width_ending_on_a_bracket_moves_it_to_the_next_line():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from counter_app.printing import templates
    from counter_app.printing.fonts import covered

    font, fallback = _with_fallback_font()
    token = templates._FONTS.set((covered(font.name), fallback.name, covered(fallback.name)))
    try:
        style = templates._styles(font.name)["plain"]
        text = "申请人\U00020BB7某某提交的材料（复印件）已收到"
        # exactly wide enough for "申请人𠮷某某提交的材料（": reportlab ended the first line on "（"
        width = stringWidth("申请人某某提交的材料（", font.name, 12) + stringWidth("\U00020BB7", fallback.name, 12) + 0.5
        para = templates.Paragraph(text, style)
        para.wrap(width, 1000)
        lines = ["".join(w.text for w in ln.words) for ln in para.blPara.lines]
        fonts = [[w.fontName for w in ln.words] for ln in para.blPara.lines]
    finally:
        templates._FONTS.reset(token)
    assert lines == ["申请人\U00020BB7某某提交的材料", "（复印件）已收到"]
    assert fonts[0] == [font.name, fallback.name, font.name]      # the rare character keeps its font
