"""The product's ``resources/`` folder as the centre reads it (the bundled catalog, materials,
authorisation table, holiday calendars and policy parameters). The centre's own copy of the
lookup: it imports nothing of counter_app.

Found in this order, as the counter finds it (counter_app.resources):

1. ``COUNTER_APP_RESOURCES`` (a folder; tests and support staff);
2. the checkout: ``resources/`` beside the packages;
3. the installed package data ``counter_app/resource_files`` (setup.py maps ``resources/`` there;
   the wheel and both PyInstaller bundles carry it), looked for on ``sys.path`` as a folder, so the
   client package is never imported.
"""

from __future__ import annotations

import logging
import os
import sys
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

#: Where the build puts ``resources/`` inside an installation (a path under a sys.path entry).
PACKAGED = Path("counter_app") / "resource_files"
#: A file every complete copy holds; a folder without it is not taken for the resources.
_MARKER = Path("catalog") / "services.json"


@lru_cache(maxsize=None)
def _located() -> Path:
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if (checkout / _MARKER).is_file():
        return checkout
    for entry in sys.path:
        candidate = Path(entry or os.curdir) / PACKAGED
        if (candidate / _MARKER).is_file():
            return candidate.resolve()
    # Nothing found: the callers treat each file as absent (the seed publishes no reference data,
    # the holiday calendar is empty). Said once, in the service's log.
    log.warning("找不到随程序安装的参考数据（%s）：不在源码目录 %s，也不在安装目录的 %s 中；"
                "请重新安装，或用 COUNTER_APP_RESOURCES 指定数据目录", _MARKER.as_posix(), checkout, PACKAGED.as_posix())
    return checkout


def resources_root() -> Path:
    """The product's ``resources/`` folder (see the module's docstring for the order)."""
    override = os.environ.get("COUNTER_APP_RESOURCES")
    if override:
        return Path(override)
    return _located()
