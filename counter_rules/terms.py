"""The rules' vocabulary: who applies, what a step is, the outcomes, the approval points, a
material's tick. Enums and their Chinese names only, so a screen can name things without loading
the catalog model, the checklist or the decision data (they re-export these names).
"""

from __future__ import annotations

from enum import Enum
from typing import ClassVar, Mapping


class Worded(str):
    """A sentence the rules compose, kept as data: the Chinese as the string (the CLI, the log and
    the stored text read it as before), with its ``code`` (a key of the subclass's ``TEMPLATES``)
    and ``params``, so the counter's window words it again in the clerk's language."""

    TEMPLATES: ClassVar[Mapping[str, str]] = {}
    code: str
    params: tuple[str, ...]

    def __new__(cls, code: str, *params: object) -> "Worded":
        texts = tuple(p if isinstance(p, str) else str(p) for p in params)
        worded = super().__new__(cls, cls.TEMPLATES[code].format(*texts))
        worded.code, worded.params = code, texts
        return worded


class ApplicantType(str, Enum):
    unit = "unit"                # 参保单位
    individual = "individual"    # 参保人
    survivor = "survivor"        # 遗属
    agent = "agent"              # 代办人（受委托办理）


APPLICANT_TYPE_NAMES = {
    ApplicantType.unit: "参保单位",
    ApplicantType.individual: "参保人",
    ApplicantType.survivor: "遗属",
    ApplicantType.agent: "代办人",
}


def applicant_type_name(value: str) -> str:
    try:
        return APPLICANT_TYPE_NAMES[ApplicantType(value)]
    except ValueError:
        return value


class OutcomeKind(str, Enum):
    """Outcomes of a case. The first three are the 6.1.1.2.2 acceptance outcomes."""

    accepted = "accepted"            # 受理
    incomplete = "incomplete"        # 材料不齐全（一次性告知）
    not_eligible = "not_eligible"    # 不符合受理条件（不予受理）
    completed = "completed"          # 办结
    denied = "denied"                # 不予认定


OUTCOME_NAMES = {
    OutcomeKind.accepted: "受理",
    OutcomeKind.incomplete: "材料不齐全",
    OutcomeKind.not_eligible: "不符合受理条件",
    OutcomeKind.completed: "办结",
    OutcomeKind.denied: "不予认定",
}

ACCEPTANCE_OUTCOMES = (OutcomeKind.accepted, OutcomeKind.incomplete, OutcomeKind.not_eligible)


class StepKind(str, Enum):
    """What a service step is; the engine treats some kinds specially."""

    process = "process"                        # 办理（登记、变更、核定、结算…）
    review = "review"                          # 人工审核申请材料
    fingerprint = "fingerprint"                # 采集指纹（6.6.1.1.2.3）
    publicity = "publicity"                    # 公示（6.6.1.1.1.3）
    verification = "verification"              # 公示有异议时核查
    letter_generated = "letter_generated"      # 生成联系函
    letter_sent = "letter_sent"                # 传送联系函
    sheet_awaited = "sheet_awaited"            # 等待信息表
    sheet_received = "sheet_received"          # 收到信息表
    sheet_reviewed = "sheet_reviewed"          # 审核信息表
    sheet_generated = "sheet_generated"        # 生成信息表
    sheet_sent = "sheet_sent"                  # 传送信息表
    fund_transfer = "fund_transfer"            # 基金划转
    termination = "termination"                # 终止本地养老保险关系
    continuation = "continuation"              # 接续养老保险关系
    delivery = "delivery"                      # 登记送达方式（6.5.1.3：根据服务对象意愿，邮寄或窗口自取）
    served = "served"                          # 送达（6.5.2.3：服务办结后送达）— the only kind after 办结
    push_collection = "push_collection"        # 推送社会保险费征收机构


class Escalation(str, Enum):
    """Points where supervisor approval may be required (审批点)."""

    rejection = "rejection"                    # 不予受理决定
    denial = "denial"                          # 不予认定决定
    publicity_objection = "publicity_objection"  # 公示期间有异议
    info_sheet_review = "info_sheet_review"    # 审核收到的信息表
    fingerprint_unavailable = "fingerprint_unavailable"  # 指纹无法采集
    condition_override = "condition_override"  # 改判系统核验的受理条件
    benefit_decision = "benefit_decision"      # 待遇核定（补发月数 / 金额超过参数）
    reg_cancel = "reg_cancel"                  # 注销参保
    reprint = "reprint"                        # 补打决定书类文书
    payment_suspension = "payment_suspension"  # 暂停发放（资格认证过期 / 服刑；中心提出）
    payment_resumption = "payment_resumption"  # 恢复发放（重新认证后，含补发）


ESCALATION_NAMES = {
    Escalation.rejection: "不予受理决定",
    Escalation.denial: "不予认定决定",
    Escalation.publicity_objection: "公示期间有异议",
    Escalation.info_sheet_review: "审核收到的转移接续信息表",
    Escalation.fingerprint_unavailable: "指纹无法采集",
    Escalation.condition_override: "改判系统核验的受理条件",
    Escalation.benefit_decision: "待遇核定（补发或金额超过限额）",
    Escalation.reg_cancel: "注销参保",
    Escalation.reprint: "补打决定书",
    Escalation.payment_suspension: "暂停发放",
    Escalation.payment_resumption: "恢复发放（含补发）",
}

# Approval points gated whatever a published authorisation table says (7.3.2 实行业务分级管理、
# 审批权限分级授权): the lowest level each needs. A table may ask more, never less — a table
# published without the rule (or with level 0) cannot let a clerk alone issue a 不予认定决定书.
MINIMUM_LEVELS: dict[Escalation, int] = {
    Escalation.denial: 1,
}


class TickState(str, Enum):
    present = "present"        # 已提交且符合要求
    missing = "missing"        # 未提交
    defective = "defective"    # 已提交但不符合要求（过期、复印不清、未盖章…）


TICK_NAMES = {TickState.present: "已提交", TickState.missing: "未提交", TickState.defective: "不符合要求"}
