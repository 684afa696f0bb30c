"""上门认证死亡报告 through the centre's API (GET /field/deaths, POST /field/deaths/{id}/clear): the
CLI listed and cleared them on the centre host only, ``--by`` naming the supervisor on trust. Now a
supervisor at the window lists the office's reports (masked) and clears one with a reason as the
token's user; an auditor reads and cannot act; another office, another role, a missing reason, one
of the visit's staff and a second clear are refused, and a refused request changes nothing."""

from __future__ import annotations

import json

from sqlalchemy import select
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


def _reported(c) -> tuple[str, str]:
    """(ID number, report id): 陈桂兰 reported dead by field01 and field02 (FT), synced."""
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    idn = next(e for e in entries if e["name"] == "陈桂兰")["id_number"]
    assert _push(c, h, ws, proto.seal(_visit(idn, "deceased"), key, pem))["status"] == "accepted"
    from counter_central.db import FieldDeathReport

    with Session(_engine(c)) as s:
        return idn, s.scalars(select(FieldDeathReport.id).where(FieldDeathReport.id_number == idn)).one()


def test_one_of_the_visits_staff_under_a_supervisors_account_cannot_clear_it(central_sqlite_client):
    """Was: only the account names were compared, so field01's second (supervisor) account — the
    same 工号 — cleared the death report field01 made, at the window and at the centre's CLI."""
    from counter_central import admin
    from counter_central import certification as cc

    c = central_sqlite_client
    idn, rid = _reported(c)                        # staff field01, field02 (工号 FT3001, FT3002)
    with Session(_engine(c)) as s:
        admin.add_user(s, "field01sup", office="FT", role="supervisor", password="field01sup-pass-2026",
                       display_name="外勤科长", staff_no="FT3001", level=1)
    before = _state(c, rid)
    r = c.post(f"{PRE}/auth/login", json={"username": "field01sup", "password": "field01sup-pass-2026",
                                            "workstation_id": "WS-FT-02"})
    assert r.status_code == 200, r.text
    h = {"Authorization": f"Bearer {r.json()['access_token']}"}
    r = c.post(f"{DEATHS}/{rid}/clear", json={"reason": "经核实本人健在"}, headers=h)
    assert r.status_code == 403, r.text
    assert r.json()["detail"].startswith("上门报告的工作人员不能撤销自己的报告") and "field01" in r.json()["detail"]
    with Session(_engine(c)) as s:
        try:
            cc.clear_death_report(s, rid, by="field01sup", reason="经核实本人健在")
            raise AssertionError("cleared")
        except cc.CertificationError as exc:
            assert "field01" in str(exc) and "工号相同" in str(exc)
    assert _state(c, rid) == before


def test_listing_the_death_reports_is_recorded_when_a_person_asks_not_on_each_refresh(central_sqlite_client):
    """GET /field/deaths was not recorded at all: a supervisor's or an auditor's read of persons'
    death reports left no 查询留痕. It is recorded now (registry reads, kind ``deaths``, masked
    subject ``office:n份``) when the client says a person asked (``record=true``), and for the
    window's 10 s refresh once per account, workstation, office and scope in
    DEATH_LIST_RECORD_MINUTES — never nothing, never each refresh."""
    from datetime import timedelta

    from counter_central import certification as cc
    from counter_central.db import RegistryRead

    c = central_sqlite_client
    idn, rid = _reported(c)
    hs, ws = _login(c, "supervisor02")

    def reads() -> list[tuple[str, str, str, bool]]:
        with Session(_engine(c)) as s:
            return [(r.username, r.workstation_id, r.subject, r.found) for r in s.scalars(
                select(RegistryRead).where(RegistryRead.kind == "deaths").order_by(RegistryRead.id))]

    assert [i["id"] for i in c.get(DEATHS, headers=hs).json()["items"]] == [rid]    # a refresh, none recorded yet
    assert reads() == [("supervisor02", ws, "FT:1份", True)]
    for _ in range(3):                                                   # the timer's refreshes: covered
        assert c.get(DEATHS, headers=hs).status_code == 200
    assert len(reads()) == 1
    assert c.get(DEATHS, params={"record": "true"}, headers=hs).status_code == 200     # the tab opened, 刷新
    assert len(reads()) == 2
    assert c.get(DEATHS, params={"include_cleared": "true"}, headers=hs).status_code == 200   # another scope
    assert c.get(DEATHS, params={"include_cleared": "true"}, headers=hs).status_code == 200
    assert reads()[2:] == [("supervisor02", ws, "FT:1份含已撤销", True)]
    haud, wa = _login(c, "auditor01")                                    # another account: its own record
    assert c.get(DEATHS, headers=haud).status_code == 200
    assert reads()[-1] == ("auditor01", wa, "FT:1份", True) and len(reads()) == 4
    # the window passes: the next refresh is recorded again
    with Session(_engine(c)) as s:
        for r in s.scalars(select(RegistryRead).where(RegistryRead.kind == "deaths")):
            r.at -= timedelta(minutes=cc.DEATH_LIST_RECORD_MINUTES + 1)
        s.commit()
    assert c.get(DEATHS, headers=hs).status_code == 200
    assert len(reads()) == 5 and reads()[-1][:3] == ("supervisor02", ws, "FT:1份")
    assert not any(idn in str(r) for r in reads())                      # masked: no ID number
    # a refused listing (another role) reads nothing and records no read
    hc, _ = _login(c, "clerk01")
    assert c.get(DEATHS, params={"record": "true"}, headers=hc).status_code == 403
    assert len(reads()) == 5


def test_the_cli_clear_death_checks_by_and_records_the_host_account(central_sqlite_client):
    """``counter-central field clear-death --by`` named the supervisor on trust as far as the
    record went: the record said only ``supervisor02``, not that it was done at the centre host's
    command line nor by which operating-system account; an unknown name was refused as if a role
    were missing. Now --by must be an active account of the report's office whose roles may clear
    death reports (counter_protocol.roles), not one of the visit's staff; each refusal is Chinese,
    exit code 1, and commits nothing; the clear's record names the CLI and the host account."""
    import getpass

    from counter_central.audit import CENTRE_CHAIN, records_of
    from counter_central.db import User
    from tests.support.cli import run_cli

    c = central_sqlite_client
    idn, rid = _reported(c)
    db = f"sqlite:///{c.app.state.engine.url.database}"
    with Session(_engine(c)) as s:
        s.get(User, "supervisor01").active = False                   # a supervisor of FT, disabled
        s.commit()
        before = len(records_of(s, CENTRE_CHAIN, limit=10_000))
    state = _state(c, rid)
    for by, said in (("nobody99", "没有用户 nobody99"), ("supervisor01", "已停用"),
                     ("clerk01", "只有审核主管岗位的账号可以"), ("auditor01", "只有审核主管岗位的账号可以"),
                     ("supervisor11", "分局 FT"), ("field02", "只有审核主管岗位的账号可以")):
        bad = run_cli(None, "field", "clear-death", rid, "--by", by, "--reason", "经核实本人健在", "--db", db,
                      module="counter_central")
        assert bad.returncode == 1 and said in bad.stderr and "Traceback" not in bad.stderr, (by, bad.stderr)
    assert _state(c, rid) == state                                        # nothing committed
    with Session(_engine(c)) as s:
        assert len(records_of(s, CENTRE_CHAIN, limit=10_000)) == before
    ok = run_cli(None, "field", "clear-death", rid, "--by", "supervisor02", "--reason", "经核实本人健在", "--db", db,
                 module="counter_central")
    assert ok.returncode == 0, ok.stderr
    assert _state(c, rid)[:2] == ("cleared", "supervisor02")
    with Session(_engine(c)) as s:
        [rec] = [a for a in records_of(s, CENTRE_CHAIN) if a["action"] == "field.clear_death_report"]
    assert rec["actor"] == "supervisor02" and idn not in rec["detail"]
    assert f"在中心主机命令行办理（系统用户 {getpass.getuser()}，--by supervisor02）" in rec["detail"], rec["detail"]
