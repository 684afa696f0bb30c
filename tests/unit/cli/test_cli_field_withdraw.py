"""``counter-app field withdraw``: beside ``field visits``, the signed-in recorder lists the visits not
yet sent (masked) and withdraws one with a reason; nobody signed in, a missing reason or a visit
already sent is refused in words, exit 1/3, nothing changed."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import update

from counter_app.cli.main import main
from counter_app.storage.tables_core import OutboxEntry
from counter_app.workflows import field
from counter_protocol import field as fp
from tests.conftest import sign_in

ID_NUMBER = "11010519491231002X"


class _Centre:
    def field_roster(self, pem, days):
        now = datetime.now(timezone.utc)
        return fp.Roster(office_code="FT", generated_at=now, valid_until=now + timedelta(days=14), window_days=60,
                         cycle_months=12, entries=[fp.RosterEntry(
                             assignment_id="a-1", id_number=ID_NUMBER, name="孙桂兰", address="福田区测试路 1 号",
                             last_certified=date(2024, 5, 15), valid_until=date(2025, 5, 31), reason="lapsed")])


def _recorded(attempted: bool = False) -> str:
    from counter_app.cli._common import load_cli_settings, open_store

    ws = load_cli_settings().office.workstation_id
    store = open_store()
    try:
        field.pull(store, _Centre(), user="field01", workstation_id=ws, office_code="FT")
        [a] = field.roster(store, user="field01")
        saved = field.record_visit(store, a.key, staff=[field.Staff("field01"), field.Staff("field02")],
                                   workstation_id=ws, result="deceased", address_confirmed=True)
        if attempted:
            with store.new_session() as s:
                s.execute(update(OutboxEntry).values(attempts=1))
                s.commit()
    finally:
        store.close()
    return saved["visit_id"]


def test_field_withdraw_lists_then_withdraws_with_a_reason(app_home, capsys):
    sign_in("field01")
    visit_id = _recorded()
    assert main(["field", "withdraw"]) == 0
    out = capsys.readouterr().out
    assert visit_id in out and "110105********002X" in out and "孙*" in out and "已死亡" in out
    assert "孙桂兰" not in out and ID_NUMBER not in out
    assert main(["field", "withdraw", visit_id]) == 1                     # no reason
    assert "请填写撤回原因" in capsys.readouterr().err
    assert main(["field", "withdraw", visit_id, "--reason", "结果选错，本人健在", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"visit_id": visit_id, "result": "deceased", "reopened": True}
    assert main(["field", "visits", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["field", "withdraw"]) == 0
    assert "没有可撤回的上门认证记录" in capsys.readouterr().out


def test_field_withdraw_refuses_a_visit_that_may_have_reached_the_centre(app_home, capsys):
    sign_in("field01")
    visit_id = _recorded(attempted=True)
    assert main(["field", "withdraw", visit_id, "--reason", "选错"]) == 1
    assert "可能已送达中心，不能在本机撤回" in capsys.readouterr().err
    assert main(["field", "visits", "--json"]) == 0
    assert [v["state"] for v in json.loads(capsys.readouterr().out)] == ["queued"]


def test_field_withdraw_is_refused_with_nobody_signed_in(app_home, capsys):
    assert main(["field", "withdraw", "x", "--reason", "选错"]) == 3
    assert "登录" in capsys.readouterr().err
