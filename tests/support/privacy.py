"""Greps files for personal data in clear (#16, "nothing personal in clear on the workstation's disk").

A raw byte grep alone cannot fail on a PDF: its text is compressed and its CJK glyphs are subset
codes. So every file is searched as bytes (UTF-8, UTF-16-LE, JSON ``\\u`` escapes) and, when it is a
PDF, through its extracted text as well. Compressed containers are not opened: none is written here.
"""

from __future__ import annotations

import io
import json
from pathlib import Path


def _needles(secret: str) -> list[bytes]:
    return [secret.encode("utf-8"), secret.encode("utf-16-le"), json.dumps(secret).strip('"').encode("ascii")]


def _pdf_text(data: bytes) -> str:
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return "".join("".join((page.extract_text() or "").split()) for page in pdf.pages)
    except Exception:  # not a readable PDF: its bytes were searched already
        return ""


def clear_hits(roots, secrets: list[str]) -> list[str]:
    """``"<file>: <secret>"`` for every file under ``roots`` that shows a secret in clear."""
    hits = []
    for root in roots:
        root = Path(root)
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for f in files:
            try:
                data = f.read_bytes()
            except OSError:
                continue
            text = _pdf_text(data) if data[:5] == b"%PDF-" else ""
            for secret in secrets:
                if any(n in data for n in _needles(secret)) or (text and secret in text):
                    hits.append(f"{f}: {secret}")
    return hits


def centre_columns_holding(engine, needles) -> list[str]:
    """table.column of every text, JSON or binary value in the centre's database ``engine``,
    outside the registry's own tables (registry_*: where clear ID numbers belong,
    docs/registry.md), that holds one of ``needles`` (binary values: as UTF-8, UTF-16-LE or a
    JSON ``\\u`` escape)."""
    from sqlalchemy import inspect, text

    found = []
    with engine.connect() as conn:
        insp = inspect(conn)
        for table in insp.get_table_names():
            if table.startswith("registry_"):
                continue
            for col in insp.get_columns(table):
                kind = str(col["type"]).upper()
                if not any(k in kind for k in ("CHAR", "TEXT", "JSON", "BLOB", "BYTEA", "BINARY")):
                    continue
                q = text(f'SELECT "{col["name"]}" FROM "{table}" WHERE "{col["name"]}" IS NOT NULL')
                for (v,) in conn.execute(q):
                    if isinstance(v, (bytes, bytearray, memoryview)):
                        data = bytes(v)
                        hit = any(x in data for n in needles for x in _needles(n))
                    else:
                        hit = any(n in str(v) for n in needles)
                    if hit:
                        found.append(f"{table}.{col['name']}")
                        break
    return found
