"""An outbox entry's content in words (the 待同步 panel's details): each ``(key path, value)`` line
of :func:`counter_app.workflows.case_queries.flatten_fields` as 「label：value」 in the UI's language.

A key has Chinese words here (context ``OutboxPanel``), unless it is a domain code that already has a
name elsewhere: a material (keys under ``ticks`` / ``materials`` / ``missing``) or a condition (keys
under ``conditions``) by the service catalog's name, a fact by ``counter_rules.conditions.FACT_NAMES``,
a 核定数据 figure (``pension.base`` …) by the catalog's label — each worded as the rest of the UI words
it. A key that is data (a document number, a file of the archive package) is shown as it is. Values
that are codes the UI has words for (states, actions, results, decisions, yes / no, document kinds,
materials, conditions, steps) are worded too, and so are the other codes a value holds: a service by
its name with its code (参保登记（reg_enroll）), a channel, method, suspension, complaint stage, finger,
quality, document kind, retirement category, 核定数据 choice by the domain's or the catalog's own names,
the rest by :data:`VALUE_NAMES`; a photo left out (case_queries.OmittedImage) by its size; a time
(ISO, as stored) as the UI shows times (:func:`time_text`: Beijing time, to the minute). Anything
else is shown as stored (already masked). tests/unit/app/test_outbox_field_words.py runs every service
and the approval, fingerprint, complaint and field-visit workflows and reads each entry's lines.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

Path = tuple  # the keys of one value: str for a dict's key, int (from 1) for a list's item

# payload keys with their words (by key name; a few by their parent below)
FIELD_LABELS = {
    # an entry's case and who / when
    "case_id": QT_TRANSLATE_NOOP("OutboxPanel", "办件标识"),
    "case_no": QT_TRANSLATE_NOOP("OutboxPanel", "办件编号"),
    "service_code": QT_TRANSLATE_NOOP("OutboxPanel", "事项编码"),
    "catalog_version": QT_TRANSLATE_NOOP("OutboxPanel", "事项目录版本"),
    "action": QT_TRANSLATE_NOOP("OutboxPanel", "操作"),
    "from_state": QT_TRANSLATE_NOOP("OutboxPanel", "原状态"),
    "to_state": QT_TRANSLATE_NOOP("OutboxPanel", "新状态"),
    "reason": QT_TRANSLATE_NOOP("OutboxPanel", "原因"),
    "escalation": QT_TRANSLATE_NOOP("OutboxPanel", "审批事项"),
    "approved_by": QT_TRANSLATE_NOOP("OutboxPanel", "审批人"),
    "actor": QT_TRANSLATE_NOOP("OutboxPanel", "经办人"),
    "clerk": QT_TRANSLATE_NOOP("OutboxPanel", "经办人"),
    "at": QT_TRANSLATE_NOOP("OutboxPanel", "时间"),
    "created_at": QT_TRANSLATE_NOOP("OutboxPanel", "出具时间"),
    "score": QT_TRANSLATE_NOOP("OutboxPanel", "评价分值"),
    "comment": QT_TRANSLATE_NOOP("OutboxPanel", "评价意见"),
    "document_id": QT_TRANSLATE_NOOP("OutboxPanel", "文书标识"),
    "kind": QT_TRANSLATE_NOOP("OutboxPanel", "种类"),
    "number": QT_TRANSLATE_NOOP("OutboxPanel", "文号"),
    "digest": QT_TRANSLATE_NOOP("OutboxPanel", "校验值"),
    "job_id": QT_TRANSLATE_NOOP("OutboxPanel", "打印任务"),
    "copies": QT_TRANSLATE_NOOP("OutboxPanel", "份数"),
    "step": QT_TRANSLATE_NOOP("OutboxPanel", "步骤"),
    "step_code": QT_TRANSLATE_NOOP("OutboxPanel", "步骤"),
    "step_kind": QT_TRANSLATE_NOOP("OutboxPanel", "步骤类型"),
    "result": QT_TRANSLATE_NOOP("OutboxPanel", "结果"),
    "data": QT_TRANSLATE_NOOP("OutboxPanel", "数据"),
    "fields": QT_TRANSLATE_NOOP("OutboxPanel", "文书内容"),
    "applicant": QT_TRANSLATE_NOOP("OutboxPanel", "申请人"),
    "applicant_type": QT_TRANSLATE_NOOP("OutboxPanel", "申请人类型"),
    "name": QT_TRANSLATE_NOOP("OutboxPanel", "姓名"),
    "id_number": QT_TRANSLATE_NOOP("OutboxPanel", "证件号码"),
    "id_kind": QT_TRANSLATE_NOOP("OutboxPanel", "证件类型"),
    "phone": QT_TRANSLATE_NOOP("OutboxPanel", "联系电话"),
    # 办理结果反馈 (6.4.1.1.1.3; counter_protocol.result_feedback): the mobile the centre's SMS goes to
    "feedback": QT_TRANSLATE_NOOP("OutboxPanel", "办理结果反馈"),
    "mobile": QT_TRANSLATE_NOOP("OutboxPanel", "手机号码"),
    "address": QT_TRANSLATE_NOOP("OutboxPanel", "联系地址"),
    "unit_name": QT_TRANSLATE_NOOP("OutboxPanel", "单位名称"),
    "credit_code": QT_TRANSLATE_NOOP("OutboxPanel", "统一社会信用代码"),
    "agent_name": QT_TRANSLATE_NOOP("OutboxPanel", "代办人姓名"),
    "agent_id_number": QT_TRANSLATE_NOOP("OutboxPanel", "代办人证件号码"),
    "type": QT_TRANSLATE_NOOP("OutboxPanel", "申请人类型"),
    "type_name": QT_TRANSLATE_NOOP("OutboxPanel", "申请人类型名称"),
    "service_name": QT_TRANSLATE_NOOP("OutboxPanel", "事项"),
    "missing_items": QT_TRANSLATE_NOOP("OutboxPanel", "需补正材料"),
    "material": QT_TRANSLATE_NOOP("OutboxPanel", "材料"),
    "material_code": QT_TRANSLATE_NOOP("OutboxPanel", "材料"),
    "material_name": QT_TRANSLATE_NOOP("OutboxPanel", "材料名称"),
    # the columns of the printed 业务指引告知书 / 补齐补正材料清单 (templates.missing_items_table)
    "problem": QT_TRANSLATE_NOOP("OutboxPanel", "存在问题"),
    "what_to_bring": QT_TRANSLATE_NOOP("OutboxPanel", "需补齐补正的内容及携带要求"),
    # the 行政复议机关 and court a decision names (reference data offices)
    "review_body": QT_TRANSLATE_NOOP("OutboxPanel", "行政复议机关"),
    "court": QT_TRANSLATE_NOOP("OutboxPanel", "人民法院"),
    "outcome": QT_TRANSLATE_NOOP("OutboxPanel", "审核结果"),
    "office": QT_TRANSLATE_NOOP("OutboxPanel", "经办机构"),
    "office_code": QT_TRANSLATE_NOOP("OutboxPanel", "经办机构代码"),
    "workstation_id": QT_TRANSLATE_NOOP("OutboxPanel", "工作站"),
    "approver": QT_TRANSLATE_NOOP("OutboxPanel", "审批人"),
    "clause": QT_TRANSLATE_NOOP("OutboxPanel", "办理依据"),
    "date": QT_TRANSLATE_NOOP("OutboxPanel", "日期"),
    "time_limit": QT_TRANSLATE_NOOP("OutboxPanel", "办理时限"),
    "time_limit_basis": QT_TRANSLATE_NOOP("OutboxPanel", "办理时限依据"),
    "instant": QT_TRANSLATE_NOOP("OutboxPanel", "即时办结"),
    "delivered": QT_TRANSLATE_NOOP("OutboxPanel", "送达办理结果"),
    "materials_returned_on_site": QT_TRANSLATE_NOOP("OutboxPanel", "材料当场退回"),
    "title": QT_TRANSLATE_NOOP("OutboxPanel", "标题"),
    "note": QT_TRANSLATE_NOOP("OutboxPanel", "说明"),
    "summary": QT_TRANSLATE_NOOP("OutboxPanel", "摘要"),
    "id": QT_TRANSLATE_NOOP("OutboxPanel", "标识"),
    "version": QT_TRANSLATE_NOOP("OutboxPanel", "版本"),
    "year": QT_TRANSLATE_NOOP("OutboxPanel", "年度"),
    "month": QT_TRANSLATE_NOOP("OutboxPanel", "年月"),
    "amount": QT_TRANSLATE_NOOP("OutboxPanel", "金额"),
    "start": QT_TRANSLATE_NOOP("OutboxPanel", "开始日期"),
    "end": QT_TRANSLATE_NOOP("OutboxPanel", "结束日期"),
    "contact": QT_TRANSLATE_NOOP("OutboxPanel", "联系电话"),
    "method": QT_TRANSLATE_NOOP("OutboxPanel", "方式"),
    "scheme": QT_TRANSLATE_NOOP("OutboxPanel", "加密方式"),
    "backend": QT_TRANSLATE_NOOP("OutboxPanel", "采集设备"),
    # a case's acceptance (case.transition): the checklist, the conditions and the outcome
    "record_as_of": QT_TRANSLATE_NOOP("OutboxPanel", "参保档案查询时间"),
    "record_state": QT_TRANSLATE_NOOP("OutboxPanel", "参保档案查询情况"),
    "variants": QT_TRANSLATE_NOOP("OutboxPanel", "办理情形"),
    "ticks": QT_TRANSLATE_NOOP("OutboxPanel", "材料核对"),
    "materials": QT_TRANSLATE_NOOP("OutboxPanel", "材料"),
    "state": QT_TRANSLATE_NOOP("OutboxPanel", "状态"),
    "conditions": QT_TRANSLATE_NOOP("OutboxPanel", "受理条件"),
    "condition": QT_TRANSLATE_NOOP("OutboxPanel", "受理条件"),
    "code": QT_TRANSLATE_NOOP("OutboxPanel", "条件"),
    "text": QT_TRANSLATE_NOOP("OutboxPanel", "条件内容"),
    "explanation": QT_TRANSLATE_NOOP("OutboxPanel", "核验说明"),
    "source": QT_TRANSLATE_NOOP("OutboxPanel", "核验方式"),
    "facts": QT_TRANSLATE_NOOP("OutboxPanel", "事实"),
    "override": QT_TRANSLATE_NOOP("OutboxPanel", "经办人改判"),
    "system_result": QT_TRANSLATE_NOOP("OutboxPanel", "系统核验结果"),
    "clerk_result": QT_TRANSLATE_NOOP("OutboxPanel", "经办人认定结果"),
    "reasons": QT_TRANSLATE_NOOP("OutboxPanel", "原因"),
    "findings": QT_TRANSLATE_NOOP("OutboxPanel", "公示异议与核查情况"),
    "document": QT_TRANSLATE_NOOP("OutboxPanel", "出具文书"),
    "missing": QT_TRANSLATE_NOOP("OutboxPanel", "需补齐补正材料"),
    "pending_conditions": QT_TRANSLATE_NOOP("OutboxPanel", "待确认的受理条件"),
    "unmet_conditions": QT_TRANSLATE_NOOP("OutboxPanel", "不符合的受理条件"),
    "guided_conditions": QT_TRANSLATE_NOOP("OutboxPanel", "须按业务指引办理的受理条件"),
    # facts the rules record that counter_rules.conditions.FACT_NAMES does not name
    "min_contribution_months": QT_TRANSLATE_NOOP("OutboxPanel", "最低缴费月数"),
    "retirement_age": QT_TRANSLATE_NOOP("OutboxPanel", "法定退休年龄"),
    "retirement_month": QT_TRANSLATE_NOOP("OutboxPanel", "退休年月"),
    "uscc": QT_TRANSLATE_NOOP("OutboxPanel", "统一社会信用代码"),
    # 核定数据 and document contents: the groups (their figures by the catalog's labels where it has them)
    "pension": QT_TRANSLATE_NOOP("OutboxPanel", "基本养老金"),
    "allowance": QT_TRANSLATE_NOOP("OutboxPanel", "病残津贴"),
    "death_benefits": QT_TRANSLATE_NOOP("OutboxPanel", "丧葬补助金、抚恤金"),
    "account": QT_TRANSLATE_NOOP("OutboxPanel", "个人账户"),
    "contributions": QT_TRANSLATE_NOOP("OutboxPanel", "缴费"),
    "transfer": QT_TRANSLATE_NOOP("OutboxPanel", "转移接续"),
    "deemed_years": QT_TRANSLATE_NOOP("OutboxPanel", "视同缴费年限"),
    "certification": QT_TRANSLATE_NOOP("OutboxPanel", "资格认证"),
    "home_visit": QT_TRANSLATE_NOOP("OutboxPanel", "上门认证申请"),
    "publicity": QT_TRANSLATE_NOOP("OutboxPanel", "公示"),
    "rows": QT_TRANSLATE_NOOP("OutboxPanel", "明细"),
    "base": QT_TRANSLATE_NOOP("OutboxPanel", "缴费基数"),
    "employer": QT_TRANSLATE_NOOP("OutboxPanel", "单位缴费"),
    "individual": QT_TRANSLATE_NOOP("OutboxPanel", "个人缴费"),
    "months": QT_TRANSLATE_NOOP("OutboxPanel", "月数"),
    "total_months": QT_TRANSLATE_NOOP("OutboxPanel", "合计月数"),
    "periods": QT_TRANSLATE_NOOP("OutboxPanel", "视同缴费期间"),
    "unit": QT_TRANSLATE_NOOP("OutboxPanel", "工作单位"),
    "delivery": QT_TRANSLATE_NOOP("OutboxPanel", "送达方式"),
    "delivery_address": QT_TRANSLATE_NOOP("OutboxPanel", "送达地址"),
    "personal_no": QT_TRANSLATE_NOOP("OutboxPanel", "个人编号"),
    "period": QT_TRANSLATE_NOOP("OutboxPanel", "期间"),
    "balance": QT_TRANSLATE_NOOP("OutboxPanel", "个人账户余额"),
    "contribution_balance": QT_TRANSLATE_NOOP("OutboxPanel", "缴费期个人账户储存额"),
    "drawing_from": QT_TRANSLATE_NOOP("OutboxPanel", "待遇领取年月"),
    "paid_total": QT_TRANSLATE_NOOP("OutboxPanel", "累计支付额"),
    "payments": QT_TRANSLATE_NOOP("OutboxPanel", "个人账户养老金支付记录"),
    "items": QT_TRANSLATE_NOOP("OutboxPanel", "项目"),
    "parameters": QT_TRANSLATE_NOOP("OutboxPanel", "计发参数"),
    "label": QT_TRANSLATE_NOOP("OutboxPanel", "参数"),
    "value": QT_TRANSLATE_NOOP("OutboxPanel", "数值"),
    "rule": QT_TRANSLATE_NOOP("OutboxPanel", "计发办法"),
    "work_type": QT_TRANSLATE_NOOP("OutboxPanel", "特殊工种"),
    "years": QT_TRANSLATE_NOOP("OutboxPanel", "从事年限"),
    "objection": QT_TRANSLATE_NOOP("OutboxPanel", "异议内容"),
    "finding": QT_TRANSLATE_NOOP("OutboxPanel", "核查情况"),
    "posted_by": QT_TRANSLATE_NOOP("OutboxPanel", "公示发布人"),
    "template_ref": QT_TRANSLATE_NOOP("OutboxPanel", "指纹模板"),
    "sheet": QT_TRANSLATE_NOOP("OutboxPanel", "信息表"),
    "sheet_no": QT_TRANSLATE_NOOP("OutboxPanel", "信息表编号"),
    "to_agency": QT_TRANSLATE_NOOP("OutboxPanel", "转入地社保经办机构"),
    "via": QT_TRANSLATE_NOOP("OutboxPanel", "传送途径"),
    "direction": QT_TRANSLATE_NOOP("OutboxPanel", "转移方向"),
    "insured_from": QT_TRANSLATE_NOOP("OutboxPanel", "参保起始年月"),
    "insured_deceased": QT_TRANSLATE_NOOP("OutboxPanel", "参保人已死亡（文书致申请人）"),
    "insured_to": QT_TRANSLATE_NOOP("OutboxPanel", "参保截止年月"),
    "contribution_months": QT_TRANSLATE_NOOP("OutboxPanel", "实际缴费月数"),
    "account_balance": QT_TRANSLATE_NOOP("OutboxPanel", "个人账户储存额"),
    "pooled_amount": QT_TRANSLATE_NOOP("OutboxPanel", "统筹基金转移额"),
    "pooled": QT_TRANSLATE_NOOP("OutboxPanel", "单位缴费划入统筹"),
    "account_name": QT_TRANSLATE_NOOP("OutboxPanel", "开户名称"),
    "bank": QT_TRANSLATE_NOOP("OutboxPanel", "开户银行"),
    "bank_account": QT_TRANSLATE_NOOP("OutboxPanel", "银行账号"),
    "contact_address": QT_TRANSLATE_NOOP("OutboxPanel", "联系地址"),
    "contact_phone": QT_TRANSLATE_NOOP("OutboxPanel", "联系电话"),
    "postcode": QT_TRANSLATE_NOOP("OutboxPanel", "邮政编码"),
    "certified_on": QT_TRANSLATE_NOOP("OutboxPanel", "认证日期"),
    "channel": QT_TRANSLATE_NOOP("OutboxPanel", "认证渠道"),
    "channel_name": QT_TRANSLATE_NOOP("OutboxPanel", "认证渠道名称"),
    "method_name": QT_TRANSLATE_NOOP("OutboxPanel", "认证方式名称"),
    "valid_until": QT_TRANSLATE_NOOP("OutboxPanel", "认证有效期至"),
    "previous_valid_until": QT_TRANSLATE_NOOP("OutboxPanel", "原认证有效期至"),
    "suspension": QT_TRANSLATE_NOOP("OutboxPanel", "暂停发放原因"),
    "resumption": QT_TRANSLATE_NOOP("OutboxPanel", "恢复发放"),
    "back_pay_months": QT_TRANSLATE_NOOP("OutboxPanel", "补发月份"),
    "requested_on": QT_TRANSLATE_NOOP("OutboxPanel", "申请日期"),
    "requested_at": QT_TRANSLATE_NOOP("OutboxPanel", "申请时间"),
    # approvals (approval.requested / approval.decided)
    "details": QT_TRANSLATE_NOOP("OutboxPanel", "申请内容"),
    "case": QT_TRANSLATE_NOOP("OutboxPanel", "办件"),
    "terms": QT_TRANSLATE_NOOP("OutboxPanel", "审批依据"),
    "group": QT_TRANSLATE_NOOP("OutboxPanel", "核定类别"),
    "made_at": QT_TRANSLATE_NOOP("OutboxPanel", "提出时间"),
    "maker": QT_TRANSLATE_NOOP("OutboxPanel", "提出人"),
    "required_level": QT_TRANSLATE_NOOP("OutboxPanel", "须审批级别"),
    "payload_digest": QT_TRANSLATE_NOOP("OutboxPanel", "申请内容校验值"),
    "checker": QT_TRANSLATE_NOOP("OutboxPanel", "审批人"),
    "decided_at": QT_TRANSLATE_NOOP("OutboxPanel", "决定时间"),
    "decision": QT_TRANSLATE_NOOP("OutboxPanel", "审批决定"),
    "mode": QT_TRANSLATE_NOOP("OutboxPanel", "审批方式"),
    "proof": QT_TRANSLATE_NOOP("OutboxPanel", "审批凭证"),
    # archiving (archive.filed / archive.package)
    "archive_no": QT_TRANSLATE_NOOP("OutboxPanel", "档号"),
    "archive_code": QT_TRANSLATE_NOOP("OutboxPanel", "档号"),
    "category": QT_TRANSLATE_NOOP("OutboxPanel", "档案类别"),
    "checksum": QT_TRANSLATE_NOOP("OutboxPanel", "校验值"),
    "filed_date": QT_TRANSLATE_NOOP("OutboxPanel", "归档日期"),
    "retention": QT_TRANSLATE_NOOP("OutboxPanel", "保管期限"),
    "documents": QT_TRANSLATE_NOOP("OutboxPanel", "文书"),
    "material_images": QT_TRANSLATE_NOOP("OutboxPanel", "材料影像"),
    "signatures": QT_TRANSLATE_NOOP("OutboxPanel", "签名"),
    "form": QT_TRANSLATE_NOOP("OutboxPanel", "材料形式"),
    "metadata_sm3": QT_TRANSLATE_NOOP("OutboxPanel", "元数据校验值"),
    "parts": QT_TRANSLATE_NOOP("OutboxPanel", "档案包文件校验值"),
    "path": QT_TRANSLATE_NOOP("OutboxPanel", "存放位置"),
    "previous": QT_TRANSLATE_NOOP("OutboxPanel", "上一版校验值"),
    "audit": QT_TRANSLATE_NOOP("OutboxPanel", "审计记录"),
    "history": QT_TRANSLATE_NOOP("OutboxPanel", "办理过程"),
    # material images, signatures, fingerprints (material.captured, document.signed, fingerprint.*)
    "bytes": QT_TRANSLATE_NOOP("OutboxPanel", "字节数"),
    "dpi": QT_TRANSLATE_NOOP("OutboxPanel", "分辨率（DPI）"),
    "page_no": QT_TRANSLATE_NOOP("OutboxPanel", "页码"),
    "width": QT_TRANSLATE_NOOP("OutboxPanel", "宽度（像素）"),
    "height": QT_TRANSLATE_NOOP("OutboxPanel", "高度（像素）"),
    "image_id": QT_TRANSLATE_NOOP("OutboxPanel", "影像标识"),
    "signature_id": QT_TRANSLATE_NOOP("OutboxPanel", "签名标识"),
    "replaced": QT_TRANSLATE_NOOP("OutboxPanel", "替换原签名"),
    "finger": QT_TRANSLATE_NOOP("OutboxPanel", "手指"),
    "image_kept": QT_TRANSLATE_NOOP("OutboxPanel", "保留指纹图像"),
    "minutiae": QT_TRANSLATE_NOOP("OutboxPanel", "特征点数"),
    "quality": QT_TRANSLATE_NOOP("OutboxPanel", "质量"),
    "stages": QT_TRANSLATE_NOOP("OutboxPanel", "按压次数"),
    "template_digest": QT_TRANSLATE_NOOP("OutboxPanel", "模板校验值"),
    "template_id": QT_TRANSLATE_NOOP("OutboxPanel", "指纹模板标识"),
    "exemption_id": QT_TRANSLATE_NOOP("OutboxPanel", "免采申请标识"),
    "status": QT_TRANSLATE_NOOP("OutboxPanel", "状态"),
    "supervisor": QT_TRANSLATE_NOOP("OutboxPanel", "审批主管"),
    "matched": QT_TRANSLATE_NOOP("OutboxPanel", "比对一致"),
    "purpose": QT_TRANSLATE_NOOP("OutboxPanel", "用途"),
    "verification_id": QT_TRANSLATE_NOOP("OutboxPanel", "核验标识"),
    # complaints (complaint.opened / complaint.advanced)
    "stage": QT_TRANSLATE_NOOP("OutboxPanel", "环节"),
    "due": QT_TRANSLATE_NOOP("OutboxPanel", "期限"),
    "late": QT_TRANSLATE_NOOP("OutboxPanel", "已超期"),
    "owner": QT_TRANSLATE_NOOP("OutboxPanel", "负责人"),
    # a field visit (field.visit_recorded)
    "visit": QT_TRANSLATE_NOOP("OutboxPanel", "上门认证"),
    "visit_id": QT_TRANSLATE_NOOP("OutboxPanel", "认证记录标识"),
    "visited_at": QT_TRANSLATE_NOOP("OutboxPanel", "上门时间"),
    "assignment_id": QT_TRANSLATE_NOOP("OutboxPanel", "任务标识"),
    "request_id": QT_TRANSLATE_NOOP("OutboxPanel", "申请标识"),
    "address_confirmed": QT_TRANSLATE_NOOP("OutboxPanel", "住址已核实"),
    "identity": QT_TRANSLATE_NOOP("OutboxPanel", "身份核验"),
    # the field form's 读卡 reads the 社会保障卡 and compares it with the roster's person
    "card_chip": QT_TRANSLATE_NOOP("OutboxPanel", "已读取社保卡芯片"),
    "card_matches": QT_TRANSLATE_NOOP("OutboxPanel", "社保卡与名单人员一致"),
    "fingerprint": QT_TRANSLATE_NOOP("OutboxPanel", "指纹"),
    "photo_compared": QT_TRANSLATE_NOOP("OutboxPanel", "已比对照片"),
    "consent": QT_TRANSLATE_NOOP("OutboxPanel", "采集告知与同意"),
    "biometrics": QT_TRANSLATE_NOOP("OutboxPanel", "本人同意采集指纹和照片"),
    "notice": QT_TRANSLATE_NOOP("OutboxPanel", "告知书版本"),
    "photo": QT_TRANSLATE_NOOP("OutboxPanel", "照片"),
    "signature": QT_TRANSLATE_NOOP("OutboxPanel", "签名"),
    "png": QT_TRANSLATE_NOOP("OutboxPanel", "签名图像"),
    "staff": QT_TRANSLATE_NOOP("OutboxPanel", "认证人员"),
    "second_staff_auth": QT_TRANSLATE_NOOP("OutboxPanel", "第二名人员验证方式"),
    "seal": QT_TRANSLATE_NOOP("OutboxPanel", "防篡改签章"),
    "alg": QT_TRANSLATE_NOOP("OutboxPanel", "算法"),
    "key_id": QT_TRANSLATE_NOOP("OutboxPanel", "密钥标识"),
    "sm3": QT_TRANSLATE_NOOP("OutboxPanel", "SM3 校验值"),
    # what the laptop keeps of a visit once its personal data is cleared (storage.field_clearing)
    "wiped": QT_TRANSLATE_NOOP("OutboxPanel", "已清除个人信息的上门认证"),
    "id_masked": QT_TRANSLATE_NOOP("OutboxPanel", "证件号码（遮蔽）"),
    "why": QT_TRANSLATE_NOOP("OutboxPanel", "清除原因"),
    "person": QT_TRANSLATE_NOOP("OutboxPanel", "人员标识（摘要）"),
    "superseded_by": QT_TRANSLATE_NOOP("OutboxPanel", "取代本条的认证记录"),
}
# a key with other words under a parent (the parent's key, then the key)
PARENT_LABELS = {
    ("archive.filed", "items"): QT_TRANSLATE_NOOP("OutboxPanel", "归档内容"),
    ("archive.package", "source"): QT_TRANSLATE_NOOP("OutboxPanel", "源数据校验值"),
    ("parameters", "value"): QT_TRANSLATE_NOOP("OutboxPanel", "数值"),
    ("parameters", "effective_from"): QT_TRANSLATE_NOOP("OutboxPanel", "起效日期"),
    ("parameters", "unit"): QT_TRANSLATE_NOOP("OutboxPanel", "计量单位"),
    ("missing_items", "material"): QT_TRANSLATE_NOOP("OutboxPanel", "材料名称"),
    ("missing", "material"): QT_TRANSLATE_NOOP("OutboxPanel", "材料名称"),
    ("items", "name"): QT_TRANSLATE_NOOP("OutboxPanel", "项目"),
    ("materials", "name"): QT_TRANSLATE_NOOP("OutboxPanel", "材料名称"),
    ("override", "reason"): QT_TRANSLATE_NOOP("OutboxPanel", "改判理由"),
    ("visit", "result"): QT_TRANSLATE_NOOP("OutboxPanel", "认证结果"),
    ("visit", "address"): QT_TRANSLATE_NOOP("OutboxPanel", "住址"),
    ("signature", "method"): QT_TRANSLATE_NOOP("OutboxPanel", "签名方式"),
    ("identity", "fingerprint"): QT_TRANSLATE_NOOP("OutboxPanel", "指纹比对"),
    ("facts", "kind"): QT_TRANSLATE_NOOP("OutboxPanel", "证件类型"),
}
# parents whose keys are domain codes named elsewhere, and parents whose keys are data
MATERIAL_PARENTS = frozenset({"ticks", "materials", "missing"})
CONDITION_PARENTS = frozenset({"conditions", "unmet_conditions", "pending_conditions", "guided_conditions"})
DATA_PARENTS = frozenset({"parts", "documents"})   # files of an archive package, documents by 文号

YES, NO = QT_TRANSLATE_NOOP("OutboxPanel", "是"), QT_TRANSLATE_NOOP("OutboxPanel", "否")
DECISION_NAMES = {"approved": QT_TRANSLATE_NOOP("OutboxPanel", "批准"),
                  "rejected": QT_TRANSLATE_NOOP("OutboxPanel", "驳回"),
                  "awaiting_supervisor": QT_TRANSLATE_NOOP("OutboxPanel", "待主管审批")}


# values that are codes with no name elsewhere (the key's name, then {code: words})
VALUE_NAMES = {
    # the 参保档案 a decision rested on (counter_rules.conditions ONLINE / CACHE / NONE / UNKNOWN)
    "record_state": {"online": QT_TRANSLATE_NOOP("OutboxPanel", "联网查询"),
                     "cache": QT_TRANSLATE_NOOP("OutboxPanel", "本机缓存（离线）"),
                     "none": QT_TRANSLATE_NOOP("OutboxPanel", "离线且无缓存"),
                     "unknown": QT_TRANSLATE_NOOP("OutboxPanel", "未查询")},
    # what a step is (counter_rules.terms.StepKind)
    "step_kind": {"process": QT_TRANSLATE_NOOP("OutboxPanel", "办理"),
                  "review": QT_TRANSLATE_NOOP("OutboxPanel", "审核申请材料"),
                  "fingerprint": QT_TRANSLATE_NOOP("OutboxPanel", "采集指纹"),
                  "publicity": QT_TRANSLATE_NOOP("OutboxPanel", "公示"),
                  "verification": QT_TRANSLATE_NOOP("OutboxPanel", "公示异议核查"),
                  "letter_generated": QT_TRANSLATE_NOOP("OutboxPanel", "生成联系函"),
                  "letter_sent": QT_TRANSLATE_NOOP("OutboxPanel", "传送联系函"),
                  "sheet_awaited": QT_TRANSLATE_NOOP("OutboxPanel", "等待信息表"),
                  "sheet_received": QT_TRANSLATE_NOOP("OutboxPanel", "收到信息表"),
                  "sheet_reviewed": QT_TRANSLATE_NOOP("OutboxPanel", "审核信息表"),
                  "sheet_generated": QT_TRANSLATE_NOOP("OutboxPanel", "生成信息表"),
                  "sheet_sent": QT_TRANSLATE_NOOP("OutboxPanel", "传送信息表"),
                  "fund_transfer": QT_TRANSLATE_NOOP("OutboxPanel", "基金划转"),
                  "termination": QT_TRANSLATE_NOOP("OutboxPanel", "终止本地养老保险关系"),
                  "continuation": QT_TRANSLATE_NOOP("OutboxPanel", "接续养老保险关系"),
                  "delivery": QT_TRANSLATE_NOOP("OutboxPanel", "登记送达方式"),
                  "served": QT_TRANSLATE_NOOP("OutboxPanel", "送达"),
                  "push_collection": QT_TRANSLATE_NOOP("OutboxPanel", "推送社会保险费征收机构")},
    "sex": {"male": QT_TRANSLATE_NOOP("OutboxPanel", "男"), "female": QT_TRANSLATE_NOOP("OutboxPanel", "女")},
    # counter_rules.retirement.DeathCause
    "death_cause": {"illness": QT_TRANSLATE_NOOP("OutboxPanel", "因病死亡"),
                    "non_work_injury": QT_TRANSLATE_NOOP("OutboxPanel", "非因工死亡"),
                    "work_injury": QT_TRANSLATE_NOOP("OutboxPanel", "因工死亡")},
    "direction": {"in": QT_TRANSLATE_NOOP("OutboxPanel", "转入"), "out": QT_TRANSLATE_NOOP("OutboxPanel", "转出")},
    # the 个人账户 statement's period (counter_rules.documents: contributing | drawing)
    "period": {"contributing": QT_TRANSLATE_NOOP("OutboxPanel", "缴费期"),
               "drawing": QT_TRANSLATE_NOOP("OutboxPanel", "待遇领取期")},
    # a 上门认证 (counter_app.workflows.field.Evidence, Staff.mode)
    "fingerprint": {"matched": QT_TRANSLATE_NOOP("OutboxPanel", "比对一致"),
                    "not_matched": QT_TRANSLATE_NOOP("OutboxPanel", "比对不一致"),
                    "no_template": QT_TRANSLATE_NOOP("OutboxPanel", "无指纹模板"),
                    "not_taken": QT_TRANSLATE_NOOP("OutboxPanel", "未比对")},
    "why": {"synced": QT_TRANSLATE_NOOP("OutboxPanel", "已同步且名单期满"),
            "expired": QT_TRANSLATE_NOOP("OutboxPanel", "已过期清除"),
            "superseded": QT_TRANSLATE_NOOP("OutboxPanel", "已被取代清除")},
    "second_staff_auth": {"online": QT_TRANSLATE_NOOP("OutboxPanel", "联网验证"),
                          "offline": QT_TRANSLATE_NOOP("OutboxPanel", "离线验证")},
    # an approval decided at the clerk's window or by the supervisor's queue (集中授权)
    "mode": {"on_site": QT_TRANSLATE_NOOP("OutboxPanel", "现场授权"),
             "remote": QT_TRANSLATE_NOOP("OutboxPanel", "集中授权")},
    "purpose": {"certification": QT_TRANSLATE_NOOP("OutboxPanel", "资格认证")},
    # the device a fingerprint or a signature was taken with (devices: fingerprint and signpad backends)
    "backend": {"demo": QT_TRANSLATE_NOOP("OutboxPanel", "演示采集器"),
                "hid": QT_TRANSLATE_NOOP("OutboxPanel", "签名板"),
                "screen": QT_TRANSLATE_NOOP("OutboxPanel", "屏幕签名")},
}
# (parent, key) whose values are named otherwise than VALUE_NAMES[key]
PARENT_VALUE_NAMES = {
    ("signature", "method"): {"pad": QT_TRANSLATE_NOOP("OutboxPanel", "签名板"),
                              "screen": QT_TRANSLATE_NOOP("OutboxPanel", "屏幕签名"),
                              "none": QT_TRANSLATE_NOOP("OutboxPanel", "未签名")},
}
# the Chinese words of the domain's tables a value is named by (listed here for lupdate; the tables:
# counter_protocol.certification_sync CHANNEL_NAMES / METHOD_NAMES, counter_protocol.records
# SUSPENSION_REASON_NAMES, counter_app.domain.complaints STAGE_NAMES, counter_app.printing.templates
# DELIVERY_NAMES, counter_app.devices.fingerprint.base FINGER_LABELS, counter_rules.retirement
# Category.label); tests/unit/app/test_outbox_field_words.py checks every word of them is listed
DOMAIN_VALUE_WORDS = (
    QT_TRANSLATE_NOOP("OutboxPanel", "窗口认证"), QT_TRANSLATE_NOOP("OutboxPanel", "上门认证"),
    QT_TRANSLATE_NOOP("OutboxPanel", "指纹比对"), QT_TRANSLATE_NOOP("OutboxPanel", "照片比对（经办人确认）"),
    QT_TRANSLATE_NOOP("OutboxPanel", "资格认证过期"), QT_TRANSLATE_NOOP("OutboxPanel", "服刑"),
    QT_TRANSLATE_NOOP("OutboxPanel", "上门认证报告已死亡"),
    QT_TRANSLATE_NOOP("OutboxPanel", "已受理"), QT_TRANSLATE_NOOP("OutboxPanel", "已核实"),
    QT_TRANSLATE_NOOP("OutboxPanel", "已整改"), QT_TRANSLATE_NOOP("OutboxPanel", "已反馈"),
    QT_TRANSLATE_NOOP("OutboxPanel", "已回访（办结）"),
    QT_TRANSLATE_NOOP("OutboxPanel", "邮寄送达"), QT_TRANSLATE_NOOP("OutboxPanel", "窗口自取"),
    QT_TRANSLATE_NOOP("OutboxPanel", "右手拇指"), QT_TRANSLATE_NOOP("OutboxPanel", "右手食指"),
    QT_TRANSLATE_NOOP("OutboxPanel", "右手中指"), QT_TRANSLATE_NOOP("OutboxPanel", "右手无名指"),
    QT_TRANSLATE_NOOP("OutboxPanel", "右手小指"), QT_TRANSLATE_NOOP("OutboxPanel", "左手拇指"),
    QT_TRANSLATE_NOOP("OutboxPanel", "左手食指"), QT_TRANSLATE_NOOP("OutboxPanel", "左手中指"),
    QT_TRANSLATE_NOOP("OutboxPanel", "左手无名指"), QT_TRANSLATE_NOOP("OutboxPanel", "左手小指"),
    QT_TRANSLATE_NOOP("OutboxPanel", "男职工"), QT_TRANSLATE_NOOP("OutboxPanel", "女职工（原55周岁）"),
    QT_TRANSLATE_NOOP("OutboxPanel", "女职工（原50周岁）"),
)
# a service by its name, with its code (what the centre's answers and the logs name it by)
SERVICE = QT_TRANSLATE_NOOP("OutboxPanel", "%1（%2）")
# a photo or a signature image left out (case_queries.OmittedImage: its size in bytes)
IMAGE_OMITTED = QT_TRANSLATE_NOOP("OutboxPanel", "（图像，约 %1 字节，不显示）")

LINE = QT_TRANSLATE_NOOP("OutboxPanel", "%1：%2")

# a moment a payload holds (at, made_at, decided_at, visited_at …), as the workflows write it: ISO
# with a "T", with or without its offset
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


# the times without an offset that the storage's clock wrote (naive UTC, counter_protocol.clock's rule):
# an entry's kind and the time's key; the case workflow writes the others with the workstation's own
# clock (cases.local_now: naive local time). A 差评工单's times now carry their offset
# (counter_protocol.complaints.ticket_time); complaint.advanced is here for the entries written before
UTC_TIMES = frozenset({("document.issued", "created_at"), ("archive.filed", "created_at"),
                       ("complaint.advanced", "at")})


def time_text(text: str, utc: bool = False) -> str:
    """A payload's ISO time as the rest of the UI shows a time: Beijing time, to the minute
    (2026-12-05 10:00; counter_protocol.clock.beijing_text, as the approvals show theirs). One
    without an offset is the workstation's local time, or UTC where ``utc``. Anything else as it is."""
    if not ISO_TIME.fullmatch(text):
        return text
    from counter_protocol.clock import BEIJING, beijing_text

    aware = text.endswith("Z") or re.search(r"[+-]\d{2}:?\d{2}$", text)
    if aware or utc:
        return beijing_text(text)
    from datetime import datetime

    return datetime.fromisoformat(text).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def _tr(text: object) -> str:
    """A word listed with QT_TRANSLATE_NOOP (context OutboxPanel), in the UI's language."""
    return QCoreApplication.translate("OutboxPanel", str(text))


@lru_cache(maxsize=1)
def _catalog_names() -> dict[str, dict]:
    """The service catalog's names by code: materials, conditions, steps and variants per service
    (``(service, code)``) and across services (``code``: the first service's name), the 核定数据
    labels (``group.key``) and their choices (``(group.key, value)``), the services' names."""
    from counter_app.reference.catalog import default_catalog

    names: dict[str, dict] = {"material": {}, "condition": {}, "step": {}, "variant": {}, "decision": {},
                              "service": {}, "choice": {}}
    for s in default_catalog().services:
        names["service"][s.code] = s.name
        for table, items, text in (("material", s.materials, "name"), ("condition", s.conditions, "text"),
                                   ("step", s.steps, "name"), ("variant", s.variants, "name")):
            for item in items:
                names[table].setdefault(item.code, getattr(item, text))
                names[table][(s.code, item.code)] = getattr(item, text)
        for step in s.steps:
            for f in step.decision_data:
                names["decision"].setdefault(f.code, f.label)
                for value, label in f.choices:
                    names["choice"].setdefault((f.code, value), label)
    return names


def catalog_name(table: str, code: str, service: str = "") -> str | None:
    """A catalog name (material, condition, step, variant, service) in the UI's language; None when unknown."""
    from counter_app.ui.catalog_text import catalog_tr

    names = _catalog_names()[table]
    name = names.get((service, code)) or names.get(code)
    return catalog_tr(name) if name else None


def _key_word(key: str, parent: str | int | None, grand: str | int | None, kind: str, service: str) -> str:
    if isinstance(parent, str):
        if parent in DATA_PARENTS:
            return key
        if parent in MATERIAL_PARENTS and (name := catalog_name("material", key, service)):
            return name
        if parent in CONDITION_PARENTS and (name := catalog_name("condition", key, service)):
            return name
        if parent == "facts":
            from counter_rules.conditions import FACT_NAMES

            if key in FACT_NAMES:
                from counter_app.ui.condition_notes import note_word

                return note_word(FACT_NAMES[key])
        if (label := _catalog_names()["decision"].get(f"{parent}.{key}")) is not None:
            from counter_app.ui.catalog_text import catalog_tr

            return catalog_tr(label)
        if (parent, key) in PARENT_LABELS:
            return _tr(PARENT_LABELS[parent, key])
    elif parent is None and (kind, key) in PARENT_LABELS:
        return _tr(PARENT_LABELS[kind, key])
    elif isinstance(parent, int) and isinstance(grand, str) and (grand, key) in PARENT_LABELS:
        return _tr(PARENT_LABELS[grand, key])
    return _tr(FIELD_LABELS[key]) if key in FIELD_LABELS else key


def field_label(path: Path, kind: str = "", service: str = "") -> str:
    """``("fields", "applicant", "name")`` → 文书内容 · 申请人 · 姓名; a list's item numbered
    (受理条件[2] · 条件); a key that is data (a 文号, a file) as it is, an unknown one too."""
    parts: list[str] = []
    for i, key in enumerate(path):
        if isinstance(key, int):
            if parts:
                parts[-1] += f"[{key}]"
            else:
                parts.append(f"[{key}]")
            continue
        parent = path[i - 1] if i > 0 else None
        grand = path[i - 2] if i > 1 else None
        parts.append(_key_word(key, parent, grand, kind, service))
    return " · ".join(parts)


def field_value(path: Path, value: object, service: str = "", kind: str = "") -> str:
    """A value in words where it is a code the UI has words for, a time in Beijing time (``kind``: the
    entry's, which tells a time stored in UTC); the rest as stored (already masked)."""
    if isinstance(value, bool):
        return _tr(YES) if value else _tr(NO)
    from counter_app.workflows.case_queries import OmittedImage

    if isinstance(value, OmittedImage):
        return _tr(IMAGE_OMITTED).replace("%1", str(int(value)))
    text = str(value)
    keys = [k for k in path if isinstance(k, str)]
    if not text or not keys:
        return text
    if ISO_TIME.fullmatch(text):
        return time_text(text, utc=(kind, keys[-1]) in UTC_TIMES)
    key, parent = keys[-1], (keys[-2] if len(keys) > 1 else "")
    if (named := _code_value(key, parent, text)) is not None:
        return named
    from counter_app.ui import words

    if key == "action":
        from counter_app.domain.case_engine import ACTION_NAMES
        from counter_app.domain.terms import Escalation

        if text in ACTION_NAMES:
            return words.word(ACTION_NAMES[text])
        if text in Escalation._value2member_map_:
            return words.escalation_name(Escalation(text))
        return text
    if key == "escalation":
        from counter_app.domain.terms import Escalation

        return words.escalation_name(Escalation(text)) if text in Escalation._value2member_map_ else text
    from counter_app.domain.terms import CaseState

    if key in ("from_state", "to_state", "state") and text in CaseState._value2member_map_:
        return words.state_name(CaseState(text))
    if key == "state":
        from counter_app.ui.approvals_panel import TICK_NAMES, _named

        return _named(TICK_NAMES, text)
    if key in ("result", "clerk_result", "system_result") or (parent == "override" and key == "system_result"):
        from counter_app.ui.approvals_panel import RESULT_NAMES, _named

        if parent == "visit":
            from counter_protocol.field import RESULTS

            return words.word(RESULTS.get(text, text))
        if text in RESULT_NAMES:
            return _named(RESULT_NAMES, text)
        return words.result_name(text)
    if key == "source":
        from counter_app.ui.approvals_panel import SOURCE_NAMES, _named

        return _named(SOURCE_NAMES, text)
    if key == "status" and parent == "facts":
        from counter_app.ui.condition_notes import note_word
        from counter_protocol.records import PERSON_STATUS_NAMES, PersonStatus

        return note_word(PERSON_STATUS_NAMES[PersonStatus(text)]) if text in PersonStatus._value2member_map_ else text
    if key in ("decision", "status"):
        return _tr(DECISION_NAMES[text]) if text in DECISION_NAMES else text
    if key == "kind" and parent == "outcome":
        from counter_app.domain.terms import OUTCOME_NAMES, OutcomeKind

        return words.word(OUTCOME_NAMES[OutcomeKind(text)]) if text in OutcomeKind._value2member_map_ else text
    if key in ("kind", "document"):
        from counter_app.ui.document_titles import kind_title

        # the documents' own titles, as the documents panel shows them
        return kind_title(text)
    if key in ("applicant_type", "type"):
        from counter_rules.terms import applicant_type_name

        return words.word(applicant_type_name(text))
    if key == "material_code":
        return catalog_name("material", text, service) or text
    if key in ("condition", "unmet_conditions", "pending_conditions", "guided_conditions") or (
            key == "code" and parent == "conditions"):
        return catalog_name("condition", text, service) or text
    if key in ("step_code", "step"):
        return catalog_name("step", text, service) or text
    if key == "variants":
        return catalog_name("variant", text, service) or text
    if parent == "conditions" and key == "text":
        from counter_app.ui.catalog_text import catalog_tr

        return catalog_tr(text)
    if parent == "conditions" and key in ("explanation", "reasons"):
        from counter_app.ui.condition_notes import note_text

        return note_text(text)
    if key == "required_level" and text.isdigit():
        return words.level_word(int(text))
    if key == "group" and text in FIELD_LABELS:
        return _tr(FIELD_LABELS[text])
    return text


def _code_value(key: str, parent: str, text: str) -> str | None:
    """A value that is a code of a table named here or in the domain, in words; None for others."""
    if key == "service_code":
        name = catalog_name("service", text)
        return _tr(SERVICE).replace("%1", name).replace("%2", text) if name else text
    if (parent, key) in PARENT_VALUE_NAMES:
        table = PARENT_VALUE_NAMES[parent, key]
        return _tr(table[text]) if text in table else text
    if text in VALUE_NAMES.get(key, {}):
        return _tr(VALUE_NAMES[key][text])
    if (label := _catalog_names()["choice"].get((f"{parent}.{key}", text))) is not None:
        from counter_app.ui.catalog_text import catalog_tr

        return catalog_tr(label)        # a 核定数据 choice (death_benefits.rule_set: 深圳办法)
    domain: Mapping[str, str]
    if key == "channel":
        from counter_protocol.certification_sync import CHANNEL_NAMES

        domain = CHANNEL_NAMES
    elif key in ("method", "delivery"):
        from counter_app.printing.templates import DELIVERY_NAMES
        from counter_protocol.certification_sync import METHOD_NAMES

        domain = METHOD_NAMES if parent == "certification" else DELIVERY_NAMES
    elif key == "suspension":
        from counter_protocol.records import SUSPENSION_REASON_NAMES

        domain = SUSPENSION_REASON_NAMES
    elif key == "stage":
        from counter_app.domain.complaints import STAGE_NAMES

        domain = STAGE_NAMES
    elif key == "finger":
        from counter_app.devices.fingerprint.base import FINGER_LABELS

        domain = {f.value: label for f, label in FINGER_LABELS.items()}
    elif key == "quality":
        from counter_app.devices.fingerprint.base import Quality
        from counter_app.ui.device_errors import quality_word

        return quality_word(Quality(text)) if text in Quality._value2member_map_ else text
    elif parent == "facts" and key == "kind":
        from counter_app.ui.identifier_errors import kind_word

        return kind_word(text)
    elif parent == "facts" and key == "category":
        from counter_rules.retirement import Category

        domain = {c.value: c.label for c in Category}
    else:
        return None
    return _tr(domain[text]) if text in domain else text


def field_lines(d: dict) -> list[str]:
    """An entry's content (``outbox_entry_details``'s ``fields``) as 「label：value」 lines."""
    fields = d.get("fields", [])
    service = next((str(v) for p, v in fields if tuple(p) == ("service_code",)), "")
    kind = d.get("kind", "")
    line = _tr(LINE)
    lines = []
    for path, value in fields:
        path = tuple(path)
        # the value last, so that a "%" in it is never read as a place holder
        lines.append(line.replace("%1", field_label(path, kind, service)).replace("%2", field_value(path, value, service, kind))
                     if path else str(value))
    return lines
