"""``counter-app case steps``, ``field roster / visits`` and ``queue list`` print stored free text
(a step's 经办人 and 审批人, a visit's staff, the centre's reason for a rejection, the last error)
through ``free_text.shown``: new text is refused at entry, but a store written before may hold an
escape sequence (ESC[2J clears the terminal) or U+202E (the line reads reversed). Review: the three
commands printed such text as stored."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import update

from counter_app.cli.main import main
from tests.conftest import sign_in
from tests.unit.cli.test_cli_case import run
from tests.unit.cli.test_cli_case_steps import fingerprint_at_the_window, pension_case

BAD = "\x1b[2J坏\u202e字"


def _clean(out: str) -> None:
    assert "\x1b" not in out and "\u202e" not in out, repr(out)
    assert "坏字" in out, out


def test_case_steps_prints_a_stored_actor_fit_for_the_terminal(app_home, signed_in, tmp_path, capsys):
    from counter_app.cli._common import open_store
    from counter_app.storage.tables_cases import CaseStepRow

    case_no = pension_case(tmp_path, capsys)
    fingerprint_at_the_window(case_no)
    store = open_store()
    try:
        with store.session() as s:
            s.execute(update(CaseStepRow).values(actor=BAD, approved_by=BAD))
            s.commit()
    finally:
        store.close()
    code, out, err = run(capsys, "case", "steps", case_no)
    assert code == 0, err or out
    _clean(out)


def _visit_recorded(monkeypatch) -> None:
    from counter_app.cli._common import load_cli_settings, open_store
    from counter_app.storage.tables_core import OutboxEntry
    from counter_app.storage.tables_field import FieldVisitRow
    from counter_app.workflows import field
    from tests.unit.cli.test_cli_field_times import _Centre

    sign_in("field01")
    ws = load_cli_settings().office.workstation_id
    store = open_store()
    try:
        with monkeypatch.context() as m:
            m.setattr(field, "utcnow", lambda: datetime(2026, 3, 1, 22, 0))
            field.pull(store, _Centre(), user="field01", workstation_id=ws, office_code="FT")
        [a] = field.roster(store, user="field01", today=date(2026, 3, 10))
        field.record_visit(store, a.key, staff=[field.Staff("field01"), field.Staff("field02")], workstation_id=ws,
                           result="moved_away", address_confirmed=True,
                           visited_at=datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc))
        with store.session() as s:      # a store written before such text was refused
            s.execute(update(FieldVisitRow).values(staff=f"field01,{BAD}"))
            s.execute(update(OutboxEntry).values(state="rejected", reason=BAD, suggested_action=BAD, actor=BAD))
            s.commit()
    finally:
        store.close()


def test_field_visits_prints_stored_staff_and_reason_fit_for_the_terminal(app_home, capsys, monkeypatch):
    _visit_recorded(monkeypatch)
    code = main(["field", "visits"])
    out = capsys.readouterr().out
    assert code == 0, out
    _clean(out)


def test_queue_list_prints_the_stored_reason_fit_for_the_terminal(app_home, capsys, monkeypatch):
    _visit_recorded(monkeypatch)
    code = main(["queue", "list", "--state", "rejected"])
    out = capsys.readouterr().out
    assert code == 0, out
    _clean(out)
    assert "原因：坏字" in out and "建议：坏字" in out
