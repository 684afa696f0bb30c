"""A visit the centre rejected (its seal, its date — the laptop's clock was ahead) does not certify
anyone, and the centre's answer tells the staff to visit again: the person comes back on the
laptop's roster, a new visit can be recorded (and a new pull refreshes the assignment), and once
the roster has expired the assignment is wiped like any other that no longer waits to sync. And a
visit saved twice at once is recorded once."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from counter_app.domain.outbox import OutboxState
from counter_app.storage.tables_core import OutboxEntry
from counter_app.workflows import field
from counter_protocol import field as fp

ID_NUMBER = "11010519491231002X"
WS = "L-REJ-1"
STAFF = [field.Staff("field01"), field.Staff("field02")]


class _Centre:
    """The roster a centre answers (one lapsed pensioner)."""

    def __init__(self):
        self.pulls = 0

    def field_roster(self, pem, days):
        self.pulls += 1
        now = datetime.now(timezone.utc)
        return fp.Roster(office_code="FT", generated_at=now, valid_until=now + timedelta(days=14), window_days=60,
                         cycle_months=12, entries=[fp.RosterEntry(
                             assignment_id=f"a-{self.pulls}", id_number=ID_NUMBER, name="王测试", address="福田区测试路 1 号",
                             last_certified=date(2024, 5, 15), valid_until=date(2025, 5, 31), reason="lapsed")])


def _visit(store, key):
    return field.record_visit(store, key, staff=STAFF, workstation_id=WS, result="moved_away",
                              address_confirmed=True, note="邻居告知已迁出")


def _centre_rejects(store, entry_id):
    with store.new_session() as s:     # what the sync worker writes for a ``rejected`` answer
        s.execute(update(OutboxEntry).where(OutboxEntry.id == entry_id)
                  .values(state=OutboxState.rejected, reason="上门认证日期晚于今天，不能登记"))
        s.commit()


def test_a_rejected_visit_gives_the_assignment_back_for_a_new_visit(store):
    centre = _Centre()
    field.pull(store, centre, user="field01", workstation_id=WS, office_code="FT")
    [a] = field.roster(store, user="field01")
    first = _visit(store, a.key)
    assert field.roster(store, user="field01") == []            # visited: off the list while it waits
    _centre_rejects(store, first["entry_id"])
    assert [v["state"] for v in field.visits(store, workstation_id=WS)] == ["rejected"]

    again = field.roster(store, user="field01")
    assert [x.id_number for x in again] == [ID_NUMBER]           # back on the list: to be visited again
    assert again[0].as_dict(masked=True)["visited"] is False
    second = _visit(store, a.key)                                # and a new visit is recorded
    assert second["visit_id"] != first["visit_id"]
    states = {v["visit_id"]: v["state"] for v in field.visits(store, workstation_id=WS)}
    # the new visit supersedes the rejected one: cleared, never sent again (test_field_rejected_visit_cleared)
    assert states == {first["visit_id"]: "superseded", second["visit_id"]: "queued"}
    assert field.roster(store, user="field01") == []


def test_a_new_pull_refreshes_an_assignment_whose_visit_was_rejected(store):
    centre = _Centre()
    field.pull(store, centre, user="field01", workstation_id=WS, office_code="FT")
    [a] = field.roster(store, user="field01")
    _centre_rejects(store, _visit(store, a.key)["entry_id"])
    result = field.pull(store, centre, user="field01", workstation_id=WS, office_code="FT")
    assert result.updated == 1 and result.added == 0
    assert [x.id_number for x in field.roster(store, user="field01")] == [ID_NUMBER]


def test_an_expired_roster_wipes_an_assignment_whose_visit_was_rejected(store):
    centre = _Centre()
    pulled = field.pull(store, centre, user="field01", workstation_id=WS, office_code="FT")
    [a] = field.roster(store, user="field01")
    _centre_rejects(store, _visit(store, a.key)["entry_id"])
    assert field.wipe(store, now=pulled.expires_at - timedelta(minutes=1)) == 0
    assert field.wipe(store, now=pulled.expires_at + timedelta(seconds=1)) == 1
    assert field.roster(store, user="field01", include_visited=True) == []
    # the rejected visit itself stays listed, cleared of the person's data with its roster (已过期清除)
    assert [v["state"] for v in field.visits(store, workstation_id=WS)] == ["expired"]


def test_a_visit_saved_twice_at_once_is_recorded_once(store, monkeypatch):
    """封存并保存 pressed twice (each save runs on its own worker): the second save checked the
    assignment before the first had committed. The check is made again inside the write
    transaction, so the person gets one visit, not two sealed and sent."""
    centre = _Centre()
    field.pull(store, centre, user="field01", workstation_id=WS, office_code="FT")
    [a] = field.roster(store, user="field01")
    before_the_first_commit = field.assignment(store, a.key)
    _visit(store, a.key)
    monkeypatch.setattr(field, "assignment", lambda _store, _key: before_the_first_commit)
    with pytest.raises(field.FieldError, match="已经记录过"):
        _visit(store, a.key)
    assert len(field.visits(store, workstation_id=WS)) == 1
