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


def test_the_stall_tooltip_reads_english_with_the_stored_error_as_it_was(qtbot, qapp, store):
    """Review: the tooltip was the sync layer's Chinese sentence in the English UI; it is worded from
    the stall's data (sync.stall.StalledOutbox.why_code / why_args) and again on a language switch."""
    import re

    from counter_app.ui.i18n import install_language

    with UnitOfWork(store, actor="clerk01", workstation_id="W") as uow:
        uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id="C1", payload={"n": 1})
        uow.commit()
    with store.new_session() as s:
        s.merge(Meta(key="sync.online", value="1"))
        s.execute(update(OutboxEntry).values(created_at=utcnow() - timedelta(minutes=8), last_error="HTTP 503 %2"))
        s.commit()
    counts = window_status(store, "", None, timedelta(minutes=5))
    bar = CounterStatusBar()
    qtbot.addWidget(bar)
    bar.update_info(outbox_pending=counts.waiting, outbox_stalled=counts.stalled, outbox_stall=counts.stalled_outbox)
    assert bar.outbox_label.toolTip() == counts.stalled            # Chinese: the same words as doctor's
    try:
        assert install_language(qapp, "en")
        qtbot.waitUntil(lambda: "Sync" in bar.outbox_label.text() or not re.search(r"[\u4e00-\u9fff]",
                                                                                       bar.outbox_label.toolTip()))
        tip = bar.outbox_label.toolTip()
        assert not re.search(r"[\u4e00-\u9fff]", tip), tip
        assert "HTTP 503 %2" in tip and "case.note" in tip and "C1" in tip, tip
    finally:
        install_language(qapp, "zh_CN")


def test_a_stored_answer_of_the_centre_in_the_stall_reads_english(qtbot, qapp, store):
    """The stored error of the blocking entry is the sync's sentence around the centre's answer (a
    503 while the centre sheds load): worded by ui.centre_words in the English tooltip."""
    import re

    from counter_app.ui.i18n import install_language

    with UnitOfWork(store, actor="clerk01", workstation_id="W") as uow:
        uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id="C1", payload={"n": 1})
        uow.commit()
    with store.new_session() as s:
        s.merge(Meta(key="sync.online", value="1"))
        s.execute(update(OutboxEntry).values(created_at=utcnow() - timedelta(minutes=8),
                                             last_error="中心服务暂时不可用（503）：中心服务繁忙，请稍后再试"))
        s.commit()
    counts = window_status(store, "", None, timedelta(minutes=5))
    bar = CounterStatusBar()
    qtbot.addWidget(bar)
    bar.update_info(outbox_pending=counts.waiting, outbox_stalled=counts.stalled, outbox_stall=counts.stalled_outbox)
    assert "中心服务暂时不可用（503）：中心服务繁忙，请稍后再试" in bar.outbox_label.toolTip()
    try:
        assert install_language(qapp, "en")
        qtbot.waitUntil(lambda: not re.search(r"[\u4e00-\u9fff]", bar.outbox_label.toolTip()))
        assert "The centre is unavailable for now (503): The centre is busy; please try again later" \
            in bar.outbox_label.toolTip()
    finally:
        install_language(qapp, "zh_CN")


READER_DOWN = ("智能卡服务（PC/SC）未运行，无法使用读卡器。Linux 上请启动 pcscd 服务（systemctl start pcscd 或 pcscd），"
               "Windows 上请启动“Smart Card”服务，然后重试。")


def test_a_long_device_state_leaves_the_messages_their_share_of_the_bar(qtbot):
    """Review (1366×768): 「读卡器：智能卡服务（PC/SC）未运行…」 filled the whole bar, and the
    start-up's announcement (资格认证被中心拒收：办件编号…) was elided to nothing."""
    from counter_app.ui.device_state import DeviceState
    from counter_app.ui.status_bar import MESSAGE_SHARE

    bar = CounterStatusBar()
    qtbot.addWidget(bar)
    bar.resize(1366, 24)
    bar.show()
    qtbot.waitExposed(bar)
    bar.update_info(user="clerk01", office="福田分局", window_number=1, online=False, outbox_pending=3,
                    card_state=DeviceState("card.error", (READER_DOWN,)))
    assert bar.room_for_messages() >= int(1366 * MESSAGE_SHARE) - 40, bar.room_for_messages()
    assert bar.device_label.text().endswith("…") and "PC/SC" in bar.device_label.toolTip()
    assert bar.message_fits("资格认证被中心拒收：FT-W01-20261203-0001，请收回认证结果告知单")
