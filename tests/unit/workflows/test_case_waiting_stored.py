"""等待中 is kept on the case row (growth_0008_waiting) and read in SQL. Review: the list worked out
in Python, for every accepted case until a page was full, why each waits — 3.3–3.6 s at 100,000
cases. The stored reason must be what the computation says after every workflow that changes what
it looks at (the case's state, its steps, its approval requests — the window's, the supervisor's,
the centre's), and the list must show the same as before."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from sqlalchemy import select, text

from counter_app.domain.case_engine import CaseState
from counter_app.domain.waiting import APPROVAL_WAITS, WAIT_APPROVAL, WAIT_APPROVAL_STATUS, WAIT_PUBLICITY, WAIT_SHEET
from counter_app.storage.tables_cases import CaseRow
from counter_app.workflows import inbox
from counter_app.workflows.accept import act_and_close
from counter_app.workflows.approvals import latest_approval
from counter_app.workflows.case_queries import FILTER_WAITING, list_cases, list_statement, waiting_data
from counter_app.workflows.cases import CaseWorkflow
from tests.support.approvals import TEST_APPROVAL_KEY
from tests.support.cases import NOW, pulled_update, transfer_case
from tests.unit.workflows.test_denial_approval import REASON, _approvals, _found_ineligible, _sup, _svc


def _computed(store, cid: str) -> tuple[str, str]:
    """Why the case waits, worked out from scratch as the list used to: the case as the workflow
    loads it, its latest approval as the approvals read it."""
    view = CaseWorkflow(store, actor="").get(cid)
    if view.case.state is CaseState.review:
        approval = latest_approval(store, cid)
        return (WAIT_APPROVAL_STATUS, "") if approval is not None and approval.state in APPROVAL_WAITS else ("", "")
    return waiting_data(view.case, view.service) or ("", "")


def _stored(store) -> dict[str, tuple[str, str, object]]:
    with store.session() as s:
        return {r.id: (r.waiting_kind, r.waiting_arg, r.updated_at) for r in s.scalars(select(CaseRow))}


def _check(store, expected: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    """Every case's stored reason is the computed one; the 等待中 list is the cases that wait."""
    stored = _stored(store)
    for cid, (kind, arg, _at) in stored.items():
        assert (kind, arg) == _computed(store, cid), cid
    waiting = {r.id for r in list_cases(store, FILTER_WAITING)}
    assert waiting == {cid for cid, (kind, _a, _t) in stored.items() if kind}
    for cid, kind in (expected or {}).items():
        assert stored[cid][0] == kind, (cid, stored[cid])
    return {cid: (k, a) for cid, (k, a, _t) in stored.items()}


def test_the_stored_reason_follows_the_steps_and_the_centres_updates(store):
    sheet = transfer_case(store)                                    # 联系函 sent: the 信息表 is awaited
    _check(store, {sheet: WAIT_SHEET})
    pulled_update(store, 1, sheet, {"sheet": {"sheet_no": "1"}})     # the centre received the sheet
    inbox.apply_pending(store, actor="clerk01", now=lambda: NOW)
    assert _check(store)[sheet] != (WAIT_SHEET, "")

    workflow = _svc(store)
    cid = _found_ineligible(workflow)                               # 公示, objection, 核查: not eligible
    assert _check(store, {cid: WAIT_APPROVAL})[cid] == (WAIT_APPROVAL, "denial")


def test_a_publicity_waits_until_it_is_closed(store):
    workflow = _svc(store)
    from counter_app.printing.samples import SAMPLE_RULE_FACTS
    from counter_app.workflows.accept import Draft, accept_draft
    from tests.unit.workflows.test_denial_approval import PENSIONER_1965

    draft = Draft.from_json({"service": "pension", "applicant_type": "individual", "variants": ["special_work_type"],
                             "applicant": {"name": "李四", "id_number": PENSIONER_1965}, "materials": "all",
                             "facts": dict(SAMPLE_RULE_FACTS["pension"])})
    cid = accept_draft(workflow, draft).case_id
    workflow.record_step(cid, "fingerprint", "failed", data={"reason": "指纹磨损无法采集"})
    assert _check(store)[cid] == (WAIT_APPROVAL, "fingerprint_unavailable")
    workflow.approve_recorded_step(cid, "fingerprint", "supervisor01")
    _check(store)
    workflow.record_step(cid, "fingerprint", data={"template_ref": "fp-1"})
    workflow.start_publicity(cid, start="2026-03-02", end="2026-03-02", work_type="井下作业", years="10")
    assert _check(store)[cid] == (WAIT_PUBLICITY, "2026-03-02")
    workflow.close_publicity(cid)
    assert _check(store)[cid][0] != WAIT_PUBLICITY


def test_approval_requested_withdrawn_and_decided_on_site(store):
    workflow = _svc(store)
    cid = _found_ineligible(workflow)
    done = act_and_close(workflow, cid, lambda s: s.deny(cid, [REASON]), close=False)
    _check(store, {cid: WAIT_APPROVAL})
    approvals = _approvals(store)
    approvals.withdraw(done.approval_id, "重新核实")
    _check(store, {cid: WAIT_APPROVAL})
    [row] = [r for r in list_cases(store, FILTER_WAITING) if r.id == cid]
    assert row.waiting_kind == WAIT_APPROVAL_STATUS and row.waiting_approval.state == "withdrawn"   # as it stands
    again = act_and_close(workflow, cid, lambda s: s.deny(cid, [REASON]), close=False)
    approvals.decide_on_site(again.approval_id, _sup(), approve=True, reason="核查属实", approval_key=TEST_APPROVAL_KEY)
    assert workflow.get(cid).case.state is CaseState.denied
    assert _check(store)[cid] == ("", "")


def test_a_case_in_review_waits_while_its_refusal_is_asked_for(store):
    from counter_app.reference.catalog import load_catalog
    from tests.support.cases import clerk_service
    from tests.unit.workflows.test_case_workflow import MALE_1966

    workflow = clerk_service(store)
    view = workflow.create("pension", "individual", variants=("normal",), applicant={"name": "李四", "id_number": MALE_1966},
                           facts={"contribution_months": 120, "benefit_place_shenzhen": True, "history_reviewed": True})
    cid = view.case.id
    workflow.submit(cid)
    for m in load_catalog().get("pension").plan("individual", ("normal",)).materials:
        workflow.tick(cid, m.code)
    _check(store, {cid: ""})                                        # 受理审核 without a request: it does not wait
    approvals = _approvals(store)
    req = approvals.request(cid, "rejection")
    _check(store, {cid: WAIT_APPROVAL_STATUS})
    approvals.withdraw(req["id"])
    _check(store, {cid: WAIT_APPROVAL_STATUS})                      # for the clerk to ask again
    req = approvals.request(cid, "rejection")
    approvals.decide_on_site(req["id"], _sup(), approve=True, reason="同意", approval_key=TEST_APPROVAL_KEY)
    assert _check(store)[cid] == ("", "")


def test_keeping_the_reason_does_not_move_the_case_in_the_list(store):
    """The stored reason is written in the case's own transaction; updating it alone never touches
    ``updated_at`` (the list's order, 今日办件)."""
    from counter_app.workflows.case_waiting import refresh

    cid = transfer_case(store)
    before = _stored(store)[cid]
    with store.session() as s:
        s.execute(text("UPDATE cases SET waiting_kind = '' WHERE id = :id"), {"id": cid})
        assert refresh(s, cid) == (WAIT_SHEET, "")
        s.commit()
    assert _stored(store)[cid] == before


def test_the_migration_fills_the_existing_cases(store):
    """growth_0008_waiting works out the reason of every case already in the store, as the writers do."""
    sheet = transfer_case(store)
    workflow = _svc(store)
    denial = _found_ineligible(workflow)
    expected = {cid: (k, a) for cid, (k, a, _t) in _stored(store).items()}
    assert expected[sheet] == (WAIT_SHEET, "") and expected[denial] == (WAIT_APPROVAL, "denial")
    path = Path(__file__).resolve().parents[3] / "counter_app/storage/migrations/versions/growth_0008_waiting.py"
    spec = importlib.util.spec_from_file_location("growth_0008_waiting", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE cases SET waiting_kind = '', waiting_arg = ''"))
        assert migration.fill(conn) == 2
    assert {cid: (k, a) for cid, (k, a, _t) in _stored(store).items()} == expected


def test_the_waiting_filter_is_an_index_range_of_the_waiting_cases(store):
    """等待中 reads ix_cases_waiting (the waiting cases only, newest first): no walk through every
    case, no sort — also on a store with statistics like the bench's 100,000 cases, where a filter
    SQLite cannot match to the partial index (a bound parameter, a boolean compared to 1) walks
    ix_cases_updated through every case."""
    transfer_case(store)
    stmt = list_statement(FILTER_WAITING).limit(100).offset(800)
    with store.session() as s:
        sql = stmt.compile(dialect=s.bind.dialect, compile_kwargs={"literal_binds": True})
        for stats in (False, True):
            if stats:
                s.execute(text("ANALYZE"))
                s.execute(text("DELETE FROM sqlite_stat1 WHERE tbl = 'cases'"))
                s.execute(text("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('cases', 'ix_cases_updated', '100000 1 1'),"
                               " ('cases', 'ix_cases_state', '100000 33334 1'), ('cases', 'ix_cases_waiting', '822 1 1')"))
                s.execute(text("ANALYZE sqlite_schema"))          # reload the statistics
            plan = [row[-1] for row in s.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
            assert [p for p in plan if "ix_cases_waiting" in p], (stats, plan)
            assert not [p for p in plan if "TEMP B-TREE" in p], (stats, plan)
