"""Load the shipped 分局文书事项 (resources/reference/offices.json; counter_rules.offices)."""

from __future__ import annotations

import functools
import json

from counter_rules.offices import OfficeFacts, offices_from_dict


@functools.lru_cache(maxsize=1)
def default_offices() -> dict[str, OfficeFacts]:
    """The shipped table: it names no 复议机关 and no court (the agency's to set; the centre publishes them)."""
    from counter_app.resources import resources_root

    path = resources_root() / "reference" / "offices.json"
    return offices_from_dict(json.loads(path.read_text(encoding="utf-8")))
