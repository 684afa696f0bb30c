"""Point the docs' screenshot links at the files a ``make screenshots`` run wrote.

The driver numbers its shots in the order it takes them (``NN-name.png``), so a new shot earlier in
the walk renumbers every later one. This rewrites each link ``screenshots/NN-name.png`` (or
``screenshots/name.png``) in README.md and docs/*.md to the file of that name the folder holds now,
and lists the links it could not match (a shot renamed or dropped), exiting 1 if any.

    python -m tools.relink_screenshots [--check]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "screenshots"
LINK = re.compile(r"(screenshots/(?:[\w.-]+/)?)(?:\d{2}-)?([\w.-]+\.png)")


def _by_name(folder: Path) -> dict[str, str]:
    names: dict[str, str] = {}
    for path in sorted(folder.glob("*.png")):
        name = re.sub(r"^\d{2}-", "", path.name)
        names.setdefault(name, path.name)              # numbered shots sort first: the driver's own
    return names


def relink(pages: list[Path], *, write: bool) -> tuple[int, list[str]]:
    changed, unmatched = 0, []
    for page in pages:
        text = page.read_text(encoding="utf-8")

        def swap(m: re.Match, page=page) -> str:
            folder = (page.parent / m.group(1)).resolve()
            target = _by_name(folder).get(m.group(2))
            if target is None:
                unmatched.append(f"{page.relative_to(ROOT)}: {m.group(0)}")
                return m.group(0)
            return m.group(1) + target

        new = LINK.sub(swap, text)
        if new != text:
            changed += 1
            if write:
                page.write_text(new, encoding="utf-8")
    return changed, unmatched


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.relink_screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="只检查，不改写文件")
    args = parser.parse_args(argv)
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    changed, unmatched = relink(pages, write=not args.check)
    print(f"{'需要改写' if args.check else '已改写'} {changed} 个文档的截图链接")
    for line in unmatched:
        print(f"找不到截图：{line}", file=sys.stderr)
    return 1 if unmatched or (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
