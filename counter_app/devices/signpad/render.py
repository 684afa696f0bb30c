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
    scale = k * SUPERSAMPLE
    pad = (margin + pen_width * 1.25) * SUPERSAMPLE
    scaled = [[(x * scale, y * scale, max(0.0, min(1.0, p))) for x, y, p in stroke] for stroke in inked]
    xs = [x for stroke in scaled for x, _, _ in stroke]
    ys = [y for stroke in scaled for _, y, _ in stroke]
    # only the ink's box (plus margin) is drawn: the canvas is cropped before it is made
    ox, oy = min(xs) - pad, min(ys) - pad
    big_w = max(SUPERSAMPLE, int(max(xs) - ox + pad) + 1)
    big_h = max(SUPERSAMPLE, int(max(ys) - oy + pad) + 1)
    img = Image.new("RGBA", (big_w, big_h), INK + (0,))
    draw = ImageDraw.Draw(img)
    for stroke in scaled:
        pts = [(x - ox, y - oy, p) for x, y, p in stroke]
        for (x0, y0, p0), (x1, y1, p1) in zip(pts, pts[1:], strict=False):
            w = pen_width * SUPERSAMPLE * (0.45 + 0.8 * (p0 + p1) / 2)
            draw.line([(x0, y0), (x1, y1)], fill=INK + (255,), width=max(1, round(w)))
        for x, y, p in pts:            # round joins and single dots
            r = pen_width * SUPERSAMPLE * (0.45 + 0.8 * p) / 2
            draw.ellipse([x - r, y - r, x + r, y + r], fill=INK + (255,))
    if img.getchannel("A").getbbox() is None:
        raise ValueError("no ink")
    img = img.resize((max(1, img.width // SUPERSAMPLE), max(1, img.height // SUPERSAMPLE)), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()
