"""高拍仪 page: one 5-megapixel photo → cropped, de-skewed, grey 200 dpi JPEG ≤ 300 KB
(``process_page``) vs the least any pipeline must do with that photo (decode it straight to grey,
scale it to the A4 size, encode it as a JPEG at quality 75 — with Pillow, the library the client
ships for images).

Goal <= 10x the baseline: the clerk photographs page after page and waits for each; the baseline
takes ~50–70 ms here, so 10x keeps a page well under a second (run off the GUI thread). Until
2026-12 the pipeline was OpenCV's (0.21 s against an OpenCV baseline of 22 ms, 9.6x); the numpy +
Pillow one takes about as long (sheet search on a reduced copy and Pillow's bilinear warp are most
of it) without 150 MB of OpenCV in the bundle.
"""

from __future__ import annotations

from bench.common import BenchResult, interleaved_medians


def run() -> BenchResult:
    import io

    import numpy as np
    from PIL import Image

    from counter_app.devices.camera.processing import a4_pixels, process_page
    from tests.support import synthetic_page as sp

    photo, truth = sp.photo(sp.turned((1296, 972), (1150, 1626), 9, tilt=0.05))
    w, h = a4_pixels(200)

    def ours():
        return process_page(photo, dpi=200, max_bytes=300 * 1024)

    def baseline():
        img = Image.open(io.BytesIO(photo))
        img.draft("L", img.size)                  # libjpeg decodes straight to grey, full size
        small = img.convert("L").resize((w, h), Image.Resampling.BOX)
        buf = io.BytesIO()
        small.save(buf, "JPEG", quality=75)
        return buf.getvalue()

    page = ours()
    err = float(np.linalg.norm(np.array(page.corners) - truth, axis=1).max())
    t_ours, t_base = interleaved_medians(ours, baseline, runs=5)
    return BenchResult("camera-page", t_ours, t_base, goal=10.0, extra=[
        (f"photo 2592×1944 JPEG {len(photo) // 1024} KB → page {page.width}×{page.height} {page.dpi} dpi, "
         f"{len(page.data) // 1024} KB (quality {page.quality}); worst corner error {err:.2f} px"),
    ])
