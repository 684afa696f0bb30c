"""Suite-wide fixtures. Qt runs offscreen; a Qt warning fails the test (pyproject: qt_log_level_fail)."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
# the explicit test switch: outside tests a plaintext keyring is refused (counter_app.sync.keystore)
os.environ.setdefault("COUNTER_APP_ALLOW_PLAINTEXT_KEYRING", "1")
# nothing of the suite's in the user's own configuration folder (~/.config): the served centres, the
# apps' subprocesses and the tests get one of the suite's own (per test: _centre_keys_of_the_test)
if not os.environ.get("COUNTER_TESTS_OWN_CONFIG"):
    os.environ["COUNTER_TESTS_OWN_CONFIG"] = os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="counter-tests-config-")
    atexit.register(shutil.rmtree, os.environ["COUNTER_TESTS_OWN_CONFIG"], ignore_errors=True)

# nor of an installed centre's: no counter-central command of the suite reads /etc/counter-central/central.env
# (counter_central.system_env; its own tests name their file)
os.environ["COUNTER_CENTRAL_ENV_FILE"] = ""

import pytest
from hypothesis import settings

# the property tests assert behaviour, not speed (that is make bench's): no per-example deadline,
# which a loaded CI worker crossed (a DeadlineExceeded of test_identifiers under two workers)
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")

pytest_plugins = [
    "tests.support.pcsc",
    "tests.support.cups",
    "tests.support.postgres",
    "tests.support.fprint",
    "tests.support.central",
    "tests.support.secret_service",
]

TESTS_DIR = Path(__file__).resolve().parent


@pytest.fixture
def app_home(tmp_path, monkeypatch) -> Path:
    """A private COUNTER_APP_HOME (data, config, log, cache) for one test."""
    from counter_app.storage.crypto import forget_cached_keys

    home = tmp_path / "home"
    monkeypatch.setenv("COUNTER_APP_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    # the keyring is a file of this test's own (XDG_DATA_HOME): keys another test's keyring gave
    # the process are not this one's (a store backup carried this keyring's keys, not the cached ones)
    forget_cached_keys()
    return home


def sign_in(username: str | None) -> None:
    """Mark ``username`` signed in on the workstation of the current COUNTER_APP_HOME (None: signed out),
    as a login leaves it — the CLI's write commands take their actor from it."""
    from counter_app.cli._common import open_store
    from counter_app.storage.tables_core import Meta
    from counter_app.sync.auth import META_CURRENT_USER

    store = open_store()
    try:
        with store.session() as s:
            row = s.get(Meta, META_CURRENT_USER)
            if username is None:
                if row is not None:
                    s.delete(row)
            else:
                s.merge(Meta(key=META_CURRENT_USER, value=username))
            s.commit()
    finally:
        store.close()


@pytest.fixture
def signed_in(app_home) -> str:
    """clerk01 signed in on the workstation of ``app_home`` (the CLI write commands' actor)."""
    sign_in("clerk01")
    return "clerk01"


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory) -> Path:
    from counter_app.storage.db import Store

    from tests.support.store_files import export_plaintext

    folder = tmp_path_factory.mktemp("store-template")
    Store.open(folder / "encrypted.sqlite3").close()
    # plaintext, so each test's copy is encrypted in place (the upgrade path) under its own keyring
    return export_plaintext(folder / "encrypted.sqlite3", folder / "template.sqlite3")


@pytest.fixture
def store(_migrated_template, tmp_path):
    """A migrated local store in a temp file (copied from a once-migrated template)."""
    from counter_app.storage.db import Store

    path = tmp_path / "counter.sqlite3"
    shutil.copyfile(_migrated_template, path)
    s = Store.open(path)
    yield s
    s.close()



@pytest.fixture
def set_clock_zone(monkeypatch):
    """Set the process's clock zone (TZ, e.g. "UTC", "Asia/Shanghai") for one test: naive local
    times (cases.local_now) are written in it; the zone before is back after the test."""
    import time

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()
    yield set_zone
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(autouse=True)
def _centre_keys_of_the_test(request, tmp_path, monkeypatch):
    """The centre's key files (entry key, person key, export key) of a test that does not use the
    session's served centre are its own: no key named in the environment, and their default folder
    (the centre's configuration folder, under XDG_CONFIG_HOME) in the test's temp dir.
    ``central_server`` names its entry key file in the environment for the operator's commands on its
    database: run after it in the same process, the key rotation tests retired its version 1 while its
    database still held rows sealed under it (five later tests of that centre failed, in the order
    xdist gave); and tests without a COUNTER_APP_HOME read and rotated the keys in ~/.config."""
    if "central_server" in request.fixturenames:
        return
    for name in ("COUNTER_CENTRAL_ENTRY_KEY", "COUNTER_CENTRAL_PERSON_KEY", "COUNTER_CENTRAL_EXPORT_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture(autouse=True)
def _release_finished_centres():
    """FastAPI (0.12x+) classifies each route's endpoint and dependencies once, in module-level
    ``lru_cache``s of 4,096 entries keyed by the callable. Our endpoints are closures over their
    app, so in one test process those caches kept the last few dozen centres alive, part of a heap
    whose full collections took 0.3–2 s on whichever test allocated (a 1.6 s one failed a
    health-check timing in CI). A served centre makes one app per worker, so only the suite meets
    this. Cleared after each test that loaded FastAPI."""
    yield
    import sys

    models = sys.modules.get("fastapi.dependencies.models")
    for cached in vars(models).values() if models is not None else ():
        if callable(getattr(cached, "cache_clear", None)):
            cached.cache_clear()


@pytest.fixture(autouse=True)
def _collect_on_the_main_thread():
    """The suite's processes collect garbage cycles on the main thread only, after each test, as the
    window collects on its GUI thread (counter_app.heap.collect_on_one_thread, ui.gui_collector).
    With the automatic collector a server or watcher thread of one test collected the Qt objects
    another test dropped: a CI run ended in "QBasicTimer::stop: Failed. Possibly trying to stop
    from a different thread" and a segmentation fault of its worker."""
    from counter_app import heap

    heap.collect_on_one_thread()
    yield
    heap.collect_on_one_thread()      # again: a test of the heap or of the window turned it back on
    heap._paused = False              # a start-up test that paused and never painted a frame
    heap.collect_due()


# What one machine has only one of: the virtual card reader (pcscd + vpcd, held by a file lock for
# the whole session) and CUPS with cups-pdf (one output folder). A test file that names them (the
# fixtures, or the calls underneath) touches the machine's devices.
_MACHINE_WORDS = ("ensure_pcscd", "start_cups", "VpcdLock", "cups_queues", "private_cups", "virtual_card",
                  "pcscd_service", "lpstat", "cups-pdf", "CUPS_SERVER")
# What touches the Qt binding: the UI tests, and the tests of modules that use Qt outside counter_app.ui
# (printing.qtprint, heap, doctor's Qt probe). Marked ``qt``: make test-oldest and test-newest run
# these again on the oldest and the newest PySide6.
_QT_FIXTURES = frozenset({"qtbot", "qapp"})
_QT_WORDS = ("PySide6", "counter_app.ui", "qtprint", "heap", "doctor")


@functools.cache
def _file_words(path: Path) -> tuple[bool, bool]:
    """(touches the machine's devices, touches Qt) by what the test file names."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:                     # not a file of ours (a node id xdist names otherwise): neither
        return False, False
    return any(w in text for w in _MACHINE_WORDS), any(w in text for w in _QT_WORDS)


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.path))
        if _file_words(path)[1] or _QT_FIXTURES & set(getattr(item, "fixturenames", ())) \
                or path.is_relative_to(TESTS_DIR / "ui"):
            item.add_marker(pytest.mark.qt)


try:
    from xdist.scheduler import LoadScopeScheduling
except ImportError:                     # the suite also runs without pytest-xdist, in one process
    LoadScopeScheduling = None

if LoadScopeScheduling is not None:
    class _DeviceScheduling(LoadScopeScheduling):
        """pytest-xdist's scheduling for ``make test -n N``: each test file goes whole to one worker
        (its module fixtures made once), and every file that touches the machine's devices goes,
        together, to one worker, one after another. (xdist's own ``--dist loadgroup`` lost its
        groups under pytest 9.2's node ids: pytest-xdist issue #1386.)"""

        def __init__(self, config, log=None):
            super().__init__(config, log)
            self.root = Path(str(config.rootpath))

        def _split_scope(self, nodeid: str) -> str:
            file = nodeid.split("::", 1)[0]
            return "machine-devices" if _file_words(self.root / file)[0] else file

    def pytest_xdist_make_scheduler(config, log):
        return _DeviceScheduling(config, log)
