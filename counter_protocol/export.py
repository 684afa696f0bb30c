"""The queue export format (待同步队列导出文件): written by the counter (``counter-app queue
export``), read by the centre (``counter-central import``). One definition for both sides.

File format (UTF-8 JSON lines)::

    {"type":"header","format":"counter-outbox-export","version":1,"workstation_id":…,"exported_at":…,"count":N}
    {"type":"entry", …OutboxItem fields…}            × N, in seq order
    {"type":"footer","count":N,"sha256":"<sha256 of every byte before this line>"}

Each entry carries its own payload digest and the footer digests the whole file, so a truncated or
altered file is refused.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

from pydantic import ValidationError

from counter_protocol import sync as p

FORMAT = "counter-outbox-export"
VERSION = 1


class ExportError(Exception):
    """The export file is missing, truncated or altered (Chinese message)."""


def _line(obj: dict[str, Any]) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str) + "\n").encode("utf-8")


def export_lines(workstation_id: str, items: list[p.OutboxItem], exported_at: datetime | None = None) -> Iterator[bytes]:
    """The file's bytes, line by line: header, one line per entry, the footer with the digest."""
    h = hashlib.sha256()
    head = _line({"type": "header", "format": FORMAT, "version": VERSION, "workstation_id": workstation_id,
                  "exported_at": (exported_at or p.utc_now()).isoformat(), "count": len(items)})
    h.update(head)
    yield head
    for item in items:
        data = _line({"type": "entry", **item.model_dump(mode="json")})
        h.update(data)
        yield data
    yield (json.dumps({"type": "footer", "count": len(items), "sha256": h.hexdigest()}) + "\n").encode("utf-8")


def parse_export(raw: bytes) -> tuple[dict[str, Any], list[p.OutboxItem], int]:
    """(header, valid entries, number of bad entry lines) of an export file's bytes; raises :class:`ExportError`."""
    lines = raw.splitlines(keepends=True)
    if len(lines) < 2:
        raise ExportError("文件不完整：缺少文件头或文件尾")
    try:
        header = json.loads(lines[0])
        footer = json.loads(lines[-1])
    except (ValueError, UnicodeDecodeError):
        raise ExportError("文件头或文件尾不是有效的 JSON，文件可能被截断或改动") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("type") != "header":
        raise ExportError("这不是柜面客户端导出的待同步队列文件")
    if header.get("version") != VERSION:
        raise ExportError(f"不支持的文件版本：{header.get('version')}")
    if not isinstance(footer, dict) or footer.get("type") != "footer":
        raise ExportError("文件不完整：缺少文件尾，可能在复制时被截断")
    if hashlib.sha256(b"".join(lines[:-1])).hexdigest() != footer.get("sha256"):
        raise ExportError("文件校验值不符：文件被截断或改动过，拒绝导入")
    body = lines[1:-1]
    if footer.get("count") != len(body) or header.get("count") != len(body):
        raise ExportError("文件记录数与文件头/尾不一致，拒绝导入")
    items, bad = [], 0
    for ln in body:
        try:
            obj = json.loads(ln)
            obj.pop("type", None)
            items.append(p.OutboxItem.model_validate(obj))
        except (ValueError, ValidationError, AttributeError):
            bad += 1
    return header, items, bad


def read_export(path: str | Path) -> tuple[dict[str, Any], list[p.OutboxItem], int]:
    """:func:`parse_export` of the file at ``path``; raises :class:`ExportError`."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ExportError(f"无法读取文件 {path}：{exc}") from None
    return parse_export(raw)


__all__ = ["FORMAT", "VERSION", "ExportError", "export_lines", "parse_export", "read_export"]
