"""Locate files under the top-level ``resources/`` folder."""

from __future__ import annotations

import os
from pathlib import Path

_ROOT = Path(os.environ.get("COUNTER_APP_RESOURCES", Path(__file__).resolve().parent.parent / "resources"))


def resources_root() -> Path:
    return _ROOT


def resource_path(relative: str) -> Path:
    path = _ROOT / relative
    if not path.exists():
        raise FileNotFoundError(f"资源文件缺失：{relative}（在 {_ROOT} 下）")
    return path
