"""The template review set (``notice samples``) prints what the catalog says: the 受理通知书 sample said
20个工作日 and listed 退休申请表 for a 一般缴费账户关系转入, where the catalog (and the real flow) has
45个工作日 and the 转移接续 materials."""

from __future__ import annotations

import pytest

from counter_app.domain.documents import DocumentKind
from counter_app.printing.samples import issuing_service, sample_fields


@pytest.mark.parametrize("kind", [DocumentKind.acceptance_notice, DocumentKind.acceptance_notification],
                         ids=lambda k: k.value)
def test_an_acceptance_sample_takes_its_time_limit_and_materials_from_the_catalog(kind):
    service, _ = issuing_service(kind)
    fields = sample_fields(kind)
    applicant_type = fields["applicant"]["type"]
    assert fields["service_code"] == service.code
    assert fields["time_limit"] == service.time_limit_for(applicant_type).text()
    assert fields["materials"] == [m.name for m in service.plan(applicant_type, ()).materials]


def test_the_transfer_in_notification_sample_says_45_working_days_and_no_retirement_form():
    fields = sample_fields(DocumentKind.acceptance_notification)
    assert fields["service_code"] == "transfer_in"
    assert fields["time_limit"] == "45个工作日"
    assert "退休申请表" not in fields["materials"] and "养老保险关系转移接续申请表" in fields["materials"]



@pytest.mark.parametrize("kind", [DocumentKind.acceptance_notice, DocumentKind.acceptance_notification],
                         ids=lambda k: k.value)
def test_an_agency_set_time_limit_is_printed_as_such(kind):
    """受理告知书 / 受理通知书 printed 办理时限：45个工作日 as if a rule fixed it; neither the standard nor
    policy.md gives 45 / 15 / 20 working days: the notice says the agency set it."""
    import io

    import pdfplumber

    from counter_app.printing.samples import sample_number
    from counter_app.printing.templates import render_pdf

    service, _ = issuing_service(kind)
    fields = sample_fields(kind)
    limit = service.time_limit_for(fields["applicant"]["type"])
    assert fields["time_limit_basis"] == limit.basis()
    with pdfplumber.open(io.BytesIO(render_pdf(kind, fields, sample_number(kind)))) as doc:
        flat = "".join("".join(p.extract_text() or "" for p in doc.pages).split())
    assert limit.text() in flat
    if limit.source == "agency":
        assert "经办机构设定" in flat
    # a document composed before the basis was recorded prints as it did
    old = {k: v for k, v in fields.items() if k != "time_limit_basis"}
    with pdfplumber.open(io.BytesIO(render_pdf(kind, old, sample_number(kind)))) as doc:
        assert "经办机构设定" not in "".join("".join(p.extract_text() or "" for p in doc.pages).split())
