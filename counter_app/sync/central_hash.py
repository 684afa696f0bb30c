"""Salted argon2id verifier for offline login (离线登录校验值); the password itself is never stored."""

from __future__ import annotations

_hasher = None


def _ph():
    global _hasher
    if _hasher is None:
        from argon2 import PasswordHasher

        _hasher = PasswordHasher()
    return _hasher


def _material(username: str, password: str) -> str:
    return f"counter-app-offline\x1f{username}\x1f{password}"


def make_verifier(username: str, password: str) -> str:
    return _ph().hash(_material(username, password))


def check_verifier(verifier: str, username: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _ph().verify(verifier, _material(username, password))
    except (VerificationError, InvalidHashError):
        return False
