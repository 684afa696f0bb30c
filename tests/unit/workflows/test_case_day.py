"""今日办件 and a day's 文书 are the clerk's day in Beijing, whatever zone the workstation's clock is
set to; the Cases and Documents tabs show their times in Beijing time, as 待同步 does.

Was: on a workstation whose clock was UTC the Cases and Documents tabs showed times 8 hours behind
待同步's, and cases touched between 00:00 and 08:00 Beijing time dropped out of 今日办件."""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from counter_app.workflows.case_queries import FILTER_TODAY, count_cases, list_cases, list_documents
from tests.support.cases import clerk_service

ID = "110105196001010017"


def _case_touched_at(store, at: datetime) -> str:
    case = clerk_service(store).create("reg_enroll", "individual", applicant={"name": "李四", "id_number": ID}).case
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE cases SET updated_at = :at WHERE id = :id"), {"at": at, "id": case.id})
    return case.case_no


@pytest.mark.parametrize("clock_zone, written", [
    ("UTC", datetime(2026, 12, 5, 17, 30)),              # 01:30 in Beijing on 12-06, on a UTC clock
    ("Asia/Shanghai", datetime(2026, 12, 6, 1, 30)),     # the same moment on a Beijing clock
])
def test_a_case_touched_after_midnight_in_beijing_is_todays(store, set_clock_zone, clock_zone, written):
    set_clock_zone(clock_zone)
    case_no = _case_touched_at(store, written)
    assert [r.case_no for r in list_cases(store, FILTER_TODAY, today=date(2026, 12, 6))] == [case_no]
    assert count_cases(store, today=date(2026, 12, 6))[FILTER_TODAY] == 1
    assert list_cases(store, FILTER_TODAY, today=date(2026, 12, 7)) == []
    from counter_app.ui.cases_panel import CasesModel

    [row] = list_cases(store, FILTER_TODAY, today=date(2026, 12, 6))
    assert CasesModel.CELLS["updated"](None, row) == "12-06 01:30"        # Beijing time, as 待同步 shows


def test_a_days_documents_are_those_issued_that_day_in_beijing(store, set_clock_zone):
    from counter_app.storage.tables_printing import DocumentRecord

    set_clock_zone("UTC")
    with store.session() as s:
        for n, at in enumerate((datetime(2026, 12, 5, 15, 59), datetime(2026, 12, 5, 16, 0), datetime(2026, 12, 6, 15, 59))):
            s.add(DocumentRecord(id=f"doc-{n}", case_id="c", kind="guidance_notice", number=f"N-{n}", series="N",
                                 seq=n, fields="{}", digest="0" * 64, created_at=at))     # the storage's UTC
        s.commit()
    assert [d.number for d in list_documents(store, day=date(2026, 12, 6))] == ["N-2", "N-1"]
    assert [d.number for d in list_documents(store, day=date(2026, 12, 5))] == ["N-0"]
    from counter_app.ui.documents_models import DocumentsModel

    shown = DocumentsModel.CELLS["created"](None, SimpleNamespace(created_at=datetime(2026, 12, 5, 16, 0)))
    assert shown == "12-06 00:00"
