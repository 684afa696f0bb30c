"""拉取名单 when the centre cannot be reached (tester fieldui D9): a pull saves nothing and is not
retried by itself, so it never says 「业务已保存在本机，联网后会自动同步」; it says the roster was not
updated and what the laptop still holds (how many, valid until when), or that it holds none."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import re

import pytest

from counter_app.sync.client import TransientError
from counter_app.workflows import field
from counter_protocol import field as fp
from counter_protocol.clock import beijing_text
from tests.support.language import english, english_back  # noqa: F401  (the fixtures)

WS = "L-OFFLINE"
PEOPLE = ("11010519491231002X", "440304194602117129")


class _Centre:
    def __init__(self):
        self.down = False

    def field_roster(self, pem, days):
        if self.down:     # what the sync client raises when nothing answers at the centre's address
            raise TransientError("无法连接中心服务：中心服务未运行或网络不通。业务已保存在本机，联网后会自动同步。",
                                 cause="无法连接中心服务：中心服务未运行或网络不通。")
        now = datetime.now(timezone.utc)
        return fp.Roster(office_code="FT", generated_at=now, valid_until=now + timedelta(days=14), window_days=60,
                         cycle_months=12, entries=[fp.RosterEntry(
                             assignment_id=f"a-{n}", id_number=i, name="王测试", address="福田区测试路 1 号",
                             last_certified=date(2024, 5, 15), valid_until=date(2025, 5, 31), reason="lapsed")
                             for n, i in enumerate(PEOPLE)])


def _pull(store, centre):
    return field.pull(store, centre, user="field01", workstation_id=WS, office_code="FT")


def test_an_offline_pull_names_the_roster_kept_and_promises_nothing(store):
    centre = _Centre()
    kept = _pull(store, centre)
    centre.down = True
    with pytest.raises(field.FieldError) as err:
        _pull(store, centre)
    said = str(err.value)
    assert err.value.reason.code == "field_roster_not_pulled"
    assert said.startswith("名单未更新，本机名单未变（2 人，有效至 ")
    assert beijing_text(kept.expires_at) in said and "无法连接中心服务" in said
    assert "自动同步" not in said and "已保存" not in said
    assert len(field.roster(store, user="field01")) == 2          # the roster kept as it was


def test_an_offline_pull_without_a_roster_says_there_is_none(store):
    centre = _Centre()
    centre.down = True
    with pytest.raises(field.FieldError) as err:
        _pull(store, centre)
    assert err.value.reason.code == "field_roster_not_pulled_none"
    assert str(err.value).startswith("名单未更新：本机没有可用的名单") and "自动同步" not in str(err.value)



def test_the_window_words_it_in_english_with_the_cause(qapp, store, english):  # noqa: F811
    from counter_app.ui.messages import plain_text

    centre = _Centre()
    _pull(store, centre)
    centre.down = True
    with pytest.raises(field.FieldError) as err:
        _pull(store, centre)
    text = plain_text(err.value)
    assert text.startswith("The roster was not updated; the roster on this computer is unchanged (2 people, valid until ")
    assert "Reason: " in text and not re.search(r"[\u4e00-\u9fff]", text), text     # the cause worded too
