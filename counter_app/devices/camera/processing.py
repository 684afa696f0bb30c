"""From a photo on the 高拍仪 plate to an archive page (材料电子化, 7.2).

:func:`process_page`: find the A4 sheet (the largest bright or outlined region that reads as a
four-cornered sheet), warp it flat to A4 at the target resolution (perspective transform:
de-skews a turned page and undoes the camera's tilt), flatten uneven lighting, grey, and encode
as a JPEG no larger than the limit (``[camera] max_page_kb``, default 300 KB at ``dpi`` 200): the
quality steps down first, then — only if a very busy page still does not fit — the resolution,
and the page records the dpi it really has.

numpy and Pillow do the image work (no OpenCV: it alone was more than half of the client's
bundle). Pillow decodes (straight to grey), reduces, blurs, warps (``Image.transform``, C code)
and writes the JPEG with its dpi; numpy does the sheet search on a reduced copy (threshold and
edge masks, morphology, connected regions, convex hull → four corners), the sub-pixel edge fit
at full resolution and the light flattening arithmetic. Pure: bytes in, bytes out, no device, no
file, no Qt (safe on any worker thread).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from counter_app.devices.camera.errors import CameraError, PageNotFound

A4_MM = (210.0, 297.0)
MM_PER_INCH = 25.4
QUALITY_STEPS: tuple[int, ...] = (85, 75, 65, 55, 45, 38, 30)
MIN_QUALITY_TO_SHRINK = 55          # after shrinking, quality restarts here (text stays readable)
MIN_PAGE_SHARE = 0.12               # a "page" smaller than this share of the photo is not one
DETECT_MAX_SIDE = 480               # the sheet search runs on a copy reduced to about this side
MIN_PHOTO_SIDE = 64                 # a smaller "photo" is no camera picture of a page
EDGE_LOW, EDGE_HIGH = 5.0, 15.0     # outline gradients (grey levels per pixel, reduced copy): a
                                    # weak edge counts where it joins a strong one (hysteresis)


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


def _libs():
    try:
        import numpy as np
        from PIL import Image
    except ImportError as exc:  # pragma: no cover - an install problem, reported in Chinese
        raise CameraError("图像处理组件（numpy、Pillow）未安装，无法处理高拍仪图片。", "请重新安装柜面客户端。",
                          detail=str(exc)) from None
    return np, Image


def decode(image: bytes):
    """Encoded photo → grey ``uint8`` array (height × width), turned upright by its EXIF
    orientation; a clear error for bytes that are no image."""
    np, Image = _libs()
    from PIL import ImageOps

    if not image:
        raise CameraError("高拍仪没有返回图像。")
    try:
        im = Image.open(io.BytesIO(image))
        if im.format == "JPEG" and im.mode in ("RGB", "YCbCr", "L"):
            im.draft("L", im.size)                    # libjpeg decodes straight to grey: no colour work
        im = ImageOps.exif_transpose(im)
        if im.mode in ("I", "I;16", "I;16B", "I;16L", "F"):   # 16-bit / float scans: to 8 bit
            arr = np.asarray(im, dtype=np.float32)
            if float(arr.max(initial=0)) > 255:
                arr = arr / 257.0
            return np.clip(arr, 0, 255).astype(np.uint8)
        return np.asarray(im.convert("L"))
    except Image.DecompressionBombError:
        raise CameraError("高拍仪返回的图片像素过多，无法处理。", "请降低高拍仪的拍摄分辨率后重拍。") from None
    except Exception as exc:       # Pillow reports a bad file as UnidentifiedImageError, OSError, ValueError…
        raise CameraError("高拍仪返回的不是可识别的图片。", "支持 JPG、PNG、BMP、TIFF 格式。",
                          detail=f"{type(exc).__name__}: {exc}") from None


def _as_grey(img):
    """A grey ``uint8`` array from a grey array, a 3-channel array (OpenCV's BGR order) or a PIL
    image."""
    np, Image = _libs()
    if isinstance(img, Image.Image):
        return np.asarray(img.convert("L"))
    arr = np.asarray(img)
    if arr.ndim == 3:
        arr = arr[..., :3].astype(np.float32) @ np.array([0.114, 0.587, 0.299], np.float32)
        return np.clip(arr + 0.5, 0, 255).astype(np.uint8)
    return arr.astype(np.uint8, copy=False)


def order_corners(pts):
    """Four points → float32 array ordered top-left, top-right, bottom-right, bottom-left
    (by angle around the centre, so a page turned by 45° is ordered correctly too)."""
    np, _ = _libs()
    pts = np.asarray(pts, dtype=np.float32).reshape(4, 2)
    c = pts.mean(axis=0)
    ang = np.arctan2(pts[:, 1] - c[1], pts[:, 0] - c[0])
    pts = pts[np.argsort(ang)]                      # clockwise in image coordinates (y down)
    start = int(np.argmin(pts.sum(axis=1)))         # the top-left one: smallest x + y
    return np.roll(pts, -start, axis=0)


# --- morphology and regions on small arrays (numpy) -------------------------------------------

def _sliding(a, k: int, op, axis: int):
    """Running ``op`` (np.maximum / np.minimum) over a window of ``k`` along ``axis`` (the edge
    repeated outside, so the border neither grows nor shrinks a region)."""
    np, _ = _libs()
    r = k // 2
    pad = [(0, 0), (0, 0)]
    pad[axis] = (r, r)
    p = np.pad(a, pad, mode="edge")
    n = a.shape[axis]
    out = p.take(range(n), axis=axis)
    for i in range(1, k):
        out = op(out, p.take(range(i, i + n), axis=axis))
    return out


def _dilate(a, k: int):
    np, _ = _libs()
    return _sliding(_sliding(a, k, np.maximum, 0), k, np.maximum, 1)


def _erode(a, k: int):
    np, _ = _libs()
    return _sliding(_sliding(a, k, np.minimum, 0), k, np.minimum, 1)


def _label(mask):
    """4-connected regions of a boolean mask: an int array (−1 outside the mask, otherwise the
    smallest flat index in the region). Union–find done in whole-array steps: hook every pair of
    touching roots to the smaller one, compress the paths, repeat until nothing changes."""
    np, _ = _libs()
    h, w = mask.shape
    idx = np.arange(h * w).reshape(h, w)
    horiz = mask[:, :-1] & mask[:, 1:]
    vert = mask[:-1] & mask[1:]
    a = np.concatenate([idx[:, :-1][horiz], idx[:-1][vert]])
    b = np.concatenate([idx[:, 1:][horiz], idx[1:][vert]])
    parent = idx.ravel().copy()
    while True:
        while True:
            pp = parent[parent]
            if np.array_equal(pp, parent):
                break
            parent = pp
        ra, rb = parent[a], parent[b]
        differ = ra != rb
        if not differ.any():
            break
        ra, rb = ra[differ], rb[differ]
        parent[np.maximum(ra, rb)] = np.minimum(ra, rb)   # any smaller root will do: no cycles
        a, b = a[differ], b[differ]
    out = parent.reshape(h, w)
    return np.where(mask, out, -1)


def _fill_holes(mask):
    """The mask with every enclosed hole filled (what is not reachable from the border)."""
    np, _ = _libs()
    labels = _label(~mask)
    border = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    outside = np.isin(labels, np.unique(border[border >= 0]))
    return ~outside


def _otsu(grey) -> int:
    np, _ = _libs()
    hist = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    p = hist / hist.sum()
    omega = np.cumsum(p)
    mu = np.cumsum(p * np.arange(256))
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mu[-1] * omega - mu) ** 2 / (omega * (1 - omega))
    return int(np.argmax(np.nan_to_num(between, nan=-1.0)))     # one grey level only: 0, nothing above


def _convex_hull(points):
    """Andrew's monotone chain; points (n × 2) → hull vertices, counter-clockwise in y-up terms."""
    np, _ = _libs()
    pts = sorted(set(map(tuple, np.asarray(points, np.float64).tolist())))
    if len(pts) < 3:
        return np.array(pts, np.float64)

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return np.array(lower[:-1] + upper[:-1], np.float64)


def _area(poly) -> float:
    np, _ = _libs()
    x, y = poly[:, 0], poly[:, 1]
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2


def _quad(region):
    """A region (boolean mask) → the four corners of its outline: the largest quadrilateral whose
    corners are vertices of the convex hull of the region's pixel outline (a rounded or frayed
    corner costs a pixel or two, no more). None for a region too small to have four corners."""
    np, _ = _libs()
    rows = np.flatnonzero(region.any(axis=1))
    if len(rows) < 2:
        return None
    sub = region[rows]
    left = sub.argmax(axis=1)
    right = region.shape[1] - 1 - sub[:, ::-1].argmax(axis=1)
    pts = np.concatenate([
        np.stack([left - 0.5, rows - 0.5], 1), np.stack([left - 0.5, rows + 0.5], 1),
        np.stack([right + 0.5, rows - 0.5], 1), np.stack([right + 0.5, rows + 0.5], 1)])
    hull = _convex_hull(pts)
    n = len(hull)
    if n < 4:
        return None
    best, best_area = None, -1.0
    for i in range(n - 3):                     # i: the quad's first corner; k: the opposite one
        p = np.roll(hull, -i, axis=0)          # p[0] is corner i, the rest in hull order
        v = p - p[0]
        cross = v[:, None, 0] * v[None, :, 1] - v[:, None, 1] * v[None, :, 0]   # cross[k, j] = v_k × v_j
        j_idx = np.arange(n)
        before = np.where(j_idx[None, :] < j_idx[:, None], np.abs(cross), -1.0)  # j between 0 and k
        after = np.where(j_idx[None, :] > j_idx[:, None], np.abs(cross), -1.0)   # l between k and n
        j_best = before.argmax(axis=1)
        l_best = after.argmax(axis=1)
        area = (before[j_idx, j_best] + after[j_idx, l_best]) / 2
        area[:2] = -1.0
        area[n - 1:] = -1.0
        k = int(area.argmax())
        if area[k] > best_area:
            best_area = float(area[k])
            best = p[[0, j_best[k], k, l_best[k]]]
    return best


def _inside(shape, quad):
    """Boolean mask of the pixels inside a convex quadrilateral."""
    np, _ = _libs()
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w]
    sign = 1.0 if _signed_area(quad) > 0 else -1.0
    out = np.ones(shape, bool)
    for i in range(4):
        (x0, y0), (x1, y1) = quad[i], quad[(i + 1) % 4]
        out &= ((x1 - x0) * (yy - y0) - (y1 - y0) * (xx - x0)) * sign >= 0
    return out


def _signed_area(poly) -> float:
    np, _ = _libs()
    x, y = poly[:, 0], poly[:, 1]
    return float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2


# --- the sheet ---------------------------------------------------------------------------------

def find_page(img):
    """The sheet's four corners in the photo ``img`` (grey array, 3-channel array or PIL image),
    ordered and float32, or None when no sheet is seen."""
    np, Image = _libs()
    from PIL import ImageFilter

    grey = _as_grey(img)
    h, w = grey.shape[:2]
    f = max(1, math.ceil(max(h, w) / DETECT_MAX_SIDE))
    pil = Image.fromarray(grey)
    small = np.asarray((pil.reduce(f) if f > 1 else pil).filter(ImageFilter.GaussianBlur(1)))
    sh, sw = small.shape
    area_total = sh * sw
    unit = max(sh, sw) / 1000                        # sizes below were tuned on a 1000-px copy
    close_k = max(3, round(9 * unit) | 1)
    ring_k = max(5, round(25 * unit) | 1)

    def masks():                                  # the second only when the first did not do
        bright = small > _otsu(small)                                # white paper on a darker plate
        yield _erode(_dilate(bright, close_k), close_k)
        yield _edges(small)                                          # the sheet's outline, on any plate

    best = None
    for i, mask in enumerate(masks()):
        filled = _fill_holes(mask)
        if i == 1:
            filled = _erode(filled, 3)               # the outline was widened by a pixel: take it back
        labels = _label(filled)
        counts = np.bincount(labels[labels >= 0].ravel())
        for root in np.argsort(counts)[::-1][:3]:
            if counts[root] < MIN_PAGE_SHARE * area_total:
                break
            quad = _quad(labels == root)
            if quad is None:
                continue
            area = _area(quad)
            if area < MIN_PAGE_SHARE * area_total:
                break
            if area > 0.97 * area_total or not _stands_out(small, quad, ring_k):
                continue                            # the whole frame, or a blob of noise: no sheet
            if best is None or area > best[0] * 1.05:
                best = (area, quad)
            break
        if best is not None and best[0] > 0.2 * area_total:
            break                                   # the threshold found a convincing sheet
    if best is None:
        return None
    quad = order_corners((best[1] + 0.5) * f - 0.5)   # reduced pixel → photo pixel coordinates
    return _refine(grey, quad.astype(np.float64)).astype(np.float32)


def _edges(small):
    """Outlines on the reduced copy, after Canny: gradient peaks across the edge (non-maximum
    suppression along the steeper axis), weak peaks kept only where they join a strong one, the
    lines widened by a pixel so a gap of one pixel closes."""
    np, _ = _libs()
    s = small.astype(np.float32)
    gx = np.zeros_like(s)
    gy = np.zeros_like(s)
    gx[:, 1:-1] = (s[:, 2:] - s[:, :-2]) / 2
    gy[1:-1, :] = (s[2:] - s[:-2]) / 2
    mag = np.hypot(gx, gy)
    m = np.pad(mag, 1)
    across_x = np.abs(gx) >= np.abs(gy)
    peak = np.where(across_x, (mag >= m[1:-1, :-2]) & (mag >= m[1:-1, 2:]),
                    (mag >= m[:-2, 1:-1]) & (mag >= m[2:, 1:-1]))
    weak = _dilate(peak & (mag >= EDGE_LOW), 3)
    labels = _label(weak)
    strong = labels[peak & (mag >= EDGE_HIGH) & weak]
    return np.isin(labels, np.unique(strong[strong >= 0]))


def _stands_out(grey, quad, ring_k: int, *, min_contrast: float = 25.0) -> bool:
    """The paper is clearly brighter than the plate just around it: the upper quartile inside (on
    the reduced copy dense text greys the page; the paper between the lines is what counts)
    against the median of a ring around it."""
    np, _ = _libs()
    inside = _inside(grey.shape, quad)
    ring = _dilate(inside, ring_k) & ~inside
    if not ring.any() or not inside.any():
        return False
    return float(np.percentile(grey[inside], 75)) - float(np.median(grey[ring])) >= min_contrast


def _fit_line(pts):
    """Orthogonal line fit with Huber weights (a few reweighting rounds): (point, direction)."""
    np, _ = _libs()
    wts = np.ones(len(pts))
    for _ in range(5):
        c = (pts * wts[:, None]).sum(0) / wts.sum()
        d = pts - c
        _, vecs = np.linalg.eigh((d * wts[:, None]).T @ d)
        direction, normal = vecs[:, 1], vecs[:, 0]
        r = np.abs(d @ normal)
        k = 1.345 * max(1.4826 * float(np.median(r)), 0.25)
        wts = np.where(r <= k, 1.0, k / np.maximum(r, 1e-9))
    return c, direction


def _bilinear(grey, xs, ys):
    """``grey`` sampled at fractional pixel positions (edges repeated)."""
    np, _ = _libs()
    h, w = grey.shape[:2]
    xs = np.clip(xs, 0, w - 1.001)
    ys = np.clip(ys, 0, h - 1.001)
    x0, y0 = np.floor(xs).astype(int), np.floor(ys).astype(int)
    fx, fy = xs - x0, ys - y0
    top = grey[y0, x0] * (1 - fx) + grey[y0, x0 + 1] * fx
    bottom = grey[y0 + 1, x0] * (1 - fx) + grey[y0 + 1, x0 + 1] * fx
    return top * (1 - fy) + bottom * fy


def _refine(grey, quad, *, reach: int = 14, samples: int = 48):
    """Sharpen the corners found on the reduced copy: along each side, find the paper's edge
    (strongest step across the side, to a fraction of a pixel) at full resolution, fit a line
    through those points, and intersect neighbouring lines. A side that cannot be fitted keeps the
    coarse corners."""
    np, _ = _libs()
    h, w = grey.shape[:2]
    lines = []
    offs = np.arange(-reach, reach + 1, dtype=np.float64)
    for i in range(4):
        p0, p1 = quad[i], quad[(i + 1) % 4]
        d = p1 - p0
        length = float(np.hypot(*d))
        if length < 4 * reach:
            return quad
        t = d / length
        n = np.array([-t[1], t[0]])
        bases = p0 + np.outer(np.linspace(0.08, 0.92, samples), d)             # samples × 2
        profile = 0.0
        for along in (-1.0, 0.0, 1.0):                # three neighbouring profiles, averaged
            profile = profile + _bilinear(grey, bases[:, :1] + along * t[0] + offs * n[0],
                                          bases[:, 1:] + along * t[1] + offs * n[1])
        diff = np.diff(profile / 3, axis=1)
        grad = np.abs(diff[:, :-2] + diff[:, 1:-1] + diff[:, 2:]) / 3            # smoothed steps
        k = grad.argmax(axis=1)
        peak = grad[np.arange(samples), k]
        left = grad[np.arange(samples), np.maximum(k - 1, 0)]
        right = grad[np.arange(samples), np.minimum(k + 1, grad.shape[1] - 1)]
        denom = left - 2 * peak + right
        sub = np.where((k > 0) & (k < grad.shape[1] - 1) & (denom < 0), 0.5 * (left - right) / np.where(denom < 0, denom, -1), 0.0)
        pos = offs[k + 1] + 0.5 + sub                 # grad[j] is the step between offs[j+1] and offs[j+2]
        keep = peak >= 8
        if keep.sum() < samples // 3:
            return quad
        pts = bases[keep] + np.outer(pos[keep], n)
        lines.append(_fit_line(pts))
    out = []
    for i in range(4):
        (a, da), (b, db) = lines[i - 1], lines[i]
        m = np.array([da, -db]).T
        if abs(np.linalg.det(m)) < 1e-6:
            return quad
        s, _ = np.linalg.solve(m, b - a)
        out.append(a + s * da)
    out = np.array(out)
    if np.abs(out - quad).max() > 2 * reach:
        return quad
    return out


# --- the page ----------------------------------------------------------------------------------

def _perspective_coeffs(src, dst):
    """Pillow's PERSPECTIVE data (output → input): the homography taking each ``dst`` point to
    its ``src`` point."""
    np, _ = _libs()
    rows, rhs = [], []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        rhs += [u, v]
    return tuple(float(c) for c in np.linalg.solve(np.array(rows, np.float64), np.array(rhs, np.float64)))


def _median3(a):
    """3 × 3 separable median (median of three along the rows, then along the columns): takes out
    the speckle a JPEG would pay for and keeps the strokes' edges."""
    np, _ = _libs()
    p = np.pad(a, 1, mode="edge")
    lft, mid, rgt = p[:, :-2], p[:, 1:-1], p[:, 2:]
    m = np.maximum(np.minimum(lft, mid), np.minimum(np.maximum(lft, mid), rgt))
    up, mid, dn = m[:-2], m[1:-1], m[2:]
    return np.maximum(np.minimum(up, mid), np.minimum(np.maximum(up, mid), dn))


def _flatten_light(grey):
    """Divide by the background (the page's lighting, estimated on an eighth-size copy): paper
    becomes even white, ink stays dark; noise that a JPEG would pay for goes with it."""
    np, Image = _libs()
    from PIL import ImageFilter

    h, w = grey.shape[:2]
    small = np.asarray(Image.fromarray(grey).reduce(8))
    k = max(5, (min(small.shape[:2]) // 20) | 1)
    background = _erode(_dilate(small, k), k)                       # closing: the ink disappears
    background = Image.fromarray(background).filter(ImageFilter.GaussianBlur(k / 3))
    ratio = np.asarray(background.resize((w, h), Image.Resampling.BILINEAR), dtype=np.float32)
    np.maximum(ratio, 1.0, out=ratio)
    np.divide(255.0, ratio, out=ratio)            # in place: one full-size float array, no more
    ratio *= grey
    ratio += 0.5
    np.clip(ratio, 0, 255, out=ratio)
    flat = _median3(ratio.astype(np.uint8))
    lo, hi = np.percentile(flat[::4, ::4], (0.5, 99.0))
    if hi - lo < 10:
        return flat
    lut = np.clip((np.arange(256, dtype=np.float32) - lo) * (255.0 / (hi - lo)) + 0.5, 0, 255).astype(np.uint8)
    return lut[flat]                              # the stretch, as a 256-entry table


def _encode(grey, dpi: int, quality: int) -> bytes:
    _, Image = _libs()
    buf = io.BytesIO()
    Image.fromarray(grey, mode="L").save(buf, format="JPEG", quality=quality, optimize=True, dpi=(dpi, dpi))
    return buf.getvalue()


def a4_pixels(dpi: int, landscape: bool = False) -> tuple[int, int]:
    w, h = (round(mm / MM_PER_INCH * dpi) for mm in A4_MM)
    return (h, w) if landscape else (w, h)


def process_page(image: bytes, *, dpi: int = 200, max_bytes: int = 300 * 1024, require_page: bool = False) -> ProcessedPage:
    """Photo (encoded) → :class:`ProcessedPage`. With ``require_page`` a photo without a visible
    sheet raises :class:`PageNotFound` instead of keeping the whole photo."""
    np, Image = _libs()
    if dpi < 50 or dpi > 600:
        raise CameraError(f"输出分辨率 {dpi} dpi 不合理（应在 50～600 之间）。")
    if max_bytes < 20 * 1024:
        raise CameraError(f"单页大小上限 {max_bytes // 1024} KB 太小（至少 20 KB）。")
    grey_src = decode(image)
    src_h, src_w = grey_src.shape[:2]
    if min(src_w, src_h) < MIN_PHOTO_SIDE:
        raise CameraError(f"高拍仪返回的图片只有 {src_w}×{src_h} 像素，太小，无法生成材料页。",
                          "请检查高拍仪的拍摄分辨率设置后重拍。")
    corners = find_page(grey_src)
    found = corners is not None
    if not found:
        if require_page:
            raise PageNotFound("照片中没有找到完整的材料页面。", "请把材料平放在高拍仪底板中央、四角都在画面内后重拍。")
        corners = np.array([[0, 0], [src_w - 1, 0], [src_w - 1, src_h - 1], [0, src_h - 1]], dtype=np.float32)
    tl, tr, br, bl = corners.astype(np.float64)
    quad_w = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    quad_h = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    out_w, out_h = a4_pixels(dpi, landscape=quad_w > quad_h)
    # Pillow samples at pixel centres (x + 0.5): corner pixel (0, 0) of the page is the sheet's
    # corner pixel in the photo
    target = np.array([[0, 0], [out_w - 1, 0], [out_w - 1, out_h - 1], [0, out_h - 1]], np.float64) + 0.5
    coeffs = _perspective_coeffs(corners.astype(np.float64) + 0.5, target)
    warped = Image.fromarray(grey_src).transform((out_w, out_h), Image.Transform.PERSPECTIVE, coeffs,
                                                 Image.Resampling.BILINEAR, fillcolor=255)
    grey = _flatten_light(np.asarray(warped))

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
        grey = np.asarray(Image.fromarray(grey).resize((w, h), Image.Resampling.BOX))
        steps = tuple(q for q in QUALITY_STEPS if q <= MIN_QUALITY_TO_SHRINK)
