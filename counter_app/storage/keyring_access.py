"""Every read and write of the OS keyring (密钥环) in this process, under one lock.

Two threads of the app touch the keyring at once as a matter of course: a worker making the
records key while the window stores a supervisor's offline verifier key, a sync round refreshing
tokens while a sign-in writes them. Two things go wrong without a lock:

- **get-or-create:** both threads find no key, each makes one, and the second write replaces the
  first; whatever the first thread sealed under its key can no longer be opened.
- **a file backend's read-modify-write:** a file keyring (the test suite's, or a desktop's
  ``keyrings.alt`` backend) rewrites its whole file on every write, so a write beside another
  loses the other's entry, and a read during a write finds an empty file.

So each call here holds :data:`LOCK`, and a caller that reads, decides and writes holds it across
the three (``with LOCK:``; it is re-entrant). The lock is taken last: no code holding it waits for
the database or another lock.
"""

from __future__ import annotations

import threading

LOCK = threading.RLock()


class GuardedKeyring:
    """The ``keyring`` module's three calls, each under :data:`LOCK`; ``keyring`` is looked up on
    each call, so a backend set later (``keyring.set_keyring``) is the one used."""

    @staticmethod
    def get_password(service: str, username: str) -> str | None:
        import keyring

        with LOCK:
            return keyring.get_password(service, username)

    @staticmethod
    def set_password(service: str, username: str, password: str) -> None:
        import keyring

        with LOCK:
            keyring.set_password(service, username, password)

    @staticmethod
    def delete_password(service: str, username: str) -> None:
        import keyring

        with LOCK:
            keyring.delete_password(service, username)

    @staticmethod
    def get_keyring():
        import keyring

        return keyring.get_keyring()


GUARDED = GuardedKeyring()
