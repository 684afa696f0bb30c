"""The centre's systemd unit (installer/linux/central/counter-central@.service) starts
``counter-central serve`` with arguments its parser takes: a worker that cannot parse its own
command line never starts, on every installation (it once carried ``--no-auto-register``, an
option ``serve`` no longer had, and systemd restarted it every three seconds for ever)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from counter_central.cli import build_parser

CENTRAL = Path(__file__).resolve().parents[2] / "installer" / "linux" / "central"


def _environment() -> dict[str, str]:
    """The variables the unit reads, as the package's central.env sets them."""
    env = {}
    for line in (CENTRAL / "central.env").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            env[key] = value
    return env


def _exec_start(instance: str) -> list[str]:
    """ExecStart of the template unit for one instance, expanded as systemd expands it."""
    unit = (CENTRAL / "counter-central@.service").read_text(encoding="utf-8")
    (line,) = [x for x in unit.splitlines() if x.startswith("ExecStart=")]
    env = _environment()
    command = line.removeprefix("ExecStart=").replace("%i", instance)
    missing = set(re.findall(r"\$\{(\w+)\}", command)) - set(env)
    assert not missing, f"the unit reads {missing}, which central.env does not set"
    return shlex.split(re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], command))


def test_every_worker_of_the_unit_starts_with_a_command_line_serve_accepts():
    argv = _exec_start("8766")
    assert argv[0] == "/opt/counter-central/counter-central"
    args = build_parser().parse_args(argv[1:])
    assert args.command == "serve" and args.port == 8766
    assert args.host == _environment()["COUNTER_CENTRAL_LISTEN"]
    assert not args.demo                                  # production: only registered workstations
    assert args.db is None                                # the URL comes from COUNTER_CENTRAL_DB

