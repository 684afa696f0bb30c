"""Issue #16, the centre: findings 1, 2, 3, 4, 6 and 7 (online), the workstation registry, the
user commands, refresh-token reuse. The service in-process on SQLite, not in demo mode unless said."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from counter_protocol import sync as p

PW = {"clerk01": "clerk01-demo", "supervisor01": "supervisor01-demo", "admin01": "admin01-demo"}


def make_app(tmp_path, **kw):
    from fastapi.testclient import TestClient

    from counter_central.app import create_app
    from counter_central.seed import seed_demo

    kw.setdefault("require_totp", False)     # the second factor has its own tests below
    app = create_app(f"sqlite:///{tmp_path / 'central.sqlite3'}", **kw)
    with Session(app.state.engine) as s:
        seed_demo(s, with_reference=False)
    return app, TestClient(app)


@pytest.fixture
def centre(tmp_path):
    """(app, client, admin) with workstations FT-W01, FT-W02 (office FT) and LH-W01 (office LH) and
    the users lhclerk (LH clerk) and sup02 (a second FT supervisor, 科长: approval level 1)."""
    from counter_central import admin

    app, client = make_app(tmp_path)
    with Session(app.state.engine) as s:
        for ws, office in (("FT-W01", "FT"), ("FT-W02", "FT"), ("LH-W01", "LH")):
            admin.add_workstation(s, ws, office=office)
        admin.add_user(s, "lhclerk", office="LH", role="clerk", password="lhclerk-pass")
        admin.add_user(s, "lhsup", office="LH", role="supervisor", password="lhsup-pass")
        admin.add_user(s, "sup02", office="FT", role="supervisor", password="sup02-pass", level=1)
    PW.update(lhclerk="lhclerk-pass", lhsup="lhsup-pass", sup02="sup02-pass")
    with client:
        yield app, client
    app.state.engine.dispose()


def login(client, user, ws):
    return client.post("/api/v1/auth/login", json={"username": user, "password": PW[user], "workstation_id": ws})


def auth(client, user, ws):
    r = login(client, user, ws)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def entry(seq, payload, *, case="C1", kind="case.transition", aggregate_type="case"):
    import uuid6

    return p.OutboxItem(id=str(uuid6.uuid7()), seq=seq, kind=kind, aggregate_type=aggregate_type, aggregate_id=case,
                        payload=payload, payload_digest=p.payload_digest(p.canonical_json(payload)), actor="x")


def step_entry(seq, case, step_code, result="done", *, service="pension", data=None):
    """A ``case.step`` entry as the counter sends it when a step of ``case`` is recorded: the centre
    lets a case reach 办结 / 不予认定 / 归档 only on the steps it accepted (counter_central.case_steps)."""
    return entry(seq, {"case_id": case, "service_code": service, "catalog_version": "2026.3", "step_code": step_code,
                       "step_kind": "process", "result": result, "data": data or {}, "escalation": None,
                       "approved_by": "", "actor": "clerk01", "at": "2026-03-02T10:30:00+08:00"},
                 case=case, kind="case.step")


def push(client, h, ws, *entries):
    r = client.post("/api/v1/sync/push", json=p.PushRequest(workstation_id=ws, entries=list(entries)).model_dump(mode="json"),
                    headers=h)
    assert r.status_code == 200, r.text
    return r.json()["results"]


def count(app, table) -> int:
    with Session(app.state.engine) as s:
        return s.scalar(select(func.count()).select_from(table))


def nested(depth):
    value: object = "底"
    for _ in range(depth):
        value = {"x": value}
    return value


# ------------------------------------------------------------------------------ finding 1

def test_finding1_a_case_update_nested_300_deep_is_refused_and_the_office_still_syncs(centre):
    from counter_central.db import ChangeRow

    app, client = centre
    sup = auth(client, "supervisor01", "FT-W01")
    before = count(app, ChangeRow)
    r = client.post("/api/v1/cases/updates", headers=sup,
                    json={"kind": "case.info_sheet_received", "case_id": "C1", "payload": {"sheet": nested(300)}})
    assert r.status_code == 422 and r.json()["reason"] == "json_too_deep" and "嵌套" in r.json()["detail"]
    assert count(app, ChangeRow) == before
    clerk = auth(client, "clerk01", "FT-W02")
    assert client.get("/api/v1/sync/pull", headers=clerk).status_code == 200


def test_finding1_a_request_that_fails_after_writing_commits_nothing(tmp_path):
    """With the depth limit lifted, the update passes the door but its answer cannot be made
    (too deep to serialise): refused, and the change row and case state are rolled back."""
    from counter_central.db import CaseState, ChangeRow

    app, client = make_app(tmp_path, max_json_depth=100_000, demo=True)
    with client:
        sup = auth(client, "supervisor01", "FT-W01")
        r = client.post("/api/v1/cases/updates", headers=sup, json={
            "kind": "case.info_sheet_received", "case_id": "C9", "payload": {"sheet": nested(600)}})
        assert 400 <= r.status_code < 500, r.text
        assert count(app, ChangeRow) == 0 and count(app, CaseState) == 0
        assert client.get("/api/v1/sync/pull", headers=sup).status_code == 200


# ------------------------------------------------------------------------------ finding 2 / registry

def test_finding2_a_clerk_cannot_sign_in_on_another_offices_workstation(centre):
    app, client = centre
    r = login(client, "lhclerk", "FT-W01")
    assert r.status_code == 403 and r.json()["reason"] == "workstation_other_office" and "分局" in r.json()["detail"]
    assert login(client, "lhclerk", "LH-W01").status_code == 200


def test_an_unregistered_workstation_is_refused_unless_in_demo_mode(centre, tmp_path):
    from counter_central.db import Workstation

    app, client = centre
    r = login(client, "clerk01", "NEW-1")
    assert r.status_code == 403 and r.json()["reason"] == "unknown_workstation" and "未登记" in r.json()["detail"]
    with Session(app.state.engine) as s:
        assert s.get(Workstation, "NEW-1") is None
    demo_app, demo = make_app(tmp_path / "demo", demo=True)
    with demo:
        assert login(demo, "clerk01", "NEW-1").status_code == 200
        with Session(demo_app.state.engine) as s:
            assert s.get(Workstation, "NEW-1").office_code == "FT"
        # demo mode registers to the user's office, and then the office rule holds
        demo_app.state.engine.dispose()


def test_a_retired_workstation_cannot_sign_in_and_its_tokens_end(centre):
    from counter_central import admin

    app, client = centre
    r = login(client, "clerk01", "FT-W02")
    h = {"Authorization": f"Bearer {r.json()['access_token']}"}
    refresh = r.json()["refresh_token"]
    expired = auth(client, "clerk01", "FT-W01")
    with Session(app.state.engine) as s:
        admin.retire_workstation(s, "FT-W02")
    # the token ended, and the answer says why: signing in again there would not help
    r = client.get("/api/v1/sync/pull", headers=h)
    assert r.status_code == 403 and r.json()["reason"] == "workstation_retired" and "FT-W02" in r.json()["detail"]
    r = client.post("/api/v1/auth/refresh", json={"refresh_token": refresh})
    assert r.status_code == 403 and r.json()["reason"] == "workstation_retired"
    r = login(client, "clerk01", "FT-W02")
    assert r.status_code == 403 and r.json()["reason"] == "workstation_retired"
    # a token revoked on a workstation still in service is the usual 401
    client.post("/api/v1/auth/logout", headers=expired)
    with Session(app.state.engine) as s:
        from counter_central.db import Token

        s.execute(update(Token).where(Token.workstation_id == "FT-W01").values(revoked_at=func.now()))
        s.commit()
    r = client.get("/api/v1/sync/pull", headers=expired)
    assert r.status_code == 401 and r.json()["reason"] == "token_invalid"


def test_finding2_only_the_issuing_workstation_moves_a_number_floor_and_only_within_range(centre):
    app, client = centre
    ft = auth(client, "clerk01", "FT-W01")
    mine = "深社保福田〔2026〕受告第FT-W01-7KQ2-000123号"
    theirs = "深社保福田〔2026〕受告第FT-W02-7KQ2-000500号"
    huge = f"深社保福田〔2026〕受告第FT-W01-7KQ2-{2**63 - 1}号"
    res = push(client, ft, "FT-W01",
               entry(1, {"number": mine}, case="D1", kind="document.issued", aggregate_type="document"),
               entry(2, {"number": theirs}, case="D2", kind="document.issued", aggregate_type="document"),
               entry(3, {"number": huge}, case="D3", kind="document.issued", aggregate_type="document"))
    assert [r["status"] for r in res] == ["accepted", "rejected", "rejected"]
    assert "不是本工作站" in res[1]["reason"] and "超出范围" in res[2]["reason"]
    assert client.get("/api/v1/sync/pull", headers=ft).json()["number_floors"] == [mine]
    other = auth(client, "clerk01", "FT-W02")
    assert client.get("/api/v1/sync/pull", headers=other).json()["number_floors"] == []
    # and a push under another workstation's id is refused outright
    r = client.post("/api/v1/sync/push", headers=other, json=p.PushRequest(
        workstation_id="FT-W01", entries=[entry(9, {"number": mine}, case="D9", kind="document.issued",
                                                aggregate_type="document")]).model_dump(mode="json"))
    assert r.status_code == 403


def test_a_document_of_another_office_is_refused_and_moves_no_floor(centre):
    """Review: a workstation's fields named 罗湖分局 (LH) on a document an FT workstation numbered."""
    _app, client = centre
    ft = auth(client, "clerk01", "FT-W01")
    mine = "深社保福田〔2026〕受告第FT-W01-7KQ2-000124号"
    other = "深社保罗湖〔2026〕受告第FT-W01-7KQ2-000125号"
    res = push(client, ft, "FT-W01",
               entry(1, {"number": mine, "fields": {"office_code": "FT"}}, case="D1", kind="document.issued",
                     aggregate_type="document"),
               entry(2, {"number": other, "fields": {"office_code": "LH"}}, case="D2", kind="document.issued",
                     aggregate_type="document"))
    assert [r["status"] for r in res] == ["accepted", "rejected"]
    assert res[1]["reason"] == "文书上的分局代码（LH）不是本工作站所属的分局（FT）"
    assert client.get("/api/v1/sync/pull", headers=ft).json()["number_floors"] == [mine]


# ------------------------------------------------------------------------------ finding 3

def _case_at_review(client, h, ws, case):
    res = push(client, h, ws, entry(1, {"from_state": "", "to_state": "draft"}, case=case),
               entry(2, {"from_state": "draft", "to_state": "review"}, case=case))
    assert [r["status"] for r in res] == ["accepted", "accepted"]


def test_finding3_another_offices_case_cannot_be_changed(centre):
    app, client = centre
    _case_at_review(client, auth(client, "clerk01", "FT-W01"), "FT-W01", "FTCASE")
    lh = auth(client, "lhclerk", "LH-W01")
    res = push(client, lh, "LH-W01", entry(3, {"from_state": "review", "to_state": "rejected"}, case="FTCASE"))
    assert res[0]["status"] == "rejected" and "分局" in res[0]["reason"]
    lhsup = auth(client, "lhsup", "LH-W01")
    r = client.post("/api/v1/cases/updates", headers=lhsup,
                    json={"kind": "case.escalation_decision", "case_id": "FTCASE", "to_state": "rejected"})
    assert r.status_code == 403 and r.json()["reason"] == "other_office_case"
    r = client.post("/api/v1/cases/updates", headers=lhsup, json={"kind": "case.note", "case_id": "FTCASE",
                                                                  "office_code": "FT"})
    assert r.status_code == 403
    clerk = auth(client, "clerk01", "FT-W02")
    assert client.post("/api/v1/cases/updates", headers=clerk,
                       json={"kind": "case.note", "case_id": "FTCASE"}).status_code == 403


def test_finding3_case_updates_follow_the_state_machine(centre):
    from counter_central.db import CaseState, ChangeRow

    app, client = centre
    _case_at_review(client, auth(client, "clerk01", "FT-W01"), "FT-W01", "C3")
    sup = auth(client, "supervisor01", "FT-W02")
    before = count(app, ChangeRow)
    r = client.post("/api/v1/cases/updates", headers=sup, json={"kind": "case.x", "case_id": "C3", "to_state": "completed"})
    assert r.status_code == 409 and r.json()["reason"] == "illegal_transition" and "受理审核" in r.json()["detail"]
    r = client.post("/api/v1/cases/updates", headers=sup, json={"kind": "case.x", "case_id": "C3", "to_state": "no_such_state"})
    assert r.status_code == 422 and r.json()["reason"] == "unknown_state"
    assert count(app, ChangeRow) == before
    r = client.post("/api/v1/cases/updates", headers=sup, json={"kind": "case.x", "case_id": "C3", "to_state": "accepted"})
    assert r.status_code == 201 and r.json()["payload"]["from_state"] == "review"
    with Session(app.state.engine) as s:
        assert s.get(CaseState, "C3").state == "accepted"
    # a push with a state that does not exist is refused too
    res = push(client, auth(client, "clerk01", "FT-W01"), "FT-W01",
               entry(5, {"from_state": "accepted", "to_state": "no_such_state"}, case="C3"))
    assert res[0]["status"] == "rejected" and "no_such_state" in res[0]["reason"]


def _refusals(app, case):
    from counter_central.audit import CENTRE_CHAIN, records_of

    with Session(app.state.engine) as s:
        return [(r["actor"], r["result"]) for r in records_of(s, CENTRE_CHAIN, limit=500)
                if r["action"] == "case.update" and r["object_id"] == case]


def test_a_state_move_by_cases_updates_follows_the_approval_rules_whatever_the_state(centre):
    """Was: only a guarded move (不予受理, 注销参保's acceptance) or a decision was checked, so an
    administrator moved any office's case to 已受理 (201), and a supervisor accepted a case he worked
    on himself; a counter's own later acceptance then came back as a conflict."""
    from counter_central.db import ChangeRow

    app, client = centre
    admin_h = auth(client, "admin01", "FT-W02")
    _case_at_review(client, auth(client, "clerk01", "FT-W01"), "FT-W01", "MV1")
    _case_at_review(client, auth(client, "lhclerk", "LH-W01"), "LH-W01", "MV2")
    _case_at_review(client, auth(client, "supervisor01", "FT-W01"), "FT-W01", "MV3")   # his own case
    before = count(app, ChangeRow)
    for body in ({"kind": "case.x", "case_id": "MV1", "to_state": "accepted"},
                 {"kind": "case.x", "case_id": "MV2", "to_state": "accepted", "office_code": "LH"},
                 {"kind": "case.x", "case_id": "MV1", "to_state": "returned"}):
        r = client.post("/api/v1/cases/updates", headers=admin_h, json=body)
        assert r.status_code == 403 and r.json()["detail"] == "只有科长（负责人）可以审批", r.text
    r = client.post("/api/v1/cases/updates", headers=auth(client, "supervisor01", "FT-W02"),
                    json={"kind": "case.x", "case_id": "MV3", "to_state": "accepted"})
    assert r.status_code == 403 and r.json()["reason"] == "maker_checker", r.text
    assert count(app, ChangeRow) == before
    assert [_centre_case_state(app, c) for c in ("MV1", "MV2", "MV3")] == ["review"] * 3
    assert _refusals(app, "MV1") == [("admin01", "refused")] * 2 and _refusals(app, "MV3") == [("supervisor01", "refused")]
    # an administrator's note that moves nothing still reaches any office's counters (docs/sync.md)
    r = client.post("/api/v1/cases/updates", headers=admin_h,
                    json={"kind": "case.info_sheet_received", "case_id": "MV2", "office_code": "LH", "payload": {}})
    assert r.status_code == 201, r.text
    # a supervisor of the office who took no part moves it
    r = client.post("/api/v1/cases/updates", headers=auth(client, "sup02", "FT-W02"),
                    json={"kind": "case.x", "case_id": "MV1", "to_state": "accepted"})
    assert r.status_code == 201 and _centre_case_state(app, "MV1") == "accepted", r.text


def test_accepting_a_case_on_the_clerks_override_at_the_centre_needs_the_overrides_approval_level(centre):
    """A 受理 at 受理审核 of a case the centre holds a clerk's 改判 of is weighed as the 改判's
    approval (level 1 in the table): a supervisor without an approval level is refused, as the
    pushed acceptance without an approver is."""
    app, client = centre
    lh = auth(client, "lhclerk", "LH-W01")
    _case_at_review(client, lh, "LH-W01", "OV1")
    override = {"condition": "record_status", "system_result": "fail", "result": "pass", "reason": "改判"}
    assert push(client, lh, "LH-W01", entry(3, override, case="OV1", kind="case.condition_override"))[0]["status"] == "accepted"
    res = push(client, lh, "LH-W01", entry(4, {"from_state": "review", "to_state": "accepted"}, case="OV1"))
    assert res[0]["status"] == "rejected" and "改判" in res[0]["reason"]
    r = client.post("/api/v1/cases/updates", headers=auth(client, "lhsup", "LH-W01"),      # level 0
                    json={"kind": "case.x", "case_id": "OV1", "to_state": "accepted"})
    assert r.status_code == 403 and r.json()["detail"].startswith("审批级别不足"), r.text
    assert _centre_case_state(app, "OV1") == "review"
    # without the 改判 the same supervisor may move a case of his office
    _case_at_review(client, lh, "LH-W01", "OV2")
    r = client.post("/api/v1/cases/updates", headers=auth(client, "lhsup", "LH-W01"),
                    json={"kind": "case.x", "case_id": "OV2", "to_state": "accepted"})
    assert r.status_code == 201, r.text


# ------------------------------------------------------------------------------ finding 4

def test_finding4_a_supervisor_cannot_approve_their_own_rejection(centre):
    app, client = centre
    # supervisor01 (also a clerk) submits the case at the counter, then asks to refuse it
    h = auth(client, "supervisor01", "FT-W01")
    res = push(client, h, "FT-W01",
               entry(1, {"from_state": "", "to_state": "draft", "actor": "supervisor01"}, case="C4"),
               entry(2, {"from_state": "draft", "to_state": "review", "actor": "supervisor01"}, case="C4"))
    assert [r["status"] for r in res] == ["accepted", "accepted"]
    rid, req = _approval_request("supervisor01", "C4")
    assert push(client, h, "FT-W01", req)[0]["status"] == "accepted"
    decision = {"kind": "case.escalation_decision", "case_id": "C4",
                "payload": {"escalation": "rejection", "decision": "approved", "posted_by": "sup02",
                            "decided_by": "sup02"}}
    r = client.post("/api/v1/cases/updates", headers=auth(client, "supervisor01", "FT-W02"), json=decision)
    assert r.status_code == 403 and r.json()["reason"] == "maker_checker" and "本人" in r.json()["detail"]
    r = client.post("/api/v1/cases/updates", headers=auth(client, "sup02", "FT-W02"), json=decision)
    assert r.status_code == 201
    assert r.json()["payload"]["posted_by"] == "sup02" and "decided_by" not in r.json()["payload"]
    assert r.json()["payload"]["request_id"] == rid and _approval(app, rid)[:2] == ("approved", "sup02")


def test_the_decider_is_the_signed_in_supervisor_not_the_body(centre):
    app, client = centre
    rid, req = _approval_request("clerk01", "C5", action="denial")
    assert push(client, auth(client, "clerk01", "FT-W01"), "FT-W01", req)[0]["status"] == "accepted"
    r = client.post("/api/v1/cases/updates", headers=auth(client, "sup02", "FT-W02"),
                    json={"kind": "case.escalation_decision", "case_id": "C5",
                          "payload": {"escalation": "denial", "decision": "approved", "posted_by": "admin01"}})
    assert r.status_code == 201 and r.json()["payload"]["posted_by"] == "sup02"


# ------------------------------------------------------------------------------ finding 6

def test_finding6_a_body_over_the_limit_is_413_and_never_read(centre):
    app, client = centre
    h = auth(client, "clerk01", "FT-W01")
    big = b'{"workstation_id":"FT-W01","entries":[' + b" " * (3 * 1024 * 1024) + b"]}"
    r = client.post("/api/v1/sync/push", content=big, headers={**h, "Content-Type": "application/json"})
    assert r.status_code == 413 and "过大" in r.json()["detail"]

    def chunks():                       # no Content-Length: counted while it arrives
        for _ in range(40):
            yield b" " * 100_000

    r = client.post("/api/v1/sync/push", content=chunks(), headers={**h, "Content-Type": "application/json"})
    assert r.status_code == 413


def test_the_body_limit_is_a_setting(tmp_path):
    app, client = make_app(tmp_path, max_body_bytes=1000, demo=True)
    with client:
        r = client.post("/api/v1/auth/login", json={"username": "x" * 60, "password": "y" * 2000, "workstation_id": "W"})
        assert r.status_code == 413
    app.state.engine.dispose()


@pytest.mark.parametrize("raw, reason", [
    (b'{"username":"clerk01","password":"\\ud800","workstation_id":"FT-W01"}', "invalid_unicode"),
    (b'{"username":"clerk01","password":"\xff\xfe","workstation_id":"FT-W01"}', "invalid_utf8"),
    (b'{"\\udc00":1}', "invalid_unicode"),
])
def test_finding6_invalid_utf8_and_lone_surrogates_are_422_in_chinese(centre, raw, reason):
    app, client = centre
    r = client.post("/api/v1/auth/login", content=raw, headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["reason"] == reason
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["detail"])


def test_a_surrogate_pair_is_fine(centre):
    app, client = centre
    r = client.post("/api/v1/auth/login", content='{"username":"clerk01","password":"\\ud83d\\ude00","workstation_id":"FT-W01"}'
                    .encode(), headers={"Content-Type": "application/json"})
    assert r.status_code == 401


# ------------------------------------------------------------------------------ finding 7 (centre)

def test_finding7_five_failures_in_a_row_lock_the_account_for_15_minutes(centre):
    from counter_central.db import User

    app, client = centre
    for _ in range(4):
        r = client.post("/api/v1/auth/login", json={"username": "clerk01", "password": "wrong", "workstation_id": "FT-W01"})
        assert r.status_code == 401
    assert login(client, "clerk01", "FT-W01").status_code == 200        # a good password resets the run
    for _ in range(5):
        r = client.post("/api/v1/auth/login", json={"username": "clerk01", "password": "wrong", "workstation_id": "FT-W01"})
    assert r.status_code == 403 and r.json()["reason"] == "account_locked" and "锁定" in r.json()["detail"]
    r = login(client, "clerk01", "FT-W01")                                # the right password, still locked
    assert r.status_code == 403 and r.json()["reason"] == "account_locked"
    with Session(app.state.engine) as s:
        from counter_central.db import utcnow

        u = s.get(User, "clerk01")
        left = (u.locked_until - utcnow()).total_seconds() / 60
        assert 14 < left <= 15
        s.execute(update(User).where(User.username == "clerk01").values(locked_until=utcnow()))
        s.commit()
    assert login(client, "clerk01", "FT-W01").status_code == 200


def test_lockout_parameters(tmp_path):
    from counter_central.core import Lockout

    app, client = make_app(tmp_path, demo=True, lockout=Lockout(after=2, minutes=1))
    with client:
        for _ in range(2):
            r = client.post("/api/v1/auth/login", json={"username": "clerk01", "password": "no", "workstation_id": "W"})
        assert r.status_code == 403 and "连续 2 次" in r.json()["detail"]
    app.state.engine.dispose()


# ------------------------------------------------------------------------------ refresh tokens

def test_reusing_a_rotated_refresh_token_revokes_the_whole_login(centre):
    app, client = centre
    first = login(client, "clerk01", "FT-W01").json()
    second = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}).json()
    h = {"Authorization": f"Bearer {second['access_token']}"}
    assert client.get("/api/v1/auth/me", headers=h).status_code == 200
    r = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})   # a stolen copy
    assert r.status_code == 401 and r.json()["reason"] == "token_reused"
    assert client.get("/api/v1/auth/me", headers=h).status_code == 401
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]}).status_code == 401
    other = auth(client, "clerk01", "FT-W02")                 # another login of the same user is untouched
    assert client.get("/api/v1/auth/me", headers=other).status_code == 200


def test_a_disabled_accounts_refresh_token_says_the_account_is_disabled_not_reused(centre):
    """Red-team: after `users disable`, refreshing answered 401 token_reused 「该登录凭据已被使用过…」
    (the clerk is sent to sign in again, and told of a theft that did not happen); it is the 403
    account_disabled the sign-in answers. A rotated copy of an active account is still a reuse."""
    from counter_central import admin
    from counter_central.db import Token

    app, client = centre
    fresh = login(client, "lhclerk", "LH-W01").json()                       # never refreshed
    first = login(client, "clerk01", "FT-W01").json()
    second = client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]}).json()
    with Session(app.state.engine) as s:
        admin.disable_user(s, "lhclerk")
        admin.disable_user(s, "clerk01")
    for token in (fresh["refresh_token"], second["refresh_token"], first["refresh_token"]):   # the rotated one too
        r = client.post("/api/v1/auth/refresh", json={"refresh_token": token})
        assert r.status_code == 403, r.text
        assert r.json()["reason"] == "account_disabled" and r.json()["detail"] == "该账号已停用"
    with Session(app.state.engine) as s:
        admin.enable_user(s, "clerk01")
    again = login(client, "clerk01", "FT-W01").json()
    rotated = client.post("/api/v1/auth/refresh", json={"refresh_token": again["refresh_token"]}).json()
    r = client.post("/api/v1/auth/refresh", json={"refresh_token": again["refresh_token"]})  # a stolen copy
    assert r.status_code == 401 and r.json()["reason"] == "token_reused"
    with Session(app.state.engine) as s:                                    # that whole login ended
        login_id = s.scalars(select(Token.login_id).where(Token.username == "clerk01")
                             .order_by(Token.created_at.desc())).first()
        assert s.scalar(select(func.count()).select_from(Token).where(
            Token.login_id == login_id, Token.revoked_at.is_(None))) == 0
    assert client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {rotated['access_token']}"}).status_code == 401


# ------------------------------------------------------------------------------ the commands

def run_cli(db, *args, stdin=""):
    import contextlib
    import sys

    from counter_central.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = main([*args, "--db", db])
    finally:
        sys.stdin = old
    return rc, out.getvalue(), err.getvalue()


def test_users_and_workstations_commands(tmp_path):
    from fastapi.testclient import TestClient

    from counter_central.app import create_app

    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert run_cli(db, "seed")[0] == 0
    rc, out, err = run_cli(db, "users", "add", "lh01", "--office", "LH", "--role", "clerk", "--password-stdin",
                           stdin="lh01-secret-pw\n")
    assert rc == 0, err
    rc, out, err = run_cli(db, "users", "add", "lh01", "--office", "LH", "--role", "clerk", "--password-stdin", stdin="x" * 9)
    assert rc == 1 and "已存在" in err
    rc, out, err = run_cli(db, "users", "add", "bad", "--office", "LH", "--role", "boss", "--password-stdin", stdin="x" * 9)
    assert rc == 1 and "角色" in err
    rc, out, err = run_cli(db, "users", "add", "nopw", "--office", "LH", "--role", "clerk")
    assert rc != 0 and "--password-stdin" in err
    assert run_cli(db, "workstations", "add", "LH-W01", "--office", "LH")[0] == 0
    rc, out, _ = run_cli(db, "workstations", "add", "LH-W01", "--office", "FT")
    assert rc == 1
    rc, out, _ = run_cli(db, "workstations", "list", "--json")
    assert [w["workstation_id"] for w in json.loads(out)] == ["LH-W01"]
    rc, out, _ = run_cli(db, "users", "list", "--json")
    assert {"username": "lh01", "office_code": "LH", "roles": ["clerk"], "active": True}.items() <= \
        next(u for u in json.loads(out) if u["username"] == "lh01").items()
    rc, out, _ = run_cli(db, "users", "list")
    assert "lh01" in out and "正常" in out
    assert "角色 clerk（窗口经办）" in out, out      # the code an administrator types, and what it means

    app = create_app(db)
    with TestClient(app) as client:
        body = {"username": "lh01", "password": "lh01-secret-pw", "workstation_id": "LH-W01"}
        first = client.post("/api/v1/auth/login", json=body)
        assert first.status_code == 200
        h = {"Authorization": f"Bearer {first.json()['access_token']}"}
        assert run_cli(db, "users", "reset-password", "lh01", "--password-stdin", stdin="lh01-new-pw-2\n")[0] == 0
        assert client.get("/api/v1/auth/me", headers=h).status_code == 401       # old sign-ins end
        assert client.post("/api/v1/auth/login", json=body).status_code == 401
        body["password"] = "lh01-new-pw-2"
        h = {"Authorization": f"Bearer {client.post('/api/v1/auth/login', json=body).json()['access_token']}"}
        assert run_cli(db, "users", "disable", "lh01")[0] == 0
        assert client.get("/api/v1/auth/me", headers=h).status_code in (401, 403)
        r = client.post("/api/v1/auth/login", json=body)
        assert r.status_code == 403 and r.json()["reason"] == "account_disabled"
        assert run_cli(db, "workstations", "retire", "LH-W01", "--yes")[0] == 0
        rc, out, _ = run_cli(db, "workstations", "list")
        assert "已停用" in out
    app.state.engine.dispose()
    assert run_cli(db, "users", "disable", "nobody")[0] == 1


def test_a_disabled_account_can_be_enabled_again(tmp_path):
    """停用 by mistake, or a clerk back from leave: `users enable` lets the account sign in again with
    its password (before, the only way back was a new account under another name)."""
    from fastapi.testclient import TestClient

    from counter_central.app import create_app

    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert run_cli(db, "seed")[0] == 0
    assert run_cli(db, "users", "add", "lh02", "--office", "LH", "--role", "clerk", "--password-stdin",
                   stdin="lh02-secret-pw\n")[0] == 0
    assert run_cli(db, "workstations", "add", "LH-W02", "--office", "LH")[0] == 0
    assert run_cli(db, "users", "disable", "lh02")[0] == 0
    rc, out, err = run_cli(db, "users", "enable", "lh02", "--json")
    assert rc == 0, err
    assert json.loads(out)["active"] is True
    app = create_app(db)
    with TestClient(app) as client:
        body = {"username": "lh02", "password": "lh02-secret-pw", "workstation_id": "LH-W02"}
        assert client.post("/api/v1/auth/login", json=body).status_code == 200
    app.state.engine.dispose()
    rc, _, err = run_cli(db, "users", "enable", "nobody")
    assert rc == 1 and "没有用户 nobody" in err


# ------------------------------------------------------------------------------ TOTP second factor

def _code(secret, offset_steps=0):
    import time

    import pyotp

    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)


def test_supervisors_and_admins_sign_in_with_a_totp_code(tmp_path):
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert run_cli(db, "seed")[0] == 0
    assert run_cli(db, "workstations", "add", "FT-W01", "--office", "FT")[0] == 0
    from fastapi.testclient import TestClient

    from counter_central.app import create_app

    app = create_app(db)               # not demo: the second factor is required of supervisors and admins
    with TestClient(app) as client:
        r = login(client, "supervisor01", "FT-W01")
        assert r.status_code == 403 and r.json()["reason"] == "totp_not_enrolled"
        assert login(client, "clerk01", "FT-W01").status_code == 200           # clerks: password only
        rc, out, err = run_cli(db, "users", "totp-enrol", "supervisor01", "--json")
        assert rc == 0, err
        secret = json.loads(out)["secret"]
        assert json.loads(out)["uri"].startswith("otpauth://totp/")
        # enrolled: a second totp-enrol (a mistyped name) does not silently replace the key
        rc, out, err = run_cli(db, "users", "totp-enrol", "supervisor01", "--json")
        assert rc == 1 and "--replace" in out + err, (out, err)
        r = login(client, "supervisor01", "FT-W01")
        assert r.status_code == 401 and r.json()["reason"] == "totp_required" and "动态验证码" in r.json()["detail"]
        body = {"username": "supervisor01", "password": PW["supervisor01"], "workstation_id": "FT-W01"}
        wrong = str((int(_code(secret)) + 1) % 1_000_000).zfill(6)
        r = client.post("/api/v1/auth/login", json={**body, "totp": wrong})
        assert r.status_code == 401 and r.json()["reason"] == "totp_invalid"
        code = _code(secret)
        r = client.post("/api/v1/auth/login", json={**body, "totp": code})
        assert r.status_code == 200 and r.json()["user"]["totp"] is True and r.json()["totp_secret"] == secret
        r = client.post("/api/v1/auth/login", json={**body, "totp": code})                     # replayed
        assert r.status_code == 401 and r.json()["reason"] == "totp_invalid"
        r = client.post("/api/v1/auth/login", json={**body, "totp": _code(secret, 1)})        # the next step: fine
        assert r.status_code == 200
        # wrong codes count towards the lockout like wrong passwords
        for _ in range(5):
            r = client.post("/api/v1/auth/login", json={**body, "totp": wrong})
        assert r.status_code == 403 and r.json()["reason"] == "account_locked"
    app.state.engine.dispose()


@pytest.mark.parametrize("depth", [1, 31, 32, 33, 300])
def test_the_depth_check_counts_nesting_not_brackets_in_strings(depth):
    from counter_central.limits import json_depth_exceeds

    value: object = ['\\"[[[{{{', "\\\\", '"]]]}}}', "[" * 40]      # brackets and escapes inside strings
    for _ in range(depth - 1):
        value = {"k[": value} if _ % 2 else [value, "}"]
    body = json.dumps(value).encode()
    assert json_depth_exceeds(body, 32) is (depth > 32)
    assert json_depth_exceeds(json.dumps({"a": "[" * 100, "b": "{" * 100}).encode(), 32) is False
    assert json_depth_exceeds(b"[" * 40, 32) is True          # unbalanced: still measured
    plain: object = ["[[[{{{", "]]]}}}", "[" * 40]               # no backslash anywhere (the push's usual body)
    for _ in range(depth - 1):
        plain = [plain, "}]"]
    assert b"\\" not in json.dumps(plain).encode()
    assert json_depth_exceeds(json.dumps(plain).encode(), 32) is (depth > 32)


def test_the_security_migration_keeps_earlier_tokens_and_matches_the_models(tmp_path):
    from sqlalchemy import text

    from tests.support.central import central_database_at, schema_drift

    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0003_workstation_tallies")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO tokens (token_hash, kind, family, username, workstation_id, created_at, expires_at)"
                          " VALUES ('h1', 'refresh', 'fam1', 'clerk01', 'W1', '2026-01-02 00:00:00', '2099-01-01 00:00:00')"))
        conn.execute(text("INSERT INTO users (username, display_name, password_hash, roles, office_code, active, created_at)"
                          " VALUES ('u1', 'U', 'x', 'clerk', 'FT', 1, '2026-01-02 00:00:00')"))
    upgrade("heads")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT login_id FROM tokens WHERE token_hash = 'h1'")).scalar() == "fam1"
        assert conn.execute(text("SELECT failed_logins, locked_until, totp_secret FROM users")).one() == (0, None, None)
        assert "c0005_security" in conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    for table in ("users", "tokens", "workstations"):
        assert schema_drift(engine, table) == []
    engine.dispose()


def test_approval_level_is_set_through_the_user_admin(centre):
    from counter_central import admin
    from counter_central.admin import AdminError

    app, _client = centre
    engine = app.state.engine
    with Session(engine) as s:
        assert admin.add_user(s, "dir01", office="FT", role="supervisor", password="dir01-pass-2026", level=2).approval_level == 2
        with pytest.raises(AdminError, match="只有科长"):
            admin.add_user(s, "clk9", office="FT", role="clerk", password="clk9-pass-2026", level=1)
        with pytest.raises(AdminError, match="只有科长"):
            admin.set_approval_level(s, "lhclerk", 1)
        with pytest.raises(AdminError, match="0（无）、1（科长）或 2"):
            admin.set_approval_level(s, "sup02", 3)
        assert admin.set_approval_level(s, "sup02", 2).approval_level == 2
        rows = {u.username: u.as_dict() for u in admin.list_users(s)}
    assert rows["sup02"]["approval_level"] == 2 and rows["lhclerk"]["approval_level"] == 0


# ------------------------------------------------------------------------------ approvals through the push

def _approval_request(maker, case, *, made_at=None, action="rejection", required_level=1):
    """An ``approval.requested`` entry (a 不予受理 unless ``action``) made by ``maker`` (its entry's actor too)."""
    import uuid

    from datetime import datetime, timezone

    payload = {"action": action, "case_id": case, "maker": maker,
               "made_at": (made_at or datetime.now(timezone.utc)).isoformat(), "payload_digest": "a" * 64,
               "required_level": required_level, "summary": "申请不予受理"}
    rid = str(uuid.uuid4())
    item = entry(1, payload, case=rid, kind="approval.requested", aggregate_type="approval")
    return rid, item.model_copy(update={"actor": maker})


def _on_site(rid, checker, *, seq=2, actor="clerk01", decided_at=None, key=None, ws="FT-W01", proof=None):
    """An ``approval.decided`` entry: ``checker`` decided on site, on the screen of ``actor`` at
    ``ws``, proved with ``key`` (the checker's approval key there) as the counter does."""
    from tests.support.approvals import on_site_payload

    payload = on_site_payload(rid, checker, key=key, workstation_id=ws, decided_at=decided_at, proof=proof)
    return entry(seq, payload, case=rid, kind="approval.decided", aggregate_type="approval").model_copy(
        update={"actor": actor})


def _approval_key(client, user, ws):
    """The approval key the centre gives ``user``'s login at ``ws`` (a supervisor's)."""
    from tests.support.approvals import approval_key_of

    r = login(client, user, ws)
    assert r.status_code == 200, r.text
    return approval_key_of(r.json())


def _approval(app, rid):
    from counter_central.db import ApprovalRow

    with Session(app.state.engine) as s:
        row = s.get(ApprovalRow, rid)
        return row.state, row.checker, row.pushed_by


def _decide(client, h, rid):
    return client.post(f"/api/v1/approvals/{rid}/decision", json={"decision": "approved", "reason": "同意"}, headers=h)


def test_a_supervisor_cannot_decide_a_request_their_own_push_brought_under_a_clerks_name(centre):
    """Several clerks work offline on one workstation and the sync agent pushes their entries with
    whoever is signed in: the pusher counts as a maker, as for a case's escalation (finding 4)."""
    from counter_central import admin

    app, client = centre
    with Session(app.state.engine) as s:
        admin.set_approval_level(s, "sup02", 1)
    sup = auth(client, "supervisor01", "FT-W01")
    rid, req = _approval_request("clerk01", "C-AP1")
    assert push(client, sup, "FT-W01", req)[0]["status"] == "accepted"
    r = _decide(client, sup, rid)                                       # 集中授权
    assert r.status_code == 403 and "本人" in r.json()["detail"], r.text
    assert _approval(app, rid) == ("pending", "", "supervisor01")
    clerk = auth(client, "clerk01", "FT-W01")                           # 现场授权 on clerk01's screen
    res = push(client, clerk, "FT-W01", _on_site(rid, "supervisor01", key=_approval_key(client, "supervisor01", "FT-W01")))
    assert res[0]["status"] == "rejected" and "本人" in res[0]["reason"]
    assert _approval(app, rid) == ("pending", "", "supervisor01")
    r = _decide(client, auth(client, "sup02", "FT-W02"), rid)           # another supervisor may
    assert r.status_code == 200 and r.json()["state"] == "approved" and r.json()["checker"] == "sup02"


def test_a_supervisor_cannot_approve_the_resumption_their_own_certification_push_raised(centre):
    import uuid
    from datetime import date, datetime, timedelta, timezone

    from counter_central import admin, certification
    from counter_central.db import ApprovalRow, RegistryPerson

    app, client = centre
    with Session(app.state.engine) as s:
        admin.set_approval_level(s, "sup02", 1)
        pid = s.scalars(select(RegistryPerson.id_number).where(RegistryPerson.status == "retired",
                                                               RegistryPerson.office == "FT")).first()
        suspended = certification.suspend_for_prison(s, pid, "判决书（2026）粤0304刑初1号", date.today())
    assert _decide(client, auth(client, "sup02", "FT-W02"), suspended["request_id"]).status_code == 200
    today = (datetime.now(timezone.utc) + timedelta(hours=8)).date().isoformat()
    cid = str(uuid.uuid4())
    payload = {"certification_id": cid, "id_number": pid, "certified_on": today,
               "certified_at": datetime.now(timezone.utc).isoformat(), "method": "fingerprint", "channel": "window",
               "clerk": "clerk01", "valid_until": today}
    sup = auth(client, "supervisor01", "FT-W01")       # recorded under clerk01's name, pushed by supervisor01
    res = push(client, sup, "FT-W01", entry(1, payload, case=cid, kind="certification.recorded",
                                            aggregate_type="certification").model_copy(update={"actor": "clerk01"}))
    assert res[0]["status"] == "accepted", res
    with Session(app.state.engine) as s:
        resume = s.scalars(select(ApprovalRow).where(ApprovalRow.action == "payment_resumption")).one()
    r = _decide(client, sup, resume.id)
    assert r.status_code == 403 and "本人" in r.json()["detail"], r.text
    assert (resume.maker, resume.pushed_by) == ("clerk01", "supervisor01")
    assert _decide(client, auth(client, "sup02", "FT-W02"), resume.id).status_code == 200


def _suspended_pensioner(app) -> tuple[str, str]:
    """(ID number, suspension request) of a retired FT pensioner suspended for 服刑 (sup02 may decide)."""
    from datetime import date

    from counter_central import admin, certification
    from counter_central.db import RegistryPerson

    with Session(app.state.engine) as s:
        admin.set_approval_level(s, "sup02", 1)
        pid = s.scalars(select(RegistryPerson.id_number).where(RegistryPerson.status == "retired",
                                                               RegistryPerson.office == "FT")).first()
        suspended = certification.suspend_for_prison(s, pid, "判决书（2026）粤0304刑初1号", date.today())
    return pid, suspended["request_id"]


def test_the_account_that_recorded_a_certification_cannot_approve_the_resumption_it_raised(centre):
    """supervisor01 took part in a certification clerk01 recorded (its second staff member) and
    clerk01 pushes it: supervisor01 took part in the resumption it raises and decides it neither
    remotely nor on site; another supervisor may. (Recorded under another clerk's name — the
    entry's actor not its clerk — the entry is rejected: tests/unit/central/test_certification_clerk.py.)"""
    import uuid
    from datetime import datetime, timedelta, timezone

    from counter_central.db import ApprovalRow
    from tests.support.approvals import on_site_payload

    app, client = centre
    pid, suspension_request = _suspended_pensioner(app)
    assert _decide(client, auth(client, "sup02", "FT-W02"), suspension_request).status_code == 200
    today = (datetime.now(timezone.utc) + timedelta(hours=8)).date().isoformat()
    cid = str(uuid.uuid4())
    payload = {"certification_id": cid, "id_number": pid, "certified_on": today,
               "certified_at": datetime.now(timezone.utc).isoformat(), "method": "fingerprint", "channel": "window",
               "clerk": "clerk01", "second_staff": "supervisor01", "valid_until": today}
    clerk = auth(client, "clerk01", "FT-W01")
    res = push(client, clerk, "FT-W01", entry(1, payload, case=cid, kind="certification.recorded",
                                              aggregate_type="certification").model_copy(update={"actor": "clerk01"}))
    assert res[0]["status"] == "accepted", res
    with Session(app.state.engine) as s:
        resume = s.scalars(select(ApprovalRow).where(ApprovalRow.action == "payment_resumption")).one()
    assert (resume.maker, resume.pushed_by) == ("clerk01", "clerk01")
    assert json.loads(resume.participants) == ["clerk01", "supervisor01"]
    r = _decide(client, auth(client, "supervisor01", "FT-W02"), resume.id)       # 集中授权
    assert r.status_code == 403 and "本人" in r.json()["detail"], r.text
    decided = on_site_payload(resume.id, "supervisor01", key=_approval_key(client, "supervisor01", "FT-W01"),
                              workstation_id="FT-W01", payload_digest=resume.payload_digest)
    on_site = entry(2, decided, case=resume.id, kind="approval.decided", aggregate_type="approval").model_copy(
        update={"actor": "clerk01"})
    res = push(client, clerk, "FT-W01", on_site)                                # 现场授权 on clerk01's screen
    assert res[0]["status"] == "rejected" and "本人" in res[0]["reason"], res
    assert _approval(app, resume.id)[:2] == ("pending", "")
    assert _decide(client, auth(client, "sup02", "FT-W02"), resume.id).status_code == 200


def test_everyone_who_took_part_never_decides_in_the_shared_rule():
    from counter_protocol.approvals import decision_refusal

    rule = dict(state="pending", maker="clerk01", checker="supervisor01", checker_roles=["supervisor"],
                checker_level=1, checker_office="FT", request_office="FT", required_level=1, reason="同意")
    assert decision_refusal(**rule, participants=[]) is None
    assert decision_refusal(**rule, participants=["clerk01", "field02", ""]) is None
    assert "本人" in decision_refusal(**rule, participants=["field01", "supervisor01"])


def test_another_office_cannot_withdraw_or_decide_a_request_through_the_push(centre):
    from counter_central.db import ChangeRow

    app, client = centre
    rid, req = _approval_request("clerk01", "C-AP2")
    assert push(client, auth(client, "clerk01", "FT-W01"), "FT-W01", req)[0]["status"] == "accepted"

    def withdrawn(seq):
        return entry(seq, {}, case=rid, kind="approval.withdrawn", aggregate_type="approval").model_copy(
            update={"actor": "clerk01"})

    lh = auth(client, "lhsup", "LH-W01")
    res = push(client, lh, "LH-W01", withdrawn(1), _on_site(rid, "supervisor01", actor="lhsup", ws="LH-W01",
                                                            key=_approval_key(client, "lhsup", "LH-W01")))
    assert [r["status"] for r in res] == ["rejected", "rejected"], res
    assert all("其他分局" in r["reason"] for r in res)
    assert _approval(app, rid) == ("pending", "", "clerk01")
    with Session(app.state.engine) as s:
        assert s.scalar(select(func.count()).select_from(ChangeRow)
                        .where(ChangeRow.aggregate_id == rid, ChangeRow.kind == "approval.decided")) == 0
    ft = auth(client, "clerk01", "FT-W02")             # the maker, on a workstation of the request's office
    assert push(client, ft, "FT-W02", withdrawn(2))[0]["status"] == "accepted"
    assert _approval(app, rid)[0] == "withdrawn"


def test_a_refused_on_site_decision_leaves_an_expired_request_expired(centre):
    """An on-site decision made before the deadline stands on a request the centre expired since;
    a refused one (here the maker deciding) changes nothing, the request stays expired."""
    from datetime import datetime, timedelta, timezone

    from counter_central import approvals
    from counter_central.db import ReferenceRow

    app, client = centre
    table = {"parameters": [{"key": "pending_expiry_hours", "value": "1", "effective_from": "2000-01-01"}]}
    with Session(app.state.engine) as s:
        s.add(ReferenceRow(name="authorisation", version="t-expiry", content=json.dumps(table), digest="t" * 64))
        s.commit()
    made = datetime.now(timezone.utc) - timedelta(hours=2)
    rid, req = _approval_request("supervisor01", "C-AP3", made_at=made)
    h = auth(client, "supervisor01", "FT-W01")
    assert push(client, h, "FT-W01", req)[0]["status"] == "accepted"
    with Session(app.state.engine) as s:
        assert [r.id for r in approvals.expire_due(s)] == [rid]
        s.commit()
    res = push(client, h, "FT-W01", _on_site(rid, "supervisor01", actor="supervisor01",
                                             decided_at=made + timedelta(minutes=30),
                                             key=_approval_key(client, "supervisor01", "FT-W01")))
    assert res[0]["status"] == "rejected" and "本人" in res[0]["reason"]
    assert _approval(app, rid)[0] == "expired"


def test_an_on_site_decision_needs_the_checkers_proof(centre):
    """A clerk cannot approve their own request by pushing a decision that names a supervisor: the
    decision must carry the proof only the supervisor's login on that workstation can make (its
    approval key); without it, with a wrong one, with another workstation's key or the key of
    another supervisor, it is rejected and nothing changes. With the right one it is accepted."""
    from counter_central.db import ApprovalKey, ChangeRow

    app, client = centre
    rid, req = _approval_request("clerk01", "C-AP4")
    clerk = auth(client, "clerk01", "FT-W01")
    assert push(client, clerk, "FT-W01", req)[0]["status"] == "accepted"
    assert login(client, "clerk01", "FT-W01").json().get("approval_key") is None    # a clerk gets none
    key = _approval_key(client, "supervisor01", "FT-W01")
    assert _approval_key(client, "supervisor01", "FT-W01") == key                  # kept across logins
    other_ws = _approval_key(client, "supervisor01", "FT-W02")
    other_sup = _approval_key(client, "sup02", "FT-W01")
    assert len({key, other_ws, other_sup}) == 3
    bad = [_on_site(rid, "supervisor01", seq=2),                                   # no proof
           _on_site(rid, "supervisor01", seq=3, proof="0" * 64),                   # a made-up one
           _on_site(rid, "supervisor01", seq=4, key=other_ws),                     # the key of another workstation
           _on_site(rid, "supervisor01", seq=5, key=other_sup),                    # another supervisor's key
           _on_site(rid, "supervisor01", seq=6, key=key, ws="FT-W02")]             # made for another workstation
    res = push(client, clerk, "FT-W01", *bad)
    assert [r["status"] for r in res] == ["rejected"] * 5, res
    assert "缺少审批人本人的验证" in res[0]["reason"]
    assert all("审批人验证不符" in r["reason"] for r in res[1:]), res
    assert _approval(app, rid) == ("pending", "", "clerk01")
    with Session(app.state.engine) as s:
        assert s.scalar(select(func.count()).select_from(ChangeRow)
                        .where(ChangeRow.aggregate_id == rid, ChangeRow.kind == "approval.decided")) == 0
    res = push(client, clerk, "FT-W01", _on_site(rid, "supervisor01", seq=7, key=key))
    assert res[0]["status"] == "accepted", res
    assert _approval(app, rid) == ("approved", "supervisor01", "clerk01")
    # a reset password ends the key: a new one at the next login
    from counter_central import admin

    with Session(app.state.engine) as s:
        admin.reset_password(s, "supervisor01", "Supervisor01-new-2026!")
        assert s.scalar(select(func.count()).select_from(ApprovalKey).where(ApprovalKey.username == "supervisor01")) == 0


def test_the_approval_keys_migration_matches_the_model(tmp_path):
    from tests.support.central import central_database_at, schema_drift

    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0012_approval_pusher")
    upgrade("heads")
    assert schema_drift(engine, "approval_keys") == []
    engine.dispose()


def test_the_pusher_never_checks_in_the_shared_rule():
    from counter_protocol.approvals import decision_refusal

    rule = dict(state="pending", maker="clerk01", checker="supervisor01", checker_roles=["supervisor"],
                checker_level=1, checker_office="FT", request_office="FT", required_level=1, reason="同意")
    assert decision_refusal(**rule) is None
    assert decision_refusal(**rule, pushed_by="") is None            # stored before the pusher was recorded
    assert decision_refusal(**rule, pushed_by="clerk02") is None
    assert "本人" in decision_refusal(**rule, pushed_by="supervisor01")


def test_the_approval_pusher_migration_keeps_earlier_requests_and_matches_the_model(tmp_path):
    from sqlalchemy import text

    from tests.support.central import central_database_at, schema_drift

    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0006_approvals")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO approval_requests (id, action, case_id, office_code, workstation_id, maker,"
                          " made_at, payload_digest, required_level, state)"
                          " VALUES ('r1', 'rejection', 'C1', 'FT', 'FT-W01', 'clerk01', '2026-01-02 00:00:00',"
                          " 'd', 1, 'pending')"))
    upgrade("heads")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT maker, pushed_by FROM approval_requests")).one() == ("clerk01", "")
    assert schema_drift(engine, "approval_requests") == []
    engine.dispose()


def _before_c0014(tmp_path, request, engine_name):
    """A centre database at every revision before c0014 (SQLite or PostgreSQL): (engine, upgrade)."""
    from tests.support.central import central_database_at

    url = request.getfixturevalue("postgres_url") if engine_name == "postgresql" else None
    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0013_approval_keys", url=url)
    for rev in ("c0009_certification", "c0008_field", "c0007_audit"):
        upgrade(rev)
    return engine, upgrade


T0 = "'2026-12-01 00:00:00'"


@pytest.mark.parametrize("engine_name", ["sqlite", "postgresql"])
def test_the_audit_flag_migration_flags_earlier_records_and_matches_the_model(tmp_path, request, engine_name):
    """c0014 on a centre that already holds audit records: each one whose actor is no account of its
    workstation's office is flagged, as the centre flags them on arrival."""
    from sqlalchemy import text

    import counter_central.audit  # noqa: F401  (the models join the metadata)
    from tests.support.central import schema_drift

    engine, upgrade = _before_c0014(tmp_path, request, engine_name)
    with engine.begin() as conn:
        for user, office in (("clerk01", "FT"), ("lhclerk", "LH")):
            conn.execute(text("INSERT INTO users (username, display_name, password_hash, roles, office_code, active,"
                              f" created_at) VALUES (:u, 'U', 'x', 'clerk', :o, :yes, {T0})"),
                         {"u": user, "o": office, "yes": True})
        conn.execute(text("INSERT INTO workstations (workstation_id, office_code, name, registered_by, registered_at)"
                          f" VALUES ('FT-W01', 'FT', '', 'admin01', {T0})"))
        for seq, (actor, action) in enumerate((("clerk01", "login"), ("王五", "document.issued"),
                                               ("lhclerk", "case.transition"), ("", "config.changed"),
                                               ("nobody", "login.failed")), start=1):
            conn.execute(text("INSERT INTO audit_records (workstation_id, seq, at, actor, action, object_type,"
                              " object_id, result, detail, prev_digest, digest, received_at)"
                              " VALUES ('FT-W01', :seq, '2026-12-01T00:00:00Z', :actor, :action, '', '', 'ok', '',"
                              f" 'p', 'd', {T0})"), {"seq": seq, "actor": actor, "action": action})
    upgrade("heads")
    with engine.connect() as conn:
        flags = dict(conn.execute(text("SELECT seq, actor_unknown FROM audit_records ORDER BY seq")).all())
    assert {seq: bool(v) for seq, v in flags.items()} == {1: False, 2: True, 3: True, 4: False, 5: False}
    assert schema_drift(engine, "audit_records") == []
    engine.dispose()


@pytest.mark.parametrize("engine_name", ["sqlite", "postgresql"])
def test_the_participants_migration_fills_earlier_requests_and_matches_the_model(tmp_path, request, engine_name):
    """c0014 on a centre that already holds requests: each gets everyone the centre knows took part
    in it (the pusher, the certification's recording account, every staff member of a visit)."""
    from sqlalchemy import text

    from tests.support.central import schema_drift

    engine, upgrade = _before_c0014(tmp_path, request, engine_name)
    with engine.begin() as conn:
        def request_row(rid, action, maker, pushed_by, details="{}"):
            conn.execute(text("INSERT INTO approval_requests (id, action, case_id, office_code, workstation_id, maker,"
                              " pushed_by, made_at, payload_digest, required_level, state, details)"
                              f" VALUES (:id, :action, 'C1', 'FT', 'FT-W01', :maker, :pushed_by, {T0}, 'd', 1,"
                              " 'pending', :details)"),
                         {"id": rid, "action": action, "maker": maker, "pushed_by": pushed_by, "details": details})

        def received(eid, kind, aggregate_id, actor, pushed_by):
            conn.execute(text("INSERT INTO received_entries (id, workstation_id, client_seq, kind, aggregate_type,"
                              " aggregate_id, payload, payload_digest, actor, pushed_by, source, received_at, outcome)"
                              f" VALUES (:id, 'FT-W01', 1, :kind, :t, :a, '{{}}', 'd', :actor, :pushed_by, 'push', {T0},"
                              " 'accepted')"),
                         {"id": eid, "kind": kind, "t": kind.split(".")[0], "a": aggregate_id, "actor": actor,
                          "pushed_by": pushed_by})

        def certification(cid, clerk, second):
            conn.execute(text("INSERT INTO certifications (id, id_number, certified_on, certified_at, method, channel,"
                              " clerk, second_staff, valid_until, received_at)"
                              f" VALUES (:id, 'P', '2026-12-01', {T0}, 'photo', 'window', :clerk, :second, '2027-12-31',"
                              f" {T0})"), {"id": cid, "clerk": clerk, "second": second})

        request_row("r-case", "rejection", "clerk01", "supervisor01")
        received("e1", "approval.requested", "r-case", "clerk01", "supervisor01")
        received("e1d", "approval.decided", "r-case", "clerk02", "clerk02")          # a decision: no part in making it
        request_row("r-window", "payment_resumption", "clerk01", "clerk01", '{"certification_id": "cert-1"}')
        certification("cert-1", "clerk01", "")
        received("e2", "certification.recorded", "cert-1", "supervisor01", "clerk01")     # recorded by supervisor01
        request_row("r-visit", "payment_resumption", "field01", "field01", '{"certification_id": "visit-1"}')
        certification("visit-1", "field01", "supervisor02")
        conn.execute(text("INSERT INTO field_visits (visit_id, entry_id, workstation_id, office_code, id_number,"
                          " result, visited_at, staff, sm3, received_at) VALUES ('visit-1', 'e3', 'FT-L01', 'FT',"
                          f" 'P', 'eligible', {T0}, 'field01,supervisor02,field03', 's', {T0})"))
        received("e3", "field.visit_recorded", "visit-1", "field01", "field01")
        request_row("r-sweep", "payment_suspension", "system:certification-sweep", "")
        request_row("r-unknown", "payment_resumption", "clerk01", "", '{"certification_id": "never-received"}')
    upgrade("heads")
    with engine.connect() as conn:
        got = {rid: json.loads(p) for rid, p in conn.execute(text("SELECT id, participants FROM approval_requests"))}
    assert got == {"r-case": ["clerk01", "supervisor01"], "r-window": ["clerk01", "supervisor01"],
                   "r-visit": ["field01", "field03", "supervisor02"], "r-sweep": ["system:certification-sweep"],
                   "r-unknown": ["clerk01"]}
    assert schema_drift(engine, "approval_requests") == []
    engine.dispose()


def test_a_display_name_that_does_not_fit_is_refused_not_cut(centre):
    """A 65-character name was stored cut to 64 with no word: refused with the reason, nothing
    written; a name with a line break likewise; a fitting one is kept whole (spaces trimmed)."""
    from counter_central import admin
    from counter_central.admin import AdminError

    app, _client = centre
    with Session(app.state.engine) as s:
        with pytest.raises(AdminError, match="姓名过长：65 个字符，最多 64 个"):
            admin.add_user(s, "long01", office="FT", role="clerk", password="long01-pass", display_name="长" * 65)
        with pytest.raises(AdminError, match="控制字符"):
            admin.add_user(s, "ctl01", office="FT", role="clerk", password="ctl01-pass", display_name="王\n伟")
        assert admin.add_user(s, "fit01", office="FT", role="clerk", password="fit01-pass",
                              display_name=" " + "名" * 64 + " ").display_name == "名" * 64
        names = {u.username for u in admin.list_users(s)}
    assert "long01" not in names and "ctl01" not in names and "fit01" in names


def test_the_centre_holds_a_request_to_the_level_its_own_table_sets(centre):
    """分级授权 is the centre's table, not the workstation's word: a 注销参保 request pushed as needing
    a 科长 (level 1; a modified or outdated counter) is stored at the 中心主任 level the table sets
    (2), and a 科长 cannot approve it; a request asking a higher level than the table keeps it."""
    from counter_central import admin

    app, client = centre
    with Session(app.state.engine) as s:
        admin.set_approval_level(s, "sup02", 1)
    clerk = auth(client, "clerk01", "FT-W01")
    rid, req = _approval_request("clerk01", "C-LVL", action="reg_cancel")
    assert push(client, clerk, "FT-W01", req)[0]["status"] == "accepted"
    with Session(app.state.engine) as s:
        from counter_central.db import ApprovalRow

        assert s.get(ApprovalRow, rid).required_level == 2
    r = _decide(client, auth(client, "sup02", "FT-W02"), rid)
    assert r.status_code == 403 and "级别不足" in r.json()["detail"], r.text
    # asking more than the table (a benefit decision weighed at the counter) is kept
    rid2, req2 = _approval_request("clerk01", "C-LVL2", required_level=2)
    assert push(client, clerk, "FT-W01", req2)[0]["status"] == "accepted"
    with Session(app.state.engine) as s:
        assert s.get(ApprovalRow, rid2).required_level == 2


def test_a_remote_decision_sent_again_gets_the_same_answer_and_changes_nothing(centre):
    """The supervisor's 批准 reached the centre but its answer was lost; the window sends it again.
    Review: the second send was refused with 409 「已批准」, read as a failure. The same decision by
    the same supervisor now answers as the first did, and nothing is decided or published twice;
    another decision, or another supervisor, is still refused."""
    from counter_central import admin
    from counter_central.db import ChangeRow

    app, client = centre
    with Session(app.state.engine) as s:
        admin.set_approval_level(s, "sup02", 1)
    rid, req = _approval_request("clerk01", "C-AP9")
    assert push(client, auth(client, "clerk01", "FT-W01"), "FT-W01", req)[0]["status"] == "accepted"
    sup = auth(client, "sup02", "FT-W02")
    first = _decide(client, sup, rid)
    assert first.status_code == 200 and first.json()["state"] == "approved"
    changes = count(app, ChangeRow)
    again = _decide(client, sup, rid)
    assert again.status_code == 200 and again.json() == first.json()
    assert count(app, ChangeRow) == changes
    other = client.post(f"/api/v1/approvals/{rid}/decision", json={"decision": "rejected", "reason": "不同意"}, headers=sup)
    assert other.status_code == 409
    assert _decide(client, auth(client, "supervisor01", "FT-W02"), rid).status_code == 409
    assert _approval(app, rid)[:2] == ("approved", "sup02")


# ------------------------------------------------------------------------------ transitions that stand on an approval

def _rejection(seq, case, approved_by="supervisor01", **extra):
    """The counter's 受理审核 → 不予受理 entry for ``case``, approved by ``approved_by``."""
    return entry(seq, {"from_state": "review", "to_state": "rejected", "escalation": "rejection",
                       "approved_by": approved_by, **extra}, case=case)


def _centre_case_state(app, case):
    from counter_central.db import CaseState

    with Session(app.state.engine) as s:
        return s.get(CaseState, case).state


def test_a_rejection_with_no_approval_at_the_centre_is_refused_and_moves_nothing(centre):
    """A modified counter names a supervisor who never approved (or none at all): the 不予受理 is
    refused with the reason, the case stays in 受理审核 at the centre, nothing else is written."""
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    _case_at_review(client, clerk, "FT-W01", "RJ1")
    res = push(client, clerk, "FT-W01", _rejection(3, "RJ1"))
    assert res[0]["status"] == "rejected"
    assert "没有负责人 supervisor01 批准该办件「不予受理决定」的审批记录" in res[0]["reason"]
    res = push(client, clerk, "FT-W01", _rejection(4, "RJ1", approved_by=""))
    assert res[0]["status"] == "rejected" and "须经负责人审批" in res[0]["reason"]
    res = push(client, clerk, "FT-W01", _rejection(5, "RJ1", escalation=None))   # no escalation claimed either
    assert res[0]["status"] == "rejected"
    res = push(client, clerk, "FT-W01", _rejection(6, "RJ1", approved_by=["supervisor01"]))
    assert res[0]["status"] == "rejected" and res[0]["reason"] == "审批人应为账号名称"
    assert _centre_case_state(app, "RJ1") == "review"


def test_a_rejection_stands_on_a_remote_approval_of_that_supervisor_for_that_case(centre):
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    _case_at_review(client, clerk, "FT-W01", "RJ2")
    _case_at_review(client, clerk, "FT-W01", "RJ3")
    rid, req = _approval_request("clerk01", "RJ2")
    assert push(client, clerk, "FT-W01", req)[0]["status"] == "accepted"
    # pending is not approved
    assert push(client, clerk, "FT-W01", _rejection(3, "RJ2"))[0]["status"] == "rejected"
    assert _decide(client, auth(client, "supervisor01", "FT-W02"), rid).status_code == 200
    # another supervisor's name, or another case, is not that approval
    assert push(client, clerk, "FT-W01", _rejection(4, "RJ2", approved_by="sup02"))[0]["status"] == "rejected"
    assert push(client, clerk, "FT-W01", _rejection(5, "RJ3"))[0]["status"] == "rejected"
    assert push(client, clerk, "FT-W01", _rejection(6, "RJ2"))[0]["status"] == "accepted"
    assert _centre_case_state(app, "RJ2") == "rejected" and _centre_case_state(app, "RJ3") == "review"


def test_a_rejection_stands_on_a_decision_a_supervisor_posted_for_the_case(centre):
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    _case_at_review(client, clerk, "FT-W01", "RJ4")
    sup = auth(client, "supervisor01", "FT-W02")
    r = client.post("/api/v1/cases/updates", headers=sup, json={
        "kind": "case.escalation_decision", "case_id": "RJ4",
        "payload": {"escalation": "rejection", "decision": "refused", "reason": "材料可补"}})
    assert r.status_code == 201, r.text
    assert push(client, clerk, "FT-W01", _rejection(3, "RJ4"))[0]["status"] == "rejected"   # refused is no approval
    rid, req = _approval_request("clerk01", "RJ4")
    assert push(client, clerk, "FT-W01", req)[0]["status"] == "accepted"
    r = client.post("/api/v1/cases/updates", headers=sup, json={
        "kind": "case.escalation_decision", "case_id": "RJ4",
        "payload": {"escalation": "rejection", "decision": "approved", "reason": "同意", "posted_by": "sup02"}})
    assert r.status_code == 201, r.text
    assert push(client, clerk, "FT-W01", _rejection(4, "RJ4", approved_by="sup02"))[0]["status"] == "rejected"
    assert push(client, clerk, "FT-W01", _rejection(5, "RJ4"))[0]["status"] == "accepted"


def test_an_on_site_approval_allows_the_rejection_in_either_order_of_one_batch(centre):
    """The counter sends the on-site decision before the 不予受理 it allows; an outbox written
    before that (the decision after it) is worked decision first, and answered in its own order.
    A forged decision allows nothing."""
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    key = _approval_key(client, "supervisor01", "FT-W01")
    for case in ("RJ5", "RJ6", "RJ7"):
        _case_at_review(client, clerk, "FT-W01", case)
    rid5, req5 = _approval_request("clerk01", "RJ5")
    rid6, req6 = _approval_request("clerk01", "RJ6")
    rid7, req7 = _approval_request("clerk01", "RJ7")
    batch = [req5, _on_site(rid5, "supervisor01", key=key), _rejection(3, "RJ5"),          # today's order
             req6, _rejection(4, "RJ6"), _on_site(rid6, "supervisor01", key=key),          # an older outbox
             req7, _rejection(5, "RJ7"), _on_site(rid7, "supervisor01", key=b"\0" * 32)]   # forged
    res = push(client, clerk, "FT-W01", *batch)
    assert [r["id"] for r in res] == [e.id for e in batch]
    assert [r["status"] for r in res] == ["accepted"] * 6 + ["accepted", "rejected", "rejected"]
    assert "审批人验证不符" in res[8]["reason"]
    assert [_centre_case_state(app, c) for c in ("RJ5", "RJ6", "RJ7")] == ["rejected", "rejected", "review"]


def test_a_cancellation_is_accepted_only_on_the_directors_approval(centre):
    """注销参保 needs the 中心主任 (level 2): its acceptance is refused until that approval is held."""
    from counter_central import admin

    app, client = centre
    with Session(app.state.engine) as s:
        admin.set_approval_level(s, "sup02", 2)
    clerk = auth(client, "clerk01", "FT-W01")
    _case_at_review(client, clerk, "FT-W01", "CX1")
    accept = {"from_state": "review", "to_state": "accepted", "service_code": "reg_cancel", "approved_by": "sup02"}
    assert push(client, clerk, "FT-W01", entry(3, accept, case="CX1"))[0]["status"] == "rejected"
    rid, req = _approval_request("clerk01", "CX1", action="reg_cancel", required_level=2)
    assert push(client, clerk, "FT-W01", req)[0]["status"] == "accepted"
    assert _decide(client, auth(client, "sup02", "FT-W02"), rid).status_code == 200
    assert push(client, clerk, "FT-W01", entry(4, accept, case="CX1"))[0]["status"] == "accepted"
    # another service's acceptance needs nothing
    _case_at_review(client, clerk, "FT-W01", "CX2")
    plain = {"from_state": "review", "to_state": "accepted", "service_code": "reg_enroll"}
    assert push(client, clerk, "FT-W01", entry(3, plain, case="CX2"))[0]["status"] == "accepted"


def test_the_changes_index_migration_matches_the_model(tmp_path):
    from tests.support.central import central_database_at, schema_drift

    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0015_audit_written_as")
    upgrade("heads")
    assert schema_drift(engine, "changes") == []
    engine.dispose()


def test_a_step_naming_an_approver_stands_only_on_that_approval(centre):
    """A step recorded as approved (免于采集指纹 …), or a supervisor's later approval of it, names the
    审批人 its documents print: refused unless that supervisor approved that point for that case."""
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    step = {"step_code": "fingerprint", "step_kind": "fingerprint", "result": "waived",
            "escalation": "fingerprint_unavailable", "approved_by": "supervisor01"}
    res = push(client, clerk, "FT-W01", entry(1, step, case="ST1", kind="case.step"),
               entry(2, step, case="ST1", kind="case.step_approved"),
               entry(3, {**step, "approved_by": ""}, case="ST1", kind="case.step"))   # waiting for one: fine
    assert [r["status"] for r in res] == ["rejected", "rejected", "accepted"]
    assert "「指纹无法采集」" in res[0]["reason"]
    rid, req = _approval_request("clerk01", "ST1", action="fingerprint_unavailable")
    assert push(client, clerk, "FT-W01", req)[0]["status"] == "accepted"
    assert _decide(client, auth(client, "supervisor01", "FT-W02"), rid).status_code == 200
    res = push(client, clerk, "FT-W01", entry(4, step, case="ST1", kind="case.step_approved"),
               entry(5, {**step, "escalation": "benefit_decision"}, case="ST1", kind="case.step"))
    assert [r["status"] for r in res] == ["accepted", "rejected"]


def test_an_acceptance_naming_an_approver_needs_an_approval_of_that_supervisor_on_the_case(centre):
    """改判系统核验的受理条件: the acceptance names the approver but no approval point of its own."""
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    _case_at_review(client, clerk, "FT-W01", "OV1")
    accept = {"from_state": "review", "to_state": "accepted", "service_code": "reg_enroll", "approved_by": "supervisor01"}
    assert push(client, clerk, "FT-W01", entry(3, accept, case="OV1"))[0]["status"] == "rejected"
    assert _centre_case_state(app, "OV1") == "review"
    rid, req = _approval_request("clerk01", "OV1", action="condition_override")
    assert push(client, clerk, "FT-W01", req)[0]["status"] == "accepted"
    assert _decide(client, auth(client, "supervisor01", "FT-W02"), rid).status_code == 200
    assert push(client, clerk, "FT-W01", entry(4, accept, case="OV1"))[0]["status"] == "accepted"


# ------------------------------------------------------------------------------ 2026-12-05: dates, services, updates

def _approval_request_at(maker, case, made_at: str, *, action="reg_cancel", required_level=1):
    """``_approval_request`` with ``made_at`` written as the workstation sent it (any text)."""
    rid, item = _approval_request(maker, case, action=action, required_level=required_level)
    payload = {**item.payload, "made_at": made_at}
    return rid, item.model_copy(update={"payload": payload,
                                        "payload_digest": p.payload_digest(p.canonical_json(payload))})


def _required_level(app, rid):
    from counter_central.db import ApprovalRow

    with Session(app.state.engine) as s:
        row = s.get(ApprovalRow, rid)
        return None if row is None else row.required_level


def test_a_backdated_entry_needs_the_approval_the_table_asks_for_today(centre):
    """The authorisation table is effective-dated and an entry's created_at is the workstation's
    word: dated back before the table took effect, a 不予受理 or a 注销参保's acceptance with no
    approver was accepted. The stricter of that date and the centre's own now decides."""
    from datetime import datetime, timezone

    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    long_ago = datetime(2021, 6, 1, tzinfo=timezone.utc)
    _case_at_review(client, clerk, "FT-W01", "BD1")
    res = push(client, clerk, "FT-W01", _rejection(3, "BD1", approved_by="").model_copy(update={"created_at": long_ago}))
    assert res[0]["status"] == "rejected" and "须经负责人审批" in res[0]["reason"]
    cancel = {"service_code": "reg_cancel"}
    res = push(client, clerk, "FT-W01", entry(1, {"from_state": "", "to_state": "draft", **cancel}, case="BD2"),
               entry(2, {"from_state": "draft", "to_state": "review", **cancel}, case="BD2"),
               entry(3, {"from_state": "review", "to_state": "accepted", **cancel}, case="BD2")
               .model_copy(update={"created_at": long_ago}))
    assert [r["status"] for r in res] == ["accepted", "accepted", "rejected"] and "「注销参保」" in res[2]["reason"]
    assert [_centre_case_state(app, c) for c in ("BD1", "BD2")] == ["review", "review"]


def test_a_backdated_request_is_set_the_level_the_table_asks_for_today(centre):
    """A request dated before the table took effect asked for level 1 and was kept at 1: the
    level is never below the table's on the centre's date, so a level-1 supervisor cannot decide a
    注销参保 on site that way."""
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    _case_at_review(client, clerk, "FT-W01", "BD3")
    rid, req = _approval_request_at("clerk01", "BD3", "2021-12-31T02:00:00+00:00")
    assert push(client, clerk, "FT-W01", req)[0]["status"] == "accepted"
    assert _required_level(app, rid) == 2
    assert "审批级别不足" in _decide(client, auth(client, "supervisor01", "FT-W02"), rid).json()["detail"]


@pytest.mark.parametrize("made_at", ["9999-12-31T23:59:59+00:00", "9999-12-31T23:59:59-01:00",
                                     "0001-01-01T00:00:00+01:00", "2099-01-01T00:00:00+00:00"])
def test_a_request_dated_where_no_workstation_clock_can_be_is_refused_not_a_500(centre, made_at):
    """A year-9999 request never expired (and every later decision of it answered 500); a time
    beyond the calendar's edge in UTC answered 500 for the whole batch. Refused, that entry only."""
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    rid, req = _approval_request_at("clerk01", "BD4", made_at)
    note = entry(2, {"step": "note"}, case="BD4", kind="case.step")
    res = push(client, clerk, "FT-W01", req, note)
    assert [r["status"] for r in res] == ["rejected", "accepted"]
    assert res[0]["reason"].startswith("审批申请的提出时间不在有效范围")
    assert _required_level(app, rid) is None


def test_a_malformed_request_and_a_malformed_body_are_said_in_chinese(centre):
    """Review: the reason read 「审批记录内容不完整：made_at Input should be a valid datetime, invalid
    character in year」 and a 422's errors[] carried pydantic's English: both are Chinese now, and
    the clerk's English UI reads them in English."""
    _app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    _rid, req = _approval_request_at("clerk01", "BD6", "20x6-12-05")
    [res] = push(client, clerk, "FT-W01", req)
    assert res["status"] == "rejected"
    assert res["reason"] == "审批记录内容不完整：made_at 应为日期时间（如 2026-01-31T09:30:00+08:00）"
    body = {"workstation_id": "FT-W01", "entries": [{**req.model_dump(mode="json"), "seq": -1, "kind": "Case"}]}
    r = client.post("/api/v1/sync/push", json=body, headers=clerk)
    assert r.status_code == 422
    said = {".".join(map(str, e["loc"][2:])): e["msg"] for e in r.json()["errors"]}
    assert said == {"0.seq": "应不小于 0", "0.kind": "格式不正确"}


def test_an_on_site_decision_dated_out_of_range_or_before_its_request_is_refused(centre):
    from datetime import datetime, timedelta, timezone

    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    key = _approval_key(client, "supervisor01", "FT-W01")
    rid, req = _approval_request("clerk01", "BD5")
    assert push(client, clerk, "FT-W01", req)[0]["status"] == "accepted"
    early = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1)))
    res = push(client, clerk, "FT-W01", _on_site(rid, "supervisor01", key=None, proof="0" * 64, decided_at=early))
    assert res[0]["status"] == "rejected" and res[0]["reason"].startswith("审批决定的时间不在有效范围")
    before = datetime.now(timezone.utc) - timedelta(days=3)
    res = push(client, clerk, "FT-W01", _on_site(rid, "supervisor01", key=key, decided_at=before, seq=3))
    assert res[0]["status"] == "rejected" and res[0]["reason"] == "审批决定的时间早于审批申请的提出时间"
    assert _approval(app, rid)[0] == "pending"
    assert push(client, clerk, "FT-W01", _on_site(rid, "supervisor01", key=key, seq=4))[0]["status"] == "accepted"


def test_an_acceptance_is_judged_as_the_service_the_case_was_opened_as(centre):
    """A 注销参保 case's acceptance that leaves the service out, or names another, needs the
    director's approval all the same (the later batch, and within one batch)."""
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    cancel = {"service_code": "reg_cancel"}
    opened = push(client, clerk, "FT-W01", entry(1, {"from_state": "", "to_state": "draft", **cancel}, case="SV1"),
                  entry(2, {"from_state": "draft", "to_state": "review", **cancel}, case="SV1"))
    assert [r["status"] for r in opened] == ["accepted", "accepted"]
    res = push(client, clerk, "FT-W01", entry(3, {"from_state": "review", "to_state": "accepted"}, case="SV1"),
               entry(4, {"from_state": "review", "to_state": "accepted", "service_code": "reg_enroll"}, case="SV1"))
    assert [r["status"] for r in res] == ["rejected", "rejected"]
    assert "「注销参保」须经负责人审批" in res[0]["reason"]
    assert res[1]["reason"] == "受理记录的事项编码与该办件在中心登记的事项不一致"
    res = push(client, clerk, "FT-W01", entry(1, {"from_state": "", "to_state": "draft", **cancel}, case="SV2"),
               entry(2, {"from_state": "draft", "to_state": "review"}, case="SV2"),
               entry(3, {"from_state": "review", "to_state": "accepted"}, case="SV2"))
    assert [r["status"] for r in res] == ["accepted", "accepted", "rejected"]
    assert [_centre_case_state(app, c) for c in ("SV1", "SV2")] == ["review", "review"]


def test_a_decision_posted_as_a_case_update_follows_the_same_rules_as_one_in_the_queue(centre):
    """POST /cases/updates let a supervisor approve above their level, approve or refuse a case
    they worked on themselves, an administrator decide, a state move on a case the centre never
    held, a case go to an office that does not exist; and a body could name the maker."""
    from counter_central.db import ChangeRow

    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    sup = auth(client, "supervisor01", "FT-W02")
    cancel = {"service_code": "reg_cancel"}
    push(client, clerk, "FT-W01", entry(1, {"from_state": "", "to_state": "draft", **cancel}, case="UP1"),
         entry(2, {"from_state": "draft", "to_state": "review", **cancel}, case="UP1"))
    before = count(app, ChangeRow)
    decision = {"kind": "case.escalation_decision", "case_id": "UP1",
                "payload": {"escalation": "reg_cancel", "decision": "approved", "reason": "同意"}}
    r = client.post("/api/v1/cases/updates", headers=sup, json=decision)           # level 1 of 2
    assert r.status_code == 403 and r.json()["detail"].startswith("审批级别不足"), r.text
    r = client.post("/api/v1/cases/updates", headers=sup, json={"kind": "case.x", "case_id": "UP1", "to_state": "accepted"})
    assert r.status_code == 403 and r.json()["detail"].startswith("审批级别不足"), r.text
    admin_h = auth(client, "admin01", "FT-W02")
    r = client.post("/api/v1/cases/updates", headers=admin_h, json=decision)
    assert r.status_code == 403 and r.json()["detail"] == "只有科长（负责人）可以审批"
    # supervisor01 works a case at the counter, then decides it
    mine = auth(client, "supervisor01", "FT-W01")
    _case_at_review(client, mine, "FT-W01", "UP2")
    for body in ({"kind": "case.escalation_decision", "case_id": "UP2",
                  "payload": {"escalation": "rejection", "decision": "approved", "reason": "同意"}},
                 {"kind": "case.x", "case_id": "UP2", "to_state": "rejected"}):
        r = client.post("/api/v1/cases/updates", headers=sup, json=body)
        assert r.status_code == 403 and r.json()["reason"] == "maker_checker", r.text
    r = client.post("/api/v1/cases/updates", headers=sup, json={"kind": "case.x", "case_id": "NEVER", "to_state": "draft"})
    assert r.status_code == 404 and r.json()["reason"] == "unknown_case"
    r = client.post("/api/v1/cases/updates", headers=admin_h,
                    json={"kind": "case.info_sheet_received", "case_id": "UP3", "office_code": "ZZ", "payload": {}})
    assert r.status_code == 422 and r.json()["reason"] == "unknown_office"
    assert count(app, ChangeRow) == before and _centre_case_state(app, "UP1") == "review"
    # sup02 (level 1) approves clerk01's 不予受理: only the request the clerk raised, and the centre
    # names nobody the body named (the request and its maker are the centre's)
    body = {"kind": "case.escalation_decision", "case_id": "UP2",
            "payload": {"escalation": "rejection", "decision": "approved", "reason": "同意", "maker": "sup02"}}
    r = client.post("/api/v1/cases/updates", headers=auth(client, "sup02", "FT-W02"), json=body)
    assert r.status_code == 409 and r.json()["reason"] == "no_pending_request", r.text
    rid, req = _approval_request("clerk01", "UP2")
    assert push(client, auth(client, "clerk01", "FT-W01"), "FT-W01", req)[0]["status"] == "accepted"
    r = client.post("/api/v1/cases/updates", headers=auth(client, "sup02", "FT-W02"),
                    json={**body, "payload": {**body["payload"], "request_id": "x"}})
    assert r.status_code == 409 and r.json()["reason"] == "no_pending_request", r.text
    r = client.post("/api/v1/cases/updates", headers=auth(client, "sup02", "FT-W02"), json=body)
    assert r.status_code == 201, r.text
    assert r.json()["payload"]["maker"] == "clerk01" and r.json()["payload"]["request_id"] == rid


def test_a_field_or_admin_login_pushes_no_counter_business_and_the_batch_waits(centre):
    """A field worker's login pushed case transitions and approval requests, and withdrew a
    clerk's request by naming the clerk as the entry's actor; an administrator pushed case entries.
    The whole batch is refused (403, so the workstation keeps it for a clerk's login), nothing stored."""
    from counter_central.db import ApprovalRow, ReceivedEntry

    app, client = centre
    PW.update(field01="field01-demo")
    clerk = auth(client, "clerk01", "FT-W01")
    rid, req = _approval_request("clerk01", "RF1")
    assert push(client, clerk, "FT-W01", req)[0]["status"] == "accepted"
    stored = count(app, ReceivedEntry)
    withdraw = entry(2, {}, case=rid, kind="approval.withdrawn", aggregate_type="approval").model_copy(
        update={"actor": "clerk01"})
    for user, ws, expected in (("field01", "FT-W02", "外勤账号只能同步上门认证记录，不能提交窗口业务数据"),
                               ("admin01", "FT-W02", "该账号没有办理窗口业务的权限，不能提交业务数据")):
        h = auth(client, user, ws)
        for batch in ([entry(1, {"from_state": "", "to_state": "draft"}, case="RF2")], [withdraw]):
            r = client.post("/api/v1/sync/push", headers=h, json=p.PushRequest(
                workstation_id=ws, entries=batch).model_dump(mode="json"))
            assert r.status_code == 403 and r.json()["reason"] == "role_forbidden", r.text
            assert r.json()["detail"] == expected
    assert count(app, ReceivedEntry) == stored and _approval(app, rid)[0] == "pending"
    assert count(app, ApprovalRow) == 1


def test_a_held_key_is_a_duplicate_only_of_the_same_entry_from_the_same_office(centre):
    """The same key with the same payload but another kind, case or actor was answered
    ``duplicate``; pushed from another office's workstation, the answer carried the first office's
    stored outcome and reason. Both are conflicts now; the same entry again stays a duplicate."""
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    _case_at_review(client, clerk, "FT-W01", "DK1")
    first = _rejection(3, "DK1")                                   # rejected: no approval at the centre
    stored = push(client, clerk, "FT-W01", first)[0]
    assert stored["status"] == "rejected" and "supervisor01" in stored["reason"]
    again = push(client, auth(client, "clerk01", "FT-W02"), "FT-W02", first)[0]    # the office's other workstation
    assert again["status"] == "duplicate" and again["reason"] == stored["reason"]
    lh = auth(client, "lhclerk", "LH-W01")
    other_office = push(client, lh, "LH-W01", first)[0]
    assert other_office["status"] == "conflict" and "supervisor01" not in (other_office["reason"] or "")
    for change in ({"kind": "case.step"}, {"aggregate_id": "DK2"}, {"actor": "someone"}):
        res = push(client, clerk, "FT-W01", first.model_copy(update=change))[0]
        assert res["status"] == "conflict", change
    twice = entry(9, {"step": "note"}, case="DK1", kind="case.step")
    res = push(client, clerk, "FT-W01", twice, twice.model_copy(update={"actor": "someone"}))
    assert [r["status"] for r in res] == ["accepted", "conflict"]


def test_the_routers_own_answers_are_error_bodies_in_chinese(centre):
    app, client = centre
    r = client.get("/api/v1/no/such/path")
    assert r.status_code == 404 and r.json() == {"detail": "中心服务没有这个接口", "reason": "not_found",
                                                 "suggested_action": "核对中心服务地址和客户端版本"}
    r = client.delete("/api/v1/sync/push")
    assert r.status_code == 405 and r.json()["reason"] == "method_not_allowed" and "POST" in r.headers["allow"]
    assert p.ErrorBody.model_validate(r.json()).detail == "该接口不接受这种请求方法"


def test_decisions_and_case_updates_leave_records_in_the_centres_chain_refused_ones_too(centre):
    """集中授权, a case update and their refusals left no record at the centre (the users commands did)."""
    from counter_central.audit import CENTRE_CHAIN, records_of, verify

    app, client = centre

    def chain():
        with Session(app.state.engine) as s:
            return [(r["actor"], r["action"], r["object_id"], r["result"]) for r in records_of(s, CENTRE_CHAIN)]

    clerk = auth(client, "clerk01", "FT-W01")
    _case_at_review(client, clerk, "FT-W01", "AU1")
    rid, req = _approval_request("clerk01", "AU1")
    assert push(client, clerk, "FT-W01", req)[0]["status"] == "accepted"
    before = chain()
    assert _decide(client, auth(client, "clerk01", "FT-W02"), rid).status_code == 403        # a clerk decides nothing
    assert _decide(client, auth(client, "supervisor01", "FT-W02"), rid).status_code == 200
    r = client.post("/api/v1/cases/updates", headers=auth(client, "sup02", "FT-W02"),
                    json={"kind": "case.info_sheet_received", "case_id": "AU1", "payload": {"sheet": {"a": 1}}})
    assert r.status_code == 201
    mine = auth(client, "supervisor01", "FT-W01")
    _case_at_review(client, mine, "FT-W01", "AU2")
    r = client.post("/api/v1/cases/updates", headers=auth(client, "supervisor01", "FT-W02"),
                    json={"kind": "case.x", "case_id": "AU2", "to_state": "rejected"})
    assert r.status_code == 403
    assert chain()[len(before):] == [("clerk01", "approvals.decide", rid, "refused"),
                                     ("supervisor01", "approvals.decide", rid, "ok"),
                                     ("sup02", "case.update", "AU1", "ok"),
                                     ("supervisor01", "case.update", "AU2", "refused")]
    assert _approval(app, rid)[0] == "approved" and _centre_case_state(app, "AU2") == "review"
    with Session(app.state.engine) as s:
        assert all(c["problem"] is None for c in verify(s))


def test_the_embedded_centre_database_and_its_wal_are_owner_only(tmp_path, monkeypatch):
    """The SQLite centre database holds the whole registry in clear: it was created 0644 (world
    readable), while its before-migrate copies already were 0600. counter-central creates it, its
    -wal and its -shm owner-only whatever the umask; the users it serves read it through the service."""
    import os
    import stat

    from counter_central.app import create_app
    from counter_central.seed import seed_demo

    old = os.umask(0o022)
    try:
        path = tmp_path / "var" / "central.sqlite3"
        app = create_app(f"sqlite:///{path}", demo=True)
        with Session(app.state.engine) as s:
            seed_demo(s, with_reference=False)           # rows written: the WAL and its index exist
            files = sorted(p.name for p in path.parent.iterdir())
            modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in path.parent.iterdir()}
        app.state.engine.dispose()
    finally:
        os.umask(old)
    assert {"central.sqlite3", "central.sqlite3-wal", "central.sqlite3-shm"} <= set(files), files
    assert all(mode == 0o600 for mode in modes.values()), {k: oct(v) for k, v in modes.items()}


# ------------------------------------------------------------------------------ 2026-12-06: a new table, one person's two accounts

def _publish_authorisation(app, tmp_path, rules):
    """``counter-central reference publish authorisation`` of the bundled table with ``rules`` in
    force from the centre's (Beijing) today."""
    from counter_central.resources import resources_root
    from counter_central.db import utcnow
    from datetime import timedelta

    today = (utcnow() + timedelta(hours=8)).date().isoformat()
    table = json.loads((resources_root() / "reference" / "authorisation.json").read_text(encoding="utf-8"))
    table["rules"] = table["rules"] + [{**r, "effective_from": today} for r in rules]
    path = tmp_path / "authorisation-new.json"
    path.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    db = str(app.state.engine.url)
    rc, out, err = run_cli(db, "reference", "publish", "authorisation", str(path), "--version", f"t-{today}-{len(rules)}")
    assert rc == 0, err


def test_a_table_published_after_a_request_was_made_reaches_its_decision(centre, tmp_path):
    """Tester: a 不予受理 request stored at level 1; a table asking level 2 for rejections published;
    a 科长 (level 1) then approved the old request and the centre accepted it — and the clerk's
    不予受理 after it. Every decision now needs the higher of the frozen level and the table's on the
    centre's date; the stored request shows the level it needs now."""
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    for case in ("TB1", "TB2"):
        _case_at_review(client, clerk, "FT-W01", case)
    rid, req = _approval_request("clerk01", "TB1")
    rid_early, req_early = _approval_request("clerk01", "TB2")
    assert [r["status"] for r in push(client, clerk, "FT-W01", req, req_early)] == ["accepted", "accepted"]
    assert _required_level(app, rid) == 1
    # TB2 approved by the 科长 while the old table was in force; the clerk has not synced the 不予受理 yet
    assert _decide(client, auth(client, "sup02", "FT-W02"), rid_early).status_code == 200
    _publish_authorisation(app, tmp_path, [{"action": "rejection", "level": 2}])

    sup = auth(client, "supervisor01", "FT-W02")
    r = _decide(client, sup, rid)                                                # 集中授权
    assert r.status_code == 403, r.text
    assert r.json()["detail"] == "审批级别不足：该事项须由中心主任（2 级）审批，您的级别为 1"
    key = _approval_key(client, "supervisor01", "FT-W01")                       # 现场授权
    res = push(client, clerk, "FT-W01", _on_site(rid, "supervisor01", key=key))
    assert res[0]["status"] == "rejected" and "中心主任（2 级）" in res[0]["reason"]
    assert _approval(app, rid)[0] == "pending" and _required_level(app, rid) == 2
    listed = client.get("/api/v1/approvals", params={"state": "pending"}, headers=sup).json()["items"]
    assert {i["id"]: i["required_level"] for i in listed}[rid] == 2              # the queue shows the truth
    r = client.post("/api/v1/cases/updates", headers=sup, json={                 # a case update as a decision
        "kind": "case.escalation_decision", "case_id": "TB1",
        "payload": {"escalation": "rejection", "decision": "approved", "reason": "同意"}})
    assert r.status_code == 403 and "中心主任（2 级）" in r.json()["detail"]
    # the 不予受理 standing on the 科长's earlier approval: its approver has not the level now
    res = push(client, clerk, "FT-W01", _rejection(3, "TB1"), _rejection(3, "TB2", approved_by="sup02"))
    assert [x["status"] for x in res] == ["rejected", "rejected"]
    assert "按中心现行分级授权表须由中心主任（2 级）审批，审批人 sup02 的级别为 1" in res[1]["reason"]
    assert [_centre_case_state(app, c) for c in ("TB1", "TB2")] == ["review", "review"]
    # the 中心主任 decides it, and the 不予受理 stands on that
    PW["director01"] = "director01-demo"
    r = _decide(client, auth(client, "director01", "FT-W02"), rid)
    assert r.status_code == 200 and r.json()["required_level"] == 2
    assert push(client, clerk, "FT-W01", _rejection(4, "TB1", approved_by="director01"))[0]["status"] == "accepted"


def _add(app, name, *, office="FT", role="clerk", display_name="", staff_no=None, level=0):
    from counter_central import admin

    with Session(app.state.engine) as s:
        row = admin.add_user(s, name, office=office, role=role, password=f"{name}-pass-2026", display_name=display_name,
                             staff_no=staff_no, level=level)
    PW[name] = f"{name}-pass-2026"
    return row


def test_a_second_account_of_the_same_person_never_confirms_its_own_review_proposal(centre):
    """Was: the 人工审核 queue compared user names only, so sup01clerk (supervisor01's 工号) made the
    初审 and supervisor01 confirmed it in the 复核 (200, 审核通过)."""
    from counter_central.audit import CENTRE_CHAIN, records_of
    from counter_central.db import ReviewRow

    app, client = centre
    _add(app, "sup01clerk", display_name="科长01", staff_no="ft2001")            # supervisor01's 工号
    r = client.post("/api/v1/reviews", json={"clause": "6.5.1.2", "office_code": "FT", "summary": "张*"},
                    headers=auth(client, "admin01", "FT-W02"))
    assert r.status_code == 201, r.text
    rid = r.json()["id"]
    r = client.post(f"/api/v1/reviews/{rid}/proposal", json={"outcome": "passed", "reason": "材料齐全"},
                    headers=auth(client, "sup01clerk", "FT-W01"))
    assert r.status_code == 200, r.text
    r = client.post(f"/api/v1/reviews/{rid}/decision", json={"decision": "approved", "reason": "同意"},
                    headers=auth(client, "supervisor01", "FT-W02"))
    assert r.status_code == 403 and "sup01clerk" in r.json()["detail"] and "同一人" in r.json()["detail"], r.text
    with Session(app.state.engine) as s:
        row = s.get(ReviewRow, rid)
        assert (row.state, row.checker, row.maker) == ("proposed", "", "sup01clerk")
        refused = [x for x in records_of(s, CENTRE_CHAIN, limit=500) if x["action"] == "review.decide"]
    assert [(x["actor"], x["result"]) for x in refused] == [("supervisor01", "refused")]
    # another supervisor of the office confirms it
    r = client.post(f"/api/v1/reviews/{rid}/decision", json={"decision": "approved", "reason": "同意"},
                    headers=auth(client, "sup02", "FT-W02"))
    assert r.status_code == 200 and r.json()["state"] == "passed", r.text


def test_a_second_account_of_the_same_person_never_approves_the_first_ones_case(centre):
    """Tester: `users add sup01clerk --display-name 科长01` (supervisor01 is 科长01) was accepted, a
    case sup01clerk made was approved by supervisor01, the 决定书 printed 经办人：科长01 审批人：科长01.
    Accounts now carry the staff member's 工号: the same number is the same person, and without one
    the same display name in the same office counts as the same person."""
    from counter_central import admin
    from counter_central.admin import AdminError

    app, client = centre
    with pytest.raises(AdminError, match="已有姓名为「科长01」的账号 supervisor01"):
        _add(app, "sup01clerk", display_name="科长01")
    with pytest.raises(AdminError, match="已有姓名为「科长01」"):        # spelt with a full-width digit
        _add(app, "sup01clerk", display_name="科长0１")
    _add(app, "sup01clerk", display_name="科长01", staff_no="ft2001")            # linked: supervisor01's 工号
    with Session(app.state.engine) as s:
        rows = {u.username: u for u in admin.list_users(s)}
    assert rows["sup01clerk"].staff_no == "FT2001" and rows["supervisor01"].same_person == ("sup01clerk",)

    clerk = auth(client, "sup01clerk", "FT-W01")
    _case_at_review(client, clerk, "FT-W01", "PP1")
    rid, req = _approval_request("sup01clerk", "PP1")
    assert push(client, clerk, "FT-W01", req)[0]["status"] == "accepted"
    r = _decide(client, auth(client, "supervisor01", "FT-W02"), rid)                        # 集中授权
    assert r.status_code == 403 and "sup01clerk 登记的工号相同，是同一人" in r.json()["detail"], r.text
    res = push(client, clerk, "FT-W01", _on_site(rid, "supervisor01", actor="sup01clerk",   # 现场授权
                                                 key=_approval_key(client, "supervisor01", "FT-W01")))
    assert res[0]["status"] == "rejected" and "是同一人" in res[0]["reason"]
    r = client.post("/api/v1/cases/updates", headers=auth(client, "supervisor01", "FT-W02"), json={
        "kind": "case.escalation_decision", "case_id": "PP1",
        "payload": {"escalation": "rejection", "decision": "approved", "reason": "同意"}})
    assert r.status_code == 403 and r.json()["reason"] == "maker_checker" and "是同一人" in r.json()["detail"]
    assert _approval(app, rid)[0] == "pending"
    assert _decide(client, auth(client, "sup02", "FT-W02"), rid).status_code == 200         # another person may


def test_accounts_without_staff_numbers_and_the_same_name_count_as_one_person(centre):
    """Accounts made before staff numbers (or by a direct insert): the same display name in the same
    office is the same person until staff numbers are recorded; recorded, two people may decide."""
    from counter_central import admin
    from counter_central.db import User

    app, client = centre
    with Session(app.state.engine) as s:            # an account from before staff numbers, same name as sup02
        s.add(User(username="sup02b", display_name="sup02", password_hash=s.get(User, "sup02").password_hash,
                   roles="clerk", office_code="FT", active=True, approval_level=0))
        s.commit()
    PW["sup02b"] = PW["sup02"]
    clerk = auth(client, "sup02b", "FT-W01")
    _case_at_review(client, clerk, "FT-W01", "PP2")
    rid, req = _approval_request("sup02b", "PP2")
    assert push(client, clerk, "FT-W01", req)[0]["status"] == "accepted"
    r = _decide(client, auth(client, "sup02", "FT-W02"), rid)
    assert r.status_code == 403
    assert "姓名相同、同属分局 FT，未登记工号时视为同一人" in r.json()["detail"] and "set-staff-no" in r.json()["detail"]
    with Session(app.state.engine) as s:
        admin.set_staff_no(s, "sup02", "FT2950")
        admin.set_staff_no(s, "sup02b", "FT2951")                      # two people after all
    assert _decide(client, auth(client, "sup02", "FT-W02"), rid).status_code == 200


def test_staff_numbers_through_the_user_commands(tmp_path):
    """`users add --staff-no`, `users set-staff-no`, and `users list` with 审批级别 and 工号."""
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert run_cli(db, "seed")[0] == 0
    rc, _, err = run_cli(db, "users", "add", "sup01clerk", "--office", "FT", "--role", "clerk", "--display-name", "科长01",
                         "--password-stdin", stdin="sup01clerk-pw\n")
    assert rc == 1 and "已有姓名为「科长01」的账号 supervisor01" in err and "--staff-no" in err
    rc, _, err = run_cli(db, "users", "add", "idno", "--office", "FT", "--role", "clerk", "--staff-no",
                         "11010519491231002X", "--password-stdin", stdin="idno-pw-2026\n")
    assert rc == 1 and "工号不能是身份证号码" in err
    rc, out, err = run_cli(db, "users", "add", "sup01clerk", "--office", "FT", "--role", "clerk", "--display-name",
                           "科长01", "--staff-no", "FT2001", "--password-stdin", "--json", stdin="sup01clerk-pw\n")
    assert rc == 0, err
    assert json.loads(out)["staff_no"] == "FT2001" and json.loads(out)["same_person"] == ["supervisor01"]
    assert run_cli(db, "users", "add", "w02", "--office", "FT", "--role", "clerk", "--password-stdin",
                   stdin="w02-pw-2026\n")[0] == 0
    rc, out, err = run_cli(db, "users", "set-staff-no", "w02", "FT1001", "--json")   # clerk01's: one person
    assert rc == 0, err
    assert json.loads(out)["same_person"] == ["clerk01"]
    rc, out, _ = run_cli(db, "users", "list", "--json")
    users = {u["username"]: u for u in json.loads(out)}
    assert users["director01"]["approval_level"] == 2 and users["director01"]["staff_no"] == "FT2101"
    assert users["supervisor01"]["same_person"] == ["sup01clerk"]
    rc, out, _ = run_cli(db, "users", "list")
    line = next(x for x in out.splitlines() if x.startswith("director01\t"))
    assert "审批级别 2（中心主任）" in line and "工号 FT2101" in line
    line = next(x for x in out.splitlines() if x.startswith("supervisor01\t"))
    assert "审批级别 1（科长）" in line and "工号 FT2001（与 sup01clerk 为同一人）" in line
    assert "工号未登记" not in line
    assert run_cli(db, "users", "set-staff-no", "nobody", "X1")[0] == 1


def test_a_staff_number_recorded_by_mistake_can_be_cleared(tmp_path):
    """`users set-staff-no NAME --clear`: a wrong number (linking two people as one) is removed, audited
    in the centre's chain like set-staff-no; refused, and the refusal audited, when there is none."""
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert run_cli(db, "seed")[0] == 0
    assert run_cli(db, "users", "add", "w02", "--office", "FT", "--role", "clerk", "--display-name", "窗口02",
                   "--staff-no", "FT1001", "--password-stdin", stdin="w02-pw-2026\n")[0] == 0     # clerk01's by mistake
    rc, out, err = run_cli(db, "users", "set-staff-no", "w02", "--clear", "--json")
    assert rc == 0, err
    assert json.loads(out)["staff_no"] == "" and json.loads(out)["same_person"] == []
    rc, out, _ = run_cli(db, "users", "list", "--json")
    users = {u["username"]: u for u in json.loads(out)}
    assert users["w02"]["staff_no"] == "" and users["clerk01"]["same_person"] == []
    rc, out, err = run_cli(db, "users", "set-staff-no", "w02", "--clear")
    assert rc == 1 and "账号 w02 未登记工号，无需清除" in err
    rc, _, err = run_cli(db, "users", "set-staff-no", "w02", "FT1002", "--clear")
    assert rc == 2 and "二者选一" in err
    rc, _, err = run_cli(db, "users", "set-staff-no", "w02")
    assert rc == 2 and "二者选一" in err
    assert run_cli(db, "users", "set-staff-no", "nobody", "--clear")[0] == 1
    rc, out, _ = run_cli(db, "audit", "list", "--chain", "@centre", "--json")
    mine = [(r["action"], r["result"], r["detail"]) for r in json.loads(out) if r["object_id"] == "w02"]
    assert ("user.set_staff_no", "ok", "工号 FT1001 → 未登记（清除）（原与 clerk01 为同一人）") in mine, mine
    assert ("user.set_staff_no", "refused", "账号 w02 未登记工号，无需清除") in mine, mine
    assert [r for r in json.loads(out) if r["object_id"] == "nobody" and r["action"] == "user.set_staff_no"]
    rc, out, _ = run_cli(db, "audit", "verify", "--json")
    assert rc == 0 and {c["chain"]: c["problem"] for c in json.loads(out)}["@centre"] is None


def test_the_staff_number_migration_matches_the_model(tmp_path):
    from tests.support.central import central_database_at, schema_drift

    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0019_case_number_floors")
    upgrade("heads")
    assert schema_drift(engine, "users") == []
    engine.dispose()


# ------------------------------------------------------------------------------ 不予认定 stands on an approval too

def _denial(seq, case, approved_by="supervisor01", **extra):
    """The counter's 已受理 → 不予认定 entry for ``case``, approved by ``approved_by``."""
    return entry(seq, {"from_state": "accepted", "to_state": "denied", "escalation": "denial",
                       "approved_by": approved_by, **extra}, case=case)


def _case_accepted(client, h, ws, case):
    """A 特殊工种 pension ``case`` accepted, its 公示 objected to and its 核查 finding it ineligible:
    the steps a 不予认定 stands on at the centre (counter_rules.case_steps)."""
    _case_at_review(client, h, ws, case)
    res = push(client, h, ws, entry(3, {"from_state": "review", "to_state": "accepted", "service_code": "pension",
                                        "applicant_type": "individual", "variants": ["special_work_type"]}, case=case),
               step_entry(4, case, "fingerprint", data={"template_ref": "fp-1"}),
               step_entry(5, case, "publicity", "objection"), step_entry(6, case, "verification", "not_eligible"))
    assert [r["status"] for r in res] == ["accepted"] * 4, res


@pytest.mark.parametrize("published", [False, True], ids=["bundled_table", "published_without_denial_rule"])
def test_a_denial_with_no_approval_at_the_centre_is_refused_and_moves_nothing(centre, published):
    """A clerk alone never issues a 不予认定决定书 (7.3.2): the centre refuses the transition without
    an approver, or naming one it holds no approval of — even under a table published without the
    rule (denial is gated whatever the table says) — and accepts it on the supervisor's approval."""
    from counter_central.db import ReferenceRow

    app, client = centre
    if published:
        table = {"rules": [{"action": "rejection", "level": 1, "effective_from": "2000-01-01"},
                           {"action": "denial", "level": 0, "effective_from": "2000-01-01"}]}
        with Session(app.state.engine) as s:
            s.add(ReferenceRow(name="authorisation", version="t-no-denial", content=json.dumps(table), digest="d" * 64))
            s.commit()
    clerk = auth(client, "clerk01", "FT-W01")
    _case_accepted(client, clerk, "FT-W01", "DN1")
    res = push(client, clerk, "FT-W01", _denial(7, "DN1", approved_by=""))
    assert res[0]["status"] == "rejected" and "「不予认定决定」须经负责人审批" in res[0]["reason"], res
    res = push(client, clerk, "FT-W01", _denial(8, "DN1", escalation=None, approved_by=""))   # claiming none
    assert res[0]["status"] == "rejected"
    res = push(client, clerk, "FT-W01", _denial(9, "DN1"))
    assert res[0]["status"] == "rejected" and "没有负责人 supervisor01 批准该办件「不予认定决定」的审批记录" in res[0]["reason"]
    assert _centre_case_state(app, "DN1") == "accepted"
    rid, req = _approval_request("clerk01", "DN1", action="denial")
    assert push(client, clerk, "FT-W01", req)[0]["status"] == "accepted"
    assert _required_level(app, rid) == 1
    assert _decide(client, auth(client, "supervisor01", "FT-W02"), rid).status_code == 200
    assert push(client, clerk, "FT-W01", _denial(10, "DN1"))[0]["status"] == "accepted"
    assert _centre_case_state(app, "DN1") == "denied"


# ------------------------------------------------------------------------------ 2026-12: free text the counters show

HOSTILE = "abc\u202etxt.exe\u0007\u001b[31m"     # a right-to-left override, BEL, an ANSI escape


def test_a_case_update_with_control_or_direction_characters_is_refused_naming_the_field(centre):
    """Red-team: /cases/updates payloads carried U+202E, ESC and BEL to every counter as they were.
    Refused (422 unsafe_text, the field named), nothing stored; a multi-line note still goes."""
    from counter_central.db import ChangeRow

    app, client = centre
    _case_at_review(client, auth(client, "clerk01", "FT-W01"), "FT-W01", "FT-TXT")
    sup = auth(client, "supervisor01", "FT-W02")
    before = count(app, ChangeRow)
    for payload, where in (({"note": HOSTILE}, "payload.note"),
                           ({"items": ["ok", {"reason": "x\u2066y"}]}, "payload.items[1].reason")):
        r = client.post("/api/v1/cases/updates", headers=sup,
                        json={"kind": "case.info_sheet_received", "case_id": "FT-TXT", "payload": payload})
        assert r.status_code == 422, r.text
        body = r.json()
        assert body["reason"] == "unsafe_text" and body["detail"].startswith(f"{where} 含有不能保存的字符"), body
        assert "\u202e" not in r.text and "\u001b" not in r.text and "\u2066" not in r.text
    assert "U+202E、U+0007、U+001B" in client.post(
        "/api/v1/cases/updates", headers=sup,
        json={"kind": "case.info_sheet_received", "case_id": "FT-TXT", "payload": {"note": HOSTILE}}).json()["detail"]
    assert count(app, ChangeRow) == before
    r = client.post("/api/v1/cases/updates", headers=sup,
                    json={"kind": "case.info_sheet_received", "case_id": "FT-TXT", "payload": {"note": "第一行\n第二行\t附"}})
    assert r.status_code == 201, r.text


def test_approval_details_and_reasons_with_control_or_direction_characters_are_refused(centre):
    """Red-team: an approval request's ``details`` (pushed) and a decision's reason (集中授权) took
    U+202E and ESC and were shown at the counters as they were."""
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    rid, req = _approval_request("clerk01", "C-TXT1")
    payload = {**req.payload, "details": {"note": "\u202eevil\u001b[2J"}}
    req = req.model_copy(update={"payload": payload, "payload_digest": p.payload_digest(p.canonical_json(payload))})
    [res] = push(client, clerk, "FT-W01", req)
    assert res["status"] == "rejected" and "payload.details.note 含有不能保存的字符 U+202E、U+001B" in res["reason"], res
    assert _required_level(app, rid) is None                                     # nothing stored
    rid, req = _approval_request("clerk01", "C-TXT2")
    assert push(client, clerk, "FT-W01", req)[0]["status"] == "accepted"
    sup = auth(client, "sup02", "FT-W02")
    r = client.post(f"/api/v1/approvals/{rid}/decision", json={"decision": "approved", "reason": "ok\u202e"}, headers=sup)
    assert r.status_code == 422 and r.json()["reason"] == "unsafe_text" and r.json()["detail"].startswith("reason "), r.text
    assert _approval(app, rid)[0] == "pending"
    r = client.post(f"/api/v1/approvals/{rid}/decision", json={"decision": "approved", "reason": "同意\n材料齐全"}, headers=sup)
    assert r.status_code == 200, r.text


def test_a_benefit_decision_posted_as_a_case_update_decides_the_clerks_request_on_its_terms(centre):
    """Tester (supervisor B1): a level-1 科长 approved through POST /cases/updates a 待遇核定 the table
    gives to a 中心主任 (the amount is over amount_max), with figures of their own in the body; the
    counter recorded them, and the request stayed 待审批 in the director's queue. The update now
    decides the clerk's pending request: weighed on its terms, carried out on its data, and decided."""
    app, client = centre
    clerk = auth(client, "clerk01", "FT-W01")
    data = {"total": "5251.79", "back_pay": {"months": 56, "amount": "294100.24"}}
    rid, req = _approval_request("clerk01", "BN1", action="benefit_decision", required_level=2)
    payload = {**req.payload, "details": {"step_code": "decision", "result": "done", "data": data,
                                           "terms": {"back_pay_months": 56, "amount": "294100.24"}}}
    req = req.model_copy(update={"payload": payload, "payload_digest": p.payload_digest(p.canonical_json(payload))})
    assert push(client, clerk, "FT-W01", req)[0]["status"] == "accepted"
    body = {"kind": "case.escalation_decision", "case_id": "BN1",
            "payload": {"escalation": "benefit_decision", "decision": "approved", "reason": "同意",
                        "step_code": "decision", "data": {**data, "total": "9999.00"}}}
    r = client.post("/api/v1/cases/updates", headers=auth(client, "sup02", "FT-W02"), json=body)   # level 1
    assert r.status_code == 403 and "中心主任（2 级）" in r.json()["detail"], r.text
    PW["director01"] = "director01-demo"
    director = auth(client, "director01", "FT-W02")
    r = client.post("/api/v1/cases/updates", headers=director, json=body)          # the figures changed
    assert r.status_code == 409 and r.json()["reason"] == "request_terms_differ" and "核定数据" in r.json()["detail"]
    assert _approval(app, rid)[0] == "pending"
    del body["payload"]["data"]
    r = client.post("/api/v1/cases/updates", headers=director, json=body)
    assert r.status_code == 201, r.text
    sent = r.json()["payload"]
    assert sent["data"] == data and sent["request_id"] == rid and sent["maker"] == "clerk01"
    assert _approval(app, rid)[:2] == ("approved", "director01")
    pending = client.get("/api/v1/approvals", params={"state": "pending"}, headers=director).json()["items"]
    assert rid not in {i["id"] for i in pending}
    r = client.post(f"/api/v1/approvals/{rid}/decision", json={"decision": "rejected", "reason": "不同意"},
                    headers=director)
    assert r.status_code == 409 and _approval(app, rid)[0] == "approved"           # decided once
