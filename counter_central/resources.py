"""The product's ``resources/`` folder as the centre reads it (the bundled catalog, materials,
authorisation table and policy parameters): ``COUNTER_APP_RESOURCES``, else beside the packages.
The centre's own copy of the lookup: it imports nothing of counter_app."""

from __future__ import annotations

import os
from pathlib import Path


def resources_root() -> Path:
    """The product's ``resources/`` folder (COUNTER_APP_RESOURCES, else beside the packages)."""
    return Path(os.environ.get("COUNTER_APP_RESOURCES") or Path(__file__).resolve().parent.parent / "resources")
