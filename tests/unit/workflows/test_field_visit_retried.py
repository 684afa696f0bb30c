"""A visit the centre rejected and the staff sent again (``queue retry`` / 待同步's 重试选中) keeps
its link to the laptop's record: the retry gives its outbox entry a new key, and the visit's state,
its masked ID, the person's place on the roster and the clearing of its personal data after the
roster period all follow the entry under its new key — nothing of it is left behind in clear."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select, update

from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.tables_field import FieldVisitRow
from counter_app.sync.outbox import OutboxRepository
from counter_app.workflows import field
from counter_protocol import field as fp
from counter_protocol import sync as p

# the consent notice read and agreed to before the fingerprint / photo (PIPL Art. 28/29)
CONSENTED = datetime.now(timezone.utc)

ID_NUMBER = "11010519491231002X"
NAME, ADDRESS = "王重试", "福田区测试路 7 号"
PNG = b"\x89PNG-photo-of-the-pensioner"
WS = "L-RTY-1"
STAFF = [field.Staff("field01"), field.Staff("field02")]


class _Centre:
    def field_roster(self, pem, days):
        now = datetime.now(timezone.utc)
        return fp.Roster(office_code="FT", generated_at=now, valid_until=now + timedelta(days=14), window_days=60,
                         cycle_months=12, entries=[fp.RosterEntry(
                             assignment_id="a-1", id_number=ID_NUMBER, name=NAME, address=ADDRESS,
                             last_certified=date(2024, 5, 15), valid_until=date(2025, 5, 31), reason="lapsed")])


def _send(store, outcome: str, reason: str | None = None) -> None:
    """One sync round's bookkeeping on the real outbox: claim, then the centre's answer."""
    repo = OutboxRepository(store)
    sent = repo.claim_batch(10)
    assert sent
    repo.mark_results(sent, [p.EntryResult(id=c.id, status=outcome,
                                           outcome=outcome, reason=reason) for c in sent])


def _recorded_and_retried(store, *, pull_between: bool = False):
    pulled = field.pull(store, _Centre(), user="field01", workstation_id=WS, office_code="FT")
    [a] = field.roster(store, user="field01")
    visit = field.record_visit(store, a.key, staff=STAFF, workstation_id=WS, result="moved_away",
                               address_confirmed=True, note="邻居告知已迁出",
                               evidence=field.Evidence(photo=PNG, consent_at=CONSENTED))
    _send(store, "rejected", "签名无法验证")
    assert [v["state"] for v in field.visits(store, workstation_id=WS)] == ["rejected"]
    if pull_between:                       # the staff pulled the roster while it was rejected
        field.pull(store, _Centre(), user="field01", workstation_id=WS, office_code="FT")
    new_id = OutboxRepository(store).retry(visit["entry_id"])
    assert new_id != visit["entry_id"]
    return pulled, visit, new_id


def _payloads(store) -> list[str]:
    with store.session() as s:
        return list(s.scalars(select(OutboxEntry.payload).where(OutboxEntry.aggregate_type == fp.AGGREGATE)))


def test_a_retried_visit_keeps_its_state_and_its_masked_id(store):
    _, visit, new_id = _recorded_and_retried(store)
    [listed] = field.visits(store, workstation_id=WS)
    assert (listed["state"], listed["id_number"], listed["entry_id"]) == ("queued", "110105********002X", new_id)
    with store.session() as s:          # the laptop's record points at the entry under its new key
        assert s.get(FieldVisitRow, visit["visit_id"]).entry_id == new_id
    assert field.roster(store, user="field01") == []       # waiting to sync again: not open

    _send(store, "accepted")
    [listed] = field.visits(store, workstation_id=WS)
    assert (listed["state"], listed["id_number"]) == ("synced", "110105********002X")
    assert field.roster(store, user="field01", include_visited=True) == []


def test_a_visit_retried_after_a_pull_closes_the_assignment_again(store):
    _recorded_and_retried(store, pull_between=True)
    assert field.roster(store, user="field01") == []       # its visit is on its way again
    _send(store, "accepted")
    assert field.roster(store, user="field01", include_visited=True) == []
    assert [v["state"] for v in field.visits(store, workstation_id=WS)] == ["synced"]


def test_a_retried_and_synced_visit_is_cleared_after_its_roster_period(store):
    pulled, visit, _ = _recorded_and_retried(store)
    _send(store, "accepted")
    field.wipe(store, now=pulled.expires_at.replace(tzinfo=None) - timedelta(minutes=1))
    [kept] = _payloads(store)
    assert ID_NUMBER in kept                # kept for a restored centre until the roster period is over

    field.wipe(store, now=pulled.expires_at.replace(tzinfo=None) + timedelta(days=30))
    [cleared] = _payloads(store)
    assert ID_NUMBER not in cleared and ADDRESS not in cleared and "邻居" not in cleared
    assert base64.b64encode(PNG).decode("ascii") not in cleared
    assert json.loads(cleared)[fp.WIPED]["sm3"] == visit["sm3"]
    [listed] = field.visits(store, workstation_id=WS)
    assert (listed["state"], listed["id_number"]) == ("synced", "110105********002X")


def test_a_visit_whose_entry_was_rekeyed_before_the_fix_is_found_again(store):
    """A laptop retried a visit before re-keying kept the link: its record still names the old key.
    The visit is found by its stable key (the entry's aggregate is the visit), not shown tampered."""
    pulled, visit, new_id = _recorded_and_retried(store)
    with store.new_session() as s:
        s.execute(update(FieldVisitRow).values(entry_id=visit["entry_id"]))
        s.commit()
    _send(store, "accepted")
    [listed] = field.visits(store, workstation_id=WS)
    assert (listed["state"], listed["entry_id"]) == ("synced", new_id)
    field.wipe(store, now=pulled.expires_at.replace(tzinfo=None) + timedelta(days=30))
    [cleared] = _payloads(store)
    assert ID_NUMBER not in cleared and fp.WIPED in json.loads(cleared)
