"""The office's day against a known day: cases by state / service / clerk, decision time, ratings."""

from __future__ import annotations

from datetime import date, datetime

from counter_app.domain.dashboard import CaseFigure, day_figures
from counter_app.workflows.cases import CaseService
from counter_app.workflows.dashboard import office_day
from tests.support.cases import ready_case

DAY = date(2026, 3, 2)


def _svc(store, actor: str, at: list[datetime]) -> CaseService:
    return CaseService(store, actor=actor, office="福田分局", office_code="FT", workstation_id="FT-W01",
                       now=lambda: at[0])


def test_the_figures_of_a_known_day(store):
    clock = [datetime(2026, 3, 2, 9, 0)]
    a, b = _svc(store, "clerk01", clock), _svc(store, "clerk02", clock)
    first = ready_case(a, "reg_enroll")
    clock[0] = datetime(2026, 3, 2, 9, 10)
    a.decide(first, expected="accepted")                       # 10 minutes
    a.rate(first, 5)
    clock[0] = datetime(2026, 3, 2, 10, 0)
    second = ready_case(b, "reg_enroll", unmet="not_yet_registered")
    clock[0] = datetime(2026, 3, 2, 10, 30)
    b.decide(second, expected="not_eligible")                  # 30 minutes (no table gating here)
    b.rate(second, 1)
    clock[0] = datetime(2026, 3, 2, 11, 0)
    ready_case(a, "transfer_in")                               # still in 受理审核
    clock[0] = datetime(2026, 3, 3, 9, 0)
    ready_case(a, "reg_enroll")                                # another day: not counted
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
