"""Queue export (导出待同步队列) for the day the network never comes back, and its import centrally.

File format (UTF-8 JSON lines):

    {"type":"header","format":"counter-outbox-export","version":1,"workstation_id":…,"exported_at":…,"count":N}
    {"type":"entry", …OutboxItem fields…}            × N, in seq order
    {"type":"footer","count":N,"sha256":"<sha256 of every byte before this line>"}

Each entry carries its own payload digest and the footer digests the whole file, so a truncated or
altered file is refused. Exporting changes nothing locally: the entries stay queued and, when the
network returns, the centre answers them as duplicates of the imported ones (same keys).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from pydantic import ValidationError

from counter_app.sync import protocol as p

FORMAT = "counter-outbox-export"
VERSION = 1


class ExportError(Exception):
    """The export file is missing, truncated or altered (Chinese message)."""


def export_queue(store, path: str | Path, workstation_id: str) -> int:
    """Write every unsynced entry to ``path`` (atomically); returns how many."""
    from counter_app.sync.outbox import OutboxRepository

    repo = OutboxRepository(store)
    items = [repo.as_item(row, sup) for row, sup in repo.unsynced_items()]
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    h = hashlib.sha256()
    with open(tmp, "wb") as fh:
        def line(obj: dict) -> None:
            data = (json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str) + "\n").encode("utf-8")
            h.update(data)
            fh.write(data)

        line({"type": "header", "format": FORMAT, "version": VERSION, "workstation_id": workstation_id,
              "exported_at": p.utc_now().isoformat(), "count": len(items)})
        for item in items:
            line({"type": "entry", **item.model_dump(mode="json")})
        fh.write((json.dumps({"type": "footer", "count": len(items), "sha256": h.hexdigest()}) + "\n").encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)
    return len(items)


def read_export(path: str | Path) -> tuple[dict, list[p.OutboxItem], int]:
    """(header, valid entries, number of bad entry lines); raises :class:`ExportError`."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ExportError(f"无法读取文件 {path}：{exc}") from None
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
        except (ValueError, ValidationError):
            bad += 1
    return header, items, bad

