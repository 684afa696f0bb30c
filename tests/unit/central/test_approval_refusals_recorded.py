"""Tester "supervisor" findings 3 and 5. Finding 3: a supervisor of another office deciding this office's request
got the 404 of an unknown request (no existence leak) and left no record anywhere, while every
other refused decision is ``approvals.decide … refused`` in the centre's chain. The attempt is now
recorded there too: who, the id as sent (ID and phone numbers masked), and whose request it was.
Finding 5: display names took zero-width and bidi characters, so a supervisor's name could read as
the maker's and escape the same-name rule; they are refused, and names compare as they read."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.unit.central.test_central_security import PW, _approval, _approval_request, auth, centre, push  # noqa: F401


def _refusals(app, actor):
    from counter_central.audit import CENTRE_CHAIN, records_of

    with Session(app.state.engine) as s:
        return [r for r in records_of(s, CENTRE_CHAIN, limit=500)
                if r["actor"] == actor and r["action"] == "approvals.decide"]


def test_another_offices_supervisor_deciding_is_refused_as_unknown_and_recorded(centre):  # noqa: F811
    app, client = centre
    rid, req = _approval_request("clerk01", "C-XO1")
    assert push(client, auth(client, "clerk01", "FT-W01"), "FT-W01", req)[0]["status"] == "accepted"
    lh = auth(client, "lhsup", "LH-W01")
    r = client.post(f"/api/v1/approvals/{rid}/decision", json={"decision": "approved", "reason": "跨分局"}, headers=lh)
    assert r.status_code == 404 and r.json()["detail"] == "没有该审批申请", r.text     # as an unknown id
    unknown = client.post("/api/v1/approvals/440301199001011234/decision",
                          json={"decision": "rejected", "reason": "试探"}, headers=lh)
    assert unknown.status_code == 404 and unknown.json() == r.json()             # the same answer: nothing leaks
    assert _approval(app, rid) == ("pending", "", "clerk01")                     # left as it is
    [other, none] = _refusals(app, "lhsup")
    assert other["result"] == "refused" and other["object_id"] == rid
    assert "分局 FT 的申请" in other["detail"] and "LH" in other["detail"] and "approved" in other["detail"]
    assert none["result"] == "refused" and none["object_id"] == "440301********1234"      # masked
    assert "中心无此申请" in none["detail"] and "440301199001011234" not in none["detail"]
    assert "跨分局" not in other["detail"] and "试探" not in none["detail"]         # the reason typed is not kept


# ---- finding 5: a display name with invisible or text-direction characters

ZWSP_TWIN = "窗口经办员\u200b01"          # reads as clerk01's 窗口经办员01


@pytest.mark.parametrize(("name", "said"), [
    (ZWSP_TWIN, "U+200B"),
    ("科长\u202e10长科", "U+202E"),           # right-to-left override: reads as another name
    ("王\u2060主任", "U+2060"),               # word joiner
    ("\ufeff王主任", "U+FEFF"),
])
def test_a_display_name_with_invisible_or_bidi_characters_is_refused(centre, name, said):  # noqa: F811
    from counter_central import admin
    from counter_central.admin import AdminError
    from counter_central.db import User

    app, _ = centre
    with Session(app.state.engine) as s:
        with pytest.raises(AdminError) as refused:
            admin.add_user(s, "twin", office="FT", role="supervisor", password="twin-pass-2026", level=2,
                           display_name=name)
        assert "姓名不能包含不可见字符或文字方向控制符" in str(refused.value) and said in str(refused.value)
        s.rollback()
        assert s.get(User, "twin") is None
        admin.add_user(s, "twin", office="FT", role="supervisor", password="twin-pass-2026", level=2,
                       display_name="窗口经办员·02")       # a plain name still goes


def test_an_account_stored_with_a_look_alike_name_counts_as_the_same_person(centre):  # noqa: F811
    """Accounts stored before the check: the same-name rule compares names as they read."""
    from sqlalchemy import update

    from counter_central import admin
    from counter_central.db import User
    from counter_protocol.approvals import Person, same_person

    app, client = centre
    with Session(app.state.engine) as s:
        admin.add_user(s, "twin", office="FT", role="supervisor", password="twin-pass-2026", level=2,
                       display_name="双胞胎")
        s.execute(update(User).where(User.username == "twin").values(display_name=ZWSP_TWIN))
        s.commit()
        clerk_name = s.get(User, "clerk01").display_name
    assert clerk_name == "窗口经办员01"
    assert same_person(Person("twin", ZWSP_TWIN, "FT"), Person("clerk01", clerk_name, "FT", "FT1001")) == "name"
    PW["twin"] = "twin-pass-2026"
    rid, req = _approval_request("clerk01", "C-ZW1")
    assert push(client, auth(client, "clerk01", "FT-W01"), "FT-W01", req)[0]["status"] == "accepted"
    r = client.post(f"/api/v1/approvals/{rid}/decision", json={"decision": "rejected", "reason": "测试驳回"},
                    headers=auth(client, "twin", "FT-W02"))
    assert r.status_code == 403 and "同一人" in r.json()["detail"], r.text
    assert _approval(app, rid) == ("pending", "", "clerk01")
