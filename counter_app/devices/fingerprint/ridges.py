"""Does a scanned image show a ridge structure at all (纹线)?

The minutiae count alone cannot tell: random noise gives libfprint's detector many spurious
"minutiae", so noise graded 良好. A fingerprint's ridges run parallel within a small area; noise,
a blank sensor and a smudge do not. :func:`ridge_coherence` measures that: the image is lightly
smoothed (3×3 mean), split into 16×16 blocks, and in each block the orientation coherence of the
grey-level gradients is taken, ``sqrt((Gxx-Gyy)² + 4·Gxy²) / (Gxx+Gyy)`` (1: every gradient along
one axis, 0: no preferred direction). Blocks with hardly any grey-level spread (standard deviation
≤ 10: no finger there, or a blurred smudge) count as 0. The result is the mean over all blocks, so
it is high only when most of the image is covered by parallel ridges.

Measured (docs/id-devices.md, "Fingerprint quality"): the NIST sample prints 0.54–0.64 (0.45–0.59
with strong added sensor noise); uniform noise 0.15, blank images 0.00, a smudge 0.16, a blurred
print ≤ 0.11. :data:`MIN_RIDGE_COHERENCE` sits between the two groups.
"""

from __future__ import annotations

MIN_RIDGE_COHERENCE = 0.30
BLOCK = 16
MIN_BLOCK_STD = 10.0

NO_RIDGES_MESSAGE = "未采集到清晰的指纹纹线，请重新按压"


def ridge_coherence(width: int, height: int, image: bytes) -> float:
    """Mean block orientation coherence of an 8-bit grey ``width × height`` image (0–1)."""
    import numpy as np

    if width < BLOCK + 2 or height < BLOCK + 2 or len(image) < width * height:
        return 0.0
    raw = np.frombuffer(image, dtype=np.uint8, count=width * height).reshape(height, width).astype(np.float64)
    # 3×3 mean: takes single-pixel sensor noise out of the gradients
    a = np.zeros((height - 2, width - 2))
    for dy in range(3):
        for dx in range(3):
            a += raw[dy:height - 2 + dy, dx:width - 2 + dx]
    a /= 9.0
    h, w = height - 2, width - 2
    bh, bw = h // BLOCK, w // BLOCK

    def blocks(m):
        return m[:bh * BLOCK, :bw * BLOCK].reshape(bh, BLOCK, bw, BLOCK)

    gy, gx = np.gradient(a)
    gxx = blocks(gx * gx).sum(axis=(1, 3))
    gyy = blocks(gy * gy).sum(axis=(1, 3))
    gxy = blocks(gx * gy).sum(axis=(1, 3))
    energy = gxx + gyy
    coherence = np.sqrt((gxx - gyy) ** 2 + 4 * gxy ** 2) / np.maximum(energy, 1e-9)
    foreground = blocks(a).std(axis=(1, 3)) > MIN_BLOCK_STD
    return float((coherence * foreground).sum() / coherence.size)


def has_ridges(coherence: float | None) -> bool:
    """``None``: not measured (a backend that gives no image) — not held against the scan."""
    return coherence is None or coherence >= MIN_RIDGE_COHERENCE
