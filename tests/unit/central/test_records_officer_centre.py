"""The centre's side of 不相容岗位分离 (7.3) and of the audit trail a records officer relies on:
case entries done by an account without a counter role are refused whoever pushes them, and an
account never holds business (or administration) and audit together."""

from __future__ import annotations

import uuid6

from counter_protocol import sync as p


def _login(central, username: str) -> dict:
    r = central.post("/api/v1/auth/login", json={"username": username, "password": f"{username}-demo",
                                                 "workstation_id": "FT-W01"})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _entry(seq: int, case: str, payload: dict, actor: str) -> p.OutboxItem:
    return p.OutboxItem(id=str(uuid6.uuid7()), seq=seq, kind="case.transition", aggregate_type="case",
                        aggregate_id=case, payload=payload, payload_digest=p.payload_digest(p.canonical_json(payload)),
                        actor=actor)


def test_case_entries_of_an_auditor_or_admin_are_refused_each_with_a_chinese_reason(central_sqlite_client):
    central = central_sqlite_client
    h = _login(central, "clerk01")
    create = {"from_state": "", "to_state": "draft"}
    entries = [_entry(1, "A1", create, "auditor01"), _entry(2, "A2", create, "admin01"),
               _entry(3, "A3", create, "clerk01"), _entry(4, "A4", create, "supervisor01"),
               _entry(5, "A5", create, "someone-unknown"),
               _entry(6, "A1", {"from_state": "draft", "to_state": "review"}, "clerk01")]
    body = p.PushRequest(workstation_id="FT-W01", entries=entries).model_dump(mode="json")
    res = central.post("/api/v1/sync/push", json=body, headers=h).json()["results"]
    assert [x["outcome"] for x in res] == ["rejected", "rejected", "accepted", "accepted", "accepted", "conflict"]
    assert "auditor01 不是窗口经办人或科长" in res[0]["reason"] and "审计" in res[0]["reason"]
    assert "admin01" in res[1]["reason"] and res[1]["suggested_action"]
    board = central.get("/api/v1/dashboard", headers=_login(central, "supervisor01"))
    if board.status_code == 200:
        assert "auditor01" not in board.text


def _cli(capsys, monkeypatch, *argv: str, stdin: str | None = None) -> tuple[int, str]:
    import io

    from counter_central.cli import main

    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out + err


def test_an_account_never_holds_business_or_administration_with_audit(tmp_path, capsys, monkeypatch):
    from counter_central.cli import main

    db = f"--db=sqlite:///{tmp_path / 'central.sqlite3'}"
    assert main(["seed", db]) == 0                     # the demo accounts keep their duties apart

    def add(name: str, role: str, *more: str) -> tuple[int, str]:
        return _cli(capsys, monkeypatch, "users", "add", name, "--office", "FT", "--role", role, "--password-stdin",
                    *more, db, stdin=f"{name}-pass-2026\n")

    for role in ("clerk,auditor", "supervisor,auditor", "field,auditor", "admin,auditor"):
        code, said = add("mixed01", role)
        assert code != 0 and "审计" in said and "同一账号兼任" in said, (role, said)
    code, said = add("aud02", "auditor", "--staff-no", "FT1001")          # clerk01's 工号
    assert code != 0 and "clerk01" in said and "同一人不能兼任" in said
    code, said = add("clerk09", "clerk", "--staff-no", "FT8001")          # auditor01's
    assert code != 0 and "auditor01" in said
    assert add("aud02", "auditor", "--staff-no", "FT8002")[0] == 0
    code, said = _cli(capsys, monkeypatch, "users", "set-staff-no", "aud02", "FT1001", db)
    assert code != 0 and "clerk01" in said
    code, said = _cli(capsys, monkeypatch, "users", "set-staff-no", "admin01", "FT8001", db)
    assert code != 0 and "系统管理员与审计管理员须分设" in said
    assert add("sup09", "supervisor,clerk", "--staff-no", "FT1001")[0] == 0   # one person's two business accounts
    code, said = _cli(capsys, monkeypatch, "users", "list", "--json", db)
    names = said
    assert "mixed01" not in names and "clerk09" not in names


def test_audit_verify_catches_a_deleted_head_and_a_deleted_anchor(store, central_sqlite_client):
    """A chain whose first records were deleted (it no longer starts at seq 1 from GENESIS, and
    continues no other chain's record) and a chain whose anchor row was deleted are both reported:
    every stored chain is checked, not only those with an anchor."""
    from sqlalchemy import delete, update
    from sqlalchemy.orm import Session

    from counter_central import audit as centre_audit
    from tests.integration.test_audit_anchor import _client, _events, _push

    client = _client(central_sqlite_client)
    _events(store, 6)
    assert _push(store, client).audit_synced == 6
    client.close()
    engine = central_sqlite_client.app.state.engine
    with Session(engine) as s:
        assert {r["chain"]: r["problem"] for r in centre_audit.verify(s)}["FT-W01"] is None
        anchor = s.get(centre_audit.AuditAnchorRow, "FT-W01")
        kept = (anchor.seq, anchor.digest)
        s.delete(anchor)
        s.commit()
        found = {r["chain"]: r for r in centre_audit.verify(s)}["FT-W01"]      # still listed without its anchor
        assert found["head"] is None and "链头被删除" in found["problem"]
        s.add(centre_audit.AuditAnchorRow(workstation_id="FT-W01", seq=kept[0], digest=kept[1]))
        s.execute(delete(centre_audit.CentralAuditRecord).where(centre_audit.CentralAuditRecord.workstation_id == "FT-W01",
                                                                centre_audit.CentralAuditRecord.seq <= 2))
        s.commit()
        found = {r["chain"]: r for r in centre_audit.verify(s)}["FT-W01"]
        assert found["records"] == 4 and "第 1–2 条被删除" in found["problem"]
        s.execute(update(centre_audit.CentralAuditRecord).values(actor_unknown=True))
        s.commit()
        assert all(r["actor_unknown"] for r in centre_audit.records_of(s, "FT-W01"))


def test_the_auditor_reads_the_trail_the_registry_reads_and_the_archive_of_the_office_read_only(
        store, central_sqlite_client):
    """7.3.3: monitoring apart from business. The 审计 account reads its office's workstation trails
    (by workstation, day, action; actor_unknown shown), the registry-read log and the archive listing
    through its own token; a clerk or supervisor cannot; each read is itself in the centre's chain."""
    from sqlalchemy.orm import Session

    from counter_central import audit as centre_audit
    from tests.integration.test_audit_anchor import _client, _events, _push

    central = central_sqlite_client
    client = _client(central)
    _events(store, 3)
    assert _push(store, client).audit_synced == 3
    client.close()
    auditor = _login(central, "auditor01")
    got = central.get("/api/v1/audit/records", params={"workstation": "FT-W01", "action": "record.lookup"},
                      headers=auditor)
    assert got.status_code == 200, got.text
    rows = got.json()
    assert [r["seq"] for r in rows] == [1, 2, 3] and rows[0]["action_label"] == "查询参保档案"
    assert all("********" in r["object_id"] and r["actor_unknown"] is False for r in rows)
    from datetime import datetime, timedelta

    from counter_central.audit import beijing_day_in_utc

    # the day is the hall's (Beijing time): 00:30 Beijing is 16:30 UTC the day before
    assert beijing_day_in_utc("2026-12-06") == ("2026-12-05T16:00:00", "2026-12-06T16:00:00")
    day = (datetime.fromisoformat(rows[0]["at"].replace("Z", "+00:00")) + timedelta(hours=8)).date().isoformat()
    assert len(central.get("/api/v1/audit/records", params={"day": day}, headers=auditor).json()) == 3
    assert central.get("/api/v1/audit/records", params={"day": "1999-01-01"}, headers=auditor).json() == []
    assert central.get("/api/v1/audit/registry-reads", headers=auditor).status_code == 200
    listing = central.get("/api/v1/archive/packages", headers=auditor)
    assert listing.status_code == 200 and listing.json() == []
    for who in ("clerk01", "supervisor01"):
        h = _login(central, who)
        for path in ("/api/v1/audit/records", "/api/v1/audit/registry-reads", "/api/v1/archive/packages"):
            assert central.get(path, headers=h).status_code == 403, (who, path)
    with Session(central.app.state.engine) as s:
        reads = [r for r in centre_audit.records_of(s, centre_audit.CENTRE_CHAIN, limit=50) if r["action"] == "audit.read"]
    assert len(reads) == 5 and all(r["actor"] == "auditor01" for r in reads)


def test_the_centre_lists_its_packages_by_archive_code_and_verifies_them_all(tmp_path, capsys, monkeypatch):
    import json

    from sqlalchemy.orm import Session

    from counter_central.archive import ArchivePackageRow
    from counter_central.cli import main
    from counter_central.db import make_engine

    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    assert main(["seed", f"--db={url}"]) == 0
    engine = make_engine(url)
    with Session(engine) as s:
        for case_no, code, version in (("FT-W01-20261206-0001", "FT-2026-D100-FT-W01.A1.00001", 1),
                                       ("FT-W01-20261206-0001", "FT-2026-D100-FT-W01.A1.00001", 2),
                                       ("FT-W01-20251206-0002", "FT-2025-Y-FT-W01.A1.00001", 1)):
            s.add(ArchivePackageRow(case_no=case_no, version=version, archive_code=code, workstation_id="FT-W01",
                                    office_code="FT", manifest="{}", digest="0" * 64, offered_by="clerk01"))
        s.commit()
    engine.dispose()
    code, said = _cli(capsys, monkeypatch, "archive", "list", "--json", f"--db={url}")
    rows = json.loads(said)
    assert code == 0 and [(r["archive_code"], r["version"], r["complete"]) for r in rows] == [
        ("FT-2025-Y-FT-W01.A1.00001", 1, False), ("FT-2026-D100-FT-W01.A1.00001", 2, False)]
    code, said = _cli(capsys, monkeypatch, "archive", "list", "--year", "2026", "--retention", "D100", f"--db={url}")
    assert code == 0 and "FT-2026-D100" in said and "FT-2025" not in said
    code, said = _cli(capsys, monkeypatch, "archive", "verify", "--all", f"--db={url}")
    assert code == 1 and "核验 2 个档案包" in said
