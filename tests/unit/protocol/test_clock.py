"""Times as the windows read them (counter_protocol.clock): stored UTC, shown in Beijing time."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from counter_protocol.clock import beijing_clock, beijing_text


def test_a_stored_utc_time_reads_as_beijing_time():
    assert beijing_text(datetime(2026, 3, 1, 23, 30)) == "2026-03-02 07:30"             # naive: UTC
    assert beijing_text("2026-03-01T23:30:00") == "2026-03-02 07:30"
    assert beijing_text("2026-03-02T07:30:00+08:00") == "2026-03-02 07:30"
    assert beijing_text(datetime(2026, 3, 1, 18, 30, tzinfo=timezone(timedelta(hours=-5)))) == "2026-03-02 07:30"
    assert beijing_text(None) == beijing_text("") == ""
    assert beijing_text("不是时间") == "不是时间"
    assert beijing_clock(datetime(2026, 3, 1, 23, 30)) == "07:30"
    assert beijing_clock(datetime(2026, 3, 2, 7, 30, tzinfo=timezone(timedelta(hours=8)))) == "07:30"


def test_audit_list_says_its_times_are_beijing_times(app_home, signed_in, capsys):
    from counter_app.cli._common import open_store
    from counter_app.cli.main import main
    from counter_app.storage.uow import UnitOfWork

    store = open_store()
    try:
        with UnitOfWork(store, actor="clerk01") as uow:
            uow.audit("document.issued", object_type="acceptance_notice", object_id="N-1", detail="办件 c1")
            uow.commit()
    finally:
        store.close()
    assert main(["audit", "list", "--json"]) == 0
    at = [r for r in json.loads(capsys.readouterr().out)["records"] if r["object_id"] == "N-1"][0]["at"]
    assert main(["audit", "list"]) == 0
    out = capsys.readouterr().out
    assert "北京时间" in out
    line = next(x for x in out.splitlines() if "N-1" in x)
    assert beijing_text(at) in line and at[:16].replace("T", " ") not in line


def test_clock_with_seconds_and_utc_iso():
    from counter_protocol.clock import utc_iso

    assert beijing_clock(datetime(2026, 3, 1, 23, 30, 5), seconds=True) == "07:30:05"
    assert utc_iso("2026-03-01T23:30:05") == "2026-03-01T23:30:05+00:00"
    assert utc_iso(datetime(2026, 3, 2, 7, 30, tzinfo=timezone(timedelta(hours=8)))) == "2026-03-02T07:30:00+08:00"
    assert utc_iso(None) is None and utc_iso("") is None and utc_iso("never") == "never"
