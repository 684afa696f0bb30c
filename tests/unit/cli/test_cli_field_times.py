"""``counter-app field visits`` and ``field pull`` show times as the field worker reads a clock in
Shenzhen (Beijing time, said so), not UTC: a visit at 07:30 in the morning was listed as 23:30 the
day before. ``--json`` keeps the ISO time with its offset."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

from counter_app.cli.main import main
from counter_app.workflows import field
from counter_protocol import field as fp
from tests.conftest import sign_in

ID_NUMBER = "11010519491231002X"


def _expires() -> datetime:
    """Two weeks after the laptop's clock (the laptop refuses a roster valid for longer than its
    window), at 17:00 UTC: 01:00 the next day in Beijing."""
    now = datetime.now(timezone.utc)
    return (now + timedelta(days=14)).replace(hour=17, minute=0, second=0, microsecond=0)


class _Centre:
    def close(self):
        pass

    def field_roster(self, pem, days):
        expires = _expires()
        return fp.Roster(office_code="FT", generated_at=expires - timedelta(days=14), valid_until=expires,
                         window_days=60, cycle_months=12, entries=[fp.RosterEntry(
                             assignment_id="a-1", id_number=ID_NUMBER, name="王测试", address="福田区测试路 1 号",
                             last_certified=date(2024, 5, 15), valid_until=date(2025, 5, 31), reason="lapsed")])


def test_field_visits_lists_the_visit_time_in_beijing_time(app_home, capsys, monkeypatch):
    from counter_app.cli._common import load_cli_settings, open_store

    sign_in("field01")
    ws = load_cli_settings().office.workstation_id
    at = datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc)              # 2026-03-02 07:30 in Beijing
    store = open_store()
    try:
        with monkeypatch.context() as m:     # the roster pulled that morning (a visit before the pull is refused)
            m.setattr(field, "utcnow", lambda: datetime(2026, 3, 1, 22, 0))
            field.pull(store, _Centre(), user="field01", workstation_id=ws, office_code="FT")
        [a] = field.roster(store, user="field01", today=date(2026, 3, 10))
        field.record_visit(store, a.key, staff=[field.Staff("field01"), field.Staff("field02")], workstation_id=ws,
                           result="moved_away", address_confirmed=True, visited_at=at)
    finally:
        store.close()
    assert main(["field", "visits"]) == 0
    out = capsys.readouterr().out
    assert "2026-03-02 07:30" in out and "2026-03-01T23:30" not in out and "北京时间" in out
    assert main(["field", "visits", "--json"]) == 0
    [v] = json.loads(capsys.readouterr().out)
    assert datetime.fromisoformat(v["visited_at"]) == datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc)


def test_field_pull_says_until_when_the_roster_stays_in_beijing_time(app_home, capsys, monkeypatch):
    from counter_app.cli import field as cli_field

    monkeypatch.setattr(cli_field, "_roster_client", lambda settings, auth, user: _Centre())
    sign_in("field01")
    assert main(["field", "pull"]) == 0
    out = capsys.readouterr().out
    beijing = _expires() + timedelta(hours=8)
    assert f"{beijing:%Y-%m-%d} 01:00（北京时间）" in out and "UTC" not in out


def test_field_visits_is_refused_with_nobody_signed_in(app_home, capsys):
    """The list names staff and masked ID numbers: like field roster, only for a signed-in user."""
    assert main(["field", "visits"]) == 3
    assert "请先登录" in capsys.readouterr().err
    assert main(["field", "visits", "--json"]) == 3
    assert "请先登录" in json.loads(capsys.readouterr().out)["error"]


def test_field_visits_keeps_its_columns_apart_whatever_the_staff_names(app_home, capsys, monkeypatch):
    """``:<20`` padded by characters, not terminal columns: a Chinese result took twice its room and
    the staff ran into the state (「field11、supervisor11已同步」). Padded by display width, each
    column starts where its header does, and a long cell still leaves a gap."""
    from counter_app.cli._common import display_width, load_cli_settings, open_store

    sign_in("field11")
    ws = load_cli_settings().office.workstation_id
    at = datetime(2026, 3, 1, 23, 30, tzinfo=timezone.utc)
    store = open_store()
    try:
        with monkeypatch.context() as m:
            m.setattr(field, "utcnow", lambda: datetime(2026, 3, 1, 22, 0))
            field.pull(store, _Centre(), user="field11", workstation_id=ws, office_code="FT")
        [a] = field.roster(store, user="field11", today=date(2026, 3, 10))
        field.record_visit(store, a.key, staff=[field.Staff("field11"), field.Staff("supervisor11-of-the-office")],
                           workstation_id=ws, result="moved_away", address_confirmed=True, visited_at=at)
    finally:
        store.close()
    assert main(["field", "visits"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header, row = lines[0], next(x for x in lines if "2026-03-02 07:30" in x)
    assert "office待同步" not in row and "supervisor11-of-the-office  待同步" in row

    def column(line: str, word: str) -> int:      # where ``word`` starts, in terminal columns
        return display_width(line[:line.index(word)])

    assert column(row, "110105") == column(header, "证件号码")
    assert column(row, "已迁出") == column(header, "结果")
    assert column(row, "field11、") == column(header, "工作人员")


def test_field_roster_lines_its_columns_up_under_its_header(app_home, capsys):
    from counter_app.cli._common import display_width, load_cli_settings, open_store

    sign_in("field01")
    store = open_store()
    try:
        field.pull(store, _Centre(), user="field01", workstation_id=load_cli_settings().office.workstation_id, office_code="FT")
    finally:
        store.close()
    assert main(["field", "roster"]) == 0
    lines = capsys.readouterr().out.splitlines()
    header, row = lines[0], lines[1]

    def column(line: str, word: str) -> int:
        return display_width(line[:line.index(word)])

    assert column(row, "王") == column(header, "姓名")
    assert column(row, "2024-05-15") == column(header, "最近认证")
    assert column(row, "已过期") == column(header, "原因")
