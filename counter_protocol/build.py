"""Which build of the program this is (构建标识): the release (``__version__``, four numeric parts)
is the same for every build between two releases, so IT could not tell an old workstation from a
new one. The build is ``<commit>.<YYYYMMDD>``: the git commit (7 hex digits) and the date the
program was built or installed, e.g. ``0.1.0.0+5a70176.20261205``.

- A wheel, the .deb's bundle and the Windows installer carry it in the file ``BUILD`` beside this
  module, written at build time (:func:`write_build_file`: setup.py's build_py, the PyInstaller
  specs); ``COUNTER_BUILD_ID`` in the environment overrides what the build would compute.
- A checkout (``make setup``'s editable install) reads its git metadata directly: the commit
  HEAD names and the day HEAD last moved (its reflog: the checkout's "install" date). Plain
  file reads, no ``git`` process, and only when asked (``--version``, doctor, the sync client's
  first request): nothing of it on the program's start path.

Nothing here imports more than the standard library.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from counter_protocol import __version__

BUILD_FILE = Path(__file__).with_name("BUILD")
BUILD_ENV = "COUNTER_BUILD_ID"
UNKNOWN = "unknown"
#: what a build identifier may hold (PEP 440's local version label: letters, digits, dots)
BUILD_RE = re.compile(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+){0,4}$")
_HASH_RE = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
SOURCE_ROOT = Path(__file__).resolve().parents[1]


def _valid(text: str | None) -> str | None:
    text = (text or "").strip()
    return text if len(text) <= 64 and BUILD_RE.match(text) else None


def _git_dirs(root: Path) -> tuple[Path, Path] | None:
    """(the git dir of HEAD, the common dir of refs) of the checkout at ``root``; a worktree's
    ``.git`` is a file naming its git dir, which names the common one."""
    dot = root / ".git"
    try:
        if dot.is_dir():
            return dot, dot
        if dot.is_file():
            line = dot.read_text(encoding="utf-8").strip()
            if not line.startswith("gitdir:"):
                return None
            gitdir = (root / line[len("gitdir:"):].strip()).resolve()
            common = gitdir
            if (gitdir / "commondir").is_file():
                common = (gitdir / (gitdir / "commondir").read_text(encoding="utf-8").strip()).resolve()
            return gitdir, common
    except OSError:
        return None
    return None


def _resolve(common: Path, ref: str) -> str | None:
    try:
        loose = common / ref
        if loose.is_file():
            return loose.read_text(encoding="utf-8").strip()
        packed = common / "packed-refs"
        if packed.is_file():
            for line in packed.read_text(encoding="utf-8").splitlines():
                parts = line.split(" ", 1)
                if len(parts) == 2 and parts[1].strip() == ref:
                    return parts[0]
    except OSError:
        return None
    return None


def git_commit(root: Path) -> str | None:
    """The full commit hash HEAD names in the checkout at ``root``, or None (no checkout)."""
    dirs = _git_dirs(root)
    if dirs is None:
        return None
    gitdir, common = dirs
    try:
        head = (gitdir / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    if head.startswith("ref:"):
        ref = head[4:].strip()
        commit = _resolve(gitdir, ref) if (gitdir / ref).is_file() else _resolve(common, ref)
    else:
        commit = head
    return commit if commit and _HASH_RE.match(commit) else None


def _head_moved(root: Path) -> datetime | None:
    """When HEAD last moved in the checkout at ``root`` (the last line of its reflog)."""
    dirs = _git_dirs(root)
    if dirs is None:
        return None
    try:
        with open(dirs[0] / "logs" / "HEAD", "rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 4096))
            last = fh.read().decode("utf-8", "replace").rstrip("\n").rsplit("\n", 1)[-1]
        stamp = int(last.split("\t", 1)[0].split()[-2])
        return datetime.fromtimestamp(stamp, timezone.utc)
    except (OSError, ValueError, IndexError):
        return None


def checkout_build(root: Path, *, when: datetime | None = None) -> str | None:
    """``<commit>.<YYYYMMDD>`` of the checkout at ``root`` (date: ``when``, else the day HEAD last
    moved; only the commit when neither is known), or None when ``root`` is no git checkout."""
    commit = git_commit(root)
    if commit is None:
        return None
    day = when or _head_moved(root)
    return commit[:7] + (day.astimezone(timezone.utc).strftime(".%Y%m%d") if day else "")


@lru_cache(maxsize=1)
def build_id() -> str:
    """This program's build: the ``BUILD`` file written at build time, else the checkout's git
    metadata, else ``unknown``. Read once, on first use."""
    try:
        written = BUILD_FILE.read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        written = None
    return _valid(written) or _valid(checkout_build(SOURCE_ROOT)) or UNKNOWN


def full_version() -> str:
    """The release and the build, e.g. ``0.1.0.0+5a70176.20261205``: what ``--version``, doctor,
    the centre's health answer and the sync client's User-Agent say."""
    return f"{__version__}+{build_id()}"


def stamp(root: Path) -> str:
    """The build identifier a build made now from the source tree at ``root`` gets:
    ``COUNTER_BUILD_ID`` when set, else the checkout's commit and today's date (UTC), marked
    ``.dirty`` when tracked files differ from the commit, else a ``BUILD`` file the tree already
    carries (a copy of a stamped tree), else ``unknown``."""
    given = _valid(os.environ.get(BUILD_ENV))
    if given:
        return given
    built = checkout_build(root, when=datetime.now(timezone.utc))
    if built:
        import subprocess   # build time only: the program itself never starts git

        try:
            proc = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                                  capture_output=True, text=True, timeout=60)
            if proc.returncode == 0 and proc.stdout.strip():
                built += ".dirty"
        except (OSError, subprocess.SubprocessError):
            pass
        return built
    try:
        carried = (root / "counter_protocol" / "BUILD").read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        carried = None
    return _valid(carried) or UNKNOWN


def write_build_file(package_dir: Path, root: Path) -> str:
    """Write :func:`stamp` of ``root`` as ``BUILD`` into ``package_dir`` (a built counter_protocol
    package: setuptools' build_lib, a PyInstaller data folder); returns it."""
    build = stamp(root)
    package_dir.mkdir(parents=True, exist_ok=True)
    (package_dir / "BUILD").write_text(build + "\n", encoding="ascii")
    return build
