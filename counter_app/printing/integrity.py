"""SM3 digest of a document's content and the marks that carry it (QR code, PDF keywords)."""

from __future__ import annotations

import re
from dataclasses import dataclass
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
    """SM3 over what the templates draw: every page's decoded content streams, in page order.

    The layout pin (tests/unit/printing/test_layout_version.py) keeps it: independent of the
    machine's font file. Not enough to tell what a page shows — the same content streams show
    something else under a stamp annotation or with another font program; ``notice verify`` uses
    :func:`page_appearance`. None when the file is no parseable PDF.
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


# ---- what a viewer or printer shows (notice verify) ----
#
# page_content_digest above covers the content streams only, which is what the templates draw (the
# layout pin, tests/unit/printing/test_layout_version.py, keeps it). What a reader sees on the
# screen or on paper also comes from the fonts' programs, images and form XObjects the page uses,
# the annotations drawn over it (a /Stamp that whites the body out and prints VOID), the page's
# boxes and /Rotate, optional content and actions that run when the file opens. ``page_appearance``
# digests all of it; ``notice verify`` compares it with a fresh rendering of the record.
#
# Nothing stores this digest: both sides are computed when a file is checked, so its definition can
# change without a version. It is deliberately not over the file's bytes: object numbers, stream
# compression, object streams, metadata and an invisible signature field (the office's PAdES
# signature, printing.signing) may differ — a re-save that leaves what is shown unchanged verifies.

APPEARANCE_PARTS = ("pages", "contents", "resources", "annotations", "geometry", "document")
# not drawn, and rewritten by other software without changing what is shown
_IGNORED_KEYS = frozenset({"/Length", "/Filter", "/DecodeParms", "/DL", "/Metadata", "/PieceInfo",
                           "/LastModified", "/StructParent", "/StructParents"})
_MAX_NODES = 1_000_000
_MAX_DEPTH = 64


@dataclass(frozen=True)
class Appearance:
    """SM3 digests of what a PDF shows: ``digest`` over all of it, ``parts`` by kind (APPEARANCE_PARTS);
    ``per_page``: each page's digests by kind (all but "pages"), ``catalog``: the document's own entries."""

    digest: str
    parts: dict[str, str]
    per_page: tuple[dict[str, str], ...] = ()
    catalog: str = ""

    def differing(self, other: "Appearance") -> list[str]:
        """The kinds in which the two differ. With another number of pages every per-page digest
        differs (its list is longer); then "pages" and what differs on the pages both have."""
        if self.parts.get("pages") == other.parts.get("pages") or not (self.per_page and other.per_page):
            return [name for name in APPEARANCE_PARTS if self.parts.get(name) != other.parts.get(name)]
        common = list(zip(self.per_page, other.per_page, strict=False))
        out = ["pages"]
        for name in APPEARANCE_PARTS[1:]:
            if any(a.get(name) != b.get(name) for a, b in common) or (name == "document" and self.catalog != other.catalog):
                out.append(name)
        return out


def page_count(pdf: bytes) -> int | None:
    """How many pages ``pdf`` has, or None when it is no parseable PDF (its page tree unreadable)."""
    reader = _reader(pdf)
    if reader is None:
        return None
    try:
        return sum(1 for _ in _pages_inherited(reader.root.raw_get("/Pages")))
    except Exception:
        return None


_UNDECODABLE = b"\x00counter-app:undecodable\x00"


def _stream_data(stream) -> tuple[bytes, bool]:
    """(decoded data, False), or (the data as stored, True) when its filter cannot be decoded (an
    image filter pyHanko does not decode, a damaged stream). A stream that stores nothing holds
    nothing whatever its /Filter says: viewers draw an empty /FlateDecode stream as empty (pikepdf's
    add_blank_page writes one), where the bounded inflater refuses it as truncated."""
    try:
        return stream.data, False
    except Exception:
        encoded = stream.encoded_data
        if not encoded:
            return b"", False
        return encoded, True


def page_appearance(pdf: bytes) -> Appearance | None:
    """Digests of everything a viewer or printer renders for ``pdf``'s pages, or None when the
    file is no parseable PDF (or too large / too deeply nested to canonicalise).

    Per page, in page order: the decoded content streams; the effective resources (inherited ones
    included), canonicalised through every font program, image and form XObject they reach; every
    annotation (its appearance streams, actions, fields) except an invisible signature field; the
    effective MediaBox, CropBox, /Rotate, /UserUnit and transparency /Group; the page's actions.
    For the document: optional content (/OCProperties), /OpenAction, /AA, JavaScript, XFA,
    /Collection and /NeedsRendering. Indirect references are canonicalised by first visit, so
    object numbers do not matter; streams count by their decoded data, so compression does not.
    """
    reader = _reader(pdf)
    if reader is None:
        return None
    try:
        return _appearance(reader)
    except Exception:
        return None


def _appearance(reader) -> Appearance | None:
    from pyhanko.pdf_utils.generic import ArrayObject, DictionaryObject

    root = reader.root
    pages = list(_pages_inherited(root.raw_get("/Pages")))
    if not pages:
        return None
    page_index = {key: i for i, (key, _, _) in enumerate(pages) if key is not None}
    budget = [_MAX_NODES]
    parts: dict[str, list[bytes]] = {name: [] for name in APPEARANCE_PARTS}
    parts["pages"].append(str(len(pages)).encode())
    per_page: list[dict[str, str]] = []

    def canon(*values) -> bytes:
        c = _Canon(page_index, budget)
        for value in values:
            c.value(value)
        return sm3_hex(bytes(c.out)).encode()

    for _key, page, inherited in pages:
        contents = _get(page, "/Contents")
        streams = contents if isinstance(contents, ArrayObject) else [contents]
        data = b"\n".join(_content_bytes(s.get_object()) for s in streams if s is not None and not _is_null(s.get_object()))
        parts["contents"].append(sm3_hex(data).encode())
        parts["resources"].append(canon(inherited.get("/Resources")))
        annots = _get(page, "/Annots")
        shown = [a for a in (annots.iterate() if isinstance(annots, ArrayObject) else ())
                 if not _invisible_signature(a.get_object())]
        parts["annotations"].append(canon(*shown))
        parts["geometry"].append(_geometry(inherited).encode() + canon(page.raw_get("/Group") if "/Group" in page else None))
        parts["document"].append(canon(page.raw_get("/AA") if "/AA" in page else None))
        per_page.append({name: values[-1].decode() for name, values in parts.items() if name != "pages"})
    catalog = [root.raw_get(k) if k in root else None
               for k in ("/OCProperties", "/OpenAction", "/AA", "/Collection", "/NeedsRendering")]
    names = _get(root, "/Names")
    acroform = _get(root, "/AcroForm")
    catalog.append(names.raw_get("/JavaScript") if isinstance(names, DictionaryObject) and "/JavaScript" in names else None)
    catalog.append(acroform.raw_get("/XFA") if isinstance(acroform, DictionaryObject) and "/XFA" in acroform else None)
    parts["document"].append(canon(*catalog))
    digests = {name: sm3_hex(b"|".join(values)) for name, values in parts.items()}
    overall = sm3_hex(("counter-app-appearance/1\n" + "".join(f"{k}={digests[k]}\n" for k in APPEARANCE_PARTS)).encode())
    return Appearance(overall, digests, tuple(per_page), parts["document"][-1].decode())


def _content_bytes(stream) -> bytes:
    """A content stream's decoded data; one that cannot be decoded, as stored and marked so (it
    can never equal what the templates draw)."""
    data, encoded = _stream_data(stream)
    return _UNDECODABLE + data if encoded else data


def _get(d, key: str):
    """``d[key]`` dereferenced; None when absent or null (a null entry is an absent one)."""
    from pyhanko.pdf_utils.generic import DictionaryObject

    if not isinstance(d, DictionaryObject) or key not in d:
        return None
    value = d.raw_get(key)
    value = value.get_object() if hasattr(value, "get_object") else value
    return None if _is_null(value) else value


def _is_null(obj) -> bool:
    from pyhanko.pdf_utils.generic import NullObject

    return obj is None or isinstance(obj, NullObject)


def _invisible_signature(annot) -> bool:
    """A signature field's widget with no area and no actions (how pyHanko places an invisible
    signature): it draws nothing, and runs nothing that could."""
    from pyhanko.pdf_utils.generic import DictionaryObject

    if not isinstance(annot, DictionaryObject) or _get(annot, "/Subtype") != "/Widget":
        return False
    if _get(annot, "/A") is not None or _get(annot, "/AA") is not None:
        return False
    field, depth = annot, 0
    while isinstance(field, DictionaryObject) and "/FT" not in field and depth < 8:
        field, depth = _get(field, "/Parent"), depth + 1
    if _get(field, "/FT") != "/Sig":
        return False
    rect = _box(_get(annot, "/Rect"))
    return rect is not None and (rect[2] - rect[0] == 0 or rect[3] - rect[1] == 0)


def _box(value) -> tuple | None:
    from decimal import Decimal

    try:
        x0, y0, x1, y1 = (Decimal(str(v.get_object() if hasattr(v, "get_object") else v)) for v in value)
        if not all(v.is_finite() for v in (x0, y0, x1, y1)):
            return None
        return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
    except (TypeError, ValueError, ArithmeticError):
        return None


def _geometry(inherited: dict) -> str:
    """The effective page boxes a viewer and a printer use: MediaBox, CropBox (clipped to it), /Rotate, /UserUnit."""
    media = _box(inherited.get("/MediaBox"))
    crop = _box(inherited.get("/CropBox")) or media
    if media is not None and crop is not None:
        crop = (max(crop[0], media[0]), max(crop[1], media[1]), min(crop[2], media[2]), min(crop[3], media[3]))
    try:
        rotate = int(inherited.get("/Rotate", 0)) % 360
    except (TypeError, ValueError):
        rotate = -1
    unit = inherited.get("/UserUnit", 1)

    def fmt(box):
        return "none" if box is None else ",".join(_number(v) for v in box)

    return f"media={fmt(media)};crop={fmt(crop)};rotate={rotate};unit={_number(unit)};"


def _number(value) -> str:
    from decimal import Decimal, InvalidOperation

    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return "nan"
    if not d.is_finite():
        return str(d)
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


class _Canon:
    """A canonical byte form of a PDF object graph: names, numbers and strings by value,
    dictionaries by sorted key, indirect objects numbered by first visit (shared ones and cycles
    stay finite), a page reached through a reference (an annotation's /P, a link's destination)
    by its page number, streams by their dictionary and the SM3 of their decoded data."""

    def __init__(self, page_index: dict, budget: list[int]):
        self.out = bytearray()
        self.seen: dict[tuple[int, int], int] = {}
        self.page_index = page_index
        self.budget = budget

    def _tick(self, depth: int) -> None:
        self.budget[0] -= 1
        if self.budget[0] < 0 or depth > _MAX_DEPTH:
            raise ValueError("PDF object graph too large or too deep")

    def value(self, obj, depth: int = 0) -> None:
        from pyhanko.pdf_utils.generic import (
            ArrayObject, BooleanObject, ByteStringObject, DictionaryObject, FloatObject, IndirectObject,
            NameObject, NullObject, NumberObject, StreamObject, TextStringObject,
        )

        self._tick(depth)
        out = self.out
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in self.page_index:
                out += b"P%d;" % self.page_index[key]
            elif key in self.seen:
                out += b"R%d;" % self.seen[key]
            else:
                self.seen[key] = len(self.seen)
                self.value(obj.get_object(), depth + 1)
        elif obj is None or isinstance(obj, NullObject):
            out += b"N;"
        elif isinstance(obj, BooleanObject):
            out += b"T;" if obj else b"F;"
        elif isinstance(obj, NameObject):
            self._bytes(b"/", str(obj).encode("utf-8", "surrogateescape"))
        elif isinstance(obj, (NumberObject, FloatObject)):
            out += b"#" + _number(obj).encode() + b";"
        elif isinstance(obj, TextStringObject):
            try:
                raw = obj.original_bytes
            except Exception:
                raw = str(obj).encode("utf-16-be")
            self._bytes(b"s", bytes(raw))
        elif isinstance(obj, ByteStringObject):
            self._bytes(b"s", bytes(obj))
        elif isinstance(obj, StreamObject):
            data, encoded = _stream_data(obj)    # an image filter pyHanko does not decode (DCT, JPX…): as stored
            self._dict(obj, depth, keep_filters=encoded)
            out += b"D" + sm3_hex(data).encode() + b";"
        elif isinstance(obj, DictionaryObject):
            if _get(obj, "/Type") in ("/Page", "/Pages"):     # a page reached directly: not walked again
                out += b"P?;"
            else:
                self._dict(obj, depth)
        elif isinstance(obj, ArrayObject):
            out += b"["
            for i in range(len(obj)):
                self.value(obj.raw_get(i), depth + 1)
            out += b"]"
        else:
            raise ValueError(f"unexpected PDF object {type(obj).__name__}")

    def _dict(self, obj, depth: int, keep_filters: bool = False) -> None:
        from pyhanko.pdf_utils.generic import NullObject

        self.out += b"<"
        for key in sorted(obj.keys()):
            if key in _IGNORED_KEYS and not (keep_filters and key in ("/Filter", "/DecodeParms")):
                continue
            raw = obj.raw_get(key)
            if isinstance(raw.get_object() if hasattr(raw, "get_object") else raw, NullObject):
                continue                      # a null entry is an absent one
            self._bytes(b"/", str(key).encode("utf-8", "surrogateescape"))
            self.value(raw, depth + 1)
        self.out += b">"

    def _bytes(self, tag: bytes, data: bytes) -> None:
        self.out += tag + b"%d:" % len(data) + data


_INHERITABLE = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


def _pages_inherited(ref, inherited: dict | None = None, depth: int = 0, seen: set | None = None):
    """(reference key, page, effective attributes) for every page under the /Pages node ``ref``, in order."""
    from pyhanko.pdf_utils.generic import IndirectObject

    if depth > 32:
        raise ValueError("page tree too deep")
    seen = set() if seen is None else seen
    key = (ref.idnum, ref.generation) if isinstance(ref, IndirectObject) else None
    if key is not None:
        if key in seen:
            raise ValueError("page tree loops")
        seen.add(key)
    node = ref.get_object() if hasattr(ref, "get_object") else ref
    attrs = dict(inherited or {})
    for name in _INHERITABLE:
        if _get(node, name) is not None:
            attrs[name] = _get(node, name)
    if _get(node, "/Type") == "/Pages" or "/Kids" in node:
        kids = _get(node, "/Kids")
        for i in range(len(kids)):
            yield from _pages_inherited(kids.raw_get(i), attrs, depth + 1, seen)
    else:
        if _get(node, "/UserUnit") is not None:
            attrs["/UserUnit"] = _get(node, "/UserUnit")
        yield key, node, attrs


def _pages(node, depth: int = 0):
    if depth > 32:
        raise ValueError("page tree too deep")
    if node.get("/Type") == "/Pages" or "/Kids" in node:
        for kid in node["/Kids"]:
            yield from _pages(kid.get_object() if hasattr(kid, "get_object") else kid, depth + 1)
    else:
        yield node
