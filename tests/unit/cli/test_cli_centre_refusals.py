"""IT finding: a disabled account and a retired workstation kept working at the workstation. Once the
centre answers 该账号已停用 / 工作站已停用, the user is signed out and the commands refuse business with
the reason (no case, no number, nothing queued) until it is resolved."""

from __future__ import annotations

import json

import pytest

from counter_app.cli.main import main
from counter_app.sync.client import RequestRejected

MALE_1960 = "110105196001010017"


def _case_file(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"service": "reg_enroll", "applicant_type": "individual",
                                "applicant": {"id_number": MALE_1960, "name": "张三"}, "materials": "all"},
                               ensure_ascii=False), encoding="utf-8")
    return str(path)


def _with_auth(fn, client_factory=None):
    from counter_app.cli._common import load_cli_settings, open_store
    from counter_app.sync.auth import AuthManager

    store = open_store()
    try:
        return fn(AuthManager(store, load_cli_settings(), client_factory=client_factory), store)
    finally:
        store.close()


def _queued_and_audited():
    from counter_app.cli._common import open_store
    from counter_app.storage.audit import AuditRow
    from counter_app.sync.outbox import OutboxRepository

    store = open_store()
    try:
        with store.session() as s:
            audit = [(r.actor, r.action, r.detail) for r in s.query(AuditRow).order_by(AuditRow.seq)]
        return OutboxRepository(store).list_entries(None, limit=100), audit
    finally:
        store.close()


class _Refusing:
    """A centre client whose every answer is the centre's refusal ``reason``."""

    def __init__(self, reason: str, detail: str):
        self.error = RequestRejected(403, detail, reason, "")

    def login(self, *a, **k):
        raise self.error

    def refresh(self, *a, **k):
        raise self.error

    def close(self):
        pass


def test_a_disabled_account_is_signed_out_and_its_business_refused(app_home, tmp_path, capsys):
    from tests.conftest import sign_in

    sign_in("bob")
    _with_auth(lambda auth, _s: auth.account_disabled("bob"))     # what a sync round does on 403 account_disabled
    assert _with_auth(lambda auth, _s: auth.current_user()) is None
    code = main(["case", "import", _case_file(tmp_path), "--json"])
    answer = json.loads(capsys.readouterr().out)
    assert code == 1 and "bob" in answer["error"] and "已被中心停用" in answer["error"], answer
    entries, audit = _queued_and_audited()
    assert entries == []                                             # no case, no 文号, nothing to push
    assert ("bob", "logout", "中心已停用该账号，本工作站已注销") in audit
    code = main(["queue", "export", str(tmp_path / "q.json")])
    assert code != 0 and "已被中心停用" in capsys.readouterr().err


def test_another_clerks_sign_in_ends_the_disabled_notice(app_home, tmp_path, capsys):
    from tests.conftest import sign_in

    sign_in("bob")
    _with_auth(lambda auth, _s: auth.account_disabled("bob"))
    sign_in("clerk01")           # as a login leaves it; the flag is about bob, who is no longer signed in
    _with_auth(lambda auth, _s: auth._set_meta(**{"sync.signed_out_disabled": None}))
    assert main(["case", "import", _case_file(tmp_path), "--json"]) == 0, capsys.readouterr()


def test_a_retired_workstation_refuses_login_offline_login_and_business(app_home, tmp_path, capsys):
    from counter_app.sync.auth import LoginError
    from tests.conftest import sign_in

    sign_in("clerk01")
    _with_auth(lambda auth, _s: (auth._set("clerk01:access", "a"), auth._set("clerk01:refresh", "r")))
    refusing = _Refusing("workstation_retired", "工作站 FT-W01 已停用")

    def login(auth, _store):
        with pytest.raises(LoginError, match="工作站 FT-W01 已被中心停用"):
            auth.login("clerk01", "clerk01-demo")
        return auth.current_user()

    assert _with_auth(login, lambda: refusing) is None                # whoever was signed in: signed out
    # and their tokens are gone from the keyring, not left for whoever uses this OS account next
    assert _with_auth(lambda auth, _s: (auth._get("clerk01:access"), auth._get("clerk01:refresh"))) == (None, None)
    code = main(["case", "import", _case_file(tmp_path), "--json"])
    answer = json.loads(capsys.readouterr().out)
    assert code == 1 and "工作站 FT-W01 已被中心停用" in answer["error"] and "config init" in answer["error"]
    assert _queued_and_audited()[0] == []
    sign_in("clerk01")                                                 # even an offline sign-in left over
    code = main(["case", "import", _case_file(tmp_path), "--json"])
    assert code == 1 and "已被中心停用" in json.loads(capsys.readouterr().out)["error"]


def test_a_refresh_refused_for_a_retired_workstation_marks_it(app_home):
    from tests.conftest import sign_in

    sign_in("clerk01")
    refusing = _Refusing("workstation_retired", "工作站 FT-W01 已停用")

    def refresh(auth, _store):
        auth._set("clerk01:refresh", "r")
        assert auth.refresh("clerk01") is False
        return auth.business_refusal()

    assert "工作站 FT-W01 已被中心停用" in _with_auth(refresh, lambda: refusing)


def test_the_sync_worker_reports_a_retired_workstation(store):
    from counter_app.sync.worker import SyncReport, SyncWorker

    report = SyncReport()
    worker = SyncWorker(store, None, workstation_id="FT-W05")   # type: ignore[arg-type]
    assert worker._failed([], RequestRejected(403, "工作站 FT-W05 已停用", "workstation_retired", ""), report) is False
    assert report.workstation_retired and not report.account_disabled
    assert SyncReport.from_dict(report.as_dict()).workstation_retired     # across the agent's pipe


def test_doctor_reports_an_office_code_the_centre_does_not_hold(app_home, capsys):
    from counter_app.cli._common import open_store
    from counter_app.storage.base import utcnow
    from counter_app.storage.tables_sync import OfflineCredential
    from counter_app.sync.checks import _office
    from counter_app.config import default_settings
    from counter_protocol.sync import UserInfo
    from tests.conftest import sign_in

    sign_in("clerk11")
    store = open_store()
    with store.new_session() as s:     # as the last online login left it: the centre's account, office LH
        s.add(OfflineCredential(username="clerk11", verifier="", central_url="http://x", mac="",
                                user_json=UserInfo(username="clerk11", display_name="罗湖经办", roles=["clerk"],
                                                   office_code="LH").model_dump_json(),
                                last_online_login_at=utcnow(), disabled=False, failed_logins=0))
        s.commit()
    store.close()
    settings = default_settings()           # [office] code FT
    [check] = _office(settings)
    assert check.status == "fail" and "FT" in check.message and "LH" in check.message
    settings.office.code = "LH"
    assert _office(settings)[0].status == "ok"


def test_logout_with_nobody_signed_in_says_so(app_home, capsys):
    from counter_app.cli._common import open_store
    from counter_app.storage.uow import UnitOfWork

    store = open_store()
    with UnitOfWork(store, actor="clerk01") as uow:     # unsynced work of an earlier sign-in
        uow.outbox.add(kind="test", aggregate_type="case", aggregate_id="c1", payload={})
        uow.commit()
    store.close()
    assert main(["logout", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["signed_in"] is None and "没有人登录" in answer["message"]


def test_login_without_a_terminal_says_to_use_password_stdin(app_home, capsys, monkeypatch):
    import getpass
    import warnings

    def no_terminal(prompt=""):
        warnings.warn("Can not control echo on the terminal.", getpass.GetPassWarning, stacklevel=2)
        return "echoed"

    monkeypatch.setattr(getpass, "getpass", no_terminal)
    assert main(["login", "clerk01"]) == 1
    err = capsys.readouterr().err
    assert "--password-stdin" in err and "GetPassWarning" not in err and "Can not control" not in err


def test_doctor_reports_the_retirement_the_store_holds_and_the_entries_waiting(app_home, tmp_path, capsys):
    """IT staff report: doctor said nothing about a retired 工作站编号 with a case still unsynced."""
    from tests.conftest import sign_in

    sign_in("clerk01")
    assert main(["case", "import", _case_file(tmp_path), "--json"]) == 0
    capsys.readouterr()
    waiting = len(_queued_and_audited()[0])
    assert waiting > 0
    _with_auth(lambda auth, _s: auth.workstation_retired())       # what a sync round does on 403
    from counter_app.cli._common import load_cli_settings
    from counter_app.sync import checks

    # the doctor check itself (the device checks would ask the shared pcscd, the central one the network)
    business = checks._business(load_cli_settings())
    assert len(business) == 1 and business[0].status == "fail"
    assert "工作站 FT-W01 已被中心停用" in business[0].message and f"{waiting} 条记录尚未同步" in business[0].message
    assert "workstations list" in business[0].hint
    _with_auth(lambda auth, _s: auth._set_meta(**{"sync.retired_workstation": None}))
    assert checks._business(load_cli_settings()) == []


def test_a_login_refusal_carries_the_centres_suggested_action(app_home):
    """IT staff report: 「工作站 FT-W09 未登记」 reached the screen without the centre's advice."""
    from counter_app.sync.auth import LoginError

    class _Unknown(_Refusing):
        def __init__(self):
            self.error = RequestRejected(403, "工作站 FT-W01 未登记", "unknown_workstation",
                                         "请管理员先登记本工作站（counter-central workstations add）")

    def login(auth, _store):
        with pytest.raises(LoginError) as refused:
            auth.login("clerk01", "clerk01-demo")
        return str(refused.value)

    assert _with_auth(login, _Unknown) == "工作站 FT-W01 未登记。请管理员先登记本工作站（counter-central workstations add）"
