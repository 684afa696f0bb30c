"""Write ``resources/catalog/pinyin-initials.json``: the pinyin initials (拼音首字母) of every service
name in the shipped catalog, so the window's service search has them on its first start without
importing pypinyin (whose phrase dictionary holds the interpreter lock ~0.4 s while it loads).

``python -m tools.catalog_initials`` after changing ``resources/catalog/services.json``;
``tests/ui/test_picker_cache.py`` fails while the file is out of step with the catalog.
"""

from __future__ import annotations

import json
import sys

from counter_app.reference.catalog import default_catalog
from counter_app.resources import resources_root
from counter_app.ui.workspace.picker import SHIPPED_INITIALS, pinyin_initials


def compute() -> dict[str, str]:
    return {name: pinyin_initials(name) for name in sorted({s.name for s in default_catalog().services})}


def main() -> int:
    path = resources_root() / SHIPPED_INITIALS
    path.write_text(json.dumps(compute(), ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
