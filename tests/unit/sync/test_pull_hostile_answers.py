"""A hostile centre (a proxy in front of the real one) answers pulls the protocol does not allow: a
cursor that does not move while ``more`` is true, a negative one, one going back, one far ahead,
number floors out of their series' range. The worker refuses such a page with 中心服务的答复无法识别,
stores nothing of it, and the round ends; a stored cursor that is no cursor (an earlier release stored
-5) or that the centre refuses (422) is taken back to 0 and pulled again.

A real HTTP server on loopback (http.server in a thread) serves the answers; the worker and its
CentralClient are the real ones.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import func, select

from counter_app.storage.tables_sync import InboxChange
from counter_app.sync.client import CentralClient, StaticToken
from counter_app.sync.status import META_CURSOR, META_FIELD_CURSOR, meta_get, meta_set
from counter_app.sync.worker import FIELD_PASS_OVER_MAX, SyncWorker

NOW = "2026-12-06T02:00:00+00:00"


def change(cursor: int, kind: str = "case.info_sheet_received") -> dict:
    return {"cursor": cursor, "kind": kind, "aggregate_type": "case", "aggregate_id": f"case-{cursor}",
            "payload": {"sheet": {}}, "created_at": NOW}


def page(changes=(), cursor=0, more=False, scope="counter", floors=(), newest=None) -> dict:
    body = {"changes": list(changes), "cursor": cursor, "more": more, "scope": scope, "server_time": NOW,
            "number_floors": list(floors)}
    if newest is not None:
        body["newest"] = newest
    return body


@pytest.fixture
def centre():
    """A loopback 'centre' whose pull answers come from ``answer(since)``; it records every ``since``."""
    state = {"answer": lambda since: (200, page(cursor=since)), "asked": []}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            url = urlparse(self.path)
            if url.path == "/api/v1/health":
                status, body = 200, {"status": "ok", "server_time": datetime.now(timezone.utc).isoformat(),
                                     "version": "test", "database": "ok"}
            elif url.path != "/api/v1/sync/pull":
                status, body = 404, {"detail": "没有这个地址", "reason": "not_found", "suggested_action": None}
            else:
                since = int(parse_qs(url.query)["since"][0])
                state["asked"].append(since)
                status, body = state["answer"](since)
            data = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


def _worker(store, centre, scope="counter"):
    client = CentralClient(centre["url"], timeout=5, tokens=StaticToken("t"))
    return SyncWorker(store, client, workstation_id="FT-W01", scope=scope), client


def _round(store, centre, scope="counter"):
    worker, client = _worker(store, centre, scope)
    try:
        t0 = time.monotonic()
        report = worker.run_once(push=False, check_clock=False)
        assert time.monotonic() - t0 < 10
        return report, worker
    finally:
        client.close()


def _set(store, key, value):
    with store.new_session() as s:
        meta_set(s, key, value)
        s.commit()


def _inbox(store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(InboxChange))


def _refused(report):
    assert report.error and "中心服务的答复无法识别" in report.error
    assert report.pull_refused and not report.online and report.pulled == 0


# ------------------------------------------------------------------------------ 1. no progress

def test_more_with_a_cursor_that_does_not_move_ends_the_round(store, centre):
    _set(store, META_CURSOR, "3")
    centre["answer"] = lambda since: (200, page(cursor=3, more=True))
    report, worker = _round(store, centre)
    _refused(report)
    assert centre["asked"] == [3]                 # asked once, not 621 times
    assert meta_get(store, META_CURSOR) == "3" and _inbox(store) == 0
    assert worker._failures == 1                  # the agent backs off instead of asking again at once


def test_more_with_changes_but_a_cursor_before_them_is_refused(store, centre):
    _set(store, META_CURSOR, "3")
    centre["answer"] = lambda since: (200, page([change(4)], cursor=3, more=True))
    report, _ = _round(store, centre)
    _refused(report)
    assert centre["asked"] == [3] and _inbox(store) == 0 and meta_get(store, META_CURSOR) == "3"


def test_changes_at_or_before_since_are_refused(store, centre):
    _set(store, META_CURSOR, "5")
    centre["answer"] = lambda since: (200, page([change(5), change(6)], cursor=6))
    report, _ = _round(store, centre)
    _refused(report)
    assert _inbox(store) == 0 and meta_get(store, META_CURSOR) == "5"


def test_the_background_loop_backs_off_after_a_refused_page(store, centre):
    centre["answer"] = lambda since: (200, page(cursor=since, more=True))
    worker, client = _worker(store, centre)
    worker.backoff_base = 60.0    # a refused page waits about a minute: not at once again
    stop = threading.Event()
    reports = []
    thread = threading.Thread(target=worker.run_forever, args=(stop,),
                              kwargs={"interval": 0.01, "on_report": reports.append}, daemon=True)
    try:
        thread.start()
        time.sleep(1.0)
    finally:
        stop.set()
        thread.join(5)
        client.close()
    assert len(centre["asked"]) == 1 and len(reports) == 1
    assert "中心服务的答复无法识别" in reports[0].error


# ------------------------------------------------------------------------------ 2. the cursor

def test_a_negative_cursor_is_refused_and_not_stored(store, centre):
    centre["answer"] = lambda since: (200, page(cursor=-5))
    report, _ = _round(store, centre)
    _refused(report)
    assert meta_get(store, META_CURSOR) is None and meta_get(store, META_FIELD_CURSOR) is None


def test_a_cursor_going_back_is_refused(store, centre):
    _set(store, META_CURSOR, "10")
    centre["answer"] = lambda since: (200, page(cursor=4))
    report, _ = _round(store, centre)
    _refused(report)
    assert meta_get(store, META_CURSOR) == "10"


@pytest.mark.parametrize("answer", [
    page(cursor=10**15),                                  # nothing on the page, cursor far ahead
    page([change(4), change(5)], cursor=10**15),          # beyond the page's last change
    page([change(4)], cursor=10**15, more=True),
    page([change(4)], cursor=2**63, scope="field"),        # past any cursor the centre takes
])
def test_a_cursor_far_ahead_is_refused(store, centre, answer):
    _set(store, META_CURSOR, "3")
    centre["answer"] = lambda since: (200, answer)
    report, _ = _round(store, centre)
    _refused(report)
    assert meta_get(store, META_CURSOR) == "3" and _inbox(store) == 0


def test_the_field_scope_may_pass_over_what_it_left_out_within_a_bound(store, centre):
    """counter_central.core.pull: a field answer without ``more`` answers the newest cursor."""
    _set(store, META_FIELD_CURSOR, "3")
    centre["answer"] = lambda since: (200, page([change(4, "reference.other")], cursor=900, scope="field"))
    report, _ = _round(store, centre, scope="field")
    assert report.error is None and report.pulled == 1
    assert meta_get(store, META_FIELD_CURSOR) == "900" and meta_get(store, META_CURSOR) is None
    centre["answer"] = lambda since: (200, page(cursor=since + FIELD_PASS_OVER_MAX + 1, scope="field"))
    report, _ = _round(store, centre, scope="field")
    _refused(report)
    assert meta_get(store, META_FIELD_CURSOR) == "900"


def test_pages_the_protocol_allows_are_all_stored(store, centre):
    pages = {0: page([change(1), change(2)], cursor=2, more=True), 2: page([change(5)], cursor=5), 5: page(cursor=5)}
    centre["answer"] = lambda since: (200, pages[since])
    report, _ = _round(store, centre)
    assert report.error is None and report.pulled == 3 and centre["asked"] == [0, 2]
    assert meta_get(store, META_CURSOR) == "5" and _inbox(store) == 3
    report, _ = _round(store, centre)
    assert report.error is None and report.pulled == 0 and meta_get(store, META_CURSOR) == "5"


def test_a_stored_cursor_that_is_no_cursor_is_pulled_again_from_0(store, centre):
    """An earlier release stored -5: every round failed (请求格式不正确) and nothing arrived."""
    _set(store, META_CURSOR, "-5")
    centre["answer"] = lambda since: (200, page([change(1)], cursor=1) if since == 0 else page(cursor=since))
    report, _ = _round(store, centre)
    assert report.error is None and centre["asked"] == [0] and report.pulled == 1
    assert report.pull_cursor_reset and "已从头重新接收" in report.pull_cursor_reset
    assert meta_get(store, META_CURSOR) == "1" and _inbox(store) == 1


def test_a_stored_cursor_the_centre_refuses_is_pulled_again_from_0_once(store, centre):
    """A cursor the centre answers 422 (its ``since`` is 0…2⁶³−1): back to 0, pulled again; what was
    already received is stored once (the inbox is keyed by the centre's cursor)."""
    pages = {0: page([change(1), change(2)], cursor=2)}
    centre["answer"] = lambda since: (200, pages[since])
    _round(store, centre)
    assert _inbox(store) == 2
    _set(store, META_CURSOR, "7")
    refused = {"detail": "请求格式不正确", "reason": "validation_error", "suggested_action": None, "errors": []}
    centre["answer"] = lambda since: (200, pages[since]) if since in pages else (422, refused)
    centre["asked"].clear()
    report, _ = _round(store, centre)
    assert report.error is None and centre["asked"] == [7, 0] and report.pull_cursor_reset
    assert meta_get(store, META_CURSOR) == "2" and _inbox(store) == 2
    # a centre that refuses 0 as well: one reset a round, then the refusal is the round's error
    centre["answer"] = lambda since: (422, refused)
    centre["asked"].clear()
    report, _ = _round(store, centre)
    assert centre["asked"] == [2, 0] and report.error == "请求格式不正确"


def test_a_stored_cursor_past_the_centres_newest_is_pulled_again_from_0(store, centre):
    """Was: a cursor in range but ahead of every change the centre holds (an earlier release stored
    it unchecked; a centre restored from a backup) was accepted and answered with nothing, so every
    later change was skipped in silence. The centre now sends its newest cursor: a stored cursor past
    it is taken back to 0 once a round, and what was received before is stored once."""
    changes = [change(1), change(2), change(3)]
    centre["answer"] = lambda since: (200, page([c for c in changes if c["cursor"] > since],
                                                cursor=max([since] + [c["cursor"] for c in changes if c["cursor"] > since]),
                                                newest=3))
    _round(store, centre)
    assert _inbox(store) == 3 and meta_get(store, META_CURSOR) == "3"
    _set(store, META_CURSOR, "500")
    centre["asked"].clear()
    report, _ = _round(store, centre)
    assert centre["asked"] == [500, 0] and report.error is None
    assert "超出中心服务的最新位置 3" in report.pull_cursor_reset
    assert meta_get(store, META_CURSOR) == "3" and _inbox(store) == 3


def test_a_centre_without_newest_is_answered_as_before(store, centre):
    """A centre of an earlier release sends no ``newest``: no reset, the cursor stays where it was."""
    _set(store, META_CURSOR, "500")
    centre["answer"] = lambda since: (200, page(cursor=since))
    report, _ = _round(store, centre)
    assert centre["asked"] == [500] and report.error is None and report.pull_cursor_reset is None
    assert meta_get(store, META_CURSOR) == "500"


@pytest.mark.parametrize("answer", [
    lambda since: page([change(since + 1)], cursor=since + 1, newest=since),          # a change past the newest
    lambda since: page(cursor=since, newest=2**63),                                   # a newest out of range
])
def test_a_page_that_contradicts_its_own_newest_is_refused(store, centre, answer):
    centre["answer"] = lambda since: (200, answer(since))
    report, _ = _round(store, centre)
    _refused(report)
    assert _inbox(store) == 0 and meta_get(store, META_CURSOR) in (None, "0")


# ------------------------------------------------------------------------------ 3. number floors

def test_number_floors_out_of_range_are_reported_not_passed_on(store, centre):
    good = ["深社保福田〔2026〕受告第FT-W01-CMXQ-000012号", "FT-W01-20261206-0003"]
    bad = ["深社保福田〔2026〕受告第FT-W01-CMXQ-999999999999号", "FT-W01-20261206-999999999",
           "深社保福田〔2026〕受告第FT-W01-CMXQ-" + "9" * 5000 + "号", "深社保福田〔2150〕受告第FT-W01-CMXQ-000001号"]
    centre["answer"] = lambda since: (200, page(cursor=since, floors=good + bad))
    report, _ = _round(store, centre)
    assert report.error is None and report.number_floors == good
    assert len(report.number_floors_ignored) == 4
    assert all("超出范围" in line and len(line) < 200 for line in report.number_floors_ignored)


def test_sync_run_says_what_it_ignored_refused_and_pulled_again(store, centre):
    """``sync run``'s text (cli.sync.report_lines) names each of them, not only ``--json``."""
    from counter_app.cli.sync import report_lines

    _set(store, META_CURSOR, "-5")
    floors = ["FT-W01-20261206-999999999"]
    centre["answer"] = lambda since: (200, page([change(1)], cursor=1, floors=floors) if since == 0
                                      else page(cursor=since, floors=floors))
    report, _ = _round(store, centre)
    text = "\n".join(report_lines(report))
    assert "已从头重新接收中心的更新" in text
    assert "编号下限超出范围，已忽略" in text and "999999999" in text

    centre["answer"] = lambda since: (200, page(cursor=since, more=True))
    report, _ = _round(store, centre)
    text = "\n".join(report_lines(report))
    assert "更新页不合规，未保存" in text and "未完成：中心服务的答复无法识别" in text
