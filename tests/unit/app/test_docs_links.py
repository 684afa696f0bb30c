"""Every relative link and image in the README and docs/ points at a file that exists (a renumbered
screenshot or a moved page shows up here, not as a broken picture in the user guide)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def _targets(page: Path):
    in_code = False
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        for target in LINK.findall(re.sub(r"`[^`]*`", "", line)):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                continue                                   # http:, mailto:, an anchor on the page
            yield number, target.split("#", 1)[0]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_every_relative_link_resolves(page):
    missing = [f"{page.name}:{n}: {t}" for n, t in _targets(page) if t and not (page.parent / t).exists()]
    assert not missing, "链接指向不存在的文件：\n" + "\n".join(missing)


def test_the_check_finds_links():
    guide = ROOT / "docs" / "user-guide.md"
    assert sum(1 for _ in _targets(guide)) > 20        # the guide's screenshots are seen at all
