"""How this program starts another copy of itself (the Qt probe of doctor, the sync agent, the
render process).

From a checkout or a wheel that is ``python -m counter_app ...``; in the PyInstaller bundle
``sys.executable`` is the ``counter-app`` program itself and takes the subcommand directly.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BACKGROUND_NICE = 10   # POSIX niceness of background copies (Windows: below-normal priority class)


def frozen() -> bool:
    """True inside the PyInstaller bundle (the .deb, the Windows installer)."""
    return bool(getattr(sys, "frozen", False))


def self_command(*args: str) -> list[str]:
    """The command line that runs ``counter-app ARGS`` with this same program.

    In the Windows bundle the desktop shortcut runs ``counter-app-gui.exe``, which starts the GUI
    whatever its arguments: a copy it starts for a subcommand (the sync agent, a sync round, the
    render process) is ``counter-app.exe`` beside it, started without a console window
    (:func:`child_flags`)."""
    if frozen():
        exe = Path(sys.executable)
        if exe.stem.lower().endswith("-gui"):
            cli = exe.with_name(exe.stem[: -len("-gui")] + exe.suffix)
            if cli.exists():
                exe = cli
        return [str(exe), *args]
    return [sys.executable, "-m", "counter_app", *args]


def child_flags() -> int:
    """Windows creation flags for a copy started from the window: no console window of its own
    (``counter-app.exe`` is a console program). 0 elsewhere."""
    return getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0


def start_background(cmd: list[str], **popen_kwargs) -> subprocess.Popen:
    """Start ``cmd`` (a sync round, the sync agent, the render process) as background work that
    yields the CPU to the window: below-normal priority
    (Windows: from its creation; POSIX: niceness :data:`BACKGROUND_NICE`, set just after the
    start). The window's timers then keep their pace while a sync round or the sync agent works
    (a 2-core counter PC: 7–19 ms stalls of the window during a round at equal priority)."""
    if sys.platform == "win32":  # pragma: no cover - Windows
        popen_kwargs["creationflags"] = (popen_kwargs.get("creationflags", 0) | subprocess.BELOW_NORMAL_PRIORITY_CLASS
                                         | child_flags())
    proc = subprocess.Popen(cmd, **popen_kwargs)
    if sys.platform != "win32":
        try:
            os.setpriority(os.PRIO_PROCESS, proc.pid, BACKGROUND_NICE)
        except OSError:   # gone already, or not allowed: it runs at the normal priority
            pass
    return proc


def end_child(proc: subprocess.Popen, wait: float) -> None:
    """End a child that stops by itself at the end of its stdin (the render process, the sync
    agent): close its stdin, so it finishes what it is doing, and kill it if it has not ended
    within ``wait`` seconds. The same on Windows, where ``terminate()`` would kill it at once."""
    try:
        if proc.stdin:
            proc.stdin.close()
    except OSError:      # the pipe broke: it has ended, or ends now
        pass
    try:
        proc.wait(wait)
    except subprocess.TimeoutExpired:
        proc.kill()
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            pass
