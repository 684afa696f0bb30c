"""The GUI's start-up path must not import pydantic (issue #2: it cost ~90 ms of the start).

pydantic stays the library of the sync protocol; worker threads (opening the store, the outbox)
may import it. Only the main thread's way to the idle window is checked.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _run(code: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env=env)


def test_importing_config_does_not_import_pydantic():
    done = _run("import counter_app.config, sys\n"
                "s = counter_app.config.Settings.from_json(counter_app.config.default_settings().to_json())\n"
                "assert 'pydantic' not in sys.modules, 'pydantic imported'\n")
    assert done.returncode == 0, done.stderr


PROBE = """
import sys, threading
main_thread_imports = []
class Probe:
    def find_spec(self, name, path=None, target=None):
        if name == "pydantic" and threading.current_thread() is threading.main_thread():
            import traceback
            main_thread_imports.append("".join(traceback.format_stack()))
        return None
sys.meta_path.insert(0, Probe())
from tools.smoke import main
rc = main([])
assert rc == 0, rc
assert not main_thread_imports, "pydantic imported on the main thread:\\n" + main_thread_imports[0]
print("OK")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="offscreen smoke start is checked on Linux CI")
def test_gui_start_imports_no_pydantic_on_the_main_thread(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COUNTER_APP_HOME=str(tmp_path / "home"),
               XDG_DATA_HOME=str(tmp_path / "xdg"))
    done = _run(PROBE, env)
    assert done.returncode == 0 and "OK" in done.stdout, done.stdout[-2000:] + done.stderr[-4000:]
