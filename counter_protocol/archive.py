"""The case archive package's copy at the centre (7.2 档案管理, #16): the upload protocol shared by the
counter's sync agent and the centre.

A package (written at 归档 by ``counter_app.printing.archive_package``) is a manifest — SM3 of every part —
plus its parts: the PDF/A documents, the material images, ``history.json``, ``audit.json`` and
``metadata.json``. Its manifest reaches the centre in the outbox (``archive.package``); the parts
follow in a step of their own, under the centre's 2 MB body limit:

1. ``POST /archive/packages`` offers the package: the manifest text, its SM3, and every part's name,
   SM3 and size. The centre checks the manifest against the one the workstation pushed and every
   offered part against the manifest, and answers how many bytes of each part it already holds.
2. ``POST /archive/parts`` sends one chunk of one part at the offset the centre holds (base64 in
   JSON, at most ``CHUNK_BYTES`` raw). A part the centre holds in full is never sent again; a resend
   of a chunk already held is answered with the current state (idempotent); after a kill -9 the next
   offer tells where to resume. When the last byte arrives the centre checks the part's SM3 against
   the manifest: a mismatch is refused (422) and nothing of that part is kept.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from counter_protocol.sync import SafeStr

PACKAGES_PATH = "/archive/packages"
PARTS_PATH = "/archive/parts"
CHUNK_BYTES = 1024 * 1024          # raw bytes per chunk: ~1.4 MB as base64 JSON, under the 2 MB body limit
MAX_PART_BYTES = 256 * 1024 * 1024
MAX_MANIFEST_CHARS = 256 * 1024

# documents/FT-2026-0001.pdf, materials/id_front.jpg, history.json: relative (at most 4 segments), no
# segment starting with "." (so no ".."), no backslash, space or control character; a document number
# may hold Chinese characters
PART_NAME = r"^[^/\\\x00-\x20.][^/\\\x00-\x20]*(/[^/\\\x00-\x20.][^/\\\x00-\x20]*){0,3}$"
CASE_NO = r"^[A-Za-z0-9_.-]{1,64}$"
SM3_HEX = r"^[0-9a-f]{64}$"


def sm3_hex(data: bytes) -> str:
    from cryptography.hazmat.primitives import hashes

    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize().hex()


class PartOffer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=PART_NAME, max_length=400)
    sm3: str = Field(pattern=SM3_HEX)
    size: int = Field(ge=0, le=MAX_PART_BYTES)


class PackageOffer(BaseModel):
    """One version of a case's package: the manifest exactly as written (its SM3 is ``digest``)."""

    model_config = ConfigDict(extra="forbid")

    case_no: str = Field(pattern=CASE_NO)
    version: int = Field(ge=1, le=10_000)
    manifest: SafeStr = Field(min_length=2, max_length=MAX_MANIFEST_CHARS)
    digest: str = Field(pattern=SM3_HEX)
    parts: list[PartOffer] = Field(min_length=1, max_length=2000)


class PartState(BaseModel):
    name: str
    sm3: str
    size: int
    held: int = Field(description="已收到的字节数（续传从此处开始）")
    complete: bool


class PackageState(BaseModel):
    case_no: str
    version: int
    archive_code: str
    digest: str
    complete: bool = Field(description="全部部分已收到并通过 SM3 核验")
    parts: list[PartState]


class PartChunk(BaseModel):
    """``data``: base64 of at most CHUNK_BYTES bytes of the part, starting at ``offset``."""

    model_config = ConfigDict(extra="forbid")

    case_no: str = Field(pattern=CASE_NO)
    version: int = Field(ge=1, le=10_000)
    name: str = Field(pattern=PART_NAME, max_length=400)
    offset: int = Field(ge=0, le=MAX_PART_BYTES)
    data: str = Field(max_length=(CHUNK_BYTES * 4) // 3 + 8, pattern=r"^[A-Za-z0-9+/]*={0,2}$")


class PackageListing(BaseModel):
    """The latest version of one case's package at the centre (档案检索, 7.2.2; no personal data)."""

    archive_code: str
    case_no: str
    version: int
    year: int | None = None
    retention_code: str = ""
    workstation_id: str
    office_code: str
    digest: str
    complete: bool                   # every part received and its SM3 checked
    offered_at: str
