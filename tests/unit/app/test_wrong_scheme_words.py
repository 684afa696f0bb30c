"""The window words a centre URL whose http / https is not what the server there speaks
(sync.client.WrongScheme) in the clerk's language: the sync error, its cause, the sign-in refusal
and the offline sign-in's note (the .ts carries each in English)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from counter_app.sync.auth import LOGIN_NOT_TLS, LOGIN_TLS_ONLY, LoginError
from counter_app.sync.client import NOT_TLS, NOT_TLS_CAUSE, TLS_ONLY, TLS_ONLY_CAUSE, WrongScheme


@pytest.mark.parametrize("code, chinese, cause, english_words", [
    ("not_tls", NOT_TLS, NOT_TLS_CAUSE, "does not speak https"),
    ("tls_only", TLS_ONLY, TLS_ONLY_CAUSE, "accepts only https"),
])
def test_the_sync_error_and_its_cause_read_english(english, code, chinese, cause, english_words):
    from counter_app.ui.messages import cause_text, plain_text

    exc = WrongScheme(code)
    assert str(exc) == chinese and exc.cause == cause
    shown, why = plain_text(exc), cause_text(exc)
    for text in (shown, why):
        assert english_words in text and "counter-app config show" in text and not any("\u4e00" <= c <= "\u9fff" for c in text)
    assert "synchronised automatically once the address is corrected" in shown and "synchronised" not in why


def test_the_sign_in_refusal_and_the_offline_note_read_english(english):
    from counter_app.ui.app import login_note_text
    from counter_app.ui.messages import plain_text

    never = LoginError(LOGIN_NOT_TLS + "该账号从未在本机联网登录过，也不能离线登录。")
    assert plain_text(never).startswith("The central service address is https, but the service at that address does not")
    assert plain_text(never).endswith("cannot sign in offline either.")
    never = LoginError(LOGIN_TLS_ONLY + "该账号从未在本机联网登录过，也不能离线登录。")
    assert "accepts only https" in plain_text(never)

    @dataclass
    class Offline:
        mode: str = "offline"
        offline_days_left: int = 5
        offline_code: str = "tls_only"
        offline_reason: str = LOGIN_TLS_ONLY
        offline_args: tuple = ()
        clock_skewed: bool = False
        office_mismatch: str = ""

    note = login_note_text(Offline())
    assert "accepts only https" in note and "so you cannot sign in online" in note
    assert not any("\u4e00" <= c <= "\u9fff" for c in note), note
