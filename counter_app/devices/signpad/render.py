"""Strokes → PNG with a transparent background (Pillow), for the 申请人签名 line.

Works for the pad's strokes (pad units) and the on-screen widget's (pixels) alike: points are
``(x, y, pressure)`` with pressure in 0..1; the line is wider where the pen pressed harder.
Drawn at 3× and reduced (smooth edges), then cropped to the ink with a small margin.
"""

from __future__ import annotations

import io
from typing import Sequence

Point = tuple[float, float, float]
INK = (16, 24, 64)                  # blue-black, as a pen on paper
SUPERSAMPLE = 3


def render_png(strokes: Sequence[Sequence[Point]], source_size: tuple[float, float], *,
               width: int = 900, pen_width: float = 4.0, margin: int = 12) -> bytes:
    """PNG bytes (RGBA, transparent) of ``strokes`` drawn in a ``source_size`` area scaled to
    ``width`` pixels, cropped to the ink. Raises ValueError when there is no ink."""
    from PIL import Image, ImageDraw

    sw, sh = source_size
    if sw <= 0 or sh <= 0:
        raise ValueError("source size must be positive")
    inked = [s for s in strokes if s]
    if not inked:
        raise ValueError("no strokes")
    k = width / sw
    big_w, big_h = width * SUPERSAMPLE, max(1, round(sh * k)) * SUPERSAMPLE
    img = Image.new("RGBA", (big_w, big_h), INK + (0,))
    draw = ImageDraw.Draw(img)
    scale = k * SUPERSAMPLE
    for stroke in inked:
        pts = [(x * scale, y * scale, max(0.0, min(1.0, p))) for x, y, p in stroke]
        for (x0, y0, p0), (x1, y1, p1) in zip(pts, pts[1:], strict=False):
            w = pen_width * SUPERSAMPLE * (0.45 + 0.8 * (p0 + p1) / 2)
            draw.line([(x0, y0), (x1, y1)], fill=INK + (255,), width=max(1, round(w)))
        for x, y, p in pts:            # round joins and single dots
            r = pen_width * SUPERSAMPLE * (0.45 + 0.8 * p) / 2
            draw.ellipse([x - r, y - r, x + r, y + r], fill=INK + (255,))
    bbox = img.getchannel("A").getbbox()
    if bbox is None:
        raise ValueError("no ink")
    m = margin * SUPERSAMPLE
    box = (max(0, bbox[0] - m), max(0, bbox[1] - m), min(big_w, bbox[2] + m), min(big_h, bbox[3] + m))
    img = img.crop(box)
    img = img.resize((max(1, img.width // SUPERSAMPLE), max(1, img.height // SUPERSAMPLE)), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    return buf.getvalue()
