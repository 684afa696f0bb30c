"""A noise image passed as a good-quality fingerprint (issue: the quality counted minutiae only,
and noise gives many spurious ones). The ridge coherence tells prints from noise, blank and smudge."""

from __future__ import annotations

import pytest

from counter_app.devices.fingerprint.base import Quality, grade_quality
from counter_app.devices.fingerprint.ridges import MIN_RIDGE_COHERENCE, has_ridges, ridge_coherence
from tests.support.fprint import PRINTS_DIR, blank_image, load_print, noise_image, smudge_image

SAMPLES = sorted(p.stem for p in PRINTS_DIR.glob("*.png"))


def test_there_are_sample_prints():
    assert len(SAMPLES) >= 3


@pytest.mark.parametrize("name", SAMPLES)
def test_the_sample_prints_have_ridges(name):
    img = load_print(PRINTS_DIR / f"{name}.png")
    c = ridge_coherence(img.width, img.height, img.data)
    assert c >= MIN_RIDGE_COHERENCE + 0.15, c          # a clear margin, not just over the line
    assert grade_quality(40, c) is Quality.good


@pytest.mark.parametrize("image", [noise_image(), blank_image(), blank_image(grey=0), smudge_image()],
                         ids=["noise", "blank-white", "blank-black", "smudge"])
def test_noise_blank_and_smudge_have_none(image):
    c = ridge_coherence(image.width, image.height, image.data)
    assert c < MIN_RIDGE_COHERENCE - 0.1, c
    assert not has_ridges(c)
    assert grade_quality(80, c) is Quality.poor         # many "minutiae" do not make it good


def test_not_measured_is_not_held_against_the_scan():
    assert has_ridges(None) and grade_quality(40) is Quality.good
    assert ridge_coherence(4, 4, bytes(16)) == 0.0      # too small to judge
