"""重复受理 at the centre (counter_central.samecase): two windows (or two offices) that each accept a
case of one 参保人 for a service the catalog allows once at a time. The centre answers the counter's
check at 受理审核 by the catalog's ``second_case`` rule; a second case that reaches it anyway
(accepted offline) is ACCEPTED but listed for supervisors and told to both counters, until one of
the two leaves its blocking state. The centre keeps no ID number in clear for it."""
# ruff: noqa: F811  (the imported fixture is each test's argument)

from __future__ import annotations

import json
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_protocol import samecase as same
from counter_protocol import sync as p
from tests.support.cases import man_born_like
from tests.unit.central.test_central_security import PW, auth, centre, entry, push, step_entry  # noqa: F401

PW.update(auditor01="auditor01-demo", field01="field01-demo")
# a person no other test uses: a man born 1951-09-23 in 罗湖 (440303)
PERSON = man_born_like("44030319510923001X", 7)
OTHER = man_born_like("44030319510923001X", 8)


def _moves(case: str, case_no: str, service: str, *states: str, person: str | None = PERSON,
           variants: tuple[str, ...] = (), seq: int = 1) -> list[p.OutboxItem]:
    """The case's transitions from nothing through ``states`` as a counter sends them (with the
    case's 参保人 beside the payload, as OutboxItem.person)."""
    out, before = [], ""
    for i, state in enumerate(states):
        payload = {"case_id": case, "case_no": case_no, "service_code": service, "catalog_version": "2026.3",
                   "action": "move", "from_state": before, "to_state": state, "actor": "clerk01",
                   "at": "2026-03-02T10:00:00+08:00"}
        item = entry(seq + i, payload, case=case).model_copy(update={"actor": "clerk01"})
        if person is not None:
            item = item.model_copy(update={"person": same.CasePerson(id_number=person, variants=list(variants))})
        out.append(item)
        before = state
    return out


TRANSFER_OUT_STEPS = ("sheet_generated", "sheet_sent", "fund_transfer", "terminated")   # its plan's steps


def _steps(case: str, service: str, codes: tuple[str, ...], seq: int) -> list[p.OutboxItem]:
    """The case's steps ``codes``, each done, as the counter sends them before its 办结: the centre
    lets the case reach 办结 only on the steps it accepted (counter_central.case_steps)."""
    return [step_entry(seq + i, case, code, service=service) for i, code in enumerate(codes)]


def _check(client, h, service: str, id_number: str = PERSON, **kw):
    body = same.OpenCaseCheck(service_code=service, id_number=id_number, **kw).model_dump(mode="json")
    return client.post(f"/api/v1{same.OPEN_CHECK_PATH}", json=body, headers=h)


def _changes(app, case: str) -> list[dict]:
    from counter_central.db import ChangeRow
    from counter_central.entry_key import opened_change      # sealed at rest

    with Session(app.state.engine) as s:
        rows = s.scalars(select(ChangeRow).where(ChangeRow.kind == same.DUPLICATE_KIND, ChangeRow.aggregate_id == case)
                         .order_by(ChangeRow.cursor))
        return [{"ws": r.workstation_id, "office": r.office_code, **json.loads(opened_change(r))} for r in rows]


def _cli(app, capsys, *args: str):
    from counter_central.cli import main

    url = str(app.state.engine.url)
    capsys.readouterr()
    assert main(["cases", "duplicates", "--db", url, "--by", "supervisor01", *args]) == 0
    return capsys.readouterr().out


def test_a_second_case_accepted_offline_elsewhere_is_kept_listed_told_and_freed_by_archiving(centre, capsys):
    app, client = centre
    w1, w2 = auth(client, "clerk01", "FT-W01"), auth(client, "clerk01", "FT-W02")
    res = push(client, w1, "FT-W01", *_moves("SC-A", "FT-2026-000101", "transfer_out", "draft", "review", "accepted"))
    assert {r["status"] for r in res} == {"accepted"}
    assert _cli(app, capsys).strip() == "（无）"
    # the second window accepted the same person's 转出 offline: the entry is accepted (nothing lost) ...
    res = push(client, w2, "FT-W02", *_moves("SC-B", "FT-2026-000202", "transfer_out", "draft", "review"))
    assert [r["status"] for r in res] == ["accepted", "accepted"], res
    # ... and a 重复受理 is listed for supervisors: numbers, workstations, states; no personal data
    out = json.loads(_cli(app, capsys, "--json"))
    assert len(out) == 1 and out[0]["service_code"] == "transfer_out" and out[0]["resolved_at"] is None
    assert (out[0]["case"]["case_no"], out[0]["case"]["workstation_id"], out[0]["case"]["state"]) == (
        "FT-2026-000202", "FT-W02", "review")
    assert (out[0]["other_case"]["case_no"], out[0]["other_case"]["workstation_id"]) == ("FT-2026-000101", "FT-W01")
    assert PERSON not in json.dumps(out) and PERSON[:6] + "********" not in json.dumps(out)
    assert json.loads(_cli(app, capsys, "--json", "--office", "LH")) == []
    assert "FT-2026-000202" in _cli(app, capsys) and "未解除" in _cli(app, capsys)
    # both counters are told, each of the other case
    [b] = _changes(app, "SC-B")
    assert (b["ws"], b["state"], b["other_case_no"], b["other_workstation_id"]) == ("FT-W02", "open", "FT-2026-000101", "FT-W01")
    assert b["note"].startswith("中心发现重复受理：") and "FT-2026-000101" in b["note"]
    [a] = _changes(app, "SC-A")
    assert (a["ws"], a["other_case_no"]) == ("FT-W01", "FT-2026-000202")
    # 办结 still blocks a 转出 (a second 信息表); 归档 frees it and resolves the duplicate
    # (its steps seq 4-7, after its acceptance and before its 办结 and 归档, seq 8 and 9)
    more = _moves("SC-A", "FT-2026-000101", "transfer_out", "draft", "review", "accepted", "completed", "archived",
                  seq=5)[3:]
    done = push(client, w1, "FT-W01", *_steps("SC-A", "transfer_out", TRANSFER_OUT_STEPS, seq=4), more[0])
    assert [r["status"] for r in done] == ["accepted"] * 5, done
    assert len(json.loads(_cli(app, capsys, "--json"))) == 1
    assert [r["status"] for r in push(client, w1, "FT-W01", more[1])] == ["accepted"]
    assert json.loads(_cli(app, capsys, "--json")) == []
    [done] = json.loads(_cli(app, capsys, "--json", "--all"))
    assert done["resolved_at"] and done["resolved_by_case"] == "SC-A"
    assert [c["state"] for c in _changes(app, "SC-B")] == ["open", "resolved"]
    assert [c["state"] for c in _changes(app, "SC-A")] == ["open", "resolved"]


def test_the_centre_keeps_no_id_number_in_clear_and_logs_none(centre, caplog):
    app, client = centre
    caplog.set_level(logging.DEBUG)
    h = auth(client, "clerk01", "FT-W01")
    push(client, h, "FT-W01", *_moves("SC-K", "FT-2026-000301", "pension", "draft", "review"))
    assert _check(client, auth(client, "clerk01", "FT-W02"), "pension").json()["blocking"]["case_no"] == "FT-2026-000301"
    from counter_central.db import ReceivedEntry
    from counter_central.samecase import CasePersonRow, person_digest

    with Session(app.state.engine) as s:
        row = s.get(CasePersonRow, "SC-K")
        assert row.person == person_digest(PERSON) and PERSON not in row.person and len(row.person) == 64
        assert all(PERSON not in r.payload for r in s.scalars(select(ReceivedEntry)))
    dumped = "\n".join(app.state.engine.raw_connection().driver_connection.iterdump())
    assert PERSON not in dumped
    assert all(PERSON not in r.getMessage() for r in caplog.records)


def test_the_check_names_the_blocking_case_and_another_office_only_by_number(centre):
    app, client = centre
    push(client, auth(client, "clerk01", "FT-W01"), "FT-W01",
         *_moves("SC-C", "FT-2026-000401", "pension", "draft", "review", "accepted"))
    r = _check(client, auth(client, "clerk01", "FT-W02"), "pension", case_id="SC-OTHER")
    assert r.status_code == 200, r.text
    blocking = r.json()["blocking"]
    assert blocking == {"case_no": "FT-2026-000401", "office_code": "FT", "workstation_id": "FT-W01",
                        "service_code": "pension", "state": "accepted", "state_name": "已受理（办理中）", "items": []}
    assert r.json()["rule"] == "refused_until_archived" and r.json()["reason"]
    # another office: the number, office and state only
    lh = _check(client, auth(client, "lhclerk", "LH-W01"), "pension").json()["blocking"]
    assert (lh["case_no"], lh["office_code"], lh["workstation_id"]) == ("FT-2026-000401", "FT", None)
    # the case itself, another service, another person: nothing in the way
    assert _check(client, auth(client, "clerk01", "FT-W01"), "pension", case_id="SC-C").json()["blocking"] is None
    assert _check(client, auth(client, "clerk01", "FT-W02"), "transfer_out").json()["blocking"] is None
    assert _check(client, auth(client, "clerk01", "FT-W02"), "pension", OTHER).json()["blocking"] is None
    # a service one may have twice: never blocking
    push(client, auth(client, "clerk01", "FT-W01"), "FT-W01",
         *_moves("SC-Q", "FT-2026-000402", "account_query", "draft", "review"))
    assert _check(client, auth(client, "clerk01", "FT-W02"), "account_query").json()["blocking"] is None
    # every check is a read of the person's record: kept in the 查询留痕, the number masked
    from counter_central.db import RegistryRead
    from counter_rules.masking import mask_id

    with Session(app.state.engine) as s:
        reads = list(s.scalars(select(RegistryRead).where(RegistryRead.kind == "samecase")
                               .order_by(RegistryRead.id)))
    assert [(r.username, r.workstation_id, r.subject, r.found) for r in reads][:2] == [
        ("clerk01", "FT-W02", mask_id(PERSON), True), ("lhclerk", "LH-W01", mask_id(PERSON), True)]
    assert len(reads) == 6 and all(PERSON not in r.subject for r in reads)


def test_the_check_needs_a_counter_login_and_a_known_service(centre):
    app, client = centre
    for who, ws in (("auditor01", "FT-W01"), ("field01", "FT-W01")):
        r = _check(client, auth(client, who, ws), "pension")
        assert r.status_code == 403, r.text
        assert PERSON not in r.text
    assert _check(client, {}, "pension").status_code == 401
    r = _check(client, auth(client, "clerk01", "FT-W01"), "no_such_service")
    assert r.status_code == 422 and r.json()["reason"] == "unknown_service"
    r = client.post(f"/api/v1{same.OPEN_CHECK_PATH}", json={"service_code": "pension", "id_number": "12345"},
                    headers=auth(client, "clerk01", "FT-W01"))
    assert r.status_code == 422 and r.json()["reason"] == "invalid_request"


def test_changes_of_different_items_are_no_duplicate_of_the_same_item_are(centre):
    app, client = centre
    push(client, auth(client, "clerk01", "FT-W01"), "FT-W01",
         *_moves("SC-M", "FT-2026-000501", "reg_change", "draft", "review", variants=("person.mobile",)))
    w2 = auth(client, "clerk01", "FT-W02")
    assert _check(client, w2, "reg_change", variants=["person.bank"]).json()["blocking"] is None
    assert _check(client, w2, "reg_change", variants=["person.mobile"]).json()["blocking"]["items"] == ["person.mobile"]
    push(client, w2, "FT-W02", *_moves("SC-N", "FT-2026-000502", "reg_change", "draft", "review",
                                       variants=("person.bank",)))
    assert _changes(app, "SC-N") == []
    push(client, w2, "FT-W02", *_moves("SC-O", "FT-2026-000503", "reg_change", "draft", "review",
                                       variants=("person.mobile",)))
    assert [c["other_case_no"] for c in _changes(app, "SC-O")] == ["FT-2026-000501"]


def test_the_tables_are_as_migrated(centre):
    from tests.support.central import schema_drift

    app, _client = centre
    for table in ("case_persons", "case_duplicates"):
        assert schema_drift(app.state.engine, table) == []


def test_a_queue_export_carries_the_person_sealed_and_the_import_indexes_it(store, tmp_path, app_home, capsys):
    """The day the network never comes: the exported transitions carry their 参保人 (inside the file
    sealed to the centre), so the centre's import indexes the case like a push."""
    from counter_app.reference.catalog import load_catalog
    from counter_app.sync.export import export_queue
    from counter_app.workflows.cases import CaseWorkflow
    from counter_central.cli import main as central
    from counter_central.samecase import CasePersonRow, person_digest
    from sqlalchemy import create_engine
    from tests.support.cases import ready_case

    workflow = CaseWorkflow(store, actor="clerk01", catalog=load_catalog(), office="福田分局", office_code="FT",
                            workstation_id="FT-W01")
    cid = ready_case(workflow, "pension", variants=("normal",), applicant={"name": "李四", "id_number": OTHER})
    db = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    assert central(["migrate", "--db", db]) == 0
    key_file = tmp_path / "centre" / "export-key.pem"
    capsys.readouterr()
    assert central(["export-key", "show", "--key-file", str(key_file), "--json"]) == 0
    public = json.loads(capsys.readouterr().out)["public_key"]
    path = tmp_path / "queue.jsonl"
    assert export_queue(store, path, "FT-W01", public) >= 2
    assert OTHER.encode() not in path.read_bytes()
    assert central(["import", str(path), "--db", db, "--key-file", str(key_file)]) == 0
    engine = create_engine(db)
    try:
        with Session(engine) as s:
            row = s.get(CasePersonRow, cid)
            assert row is not None and row.person == person_digest(OTHER) and row.state == "review"
    finally:
        engine.dispose()
