"""What a tester found reading every printed document (samples, drafts, issued documents):

1. the remedy paragraph (复议 / 诉讼) of every decision printed smaller than the body, and could name
   no 复议机关 or court: it is printed at body size and names them when the office's reference data
   (``offices``: review_body, court) set them, the general wording otherwise;
2. a 计发参数 whose label does not contain 「（元」 (广东省…可支配收入（国家办法计发基数，元/月）) printed
   4511.00, not 4,511.00: the row's unit decides;
3. the samples showed a 办件编号 the product never issues (FT20260305000123);
4. labels of the label/value tables wrapped inside a word (统一社会信用/代码, 缴费年限（含/视同）);
5. a draft (notice render --draft) carried QR code and seal area and no watermark.
"""

from __future__ import annotations

import copy
import io
import re

import pdfplumber
import pytest
from pypdf import PdfReader

from counter_app.domain.documents import DOCUMENTS, DocumentKind
from counter_app.printing.numbering import AGENCY_PREFIX, office_short
from counter_app.printing.samples import COMMON, UNIT, sample_fields, sample_number
from counter_app.printing.templates import _styles, parameter_unit, render_pdf
from counter_protocol.numbers import parse_case_number, parse_number
from counter_rules.offices import OfficeFacts, OfficesError, offices_from_dict

DECISIONS = [k for k in DocumentKind if DOCUMENTS[k].decision]
REMEDY_START = "如不服本决定"


def _flat(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "".join("".join((p.extract_text() or "").split()) for p in doc.pages)


def _chars(pdf: bytes) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [c for p in doc.pages for c in p.chars]


# ---- 1. the remedy paragraph

@pytest.mark.parametrize("kind", DECISIONS, ids=[k.value for k in DECISIONS])
def test_the_remedy_paragraph_is_printed_at_body_size(kind):
    pdf = render_pdf(kind, sample_fields(kind), sample_number(kind))
    chars = _chars(pdf)
    text = "".join(c["text"] for c in chars)
    at = text.index(REMEDY_START)
    remedy = {round(c["size"], 1) for c in chars[at:at + 40]}
    body = {round(c["size"], 1) for c in chars[text.index("办理依据"):text.index("办理依据") + 4]}
    assert remedy == body == {_styles("x")["body"].fontSize}, f"复议诉讼告知 {remedy} pt, 正文 {body} pt"


@pytest.mark.parametrize("kind", DECISIONS, ids=[k.value for k in DECISIONS])
def test_the_remedy_names_the_review_body_and_court_when_the_office_set_them(kind):
    fields = sample_fields(kind)
    plain = _flat(render_pdf(kind, fields, sample_number(kind)))
    assert "日内依法申请行政复议" in plain and "个月内依法向人民法院提起行政诉讼" in plain
    fields.update(review_body="某某复议机关（测试）", court="某某人民法院（测试）")
    named = _flat(render_pdf(kind, fields, sample_number(kind)))
    assert "60日内向某某复议机关（测试）申请行政复议" in named
    assert "6个月内向某某人民法院（测试）提起行政诉讼" in named
    assert "依法申请行政复议" not in named and "依法向人民法院" not in named
    only_court = dict(sample_fields(kind), court="某某人民法院（测试）")
    text = _flat(render_pdf(kind, only_court, sample_number(kind)))
    assert "60日内依法申请行政复议" in text and "6个月内向某某人民法院（测试）提起行政诉讼" in text


def test_the_offices_reference_data_is_checked():
    facts = offices_from_dict({"offices": {"FT": {"review_body": " 某  复议机关 ", "court": "某法院"}, "LH": {}}})
    assert facts["FT"] == OfficeFacts("某 复议机关", "某法院")
    assert facts["FT"].remedy_fields() == {"review_body": "某 复议机关", "court": "某法院"}
    assert facts["LH"].remedy_fields() == {}
    for bad in ({"offices": {"ft": {}}}, {"offices": {"FT": {"reveiw_body": "x"}}},
                {"offices": {"FT": {"court": 3}}}, {"offices": {"FT": {"court": "<b>x</b>"}}},
                {"offices": {"FT": {"court": "法" * 61}}}, {"offices": []}):
        with pytest.raises(OfficesError):
            offices_from_dict(bad)


def test_the_shipped_offices_name_no_review_body_and_no_court():
    from counter_app.reference.offices import default_offices

    assert all(not f.remedy_fields() for f in default_offices().values())


def test_a_decision_issued_on_the_counter_carries_the_offices_names(tmp_path):
    """The case workflow puts the published names into a decision's fields (frozen with its record);
    a notice that is no decision, or an office without an entry, gets none."""
    from datetime import datetime

    from counter_app.storage.db import Store
    from counter_app.storage.tables_sync import ReferenceVersionRow
    from counter_app.workflows.cases import CaseWorkflow
    from counter_protocol.sync import canonical_json

    store = Store.open(tmp_path / "s.db")
    try:
        flow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01")
        assert flow._remedy(DocumentKind.rejection_decision) == {}
        with store.new_session() as s:
            s.add(ReferenceVersionRow(name="offices", version="t1", effective_from=None, digest="x" * 64,
                                      received_at=datetime(2026, 12, 7),
                                      content=canonical_json({"offices": {"FT": {"review_body": "复议机关甲",
                                                                                 "court": "法院乙"}}})))
            s.commit()
        assert flow._remedy(DocumentKind.rejection_decision) == {"review_body": "复议机关甲", "court": "法院乙"}
        assert flow._remedy(DocumentKind.acceptance_notice) == {}
        other = CaseWorkflow(store, actor="clerk01", office="罗湖分局", office_code="LH", workstation_id="LH-W01")
        assert other._remedy(DocumentKind.pension_denial_decision) == {}
    finally:
        store.close()


# ---- 2. parameter amounts by their unit

def _parameter_cells(kind, fields) -> list[str]:
    pdf = render_pdf(kind, fields, sample_number(kind))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for table in doc.pages[0].extract_tables():
            if table and table[0] and table[0][0] == "计发参数":
                return [row[1] for row in table[1:]]
    raise AssertionError("no 计发参数 table")


@pytest.mark.parametrize("label", ["广东省上年度城镇居民月人均可支配收入（国家办法计发基数，元/月）",
                                   "深圳市上年度在岗职工月平均工资（深圳办法计发基数，元/月）"])
def test_a_parameter_in_yuan_is_written_as_an_amount_whatever_its_label(label):
    kind = DocumentKind.death_benefit_decision
    fields = sample_fields(kind)
    fields["death_benefits"]["parameters"] = [{"label": label, "value": "4511.00", "effective_from": "2026-01-01",
                                               "unit": "元/月"}]
    assert _parameter_cells(kind, fields) == ["4,511.00"]
    del fields["death_benefits"]["parameters"][0]["unit"]       # a record issued before rows had units
    assert _parameter_cells(kind, fields) == ["4,511.00"]
    fields["death_benefits"]["parameters"] = [{"label": "计发月数", "value": "139", "unit": "月"},
                                              {"label": "缴费比例", "value": "16%", "unit": ""}]
    assert _parameter_cells(kind, fields) == ["139", "16%"]


def test_the_unit_of_a_row_without_one_is_read_from_its_label():
    assert parameter_unit({"label": "计发基数（元/月）"}) == "元/月"
    assert parameter_unit({"label": "广东省上年度城镇居民月人均可支配收入（国家办法计发基数，元/月）"}) == "元/月"
    assert parameter_unit({"label": "计发月数"}) == ""
    assert parameter_unit({"label": "计发基数（元/月）", "unit": ""}) == ""


def test_the_rules_give_the_parameter_rows_their_unit():
    from counter_app.reference.params import load_policy_params

    params = load_policy_params()
    for key in ("death_benefit.province_disposable_income", "death_benefit.shenzhen_avg_wage"):
        assert params.parameter(key).unit == "元/月"
    import inspect

    from counter_rules import decision_data

    assert '"unit": unit' in inspect.getsource(decision_data._parameter_rows)


# ---- 3. the samples' numbers are the product's

@pytest.mark.parametrize("kind", list(DocumentKind), ids=[k.value for k in DocumentKind])
def test_every_sample_carries_a_case_number_and_a_document_number_of_the_products_formats(kind):
    fields = sample_fields(kind)
    case = parse_case_number(fields["case_no"])
    assert case is not None, fields["case_no"]
    assert case["ws"] == fields["workstation_id"] and case["day"] == fields["date"].replace("-", "")
    number = parse_number(sample_number(kind))
    assert number is not None, sample_number(kind)
    assert number["prefix"] == AGENCY_PREFIX + office_short(fields["office"])
    assert number["word"] == DOCUMENTS[kind].word and number["ws"] == fields["workstation_id"]
    assert number["year"] == int(fields["date"][:4])
    # the install tag SMPL has an L, which no install's tag has (Crockford base32): a sample's
    # number can never be one a workstation issued
    assert "L" in number["tag"]
    text = _flat(render_pdf(kind, fields, sample_number(kind)))
    for printed in re.findall(r"[A-Z]{2}[-A-Z0-9]*\d{8}-?\d{4,}", text):
        if len(printed) < 30:
            assert parse_case_number(printed) is not None, printed
    assert COMMON["case_no"] in text or kind in (DocumentKind.special_work_publicity,
                                                  DocumentKind.transfer_contact_letter,
                                                  DocumentKind.temp_transfer_contact_letter,
                                                  DocumentKind.account_statement)


# ---- 4. labels never wrap inside a word

def _label_cells(pdf: bytes) -> set[str]:
    """Every table cell's text as it reads, its lines joined with "/"."""
    out = set()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for table in page.extract_tables():
                for row in table:
                    out.update("/".join(c.split("\n")) for c in row if c)
    return out


def _unit_acceptance() -> dict:
    fields = sample_fields(DocumentKind.acceptance_notice)
    fields["applicant"] = copy.deepcopy(UNIT)
    return fields


LABELS = [
    (DocumentKind.acceptance_notice, _unit_acceptance, ["统一社会信用代码"]),
    (DocumentKind.contribution_detail, None, ["统一社会信用代码"]),
    (DocumentKind.transfer_info_sheet, None, ["转出地经办机构", "转入地经办机构", "个人账户储存额（元）",
                                              "统筹基金转移额（元）"]),
    (DocumentKind.pension_approval_decision, None, ["缴费年限（含视同）", "退休（领取）年月"]),
    (DocumentKind.disability_allowance_decision, None, ["缴费年限（含视同）"]),
    (DocumentKind.certification_notice, None, ["原认证有效期至"]),
    (DocumentKind.account_statement, None, ["上年末储存额（元）", "本年记账利息（元）", "本年末储存额（元）",
                                            "缴费期个人账户储存额（元）"]),
]


@pytest.mark.parametrize(("kind", "make", "labels"), LABELS, ids=[k.value for k, _, _ in LABELS])
def test_table_labels_come_out_whole(kind, make, labels):
    fields = make() if make else sample_fields(kind)
    cells = _label_cells(render_pdf(kind, fields, sample_number(kind)))
    for label in labels:
        # whole on one line, or broken only before its bracket (缴费期个人账户储存额/（元）)
        cut = label.find("（")
        allowed = {label} | ({f"{label[:cut]}/{label[cut:]}"} if cut > 0 else set())
        assert cells & allowed, f"{label}: {sorted(c for c in cells if label[:2] in c)}"


def test_values_that_are_codes_are_not_wrapped_by_a_wider_label_column():
    kind = DocumentKind.transfer_info_sheet
    cells = _label_cells(render_pdf(kind, sample_fields(kind), sample_number(kind)))
    assert COMMON["case_no"] in cells and sample_fields(kind)["applicant"]["id_number"] in cells


# ---- 5. drafts

def test_a_draft_is_watermarked_on_every_page_and_has_no_qr_code_nor_seal_area():
    kind = DocumentKind.guidance_notice            # long enough for two pages with many items
    fields = sample_fields(kind)
    fields["missing_items"] = fields["missing_items"] * 3
    number = "（样稿）指引第FT-W01-DRAFT号"
    issued = render_pdf(kind, fields, sample_number(kind))
    draft = render_pdf(kind, fields, number, draft=True)
    with pdfplumber.open(io.BytesIO(draft)) as doc:
        pages = doc.pages
        assert len(pages) >= 2
        for page in pages:
            big = [c for c in page.chars if c["size"] > 60]
            assert "".join(c["text"] for c in big) == "样稿", "每页须有斜向「样稿」水印"
            assert not page.rects or all(r["height"] < 20 for r in page.rects if r["fill"] and r["width"] < 5)
        text = "".join("".join((p.extract_text() or "").split()) for p in pages)
    assert "盖章处" not in text and "扫码核验" not in text and "SM3" not in text
    assert "样稿：未登记文号，不作凭证" in text
    assert "盖章处" in _flat(issued) and "扫码核验" in _flat(issued)
    # no QR code: the issued copy draws its modules as one filled path, the draft none
    assert _qr_paths(issued) and not _qr_paths(draft)
    # no marks for notice verify in the keywords
    assert "样稿" == (PdfReader(io.BytesIO(draft)).metadata.get("/Keywords") or "")


def _qr_paths(pdf: bytes) -> bool:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return any(len(p.rects) > 100 or any(c.get("fill") and len(c.get("pts") or ()) > 100 for c in p.curves)
                   for p in doc.pages)


def test_notice_render_draft_writes_a_watermarked_draft(app_home, tmp_path):
    import json

    from counter_app.cli.main import main

    kind = DocumentKind.rejection_decision
    src = tmp_path / "fields.json"
    src.write_text(json.dumps(sample_fields(kind), ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "draft.pdf"
    assert main(["notice", "render", kind.value, "--case", str(src), "-o", str(out), "--draft"]) == 0
    text = _flat(out.read_bytes())
    assert "样稿：未登记文号，不作凭证" in text and "盖章处" not in text
