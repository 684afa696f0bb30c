"""Approvals at the centre trust no client (red-team findings on counter_central/approvals.py): an
approval counts only for its own office's case, nobody who worked on a case decides for it, a
refused decision changes nothing, and a withdrawal is the maker's own. The service in-process on
SQLite (the ``centre`` fixture of test_central_security: offices FT and LH)."""
# ruff: noqa: F811  (the imported fixture is each test's argument)

from __future__ import annotations

import hashlib

import json
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tests.unit.central.test_central_security import (PW, _approval, _approval_request, _decide, auth, centre,  # noqa: F401
                                                      entry, push)


def _case_at_review(client, h, ws, case):
    res = push(client, h, ws, entry(1, {"to_state": "draft", "from_state": None}, case=case),
               entry(2, {"to_state": "review", "from_state": "draft"}, case=case))
    assert [r["status"] for r in res] == ["accepted", "accepted"], res


def _state(app, case):
    from counter_central.db import CaseState

    with Session(app.state.engine) as s:
        row = s.get(CaseState, case)
        return (row.state, row.office_code) if row is not None else None


def _rejected_entry(case, approver, seq=3):
    return entry(seq, {"to_state": "rejected", "from_state": "review", "approved_by": approver}, case=case)


def _decided_changes(app, rid) -> int:
    from counter_central.db import ChangeRow

    with Session(app.state.engine) as s:
        return s.scalar(select(func.count()).select_from(ChangeRow)
                        .where(ChangeRow.aggregate_id == rid, ChangeRow.kind == "approval.decided"))


def _levels(app, **levels):
    from counter_central import admin

    with Session(app.state.engine) as s:
        for user, level in levels.items():
            admin.set_approval_level(s, user, level)


# ------------------------------------------------------------------------------ another office's approval

def test_a_request_for_another_offices_case_is_refused(centre):
    app, client = centre
    _case_at_review(client, auth(client, "clerk01", "FT-W01"), "FT-W01", "C-FT1")
    rid, req = _approval_request("lhclerk", "C-FT1")
    res = push(client, auth(client, "lhclerk", "LH-W01"), "LH-W01", req)
    assert res[0]["status"] == "rejected" and "办件属于分局 FT" in res[0]["reason"], res
    from counter_central.db import ApprovalRow

    with Session(app.state.engine) as s:
        assert s.get(ApprovalRow, rid) is None


def test_another_offices_approval_never_counts_for_a_case_nor_blocks_its_own_request(centre):
    """LH asks about a case the centre does not know yet (accepted: it may be new) that FT then
    opens: LH's pending request does not block FT's own, and LH's supervisor approving it does not
    let FT's clerk reject the case naming that supervisor."""
    app, client = centre
    _levels(app, lhsup=1)
    lh_rid, lh_req = _approval_request("lhclerk", "C-FT2")
    assert push(client, auth(client, "lhclerk", "LH-W01"), "LH-W01", lh_req)[0]["status"] == "accepted"
    ft = auth(client, "clerk01", "FT-W01")
    _case_at_review(client, ft, "FT-W01", "C-FT2")
    ft_rid, ft_req = _approval_request("clerk01", "C-FT2")
    res = push(client, ft, "FT-W01", ft_req)
    assert res[0]["status"] == "accepted", res                # not「已有同一事项的审批申请在等待审批」
    r = _decide(client, auth(client, "lhsup", "LH-W01"), lh_rid)
    assert r.status_code == 200, r.text                       # LH's own request: harmless to FT
    res = push(client, ft, "FT-W01", _rejected_entry("C-FT2", "lhsup"))
    assert res[0]["status"] == "rejected", res
    assert _state(app, "C-FT2") == ("review", "FT")
    assert _approval(app, ft_rid)[0] == "pending"


def test_a_supervisor_of_another_office_cannot_decide_nor_expire_a_request(centre):
    """Another office's supervisor gets the answer an unknown request gets (404), and the overdue
    request is left as it is: not expired, nothing published."""
    from counter_central.db import ReferenceRow

    app, client = centre
    _levels(app, lhsup=1)
    table = {"parameters": [{"key": "pending_expiry_hours", "value": "72", "effective_from": "2000-01-01"}]}
    with Session(app.state.engine) as s:
        content = json.dumps(table)     # its own digest: the centre caches a table's expiry by digest
        s.add(ReferenceRow(name="authorisation", version="t-expiry-72", content=content,
                           digest=hashlib.sha256(content.encode()).hexdigest()))
        s.commit()
    rid, req = _approval_request("clerk01", "C-FT3", made_at=datetime.now(timezone.utc) - timedelta(hours=100))
    assert push(client, auth(client, "clerk01", "FT-W01"), "FT-W01", req)[0]["status"] == "accepted"
    lh = auth(client, "lhsup", "LH-W01")
    r = _decide(client, lh, rid)
    unknown = _decide(client, lh, "00000000-0000-4000-8000-000000000000")
    assert r.status_code == unknown.status_code == 404, r.text
    assert r.json()["detail"] == unknown.json()["detail"]
    assert _approval(app, rid)[0] == "pending" and _decided_changes(app, rid) == 0
    r = _decide(client, auth(client, "clerk01", "FT-W02"), rid)        # no supervisor: refused, nothing expired
    assert r.status_code == 403, r.text
    assert _approval(app, rid)[0] == "pending" and _decided_changes(app, rid) == 0
    r = _decide(client, auth(client, "sup02", "FT-W02"), rid)          # one who could decide: expired now
    assert r.status_code == 409 and r.json()["reason"] == "approval_expired", r.text
    assert _approval(app, rid)[0] == "expired" and _decided_changes(app, rid) == 1


# ------------------------------------------------------------------------------ maker-checker by the case

def test_a_supervisor_who_worked_on_the_case_cannot_decide_a_colleagues_request_for_it(centre):
    """supervisor01 takes the case to 受理审核 himself; clerk01 asks for the 不予受理: supervisor01
    decides it neither remotely nor through another account of his (same 工号); another supervisor
    may."""
    from counter_central import admin

    app, client = centre
    with Session(app.state.engine) as s:
        admin.add_user(s, "sup01b", office="FT", role="supervisor", password="sup01b-pass", level=1, staff_no="FT2001")
    PW["sup01b"] = "sup01b-pass"
    _levels(app, sup02=1)
    _case_at_review(client, auth(client, "supervisor01", "FT-W01"), "FT-W01", "C-MC1")
    rid, req = _approval_request("clerk01", "C-MC1")
    clerk = auth(client, "clerk01", "FT-W02")
    assert push(client, clerk, "FT-W02", req)[0]["status"] == "accepted"
    for who, ws in (("supervisor01", "FT-W01"), ("sup01b", "FT-W01")):
        r = _decide(client, auth(client, who, ws), rid)
        assert r.status_code == 403, (who, r.text)
        assert _approval(app, rid)[0] == "pending"
    res = push(client, clerk, "FT-W02", _rejected_entry("C-MC1", "supervisor01"))
    assert res[0]["status"] == "rejected", res
    assert _state(app, "C-MC1") == ("review", "FT")
    assert _decide(client, auth(client, "sup02", "FT-W02"), rid).status_code == 200


def test_a_case_entry_cannot_name_an_approver_who_worked_on_the_case(centre):
    """An approval the centre holds (here decided before supervisor01 worked on the case) does not
    let a case entry name him as its approver once he has: 审批人不能是经办人本人."""
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W02")
    _case_at_review(client, clerk, "FT-W02", "C-MC2")
    rid, req = _approval_request("clerk01", "C-MC2")
    assert push(client, clerk, "FT-W02", req)[0]["status"] == "accepted"
    assert _decide(client, auth(client, "supervisor01", "FT-W01"), rid).status_code == 200
    note = entry(3, {"note": "补充材料已收"}, case="C-MC2", kind="case.note")
    assert push(client, auth(client, "supervisor01", "FT-W01"), "FT-W01", note)[0]["status"] == "accepted"
    res = push(client, clerk, "FT-W02", _rejected_entry("C-MC2", "supervisor01", seq=4))
    assert res[0]["status"] == "rejected" and "参与了该办件的办理" in res[0]["reason"], res
    assert _state(app, "C-MC2") == ("review", "FT")


# ------------------------------------------------------------------------------ withdrawal

def _withdrawal(rid, actor, created_at):
    return entry(9, {}, case=rid, kind="approval.withdrawn", aggregate_type="approval").model_copy(
        update={"actor": actor, "created_at": created_at})


def _signed_in_ago(app, user, hours):
    from counter_central.db import Token

    with Session(app.state.engine) as s:
        s.execute(update(Token).where(Token.username == user)
                  .values(created_at=datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(hours=hours)))
        s.commit()


def test_a_withdrawal_written_in_another_users_session_is_refused(centre):
    """supervisor01, signed in on FT-W01 for an hour, pushes a withdrawal of clerk01's request that
    names clerk01 as its actor but was written now: refused, the request stays pending. The same
    withdrawal written before supervisor01 signed in (clerk01's, left in the outbox) is accepted."""
    app, client = centre
    rid, req = _approval_request("clerk01", "C-WD1")
    assert push(client, auth(client, "clerk01", "FT-W01"), "FT-W01", req)[0]["status"] == "accepted"
    sup = auth(client, "supervisor01", "FT-W01")
    _signed_in_ago(app, "supervisor01", 1)
    now = datetime.now(timezone.utc)
    res = push(client, sup, "FT-W01", _withdrawal(rid, "clerk01", now))
    assert res[0]["status"] == "rejected" and "经办人本人" in res[0]["reason"], res
    assert _approval(app, rid)[0] == "pending" and _decided_changes(app, rid) == 0
    res = push(client, sup, "FT-W01", _withdrawal(rid, "clerk01", now - timedelta(hours=2)))
    assert res[0]["status"] == "accepted", res
    assert _approval(app, rid)[0] == "withdrawn"


def test_a_withdrawal_by_a_maker_who_never_signed_in_on_the_workstation_is_refused(centre):
    app, client = centre
    rid, req = _approval_request("clerk01", "C-WD2")
    assert push(client, auth(client, "clerk01", "FT-W01"), "FT-W01", req)[0]["status"] == "accepted"
    sup = auth(client, "supervisor01", "FT-W02")                   # clerk01 never signed in on FT-W02
    _signed_in_ago(app, "supervisor01", 1)
    res = push(client, sup, "FT-W02", _withdrawal(rid, "clerk01", datetime.now(timezone.utc) - timedelta(hours=2)))
    assert res[0]["status"] == "rejected", res
    assert _approval(app, rid)[0] == "pending"


# ------------------------------------------------------------------------------ 待遇核定: the conditional rules

def _benefit_request(case, details, required_level=1):
    rid, item = _approval_request("clerk01", case, action="benefit_decision", required_level=required_level)
    payload = {**item.payload, "details": details}
    from counter_protocol import sync as p

    return rid, item.model_copy(update={"payload": payload, "payload_digest": p.payload_digest(p.canonical_json(payload))})


def _stored_level(app, rid):
    from counter_central.db import ApprovalRow

    with Session(app.state.engine) as s:
        return s.get(ApprovalRow, rid).required_level


def test_the_shared_rule_weighs_the_conditions_on_the_terms_a_request_carries():
    from datetime import date

    from counter_rules.authorisation import table_from_dict
    from counter_central.resources import resources_root

    table = table_from_dict(json.loads((resources_root() / "reference" / "authorisation.json").read_text("utf-8")))
    on = date(2026, 6, 1)
    weigh = lambda details: table.weighed_level("benefit_decision", on, details)
    assert weigh({"terms": {"back_pay_months": 0, "amount": "100.00"}}) == 0
    assert weigh({"terms": {"back_pay_months": 7, "amount": "100.00"}}) == 1            # 补发超过 6 个月: 科长
    assert weigh({"terms": {"back_pay_months": 60, "amount": "9999999"}}) == 2          # 金额超过 50000: 中心主任
    for unreadable in ({}, {"terms": {}}, {"terms": {"back_pay_months": 0}}, {"terms": {"amount": "1"}},
                       {"terms": {"back_pay_months": -1, "amount": "1"}}, {"terms": {"back_pay_months": 0, "amount": "NaN"}},
                       {"terms": {"back_pay_months": True, "amount": "1"}}, {"terms": "x"}, None):
        assert weigh(unreadable) == 2, unreadable                                       # the strictest
    # the 核定数据 weighed again: terms saying little do not hide what the data pays out
    data = {"pension": {"start_month": "2025-06", "total": "9000"}}                     # 12 months × 9000
    assert weigh({"terms": {"back_pay_months": 0, "amount": "0"}, "data": data}) == 2
    assert weigh({"terms": {"back_pay_months": 0, "amount": "0"}, "data": {"pension": {"total": "1e999999"}}}) == 0
    assert weigh({"terms": {"back_pay_months": 0, "amount": "0"},
                  "data": {"pension": {"start_month": "2025-06", "total": "1e999999"}}}) == 2
    assert table.weighed_level("reg_cancel", on, None) == 2 and table.weighed_level("reprint", on, {}) == 1


def test_a_benefit_decision_over_the_amount_needs_the_level_the_table_sets(centre):
    """A request for a 待遇核定 of 9 999 999 yuan saying it needs a 科长 is stored at the level the
    table's conditional rule sets (中心主任, 2): a 科长 cannot approve it, a 中心主任 can. Without
    terms it needs the strictest level; with terms under the parameters the level it says."""
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    big, req = _benefit_request("C-BD1", {"step_code": "decision", "result": "approved",
                                          "terms": {"group": "pension", "amount": "9999999", "back_pay_months": 60}})
    bare, bare_req = _benefit_request("C-BD2", {"step_code": "decision"})
    small, small_req = _benefit_request("C-BD3", {"terms": {"group": "pension", "amount": "1000.00",
                                                            "back_pay_months": 7}})
    res = push(client, clerk, "FT-W01", req, bare_req.model_copy(update={"seq": 2}),
               small_req.model_copy(update={"seq": 3}))
    assert [r["status"] for r in res] == ["accepted"] * 3, res
    assert (_stored_level(app, big), _stored_level(app, bare), _stored_level(app, small)) == (2, 2, 1)
    r = _decide(client, auth(client, "supervisor01", "FT-W02"), big)
    assert r.status_code == 403 and "级别" in r.json()["detail"], r.text
    assert _approval(app, big)[0] == "pending"
    assert _decide(client, auth(client, "supervisor01", "FT-W02"), small).status_code == 200
    PW["director01"] = "director01-demo"
    assert _decide(client, auth(client, "director01", "FT-W02"), big).status_code == 200
