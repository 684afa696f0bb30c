"""Personal data at rest in the local store: keyed digests (HMAC-SM3) and SM4-GCM encryption,
with every key kept only in the OS keyring (Secret Service / Windows Credential Manager).

Two kinds of key, one cipher (SM4 in GCM mode from ``cryptography``, a fresh 12-byte nonce per
blob, the 16-byte tag appended, ``aad`` binding a blob to its row so a blob copied onto another row
does not open):

- **Purpose keys** (:func:`cipher_for`, :class:`StoreCipher`): one 16-byte SM4 key and one 32-byte
  HMAC key per purpose (e.g. ``"records"``, the record cache), generated on first use under the
  keyring service ``counter-app:store-key``. :meth:`StoreCipher.digest` is an HMAC-SM3 of a text
  (e.g. an ID number): a stable lookup key that does not reveal it (a plain hash of an 18-digit ID
  is trivially brute-forced). Sealed blobs are ``b"S1" + nonce + ct + tag``. Losing the keyring
  entry makes that data unreadable: callers treat :class:`SealedDataError` as "not cached" and fetch
  again (the record is the centre's to give back).
- **The store's data key** (:func:`store_cipher`, :class:`FieldCipher`): one key per store for data
  that exists only here (material photos, signatures). The store's ``meta`` table holds only the
  key id; the key is under the keyring service ``szsi-counter-app/store-key``. A blob is
  ``nonce ‖ ciphertext ‖ tag``, its row names the scheme (``sm4-gcm:<key id>``) so a later rotation
  needs no migration. A store whose key id is recorded but whose key is missing raises
  :class:`KeyMissingError`: a new key is never made silently for data that already exists.

Nothing here logs a plaintext.
"""

from __future__ import annotations

import os
import secrets
import threading

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from counter_app.storage.keyring_access import GUARDED
from counter_app.storage.keyring_access import LOCK as KEYRING_LOCK

KEYRING_SERVICE = "counter-app:store-key"            # purpose keys
STORE_KEYRING_SERVICE = "szsi-counter-app/store-key"  # the store's data key


def keyring_install_hint() -> str:
    """What to install or do when no safe keyring answers (中文, for the clerk, doctor and the
    first-run wizard): on Linux a Secret Service — on a fresh Debian / UOS / 麒麟 desktop that is
    the ``gnome-keyring`` package, unlocked by the desktop login."""
    import sys

    if sys.platform == "win32":
        return "请使用 Windows 凭据管理器（以本工作站的 Windows 用户登录，不要用“临时配置文件”）。"
    return ("请安装并启用系统密钥环（Secret Service）：在 Debian / 统信 UOS / 麒麟上以管理员执行 "
            "sudo apt install gnome-keyring（或 keepassxc 并启用其 Secret Service），然后注销并重新登录桌面，"
            "密钥环随登录解锁。")
META_KEY_ID = "store_key_id"
SCHEME_PREFIX = "sm4-gcm:"
MAGIC = b"S1"
NONCE_BYTES = 12
TAG_BYTES = 16


class SealedDataError(Exception):
    """A sealed blob that does not open (other key, tampered, truncated)."""


class CryptoError(Exception):
    """Encryption at rest failed; the message is for the clerk / IT staff (Chinese)."""


class KeyMissingError(CryptoError):
    pass


class DecryptError(CryptoError):
    pass


def _encrypt(key: bytes, plain: bytes, aad: bytes) -> bytes:
    """SM4-GCM: nonce ‖ ciphertext ‖ tag."""
    nonce = os.urandom(NONCE_BYTES)
    enc = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    if aad:
        enc.authenticate_additional_data(aad)
    return nonce + enc.update(plain) + enc.finalize() + enc.tag


def _decrypt(key: bytes, blob: bytes, aad: bytes) -> bytes:
    """The plaintext of :func:`_encrypt`'s blob; raises InvalidTag when it does not belong."""
    nonce, body, tag = blob[:NONCE_BYTES], blob[NONCE_BYTES:-TAG_BYTES], blob[-TAG_BYTES:]
    dec = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    if aad:
        dec.authenticate_additional_data(aad)
    return dec.update(body) + dec.finalize()


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
        return MAGIC + _encrypt(self._enc, plaintext, aad)

    def open(self, blob: bytes, aad: bytes = b"") -> bytes:
        if not blob or blob[:2] != MAGIC or len(blob) < 2 + NONCE_BYTES + TAG_BYTES:
            raise SealedDataError("密文格式不正确")
        try:
            return _decrypt(self._enc, blob[2:], aad)
        except InvalidTag:
            raise SealedDataError("密文无法解开（密钥不符或数据被改动）") from None


class FieldCipher:
    """SM4-GCM with the store's data key (see :func:`store_cipher`)."""

    def __init__(self, key: bytes, key_id: str):
        if len(key) != 16:
            raise CryptoError("数据密钥长度不正确（SM4 需要 16 字节）。")
        self._key = key
        self.key_id = key_id

    @property
    def scheme(self) -> str:
        return SCHEME_PREFIX + self.key_id

    def encrypt(self, plain: bytes, aad: bytes = b"") -> bytes:
        return _encrypt(self._key, plain, aad)

    def decrypt(self, blob: bytes, aad: bytes = b"", scheme: str | None = None) -> bytes:
        if scheme is not None and scheme != self.scheme:
            raise DecryptError(f"数据由另一把密钥加密（{scheme}），本机密钥为 {self.scheme}。")
        if len(blob) < NONCE_BYTES + TAG_BYTES:
            raise DecryptError("加密数据不完整。")
        try:
            return _decrypt(self._key, blob, aad)
        except InvalidTag:
            raise DecryptError("加密数据校验失败：数据已被改动，或不属于这条记录。") from None


def _keyring():
    """The keyring, each call under the process's keyring lock (storage.keyring_access)."""
    return GUARDED


_lock = threading.Lock()
_purpose_cache: dict[tuple[str, str], StoreCipher] = {}
_store_cache: dict[tuple[str, str], FieldCipher] = {}


def cipher_for(purpose: str) -> StoreCipher:
    """The cipher of one purpose (e.g. ``"records"``), its keys from the OS keyring (created on
    first use). Raises ``keyring.errors.KeyringError`` when no keyring is usable."""
    keyring = _keyring()
    backend = type(keyring.get_keyring()).__name__
    with _lock:
        hit = _purpose_cache.get((purpose, backend))
        if hit is not None:
            return hit
        with KEYRING_LOCK:   # read and create as one: another thread may be making the same key
            stored = keyring.get_password(KEYRING_SERVICE, purpose)
            if stored:
                enc_hex, _, mac_hex = stored.partition(":")
                enc, mac = bytes.fromhex(enc_hex), bytes.fromhex(mac_hex)
            else:
                enc, mac = os.urandom(16), os.urandom(32)
                keyring.set_password(KEYRING_SERVICE, purpose, f"{enc.hex()}:{mac.hex()}")
        cipher = StoreCipher(enc, mac)
        _purpose_cache[(purpose, backend)] = cipher
        return cipher


def store_cipher(store) -> FieldCipher:
    """The data-key cipher of ``store`` (a :class:`counter_app.storage.db.Store`); makes and
    records the key on first use."""
    from counter_app.storage.tables_core import Meta

    with _lock:
        with store.session() as s:
            row = s.get(Meta, META_KEY_ID)
            key_id = row.value if row else None
        if key_id is not None:
            cached = _store_cache.get((str(store.path), key_id))
            if cached is not None:
                return cached
            try:
                text = _keyring().get_password(STORE_KEYRING_SERVICE, key_id)
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
                _keyring().set_password(STORE_KEYRING_SERVICE, key_id, key.hex())
            except Exception as exc:
                raise CryptoError(f"无法把数据密钥写入系统密钥环：{exc}") from None
            with store.new_session() as s:
                s.add(Meta(key=META_KEY_ID, value=key_id))
                s.commit()
            cipher = FieldCipher(key, key_id)
        _store_cache[(str(store.path), key_id)] = cipher
        return cipher


def forget_cached_keys() -> None:
    """Drop the in-process copies of the keys (tests; after a keyring change)."""
    with _lock:
        _purpose_cache.clear()
        _store_cache.clear()


def is_encrypted(scheme: str) -> bool:
    return scheme.startswith(SCHEME_PREFIX)


def select_meta_key_id(session) -> str | None:
    from sqlalchemy import select

    from counter_app.storage.tables_core import Meta

    return session.scalar(select(Meta.value).where(Meta.key == META_KEY_ID))


STORE_KEY_USER = "sqlcipher"


def store_key(*, create: bool) -> bytes | None:
    """The 256-bit SQLCipher key of the local store, from the OS keyring (service
    ``counter-app:store-key``, user ``sqlcipher``); a new one when ``create`` and none is there."""
    keyring = _keyring()
    backend = keyring.get_keyring()
    backend = (getattr(backend, "backends", None) or [backend])[0]
    if type(backend).__name__ in ("PlaintextKeyring", "UncryptedFileKeyring") \
            and os.environ.get("COUNTER_APP_ALLOW_PLAINTEXT_KEYRING", "") != "1":
        # the same policy as counter_app.sync.keystore (a layer above): a key in a readable file is no key
        raise PermissionError("当前密钥环后端以明文文件保存密钥，不安全，已拒绝使用")
    with KEYRING_LOCK:
        stored = keyring.get_password(KEYRING_SERVICE, STORE_KEY_USER)
        if stored:
            return bytes.fromhex(stored)
        if not create:
            return None
        key = os.urandom(32)
        keyring.set_password(KEYRING_SERVICE, STORE_KEY_USER, key.hex())
        return key
