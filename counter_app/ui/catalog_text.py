"""The UI's word for a service catalog text (a service, material, condition, step, outcome or
variant name, a note, a 核定数据 label): the catalog keeps its Chinese from DB4403/T 254.1—2022; the
English UI looks it up in ``resources/i18n/catalog_en.ts`` (context ``catalog``). Only what the UI
shows goes through here: printed documents, the CLI, audit records and the outbox keep the Chinese.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

CONTEXT = "catalog"


def catalog_tr(text: str) -> str:
    """``text`` in the installed UI language (itself in Chinese, or when no translation has it)."""
    if not text:
        return text
    return QCoreApplication.translate(CONTEXT, text)
