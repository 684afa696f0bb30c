"""``counter-app audit centre``: the 审计 account reads, with its own sign-in, what the centre holds of
its office — the workstations' audit records, the registry-read log, the archive listing — read-only;
another role is refused before anything is asked."""

from __future__ import annotations

import json

from counter_app.cli.main import main
from counter_protocol.sync import UserInfo


def _as(monkeypatch, central_sqlite_client, username: str, roles: list[str]) -> None:
    from counter_app.cli import _common
    from counter_app.sync import client as client_mod
    from counter_app.sync.client import CentralClient, StaticToken

    real = CentralClient
    login = real("http://testserver", transport=central_sqlite_client._transport)
    token = StaticToken(login.login(username, f"{username}-demo", "FT-W01").access_token)
    login.close()

    class Auth:
        def tokens(self, user):
            return token

    info = UserInfo(username=username, display_name=username, roles=roles, office_code="FT")
    monkeypatch.setattr(_common, "signed_in_user", lambda store, settings: (Auth(), username, info))
    monkeypatch.setattr(client_mod, "CentralClient", lambda url, **kw: real(
        "http://testserver", transport=central_sqlite_client._transport, tokens=kw.get("tokens")))


def test_the_auditor_reads_the_centres_trail_and_a_clerk_is_refused(app_home, store, central_sqlite_client,
                                                                   monkeypatch, capsys):
    from tests.integration.test_audit_anchor import _client, _events, _push

    client = _client(central_sqlite_client)
    _events(store, 2)
    assert _push(store, client).audit_synced == 2
    client.close()
    _as(monkeypatch, central_sqlite_client, "auditor01", ["auditor"])
    assert main(["audit", "centre", "--workstation", "FT-W01", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["records"]
    assert [r["seq"] for r in rows] == [1, 2] and rows[0]["action"] == "record.lookup"
    assert main(["audit", "centre"]) == 0
    out = capsys.readouterr().out
    assert "查询参保档案" in out and "FT-W01 第 2 条" in out
    assert main(["audit", "centre", "reads", "--json"]) == 0 and "reads" in json.loads(capsys.readouterr().out)
    assert main(["audit", "centre", "archive"]) == 0 and "（无）" in capsys.readouterr().out
    _as(monkeypatch, central_sqlite_client, "clerk01", ["clerk"])
    assert main(["audit", "centre"]) == 3
    assert "不是审计人员" in capsys.readouterr().err
