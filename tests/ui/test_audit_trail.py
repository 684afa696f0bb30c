"""The UI's own audit records (a card read, a refused card, an outbox export) are never lost in
silence (#16): what the worker imports is imported with the store; a write that fails is tried
again; one that still fails is kept, written before the next record, and the clerk is told.

Was: a card read logged 'card read not audited: cannot import name 'import_string' from partially
initialized module …' (the worker's lazy import raced one on the GUI thread) and the trail had no
record of it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from counter_app.ui import audit_trail
from tests.ui.test_workspace_flows import make_ctx, open_panel


def _card_reads(store) -> list[tuple[str, str, str]]:
    from counter_app.storage.tables_audit import AuditRow

    with store.session() as s:
        return [(r.object_id, r.result, r.at) for r in s.query(AuditRow).filter(AuditRow.action == "card.read")
                .order_by(AuditRow.seq)]


@pytest.fixture(autouse=True)
def no_pause(monkeypatch):
    monkeypatch.setattr(audit_trail, "RETRY_PAUSE_SECONDS", 0)
    yield
    audit_trail._pending.clear()


def test_the_store_opening_imports_what_the_audit_writes_need(tmp_path):
    """The first task (the store opening) imports the audit trail: a worker writing a record after
    it imports nothing that could race an import on the GUI thread."""
    code = ("import sys\nfrom counter_app.app_context import store_opener\n"
            f"store_opener({str(tmp_path / 'c.db')!r})().close()\n"
            "print('counter_app.storage.audit' in sys.modules, 'counter_protocol.audit' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["True", "True"]


def test_a_record_whose_write_fails_once_is_written(qtbot, app_home, store, monkeypatch):
    real, calls = audit_trail._write, []

    def racing(store_, entry):
        calls.append(entry["action"])
        if len(calls) == 1:
            raise ImportError("cannot import name 'import_string' from partially initialized module "
                              "'pydantic._internal._validators' (most likely due to a circular import)")
        real(store_, entry)

    monkeypatch.setattr(audit_trail, "_write", racing)
    lost: list[str] = []
    audit_trail.audit(make_ctx(store), action="card.read", object_type="card", object_id="110105********0017",
                      on_lost=lost.append)
    qtbot.waitUntil(lambda: len(_card_reads(store)) == 1, timeout=5000)
    assert calls == ["card.read", "card.read"] and lost == [] and audit_trail.pending_count() == 0


def test_a_record_that_cannot_be_written_is_reported_to_the_clerk_and_written_with_the_next(qtbot, app_home, store,
                                                                                          monkeypatch):
    real = audit_trail._write

    def broken(store_, entry):
        raise ImportError("cannot import name 'import_string' from partially initialized module")

    monkeypatch.setattr(audit_trail, "_write", broken)
    panel = open_panel(qtbot, make_ctx(store))
    try:
        panel._audit_card_read("110105********0017")
        qtbot.waitUntil(lambda: "审计日志" in panel.last_message, timeout=5000)
        assert "1 条待写" in panel.last_message and "import_string" not in panel.last_message
        assert audit_trail.pending_count() == 1 and _card_reads(store) == []
        monkeypatch.setattr(audit_trail, "_write", real)
        panel._audit_card_read("440301********1234")        # the next read writes the kept one first
        qtbot.waitUntil(lambda: len(_card_reads(store)) == 2, timeout=5000)
        [(first, _, at1), (second, _, at2)] = _card_reads(store)
        assert (first, second) == ("110105********0017", "440301********1234") and at1 <= at2
        assert audit_trail.pending_count() == 0
    finally:
        panel.shutdown()


def test_a_record_is_kept_by_the_worker_even_if_its_answer_never_reaches_the_window(qtbot, app_home, store,
                                                                                   monkeypatch):
    """The window may close before the worker's answer is delivered: the record is kept all the
    same (was: kept only by the GUI-thread callback, so a close in between dropped it)."""
    from counter_app.ui.tasks import task_runner

    real = audit_trail._write
    monkeypatch.setattr(audit_trail, "_write", lambda store_, entry: (_ for _ in ()).throw(OSError("disk")))
    audit_trail.audit(make_ctx(store), action="card.read", object_type="card", object_id="110105********0017")
    assert task_runner().wait(5000)            # no event processed: the answer is still queued
    assert audit_trail.pending_count() == 1
    monkeypatch.setattr(audit_trail, "_write", real)
    assert audit_trail.flush() == 0
    assert [r[0] for r in _card_reads(store)] == ["110105********0017"] and audit_trail.pending_count() == 0


def test_closing_the_window_writes_the_kept_records_and_logs_those_it_cannot(qtbot, app_home, store, monkeypatch,
                                                                           caplog):
    from counter_app.ui import dialogs
    from counter_app.ui.main_window import MainWindow

    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, *a, **k: True))
    ctx = make_ctx(store)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    real = audit_trail._write
    monkeypatch.setattr(audit_trail, "_write", lambda store_, entry: (_ for _ in ()).throw(OSError("disk")))
    audit_trail.audit(ctx, action="card.read", object_type="card", object_id="110105********0017")
    audit_trail.audit(ctx, action="idcard.read", object_type="idcard", object_id="440301********1234")
    qtbot.waitUntil(lambda: audit_trail.pending_count() == 2, timeout=5000)
    window.shutdown()          # still failing: kept, and the log names the actions, not the data
    assert audit_trail.pending_count() == 2
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "2 audit record(s) could not be written" in logged and "card.read, idcard.read" in logged   # by time
    assert "110105" not in logged and "440301" not in logged
    monkeypatch.setattr(audit_trail, "_write", real)
    window.shutdown()          # the store works again: both written, in order
    assert audit_trail.pending_count() == 0
    assert [r[0] for r in _card_reads(store)] == ["110105********0017"]
    from counter_app.storage.tables_audit import AuditRow

    with store.session() as s:
        written = [(r.action, r.object_id) for r in s.query(AuditRow).filter(AuditRow.action.in_(["card.read", "idcard.read"]))
                   .order_by(AuditRow.seq)]
    assert written == [("card.read", "110105********0017"), ("idcard.read", "440301********1234")]
