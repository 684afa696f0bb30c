"""The centre's own actions leave audit records (every action leaves one): account and workstation
administration and reference publishing are chained (SM3, like the workstations' trails) in the
centre's chain ``@centre``, in the same transaction as the action; ``counter-central audit list``
shows them and ``audit verify`` recomputes every chain the centre holds and names a tampered one."""

from __future__ import annotations

import getpass
import io
import json

from sqlalchemy import update
from sqlalchemy.orm import Session

from counter_central.cli import main
from counter_central.db import make_engine


def _run(capsys, *argv: str, stdin: str | None = None, monkeypatch=None) -> tuple[int, object]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    capsys.readouterr()
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def test_administration_is_chained_in_the_centres_audit_and_verified(tmp_path, capsys, monkeypatch):
    db = f"--db=sqlite:///{tmp_path / 'central.sqlite3'}"
    assert main(["seed", db]) == 0
    code, _ = _run(capsys, "users", "add", "sup09", "--office", "FT", "--role", "supervisor", "--password-stdin", db,
                   stdin="sup09-pass-2026\n", monkeypatch=monkeypatch)
    assert code == 0
    assert _run(capsys, "users", "set-level", "sup09", "1", db)[0] == 0
    assert _run(capsys, "users", "disable", "sup09", db)[0] == 0
    assert _run(capsys, "users", "enable", "sup09", db)[0] == 0
    assert _run(capsys, "users", "reset-password", "sup09", "--password-stdin", db, stdin="sup09-new-2026\n",
                monkeypatch=monkeypatch)[0] == 0
    assert _run(capsys, "workstations", "add", "FT-W77", "--office", "FT", db)[0] == 0
    assert _run(capsys, "workstations", "retire", "FT-W77", "--yes", db)[0] == 0
    assert _run(capsys, "users", "disable", "nobody", db)[0] == 1            # refused: recorded as refused
    params = tmp_path / "authorisation.json"
    params.write_text(json.dumps({"version": "a-2027", "rules": [{"action": "rejection", "level": 1,
                                                                  "effective_from": "2022-01-01"}]}), encoding="utf-8")
    assert _run(capsys, "reference", "publish", "authorisation", str(params), db)[0] == 0

    code, records = _run(capsys, "audit", "list", db)
    assert code == 0
    mine = [r for r in records if r["object_id"] in ("sup09", "FT-W77", "authorisation:a-2027")]
    assert [r["action"] for r in mine] == ["user.add", "user.set_level", "user.disable", "user.enable",
                                           "user.reset_password", "workstation.add", "workstation.retire",
                                           "reference.publish"]
    assert {r["actor"] for r in mine} == {f"命令行:{getpass.getuser()}"}
    assert mine[1]["detail"] == "审批级别 0 → 1" and "分局 FT" in mine[0]["detail"]
    refused = [r for r in records if r["object_id"] == "nobody"]
    assert [(r["action"], r["result"]) for r in refused] == [("user.disable", "refused")]
    assert refused[0]["detail"] == "没有用户 nobody"
    assert all("sup09-pass" not in json.dumps(r) for r in records)          # never a password
    code, chains = _run(capsys, "audit", "verify", db)
    assert code == 0 and {c["chain"]: c["problem"] for c in chains}["@centre"] is None

    # someone with the database edits a record: verify names the chain and fails
    from counter_central.audit import CentralAuditRecord

    engine = make_engine(db.removeprefix("--db="))
    with Session(engine) as s:
        s.execute(update(CentralAuditRecord).where(CentralAuditRecord.workstation_id == "@centre",
                                                   CentralAuditRecord.action == "user.set_level")
                  .values(detail="审批级别 0 → 2"))
        s.commit()
    engine.dispose()
    code, chains = _run(capsys, "audit", "verify", db)
    assert code == 1 and "被改动" in {c["chain"]: c["problem"] for c in chains}["@centre"]


RETIRED = "440303195207012253"      # 钱国华 in the demo registry: retired, certified 2025-02-18 (lapsed)


def test_the_centres_runs_and_imports_are_chained_without_a_clear_id(tmp_path, capsys, monkeypatch):
    """Registry import, the certification sweep, a 服刑 suspension, the reminders export, a home-visit
    request, expired approval requests: each one record in ``@centre`` naming who and how many; the
    person only masked, the suspension's note not at all."""
    from datetime import datetime, timedelta, timezone

    from counter_central.approvals import expire_due

    path = tmp_path / "central.sqlite3"
    db = f"--db=sqlite:///{path}"
    assert main(["seed", db]) == 0
    code, imported = _run(capsys, "registry", "import", "--seed-demo", db)
    assert code == 0 and imported["persons"] > 0
    code, swept = _run(capsys, "certification", "sweep", "--today=2026-12-04", db)
    assert code == 0 and swept["flagged"]
    assert _run(capsys, "certification", "suspend", "440304195611232369", "--reason", "prison",
                "--note", "判决书（2026）粤0304刑初9号", db)[0] == 0
    csv = tmp_path / "reminders.csv"
    assert _run(capsys, "certification", "reminders", "--today=2026-12-04", "--days=365", f"--csv={csv}",
                "--by=auditor07", db)[0] == 0
    assert _run(capsys, "field", "request", RETIRED, "--office", "FT", "--by=clerk01", db)[0] == 0
    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as s:
        # past the shipped table's pending_expiry_hours (72 h): the sweep's requests expire
        expired = [r.id for r in expire_due(s, now=datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(days=10))]
        s.commit()
    engine.dispose()
    assert expired

    code, records = _run(capsys, "audit", "list", db)
    assert code == 0
    by_action = {r["action"]: r for r in records}
    assert f"参保人档案 {imported['persons']} 条" in by_action["registry.import"]["detail"]
    assert f"新标记暂停发放 {len(swept['flagged'])} 人" in by_action["certification.sweep"]["detail"]
    assert swept["flagged"][0]["request_id"] in by_action["certification.sweep"]["detail"]
    assert "440304********2369" in by_action["certification.suspend"]["detail"]
    assert by_action["certification.export"]["actor"] == "auditor07" and str(csv) in by_action["certification.export"]["detail"]
    assert (by_action["field.request"]["actor"], by_action["field.request"]["object_type"]) == ("clerk01", "field_request")
    assert by_action["approvals.expire"]["actor"] == "系统（过期检查）"
    assert all(rid in by_action["approvals.expire"]["detail"] for rid in expired)
    text = json.dumps(records, ensure_ascii=False)
    assert RETIRED not in text and "440304195611232369" not in text and "刑初9号" not in text
    code, chains = _run(capsys, "audit", "verify", db)
    assert code == 0 and {c["chain"]: c["problem"] for c in chains}["@centre"] is None


def _centre(path, **kw):
    """A centre app on ``path`` (SQLite) seeded with the demo accounts, FT-W01 registered."""
    from counter_central import admin
    from counter_central.app import create_app
    from counter_central.seed import seed_demo

    app = create_app(f"sqlite:///{path}", require_totp=False, **kw)
    with Session(app.state.engine) as s:
        seed_demo(s, with_reference=False)
        admin.add_workstation(s, "FT-W01", office="FT")
    return app


def _bearer(client, username: str) -> dict:
    from tests.support.central import DEMO_PASSWORDS

    r = client.post("/api/v1/auth/login", json={"username": username, "password": DEMO_PASSWORDS[username],
                                                "workstation_id": "FT-W01"})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_a_reference_published_over_http_is_recorded_as_the_admin(tmp_path):
    from fastapi.testclient import TestClient

    from counter_central.audit import records_of

    app = _centre(tmp_path / "c.sqlite3")
    with TestClient(app) as client:
        h = _bearer(client, "admin01")
        r = client.post("/api/v1/reference", headers=h, json={"name": "offices", "version": "m-1",
                                                               "content": {"offices": {}}})
        assert r.status_code == 201, r.text
    with Session(app.state.engine) as s:
        (rec,) = [x for x in records_of(s, "@centre") if x["action"] == "reference.publish"]
    assert rec["actor"] == "admin01" and rec["object_id"] == "offices:m-1"
    app.state.engine.dispose()


def test_a_workstation_registered_over_http_or_at_a_demo_sign_in_is_recorded_as_the_user(tmp_path):
    from fastapi.testclient import TestClient

    from counter_central.app import create_app
    from counter_central.audit import records_of
    from counter_central.seed import seed_demo
    from tests.support.central import DEMO_PASSWORDS

    app = create_app(f"sqlite:///{tmp_path / 'c.sqlite3'}", require_totp=False, demo=True)
    with Session(app.state.engine) as s:
        seed_demo(s, with_reference=False)
    with TestClient(app) as client:
        r = client.post("/api/v1/auth/workstations", json={
            "username": "supervisor01", "password": DEMO_PASSWORDS["supervisor01"], "workstation_id": "FT-W50",
            "office_code": "FT", "name": "第50窗口"})
        assert r.status_code in (200, 201), r.text
        r = client.post("/api/v1/auth/login", json={"username": "clerk01", "password": DEMO_PASSWORDS["clerk01"],
                                                    "workstation_id": "FT-W51"})
        assert r.status_code == 200, r.text
        r = client.post("/api/v1/auth/login", json={"username": "clerk01", "password": DEMO_PASSWORDS["clerk01"],
                                                    "workstation_id": "FT-W51"})   # registered once: one record
    with Session(app.state.engine) as s:
        added = [(x["actor"], x["object_id"]) for x in records_of(s, "@centre") if x["action"] == "workstation.add"]
    assert added == [("supervisor01", "FT-W50"), ("clerk01", "FT-W51")]
    app.state.engine.dispose()


def test_audit_reads_lists_who_read_a_persons_record(tmp_path, capsys, monkeypatch):
    from fastapi.testclient import TestClient

    path = tmp_path / "c.sqlite3"
    app = _centre(path)
    with TestClient(app) as client:
        h = _bearer(client, "clerk01")
        for ident in ("440303195207012253", "440303195207012253", "110105196512150011"):
            assert client.post("/api/v1/registry/person", headers=h, json={"id_number": ident}).status_code == 200
    app.state.engine.dispose()
    db = f"--db=sqlite:///{path}"
    code, rows = _run(capsys, "audit", "reads", "--subject", "440303195207012253", db)
    assert code == 0 and len(rows) == 2 and {r["username"] for r in rows} == {"clerk01"}
    assert rows[0]["subject"] == "440303********2253" and rows[0]["workstation_id"] == "FT-W01"
    code, masked = _run(capsys, "audit", "reads", "--subject", "440303********2253", db)
    assert masked == rows
    # the number on standard input (kept out of ps and the shell's history)
    code, piped = _run(capsys, "audit", "reads", "--subject", "-", db, stdin="440303195207012253\n", monkeypatch=monkeypatch)
    assert code == 0 and piped == rows
    code, everyone = _run(capsys, "audit", "reads", "--user", "clerk01", db)
    assert len(everyone) == 3


def test_the_registry_reads_migration_matches_the_model(tmp_path):
    from tests.support.central import central_database_at, schema_drift

    engine, upgrade = central_database_at(tmp_path / "old.sqlite3", "c0016_changes_aggregate")
    upgrade("heads")
    assert schema_drift(engine, "registry_reads") == []
    engine.dispose()


def test_adding_a_registered_workstation_says_so_and_is_audited(tmp_path, capsys):
    """`workstations add FT-W01` on an id registered before exited 0 silently and ignored a new
    --name, leaving no record. Now it is refused (exit 1) saying where it is registered and what to
    do, the refusal is in @centre, and `workstations rename` changes the name, audited."""
    db = f"--db=sqlite:///{tmp_path / 'central.sqlite3'}"
    assert main(["seed", db]) == 0
    assert _run(capsys, "workstations", "add", "FT-W01", "--office", "FT", "--name", "一号窗口", db)[0] == 0
    assert main(["workstations", "add", "FT-W01", "--office", "FT", "--name", "二号窗口", db]) == 1
    err = capsys.readouterr().err
    assert "已登记在分局 FT" in err and "一号窗口" in err and "workstations rename FT-W01" in err
    code, rows = _run(capsys, "workstations", "rename", "FT-W01", "--name", "二号窗口", db)
    assert code == 0 and rows["name"] == "二号窗口"
    code, rows = _run(capsys, "workstations", "list", db)
    assert [r["name"] for r in rows if r["workstation_id"] == "FT-W01"] == ["二号窗口"]
    code, records = _run(capsys, "audit", "list", db)
    mine = [(r["action"], r["result"]) for r in records if r["object_id"] == "FT-W01"]
    assert mine == [("workstation.add", "ok"), ("workstation.add", "refused"), ("workstation.rename", "ok")]
    assert "一号窗口 → 二号窗口" in [r for r in records if r["action"] == "workstation.rename"][0]["detail"]


def test_retire_is_confirmed_and_a_second_retirement_is_not_recorded(tmp_path, capsys, monkeypatch):
    """IT staff report: retire asked nothing (a typo kills a working window for good), and retiring
    a retired id recorded a fresh 停用 in @centre."""
    db = f"--db=sqlite:///{tmp_path / 'central.sqlite3'}"
    assert main(["seed", db]) == 0
    assert _run(capsys, "workstations", "add", "FT-W77", "--office", "FT", db)[0] == 0
    code, answer = _run(capsys, "workstations", "retire", "FT-W77", db, stdin="", monkeypatch=monkeypatch)  # no tty
    assert code == 2 and "--yes" in answer["error"] and "不可撤销" in answer["error"]
    import sys

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "FT-W7")                  # a typo: nothing retired
    assert _run(capsys, "workstations", "retire", "FT-W77", db)[0] == 1
    code, rows = _run(capsys, "workstations", "list", db)
    assert [r["retired_at"] for r in rows if r["workstation_id"] == "FT-W77"] == [None]
    monkeypatch.setattr("builtins.input", lambda prompt: "FT-W77")
    assert _run(capsys, "workstations", "retire", "FT-W77", db)[0] == 0
    code, answer = _run(capsys, "workstations", "retire", "FT-W77", "--yes", db)
    assert code == 0 and answer["already_retired"] is True
    code, records = _run(capsys, "audit", "list", db)
    assert [(r["action"], r["result"]) for r in records if r["object_id"] == "FT-W77"] == [
        ("workstation.add", "ok"), ("workstation.retire", "ok")]
