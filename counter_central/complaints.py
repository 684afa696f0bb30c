"""The centre's checks of ratings and 差评工单 entries (7.5.2), applied when a counter pushes them
(counter_central.core.push). The centre trusts no counter:

- a case is rated once: a second ``case.rated`` of the same case — accepted before or earlier in
  the same batch — is refused and nothing of it stored, so a 差评 is never overwritten by a later
  5 in the office's figures (counter_central.dashboard) and opens no second ticket;
- the customer's reason of a rating and the text of a ticket (the reason, each stage's note) carry
  no control or text-direction character (counter_protocol.free_text, as for approvals) and are at
  most TEXT_CHARS long (the counter's limit, counter_app.domain.complaints.TEXT_CHARS).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_central.db import ReceivedEntry
from counter_protocol.free_text import unsafe_text_refusal

RATED = "case.rated"
TEXT_CHARS = 500          # counter_app.domain.complaints.TEXT_CHARS
UNSAFE_ACTION = "删去控制字符和文字方向控制符（如从别处粘贴带来的）后重新提交"
RATED_TWICE = "该办件已评价过，每件只能评价一次：本次评价未保存"
RATED_TWICE_ACTION = "无需处理：中心保留第一次评价；对评价有异议的，由科长在差评工单中跟进"
LONG_ACTION = "精简该内容后重新提交"
_TEXT_FIELDS = ("comment", "reason", "note")


def _text_refusal(payload: dict, *, rating: bool) -> tuple[str, str] | None:
    """(reason, action) when a rating's (``rating``) or a ticket's text may not be kept, or None."""
    unsafe = unsafe_text_refusal(payload, "payload")
    if unsafe is not None:
        return (f"评价记录内容不能保存：{unsafe}" if rating else f"差评工单记录内容不能保存：{unsafe}"), UNSAFE_ACTION
    for key in _TEXT_FIELDS:
        text = payload.get(key)
        if isinstance(text, str) and len(text.strip()) > TEXT_CHARS:
            n = len(text.strip())
            return ((f"评价记录的 {key} 最多{TEXT_CHARS}个字（现有{n}个字）" if rating
                     else f"差评工单记录的 {key} 最多{TEXT_CHARS}个字（现有{n}个字）"), LONG_ACTION)
    return None


def rating_refusal(s: Session, item, rated_in_batch: set[str]) -> tuple[str, str] | None:
    """(reason, action) refusing a ``case.rated`` entry — its text, or the case rated already — or None.
    ``rated_in_batch``: the cases whose rating this batch accepted before this entry."""
    text = _text_refusal(item.payload, rating=True)
    if text is not None:
        return text
    if item.aggregate_id in rated_in_batch or s.scalar(
            select(ReceivedEntry.id).where(ReceivedEntry.aggregate_type == "case",
                                           ReceivedEntry.aggregate_id == item.aggregate_id,
                                           ReceivedEntry.kind == RATED, ReceivedEntry.outcome == "accepted")
            .limit(1)) is not None:
        return RATED_TWICE, RATED_TWICE_ACTION
    return None


def ticket_refusal(item) -> tuple[str, str] | None:
    """(reason, action) refusing a ``complaint.*`` entry whose text may not be kept, or None."""
    return _text_refusal(item.payload, rating=False)
