"""Realistic but FICTIONAL fields for one sample of every document (template review by the agency).

Names, units, ID numbers and codes are made up; the check characters are computed so that the
identifiers pass the format checks, but they belong to nobody.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from counter_app.domain.documents import DocumentKind

if TYPE_CHECKING:
    from counter_rules.catalog import Outcome, Step

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def fictional_id(first17: str) -> str:
    return first17 + _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=False)) % 11]


def fictional_credit_code(first17: str) -> str:
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=False))
    return first17 + _USCC_ALPHABET[(31 - total % 31) % 31]


PERSON = {
    "type": "individual", "name": "林晓梅", "id_kind": "居民身份证", "id_number": fictional_id("44030419700315002"),
    "phone": "13800138000", "address": "深圳市福田区示例路1号示例花园2栋301",
}
# the 基本养老金核准决定书's applicant: a man born 1965-12, whose statutory 退休年月 (60岁3个月, 2026-03)
# is that of :data:`PENSION_INPUTS`
PENSIONER = {**PERSON, "name": "陈国强", "id_number": fictional_id("44030419651215001"),
             "address": "深圳市福田区示例路8号示例苑5栋602"}
UNIT = {
    "type": "unit", "unit_name": "深圳市鹏城示例科技有限公司", "credit_code": fictional_credit_code("91440300MA5EXAMP0"[:17]),
    "name": "黄嘉欣", "id_number": fictional_id("44030319900101567"), "phone": "13800138001",
    "address": "深圳市福田区示例大道88号示例大厦12楼",
}

COMMON = {
    "office": "福田分局", "office_code": "FT", "workstation_id": "FT-W01", "clerk": "王丽",
    "date": "2026-03-05", "case_id": "0195a3c2-7e10-7cc1-9b1e-3f4a5b6c7d8e", "case_no": "FT-W01-20260305-0123",
}

# The service of the catalog that really issues each sample (an outcome or a step names the kind);
# its name, code and the issuing clause go on the sample, as the counter fills them.
SAMPLE_SERVICE = {
    "acceptance_notice": "reg_enroll", "acceptance_notification": "transfer_in", "guidance_notice": "pension",
    "rejection_decision": "reg_enroll", "supplement_list": "pension", "transfer_contact_letter": "transfer_in",
    "transfer_info_sheet": "transfer_out", "temp_transfer_contact_letter": "temp_transfer_in",
    "temp_transfer_info_sheet": "temp_transfer_out", "deemed_years_decision": "history_review",
    "pension_approval_decision": "pension", "pension_denial_decision": "pension", "special_work_publicity": "pension",
    "account_statement": "account_query", "contribution_detail": "contribution",
    "disability_allowance_decision": "disability_allowance", "death_benefit_decision": "death_benefit",
    "certification_notice": "certification", "home_visit_notice": "certification",
}


def issuing_service(kind: DocumentKind | str):
    """(service, clause): the catalog service of :data:`SAMPLE_SERVICE` and the clause of what issues ``kind``."""
    from counter_app.reference.catalog import default_catalog

    kind = DocumentKind(kind)
    service = default_catalog().get(SAMPLE_SERVICE[kind.value])
    items: tuple[Outcome | Step, ...] = (*service.outcomes, *service.steps)
    for item in items:
        if item.document is kind:
            return service, item.clause or service.clause
    raise AssertionError(f"{service.code} does not issue {kind.value}")

MISSING_10 = [
    {"material": "居民身份证", "problem": "复印件不清晰，证件号码无法辨认", "what_to_bring": "携带身份证原件，现场重新复印"},
    {"material": "户口簿", "problem": "未提供本人页", "what_to_bring": "户口簿首页及本人页原件和复印件各1份"},
    {"material": "人事档案", "problem": "缺少招工审批表", "what_to_bring": "由档案保管单位调取招工审批表原件"},
    {"material": "劳动合同", "problem": "2003年至2005年期间合同缺失", "what_to_bring": "该期间劳动合同原件或单位出具的劳动关系证明"},
    {"material": "工资发放记录", "problem": "缺少2004年度记录", "what_to_bring": "单位盖章的2004年度工资发放表"},
    {"material": "基本养老保险参保缴费凭证", "problem": "转出地凭证未盖章", "what_to_bring": "转出地经办机构盖章的参保缴费凭证"},
    {"material": "委托书", "problem": "委托事项填写不完整", "what_to_bring": "重新填写并由委托人签名的委托书"},
    {"material": "代理人身份证", "problem": "已过有效期", "what_to_bring": "代理人有效期内的身份证原件"},
    {"material": "银行卡", "problem": "非本人社保卡金融账户", "what_to_bring": "本人社会保障卡或本人名下银行卡"},
    {"material": "退休申请表", "problem": "未签名、未填写联系电话", "what_to_bring": "本人签名并填写联系电话的申请表"},
]


# 规则事实 (as the core system supplies them) under which each service's rules accept a fictional
# applicant; services whose rules need no facts are absent. For demos, screenshots and tests.
SAMPLE_RULE_FACTS: dict[str, dict[str, object]] = {
    # the months the 核定 figures count (PENSION_INPUTS, ALLOWANCE_INPUTS; 视同 included): one person throughout
    "pension": {"contribution_months": 386, "benefit_place_shenzhen": True, "history_reviewed": True},
    "disability_allowance": {"contribution_months": 212, "benefit_place_shenzhen": True, "history_reviewed": True,
                             "lost_capacity": True},
    "death_benefit": {"insured_in_shenzhen": True, "last_insured_place_shenzhen": True, "deceased": True,
                      "death_cause": "illness", "other_death_benefit_received": False, "history_reviewed": True},
    "account_settlement": {"contribution_months": 100, "nationality_lost": True, "hmt_or_foreign_left": False},
    "history_review": {"insured_in_shenzhen": True, "benefit_place_shenzhen": True, "history_reviewed": False},
}


# What the rules compute the sample 核定 figures from (fictional): the record's months and account,
# the clerk's 平均缴费指数 and 过渡性养老金, the 计发基数 typed (the 2026 base is not yet published:
# the 2025 value, as ``counter-app rules pension --base``), the retirement age in years and months.
# ``counter-app rules pension --age-years 60 --age-months 3 --retire 2026-03 --avg-index 1.2
# --months 386 --account 141883.05 --transitional 286.00 --base 11293`` gives the sample's figures.
PENSION_INPUTS = {"retirement_month": "2026-03", "start_month": "2026-04", "age_years": 60, "age_months": 3,
                  "contribution_months": 386, "base": "11293", "avg_index": "1.2", "account_balance": "141883.05",
                  "transitional": "286.00"}
# 病残津贴 (computed like a pension, 5.6.1.2): the age is the applicant's (PERSON, born 1970-03) at the
# application (2026-03), the 计发月数 of that age; no 过渡性 part.
ALLOWANCE_INPUTS = {"start_month": "2026-04", "age_years": 56, "age_months": 0, "contribution_months": 212,
                    "base": "11293", "avg_index": "1.0", "account_balance": "96520.00", "transitional": "0.00"}


def _estimate(inputs: dict):
    from counter_rules.money import pension_estimate

    return pension_estimate(computation_base=inputs["base"], avg_index=inputs["avg_index"],
                            contribution_months=inputs["contribution_months"], account_balance=inputs["account_balance"],
                            transitional=inputs["transitional"], age_years=inputs["age_years"],
                            age_months=inputs["age_months"])


def sample_pension() -> dict:
    """The 基本养老金核准决定书's ``pension``: :data:`PENSION_INPUTS` and what the rules give for them."""
    est = _estimate(PENSION_INPUTS)
    return {"retirement_month": PENSION_INPUTS["retirement_month"], "start_month": PENSION_INPUTS["start_month"],
            "contribution_months": PENSION_INPUTS["contribution_months"], "months_factor": str(est.months_factor),
            "base": PENSION_INPUTS["base"], "basic": str(est.basic), "personal_account": str(est.personal_account),
            "transitional": str(est.transitional), "total": str(est.total)}


def sample_allowance() -> dict:
    """The 病残津贴核定 form's ``allowance``: :data:`ALLOWANCE_INPUTS` and what the rules give for them."""
    est = _estimate(ALLOWANCE_INPUTS)
    return {"start_month": ALLOWANCE_INPUTS["start_month"], "contribution_months": ALLOWANCE_INPUTS["contribution_months"],
            "account_balance": ALLOWANCE_INPUTS["account_balance"], "avg_index": ALLOWANCE_INPUTS["avg_index"],
            "base": ALLOWANCE_INPUTS["base"], "months_factor": str(est.months_factor), "basic": str(est.basic),
            "personal_account": str(est.personal_account), "transitional": str(est.transitional),
            "monthly": str(est.total)}


def sample_decision_data(service_code: str) -> dict:
    """核定数据 a clerk confirms at the decision step of each 核定 service (the typed form's values,
    grouped as the documents read them); {} for a service without such a step."""
    if service_code == "pension":
        return {"pension": {**sample_pension(), "avg_index": PENSION_INPUTS["avg_index"],
                            "account_balance": PENSION_INPUTS["account_balance"]}}
    if service_code == "disability_allowance":
        return {"allowance": sample_allowance()}
    if service_code == "death_benefit":
        return {"death_benefits": {"death_date": "2026-02-10", "contribution_months": 240,
                                   "actual_contribution_months": 240, "rule_set": "shenzhen", "base": "13730.00",
                                   "dependants": 2, "funeral_grant": "41190.00", "survivor_months": 9,
                                   "survivor_benefit": "123570.00", "total": "164760.00"}}
    if service_code == "account_settlement":
        account = sample_fields(DocumentKind.account_statement)["account"]
        return {"account": {k: account[k] for k in ("year", "opening", "contributions", "interest", "closing")}}
    if service_code == "contribution":
        return {"contributions": dict(sample_fields(DocumentKind.contribution_detail)["contributions"])}
    if service_code in ("transfer_in", "temp_transfer_in", "transfer_out", "temp_transfer_out"):
        # typed at the step that generates the 联系函 (转入) or the 信息表 (转出)
        # (this office's side, Shenzhen, is the office's, never typed)
        if service_code.endswith("_in"):
            transfer = sample_fields(DocumentKind.transfer_contact_letter)["transfer"]
            return {"transfer": {k: transfer[k] for k in ("from_region", "from_agency")}}
        transfer = sample_fields(DocumentKind.transfer_info_sheet)["transfer"]
        return {"transfer": {**{k: transfer[k] for k in ("to_region", "to_agency", "insured_from", "insured_to",
                                                         "actual_contribution_months", "account_balance", "pooled_amount")},
                             # recorded at the 基金划转 step
                             "fund_amount": "109754.57", "fund_date": "2026-01-05"}}
    if service_code == "account_query":
        account = sample_fields(DocumentKind.account_statement)["account"]
        return {"account": {"insured_from": "2012-01", "actual_contribution_months": 165,
                            **{k: account[k] for k in ("balance", "contribution_balance", "drawing_from", "paid_total")}}}
    return {}


# 核定数据 the core system supplies with the facts, by the decision document that prints them
DECISION_DATA = {"pension": "pension_approval_decision", "deemed_years": "deemed_years_decision",
                 "account": "account_statement", "contributions": "contribution_detail",
                 "allowance": "disability_allowance_decision", "death_benefits": "death_benefit_decision"}


def sample_case_facts(code: str) -> dict:
    """What the clerk pastes from the core system for a demo case of service ``code``: the rule
    facts (:data:`SAMPLE_RULE_FACTS`) and the 核定数据 each of its decision documents prints."""
    facts = dict(SAMPLE_RULE_FACTS.get(code, {}))
    for key, kind in DECISION_DATA.items():
        data = copy.deepcopy(_sample_fields(DocumentKind(kind))[key])
        if key == "deemed_years":
            data.pop("delivery", None)        # the 送达方式 is the applicant's choice at the window
        facts[key] = data
    return facts


def _as_catalog_says(kind: DocumentKind) -> dict:
    """受理告知书 / 受理通知书: the 办理时限 and the materials of the issuing service (SAMPLE_SERVICE) for
    the sample's individual applicant, as the catalog (resources/catalog) has them and the counter
    prints them (case_engine.document_fields) — never figures of their own (the 受理通知书 sample said
    20个工作日 and listed 退休申请表 where transfer_in has 45个工作日 and no such material)."""
    service, _ = issuing_service(kind)
    from counter_rules.terms import StepKind

    limit = service.time_limit_for(PERSON["type"])
    plan = service.plan(PERSON["type"], ())
    out = {"time_limit": limit.text(), "time_limit_basis": limit.basis(), "materials": [m.name for m in plan.materials]}
    if kind is DocumentKind.acceptance_notice:
        out.update(instant=limit.instant,
                   delivered=any(st.kind in (StepKind.delivery, StepKind.served) for st in plan.steps))
    return out


def sample_fields(kind: DocumentKind | str) -> dict:
    kind = DocumentKind(kind)
    d = _sample_fields(kind)
    service, clause = issuing_service(kind)
    d.update(service_code=service.code, service_name=service.name, clause=clause)
    return d


def _f(**kind_fields) -> dict:
    d: dict[str, Any] = copy.deepcopy(COMMON)
    d["applicant"] = copy.deepcopy(PERSON)
    d.update(kind_fields)
    return d


def _sample_fields(kind: DocumentKind) -> dict:
    K = DocumentKind
    if kind in (K.acceptance_notice, K.acceptance_notification):
        return _f(**_as_catalog_says(kind))
    if kind is K.guidance_notice:
        return _f(missing_items=copy.deepcopy(MISSING_10))
    if kind is K.rejection_decision:
        return _f(reasons=["申请人已在本市参保，不属于新参保登记对象", "所提交的劳动合同用人单位与申报单位不一致"])
    if kind is K.supplement_list:
        return _f(deadline="2026-03-20", missing_items=copy.deepcopy(MISSING_10[:3]))
    if kind in (K.transfer_contact_letter, K.temp_transfer_contact_letter, K.transfer_info_sheet, K.temp_transfer_info_sheet):
        transfer = {
            "direction": "in", "from_region": "湖南省长沙市", "to_region": "广东省深圳市",
            "from_agency": "长沙市示例区社会保险经办机构", "to_agency": "深圳市社会保险基金管理局福田分局",
            "insured_from": "2008-07", "insured_to": "2019-12", "actual_contribution_months": 138,
            "account_balance": "48230.57", "pooled_amount": "61524.00",
            "account_name": "深圳市社会保险基金管理局", "bank": "示例银行深圳分行", "bank_account": "4403 0000 0000 0000 000",
            "contact_address": "深圳市福田区示例路100号", "contact_phone": "0755-00000000", "postcode": "518000",
            "rows": [{"year": y, "months": 12, "base": b, "individual": str(round(float(b) * 0.08 * 12, 2)),
                      "pooled": str(round(float(b) * 0.12 * 12, 2))}
                     for y, b in ((2015, "3200"), (2016, "3500"), (2017, "3800"), (2018, "4100"), (2019, "4400"))],
        }
        if kind in (K.transfer_info_sheet, K.temp_transfer_info_sheet):    # 转出: Shenzhen sends it to the receiving agency
            transfer.update(direction="out", from_region="广东省深圳市", to_region="湖南省长沙市",
                            from_agency="深圳市社会保险基金管理局福田分局", to_agency="长沙市示例区社会保险经办机构")
        return _f(transfer=transfer)
    if kind is K.deemed_years_decision:
        return _f(deemed_years={
            "periods": [{"start": "1988-09", "end": "1992-12", "unit": "深圳市示例国营电子厂", "months": 52},
                        {"start": "1993-01", "end": "1995-06", "unit": "深圳市示例物资公司", "months": 30}],
            "total_months": 82, "delivery": "mail"})
    if kind is K.pension_approval_decision:
        return _f(pension=sample_pension(), applicant=copy.deepcopy(PENSIONER))
    if kind is K.pension_denial_decision:
        return _f(reasons=["特殊工种提前退休公示期间收到异议，经核查，申请人从事特殊工种的年限不足规定年限"])
    if kind is K.special_work_publicity:
        applicant = copy.deepcopy(PERSON)
        applicant["unit_name"] = "深圳市示例化工有限公司"
        return _f(applicant=applicant, publicity={
            "start": "2026-03-06", "end": "2026-03-12", "work_type": "高温作业（炼钢工）", "years": "10年2个月",
            "contact": "0755-00000001"})
    if kind is K.certification_notice:
        return _f(certification={
            "certified_on": "2026-03-05", "method": "fingerprint", "method_name": "指纹比对", "channel": "window",
            "channel_name": "窗口认证", "valid_until": "2027-03-31", "previous_valid_until": "2026-01-31",
            "resumption": True, "suspension": "lapse", "back_pay_months": ["2026-02"]})
    if kind is K.home_visit_notice:
        return _f(home_visit={"request_id": "0190f0a2-7c1e-7d3a-9b2e-5a6c7d8e9f01", "requested_on": "2026-03-05",
                              "reason": "行动不便，家属代为申请"})
    if kind is K.account_statement:
        rows = [{"month": f"2025-{m:02d}", "base": "8000.00", "individual": "640.00", "employer": "0.00", "amount": "640.00"}
                for m in range(1, 13)]
        return _f(account={
            "year": 2025, "personal_no": "FT0012345678", "insured_from": "2012-01", "actual_contribution_months": 165,
            "opening": "102345.67", "contributions": "7680.00",
            "interest": "1592.13", "closing": "111617.80", "rows": rows,
            # 6.3.3.2: the applicant draws a pension since 2025-10: the account pays part of it
            "period": "drawing", "contribution_balance": "111617.80", "drawing_from": "2025-10",
            "payments": [{"month": f"2025-{m:02d}", "amount": "812.97"} for m in (10, 11, 12)],
            "paid_total": "2438.91", "balance": "109178.89"})
    if kind is K.contribution_detail:
        people = [("陈志远", "44030519880808123", "12000"), ("赵雨桐", "44030619920214234", "8600"),
                  ("孙浩然", "44030719950630345", "6500"), ("周欣怡", "44030819970911456", "4775")]
        rows = []
        for name, id17, base in people:
            b = float(base)
            rows.append({"name": name, "id_number": fictional_id(id17), "base": base,
                         "employer": f"{b * 0.16:.2f}", "individual": f"{b * 0.08:.2f}"})
        d = _f(contributions={"period": "2026-02", "employer_rate": "16%", "individual_rate": "8%", "rows": rows})
        d["applicant"] = copy.deepcopy(UNIT)
        return d
    if kind is K.disability_allowance_decision:
        a = sample_allowance()
        return _f(allowance={
            "start_month": a["start_month"], "contribution_months": a["contribution_months"], "monthly": a["monthly"],
            "items": [{"name": "基础部分", "amount": a["basic"]}, {"name": "个人账户部分", "amount": a["personal_account"]}],
            "rule": "按基本养老金计发办法计发（计发月数按申领时年龄）",
            "parameters": [{"label": "深圳市基本养老金计发基数（元/月）", "value": a["base"], "effective_from": "2025-01-01",
                            "unit": "元/月"}]})
    if kind is K.death_benefit_decision:
        from counter_rules.money import funeral_and_survivor

        benefits = funeral_and_survivor("national", "4511.00", contribution_months=212).as_dict()
        benefits.update(death_date="2026-02-10", parameters=[
            # as the rules name it (policy-params.toml death_benefit.province_disposable_income)
            {"label": "广东省上年度城镇居民月人均可支配收入（国家办法计发基数，元/月）", "value": "4511.00",
             "effective_from": "2026-01-01", "unit": "元/月"}])
        survivor = copy.deepcopy(PERSON)
        survivor.update(type="survivor", agent_name="林晓东", agent_id_number=fictional_id("44030419720601003"))
        return _f(applicant=survivor, death_benefits=benefits)
    raise AssertionError(kind)


def sample_number(kind: DocumentKind | str, seq: int = 123) -> str:
    from counter_app.domain.documents import DOCUMENTS

    return f"深社保福田〔2026〕{DOCUMENTS[DocumentKind(kind)].word}第FT-W01-SMPL-{seq:06d}号"
