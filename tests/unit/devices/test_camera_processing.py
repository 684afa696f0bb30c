"""高拍仪 processing: synthetic photographed pages come out cropped, de-skewed, A4 at 200 dpi, ≤ 300 KB."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from counter_app.devices.camera.errors import CameraError, PageNotFound
from counter_app.devices.camera.processing import a4_pixels, find_page, process_page
from tests.support import synthetic_page as sp

CASES = {
    "straight": sp.turned((1296, 972), (1200, 1697), 90 - 90),
    "turned_7deg": sp.turned((1296, 972), (1150, 1626), 7),
    "turned_-12deg_tilted": sp.turned((1250, 990), (1100, 1556), -12, tilt=0.08),
    "turned_25deg": sp.turned((1296, 972), (1000, 1414), 25),
    "turned_40deg_small": sp.turned((1296, 972), (800, 1131), 40),      # under a fifth of the photo
}


@pytest.mark.parametrize("name", list(CASES))
def test_page_is_found_deskewed_and_small(name):
    photo, truth = sp.photo(CASES[name])
    t0 = time.perf_counter()
    page = process_page(photo, dpi=200, max_bytes=300 * 1024)
    elapsed = time.perf_counter() - t0
    assert page.page_found
    # corner error in the photo: under 2 px (the page is ~2000 px across its diagonal)
    err = np.linalg.norm(np.array(page.corners) - truth, axis=1)
    assert err.max() < 2.0, (name, err)
    # A4 at 200 dpi, within the size limit, a grey JPEG that says 200 dpi
    assert (page.width, page.height) == a4_pixels(200) == (1654, 2339)
    assert page.dpi == 200 and len(page.data) <= 300 * 1024
    out = sp.decode_grey(page.data)
    assert out.ndim == 2 and out.shape == (2339, 1654)
    from PIL import Image
    assert Image.open(io.BytesIO(page.data)).info["dpi"] == (200, 200)
    # the marks sit where the page has them: within 0.5 mm (3.9 px at 200 dpi)
    px_mm = 200 / 25.4
    marks = sp.find_marks(out, px_mm)
    assert len(marks) == 4, marks
    for mx, my in sp.MARKS_MM:
        nearest = min(np.hypot(x - mx * px_mm, y - my * px_mm) for x, y in marks)
        assert nearest < 0.5 * px_mm, (name, nearest)
    assert elapsed < 5.0


@pytest.mark.parametrize("plate", [130, 165, 180])
def test_page_on_a_light_grey_plate(plate):
    photo, truth = sp.photo(CASES["turned_7deg"], plate=plate)
    page = process_page(photo)
    assert page.page_found
    assert np.linalg.norm(np.array(page.corners) - truth, axis=1).max() < 2.5


def test_size_limit_is_a_parameter():
    photo, _ = sp.photo(CASES["turned_7deg"])
    big = process_page(photo, max_bytes=300 * 1024)
    small = process_page(photo, max_bytes=60 * 1024)
    assert len(small.data) <= 60 * 1024 < len(big.data)
    assert small.quality <= big.quality


def test_landscape_sheet_stays_landscape():
    photo, truth = sp.photo(sp.turned((1296, 972), (1200, 1697), 90))
    page = process_page(photo)
    assert (page.width, page.height) == a4_pixels(200, landscape=True)


def test_photo_without_a_page():
    rng = np.random.default_rng(3)
    plain = np.clip(rng.normal(90, 3, (600, 800, 3)), 0, 255).astype(np.uint8)
    enc = sp.encode(plain)
    assert find_page(plain) is None
    with pytest.raises(PageNotFound) as exc:
        process_page(enc, require_page=True)
    assert "没有找到" in exc.value.message
    kept = process_page(enc)
    assert not kept.page_found and len(kept.data) <= 300 * 1024


def test_bad_input_is_a_clear_error():
    with pytest.raises(CameraError, match="不是可识别的图片"):
        process_page(b"not an image")
    with pytest.raises(CameraError, match="没有返回图像"):
        process_page(b"")
    photo, _ = sp.photo(CASES["straight"])
    with pytest.raises(CameraError, match="dpi"):
        process_page(photo, dpi=10)
    with pytest.raises(CameraError, match="太小"):
        process_page(sp.encode(np.full((3, 2), 128, np.uint8)))
    uniform = process_page(sp.encode(np.full((480, 640), 200, np.uint8), "JPEG"))   # nothing to find
    assert not uniform.page_found and (uniform.width, uniform.height) == a4_pixels(200, landscape=True)


def test_photo_turned_by_its_exif_orientation():
    """A camera that stores the photo on its side with an EXIF orientation tag: the page is found
    in the upright photo, where it is."""
    from PIL import Image

    photo, truth = sp.photo(CASES["turned_7deg"])
    stored = Image.open(io.BytesIO(photo)).transpose(Image.Transpose.ROTATE_90)   # on its side
    exif = Image.Exif()
    exif[0x0112] = 6                                                              # "turn 90° clockwise"
    buf = io.BytesIO()
    stored.save(buf, "JPEG", quality=92, exif=exif)
    page = process_page(buf.getvalue())
    assert page.source_size == (2592, 1944) and page.page_found
    assert np.linalg.norm(np.array(page.corners) - truth, axis=1).max() < 2.0


def test_sixteen_bit_grey_scan_and_truncated_file():
    from PIL import Image

    photo, truth = sp.photo(CASES["turned_-12deg_tilted"])
    grey16 = np.asarray(Image.open(io.BytesIO(photo)).convert("L")).astype(np.uint16) * 257
    page = process_page(sp.encode(grey16))
    assert page.page_found and page.width == 1654
    assert np.linalg.norm(np.array(page.corners) - truth, axis=1).max() < 2.0
    with pytest.raises(CameraError, match="不是可识别的图片") as exc:
        process_page(photo[: len(photo) // 2])                # a transfer cut short
    assert "Traceback" not in exc.value.message


def test_processing_needs_no_opencv():
    """The bundle carries no OpenCV: with ``cv2`` made unimportable, processing (and the test
    photos) still work."""
    code = (
        "import sys; sys.modules['cv2'] = None\n"
        "from tests.support import synthetic_page as sp\n"
        "from counter_app.devices.camera.processing import process_page\n"
        "photo, truth = sp.photo(sp.turned((1296, 972), (1150, 1626), 5))\n"
        "page = process_page(photo)\n"
        "assert page.page_found and (page.width, page.height) == (1654, 2339), page.as_dict()\n"
        "import counter_app.devices.checks\n"
        "print('ok', 'cv2' in sys.modules and sys.modules['cv2'] is not None)\n")
    root = Path(__file__).resolve().parents[3]
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=root,
                          env={**os.environ, "PYTHONPATH": str(root)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["ok", "False"]
