"""定期服务质量评价 (7.5.2) at the centre, end to end on PostgreSQL: two counters of 福田分局 (clerk01 on A,
supervisor02 on B) take cases of two services over two months (2026-07, 2026-08), the applicants rate
them, two 差评工单 are followed up — one within its deadlines, one late — and both counters sync. The
centre's evaluation per service and per clerk is the one worked out by hand below, through the API
(a clerk refused), ``counter-central evaluation report`` (--json, --csv, --month) and the supervisor's
定期评价 tab. No applicant data in any of it.

Working days: July and August 2026 have no public holiday; 2026-07-01 is a Wednesday.
reg_enroll is 即时办结 (due the day of 受理), transfer_in 45 working days.

  A (clerk01)  T1 transfer_in  受理 07-01, 办结 07-10 (due 09-02: on time), rated 5 on 07-10
               R1 reg_enroll    受理 07-02, 办结 07-03 (due 07-02: late),   rated 2 on 07-03 → ticket 1
               X  reg_enroll    退回 07-06 (材料不齐全), 受理 07-07, open
  B (supervisor02)
               R2 reg_enroll    受理 08-03, 办结 08-03 (on time),           rated 4 on 08-03
               T2 transfer_in  受理 08-04, open,                            rated 1 on 08-04 → ticket 2
  ticket 1: opened 07-03 (Fri; 核实 due 07-06), every stage reached 07-06 → closed within its deadlines
  ticket 2: opened 08-04 (Tue; 核实 due 08-05), 核实 on 08-07 (late) … closed 08-07 → closed, not in time
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime

import pytest

from counter_app.sync.client import RequestRejected
from counter_app.workflows.cases import CaseWorkflow
from tests.integration.test_approvals import rig  # noqa: F401  (the fixture)
from tests.support.cases import MALE_1960, finish_case, man_born_1960, ready_case
from tests.support.central import login_client

pytestmark = pytest.mark.integration


def _workflow(w, clock):
    return CaseWorkflow(w.store, actor=w.user, office="福田分局", office_code="FT", workstation_id=w.ws,
                        now=lambda: clock[0])


def _person(n: int) -> dict:
    return {"name": "张三", "id_number": man_born_1960(40 + n)}


def _close_ticket(w, url: str, case_no: str, day: date, monkeypatch) -> None:
    """Every stage of the ticket of ``case_no`` reached on ``day`` (its clock) by the supervisor
    signed in at ``w``, the ticket as the centre holds it (opened at another counter, or this one)."""
    import counter_app.workflows.complaints as complaints
    from counter_app.workflows.complaints import ComplaintService

    c = login_client(url, w.user)
    try:
        held = [t.model_dump(mode="json") for t in c.office_complaints("FT").items]
    finally:
        c.close()
    service = ComplaintService(w.store, actor=w.user, office_code="FT", workstation_id=w.ws, today=lambda: day)
    ticket = next(t for t in service.list(centre=held) if t["case_no"] == case_no)
    with monkeypatch.context() as m:
        m.setattr(complaints, "utcnow", lambda: datetime(day.year, day.month, day.day, 3, 0))
        for _ in range(4):
            ticket = service.advance(ticket["id"], user=w.user, roles=("supervisor", "clerk"), note="已核实并回访",
                                     centre=None if ticket["here"] else ticket)
    w.sync()


def _two_months(a, b, s, url: str, monkeypatch) -> None:
    """The module's table: cases at A and B; ticket 1 (A's) followed up by supervisor01 at S, ticket 2
    by supervisor02 at B."""
    clock = [datetime(2026, 7, 1, 9, 0)]
    wa = _workflow(a, clock)
    t1 = ready_case(wa, "transfer_in", applicant=_person(1))
    wa.decide(t1, expected="accepted")
    clock[0] = datetime(2026, 7, 2, 9, 0)
    r1 = ready_case(wa, "reg_enroll", applicant=_person(2))
    wa.decide(r1, expected="accepted")
    clock[0] = datetime(2026, 7, 3, 9, 0)
    finish_case(wa, r1)
    wa.rate(r1, 2, "服务态度")
    clock[0] = datetime(2026, 7, 6, 9, 0)
    x = wa.create("reg_enroll", "individual", applicant=_person(3)).case.id
    wa.submit(x)
    assert wa.decide(x).case.state.value == "returned"             # nothing ticked: 材料不齐全
    clock[0] = datetime(2026, 7, 7, 9, 0)
    wa.submit(x)
    plan = wa.get(x).service.plan("individual", ())
    for m in plan.materials:
        wa.tick(x, m.code)
    for c in plan.conditions:
        if not c.check:
            wa.answer_condition(x, c.code, True, "")
    wa.decide(x, expected="accepted")
    clock[0] = datetime(2026, 7, 10, 9, 0)
    finish_case(wa, t1, a, url)
    wa.rate(t1, 5)
    a.sync()
    _close_ticket(s, url, wa.get(r1).case.case_no, date(2026, 7, 6), monkeypatch)

    clock[0] = datetime(2026, 8, 3, 9, 0)
    wb = _workflow(b, clock)
    r2 = ready_case(wb, "reg_enroll", applicant=_person(4))
    wb.decide(r2, expected="accepted")
    finish_case(wb, r2)
    wb.rate(r2, 4)
    clock[0] = datetime(2026, 8, 4, 9, 0)
    t2 = ready_case(wb, "transfer_in", applicant=_person(5))
    wb.decide(t2, expected="accepted")
    wb.rate(t2, 1, "等候时间长")
    b.sync()
    _close_ticket(b, url, wb.get(t2).case.case_no, date(2026, 8, 7), monkeypatch)


FIGURES = ("accepted", "finished", "timed", "on_time", "on_time_rate", "decisions", "returned", "return_rate",
           "ratings", "satisfied", "satisfaction_rate", "rating_avg", "dissatisfied", "tickets_opened",
           "tickets_closed", "tickets_closed_on_time")


def _row(*values) -> dict:
    return dict(zip(FIGURES, values, strict=True))


# worked out by hand from the module's table
BY_SERVICE = {
    "reg_enroll": _row(3, 2, 2, 1, 50.0, 4, 1, 25.0, 2, 1, 50.0, 3.0, 1, 1, 1, 1),
    "transfer_in": _row(2, 1, 1, 1, 100.0, 2, 0, 0.0, 2, 1, 50.0, 3.0, 1, 1, 1, 0),
}
TOTAL = _row(5, 3, 3, 2, 66.7, 6, 1, 16.7, 4, 2, 50.0, 3.0, 2, 2, 2, 1)
BY_CLERK = {
    "clerk01": _row(3, 2, 2, 1, 50.0, 4, 1, 25.0, 2, 1, 50.0, 3.5, 1, 1, 1, 1),
    "supervisor02": _row(2, 1, 1, 1, 100.0, 2, 0, 0.0, 2, 1, 50.0, 2.5, 1, 1, 1, 0),
}


def _figures(row) -> dict:
    data = row if isinstance(row, dict) else row.model_dump()
    return {k: data[k] for k in FIGURES}


def _same(rows, expected: dict) -> None:
    got = {(r["key"] if isinstance(r, dict) else r.key): _figures(r) for r in rows}
    assert sorted(got) == sorted(expected)
    for key, figures in expected.items():
        assert [(k, got[key][k]) for k in FIGURES] == [(k, figures[k]) for k in FIGURES], key


def test_the_centres_evaluation_of_two_months(rig, central_server, tmp_path, monkeypatch, qtbot, capsys):  # noqa: F811
    a = rig("clerk01", "clerk01-demo")
    b = rig("supervisor02", "supervisor02-demo")
    s = rig("supervisor01", "supervisor01-demo")
    _two_months(a, b, s, central_server.url, monkeypatch)

    c = login_client(central_server.url, "supervisor01")
    try:
        by_service = c.office_evaluation("FT", "2026-07-01", "2026-08-31", "service")
        by_clerk = c.office_evaluation("FT", "2026-07-01", "2026-08-31", "clerk")
        july = c.office_evaluation("FT", "2026-07-01", "2026-07-31", "clerk")
        with pytest.raises(RequestRejected, match="早于开始日期"):
            c.office_evaluation("FT", "2026-08-31", "2026-07-01", "service")
    finally:
        c.close()
    assert by_service.office_code == "FT" and (by_service.from_day, by_service.to_day) == ("2026-07-01", "2026-08-31")
    _same(by_service.rows, BY_SERVICE)
    assert _figures(by_service.total) == TOTAL
    assert {r.key: r.label for r in by_service.rows} == {"reg_enroll": "参保登记", "transfer_in": "一般缴费账户关系转入"}
    assert by_service.satisfied_min == 3 and by_service.dissatisfied_max == 2 and by_service.calendar_covers_period
    _same(by_clerk.rows, BY_CLERK)
    assert {r.key: r.label for r in by_clerk.rows} == {"clerk01": "窗口经办员01", "supervisor02": "科长02"}
    # July alone: clerk01's month; supervisor02 had nothing in it and has no row
    assert [r.key for r in july.rows] == ["clerk01"] and _figures(july.total) == BY_CLERK["clerk01"]
    text = by_service.model_dump_json() + by_clerk.model_dump_json()
    assert "张三" not in text and MALE_1960[:6] + "19600" not in text and man_born_1960(41) not in text

    # the office's readers only: a clerk, a field worker, an administrator, another office's supervisor are refused
    for user, match in (("clerk01", "没有权限"), ("field01", "没有权限"), ("admin01", "没有权限"), ("supervisor11", "本分局")):
        c = login_client(central_server.url, user)
        try:
            with pytest.raises(RequestRejected, match=match):
                c.office_evaluation("FT", "2026-07-01", "2026-08-31", "service")
        finally:
            c.close()
    aud = login_client(central_server.url, "auditor01")
    try:
        assert _figures(aud.office_evaluation("FT", "2026-07-01", "2026-08-31", "office").total) == TOTAL
    finally:
        aud.close()

    # counter-central evaluation report: --json's shape, the CSV, --month
    from counter_central.cli import main as central

    out_csv = tmp_path / "eval.csv"
    db = ["--db", central_server.db_url]
    capsys.readouterr()
    assert central(["evaluation", "report", "--from", "2026-07-01", "--to", "2026-08-31", "--office", "FT",
                    "--by", "service", "--json", "--csv", str(out_csv), *db]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"office_code", "from_day", "to_day", "by", "rows", "total", "satisfied_min",
                         "dissatisfied_max", "calendar_covers_period", "workstations"}
    assert data["by"] == "service" and data["office_code"] == "FT" and data["workstations"] >= 2
    _same(data["rows"], BY_SERVICE)
    assert _figures(data["total"]) == TOTAL
    assert set(data["rows"][0]) == {"key", "label", *FIGURES}
    with out_csv.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0][:4] == ["事项", "名称", "受理", "办结"] and [row[0] for row in table[1:]] == [
        "reg_enroll", "transfer_in", "合计"]
    assert table[-1][2:4] == ["5", "3"]
    # the export is never written over without --force (was: silently replaced)
    assert central(["evaluation", "report", "--from", "2026-07-01", "--to", "2026-08-31", "--office", "FT",
                    "--csv", str(out_csv), *db]) == 1
    assert "文件已存在" in capsys.readouterr().err
    with out_csv.open(encoding="utf-8-sig", newline="") as fh:
        assert list(csv.reader(fh)) == table
    assert central(["evaluation", "report", "--month", "2026-07", "--office", "FT", "--csv", str(out_csv),
                    "--force", *db]) == 0
    capsys.readouterr()
    assert central(["evaluation", "report", "--month", "2026-07", "--office", "FT", "--by", "clerk", *db]) == 0
    out = capsys.readouterr().out
    assert "2026-07-01 至 2026-07-31" in out and "窗口经办员01" in out and "科长02" not in out
    assert central(["evaluation", "report", "--from", "2026-07-01", "--to", "07/31", *db]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err

    # the supervisor's 定期评价 tab at a workstation signed in to the centre lists the rows
    from counter_app.app_context import AppContext, UserSession
    from counter_app.paths import app_paths
    from counter_app.ui.evaluation_panel import EvaluationPanel

    ctx = AppContext(settings=s.settings, paths=app_paths().ensure(), store=s.store,
                     user=UserSession("supervisor01", "科长01", "supervisor", online=True, roles=("supervisor", "clerk")))
    panel = EvaluationPanel(ctx)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.report is not None or "须联网" in panel.message.text(), timeout=20000)
    panel.period.setCurrentIndex(panel.period.findData("custom"))
    panel.start.setDate(panel.start.date().fromString("2026-07-01", "yyyy-MM-dd"))
    panel.end.setDate(panel.end.date().fromString("2026-08-31", "yyyy-MM-dd"))
    with qtbot.waitSignal(panel.loaded, timeout=20000):
        panel.by.setCurrentIndex(panel.by.findData("clerk"))
    model = panel.model
    cells = [[model.data(model.index(i, j)) for j in range(model.columnCount())] for i in range(model.rowCount())]
    assert [row[0] for row in cells] == ["窗口经办员01 (clerk01)", "科长02 (supervisor02)", "合计"]
    assert cells[0][1:4] == ["3", "2", "50.0%（1/2）"] and cells[2][6] == "50.0%（2/4）"
    assert cells[2][4] == "16.7%（1/6）" and cells[1][7] == "2.50" and cells[2][9] == "2 / 2 / 1"
    assert model.headerData(0, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) == "经办人"
