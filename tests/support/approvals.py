"""On-site decisions (现场授权) as the real client makes them, for tests that build or push them
by hand: the proof is :func:`counter_protocol.approvals.decision_proof` by the checker's approval
key for the workstation (the key the centre sent at the checker's login there)."""

from __future__ import annotations

from datetime import datetime, timezone

from counter_protocol import approvals as ap

# for counter-only tests (no centre to check the proof): any 32 bytes make a well-formed proof
TEST_APPROVAL_KEY = bytes(range(32))


def on_site_payload(rid: str, checker: str, *, key: bytes | None, workstation_id: str, decision: str = "approved",
                    reason: str = "同意", decided_at: datetime | None = None, payload_digest: str = "a" * 64,
                    proof: str | None = None) -> dict:
    """The ``approval.decided`` payload the counter queues (``ApprovalService.decide_on_site``),
    its proof made with ``key`` (none: no proof; ``proof``: that one instead)."""
    dec = ap.DecisionPayload(decision=decision, reason=reason, checker=checker,
                             decided_at=(decided_at or datetime.now(timezone.utc)).replace(microsecond=0),
                             payload_digest=payload_digest)
    if proof is not None:
        dec.proof = proof
    elif key is not None:
        dec.proof = ap.decision_proof(key, rid, workstation_id, dec)
    return dec.model_dump(mode="json", exclude_none=True)


def approval_key_of(login_response: dict) -> bytes:
    """The approval key of a supervisor's ``POST /auth/login`` answer."""
    return bytes.fromhex(login_response["approval_key"])
