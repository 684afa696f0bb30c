"""The proof of an on-site decision (现场授权, counter_protocol.approvals.decision_proof): the same
at both ends, and bound to every field of the decision, the request and the workstation."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from counter_protocol import approvals as ap

KEY = bytes(range(32))


def _dec(**over):
    base = dict(decision="approved", reason="同意", checker="supervisor01",
                decided_at=datetime(2026, 12, 4, 1, 2, 3, tzinfo=timezone.utc), payload_digest="a" * 64)
    return ap.DecisionPayload(**{**base, **over})


def test_the_proof_survives_the_trip_and_any_spelling_of_the_time():
    dec = _dec()
    dec.proof = ap.decision_proof(KEY, "r1", "FT-W01", dec)
    arrived = ap.DecisionPayload.model_validate_json(dec.model_dump_json())
    assert ap.proof_ok(KEY, "r1", "FT-W01", arrived)
    beijing = arrived.model_copy(update={"decided_at": arrived.decided_at.astimezone(timezone(timedelta(hours=8)))})
    assert ap.proof_ok(KEY, "r1", "FT-W01", beijing)


def test_the_proof_is_bound_to_everything_it_covers():
    dec = _dec()
    dec.proof = ap.decision_proof(KEY, "r1", "FT-W01", dec)
    assert not ap.proof_ok(bytes(32), "r1", "FT-W01", dec)                 # another key
    assert not ap.proof_ok(KEY, "r2", "FT-W01", dec)                       # another request
    assert not ap.proof_ok(KEY, "r1", "FT-W02", dec)                       # another workstation
    for change in (dict(decision="rejected"), dict(reason="同意。"), dict(checker="sup02"),
                   dict(decided_at=dec.decided_at + timedelta(seconds=1)), dict(payload_digest="b" * 64)):
        assert not ap.proof_ok(KEY, "r1", "FT-W01", dec.model_copy(update=change)), change
    assert not ap.proof_ok(KEY, "r1", "FT-W01", dec.model_copy(update={"proof": None}))


def test_a_login_answer_without_the_key_still_parses_and_the_key_stays_out_of_its_repr():
    from counter_protocol import sync as p

    user = p.UserInfo(username="supervisor01", display_name="科长", roles=["supervisor"], office_code="FT")
    pair = p.TokenPair(access_token="a", refresh_token="r", expires_in=1, user=user,
                       server_time=datetime.now(timezone.utc))
    assert p.TokenPair.model_validate_json(pair.model_dump_json(exclude={"approval_key"})).approval_key is None
    keyed = pair.model_copy(update={"approval_key": KEY.hex()})
    assert KEY.hex() not in repr(keyed) and KEY.hex() not in str(keyed)
