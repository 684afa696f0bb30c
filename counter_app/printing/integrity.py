"""SM3 digest of a document's content and the marks that carry it (QR code, PDF keywords)."""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from counter_app.storage.uow import canonical_json

QR_PREFIX = "DB4403N1"
KEYWORDS_PREFIX = "counter-app-notice/1"
_KEYWORDS_RE = re.compile(
    rb"counter-app-notice/1;kind=([a-z_]+);number=([A-Za-z0-9%._~-]+);sm3=([0-9a-f]{64})"
)


def sm3_hex(data: bytes) -> str:
    from cryptography.hazmat.primitives import hashes

    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize().hex()


def content_digest(kind: str, number: str, fields: dict) -> str:
    """SM3 over the canonical JSON of kind, number and content fields (what the paper says)."""
    return sm3_hex(canonical_json({"kind": kind, "number": number, "fields": fields}).encode("utf-8"))


def qr_payload(number: str, digest: str) -> str:
    return f"{QR_PREFIX}|{number}|SM3:{digest}"


def parse_qr_payload(text: str) -> tuple[str, str] | None:
    parts = text.split("|")
    if len(parts) != 3 or parts[0] != QR_PREFIX or not parts[2].startswith("SM3:"):
        return None
    return parts[1], parts[2][4:]


def keywords(kind: str, number: str, digest: str) -> str:
    """ASCII-only PDF keywords (the number percent-encoded) so they read back from the raw file."""
    return f"{KEYWORDS_PREFIX};kind={kind};number={quote(number, safe='')};sm3={digest}"


def read_marks(pdf: bytes) -> dict | None:
    """kind, number and digest written by :func:`keywords` into a rendered PDF, or None."""
    m = _KEYWORDS_RE.search(pdf)
    if not m:
        return None
    return {"kind": m.group(1).decode(), "number": unquote(m.group(2).decode()), "digest": m.group(3).decode()}
