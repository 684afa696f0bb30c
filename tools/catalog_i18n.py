"""Write ``resources/i18n/catalog_en.ts``: the English of every Chinese text in the service catalog
(``resources/catalog/services.json``: service, material, condition, step, outcome and variant names,
the notes, the 核定数据 labels). The catalog is data from DB4403/T 254.1—2022, so its texts are not in
the UI sources that ``pyside6-lupdate`` scans; they get a translation file of their own, one context
``catalog``, which ``counter_app.ui.catalog_text.catalog_tr`` looks up.

``python -m tools.catalog_i18n`` after changing the catalog: keeps every existing translation, adds new
texts as ``unfinished`` (translate them in the file or in Qt Linguist) and drops texts the catalog no
longer has. ``python -m tools.catalog_i18n --check`` exits 1 listing the texts without a finished
English translation. ``make translations`` builds the ``.qm``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "resources" / "catalog" / "services.json"
TS = ROOT / "resources" / "i18n" / "catalog_en.ts"
CONTEXT = "catalog"
_HAN = re.compile(r"[\u3400-\u9fff]")


def catalog_texts(catalog: Path = CATALOG) -> list[str]:
    """Every distinct Chinese string under the catalog's ``services``, in the catalog's order."""
    data = json.loads(catalog.read_text(encoding="utf-8"))
    seen: dict[str, None] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        elif isinstance(node, str) and _HAN.search(node):
            seen.setdefault(node, None)

    walk(data["services"])
    return list(seen)


def read_ts(path: Path = TS) -> dict[str, tuple[str, bool]]:
    """``{source: (translation, finished)}`` of the ``catalog`` context in ``path`` (empty when absent)."""
    if not path.exists():
        return {}
    found: dict[str, tuple[str, bool]] = {}
    for context in ET.parse(path).getroot().iter("context"):
        if context.findtext("name") != CONTEXT:
            continue
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            text = (translation.text or "") if translation is not None else ""
            finished = translation is not None and translation.get("type") is None and bool(text.strip())
            found[source] = (text, finished)
    return found


def render(texts: list[str], known: dict[str, tuple[str, bool]]) -> str:
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>",
             '<TS version="2.1" language="en_US" sourcelanguage="zh_CN">', "<context>",
             f"    <name>{CONTEXT}</name>"]
    for source in texts:
        text, finished = known.get(source, ("", False))
        kind = "" if finished else ' type="unfinished"'
        lines += ["    <message>", f"        <source>{escape(source)}</source>",
                  f"        <translation{kind}>{escape(text)}</translation>", "    </message>"]
    lines += ["</context>", "</TS>", ""]
    return "\n".join(lines)


def missing(texts: list[str], known: dict[str, tuple[str, bool]]) -> list[str]:
    return [t for t in texts if not known.get(t, ("", False))[1]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 listing catalog texts without a finished English translation")
    parser.add_argument("--catalog", type=Path, default=CATALOG)
    parser.add_argument("--ts", type=Path, default=TS)
    args = parser.parse_args(argv)
    texts = catalog_texts(args.catalog)
    known = read_ts(args.ts)
    if args.check:
        todo = missing(texts, known)
        for text in todo:
            print(text)
        if todo:
            print(f"catalog_i18n: {len(todo)} of {len(texts)} catalog texts have no English translation "
                  f"in {args.ts}", file=sys.stderr)
            return 1
        print(f"catalog_i18n: all {len(texts)} catalog texts translated")
        return 0
    args.ts.write_text(render(texts, known), encoding="utf-8")
    todo = missing(texts, known)
    print(f"wrote {args.ts}: {len(texts)} texts, {len(todo)} unfinished")
    return 0


if __name__ == "__main__":
    sys.exit(main())
