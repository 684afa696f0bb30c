"""``counter-central import FILE``: apply a client's queue export like a push, idempotently."""

from __future__ import annotations

import re
from pathlib import Path

from counter_protocol import sync as p
from counter_protocol.export import ExportError, read_export
from counter_central import core


def import_file(path: str | Path, session, private_key=None, warnings: list[str] | None = None, *,
                by: str | None = None) -> p.ImportReport:
    """Central side (``counter-central import FILE``): apply the entries like a push, idempotently.

    A sealed file (version 2) is decrypted with ``private_key``; a clear file of an earlier release
    still imports, with a warning appended to ``warnings``. The import is one record in the
    centre's audit chain (``queue.import``: the workstation and the counts); ``by``: who imports."""
    from counter_central.audit import operator, record_centre

    header, items, bad = read_export(path, private_key)
    if not header.get("sealed") and warnings is not None:
        warnings.append("注意：此文件未加密（旧版本客户端导出），其中的个人信息曾以明文存放；导入后请销毁该文件")
    ws = str(header.get("workstation_id") or "")
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", ws):
        raise ExportError(f"文件头中的工作站编号无效：{ws!r}")
    counts = {"accepted": 0, "duplicate": 0, "conflict": 0, "rejected": 0}
    for i in range(0, len(items), 500):
        resp = core.push(session, None, p.PushRequest(workstation_id=ws, entries=items[i:i + 500]), source="import")
        for r in resp.results:
            counts[r.status] += 1
    report = p.ImportReport(read=len(items) + bad, bad_lines=bad, **counts)
    record_centre(session, actor=by or operator(), action="queue.import", object_type="workstation", object_id=ws,
                  detail=(f"读取 {report.read} 条：接收 {report.accepted}，重复 {report.duplicate}，冲突 {report.conflict}，"
                          f"拒绝 {report.rejected}，无效行 {report.bad_lines}"
                          + ("（未加密的旧版本导出文件）" if not header.get("sealed") else "")))
    session.commit()
    return report

