"""Locate the application's data files (catalog, policy parameters, translations, spec list, fonts).

The files live in the repository's top-level ``resources/`` folder (the design card's layout);
the build maps that folder into the package as ``counter_app.resource_files`` (``setup.py``:
``package_dir``), so a wheel and the PyInstaller bundle carry it as package data. Every caller
goes through :func:`resources_root`, which finds it in this order:

1. ``COUNTER_APP_RESOURCES`` (a folder; tests and support staff);
2. the checkout: ``resources/`` beside the ``counter_app`` package (a developer tree run with
   ``PYTHONPATH``; an editable install also lands here, whichever checkout it points at);
3. the installed package data, through :mod:`importlib.resources` (wheel, PyInstaller bundle).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

#: The import name of the package data (``resources/`` mapped into the package by setup.py).
DATA_PACKAGE = "counter_app.resource_files"
#: A file every complete copy holds; a folder without it is not taken for the resources.
_MARKER = Path("catalog") / "services.json"


class ResourcesMissing(FileNotFoundError):
    """No copy of the application's data files was found; the message is Chinese."""


@lru_cache(maxsize=None)
def _located() -> Path:
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if (checkout / _MARKER).is_file():
        return checkout
    from importlib import resources

    try:
        packaged = resources.files(DATA_PACKAGE)
    except ModuleNotFoundError:
        packaged = None
    if packaged is not None:
        # A regular package on the file system (wheel, bundle): files() is a real directory.
        path = Path(str(packaged))
        if (path / _MARKER).is_file():
            return path
    raise ResourcesMissing(
        f"找不到程序的数据文件（{_MARKER.as_posix()}）：既不在源码目录 {checkout}，"
        f"也不在安装包的 {DATA_PACKAGE} 中。请重新安装本软件，或用 COUNTER_APP_RESOURCES 指定数据目录。")


def resources_root() -> Path:
    """The folder holding ``catalog/``, ``params/``, ``i18n/``, ``spec/`` (and ``fonts/`` if shipped)."""
    override = os.environ.get("COUNTER_APP_RESOURCES")
    if override:
        return Path(override)
    return _located()


def resource_path(relative: str) -> Path:
    root = resources_root()
    path = root / relative
    if not path.exists():
        raise FileNotFoundError(f"资源文件缺失：{relative}（在 {root} 下）")
    return path
