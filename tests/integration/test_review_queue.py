"""The review queue (人工审核 items the standard names) at the centre on PostgreSQL (issue 14):
an item from the online channel is listed to the office, proposed by a clerk (初审), confirmed by
a supervisor who is not the proposer (复核, maker-checker), never changed once decided."""

from __future__ import annotations

import pytest

from counter_app.sync.client import RequestRejected
from counter_protocol import reviews as rv
from tests.support.central import login_client

pytestmark = pytest.mark.integration


def _as(url, user):
    return login_client(url, user)


def test_the_clauses_are_the_standards_manual_reviews():
    from pathlib import Path

    spec = Path("/work/shared/spec/DB4403-T254.1-2022.txt")
    if not spec.exists():
        pytest.skip("the standard's text is not on this machine")
    lines = spec.read_text(encoding="utf-8").splitlines()
    for clause in rv.CLAUSES:
        line = next(ln for ln in lines if ln.startswith(clause + " "))
        assert "人工审核" in line, clause
    named = {ln.split(" ", 1)[0] for ln in lines if "人工审核" in ln and ln[:1].isdigit()}
    assert named == set(rv.CLAUSES)                       # every manual review the standard names, no other


def test_propose_then_confirm_by_another_supervisor(central_server):
    url = central_server.url
    admin = _as(url, "admin01")
    try:
        item = admin.add_review(rv.NewReviewItem(clause="6.6.1.1.1.2", office_code="FT", service_code="pension",
                                                 reference="WS-2026-0001", summary="李**申请基本养老金（网上）",
                                                 materials=["身份证", "退休申请表"]))
        other = admin.add_review(rv.NewReviewItem(clause="6.5.1.2", office_code="LH", summary="历史信息审核"))
    finally:
        admin.close()
    assert item.state is rv.ReviewState.pending and item.clause_name.startswith("基本养老金")

    clerk = _as(url, "clerk01")
    try:
        assert item.id in [i.id for i in clerk.reviews("pending").items]
        assert other.id not in [i.id for i in clerk.reviews().items]           # another office's
        with pytest.raises(RequestRejected, match="本分局"):
            clerk.propose_review(other.id, "passed", "材料齐全")
        proposed = clerk.propose_review(item.id, "supplement", "缺退休申请表原件")
        assert proposed.state is rv.ReviewState.proposed and proposed.maker == "clerk01"
        with pytest.raises(RequestRejected, match="初审人本人"):
            clerk.decide_review(item.id, "approved", "同意")
    finally:
        clerk.close()
    field = _as(url, "field01")
    try:
        with pytest.raises(RequestRejected, match="只有科长"):
            field.decide_review(item.id, "approved", "同意")
    finally:
        field.close()

    sup = _as(url, "supervisor01")
    try:
        # the supervisor who proposed cannot confirm it
        again = _as(url, "admin01")
        try:
            second = again.add_review(rv.NewReviewItem(clause="6.1.1.1.6", office_code="FT", summary="网上参保登记"))
        finally:
            again.close()
        sup.propose_review(second.id, "passed", "材料一致")
        with pytest.raises(RequestRejected, match="初审人本人"):
            sup.decide_review(second.id, "approved", "同意")
        # rejected: back to 待初审 with the reason
        back = sup.decide_review(item.id, "rejected", "原件可当场核验，不需补正")
        assert back.state is rv.ReviewState.pending and "不需补正" in back.reason
        with pytest.raises(RequestRejected, match="待初审"):
            sup.decide_review(item.id, "approved", "同意")
    finally:
        sup.close()

    clerk = _as(url, "clerk01")
    try:
        clerk.propose_review(item.id, "passed", "当场核验原件，材料齐全")
    finally:
        clerk.close()
    sup2 = _as(url, "supervisor02")
    try:
        done = sup2.decide_review(item.id, "approved", "同意")
        assert done.state is rv.ReviewState.passed and done.checker == "supervisor02" and done.maker == "clerk01"
        with pytest.raises(RequestRejected, match="审核通过"):
            sup2.decide_review(item.id, "rejected", "改主意")                  # decided: immutable
        assert done.id in [i.id for i in sup2.reviews("passed").items]
    finally:
        sup2.close()
    aud = _as(url, "auditor01")
    try:
        assert item.id in [i.id for i in aud.reviews().items]                 # reads
        with pytest.raises(RequestRejected):
            aud.propose_review(second.id, "passed", "x")                       # changes nothing
    finally:
        aud.close()
