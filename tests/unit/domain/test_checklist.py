"""The 6.1.1.2.2 outcome: 受理 / 材料不齐全（一次性告知）/ 不符合受理条件, from the catalog and the ticks."""

import time

import pytest

from counter_app.domain.catalog import OutcomeKind
from counter_app.domain.checklist import ConditionResult, Tick, TickState, decide
from counter_app.domain.documents import DocumentKind
from counter_app.reference.catalog import load_catalog


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def all_present(service, applicant_type, variants=()):
    return {m.code: Tick(TickState.present) for m in service.plan(applicant_type, variants).materials}


def all_met(service, applicant_type, variants=()):
    return {c.code: True for c in service.plan(applicant_type, variants).conditions}


def test_accepted_when_complete_and_eligible(catalog):
    s = catalog.get("reg_enroll")
    out = decide(s, "unit", (), all_present(s, "unit"), all_met(s, "unit"))
    assert out.kind is OutcomeKind.accepted and out.document is DocumentKind.acceptance_notice


def test_incomplete_lists_every_missing_and_defective_material_at_once(catalog):
    s = catalog.get("reg_change")
    variants = ("person.name", "person.bank")
    ticks = all_present(s, "agent", variants)
    ticks["important_change_proof"] = Tick(TickState.missing)
    ticks["agent_authorization"] = Tick(TickState.defective, "委托书未经委托人签名")
    del ticks["bank_card"]  # never ticked = not submitted
    out = decide(s, "agent", variants, ticks, all_met(s, "agent", variants))
    assert out.kind is OutcomeKind.incomplete and out.document is DocumentKind.guidance_notice
    by_code = {m.material_code: m for m in out.missing}
    assert set(by_code) == {"important_change_proof", "agent_authorization", "bank_card"}
    assert by_code["agent_authorization"].problem == "委托书未经委托人签名"
    assert by_code["important_change_proof"].problem == "未提交"
    assert all(m.what_to_bring for m in out.missing)


def test_optional_material_never_blocks(catalog):
    s = catalog.get("reg_enroll")
    ticks = all_present(s, "individual")
    ticks.pop("bank_card")
    assert decide(s, "individual", (), ticks, all_met(s, "individual")).kind is OutcomeKind.accepted


def test_unmet_condition_refuses_with_reasons_even_if_materials_missing(catalog):
    s = catalog.get("pension")
    conds = all_met(s, "individual", ("normal",))
    conds["rule_5_6_1_1"] = ConditionResult(False, ("未达到法定退休年龄：法定退休年龄63岁，2028-03达到",))
    out = decide(s, "individual", ("normal",), {}, conds)
    assert out.kind is OutcomeKind.not_eligible and out.document is DocumentKind.rejection_decision
    assert out.reasons == ("未达到法定退休年龄：法定退休年龄63岁，2028-03达到",)
    clerk_no = decide(s, "individual", ("normal",), all_present(s, "individual", ("normal",)),
                      {**all_met(s, "individual", ("normal",)), "history_reviewed": False})
    assert clerk_no.reasons == ("参保人需先办理历史信息审核（6.5）",)  # the catalog's reason


def test_undecided_while_a_condition_is_unconfirmed(catalog):
    s = catalog.get("reg_enroll")
    out = decide(s, "unit", (), all_present(s, "unit"), {})
    assert out.kind is None and set(out.pending_conditions) == {"unit_credit_code_valid", "not_yet_registered"}


def test_flow_without_incomplete_path_refuses_naming_the_material(catalog):
    s = catalog.get("transfer_out")
    ticks = all_present(s, "individual")
    ticks["contact_letter"] = Tick(TickState.defective, "联系函未加盖转入地社保机构印章")
    out = decide(s, "individual", (), ticks, all_met(s, "individual"))
    assert out.kind is OutcomeKind.not_eligible
    assert "联系函未加盖转入地社保机构印章" in out.reasons[0]


def test_decision_is_cheap_enough_for_every_keystroke(catalog):
    s = catalog.get("reg_change")
    variants = tuple(v.code for v in s.variants if "individual" in v.applicant_types)
    ticks = all_present(s, "agent", variants)
    conds = all_met(s, "agent", variants)
    decide(s, "agent", variants, ticks, conds)
    n = 2000
    t0 = time.perf_counter()
    for _ in range(n):
        decide(s, "agent", variants, ticks, conds)
    per_call = (time.perf_counter() - t0) / n
    assert per_call < 0.002  # 2 ms: far below a keystroke (bench_checklist measures it precisely)
