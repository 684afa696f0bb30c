"""Canonical JSON and the payload digest (规范化 JSON 与内容摘要): the ONE definition both sides use.

The counter digests every outbox payload with :func:`payload_digest` when it writes the entry;
the centre recomputes it over the received payload and refuses an entry whose digest differs.
Reference data published at the centre carries the same digest.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(payload: Any) -> str:
    """Stable JSON: sorted keys, no spaces, UTF-8 kept (``ensure_ascii=False``)."""
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def payload_digest(canonical: str) -> str:
    """sha256 (hex) of a canonical JSON text's UTF-8 bytes."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def digest_of(payload: Any) -> str:
    """The payload digest of an object: ``payload_digest(canonical_json(payload))``."""
    return payload_digest(canonical_json(payload))
