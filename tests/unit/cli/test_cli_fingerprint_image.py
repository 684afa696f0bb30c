"""``fingerprint capture --image-out`` writes the raw fingerprint image in clear only when asked with
--clear-image, and then owner-only (0600)."""

from __future__ import annotations

import os
import stat

from counter_app.cli.main import main


def demo_reader():
    from counter_app.paths import app_paths

    app_paths().ensure().config_file.write_text('[fingerprint]\nbackend = "demo"\n', encoding="utf-8")


def test_image_out_needs_the_clear_acknowledgement(app_home, tmp_path, capsys):
    demo_reader()
    image = tmp_path / "f.pgm"
    assert main(["fingerprint", "capture", "--image-out", str(image), "--json"]) == 2
    assert "--clear-image" in capsys.readouterr().err and not image.exists()


def test_image_out_is_owner_only(app_home, signed_in, tmp_path, capsys):
    demo_reader()
    image = tmp_path / "f.pgm"
    image.write_bytes(b"old")
    os.chmod(image, 0o644)
    assert main(["fingerprint", "capture", "--image-out", str(image), "--clear-image", "--json", "--force"]) == 0
    assert image.read_bytes().startswith(b"P5\n") and stat.S_IMODE(os.stat(image).st_mode) == 0o600
    enrolled = tmp_path / "e.pgm"
    assert main(["fingerprint", "capture", "--enroll", "--image-out", str(enrolled), "--clear-image",
                 "--template-out", str(tmp_path / "t.bin"), "--json"]) == 0
    assert stat.S_IMODE(os.stat(enrolled).st_mode) == 0o600
