"""The centre finds the shipped reference data where an installation puts it (the wheel's and the
bundle's ``counter_app/resource_files`` on sys.path), without importing the client. Before, outside
a checkout it looked only beside its package, found nothing, and its seed published no catalog."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def _installed_layout(site: Path) -> Path:
    """A site-packages holding the centre as a copy (no resources/ beside it) and the data folder."""
    import shutil

    shutil.copytree(ROOT / "counter_central", site / "counter_central",
                    ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    data = site / "counter_app" / "resource_files"
    for name in ("catalog", "params", "reference"):
        shutil.copytree(ROOT / "resources" / name, data / name)
    return data


def test_the_installed_centre_finds_the_data_on_sys_path_without_importing_the_client(tmp_path):
    data = _installed_layout(tmp_path / "site")
    code = ("import sys; from counter_central.resources import resources_root; print(resources_root());"
            "print(sorted(m for m in sys.modules if m == 'counter_app' or m.startswith('counter_app.')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60,
                         env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]
    found, imported = out.stdout.splitlines()
    assert Path(found) == data.resolve() and imported == "[]"


def test_no_data_anywhere_is_said_in_the_log_and_files_read_as_absent(tmp_path, monkeypatch, caplog):
    from counter_central import resources

    monkeypatch.delenv("COUNTER_APP_RESOURCES", raising=False)
    monkeypatch.setattr(resources, "__file__", str(tmp_path / "counter_central" / "resources.py"))
    monkeypatch.setattr(sys, "path", [str(tmp_path / "empty")])
    resources._located.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="counter_central.resources"):
            root = resources.resources_root()
        assert not (root / "catalog" / "services.json").exists()
        assert any("找不到随程序安装的参考数据" in r.getMessage() for r in caplog.records)
    finally:
        resources._located.cache_clear()


def test_the_override_wins(tmp_path, monkeypatch):
    from counter_central import resources

    monkeypatch.setenv("COUNTER_APP_RESOURCES", str(tmp_path))
    assert resources.resources_root() == tmp_path
