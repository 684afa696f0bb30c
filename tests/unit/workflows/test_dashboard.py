"""The office's day against a known day: cases by state / service / clerk, decision time, ratings."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from counter_app.domain.dashboard import CaseFigure, day_figures
from counter_app.workflows.cases import CaseWorkflow
from counter_app.workflows.dashboard import office_day
from tests.support.cases import man_born_1960, ready_case

DAY = date(2026, 3, 2)


def _person(n: int) -> dict:
    """Another 参保人 for each 参保登记 left in hand (one of a person at a time: the catalog's ``second_case``)."""
    return {"name": "张三", "id_number": man_born_1960(n)}


def _svc(store, actor: str, at: list[datetime]) -> CaseWorkflow:
    return CaseWorkflow(store, actor=actor, office="福田分局", office_code="FT", workstation_id="FT-W01",
                       now=lambda: at[0])


def test_the_figures_of_a_known_day(store):
    clock = [datetime(2026, 3, 2, 9, 0)]
    a, b = _svc(store, "clerk01", clock), _svc(store, "clerk02", clock)
    first = ready_case(a, "reg_enroll")
    clock[0] = datetime(2026, 3, 2, 9, 10)
    a.decide(first, expected="accepted")                       # 10 minutes
    a.rate(first, 5)
    clock[0] = datetime(2026, 3, 2, 10, 0)
    second = ready_case(b, "reg_enroll", unmet="not_yet_registered", applicant=_person(2))
    clock[0] = datetime(2026, 3, 2, 10, 30)
    b.decide(second, expected="not_eligible")                  # 30 minutes (no table gating here)
    b.rate(second, 1, "等候时间长")
    clock[0] = datetime(2026, 3, 2, 11, 0)
    ready_case(a, "transfer_in")                               # still in 受理审核
    clock[0] = datetime(2026, 3, 3, 9, 0)
    ready_case(a, "reg_enroll", applicant=_person(3))          # another day: not counted
    f = office_day(store, DAY)
    assert f.total == 3
    assert f.by_state == {"accepted": 1, "rejected": 1, "review": 1}
    assert f.by_service == {"reg_enroll": 2, "transfer_in": 1}
    assert f.by_clerk == {"clerk01": 2, "clerk02": 1}
    assert f.decision_minutes_avg == 20.0 and f.decision_minutes_max == 30.0
    assert f.ratings == {5: 1, 1: 1} and f.rating_avg == 3.0 and f.dissatisfied == 1
    assert office_day(store, date(2026, 3, 4)).total == 0


def test_day_figures_pure():
    fig = day_figures([CaseFigure("pension", "accepted", "c1", datetime(2026, 3, 2, 9), datetime(2026, 3, 2, 9, 5), 2),
                       CaseFigure("pension", "draft", "c2", datetime(2026, 3, 1, 9))], DAY, approvals_pending=3)
    assert fig.total == 1 and fig.decision_minutes_avg == 5.0 and fig.dissatisfied == 1 and fig.approvals_pending == 3


def test_the_calendar_of_2026_from_the_state_council_notice():
    from counter_app.reference.holidays import default_calendar

    cal = default_calendar()
    assert cal.covers(2026) and not cal.covers(2027)
    assert cal.sources[0]["confirmed"] and "2026年部分节假日安排" in cal.sources[0]["source"]["title"]
    assert [cal.is_working_day(date(2026, 10, d)) for d in (1, 7, 8, 10, 11)] == [False, False, True, True, False]
    assert cal.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)      # Oct 8, 9, 10 (调休上班)
    assert cal.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 14)       # 春节调休的周六
    assert cal.add_working_days(date(2026, 2, 14), 1) == date(2026, 2, 24)       # 2-15 … 2-23 放假
    assert cal.add_working_days(date(2026, 11, 4), 0) == date(2026, 11, 4)       # 即时办结: the same day
    assert cal.working_days_between(date(2026, 10, 27), date(2026, 11, 5)) == 7


def test_overdue_against_the_time_limits_in_working_days_on_a_known_day(store):
    day = date(2026, 11, 5)
    clock = [datetime(2026, 9, 30, 10, 0)]
    a, b = _svc(store, "clerk01", clock), _svc(store, "clerk02", clock)
    transfer = ready_case(a, "transfer_out")                   # 15 working days (the catalog's, agency)
    a.decide(transfer, expected="accepted")                    # 受理 2026-09-30 → due 2026-10-27
    clock[0] = datetime(2026, 11, 4, 9, 0)
    instant = ready_case(b, "reg_enroll")                      # 即时办结 (6.1.1.2.3)
    b.decide(instant, expected="accepted")                     # 受理 11-04, not 办结: due 11-04
    clock[0] = datetime(2026, 11, 5, 9, 0)
    done = ready_case(b, "reg_enroll", applicant=_person(2))
    b.decide(done, expected="accepted")
    for step in b.get(done).service.plan("individual", ()).steps:
        b.record_step(done, step.code)
    b.complete(done)                                           # 办结 the same day: on time
    clock[0] = datetime(2026, 11, 5, 9, 30)
    b.rate(done, 2, "服务态度")
    f = office_day(store, day, now=datetime(2026, 11, 5, 12, 0))
    late = {o["service_code"]: o for o in f.overdue}
    assert set(late) == {"transfer_out", "reg_enroll"}
    assert late["transfer_out"]["due"] == "2026-10-27" and late["transfer_out"]["working_days_late"] == 7
    assert late["transfer_out"]["time_limit"] == "15个工作日" and late["transfer_out"]["limit_source"] == "agency"
    assert late["reg_enroll"]["due"] == "2026-11-04" and late["reg_enroll"]["working_days_late"] == 1
    assert late["reg_enroll"]["time_limit"] == "即时办结" and late["reg_enroll"]["clause"] == "6.1.1.2.3"
    assert [o["service_code"] for o in f.overdue] == ["transfer_out", "reg_enroll"]     # the latest first
    assert f.overdue_by_clerk == {"clerk01": 1, "clerk02": 1} and f.finished_late == 0
    assert f.total == 1 and f.by_clerk == {"clerk02": 1} and f.dissatisfied == 1
    # the day before, the transfer was already late (6 working days) and the instant one due that day
    before = office_day(store, date(2026, 11, 4), now=datetime(2026, 11, 4, 18, 0))
    assert [(o["service_code"], o["working_days_late"]) for o in before.overdue] == [("transfer_out", 6)]
    # a weekend adds nothing: Saturday 11-07 counts as Friday's 11-06
    sat = office_day(store, date(2026, 11, 7), now=datetime(2026, 11, 7, 12, 0))
    assert {o["service_code"]: o["working_days_late"] for o in sat.overdue} == {"transfer_out": 8, "reg_enroll": 2}


def test_cases_closed_before_the_day_leave_it_and_those_closed_after_still_count(store):
    """The office's day reads only the cases it can involve (a store of years: issue 20): one
    办结 late after the day is overdue on it, 办结 late on the day, and gone the day after."""
    clock = [datetime(2026, 11, 2, 9, 0)]
    b = _svc(store, "clerk02", clock)

    def accepted_case(n: int):
        cid = ready_case(b, "reg_enroll", applicant=_person(n))  # 即时办结: due the day it is accepted
        b.decide(cid, expected="accepted")
        for step in b.get(cid).service.plan("individual", ()).steps:
            b.record_step(cid, step.code)
        return cid

    on_time, late = accepted_case(1), accepted_case(2)           # both accepted Monday 11-02
    b.complete(on_time)                                        # 办结 the same day
    clock[0] = datetime(2026, 11, 4, 15, 0)
    b.complete(late)                                           # 办结 two working days late
    tuesday = office_day(store, date(2026, 11, 3), now=datetime(2026, 11, 3, 18, 0))
    assert [(o["due"], o["working_days_late"]) for o in tuesday.overdue] == [("2026-11-02", 1)]
    assert tuesday.finished_late == 0 and tuesday.total == 0
    wednesday = office_day(store, date(2026, 11, 4), now=datetime(2026, 11, 4, 18, 0))
    assert wednesday.overdue == [] and wednesday.finished_late == 1
    thursday = office_day(store, date(2026, 11, 5), now=datetime(2026, 11, 5, 18, 0))
    assert thursday.overdue == [] and thursday.finished_late == 0
    monday = office_day(store, date(2026, 11, 2), now=datetime(2026, 11, 2, 18, 0))
    assert monday.total == 2 and monday.overdue == [] and monday.finished_late == 0


# The office's day is the Beijing day, whatever zone the workstation's clock is set to: a case made
# at 23:30 UTC on 12-02 is Beijing 12-03 07:30's; one at 16:30 UTC on 12-03 is Beijing 12-04 00:30's.
C3_UTC = datetime(2026, 12, 2, 23, 30, tzinfo=timezone.utc)
C4_UTC = datetime(2026, 12, 3, 16, 30, tzinfo=timezone.utc)


@pytest.fixture(params=["UTC", "Asia/Shanghai"])
def machine_zone(request, set_clock_zone):
    """The workstation's clock set to a zone (cases.local_now writes naive times in it)."""
    set_clock_zone(request.param)
    return request.param


def _local(at: datetime) -> datetime:
    """``at`` as the workstation's naive clock reads it (cases.local_now)."""
    return at.astimezone().replace(tzinfo=None)


def test_the_day_and_the_time_limits_are_beijing_days_whatever_the_machines_zone(store, machine_zone):
    clock = [_local(C3_UTC)]
    a = _svc(store, "clerk01", clock)
    c3 = ready_case(a, "reg_enroll")                           # 即时办结
    clock[0] = _local(C3_UTC + timedelta(minutes=10))
    a.decide(c3, expected="accepted")                          # 受理 Beijing 12-03 07:40: due 12-03
    clock[0] = _local(C4_UTC)
    c4 = ready_case(a, "reg_enroll", applicant=_person(2))
    clock[0] = _local(C4_UTC + timedelta(minutes=10))
    a.decide(c4, expected="accepted")                          # 受理 Beijing 12-04 00:40: due 12-04
    now = datetime(2026, 12, 4, 10, 0)
    assert office_day(store, date(2026, 12, 2), now=now).total == 0
    dec3 = office_day(store, date(2026, 12, 3), now=now)
    assert dec3.total == 1 and dec3.decision_minutes_avg == 10.0
    assert dec3.overdue == []                                  # was: c3 受理 "12-02", 已超 1 个工作日
    dec4 = office_day(store, date(2026, 12, 4), now=now)
    assert dec4.total == 1                                     # was: 0 (c4 counted on the UTC 12-03)
    assert [(o["accepted_on"], o["due"], o["working_days_late"]) for o in dec4.overdue] == [
        ("2026-12-03", "2026-12-03", 1)]                       # c3 only, from its Beijing day


def test_a_transition_sent_to_the_centre_carries_its_offset(store, machine_zone):
    from counter_app.storage.tables_core import OutboxEntry

    clock = [_local(C3_UTC)]
    ready_case(_svc(store, "clerk01", clock), "reg_enroll")
    with store.session() as s:
        sent = [json.loads(p) for p in s.scalars(select(OutboxEntry.payload)
                                                  .where(OutboxEntry.kind == "case.transition"))]
    assert sent and all(datetime.fromisoformat(b["at"]) == C3_UTC for b in sent), sent


def test_the_figures_take_aware_and_naive_utc_times_to_their_beijing_day():
    late = CaseFigure("reg_enroll", "accepted", "c1", C3_UTC, C3_UTC + timedelta(minutes=10))
    naive = CaseFigure("reg_enroll", "accepted", "c1", C4_UTC.replace(tzinfo=None))        # naive: UTC
    assert day_figures([late, naive], date(2026, 12, 2)).total == 0
    assert day_figures([late, naive], date(2026, 12, 3)).total == 1
    assert day_figures([late, naive], date(2026, 12, 4)).total == 1


def test_averages_round_half_up():
    start = datetime(2026, 12, 3, 2, 0, tzinfo=timezone.utc)
    cases = [CaseFigure("reg_enroll", "accepted", "c1", start, start + timedelta(minutes=m), rating=r)
             for m, r in ((10, 5), (10, 4), (5, 4), (20, 4))]
    fig = day_figures(cases, date(2026, 12, 3))
    assert fig.decision_minutes_avg == 11.3                    # 11.25 (was 11.2, half to even)
    assert fig.rating_avg == 4.25
    rated = [CaseFigure("reg_enroll", "accepted", "c1", start, rating=r) for r in (5, 4, 4, 4, 4, 4, 4, 4)]
    assert day_figures(rated, date(2026, 12, 3)).rating_avg == 4.13   # 4.125 (was 4.12)


def _utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_a_rating_counts_on_the_beijing_day_it_was_given_not_the_cases_creation_day(store, machine_zone):
    """Review (7.5.2): a case created yesterday and rated today counted in yesterday's figures (which
    changed after the fact) and not in today's; the day is Beijing's, whatever the machine's zone."""
    clock = [_local(_utc(2026, 3, 1, 9, 0))]                   # 2026-03-01 17:00 Beijing
    a = _svc(store, "clerk01", clock)
    old = ready_case(a, "reg_enroll")
    a.decide(old, expected="accepted")
    clock[0] = _local(_utc(2026, 3, 1, 17, 0))                 # 2026-03-02 01:00 Beijing: rated "today"
    a.rate(old, 1, "服务态度")
    clock[0] = _local(_utc(2026, 3, 2, 9, 0))
    new = ready_case(a, "reg_enroll", applicant=_person(2))
    a.decide(new, expected="accepted")
    a.rate(new, 5)
    today = office_day(store, DAY)
    assert today.total == 1                                    # cases still by their creation day
    assert today.ratings == {1: 1, 5: 1} and today.rating_avg == 3.0 and today.dissatisfied == 1
    yesterday = office_day(store, date(2026, 3, 1))
    assert yesterday.total == 1 and yesterday.ratings == {} and yesterday.dissatisfied == 0
    # the shared rule, as the centre applies it: rated_at given, the creation day does not matter
    fig = CaseFigure("reg_enroll", "accepted", "clerk01", datetime(2026, 2, 20, 9, 0), rating=2,
                     rated_at=datetime(2026, 3, 1, 16, 30))   # 2026-03-02 00:30 Beijing
    assert day_figures([fig], DAY).ratings == {2: 1} and day_figures([fig], date(2026, 3, 1)).ratings == {}


def test_the_days_cases_are_read_through_indexes_not_by_scanning_every_case(store):
    """A store holds years of cases: each part of the day's selection — created on the day, open or
    closed since, rated on the day (ix_cases_rated, growth_0007) — is an index range, never a scan."""
    from sqlalchemy import text

    from counter_app.workflows.dashboard import _relevant_cases

    start = datetime(2026, 3, 2)
    relevant, timed = _relevant_cases(start, start + timedelta(days=1), start, start + timedelta(days=1))
    with store.session() as s:
        for part in (relevant, timed):
            sql = select(part.c[0]).compile(dialect=s.bind.dialect, compile_kwargs={"literal_binds": True})
            plan = [row[-1] for row in s.execute(text(f"EXPLAIN QUERY PLAN {sql}"))]
            assert [p for p in plan if "ix_cases_rated" in p], plan
            assert not [p for p in plan if p.startswith("SCAN cases")], plan
