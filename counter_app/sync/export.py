"""Queue export (导出待同步队列) for the day the network never comes back, and its import centrally.

The file format and its reader are :mod:`counter_protocol.export`. Each entry carries its own
payload digest and the footer digests the whole file, so a truncated or altered file is refused.
Exporting changes nothing locally: the entries stay queued and, when the network returns, the
centre answers them as duplicates of the imported ones (same keys).
"""

from __future__ import annotations

import os
from pathlib import Path

from counter_protocol.export import FORMAT, VERSION, ExportError, export_lines, read_export

def export_queue(store, path: str | Path, workstation_id: str) -> int:
    """Write every unsynced entry to ``path`` (atomically); returns how many."""
    from counter_app.sync.outbox import OutboxRepository

    repo = OutboxRepository(store)
    items = [repo.as_item(row, sup) for row, sup in repo.unsynced_items()]
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as fh:
        for data in export_lines(workstation_id, items):
            fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)
    return len(items)


__all__ = ["FORMAT", "VERSION", "ExportError", "export_queue", "read_export"]
