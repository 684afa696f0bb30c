"""The libfprint backend against libfprint's real virtual_image device fed with NIST prints."""

from __future__ import annotations

import os
import threading
import time

import pytest

from counter_app.devices.fingerprint.base import (
    PROMPT_PLACE_FINGER,
    BadScanError,
    CancelledError,
    DeviceAbsentError,
    DeviceFailureError,
    Finger,
    FingerprintTimeoutError,
    Quality,
    TemplateError,
)
from tests.support.timing import without_collections

pytestmark = pytest.mark.integration


def _retry_code(name: str) -> int:
    from gi.repository import FPrint

    return int(getattr(FPrint.DeviceRetry, name))


def test_open_reports_the_virtual_device(fprint_device, fp_virtual_image):
    dev, _feeder = fprint_device
    assert dev.info.driver == "virtual_image"
    assert dev.info.backend == "libfprint"
    assert dev.enroll_stages == 5
    assert os.path.exists(fp_virtual_image)   # the socket exists only once the device is open


def test_capture_returns_grey_image_with_quality(fprint_device):
    dev, feeder = fprint_device
    feeder.script(["whorl"])
    prompts: list[str] = []
    result = dev.capture(timeout=10, on_prompt=prompts.append)
    assert prompts[0] == PROMPT_PLACE_FINGER
    assert (result.width, result.height) == (252, 236)
    assert len(result.image) == result.width * result.height
    assert result.minutiae > 25 and result.quality is Quality.good
    assert "良好" in result.message
    # the image is the one we sent (libfprint may flip it; compare the grey histogram)
    from tests.support.fprint import sample_print

    assert sorted(result.image) == sorted(sample_print("whorl").data)


def test_enroll_five_stages_then_verify_same_and_other_print(fprint_device):
    dev, feeder = fprint_device
    feeder.script(["whorl"] * 5)
    stages: list[tuple[int, int]] = []
    enrolled = dev.enroll(Finger.left_thumb, timeout=10, on_progress=lambda d, t: stages.append((d, t)),
                          keep_image=True)
    assert stages == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    assert enrolled.finger is Finger.left_thumb and enrolled.stages == 5
    assert enrolled.quality is Quality.good and enrolled.retries == 0
    assert 4000 < len(enrolled.template) < 20000
    assert enrolled.image is not None and len(enrolled.image) == enrolled.image_size[0] * enrolled.image_size[1]
    assert len(enrolled.digest) == 64

    feeder.script(["whorl"])
    same = dev.verify(enrolled.template, timeout=10)
    assert same.match is True
    feeder.script(["tented_arch"])
    other = dev.verify(enrolled.template, timeout=10)
    assert other.match is False
    assert feeder.sent == ["whorl"] * 6 + ["tented_arch"]


def test_enroll_bad_scan_is_retried_with_a_message(fprint_device):
    dev, feeder = fprint_device
    feeder.script(["tented_arch", ("retry", _retry_code("TOO_SHORT"))] + ["tented_arch"] * 4)
    prompts: list[str] = []
    stages: list[int] = []
    enrolled = dev.enroll(timeout=10, on_progress=lambda d, t: stages.append(d), on_prompt=prompts.append)
    assert stages == [1, 2, 3, 4, 5]
    assert enrolled.retries == 1
    assert "按压时间太短" in "".join(prompts)
    assert enrolled.image is None   # not kept unless asked


def test_verify_bad_scan_raises_retryable_error(fprint_device):
    dev, feeder = fprint_device
    feeder.script(["loop-right"] * 5)
    enrolled = dev.enroll(timeout=10)
    feeder.script([("retry", _retry_code("CENTER_FINGER"))])
    with pytest.raises(BadScanError) as info:
        dev.verify(enrolled.template, timeout=10)
    assert "中央" in str(info.value) and info.value.retryable
    feeder.script([("error", 0)])   # FP_DEVICE_ERROR_GENERAL
    with pytest.raises(DeviceFailureError) as info:
        dev.verify(enrolled.template, timeout=10)
    assert "指纹采集器出错" in str(info.value)
    feeder.script(["loop-right"])   # the device still works after both
    assert dev.verify(enrolled.template, timeout=10).match is True


def capture_waiting_for_a_finger(dev, feeder) -> tuple[threading.Thread, dict]:
    """A capture on another thread, returned once the device prompts for a finger; ``outcome``
    gets the exception it ends with under ``"exc"``."""
    outcome: dict = {}

    def run():
        try:
            dev.capture(timeout=10)
        except Exception as exc:
            outcome["exc"] = exc

    t = threading.Thread(target=run)
    t.start()
    deadline = time.monotonic() + 5
    while feeder.prompts == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    return t, outcome


def test_cancel_interrupts_a_waiting_capture_and_device_stays_usable(fprint_device):
    dev, feeder = fprint_device
    t, outcome = capture_waiting_for_a_finger(dev, feeder)
    dev.cancel()
    t.join(5)
    assert isinstance(outcome.get("exc"), CancelledError)
    assert str(outcome["exc"]) == "指纹采集已取消"
    feeder.script(["whorl"])
    assert dev.capture(timeout=10).quality is Quality.good


def test_capture_times_out_with_a_clear_message(fprint_device):
    dev, _feeder = fprint_device   # nothing scripted: nobody presses a finger
    with without_collections(), pytest.raises(FingerprintTimeoutError) as info:
        t0 = time.monotonic()
        try:
            dev.capture(timeout=0.3)
        finally:
            took = time.monotonic() - t0
    assert 0.25 < took < 3
    assert "超时" in str(info.value) and "0.3" in str(info.value)


def test_enroll_times_out_between_stages(fprint_device):
    dev, feeder = fprint_device
    feeder.script(["whorl", "whorl"])   # then the applicant walks away
    stages: list[int] = []
    with pytest.raises(FingerprintTimeoutError):
        dev.enroll(timeout=0.4, on_progress=lambda d, t: stages.append(d))
    assert stages == [1, 2]


def test_close_during_capture_cancels_first(fprint_device):
    dev, feeder = fprint_device
    t, outcome = capture_waiting_for_a_finger(dev, feeder)
    dev.close()                      # would be BUSY without cancelling first
    t.join(5)
    assert isinstance(outcome.get("exc"), CancelledError)
    assert not dev.worker_thread.is_alive()


def test_garbage_template_is_refused(fprint_device):
    dev, _feeder = fprint_device
    with pytest.raises(TemplateError) as info:
        dev.verify(b"not a template")
    assert "模板" in str(info.value)


def test_no_device_gives_a_clear_message(monkeypatch):
    from counter_app.devices.fingerprint.libfprint import list_devices, open_device

    monkeypatch.delenv("FP_VIRTUAL_IMAGE", raising=False)
    monkeypatch.setenv("FP_DRIVERS_ALLOWLIST", "virtual_image")   # no USB sensor either
    assert list_devices() == []
    with pytest.raises(DeviceAbsentError) as info:
        open_device()
    assert str(info.value) == "未检测到指纹采集器"
    assert "USB" in info.value.hint


def _run_cli_with_feeder(args, socket_path, prints, env):
    """Run ``counter-app fingerprint …`` and answer each prompt it prints with the next print."""
    import subprocess
    import sys

    from tests.support.fprint import VirtualImageFeeder

    proc = subprocess.Popen([sys.executable, "-m", "counter_app", "fingerprint", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    feeder = None
    try:
        for line in proc.stderr:
            if PROMPT_PLACE_FINGER in line:
                if feeder is None:
                    feeder = VirtualImageFeeder(socket_path)
                feeder.send_now(prints.pop(0))
        out = proc.stdout.read()
        return proc.wait(timeout=30), out
    finally:
        if proc.poll() is None:
            proc.kill()
        if feeder is not None:
            feeder.close()


def test_cli_enroll_then_verify(tmp_path, fp_virtual_image, monkeypatch):
    import json

    from tests.conftest import sign_in

    env = dict(os.environ, COUNTER_APP_HOME=str(tmp_path / "home"))
    monkeypatch.setenv("COUNTER_APP_HOME", env["COUNTER_APP_HOME"])
    sign_in("clerk01")       # a template written to a file: a signed-in user's capture
    tpl = tmp_path / "t.fp"
    rc, out = _run_cli_with_feeder(["capture", "--enroll", "--template-out", str(tpl), "--json", "--timeout", "10"],
                                   fp_virtual_image, ["whorl"] * 5, env)
    assert rc == 0, out
    info = json.loads(out)
    from counter_app.cli.fingerprint import SEALED_FILE_MAGIC

    sealed = tpl.read_bytes()              # never in clear on disk: sealed, larger than the template
    assert info["stages"] == 5 and info["quality"] == "good"
    assert sealed.startswith(SEALED_FILE_MAGIC) and len(sealed) > info["template_bytes"]
    rc, out = _run_cli_with_feeder(["verify", str(tpl), "--json", "--timeout", "10"], fp_virtual_image, ["whorl"], env)
    assert (rc, json.loads(out)["match"]) == (0, True)
    rc, out = _run_cli_with_feeder(["verify", str(tpl), "--json", "--timeout", "10"], fp_virtual_image,
                                   ["tented_arch"], env)
    assert (rc, json.loads(out)["match"]) == (1, False)


@pytest.mark.parametrize("code, said", [(5, "通信出错"), (0, "指纹采集器出错，请重试"), (257, "过热")],
                         ids=["proto", "general", "too_hot"])
def test_device_errors_read_chinese_without_libfprints_english(fprint_device, code, said, caplog):
    """Was: 指纹采集器出错：The driver encountered a protocol error with the device. / An unspecified error
    occurred! — libfprint's English shown to the clerk. Now Chinese; the English goes to the log."""
    import logging
    import re

    dev, feeder = fprint_device
    feeder.script([("error", code)])
    with caplog.at_level(logging.WARNING, logger="counter_app.devices.fingerprint.libfprint"):
        with pytest.raises(DeviceFailureError) as info:
            dev.capture(timeout=10)
    assert said in info.value.message and not re.search(r"[A-Za-z]", info.value.message), info.value.message
    assert "fingerprint device error" in caplog.text
    feeder.script(["loop-right"])   # the device still works afterwards
    dev.capture(timeout=10)


@pytest.mark.parametrize("image", ["noise", "blank", "smudge"])
def test_an_image_without_ridges_is_refused_however_many_minutiae(fprint_device, image):
    """Was: uniform noise passed as 采集质量良好 (libfprint finds many spurious minutiae in it). A blank
    image or a smudge libfprint refuses itself (no minutiae found); noise only the ridge check does."""
    from tests.support.fprint import blank_image, noise_image, smudge_image

    dev, feeder = fprint_device
    made = {"noise": noise_image, "blank": blank_image, "smudge": smudge_image}[image]()
    feeder.script([made])
    with pytest.raises(BadScanError) as info:
        dev.capture(timeout=10)
    assert info.value.retryable and "请重新按压" in str(info.value)
    if image == "noise":
        assert info.value.reason == "no_ridges" and str(info.value) == "未采集到清晰的指纹纹线，请重新按压"
        feeder.script([made])
        poor = dev.capture(timeout=10, accept_poor=True)    # the CLI's check shows it, graded poor
        assert poor.minutiae >= 25                          # what made it "good" before
        assert poor.quality is Quality.poor and poor.coherence is not None and poor.coherence < 0.3
    feeder.script(["whorl"])                                # a real print still passes
    good = dev.capture(timeout=10)
    assert good.quality is Quality.good and good.coherence > 0.45


def test_an_enrolment_of_noise_is_graded_poor_and_not_stored(fprint_device):
    from counter_app.workflows.fingerprint import store_enrollment
    from tests.support.fprint import noise_image

    dev, feeder = fprint_device
    feeder.script([noise_image(seed=s) for s in range(5)])
    enrolled = dev.enroll(timeout=10)                   # libfprint itself takes the noise
    assert enrolled.quality is Quality.poor and enrolled.coherence < 0.3
    with pytest.raises(BadScanError) as info:
        store_enrollment(None, "case-1", enrolled, clerk="clerk01")   # refused before the store is touched
    assert info.value.reason == "no_ridges"
