"""The domain's words (case states, step results, approval points, roles) in the clerk's language.

The domain and the protocol name things in Chinese (``counter_protocol.cases.STATE_NAMES``,
``counter_rules.terms.ESCALATION_NAMES``, ``domain.terms.RESULT_NAMES``, ``domain.case_engine.ACTION_NAMES``,
``app_context.ROLE_NAMES``, ``counter_protocol.complaints.STAGE_NAMES``); they are translated here, at the UI boundary. The literals below are
for lupdate (the same Chinese words, context ``Words``); tests/unit/app/test_translations.py checks
that every word of those tables is listed, so a new state or result cannot stay Chinese in English.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

WORDS = (
    # case states (counter_protocol.cases.STATE_NAMES)
    QT_TRANSLATE_NOOP("Words", "草稿"), QT_TRANSLATE_NOOP("Words", "受理审核"),
    QT_TRANSLATE_NOOP("Words", "材料不齐全（已退回）"), QT_TRANSLATE_NOOP("Words", "不予受理"),
    QT_TRANSLATE_NOOP("Words", "已受理（办理中）"), QT_TRANSLATE_NOOP("Words", "办结"),
    QT_TRANSLATE_NOOP("Words", "不予认定"), QT_TRANSLATE_NOOP("Words", "归档"),
    # acceptance outcomes (counter_rules.terms.OUTCOME_NAMES; 办结 and 不予认定 are above)
    QT_TRANSLATE_NOOP("Words", "受理"), QT_TRANSLATE_NOOP("Words", "材料不齐全"),
    QT_TRANSLATE_NOOP("Words", "不符合受理条件"),
    # step results (domain.terms.RESULT_NAMES)
    QT_TRANSLATE_NOOP("Words", "完成"), QT_TRANSLATE_NOOP("Words", "未能完成"),
    QT_TRANSLATE_NOOP("Words", "经审批免于采集"), QT_TRANSLATE_NOOP("Words", "公示开始"),
    QT_TRANSLATE_NOOP("Words", "公示无异议"), QT_TRANSLATE_NOOP("Words", "公示有异议"),
    QT_TRANSLATE_NOOP("Words", "核查符合办理要求"), QT_TRANSLATE_NOOP("Words", "核查不符合办理要求"),
    QT_TRANSLATE_NOOP("Words", "需补齐补正材料"), QT_TRANSLATE_NOOP("Words", "审核通过"),
    QT_TRANSLATE_NOOP("Words", "已补齐补正"),
    QT_TRANSLATE_NOOP("Words", "审核不通过"),      # domain.terms.KIND_RESULT_NAMES
    # what a case transition did (domain.case_engine.ACTION_NAMES; 不予受理, 办结, 不予认定 and 归档 are above)
    QT_TRANSLATE_NOOP("Words", "新建办件"), QT_TRANSLATE_NOOP("Words", "提交受理审核"),
    QT_TRANSLATE_NOOP("Words", "补齐材料后重新提交"), QT_TRANSLATE_NOOP("Words", "予以受理"),
    QT_TRANSLATE_NOOP("Words", "退回材料（一次性告知）"),
    # approval points (counter_rules.terms.ESCALATION_NAMES)
    QT_TRANSLATE_NOOP("Words", "不予受理决定"), QT_TRANSLATE_NOOP("Words", "不予认定决定"),
    QT_TRANSLATE_NOOP("Words", "公示期间有异议"), QT_TRANSLATE_NOOP("Words", "审核收到的转移接续信息表"),
    QT_TRANSLATE_NOOP("Words", "指纹无法采集"), QT_TRANSLATE_NOOP("Words", "改判系统核验的受理条件"),
    QT_TRANSLATE_NOOP("Words", "待遇核定（补发或金额超过限额）"), QT_TRANSLATE_NOOP("Words", "注销参保"),
    QT_TRANSLATE_NOOP("Words", "补打决定书"), QT_TRANSLATE_NOOP("Words", "暂停发放"),
    QT_TRANSLATE_NOOP("Words", "恢复发放（含补发）"),
    # roles (app_context.ROLE_NAMES)
    QT_TRANSLATE_NOOP("Words", "窗口经办"), QT_TRANSLATE_NOOP("Words", "审核主管"),
    QT_TRANSLATE_NOOP("Words", "上门认证"), QT_TRANSLATE_NOOP("Words", "系统管理"),
    QT_TRANSLATE_NOOP("Words", "审计"),
    # approval grades (domain.authorisation.LEVEL_NAMES)
    QT_TRANSLATE_NOOP("Words", "科长"), QT_TRANSLATE_NOOP("Words", "中心主任"),
    # applicant types (counter_rules.terms.APPLICANT_TYPE_NAMES) and the fields a submission requires
    # (domain.case_engine.REQUIRED_APPLICANT_FIELDS), named in a refusal
    QT_TRANSLATE_NOOP("Words", "参保单位"), QT_TRANSLATE_NOOP("Words", "参保人"),
    QT_TRANSLATE_NOOP("Words", "遗属"), QT_TRANSLATE_NOOP("Words", "代办人"),
    QT_TRANSLATE_NOOP("Words", "单位名称"), QT_TRANSLATE_NOOP("Words", "统一社会信用代码"),
    QT_TRANSLATE_NOOP("Words", "参保人姓名"), QT_TRANSLATE_NOOP("Words", "参保人证件号码"),
    QT_TRANSLATE_NOOP("Words", "代办人姓名"), QT_TRANSLATE_NOOP("Words", "代办人证件号码"),
    QT_TRANSLATE_NOOP("Words", "申请人（遗属）姓名"), QT_TRANSLATE_NOOP("Words", "申请人（遗属）证件号码"),
    # what is wrong with a material (counter_rules.checklist.decide), named in a refusal reason
    QT_TRANSLATE_NOOP("Words", "所提交材料不符合要求"),
    # the amounts a 缴费核定 decides (counter_rules.decision_data._contribution_results)
    QT_TRANSLATE_NOOP("Words", "核定缴费基数"), QT_TRANSLATE_NOOP("Words", "单位缴费"),
    QT_TRANSLATE_NOOP("Words", "个人缴费"),
    # a field visit's results (counter_protocol.field.RESULTS), listed in a refusal
    QT_TRANSLATE_NOOP("Words", "认证通过（本人健在）"), QT_TRANSLATE_NOOP("Words", "未找到本人"),
    QT_TRANSLATE_NOOP("Words", "已死亡"), QT_TRANSLATE_NOOP("Words", "已迁出"),
    QT_TRANSLATE_NOOP("Words", "拒绝认证"), QT_TRANSLATE_NOOP("Words", "其他"),
    # print job states and why a job waits (printing.printqueue.STATE_ZH, REASON_ZH)
    QT_TRANSLATE_NOOP("Words", "排队中"), QT_TRANSLATE_NOOP("Words", "打印中"),
    QT_TRANSLATE_NOOP("Words", "已完成"), QT_TRANSLATE_NOOP("Words", "等待处理"),
    QT_TRANSLATE_NOOP("Words", "已取消"),
    QT_TRANSLATE_NOOP("Words", "打印机脱机"), QT_TRANSLATE_NOOP("Words", "缺纸"),
    QT_TRANSLATE_NOOP("Words", "打印出错"),
    # the stages of a 差评工单 (counter_protocol.complaints.STAGE_NAMES), shown in the approvals tab
    QT_TRANSLATE_NOOP("Words", "已受理"), QT_TRANSLATE_NOOP("Words", "已核实"),
    QT_TRANSLATE_NOOP("Words", "已整改"), QT_TRANSLATE_NOOP("Words", "已反馈"),
    QT_TRANSLATE_NOOP("Words", "已回访（办结）"),
    # 人工审核: an item's state and clause (counter_protocol.reviews.STATE_NAMES, CLAUSES; 审核通过 and
    # 不予受理 are above)
    QT_TRANSLATE_NOOP("Words", "待初审"), QT_TRANSLATE_NOOP("Words", "待复核"),
    QT_TRANSLATE_NOOP("Words", "需补齐补正"),
    QT_TRANSLATE_NOOP("Words", "参保登记（网上申请不符合网上办结条件）人工审核"),
    QT_TRANSLATE_NOOP("Words", "智慧化转入申请材料人工审核"),
    QT_TRANSLATE_NOOP("Words", "历史信息审核（视同缴费年限）人工审核"),
    QT_TRANSLATE_NOOP("Words", "基本养老金（病残津贴、丧葬补助金和抚恤金）申请材料人工审核"),
)


def word(chinese: str) -> str:
    """One of the domain's Chinese words, in the language of the UI (itself when not listed)."""
    return QCoreApplication.translate("Words", chinese) if chinese else chinese


def state_name(state) -> str:
    from counter_app.domain.terms import STATE_NAMES

    return word(STATE_NAMES[state])


def result_name(result: str, kind: object = None) -> str:
    from counter_app.domain.terms import result_name as named

    return word(named(result, kind))


def escalation_name(escalation) -> str:
    from counter_app.domain.terms import ESCALATION_NAMES

    return word(ESCALATION_NAMES[escalation])


def level_word(level: int) -> str:
    """The grade that decides an approval (科长 / 中心主任), in the language of the UI."""
    from counter_app.domain.authorisation import level_name

    return word(level_name(level))


def print_state_text(state: str, reason: str | None = None) -> str:
    """A print job's state (排队中 / 打印中 / 已完成 / 等待处理（打印机脱机） / 已取消) in the language of
    the UI, from the job's data (``JobView.state`` and ``reason``; ``JobView.state_zh`` is the CLI's)."""
    from counter_app.printing.printqueue import REASON_ZH, STATE_ZH

    text = word(STATE_ZH.get(state, state))
    if state == "waiting" and reason:
        text = QCoreApplication.translate("Words", "%1（%2）").replace("%1", text).replace(
            "%2", word(REASON_ZH.get(reason, reason)))
    return text


def approval_text(status) -> str:
    """A case's approval (``counter_app.workflows.approvals.ApprovalStatus``) in the clerk's language:
    the state, the approval point, who decided by name (no one named when this workstation does not
    know the supervisor's name: never a login id, never a title guessed from the level the request
    needed), when (Beijing time) and the reason; an on-site decision the centre refused, with the
    documents to recall. "" for None."""
    if status is None:
        return ""
    from counter_app.domain.terms import Escalation
    from counter_protocol.clock import beijing_text

    translate = QCoreApplication.translate
    action = escalation_name(Escalation(status.action)) if status.action in Escalation._value2member_map_ \
        else status.action
    level = level_word(status.required_level)
    if status.state == "pending":
        text = translate("ApprovalText", "待审批：%1（须%2审批）").replace("%1", action).replace("%2", level)
        if getattr(status, "centre_refusal", ""):
            from counter_app.ui.centre_words import centre_text

            who = status.refused_by or translate("ApprovalText", "负责人")
            text += translate("ApprovalText", "。%1的现场授权被中心拒收（%2），决定未生效，可由负责人重新审批（现场或集中授权）") \
                .replace("%1", who).replace("%2", centre_text(status.centre_refusal))
            if status.voided:
                text += translate("ApprovalText", "；按该决定出具的决定书（文号 %1）已作废，须向申请人收回") \
                    .replace("%1", "、".join(status.voided))
        return text
    # the approver by name, or not at all: never a title guessed from the level the request needed
    who, when, note = status.by, beijing_text(status.at), status.note.strip()
    if status.state == "approved" and who:
        text = (translate("ApprovalText", "已批准：%1，审批人 %2（%3）：%4") if note
                else translate("ApprovalText", "已批准：%1，审批人 %2（%3）"))
    elif status.state == "approved":
        text = (translate("ApprovalText", "已批准：%1（%3）：%4") if note
                else translate("ApprovalText", "已批准：%1（%3）"))
    elif status.state == "rejected" and who:
        text = (translate("ApprovalText", "已驳回：%1，审批人 %2（%3）：%4；办件退回经办人处理") if note
                else translate("ApprovalText", "已驳回：%1，审批人 %2（%3）；办件退回经办人处理"))
    elif status.state == "rejected":
        text = (translate("ApprovalText", "已驳回：%1（%3）：%4；办件退回经办人处理") if note
                else translate("ApprovalText", "已驳回：%1（%3）；办件退回经办人处理"))
    elif status.state == "expired":
        return translate("ApprovalText", "已过期：%1，可重新提出审批申请").replace("%1", action)
    elif status.state == "withdrawn":
        return translate("ApprovalText", "已撤回：%1").replace("%1", action) + _held(status)
    else:
        return action
    # the free text last, so that a "%" in the reason is never read as a place holder
    return text.replace("%1", action).replace("%2", who).replace("%3", when).replace("%4", note) + _held(status)


def _held(status) -> str:
    """A decision the centre made before the clerk's withdrawal reached it: waiting for the clerk."""
    if not getattr(status, "awaiting_clerk", False):
        return ""
    return QCoreApplication.translate(
        "ApprovalText", "。经办人已撤回该申请，但撤回送达中心之前负责人已作出此决定：决定未自动执行，办件等待经办人确认"
        "（Ctrl+Shift+W）——执行该决定，或维持撤回（维持撤回后如仍需办理，须重新提出审批申请，请负责人再次审批）")
