"""The sample documents (previews, the render host's warm-up) print what the rules give for the
samples' inputs: the figures are computed, never typed next to inputs they do not follow from."""

from __future__ import annotations

import io
import json
from datetime import date

import pdfplumber

from counter_app.domain.documents import DocumentKind
from counter_app.printing.samples import ALLOWANCE_INPUTS, PENSION_INPUTS, sample_decision_data, sample_fields, sample_number
from counter_app.printing.templates import money, render_pdf


def _printed(kind: DocumentKind) -> str:
    with pdfplumber.open(io.BytesIO(render_pdf(kind, sample_fields(kind), sample_number(kind)))) as doc:
        return "".join("".join((p.extract_text() or "").split()) for p in doc.pages)


def test_pension_sample_prints_what_counter_app_rules_pension_gives(app_home, capsys):
    from counter_app.cli.main import main

    i = PENSION_INPUTS
    code = main(["rules", "pension", "--age-years", str(i["age_years"]), "--age-months", str(i["age_months"]),
                 "--retire", i["retirement_month"], "--avg-index", i["avg_index"], "--months", str(i["contribution_months"]),
                 "--account", i["account_balance"], "--transitional", i["transitional"], "--base", i["base"], "--json"])
    assert code == 0
    rules = json.loads(capsys.readouterr().out)
    pension = sample_fields(DocumentKind.pension_approval_decision)["pension"]
    assert {k: pension[k] for k in ("basic", "personal_account", "transitional", "total", "months_factor")} == {
        "basic": rules["basic"], "personal_account": rules["personal_account"], "transitional": rules["transitional"],
        "total": rules["total"], "months_factor": rules["inputs"]["months_factor"]}
    text = _printed(DocumentKind.pension_approval_decision)
    for key in ("basic", "personal_account", "transitional", "total"):
        assert money(rules[key]) in text, key
    assert f"月标准为{money(rules['total'])}元" in text and rules["inputs"]["months_factor"] in text
    # the 核定 form's sample values are the same figures
    assert {k: v for k, v in sample_decision_data("pension")["pension"].items() if k in pension} == pension


def test_allowance_sample_prints_what_the_rules_calculator_gives():
    from counter_app.reference.catalog import default_catalog
    from counter_rules.decision_data import RuleContext, compute

    step = next(s for s in default_catalog().get("disability_allowance").steps if s.decision_data)
    i = ALLOWANCE_INPUTS
    typed = {"allowance.contribution_months": str(i["contribution_months"]), "allowance.account_balance": i["account_balance"],
             "allowance.avg_index": i["avg_index"], "allowance.base": i["base"], "allowance.transitional": i["transitional"]}
    # the applicant of the samples was born in 1970-03 and applies on the sample's date (2026-03-05)
    ctx = RuleContext(on=date(2026, 3, 5), params=None, birth=(1970, 3), category="female-cadre", applied=date(2026, 3, 5))
    computed, _notes = compute("disability_allowance", step.decision_data, typed, ctx)
    allowance = sample_fields(DocumentKind.disability_allowance_decision)["allowance"]
    assert allowance["monthly"] == computed["allowance.monthly"]
    assert [item["amount"] for item in allowance["items"]] == [computed["allowance.basic"], computed["allowance.personal_account"]]
    assert allowance["start_month"] == computed["allowance.start_month"]
    form = sample_decision_data("disability_allowance")["allowance"]
    assert {k: form[k] for k in ("basic", "personal_account", "monthly", "months_factor")} == {
        k: computed[f"allowance.{k}"] for k in ("basic", "personal_account", "monthly", "months_factor")}
    text = _printed(DocumentKind.disability_allowance_decision)
    for key in ("allowance.basic", "allowance.personal_account", "allowance.monthly"):
        assert money(computed[key]) in text, key
