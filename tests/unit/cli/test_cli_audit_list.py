"""``counter-app audit list`` shows who did what — clerks' and field staff's names, field visits'
results and masked ID numbers — so, like ``field visits``, it answers only a signed-in user: with
nobody signed in it is refused (exit 3) and lists nothing."""

from __future__ import annotations

import json

from counter_app.cli.main import main
from tests.conftest import sign_in


def _a_field_visit_audited() -> None:
    from counter_app.cli._common import open_store
    from counter_app.storage.uow import UnitOfWork

    store = open_store()
    try:
        with UnitOfWork(store, actor="field11") as uow:
            uow.audit("field.visit", object_type="field_visit", object_id="V-AUDIT-1",
                      detail="110105********002X 认证通过，工作人员 field11、supervisor11")
            uow.commit()
    finally:
        store.close()


def test_audit_list_with_nobody_signed_in_is_refused_and_lists_nothing(app_home, capsys):
    _a_field_visit_audited()
    sign_in(None)
    assert main(["audit", "list"]) == 3
    out, err = capsys.readouterr()
    assert "V-AUDIT-1" not in out + err and "field11" not in out + err
    assert "请先用 counter-app login 登录" in err
    assert main(["audit", "list", "--json"]) == 3
    answer = json.loads(capsys.readouterr().out)
    assert "records" not in answer and "登录" in answer["error"]


def test_audit_list_lists_the_records_for_a_signed_in_user(app_home, capsys):
    _a_field_visit_audited()
    sign_in("clerk01")
    assert main(["audit", "list", "--json"]) == 0
    records = json.loads(capsys.readouterr().out)["records"]
    assert any(r["object_id"] == "V-AUDIT-1" and r["actor"] == "field11" for r in records)
    assert main(["audit", "list"]) == 0
    assert "V-AUDIT-1" in capsys.readouterr().out


def test_a_limit_sqlite_cannot_hold_is_refused_in_chinese(app_home, capsys):
    from tests.support.bad_input import assert_refused_in_chinese
    from tests.unit.cli.test_cli_bad_input import ENGLISH

    sign_in("clerk01")          # past the sign-in, to the limit itself
    _code, out, _err = assert_refused_in_chinese(main, ["audit", "list", "--limit=999999999999999999999", "--json"],
                                                 capsys, english=ENGLISH, json_error=lambda answer: bool(answer.get("error")))
    assert "登录" not in out
