"""What earlier releases left on disk that a store opening must still clean up (#16 privacy):
clear spool PDFs and clear archive parts. The checks here are cheap (a directory test, one meta
row), so the store opening imports the printing modules that do the work only when there is work."""

from __future__ import annotations

from pathlib import Path

LEGACY_SPOOL_DIRS = ("print-spool", "spool")      # clear PDFs of earlier releases, under the data dir
SEALED_META = "archive_parts_sealed"               # meta key: the clear archive parts were sealed


def tidy_after_open(store, data_dir: Path) -> None:
    """Adopt clear spool PDFs into the store and seal clear archive parts, where any remain."""
    data_dir = Path(data_dir)
    if any((data_dir / name).exists() for name in LEGACY_SPOOL_DIRS):
        from counter_app.printing.printqueue import adopt_legacy_spool

        adopt_legacy_spool(store, data_dir)
    from counter_app.storage.tables_core import Meta

    with store.session() as s:
        sealed = s.get(Meta, SEALED_META) is not None
    if not sealed:
        from counter_app.printing.archive_package import seal_clear_packages

        seal_clear_packages(store)                 # once per store
