"""Salted argon2id verifier for offline login (离线登录校验值), and a supervisor's approval key sealed
under their password (below); the password itself is never stored.
The hasher and its parameters are the product's one (:mod:`counter_protocol.passwords`)."""

from __future__ import annotations

from counter_protocol import passwords


def _material(username: str, password: str) -> str:
    return f"counter-app-offline\x1f{username}\x1f{password}"


def make_verifier(username: str, password: str) -> str:
    return passwords.hash_secret(_material(username, password))


def check_verifier(verifier: str, username: str, password: str) -> bool:
    return passwords.verify(verifier, _material(username, password))


# ------------------------------------------------------------------ a supervisor's approval key (现场授权)
# The key the centre gives a supervisor's online login here (counter_protocol.approvals.decision_proof)
# is kept only sealed: SM4-GCM under a key derived from the supervisor's password by argon2id (the
# product's parameters, its own random salt and a material of its own, so it is not the verifier),
# bound to the user, the centre and the workstation. Only the password just typed opens it.

_SEALED_PREFIX = "argon2id-sm4gcm-v1"
_SALT_BYTES = 16
_SM4_KEY_BYTES = 16


def _sealing_key(username: str, password: str, salt: bytes) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    material = f"counter-app-approval-key\x1f{username}\x1f{password}".encode("utf-8")
    return hash_secret_raw(material, salt, time_cost=passwords.TIME_COST, memory_cost=passwords.MEMORY_COST,
                           parallelism=passwords.PARALLELISM, hash_len=_SM4_KEY_BYTES, type=Type.ID)


def _aad(username: str, central_url: str, workstation_id: str) -> bytes:
    return "\x1f".join((_SEALED_PREFIX, username, central_url, workstation_id)).encode("utf-8")


def seal_approval_key(key: bytes, username: str, password: str, *, central_url: str, workstation_id: str) -> str:
    """``key`` sealed under ``password`` (text for the offline credential row)."""
    import os

    from counter_app.storage.crypto import _encrypt

    salt = os.urandom(_SALT_BYTES)
    blob = _encrypt(_sealing_key(username, password, salt), key, _aad(username, central_url, workstation_id))
    return f"{_SEALED_PREFIX}${salt.hex()}${blob.hex()}"


def open_approval_key(sealed: str | None, username: str, password: str, *, central_url: str,
                      workstation_id: str) -> bytes | None:
    """The key :func:`seal_approval_key` sealed, or None (nothing sealed, another password, another
    user / centre / workstation, or a changed row)."""
    from cryptography.exceptions import InvalidTag

    from counter_app.storage.crypto import _decrypt

    try:
        prefix, salt, blob = (sealed or "").split("$")
        if prefix != _SEALED_PREFIX:
            return None
        return _decrypt(_sealing_key(username, password, bytes.fromhex(salt)), bytes.fromhex(blob),
                        _aad(username, central_url, workstation_id))
    except (ValueError, InvalidTag):
        return None
