"""The field roster as the field worker sees it: the pensioner with no certification on record is
the most urgent visit and is listed first (the workflow's order), not after every date because its
「—」 sorts after digits; the visit form gives the phone number the roster carries. Review: at
1366×768 the never-certified pensioner was the last row, numbered 1 in the row header."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from counter_app.workflows import field
from counter_protocol import field as fp
from tests.support.field_window import open_field_panel

WS = "L-ORDER"


class _Centre:
    def field_roster(self, pem, days):
        now = datetime.now(timezone.utc)
        entries = [fp.RosterEntry(assignment_id="a-1", id_number="440304194602117129", name="陈测试",
                                  address="福田区测试路 2 号", phone="13800138000", last_certified=date(2024, 5, 15),
                                  valid_until=date(2025, 5, 31), reason="lapsed"),
                   fp.RosterEntry(assignment_id="a-2", id_number="11010519491231002X", name="王测试",
                                  address="福田区测试路 1 号", phone="0755-83330012", last_certified=None,
                                  valid_until=None, reason="never")]
        return fp.Roster(office_code="FT", generated_at=now, valid_until=now + timedelta(days=14), window_days=60,
                         cycle_months=12, entries=entries)


@pytest.fixture
def panel(qtbot, store, app_home):
    field.pull(store, _Centre(), user="field01", workstation_id=WS, office_code="FT")
    p = open_field_panel(qtbot, store, WS)
    return p


def _names(panel) -> list[str]:
    return [panel.proxy.data(panel.proxy.index(r, 2)) for r in range(panel.proxy.rowCount())]


def test_the_never_certified_pensioner_is_listed_first(panel):
    assert _names(panel) == ["王**", "陈**"]
    assert panel.proxy.data(panel.proxy.index(0, 0)) == "—"
    panel.table.sortByColumn(4, panel.table.horizontalHeader().sortIndicatorOrder())   # 最近认证: none first too
    assert _names(panel)[0] == "王**"


def test_the_visit_form_gives_the_phone_number(panel):
    panel.table.setCurrentIndex(panel.proxy.index(_names(panel).index("陈**"), 0))
    assert "13800138000" in panel.person.text() and "陈测试" in panel.person.text()
