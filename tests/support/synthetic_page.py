"""Synthetic 高拍仪 photos: an A4 page with text-like lines and four corner marks, turned and seen
in perspective on a darker, unevenly lit plate, with sensor noise — drawn with numpy/cv2.

``photo(corners_dst, ...) -> (jpeg bytes, true corners)``; ``MARKS_MM`` are the centres of the
four square marks on the page (mm from the top-left corner), for checking the de-skewed output.
"""

from __future__ import annotations

import cv2
import numpy as np

PAGE_PX_PER_MM = 5.0                       # the page is drawn at ~127 dpi before it is "photographed"
MARK_MM = 8.0                              # side of a corner mark
MARKS_MM = ((20.0, 20.0), (190.0, 20.0), (190.0, 277.0), (20.0, 277.0))


def page(seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    w, h = int(210 * PAGE_PX_PER_MM), int(297 * PAGE_PX_PER_MM)
    img = np.full((h, w, 3), 246, np.uint8)
    s = PAGE_PX_PER_MM
    for cx, cy in MARKS_MM:
        half = MARK_MM / 2 * s
        cv2.rectangle(img, (int(cx * s - half), int(cy * s - half)), (int(cx * s + half), int(cy * s + half)), (20, 20, 20), -1)
    y = 40 * s
    while y < 260 * s:                      # lines of "words"
        x = 30 * s
        while x < 175 * s:
            word = rng.integers(8, 30) * s / 4
            cv2.rectangle(img, (int(x), int(y)), (int(min(x + word, 180 * s)), int(y + 3.2 * s)), (40, 40, 40), -1)
            x += word + 2.5 * s
        y += 7 * s
    return img


def photo(corners_dst, *, size=(2592, 1944), seed: int = 1, quality: int = 92, plate: float = 70) -> tuple[bytes, np.ndarray]:
    """The page warped onto ``corners_dst`` (tl, tr, br, bl) in a ``size`` photo; ``plate`` is the
    darkest grey of the camera's base plate (70 dark grey … 160 light grey; the paper is ~246)."""
    rng = np.random.default_rng(seed)
    W, H = size
    pg = page(seed)
    ph, pw = pg.shape[:2]
    src = np.array([[0, 0], [pw - 1, 0], [pw - 1, ph - 1], [0, ph - 1]], np.float32)
    dst = np.asarray(corners_dst, np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    yy, xx = np.mgrid[0:H, 0:W]
    base = (plate + 30 * xx / W + 20 * yy / H).astype(np.float32)         # the plate, unevenly lit
    background = np.dstack([base * 0.95, base, base * 1.02])
    warped = cv2.warpPerspective(pg, m, (W, H), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((ph, pw), 255, np.uint8), m, (W, H), flags=cv2.INTER_LINEAR)
    alpha = (mask.astype(np.float32) / 255.0)[..., None]
    img = warped.astype(np.float32) * alpha + background * (1 - alpha)
    light = (0.82 + 0.18 * (1 - ((xx - W * 0.3) ** 2 + (yy - H * 0.4) ** 2) / (W ** 2)))[..., None]
    img = img * light + rng.normal(0, 4, img.shape)
    img = cv2.GaussianBlur(np.clip(img, 0, 255).astype(np.uint8), (3, 3), 0)
    ok, enc = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return enc.tobytes(), dst


def turned(center, size, angle_deg, *, tilt=0.0):
    """Corners of a w×h page centred at ``center`` turned by ``angle_deg``; ``tilt`` narrows the
    top edge by that share (the camera looks at the plate from an angle)."""
    w, h = size
    cx, cy = center
    pts = np.array([[-w / 2 * (1 - tilt), -h / 2], [w / 2 * (1 - tilt), -h / 2], [w / 2, h / 2], [-w / 2, h / 2]], np.float64)
    a = np.deg2rad(angle_deg)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return (pts @ rot.T + [cx, cy]).astype(np.float32)


def find_marks(grey: np.ndarray, px_per_mm: float) -> list[tuple[float, float]]:
    """Centres (px) of the dark squares about MARK_MM wide in a processed page."""
    _, bw = cv2.threshold(grey, 110, 255, cv2.THRESH_BINARY_INV)
    contours, _ = cv2.findContours(bw, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    side = MARK_MM * px_per_mm
    out = []
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        if 0.7 * side < w < 1.3 * side and 0.7 * side < h < 1.3 * side and cv2.contourArea(c) > 0.6 * side * side:
            m = cv2.moments(c)
            out.append((m["m10"] / m["m00"], m["m01"] / m["m00"]))
    return out
