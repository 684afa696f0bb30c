"""Salted argon2id verifier for offline login (离线登录校验值); the password itself is never stored.
The hasher and its parameters are the product's one (:mod:`counter_protocol.passwords`)."""

from __future__ import annotations

from counter_protocol import passwords


def _material(username: str, password: str) -> str:
    return f"counter-app-offline\x1f{username}\x1f{password}"


def make_verifier(username: str, password: str) -> str:
    return passwords.hash_secret(_material(username, password))


def check_verifier(verifier: str, username: str, password: str) -> bool:
    return passwords.verify(verifier, _material(username, password))
