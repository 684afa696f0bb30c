"""Encryption at rest for personal data kept in the store (material photos, signatures…):
SM4-GCM (GB/T 32907, from ``cryptography``) with a per-store data key kept in the OS keyring.

- The key (128 bit) is made once per store and kept in the keyring under
  ``szsi-counter-app/store-key`` / ``<key id>``; the store's ``meta`` table holds only the key id
  (``store_key_id``). A file copied off the workstation is unreadable without that keyring.
- A blob is ``nonce (12) ‖ ciphertext ‖ tag (16)``; ``scheme`` names it per row
  (``sm4-gcm:<key id>``), so a later key rotation or another algorithm needs no migration.
- ``aad`` binds a blob to its row (e.g. the row id and case id): a blob moved to another row
  fails to decrypt instead of showing the wrong applicant's document.
- A store whose key id is recorded but whose key is not in the keyring raises
  :class:`KeyMissingError`; a new key is never made silently for data that already exists.
"""

from __future__ import annotations

import os
import secrets
import threading

from sqlalchemy import select

from counter_app.storage.tables_core import Meta

KEYRING_SERVICE = "szsi-counter-app/store-key"
META_KEY_ID = "store_key_id"
SCHEME_PREFIX = "sm4-gcm:"
NONCE_BYTES = 12
TAG_BYTES = 16


class CryptoError(Exception):
    """Encryption at rest failed; the message is for the clerk / IT staff (Chinese)."""


class KeyMissingError(CryptoError):
    pass


class DecryptError(CryptoError):
    pass


class FieldCipher:
    """SM4-GCM with one data key."""

    def __init__(self, key: bytes, key_id: str):
        if len(key) != 16:
            raise CryptoError("数据密钥长度不正确（SM4 需要 16 字节）。")
        self._key = key
        self.key_id = key_id

    @property
    def scheme(self) -> str:
        return SCHEME_PREFIX + self.key_id

    def encrypt(self, plain: bytes, aad: bytes = b"") -> bytes:
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        nonce = os.urandom(NONCE_BYTES)
        enc = Cipher(algorithms.SM4(self._key), modes.GCM(nonce)).encryptor()
        if aad:
            enc.authenticate_additional_data(aad)
        body = enc.update(plain) + enc.finalize()
        return nonce + body + enc.tag

    def decrypt(self, blob: bytes, aad: bytes = b"", scheme: str | None = None) -> bytes:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

        if scheme is not None and scheme != self.scheme:
            raise DecryptError(f"数据由另一把密钥加密（{scheme}），本机密钥为 {self.scheme}。")
        if len(blob) < NONCE_BYTES + TAG_BYTES:
            raise DecryptError("加密数据不完整。")
        nonce, body, tag = blob[:NONCE_BYTES], blob[NONCE_BYTES:-TAG_BYTES], blob[-TAG_BYTES:]
        dec = Cipher(algorithms.SM4(self._key), modes.GCM(nonce, tag)).decryptor()
        if aad:
            dec.authenticate_additional_data(aad)
        try:
            return dec.update(body) + dec.finalize()
        except InvalidTag:
            raise DecryptError("加密数据校验失败：数据已被改动，或不属于这条记录。") from None


def _keyring():
    import keyring

    return keyring


_lock = threading.Lock()
_cache: dict[tuple[str, str], FieldCipher] = {}


def store_cipher(store) -> FieldCipher:
    """The data-key cipher of ``store`` (a :class:`counter_app.storage.db.Store`); makes and
    records the key on first use."""
    with _lock:
        with store.session() as s:
            row = s.get(Meta, META_KEY_ID)
            key_id = row.value if row else None
        if key_id is not None:
            cached = _cache.get((str(store.path), key_id))
            if cached is not None:
                return cached
            try:
                text = _keyring().get_password(KEYRING_SERVICE, key_id)
            except Exception as exc:  # keyring backends raise their own errors
                raise CryptoError(f"无法读取系统密钥环：{exc}") from None
            if not text:
                raise KeyMissingError(
                    f"本机数据密钥（{key_id}）不在系统密钥环中，加密的材料图像和签名无法读取。"
                    "请联系信息技术人员从备份恢复密钥环。")
            cipher = FieldCipher(bytes.fromhex(text), key_id)
        else:
            key_id = secrets.token_hex(8)
            key = secrets.token_bytes(16)
            try:
                _keyring().set_password(KEYRING_SERVICE, key_id, key.hex())
            except Exception as exc:
                raise CryptoError(f"无法把数据密钥写入系统密钥环：{exc}") from None
            with store.new_session() as s:
                s.add(Meta(key=META_KEY_ID, value=key_id))
                s.commit()
            cipher = FieldCipher(key, key_id)
        _cache[(str(store.path), key_id)] = cipher
        return cipher


def forget_cached_keys() -> None:
    """Drop the in-process key cache (tests; after a keyring change)."""
    with _lock:
        _cache.clear()


def is_encrypted(scheme: str) -> bool:
    return scheme.startswith(SCHEME_PREFIX)


def select_meta_key_id(session) -> str | None:
    return session.scalar(select(Meta.value).where(Meta.key == META_KEY_ID))
