"""How this program starts another copy of itself (the Qt probe of doctor, the sync agent).

From a checkout or a wheel that is ``python -m counter_app ...``; in the PyInstaller bundle
``sys.executable`` is the ``counter-app`` program itself and takes the subcommand directly.
"""

from __future__ import annotations

import sys


def frozen() -> bool:
    """True inside the PyInstaller bundle (the .deb, the Windows installer)."""
    return bool(getattr(sys, "frozen", False))


def self_command(*args: str) -> list[str]:
    """The command line that runs ``counter-app ARGS`` with this same program."""
    if frozen():
        return [sys.executable, *args]
    return [sys.executable, "-m", "counter_app", *args]
