"""What a field laptop checks in the roster the centre sends before it keeps it (外勤上门认证名单).

The roster is an answer from the network, and the laptop carries it for weeks: an answer naming
another office, valid until the year 9999 (the laptop would never wipe it), with a hundred
thousand persons, or with names that carry terminal escapes or a bidirectional override is not
kept. Whole-roster faults refuse the roster (:func:`roster_refusal`: the laptop's earlier roster
stays); a single person whose data is unusable is left out and counted (:func:`entry_problem`), so
one bad registry row does not stop the office's field work. Pure: no Qt, no I/O, no clock.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime, timedelta, timezone

from counter_app.domain.refusals import Refusal
from counter_protocol.field import Roster, RosterEntry
from counter_protocol.free_text import unsafe_characters
from counter_protocol.identifiers import check_id
from counter_protocol.sync import MAX_PAYLOAD_BYTES

MAX_ROSTER = 20_000             # persons in one pull: a district office's due and lapsed pensioners of a window
MAX_NAME = 50
MAX_ADDRESS = 200               # the registry's limit (counter_central.registry.field.MAX_ADDRESS), one the staff type too
MAX_PHONE = 32
MAX_BLOB = MAX_PAYLOAD_BYTES    # a template or photo: no larger than a visit entry that carries one
# how long a roster may stay on a laptop unvisited: the reference centre gives 14 days
# (counter_central.field.ROSTER_VALID_DAYS); a deployment may give up to a month, not more
LONGEST_STAY = timedelta(days=31)
WINDOW_SLACK = timedelta(days=2)    # the laptop's and the centre's clocks, and a roster pulled near midnight
EARLIEST = date(1900, 1, 1)
_PHONE_CHARS = frozenset("0123456789+-() ")


def roster_refusal(roster: Roster, *, office_code: str, now: datetime) -> Refusal | None:
    """Why the roster is not kept, or None. ``now`` aware (UTC)."""
    if roster.office_code != office_code:
        return Refusal("field_roster_office", roster.office_code, office_code)
    if len(roster.entries) > MAX_ROSTER:
        return Refusal("field_roster_size", len(roster.entries), MAX_ROSTER)
    until = _aware(roster.valid_until)
    if not 0 <= roster.window_days <= 366 or until < now - WINDOW_SLACK or until > now + LONGEST_STAY + WINDOW_SLACK:
        return Refusal("field_roster_dates", until.astimezone(timezone(timedelta(hours=8))).date().isoformat())
    return None


def entry_problem(entry: RosterEntry, *, today: date) -> str | None:
    """Why one person of the roster is left out (English, for the log: no personal data), or None."""
    if not check_id(entry.id_number, today=today).valid:
        return "id number"
    if not 0 < len(entry.name) <= MAX_NAME or unsafe_characters(entry.name):
        return "name"
    if len(entry.address) > MAX_ADDRESS or unsafe_characters(entry.address):
        return "address"
    if len(entry.phone) > MAX_PHONE or not set(entry.phone) <= _PHONE_CHARS:
        return "phone"
    latest = today + timedelta(days=3 * 366)     # a certification is valid for a cycle ahead, not for ever
    for label, day in (("last certified", entry.last_certified), ("valid until", entry.valid_until)):
        if day is not None and not EARLIEST <= day <= latest:
            return label
    if entry.last_certified is not None and entry.last_certified > today + timedelta(days=1):
        return "last certified"
    for label, blob in (("template", entry.fingerprint_template), ("photo", entry.photo)):
        if blob is not None and _blob_problem(blob):
            return label
    return None


def _blob_problem(text: str) -> bool:
    if len(text) > MAX_BLOB * 4 // 3 + 4:
        return True
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return True
    return False


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)
