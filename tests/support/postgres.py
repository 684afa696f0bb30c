"""pytest plugin: a private PostgreSQL instance per test session (Debian's binaries).

``initdb`` and ``pg_ctl`` refuse to run as root, so as root they run as the ``postgres`` user
(``runuser``) in a temp dir chowned to it. The instance listens on 127.0.0.1 only, with trust
authentication, and is stopped (``pg_ctl stop -m immediate``) at the end of the session.

:func:`start_postgres` is a plain function so the benchmark can reuse it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

PG_BIN_CANDIDATES = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin")


def pg_bin_dir() -> Path | None:
    env = os.environ.get("COUNTER_PG_BIN")
    for cand in ([env] if env else []) + list(PG_BIN_CANDIDATES):
        if cand and (Path(cand) / "initdb").exists():
            return Path(cand)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgInstance:
    bin_dir: Path
    data_dir: Path
    socket_dir: Path
    port: int
    run_as: str | None
    root: Path

    @property
    def admin_dsn(self) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; returns its SQLAlchemy URL."""
        import psycopg

        name = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        _run(self, [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "immediate", "-w", "stop"], check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def _run(inst_or_user, cmd: list[str], check: bool = True) -> subprocess.CompletedProcess:
    user = inst_or_user.run_as if isinstance(inst_or_user, PgInstance) else inst_or_user
    if user:
        cmd = ["runuser", "-u", user, "--"] + cmd
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.strip() or proc.stdout.strip()}")
    return proc


def start_postgres(base_dir: Path | None = None) -> PgInstance:
    """Initialise and start a throwaway PostgreSQL on a free loopback port."""
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL server binaries (initdb, pg_ctl) not found; install postgresql-15")
    root = Path(tempfile.mkdtemp(prefix="counter-pg-", dir=base_dir))
    data_dir, socket_dir = root / "data", root / "sock"
    socket_dir.mkdir()
    run_as = None
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        run_as = "postgres"
        shutil.chown(root, run_as)
        shutil.chown(socket_dir, run_as)
        root.chmod(0o700)
    port = free_port()
    inst = PgInstance(bin_dir, data_dir, socket_dir, port, run_as, root)
    _run(inst, [str(bin_dir / "initdb"), "-D", str(data_dir), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                "--locale=C", "--no-sync"])
    opts = f"-h 127.0.0.1 -p {port} -k {socket_dir} -F -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    _run(inst, [str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-o", opts, "-l", str(root / "log"), "-w", "-t", "60", "start"])
    return inst


@pytest.fixture(scope="session")
def postgres_instance():
    """The session's private PostgreSQL server (skips the test when binaries are missing)."""
    if pg_bin_dir() is None:
        pytest.skip("PostgreSQL binaries not installed")
    inst = start_postgres()
    yield inst
    inst.stop()


@pytest.fixture
def postgres_url(postgres_instance) -> str:
    """A fresh, empty database on the session server (SQLAlchemy URL, psycopg 3)."""
    return postgres_instance.create_database()
