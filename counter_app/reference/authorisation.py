"""Load the shipped graded authorisation table (resources/reference/authorisation.json)."""

from __future__ import annotations

import functools
import json

from counter_app.domain.authorisation import AuthorisationTable, table_from_dict


@functools.lru_cache(maxsize=1)
def default_authorisation() -> AuthorisationTable:
    """The defaults shipped with the program (the agency's to set; the centre publishes its own)."""
    from counter_app.resources import resources_root

    path = resources_root() / "reference" / "authorisation.json"
    return table_from_dict(json.loads(path.read_text(encoding="utf-8")))


def shipped_content() -> dict:
    from counter_app.resources import resources_root

    return json.loads((resources_root() / "reference" / "authorisation.json").read_text(encoding="utf-8"))
