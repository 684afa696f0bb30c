"""上门认证死亡报告 through the centre's API (GET /field/deaths, POST /field/deaths/{id}/clear): the
CLI listed and cleared them on the centre host only, ``--by`` naming the supervisor on trust. Now a
supervisor at the window lists the office's reports (masked) and clears one with a reason as the
token's user; an auditor reads and cannot act; another office, another role, a missing reason, one
of the visit's staff and a second clear are refused, and a refused request changes nothing."""

from __future__ import annotations

import json

from sqlalchemy.orm import Session

from counter_protocol import field as proto
from tests.unit.central.test_field_centre import PRE, _engine, _key, _login, _push, _visit

DEATHS = f"{PRE}{proto.DEATHS_PATH}"


def _state(c, report_id: str) -> tuple:
    from counter_central import certification as cc
    from counter_central.db import ApprovalRow, FieldDeathReport, RegistryPerson

    with Session(_engine(c)) as s:
        r = s.get(FieldDeathReport, report_id)
        susp = s.get(cc.SuspensionRow, r.suspension_id)
        return (r.state, r.cleared_by, susp.state, s.get(ApprovalRow, susp.suspend_request_id).state,
                s.get(RegistryPerson, r.id_number).field_flag)


def test_death_reports_listed_masked_and_cleared_by_the_token_s_supervisor(central_sqlite_client, caplog):
    import logging

    from counter_central.audit import CENTRE_CHAIN, records_of

    caplog.set_level(logging.DEBUG)

    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    idn = next(e for e in entries if e["name"] == "陈桂兰")["id_number"]
    visit = _visit(idn, "deceased", staff=["field01", "supervisor01"])     # a supervisor went on the visit
    assert _push(c, h, ws, proto.seal(visit, key, pem))["status"] == "accepted"

    # who reads: the office's supervisors and auditors — not a clerk, a field worker or an admin
    for user in ("clerk01", "field02", "admin01"):
        hu, _ = _login(c, user)
        r = c.get(DEATHS, headers=hu)
        assert r.status_code == 403 and "科长" in r.json()["detail"], (user, r.text)
    assert c.get(DEATHS).status_code == 401
    hlh, _ = _login(c, "supervisor11")                                 # another office sees none of FT's
    assert c.get(DEATHS, headers=hlh).json() == {"office_code": "LH", "items": []}
    haud, _ = _login(c, "auditor01")
    r = c.get(DEATHS, headers=haud)
    assert r.status_code == 200, r.text
    [item] = r.json()["items"]
    assert idn not in r.text and "陈桂兰" not in r.text                 # masked: ID number and name
    assert item["id_masked"] == idn[:6] + "********" + idn[-4:] and item["name_masked"] == "陈**"
    assert (item["visit_id"], item["staff"], item["state"]) == (visit["visit_id"], ["field01", "supervisor01"], "open")
    assert (item["suspension_state"], item["suspension_state_name"]) == ("flagged", "已标记暂停发放（待审批）")
    assert item["conflicts"] == []
    rid = item["id"]
    clear = f"{DEATHS}/{rid}/clear"
    before = _state(c, rid)
    assert before == ("open", None, "flagged", "pending", "deceased_reported")

    # refusals: each answers clearly and changes nothing
    r = c.post(clear, json={"reason": "经核实本人健在"}, headers=haud)                 # an auditor reads only
    assert r.status_code == 403 and "科长" in r.json()["detail"], r.text
    r = c.post(clear, json={"reason": "经核实本人健在"}, headers=hlh)                  # another office's supervisor
    assert r.status_code == 404 and "本分局没有" in r.json()["detail"], r.text
    hs1, _ = _login(c, "supervisor01")
    r = c.post(clear, json={"reason": "经核实本人健在"}, headers=hs1)                  # one of the visit's staff
    assert r.status_code == 403 and "上门报告的工作人员" in r.json()["detail"], r.text
    hs2, _ = _login(c, "supervisor02")
    r = c.post(clear, json={"reason": "  "}, headers=hs2)
    assert r.status_code == 422 and "撤销原因" in r.json()["detail"], r.text
    r = c.post(clear, json={"reason": "经核实本人健在", "by": "director01"}, headers=hs2)   # the actor is the token's
    assert r.status_code == 422, r.text
    r = c.post(clear, json={"reason": "健在\u202e"}, headers=hs2)
    assert r.status_code == 422 and r.json()["reason"] == "unsafe_text", r.text
    assert c.post(f"{DEATHS}/no-such-report/clear", json={"reason": "x"}, headers=hs2).status_code == 404
    assert _state(c, rid) == before

    # the supervisor clears it: the token's user, audited at the centre, the person masked
    r = c.post(clear, json={"reason": "经核实本人健在"}, headers=hs2)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["cleared_by"] == "supervisor02" and out["suspension_withdrawn"] and not out["still_suspended"]
    assert idn not in r.text
    assert _state(c, rid) == ("cleared", "supervisor02", "cleared", "expired", None)
    with Session(_engine(c)) as s:
        audit = [a for a in records_of(s, CENTRE_CHAIN) if a["action"] == "field.clear_death_report"]
    assert [a["actor"] for a in audit] == ["supervisor02"] and idn not in json.dumps(audit, ensure_ascii=False)
    # a second clear answers that it is done, by whom
    r = c.post(clear, json={"reason": "再撤销一次"}, headers=hs2)
    assert r.status_code == 409 and "已由 supervisor02" in r.json()["detail"], r.text
    # the listing: standing ones by default, the cleared one on request with who and why
    assert c.get(DEATHS, headers=hs2).json()["items"] == []
    [done] = c.get(DEATHS, params={"include_cleared": "true"}, headers=haud).json()["items"]
    assert (done["state"], done["cleared_by"], done["clear_reason"]) == ("cleared", "supervisor02", "经核实本人健在")
    # nothing of the person in clear in the service's log (the URLs carry the report id only)
    assert caplog.records and idn not in caplog.text and "陈桂兰" not in caplog.text
