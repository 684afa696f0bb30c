"""汉王 signature pad through hidapi: an emulated hidapi library, built from C by the suite, plays
the pad's reports and is loaded through the product's own ctypes binding."""

from __future__ import annotations

import ctypes.util
import io
import json
import os
import subprocess
import sys

import pytest
from PIL import Image

from counter_app.config import Settings
from counter_app.devices.signpad import open_signpad
from counter_app.devices.signpad import errors as E
from counter_app.devices.signpad.hanvon import HanvonSignpad, decode_pen
from counter_app.devices.signpad.hidapi import HidApi
from tests.support import hidapi_emu as emu

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]

HANVON = 0x0B57
PID = 0x0A01


@pytest.fixture(scope="module")
def lib(tmp_path_factory):
    return emu.build(tmp_path_factory.mktemp("hidapi-emu"))


@pytest.fixture
def pad_env(tmp_path, monkeypatch):
    script = tmp_path / "pad-script"
    monkeypatch.setenv("HIDAPI_FAKE_SCRIPT", str(script))
    monkeypatch.setenv("HIDAPI_FAKE_DEVICES", f"{HANVON:04x}:{PID:04x}")
    monkeypatch.delenv("HIDAPI_FAKE_OPEN_FAIL", raising=False)
    return script


def _settings(lib, **signpad) -> Settings:
    return Settings.from_dict({"signpad": {"backend": "hid", "library": str(lib), **signpad}})


LINE = [(1000 + 200 * i, 3000 + 40 * i) for i in range(20)]          # a long, slightly rising line
HOOK = [(2000, 5000), (2300, 4600), (2600, 4800), (2900, 4500)]


def test_capture_collects_strokes_between_start_and_stop(lib, pad_env):
    emu.write_script(pad_env, [emu.pen(500, 500, touching=False)] + emu.stroke(LINE, 700) + ["wait 30"]
                     + emu.stroke(HOOK, 300) + [emu.key(0x01)])
    pad = open_signpad(_settings(lib, product_id=PID))
    assert "Hanvon" in pad.describe() and "0B57:0A01" in pad.describe()
    sig = pad.capture(5)
    assert [len(s) for s in sig.strokes] == [len(LINE), len(HOOK)]
    assert sig.strokes[0][0] == (1000.0, 3000.0, pytest.approx(700 / 1023))
    assert sig.samples == 1 + len(LINE) + 1 + len(HOOK) + 1
    assert emu.features(pad_env) == ["05 01", "05 00"]        # capture switched on, then off
    png = sig.png()
    img = Image.open(io.BytesIO(png))
    assert img.format == "PNG" and img.mode == "RGBA"
    alpha = img.getchannel("A")
    assert alpha.getpixel((0, 0)) == 0                        # transparent background
    assert alpha.getextrema()[1] == 255                       # ink
    # cropped to the ink: the strokes span 3800 × 2000 of 10206 pad units → 335 × 176 px at 900 px
    # across, plus 12 px margins and the pen's width
    assert 355 < img.width < 380 and 196 < img.height < 215


def test_clear_key_discards_earlier_strokes(lib, pad_env):
    emu.write_script(pad_env, emu.stroke(LINE) + [emu.key(0x02)] + emu.stroke(HOOK) + [emu.key(0x01)])
    sig = HanvonSignpad(str(lib), HANVON, PID).capture(5)
    assert [len(s) for s in sig.strokes] == [len(HOOK)]


def test_cancel_empty_timeout_and_unplug(lib, pad_env):
    pad = HanvonSignpad(str(lib), HANVON, 0)
    emu.write_script(pad_env, emu.stroke(LINE) + [emu.key(0x04)])
    with pytest.raises(E.SignatureCancelled, match="取消"):
        pad.capture(5)
    assert emu.features(pad_env) == ["05 01", "05 00"]        # stopped after a cancel too
    emu.write_script(pad_env, [emu.key(0x01)])
    with pytest.raises(E.EmptySignature, match="签名为空"):
        pad.capture(5)
    emu.write_script(pad_env, emu.stroke(LINE) + ["wait 2000"])
    with pytest.raises(E.SignatureTimeout, match="0.4 秒内"):
        pad.capture(0.4)
    emu.write_script(pad_env, emu.stroke(LINE[:3]) + ["unplug"])
    with pytest.raises(E.SignpadError, match="拔出"):
        pad.capture(5)


def test_reports_flow_only_after_the_start_feature_report(lib, pad_env):
    from counter_app.devices.signpad.hanvon import PadProtocol

    emu.write_script(pad_env, emu.stroke(LINE) + [emu.key(0x01)])
    silent = PadProtocol(start_capture=bytes([0x05, 0x02]))       # a wrong start command
    with pytest.raises(E.SignatureTimeout):
        HanvonSignpad(str(lib), HANVON, 0, silent).capture(0.3)


def test_missing_device_library_and_permissions(lib, pad_env, monkeypatch, tmp_path):
    monkeypatch.setenv("HIDAPI_FAKE_DEVICES", "")
    with pytest.raises(E.SignpadNotFound, match="没有找到签名板"):
        HanvonSignpad(str(lib)).capture(1)
    monkeypatch.setenv("HIDAPI_FAKE_DEVICES", f"{HANVON:04x}:{PID:04x}")
    with pytest.raises(E.SignpadNotFound):
        HanvonSignpad(str(lib), HANVON, 0x1234).find()                # another product id
    monkeypatch.setenv("HIDAPI_FAKE_OPEN_FAIL", "1")
    with pytest.raises(E.SignpadError, match="无法打开签名板") as exc:
        HanvonSignpad(str(lib)).capture(1)
    assert "udev" in exc.value.hint
    with pytest.raises(E.HidLibraryError, match="不存在"):
        HidApi.load(str(tmp_path / "nope.so"))
    (tmp_path / "junk.so").write_bytes(b"junk")
    with pytest.raises(E.HidLibraryError, match="无法加载"):
        HidApi.load(str(tmp_path / "junk.so"))
    libm = ctypes.util.find_library("m")
    path = next((p for p in (f"/lib/x86_64-linux-gnu/{libm}", f"/usr/lib/x86_64-linux-gnu/{libm}") if os.path.exists(p)), None)
    if path:
        with pytest.raises(E.HidLibraryError, match="hid_init"):
            HidApi.load(path)
    with pytest.raises(E.SignpadNotConfigured, match="屏幕签名"):
        open_signpad(Settings.from_dict({"signpad": {"backend": "screen"}}))


def test_pen_report_decoding():
    s = decode_pen(bytes.fromhex(emu.pen(0x1234, 0x0567, 512).replace(" ", "")))
    assert (s.x, s.y, s.pressure, s.touching, s.in_range) == (0x1234, 0x0567, 512, True, True)
    hover = decode_pen(bytes.fromhex(emu.pen(10, 10, 0, touching=False).replace(" ", "")))
    assert hover.in_range and not hover.touching
    out = decode_pen(bytes.fromhex(emu.pen(10, 10, 0, touching=False, in_range=False).replace(" ", "")))
    assert not out.in_range and not out.touching
    assert decode_pen(b"\x0f\x01") is None


def test_doctor_and_cli(lib, pad_env, app_home, signed_in, monkeypatch, tmp_path):
    from counter_app.config import save_settings
    from counter_app.devices.checks import signpad_checks
    from counter_app.paths import app_paths

    settings = _settings(lib)
    [check] = signpad_checks(settings)
    assert check.status == "ok" and "ESP emulated signature pad" in check.message
    save_settings(settings, app_paths().config_file)
    emu.write_script(pad_env, emu.stroke(LINE) + emu.stroke(HOOK) + [emu.key(0x01)])
    out = tmp_path / "sig.png"
    proc = subprocess.run([sys.executable, "-m", "counter_app", "signpad", "capture", "--out", str(out), "--json"],
                          capture_output=True, text=True, timeout=30, env=os.environ.copy())
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["ok"] and answer["strokes"] == 2 and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    monkeypatch.setenv("HIDAPI_FAKE_DEVICES", "")
    [check] = signpad_checks(settings)
    assert check.status == "fail" and "没有找到签名板" in check.message
    proc = subprocess.run([sys.executable, "-m", "counter_app", "signpad", "capture", "--out", str(tmp_path / "x.png")],
                          capture_output=True, text=True, timeout=30, env=os.environ.copy())
    assert proc.returncode == 1 and "没有找到签名板" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "x.png").exists()


def test_the_systems_real_hidapi_loads_through_the_same_binding(monkeypatch):
    """libhidapi-hidraw0 (installer/system-packages.txt) through the default search; this machine's
    kernel has no hidraw devices, so it finds no pad and says so."""
    import ctypes

    try:
        ctypes.CDLL("libhidapi-hidraw.so.0")
    except OSError:
        pytest.skip("libhidapi-hidraw0 is not installed")
    api = HidApi.load("")
    assert api.path == "libhidapi-hidraw.so.0"
    assert api.enumerate(HANVON, 0) == []
    with pytest.raises(E.SignpadNotFound, match="0B57"):
        HanvonSignpad("").find()
