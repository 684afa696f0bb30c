"""The centre's office dashboard counts by the Beijing day: a transition's ``at`` with its offset
(as workstations send it) is taken to its Beijing date whatever the centre's zone; a naive ``at``
(older workstations: their clock's local time, Beijing at the office's windows) keeps its date."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy.orm import Session

from counter_central.entry_key import entry_keys
from counter_protocol import dashboard as dash
from tests.unit.central.test_central_input import PRE, login
from tests.unit.central.test_dashboard_order import _transition


@pytest.fixture
def centre_in_utc(set_clock_zone):
    set_clock_zone("UTC")


def test_the_office_day_is_the_beijing_day_of_each_transition(central_sqlite_client, centre_in_utc):
    c = central_sqlite_client
    _, ws = login(c, "clerk01", "FT-W09")
    received = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(hours=1)
    utc = timezone.utc
    c3 = datetime(2026, 12, 2, 23, 30, tzinfo=utc)           # Beijing 12-03 07:30
    c4 = datetime(2026, 12, 3, 16, 30, tzinfo=utc)           # Beijing 12-04 00:30
    old = datetime(2026, 12, 3, 9, 0)                         # an older workstation's naive Beijing clock
    rows = []
    keys = entry_keys()                              # the centre's, made at its start (payloads sealed at rest)
    for at, seq in ((c3, 1), (c4, 3), (old, 5)):
        case_id = str(uuid.uuid4())
        rows += [_transition(ws, seq, case_id, "create", "checking", at, received, keys),
                 _transition(ws, seq + 1, case_id, "accept", "accepted", at + timedelta(minutes=10), received, keys)]
    with Session(c.app.state.engine) as s, s.begin():
        s.add_all(rows)
    h, _ = login(c, "supervisor01")

    def day(d: str) -> dict:
        r = c.get(PRE + dash.PATH.format(office="FT"), params={"day": d}, headers=h)
        assert r.status_code == 200, r.text
        return r.json()

    assert day("2026-12-02")["total"] == 0                   # was 1 (c3 by its UTC date)
    dec3 = day("2026-12-03")
    assert dec3["total"] == 2 and dec3["decision_minutes_avg"] == 10.0     # c3 and the naive one
    assert day("2026-12-04")["total"] == 1                   # c4 (was 0)
