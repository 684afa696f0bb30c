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


def _audited(store, action: str) -> list:
    from counter_app.storage.tables_audit import AuditRow

    with store.session() as s:
        return [(r.actor, r.object_type, r.result, r.detail) for r in s.scalars(select(AuditRow)
                                                                         .where(AuditRow.action == action))]


def test_a_case_is_rated_once_a_dissatisfied_rating_stays_and_opens_one_ticket(store):
    """Review: rate(1) twice opened two tickets and a later rate(5) overwrote the 1 the figures count."""
    from counter_app.storage.tables_cases import CaseRow

    cid = _rated(store, 1, "服务态度")
    workflow = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                            now=lambda: OPENED)
    for score, reason in ((1, "服务态度"), (5, ""), (3, "")):
        with pytest.raises(TransitionRefused, match="本办件已评价（1 分），每件只能评价一次") as exc:
            workflow.rate(cid, score, reason)
        assert exc.value.reason.code == "already_rated"
    assert len(ComplaintService(store).list()) == 1
    with store.session() as s:
        row = s.get(CaseRow, cid)
        assert (row.rating, row.rating_comment) == (1, "服务态度")
        rated = list(s.scalars(select(OutboxEntry).where(OutboxEntry.kind == "case.rated")))
    assert len(rated) == 1
    # 7.5: the rating and the ticket it opened are in the audit trail (no reason text in it)
    assert _audited(store, "case.rated") == [("clerk01", "case", "ok", "1 分")]
    assert _audited(store, "complaint.opened") == [("clerk01", "complaint", "ok", "评价 1 分")]


def test_control_and_direction_characters_and_overlong_text_are_refused_nothing_kept(store):
    """Review: a U+202E and a terminal escape in a note or a rating's reason were stored, and a
    5,008-character reason kept."""
    from counter_app.storage.tables_cases import CaseRow

    with pytest.raises(TransitionRefused, match="评价原因中有不能保存的控制字符.*U\\+202E、U\\+001B"):
        _rated(store, 2, "\u202e恶意\x1b[31m")
    with pytest.raises(TransitionRefused, match="评价原因不能超过 500 个字（现有 501 个字）"):
        _rated(store, 2, "x" * 501)
    with pytest.raises(TransitionRefused, match="评价原因中有不能保存"):
        _rated(store, 4, "很好\u2066")                        # a comment of a good rating too
    assert ComplaintService(store).list() == []
    with store.session() as s:
        assert [r for r in s.scalars(select(CaseRow.rating)) if r is not None] == []
    cid = _rated(store, 1, "等候时间长\n窗口少")               # a line break is a note's own
    service = ComplaintService(store, workstation_id="FT-W01")
    [t] = service.list()
    for note, words in (("\u202e核实\x1b[2J", "处理情况中有不能保存的控制字符"), ("核" * 501, "处理情况不能超过 500 个字")):
        with pytest.raises(ComplaintRefused, match=words):
            service.advance(t["id"], user="supervisor01", roles=["supervisor"], note=note)
    assert service.list()[0]["stage"] == "received" and service.list()[0]["case_id"] == cid
    with store.session() as s:
        assert list(s.scalars(select(OutboxEntry).where(OutboxEntry.kind == "complaint.advanced"))) == []


def test_text_kept_before_the_checks_is_shown_cleaned(store):
    from counter_app.storage.tables_supervision import ComplaintRow

    _rated(store, 1, "服务态度")
    with store.session() as s:
        row = s.scalars(select(ComplaintRow)).one()
        row.reason = "\u202e恶意\x1b[31m原因"
        row.history = json.dumps([{"stage": "received", "by": "x", "at": "2026-09-30T15:00:00",
                                   "note": "\u202e核实\x1b[2J" + "长" * 600}], ensure_ascii=False)
        s.commit()
    [t] = ComplaintService(store).list()
    assert t["reason"] == "恶意原因"
    note = t["history"][0]["note"]
    assert note.startswith("核实长") and len(note) == 500 and note.endswith("…")


def test_only_supervisors_and_auditors_list_the_tickets_a_clerks_attempt_audited(store):
    """Review: any clerk listed every ticket — which case, hence which applicant, rated them badly."""
    _rated(store, 2, "等候时间长")
    service = ComplaintService(store, workstation_id="FT-W01")
    with pytest.raises(ComplaintRefused, match="差评工单只有科长（负责人）和审计人员可以查看"):
        service.list(user="clerk01", roles=["clerk"])
    assert _audited(store, "business.refused") == [("clerk01", "complaint", "refused",
                                                     "差评工单只有科长（负责人）和审计人员可以查看")]
    assert len(service.list(user="supervisor01", roles=["supervisor"])) == 1
    assert len(service.list(user="auditor01", roles=["auditor"])) == 1


def test_each_stage_of_a_ticket_is_audited(store):
    _rated(store, 1, "服务态度")
    service = ComplaintService(store, workstation_id="FT-W01", today=lambda: date(2026, 10, 8))
    [t] = service.list()
    service.advance(t["id"], user="supervisor01", roles=["supervisor"], note="调阅录像")
    assert _audited(store, "complaint.advanced") == [("supervisor01", "complaint", "ok", "已核实")]


def test_the_centres_tickets_of_other_workstations_are_listed_with_where_they_are_moved_on(store):
    cid = _rated(store, 1, "服务态度")
    service = ComplaintService(store, workstation_id="FT-W01", today=lambda: date(2026, 10, 20))
    [mine] = service.list()
    centre = [{**mine, "stage": "received", "history": []},           # this workstation's own: its copy stands
              {"id": "T-W02", "workstation_id": "FT-W02", "case_id": "C-2", "case_no": "FT-W02-20260930-0001",
               "service_code": "reg_enroll", "clerk": "clerk02", "score": 2, "reason": "等候时间长",
               "stage": "checked", "owner": "supervisor01", "opened_at": "2026-09-30T07:00:00", "due": "2026-10-12",
               "history": []}]
    both = service.list(centre=centre)
    assert [(t["id"], t["here"]) for t in both] == [(mine["id"], True), ("T-W02", False)]   # the most urgent first
    assert both[0]["case_id"] == cid and both[1]["overdue"] and both[1]["next_stage_name"] == "已整改"
    with pytest.raises(ComplaintRefused, match="没有差评工单 T-W02"):
        service.advance("T-W02", user="supervisor01", roles=["supervisor"], note="整改")


def test_a_ticket_of_another_workstation_is_taken_from_the_centre_and_moved_on_here(store):
    service = ComplaintService(store, workstation_id="FT-W02", today=lambda: date(2026, 10, 9))
    theirs = {"id": "T-W01", "workstation_id": "FT-W01", "case_id": "C-1", "case_no": "FT-W01-20260930-0001",
              "service_code": "reg_enroll", "clerk": "clerk01", "score": 1, "reason": "服务态度", "stage": "received",
              "owner": "", "opened_at": "2026-09-30T07:00:00+00:00", "due": "2026-10-08",
              "history": [{"stage": "received", "by": "clerk01", "at": "2026-09-30T07:00:00", "note": "自动受理"}]}
    [listed] = service.list(centre=[theirs])
    assert listed["here"] is False and listed["overdue"]
    done = service.advance("T-W01", user="supervisor01", roles=["supervisor"], note="调阅录像", centre=listed)
    assert done["stage"] == "checked" and done["owner"] == "supervisor01" and done["here"] is True
    assert [h["stage"] for h in done["history"]] == ["received", "checked"]
    with store.session() as s:
        [e] = list(s.scalars(select(OutboxEntry).where(OutboxEntry.aggregate_type == "complaint")))
    assert (e.kind, e.aggregate_id, json.loads(e.payload)["stage"]) == ("complaint.advanced", "T-W01", "checked")
    # the centre's copy is behind this one now: this store's stands
    assert service.list(centre=[theirs])[0]["stage"] == "checked"
