"""差评工单 (issue 14): a 不满意 / 非常不满意 rating needs a reason and opens a ticket that a
supervisor moves received → checked → fixed → reported back → followed up, each stage due in
working days (policy parameters; the 2026 holiday calendar), every change in the outbox for the centre."""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime

import pytest
from sqlalchemy import select

from counter_app.domain.case_engine import TransitionRefused
from counter_app.domain.complaints import ComplaintRefused
from counter_app.storage.tables_core import OutboxEntry
from counter_app.workflows.cases import CaseWorkflow
from counter_app.workflows.complaints import ComplaintService
from tests.support.cases import man_born_1960, ready_case

OPENED = datetime(2026, 9, 30, 15, 0)


_PEOPLE = itertools.count(1)


def _rated(store, score: int, reason: str = "") -> str:
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                      now=lambda: OPENED)
    # each rating another person's 参保登记 (one in hand per person: the catalog's ``second_case``)
    cid = ready_case(workflow, "reg_enroll", applicant={"name": "张三", "id_number": man_born_1960(next(_PEOPLE))})
    workflow.decide(cid, expected="accepted")
    workflow.rate(cid, score, reason)
    return cid


def test_a_dissatisfied_rating_needs_a_reason(store):
    with pytest.raises(TransitionRefused, match="须说明原因"):
        _rated(store, 1)
    with pytest.raises(TransitionRefused, match="须说明原因"):
        _rated(store, 2, "   ")
    _rated(store, 3)                                       # 基本满意: no reason, no ticket
    assert ComplaintService(store).list() == []


def test_the_ticket_moves_through_its_stages_by_its_owner_with_deadlines_in_working_days(store):
    cid = _rated(store, 1, "等候时间长")
    days = [date(2026, 10, 8)]                             # 10-01 … 10-07 放假: one working day after 09-30
    workflow = ComplaintService(store, workstation_id="FT-W01", today=lambda: days[0])
    [t] = workflow.list()
    assert t["case_id"] == cid and t["stage"] == "received" and t["score"] == 1 and t["reason"] == "等候时间长"
    assert t["owner"] == "" and t["due"] == "2026-10-08" and not t["overdue"] and t["clerk"] == "clerk01"

    with pytest.raises(ComplaintRefused, match="只有科长"):
        workflow.advance(t["id"], user="clerk01", roles=["clerk"], note="已核实")
    with pytest.raises(ComplaintRefused, match="处理情况"):
        workflow.advance(t["id"], user="supervisor01", roles=["supervisor"], note=" ")
    checked = workflow.advance(t["id"], user="supervisor01", roles=["supervisor"], note="调阅录像，核实等候 50 分钟")
    assert checked["stage"] == "checked" and checked["owner"] == "supervisor01"
    assert checked["due"] == "2026-10-12"                  # 3 working days: 10-09, 10-10 (调休上班), 10-12
    with pytest.raises(ComplaintRefused, match="由 supervisor01 负责"):
        workflow.advance(t["id"], user="supervisor02", roles=["supervisor"], note="整改")
    days[0] = date(2026, 10, 13)                           # late: shown so
    assert workflow.list()[0]["overdue"] is True
    for note in ("增开窗口", "电话告知整改情况", "回访满意"):
        last = workflow.advance(t["id"], user="supervisor01", roles=["supervisor"], note=note)
    assert last["stage"] == "followed_up" and last["due"] is None
    assert [h["stage"] for h in last["history"]] == ["received", "checked", "fixed", "reported_back", "followed_up"]
    with pytest.raises(ComplaintRefused, match="已回访办结"):
        workflow.advance(t["id"], user="supervisor01", roles=["supervisor"], note="再推进")
    assert workflow.list(open_only=True) == []

    with store.session() as s:
        entries = list(s.scalars(select(OutboxEntry).where(OutboxEntry.aggregate_type == "complaint")
                                 .order_by(OutboxEntry.seq)))
    assert [e.kind for e in entries] == ["complaint.opened"] + ["complaint.advanced"] * 4
    opened = json.loads(entries[0].payload)
    assert opened["case_id"] == cid and "张三" not in entries[0].payload     # no name / ID number in a ticket
    assert json.loads(entries[2].payload)["late"] is True
