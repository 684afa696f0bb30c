"""Document kinds (文书种类) the counter issues, shared by the flow engine and the notice printer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from typing import Any


class DocumentKind(str, Enum):
    acceptance_notice = "acceptance_notice"                    # 受理告知书
    acceptance_notification = "acceptance_notification"        # 受理通知书
    guidance_notice = "guidance_notice"                        # 业务指引告知书（一次性告知）
    rejection_decision = "rejection_decision"                  # 不予受理决定书
    supplement_list = "supplement_list"                        # 补齐补正材料清单
    transfer_contact_letter = "transfer_contact_letter"        # 基本养老保险缴费账户转移联系函
    transfer_info_sheet = "transfer_info_sheet"                # 基本养老保险缴费账户转移接续信息表
    temp_transfer_contact_letter = "temp_transfer_contact_letter"  # 临时基本养老保险缴费账户转移联系函
    temp_transfer_info_sheet = "temp_transfer_info_sheet"      # 临时基本养老保险缴费账户转移接续信息表
    deemed_years_decision = "deemed_years_decision"            # 深圳市企业职工养老保险视同缴费年限核准决定书
    pension_approval_decision = "pension_approval_decision"    # 深圳市企业职工养老保险金核准决定书
    pension_denial_decision = "pension_denial_decision"        # 深圳市企业职工养老保险金不予认定决定书
    disability_allowance_decision = "disability_allowance_decision"  # 病残津贴核准决定书（6.6.1.2.2）
    death_benefit_decision = "death_benefit_decision"          # 丧葬补助金、抚恤金核准决定书（6.6.1.3.2）
    special_work_publicity = "special_work_publicity"          # 特殊工种提前退休公示
    account_statement = "account_statement"                    # 个人账户对账单（6.3.3）
    contribution_detail = "contribution_detail"                # 缴费明细（6.2.1.1 c）
    certification_notice = "certification_notice"              # 资格认证结果告知单（5.6.3；标准未规定文书）
    home_visit_notice = "home_visit_notice"                    # 上门认证申请告知单（5.6.3 a；标准未规定文书）


@dataclass(frozen=True)
class DocumentInfo:
    title: str            # 文书标题
    word: str             # 文号中的字，如「深社保受字」
    decision: bool        # 行政决定：须告知复议、诉讼权利


DOCUMENTS: dict[DocumentKind, DocumentInfo] = {
    DocumentKind.acceptance_notice: DocumentInfo("受理告知书", "受告", False),
    DocumentKind.acceptance_notification: DocumentInfo("受理通知书", "受通", False),
    DocumentKind.guidance_notice: DocumentInfo("业务指引告知书", "指引", False),
    DocumentKind.rejection_decision: DocumentInfo("不予受理决定书", "不受", True),
    DocumentKind.supplement_list: DocumentInfo("补齐补正材料清单", "补正", False),
    DocumentKind.transfer_contact_letter: DocumentInfo("基本养老保险缴费账户转移联系函", "联系", False),
    DocumentKind.transfer_info_sheet: DocumentInfo("基本养老保险缴费账户转移接续信息表", "信息", False),
    DocumentKind.temp_transfer_contact_letter: DocumentInfo("临时基本养老保险缴费账户转移联系函", "临联", False),
    DocumentKind.temp_transfer_info_sheet: DocumentInfo("临时基本养老保险缴费账户转移接续信息表", "临信", False),
    DocumentKind.deemed_years_decision: DocumentInfo("深圳市企业职工养老保险视同缴费年限核准决定书", "视核", True),
    DocumentKind.pension_approval_decision: DocumentInfo("深圳市企业职工养老保险金核准决定书", "待核", True),
    DocumentKind.pension_denial_decision: DocumentInfo("深圳市企业职工养老保险金不予认定决定书", "不认", True),
    # 6.6.1.2.2 and 6.6.1.3.2 send these services through 6.6.1.1.1.2, whose decision is the pension's;
    # each benefit gets the same decision in its own words (a monthly allowance, one-off grants).
    DocumentKind.disability_allowance_decision: DocumentInfo("深圳市企业职工病残津贴核准决定书", "病核", True),
    DocumentKind.death_benefit_decision: DocumentInfo("深圳市企业职工丧葬补助金、抚恤金核准决定书", "丧核", True),
    DocumentKind.special_work_publicity: DocumentInfo("特殊工种提前退休公示", "公示", False),
    DocumentKind.account_statement: DocumentInfo("职工基本养老保险个人账户对账单", "账单", False),
    DocumentKind.contribution_detail: DocumentInfo("职工基本养老保险缴费明细", "明细", False),
    # 5.6.3 / 6.6.3 name no document for a certification: the receipt an agency gives at the window
    DocumentKind.certification_notice: DocumentInfo("养老保险待遇资格认证结果告知单", "认证", False),
    # 5.6.3 a) 上门: the receipt for a home-visit request raised at the window (no certification result)
    DocumentKind.home_visit_notice: DocumentInfo("养老保险待遇资格认证上门认证申请告知单", "上门", False),
}

# The standard as printed on its cover: number, then title. 办理依据 names it, then the clause.
STANDARD_NUMBER = "DB4403/T 254.1—2022"
STANDARD_TITLE = "社会保险经办服务规范 第1部分：职工基本养老保险"
_BARE_CLAUSE = re.compile(r"^\d+(\.\d+)*[a-z)）]*$")


def basis_text(clause: str) -> str:
    """办理依据: ``6.1.1.2.2`` → DB4403/T 254.1—2022《社会保险经办服务规范 第1部分：职工基本养老保险》第6.1.1.2.2条.

    Several clauses may be given separated by ``、``; text that already names the standard is kept."""
    clause = (clause or "").strip()
    if not clause:
        return ""
    if STANDARD_NUMBER in clause:
        return clause
    parts = [p.strip() for p in re.split(r"[、,，]", clause) if p.strip()]
    if all(_BARE_CLAUSE.match(p) for p in parts):
        clause = "、".join(f"第{p}条" for p in parts)
    return f"{STANDARD_NUMBER}《{STANDARD_TITLE}》{clause}"


# Content fields every document carries (the flow engine fills them from the case):
#   office (分局名称), office_code, workstation_id, clerk (经办人), date (YYYY-MM-DD),
#   case_id, case_no (办件编号), service_code, service_name, clause,
#   applicant: {type: unit|individual|survivor|agent, name, id_number, id_kind,
#               unit_name, credit_code, phone, address}
# Kind-specific fields:
#   guidance_notice / supplement_list: missing_items: [{material, problem, what_to_bring, condition}] —
#       ``condition`` true: a 受理条件 not met but guided (业务指引: 缴费年限不足, 历史信息未审核), its
#       ``material`` the condition's text and ``what_to_bring`` what to do first; absent: a material
#   guidance_notice: pending_conditions: [str] — the 受理条件 (their text) not verified yet, to be
#       verified when the materials are brought (absent: none)
#   rejection_decision / pension_denial_decision: reasons: [str]
#   every decision (DocumentInfo.decision): review_body, court — the office's 行政复议机关 and the
#       court its remedy paragraph names, when the agency set them (reference data set ``offices``,
#       counter_rules.offices); absent: the general wording (依法 / 依法向人民法院)
#   rejection_decision: materials_returned_on_site: bool — decided at the window (the clerk, or a
#       supervisor's 现场授权 there): the materials were handed back on the spot; false when approved
#       later on the centre (集中授权) and printed when the decision arrives; absent reads as true
#   acceptance_notice / acceptance_notification: time_limit (e.g. "即时办结" / "20个工作日"), materials: [str]
#   transfer_*: transfer: {direction, from_region, to_region, from_agency, to_agency, ...}
#   deemed_years_decision: deemed_years: {periods: [{start, end, unit, months}], total_months, delivery}
#   pension_approval_decision: pension: {basic, personal_account, transitional, total, months_factor,
#                                         retirement_month, contribution_months, ...}
#   disability_allowance_decision: allowance: {start_month, contribution_months, monthly, items: [{name, amount}],
#                                              rule: str, parameters: [{key, value, effective_from, status}]}
#   death_benefit_decision: death_benefits: money.DeathBenefits.as_dict() + {death_date, deceased_name}
#   special_work_publicity: publicity: {start, end, work_type, years, contact}
#   home_visit_notice: home_visit: {request_id, requested_on, reason} (the 上门认证申请 step's data)
#   account_statement: account: {balance, insured_from, actual_contribution_months (the record's, confirmed
#                                at the step), year, opening, contributions, interest, closing, rows: [...],
#                                period: "contributing" | "drawing", drawing period (6.3.3.2):
#                                payments: [{month, amount}], paid_total, balance}
#   contribution_detail: contributions: {period, employer_rate, individual_rate, and the core system's
#                        rows: [{name, id_number, base, employer, individual}] or the window's 核定
#                        base, employer, individual, total (one row: the 参保人, else the unit)}


# Facts a document cannot be produced without: (path in its fields, what the clerk must supply).
# A document missing one is refused when it is issued, so its step is not 完成 and the case stays
# open, and the refusal names what is missing (the printer's templates check the same).
_TRANSFER_FACTS = (("transfer.from_region", "转出地"), ("transfer.from_agency", "转出地社保经办机构"),
                   ("transfer.to_region", "转入地"), ("transfer.to_agency", "转入地社保经办机构"))
REQUIRED_FACTS: dict[DocumentKind, tuple[tuple[str, str], ...]] = {
    DocumentKind.guidance_notice: (("missing_items", "需补齐补正的材料"),),
    DocumentKind.supplement_list: (("missing_items", "需补齐补正的材料"),),
    DocumentKind.rejection_decision: (("reasons", "不予受理的理由"),),
    DocumentKind.pension_denial_decision: (("reasons", "不予认定的理由"),),
    DocumentKind.deemed_years_decision: (("deemed_years.periods", "核准的视同缴费期间"),),
    DocumentKind.pension_approval_decision: (("pension.total", "核定的养老金月标准（合计）"),),
    DocumentKind.disability_allowance_decision: (("allowance.monthly", "核定的病残津贴月标准"),),
    DocumentKind.death_benefit_decision: (("death_benefits.total", "核定的丧葬补助金、抚恤金金额（合计）"),),
    DocumentKind.certification_notice: (("certification.valid_until", "认证有效期至"),),
    DocumentKind.home_visit_notice: (("home_visit.request_id", "上门认证申请编号"),),
    # 6.2.1.1 b) c): the 缴费明细 pushed to the collector lists amounts determined at b) — the core
    # system's per-person rows, or the window's 核定 (its 单位缴费 and 个人缴费)
    DocumentKind.contribution_detail: (("contributions.rows|contributions.employer", "核定的单位缴费金额"),
                                       ("contributions.rows|contributions.individual", "核定的个人缴费金额")),
    # 6.3.3.1 / 6.3.3.2: a 对账单 always gives the 个人账户储存额: the balance a 查询 gives, or the year's
    # 本年末储存额 a 储存额核定 (5.6.1.4) settles (one path or the other: "a|b")
    DocumentKind.account_statement: (("account.balance|account.closing", "个人账户储存额"),),
    # 6.4.1.1.1.2 / 6.4.2.1.1.2: the 联系函 is sent to the 转出地 agency; 6.4.1.2.2 / 6.4.2.2.2: the
    # 信息表 to the 转入地 agency. Both name the two places and the two agencies (typed at the step).
    **dict.fromkeys((DocumentKind.transfer_contact_letter, DocumentKind.transfer_info_sheet,
                     DocumentKind.temp_transfer_contact_letter, DocumentKind.temp_transfer_info_sheet), _TRANSFER_FACTS),
}


def missing_facts(kind: DocumentKind | str, fields: dict[str, Any], *, paths: bool = True) -> list[str]:
    """What ``fields`` lacks for document ``kind``, each as "label（path）" (``paths=False``: the Chinese
    label alone, as a refusal shown to the clerk names it) — empty when complete."""
    kind = DocumentKind(kind)
    out = []
    for path, label in (("clause", "办理依据"),) + REQUIRED_FACTS.get(kind, ()):
        if not any(_present(fields, one) for one in path.split("|")):
            out.append(f"{label}（{path}）" if paths else label)
    return out


def _present(fields: dict[str, Any], path: str) -> bool:
    value: object = fields
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return not (value in (None, "", [], {}) or (isinstance(value, str) and not value.strip()))
