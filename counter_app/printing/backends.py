"""Which printing backend this PC uses (打印方式) — chosen here and nowhere else.

``[printer] backend`` in config.toml: ``auto`` (default) is the Windows spooler through Qt print
support on Windows (:class:`~counter_app.printing.qtprint.QtPrinters`) and CUPS elsewhere
(:class:`~counter_app.printing.cups.CupsPrinters`); ``cups`` or ``qt`` force one (``qt`` on Linux
prints through Qt's CUPS support — how the Qt backend is tested here). The print queue, the
command line and ``doctor`` all ask :func:`printer_backend` / :func:`backend_name`.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from counter_app.config import Settings
    from counter_app.printing.printqueue import PrinterBackend

CUPS, QT = "cups", "qt"
LABEL_ZH = {CUPS: "CUPS 打印服务（lp / lpstat）", QT: "系统打印队列（Qt 打印支持）"}


def backend_name(choice: str = "auto") -> str:
    """``cups`` or ``qt`` for the configured ``choice`` (auto | cups | qt) on this platform."""
    if choice == "auto":
        return QT if sys.platform == "win32" else CUPS
    if choice in (CUPS, QT):
        return choice
    raise ValueError(f"打印方式 {choice!r} 不在允许范围内，可选值：'auto'、'cups'、'qt'")


def configured_name(settings: "Settings | None") -> str:
    """:func:`backend_name` of the settings' ``[printer] backend`` (auto without settings)."""
    choice = settings.printer.backend.value if settings is not None else "auto"
    return backend_name(choice)


def printer_backend(settings: "Settings | None" = None) -> "PrinterBackend":
    """The backend the print queue hands its jobs to."""
    if configured_name(settings) == QT:
        from counter_app.printing.qtprint import QtPrinters

        return QtPrinters()
    from counter_app.printing.cups import CupsPrinters

    return CupsPrinters()
