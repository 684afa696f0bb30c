"""A real Secret Service for a test: a private D-Bus session bus (``dbus-daemon --session``) and
``gnome-keyring-daemon`` on it, its login keyring unlocked with a throwaway password and kept under
the test's own home. This is the keyring a UOS / Kylin / Debian desktop gives the app (the keyring
library's ``SecretService`` backend over D-Bus), where the rest of the suite uses the explicit
plaintext test switch.

``SecretServiceHandle.env`` is what a process needs to use it: the bus address, the backend, and the
plaintext switch removed (so the app's production checks apply). Both daemons are stopped by PID.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

BACKEND = "keyring.backends.SecretService.Keyring"
PASSWORD = "test-login-keyring"


@dataclass
class SecretServiceHandle:
    home: Path
    address: str
    pids: list[int] = field(default_factory=list)
    daemon_env: dict[str, str] = field(default_factory=dict)
    daemon: subprocess.Popen | None = None

    @property
    def env(self) -> dict[str, str]:
        """The variables a process sets (and the plaintext switch it must not have)."""
        return {"DBUS_SESSION_BUS_ADDRESS": self.address, "PYTHON_KEYRING_BACKEND": BACKEND}

    def process_env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        env = dict(os.environ if base is None else base, **self.env)
        env.pop("COUNTER_APP_ALLOW_PLAINTEXT_KEYRING", None)
        return env

    @property
    def keyring_dir(self) -> Path:
        """Where gnome-keyring keeps its (encrypted) keyring files."""
        return self.home / ".local" / "share" / "keyrings"

    def collection(self):
        """The default collection (secretstorage), on a connection of its own; close it with
        ``conn.close()``: (connection, collection).

        Once, under load (make test), the keyring daemon started afresh by :meth:`unlock` answered
        the app's process and then had left the bus ("recipient disconnected") when the test asked
        next. A second ask after waiting for the collection tells a daemon in hand-over from one
        that is gone: the latter fails again, naming whether the daemon process still runs."""
        from secretstorage.exceptions import SecretServiceNotAvailableException

        try:
            return _open_collection(self.address)
        except SecretServiceNotAvailableException as exc:
            state = "running" if self.daemon is not None and self.daemon.poll() is None else "ended"
            try:
                _wait_for_collection(self, timeout=10.0)
            except Exception as again:
                raise RuntimeError(f"the keyring daemon left the bus (its process: {state}): {exc}") from again
        return _open_collection(self.address)

    def unlock(self) -> None:
        """Unlock the login keyring again, as the desktop does at the next sign-in: the keyring
        daemon started afresh with the password (a headless session has no unlock prompt)."""
        if self.daemon is not None:
            self.daemon.terminate()
            self.daemon.wait(10)
            self.pids.remove(self.daemon.pid)
        _start_daemon(self)

    def stop(self) -> None:
        if self.daemon is not None and self.daemon.poll() is None:
            self.daemon.terminate()
            try:
                self.daemon.wait(10)
            except subprocess.TimeoutExpired:
                self.daemon.kill()
        for pid in reversed(self.pids):
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        self.pids.clear()


def missing() -> str | None:
    for tool in ("dbus-daemon", "gnome-keyring-daemon"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (installer/system-packages.txt: dbus, gnome-keyring)"
    return None


def start_secret_service(root: Path) -> SecretServiceHandle:
    """Start the bus and the keyring daemon with ``root`` as their home; the login keyring is
    created (or opened) and unlocked with :data:`PASSWORD`."""
    home, runtime = root / "home", root / "run"
    home.mkdir(parents=True, exist_ok=True)
    runtime.mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    env = dict(os.environ, HOME=str(home), XDG_RUNTIME_DIR=str(runtime), XDG_DATA_HOME=str(home / ".local" / "share"),
               XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"))
    bus = subprocess.run(["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
                         capture_output=True, text=True, env=env, timeout=20, check=True)
    address, pid = bus.stdout.split()[:2]
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    handle = SecretServiceHandle(home=home, address=address, pids=[int(pid)], daemon_env=env)
    try:
        _start_daemon(handle)
    except BaseException:
        handle.stop()
        raise
    return handle


def _start_daemon(handle: SecretServiceHandle) -> None:
    daemon = subprocess.Popen(["gnome-keyring-daemon", "--unlock", "--components=secrets", "--foreground"],
                              stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env=handle.daemon_env, text=True)
    handle.daemon = daemon
    handle.pids.append(daemon.pid)
    assert daemon.stdin is not None
    daemon.stdin.write(PASSWORD)      # --unlock reads the password up to the end of its input
    daemon.stdin.close()
    _wait_for_collection(handle)


def _open_collection(address: str):
    import secretstorage
    from jeepney.io.blocking import open_dbus_connection

    conn = open_dbus_connection(address)
    try:
        return conn, secretstorage.get_default_collection(conn)
    except BaseException:
        conn.close()
        raise


def _wait_for_collection(handle: SecretServiceHandle, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            conn, collection = _open_collection(handle.address)
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
            continue
        try:
            if not collection.is_locked():
                return
        finally:
            conn.close()
        if time.monotonic() > deadline:
            raise RuntimeError("gnome-keyring's login keyring stayed locked")
        time.sleep(0.05)


@pytest.fixture
def secret_service(tmp_path):
    why = missing()
    if why is not None:
        pytest.fail(why + "; make setup installs it")
    handle = start_secret_service(tmp_path / "secret-service")
    try:
        yield handle
    finally:
        handle.stop()
