"""Queue export (导出待同步队列) for the day the network never comes back, and its import centrally.

The file format and its reader are :mod:`counter_protocol.export`. Each entry carries its own
payload digest and the footer digests the whole content, so a truncated or altered file is refused.
The file is encrypted to the centre (X25519 + SM4-GCM, version 2) with the public key the admin
configured (``central.export_public_key``, from ``counter-central export-key show``): the USB stick
it travels on shows no name or ID number; it is written 0600, and never in clear, not even briefly.
Exporting changes nothing locally: the entries stay queued and, when the network returns, the
centre answers them as duplicates of the imported ones (same keys).
"""

from __future__ import annotations

from pathlib import Path

from counter_protocol.export import FORMAT, VERSION, ExportError, export_lines, parse_public_key, read_export, seal_export

NO_KEY = ("未配置中心的导出公钥，不能导出（导出文件含个人信息，必须加密）。请管理员在中心执行 "
          "counter-central export-key show，再把公钥写入本机配置文件 config.toml 的 [central] export_public_key。")


def export_queue(store, path: str | Path, workstation_id: str, recipient_key: str = "", *,
                 overwrite: bool = True) -> int:
    """Write every unsynced entry to ``path`` (atomically, 0600), encrypted to the centre's public key
    ``recipient_key``; returns how many. :class:`ExportError` (Chinese) without a valid key;
    :class:`counter_app.files.OutputExists` when ``path`` exists and not ``overwrite`` (the command
    line's default; the window's save dialog has asked already)."""
    from counter_app.files import write_private_file

    from counter_app.sync.outbox import OutboxRepository

    if not (recipient_key or "").strip():
        raise ExportError(NO_KEY)
    parse_public_key(recipient_key)                  # a bad key is said before anything is written
    repo = OutboxRepository(store)
    unsynced = repo.unsynced_items()
    persons = repo.case_persons([row.seq for row, _ in unsynced])    # the same-person index (sealed with the rest)
    items = [repo.as_item(row, sup, persons.get(row.seq)) for row, sup in unsynced]
    sealed = seal_export(b"".join(export_lines(workstation_id, items)), recipient_key)
    write_private_file(Path(path), sealed, force=overwrite)
    return len(items)


__all__ = ["FORMAT", "VERSION", "ExportError", "NO_KEY", "export_queue", "read_export"]
