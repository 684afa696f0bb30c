"""资格认证 at the centre on PostgreSQL: certifications received through the push (once), the sweep
flags lapsed pensioners and raises suspension requests (暂停发放) decided by a supervisor, a
re-certification raises the resumption (恢复发放) with the back-pay months of 6.6.2.8 — none for a
suspension for a prison sentence (服刑) — and the SMS reminder export (6.6.3.2)."""

from __future__ import annotations

import csv
import json
import os
import stat
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_protocol import sync as p
from counter_protocol.certification_sync import KIND_RECORDED
from tests.support.cli import run_cli

pytestmark = pytest.mark.integration



def _pid(first17: str) -> str:
    from counter_protocol.identifiers import id_check_char

    return first17 + id_check_char(first17)


def _person(id_number, name, last, *, status="retired", phone=None, office="FT"):
    rec = {"kind": "person", "id_number": id_number, "name": name, "sex": "male", "birth": "1952-07-01",
           "category": "male", "status": status, "office": office, "insured_since": None,
           "contribution_months": 360, "deemed_months": 0, "history_reviewed": True, "special_work_months": None,
           "account_balance": "0", "benefit_place_shenzhen": True, "last_certified": last, "unit_uscc": None}
    if phone:
        rec["phone"] = phone
    return json.dumps(rec, ensure_ascii=False)


@pytest.fixture
def ids():
    return {"lapsed": _pid("44030319520701223"), "due": _pid("44030419561123234"), "fresh": _pid("44030519580520136"),
            "prison": _pid("44030619500101001"), "dead": _pid("44030719480303003"),
            "leap": _pid("44030819520229001")}   # born on a leap day too (1952)


@pytest.fixture
def centre(postgres_url, ids):
    from fastapi.testclient import TestClient

    from counter_central.app import create_app
    from counter_central.registry import import_records
    from counter_central.seed import seed_demo

    app = create_app(postgres_url, demo=True, require_totp=False)
    with Session(app.state.engine) as s:
        seed_demo(s, with_registry=False)
        report = import_records(s, [
            _person(ids["lapsed"], "钱国华", "2025-02-18", phone="13800138022"),
            _person(ids["due"], "孙桂兰", "2025-12-05", phone="13800138023"),
            _person(ids["fresh"], "王秀英", "2026-03-10", phone="13800138013"),
            _person(ids["prison"], "周大明", "2026-06-30", phone="13800138024"),
            _person(ids["dead"], "刘德明", "2024-01-10", status="deceased"),
            _person(ids["leap"], "闰年生", "2024-02-29", phone="13800138025", office="LH"),
        ])
        assert report.ok, report.problems
    with TestClient(app) as client:
        client.engine = app.state.engine
        client.db_url = postgres_url
        yield client
    app.state.engine.dispose()


def _login(client, username, ws=None):
    r = client.post("/api/v1/auth/login", json={"username": username, "password": f"{username}-demo",
                                                 "workstation_id": ws or f"W-{uuid.uuid4().hex[:8]}"})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}, r.json()


def _record(s: Session, id_number: str) -> dict:
    from counter_central.db import RegistryPerson

    return json.loads(s.get(RegistryPerson, id_number).record)


def _cli(db_url, *args):
    return run_cli(None, "certification", *args, "--db", db_url, module="counter_central")


def _push_certification(client, headers, ws, id_number, on: date, *, cert_id=None, case_id="C-1", seq=1):
    cert_id = cert_id or str(uuid.uuid4())
    payload = {"certification_id": cert_id, "id_number": id_number, "certified_on": on.isoformat(),
               "certified_at": datetime(on.year, on.month, on.day, 2, 0, tzinfo=timezone.utc).isoformat(),
               "method": "fingerprint", "channel": "window", "clerk": "clerk01", "case_id": case_id,
               "case_no": "RZ-1", "valid_until": "2099-12-31", "back_pay_months": []}
    entry = p.OutboxItem(id=str(uuid.uuid4()), seq=seq, kind=KIND_RECORDED, aggregate_type="certification",
                         aggregate_id=cert_id, payload=payload,
                         payload_digest=p.payload_digest(p.canonical_json(payload)), actor="clerk01")
    body = p.PushRequest(workstation_id=ws, entries=[entry]).model_dump(mode="json")
    r = client.post("/api/v1/sync/push", json=body, headers=headers)
    assert r.status_code == 200, r.text
    return r.json()["results"][0], body


def _decide(client, headers, rid, decision="approved", reason="核实无误"):
    r = client.post(f"/api/v1/approvals/{rid}/decision", json={"decision": decision, "reason": reason},
                    headers=headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_sweep_flags_lapsed_once_and_suspension_needs_a_supervisor(centre, ids):
    from counter_central.certification import SuspensionRow
    from counter_central.db import ApprovalRow, RegistryPerson

    run = _cli(centre.db_url, "sweep", "--today", "2026-12-01", "--json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    # the lapsed one and the 2024-02-29 one (valid through 2025-02-28); not the due/fresh/deceased
    assert report["lapsed"] == 2 and len(report["flagged"]) == 2
    assert ids["lapsed"] not in run.stdout and ids["leap"] not in run.stdout       # masked
    flagged = {f["id_masked"][-4:]: f for f in report["flagged"]}
    assert flagged[ids["lapsed"][-4:]]["valid_until"] == "2026-02-28"
    assert flagged[ids["leap"][-4:]]["valid_until"] == "2025-02-28"
    assert flagged[ids["lapsed"][-4:]]["missed_months"] == 10                       # 2026-03 … 2026-12

    # the cycle it counted with is the agency's setting, not confirmed (policy-params.toml): said with its source
    cycle = next(u for u in report["unconfirmed"] if u["key"] == "certification.cycle_months")
    assert cycle["value"] == 12 and "经办机构设定" in cycle["source"]

    again = _cli(centre.db_url, "sweep", "--today", "2026-12-01", "--json")
    assert json.loads(again.stdout)["flagged"] == [] and json.loads(again.stdout)["already"] == 2
    said = _cli(centre.db_url, "sweep", "--today", "2026-12-01").stdout
    assert "参数“待遇资格认证周期" in said and "尚未确认，请核实（经办机构设定" in said
    with Session(centre.engine) as s:
        assert s.scalar(select(func.count()).select_from(SuspensionRow)) == 2
        assert s.scalar(select(func.count()).select_from(ApprovalRow).where(
            ApprovalRow.action == "payment_suspension")) == 2
        assert s.scalar(select(func.count()).select_from(RegistryPerson)) == 6      # nothing deleted
        assert "payment_suspension" not in _record(s, ids["lapsed"])                 # flagged, not yet suspended

    # the office's supervisor sees the request; the clerk may not decide it
    sup, _ = _login(centre, "supervisor01")
    pending = centre.get("/api/v1/approvals", params={"state": "pending"}, headers=sup).json()["items"]
    mine = [r for r in pending if r["id"] == flagged[ids["lapsed"][-4:]]["request_id"]]
    assert mine and mine[0]["action"] == "payment_suspension" and mine[0]["required_level"] == 1
    assert ids["lapsed"] not in json.dumps(pending, ensure_ascii=False)
    clerk, _ = _login(centre, "clerk01")
    refused = centre.post(f"/api/v1/approvals/{mine[0]['id']}/decision",
                          json={"decision": "approved", "reason": "同意"}, headers=clerk)
    assert refused.status_code == 403
    _decide(centre, sup, mine[0]["id"])
    with Session(centre.engine) as s:
        assert _record(s, ids["lapsed"])["payment_suspension"] == "lapse"
        assert _record(s, ids["lapsed"])["status"] == "retired"
    listing = _cli(centre.db_url, "suspensions")
    assert "已暂停发放" in listing.stdout and ids["lapsed"] not in listing.stdout


def test_recertification_after_lapse_resumes_with_back_pay_through_approval(centre, ids):
    from counter_central.certification import CertificationRow, SuspensionRow

    _cli(centre.db_url, "sweep", "--today", "2026-12-01")
    sup, _ = _login(centre, "supervisor01")
    with Session(centre.engine) as s:
        susp = s.scalars(select(SuspensionRow).where(SuspensionRow.id_number == ids["lapsed"])).one()
        rid = susp.suspend_request_id
    _decide(centre, sup, rid)
    with Session(centre.engine) as s:     # as if approved when the certification lapsed (2026-03-01)
        susp = s.scalars(select(SuspensionRow).where(SuspensionRow.id_number == ids["lapsed"])).one()
        assert susp.effective_on == (datetime.now(timezone.utc) + timedelta(hours=8)).date()   # recorded on approval
        susp.effective_on = date(2026, 3, 2)
        s.commit()

    ws = f"W-{uuid.uuid4().hex[:8]}"
    clerk, _ = _login(centre, "clerk01", ws)
    result, body = _push_certification(centre, clerk, ws, ids["lapsed"], date(2026, 12, 3), case_id="C-RES")
    assert result["status"] == "accepted", result
    with Session(centre.engine) as s:
        rec = _record(s, ids["lapsed"])
        assert rec["last_certified"] == "2026-12-03" and rec["payment_suspension"] == "lapse"   # until approved
        susp = s.scalars(select(SuspensionRow).where(SuspensionRow.id_number == ids["lapsed"])).one()
        assert susp.state == "resume_pending"
        months = json.loads(susp.back_pay_months)
        assert months[0] == "2026-03" and months[-1] == "2026-11" and len(months) == 9
        resume_id = susp.resume_request_id
    # a replay of the same push changes nothing twice
    again = centre.post("/api/v1/sync/push", json=body, headers=clerk).json()["results"][0]
    assert again["status"] == "duplicate"
    with Session(centre.engine) as s:
        assert s.scalar(select(func.count()).select_from(CertificationRow)) == 1
        assert s.scalar(select(func.count()).select_from(SuspensionRow)) == 2

    pending = centre.get("/api/v1/approvals", params={"state": "pending"}, headers=sup).json()["items"]
    req = next(r for r in pending if r["id"] == resume_id)
    assert req["action"] == "payment_resumption" and req["maker"] == "clerk01" and req["case_id"] == "C-RES"
    assert req["details"]["back_pay_months"] == months and "补发 9 个月" in req["summary"]
    assert "暂停发放自 2026-03-02 起生效" in req["summary"] and req["details"]["effective_on"] == "2026-03-02"
    _decide(centre, sup, resume_id)
    with Session(centre.engine) as s:
        assert "payment_suspension" not in _record(s, ids["lapsed"])
        assert s.get(SuspensionRow, susp.id).state == "resumed"


def test_back_pay_counts_from_when_the_suspension_took_effect_not_from_the_lapse(centre, ids):
    """钱国华 lapsed on 2026-03-01 but the suspension was approved only today (a backlog): payment was
    never stopped in the months between, so a re-certification today pays nothing back (6.6.2.8
    缺漏发放月份) — it paid 2026-03 … 2026-11 again. The approver of the resumption is shown the
    day the suspension took effect."""
    from counter_central.certification import SuspensionRow

    _cli(centre.db_url, "sweep", "--today", "2026-12-01")
    sup, _ = _login(centre, "supervisor01")
    with Session(centre.engine) as s:
        rid = s.scalars(select(SuspensionRow).where(SuspensionRow.id_number == ids["lapsed"])).one().suspend_request_id
    _decide(centre, sup, rid)
    today = (datetime.now(timezone.utc) + timedelta(hours=8)).date()
    listing = json.loads(_cli(centre.db_url, "suspensions", "--json").stdout)
    assert next(r for r in listing if r["id_masked"][-4:] == ids["lapsed"][-4:])["effective_on"] == today.isoformat()
    ws = f"W-{uuid.uuid4().hex[:8]}"
    clerk, _ = _login(centre, "clerk01", ws)
    result, _ = _push_certification(centre, clerk, ws, ids["lapsed"], today, case_id="C-LATE")
    assert result["status"] == "accepted", result
    with Session(centre.engine) as s:
        susp = s.scalars(select(SuspensionRow).where(SuspensionRow.id_number == ids["lapsed"])).one()
        assert susp.state == "resume_pending" and json.loads(susp.back_pay_months) == []
    pending = centre.get("/api/v1/approvals", params={"state": "pending"}, headers=sup).json()["items"]
    req = next(r for r in pending if r["id"] == susp.resume_request_id)
    assert req["details"]["back_pay_months"] == [] and "无缺漏发放月份" in req["summary"]
    assert f"暂停发放自 {today.isoformat()} 起生效" in req["summary"]


def test_prison_suspension_resumes_without_back_pay(centre, ids):
    from counter_central.certification import SuspensionRow
    from counter_central.db import RegistryPerson

    with Session(centre.engine) as s:       # last certified long ago: a lapse would owe back pay
        row = s.get(RegistryPerson, ids["prison"])
        row.record = json.dumps({**json.loads(row.record), "last_certified": "2024-06-30"}, ensure_ascii=False)
        s.commit()
    run = _cli(centre.db_url, "suspend", ids["prison"], "--reason", "prison", "--note", "（2026）粤0304刑初123号",
               "--today", "2026-07-05", "--json")
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    dup = _cli(centre.db_url, "suspend", ids["prison"], "--reason", "prison", "--note", "重复")
    assert dup.returncode == 1 and "不能重复申请" in dup.stderr
    sup, _ = _login(centre, "supervisor01")
    _decide(centre, sup, out["request_id"])
    with Session(centre.engine) as s:
        assert _record(s, ids["prison"])["payment_suspension"] == "prison"
    # released and certified today, long after the certification lapsed (2025-07-01): no back pay
    # (a certification dated in the future is refused: tests/unit/central/test_central_input.py)
    ws = f"W-{uuid.uuid4().hex[:8]}"
    clerk, _ = _login(centre, "clerk01", ws)
    today = (datetime.now(timezone.utc) + timedelta(hours=8)).date()
    result, _ = _push_certification(centre, clerk, ws, ids["prison"], today, case_id="C-PR")
    assert result["status"] == "accepted"
    with Session(centre.engine) as s:
        susp = s.get(SuspensionRow, out["suspension_id"])
        assert susp.state == "resume_pending" and json.loads(susp.back_pay_months) == []
        assert susp.reason == "prison" and "刑初" in susp.note
    pending = centre.get("/api/v1/approvals", params={"state": "pending"}, headers=sup).json()["items"]
    req = next(r for r in pending if r["id"] == susp.resume_request_id)
    assert req["details"]["back_pay_months"] == [] and "不补发" in req["summary"]


def test_recertified_before_approval_clears_the_flag_and_bad_entries_are_refused(centre, ids):
    from counter_central.certification import SuspensionRow
    from counter_central.db import ApprovalRow

    _cli(centre.db_url, "sweep", "--today", "2026-12-01")
    ws = f"W-{uuid.uuid4().hex[:8]}"
    clerk, _ = _login(centre, "clerk01", ws)
    result, _ = _push_certification(centre, clerk, ws, ids["lapsed"], date(2026, 12, 2))
    assert result["status"] == "accepted"
    with Session(centre.engine) as s:
        susp = s.scalars(select(SuspensionRow).where(SuspensionRow.id_number == ids["lapsed"])).one()
        assert susp.state == "cleared" and s.get(ApprovalRow, susp.suspend_request_id).state == "expired"
    # an older result never moves last_certified backward
    older, _ = _push_certification(centre, clerk, ws, ids["lapsed"], date(2026, 11, 30), seq=2)
    assert older["status"] == "accepted"
    with Session(centre.engine) as s:
        assert _record(s, ids["lapsed"])["last_certified"] == "2026-12-02"
    dead, _ = _push_certification(centre, clerk, ws, ids["dead"], date(2026, 12, 2), seq=3)
    assert dead["status"] == "rejected" and "死亡" in dead["reason"]


def test_reminders_csv_content_mode_and_audit(centre, ids, tmp_path):
    from counter_central.certification import ExportRow

    out = tmp_path / "sms.csv"
    out.write_text("stale", encoding="utf-8")
    os.chmod(out, 0o644)
    # the list (full ID numbers) never goes over a file that is there, nor through a link to one,
    # unless asked (was: the file written over, the link followed, exit 0)
    kept = tmp_path / "important.txt"
    kept.write_text("keep me", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(kept)
    for target in (out, tmp_path / "link.csv"):
        refused = _cli(centre.db_url, "reminders", "--today", "2026-12-01", "--csv", str(target), "--by", "admin01")
        assert refused.returncode == 1 and "文件已存在" in refused.stderr and "--force" in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr
    assert out.read_text(encoding="utf-8") == "stale" and kept.read_text(encoding="utf-8") == "keep me"
    assert (tmp_path / "link.csv").is_symlink()
    run = _cli(centre.db_url, "reminders", "--today", "2026-12-01", "--csv", str(out), "--by", "admin01", "--json",
               "--force")
    assert run.returncode == 0, run.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    # within the default 60 days: only the one valid through 2026-12-31 (30 days left)
    assert rows == [{"id": ids["due"], "name": "孙桂兰", "phone": "13800138023", "valid_until": "2026-12-31",
                     "days_left": "30"}]
    shown = json.loads(run.stdout)
    assert shown["count"] == 1 and ids["due"] not in run.stdout and "13800138023" not in run.stdout
    wider = _cli(centre.db_url, "reminders", "--today", "2026-12-01", "--days", "130", "--office", "FT",
                 "--csv", str(tmp_path / "b.csv"), "--json")
    got = [r["valid_until"] for r in json.loads(wider.stdout)["items"]]
    assert got == ["2026-12-31", "2027-03-31"]                     # 30 and 120 days, soonest first
    with Session(centre.engine) as s:
        audits = s.scalars(select(ExportRow).order_by(ExportRow.at)).all()
        assert [(a.actor, a.rows, a.days) for a in audits][0] == ("admin01", 1, 60)
        assert len(audits) == 2 and audits[0].path == str(out.resolve())
    none = _cli(centre.db_url, "reminders", "--today", "2026-12-01")
    assert none.returncode == 1 and "--csv" in none.stderr


def test_reminders_for_a_supervisor_are_masked_and_read_only(centre, ids):
    from counter_central.certification import reminders

    sup, _ = _login(centre, "supervisor01")
    r = centre.get("/api/v1/certification/reminders", params={"days": 366}, headers=sup)
    assert r.status_code == 200, r.text
    body = r.json()
    with Session(centre.engine) as s:
        expected = reminders(s, date.fromisoformat(body["today"]), days=366, office="FT")
    assert [i["id_masked"] for i in body["items"]] == [e.masked()["id_masked"] for e in expected]
    assert all(i["office"] == "FT" for i in body["items"])
    text = json.dumps(body, ensure_ascii=False)
    for key in ("due", "fresh", "prison", "leap"):
        assert ids[key] not in text
    assert "孙桂兰" not in text and "13800138023" not in text
    clerk, _ = _login(centre, "clerk01")
    assert centre.get("/api/v1/certification/reminders", headers=clerk).status_code == 403
    assert centre.get("/api/v1/certification/reminders", params={"days": 999}, headers=sup).status_code == 422
