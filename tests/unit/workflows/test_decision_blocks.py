"""A document that cannot be produced blocks its step (issue 12): the pension decision without
the pension figures (pension.total) is not 完成, the case cannot be closed or archived, and the
refusal names the missing facts. Before, "缺少字段 pension.total" surfaced only when printing,
while the step showed 完成 and the case closed and archived without its decision document."""

from __future__ import annotations

import pytest

from counter_app.domain.case_engine import CaseState, TransitionRefused
from counter_app.domain.documents import DocumentKind, missing_facts
from counter_app.printing.samples import SAMPLE_RULE_FACTS, sample_fields
from counter_app.workflows.accept import Draft, accept_draft, act_and_close
from tests.support.cases import PENSIONER_1965, clerk_service



def accepted_pension(store, facts):
    workflow = clerk_service(store)
    draft = Draft.from_json({"service": "pension", "applicant_type": "individual", "variants": ["normal"],
                             "applicant": {"name": "李四", "id_number": PENSIONER_1965}, "materials": "all",
                             "facts": facts})
    result = accept_draft(workflow, draft)
    assert result.state is CaseState.accepted
    cid = result.case_id
    workflow.record_step(cid, "fingerprint", data={"template_ref": "fp-1"})
    workflow.record_step(cid, "review", "done")
    assert workflow.get(cid).next_step == "decision"
    return workflow, cid


def test_pension_decision_without_its_figures_is_not_done_and_the_case_stays_open(store):
    workflow, cid = accepted_pension(store, dict(SAMPLE_RULE_FACTS["pension"]))
    with pytest.raises(TransitionRefused) as err:
        workflow.record_step(cid, "decision", "done")
    assert "养老金月标准" in str(err.value) and "核定数据" in str(err.value)
    view = workflow.get(cid)
    assert view.next_step == "decision"                         # not 完成
    assert [s.step_code for s in view.case.steps] == ["fingerprint", "review"]
    with pytest.raises(TransitionRefused, match="尚有步骤未办理"):
        workflow.complete(cid)
    with pytest.raises(TransitionRefused):
        workflow.archive(cid)
    assert [d["kind"] for d in workflow.documents(cid)] == ["acceptance_notice"]
    # the step and the auto-close are one transaction: nothing of it is left either
    with pytest.raises(TransitionRefused):
        act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done"))
    assert workflow.get(cid).case.state is CaseState.accepted


def test_decision_data_entered_at_the_step_produces_the_decision_and_closes(store):
    workflow, cid = accepted_pension(store, dict(SAMPLE_RULE_FACTS["pension"]))
    pension = sample_fields(DocumentKind.pension_approval_decision)["pension"]
    done = act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done", data={"pension": pension}))
    assert done.closed and done.archived and done.state is CaseState.archived
    docs = workflow.documents(cid)
    decision = [d for d in docs if d["kind"] == "pension_approval_decision"]
    assert len(decision) == 1 and decision[0]["fields"]["pension"]["total"] == pension["total"]


@pytest.mark.parametrize("kind, fields, named", [
    (DocumentKind.pension_approval_decision, {"pension": {"basic": "1000.00"}}, "pension.total"),
    (DocumentKind.deemed_years_decision, {"deemed_years": {}}, "deemed_years.periods"),
    (DocumentKind.guidance_notice, {"missing_items": []}, "missing_items"),
    (DocumentKind.rejection_decision, {}, "reasons"),
])
def test_missing_facts_are_named(kind, fields, named):
    assert any(named in m for m in missing_facts(kind, {"clause": "6.6.1.1", **fields}))
    assert missing_facts(kind, sample_fields(kind)) == []


def test_a_refused_document_names_what_is_missing_in_chinese_only():
    """The refusal the clerk reads (workflows.cases, document_lacking) names the fact, never its key."""
    lacking = missing_facts(DocumentKind.deemed_years_decision, {"clause": "6.5.2.3", "deemed_years": {}}, paths=False)
    assert lacking == ["核准的视同缴费期间"]


def test_a_statement_gives_the_balance_a_query_gives_or_the_year_end_a_settlement_settles():
    """6.3.3.1 / 5.6.1.4: the 对账单 of a 查询 states 个人账户储存额; the 储存额核定's statement its 本年末储存额 —
    either satisfies the statement's one required fact; neither is refused, named in Chinese."""
    kind = DocumentKind.account_statement
    assert missing_facts(kind, {"clause": "6.3.3.1", "account": {"balance": "1200.00"}}) == []
    assert missing_facts(kind, {"clause": "5.6.1.4", "account": {"closing": "1200.00"}}) == []
    assert missing_facts(kind, {"clause": "6.3.3.1", "account": {"year": 2025}}, paths=False) == ["个人账户储存额"]


def test_a_document_the_printer_cannot_produce_is_named_by_its_title(store, monkeypatch):
    """The clerk reads which document failed by its title (《基本养老金核准决定书》…), never by its
    internal kind (pension_approval_decision); nothing is recorded."""
    import counter_app.printing.documents as printed

    workflow, cid = accepted_pension(store, dict(SAMPLE_RULE_FACTS["pension"]))
    pension = sample_fields(DocumentKind.pension_approval_decision)["pension"]

    def fails(*_a, **_k):
        raise ValueError("版面排不下")

    monkeypatch.setattr(printed, "issue_document", fails)
    with pytest.raises(TransitionRefused) as err:
        workflow.record_step(cid, "decision", "done", data={"pension": pension})
    assert "pension_approval_decision" not in str(err.value) and "决定书》无法出具：版面排不下" in str(err.value)
    assert workflow.get(cid).next_step == "decision"
