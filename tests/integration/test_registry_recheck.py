"""The centre re-checks a case accepted provisionally offline when its acceptance syncs: a
disagreement with the registry comes back to the clerk as an inbox item, never silently."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from counter_app.workflows.cases import CaseWorkflow
from counter_app.workflows.inbox import apply_pending, centre_updates
from counter_app.workflows.records import RecordService
from counter_central.entry_key import opened_change

pytestmark = pytest.mark.integration

NOT_INSURED = "440303199503031748"   # demo registry: status none
INSURED = "440304198706151135"       # demo registry: insured


def _accept_offline(workflow: CaseWorkflow, id_number: str, **applicant: str) -> str:
    view = workflow.create("reg_change", "individual", variants=("person.mobile",),
                      applicant={"name": "测试", "id_number": id_number, **applicant})
    cid = view.case.id
    assert view.case.facts["registry"]["state"] == "none"          # offline, no cache
    registered = next(e for e in workflow.evaluations(cid) if e.code == "registered")
    assert (registered.result, registered.source) == ("pending", "offline")
    workflow.submit(cid)
    for m in view.service.plan("individual", ("person.mobile",)).materials:
        workflow.tick(cid, m.code)
    workflow.answer_condition(cid, "registered", True)                  # provisional: the catalog allows it here
    registered = next(e for e in workflow.evaluations(cid) if e.code == "registered")
    assert registered.provisional and registered.result == "met"
    workflow.decide(cid, expected="accepted")
    return cid


def test_disagreement_comes_back_as_an_inbox_item(sync_rig, central_db):
    store, client, worker = sync_rig
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id=client.workstation_id,
                      records=RecordService(store, lambda: None))
    wrong = _accept_offline(workflow, NOT_INSURED)
    right = _accept_offline(workflow, INSURED)
    with store.session() as s:
        payloads = [json.loads(p) for (p,) in s.execute(text(
            "SELECT payload FROM outbox WHERE kind = 'case.transition'")) if '"to_state":"accepted"' in p.replace(" ", "")]
    assert all(p.get("provisional") and p.get("recheck") for p in payloads) and len(payloads) == 2

    report = worker.run_once()
    assert report.error is None, report.error
    with central_db.connect() as conn:
        rows = [(r.aggregate_id, opened_change(r))       # sealed at rest (counter_central.entry_key)
                for r in conn.execute(text("SELECT * FROM changes WHERE kind = 'case.registry_recheck'"
                                           " AND workstation_id = :ws"), {"ws": client.workstation_id})]
    assert [r[0] for r in rows] == [wrong]
    assert json.loads(rows[0][1])["differences"][0]["code"] == "registered"

    done = apply_pending(store, actor="clerk01", office_code="FT", workstation_id=client.workstation_id)
    items = centre_updates(store, wrong)
    assert [u["kind"] for u in items] == ["case.registry_recheck"]
    assert items[0]["outcome"] == "recheck_differs"
    assert "中心复核与窗口受理结论不一致" in items[0]["note"] and "已在本市办理" in items[0]["note"]
    assert centre_updates(store, right) == []
    assert workflow.get(wrong).case.state.value == "accepted"           # nothing changed silently
    assert any(o.case_id == wrong and o.outcome == "recheck_differs" for o in done.unapplied)


def _outside_registry(engine, *more: str) -> list[str]:
    """table.column of every text value that holds the ID number (or its date of birth, what the
    masked form hides), or one of ``more``, outside the registry's own tables (registry_*: where
    clear ID numbers belong, docs/registry.md) — the ``document.issued`` entries of the printed
    受理告知书 included (their fields are kept reduced: counter_rules.document_fields)."""
    from tests.support.privacy import centre_columns_holding

    return centre_columns_holding(engine, (NOT_INSURED, NOT_INSURED[6:14], *more))


def test_the_centre_keeps_no_clear_id_number_of_a_rechecked_case(sync_rig, central_db, central_payloads):
    """The re-check uses the clear ID number within the push; what the centre stores of the entry
    (received_entries) holds it masked and as the keyed digest only — and a replay of the same
    entry is still the same entry (a duplicate, not a conflict)."""
    from counter_protocol import sync as p

    store, client, worker = sync_rig
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id=client.workstation_id,
                            records=RecordService(store, lambda: None))
    wrong = _accept_offline(workflow, NOT_INSURED)
    report = worker.run_once()
    assert report.error is None, report.error
    with central_db.connect() as conn:
        rows = [(r.aggregate_id, opened_change(r))       # sealed at rest (counter_central.entry_key)
                for r in conn.execute(text("SELECT * FROM changes WHERE kind = 'case.registry_recheck'"
                                           " AND workstation_id = :ws"), {"ws": client.workstation_id})]
    stored = [json.loads(v) for v in central_payloads("aggregate_id = :c", {"c": wrong}).values()]
    assert [r[0] for r in rows] == [wrong]                      # the re-check result is unchanged
    assert json.loads(rows[0][1])["differences"][0]["code"] == "registered"
    assert _outside_registry(central_db) == []
    rc = next(p_["recheck"] for p_ in stored if "recheck" in p_)
    assert rc["id_number_masked"] == "440303********1748" and len(rc["id_number_digest"]) == 64
    assert "id_number" not in rc

    # the same entries again (an answer lost on the way back): duplicates, nothing stored twice
    with store.session() as s:
        sent = [p.OutboxItem(id=i, seq=q, kind=k, aggregate_type=t, aggregate_id=a, payload=json.loads(pl),
                             payload_digest=d, actor=ac or "")
                for i, q, k, t, a, pl, d, ac in s.execute(text(
                    "SELECT id, seq, kind, aggregate_type, aggregate_id, payload, payload_digest, actor FROM outbox"
                    " WHERE aggregate_id = :c ORDER BY seq"), {"c": wrong})]
    again = client.push(p.PushRequest(workstation_id=client.workstation_id, entries=sent))
    assert {r.status for r in again.results} == {"duplicate"}
    assert _outside_registry(central_db) == []


def test_the_centre_keeps_no_applicant_data_of_the_printed_notice(sync_rig, central_db, central_payloads):
    """The acceptance prints a 受理告知书 (document.issued): what reaches and stays at the centre of
    its content has the applicant's ID number and name masked and no phone or address."""
    store, client, worker = sync_rig
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id=client.workstation_id,
                            records=RecordService(store, lambda: None))
    cid = _accept_offline(workflow, NOT_INSURED, name="欧阳晓明", phone="13812345678", address="深圳市福田区莲花路88号")
    report = worker.run_once()
    assert report.error is None, report.error
    docs = [json.loads(v) for v in central_payloads("kind = 'document.issued' AND outcome = 'accepted'").values()]
    notice = next(d for d in docs if d["case_id"] == cid)
    assert notice["fields"]["applicant"]["id_number"] == "440303********1748"
    assert notice["fields"]["applicant"]["name"] == "欧***" and notice["fields"]["office_code"] == "FT"
    assert _outside_registry(central_db, "欧阳晓明", "13812345678", "12345678", "莲花路88号") == []
