"""Two threads at the keyring at once (storage.keyring_access): neither loses the other's key, and
two threads making the same key end with one key. The backend here reads and writes its whole
contents with a pause in between, as a file keyring does, so an unguarded pair interleaves."""

from __future__ import annotations

import threading
import time

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class WholeFileKeyring(KeyringBackend):
    """Each call reads all entries, pauses, and (on a write) puts all entries back."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        seen = dict(self.entries)
        time.sleep(0.02)
        return seen.get((service, username))

    def set_password(self, service, username, password):
        seen = dict(self.entries)
        time.sleep(0.02)
        seen[(service, username)] = password
        self.entries = seen

    def delete_password(self, service, username):
        seen = dict(self.entries)
        if seen.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")
        self.entries = seen


@pytest.fixture
def slow_keyring():
    from counter_app.storage import crypto

    before = keyring.get_keyring()
    backend = WholeFileKeyring()
    keyring.set_keyring(backend)
    crypto.forget_cached_keys()
    try:
        yield backend
    finally:
        keyring.set_keyring(before)
        crypto.forget_cached_keys()


def _together(*calls):
    """Run the calls in threads released at the same moment; their results in order."""
    start = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i, call):
        start.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    return results


def test_two_threads_making_the_offline_verifier_key_end_with_one_key(slow_keyring):
    from counter_app.sync.keystore import MAC_KEY_NAME, mac_key

    first, second = _together(lambda: mac_key("svc", create=True), lambda: mac_key("svc", create=True))
    assert first == second
    assert slow_keyring.entries[("svc", MAC_KEY_NAME)] == first.hex()


def test_a_key_made_beside_another_is_not_lost(slow_keyring):
    """The offline verifier's key and the records key, made at the same moment by the window and
    a worker (the race that once left a supervisor's on-site approval 「离线凭据无效或已被改动」)."""
    from counter_app.storage import crypto
    from counter_app.sync.keystore import MAC_KEY_NAME, mac_key

    mac, cipher = _together(lambda: mac_key("svc", create=True), lambda: crypto.cipher_for("records"))
    assert mac_key("svc", create=False) == mac
    assert ("svc", MAC_KEY_NAME) in slow_keyring.entries
    assert (crypto.KEYRING_SERVICE, "records") in slow_keyring.entries
    crypto.forget_cached_keys()
    again = crypto.cipher_for("records")
    assert again.open(cipher.seal(b"x")) == b"x"


def test_two_tokens_written_together_both_stay(slow_keyring):
    """A sync round storing a refreshed token while a sign-in stores another user's."""
    from counter_app.sync.keystore import keyring_module

    kr = keyring_module()
    _together(lambda: kr.set_password("counter-app:http://c", "clerk01:access", "a"),
              lambda: kr.set_password("counter-app:http://c", "supervisor01:access", "b"))
    assert slow_keyring.entries == {("counter-app:http://c", "clerk01:access"): "a",
                                    ("counter-app:http://c", "supervisor01:access"): "b"}


def test_two_threads_making_the_field_key_end_with_one_key(slow_keyring):
    """The key that signs home visits: two threads making it sign with the one the keyring keeps."""
    from counter_app.sync.field_key import _load

    first, second = _together(lambda: _load("ws-1", create=True), lambda: _load("ws-1", create=True))
    kept = _load("ws-1", create=False)
    assert first.private_numbers() == second.private_numbers() == kept.private_numbers()
