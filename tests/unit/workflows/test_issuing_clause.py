"""Every document cites as 办理依据 a clause that rules it, never a heading. Review: the 个人账户对账单
cited 6.3.3 (the heading 个人账户查询) for both 6.3.3.1 缴费期间 and 6.3.3.2 待遇领取期间, the 缴费明细
6.2.2 (the heading 窗口缴费核定) where its notices cite 6.2.2.1 / 6.2.2.2, and the 认证结果告知单 6.6.3,
whose clauses are about 数据共享 and 短信提醒 — the window's certification is 5.6.3 b)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from counter_app.domain.case_engine import _issuing_clause
from counter_app.reference.catalog import default_catalog

ROOT = Path(__file__).resolve().parents[3]
SPEC = next((p for p in (ROOT.parent / "shared" / "spec" / "DB4403-T254.1-2022.txt",
                         Path("/work/shared/spec/DB4403-T254.1-2022.txt")) if p.exists()), None)


def _numbers() -> set[str]:
    text = (ROOT / "resources" / "spec" / "section6-clauses.txt").read_text(encoding="utf-8")
    found = set(re.findall(r"^(\d+(?:\.\d+)+)\t", text, re.M))
    if SPEC is not None:     # section 5 too, where the standard's full text is at hand
        found |= set(re.findall(r"^(\d+(?:\.\d+)+)[ \t]", SPEC.read_text(encoding="utf-8"), re.M))
    return found


def _issued():
    catalog = default_catalog()
    for code in catalog.codes():
        service = catalog.get(code)
        kinds = {o.document for o in service.outcomes if o.document} | {s.document for s in service.steps if s.document}
        for kind in sorted(kinds, key=lambda k: k.value):
            for applicant_type in service.applicant_types:
                for variant in [v.code for v in service.variants] or [None]:
                    yield service, kind, applicant_type, (variant,) if variant else ()


def test_no_document_cites_a_heading():
    numbers = _numbers()
    assert "6.3.3.1" in numbers and "6.6.3.2" in numbers
    headings = {n for n in numbers if any(m.startswith(n + ".") for m in numbers)}
    cited = {(s.code, k.value, a, v): _issuing_clause(s, k, a, v) for s, k, a, v in _issued()}
    assert not {key: c for key, c in cited.items() if c in headings}


@pytest.mark.parametrize(("variant", "clause"), [("contribution_phase", "6.3.3.1"), ("pension_phase", "6.3.3.2")])
def test_the_statement_cites_the_clause_of_its_period(variant, clause):
    from counter_app.domain.documents import DocumentKind

    service = default_catalog().get("account_query")
    assert _issuing_clause(service, DocumentKind.account_statement, "individual", (variant,)) == clause


def test_a_condition_weighed_per_situation_cites_a_clause_that_rules_each_of_them():
    """个人账户查询's 查询情形与档案状态相符 weighs the record against both 情形 — 缴费期间 (6.3.3.1) and
    待遇领取期间 (6.3.3.2) — and cited 6.3.3.2 for both. A condition whose ``by_status`` names
    situations cites their common clause (or one above it): every situation it weighs has its
    clause at or under the condition's."""
    catalog = default_catalog()
    wrong = {}
    for code in catalog.codes():
        service = catalog.get(code)
        clauses = {v.code: v.clause for v in service.variants if v.clause}
        for c in service.conditions:
            named = {v for rule in c.by_status for v in rule.variants if v in clauses}
            cited = c.clause.split("、")              # a condition may cite several (5.1.3.1、5.1.3.2)
            outside = sorted(v for v in named
                             if not any(clauses[v] == n or clauses[v].startswith(n + ".") for n in cited))
            if outside:
                wrong[(code, c.code, c.clause)] = [(v, clauses[v]) for v in outside]
    assert any(c.by_status and any(r.variants for r in c.by_status)
               for code in catalog.codes() for c in catalog.get(code).conditions)     # the walk finds some
    assert wrong == {}
