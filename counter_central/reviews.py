"""The review queue at the centre (人工审核, counter_protocol.reviews): items from the online channel,
初审 by a clerk or supervisor of the office (the maker), 复核 by another supervisor of the office
(the checker, never the maker); each step is the token's user, never a name in the body."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_central.audit import record_centre, record_refusal
from counter_central.db import ReviewRow, utcnow
from counter_protocol import reviews as rv

READERS = ("clerk", "supervisor", "auditor")


def to_model(r: ReviewRow) -> rv.ReviewItem:
    from counter_central.core import _aware

    state = rv.ReviewState(r.state)
    return rv.ReviewItem(id=r.id, clause=r.clause, clause_name=rv.CLAUSES.get(r.clause, r.clause),
                         office_code=r.office_code, service_code=r.service_code, reference=r.reference,
                         summary=r.summary, materials=json.loads(r.materials or "[]"), received_at=_aware(r.received_at),
                         state=state, state_name=rv.STATE_NAMES[state], maker=r.maker, proposal=r.proposal,
                         proposal_reason=r.proposal_reason, proposed_at=_aware(r.proposed_at) if r.proposed_at else None,
                         checker=r.checker, reason=r.reason, decided_at=_aware(r.decided_at) if r.decided_at else None)


def add_item(s: Session, who, body: rv.NewReviewItem) -> rv.ReviewItem:
    from counter_central.core import require_role

    require_role(who, "admin")          # stands in for the online channel
    row = ReviewRow(id=str(uuid.uuid4()), clause=body.clause, office_code=body.office_code,
                    service_code=body.service_code, reference=body.reference, summary=body.summary,
                    materials=json.dumps(body.materials, ensure_ascii=False), received_at=utcnow(), state="pending")
    s.add(row)
    s.commit()
    return to_model(row)


def list_items(s: Session, who, state: str | None) -> rv.ReviewList:
    from counter_central.core import require_role

    require_role(who, *READERS)
    q = select(ReviewRow).where(ReviewRow.office_code == who.user.office_code)
    if state:
        q = q.where(ReviewRow.state == state)
    return rv.ReviewList(items=[to_model(r) for r in s.scalars(q.order_by(ReviewRow.received_at))])


def _row(s: Session, item_id: str) -> ReviewRow:
    from counter_central.core import ServiceError

    row = s.get(ReviewRow, item_id, with_for_update=True)
    if row is None:
        raise ServiceError(404, "没有该审核事项", "not_found", "核对事项编号")
    return row


def propose(s: Session, who, item_id: str, body: rv.ReviewProposal) -> rv.ReviewItem:
    from counter_central.core import ServiceError

    row = _row(s, item_id)
    refusal = rv.proposal_refusal(state=row.state, roles=who.roles, user_office=who.user.office_code,
                                  item_office=row.office_code)
    if refusal:
        record_refusal(s, actor=who.user.username, action="review.propose", object_type="review", object_id=item_id,
                       detail=refusal)
        raise ServiceError(409 if row.state != "pending" else 403, refusal, "review_refused", "由本分局经办人初审")
    row.state, row.maker, row.proposal = "proposed", who.user.username, body.outcome
    row.proposal_reason, row.proposed_at = body.reason.strip(), utcnow()
    record_centre(s, actor=who.user.username, action="review.propose", object_type="review", object_id=row.id,
                  detail=f"初审意见 {body.outcome}")
    s.commit()
    return to_model(row)


def decide(s: Session, who, item_id: str, body: rv.ReviewDecision) -> rv.ReviewItem:
    from counter_central.core import ServiceError

    row = _row(s, item_id)
    refusal = rv.decision_refusal(state=row.state, maker=row.maker, checker=who.user.username, roles=who.roles,
                                  user_office=who.user.office_code, item_office=row.office_code)
    if not refusal and row.maker:
        # the 初审 of one person under another account (the same 工号, or the same name in the
        # office without one) is still their own: the same rule as an approval's
        from counter_central.approvals import same_person_refusal

        refusal = same_person_refusal(s, who.user, [row.maker])
    if refusal:
        record_refusal(s, actor=who.user.username, action="review.decide", object_type="review", object_id=item_id,
                       detail=refusal)
        raise ServiceError(409 if row.state != "proposed" else 403, refusal, "review_refused",
                           "由本分局另一位科长复核")
    if body.decision == "approved":
        row.state, row.checker, row.reason, row.decided_at = row.proposal, who.user.username, body.reason.strip(), utcnow()
    else:   # the proposal is not confirmed: back to 待初审, the checker's reason kept
        row.state, row.reason = "pending", f"{who.user.username} 未同意初审意见：{body.reason.strip()}"
        row.maker, row.proposal, row.proposal_reason, row.proposed_at = "", "", "", None
    record_centre(s, actor=who.user.username, action="review.decide", object_type="review", object_id=row.id,
                  detail=f"复核 {body.decision} → {row.state}")
    s.commit()
    return to_model(row)
