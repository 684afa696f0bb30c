"""Store files in tests: a plaintext copy of an encrypted store (the session's migrated template is
kept plaintext so each test's store is encrypted in place under that test's own keyring), and a
raw keyed connection for tests that look inside the file."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path


def export_plaintext(src: Path, dst: Path) -> Path:
    from counter_app.storage.crypto import store_key
    from counter_app.storage.db import raw_connect

    conn = raw_connect(src, store_key(create=False))
    try:
        conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(dst),))
        conn.execute("SELECT sqlcipher_export('plain')")
        conn.execute("DETACH DATABASE plain")
    finally:
        conn.close()
    return dst


def keyed_connect(path: Path):
    """A DB-API connection to an (encrypted) store with the current keyring's key."""
    from counter_app.storage.crypto import store_key
    from counter_app.storage.db import raw_connect

    return raw_connect(path, store_key(create=False))


@contextmanager
def keyring_at(xdg_data_home: Path):
    """Use the plaintext test keyring of another XDG_DATA_HOME (e.g. a CLI subprocess's), so this
    process can open the store that subprocess created (its key is in that keyring)."""
    import keyring
    from keyrings.alt.file import PlaintextKeyring

    from counter_app.storage.crypto import forget_cached_keys

    kr = PlaintextKeyring()
    kr.file_path = str(Path(xdg_data_home) / "python_keyring" / PlaintextKeyring.filename)
    old = keyring.get_keyring()
    keyring.set_keyring(kr)
    forget_cached_keys()      # purpose keys are cached per backend class: the same class here
    try:
        yield kr
    finally:
        keyring.set_keyring(old)
        forget_cached_keys()


def decrypted_pages(path: Path) -> list[bytes]:
    """Every page of an SQLCipher 4 file (the store, a backup) decrypted with the current keyring's
    key, free pages included — what someone holding the key reads with a hex editor, beyond what
    SQL shows. SQLCipher 4's defaults (the store's): AES-256-CBC with the raw key, each page
    ending in a reserve of 80 bytes (its 16-byte IV, then the HMAC); the file's first 16 bytes are
    the salt, not encrypted."""
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    from counter_app.storage.crypto import store_key

    key = store_key(create=False)
    data = Path(path).read_bytes()

    def plain(page: bytes, start: int) -> bytes:
        reserve = len(page) - 80
        dec = Cipher(algorithms.AES(key), modes.CBC(page[reserve:reserve + 16])).decryptor()
        return dec.update(page[start:reserve]) + dec.finalize()

    size = 4096                             # the store's page size (SQLCipher's default): its header says so
    pages = [plain(data[n:n + size], 16 if n == 0 else 0) for n in range(0, len(data) - len(data) % size, size)]
    assert pages and int.from_bytes(pages[0][:2], "big") == size, "not an SQLCipher 4 file with 4096-byte pages"
    return pages
