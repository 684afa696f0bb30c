"""Why the case engine refuses a step (TransitionRefused), kept as data: a code and its parameters.

A :class:`Refusal` is the Chinese sentence itself (a ``str``: the CLI, the log and the tests read
it as before) that also keeps its ``code`` (a key of :data:`REFUSALS`) and ``params``, so the
window words it again in the clerk's language (counter_app.ui.refusals). A parameter that is one of
the domain's words (a state, an outcome, a step result, an approval point) is given in Chinese, as
the tables name it; the window translates it. The table also lists the codes of the sentences the
shared rules compose as data (counter_rules' ``Worded``: SelectionProblem, ChecklistSentence,
DecisionProblem, DecisionNote, PeriodProblem) and of the complaint, certification and field-visit refusals, so one lookup words
them all; :class:`Joined` is a list of problems given as one parameter. Pure: no Qt.
"""

from __future__ import annotations

from typing import Iterable

from counter_rules.catalog import SELECTION_PROBLEMS
from counter_rules.checklist import CHECKLIST_SENTENCES
from counter_rules.decision_data import DECISION_NOTES, DECISION_PROBLEMS
from counter_rules.deemed_years import PERIOD_PROBLEMS

REFUSALS: dict[str, str] = {
    # the case's state
    "state": "办件当前状态为「{0}」，不能{1}",
    "state_to": "办件当前状态为「{0}」，不能转为「{1}」",
    "resubmit_state": "办件 {0} 当前为「{1}」，不能重新提交",
    "not_returned": "办件 {0} 当前为「{1}」，只有材料不齐全（已退回）的办件才能补齐材料重新提交",
    # approvals
    "approval_needed": "「{0}」须经负责人审批，请由负责人确认后再办理",
    "approver_is_actor": "审批人不能是经办人本人",
    "same_request_pending": "该办件已有待审批的同一事项申请（内容不同）：请等待审批结果，或先撤回原申请再重新提出",
    "deregistration_approval": "注销参保须经负责人审批，请由负责人确认后再办理",
    "override_approval": "改判系统核验的受理条件（{0}）须经负责人审批，请由负责人确认后再办理",
    "benefit_approval": "「{0}」{1}，按分级授权表须{2}审批，批准后才出具核准决定书",
    "no_pending_approval": "步骤「{0}」没有等待审批的记录",
    "sheet_review_approval": "「{0}」的审核结论（{1}）按分级授权表须{2}审批，批准后才记录",
    # who may do the window's business (7.3: 审计、系统管理 never do it)
    "no_counter_role": "账号 {0} 不是窗口经办人或科长，不能{1}",
    # 7.3.2 明确各岗位经办权限 (counter_protocol.roles.ACTION_REFUSED: the centre's sentence too)
    "role_not_allowed": "账号 {0}（{1}）不能{2}：只有{3}岗位的账号可以",
    # submit and the checklist's decision
    "submit_problems": "不能提交受理审核：{0}",
    "duplicate_case": "同一参保人已有「{0}」办件 {1}（{2}），不能重复办理；请在该办件中继续办理。理由：{3}",
    "duplicate_case_item": ("同一参保人已有「{0}」办件 {1}（{2}）在办理相同项目（{3}），不能同时办理；"
                            "请在该办件中继续办理，或待其办结后再申请。理由：{4}"),
    # the centre's answer (counter_protocol.samecase): a case of another window or office
    "duplicate_case_elsewhere": ("同一参保人已有「{0}」办件 {1}（{2}），在分局 {3} 工作站 {4} 办理，不能重复受理；"
                                 "请在该办件中继续办理。理由：{5}"),
    "duplicate_case_other_office": ("同一参保人已有「{0}」办件 {1}（{2}），在分局 {3} 办理，不能重复受理；"
                                    "请联系该分局在该办件中继续办理。理由：{4}"),
    # the same for a unit's own case (参保单位, by its 统一社会信用代码: cases.case_party)
    "unit_duplicate_case": "同一参保单位已有「{0}」办件 {1}（{2}），不能重复办理；请在该办件中继续办理。理由：{3}",
    "unit_duplicate_case_item": ("同一参保单位已有「{0}」办件 {1}（{2}）在办理相同项目（{3}），不能同时办理；"
                                 "请在该办件中继续办理，或待其办结后再申请。理由：{4}"),
    "unit_duplicate_case_elsewhere": ("同一参保单位已有「{0}」办件 {1}（{2}），在分局 {3} 工作站 {4} 办理，不能重复受理；"
                                      "请在该办件中继续办理。理由：{5}"),
    "unit_duplicate_case_other_office": ("同一参保单位已有「{0}」办件 {1}（{2}），在分局 {3} 办理，不能重复受理；"
                                         "请联系该分局在该办件中继续办理。理由：{4}"),
    "relation_terminated": "同一参保人的本地养老保险关系已在办件 {0} 中终结，不能再办理「{1}」",
    "conditions_pending": "尚有受理条件未确认：{0}",
    "outcome_mismatch": "审核结果为「{0}」，不能按「{1}」办理：{2}",
    "defect_reason": "请说明材料不符合要求的原因",
    "no_material": "「{0}」没有材料「{1}」",
    "no_condition": "「{0}」没有受理条件「{1}」",
    "problems": "{0}",
    "override_reason": "「{0}」已由系统核验为{1}（{2}），改判须填写理由",
    "unknown_applicant_fields": "申请人信息中有不认识的字段：{0}",
    "unknown_facts": "办件事实中有不认识的字段：{0}",
    "fill_field": "请填写{0}",
    # the applicant type / variant choice (counter_rules.catalog.SelectionProblem)
    **SELECTION_PROBLEMS,
    # the checklist's summary line and a material as a refusal reason (counter_rules.checklist)
    **CHECKLIST_SENTENCES,
    # a 核定 form's value or missing result (counter_rules.decision_data.DecisionProblem)
    **DECISION_PROBLEMS,
    # a note under the 核定 form on what the rules could not compute (counter_rules.decision_data.DecisionNote)
    **DECISION_NOTES,
    # 核准的视同缴费期间 of a 历史信息审核 (counter_rules.deemed_years.PeriodProblem)
    **PERIOD_PROBLEMS,
    # documents
    "document_lacking": "《{0}》无法出具，缺少：{1}",
    "document_failed": "文书《{0}》无法出具：{1}",
    "archive_not_written": "档案包未能写入（{0}），办件未归档：排除后重新归档",
    # steps after acceptance
    "no_step": "「{0}」本办件没有步骤「{1}」",
    "no_step_kind": "「{0}」本办件没有{1}步骤",
    "after_completion": "「{0}」在服务办结后办理（{1}），请先办结",
    "only_on_objection": "步骤「{0}」仅在公示有异议时办理",
    "results_allowed": "步骤「{0}」的结果只能是：{1}",
    "step_done": "步骤「{0}」已办理（{1}），不能重复办理",
    "earlier_step": "请先办理步骤「{0}」，再办理「{1}」",
    "verified_not_eligible": "公示异议核查结果为不符合办理要求，应作出不予认定决定，不能继续办理",
    "publicity_dates": "请填写公示起止日期",
    "publicity_start_invalid": "公示开始日期「{0}」不是有效日期，请按 YYYY-MM-DD 填写（如 {1}）",
    "publicity_end_invalid": "公示结束日期「{0}」不是有效日期，请按 YYYY-MM-DD 填写（如 {1}）",
    "publicity_end_before_start": "公示结束日期（{0}）早于开始日期（{1}），公示期不成立，请重新填写",
    "publicity_over": "公示期已于{0}结束（今天是{1}），不能发布已过期的公示，请重新确定公示期",
    "publicity_started": "公示已开始，请在公示期满后登记公示结果",
    "publicity_not_started": "公示尚未开始，不能登记公示结果",
    "publicity_running": "公示期至{0}，公示期满后才能登记公示结果",
    "objection_text": "请填写异议内容",
    "no_template": "未取得指纹模板，不能登记指纹采集完成",
    "fingerprint_reason": "请填写指纹无法采集的原因",
    "waive_before_failed": "须先登记指纹无法采集的原因，才能申请免于采集",
    "waive_approval": "免于采集指纹须经负责人审批",
    "supplement_items": "请列出需补齐补正的材料",
    "supplement_item_incomplete": "需补齐补正的第 {0} 项材料须写明材料名称、存在的问题和需补齐补正的内容",
    "finding": "请填写核查情况",
    "sheet_reason": "请填写信息表审核不通过的原因",
    "transfer_region_province_from": "转出地「{0}」未写明省份：请按省市县填写，以省级行政区名称开头（如 湖南省长沙市）",
    "transfer_region_province_to": "转入地「{0}」未写明省份：请按省市县填写，以省级行政区名称开头（如 湖南省长沙市）",
    "transfer_same_province_from": "转出地「{0}」与本市同属广东省，不属于跨省转移接续，不能办理（5.4.1）",
    "transfer_same_province_to": "转入地「{0}」与本市同属广东省，不属于跨省转移接续，不能办理（5.4.1）",
    "fund_date": "划转日期「{0}」不是有效日期或晚于今天，请按 YYYY-MM-DD 填写（如 {1}）",
    "delivery_method": "请选择送达方式：邮寄或窗口自取（6.5.1.3）",
    "delivery_address": "邮寄送达须填写送达地址",
    # a text of a step's data longer than its limit (case_engine.STEP_TEXT_CHARS): {0} the field, {1} the
    # limit, {2} how many characters were given
    "step_text_long": "{0}最多{1}个字（现有{2}个字），请精简后重新输入",
    "decision_data": "「{0}」的核定数据不完整或有误：{1}",
    # completing, denying, archiving, rating
    "complete_not_eligible": "公示异议核查结果为不符合办理要求，应作出不予认定决定，不能办结",
    "open_steps": "尚有步骤未办理：{0}",
    "no_denial": "「{0}」没有不予认定的办理结果",
    "deny_unverified": "只有公示有异议且核查结果为不符合办理要求的，才能作出不予认定决定（6.6.1.1.1.3）",
    "deny_reason": "请填写不予认定的理由",
    "not_delivered": "办结后尚未送达，不能归档：{0}",
    "after_completion_open": "办结后尚有步骤未办理，不能归档：{0}",
    "rating_range": "满意度评价须为 1 至 5 分",
    "already_rated": "本办件已评价（{0} 分），每件只能评价一次",
    # 差评工单 (domain.complaints.ComplaintRefused)
    "rating_reason": "「不满意」「非常不满意」的评价须说明原因",
    "complaint_supervisor_only": "只有科长（负责人）可以处理差评工单",
    "complaint_closed": "该工单已回访办结，不能再推进",
    "complaint_owner": "该工单由 {0} 负责，只有负责人可以推进",
    "complaint_note": "请填写本环节的处理情况",
    "no_complaint": "没有差评工单 {0}",
    # a rating's reason or a ticket's note (domain.complaints.TEXT_CHARS, counter_protocol.free_text)
    "rating_reason_length": "评价原因不能超过 {0} 个字（现有 {1} 个字）",
    "rating_reason_characters": "评价原因中有不能保存的控制字符或文字方向控制符（{0}），请删除后重新输入",
    "complaint_note_length": "处理情况不能超过 {0} 个字（现有 {1} 个字）",
    "complaint_note_characters": "处理情况中有不能保存的控制字符或文字方向控制符（{0}），请删除后重新输入",
    "complaints_supervisor_only": "差评工单只有科长（负责人）和审计人员可以查看",
    # 上门认证死亡报告 at the supervisor's window (workflows.death_reports.DeathReportRefused)
    "death_report_supervisor_only": "只有审核主管（科长）可以撤销上门认证死亡报告",
    "death_reports_readers_only": "上门认证死亡报告只有科长和审计人员可以查看",
    "death_report_reason": "请填写撤销原因（如 经核实本人健在）",
    "death_report_reason_length": "撤销原因不能超过 {0} 个字（现有 {1} 个字）",
    "death_report_offline": "死亡报告保存在中心：撤销死亡报告须联网登录",
    # 资格认证 at the window (domain.certification, workflows.certification.CertificationError)
    # 上门认证申请 at the window (counter_app.workflows.home_visit)
    "home_visit_not_variant": "该办件不是上门认证（情形：{0}），请按窗口认证核验本人身份",
    "home_visit_reason_long": "申请原因不能超过 {0} 个字",
    "home_visit_other_office": "此人属于分局 {0}，上门认证由该分局申请和安排，请联系该分局",
    "certification_no_person": "参保档案中没有该人员，不能办理资格认证",
    "certification_deceased": "档案状态：已死亡，不能办理资格认证",
    "certification_not_retired": "资格认证适用于已领取基本养老金或病残津贴的人员（档案状态须为已退休）",
    "certification_no_template": "该人员没有已采集的指纹模板（6.6.1.1.2.3），请改用照片比对",
    "certification_no_match": "指纹比对未通过，不能以指纹比对登记认证；请改用照片比对",
    "certification_photo_unconfirmed": "照片比对须由经办人确认本人与档案（或身份证）照片一致",
    "certification_method": "认证方式“{0}”不认识",
    "certification_method_named": "认证方式“{0}”不认识（指纹比对或照片比对）",
    "certification_before_last": "认证日期早于档案中最近一次认证日期",
    "certification_unconfirmed": "资格认证结果尚未经中心确认（待同步，或被中心拒收尚待核对）：同步后再归档",
    "certification_refusal_none": "办件 {0} 没有待确认的中心拒收资格认证结果（可能已由他人确认）",
    # 上门认证 (field visits: workflows.field.FieldError)
    "field_key_revoked": "中心已停用本机的签名密钥，不能再登记上门认证，名单已从本机清除：请信息技术人员为该笔记本重新生成签名密钥（counter-app field new-key）后重新拉取名单",  # noqa: E501
    "field_consent": "采集指纹或拍照前须向本人宣读采集告知并经本人同意（点击“已告知，本人同意”）",
    "field_no_task": "名单中没有这项任务（可能已完成同步或已过期清除）",
    "field_no_template": "档案中没有此人的指纹模板：请核对照片，并在备注中说明",
    "field_second_login": "请输入第二名工作人员的用户名和密码",
    "field_same_staff": "两名工作人员必须是不同的人",
    "field_second_failed": "第二名工作人员验证未通过：{0}",
    "field_second_role": "第二名工作人员须为经办或外勤人员",
    "field_two_staff": "上门认证须由两名工作人员共同完成，两人都须在本机登录",
    "field_choose_result": "请选择认证结果：{0}",
    "field_address": "请先核实上门地址",
    "field_signature_method": "签名方式不正确",
    "field_card": "认证通过须读取本人社保卡或身份证芯片",
    "field_card_mismatch": "读到的卡与名单上的人不符",
    "field_no_match": "指纹比对不一致，不能认证通过",
    "field_fingerprint": "认证通过须指纹比对一致（档案中没有指纹模板时：拍照并由工作人员核对照片）",
    "field_signature": "认证通过须由本人签名（签名板，或在屏幕上用笔或鼠标签名）",
    "field_future": "上门时间晚于现在，请核对上门时间（以及本机的日期和时间）",
    "field_recorded": "这项任务已经记录过上门认证",
    "field_other_note": "结果为“其他”时请在备注中说明",
    "field_note_length": "备注不能超过 500 个字",
    "field_address_length": "地址不能超过 200 个字",
    "field_roster_office": "中心发来的是分局 {0} 的名单，不是本账号所属分局 {1} 的：名单未保存，请联系信息技术人员",
    "field_roster_size": "中心发来的名单有 {0} 人，超过本机上限 {1} 人：名单未保存，请联系信息技术人员",
    "field_roster_dates": "中心发来的名单有效期（至 {0}）不合理：名单未保存，请联系信息技术人员",
    "field_address_characters": "地址中有不能保存的控制字符或文字方向控制符（{0}），请删除后重新输入",
    "field_note_characters": "备注中有不能保存的控制字符或文字方向控制符（{0}），请删除后重新输入",
    "field_before_pull": "上门时间早于本机拉取名单的时间（{0}，北京时间）：请核对上门时间，以及本机的日期和时间是否准确",
    "field_roster_expired": "名单已于 {0}（北京时间）过期，请联网重新拉取名单后再登记",
    # a pull that did not reach the centre: nothing saved, nothing retried by itself ({0}: the cause)
    "field_roster_not_pulled": "名单未更新，本机名单未变（{1} 人，有效至 {2}，北京时间），仍可使用；请联网后重新拉取名单。原因：{0}",
    "field_roster_not_pulled_none": "名单未更新：本机没有可用的名单，请联网后重新拉取名单。原因：{0}",
    "field_no_registry_photo": "档案中既没有此人的指纹模板，也没有照片，无法核对身份，不能认证通过：请选择其他认证结果并在备注中说明",
    "field_too_large": "照片或签名太大，请重新拍照（降低分辨率）",
    "field_sign_in": "请先联网登录，再拉取名单",
    # 重试 of a rejected visit (OutboxRepository.retry; storage.field_clearing)
    "field_visit_expired": "名单已过期，该条被拒收的上门认证记录已从本机清除（已过期清除），不能再发送；如仍需认证，请重新拉取名单",
    # a store restored from a backup, before the centre's number floors (sync.auth.AuthManager.restored_refusal):
    # the CLI's commands and the window's business actions refuse with it
    "restored_needs_online": ("本地数据库已从备份恢复，原登录已注销：请先联网登录，从中心取得本工作站已用过的文号和办件编号，"
                              "再办理业务（否则会重复使用中心已有的编号）"),
    "field_visit_superseded": "该人员已有较新的上门认证记录（{0}，北京时间），本条已被其取代，不再发送；其内容已从本机清除",
    # 撤回 a sealed visit before it is sent (workflows.field.withdraw_visit)
    "field_withdraw_reason": "请填写撤回原因",
    "field_withdraw_reason_length": "撤回原因不能超过 {0} 个字",
    "field_withdraw_unknown": "本机没有这条上门认证记录",
    "field_withdraw_recorder": "只有记录这条上门认证的工作人员（{0}）可以撤回",
    "field_withdraw_sent": "这条上门认证记录已发送或可能已送达中心，不能在本机撤回：请联系中心核对更正",
    "field_withdraw_exported": "未同步记录已导出到文件，这条上门认证记录可能随文件送达中心，不能在本机撤回：请联系中心核对更正",
}


class Refusal(str):
    """A refusal (:data:`REFUSALS`): the Chinese as the string, with its ``code`` and ``params``."""

    code: str
    params: tuple[str, ...]

    def __new__(cls, code: str, *params: object) -> "Refusal":
        texts = tuple(p if isinstance(p, str) else str(p) for p in params)   # a Refusal stays one
        refusal = super().__new__(cls, REFUSALS[code].format(*texts))
        refusal.code, refusal.params = code, texts
        return refusal


class Coded(str):
    """A parameter of a refusal given in Chinese (the string) that keeps the codes it names
    (``codes``: role codes, an action code of counter_protocol.roles.ACTION_ROLES), so the window
    words it from the codes in the clerk's language; the CLI reads the Chinese as before."""

    codes: tuple[str, ...]

    def __new__(cls, text: str, codes: "Iterable[str]") -> "Coded":
        coded = super().__new__(cls, text)
        coded.codes = tuple(codes)
        return coded


class Joined(str):
    """Problems given as one parameter of a refusal, joined by "；" as the Chinese lists them, that
    keep each problem (``parts``: a Refusal or another coded sentence) so the window words each."""

    parts: tuple[str, ...]

    def __new__(cls, parts: "Iterable[str]") -> "Joined":
        items = tuple(parts)
        joined = super().__new__(cls, "；".join(items))
        joined.parts = items
        return joined
