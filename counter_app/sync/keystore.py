"""The OS keyring (密钥环) as the only home of this workstation's secrets: the centre's tokens and
the key of the offline verifier's MAC.

Secret Service on Linux and the Credential Locker on Windows keep secrets encrypted for the user.
A plaintext backend (``keyrings.alt`` PlaintextKeyring and its kind) would leave them readable in
a file, so it is refused: :func:`keyring_module` raises :class:`InsecureKeyringError` with the
reason in Chinese, and ``counter-app doctor`` says the same. Only an explicit switch allows one:
``COUNTER_APP_ALLOW_PLAINTEXT_KEYRING=1``, which the test suite and the local demo (``make run``)
set, never a production install.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from typing import Literal, overload

from counter_app.storage.crypto import keyring_install_hint
from counter_app.storage.keyring_access import GUARDED, GuardedKeyring
from counter_app.storage.keyring_access import LOCK as KEYRING_LOCK

ALLOW_PLAINTEXT_ENV = "COUNTER_APP_ALLOW_PLAINTEXT_KEYRING"
MAC_KEY_NAME = "offline-verifier-mac-key"

# backends that keep secrets readable in a file, or not at all
_PLAINTEXT = {"PlaintextKeyring", "UncryptedFileKeyring"}
_NONE = {"fail.Keyring", "null.Keyring"}


class InsecureKeyringError(Exception):
    """The keyring cannot keep secrets safely here (Chinese message for the clerk / doctor)."""


def plaintext_allowed() -> bool:
    return os.environ.get(ALLOW_PLAINTEXT_ENV, "") == "1"


def _backend():
    import keyring

    backend = keyring.get_keyring()
    chained = getattr(backend, "backends", None)   # the chainer writes to its first backend
    if chained:
        return chained[0]
    return backend


def describe(backend) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__name__}"


def problem() -> str | None:
    """Why the keyring in use may not keep this workstation's secrets (Chinese), or None."""
    backend = _backend()
    cls = type(backend)
    short = f"{cls.__module__.rsplit('.', 1)[-1]}.{cls.__name__}"
    if short in _NONE:
        return f"没有可用的系统密钥环（{describe(backend)}），登录凭据无处安全保存。{keyring_install_hint()}"
    if cls.__name__ in _PLAINTEXT and not plaintext_allowed():
        return (f"当前密钥环后端 {describe(backend)} 以明文文件保存密码，不安全，已拒绝使用。"
                f"{keyring_install_hint()}"
                "另请删除环境变量 PYTHON_KEYRING_BACKEND 中的明文后端设置。")
    return None


def keyring_module() -> GuardedKeyring:
    """The keyring's calls (each under the process's keyring lock, storage.keyring_access), once
    the backend in use is one that keeps secrets safely."""
    why = problem()
    if why is not None:
        raise InsecureKeyringError(why)
    return GUARDED


# ------------------------------------------------------------------------ offline verifier MAC

@overload
def mac_key(service: str, *, create: Literal[True]) -> bytes: ...


@overload
def mac_key(service: str, *, create: bool) -> bytes | None: ...


def mac_key(service: str, *, create: bool) -> bytes | None:
    """The MAC key of the offline verifiers (32 random bytes in the keyring); made on first use
    when ``create``; None when there is none (an offline login is then refused)."""
    kr = keyring_module()
    with KEYRING_LOCK:   # read and create as one: another thread may be making the same key
        text = kr.get_password(service, MAC_KEY_NAME)
        if text:
            try:
                return bytes.fromhex(text)
            except ValueError:
                pass
        if not create:
            return None
        key = secrets.token_bytes(32)
        kr.set_password(service, MAC_KEY_NAME, key.hex())
        return key


def row_mac(key: bytes, *fields: object) -> str:
    """HMAC-SHA256 (hex) over the fields, each as text, separated by a unit separator."""
    message = "\x1f".join("" if f is None else str(f) for f in fields).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def mac_ok(key: bytes | None, mac: str, *fields: object) -> bool:
    if not key or not mac:
        return False
    return hmac.compare_digest(row_mac(key, *fields), mac)
