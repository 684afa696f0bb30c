"""The layout version (counter_app.printing.layout) moves with what the pages draw.

``notice verify`` re-renders a record and compares the pages; a document issued under another
layout is reported as such (not as altered), which works only if every change to the pages raises
``LAYOUT_VERSION``. This test keeps one SM3 over the page content of every sample document; when it
changes while the version does not, it fails.

After an intended layout change: raise LAYOUT_VERSION, then

    UPDATE_NOTICE_REFERENCES=1 .venv/bin/python -m pytest tests/unit/printing/test_layout_version.py -p no:cacheprovider

The digest is over the *sample* documents, so it also moves when only the sample data change
(counter_app.printing.samples), which is no layout change: then write the new digest into
``tests/reference/notices/layout.json`` under the same layout number, and say so in the commit.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from counter_app.domain.documents import DocumentKind
from counter_app.printing.integrity import page_content_digest, sm3_hex
from counter_app.printing.layout import LAYOUT_VERSION
from counter_app.printing.samples import sample_fields, sample_number
from counter_app.printing.templates import render_pdf

PINNED = Path(__file__).resolve().parents[2] / "reference" / "notices" / "layout.json"
UPDATE = os.environ.get("UPDATE_NOTICE_REFERENCES") == "1"


def _pages_digest() -> str:
    parts = []
    for kind in DocumentKind:
        digest = page_content_digest(render_pdf(kind, sample_fields(kind), sample_number(kind)))
        assert digest, kind
        parts.append(f"{kind.value}:{digest}")
    return sm3_hex("\n".join(parts).encode())


def test_the_pages_change_only_with_the_layout_version():
    digest = _pages_digest()
    assert digest == _pages_digest()        # rendering is deterministic, or no pin can hold
    pinned = json.loads(PINNED.read_text(encoding="utf-8")) if PINNED.exists() else None
    if UPDATE:
        assert pinned is None or pinned["digest"] == digest or pinned["layout"] < LAYOUT_VERSION, \
            "页面内容变了：先把 counter_app/printing/layout.py 的 LAYOUT_VERSION 加一，再更新参考值"
        PINNED.write_text(json.dumps({"layout": LAYOUT_VERSION, "digest": digest}, indent=2) + "\n", encoding="utf-8")
        return
    assert pinned is not None, f"没有参考值：{PINNED}；按本文件说明生成"
    assert pinned["layout"] == LAYOUT_VERSION, "LAYOUT_VERSION 改了：按本文件说明更新参考值"
    assert pinned["digest"] == digest, \
        "文书页面内容变了而 LAYOUT_VERSION 没变：把 counter_app/printing/layout.py 的 LAYOUT_VERSION 加一，并按本文件说明更新参考值"
