"""The glibc floor of the packages (installer/linux/common.sh, build-root.sh): the refusal on a
newer build machine, the hand-over to the build root, the floor's constraints over the lock."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMMON = ROOT / "installer" / "linux" / "common.sh"
LOCK = ROOT / "requirements" / "lock.txt"
FLOOR_PINS = ROOT / "requirements" / "floor-2.31.txt"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def _bash(script: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k not in ("BUILD_ROOT", "COUNTER_BUILD_ROOT", "GLIBC_FLOOR")}
    full_env.update(env or {})
    return subprocess.run(["bash", "-c", f"set -euo pipefail; source {COMMON}; {script}"], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=60)


def _names(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        m = re.match(r"^([A-Za-z0-9_.-]+)==", line)
        if m:
            out.append(re.sub(r"[_.]", "-", m.group(1).lower()))
    return out


def test_newer_build_machine_is_refused_with_the_build_root_named():
    r = _bash("host_glibc() { echo 2.36; }; check_glibc_floor 2.31")
    assert r.returncode == 3
    assert "2.36" in r.stderr and "2.31" in r.stderr
    assert "构建根目录" in r.stderr and "make package" in r.stderr and "build-root.sh" in r.stderr
    assert "GLIBC_FLOOR=2.36" in r.stderr   # how to build for the newer floor instead


@pytest.mark.parametrize("host", ["2.31", "2.28"])
def test_machine_at_or_below_the_floor_builds(host):
    r = _bash(f"host_glibc() {{ echo {host}; }}; check_glibc_floor 2.31 && echo built")
    assert r.returncode == 0 and r.stdout.strip() == "built" and r.stderr == ""


def _stub_checkout(tmp_path: Path) -> Path:
    """A directory with a build-root.sh that only reports how it was called."""
    stub = tmp_path / "installer" / "linux" / "build-root.sh"
    stub.parent.mkdir(parents=True)
    stub.write_text('#!/usr/bin/env bash\necho "root floor=$GLIBC_FLOOR args=$*"\n', encoding="utf-8")
    stub.chmod(0o755)
    return tmp_path


def test_newer_machine_hands_the_build_to_the_build_root(tmp_path):
    cwd = _stub_checkout(tmp_path)
    r = _bash("host_glibc() { echo 2.36; }; maybe_build_in_root installer/linux/build-deb.sh 2.31; echo not-reached",
              cwd=cwd)
    assert r.returncode == 0, r.stderr
    assert "root floor=2.31 args=run installer/linux/build-deb.sh" in r.stdout
    assert "not-reached" not in r.stdout   # exec: the host build does not go on


@pytest.mark.parametrize("env,host", [({"BUILD_ROOT": "0"}, "2.36"), ({"COUNTER_BUILD_ROOT": "bullseye"}, "2.36"),
                                      ({}, "2.31")])
def test_build_stays_here_when_told_inside_the_root_or_not_newer(tmp_path, env, host):
    cwd = _stub_checkout(tmp_path)
    r = _bash(f"host_glibc() {{ echo {host}; }}; maybe_build_in_root installer/linux/build-deb.sh 2.31; echo here",
              cwd=cwd, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "here"


def test_floor_constraints_replace_the_lock_pins_of_the_same_names():
    r = _bash(f"floor_constraints {LOCK} {FLOOR_PINS}")
    assert r.returncode == 0, r.stderr
    names = _names(r.stdout.splitlines())
    assert len(names) == len(set(names)), "a package pinned twice: pip would refuse the constraints"
    pins = dict(line.split("==", 1) for line in r.stdout.splitlines() if re.match(r"^(PySide6|shiboken6)[A-Za-z_-]*==", line, re.I))
    pins = {k.lower().replace("_", "-"): v.split()[0] for k, v in pins.items()}
    assert pins["pyside6"].startswith("6.9.") and pins["shiboken6"] == pins["pyside6"]
    assert pins["pyside6-essentials"] == pins["pyside6"] == pins["pyside6-addons"]
    # everything else of the lock is still there, unchanged
    floor_names = set(_names(FLOOR_PINS.read_text(encoding="utf-8").splitlines()))
    lock_lines = [ln for ln in LOCK.read_text(encoding="utf-8").splitlines()
                  if _names([ln]) and _names([ln])[0] not in floor_names]
    assert lock_lines and all(ln in r.stdout.splitlines() for ln in lock_lines)
