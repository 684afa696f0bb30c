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
    """kind, number and digest written by :func:`keywords` into a rendered PDF, or None.

    Read from the PDF's own document information (/Info /Keywords, the whole value), never by
    searching the bytes: a marker in a comment, in a page or in a file that is no PDF is not a mark.
    """
    value = _info_keywords(pdf)
    if value is None:
        return None
    m = _KEYWORDS_RE.fullmatch(value.encode("ascii", "replace"))
    if not m:
        return None
    return {"kind": m.group(1).decode(), "number": unquote(m.group(2).decode()), "digest": m.group(3).decode()}


def _reader(pdf: bytes):
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    if not pdf.startswith(b"%PDF-"):
        return None
    try:
        return PdfFileReader(BytesIO(pdf), strict=False)
    except Exception:  # not a parseable PDF
        return None


def _info_keywords(pdf: bytes) -> str | None:
    reader = _reader(pdf)
    if reader is None:
        return None
    try:
        info = reader.trailer_view.get("/Info")
        info = info.get_object() if hasattr(info, "get_object") else info
        value = info.get("/Keywords") if info is not None else None
        return str(value) if value is not None else None
    except Exception:
        return None


def page_content_digest(pdf: bytes) -> str | None:
    """SM3 over what the pages draw: every page's decoded content streams, in page order.

    Two PDFs with the same digest show the same text and marks; a marker copied into another
    document leaves that document's own content, whose digest differs from the record's rendering.
    None when the file is no parseable PDF.
    """
    reader = _reader(pdf)
    if reader is None:
        return None
    try:
        parts: list[bytes] = []
        for page in _pages(reader.root["/Pages"]):
            contents = page.get("/Contents")
            contents = contents.get_object() if hasattr(contents, "get_object") else contents
            streams = contents if isinstance(contents, list) else [contents]
            streams = [s.get_object() if hasattr(s, "get_object") else s for s in streams if s is not None]
            page_bytes = b"".join(stream.data for stream in streams)
            parts.append(len(page_bytes).to_bytes(8, "big") + page_bytes)
        if not parts:
            return None
        return sm3_hex(len(parts).to_bytes(4, "big") + b"".join(parts))
    except Exception:
        return None


def _pages(node, depth: int = 0):
    if depth > 32:
        raise ValueError("page tree too deep")
    if node.get("/Type") == "/Pages" or "/Kids" in node:
        for kid in node["/Kids"]:
            yield from _pages(kid.get_object() if hasattr(kid, "get_object") else kid, depth + 1)
    else:
        yield node
