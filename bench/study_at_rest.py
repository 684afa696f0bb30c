"""At-rest encryption of the local store (#16 finding 10): SQLCipher vs SM4-GCM per field.

A study that chose the store's encryption, not one of ``make bench``'s goal benches (no issue
sets a goal for it, so it prints figures, not a ratio against a goal). Measures, on this machine,
for a store like the counter's (WAL, ``synchronous`` as ``counter_app.storage.db.SYNCHRONOUS``):
- start-up: connect + key + first read of a 5 000-case store;
- write: 1 000 case writes, one transaction each (what the counter does), with
  (a) plain SQLite, (b) SQLCipher 4 with a raw 256-bit key from the keyring (no KDF),
  (c) plain SQLite + SM4-GCM sealing of name / ID / phone / a 2 KB JSON body and an HMAC-SM3
  lookup column (counter_app.storage.crypto);
- a 512-byte fingerprint template sealed with SM4-GCM.

Run: PYTHONPATH=. .venv/bin/python -m bench.study_at_rest [--json]
"""

from __future__ import annotations

import json
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlcipher3

from counter_app.storage.crypto import StoreCipher
from counter_app.storage.db import SYNCHRONOUS

N_START, N_WRITE, REPEAT = 5000, 1000, 5
KEY = os.urandom(32)
BODY = json.dumps({"applicant": {"name": "林晓梅", "id_number": "440301199001011234", "phone": "13912345678"},
                   "notes": "x" * 1900}, ensure_ascii=False)


def _connect(kind: str, path: Path):
    if kind == "sqlcipher":
        conn = sqlcipher3.connect(str(path), isolation_level=None)
        conn.execute(f"PRAGMA key = \"x'{KEY.hex()}'\"")
    else:
        conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={SYNCHRONOUS}")
    return conn


def _schema(conn):
    conn.execute("CREATE TABLE IF NOT EXISTS cases (id INTEGER PRIMARY KEY, id_key TEXT, name BLOB, id_number BLOB,"
                 " phone BLOB, body BLOB)")
    conn.execute("CREATE INDEX IF NOT EXISTS ix_id_key ON cases(id_key)")


def _row(kind: str, cipher: StoreCipher, i: int):
    name, idn, phone = "林晓梅", f"4403011990{i:08d}", "13912345678"
    if kind == "sm4":
        key = cipher.digest(idn)
        aad = key.encode()
        return (key, cipher.seal(name.encode(), aad), cipher.seal(idn.encode(), aad), cipher.seal(phone.encode(), aad),
                cipher.seal(BODY.encode(), aad))
    return (idn, name, idn, phone, BODY)


def bench(kind: str, cipher: StoreCipher) -> dict:
    store_kind = "sqlcipher" if kind == "sqlcipher" else "plain"
    writes, starts = [], []
    for _ in range(REPEAT):
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "s.db"
            conn = _connect(store_kind, path)
            _schema(conn)
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO cases (id_key, name, id_number, phone, body) VALUES (?,?,?,?,?)",
                             [_row(kind, cipher, i) for i in range(N_START)])
            conn.execute("COMMIT")
            t = time.perf_counter()
            for i in range(N_WRITE):
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("INSERT INTO cases (id_key, name, id_number, phone, body) VALUES (?,?,?,?,?)",
                             _row(kind, cipher, N_START + i))
                conn.execute("COMMIT")
            writes.append((time.perf_counter() - t) / N_WRITE * 1e3)
            conn.close()
            t = time.perf_counter()
            conn = _connect(store_kind, path)
            row = conn.execute("SELECT name, id_number FROM cases WHERE id_key = ?",
                               (cipher.digest("440301199000000042") if kind == "sm4" else "440301199000000042",)).fetchone()
            if kind == "sm4":
                cipher.open(row[0], cipher.digest("440301199000000042").encode())
            starts.append((time.perf_counter() - t) * 1e3)
            conn.close()
            size = path.stat().st_size
    return {"kind": kind, "write_ms_per_txn": round(statistics.median(writes), 3),
            "startup_ms": round(statistics.median(starts), 2), "file_bytes": size}


def main() -> int:
    cipher = StoreCipher(os.urandom(16), os.urandom(32))
    results = [bench(k, cipher) for k in ("plain", "sqlcipher", "sm4")]
    tpl = os.urandom(512)
    t = time.perf_counter()
    for _ in range(1000):
        cipher.open(cipher.seal(tpl, b"fp"), b"fp")
    template_us = (time.perf_counter() - t) / 1000 * 1e6
    out = {"results": results, "template_seal_open_us": round(template_us, 1)}
    if "--json" in sys.argv:
        print(json.dumps(out))
    else:
        for r in results:
            print(f"{r['kind']:10} write {r['write_ms_per_txn']:.3f} ms/txn  start-up {r['startup_ms']:.2f} ms  "
                  f"file {r['file_bytes'] // 1024} KB")
        print(f"fingerprint template (512 B) SM4-GCM seal+open: {template_us:.1f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
