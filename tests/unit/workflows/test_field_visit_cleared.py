""""Minimise what a field laptop carries, and wipe it when done" (security notes, PIPL): once a
visit has synced and its roster period is over, the laptop clears the visit's personal data from
its outbox — before that a centre restored from a backup still gets it again; after, the sync says
it cannot be sent instead of sending a blank."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select, update

from counter_app.domain.outbox import OutboxState
from counter_app.storage.tables_audit import AuditRow
from counter_app.storage.tables_core import OutboxEntry
from counter_app.sync.outbox import OutboxRepository
from counter_app.workflows import field
from counter_protocol import field as fp

ID_NUMBER = "11010519491231002X"
NAME, ADDRESS = "王清除", "福田区测试路 9 号"
WS = "L-CLR-1"
STAFF = [field.Staff("field01"), field.Staff("field02")]


class _Centre:
    def field_roster(self, pem, days):
        now = datetime.now(timezone.utc)
        return fp.Roster(office_code="FT", generated_at=now, valid_until=now + timedelta(days=14), window_days=60,
                         cycle_months=12, entries=[fp.RosterEntry(
                             assignment_id="a-1", id_number=ID_NUMBER, name=NAME, address=ADDRESS,
                             last_certified=date(2024, 5, 15), valid_until=date(2025, 5, 31), reason="lapsed")])


def _visited_and_synced(store):
    pulled = field.pull(store, _Centre(), user="field01", workstation_id=WS, office_code="FT")
    [a] = field.roster(store, user="field01")
    visit = field.record_visit(store, a.key, staff=STAFF, workstation_id=WS, result="moved_away",
                               address_confirmed=True, note="邻居告知已迁出")
    with store.new_session() as s:          # what the sync worker writes for an ``accepted`` answer
        s.execute(update(OutboxEntry).where(OutboxEntry.id == visit["entry_id"])
                  .values(state=OutboxState.synced, synced_at=datetime.now(timezone.utc).replace(tzinfo=None)))
        s.commit()
    return pulled, visit


def _payload(store, entry_id) -> str:
    with store.session() as s:
        return s.scalar(select(OutboxEntry.payload).where(OutboxEntry.id == entry_id))


def test_a_synced_visit_keeps_its_content_until_its_roster_period_is_over_then_it_is_cleared(store):
    pulled, visit = _visited_and_synced(store)
    before = pulled.expires_at.replace(tzinfo=None) - timedelta(minutes=1)
    field.wipe(store, now=before)
    kept = _payload(store, visit["entry_id"])
    assert ID_NUMBER in kept and ADDRESS in kept       # still there: a restored centre can get it again

    field.wipe(store, now=pulled.expires_at.replace(tzinfo=None) + timedelta(seconds=1))
    cleared = _payload(store, visit["entry_id"])
    assert ID_NUMBER not in cleared and ADDRESS not in cleared and NAME not in cleared and "邻居" not in cleared
    body = json.loads(cleared)
    assert body[fp.WIPED]["sm3"] == visit["sm3"]       # the digest the centre holds it under
    listed = field.visits(store, workstation_id=WS)
    assert [(v["state"], v["id_number"]) for v in listed] == [("synced", "110105********002X")]
    with store.session() as s:
        actions = [r.action for r in s.scalars(select(AuditRow))]
    assert "field.visit_cleared" in actions
    assert field.clear_synced_visits(store, now=pulled.expires_at.replace(tzinfo=None) + timedelta(days=1)) == 0


def test_an_unsynced_visit_is_never_cleared(store):
    pulled = field.pull(store, _Centre(), user="field01", workstation_id=WS, office_code="FT")
    [a] = field.roster(store, user="field01")
    visit = field.record_visit(store, a.key, staff=STAFF, workstation_id=WS, result="moved_away",
                               address_confirmed=True, note="邻居告知已迁出")
    field.wipe(store, now=pulled.expires_at.replace(tzinfo=None) + timedelta(days=30))
    assert ID_NUMBER in _payload(store, visit["entry_id"])        # still waiting to reach the centre
    assert [v["state"] for v in field.visits(store, workstation_id=WS)] == ["queued"]


def test_a_restored_centre_gets_a_kept_visit_again_but_a_cleared_one_is_reported_not_sent_blank(store):
    pulled, visit = _visited_and_synced(store)
    outbox = OutboxRepository(store)
    assert outbox.requeue_missing([visit["entry_id"]]) == 1          # within the period: queued again
    with store.new_session() as s:
        s.execute(update(OutboxEntry).where(OutboxEntry.id == visit["entry_id"]).values(state=OutboxState.synced))
        s.commit()
    field.wipe(store, now=pulled.expires_at.replace(tzinfo=None) + timedelta(seconds=1))
    assert outbox.requeue_missing([visit["entry_id"]]) == 0          # cleared: nothing left to send
    assert outbox.cleared_among([visit["entry_id"]]) == 1
    with store.session() as s:
        assert s.scalar(select(OutboxEntry.state).where(OutboxEntry.id == visit["entry_id"])) == OutboxState.synced
