"""A push answer the counter cannot trust: entries it leaves out go back to the queue at once and
are counted as such (not 发送中 for ever, not "synced"), results for ids never sent are ignored
and logged, and the centre's reasons and errors are stored cleaned and bounded.

A real HTTP server on loopback plays the forged centre; the real client and worker talk to it.
"""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from counter_app.cli.sync import report_lines
from counter_app.storage.uow import UnitOfWork
from counter_app.sync.client import CentralClient, StaticToken
from counter_app.sync.outbox import RESULT_TEXT_MAX_CHARS, UNANSWERED, OutboxRepository
from counter_app.sync.status import META_LAST_ERROR, meta_get
from counter_app.sync.worker import ERROR_MAX_CHARS, SyncWorker

STRAY = "01a24022-d9e5-7ff0-9892-4def2f57b197"
HOSTILE = "\u001b[2J\u001b[31m中心\u202e已完成同步\u202c" + "长" * 3000


@pytest.fixture
def centre():
    """(set_push, url): a loopback centre whose push answer is ``push(entries) -> (status, body)``."""
    chosen = {"push": lambda entries: (200, {"results": [], "server_time": "2026-12-06T08:00:00+00:00"})}

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: dict):
            raw = json.dumps(body, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.path.endswith("/sync/push"):
                self._answer(*chosen["push"](body["entries"]))
            else:
                self._answer(404, {"detail": "没有这个地址", "reason": "not_found"})

        def do_GET(self):
            self._answer(404, {"detail": "没有这个地址", "reason": "not_found"})

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield (lambda push: chosen.update(push=push)), f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _queue(store, n: int) -> list[str]:
    with UnitOfWork(store, actor="clerk01", workstation_id="FT-W01") as uow:
        ids = [uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id=f"C{i}", payload={"n": i}).id
               for i in range(n)]
        uow.commit()
    return ids


def _round(store, url):
    with CentralClient(url, timeout=5, tokens=StaticToken("t")) as client:
        return SyncWorker(store, client, workstation_id="FT-W01").run_once(pull=False, check_clock=False)


def _result(entry: dict, outcome: str = "accepted", **more) -> dict:
    return {"id": entry["id"], "status": outcome, "outcome": outcome, **more}


def test_entries_the_answer_leaves_out_go_back_to_the_queue_and_are_reported(store, centre, caplog):
    set_push, url = centre
    ids = _queue(store, 5)
    # a forged answer: the first entry, and one never sent
    set_push(lambda entries: (200, {"results": [_result(entries[0]), {"id": STRAY, "status": "accepted",
                                                                          "outcome": "accepted"}],
                                    "server_time": "2026-12-06T08:00:00+00:00"}))
    with caplog.at_level(logging.WARNING, logger="counter_app.sync.outbox"):
        report = _round(store, url)
    assert (report.pushed, report.synced, report.unanswered) == (5, 1, 4)
    repo = OutboxRepository(store)
    assert repo.counts() == {"pending": 4, "sending": 0, "synced": 1, "rejected": 0, "conflict": 0}
    view = {v.id: v for v in repo.list_entries()}
    assert view[ids[0]].state == "synced"
    for key in ids[1:]:
        assert view[key].state == "pending" and view[key].last_error == UNANSWERED
        assert view[key].next_attempt_at is not None          # not again in this round: the next one
    assert STRAY not in view
    assert "1 results for entries not in the batch sent" in caplog.text
    assert "left out 4 of 5 entries" in caplog.text
    assert report_lines(report)[0] == "发送 5 条：已同步 1，被拒绝 0，冲突 0；拉取中心更新 0 条"
    assert report_lines(report)[1].startswith("中心未答复其中 4 条，下次再发")

    # the next round (once they are due) sends them, and an honest answer syncs them
    from sqlalchemy import update

    from counter_app.storage.tables_core import OutboxEntry

    with store.new_session() as s:
        s.execute(update(OutboxEntry).values(next_attempt_at=None))
        s.commit()
    set_push(lambda entries: (200, {"results": [_result(e) for e in entries],
                                    "server_time": "2026-12-06T08:00:00+00:00"}))
    report = _round(store, url)
    assert (report.pushed, report.synced, report.unanswered) == (4, 4, 0)
    assert repo.counts()["synced"] == 5


def test_an_answer_for_no_entry_of_the_batch_leaves_nothing_sending(store, centre):
    set_push, url = centre
    _queue(store, 3)
    set_push(lambda entries: (200, {"results": [], "server_time": "2026-12-06T08:00:00+00:00"}))
    report = _round(store, url)
    assert (report.pushed, report.synced, report.unanswered) == (3, 0, 3)
    assert OutboxRepository(store).counts()["sending"] == 0


def test_the_centres_reasons_are_stored_cleaned_and_bounded(store, centre):
    set_push, url = centre
    ids = _queue(store, 2)
    set_push(lambda entries: (200, {"results": [
        _result(entries[0], "rejected", reason=HOSTILE, suggested_action="\u202e请\x1b[0m重试\n" + "动" * 3000),
        _result(entries[1], "conflict", reason="状态不符", suggested_action="先同步")],
        "server_time": "2026-12-06T08:00:00+00:00"}))
    report = _round(store, url)
    assert (report.rejected, report.conflict) == (1, 1)
    view = {v.id: v for v in OutboxRepository(store).list_entries()}
    reason, action = view[ids[0]].reason, view[ids[0]].suggested_action
    assert reason is not None and action is not None
    for text in (reason, action):
        assert "\x1b" not in text and "\u202e" not in text and "\u202c" not in text and "\n" not in text
        assert len(text) <= RESULT_TEXT_MAX_CHARS
    assert reason.startswith("中心已完成同步长") and action.startswith("请重试 动")
    assert (view[ids[1]].reason, view[ids[1]].suggested_action) == ("状态不符", "先同步")


def test_the_rounds_error_is_recorded_cleaned_and_bounded(store, centre):
    """sync status --json's last_error: a 503's detail as the centre wrote it, made harmless."""
    set_push, url = centre
    _queue(store, 1)
    set_push(lambda entries: (503, {"detail": HOSTILE}))
    report = _round(store, url)
    recorded = meta_get(store, META_LAST_ERROR) or ""
    assert recorded == report.error
    assert recorded.startswith("中心服务暂时不可用（503）：中心已完成同步长")
    assert "\x1b" not in recorded and "\u202e" not in recorded and len(recorded) <= min(ERROR_MAX_CHARS, 600)
    assert OutboxRepository(store).counts()["pending"] == 1       # nothing lost
