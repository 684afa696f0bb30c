"""Chinese documents write dates, months and amounts one way (a tester's findings): a rule's reason
carried an ISO month into the body (已达到法定退休年龄（60岁，2023-01）), a single back-pay month read
「2026年2月至2026年2月」, the 计发参数 table printed 「11293」「4511.00」 and 「2025-01-01」 beside
「11,293.00」 elsewhere, and an approver whose name is not known here printed 「审批人：—」 instead of a
line left to fill by hand."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from pypdf import PdfReader

from counter_app.domain.documents import DocumentKind
from counter_app.printing.samples import sample_fields, sample_number
from counter_app.printing.templates import cn_dates_in, render_pdf


def _text(kind: DocumentKind, fields: dict) -> str:
    pdf = render_pdf(kind, fields, sample_number(kind))
    return re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))


@pytest.mark.parametrize(("given", "printed"), [
    ("已达到法定退休年龄（60岁，2023-01），应申请基本养老金核定", "已达到法定退休年龄（60岁，2023年1月），应申请基本养老金核定"),
    ("改革施行（2025-01-01）前已达到退休年龄；法定退休时间为2020-12", "改革施行（2025年1月1日）前已达到退休年龄；法定退休时间为2020年12月"),
    ("办件 FT-W01-20261205-0044，证件 110105196001010017", "办件 FT-W01-20261205-0044，证件 110105196001010017"),
    ("电话0755-1234，第2025-13号", "电话0755-1234，第2025-13号"),
])
def test_dates_in_a_reason_are_written_in_chinese_and_nothing_else_is_touched(given, printed):
    assert cn_dates_in(given) == printed


def test_a_rejection_decision_prints_the_rules_reason_with_a_chinese_month():
    kind = DocumentKind.rejection_decision
    fields = sample_fields(kind)
    fields["reasons"] = ["已达到法定退休年龄（60岁，2023-01），应申请基本养老金核定"]
    text = _text(kind, fields)
    assert "已达到法定退休年龄（60岁，2023年1月）" in text and "2023-01" not in text


def test_one_back_pay_month_is_named_once_and_several_as_a_span():
    kind = DocumentKind.certification_notice
    fields = sample_fields(kind)
    fields["certification"]["back_pay_months"] = ["2026-02"]
    text = _text(kind, fields)
    assert "缺漏发放月份1个月（2026年2月），" in text and "至2026年2月" not in text
    fields["certification"]["back_pay_months"] = ["2025-12", "2026-01", "2026-02"]
    assert "缺漏发放月份3个月（2025年12月至2026年2月），" in _text(kind, fields)


def _parameter_row(kind: DocumentKind, fields: dict) -> list:
    pdf = render_pdf(kind, fields, sample_number(kind))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for table in doc.pages[0].extract_tables():
            if table and table[0] and table[0][0] == "计发参数":
                return table[1]
    raise AssertionError("no 计发参数 table")


def test_the_parameters_table_writes_amounts_and_dates_as_the_rest_of_the_document():
    kind = DocumentKind.disability_allowance_decision
    fields = sample_fields(kind)
    assert fields["allowance"]["parameters"][0]["value"] == "11293"
    row = _parameter_row(kind, fields)
    assert row[1:] == ["11,293.00", "2025年1月1日"], row
    death = DocumentKind.death_benefit_decision
    row = _parameter_row(death, sample_fields(death))
    assert row[1:] == ["4,511.00", "2026年1月1日"], row
    # what is no amount in yuan stays as it is
    fields["allowance"]["parameters"] = [{"label": "计发月数", "value": "139", "effective_from": "2025-01-01"},
                                         {"label": "单位缴费比例", "value": "16%", "effective_from": "2025-07-01"}]
    pdf = render_pdf(kind, fields, sample_number(kind))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        table = next(t for t in doc.pages[0].extract_tables() if t and t[0][0] == "计发参数")
    assert [r[1] for r in table[1:]] == ["139", "16%"]


def test_an_approver_not_known_here_leaves_a_line_to_fill_by_hand():
    kind = DocumentKind.disability_allowance_decision
    fields = sample_fields(kind)
    fields["approver"] = ""
    pdf = render_pdf(kind, fields, sample_number(kind))
    text = re.sub(r"\s+", "", "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "审批人：" in text and "审批人：—" not in text
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        [label] = [w for w in page.extract_words() if "审批人：" in w["text"]]
        under = [ln for ln in page.lines + page.edges
                 if abs(ln["top"] - ln["bottom"]) < 0.5 and ln["x0"] >= label["x1"] - 2
                 and 0 <= ln["top"] - label["bottom"] < 6 and ln["x1"] - ln["x0"] > 40]
    assert under, "no blank line after 审批人："
    fields["approver"] = "李科长"
    assert "审批人：李科长" in _text(kind, fields)
    del fields["approver"]
    assert "审批人" not in _text(kind, fields)
