"""The wheel carries its data (resources/ as counter_app.resource_files) and both entry points."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.integration


def test_wheel_installed_in_a_fresh_venv_finds_its_resources():
    run = subprocess.run(["bash", str(ROOT / "installer/scripts/check-wheel.sh"), sys.executable],
                         capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "check-wheel: OK" in run.stdout
    assert "/counter_app/resource_files" in run.stdout
    # the English translation is built and git-ignored: the wheel must carry it all the same
    assert "with i18n/counter_app_en.qm" in run.stdout
    assert "i18n/catalog_en.qm" in run.stdout          # the service catalog's English


def test_resources_found_through_importlib_when_no_checkout(tmp_path, monkeypatch):
    """Without the checkout's folder, resources_root() answers from the installed package data
    (here a stand-in data package on sys.path, laid out as the wheel installs it)."""
    from counter_app import resources

    monkeypatch.delenv("COUNTER_APP_RESOURCES", raising=False)
    site = tmp_path / "site"
    data = site / "pkg_under_test_data"
    (data / "catalog").mkdir(parents=True)
    (data / "__init__.py").write_text("")
    (data / "catalog" / "services.json").write_text("{}")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(resources, "DATA_PACKAGE", "pkg_under_test_data")
    fake_pkg = tmp_path / "elsewhere" / "counter_app"  # no resources/ beside it
    fake_pkg.mkdir(parents=True)
    monkeypatch.setattr(resources, "__file__", str(fake_pkg / "resources.py"))
    resources._located.cache_clear()
    try:
        assert resources.resources_root() == data
        assert resources.resource_path("catalog/services.json") == data / "catalog" / "services.json"
    finally:
        resources._located.cache_clear()


def test_missing_resources_say_so_in_chinese(tmp_path, monkeypatch):
    from counter_app import resources

    monkeypatch.delenv("COUNTER_APP_RESOURCES", raising=False)
    fake_pkg = tmp_path / "counter_app"
    fake_pkg.mkdir()
    monkeypatch.setattr(resources, "__file__", str(fake_pkg / "resources.py"))
    monkeypatch.setattr(resources, "DATA_PACKAGE", "counter_app_no_such_package.data")
    resources._located.cache_clear()
    try:
        with pytest.raises(resources.ResourcesMissing, match="找不到程序的数据文件"):
            resources.resources_root()
    finally:
        resources._located.cache_clear()
