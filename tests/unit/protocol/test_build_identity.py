"""Every build says which it is (the upgrade tester: ``counter-app --version`` printed ``0.1.0.0``
for a build 400 commits old and for main alike, and doctor said the centre was ``版本 0.1.0.0``, so
IT could not tell which workstations were behind). The build is the commit and the date it was
built or installed: a built package carries it in counter_protocol/BUILD, a checkout reads its git
metadata (file reads, no git process), lazily — never while the program starts."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from counter_protocol import __version__
from counter_protocol import build as b
from counter_protocol import sync as p

ROOT = Path(__file__).resolve().parents[3]


def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    return subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True, env=env).stdout.strip()


def _run(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def test_a_checkout_names_its_commit_and_day():
    head = _git(ROOT, "rev-parse", "HEAD")
    build = b.build_id()
    assert re.fullmatch(r"[0-9a-f]{7}\.\d{8}", build), build
    assert build.startswith(head[:7])
    assert b.full_version() == f"{__version__}+{build}"


@pytest.mark.parametrize("layout", ["plain", "packed", "worktree", "detached"])
def test_the_git_metadata_is_read_without_git(tmp_path, layout):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    (repo / "f").write_text("x")
    _git(repo, "add", "f")
    _git(repo, "commit", "-q", "-m", "one")
    head = _git(repo, "rev-parse", "HEAD")
    where = repo
    if layout == "packed":
        _git(repo, "pack-refs", "--all")
        assert not (repo / ".git" / "refs" / "heads" / "main").exists()
    elif layout == "worktree":
        where = tmp_path / "wt"
        _git(repo, "worktree", "add", "-q", "-b", "other", str(where))
        (where / "g").write_text("y")
        _git(where, "add", "g")
        _git(where, "commit", "-q", "-m", "two")
        head = _git(where, "rev-parse", "HEAD")
    elif layout == "detached":
        _git(repo, "checkout", "-q", "--detach")
    today = datetime.now(timezone.utc).strftime("%Y%m%d")
    assert b.git_commit(where) == head
    assert b.checkout_build(where) == f"{head[:7]}.{today}"        # the day HEAD last moved there
    assert b.checkout_build(tmp_path / "nowhere") is None


def test_a_built_package_reads_its_build_file(tmp_path):
    """A copy of the package with a BUILD file and no checkout around it (a wheel's site-packages)."""
    pkg = tmp_path / "site" / "counter_protocol"
    pkg.mkdir(parents=True)
    for f in ("__init__.py", "build.py"):
        (pkg / f).write_bytes((ROOT / "counter_protocol" / f).read_bytes())
    code = "from counter_protocol.build import full_version; print(full_version())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(tmp_path / "site")})
    assert out.stdout.strip() == f"{__version__}+unknown"      # no file, no checkout: said so
    (pkg / "BUILD").write_text("5a70176.20261205\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                         env={**os.environ, "PYTHONPATH": str(tmp_path / "site")})
    assert out.stdout.strip() == f"{__version__}+5a70176.20261205"


def test_the_wheel_build_writes_the_build_file(tmp_path):
    """setup.py's build_py stamps counter_protocol/BUILD into what a wheel is made of (run on a
    copy of the sources: setuptools writes its egg-info beside setup.py)."""
    import shutil

    src = tmp_path / "src"
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("counter_app", "counter_central", "counter_protocol", "counter_rules", "resources"):
        shutil.copytree(ROOT / name, src / name, ignore=skip)
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    out = _run("setup.py", "-q", "build_py", "--build-lib", str(tmp_path / "lib"), cwd=src,
               env={b.BUILD_ENV: "abc1234.20261206", "PYTHONPATH": ""})
    assert out.returncode == 0, out.stderr[-2000:]
    assert (tmp_path / "lib" / "counter_protocol" / "BUILD").read_text().strip() == "abc1234.20261206"
    assert not (src / "counter_protocol" / "BUILD").exists()        # the sources themselves are left alone


def test_stamp_of_a_checkout(monkeypatch):
    monkeypatch.delenv(b.BUILD_ENV, raising=False)
    head = _git(ROOT, "rev-parse", "HEAD")
    stamp = b.stamp(ROOT)
    assert re.fullmatch(rf"{head[:7]}\.{datetime.now(timezone.utc):%Y%m%d}(\.dirty)?", stamp), stamp
    monkeypatch.setenv(b.BUILD_ENV, "not a build; rm -rf /")       # refused: computed instead
    assert b.stamp(ROOT).startswith(head[:7])


@pytest.mark.parametrize("program", ["counter-app", "counter-central"])
def test_version_names_the_build_and_protocol(program):
    module = "counter_app.cli.main" if program == "counter-app" else "counter_central.cli"
    out = _run("-c", f"import sys; from {module} import main; sys.exit(main(['--version']))")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"{program} {b.full_version()}（同步协议 {p.PROTOCOL_VERSION}）"


def test_the_build_is_not_read_while_the_program_starts():
    out = _run("-c", "from counter_app.cli.main import build_parser; build_parser(); "
                     "from counter_central.cli import build_parser as c; c(); "
                     "from counter_protocol.build import build_id; print(build_id.cache_info().currsize)")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "0"


def test_the_user_agent_names_build_and_protocol():
    agent = p.client_agent()
    assert agent == f"counter-app/{b.full_version()} protocol/{p.PROTOCOL_VERSION}"
    assert p.parse_client_agent(agent) == (b.full_version(), p.PROTOCOL_VERSION)
    assert p.parse_client_agent("python-httpx/0.27.0") is None
    assert p.parse_client_agent(None) is None


def test_doctor_shows_this_build():
    from counter_app.cli.diagnostics import check_program

    check = check_program()
    assert check.status == "ok"
    assert check.message == f"柜面客户端 {b.full_version()}（同步协议 {p.PROTOCOL_VERSION}）"
