"""An account signed in on the workstation of the current COUNTER_APP_HOME with the roles a test
needs, as an online login leaves it (the account's stored UserInfo, then the current user)."""

from __future__ import annotations


def sign_in_as(username: str, roles: list[str], *, office_code: str = "FT") -> None:
    from counter_app.cli._common import load_cli_settings, open_store
    from counter_app.sync.auth import AuthManager
    from counter_protocol import sync as p
    from tests.conftest import sign_in

    store = open_store()
    try:
        AuthManager(store, load_cli_settings())._remember(
            username, f"{username}-demo", p.UserInfo(username=username, display_name=username, roles=roles,
                                                     office_code=office_code))
    finally:
        store.close()
    sign_in(username)
