"""The 节假日日历 is reference data ``holidays``: one year a version, checked when published (year,
real dates of that year, no date twice, working weekends on weekends); the calendar the counters and
the centre count 办理时限 on is the shipped files and the published years together, and doctor
warns 60 days ahead of a year no calendar covers. (The 2027 file here is a test fixture, not the
State Council's notice.)"""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy.orm import Session

from counter_central.cli import main
from counter_central.db import make_engine
from counter_central.resources import resources_root
from tests.support.cases import pulled_reference

TEST_2027 = {"name": "holidays", "year": 2027, "version": "test-2027.1", "confirmed": False,
             "source": {"title": "测试用（非国务院办公厅通知）"},
             "holidays": [{"date": "2027-01-01", "name": "元旦"}, {"date": "2027-10-01", "name": "国庆节"}],
             "working_weekends": [{"date": "2027-01-02", "name": "调休上班（周六）"}]}


@pytest.fixture
def db(tmp_path):
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    assert main(["seed", f"--db={url}"]) == 0
    return url


def _file(tmp_path, doc) -> str:
    path = tmp_path / "holidays.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_the_shipped_file_and_a_new_year_can_be_published(db, tmp_path, capsys):
    shipped = resources_root() / "reference" / "holidays-2026.json"
    assert main(["reference", "publish", "holidays", str(shipped), f"--db={db}"]) == 0
    assert main(["reference", "publish", "holidays", _file(tmp_path, TEST_2027), f"--db={db}"]) == 0
    assert "已发布参考数据 holidays 版本 test-2027.1" in capsys.readouterr().out
    from counter_central.dashboard import holiday_calendar

    engine = make_engine(db)
    try:
        with Session(engine) as s:
            calendar = holiday_calendar(s)
    finally:
        engine.dispose()
    assert calendar.covers(2026) and calendar.covers(2027)
    assert not calendar.is_working_day(date(2027, 1, 1)) and calendar.is_working_day(date(2027, 1, 2))
    assert not calendar.is_working_day(date(2026, 10, 7))      # the shipped year is kept


def _with(**changes) -> dict:
    return {**TEST_2027, **changes}


@pytest.mark.parametrize("doc, said", [
    (_with(year="2027"), "年份（year）应为 2000–2100 的整数"),
    (_with(holidays=[{"date": "2027-02-30", "name": "x"}]), "'2027-02-30' 不是日期"),
    (_with(holidays=[{"date": "2028-01-01", "name": "元旦"}]), "2028-01-01 不在 2027 年"),
    (_with(holidays=[{"date": "2027-01-01", "name": "元旦"}, {"date": "2027-01-01", "name": "元旦"}]),
     "2027-01-01 出现两次"),
    (_with(working_weekends=[{"date": "2027-01-01", "name": "x"}]), "2027-01-01 出现两次"),
    (_with(working_weekends=[{"date": "2027-01-04", "name": "x"}]), "2027-01-04 不是周六或周日"),
])
def test_a_holiday_file_that_does_not_check_is_refused_with_the_reason(db, tmp_path, capsys, doc, said):
    capsys.readouterr()
    assert main(["reference", "publish", "holidays", _file(tmp_path, doc), "--version", "x1", f"--db={db}"]) == 1
    err = capsys.readouterr().err
    assert "holidays 未发布：柜面无法使用这个版本" in err and said in err, err
    assert main(["reference", "list", f"--db={db}", "--json"]) == 0
    assert not [r for r in json.loads(capsys.readouterr().out) if r["name"] == "holidays"]


def test_the_counter_counts_on_the_published_years_too(store):
    from counter_app.workflows.reference import calendar_in_force

    before = calendar_in_force(store)
    assert before.source == "随程序发布" and not before.value.covers(2027)
    assert before.value.is_working_day(date(2027, 1, 1))           # what the tester saw: a holiday counted
    pulled_reference(store, "holidays", TEST_2027, "test-2027.1")
    pulled_reference(store, "holidays", _with(year=2099, holidays=[], working_weekends=[]), "later",
                     effective_from="2999-01-01")                 # not yet in force
    found = calendar_in_force(store)
    assert found.value.covers(2026) and found.value.covers(2027) and not found.value.covers(2099)
    assert not found.value.is_working_day(date(2027, 1, 1))
    assert found.value.add_working_days(date(2026, 12, 30), 2) == date(2027, 1, 2)
    assert found.source == "随程序发布、中心发布 test-2027.1" and not found.problem


def test_a_pulled_year_that_does_not_check_is_not_used_and_said(store):
    from counter_app.workflows.reference import calendar_in_force

    pulled_reference(store, "holidays", _with(holidays=[{"date": "2028-01-01", "name": "x"}]), "bad")
    found = calendar_in_force(store)
    assert not found.value.covers(2027) and "中心发布的节假日日历 bad 无法使用" in found.problem


def test_doctor_warns_sixty_days_ahead_of_a_year_no_calendar_covers(tmp_path, monkeypatch):
    from counter_app.health import OK, WARN
    from counter_app.storage.db import Store
    from counter_app.workflows.checks import holiday_checks

    home = tmp_path / "home"
    monkeypatch.setenv("COUNTER_APP_HOME", str(home))
    (home / "data").mkdir(parents=True)
    (ok,) = holiday_checks(date(2026, 10, 31))                     # to 2026-12-30: covered
    assert ok.status == OK and "2026" in ok.message
    (warned,) = holiday_checks(date(2026, 11, 2))                  # 60 days on is 2027-01-01
    assert warned.status == WARN and "节假日日历未覆盖 2027 年" in warned.message
    assert "counter-central reference publish holidays" in warned.hint
    local = Store.open(home / "data" / "counter.sqlite3")
    pulled_reference(local, "holidays", TEST_2027, "test-2027.1")
    local.close()
    (after,) = holiday_checks(date(2026, 11, 2))
    assert after.status == OK and "2026、2027" in after.message and "中心发布 test-2027.1" in after.message
