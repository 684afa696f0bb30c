"""A home visit the centre rejected, at the laptop, against the real centre in-process (SQLite):

- never sent again, it kept the person's ID number, address and photo in the outbox after its
  roster expired (only synced visits were cleared): now it is cleared with its roster too, to a
  tombstone (entry id, the person's roster key, the centre's reason, the dates), shown as
  已过期清除 in 待同步 and in the field window's list, and it can no longer be sent;
- sent again after a newer visit to the same person had been recorded, both went to the centre:
  now the newer one supersedes it — it is cleared when the newer one is recorded, and a retry is
  refused (in Chinese) and clears it too where that had not happened (a store from before)."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.tables_field import FieldVisitRow
from counter_app.sync.client import CentralClient, StaticToken
from counter_app.sync.outbox import OutboxError, OutboxRepository
from counter_app.sync.worker import SyncWorker
from counter_app.workflows import field
from counter_protocol import field as fp
from counter_protocol import sync as p
from tests.support.central import DEMO_PASSWORDS

# the consent notice read and agreed to before the fingerprint / photo (PIPL Art. 28/29)
CONSENTED = datetime.now(timezone.utc)

WS = "FT-L-REJ"
PNG = b"\x89PNG-photo-taken-at-the-door"
# auditor01 is no staff role: the centre rejects the visit (上门认证的工作人员须为本分局在职的外勤、窗口或科长账号)
BAD_STAFF = [field.Staff("field01"), field.Staff("auditor01")]
STAFF = [field.Staff("field01"), field.Staff("field02")]


@pytest.fixture
def laptop(central_sqlite_client, store):
    """(store, client signed in as field01 on the laptop, the roster pulled, the person 周德明)."""
    client = CentralClient("http://testserver", transport=central_sqlite_client._transport)
    pair = client.login("field01", DEMO_PASSWORDS["field01"], WS)
    client.tokens = StaticToken(pair.access_token)
    client.roles = pair.user.roles
    pulled = field.pull(store, client, user="field01", workstation_id=WS, office_code="FT")
    person = next(a for a in field.roster(store, user="field01") if a.name == "周德明")
    yield store, client, pulled, person
    client.close()


def _sync(store, client):
    report = SyncWorker(store, client, workstation_id=WS, scope=p.pull_scope(client.roles)).run_once()
    assert report.error is None, report
    return report


def _record(store, person, staff, result="moved_away"):
    return field.record_visit(store, person.key, staff=staff, workstation_id=WS, result=result,
                              address_confirmed=True, note="邻居告知已迁出", evidence=field.Evidence(photo=PNG, consent_at=CONSENTED))


def _entry(store, visit_id) -> OutboxEntry:
    with store.session() as s:
        return s.scalars(select(OutboxEntry).where(OutboxEntry.aggregate_id == visit_id)).one()


def _centre_visits(tc, id_number) -> int:
    from counter_central.db import FieldVisit

    with Session(tc.app.state.engine) as s:
        return s.scalar(select(func.count()).select_from(FieldVisit).where(FieldVisit.id_number == id_number))


def _personal(person) -> list[str]:
    """What a visit's payload holds of the person (the name is not in it: checked all the same)."""
    return [person.id_number, person.address, base64.b64encode(PNG).decode("ascii"), "邻居"]


def _holds(entry: OutboxEntry, person) -> list[str]:
    text = json.dumps(json.loads(entry.payload), ensure_ascii=False)     # \u escapes read as what they are
    return [x for x in [*_personal(person), person.name] if x in text]


def test_a_rejected_visit_never_sent_again_is_cleared_with_its_roster(laptop, central_sqlite_client):
    store, client, pulled, person = laptop
    visit = _record(store, person, BAD_STAFF)
    assert _sync(store, client).rejected == 1
    rejected = _entry(store, visit["visit_id"])
    assert rejected.state == "rejected" and rejected.reason == "上门认证的工作人员须为本分局在职的外勤、窗口或科长账号"
    expires = pulled.expires_at.replace(tzinfo=None)

    field.wipe(store, now=expires - timedelta(minutes=1))      # the roster still runs: the staff may retry it
    assert _holds(_entry(store, visit["visit_id"]), person) == _personal(person)

    field.wipe(store, now=expires + timedelta(seconds=1))
    cleared = _entry(store, visit["visit_id"])
    assert (cleared.id, cleared.state, cleared.reason) == (rejected.id, "rejected", rejected.reason)
    assert _holds(cleared, person) == []
    tomb = json.loads(cleared.payload)[fp.WIPED]
    assert tomb["why"] == "expired" and tomb["person"] == person.key and tomb["reason"] == rejected.reason
    assert tomb["sm3"] == visit["sm3"] and tomb["visited_at"] and tomb["at"]
    [listed] = field.visits(store, workstation_id=WS)
    assert (listed["state"], listed["state_text"], listed["id_number"]) == ("expired", "已过期清除", "")
    [row] = OutboxRepository(store).list_entries(actor="field01")
    assert (row.state, row.state_label, row.cleared) == ("rejected", "已过期清除", "expired")
    with pytest.raises(OutboxError) as refused:
        OutboxRepository(store).retry(cleared.id)
    assert refused.value.reason.code == "field_visit_expired" and "已过期清除" in str(refused.value)
    _sync(store, client)
    assert _entry(store, visit["visit_id"]).state == "rejected"
    assert _centre_visits(central_sqlite_client, person.id_number) == 0
    # nor is it exported for the centre's import (a tombstone the centre would refuse as incomplete)
    assert cleared.id not in [row.id for row, _ in OutboxRepository(store).unsynced_items()]


def test_retrying_a_rejected_visit_after_a_newer_one_is_refused_and_it_is_cleared(laptop, central_sqlite_client):
    store, client, _, person = laptop
    old = _record(store, person, BAD_STAFF)
    assert _sync(store, client).rejected == 1
    kept = _entry(store, old["visit_id"])
    # the person is on the roster again: the staff visit again, correctly this time
    [again] = [a for a in field.roster(store, user="field01") if a.key == person.key]
    new = _record(store, again, STAFF, result="not_found")
    cleared = _entry(store, old["visit_id"])          # superseded at once: its content is gone
    assert _holds(cleared, person) == []
    tomb = json.loads(cleared.payload)[fp.WIPED]
    assert (tomb["why"], tomb["superseded_by"], tomb["person"]) == ("superseded", new["visit_id"], person.key)
    with pytest.raises(OutboxError) as refused:
        OutboxRepository(store).retry(kept.id)
    assert refused.value.reason.code == "field_visit_superseded"
    assert str(refused.value).startswith("该人员已有较新的上门认证记录（")
    report = _sync(store, client)
    assert (report.synced, report.rejected) == (1, 0), report
    assert _centre_visits(central_sqlite_client, person.id_number) == 1
    states = {v["visit_id"]: v["state"] for v in field.visits(store, workstation_id=WS)}
    assert states == {old["visit_id"]: "superseded", new["visit_id"]: "synced"}
    assert {r.state_label for r in OutboxRepository(store).list_entries(actor="field01")} == {"已被取代清除", "已同步"}


def test_a_store_that_kept_both_visits_refuses_the_older_at_retry_and_clears_it(laptop, central_sqlite_client):
    """A laptop that recorded the newer visit before this fix still holds the older one in full: the
    retry finds the newer one, clears the older and refuses it; nothing older reaches the centre."""
    store, client, _, person = laptop
    old = _record(store, person, BAD_STAFF)
    _sync(store, client)
    before = _entry(store, old["visit_id"])
    [again] = [a for a in field.roster(store, user="field01") if a.key == person.key]
    _record(store, again, STAFF, result="not_found")
    with store.new_session() as s:                    # as the store was before: the older one whole
        s.execute(update(OutboxEntry).where(OutboxEntry.seq == before.seq)
                  .values(payload=before.payload, payload_digest=before.payload_digest))
        s.commit()
    with pytest.raises(OutboxError) as refused:
        OutboxRepository(store).retry(before.id)
    assert refused.value.reason.code == "field_visit_superseded"
    after = _entry(store, old["visit_id"])
    assert after.state == "rejected" and _holds(after, person) == []
    _sync(store, client)
    assert _centre_visits(central_sqlite_client, person.id_number) == 1
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(FieldVisitRow)) == 2


def test_a_colleague_signed_in_later_on_the_laptop_syncs_the_visit(central_sqlite_client, store):
    """field02 signed in on the office's laptop, pulled and recorded a visit with clerk01; field01
    signed in on that laptop afterwards and synced: the centre refused it (not one of the staff),
    and the laptop showed a rejected visit to be sent again by someone who was there. It is accepted."""
    def signed_in(user):
        client = CentralClient("http://testserver", transport=central_sqlite_client._transport)
        pair = client.login(user, DEMO_PASSWORDS[user], WS)
        client.tokens = StaticToken(pair.access_token)
        client.roles = pair.user.roles
        return client

    recorder = signed_in("field02")
    field.pull(store, recorder, user="field02", workstation_id=WS, office_code="FT")
    recorder.close()
    person = next(a for a in field.roster(store, user="field02") if a.name == "周德明")
    visit = field.record_visit(store, person.key, staff=[field.Staff("field02"), field.Staff("clerk01")],
                               workstation_id=WS, result="moved_away", address_confirmed=True, note="已迁出")
    colleague = signed_in("field01")
    try:
        report = _sync(store, colleague)
    finally:
        colleague.close()
    assert (report.synced, report.rejected) == (1, 0), (report, _entry(store, visit["visit_id"]).reason)
    assert [v["state"] for v in field.visits(store, workstation_id=WS)] == ["synced"]
    assert _centre_visits(central_sqlite_client, person.id_number) == 1
