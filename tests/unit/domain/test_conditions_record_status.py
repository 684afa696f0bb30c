"""The 6.1.1.2.2 outcome of the benefit, contribution and transfer-out services decided from the
record's status and the ID's kind (counter_rules.conditions). Review (policy tester): a pension, a
disability allowance, a contribution, a transfer out and an account settlement were accepted for a
person already drawing a pension or deceased; a transfer out for a person never insured here; the
special-work pension dropped 5.6.1.1; the 离境 ground was accepted for a 居民身份证; a null benefit
place failed the death benefit's 最后参保地; a clerk's judgment was printed as a system check."""

from __future__ import annotations

from counter_app.domain.checklist import ConditionResult, decide
from counter_app.domain.conditions import RecordView, evaluate_conditions
from counter_app.reference.catalog import default_catalog
from tests.unit.domain.test_conditions import AS_OF, ON, person

YOUNG = dict(id_number="440304198706151135", birth="1987-06-15", contribution_months=120, deemed_months=0)
FOREIGN_ID = "932682198501010017"          # 外国人永久居留身份证 (policy.md §6)
HK_PERMIT = "810000198001011236"           # 港澳居民居住证


def run(code, rec, *, variants=None, applicant_type="individual", facts=None, answers=None):
    """Every condition of the case and its 6.1.1.2.2 outcome, with every material present and every
    condition the clerk alone judges (联系函, 跨省, 特殊工种审批) answered met unless ``answers`` says."""
    service = default_catalog().get(code)
    if variants is None:
        variants = tuple(v.code for v in service.variants[:1])
    view = RecordView(state="online", person=rec, as_of=AS_OF, person_asked=True)
    plan = service.plan(applicant_type, variants)
    given = {c.code: ConditionResult(True) for c in plan.conditions if (c.rule or c.check or "clerk") == "clerk"}
    given.update(answers or {})
    evs = evaluate_conditions(service, applicant_type, variants, applicant={"id_number": rec.id_number},
                              record=view, facts=facts or {}, answers=given, on=ON)
    ticks = {m.code: "present" for m in plan.materials}
    outcome = decide(service, applicant_type, variants, ticks, {e.code: e.as_condition_result() for e in evs})
    return outcome, {e.code: e for e in evs}


def kind(outcome):
    return outcome.kind.value if outcome.kind else None


# ------------------------------------------------------------------ 1. pension, 病残津贴: not drawing, alive


def test_pension_of_a_pensioner_is_refused_with_the_status():
    outcome, evs = run("pension", person(status="retired"))
    assert kind(outcome) == "not_eligible"
    ev = evs["not_drawing"]
    assert (ev.result, ev.source) == ("unmet", "system")
    assert ev.reasons == ("参保人已在领取基本养老金或病残津贴（档案状态：已退休），不能办理基本养老金核定",)
    assert ev.reasons[0] in outcome.reasons


def test_pension_of_a_deceased_person_is_refused_pointing_to_the_survivors_benefit():
    outcome, evs = run("pension", person(status="deceased"))
    assert kind(outcome) == "not_eligible"
    assert evs["not_drawing"].reasons == (
        "参保人已死亡（档案状态：已死亡），不能办理基本养老金核定，遗属可申请丧葬补助金、抚恤金核定（5.6.1.3）",)


def test_pension_of_an_insured_person_still_accepted():
    outcome, evs = run("pension", person())
    assert kind(outcome) == "accepted"
    assert (evs["not_drawing"].result, evs["not_drawing"].explanation) == ("met", "档案状态：参保缴费，尚未核定领取待遇")


def test_disability_allowance_of_a_deceased_or_retired_person_is_refused():
    under_age = dict(id_number="440305197504181872", birth="1975-04-18", contribution_months=200, deemed_months=0)
    dead, evs = run("disability_allowance", person(status="deceased", **under_age), facts={"lost_capacity": True})
    assert kind(dead) == "not_eligible"
    assert evs["not_drawing"].reasons == (
        "参保人已死亡（档案状态：已死亡），不能办理病残津贴核定，遗属可申请丧葬补助金、抚恤金核定（5.6.1.3）",)
    retired, evs = run("disability_allowance", person(status="retired", **under_age), facts={"lost_capacity": True})
    assert kind(retired) == "not_eligible"
    assert evs["not_drawing"].reasons == ("参保人已在领取基本养老金或病残津贴（档案状态：已退休），不能办理病残津贴核定",)
    alive, _ = run("disability_allowance", person(**under_age), facts={"lost_capacity": True})
    assert kind(alive) == "accepted"


# ------------------------------------------------------------------ 2. 缴费核定: insured or suspended only


def test_contribution_only_for_insured_or_suspended_persons():
    for status in ("insured", "suspended"):
        outcome, evs = run("contribution", person(status=status))
        assert kind(outcome) == "accepted", status
    for status, name in (("retired", "已退休"), ("deceased", "已死亡"), ("cancelled", "已注销"), ("none", "未参保")):
        outcome, evs = run("contribution", person(status=status))
        assert kind(outcome) == "not_eligible", status
        ev = evs["registered"]
        assert (ev.result, ev.source) == ("unmet", "system")
        assert ev.reasons == (f"当前参保状态不能核定缴费：须已在本市参保登记，且为参保缴费或暂停状态（档案状态：{name}）",)
    _, evs = run("contribution", person(status="deceased"))
    assert evs["registered"].explanation == "档案状态：已死亡 → 不在参保缴费或暂停状态"


# ------------------------------------------------------------------ 3. 关系转出: a local relationship to end


def test_transfer_out_needs_a_live_local_relationship():
    for code in ("transfer_out", "temp_transfer_out"):
        for status in ("insured", "suspended"):
            outcome, evs = run(code, person(status=status, **YOUNG))
            assert kind(outcome) == "accepted", (code, status)
            assert (evs["insured_here"].result, evs["insured_here"].source) == ("met", "system")
        for status, name in (("none", "未参保"), ("deceased", "已死亡"), ("retired", "已退休"), ("cancelled", "已注销")):
            outcome, evs = run(code, person(status=status, **YOUNG))   # 联系函 and 跨省 confirmed by the clerk
            assert kind(outcome) == "not_eligible", (code, status)
            assert evs["insured_here"].reasons == (f"没有可转出的本地职工基本养老保险关系（档案状态：{name}）",)


def test_transfer_out_of_a_person_the_registry_does_not_know_is_refused():
    service = default_catalog().get("transfer_out")
    view = RecordView(state="online", person=None, as_of=AS_OF, person_asked=True)
    evs = {e.code: e for e in evaluate_conditions(service, "individual", (), applicant={"id_number": YOUNG["id_number"]},
                                                  record=view, facts={}, answers={}, on=ON)}
    assert evs["insured_here"].result == "unmet"
    assert "未参保（核心业务系统无此人档案）" in evs["insured_here"].reasons[0]


# ------------------------------------------------------------------ 4. 个人账户储存额核定


def test_account_settlement_of_a_pensioner_or_a_deceased_person_is_refused():
    short = dict(contribution_months=150, deemed_months=0)       # 5.6.1.4's age-and-years ground holds
    retired, evs = run("account_settlement", person(status="retired", **short), variants=("insufficient_years",))
    assert kind(retired) == "not_eligible"
    assert evs["not_drawing"].reasons == (
        "参保人已在领取基本养老金或病残津贴（档案状态：已退休），不属于5.6.1.4所列情形，不能办理个人账户储存额核定",)
    dead, evs = run("account_settlement", person(status="deceased", **short), variants=("insufficient_years",))
    assert kind(dead) == "not_eligible"
    assert evs["not_drawing"].reasons == (
        ("参保人已死亡（档案状态：已死亡），不属于5.6.1.4所列情形，不能办理个人账户储存额核定，"
         "遗属可申请丧葬补助金、抚恤金核定（5.6.1.3）"),)
    alive, evs = run("account_settlement", person(**short), variants=("insufficient_years",))
    assert kind(alive) == "accepted" and (evs["rule_5_6_1_4"].result, evs["rule_5_6_1_4"].source) == ("met", "system")


def test_account_settlement_of_a_closed_account_or_of_none_is_refused():
    """Review: a 已注销 record (relationship transferred out, or the account settled already:
    6.3.1.3, 6.3.1.4), a 未参保 one and a person the core system does not know were accepted —
    「尚未核定领取待遇」 — and settled on the spot. The account must be there (6.3.1.1) and open."""
    short = dict(contribution_months=150, deemed_months=0)
    closed, evs = run("account_settlement", person(status="cancelled", **short), variants=("insufficient_years",))
    assert kind(closed) == "not_eligible" and (evs["account_open"].result, evs["account_open"].source) == ("unmet", "system")
    assert evs["account_open"].reasons == ("个人账户不存在或已注销，不能办理个人账户储存额核定（档案状态：已注销）",)
    assert evs["account_open"].reasons[0] in closed.reasons
    never, evs = run("account_settlement", person(status="none", contribution_months=0, deemed_months=0,
                                                  insured_since=None), variants=("insufficient_years",))
    assert kind(never) == "not_eligible" and evs["account_open"].result == "unmet"
    assert "无缴费记录" in evs["account_open"].reasons[0]
    service = default_catalog().get("account_settlement")
    unknown = RecordView(state="online", person=None, as_of=AS_OF, person_asked=True)
    evs = {e.code: e for e in evaluate_conditions(service, "individual", ("insufficient_years",),
                                                  applicant={"id_number": YOUNG["id_number"]}, record=unknown,
                                                  facts={}, answers={}, on=ON)}
    assert evs["account_open"].result == "unmet"
    _open, evs = run("account_settlement", person(**short), variants=("insufficient_years",))
    assert (evs["account_open"].result, evs["account_open"].source) == ("met", "system")


def test_the_departure_ground_is_not_for_a_resident_identity_card():
    outcome, evs = run("account_settlement", person(**YOUNG), variants=("departure",),
                       facts={"hmt_or_foreign_left": True, "nationality_lost": False})
    assert kind(outcome) == "not_eligible"
    ev = evs["rule_5_6_1_4"]
    assert ev.result == "unmet" and ev.facts["hmt_or_foreign_person"] is False
    assert "参保人证件为居民身份证，不属于港澳台及外籍人员，不适用“港澳台及外籍人员离境”情形" in ev.reasons
    assert "参保人证件为居民身份证，不属于港澳台及外籍人员，不适用“港澳台及外籍人员离境”情形" in outcome.reasons


def test_the_departure_ground_holds_for_a_foreigner_or_a_hong_kong_resident():
    for number, birth in ((FOREIGN_ID, "1985-01-01"), (HK_PERMIT, "1980-01-01")):
        rec = person(id_number=number, birth=birth, contribution_months=60, deemed_months=0)
        outcome, evs = run("account_settlement", rec, variants=("departure",),
                           facts={"hmt_or_foreign_left": True, "nationality_lost": False})
        assert kind(outcome) == "accepted", number
        ev = evs["rule_5_6_1_4"]
        # 7. the ground that holds is the clerk's (离境 established from documents): not a system check
        assert (ev.result, ev.source) == ("met", "clerk"), number
        assert ev.facts["hmt_or_foreign_person"] is True


def test_a_clerk_decided_5_6_1_4_is_not_printed_as_a_system_check():
    _, evs = run("account_settlement", person(**YOUNG), variants=("lost_nationality",), facts={"nationality_lost": True})
    assert (evs["rule_5_6_1_4"].result, evs["rule_5_6_1_4"].source) == ("met", "clerk")
    _, evs = run("account_settlement", person(**YOUNG), variants=("lost_nationality",), facts={"nationality_lost": False})
    assert (evs["rule_5_6_1_4"].result, evs["rule_5_6_1_4"].source) == ("unmet", "clerk")
    assert "未丧失中华人民共和国国籍" in evs["rule_5_6_1_4"].reasons


# ------------------------------------------------------------------ 5. 特殊工种: 5.6.1.1 less the age


def test_special_work_pension_keeps_benefit_place_years_and_status():
    special = ("special_work_type",)
    plan = default_catalog().get("pension").plan("individual", special)
    assert {"not_drawing", "rule_5_6_1_1_special_work", "special_work_eligible"} <= {c.code for c in plan.conditions}
    # the age is the clerk's special-work confirmation: a man of 50 with 25 years is not refused for it
    man_of_50 = dict(id_number="440304197604011532", birth="1976-04-01", contribution_months=300, deemed_months=0)
    ok, evs = run("pension", person(**man_of_50), variants=special)
    assert kind(ok) == "accepted"
    assert evs["rule_5_6_1_1_special_work"].result == "met"
    assert "特殊工种提前退休：年龄条件由经办人按审批材料确认" in evs["rule_5_6_1_1_special_work"].explanation
    elsewhere, evs = run("pension", person(benefit_place_shenzhen=False, **man_of_50), variants=special)
    assert kind(elsewhere) == "not_eligible" and evs["rule_5_6_1_1_special_work"].reasons == ("待遇领取地不是深圳市",)
    short, evs = run("pension", person(**{**man_of_50, "contribution_months": 100}), variants=special)
    assert kind(short) == "incomplete"                           # 业务指引: keep contributing, as 5.6.1.1
    assert evs["rule_5_6_1_1_special_work"].reasons[0].startswith("累计缴费年限不足")
    retired, evs = run("pension", person(status="retired", **man_of_50), variants=special)
    assert kind(retired) == "not_eligible" and evs["not_drawing"].result == "unmet"
    refused, _ = run("pension", person(**man_of_50), variants=special,
                     answers={"special_work_eligible": ConditionResult(False, note="工种不在目录")})
    assert kind(refused) == "not_eligible"


# ------------------------------------------------------------------ 6. 最后参保地 is not the benefit place


def test_death_benefit_last_insured_place_is_the_clerks_when_the_record_cannot_tell():
    facts = {"death_cause": "illness", "other_death_benefit_received": False}
    for place in (None, False, True):
        rec = person(status="deceased", benefit_place_shenzhen=place)
        outcome, evs = run("death_benefit", rec, applicant_type="survivor", facts=facts)
        ev = evs["rule_5_6_1_3"]
        assert (ev.result, ev.source, ev.needs_clerk) == ("pending", "clerk", True), place
        assert "须经办人根据材料确认：深圳为最后参保地" in ev.explanation
        assert kind(outcome) is None
        yes, evs = run("death_benefit", rec, applicant_type="survivor", facts={**facts, "last_insured_place_shenzhen": True})
        assert kind(yes) == "accepted" and (evs["rule_5_6_1_3"].result, evs["rule_5_6_1_3"].source) == ("met", "clerk")
        confirmed, _ = run("death_benefit", rec, applicant_type="survivor", facts=facts,
                           answers={"rule_5_6_1_3": ConditionResult(True)})
        assert kind(confirmed) == "accepted"
        no, evs = run("death_benefit", rec, applicant_type="survivor", facts={**facts, "last_insured_place_shenzhen": False})
        assert kind(no) == "not_eligible" and evs["rule_5_6_1_3"].reasons == ("深圳市不是参保人的最后参保地",)


def test_death_benefit_of_a_person_never_insured_here_still_fails_on_the_record():
    outcome, evs = run("death_benefit", person(status="none", contribution_months=0, deemed_months=0),
                       applicant_type="survivor", facts={"death_cause": "illness", "other_death_benefit_received": False})
    assert kind(outcome) == "not_eligible"
    assert (evs["rule_5_6_1_3"].result, evs["rule_5_6_1_3"].source) == ("unmet", "system")
    assert "未在深圳市参加职工基本养老保险" in evs["rule_5_6_1_3"].reasons


# ------------------------------------------------------------------ 5. 个人账户查询


def test_the_query_period_is_the_records_not_the_clerks_choice():
    """Review: 个人账户查询's 情形 — 缴费期间 (6.3.3.1) or 待遇领取期间 (6.3.3.2) — was the clerk's choice,
    never checked: a pensioner got a 缴费期间 对账单 and a contributor a 待遇领取期间 one (a payment
    record of nothing). The record's status decides which fits; the other is refused with the right one."""
    contributing, drawing = ("contribution_phase",), ("pension_phase",)
    out, evs = run("account_query", person(status="retired"), variants=contributing)
    assert kind(out) == "not_eligible" and (evs["query_phase"].result, evs["query_phase"].source) == ("unmet", "system")
    assert evs["query_phase"].reasons == ("参保人已在领取基本养老金，应办理待遇领取期间查询（6.3.3.2）（档案状态：已退休）",)
    assert kind(run("account_query", person(status="retired"), variants=drawing)[0]) == "accepted"
    for status in ("insured", "suspended", "cancelled"):
        out, evs = run("account_query", person(status=status), variants=drawing)
        assert kind(out) == "not_eligible" and "应办理缴费期间查询（6.3.3.1）" in evs["query_phase"].reasons[0], status
        assert kind(run("account_query", person(status=status), variants=contributing)[0]) == "accepted", status
    # a deceased person's: whether they drew a pension is for the clerk to verify from the materials
    out, evs = run("account_query", person(status="deceased"), variants=drawing, answers={})
    assert evs["query_phase"].result == "pending" and evs["query_phase"].needs_clerk and kind(out) is None
    assert kind(run("account_query", person(status="deceased"), variants=contributing)[0]) == "accepted"


def test_the_settlement_holds_on_the_ground_its_case_names():
    """Review: 5.6.1.4 met when any of its three grounds held, whichever the case's 情形 named — a
    case opened as 港澳台及外籍人员离境 for a 居民身份证 holder past the age and short of the minimum
    years was settled, its documents naming a ground that did not hold. The ground chosen must hold;
    when another does, the refusal says to choose it."""
    short = person(contribution_months=150, deemed_months=0)              # born 1962-03: age reached, short
    outcome, evs = run("account_settlement", short, variants=("departure",), facts={"hmt_or_foreign_left": True})
    ev = evs["rule_5_6_1_4"]
    assert kind(outcome) == "not_eligible" and ev.result == "unmet"
    assert "不适用“港澳台及外籍人员离境”情形" in ev.reasons[0]
    assert "所选情形不成立，但符合5.6.1.4的其他情形，请改选办理情形" in ev.reasons
    outcome, evs = run("account_settlement", short, variants=("lost_nationality",), facts={"nationality_lost": False})
    assert kind(outcome) == "not_eligible" and evs["rule_5_6_1_4"].reasons[0] == "未丧失中华人民共和国国籍"
    # the ground that holds, chosen: settled from the ID and the record alone, no clerk's fact needed
    outcome, evs = run("account_settlement", short, variants=("insufficient_years",))
    assert kind(outcome) == "accepted" and (evs["rule_5_6_1_4"].result, evs["rule_5_6_1_4"].source) == ("met", "system")
    # 缴费年限不足 chosen before the age: refused with the age, whatever else the clerk may establish
    outcome, evs = run("account_settlement", person(**YOUNG), variants=("insufficient_years",))
    assert kind(outcome) == "not_eligible" and evs["rule_5_6_1_4"].reasons[0].startswith("未达到法定退休年龄")
    # 离境 chosen and its fact not yet established: the clerk's to confirm, not refused
    _, evs = run("account_settlement", person(id_number=FOREIGN_ID, birth="1985-01-01", contribution_months=60,
                                              deemed_months=0), variants=("departure",))
    assert evs["rule_5_6_1_4"].result == "pending" and evs["rule_5_6_1_4"].needs_clerk
