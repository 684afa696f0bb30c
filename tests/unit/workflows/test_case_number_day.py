"""办件编号 carry the Beijing day, whatever zone the workstation's clock is set to.

Was: the number took the PC's own date, so a PC left on UTC numbered a case accepted at 07:30
Beijing time with yesterday's date (doctor only warned about it)."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.support.cases import MALE_1960, clerk_service


@pytest.mark.parametrize("clock_zone, clock", [
    ("UTC", datetime(2026, 12, 5, 23, 30)),             # 07:30 on 12-06 in Beijing, on a UTC clock
    ("Asia/Shanghai", datetime(2026, 12, 6, 7, 30)),    # the same moment on a Beijing clock
])
def test_a_case_created_at_0730_beijing_time_is_numbered_with_the_beijing_date(store, set_clock_zone, clock_zone, clock):
    set_clock_zone(clock_zone)
    workflow = clerk_service(store, now=clock)
    first = workflow.create("reg_enroll", "individual", applicant={"name": "李四", "id_number": MALE_1960}).case
    assert first.case_no == "FT-W01-20261206-0001"


def test_the_day_turns_at_beijing_midnight_on_a_utc_clock(store, set_clock_zone):
    set_clock_zone("UTC")
    before = clerk_service(store, now=datetime(2026, 12, 5, 15, 59)).create(
        "reg_enroll", "individual", applicant={"name": "李四", "id_number": MALE_1960}).case
    after = clerk_service(store, now=datetime(2026, 12, 5, 16, 0)).create(
        "reg_enroll", "individual", applicant={"name": "李四", "id_number": MALE_1960}).case
    assert (before.case_no, after.case_no) == ("FT-W01-20261205-0001", "FT-W01-20261206-0001")


@pytest.mark.parametrize("clock_zone, clock", [
    ("UTC", datetime(2026, 12, 31, 16, 30)),            # 00:30 on 2027-01-01 in Beijing, on a UTC clock
    ("Asia/Shanghai", datetime(2027, 1, 1, 0, 30)),
])
def test_a_notice_issued_after_beijing_midnight_is_dated_the_beijing_day(store, set_clock_zone, clock_zone, clock):
    """The 受理告知书's date (and so the year of its 文号) took the PC's date: 2026-12-31 on a UTC
    clock at 00:30 Beijing time on new year's day."""
    import json

    from sqlalchemy import select

    from counter_app.storage.tables_cases import CaseDocumentRow
    from tests.support.cases import ready_case

    set_clock_zone(clock_zone)
    workflow = clerk_service(store, now=clock)
    case_id = ready_case(workflow, "reg_enroll", applicant={"name": "李四", "id_number": MALE_1960})
    workflow.decide(case_id, expected="accepted")
    with store.session() as s:
        dates = {json.loads(f)["date"] for f in s.scalars(select(CaseDocumentRow.fields)
                                                          .where(CaseDocumentRow.case_id == case_id))}
    assert dates == {"2027-01-01"}
