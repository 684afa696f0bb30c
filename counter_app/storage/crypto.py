"""Personal data at rest in the local store: keyed digests (HMAC-SM3) and sealed blobs (SM4-GCM).

Reusable by any area that must keep personal data on the workstation (the record cache
``record_cache`` is the first user; the security work may move other columns onto it):

- :meth:`StoreCipher.digest` — HMAC-SM3 of a text (e.g. an ID number) under a key of its own:
  a stable lookup key that does not reveal the text (a plain hash of an 18-digit ID is trivially
  brute-forced; a keyed one is not without the key).
- :meth:`StoreCipher.seal` / :meth:`StoreCipher.open` — SM4 in GCM mode (cryptography), a fresh
  12-byte nonce per seal, the 16-byte tag appended; ``aad`` binds the blob to its row (pass the
  row's digest), so a blob copied onto another row does not open. Layout: ``b"S1" + nonce + ct+tag``.

Keys: one 16-byte SM4 key and one 32-byte HMAC key per store *purpose*, generated on first use
and kept only in the OS keyring (``keyring``: Secret Service / Windows Credential Manager),
service ``counter-app:store-key``, user ``<purpose>``, as hex. Losing the keyring entry makes the
sealed data unreadable: callers treat :class:`SealedDataError` as "not cached" and fetch again.
Nothing here logs a plaintext.
"""

from __future__ import annotations

import os
import threading

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

KEYRING_SERVICE = "counter-app:store-key"
MAGIC = b"S1"
NONCE_BYTES = 12
TAG_BYTES = 16


class SealedDataError(Exception):
    """A sealed blob that does not open (other key, tampered, truncated)."""


class StoreCipher:
    """SM4-GCM sealing and HMAC-SM3 digests with explicit keys (see :func:`cipher_for`)."""

    def __init__(self, enc_key: bytes, mac_key: bytes):
        if len(enc_key) != 16 or len(mac_key) < 16:
            raise ValueError("SM4 key must be 16 bytes, HMAC key at least 16 bytes")
        self._enc = enc_key
        self._mac = mac_key

    def digest(self, text: str) -> str:
        h = hmac.HMAC(self._mac, hashes.SM3())
        h.update(text.encode("utf-8"))
        return h.finalize().hex()

    def seal(self, plaintext: bytes, aad: bytes = b"") -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        enc = Cipher(algorithms.SM4(self._enc), modes.GCM(nonce)).encryptor()
        if aad:
            enc.authenticate_additional_data(aad)
        ct = enc.update(plaintext) + enc.finalize()
        return MAGIC + nonce + ct + enc.tag

    def open(self, blob: bytes, aad: bytes = b"") -> bytes:
        if not blob or blob[:2] != MAGIC or len(blob) < 2 + NONCE_BYTES + TAG_BYTES:
            raise SealedDataError("密文格式不正确")
        nonce, body = blob[2:2 + NONCE_BYTES], blob[2 + NONCE_BYTES:]
        ct, tag = body[:-TAG_BYTES], body[-TAG_BYTES:]
        dec = Cipher(algorithms.SM4(self._enc), modes.GCM(nonce, tag)).decryptor()
        if aad:
            dec.authenticate_additional_data(aad)
        try:
            return dec.update(ct) + dec.finalize()
        except InvalidTag:
            raise SealedDataError("密文无法解开（密钥不符或数据被改动）") from None


_lock = threading.Lock()
_cache: dict[tuple[str, str], StoreCipher] = {}


def cipher_for(purpose: str) -> StoreCipher:
    """The cipher of one purpose (e.g. ``"records"``), its keys from the OS keyring (created on
    first use). Raises ``keyring.errors.KeyringError`` when no keyring is usable."""
    import keyring

    backend = type(keyring.get_keyring()).__name__
    with _lock:
        hit = _cache.get((purpose, backend))
        if hit is not None:
            return hit
        stored = keyring.get_password(KEYRING_SERVICE, purpose)
        if stored:
            enc_hex, _, mac_hex = stored.partition(":")
            enc, mac = bytes.fromhex(enc_hex), bytes.fromhex(mac_hex)
        else:
            enc, mac = os.urandom(16), os.urandom(32)
            keyring.set_password(KEYRING_SERVICE, purpose, f"{enc.hex()}:{mac.hex()}")
        cipher = StoreCipher(enc, mac)
        _cache[(purpose, backend)] = cipher
        return cipher


def forget_cached_keys() -> None:
    """Drop the in-process copy of the keys (tests; after the keyring entry changed)."""
    with _lock:
        _cache.clear()


STORE_KEY_USER = "sqlcipher"


def store_key(*, create: bool) -> bytes | None:
    """The 256-bit SQLCipher key of the local store, from the OS keyring (service
    ``counter-app:store-key``, user ``sqlcipher``); a new one when ``create`` and none is there."""
    import keyring

    backend = keyring.get_keyring()
    backend = (getattr(backend, "backends", None) or [backend])[0]
    if type(backend).__name__ in ("PlaintextKeyring", "UncryptedFileKeyring") \
            and os.environ.get("COUNTER_APP_ALLOW_PLAINTEXT_KEYRING", "") != "1":
        # the same policy as counter_app.sync.keystore (a layer above): a key in a readable file is no key
        raise PermissionError("当前密钥环后端以明文文件保存密钥，不安全，已拒绝使用")
    stored = keyring.get_password(KEYRING_SERVICE, STORE_KEY_USER)
    if stored:
        return bytes.fromhex(stored)
    if not create:
        return None
    key = os.urandom(32)
    keyring.set_password(KEYRING_SERVICE, STORE_KEY_USER, key.hex())
    return key
