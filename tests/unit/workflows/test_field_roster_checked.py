"""A field laptop checks the roster the centre sends before it keeps it (a hostile or broken centre
sent: another office's roster, a roster valid until 9999-12-31 that the laptop would never wipe
and whose dates then failed every ``field roster``, and names carrying terminal escapes and a
bidirectional override). Whole-roster faults keep the laptop's earlier roster; one person whose
data is unusable is left out and counted, the rest are kept."""

from __future__ import annotations

import base64
import json
from datetime import date, datetime, timedelta, timezone

import pytest

from counter_app.cli.main import main
from counter_app.workflows import field
from counter_protocol import field as fp
from tests.conftest import sign_in

WS = "L-CHK-1"
GOOD = ("11010519491231002X", "王名单", "福田区测试路 1 号")


def _entry(n: int, id_number: str = GOOD[0], name: str = GOOD[1], address: str = GOOD[2], **extra) -> fp.RosterEntry:
    return fp.RosterEntry(assignment_id=f"a-{n}", id_number=id_number, name=name, address=address,
                          last_certified=date(2024, 5, 15), valid_until=date(2025, 5, 31), reason="lapsed", **extra)


class _Centre:
    def __init__(self, *entries: fp.RosterEntry, office: str = "FT", until: datetime | None = None, window: int = 60):
        self.entries, self.office, self.until, self.window = list(entries), office, until, window

    def field_roster(self, pem, days):
        now = datetime.now(timezone.utc)
        return fp.Roster(office_code=self.office, generated_at=now, valid_until=self.until or now + timedelta(days=14),
                         window_days=self.window, cycle_months=12, entries=self.entries)

    def close(self):
        pass


def _names(store) -> list[str]:
    return [a.name for a in field.roster(store, user="field01", include_visited=True)]


@pytest.mark.parametrize("centre, code", [
    (_Centre(_entry(9, name="李他局"), office="LH"), "field_roster_office"),
    (_Centre(_entry(9, name="李永久"), until=datetime(9999, 12, 31, tzinfo=timezone.utc)), "field_roster_dates"),
    (_Centre(_entry(9, name="李过期"), until=datetime(2020, 1, 1, tzinfo=timezone.utc)), "field_roster_dates"),
    (_Centre(_entry(9, name="李窗口"), window=5000), "field_roster_dates"),
])
def test_a_roster_of_another_office_or_of_absurd_validity_is_refused_and_the_old_one_stays(store, centre, code):
    first = field.pull(store, _Centre(_entry(1)), user="field01", workstation_id=WS, office_code="FT")
    assert first.total == 1 and _names(store) == [GOOD[1]]
    with pytest.raises(field.FieldError) as refused:
        field.pull(store, centre, user="field01", workstation_id=WS, office_code="FT")
    assert refused.value.reason.code == code and "名单未保存" in refused.value.reason
    assert _names(store) == [GOOD[1]]                         # the laptop's roster as it was
    [a] = field.roster(store, user="field01")
    assert a.roster_expires_at == first.expires_at            # and its expiry (the wipe) unchanged


def test_a_roster_larger_than_a_laptop_takes_is_refused(store, monkeypatch):
    from counter_app.domain import roster_check

    monkeypatch.setattr(roster_check, "MAX_ROSTER", 2)
    centre = _Centre(_entry(1), _entry(2, "440304194602117129", "陈二"), _entry(3, "11010519491231002X", "王三"))
    with pytest.raises(field.FieldError, match="超过本机上限 2 人"):
        field.pull(store, centre, user="field01", workstation_id=WS, office_code="FT")
    assert _names(store) == []


@pytest.mark.parametrize("bad", [
    dict(name="\u202e张\u0000\u001b[2J三"),                       # control, escape and bidi characters
    dict(name="长" * 3000),
    dict(name=""),
    dict(address="福田区\u001b[31m某路"),
    dict(phone="\u001b[31m138"),
    dict(id_number="440304194602117120"),                        # wrong check character
    dict(last_certified=date(1, 1, 1)),
    dict(valid_until=date(9999, 12, 31)),
    dict(photo="not base64!"),
])
def test_a_person_whose_data_is_unusable_is_left_out_and_counted(store, bad, caplog):
    fields = dict(id_number="440304194602117129", name="陈坏", address="福田区测试路 2 号") | bad
    extra = {k: fields.pop(k) for k in ("phone", "last_certified", "valid_until", "photo") if k in fields}
    entry = _entry(2, fields["id_number"], fields["name"], fields["address"])
    entry = entry.model_copy(update=extra)
    result = field.pull(store, _Centre(_entry(1), entry), user="field01", workstation_id=WS, office_code="FT")
    assert result.total == 1 and result.left_out == 1 and result.as_dict()["left_out"] == 1
    assert _names(store) == [GOOD[1]]                        # the good one kept, listable (no crash on dates)
    assert fields["id_number"] not in caplog.text and "陈" not in caplog.text     # the log names no one


def test_field_pull_says_the_refusal_and_the_left_out_in_chinese(app_home, capsys, monkeypatch):
    from counter_app.cli import field as cli_field

    sign_in("field01")
    photo = base64.b64encode(b"\x89PNG" + b"0" * 64).decode("ascii")
    good = _Centre(_entry(1, photo=photo), _entry(2, "440304194602117129", "\u202e陈"))
    monkeypatch.setattr(cli_field, "_roster_client", lambda settings, auth, user: good)
    assert main(["field", "pull"]) == 0
    out = capsys.readouterr().out
    assert "共 1 人" in out and "另有 1 人的资料有误" in out

    other = _Centre(_entry(1), office="LH")
    monkeypatch.setattr(cli_field, "_roster_client", lambda settings, auth, user: other)
    assert main(["field", "pull", "--json"]) == 4
    said = json.loads(capsys.readouterr().out)["error"]
    assert "分局 LH 的名单" in said and "Traceback" not in said
