"""Page images of every sample document compared with committed references (pdftoppm -r 50).

Regenerate after an intended layout change, then review the PNGs in the diff:

    UPDATE_NOTICE_REFERENCES=1 .venv/bin/python -m pytest tests/unit/printing/test_notice_reference.py -p no:cacheprovider

Tolerance: mean absolute grey difference per pixel <= 2.0 (0..255) and the same page count, so
anti-aliasing differences between poppler versions pass while a moved block or a lost line fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from counter_app.domain.documents import DocumentKind
from counter_app.printing.samples import sample_fields, sample_number
from counter_app.printing.templates import render_pdf

REF_DIR = Path(__file__).resolve().parents[2] / "reference" / "notices"
TOLERANCE = 2.0
UPDATE = os.environ.get("UPDATE_NOTICE_REFERENCES") == "1"


def _pages(pdf: bytes, tmp_path: Path, stem: str) -> list[Path]:
    src = tmp_path / f"{stem}.pdf"
    src.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "50", "-gray", "-png", str(src), str(tmp_path / stem)], check=True)
    return sorted(tmp_path.glob(f"{stem}-*.png"))


def mean_abs_diff(a: Image.Image, b: Image.Image) -> float:
    if a.size != b.size:
        return 255.0
    return ImageStat.Stat(ImageChops.difference(a.convert("L"), b.convert("L"))).mean[0]


@pytest.mark.parametrize("kind", list(DocumentKind), ids=[k.value for k in DocumentKind])
def test_pages_match_reference(kind, tmp_path):
    pages = _pages(render_pdf(kind, sample_fields(kind), sample_number(kind)), tmp_path, kind.value)
    assert pages
    if UPDATE:
        REF_DIR.mkdir(parents=True, exist_ok=True)
        for old in REF_DIR.glob(f"{kind.value}-*.png"):
            old.unlink()
        for i, page in enumerate(pages, 1):
            shutil.copyfile(page, REF_DIR / f"{kind.value}-{i}.png")
        return
    refs = sorted(REF_DIR.glob(f"{kind.value}-*.png"))
    assert refs, f"没有参考图像：{REF_DIR}；按本文件说明生成"
    assert len(pages) == len(refs), f"页数变化：{len(refs)} → {len(pages)}"
    for page, ref in zip(pages, refs, strict=False):
        with Image.open(page) as a, Image.open(ref) as b:
            diff = mean_abs_diff(a, b)
        assert diff <= TOLERANCE, f"{ref.name}: 平均像素差 {diff:.2f} > {TOLERANCE}"


def test_comparison_detects_a_changed_document(tmp_path):
    kind = DocumentKind.guidance_notice
    fields = sample_fields(kind)
    fields["missing_items"] = fields["missing_items"][:3]
    page = _pages(render_pdf(kind, fields, sample_number(kind)), tmp_path, "changed")[0]
    ref = REF_DIR / f"{kind.value}-1.png"
    with Image.open(page) as a, Image.open(ref) as b:
        assert mean_abs_diff(a, b) > TOLERANCE
