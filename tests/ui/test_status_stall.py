"""The status bar warns about a stalled outbox (issue 20) and names the blocking entry."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from counter_app.storage.base import utcnow
from counter_app.storage.tables_core import Meta, OutboxEntry
from counter_app.storage.uow import UnitOfWork
from counter_app.sync.status import window_status
from counter_app.ui.status_bar import CounterStatusBar


def test_status_bar_shows_the_stall_and_names_the_entry(qtbot, store):
    with UnitOfWork(store, actor="clerk01", workstation_id="W") as uow:
        key = uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id="C1", payload={"n": 1}).id
        uow.commit()
    with store.new_session() as s:
        s.merge(Meta(key="sync.online", value="1"))
        s.execute(update(OutboxEntry).values(created_at=utcnow() - timedelta(minutes=8), last_error="连接中心服务超时"))
        s.commit()
    counts = window_status(store, "", None, timedelta(minutes=5))
    assert "没有进展" in counts.stalled and "连接中心服务超时" in counts.stalled
    assert window_status(store, "", None, timedelta(minutes=15)).stalled == ""
    bar = CounterStatusBar()
    qtbot.addWidget(bar)
    bar.update_info(outbox_pending=counts.waiting, outbox_stalled=counts.stalled)
    assert "停滞" in bar.outbox_label.text() and bar.outbox_label.toolTip() == counts.stalled
    assert key not in bar.outbox_label.text()       # details in the tooltip, the label stays short
    bar.update_info(outbox_stalled="")
    assert "停滞" not in bar.outbox_label.text() and bar.outbox_label.toolTip() == ""
