"""办件编号 carry the Beijing day, whatever zone the workstation's clock is set to.

Was: the number took the PC's own date, so a PC left on UTC numbered a case accepted at 07:30
Beijing time with yesterday's date (doctor only warned about it)."""

from __future__ import annotations

import time
from datetime import datetime

import pytest

from tests.support.cases import MALE_1960, clerk_service


@pytest.fixture
def zone(monkeypatch):
    """Set the process's clock zone (TZ) for one test."""
    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()
    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.mark.parametrize("clock_zone, clock", [
    ("UTC", datetime(2026, 12, 5, 23, 30)),             # 07:30 on 12-06 in Beijing, on a UTC clock
    ("Asia/Shanghai", datetime(2026, 12, 6, 7, 30)),    # the same moment on a Beijing clock
])
def test_a_case_created_at_0730_beijing_time_is_numbered_with_the_beijing_date(store, zone, clock_zone, clock):
    zone(clock_zone)
    workflow = clerk_service(store, now=clock)
    first = workflow.create("reg_enroll", "individual", applicant={"name": "李四", "id_number": MALE_1960}).case
    assert first.case_no == "FT-W01-20261206-0001"


def test_the_day_turns_at_beijing_midnight_on_a_utc_clock(store, zone):
    zone("UTC")
    before = clerk_service(store, now=datetime(2026, 12, 5, 15, 59)).create(
        "reg_enroll", "individual", applicant={"name": "李四", "id_number": MALE_1960}).case
    after = clerk_service(store, now=datetime(2026, 12, 5, 16, 0)).create(
        "reg_enroll", "individual", applicant={"name": "李四", "id_number": MALE_1960}).case
    assert (before.case_no, after.case_no) == ("FT-W01-20261205-0001", "FT-W01-20261206-0001")
