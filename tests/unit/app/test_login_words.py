"""Why a sign-in failed, in the clerk's language (ui.login_errors). Review: the login dialog, the lock
screen, 现场授权 and 第二名工作人员验证未通过 showed sync.auth's Chinese sentence in the English UI.
Each sentence is listed for tr() with its figures as %1 …; these tests read the raising code itself, so
a new or reworded sentence cannot silently stay Chinese."""

from __future__ import annotations

import ast
import inspect
import re

import pytest

from counter_app.config import default_settings
from counter_app.domain.refusals import Refusal
from counter_app.sync import auth as auth_module
from counter_app.sync.auth import AuthManager, LoginError, credential_problem
from counter_app.sync.client import TransientError
from counter_app.ui.login_errors import TEMPLATES, login_text
from counter_app.ui.messages import plain_text
from counter_app.ui.refusals import refusal_text
from counter_app.workflows import field
from counter_protocol import sync as p
from tests.support.templates import template_of

HAN = re.compile(r"[\u4e00-\u9fff]")


def _sentences(module, call: str, arg: int, functions: set[str] | None = None,
               names: dict[str, str] | None = None) -> list[str]:
    tree = ast.parse(inspect.getsource(module))
    found = []
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef) or (functions is not None and fn.name not in functions):
            continue
        for node in ast.walk(fn):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == call and len(node.args) > arg:
                template = template_of(node.args[arg], names or {}, {})
                if template is not None:
                    found.append(template)
            if isinstance(node, ast.Return) and call == "LoginError" and node.value is not None \
                    and fn.name in ("credential_problem", "_unrecognised_login"):
                template = template_of(node.value, names or {}, {})
                if template is not None:
                    found.append(template)
    return found


def _listed(sentence: str) -> bool:
    """Listed as it is, or as a template whose %N the sentence fills (an empty ``whose``)."""
    from counter_app.ui.messages import matching_template

    return matching_template(sentence, TEMPLATES) is not None


def test_every_sentence_sync_auth_raises_is_listed_for_translation():
    tree = ast.parse(inspect.getsource(auth_module))
    unrecognised = next(template_of(n.value, {}, {}) for fn in ast.walk(tree)
                        if isinstance(fn, ast.FunctionDef) and fn.name == "_unrecognised_login"
                        for n in ast.walk(fn) if isinstance(n, ast.Return))
    names = {name: value for name, value in vars(auth_module).items() if isinstance(value, str)}
    names["unrecognised"] = unrecognised        # _offline_login's ``unrecognised``: _unrecognised_login's
    sentences = _sentences(auth_module, "LoginError", 0, names=names)
    assert len(sentences) >= 25, sentences      # the scan found the raising code
    assert not [s for s in sentences if not _listed(s)]


def test_the_centres_refusals_of_a_login_are_listed_for_translation():
    from counter_central import core

    sentences = _sentences(core, "ServiceError", 1, {"login", "_authenticate", "_second_factor"})
    assert len(sentences) >= 5, sentences
    assert not [s for s in sentences if not _listed(s)]


def _unreachable_auth(store) -> AuthManager:
    class Unreachable:
        def login(self, *a, **k):
            raise TransientError("无法连接中心服务")

        def close(self):
            pass

    auth = AuthManager(store, default_settings(), client_factory=Unreachable)
    auth._remember("field02", "field02-demo",
                   p.UserInfo(username="field02", display_name="外勤人员02", roles=["field"], office_code="FT"))
    return auth


def test_real_sign_in_failures_read_english_with_their_figures(store, english):
    auth = _unreachable_auth(store)
    failures = []
    for attempt in (lambda: auth.login("", ""),
                    lambda: auth.login("supervisor01", "whatever"),                 # never online here
                    lambda: auth.login("field02", "wrong"),
                    lambda: auth.authenticate_once("supervisor01", "whatever"),     # 现场授权
                    lambda: auth.authenticate_once("field02", "wrong", who="", act="验证"),
                    lambda: auth.authenticate_once("field02", "x" * 300)):
        with pytest.raises(LoginError) as info:
            attempt()
        failures.append(info.value)
    shown = [plain_text(exc) for exc in failures]
    assert not [t for t in shown if HAN.search(t)], shown
    assert shown[0] == "Please enter the username and password"
    assert shown[3].startswith("Cannot reach the central service, and this approver has never"), shown[3]
    assert shown[3].endswith("cannot authorise offline."), shown[3]
    assert shown[4] == "Wrong username or password (offline)"
    assert "256" in shown[5] and shown[5].startswith("The approver's password is too long"), shown[5]
    assert str(failures[0]) == "请输入用户名和密码"                  # the CLI's words are unchanged


def test_the_second_staff_refusal_words_the_sign_in_failure(store, english):
    with pytest.raises(field.FieldError) as info:
        field.second_staff(_unreachable_auth(store), "field01", "field02", "wrong-password")
    reason = info.value.reason
    assert isinstance(reason, Refusal) and reason.code == "field_second_failed"
    text = refusal_text(reason)
    assert not HAN.search(text), text
    assert "Wrong username or password (offline)" in text


def test_a_sentence_not_listed_stays_as_it_is_and_chinese_is_the_default(qapp):
    assert login_text("密钥环不可用：请联系信息技术人员") == "密钥环不可用：请联系信息技术人员"
    message = credential_problem("u" * 65, "p", "审批人的")
    assert message is not None and login_text(message) == message             # Chinese UI: as it is
    assert "65" not in message and "64" in message


def test_the_keyrings_own_refusal_reads_english_with_its_install_hint(store, english, monkeypatch):
    """A workstation whose keyring cannot keep secrets (none at all; a plain-text file) refuses an
    offline sign-in with keystore.problem's sentence: worded whole, the install hint included, the
    backend's name as it is."""
    import keyring
    from keyring.backends import fail
    from keyrings.alt.file import PlaintextKeyring

    from counter_app.sync import keystore

    auth = _unreachable_auth(store)
    shown = []
    for backend, allow in ((fail.Keyring(), "1"), (PlaintextKeyring(), "0")):
        previous = keyring.get_keyring()
        keyring.set_keyring(backend)
        monkeypatch.setenv(keystore.ALLOW_PLAINTEXT_ENV, allow)
        try:
            with pytest.raises(LoginError) as info:
                auth.login("field02", "field02-demo")
        finally:
            keyring.set_keyring(previous)
            monkeypatch.setenv(keystore.ALLOW_PLAINTEXT_ENV, "1")
        shown.append((str(info.value), plain_text(info.value)))
    for chinese, text in shown:
        assert "密钥环" in chinese and not HAN.search(text), text
        assert "sudo apt install gnome-keyring" in text and "Secret Service" in text
    assert shown[0][1].startswith("No system keyring is available (keyring.backends.fail.Keyring)")
    assert shown[1][1].startswith("The keyring backend in use, keyrings.alt.file.PlaintextKeyring,")
    assert shown[1][1].endswith("PYTHON_KEYRING_BACKEND.")


def test_worded_while_a_worker_thread_is_still_importing_the_auth_module(monkeypatch):
    """A worker thread importing counter_app.sync.auth leaves it in sys.modules before LoginError is
    defined; an error worded on the GUI thread at that moment is still worded (it crashed with
    AttributeError: partially initialized module)."""
    import sys
    import types

    monkeypatch.setitem(sys.modules, "counter_app.sync.auth", types.ModuleType("counter_app.sync.auth"))
    assert "打印机未连接" in plain_text(RuntimeError("打印机未连接"))
