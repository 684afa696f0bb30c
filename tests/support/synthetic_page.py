"""Synthetic 高拍仪 photos: an A4 page with text-like lines and four corner marks, turned and seen
in perspective on a darker, unevenly lit plate, with sensor noise — drawn with numpy and Pillow
(no OpenCV, and none of the product's own image code: the ground truth stands on its own).

``photo(corners_dst, ...) -> (jpeg bytes, true corners)``; ``MARKS_MM`` are the centres of the
four square marks on the page (mm from the top-left corner), for checking the de-skewed output.
Coordinates are pixel indices (a pixel's centre is a whole number): the true corners are where the
centres of the page's corner pixels land in the photo.
"""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

PAGE_PX_PER_MM = 5.0                       # the page is drawn at ~127 dpi before it is "photographed"
MARK_MM = 8.0                              # side of a corner mark
MARKS_MM = ((20.0, 20.0), (190.0, 20.0), (190.0, 277.0), (20.0, 277.0))
_PAD = 2                                   # blank margin so the warped page edge is anti-aliased


def _fill(img, x0, y0, x1, y1, value):
    """A filled rectangle, both corner pixels included."""
    img[int(y0):int(y1) + 1, int(x0):int(x1) + 1] = value


def page(seed: int = 1) -> np.ndarray:
    """The grey page (height × width, uint8)."""
    rng = np.random.default_rng(seed)
    w, h = int(210 * PAGE_PX_PER_MM), int(297 * PAGE_PX_PER_MM)
    img = np.full((h, w), 246, np.uint8)
    s = PAGE_PX_PER_MM
    for cx, cy in MARKS_MM:
        half = MARK_MM / 2 * s
        _fill(img, cx * s - half, cy * s - half, cx * s + half, cy * s + half, 20)
    y = 40 * s
    while y < 260 * s:                      # lines of "words"
        x = 30 * s
        while x < 175 * s:
            word = rng.integers(8, 30) * s / 4
            _fill(img, x, y, min(x + word, 180 * s), y + 3.2 * s, 40)
            x += word + 2.5 * s
        y += 7 * s
    return img


def _homography(src, dst) -> np.ndarray:
    """3 × 3 matrix taking each ``src`` point to its ``dst`` point."""
    rows, rhs = [], []
    for (x, y), (u, v) in zip(src, dst, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return np.append(np.linalg.solve(np.array(rows, float), np.array(rhs, float)), 1.0).reshape(3, 3)


def _warp(src_img: np.ndarray, to_src: np.ndarray, size) -> np.ndarray:
    """Pillow's perspective warp (bilinear); ``to_src`` maps photo pixel centres (x + 0.5 in
    Pillow's terms) to source pixel centres."""
    shift = np.array([[1, 0, 0.5], [0, 1, 0.5], [0, 0, 1]])
    m = shift @ to_src @ np.linalg.inv(shift)            # in Pillow's half-pixel coordinates
    m = m / m[2, 2]
    out = Image.fromarray(src_img).transform(size, Image.Transform.PERSPECTIVE, tuple(m.ravel()[:8]),
                                             Image.Resampling.BILINEAR, fillcolor=0)
    return np.asarray(out).astype(np.float32)


def _blur3(img: np.ndarray) -> np.ndarray:
    """3 × 3 Gaussian (1 2 1 / 4 each way), edges repeated."""
    p = np.pad(img, [(1, 1), (1, 1)] + [(0, 0)] * (img.ndim - 2), mode="edge")
    p = (p[:-2] + 2 * p[1:-1] + p[2:]) / 4
    return (p[:, :-2] + 2 * p[:, 1:-1] + p[:, 2:]) / 4


def photo(corners_dst, *, size=(2592, 1944), seed: int = 1, quality: int = 92, plate: float = 70) -> tuple[bytes, np.ndarray]:
    """The page warped onto ``corners_dst`` (tl, tr, br, bl) in a ``size`` colour JPEG; ``plate`` is
    the darkest grey of the camera's base plate (70 dark grey … 160 light grey; the paper is ~246)."""
    rng = np.random.default_rng(seed)
    W, H = size
    pg = page(seed)
    ph, pw = pg.shape
    padded = np.pad(pg, _PAD, mode="edge")
    cover = np.pad(np.full((ph, pw), 255, np.uint8), _PAD, constant_values=0)
    src = np.array([[0, 0], [pw - 1, 0], [pw - 1, ph - 1], [0, ph - 1]], float) + _PAD
    dst = np.asarray(corners_dst, np.float32)
    to_src = _homography(dst.astype(float), src)
    warped = _warp(padded, to_src, (W, H))[..., None]
    alpha = (_warp(cover, to_src, (W, H)) / 255.0)[..., None]
    yy, xx = np.mgrid[0:H, 0:W]
    base = (plate + 30 * xx / W + 20 * yy / H).astype(np.float32)         # the plate, unevenly lit
    background = np.dstack([base * 1.02, base, base * 0.95])               # R, G, B: a warm grey
    img = warped * alpha + background * (1 - alpha)
    light = (0.82 + 0.18 * (1 - ((xx - W * 0.3) ** 2 + (yy - H * 0.4) ** 2) / (W ** 2)))[..., None]
    img = img * light + rng.normal(0, 4, img.shape)
    img = _blur3(np.clip(img, 0, 255).astype(np.uint8).astype(np.float32))
    buf = io.BytesIO()
    Image.fromarray(np.clip(img + 0.5, 0, 255).astype(np.uint8), "RGB").save(buf, "JPEG", quality=quality)
    return buf.getvalue(), dst


def encode(img: np.ndarray, fmt: str = "PNG") -> bytes:
    """A grey or RGB array as an image file."""
    buf = io.BytesIO()
    Image.fromarray(img).save(buf, fmt)
    return buf.getvalue()


def decode_grey(data: bytes) -> np.ndarray:
    """An image file as it is stored (no conversion): for checking the pages we write."""
    return np.asarray(Image.open(io.BytesIO(data)))


def turned(center, size, angle_deg, *, tilt=0.0):
    """Corners of a w×h page centred at ``center`` turned by ``angle_deg``; ``tilt`` narrows the
    top edge by that share (the camera looks at the plate from an angle)."""
    w, h = size
    cx, cy = center
    pts = np.array([[-w / 2 * (1 - tilt), -h / 2], [w / 2 * (1 - tilt), -h / 2], [w / 2, h / 2], [-w / 2, h / 2]], np.float64)
    a = np.deg2rad(angle_deg)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return (pts @ rot.T + [cx, cy]).astype(np.float32)


def _dark_blobs(dark: np.ndarray):
    """8-connected regions of a boolean mask, by runs per row and a union–find over them:
    yields (pixel count, x min, x max, y min, y max, x sum, y sum) per region."""
    runs = []                                  # (row, x0, x1) with x1 exclusive
    prev: list[int] = []
    parent: list[int] = []

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for y in range(dark.shape[0]):
        row = np.concatenate([[0], dark[y].view(np.int8), [0]])
        edges = np.flatnonzero(np.diff(row))
        cur = []
        for x0, x1 in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
            i = len(runs)
            runs.append((y, x0, x1))
            parent.append(i)
            for j in prev:
                _, p0, p1 = runs[j]
                if p0 <= x1 and x0 <= p1:          # touching, diagonals included
                    ri, rj = root(i), root(j)
                    if ri != rj:
                        parent[max(ri, rj)] = min(ri, rj)
            cur.append(i)
        prev = cur
    blobs: dict[int, list] = {}
    for i, (y, x0, x1) in enumerate(runs):
        b = blobs.setdefault(root(i), [0, x0, x1 - 1, y, y, 0.0, 0.0])
        n = x1 - x0
        b[0] += n
        b[1], b[2] = min(b[1], x0), max(b[2], x1 - 1)
        b[3], b[4] = min(b[3], y), max(b[4], y)
        b[5] += (x0 + x1 - 1) * n / 2
        b[6] += y * n
    return blobs.values()


def find_marks(grey: np.ndarray, px_per_mm: float) -> list[tuple[float, float]]:
    """Centres (px) of the dark squares about MARK_MM wide in a processed page."""
    side = MARK_MM * px_per_mm
    out = []
    for n, x0, x1, y0, y1, sx, sy in _dark_blobs(grey < 110):
        w, h = x1 - x0 + 1, y1 - y0 + 1
        if 0.7 * side < w < 1.3 * side and 0.7 * side < h < 1.3 * side and n > 0.6 * side * side:
            out.append((sx / n, sy / n))
    return out
