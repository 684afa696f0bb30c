"""受理告知书: how the result reaches the applicant is said as the service does it — 即时办结 services
(6.1.1.2.3, 6.2.2.2 …) are completed on the spot and promise no delivery; a service with a 登记送达方式
/ 送达 step (6.5.1.3) serves the result as the applicant chooses; any other promises no delivery."""

from __future__ import annotations

import io
from datetime import date

import pdfplumber
import pytest

from counter_app.domain.case_engine import Case, CaseState, document_fields
from counter_app.domain.documents import DocumentKind
from counter_app.printing.samples import sample_fields, sample_number
from counter_app.printing.templates import render_pdf
from counter_app.reference.catalog import load_catalog
from tests.support.cases import man_born_1960

CATALOG = load_catalog()
DELIVERY = "办理结果将按你选择的方式送达"
ON_THE_SPOT = "本事项当场办结，办理结果当场告知"


def _notice_text(code: str, n: int) -> str:
    service = CATALOG.get(code)
    case = Case(id=f"c{n}", service_code=code, catalog_version="t", applicant_type="individual", variants=(),
                state=CaseState.accepted, applicant={"name": "张三", "id_number": man_born_1960(79)})
    fields = document_fields(case, DocumentKind.acceptance_notice, service=service, clerk="王经办",
                             on=date(2026, 12, 7), office="福田分局", office_code="FT", workstation_id="FT-W01")
    pdf = render_pdf(DocumentKind.acceptance_notice, fields, sample_number(DocumentKind.acceptance_notice))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "".join(p.extract_text() or "" for p in doc.pages).replace("\n", "").replace(" ", "")


@pytest.mark.parametrize("code", ["reg_enroll", "reg_change", "contribution", "account_query"])
def test_an_instant_service_is_completed_on_the_spot(code):
    text = _notice_text(code, 1)
    assert "即时办结" in text and ON_THE_SPOT in text and DELIVERY not in text


def test_a_service_with_a_delivery_step_serves_the_result_as_chosen():
    text = _notice_text("history_review", 2)
    assert DELIVERY in text and ON_THE_SPOT not in text


def test_a_service_without_one_promises_no_delivery():
    text = _notice_text("pension", 3)
    assert DELIVERY not in text and ON_THE_SPOT not in text and "查询办理进度" in text


def test_a_notice_issued_before_reprints_as_it_was():
    """A stored notice without the new keys (issued by an earlier version) reads as it was issued."""
    fields = {k: v for k, v in sample_fields(DocumentKind.acceptance_notice).items() if k not in ("instant", "delivered")}
    pdf = render_pdf(DocumentKind.acceptance_notice, fields, sample_number(DocumentKind.acceptance_notice))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = "".join(p.extract_text() or "" for p in doc.pages).replace("\n", "").replace(" ", "")
    assert DELIVERY in text
