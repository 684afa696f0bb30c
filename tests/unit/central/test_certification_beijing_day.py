"""The centre's certification sweep and reminders count from the Beijing day, not the server's
local date: a server on UTC at 01:00 Beijing time on the 1st of a month is already in the new
month (a payout tester saw ``"today": "2026-12-06"`` when it was 12-07 in Beijing)."""

from __future__ import annotations

import argparse
from datetime import date, datetime, timedelta, timezone

from counter_central import cli, core
from counter_protocol import sync as p


def test_sweep_and_reminders_default_to_the_beijing_day(monkeypatch, set_clock_zone):
    set_clock_zone("UTC")
    at = datetime(2026, 11, 30, 17, 0, tzinfo=timezone.utc)          # 2026-12-01 01:00 in Beijing
    monkeypatch.setattr(core, "CLOCK_OFFSET", at - p.utc_now() + timedelta(seconds=1))
    assert cli._today(argparse.Namespace(today=None)) == date(2026, 12, 1)
    assert cli._today(argparse.Namespace(today="2026-11-30")) == date(2026, 11, 30)
