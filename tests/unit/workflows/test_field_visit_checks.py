"""What record_visit refuses before it seals anything, each with the field worker's Chinese:

- a visit dated before this laptop pulled the roster (its clock fell behind, or a mistyped date);
- an address longer than the registry takes (200) or a note or address carrying control or
  bidirectional-override characters (U+202E shows the line in another order than it is sealed);
- an eligible visit by the photo path when the registry has no photo to compare with."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.tables_field import FieldAssignment
from counter_app.workflows import field
from counter_protocol import field as fp

# the consent notice read and agreed to before the fingerprint / photo (PIPL Art. 28/29)
CONSENTED = datetime.now(timezone.utc)

ID_NUMBER = "11010519491231002X"
WS = "L-CHK-1"
STAFF = [field.Staff("field01"), field.Staff("field02")]
PNG = b"\x89PNG\r\n\x1a\n-a-photo"


class _Centre:
    def __init__(self, photo: bytes | None = PNG):
        self.photo = photo

    def field_roster(self, pem, days):
        now = datetime.now(timezone.utc)
        return fp.Roster(office_code="FT", generated_at=now, valid_until=now + timedelta(days=14), window_days=60,
                         cycle_months=12, entries=[fp.RosterEntry(
                             assignment_id="a-1", id_number=ID_NUMBER, name="王核对", address="福田区测试路 3 号",
                             last_certified=date(2024, 5, 15), valid_until=date(2025, 5, 31), reason="lapsed",
                             photo=base64.b64encode(self.photo).decode("ascii") if self.photo else None)])


def _pulled(store, photo: bytes | None = PNG) -> str:
    field.pull(store, _Centre(photo), user="field01", workstation_id=WS, office_code="FT")
    [a] = field.roster(store, user="field01")
    return a.key


def _eligible(store, key, **kw):
    ev = field.Evidence(card_id_number=ID_NUMBER, fingerprint="no_template", photo_compared=True, photo=PNG,
                        signature=PNG, signature_method="screen", consent_at=CONSENTED)
    return field.record_visit(store, key, staff=STAFF, workstation_id=WS, result="eligible",
                              address_confirmed=True, evidence=ev, **kw)


def _nothing_queued(store) -> None:
    with store.session() as s:
        assert s.scalars(select(OutboxEntry).where(OutboxEntry.aggregate_type == fp.AGGREGATE)).first() is None
    assert field.visits(store, workstation_id=WS) == []


# ------------------------------------------------------------------ before the pull


def test_a_visit_dated_before_the_roster_was_pulled_is_refused(store):
    key = _pulled(store)
    with pytest.raises(field.FieldError, match="上门时间早于本机拉取名单的时间.*请核对.*本机的日期和时间") as err:
        _eligible(store, key, visited_at=datetime.now(timezone.utc) - timedelta(days=3))
    assert err.value.reason.code == "field_before_pull"
    assert "北京时间" in str(err.value)
    _nothing_queued(store)


def test_a_laptop_clock_fallen_behind_since_the_pull_is_refused(store):
    """The clock went back a year after the pull: "now" is before the pull."""
    key = _pulled(store)
    with store.new_session() as s:           # as if pulled a year "later" than the clock now says
        s.execute(update(FieldAssignment).values(pulled_at=datetime.now(timezone.utc).replace(tzinfo=None)
                                                 + timedelta(days=365)))
        s.commit()
    with pytest.raises(field.FieldError, match="上门时间早于本机拉取名单的时间"):
        _eligible(store, key)


def test_a_visit_at_the_pull_or_a_clock_minutes_behind_it_is_recorded(store):
    key = _pulled(store)
    assert _eligible(store, key, visited_at=datetime.now(timezone.utc) - timedelta(minutes=2))["result"] == "eligible"


# ------------------------------------------------------------------ the text fields


def test_an_address_longer_than_the_registry_takes_is_refused(store):
    key = _pulled(store)
    with pytest.raises(field.FieldError, match="地址不能超过 200 个字"):
        _eligible(store, key, address="😀" * 20000)
    with pytest.raises(field.FieldError, match="地址不能超过 200 个字"):
        _eligible(store, key, address="路" * 201)
    _nothing_queued(store)
    assert _eligible(store, key, address="路" * 200)["result"] == "eligible"


@pytest.mark.parametrize("note, named", [("本人健在\x01", "U+0001"), ("本人\x7f健在", "U+007F"),
                                         ("\u202e在健人本", "U+202E"), ("本人\u2066健在\u2069", "U+2066、U+2069")])
def test_a_note_with_control_or_bidi_characters_is_refused_naming_them(store, note, named):
    key = _pulled(store)
    with pytest.raises(field.FieldError, match="备注中有不能保存的控制字符或文字方向控制符") as err:
        _eligible(store, key, note=note)
    assert f"（{named}）" in str(err.value)
    _nothing_queued(store)


@pytest.mark.parametrize("address", ["福田区\u202e号 3 路试测", "福田区测试路\n3 号", "福田区\x00测试路", "福田区\u2028测试路"])
def test_an_address_with_control_or_bidi_characters_is_refused(store, address):
    key = _pulled(store)
    with pytest.raises(field.FieldError, match="地址中有不能保存的控制字符或文字方向控制符"):
        _eligible(store, key, address=address)
    _nothing_queued(store)


def test_a_note_of_several_lines_with_emoji_is_recorded_as_typed(store):
    key = _pulled(store)
    note = "本人健在 👵🏻 测试\n家属在场\t邻居作证"
    visit = _eligible(store, key, note=note, address="  福田区测试路 3 号 2 栋  ")
    with store.session() as s:
        payload = json.loads(s.scalar(select(OutboxEntry.payload).where(OutboxEntry.id == visit["entry_id"])))
    assert payload["visit"]["note"] == note and payload["visit"]["address"] == "福田区测试路 3 号 2 栋"


# ------------------------------------------------------------------ the registry photo


def test_an_eligible_visit_by_the_photo_path_needs_a_registry_photo(store):
    key = _pulled(store, photo=None)
    assert field.assignment(store, key).has_photo is False
    with pytest.raises(field.FieldError, match="既没有此人的指纹模板，也没有照片") as err:
        _eligible(store, key)
    assert err.value.reason.code == "field_no_registry_photo"
    _nothing_queued(store)
    # another result stays possible, with a note
    visit = field.record_visit(store, key, staff=STAFF, workstation_id=WS, result="other", address_confirmed=True,
                               note="档案中没有照片和指纹模板，无法核对身份")
    assert visit["result"] == "other"


def test_an_eligible_visit_by_the_photo_path_with_a_registry_photo_is_recorded(store):
    key = _pulled(store)
    assert field.photo_of(store, key) == PNG
    assert _eligible(store, key)["result"] == "eligible"


# ------------------------------------------------------------------ after the roster expired


def test_a_visit_after_the_roster_expired_is_refused_and_nothing_is_sealed(store):
    """The window left open past the roster's 有效至 (a night with the lid closed): the centre would
    refuse the visit and the laptop clear it (已过期清除) — refused before anything is sealed."""
    key = _pulled(store)
    expired = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(minutes=1)
    with store.new_session() as s:
        s.execute(update(FieldAssignment).values(expires_at=expired))
        s.commit()
    with pytest.raises(field.FieldError, match="名单已于 .*（北京时间）过期，请联网重新拉取名单后再登记") as err:
        field.record_visit(store, key, staff=STAFF, workstation_id=WS, result="not_found", address_confirmed=True)
    assert err.value.reason.code == "field_roster_expired"
    from counter_protocol.clock import beijing_text

    assert beijing_text(expired) in str(err.value)
    _nothing_queued(store)
