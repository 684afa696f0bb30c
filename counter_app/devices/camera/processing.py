"""From a photo on the 高拍仪 plate to an archive page (材料电子化, 7.2).

:func:`process_page`: find the A4 sheet (largest four-cornered contour), warp it flat to A4 at the
target resolution (perspective transform: de-skews a turned page and undoes the camera's tilt),
flatten uneven lighting, grey, and encode as a JPEG no larger than the limit (``[camera]
max_page_kb``, default 300 KB at ``dpi`` 200): the quality steps down first, then — only if a very
busy page still does not fit — the resolution, and the page records the dpi it really has.

OpenCV (opencv-python-headless) and numpy do the image work; Pillow writes the JPEG with its dpi.
Pure apart from that: bytes in, bytes out, no device and no file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from counter_app.devices.camera.errors import CameraError, PageNotFound

A4_MM = (210.0, 297.0)
MM_PER_INCH = 25.4
QUALITY_STEPS: tuple[int, ...] = (85, 75, 65, 55, 45, 38, 30)
MIN_QUALITY_TO_SHRINK = 55          # after shrinking, quality restarts here (text stays readable)
MIN_PAGE_SHARE = 0.12               # a "page" smaller than this share of the photo is not one
DETECT_MAX_SIDE = 1000              # contour search on a reduced copy (fast, less noise)


@dataclass(frozen=True)
class ProcessedPage:
    """One archive page: grey JPEG ``data`` of ``width`` × ``height`` pixels at ``dpi``."""

    data: bytes
    width: int
    height: int
    dpi: int
    quality: int
    page_found: bool                           # False: no sheet outline, the whole photo was kept
    corners: tuple[tuple[float, float], ...]   # the sheet's corners in the photo (tl, tr, br, bl)
    source_size: tuple[int, int]               # photo width, height

    @property
    def size_kb(self) -> float:
        return len(self.data) / 1024

    def as_dict(self) -> dict:
        return {"width": self.width, "height": self.height, "dpi": self.dpi, "quality": self.quality,
                "bytes": len(self.data), "page_found": self.page_found,
                "corners": [[round(x, 1), round(y, 1)] for x, y in self.corners],
                "source_size": list(self.source_size)}


def _cv():
    try:
        import cv2
        import numpy as np
    except ImportError as exc:  # pragma: no cover - an install problem, reported in Chinese
        raise CameraError("图像处理组件 OpenCV 未安装，无法处理高拍仪图片。", "请重新安装柜面客户端。",
                          detail=str(exc)) from None
    return cv2, np


def decode(image: bytes):
    """Encoded photo → BGR array; a clear error for bytes that are no image."""
    cv2, np = _cv()
    if not image:
        raise CameraError("高拍仪没有返回图像。")
    arr = cv2.imdecode(np.frombuffer(image, dtype=np.uint8), cv2.IMREAD_COLOR)
    if arr is None:
        raise CameraError("高拍仪返回的不是可识别的图片。", "支持 JPG、PNG、BMP、TIFF 格式。")
    return arr


def order_corners(pts):
    """Four points → float32 array ordered top-left, top-right, bottom-right, bottom-left
    (by angle around the centre, so a page turned by 45° is ordered correctly too)."""
    _, np = _cv()
    pts = np.asarray(pts, dtype=np.float32).reshape(4, 2)
    c = pts.mean(axis=0)
    ang = np.arctan2(pts[:, 1] - c[1], pts[:, 0] - c[0])
    pts = pts[np.argsort(ang)]                      # clockwise in image coordinates (y down)
    start = int(np.argmin(pts.sum(axis=1)))         # the top-left one: smallest x + y
    return np.roll(pts, -start, axis=0)


def _quad(contour, cv2, np):
    peri = cv2.arcLength(contour, True)
    for eps in (0.01, 0.02, 0.03, 0.04, 0.05):
        approx = cv2.approxPolyDP(contour, eps * peri, True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            return approx.reshape(4, 2).astype(np.float32)
    return cv2.boxPoints(cv2.minAreaRect(contour)).astype(np.float32)


def find_page(bgr):
    """The sheet's four corners in ``bgr`` (ordered, float32), or None when no sheet is seen."""
    cv2, np = _cv()
    h, w = bgr.shape[:2]
    scale = min(1.0, DETECT_MAX_SIDE / max(h, w))
    small = cv2.resize(bgr, (max(1, round(w * scale)), max(1, round(h * scale))), interpolation=cv2.INTER_AREA) \
        if scale < 1 else bgr
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    grey = cv2.GaussianBlur(grey, (5, 5), 0)
    area_total = grey.shape[0] * grey.shape[1]
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9))
    masks = []
    _, otsu = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    masks.append(cv2.morphologyEx(otsu, cv2.MORPH_CLOSE, kernel))             # white paper on a darker plate
    edges = cv2.Canny(grey, 40, 120)
    masks.append(cv2.dilate(edges, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)), iterations=2))
    best = None
    for mask in masks:
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        for contour in sorted(contours, key=cv2.contourArea, reverse=True)[:3]:
            quad = _quad(contour, cv2, np)
            area = abs(cv2.contourArea(quad))
            if area < MIN_PAGE_SHARE * area_total:
                break
            if area > 0.97 * area_total or not _stands_out(grey, quad, cv2, np):
                continue                            # the whole frame, or a blob of noise: no sheet
            if best is None or area > best[0] * 1.05:
                best = (area, quad)
            break
        if best is not None and best[0] > 0.2 * area_total:
            break                                   # the threshold found a convincing sheet
    if best is None:
        return None
    quad = order_corners(best[1] / scale)
    full = cv2.GaussianBlur(cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY), (3, 3), 0)
    return _refine(full, quad, cv2, np)


def _stands_out(grey, quad, cv2, np, *, min_contrast: float = 25.0) -> bool:
    """The paper is clearly brighter than the plate just around it (medians: the text on the page
    must not count against it)."""
    inside = np.zeros(grey.shape, np.uint8)
    cv2.fillConvexPoly(inside, quad.astype(np.int32), 255)
    ring = cv2.dilate(inside, cv2.getStructuringElement(cv2.MORPH_RECT, (25, 25))) & ~inside
    if not ring.any():
        return False
    return float(np.median(grey[inside > 0])) - float(np.median(grey[ring > 0])) >= min_contrast


def _refine(grey, quad, cv2, np, *, reach: int = 14, samples: int = 48):
    """Sharpen the corners found on the reduced copy: along each side, find the paper's edge
    (strongest step across the side) at full resolution, fit a line through those points, and
    intersect neighbouring lines. A side that cannot be fitted keeps the coarse corners."""
    h, w = grey.shape[:2]
    lines = []
    for i in range(4):
        p0, p1 = quad[i], quad[(i + 1) % 4]
        d = p1 - p0
        length = float(np.hypot(*d))
        if length < 4 * reach:
            return quad
        t = d / length
        n = np.array([-t[1], t[0]], np.float32)
        offs = np.arange(-reach, reach + 1, dtype=np.float32)
        pts = []
        for s in np.linspace(0.08, 0.92, samples):
            base = p0 + d * s
            xs = np.clip(np.rint(base[0] + offs * n[0]).astype(int), 0, w - 1)
            ys = np.clip(np.rint(base[1] + offs * n[1]).astype(int), 0, h - 1)
            profile = grey[ys, xs].astype(np.float32)
            grad = np.abs(np.convolve(np.diff(profile), np.ones(3) / 3, mode="same"))
            k = int(np.argmax(grad))
            if grad[k] < 8:
                continue
            pts.append(base + n * (offs[k] + 0.5))
        if len(pts) < samples // 3:
            return quad
        vx, vy, x0, y0 = cv2.fitLine(np.array(pts, np.float32), cv2.DIST_HUBER, 0, 0.01, 0.01).ravel()
        lines.append((np.array([x0, y0]), np.array([vx, vy])))
    out = []
    for i in range(4):
        (a, da), (b, db) = lines[i - 1], lines[i]
        m = np.array([da, -db]).T
        if abs(np.linalg.det(m)) < 1e-6:
            return quad
        s, _ = np.linalg.solve(m, b - a)
        out.append(a + s * da)
    out = np.array(out, np.float32)
    if np.abs(out - quad).max() > 2 * reach:
        return quad
    return out


def _flatten_light(grey, cv2, np):
    """Divide by the background (the page's lighting, estimated on an eighth-size copy): paper
    becomes even white, ink stays dark; noise that a JPEG would pay for goes with it."""
    h, w = grey.shape[:2]
    small = cv2.resize(grey, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    k = max(5, (min(small.shape[:2]) // 20) | 1)
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    background = cv2.GaussianBlur(background, (0, 0), k / 3)
    background = cv2.resize(background, (w, h), interpolation=cv2.INTER_LINEAR)
    flat = cv2.divide(grey, np.maximum(background, 1), scale=255)
    flat = cv2.medianBlur(flat, 3)
    lo, hi = np.percentile(flat[::4, ::4], (0.5, 99.0))
    if hi - lo < 10:
        return flat
    return cv2.convertScaleAbs(flat, alpha=255.0 / (hi - lo), beta=-lo * 255.0 / (hi - lo))


def _encode(grey, dpi: int, quality: int) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.fromarray(grey, mode="L").save(buf, format="JPEG", quality=quality, optimize=True, dpi=(dpi, dpi))
    return buf.getvalue()


def a4_pixels(dpi: int, landscape: bool = False) -> tuple[int, int]:
    w, h = (round(mm / MM_PER_INCH * dpi) for mm in A4_MM)
    return (h, w) if landscape else (w, h)


def process_page(image: bytes, *, dpi: int = 200, max_bytes: int = 300 * 1024, require_page: bool = False) -> ProcessedPage:
    """Photo (encoded) → :class:`ProcessedPage`. With ``require_page`` a photo without a visible
    sheet raises :class:`PageNotFound` instead of keeping the whole photo."""
    cv2, np = _cv()
    if dpi < 50 or dpi > 600:
        raise CameraError(f"输出分辨率 {dpi} dpi 不合理（应在 50～600 之间）。")
    if max_bytes < 20 * 1024:
        raise CameraError(f"单页大小上限 {max_bytes // 1024} KB 太小（至少 20 KB）。")
    bgr = decode(image)
    src_h, src_w = bgr.shape[:2]
    corners = find_page(bgr)
    found = corners is not None
    if not found:
        if require_page:
            raise PageNotFound("照片中没有找到完整的材料页面。", "请把材料平放在高拍仪底板中央、四角都在画面内后重拍。")
        corners = np.array([[0, 0], [src_w - 1, 0], [src_w - 1, src_h - 1], [0, src_h - 1]], dtype=np.float32)
    tl, tr, br, bl = corners
    quad_w = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    quad_h = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    out_w, out_h = a4_pixels(dpi, landscape=quad_w > quad_h)
    target = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], dtype=np.float32)
    matrix = cv2.getPerspectiveTransform(corners.astype(np.float32), target)
    grey_src = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)     # grey first: a third of the warping work
    warped = cv2.warpPerspective(grey_src, matrix, (out_w, out_h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    grey = _flatten_light(warped, cv2, np)

    eff_dpi, steps = dpi, tuple(QUALITY_STEPS)
    while True:
        for q in steps:
            data = _encode(grey, eff_dpi, q)
            if len(data) <= max_bytes:
                return ProcessedPage(data, grey.shape[1], grey.shape[0], eff_dpi, q, found,
                                     tuple((float(x), float(y)) for x, y in corners), (src_w, src_h))
        if eff_dpi <= 75:
            raise CameraError(f"页面压缩到 {max_bytes // 1024} KB 以内失败。", "请检查 camera.max_page_kb 设置。")
        eff_dpi = max(75, int(eff_dpi * 0.85))
        w, h = a4_pixels(eff_dpi, landscape=grey.shape[1] > grey.shape[0])
        grey = cv2.resize(grey, (w, h), interpolation=cv2.INTER_AREA)
        steps = tuple(q for q in QUALITY_STEPS if q <= MIN_QUALITY_TO_SHRINK)
