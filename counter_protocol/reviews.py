"""The review queue (人工审核) of the items the standard sends to a person, pulled from the centre.

DB4403/T 254.1—2022 names these manual reviews (grep 人工审核):

- 6.1.1.1.6 — 参保登记：不符合网上办结条件的网上申请，信息系统受理后供社保机构人工审核；
- 6.4.1.1.1.1 — 智慧化转入：社保机构通过信息系统人工审核（或自动审核）参保人提交的申请材料；
- 6.5.1.2 — 历史信息审核（视同缴费年限）：智慧化渠道提出申请后，社保机构应人工审核其信息；
- 6.6.1.1.1.2 — 基本养老金核定：不需审核历史信息的，信息系统受理后由社保机构人工审核申请材料
  (病残津贴 6.6.1.2.2 and 丧葬补助金、抚恤金 6.6.1.3.2 are served through it).

An item arrives at the centre from the online channel (``POST /reviews``; here an administrator
stands in for the channel). Maker-checker holds as for approvals: a clerk or supervisor of the
office proposes the result (初审: passed 审核通过 / supplement 需补齐补正 / not_accepted 不予受理,
with the reason), and a supervisor of the office who is NOT the proposer confirms or rejects the
proposal (复核); rejected, the item goes back to 待初审. A decided item never changes.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from counter_protocol.sync import SafeStr

PATH = "/reviews"

CLAUSES = {
    "6.1.1.1.6": "参保登记（网上申请不符合网上办结条件）人工审核",
    "6.4.1.1.1.1": "智慧化转入申请材料人工审核",
    "6.5.1.2": "历史信息审核（视同缴费年限）人工审核",
    "6.6.1.1.1.2": "基本养老金（病残津贴、丧葬补助金和抚恤金）申请材料人工审核",
}


class ReviewState(str, Enum):
    pending = "pending"            # 待初审
    proposed = "proposed"          # 待复核
    passed = "passed"              # 审核通过
    supplement = "supplement"      # 需补齐补正
    not_accepted = "not_accepted"  # 不予受理


STATE_NAMES = {ReviewState.pending: "待初审", ReviewState.proposed: "待复核", ReviewState.passed: "审核通过",
               ReviewState.supplement: "需补齐补正", ReviewState.not_accepted: "不予受理"}
OUTCOMES = ("passed", "supplement", "not_accepted")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NewReviewItem(_Model):
    """Body of ``POST /reviews`` (the online channel): no ID number, no name in clear."""

    clause: Literal["6.1.1.1.6", "6.4.1.1.1.1", "6.5.1.2", "6.6.1.1.1.2"]
    office_code: SafeStr = Field(min_length=1, max_length=8)
    service_code: SafeStr = Field(default="", max_length=64)
    reference: SafeStr = Field(default="", max_length=64)          # 网上申请编号
    summary: SafeStr = Field(default="", max_length=1000)          # 中文；masked name only
    materials: list[SafeStr] = Field(default_factory=list, max_length=50)


class ReviewProposal(_Model):
    """Body of ``POST /reviews/{id}/proposal`` (初审, the maker is the token's user)."""

    outcome: Literal["passed", "supplement", "not_accepted"]
    reason: SafeStr = Field(min_length=1, max_length=500)


class ReviewDecision(_Model):
    """Body of ``POST /reviews/{id}/decision`` (复核, the checker is the token's user)."""

    decision: Literal["approved", "rejected"]
    reason: SafeStr = Field(min_length=1, max_length=500)


class ReviewItem(_Model):
    id: str
    clause: str
    clause_name: str
    office_code: str
    service_code: str = ""
    reference: str = ""
    summary: str = ""
    materials: list[str] = Field(default_factory=list)
    received_at: datetime
    state: ReviewState
    state_name: str
    maker: str = ""
    proposal: str = ""
    proposal_reason: str = ""
    proposed_at: datetime | None = None
    checker: str = ""
    reason: str = ""
    decided_at: datetime | None = None


class ReviewList(_Model):
    items: list[ReviewItem]


def proposal_refusal(*, state: str, roles: Iterable[str], user_office: str, item_office: str) -> str | None:
    if not set(roles) & {"clerk", "supervisor"}:
        return "只有经办人或科长可以初审"
    if user_office != item_office:
        return f"只能审核本分局（{user_office}）的事项，该事项属于 {item_office}"
    if state != ReviewState.pending.value:
        return f"该事项{STATE_NAMES[ReviewState(state)]}，不能再初审"
    return None


def decision_refusal(*, state: str, maker: str, checker: str, roles: Iterable[str], user_office: str, item_office: str) -> str | None:
    """THE maker-checker rule of a review: never the proposer, a supervisor of the office, proposed."""
    if state != ReviewState.proposed.value:
        return f"该事项{STATE_NAMES[ReviewState(state)]}，不能复核"
    if checker == maker:
        return "复核人不能是初审人本人"
    if "supervisor" not in set(roles):
        return "只有科长（负责人）可以复核"
    if user_office != item_office:
        return f"只能复核本分局（{user_office}）的事项，该事项属于 {item_office}"
    return None
