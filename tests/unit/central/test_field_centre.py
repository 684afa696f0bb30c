"""The centre's side of field work (上门认证): roster scope and content, home-visit requests, the
registry import's field keys, and sealed visits through push (tampered → rejected, nothing stored)."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_protocol import field as proto
from counter_protocol.canonical import canonical_json, payload_digest
from counter_protocol.certification import valid_until
from tests.support.central import DEMO_PASSWORDS

PRE = "/api/v1"


def _login(client, user: str, ws: str | None = None) -> tuple[dict, str]:
    ws = ws or f"T-{uuid.uuid4().hex[:10]}"
    r = client.post(f"{PRE}/auth/login", json={"username": user, "password": DEMO_PASSWORDS[user], "workstation_id": ws})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}, ws


def _key():
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return key, pem


def _engine(client):
    return client.app.state.engine


def test_roster_is_the_office_s_due_and_lapsed_pensioners(central_sqlite_client):
    c = central_sqlite_client
    h, _ = _login(c, "field01")
    _, pem = _key()
    r = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h)
    assert r.status_code == 200, r.text
    roster = r.json()
    assert roster["office_code"] == "FT" and roster["window_days"] == 60 and roster["cycle_months"] == 12
    names = {e["name"] for e in roster["entries"]}
    assert {"陈桂兰", "周德明", "吴淑珍"} <= names          # due, lapsed, never (FT)
    assert not names & {"郑国强", "黄玉梅"}                  # LH people are not FT's
    today = datetime.now(timezone.utc).date()
    for e in roster["entries"]:
        if e["last_certified"]:
            assert e["valid_until"] == valid_until(date.fromisoformat(e["last_certified"]), 12).isoformat()
            assert (date.fromisoformat(e["valid_until"]) - today).days <= 60
        assert e["address"] and e["phone"]
    reasons = {e["name"]: e["reason"] for e in roster["entries"]}
    assert reasons["周德明"] == "lapsed" and reasons["吴淑珍"] == "never" and reasons["陈桂兰"] == "due"
    # the other office's field worker sees the other office
    h2, _ = _login(c, "field11")
    lh = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h2).json()
    lh_names = {e["name"] for e in lh["entries"]}
    assert {"郑国强", "黄玉梅"} <= lh_names and not lh_names & {"陈桂兰", "周德明", "吴淑珍"}
    # only the field role pulls a roster
    hc, _ = _login(c, "clerk01")
    before = _reads(c)
    assert c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=hc).status_code == 403
    assert _reads(c) == before                                   # refused: nothing read, nothing recorded
    # each pull is recorded at the centre (查询留痕): who, where, which office's roster, how many people
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from counter_central.db import RegistryRead

    with Session(c.app.state.engine) as s:
        pulls = [(r.username, r.kind, r.subject) for r in s.scalars(
            select(RegistryRead).where(RegistryRead.kind == "roster").order_by(RegistryRead.id))][-2:]
    assert pulls == [("field01", "roster", f"FT:{len(roster['entries'])}人"),
                     ("field11", "roster", f"LH:{len(lh['entries'])}人")]


def test_requested_visit_joins_the_roster_and_is_asked_for_in_the_body(central_sqlite_client):
    c = central_sqlite_client
    hc, _ = _login(c, "clerk01")
    # 王秀英 (FT, retired, certified 2026-03-10: valid until 2027-03-31) is not due by the window
    r = c.post(f"{PRE}/field/requests", json={"id_number": "440305195805201364", "reason": "行动不便"}, headers=hc)
    assert r.status_code == 201, r.text
    again = c.post(f"{PRE}/field/requests", json={"id_number": "440305195805201364"}, headers=hc)
    assert again.json()["id"] == r.json()["id"]          # one open request per person
    not_retired = c.post(f"{PRE}/field/requests", json={"id_number": "440304198706151135"}, headers=hc)
    assert not_retired.status_code == 409 and "退休" in not_retired.json()["detail"]
    hf, _ = _login(c, "field01")
    _, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem, "days": 0}, headers=hf).json()["entries"]
    req = [e for e in entries if e["id_number"] == "440305195805201364"]
    assert req and req[0]["reason"] == "requested" and req[0]["request_id"] == r.json()["id"]
    # days=0: only lapsed / never / requested, nobody merely due
    assert all(e["reason"] != "due" for e in entries)
    hfield, _ = _login(c, "field01")
    assert c.post(f"{PRE}/field/requests", json={"id_number": "440305195805201364"}, headers=hfield).status_code == 403


def test_registry_import_carries_address_phone_photo_and_template(central_sqlite_client):
    from counter_central.db import RegistryPerson
    from counter_central.registry import import_records

    photo = base64.b64encode(b"\x89PNG\r\n\x1a\nphoto-bytes").decode()
    line = {"kind": "person", "id_number": "440304194101010031", "name": "测试人", "sex": "male", "birth": "1941-01-01",
            "status": "retired", "office": "FT", "last_certified": None, "address": "福田区某路 1 号", "phone": "13800000000",
            "photo": photo, "fingerprint_template": base64.b64encode(b"tpl").decode()}
    from counter_protocol.identifiers import id_check_char
    line["id_number"] = line["id_number"][:17] + id_check_char(line["id_number"][:17])
    with Session(_engine(central_sqlite_client)) as s:
        report = import_records(s, [json.dumps(line, ensure_ascii=False)])
        assert report.ok, report.problems
        row = s.get(RegistryPerson, line["id_number"])
        assert (row.address, row.phone, row.photo) == ("福田区某路 1 号", "13800000000", photo)
        assert "address" not in json.loads(row.record)
        bad = import_records(s, [json.dumps({**line, "photo": "not base64!"}, ensure_ascii=False)])
        assert not bad.ok and "photo" in bad.problems[0][1]


PHOTO = base64.b64encode(b"\x89PNG\r\n\x1a\nsite-photo").decode()
SIGNATURE = {"method": "screen", "png": base64.b64encode(b"\x89PNG\r\n\x1a\nsignature").decode()}
# what the laptop seals for an eligible visit to someone without an enrolled template (record_visit):
# card chip read and matching, the registry photo compared and a photo taken, the person's signature
PHOTO_PATH = {"address_confirmed": True, "identity": {"card_chip": True, "card_matches": True,
                                                      "fingerprint": "no_template", "photo_compared": True},
              "photo": PHOTO, "signature": SIGNATURE}


def _visit(id_number: str, result: str = "eligible", **extra) -> dict:
    return {"visit_id": str(uuid.uuid4()), "id_number": id_number, "result": result, "note": "",
            "visited_at": datetime.now(timezone.utc).isoformat(), "staff": ["field01", "field02"],
            **PHOTO_PATH, **extra}


def _push(c, h, ws, payload: dict):
    body = canonical_json(payload)
    entry = {"id": str(uuid.uuid4()), "seq": 1, "kind": proto.VISIT_KIND, "aggregate_type": proto.AGGREGATE,
             "aggregate_id": payload["visit"]["visit_id"], "payload": json.loads(body), "payload_digest": payload_digest(body),
             "actor": "field01"}
    r = c.post(f"{PRE}/sync/push", json={"workstation_id": ws, "entries": [entry]}, headers=h)
    assert r.status_code == 200, r.text
    return r.json()["results"][0]


def test_sealed_visit_updates_last_certified_and_a_tampered_one_is_refused(central_sqlite_client):
    from counter_central.db import FieldVisit, RegistryPerson

    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    person = next(e for e in entries if e["name"] == "周德明")
    # tampered: the result edited after sealing (digest no longer matches)
    sealed = proto.seal(_visit(person["id_number"], "deceased"), key, pem)
    sealed["visit"]["result"] = "eligible"
    res = _push(c, h, ws, sealed)
    assert res["status"] == "rejected" and "改动" in res["reason"]
    # tampered and re-digested: the signature no longer matches
    forged = proto.seal(_visit(person["id_number"]), key, pem)
    forged["visit"]["note"] = "改过"
    forged["seal"]["sm3"] = proto.visit_digest(forged["visit"])
    assert _push(c, h, ws, forged)["status"] == "rejected"
    # signed with another key than the one registered for this laptop
    other, other_pem = _key()
    assert _push(c, h, ws, proto.seal(_visit(person["id_number"]), other, other_pem))["status"] == "rejected"
    with Session(_engine(c)) as s:
        assert s.scalar(select(func.count()).select_from(FieldVisit)) == 0
    good = proto.seal(_visit(person["id_number"]), key, pem)
    assert _push(c, h, ws, good)["status"] == "accepted"
    with Session(_engine(c)) as s:
        assert s.scalar(select(func.count()).select_from(FieldVisit)) == 1
        rec = json.loads(s.get(RegistryPerson, person["id_number"]).record)

    assert rec["last_certified"] == (datetime.now(timezone.utc) + timedelta(hours=8)).date().isoformat()  # Beijing date
    after = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    assert person["id_number"] not in {e["id_number"] for e in after}     # certified: off the roster


def test_deceased_visit_flags_the_person_and_deletes_nothing(central_sqlite_client):
    from counter_central.db import RegistryPerson

    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    person = next(e for e in entries if e["name"] == "吴淑珍")
    assert _push(c, h, ws, proto.seal(_visit(person["id_number"], "deceased"), key, pem))["status"] == "accepted"
    with Session(_engine(c)) as s:
        row = s.get(RegistryPerson, person["id_number"])
        assert row is not None and row.field_flag == "deceased_reported" and row.status == "retired"
        assert json.loads(row.record)["last_certified"] is None


def test_a_person_reported_deceased_is_not_sent_out_again_unless_a_visit_is_requested(central_sqlite_client):
    """A synced 已死亡 visit leaves the person retired (the centre's staff act on the flag) but the
    next roster does not send the field staff to that home again; a clerk who asks for a home
    visit for that person (the report was wrong, say) puts them back on it as requested."""
    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    person = next(e for e in entries if e["name"] == "周德明")
    assert _push(c, h, ws, proto.seal(_visit(person["id_number"], "deceased"), key, pem))["status"] == "accepted"
    after = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    assert person["id_number"] not in {e["id_number"] for e in after}
    assert {"陈桂兰", "吴淑珍"} <= {e["name"] for e in after}            # the others stay on it
    hc, _ = _login(c, "clerk01")
    assert c.post(f"{PRE}/field/requests", json={"id_number": person["id_number"], "reason": "家属称仍健在"},
                  headers=hc).status_code == 201
    requested = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    assert [e["reason"] for e in requested if e["id_number"] == person["id_number"]] == ["requested"]


@pytest.mark.parametrize(
    ("last", "today", "on_roster", "reason", "until"),
    [
        ("2027-02-10", "2028-02-29", True, "due", "2028-02-29"),       # leap day: the last valid day
        ("2027-02-10", "2028-03-01", True, "lapsed", "2028-02-29"),    # the day after
        ("2027-02-28", "2027-12-30", False, None, None),               # 61 days before the leap day: not yet
        ("2027-02-28", "2027-12-31", True, "due", "2028-02-29"),       # 60 days before it: on the roster
        ("2026-03-31", "2027-01-30", True, "due", "2027-03-31"),       # exactly 60 days before the month end
        ("2026-03-31", "2027-01-29", False, None, "2027-03-31"),       # 61 days: not yet
        ("2025-12-31", "2026-12-31", True, "due", "2026-12-31"),       # year end, last day
        ("2025-12-31", "2027-01-01", True, "lapsed", "2026-12-31"),
    ],
)
def test_roster_boundaries_around_month_ends_and_leap_years(central_sqlite_client, last, today, on_roster, reason, until):
    from types import SimpleNamespace

    from counter_central import field as centre_field
    from counter_central.registry import import_records
    from counter_protocol.identifiers import id_check_char

    first17 = "44030519300101" + f"{abs(hash((last, today))) % 1000:03d}"
    id_number = first17 + id_check_char(first17)
    line = {"kind": "person", "id_number": id_number, "name": "边界", "sex": "male", "birth": "1930-01-01",
            "status": "retired", "office": "NS", "last_certified": last}
    who = SimpleNamespace(roles=["field"], workstation_id="T-bound", user=SimpleNamespace(office_code="NS", username="f"))
    _, pem = _key()
    with Session(_engine(central_sqlite_client)) as s:
        assert import_records(s, [json.dumps(line, ensure_ascii=False)]).ok
        roster = centre_field.roster(s, who, proto.RosterRequest(laptop_key=pem), today=date.fromisoformat(today))
    got = [e for e in roster.entries if e.id_number == id_number]
    assert bool(got) == on_roster
    if got:
        assert got[0].reason == reason and got[0].valid_until.isoformat() == until



def _enrol_template(c, id_number: str) -> None:
    """The registry holds an enrolled fingerprint template for the person."""
    from counter_central.db import RegistryPerson

    with Session(_engine(c)) as s:
        s.get(RegistryPerson, id_number).fingerprint_template = base64.b64encode(b"tpl").decode()
        s.commit()


def _suspended_after_a_lapse(c):
    """A field worker signed in with a laptop key, and a lapsed pensioner on the roster whose payment
    the centre suspended after the lapse: (headers, workstation, key, pem, person, last certified)."""
    from counter_central import certification as centre_cert

    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    person = next(e for e in entries if e["reason"] == "lapsed" and e["last_certified"])
    last = date.fromisoformat(person["last_certified"])
    with Session(_engine(c)) as s:
        s.add(centre_cert.SuspensionRow(id=str(uuid.uuid4()), id_number=person["id_number"], office_code="FT",
                                        reason="lapse", lapsed_on=centre_cert.cert.lapses_on(last, 12),
                                        last_certified=last, state=centre_cert.SUSPENDED, suspend_request_id="s-1"))
        s.commit()
    return h, ws, key, pem, person, last

def test_eligible_visit_of_a_suspended_pensioner_raises_the_resumption_with_back_pay(central_sqlite_client):
    """A home visit is a 资格认证 like one at the window: for a pensioner whose payment was suspended
    after a lapse, the eligible visit raises the resumption (恢复发放) with the missed months (6.6.2.8)."""
    from counter_central import certification as centre_cert
    from counter_central.db import ApprovalRow, RegistryPerson

    c = central_sqlite_client
    h, ws, key, pem, person, last = _suspended_after_a_lapse(c)
    _enrol_template(c, person["id_number"])
    visit = _visit(person["id_number"], identity={"card_chip": True, "card_matches": True, "fingerprint": "matched"})
    assert _push(c, h, ws, proto.seal(visit, key, pem))["status"] == "accepted"
    today = (datetime.now(timezone.utc) + timedelta(hours=8)).date()
    expected = [f"{y:04d}-{m:02d}" for y, m in centre_cert.cert.missed_months(last, today, 12)]
    with Session(_engine(c)) as s:
        row = s.get(centre_cert.CertificationRow, visit["visit_id"])
        assert (row.channel, row.method, row.second_staff) == ("home_visit", "fingerprint", "field02")
        susp = s.scalars(select(centre_cert.SuspensionRow).where(
            centre_cert.SuspensionRow.id_number == person["id_number"])).one()
        assert susp.resume_request_id and json.loads(susp.back_pay_months) == expected and expected
        req = s.get(ApprovalRow, susp.resume_request_id)
        assert req.state == "pending" and req.action == "payment_resumption"
        assert json.loads(s.get(RegistryPerson, person["id_number"]).record)["last_certified"] == today.isoformat()


def test_no_staff_member_of_the_home_visit_decides_the_resumption_it_raised(central_sqlite_client):
    """A supervisor who went on the home visit with a field worker (the second of its two staff)
    took part in the resumption (恢复发放) the visit raises: they decide it neither remotely nor on
    site; a supervisor who was not there may."""
    from counter_central.db import ApprovalRow
    from tests.support.approvals import approval_key_of, on_site_payload

    c = central_sqlite_client
    h, ws, key, pem, person, last = _suspended_after_a_lapse(c)
    visit = _visit(person["id_number"], staff=["field01", "supervisor01"])
    assert _push(c, h, ws, proto.seal(visit, key, pem))["status"] == "accepted"
    with Session(_engine(c)) as s:
        req = s.scalars(select(ApprovalRow).where(ApprovalRow.action == "payment_resumption")).one()
    assert req.maker == "field01" and json.loads(req.participants) == ["field01", "supervisor01"]
    hs, _ = _login(c, "supervisor01")
    r = c.post(f"{PRE}/approvals/{req.id}/decision", json={"decision": "approved", "reason": "同意"}, headers=hs)
    assert r.status_code == 403 and "本人" in r.json()["detail"], r.text
    # on site, on a clerk's screen of the office, with supervisor01's own proof: rejected all the same
    counter = f"T-{uuid.uuid4().hex[:10]}"
    login = c.post(f"{PRE}/auth/login", json={"username": "supervisor01", "password": DEMO_PASSWORDS["supervisor01"],
                                              "workstation_id": counter})
    decided = on_site_payload(req.id, "supervisor01", key=approval_key_of(login.json()), workstation_id=counter,
                              payload_digest=req.payload_digest)
    body = canonical_json(decided)
    hc, _ = _login(c, "clerk01", counter)
    entry = {"id": str(uuid.uuid4()), "seq": 1, "kind": "approval.decided", "aggregate_type": "approval",
             "aggregate_id": req.id, "payload": json.loads(body), "payload_digest": payload_digest(body), "actor": "clerk01"}
    res = c.post(f"{PRE}/sync/push", json={"workstation_id": counter, "entries": [entry]}, headers=hc).json()["results"]
    assert res[0]["status"] == "rejected" and "本人" in res[0]["reason"], res
    h2, _ = _login(c, "supervisor02")
    r = c.post(f"{PRE}/approvals/{req.id}/decision", json={"decision": "approved", "reason": "同意"}, headers=h2)
    assert r.status_code == 200 and r.json()["checker"] == "supervisor02", r.text


def test_only_counter_staff_look_up_the_registry(central_sqlite_client):
    """Least privilege: 参保档案查询 is the counter's (clerk, supervisor); a field worker has the
    roster of their office, an auditor or administrator no business reading a person's record."""
    c = central_sqlite_client
    person = {"id_number": "440303195207012253"}
    unit = {"uscc": "91440300708461136T"}
    for user in ("clerk01", "supervisor01"):
        h, _ = _login(c, user)
        assert c.post(f"{PRE}/registry/person", json=person, headers=h).status_code == 200, user
        assert c.post(f"{PRE}/registry/unit", json=unit, headers=h).status_code == 200, user
    for user in ("field02", "auditor01", "admin01"):
        h, _ = _login(c, user)
        r = c.post(f"{PRE}/registry/person", json=person, headers=h)
        assert r.status_code == 403 and "没有权限" in r.text, (user, r.text)
        assert c.post(f"{PRE}/registry/unit", json=unit, headers=h).status_code == 403, user


def test_every_registry_read_is_recorded_at_the_centre_masked(central_sqlite_client):
    """参保档案查询留痕 by the centre itself: who, where, whom (masked as the workstation's own
    record.lookup masks it) and whether found — a refused look-up leaves nothing, and the ID number
    is nowhere in clear."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from counter_central.audit import registry_reads
    from counter_central.db import RegistryRead

    c = central_sqlite_client
    person = {"id_number": "440303195207012253"}
    h, _ = _login(c, "clerk01")
    before = _reads(c)
    assert c.post(f"{PRE}/registry/person", json=person, headers=h).status_code == 200
    assert c.post(f"{PRE}/registry/person", json={"id_number": "110105196512150011"}, headers=h).status_code == 200
    assert c.post(f"{PRE}/registry/unit", json={"uscc": "91440300708461136T"}, headers=h).status_code == 200
    hf, _ = _login(c, "field02")
    assert c.post(f"{PRE}/registry/person", json=person, headers=hf).status_code == 403
    with Session(c.app.state.engine) as s:
        new = [r for r in s.scalars(select(RegistryRead).order_by(RegistryRead.id)) if r.id > before]
        mine = registry_reads(s, subject="440303********2253")
    assert [(r.username, r.kind, r.subject) for r in new] == [
        ("clerk01", "person", "440303********2253"), ("clerk01", "person", "110105********0011"),
        ("clerk01", "unit", "91440300…")]
    assert new[0].found is True and all(r.office_code == "FT" for r in new)
    assert all("195207012253" not in r.subject for r in new)
    assert mine[-1]["username"] == "clerk01" and mine[-1]["found"] is True


def _reads(c) -> int:
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from counter_central.db import RegistryRead

    with Session(c.app.state.engine) as s:
        return s.scalar(select(func.max(RegistryRead.id))) or 0


def test_a_visit_names_real_staff_of_the_office_and_a_person_on_its_roster(central_sqlite_client):
    """The centre checks a sealed visit against what it knows, not only its seal: a laptop of LH
    recorded FT's pensioner as deceased (and off FT's roster), named a made-up second staff member
    or another office's supervisor, and certified a person the registry does not hold."""
    from counter_central.db import FieldVisit, RegistryPerson

    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    ft = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    person = next(e for e in ft if e["name"] == "吴淑珍")
    lh_h, lh_ws = _login(c, "field11")
    lh_key, lh_pem = _key()
    c.post(f"{PRE}/field/roster", json={"laptop_key": lh_pem}, headers=lh_h)

    def lh_visit(id_number, result="eligible", staff=("field11", "supervisor11")):
        payload = proto.seal(_visit(id_number, result, staff=list(staff)), lh_key, lh_pem)
        body = canonical_json(payload)
        entry = {"id": str(uuid.uuid4()), "seq": 1, "kind": proto.VISIT_KIND, "aggregate_type": proto.AGGREGATE,
                 "aggregate_id": payload["visit"]["visit_id"], "payload": json.loads(body),
                 "payload_digest": payload_digest(body), "actor": "field11"}
        r = c.post(f"{PRE}/sync/push", json={"workstation_id": lh_ws, "entries": [entry]}, headers=lh_h)
        assert r.status_code == 200, r.text
        return r.json()["results"][0]

    res = lh_visit(person["id_number"], "deceased")
    assert res["status"] == "rejected" and res["reason"].startswith("该人员不在本分局的上门认证名单上")
    res = lh_visit("110101199001011237")
    assert res["status"] == "rejected" and res["reason"].startswith("该人员不在本分局的上门认证名单上")
    lh_person = c.post(f"{PRE}/field/roster", json={"laptop_key": lh_pem}, headers=lh_h).json()["entries"][0]
    for staff in (("field11", "nobody-at-all"), ("field11", "supervisor01"), ("field11", "admin01")):
        res = lh_visit(lh_person["id_number"], staff=staff)
        assert res["status"] == "rejected" and res["reason"] == "上门认证的工作人员须为本分局在职的外勤、窗口或科长账号"
    res = lh_visit(lh_person["id_number"], staff=("field01", "supervisor11"))
    assert res["status"] == "rejected" and res["reason"] == "记录上门认证的账号不是该次上门的工作人员"
    with Session(_engine(c)) as s:
        assert s.scalar(select(func.count()).select_from(FieldVisit)) == 0
        assert s.get(RegistryPerson, person["id_number"]).field_flag is None
    assert lh_visit(lh_person["id_number"])["status"] == "accepted"      # LH's own, by LH's staff
    assert person["id_number"] in {e["id_number"] for e in c.post(
        f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]}


def test_a_home_visit_is_requested_by_the_persons_own_office(central_sqlite_client):
    """An FT clerk's request for an LH pensioner put that person's name, address and phone on FT's
    roster (docs/field.md: a roster never carries another office's people)."""
    from counter_central.db import FieldRequest

    c = central_sqlite_client
    hf, _ = _login(c, "field11")
    _, pem = _key()
    lh_person = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=hf).json()["entries"][0]["id_number"]
    hc, _ = _login(c, "clerk01")
    r = c.post(f"{PRE}/field/requests", json={"id_number": lh_person, "reason": "行动不便"}, headers=hc)
    assert r.status_code == 403 and r.json() == {"detail": "此人属于分局 LH，上门认证由该分局申请和安排",
                                                 "reason": "other_office_person", "suggested_action": "请联系该分局"}
    with Session(_engine(c)) as s:
        assert s.scalar(select(func.count()).select_from(FieldRequest)) == 0
    ft, _ = _login(c, "field01")
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=ft).json()["entries"]
    assert lh_person not in {e["id_number"] for e in entries}


# ------------------------------------------------------------------------------------ the centre checks the evidence


def _state(c, id_number: str) -> tuple[int, int, str | None]:
    """(stored visits, stored certifications of the person, the registry's last_certified)."""
    from counter_central import certification as centre_cert
    from counter_central.db import FieldVisit, RegistryPerson

    with Session(_engine(c)) as s:
        visits = s.scalar(select(func.count()).select_from(FieldVisit).where(FieldVisit.id_number == id_number))
        certs = s.scalar(select(func.count()).select_from(centre_cert.CertificationRow)
                         .where(centre_cert.CertificationRow.id_number == id_number))
        return visits, certs, json.loads(s.get(RegistryPerson, id_number).record)["last_certified"]


NO_EVIDENCE = {"identity": {"card_chip": False, "card_matches": False, "fingerprint": "not_taken",
                            "photo_compared": False}, "photo": None, "signature": {"method": "none", "png": None}}


@pytest.mark.parametrize(("template", "changes", "reason"), [
    (False, NO_EVIDENCE, "认证通过须读取本人社保卡或身份证芯片，该记录没有读卡"),      # the tester's visit
    (False, {"identity": {**PHOTO_PATH["identity"], "card_matches": False}}, "读到的卡与被认证人不符，不能认证通过"),
    (True, {"identity": {**PHOTO_PATH["identity"], "fingerprint": "not_matched"}}, "指纹比对不一致，不能认证通过"),
    # the centre holds a template: the photo path is not open, whatever the laptop says
    (True, {}, "该人员在档案中有指纹模板，认证通过须指纹比对一致"),
    # …and holds none: a "matched" fingerprint was matched against nothing the centre knows
    (False, {"identity": {**PHOTO_PATH["identity"], "fingerprint": "matched"}},
     "该人员在档案中没有指纹模板，认证通过须由工作人员核对档案照片并拍摄现场照片"),
    (False, {"photo": None}, "该人员在档案中没有指纹模板，认证通过须由工作人员核对档案照片并拍摄现场照片"),
    (False, {"identity": {**PHOTO_PATH["identity"], "photo_compared": False}},
     "该人员在档案中没有指纹模板，认证通过须由工作人员核对档案照片并拍摄现场照片"),
    (False, {"signature": {"method": "none", "png": None}}, "认证通过须由本人签名，该记录没有签名"),
    (False, {"signature": {"method": "screen", "png": None}}, "认证通过须由本人签名，该记录没有签名"),
    (False, {"signature": {"method": "ink", "png": SIGNATURE["png"]}}, "上门认证记录的签名方式不正确"),
    (False, {"address_confirmed": False}, "上门认证记录没有核实上门地址"),
    (False, {"identity": "all good"}, "认证通过须读取本人社保卡或身份证芯片，该记录没有读卡"),
])
def test_an_eligible_visit_without_the_identity_evidence_certifies_nobody(central_sqlite_client, template, changes,
                                                                          reason):
    """The tester's sealed visit said no card read, no fingerprint, no photo, no signature — and was
    accepted: a certification stored and last_certified moved to today. A seal proves only that the
    laptop wrote it: the centre applies the laptop's own evidence rule (counter_protocol.field), with
    whether the person has an enrolled template taken from its registry."""
    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    person = next(e for e in entries if e["name"] == "周德明")
    if template:
        _enrol_template(c, person["id_number"])
    before = _state(c, person["id_number"])
    res = _push(c, h, ws, proto.seal(_visit(person["id_number"], **changes), key, pem))
    assert res["status"] == "rejected" and res["reason"] == reason, res
    assert "重新上门认证" in res["suggested_action"]
    assert _state(c, person["id_number"]) == before == (0, 0, person["last_certified"])


def test_the_complete_evidence_certifies_and_a_result_other_than_eligible_needs_none(central_sqlite_client):
    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    lapsed = next(e for e in entries if e["name"] == "周德明")
    never = next(e for e in entries if e["name"] == "吴淑珍")
    assert _push(c, h, ws, proto.seal(_visit(never["id_number"], "not_found", **NO_EVIDENCE), key, pem))["status"] \
        == "accepted"
    _enrol_template(c, lapsed["id_number"])
    matched = {"identity": {"card_chip": True, "card_matches": True, "fingerprint": "matched"}, "photo": None}
    assert _push(c, h, ws, proto.seal(_visit(lapsed["id_number"], **matched), key, pem))["status"] == "accepted"
    today = (datetime.now(timezone.utc) + timedelta(hours=8)).date().isoformat()
    assert _state(c, lapsed["id_number"]) == (1, 1, today)


def test_a_visit_is_pushed_by_one_of_its_two_staff(central_sqlite_client):
    """field01, signed in, pushed a visit sealed with the laptop's key naming field02 (as recorder)
    and clerk01: accepted, though the only account the centre authenticated was neither and field02
    had never signed in on that laptop. A visit pushed by someone else than its staff stands only
    when its recorder signed in on that laptop before it; one of them signed in there sends it."""
    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    person = next(e for e in entries if e["name"] == "周德明")
    _pull_at(c, ws, pem, 1)                 # a roster of yesterday too: the visit's 10 minutes ago is in one
    ten_minutes_ago = (datetime.now(timezone.utc) - timedelta(minutes=10)).isoformat(timespec="seconds")
    payload = proto.seal(_visit(person["id_number"], staff=["field02", "clerk01"], visited_at=ten_minutes_ago),
                         key, pem)
    body = canonical_json(payload)

    def push(headers):
        entry = {"id": str(uuid.uuid4()), "seq": 1, "kind": proto.VISIT_KIND, "aggregate_type": proto.AGGREGATE,
                 "aggregate_id": payload["visit"]["visit_id"], "payload": json.loads(body),
                 "payload_digest": payload_digest(body), "actor": "field02"}
        r = c.post(f"{PRE}/sync/push", json={"workstation_id": ws, "entries": [entry]}, headers=headers)
        assert r.status_code == 200, r.text
        return r.json()["results"][0]

    res = push(h)
    assert res["status"] == "rejected", res
    assert res["reason"] == "记录该次上门的账号在上门时间之前没有在该笔记本电脑上登录过，无从确认该记录由其本人登记", res
    assert res["suggested_action"] == "该记录不能入库；请核查该笔记本电脑的上门认证记录，如确有其事请联系信息技术人员"
    assert _state(c, person["id_number"])[:2] == (0, 0)
    # a staff role outside the office's staff roles is refused as before (an auditor, an administrator)
    payload2 = proto.seal(_visit(person["id_number"], staff=["field01", "auditor01"]), key, pem)
    assert _push(c, h, ws, payload2)["reason"] == "上门认证的工作人员须为本分局在职的外勤、窗口或科长账号"
    # field02 signing in on the laptop now does not make the earlier visit theirs: it was dated before
    h2, _ = _login(c, "field02", ws)
    assert push(h)["reason"] == "记录该次上门的账号在上门时间之前没有在该笔记本电脑上登录过，无从确认该记录由其本人登记"
    assert push(h2)["status"] == "accepted"     # the recorder, signed in on the laptop, sends it
    assert _state(c, person["id_number"])[:2] == (1, 1)


def test_a_colleague_of_the_office_syncs_a_visit_recorded_on_the_same_laptop(central_sqlite_client):
    """The laptop is the office's: field02 and clerk01 recorded a visit on it (field02 signed in),
    then field01 signed in later and synced. The centre refused it (the pusher was not one of the
    staff) and told them to sign in as one of the staff. It saw field02 sign in on that laptop
    before the visit: any field login of the office there may push it. A clerk (not a field
    login) may not; a visit naming a recorder who never used that laptop stays refused."""
    from counter_central.db import FieldVisit

    c = central_sqlite_client
    h2, ws = _login(c, "field02")                       # the recorder signs in on the laptop and pulls
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h2).json()["entries"]
    idn = next(e for e in entries if e["name"] == "周德明")["id_number"]
    other = next(e for e in entries if e["name"] == "吴淑珍")["id_number"]
    visit = proto.seal(_visit(idn, staff=["field02", "clerk01"]), key, pem)   # recorded after that sign-in
    h1, _ = _login(c, "field01", ws)                    # a colleague signs in later on the same laptop
    hc, _ = _login(c, "clerk01", ws)

    def push(headers, payload, actor="field02"):
        body = canonical_json(payload)
        entry = {"id": str(uuid.uuid4()), "seq": 1, "kind": proto.VISIT_KIND, "aggregate_type": proto.AGGREGATE,
                 "aggregate_id": payload["visit"]["visit_id"], "payload": json.loads(body),
                 "payload_digest": payload_digest(body), "actor": actor}
        r = c.post(f"{PRE}/sync/push", json={"workstation_id": ws, "entries": [entry]}, headers=headers)
        assert r.status_code == 200, r.text
        return r.json()["results"][0]

    res = push(hc, proto.seal(_visit(other, "not_found", staff=["field02", "supervisor01"]), key, pem))
    assert res["status"] == "rejected" and res["reason"] == "同步他人上门认证记录的登录账号须为本分局的外勤账号", res
    assert res["suggested_action"] == "由本分局的外勤人员或参加该次上门的工作人员在该笔记本电脑上登录，在待同步中重新发送"
    res = push(h1, visit)
    assert res["status"] == "accepted", res
    assert _state(c, idn)[:2] == (1, 1)
    # a forgery stays refused: a visit in the names of supervisor01 and clerk01 — a supervisor does not
    # record home visits (field role, counter_protocol.roles.FIELD_VISIT) — or of field03 and clerk01,
    # who never signed in there
    forged = proto.seal(_visit(other, "deceased", staff=["supervisor01", "clerk01"]), key, pem)
    res = push(h1, forged, actor="supervisor01")
    assert res["status"] == "rejected" and "不能办理上门认证" in res["reason"], res
    from counter_central import admin

    with Session(_engine(c)) as s:
        admin.add_user(s, "field03", office="FT", role="field", password="field03-pass")
    forged = proto.seal(_visit(other, "deceased", staff=["field03", "clerk01"]), key, pem)
    res = push(h1, forged, actor="field03")
    assert res["status"] == "rejected"
    assert res["reason"] == "记录该次上门的账号在上门时间之前没有在该笔记本电脑上登录过，无从确认该记录由其本人登记"
    with Session(_engine(c)) as s:
        assert s.scalar(select(func.count()).select_from(FieldVisit).where(FieldVisit.id_number == other)) == 0


def test_the_sign_in_index_migration_matches_the_model(tmp_path):
    from tests.support.central import central_database_at, schema_drift

    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0021_staff_numbers")
    upgrade("heads")
    assert schema_drift(engine, "tokens") == []
    engine.dispose()


# ------------------------------------------------------------------------------------ dates


def _pull_at(c, ws: str, pem: str, days_ago: int, office: str = "FT") -> None:
    """A roster generated ``days_ago`` for the workstation with that key (as roster() records it)."""
    from counter_central.db import FieldRosterPull

    at = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(days=days_ago)
    with Session(_engine(c)) as s:
        s.add(FieldRosterPull(workstation_id=ws, office_code=office, username="field01", key_id=proto.key_id(pem),
                              generated_at=at, valid_until=at + timedelta(days=14)))
        s.commit()


def _on(days_ago: int) -> str:
    return (datetime.now(timezone.utc) - timedelta(days=days_ago)).isoformat(timespec="seconds")


def test_a_visit_dated_before_its_roster_existed_is_refused(central_sqlite_client):
    """Back-dated visits were accepted: an eligible one dated 2020-06-01 stored a certification valid
    until 2021-06-30 (the pensioner stayed lapsed while the laptop showed 已同步), a not_found dated
    2020 and an `other` dated 0001-01-01 too. A visit is made from a roster the centre generated for
    that laptop and key: it is dated within one."""
    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    person = next(e for e in entries if e["name"] == "周德明")
    idn = person["id_number"]
    pulled = (datetime.now(timezone.utc) + timedelta(hours=8)).date().isoformat()
    for result, at in (("eligible", "2020-06-01T10:00:00+08:00"), ("not_found", "2020-03-01T10:00:00+08:00"),
                       ("other", "0001-01-01T10:00:00+08:00"), ("eligible", _on(2))):
        res = _push(c, h, ws, proto.seal(_visit(idn, result, visited_at=at, note="x"), key, pem))
        day = date.fromisoformat(at[:10]) if at[:4] in ("2020", "0001") else \
            (datetime.fromisoformat(at) + timedelta(hours=8)).date()
        assert res["status"] == "rejected", (result, at, res)
        assert res["reason"] == f"上门日期 {day.isoformat()} 早于该笔记本电脑拉取名单的日期 {pulled}", res
        assert res["suggested_action"] == "在笔记本电脑上核对日期和时间后重新上门认证"
    assert _state(c, idn) == (0, 0, person["last_certified"])
    # a roster pulled 10 days ago with this key: a visit 5 days ago stands, one 30 days ago does not
    _pull_at(c, ws, pem, 10)
    assert _push(c, h, ws, proto.seal(_visit(idn, "not_found", visited_at=_on(30)), key, pem))["status"] == "rejected"
    assert _push(c, h, ws, proto.seal(_visit(idn, visited_at=_on(5)), key, pem))["status"] == "accepted"
    assert _state(c, idn)[2] == (datetime.now(timezone.utc) - timedelta(days=5) + timedelta(hours=8)).date().isoformat()


def test_a_visit_after_its_roster_expired_or_from_another_key_s_roster_is_refused(central_sqlite_client):
    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    idn = next(e for e in entries if e["name"] == "吴淑珍")["id_number"]
    old, old_pem = _key()
    _pull_at(c, ws, old_pem, 40)                 # a roster of 40 days ago, valid for 14
    from counter_central.db import FieldKey

    with Session(_engine(c)) as s:
        s.add(FieldKey(workstation_id=ws, key_id=proto.key_id(old_pem), public_key=old_pem, registered_by="field01",
                       registered_at=datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(days=40)))
        s.commit()
    res = _push(c, h, ws, proto.seal(_visit(idn, "not_found", visited_at=_on(20)), old, old_pem))
    assert res["status"] == "rejected" and res["reason"] == f"上门日期 {_bj(20)} 不在该笔记本电脑所拉取名单的有效期内"
    # the current key's roster is today's: a visit 35 days ago sealed with it was not made from it
    res = _push(c, h, ws, proto.seal(_visit(idn, "not_found", visited_at=_on(35)), key, pem))
    assert res["status"] == "rejected" and "早于该笔记本电脑拉取名单的日期" in res["reason"]
    assert _push(c, h, ws, proto.seal(_visit(idn, "not_found", visited_at=_on(35)), old, old_pem))["status"] \
        == "accepted"


def _bj(days_ago: int) -> str:
    return (datetime.now(timezone.utc) - timedelta(days=days_ago) + timedelta(hours=8)).date().isoformat()


def test_an_eligible_visit_never_moves_last_certified_backwards(central_sqlite_client):
    """A visit dated before the person's last certification (certified at a window since, say) would
    store an older 资格认证 and leave the laptop showing 已同步 for nothing: refused, with both dates
    and what to do; the registry's date stays."""
    from counter_central.db import RegistryPerson

    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    idn = next(e for e in entries if e["name"] == "周德明")["id_number"]
    _pull_at(c, ws, pem, 10)
    with Session(_engine(c)) as s:
        row = s.get(RegistryPerson, idn)
        row.record = json.dumps({**json.loads(row.record), "last_certified": _bj(2)}, ensure_ascii=False)
        s.commit()
    res = _push(c, h, ws, proto.seal(_visit(idn, visited_at=_on(5)), key, pem))
    assert res["status"] == "rejected"
    assert res["reason"] == f"该人员已于 {_bj(2)} 通过资格认证，晚于本次上门日期 {_bj(5)}，认证日期不能倒退"
    assert res["suggested_action"] == "该人员的认证仍然有效，无需为此再次上门；请在笔记本电脑上重新拉取名单"
    assert _state(c, idn) == (0, 0, _bj(2))
    # the same day, or later, stands (the same day changes nothing backwards)
    assert _push(c, h, ws, proto.seal(_visit(idn, visited_at=_on(0)), key, pem))["status"] == "accepted"
    assert _state(c, idn) == (1, 1, _bj(0))


def test_a_visit_older_than_one_accepted_for_the_same_person_is_superseded(central_sqlite_client):
    """Two visits to the same person (a rejected one sent again after a newer one, or two laptops):
    the centre took the older after the newer — an older 认证通过 after a newer 已死亡 certified a
    person reported dead (last_certified never moves backwards only held against the registry's
    date, and 已死亡 sets none). The older one is refused, naming both times; the newer one stands."""
    from counter_central.db import FieldVisit, RegistryPerson
    from counter_protocol.clock import beijing_text

    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    person = next(e for e in entries if e["name"] == "周德明")
    idn = person["id_number"]
    _pull_at(c, ws, pem, 10)
    newer, older = _on(1), _on(2)
    assert _push(c, h, ws, proto.seal(_visit(idn, "deceased", visited_at=newer), key, pem))["status"] == "accepted"
    res = _push(c, h, ws, proto.seal(_visit(idn, visited_at=older), key, pem))
    assert res["status"] == "rejected", res
    assert res["reason"] == (f"中心已收到该人员 {beijing_text(newer)} 的上门认证记录，晚于本次上门时间 "
                             f"{beijing_text(older)}，本次记录已被其取代")
    assert res["suggested_action"] == "无需为此再次上门；请在笔记本电脑上重新拉取名单"
    with Session(_engine(c)) as s:
        assert json.loads(s.get(RegistryPerson, idn).record)["last_certified"] == person["last_certified"]  # unmoved
        assert s.scalar(select(func.count()).select_from(FieldVisit).where(FieldVisit.id_number == idn)) == 1
    # in one batch too: the newer first, the older after it
    other = next(e for e in entries if e["name"] == "吴淑珍")["id_number"]
    batch = []
    for seq, (result, at) in enumerate((("not_found", _on(1)), ("eligible", _on(3))), start=1):
        payload = proto.seal(_visit(other, result, visited_at=at), key, pem)
        body = canonical_json(payload)
        batch.append({"id": str(uuid.uuid4()), "seq": seq, "kind": proto.VISIT_KIND, "aggregate_type": proto.AGGREGATE,
                      "aggregate_id": payload["visit"]["visit_id"], "payload": json.loads(body),
                      "payload_digest": payload_digest(body), "actor": "field01"})
    r = c.post(f"{PRE}/sync/push", json={"workstation_id": ws, "entries": batch}, headers=h)
    assert [x["status"] for x in r.json()["results"]] == ["accepted", "rejected"], r.json()
    # a later visit still stands
    assert _push(c, h, ws, proto.seal(_visit(other, "not_found", visited_at=_on(0)), key, pem))["status"] == "accepted"


# ------------------------------------------------------------------------------------ keys


def test_another_key_for_the_workstation_does_not_strand_the_visits_sealed_before(central_sqlite_client):
    """Any field login claiming the workstation's id pulled a roster with a fresh key, and every
    unsynced visit of the real laptop was then rejected (上门认证记录不是用该笔记本电脑登记的密钥签名的).
    Every key a workstation registered stays standing; only a revoked one is refused."""
    from counter_central import field as centre_field

    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    idn = next(e for e in entries if e["name"] == "周德明")["id_number"]
    other_idn = next(e for e in entries if e["name"] == "吴淑珍")["id_number"]
    sealed_before = proto.seal(_visit(idn), key, pem)          # recorded offline, not yet synced
    h2, _ = _login(c, "field02", ws)
    rogue, rogue_pem = _key()
    assert c.post(f"{PRE}/field/roster", json={"laptop_key": rogue_pem}, headers=h2).status_code == 200
    assert _push(c, h, ws, sealed_before)["status"] == "accepted"
    # a key the workstation never registered is still refused
    stranger, stranger_pem = _key()
    res = _push(c, h, ws, proto.seal(_visit(other_idn, "not_found"), stranger, stranger_pem))
    assert res["status"] == "rejected" and res["reason"] == "上门认证记录不是用该笔记本电脑登记的密钥签名的"
    # the centre takes a key out of use (a lost laptop): its visits and its pulls are refused
    with Session(_engine(c)) as s:
        assert centre_field.revoke_key(s, ws, proto.key_id(rogue_pem), "admin01")
    # its sign-ins ended with it (whoever holds the laptop holds their tokens): signed in again
    assert c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).status_code == 401
    h2, _ = _login(c, "field02", ws)
    res = _push(c, h2, ws, proto.seal(_visit(other_idn, "not_found", staff=["field02", "field01"]), rogue, rogue_pem))
    assert res["status"] == "rejected" and res["reason"] == "该笔记本电脑的签名密钥已被中心停用", res
    r = c.post(f"{PRE}/field/roster", json={"laptop_key": rogue_pem}, headers=h2)
    assert r.status_code == 403 and r.json()["detail"] == "该笔记本电脑的签名密钥已被中心停用"
    h, _ = _login(c, "field01", ws)
    assert _push(c, h, ws, proto.seal(_visit(other_idn, "not_found"), key, pem))["status"] == "accepted"
    # a key registered and not revoked stays usable
    assert c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).status_code == 200


def _centre_audit(c, action: str) -> list:
    from counter_central.audit import CentralAuditRecord

    with Session(_engine(c)) as s:
        return [(r.actor, r.object_id, r.detail) for r in s.scalars(
            select(CentralAuditRecord).where(CentralAuditRecord.action == action).order_by(CentralAuditRecord.seq))]


def test_a_revoked_laptop_cannot_register_a_new_key_until_it_allows_it(central_sqlite_client):
    """Tester (stolen field laptop): after ``field revoke-key``, whoever held the laptop ran ``field
    new-key`` and ``field pull`` with the session tokens in its keyring and had the office's roster
    back; the centre registered the new key for the workstation it had just revoked. Now revoking
    ends the workstation's sign-ins and holds its new keys until an administrator of its office
    allows one (audited); a refused pull writes nothing."""
    from counter_central import field as centre_field
    from counter_central.db import FieldKey, User, utcnow

    c = central_sqlite_client
    h, ws = _login(c, "field01")
    _, pem = _key()
    assert c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).status_code == 200
    h_other, ws_other = _login(c, "field02")         # another laptop of the office: untouched
    with Session(_engine(c)) as s:
        assert centre_field.revoke_key(s, ws, proto.key_id(pem), "admin01")
    [(actor, obj, detail)] = _centre_audit(c, "field.revoke_key")
    assert actor == "admin01" and obj == f"{ws}:{proto.key_id(pem)}" and "登录全部注销（2 个凭据）" in detail
    # the thief's stored tokens: dead
    _, thief_pem = _key()
    assert c.post(f"{PRE}/field/roster", json={"laptop_key": thief_pem}, headers=h).status_code == 401
    assert c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h_other).status_code == 200
    # even signed in again (the password known), a new key is held: refused, nothing read or written
    h, _ = _login(c, "field01", ws)
    before = _reads(c)
    r = c.post(f"{PRE}/field/roster", json={"laptop_key": thief_pem}, headers=h)
    assert r.status_code == 403, r.text
    assert r.json()["reason"] == proto.NEW_KEY_HELD_CODE and r.json()["detail"] == proto.NEW_KEY_HELD
    assert "allow-new-key" in r.json()["suggested_action"]
    assert _reads(c) == before
    with Session(_engine(c)) as s:
        assert s.get(FieldKey, (ws, proto.key_id(thief_pem))) is None
        assert centre_field.new_key_held(s, ws) is not None
        s.add(User(username="admin11", display_name="管理员11", password_hash="x", roles="admin", office_code="LH",
                   active=True, created_at=utcnow()))
        s.add(User(username="admin02", display_name="管理员02", password_hash="x", roles="admin", office_code="FT",
                   active=False, created_at=utcnow()))
        s.commit()
    # IT's allowance: --by is checked, a reason is required; a refusal writes nothing
    refusals = {"field01": "只有系统管理岗位的账号可以", "admin11": "须由该分局的系统管理员准许",
                "admin02": "已停用", "nobody": "没有用户 nobody"}
    for by, words in refusals.items():
        with Session(_engine(c)) as s, pytest.raises(centre_field.KeyAdminError, match=words):
            centre_field.allow_new_key(s, ws, by=by, reason="笔记本已找回")
    with Session(_engine(c)) as s, pytest.raises(centre_field.KeyAdminError, match="原因"):
        centre_field.allow_new_key(s, ws, by="admin01", reason="  ")
    with Session(_engine(c)) as s, pytest.raises(centre_field.KeyAdminError, match="无须准许"):
        centre_field.allow_new_key(s, ws_other, by="admin01", reason="笔记本已找回")
    assert _centre_audit(c, "field.allow_new_key") == []
    with Session(_engine(c)) as s:
        assert centre_field.new_key_held(s, ws) is not None
        centre_field.allow_new_key(s, ws, by="admin01", reason="笔记本已找回，经检查无异常", cli_user="it-ops")
    [(actor, obj, detail)] = _centre_audit(c, "field.allow_new_key")
    assert actor == "admin01" and obj == ws and "笔记本已找回，经检查无异常" in detail and "系统用户 it-ops" in detail
    # IT made the laptop a new key: registered with the next pull
    _, it_pem = _key()
    assert c.post(f"{PRE}/field/roster", json={"laptop_key": it_pem}, headers=h).status_code == 200
    # the revoked key stays refused
    assert c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["reason"] == proto.KEY_REVOKED_CODE


def test_the_field_keys_migration_keeps_the_registered_keys_and_earlier_rosters(tmp_path):
    """A laptop that pulled its roster before the upgrade keeps its key and its roster's dates: its
    unsynced visits still stand after it."""
    from sqlalchemy import text

    from tests.support.central import central_database_at, schema_drift

    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0017_registry_reads")
    upgrade("c0008_field")
    _, pem = _key()
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO field_laptop_keys VALUES ('FT-L01', :pem, :kid, 'field01', '2026-01-02 03:00:00')"),
                     {"pem": pem, "kid": proto.key_id(pem)})
        conn.execute(text("INSERT INTO registry_reads (at, username, workstation_id, office_code, kind, subject, found)"
                          " VALUES ('2026-01-05 02:00:00', 'field01', 'FT-L01', 'FT', 'roster', 'FT:3人', 1),"
                          " ('2026-01-05 02:00:00', 'clerk01', 'FT-W01', 'FT', 'person', '4403…', 1)"))
    upgrade("heads")
    assert schema_drift(engine, "field_keys") == [] and schema_drift(engine, "field_roster_pulls") == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT workstation_id, key_id, registered_by FROM field_keys")).all() == [
            ("FT-L01", proto.key_id(pem), "field01")]
        assert conn.execute(text("SELECT workstation_id, office_code, key_id, generated_at, valid_until "
                                 "FROM field_roster_pulls")).all() == [
            ("FT-L01", "FT", proto.key_id(pem), "2026-01-05 02:00:00.000000", "2026-01-19 02:00:00.000000")]
    engine.dispose()


@pytest.mark.parametrize(("changes", "reason"), [
    ({"address": "福" * 201}, "上门认证记录的地址超过 200 个字"),
    ({"note": "已核实\u202e号 1 址地"}, "上门认证记录的地址或备注含有不可保存的控制字符（U+202E）"),
    ({"address": "莲花路\x01 12 号"}, "上门认证记录的地址或备注含有不可保存的控制字符（U+0001）"),
])
def test_a_visit_brings_no_text_the_laptop_would_refuse(central_sqlite_client, changes, reason):
    """The laptop refuses an address over the registry's 200 characters and control or bidi-override
    characters when they are typed; a sealed visit bringing them anyway is refused at the centre
    (the tester's 80 KB emoji address was synced and stored)."""
    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    person = next(e for e in entries if e["name"] == "周德明")
    res = _push(c, h, ws, proto.seal(_visit(person["id_number"], **changes), key, pem))
    assert (res["status"], res["reason"]) == ("rejected", reason)
    assert _state(c, person["id_number"])[:2] == (0, 0)
    ok = _push(c, h, ws, proto.seal(_visit(person["id_number"], note="已核实\n本人在家"), key, pem))
    assert ok["status"] == "accepted", ok                      # a note may keep its line breaks


def test_nobody_is_certified_at_home_against_neither_a_template_nor_a_photo(central_sqlite_client):
    """The photo path compares the person with the registry photo: with no photo and no template
    there is nothing to compare with, whatever the laptop says it compared."""
    from counter_central.db import RegistryPerson

    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    person = next(e for e in entries if e["name"] == "周德明")
    assert person["photo"]                                     # the demo registry's photo, sent to the laptop
    with Session(_engine(c)) as s:
        s.get(RegistryPerson, person["id_number"]).photo = None
        s.commit()
    res = _push(c, h, ws, proto.seal(_visit(person["id_number"]), key, pem))
    assert (res["status"], res["reason"]) == ("rejected", "该人员在档案中既没有指纹模板也没有照片，无从核对身份，不能上门认证通过")
    assert _state(c, person["id_number"])[:2] == (0, 0)


# ------------------------------------------------------------------------------------ death reports


def _today_bj() -> date:
    return (datetime.now(timezone.utc) + timedelta(hours=8)).date()


def test_a_death_report_raises_a_suspension_stops_the_reminders_and_a_supervisor_can_clear_it(central_sqlite_client,
                                                                                              tmp_path):
    """A synced 已死亡 visit only set ``field_flag``: no suspension, the SMS reminders still listed
    陈桂兰, nothing listed the flag and nothing cleared it. Now it raises the sweep's suspension of
    payment (reason 上门认证报告已死亡, the visit's reference) for a supervisor (5.6.2.1), leaves the
    person out of the reminders (6.6.3.2), is listed masked, and a supervisor of the office — not the
    visit's staff — clears a wrong report (audited): the pending suspension is withdrawn."""
    from counter_central import certification as cc
    from counter_central.audit import CENTRE_CHAIN, records_of
    from counter_central.db import ApprovalRow, RegistryPerson
    from tests.support.cli import run_cli

    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    idn = next(e for e in entries if e["name"] == "陈桂兰")["id_number"]
    with Session(_engine(c)) as s:
        assert idn in {r.id_number for r in cc.reminders(s, _today_bj())}
    visit = _visit(idn, "deceased")
    assert _push(c, h, ws, proto.seal(visit, key, pem))["status"] == "accepted"
    with Session(_engine(c)) as s:
        assert idn not in {r.id_number for r in cc.reminders(s, _today_bj())}      # no SMS to the family
        susp = s.scalars(select(cc.SuspensionRow).where(cc.SuspensionRow.id_number == idn)).one()
        assert (susp.reason, susp.state) == ("death_report", "flagged") and visit["visit_id"] in susp.note
        req = s.get(ApprovalRow, susp.suspend_request_id)
        assert req.action == "payment_suspension" and req.state == "pending" and req.maker == "field01"
        assert visit["visit_id"] in req.summary and idn not in req.summary
        assert json.loads(req.participants) and {"field01", "field02"} <= set(json.loads(req.participants))
        assert [r["reason_name"] for r in cc.suspensions(s) if r["id"] == susp.id] == ["上门认证报告已死亡"]
    # the supervisor sees it among the approvals (the reporters may not decide it)
    hs, _ = _login(c, "supervisor01")
    pending = c.get(f"{PRE}/approvals", params={"state": "pending"}, headers=hs).json()["items"]
    assert any(r["id"] == susp.suspend_request_id for r in pending)
    # the listing: masked, with the suspension
    db = f"sqlite:///{c.app.state.engine.url.database}"
    listed = run_cli(None, "field", "deaths", "--db", db, "--json", module="counter_central")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [r["visit_id"] for r in rows] == [visit["visit_id"]] and idn not in listed.stdout
    assert rows[0]["suspension_state"] == "已标记暂停发放（待审批）" and rows[0]["conflict"] is False
    rid = rows[0]["id"]
    # only a supervisor of the office, not one of the visit's staff, clears it, with a reason
    for by, said in (("clerk01", "审核主管"), ("supervisor11", "分局 FT")):
        bad = run_cli(None, "field", "clear-death", rid, "--by", by, "--reason", "经核实本人健在", "--db", db,
                      module="counter_central")
        assert bad.returncode == 1 and said in bad.stderr, bad.stderr
    ok = run_cli(None, "field", "clear-death", rid, "--by", "supervisor01", "--reason", "经核实本人健在", "--db", db,
                 module="counter_central")
    assert ok.returncode == 0, ok.stderr
    with Session(_engine(c)) as s:
        assert s.get(RegistryPerson, idn).field_flag is None
        assert s.get(cc.SuspensionRow, susp.id).state == "cleared"
        assert s.get(ApprovalRow, susp.suspend_request_id).state == "expired"
        assert idn in {r.id_number for r in cc.reminders(s, _today_bj())}          # back on the reminders
        audit = [r for r in records_of(s, CENTRE_CHAIN) if r["action"] == "field.clear_death_report"]
        assert len(audit) == 1 and audit[0]["actor"] == "supervisor01" and idn not in json.dumps(audit, ensure_ascii=False)
    assert json.loads(run_cli(None, "field", "deaths", "--db", db, "--json", module="counter_central").stdout) == []


def test_a_death_report_and_a_certification_that_contradict_it_are_flagged_for_a_supervisor(central_sqlite_client):
    """Certified alive on one laptop at 17:02, reported dead on another at 17:03: the centre kept the
    later report and refused the earlier one as superseded, alerting no one. Every contradiction is
    now noted on the death report and listed as a conflict: a certification made after the roster
    the report came from (either order of arrival), a later certification, an older 认证通过 refused
    as superseded by the report, and an older 已死亡 refused as superseded by a certification."""
    from counter_central import certification as cc

    c = central_sqlite_client
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    by_name = {e["name"]: e["id_number"] for e in entries}

    def standing(idn):
        with Session(_engine(c)) as s:
            return [r for r in cc.death_reports(s) if r["id_masked"][-4:] == idn[-4:]]

    # 1. certified alive, then reported dead a minute later (both from today's roster)
    a = by_name["周德明"]
    t0 = datetime.now(timezone.utc)           # just after the pull: visits from this roster
    assert _push(c, h, ws, proto.seal(_visit(a, visited_at=t0.isoformat()), key, pem))["status"] == "accepted"
    assert _push(c, h, ws, proto.seal(_visit(a, "deceased", visited_at=(t0 + timedelta(seconds=1)).isoformat()),
                                      key, pem))["status"] == "accepted"
    [rep] = standing(a)
    assert rep["state"] == "open" and rep["conflict"] and "上门认证通过" in rep["conflicts"][0]
    # 2. reported dead, then the older 认证通过 arrives: refused as superseded, and the conflict noted
    b = by_name["吴淑珍"]
    # (吴淑珍 has no certification: the photo path stands for her too)
    assert _push(c, h, ws, proto.seal(_visit(b, "deceased", visited_at=(t0 + timedelta(seconds=1)).isoformat()),
                                      key, pem))["status"] == "accepted"
    assert standing(b)[0]["conflict"] is False
    res = _push(c, h, ws, proto.seal(_visit(b, visited_at=t0.isoformat()), key, pem))
    assert res["status"] == "rejected" and "取代" in res["reason"]
    [rep] = standing(b)
    assert rep["conflict"] and "已被拒收" in rep["conflicts"][0]
    # …and a later certification of someone reported dead is not settled silently either
    assert _push(c, h, ws, proto.seal(_visit(b, visited_at=(t0 + timedelta(seconds=3)).isoformat()), key, pem)
                 )["status"] == "accepted"
    [rep] = standing(b)
    assert len(rep["conflicts"]) == 2 and rep["state"] == "open"
    with Session(_engine(c)) as s:      # the death report's suspension is not withdrawn by the certification
        assert s.get(cc.SuspensionRow, rep["suspension_id"]).state == "flagged"
    # 3. an older 已死亡 arriving after a newer 认证通过: refused, and kept for a supervisor to check
    d = by_name["陈桂兰"]
    assert _push(c, h, ws, proto.seal(_visit(d, visited_at=(t0 + timedelta(seconds=2)).isoformat()), key, pem)
                 )["status"] == "accepted"
    res = _push(c, h, ws, proto.seal(_visit(d, "deceased", visited_at=t0.isoformat()), key, pem))
    assert res["status"] == "rejected"
    [rep] = standing(d)
    assert rep["state"] == "refused" and rep["conflict"] and rep["suspension_id"] is None


def test_the_death_reports_migration_lists_the_flags_set_before_and_dates_approved_suspensions(tmp_path):
    """A 已死亡 synced before the upgrade left only ``field_flag``: after it, that person is an open
    death report (of the latest 已死亡 visit) in the listing; a suspension approved before gets the
    day its approval was decided (Beijing) as the day it took effect."""
    from sqlalchemy import text

    from tests.support.central import central_database_at, schema_drift

    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0022_token_sign_ins")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO registry_persons (id_number, status, office, record, updated_at, field_flag) "
                          "VALUES ('440304194602117129', 'retired', 'FT', '{}', '2026-01-01 00:00:00', "
                          "'deceased_reported')"))
        conn.execute(text("INSERT INTO field_visits VALUES ('v-1', 'e-1', 'FT-L01', 'FT', '440304194602117129', "
                          "'deceased', '2026-11-30 09:00:00', 'field01,field02', :sm3, '2026-11-30 10:00:00')"),
                     {"sm3": "0" * 64})
        conn.execute(text("INSERT INTO approval_requests (id, action, case_id, case_no, service_code, office_code, "
                          "workstation_id, maker, made_at, payload_digest, required_level, summary, details, state, "
                          "checker, reason, mode, decided_at) VALUES ('r-1', 'payment_suspension', 'suspension:s-1', "
                          "'', 'certification', 'FT', 'centre', 'system:certification-sweep', '2026-03-01 00:00:00', "
                          "'x', 1, '', '{}', 'approved', 'supervisor01', '', 'online', '2026-05-06 17:00:00')"))
        conn.execute(text("INSERT INTO payment_suspensions (id, id_number, office_code, reason, note, state, "
                          "suspend_request_id, back_pay_months, created_at, updated_at) VALUES ('s-1', "
                          "'440303195207012237', 'FT', 'lapse', '', 'suspended', 'r-1', '[]', "
                          "'2026-03-01 00:00:00', '2026-05-06 17:00:00')"))
    upgrade("heads")
    import counter_central.certification  # noqa: F401  (its tables in the models compared)

    assert schema_drift(engine, "field_death_reports") == [] and schema_drift(engine, "payment_suspensions") == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT id_number, visit_id, state, staff FROM field_death_reports")).all() == [
            ("440304194602117129", "v-1", "open", "field01,field02")]
        assert conn.execute(text("SELECT effective_on FROM payment_suspensions")).scalar() == "2026-05-07"
    engine.dispose()


def test_the_new_key_hold_migration_holds_a_workstation_whose_last_key_was_revoked(tmp_path):
    """A laptop revoked before the upgrade could still re-key itself; after it, its new keys wait
    for IT as one revoked from then on would. A workstation whose last key stands is not held."""
    from sqlalchemy import text

    from tests.support.central import central_database_at, schema_drift

    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0028_person_key_versions")
    _, pem = _key()
    _, other = _key()
    with engine.begin() as conn:
        for ws, key in (("FT-L01", pem), ("FT-L02", other)):
            conn.execute(text("INSERT INTO field_laptop_keys VALUES (:ws, :pem, :kid, 'field01', '2026-01-02 03:00:00')"),
                         {"ws": ws, "pem": key, "kid": proto.key_id(key)})
            conn.execute(text("INSERT INTO field_keys (workstation_id, key_id, public_key, registered_by, registered_at,"
                              " revoked_at, revoked_by) VALUES (:ws, :kid, :pem, 'field01', '2026-01-02 03:00:00',"
                              " :revoked, :by)"),
                         {"ws": ws, "pem": key, "kid": proto.key_id(key),
                          "revoked": "2026-01-09 08:00:00" if ws == "FT-L01" else None,
                          "by": "admin01" if ws == "FT-L01" else None})
    upgrade("heads")
    assert schema_drift(engine, "field_laptop_keys") == []
    with engine.connect() as conn:
        assert conn.execute(text("SELECT workstation_id, new_key_held_at, new_key_allowed_by FROM field_laptop_keys"
                                 " ORDER BY workstation_id")).all() == [
            ("FT-L01", "2026-01-09 08:00:00", None), ("FT-L02", None, None)]
    engine.dispose()


def _request_state(c, request_id: str) -> tuple[str, str | None]:
    from counter_central.db import FieldRequest

    with Session(_engine(c)) as s:
        row = s.get(FieldRequest, request_id)
        return row.state, row.closed_by_visit


def test_a_visit_that_finds_nobody_leaves_the_home_visit_request_open(central_sqlite_client):
    """A window's 上门认证申请 is answered by a visit that settles it (5.6.3 a: the certification
    offered at home) — 认证通过, 已死亡, 已迁出, 拒绝认证 — not by one that found nobody at home or
    ended otherwise: the request stays open, the person stays on the roster as 申请上门, and each
    such visit is recorded against the request (audited, with how many so far)."""
    c = central_sqlite_client
    hc, _ = _login(c, "clerk01")
    person = "440305195805201364"          # 王秀英: certified, valid — on the roster only because asked for
    rid = c.post(f"{PRE}/field/requests", json={"id_number": person, "reason": "长期卧床"}, headers=hc).json()["id"]
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    assert [e["request_id"] for e in entries if e["id_number"] == person] == [rid]
    nobody = _visit(person, "not_found", request_id=rid, **NO_EVIDENCE)
    assert _push(c, h, ws, proto.seal(nobody, key, pem))["status"] == "accepted"
    assert _request_state(c, rid) == ("open", None)
    again = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    assert [(e["reason"], e["request_id"]) for e in again if e["id_number"] == person] == [("requested", rid)]
    other = _visit(person, "other", request_id=rid, note="家属称本人住院", **NO_EVIDENCE)
    assert _push(c, h, ws, proto.seal(other, key, pem))["status"] == "accepted"
    assert _request_state(c, rid) == ("open", None)
    visits = _centre_audit(c, "field.request_visited")
    assert [obj for _, obj, _ in visits] == [rid, rid]
    assert "未找到本人" in visits[0][2] and "已上门 1 次" in visits[0][2] and person not in visits[0][2]
    assert "其他" in visits[1][2] and "已上门 2 次" in visits[1][2]
    refused = _visit(person, "refused", request_id=rid, **NO_EVIDENCE)
    assert _push(c, h, ws, proto.seal(refused, key, pem))["status"] == "accepted"
    assert _request_state(c, rid) == ("done", refused["visit_id"])
    after = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    assert person not in {e["id_number"] for e in after}


@pytest.mark.parametrize("result", ["eligible", "deceased", "moved_away"])
def test_a_visit_that_settles_it_closes_the_home_visit_request(central_sqlite_client, result):
    c = central_sqlite_client
    hc, _ = _login(c, "clerk01")
    h, ws = _login(c, "field01")
    key, pem = _key()
    entries = c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h).json()["entries"]
    person = next(e for e in entries if e["name"] == "周德明")["id_number"]
    rid = c.post(f"{PRE}/field/requests", json={"id_number": person, "reason": "行动不便"}, headers=hc).json()["id"]
    c.post(f"{PRE}/field/roster", json={"laptop_key": pem}, headers=h)
    visit = _visit(person, result, request_id=rid, **({} if result == "eligible" else NO_EVIDENCE))
    assert _push(c, h, ws, proto.seal(visit, key, pem))["status"] == "accepted"
    assert _request_state(c, rid) == ("done", visit["visit_id"])
    assert _centre_audit(c, "field.request_visited") == []
