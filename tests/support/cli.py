"""The shipped command lines, run as support staff or a script run them: ``python -m counter_app``
(or ``counter_central``) in a process of its own, from the repository, output captured as text.

``home`` is the workstation the command acts on (``COUNTER_APP_HOME``: its configuration, store and
logs). By default its keyring is its own too (``XDG_DATA_HOME`` under ``home``), so a test's
workstations never share tokens or store keys; ``own_keyring=False`` keeps the caller's keyring, for
a command that must find what this process signed in with.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.support.central import REPO

__all__ = ["REPO", "cli_env", "run_cli"]


def cli_env(home: Path | str | None = None, *, own_keyring: bool = True) -> dict[str, str]:
    """This process's environment, with the repository importable and ``home`` as the workstation."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    if home is not None:
        env["COUNTER_APP_HOME"] = str(home)
        if own_keyring:
            env["XDG_DATA_HOME"] = str(Path(home) / "xdg")
    return env


def run_cli(home: Path | str | None, *args: str, stdin: str | None = None, module: str = "counter_app",
            timeout: float = 120, own_keyring: bool = True, centre=None) -> subprocess.CompletedProcess[str]:
    """``python -m <module> <args>`` for the workstation at ``home`` (``None``: the caller's, e.g. a
    ``counter_central`` command); ``stdin`` is fed to it (e.g. ``--password-stdin``). ``centre``: a
    served centre (tests.support.central.CentralProcess) whose host the command runs on — its entry
    key opens the payloads of its database (docs/deployment.md 1.6), its person key is its index's."""
    env = cli_env(home, own_keyring=own_keyring)
    if centre is not None and centre.entry_key_file is not None:
        env["COUNTER_CENTRAL_ENTRY_KEY"] = str(centre.entry_key_file)
    if centre is not None and centre.person_key_file is not None:
        env["COUNTER_CENTRAL_PERSON_KEY"] = str(centre.person_key_file)
    return subprocess.run([sys.executable, "-m", module, *args], input=stdin, capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=timeout)
