"""办理依据 by applicant type: the standard serves a unit's 缴费核定 under 6.2.2.1 (by 6.2.1.1's steps)
and an individual's under 6.2.2.2 (图2 and 6.1.1.2.2). Was: every 缴费核定 notice cited 6.2.2.2 —
a unit's 受理告知书 named the clause for individuals."""

from __future__ import annotations

import copy
import datetime
import io
import json

import pdfplumber
import pytest

from counter_app.domain import case_engine
from counter_app.domain.case_engine import Case, CaseState
from counter_app.domain.catalog import CatalogError, catalog_from_dict
from counter_app.domain.documents import DocumentKind
from counter_app.printing.samples import sample_fields, sample_number
from counter_app.printing.templates import render_pdf
from counter_app.reference.catalog import load_catalog
from counter_app.resources import resource_path
from tests.unit.app.test_fidelity import spec_clause

NOTICES = (DocumentKind.acceptance_notice, DocumentKind.guidance_notice, DocumentKind.rejection_decision)


def _fields(applicant_type: str, kind: DocumentKind) -> dict:
    service = load_catalog().get("contribution")
    case = Case(id="c1", service_code="contribution", catalog_version="t", applicant_type=applicant_type,
                state=CaseState.accepted, applicant={"name": "张三", "unit_name": "深圳市某某有限公司"})
    return case_engine.document_fields(case, kind, service=service, clerk="张经办", on=datetime.date(2026, 3, 2))


@pytest.mark.parametrize("kind", NOTICES)
@pytest.mark.parametrize("applicant_type, clause", [("unit", "6.2.2.1"), ("individual", "6.2.2.2"),
                                                    ("agent", "6.2.2.2")])
def test_a_contribution_notice_cites_the_clause_of_its_applicant_type(applicant_type, clause, kind):
    assert _fields(applicant_type, kind)["clause"] == clause
    said = spec_clause(clause)
    assert ("服务对象为单位的" if applicant_type == "unit" else "服务对象为个人的") in said


def test_the_printed_unit_acceptance_notice_names_6_2_2_1():
    fields = {**sample_fields(DocumentKind.acceptance_notice), "clause": _fields("unit", DocumentKind.acceptance_notice)["clause"]}
    with pdfplumber.open(io.BytesIO(render_pdf(DocumentKind.acceptance_notice, fields,
                                               sample_number(DocumentKind.acceptance_notice)))) as doc:
        text = "".join("".join((p.extract_text() or "").split()) for p in doc.pages)
    assert "第6.2.2.1条" in text and "第6.2.2.2条" not in text


def test_a_clause_for_an_applicant_type_the_service_does_not_serve_is_refused():
    data = json.loads(resource_path("catalog/services.json").read_text(encoding="utf-8"))
    bad = copy.deepcopy(data)
    service = next(s for s in bad["services"] if s["code"] == "reg_enroll")
    service["outcomes"][0]["applicant_clauses"] = {"survivor": "6.1.1.2.2"}
    assert "survivor" not in service["applicant_types"]
    with pytest.raises(CatalogError, match="applicant_clauses"):
        catalog_from_dict(bad)
    service["outcomes"][0]["applicant_clauses"] = {"unit": ""}
    with pytest.raises(CatalogError, match="applicant_clauses"):
        catalog_from_dict(bad)
