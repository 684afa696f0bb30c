"""The case engine's refusals (TransitionRefused) in the clerk's language.

The domain keeps a refusal as data (counter_app.domain.refusals: a ``Refusal`` is the Chinese with
its code and parameters); here each code's sentence is listed for lupdate (context ``Refusals``, the
domain's template with ``{0}`` → ``%1``) and worded through tr() when shown. A parameter that is
one of the domain's words (a state, an outcome, a step result, an approval point) is worded by
:func:`counter_app.ui.words.word`; the fixed phrases the engine passes (what cannot be done, the
system's verdict, a step kind) are listed in :data:`PHRASES`; a catalog text (a service, material,
condition or step name, a condition's refusal reason) is worded by
:func:`counter_app.ui.catalog_text.catalog_tr` (the catalog's own translation). tests/unit/app/test_refusal_words.py checks
that every code is listed with the domain's template and has an English entry.
:func:`problems_text` words a list of problems, :func:`summary_text` the checklist's summary line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

if TYPE_CHECKING:
    from counter_app.domain.checklist import ChecklistOutcome

REFUSALS: dict[str, object] = {   # object: QT_TRANSLATE_NOOP's type; a str at run time
    "state": QT_TRANSLATE_NOOP("Refusals", "办件当前状态为「%1」，不能%2"),
    "state_to": QT_TRANSLATE_NOOP("Refusals", "办件当前状态为「%1」，不能转为「%2」"),
    "resubmit_state": QT_TRANSLATE_NOOP("Refusals", "办件 %1 当前为「%2」，不能重新提交"),
    "not_returned": QT_TRANSLATE_NOOP("Refusals", "办件 %1 当前为「%2」，只有材料不齐全（已退回）的办件才能补齐材料重新提交"),
    "approval_needed": QT_TRANSLATE_NOOP("Refusals", "「%1」须经负责人审批，请由负责人确认后再办理"),
    "approver_is_actor": QT_TRANSLATE_NOOP("Refusals", "审批人不能是经办人本人"),
    "same_request_pending": QT_TRANSLATE_NOOP("Refusals", "该办件已有待审批的同一事项申请（内容不同）：请等待审批结果，或先撤回原申请再重新提出"),
    "deregistration_approval": QT_TRANSLATE_NOOP("Refusals", "注销参保须经负责人审批，请由负责人确认后再办理"),
    "override_approval": QT_TRANSLATE_NOOP("Refusals", "改判系统核验的受理条件（%1）须经负责人审批，请由负责人确认后再办理"),
    "benefit_approval": QT_TRANSLATE_NOOP("Refusals", "「%1」%2，按分级授权表须%3审批，批准后才出具核准决定书"),
    "no_pending_approval": QT_TRANSLATE_NOOP("Refusals", "步骤「%1」没有等待审批的记录"),
    "sheet_review_approval": QT_TRANSLATE_NOOP("Refusals", "「%1」的审核结论（%2）按分级授权表须%3审批，批准后才记录"),
    "no_counter_role": QT_TRANSLATE_NOOP("Refusals", "账号 %1 不是窗口经办人或科长，不能%2"),
    "role_not_allowed": QT_TRANSLATE_NOOP("Refusals", "账号 %1（%2）不能%3：只有%4岗位的账号可以"),
    "submit_problems": QT_TRANSLATE_NOOP("Refusals", "不能提交受理审核：%1"),
    "duplicate_case": QT_TRANSLATE_NOOP("Refusals", "同一参保人已有「%1」办件 %2（%3），不能重复办理；请在该办件中继续办理。理由：%4"),
    "duplicate_case_item": QT_TRANSLATE_NOOP(
        "Refusals", "同一参保人已有「%1」办件 %2（%3）在办理相同项目（%4），不能同时办理；请在该办件中继续办理，或待其办结后再申请。理由：%5"),
    "duplicate_case_elsewhere": QT_TRANSLATE_NOOP(
        "Refusals", "同一参保人已有「%1」办件 %2（%3），在分局 %4 工作站 %5 办理，不能重复受理；请在该办件中继续办理。理由：%6"),
    "duplicate_case_other_office": QT_TRANSLATE_NOOP(
        "Refusals", "同一参保人已有「%1」办件 %2（%3），在分局 %4 办理，不能重复受理；请联系该分局在该办件中继续办理。理由：%5"),
    "unit_duplicate_case": QT_TRANSLATE_NOOP("Refusals", "同一参保单位已有「%1」办件 %2（%3），不能重复办理；请在该办件中继续办理。理由：%4"),
    "unit_duplicate_case_item": QT_TRANSLATE_NOOP(
        "Refusals", "同一参保单位已有「%1」办件 %2（%3）在办理相同项目（%4），不能同时办理；请在该办件中继续办理，或待其办结后再申请。理由：%5"),
    "unit_duplicate_case_elsewhere": QT_TRANSLATE_NOOP(
        "Refusals", "同一参保单位已有「%1」办件 %2（%3），在分局 %4 工作站 %5 办理，不能重复受理；请在该办件中继续办理。理由：%6"),
    "unit_duplicate_case_other_office": QT_TRANSLATE_NOOP(
        "Refusals", "同一参保单位已有「%1」办件 %2（%3），在分局 %4 办理，不能重复受理；请联系该分局在该办件中继续办理。理由：%5"),
    "relation_terminated": QT_TRANSLATE_NOOP("Refusals", "同一参保人的本地养老保险关系已在办件 %1 中终结，不能再办理「%2」"),
    "conditions_pending": QT_TRANSLATE_NOOP("Refusals", "尚有受理条件未确认：%1"),
    "outcome_mismatch": QT_TRANSLATE_NOOP("Refusals", "审核结果为「%1」，不能按「%2」办理：%3"),
    "defect_reason": QT_TRANSLATE_NOOP("Refusals", "请说明材料不符合要求的原因"),
    "no_material": QT_TRANSLATE_NOOP("Refusals", "「%1」没有材料「%2」"),
    "no_condition": QT_TRANSLATE_NOOP("Refusals", "「%1」没有受理条件「%2」"),
    "problems": QT_TRANSLATE_NOOP("Refusals", "%1"),
    "override_reason": QT_TRANSLATE_NOOP("Refusals", "「%1」已由系统核验为%2（%3），改判须填写理由"),
    "unknown_applicant_fields": QT_TRANSLATE_NOOP("Refusals", "申请人信息中有不认识的字段：%1"),
    "unknown_facts": QT_TRANSLATE_NOOP("Refusals", "办件事实中有不认识的字段：%1"),
    "fill_field": QT_TRANSLATE_NOOP("Refusals", "请填写%1"),
    "type_not_accepted": QT_TRANSLATE_NOOP("Refusals", "「%1」不接受%2申请，可申请的对象：%3"),
    "no_variant": QT_TRANSLATE_NOOP("Refusals", "「%1」没有情形「%2」"),
    "variant_not_for_type": QT_TRANSLATE_NOOP("Refusals", "情形「%1」不适用于%2"),
    "choose_variant": QT_TRANSLATE_NOOP("Refusals", "请选择「%1」的办理情形"),
    "one_variant": QT_TRANSLATE_NOOP("Refusals", "「%1」一次只能选择一种情形"),
    "summary_accepted": QT_TRANSLATE_NOOP("Refusals", "材料齐全且符合受理条件，可予受理"),
    "summary_incomplete": QT_TRANSLATE_NOOP("Refusals", "材料不齐全：%1 项需补齐补正"),
    "summary_guided": QT_TRANSLATE_NOOP("Refusals", "%1 项受理条件须先按业务指引办理"),
    "summary_incomplete_guided": QT_TRANSLATE_NOOP(
        "Refusals", "材料不齐全：%1 项需补齐补正；另有 %2 项受理条件须先按业务指引办理"),
    "summary_not_eligible": QT_TRANSLATE_NOOP("Refusals", "不符合受理条件：%1"),
    "summary_pending": QT_TRANSLATE_NOOP("Refusals", "尚有 %1 项受理条件待确认"),
    "material_missing": QT_TRANSLATE_NOOP("Refusals", "%1未提交"),
    "material_defective": QT_TRANSLATE_NOOP("Refusals", "%1不符合要求：%2"),
    "field_required": QT_TRANSLATE_NOOP("Refusals", "请填写%1"),
    "field_number": QT_TRANSLATE_NOOP("Refusals", "%1应为数字"),
    "field_integer": QT_TRANSLATE_NOOP("Refusals", "%1应为整数"),
    "field_cents": QT_TRANSLATE_NOOP("Refusals", "%1最多到分（两位小数）"),
    "field_decimals": QT_TRANSLATE_NOOP("Refusals", "%1最多%2位小数"),
    "field_text_unsafe": QT_TRANSLATE_NOOP("Refusals", "%1含有不能保存的控制字符或文字方向控制符（%2），请删除后重新输入"),
    "field_text_long": QT_TRANSLATE_NOOP("Refusals", "%1最多%2个字（现有%3个字），请精简后重新输入"),
    "field_min": QT_TRANSLATE_NOOP("Refusals", "%1不能小于%2"),
    "field_max": QT_TRANSLATE_NOOP("Refusals", "%1不能大于%2"),
    "field_month": QT_TRANSLATE_NOOP("Refusals", "%1应为年月，如 2026-04"),
    "field_date": QT_TRANSLATE_NOOP("Refusals", "%1应为日期，如 2026-04-15"),
    "field_choice": QT_TRANSLATE_NOOP("Refusals", "%1应为：%2"),
    "results_not_computed": QT_TRANSLATE_NOOP(
        "Refusals", "%1尚未算出，不能确定缴费金额：请按规则计算的提示处理，或由经办人填写"),
    "results_missing": QT_TRANSLATE_NOOP("Refusals", "%1尚未确定：请填写申报缴费基数，由规则计算缴费金额"),
    "rules_mismatch": QT_TRANSLATE_NOOP("Refusals", "%1%2与按已核定数据计算的结果不符：应为%3"),
    "months_factor_retirement": QT_TRANSLATE_NOOP("Refusals", "计发月数%1与退休（领取）年月%2时的年龄%3不符：按计发月数表应为%4"),
    "months_factor_application": QT_TRANSLATE_NOOP("Refusals", "计发月数%1与申请时（%2）的年龄%3不符：按计发月数表应为%4"),
    "retirement_before_statutory": QT_TRANSLATE_NOOP(
        "Refusals", "退休（领取）年月%1早于法定退休年月%2（出生年月%3，法定退休年龄%4）：应不早于%2"),
    "retirement_before_flexible": QT_TRANSLATE_NOOP(
        "Refusals", "退休（领取）年月%1早于弹性提前退休的最早年月%2（出生年月%3，法定退休年龄%4，最多提前3年且不低于原法定退休年龄）：应不早于%2"),
    "stale_value": QT_TRANSLATE_NOOP("Refusals", "%1%2是档案按原核定数据得出的数值，%3已改变，请重新核定%1"),
    "base_below_floor": QT_TRANSLATE_NOOP("Refusals", "%1%2低于费款所属期%3的缴费基数下限%4：应不低于%4"),
    "base_above_ceiling": QT_TRANSLATE_NOOP("Refusals", "%1%2高于费款所属期%3的缴费基数上限%4：应不高于%4"),
    "rules_pending": QT_TRANSLATE_NOOP("Refusals", "待其他数据填齐后计算：%1"),
    "rules_failed": QT_TRANSLATE_NOOP("Refusals", "规则计算暂不能完成：请核对已填写的数据，或由经办人填写计算结果"),
    "death_short_contributions": QT_TRANSLATE_NOOP("Refusals", "实际缴费不足6个月（现有%1个月），深圳办法不予计发"),
    "death_date_future": QT_TRANSLATE_NOOP("Refusals", "死亡日期 %1 晚于核定日期 %2，请核对"),
    "months_factor_at_retirement": QT_TRANSLATE_NOOP("Refusals", "计发月数 %1 与退休时年龄%2对应的 %3 不符，请核对"),
    "months_factor_at_application": QT_TRANSLATE_NOOP("Refusals", "计发月数 %1 与申请时年龄%2对应的 %3 不符，请核对"),
    "retirement_month_outside": QT_TRANSLATE_NOOP(
        "Refusals", "退休年月 %1 不在按出生年月 %2 和人员类别可办理的 %3 之内，请核对（特殊工种提前退休、延长缴费等另有依据的除外）"),
    "parameter_missing": QT_TRANSLATE_NOOP("Refusals", "参数“%1”在 %2 无有效取值：没有生效的参数值，请由管理员补录或更新参数"),
    "parameter_pending": QT_TRANSLATE_NOOP("Refusals", "参数“%1”在 %2 无有效取值：该期间的数值尚未公布（%3），请先由管理员录入"),
    "period_note": QT_TRANSLATE_NOOP("Refusals", "费款所属期 %1：%2"),
    "periods_none": QT_TRANSLATE_NOOP("Refusals", "请填写核准的视同缴费期间（至少一段：起始年月、终止年月）"),
    "periods_shape": QT_TRANSLATE_NOOP("Refusals", "核准的视同缴费期间应为若干段，每段写明起始年月和终止年月"),
    "periods_too_many": QT_TRANSLATE_NOOP("Refusals", "核准的视同缴费期间最多%1段"),
    "period_start": QT_TRANSLATE_NOOP("Refusals", "第%1段视同缴费期间的起始年月应为年月，如 1990-01"),
    "period_end": QT_TRANSLATE_NOOP("Refusals", "第%1段视同缴费期间的终止年月应为年月，如 1995-06"),
    "period_reversed": QT_TRANSLATE_NOOP("Refusals", "第%1段视同缴费期间的终止年月%2早于起始年月%3"),
    "period_future": QT_TRANSLATE_NOOP("Refusals", "第%1段视同缴费期间的终止年月%2晚于核准年月%3：不能核准尚未到来的期间"),
    "period_months": QT_TRANSLATE_NOOP("Refusals", "第%1段视同缴费期间的月数应为不小于0的整数"),
    "period_months_mismatch": QT_TRANSLATE_NOOP("Refusals", "第%1段视同缴费期间%2至%3共%4个月，不是填写的%5个月"),
    "period_unit": QT_TRANSLATE_NOOP("Refusals", "第%1段视同缴费期间的工作单位应为文字，不超过%2个字"),
    "periods_overlap": QT_TRANSLATE_NOOP("Refusals", "第%1段与第%2段视同缴费期间重叠（%3至%4）：同一月份不能重复核准"),
    "periods_total_number": QT_TRANSLATE_NOOP("Refusals", "视同缴费月数合计应为不小于0的整数"),
    "periods_total": QT_TRANSLATE_NOOP("Refusals", "视同缴费月数合计%1个月与各段月数之和%2个月不符"),
    "periods_record_difference": QT_TRANSLATE_NOOP("Refusals", "核准的视同缴费月数合计%1个月与档案记载的%2个月不一致（相差%3个月）：请核对人事档案，确认按审核结果核准后再出具决定书"),  # noqa: E501
    "document_lacking": QT_TRANSLATE_NOOP("Refusals", "《%1》无法出具，缺少：%2"),
    "document_failed": QT_TRANSLATE_NOOP("Refusals", "文书《%1》无法出具：%2"),
    "archive_not_written": QT_TRANSLATE_NOOP("Refusals", "档案包未能写入（%1），办件未归档：排除后重新归档"),
    "no_step": QT_TRANSLATE_NOOP("Refusals", "「%1」本办件没有步骤「%2」"),
    "no_step_kind": QT_TRANSLATE_NOOP("Refusals", "「%1」本办件没有%2步骤"),
    "after_completion": QT_TRANSLATE_NOOP("Refusals", "「%1」在服务办结后办理（%2），请先办结"),
    "only_on_objection": QT_TRANSLATE_NOOP("Refusals", "步骤「%1」仅在公示有异议时办理"),
    "results_allowed": QT_TRANSLATE_NOOP("Refusals", "步骤「%1」的结果只能是：%2"),
    "step_done": QT_TRANSLATE_NOOP("Refusals", "步骤「%1」已办理（%2），不能重复办理"),
    "earlier_step": QT_TRANSLATE_NOOP("Refusals", "请先办理步骤「%1」，再办理「%2」"),
    "verified_not_eligible": QT_TRANSLATE_NOOP("Refusals", "公示异议核查结果为不符合办理要求，应作出不予认定决定，不能继续办理"),
    "publicity_dates": QT_TRANSLATE_NOOP("Refusals", "请填写公示起止日期"),
    "publicity_start_invalid": QT_TRANSLATE_NOOP("Refusals", "公示开始日期「%1」不是有效日期，请按 YYYY-MM-DD 填写（如 %2）"),
    "publicity_end_invalid": QT_TRANSLATE_NOOP("Refusals", "公示结束日期「%1」不是有效日期，请按 YYYY-MM-DD 填写（如 %2）"),
    "publicity_end_before_start": QT_TRANSLATE_NOOP("Refusals", "公示结束日期（%1）早于开始日期（%2），公示期不成立，请重新填写"),
    "publicity_over": QT_TRANSLATE_NOOP("Refusals", "公示期已于%1结束（今天是%2），不能发布已过期的公示，请重新确定公示期"),
    "publicity_started": QT_TRANSLATE_NOOP("Refusals", "公示已开始，请在公示期满后登记公示结果"),
    "publicity_not_started": QT_TRANSLATE_NOOP("Refusals", "公示尚未开始，不能登记公示结果"),
    "publicity_running": QT_TRANSLATE_NOOP("Refusals", "公示期至%1，公示期满后才能登记公示结果"),
    "objection_text": QT_TRANSLATE_NOOP("Refusals", "请填写异议内容"),
    "no_template": QT_TRANSLATE_NOOP("Refusals", "未取得指纹模板，不能登记指纹采集完成"),
    "fingerprint_reason": QT_TRANSLATE_NOOP("Refusals", "请填写指纹无法采集的原因"),
    "waive_before_failed": QT_TRANSLATE_NOOP("Refusals", "须先登记指纹无法采集的原因，才能申请免于采集"),
    "waive_approval": QT_TRANSLATE_NOOP("Refusals", "免于采集指纹须经负责人审批"),
    "supplement_items": QT_TRANSLATE_NOOP("Refusals", "请列出需补齐补正的材料"),
    "supplement_item_incomplete": QT_TRANSLATE_NOOP("Refusals", "需补齐补正的第 %1 项材料须写明材料名称、存在的问题和需补齐补正的内容"),
    "finding": QT_TRANSLATE_NOOP("Refusals", "请填写核查情况"),
    "sheet_reason": QT_TRANSLATE_NOOP("Refusals", "请填写信息表审核不通过的原因"),
    "transfer_region_province_from": QT_TRANSLATE_NOOP("Refusals", "转出地「%1」未写明省份：请按省市县填写，以省级行政区名称开头（如 湖南省长沙市）"),
    "transfer_region_province_to": QT_TRANSLATE_NOOP("Refusals", "转入地「%1」未写明省份：请按省市县填写，以省级行政区名称开头（如 湖南省长沙市）"),
    "transfer_same_province_from": QT_TRANSLATE_NOOP("Refusals", "转出地「%1」与本市同属广东省，不属于跨省转移接续，不能办理（5.4.1）"),
    "transfer_same_province_to": QT_TRANSLATE_NOOP("Refusals", "转入地「%1」与本市同属广东省，不属于跨省转移接续，不能办理（5.4.1）"),
    "fund_date": QT_TRANSLATE_NOOP("Refusals", "划转日期「%1」不是有效日期或晚于今天，请按 YYYY-MM-DD 填写（如 %2）"),
    "delivery_method": QT_TRANSLATE_NOOP("Refusals", "请选择送达方式：邮寄或窗口自取（6.5.1.3）"),
    "delivery_address": QT_TRANSLATE_NOOP("Refusals", "邮寄送达须填写送达地址"),
    "step_text_long": QT_TRANSLATE_NOOP("Refusals", "%1最多%2个字（现有%3个字），请精简后重新输入"),
    "decision_data": QT_TRANSLATE_NOOP("Refusals", "「%1」的核定数据不完整或有误：%2"),
    "complete_not_eligible": QT_TRANSLATE_NOOP("Refusals", "公示异议核查结果为不符合办理要求，应作出不予认定决定，不能办结"),
    "open_steps": QT_TRANSLATE_NOOP("Refusals", "尚有步骤未办理：%1"),
    "no_denial": QT_TRANSLATE_NOOP("Refusals", "「%1」没有不予认定的办理结果"),
    "deny_unverified": QT_TRANSLATE_NOOP("Refusals", "只有公示有异议且核查结果为不符合办理要求的，才能作出不予认定决定（6.6.1.1.1.3）"),
    "deny_reason": QT_TRANSLATE_NOOP("Refusals", "请填写不予认定的理由"),
    "not_delivered": QT_TRANSLATE_NOOP("Refusals", "办结后尚未送达，不能归档：%1"),
    "after_completion_open": QT_TRANSLATE_NOOP("Refusals", "办结后尚有步骤未办理，不能归档：%1"),
    "rating_range": QT_TRANSLATE_NOOP("Refusals", "满意度评价须为 1 至 5 分"),
    "already_rated": QT_TRANSLATE_NOOP("Refusals", "本办件已评价（%1 分），每件只能评价一次"),
    "rating_reason": QT_TRANSLATE_NOOP("Refusals", "「不满意」「非常不满意」的评价须说明原因"),
    "complaint_supervisor_only": QT_TRANSLATE_NOOP("Refusals", "只有科长（负责人）可以处理差评工单"),
    "complaint_closed": QT_TRANSLATE_NOOP("Refusals", "该工单已回访办结，不能再推进"),
    "complaint_owner": QT_TRANSLATE_NOOP("Refusals", "该工单由 %1 负责，只有负责人可以推进"),
    "complaint_note": QT_TRANSLATE_NOOP("Refusals", "请填写本环节的处理情况"),
    "no_complaint": QT_TRANSLATE_NOOP("Refusals", "没有差评工单 %1"),
    "rating_reason_length": QT_TRANSLATE_NOOP("Refusals", "评价原因不能超过 %1 个字（现有 %2 个字）"),
    "rating_reason_characters": QT_TRANSLATE_NOOP(
        "Refusals", "评价原因中有不能保存的控制字符或文字方向控制符（%1），请删除后重新输入"),
    "complaint_note_length": QT_TRANSLATE_NOOP("Refusals", "处理情况不能超过 %1 个字（现有 %2 个字）"),
    "complaint_note_characters": QT_TRANSLATE_NOOP(
        "Refusals", "处理情况中有不能保存的控制字符或文字方向控制符（%1），请删除后重新输入"),
    "complaints_supervisor_only": QT_TRANSLATE_NOOP("Refusals", "差评工单只有科长（负责人）和审计人员可以查看"),
    "death_report_supervisor_only": QT_TRANSLATE_NOOP("Refusals", "只有审核主管（科长）可以撤销上门认证死亡报告"),
    "death_reports_readers_only": QT_TRANSLATE_NOOP("Refusals", "上门认证死亡报告只有科长和审计人员可以查看"),
    "death_report_reason": QT_TRANSLATE_NOOP("Refusals", "请填写撤销原因（如 经核实本人健在）"),
    "death_report_reason_length": QT_TRANSLATE_NOOP("Refusals", "撤销原因不能超过 %1 个字（现有 %2 个字）"),
    "death_report_offline": QT_TRANSLATE_NOOP("Refusals", "死亡报告保存在中心：撤销死亡报告须联网登录"),
    "home_visit_not_variant": QT_TRANSLATE_NOOP("Refusals", "该办件不是上门认证（情形：%1），请按窗口认证核验本人身份"),
    "home_visit_reason_long": QT_TRANSLATE_NOOP("Refusals", "申请原因不能超过 %1 个字"),
    "home_visit_other_office": QT_TRANSLATE_NOOP("Refusals", "此人属于分局 %1，上门认证由该分局申请和安排，请联系该分局"),
    "certification_no_person": QT_TRANSLATE_NOOP("Refusals", "参保档案中没有该人员，不能办理资格认证"),
    "certification_deceased": QT_TRANSLATE_NOOP("Refusals", "档案状态：已死亡，不能办理资格认证"),
    "certification_not_retired": QT_TRANSLATE_NOOP(
        "Refusals", "资格认证适用于已领取基本养老金或病残津贴的人员（档案状态须为已退休）"),
    "certification_no_template": QT_TRANSLATE_NOOP("Refusals", "该人员没有已采集的指纹模板（6.6.1.1.2.3），请改用照片比对"),
    "certification_no_match": QT_TRANSLATE_NOOP("Refusals", "指纹比对未通过，不能以指纹比对登记认证；请改用照片比对"),
    "certification_photo_unconfirmed": QT_TRANSLATE_NOOP("Refusals", "照片比对须由经办人确认本人与档案（或身份证）照片一致"),
    "certification_method": QT_TRANSLATE_NOOP("Refusals", "认证方式“%1”不认识"),
    "certification_method_named": QT_TRANSLATE_NOOP("Refusals", "认证方式“%1”不认识（指纹比对或照片比对）"),
    "certification_before_last": QT_TRANSLATE_NOOP("Refusals", "认证日期早于档案中最近一次认证日期"),
    "certification_unconfirmed": QT_TRANSLATE_NOOP(
        "Refusals", "资格认证结果尚未经中心确认（待同步，或被中心拒收尚待核对）：同步后再归档"),
    "certification_refusal_none": QT_TRANSLATE_NOOP(
        "Refusals", "办件 %1 没有待确认的中心拒收资格认证结果（可能已由他人确认）"),
    "field_key_revoked": QT_TRANSLATE_NOOP("Refusals", "中心已停用本机的签名密钥，不能再登记上门认证，名单已从本机清除：请信息技术人员为该笔记本重新生成签名密钥（counter-app field new-key）后重新拉取名单"),  # noqa: E501
    "field_consent": QT_TRANSLATE_NOOP("Refusals", "采集指纹或拍照前须向本人宣读采集告知并经本人同意（点击“已告知，本人同意”）"),
    "field_no_task": QT_TRANSLATE_NOOP("Refusals", "名单中没有这项任务（可能已完成同步或已过期清除）"),
    "field_no_template": QT_TRANSLATE_NOOP("Refusals", "档案中没有此人的指纹模板：请核对照片，并在备注中说明"),
    "field_second_login": QT_TRANSLATE_NOOP("Refusals", "请输入第二名工作人员的用户名和密码"),
    "field_same_staff": QT_TRANSLATE_NOOP("Refusals", "两名工作人员必须是不同的人"),
    "field_second_failed": QT_TRANSLATE_NOOP("Refusals", "第二名工作人员验证未通过：%1"),
    "field_second_role": QT_TRANSLATE_NOOP("Refusals", "第二名工作人员须为经办或外勤人员"),
    "field_two_staff": QT_TRANSLATE_NOOP("Refusals", "上门认证须由两名工作人员共同完成，两人都须在本机登录"),
    "field_choose_result": QT_TRANSLATE_NOOP("Refusals", "请选择认证结果：%1"),
    "field_address": QT_TRANSLATE_NOOP("Refusals", "请先核实上门地址"),
    "field_signature_method": QT_TRANSLATE_NOOP("Refusals", "签名方式不正确"),
    "field_card": QT_TRANSLATE_NOOP("Refusals", "认证通过须读取本人社保卡或身份证芯片"),
    "field_card_mismatch": QT_TRANSLATE_NOOP("Refusals", "读到的卡与名单上的人不符"),
    "field_no_match": QT_TRANSLATE_NOOP("Refusals", "指纹比对不一致，不能认证通过"),
    "field_fingerprint": QT_TRANSLATE_NOOP("Refusals", "认证通过须指纹比对一致（档案中没有指纹模板时：拍照并由工作人员核对照片）"),
    "field_signature": QT_TRANSLATE_NOOP("Refusals", "认证通过须由本人签名（签名板，或在屏幕上用笔或鼠标签名）"),
    "field_future": QT_TRANSLATE_NOOP("Refusals", "上门时间晚于现在，请核对上门时间（以及本机的日期和时间）"),
    "field_recorded": QT_TRANSLATE_NOOP("Refusals", "这项任务已经记录过上门认证"),
    "field_other_note": QT_TRANSLATE_NOOP("Refusals", "结果为“其他”时请在备注中说明"),
    "field_note_length": QT_TRANSLATE_NOOP("Refusals", "备注不能超过 500 个字"),
    "field_address_length": QT_TRANSLATE_NOOP("Refusals", "地址不能超过 200 个字"),
    "field_roster_office": QT_TRANSLATE_NOOP("Refusals", "中心发来的是分局 %1 的名单，不是本账号所属分局 %2 的：名单未保存，请联系信息技术人员"),
    "field_roster_size": QT_TRANSLATE_NOOP("Refusals", "中心发来的名单有 %1 人，超过本机上限 %2 人：名单未保存，请联系信息技术人员"),
    "field_roster_dates": QT_TRANSLATE_NOOP("Refusals", "中心发来的名单有效期（至 %1）不合理：名单未保存，请联系信息技术人员"),
    "field_address_characters": QT_TRANSLATE_NOOP("Refusals", "地址中有不能保存的控制字符或文字方向控制符（%1），请删除后重新输入"),
    "field_note_characters": QT_TRANSLATE_NOOP("Refusals", "备注中有不能保存的控制字符或文字方向控制符（%1），请删除后重新输入"),
    "field_before_pull": QT_TRANSLATE_NOOP(
        "Refusals", "上门时间早于本机拉取名单的时间（%1，北京时间）：请核对上门时间，以及本机的日期和时间是否准确"),
    "field_roster_expired": QT_TRANSLATE_NOOP("Refusals", "名单已于 %1（北京时间）过期，请联网重新拉取名单后再登记"),
    "field_roster_not_pulled": QT_TRANSLATE_NOOP(
        "Refusals", "名单未更新，本机名单未变（%2 人，有效至 %3，北京时间），仍可使用；请联网后重新拉取名单。原因：%1"),
    "field_roster_not_pulled_none": QT_TRANSLATE_NOOP(
        "Refusals", "名单未更新：本机没有可用的名单，请联网后重新拉取名单。原因：%1"),
    "field_no_registry_photo": QT_TRANSLATE_NOOP(
        "Refusals", "档案中既没有此人的指纹模板，也没有照片，无法核对身份，不能认证通过：请选择其他认证结果并在备注中说明"),
    "field_too_large": QT_TRANSLATE_NOOP("Refusals", "照片或签名太大，请重新拍照（降低分辨率）"),
    "field_sign_in": QT_TRANSLATE_NOOP("Refusals", "请先联网登录，再拉取名单"),
    "field_visit_expired": QT_TRANSLATE_NOOP(
        "Refusals", "名单已过期，该条被拒收的上门认证记录已从本机清除（已过期清除），不能再发送；如仍需认证，请重新拉取名单"),
    "restored_needs_online": QT_TRANSLATE_NOOP(
        "Refusals", "本地数据库已从备份恢复，原登录已注销：请先联网登录，从中心取得本工作站已用过的文号和办件编号，"
                    "再办理业务（否则会重复使用中心已有的编号）"),
    "field_visit_superseded": QT_TRANSLATE_NOOP(
        "Refusals", "该人员已有较新的上门认证记录（%1，北京时间），本条已被其取代，不再发送；其内容已从本机清除"),
    "field_withdraw_reason": QT_TRANSLATE_NOOP("Refusals", "请填写撤回原因"),
    "field_withdraw_reason_length": QT_TRANSLATE_NOOP("Refusals", "撤回原因不能超过 %1 个字"),
    "field_withdraw_unknown": QT_TRANSLATE_NOOP("Refusals", "本机没有这条上门认证记录"),
    "field_withdraw_recorder": QT_TRANSLATE_NOOP("Refusals", "只有记录这条上门认证的工作人员（%1）可以撤回"),
    "field_withdraw_sent": QT_TRANSLATE_NOOP(
        "Refusals", "这条上门认证记录已发送或可能已送达中心，不能在本机撤回：请联系中心核对更正"),
    "field_withdraw_exported": QT_TRANSLATE_NOOP(
        "Refusals", "未同步记录已导出到文件，这条上门认证记录可能随文件送达中心，不能在本机撤回：请联系中心核对更正"),
}

# the fixed phrases the engine passes as a parameter (ACTION_PARAMS), in the context Refusals
PHRASES = (
    QT_TRANSLATE_NOOP("Refusals", "作出受理决定（须先提交受理审核）"),
    QT_TRANSLATE_NOOP("Refusals", "办理受理后的步骤"),
    QT_TRANSLATE_NOOP("Refusals", "办结"),
    QT_TRANSLATE_NOOP("Refusals", "作出不予认定决定"),
    QT_TRANSLATE_NOOP("Refusals", "归档（须办结、不予认定或不予受理后归档）"),
    QT_TRANSLATE_NOOP("Refusals", "评价（服务尚未完成受理审核）"),
    QT_TRANSLATE_NOOP("Refusals", "删除材料图像"),
    QT_TRANSLATE_NOOP("Refusals", "修改申请信息"),
    QT_TRANSLATE_NOOP("Refusals", "勾选材料"),
    QT_TRANSLATE_NOOP("Refusals", "确认受理条件"),
    QT_TRANSLATE_NOOP("Refusals", "重新查询参保档案"),
    QT_TRANSLATE_NOOP("Refusals", "符合"),
    QT_TRANSLATE_NOOP("Refusals", "不符合"),
    QT_TRANSLATE_NOOP("Refusals", "公示"),
    QT_TRANSLATE_NOOP("Refusals", "核查"),
    # the texts of a step's data (case_engine.STEP_TEXT_LABELS), named by step_text_long
    QT_TRANSLATE_NOOP("Refusals", "核查情况"),
    QT_TRANSLATE_NOOP("Refusals", "公示异议"),
    QT_TRANSLATE_NOOP("Refusals", "原因"),
    QT_TRANSLATE_NOOP("Refusals", "备注"),
    QT_TRANSLATE_NOOP("Refusals", "送达地址"),
)

# the separators of a list (LIST_PARAMS, problems_text), in the context Refusals
SEPARATORS = (QT_TRANSLATE_NOOP("Refusals", "、"), QT_TRANSLATE_NOOP("Refusals", "；"))

# which parameters (0-based) of a code are one of PHRASES; the others are the domain's words or data
ACTION_PARAMS: dict[str, tuple[int, ...]] = {"state": (1,), "override_reason": (1,), "no_step_kind": (1,),
                                            "step_text_long": (0,)}
# which parameters are a list of the domain's words joined by "、" (each worded, joined again)
LIST_PARAMS: dict[str, tuple[int, ...]] = {"type_not_accepted": (2,), "field_choice": (1,), "results_not_computed": (0,),
                                           "results_missing": (0,), "field_choose_result": (0,)}


# which parameters are a list of the catalog's names joined by "、" (a 核定 form's field labels: each
# worded as the form labels it, joined again)
CATALOG_LIST_PARAMS: dict[str, tuple[int, ...]] = {"rules_pending": (0,), "stale_value": (2,),
                                                   "duplicate_case_item": (3,), "unit_duplicate_case_item": (3,)}


# which parameters are an age (counter_rules.retirement.format_age: 60岁3个月), worded as the condition notes word it
AGE_PARAMS: dict[str, tuple[int, ...]] = {"months_factor_at_retirement": (1,), "months_factor_at_application": (1,),
                                          "months_factor_retirement": (2,), "months_factor_application": (2,),
                                          "retirement_before_statutory": (3,), "retirement_before_flexible": (3,)}
# which parameters are a policy parameter's name (counter_rules.params.ParameterNotInForce.name): one of PARAMETER_NAMES
PARAMETER_PARAMS: dict[str, tuple[int, ...]] = {"parameter_missing": (0,), "parameter_pending": (0,)}
# the names of the policy parameters the 核定 form's rules read (resources/params/policy-params.toml's titles
# without their unit; tests/unit/app/test_refusal_words.py checks every one the rules read is listed)
PARAMETER_NAMES = (
    QT_TRANSLATE_NOOP("Refusals", "深圳市基本养老金计发基数"),
    QT_TRANSLATE_NOOP("Refusals", "养老保险单位缴费比例"),
    QT_TRANSLATE_NOOP("Refusals", "养老保险个人缴费比例"),
    QT_TRANSLATE_NOOP("Refusals", "缴费基数下限"),
    QT_TRANSLATE_NOOP("Refusals", "缴费基数上限"),
    QT_TRANSLATE_NOOP("Refusals", "丧葬补助金、抚恤金适用办法"),
    QT_TRANSLATE_NOOP("Refusals", "深圳市上年度在岗职工月平均工资（深圳办法计发基数，元/月）"),
    QT_TRANSLATE_NOOP("Refusals", "广东省上年度城镇居民月人均可支配收入（国家办法计发基数，元/月）"),
)

# 7.3.2 role refusals (storage.permissions.role_refusal): which parameters are the roles held, the
# action and the roles that may (domain.refusals.Coded: the Chinese with its codes), worded from the
# codes — a role by its name in Words (ui.words), an action by ROLE_ACTIONS
ROLE_PARAMS: dict[str, dict[int, str]] = {"role_not_allowed": {1: "held", 2: "action", 3: "allowed"}}
# counter_protocol.roles.ACTION_NAMES (tests/unit/app/test_refusal_words.py checks they are the same)
ROLE_ACTIONS: dict[str, object] = {
    "print_documents": QT_TRANSLATE_NOOP("Refusals", "打印文书"),
    "bring_back": QT_TRANSLATE_NOOP("Refusals", "取回归档外移的办件"),
    "request_approval": QT_TRANSLATE_NOOP("Refusals", "提出审批申请"),
    "decide_approval": QT_TRANSLATE_NOOP("Refusals", "作审批决定"),
    "field_visit": QT_TRANSLATE_NOOP("Refusals", "办理上门认证"),
    "window_certification": QT_TRANSLATE_NOOP("Refusals", "办理资格认证"),
    "handle_complaint": QT_TRANSLATE_NOOP("Refusals", "处理差评工单"),
    "clear_death_report": QT_TRANSLATE_NOOP("Refusals", "撤销死亡报告"),
    "manage_sign_key": QT_TRANSLATE_NOOP("Refusals", "生成或更换分局电子签章密钥"),
    "manage_laptop_key": QT_TRANSLATE_NOOP("Refusals", "更换外勤笔记本的签名密钥"),
}
# a role held, as counter_protocol.roles.role_text words it (code（名称）), their separator, and none
ROLE_HELD = (QT_TRANSLATE_NOOP("Refusals", "%1（%2）"), QT_TRANSLATE_NOOP("Refusals", "，"),
             QT_TRANSLATE_NOOP("Refusals", "无角色"))


def _role_param(kind: str, param: str) -> str:
    """A role refusal's parameter (``kind``: held, action or allowed) in the language of the UI,
    from the codes it keeps; one without codes (or of an unknown code) as it is."""
    from counter_app.ui.store_errors import fill_params
    from counter_app.ui.words import word
    from counter_protocol.roles import ROLE_NAMES

    codes = getattr(param, "codes", None)
    if codes is None or any(c not in ROLE_NAMES and c not in ROLE_ACTIONS for c in codes):
        return param
    translate = QCoreApplication.translate
    if kind == "action":
        return translate("Refusals", str(ROLE_ACTIONS[codes[0]])) if len(codes) == 1 and codes[0] in ROLE_ACTIONS else param
    if kind == "allowed":
        return translate("Refusals", "、").join(word(ROLE_NAMES[c]) for c in codes)
    if not codes:
        return translate("Refusals", str(ROLE_HELD[2]))
    return translate("Refusals", str(ROLE_HELD[1])).join(
        fill_params(translate("Refusals", str(ROLE_HELD[0])), (c, word(ROLE_NAMES[c]))) for c in codes)


# refusals whose parameter is a sign-in's failure (sync.auth.LoginError's sentence: ui.login_errors)
LOGIN_PARAMS = frozenset({"field_second_failed"})
CAUSE_PARAMS = frozenset({"field_roster_not_pulled", "field_roster_not_pulled_none"})


def _param(code: str, i: int, param: str) -> str:
    if getattr(param, "code", None) in REFUSALS:
        return refusal_text(param)
    parts = getattr(param, "parts", None)          # domain.refusals.Joined: each problem worded
    if parts is not None:
        return problems_text(parts)
    if i in ROLE_PARAMS.get(code, {}):
        return _role_param(ROLE_PARAMS[code][i], param)
    if i in ACTION_PARAMS.get(code, ()):
        return QCoreApplication.translate("Refusals", param) if param in PHRASES else param
    if i in PARAMETER_PARAMS.get(code, ()):
        return QCoreApplication.translate("Refusals", param) if param in PARAMETER_NAMES else param
    if i in AGE_PARAMS.get(code, ()):
        from counter_app.ui.condition_notes import note_word

        return note_word(param)
    if code in CAUSE_PARAMS and i == 0:              # why the centre was not reached (a sync error's cause)
        from counter_app.ui.messages import sentence_text

        return sentence_text(param)
    if code in LOGIN_PARAMS:                        # why the second staff member's sign-in failed
        from counter_app.ui.login_errors import login_text

        return login_text(param)
    from counter_app.ui.words import word

    if i in LIST_PARAMS.get(code, ()):
        return QCoreApplication.translate("Refusals", "、").join(word(p) for p in param.split("、"))
    from counter_app.ui.catalog_text import catalog_tr

    if i in CATALOG_LIST_PARAMS.get(code, ()):
        return QCoreApplication.translate("Refusals", "、").join(catalog_tr(p) for p in param.split("、"))

    worded = word(param)
    return catalog_tr(param) if worded == param else worded      # a catalog name (e.g. a material)


def problems_text(problems: "Iterable[str]") -> str:
    """Problems (each a Refusal, a SelectionProblem or plain Chinese) in the language of the UI,
    joined by "；" as the Chinese lists them."""
    return QCoreApplication.translate("Refusals", "；").join(refusal_text(p) for p in problems)


def summary_text(outcome: "ChecklistOutcome") -> str:
    """The checklist's summary line (ChecklistOutcome.summary) in the language of the UI; for
    不符合受理条件 each reason worded on its own (a material not submitted is data too)."""
    from counter_app.domain.catalog import OutcomeKind
    from counter_app.ui.store_errors import fill_params

    if outcome.kind is OutcomeKind.not_eligible:
        return fill_params(QCoreApplication.translate("Refusals", str(REFUSALS["summary_not_eligible"])),
                           (problems_text(outcome.reasons),))
    return refusal_text(outcome.summary())


def refusal_text(reason: str) -> str:
    """A TransitionRefused's ``reason`` in the language of the UI: from its code and parameters when
    it is a :class:`counter_app.domain.refusals.Refusal`; any other reason as it is (Chinese)."""
    from counter_app.ui.store_errors import fill_params

    code = str(getattr(reason, "code", "") or "")
    source = REFUSALS.get(code)
    if source is None:
        from counter_app.ui.catalog_text import catalog_tr

        return catalog_tr(str(reason))     # a catalog text (a condition's reason) or Chinese as it is
    params = tuple(getattr(reason, "params", ()) or ())
    return fill_params(QCoreApplication.translate("Refusals", str(source)),
                       tuple(_param(code, i, p) for i, p in enumerate(params)))
