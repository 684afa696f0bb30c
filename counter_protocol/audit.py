"""The audit trail's record format, its SM3 chain and the centre's anchor (shared by counter and centre).

Each record's digest is SM3 over the canonical JSON of its fields *and the previous record's
digest*, so an edited record breaks its own digest, and a deleted or reordered one breaks the link
(``prev_digest``) and the sequence. The chain's head (seq, digest) is anchored at the centre on
each sync: a deleted tail — records after the last one the centre saw, or the anchored one itself —
is detected against it.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from pydantic import BaseModel, ConfigDict, Field

from counter_protocol.sync import SafeStr

GENESIS = "0" * 64          # prev_digest of a workstation's first record
AUDIT_PATH = "/audit/records"
ANCHOR_PATH = "/audit/anchor"
MAX_RECORDS = 500
# A workstation whose chain forked from the one the centre holds (a store restored from a backup, a
# second machine given the same 工作站编号) goes on in a new epoch: a chain of its own at the centre,
# ``<工作站编号>~<epoch>``, starting where it parts from the records the centre holds.
EPOCH_SEP = "~"
EPOCH_PATTERN = r"^[0-9A-Z]{4,16}$"
FORKED = "audit_chain_forked"      # the centre's reason: a held seq with another digest, or not linked to the head

ACTIONS = {
    "login": "登录", "login.failed": "登录失败", "logout": "注销", "record.lookup": "查询参保档案",
    "card.read": "读卡", "case.transition": "办件状态变更", "case.resubmit": "补齐材料重新提交", "document.issued": "出具文书",
    "document.printed": "打印文书", "document.reprinted": "补打文书", "approval": "审批",
    "document.print_submitted": "文书送打印", "file.print_submitted": "文件送打印",
    "guide.print_submitted": "服务指南送打印", "file.printed": "打印文件",
    "print.moved": "改送打印机", "materials.exported": "导出材料包",
    "export": "导出", "config.changed": "修改配置",
    "field.visit": "记录上门认证", "field.visit_withdrawn": "撤回未发送的上门认证记录",
    "field.visit_cleared": "清除已同步上门认证的个人信息",
    "field.roster_listed": "查看外勤名单", "device.capture": "采集设备数据到文件",
    "field.pull": "下载外勤名单",
    # the centre's chain: a supervisor clears a home visit's 已死亡 report (counter_central.certification)
    "field.clear_death_report": "撤销上门认证死亡报告", "field.death_reports": "查看上门认证死亡报告",
    "case.step": "办理步骤", "case.condition_override": "改判系统核验结果", "business.refused": "拒绝无权办理的业务",
    "material.captured": "拍摄材料", "material.removed": "删除材料图像",
    "approval.refused": "审批未获准许", "approval.held": "中心决定暂缓执行（申请已撤回）",
    "approval.reconciled": "中心拒收现场授权", "approval.withdrawal_kept": "维持撤回审批申请", "certification.recorded": "记录资格认证",
    "certification.refused": "中心拒收资格认证结果（告知单作废）",
    "certification.refusal_acknowledged": "已知悉中心拒收资格认证结果（收回告知单）",
    "certification.home_visit_requested": "提出上门认证申请",
    "archive.package": "写入档案包", "archive.failed": "档案包写入失败", "archive.exported": "导出档案包",
    "store.backup": "备份本机数据", "store.restored": "恢复本机数据",
    "store.backups_followed": "自动备份随本机清除个人信息",
    "audit.read": "查阅审计记录",     # the centre's own chain: an auditor's read (counter_central.audit)
    "approval.withdrawn": "撤回审批申请", "approval.withdraw": "撤回审批申请未获准许",
    "field.consent": "上门认证告知并取得同意", "fingerprint.consent": "采集指纹前告知并取得同意",
    "certification.consent": "资格认证比对前告知并取得同意",
    "field.key_revoked": "笔记本签名密钥被中心停用", "field.new_key": "重新生成笔记本签名密钥",
    # the centre's chain: a laptop's key revoked (its sign-ins ended), a new one allowed (counter_central.field)
    "field.revoke_key": "停用笔记本签名密钥", "field.allow_new_key": "准许笔记本登记新的签名密钥",
    # the centre's chain: a home-visit request opened, and a visit that did not answer it (it stays open)
    "field.request": "上门认证申请", "field.request_visited": "上门未办结（上门认证申请仍待上门）",
    "sign_key.created": "生成分局电子签章密钥", "sign_key.rotated": "更换分局电子签章密钥",
    "case.rated": "服务对象评价", "complaint.opened": "受理差评工单", "complaint.advanced": "推进差评工单",
    # 重复受理 (counter_protocol.samecase): found by the centre, listed by a supervisor, or not asked
    "case.duplicate": "中心发现重复受理", "case.duplicates": "查看重复受理",
    "case.person_key_rotate": "轮换人员索引密钥", "case.person_key_retire": "停用旧版本人员索引密钥",
    "entry.key_rotate": "轮换业务记录加密密钥", "entry.key_retire": "停用旧版本业务记录加密密钥",
    # the centre's chain: a version's key file lost before anything was sealed under it, its check value forgotten
    "entry.key_check_forget": "清除未使用版本的业务记录加密密钥校验值",
    # the centre's chain: a row whose sealed payload does not open, set aside by IT so its key version can be retired
    "entry.key_set_aside": "移出无法解开的加密记录（原样保留）",
    # the centre's chain: a set-aside received entry put back from the content its workstation sent again
    "entry.key_restored": "恢复已移出的记录（工作站重新发送的原内容）",
    # the centre's chain: a published change that does not open (altered in the database), passed over at pull
    "sync.change_unreadable": "变更记录无法解开（已跳过，未发给窗口）",
    "case.duplicate_check_offline": "中心不可达，仅按本机办件查重",
}


def _sm3(data: bytes) -> str:
    from cryptography.hazmat.primitives import hashes

    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize().hex()


class AuditRecord(BaseModel):
    """One audit record as chained and sent: who did what to which object, when, with what result."""

    model_config = ConfigDict(extra="forbid")

    seq: int = Field(ge=1, le=2**62)
    at: SafeStr = Field(max_length=40)                   # ISO 8601 UTC, seconds
    actor: SafeStr = Field(max_length=64)
    workstation_id: SafeStr = Field(max_length=64)
    action: SafeStr = Field(max_length=40)
    object_type: SafeStr = Field(default="", max_length=40)
    object_id: SafeStr = Field(default="", max_length=128)   # masked where it is personal data
    result: SafeStr = Field(max_length=16)                  # ok | failed | refused
    detail: SafeStr = Field(default="", max_length=2000)     # masked free text
    prev_digest: str = Field(pattern=r"^[0-9a-f]{64}$")
    digest: str = Field(pattern=r"^[0-9a-f]{64}$")


def record_digest(fields: Mapping[str, Any], prev_digest: str) -> str:
    """SM3 over the canonical JSON of a record's fields (all but ``digest``) and the previous digest."""
    body = {k: fields[k] for k in ("seq", "at", "actor", "workstation_id", "action", "object_type", "object_id",
                                   "result", "detail")}
    body["prev_digest"] = prev_digest
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _sm3(text.encode("utf-8"))


def chain_problems(records: list[dict[str, Any]], *, start_seq: int = 1, start_digest: str = GENESIS) -> list[dict[str, Any]]:
    """Every break in ``records`` (in stored order) following (start_seq - 1, start_digest):
    edited (digest), deleted (gap in seq / broken link), reordered (seq going back)."""
    problems: list[dict[str, Any]] = []
    expected_seq, prev = start_seq, start_digest
    for rec in records:
        seq = rec["seq"]
        if seq < expected_seq:
            problems.append({"seq": seq, "problem": "reordered", "message": f"第 {seq} 条记录顺序被调换"})
        elif seq > expected_seq:
            problems.append({"seq": expected_seq, "problem": "deleted",
                             "message": f"第 {expected_seq}–{seq - 1} 条记录被删除"})
        if record_digest(rec, rec["prev_digest"]) != rec["digest"]:
            problems.append({"seq": seq, "problem": "edited", "message": f"第 {seq} 条记录内容被改动（SM3 不符）"})
        elif rec["prev_digest"] != prev and seq >= expected_seq:
            problems.append({"seq": seq, "problem": "broken_link",
                             "message": f"第 {seq} 条记录与前一条的链接不符（前面的记录被删除、改动或调换）"})
        expected_seq, prev = max(expected_seq, seq + 1), rec["digest"]
    return problems


class AuditBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    records: list[AuditRecord] = Field(max_length=MAX_RECORDS)
    epoch: str | None = Field(default=None, pattern=EPOCH_PATTERN,
                              description="the workstation's chain epoch after a fork (absent: its first chain)")


class AuditAnchor(BaseModel):
    """The last record of a workstation's chain the centre holds (seq 0: none yet)."""

    workstation_id: str
    seq: int = 0
    digest: str = GENESIS


# ------------------------------------------------------------------ the auditor's reads (7.3.3)

# GET on AUDIT_PATH lists stored records; GET REGISTRY_READS_PATH the 参保档案 reads. Both for the
# 审计 role only, of the auditor's own office, read-only; each read is itself recorded at the centre.
REGISTRY_READS_PATH = "/audit/registry-reads"
READ_LIMIT = 1000


class StoredRecord(BaseModel):
    """One record of a workstation's trail as the centre holds it (already masked when written)."""

    chain: str
    seq: int
    at: str
    actor: str
    workstation_id: str
    action: str
    action_label: str = ""
    object_type: str = ""
    object_id: str = ""
    result: str
    detail: str = ""
    actor_unknown: bool = False      # the actor was no account of the workstation's office


class RegistryReadRecord(BaseModel):
    """One 参保档案 read at the centre: who, from where, of which masked subject."""

    at: str
    username: str
    workstation_id: str
    office_code: str
    kind: str
    subject: str                     # masked (an ID number as 440301********1234)
    found: bool
