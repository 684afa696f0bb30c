"""Privacy finding (tester-priv): ``counter-app field roster --json`` printed the whole roster in
clear (ID numbers, names, addresses, phones) and no listing left an audit record. The roster is
masked by default, text and JSON; ``--unmasked`` shows it in full (the address and phone at the
door); every listing is audited (``field.roster_listed``: how many, masked or not, no personal data)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from counter_app.cli.main import main
from counter_app.storage.tables_audit import AuditRow
from counter_app.workflows import field
from counter_protocol import field as fp
from tests.conftest import sign_in

ID_NUMBER = "11010519491231002X"
NAME, ADDRESS, PHONE = "王测试", "福田区测试路 1 号", "13800138000"


class _Centre:
    def close(self):
        pass

    def field_roster(self, pem, days):
        expires = (datetime.now(timezone.utc) + timedelta(days=14)).replace(microsecond=0)
        return fp.Roster(office_code="FT", generated_at=expires - timedelta(days=14), valid_until=expires,
                         window_days=60, cycle_months=12, entries=[fp.RosterEntry(
                             assignment_id="a-1", id_number=ID_NUMBER, name=NAME, address=ADDRESS, phone=PHONE,
                             last_certified=date(2024, 5, 15), valid_until=date(2025, 5, 31), reason="lapsed")])


def _pulled():
    from counter_app.cli._common import load_cli_settings, open_store

    sign_in("field01")
    store = open_store()
    try:
        field.pull(store, _Centre(), user="field01", workstation_id=load_cli_settings().office.workstation_id,
                   office_code="FT")
    finally:
        store.close()


def _listings():
    from counter_app.cli._common import open_store

    store = open_store()
    try:
        with store.session() as s:
            return [(r.actor, r.detail, r.object_id) for r in
                    s.scalars(select(AuditRow).where(AuditRow.action == "field.roster_listed").order_by(AuditRow.seq))]
    finally:
        store.close()


def _clear_in(text: str) -> list[str]:
    return [x for x in (ID_NUMBER, NAME, ADDRESS, PHONE) if x in text]


def test_the_roster_is_masked_by_default_in_json_and_text(app_home, capsys):
    _pulled()
    assert main(["field", "roster", "--json"]) == 0
    out = capsys.readouterr().out
    assert _clear_in(out) == []
    [entry] = json.loads(out)
    assert entry["id_number"] == "110105********002X" and entry["name"] == "王**" and entry["key"]
    assert main(["field", "roster"]) == 0
    assert _clear_in(capsys.readouterr().out) == []


def test_unmasked_shows_it_in_full_for_the_door(app_home, capsys):
    _pulled()
    assert main(["field", "roster", "--unmasked", "--json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert (entry["id_number"], entry["name"], entry["address"], entry["phone"]) == (ID_NUMBER, NAME, ADDRESS, PHONE)
    assert main(["field", "roster", "--unmasked"]) == 0
    assert _clear_in(capsys.readouterr().out) == [ID_NUMBER, NAME, ADDRESS, PHONE]


def test_every_listing_is_audited_without_personal_data(app_home, capsys):
    _pulled()
    for argv in (["--json"], [], ["--unmasked"], ["--days", "0", "--unmasked", "--json"]):
        assert main(["field", "roster", *argv]) == 0
    capsys.readouterr()
    records = _listings()
    assert len(records) == 4 and {r[0] for r in records} == {"field01"}
    assert ["未遮盖" in d for _, d, _ in records] == [False, False, True, True]
    assert all(d.startswith("1 人") for _, d, _ in records)
    assert _clear_in(repr(records)) == []


def test_nobody_signed_in_lists_nothing_and_records_nothing(app_home, capsys):
    _pulled()
    sign_in(None)
    assert main(["field", "roster", "--unmasked", "--json"]) == 3
    assert _clear_in(capsys.readouterr().out) == [] and _listings() == []
