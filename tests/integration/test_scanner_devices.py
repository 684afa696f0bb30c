"""电子社保卡扫码枪 without the GUI: the serial scanner over a real pseudo-terminal (the kernel's
tty layer, pyserial's real path), the evdev decoder (and a real device where /dev/uinput exists),
the wedge's burst decoder, the doctor check."""

from __future__ import annotations

import os
import queue
import time

import pytest

from counter_app.config import Settings
from counter_app.devices.scanner import ScannerError, open_scanner
from counter_app.devices.scanner.evdev_input import EvdevScanner, KeyDecoder
from counter_app.devices.scanner.serial_port import SerialScanner
from counter_app.devices.scanner.wedge import BurstDecoder

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]
CODE = "ESSC1.0a1b2c3d4e5f60718293a4b5.1796139531.gsv9WY749UY-x7Q6tlB-fV2qBOR5mcq7d1LMmQA0Vuo"


@pytest.fixture
def pty():
    master, slave = os.openpty()
    path = os.ttyname(slave)
    yield master, path
    for fd in (master, slave):
        try:
            os.close(fd)
        except OSError:
            pass


def _serial_settings(path) -> Settings:
    return Settings.from_dict({"scanner": {"backend": "serial", "serial_port": path, "baudrate": 115200}})


def test_serial_scanner_reads_each_line_as_a_code(pty):
    master, path = pty
    codes, errors = queue.Queue(), queue.Queue()
    scanner = open_scanner(_serial_settings(path), codes.put, errors.put)
    assert isinstance(scanner, SerialScanner)
    try:
        os.write(master, CODE[:20].encode())            # a code may arrive in pieces
        time.sleep(0.05)
        os.write(master, CODE[20:].encode() + b"\r\n")
        assert codes.get(timeout=3) == CODE
        os.write(master, b"FIRST-CODE-1\rSECOND-CODE-2\n\n")   # CR, LF, and an empty line that is no code
        assert codes.get(timeout=3) == "FIRST-CODE-1"
        assert codes.get(timeout=3) == "SECOND-CODE-2"
        time.sleep(0.3)
        assert codes.empty() and errors.empty()
    finally:
        scanner.stop()


def test_serial_scanner_unplugged_while_running(pty):
    master, path = pty
    codes, errors = queue.Queue(), queue.Queue()
    scanner = SerialScanner(path, 9600, codes.put, errors.put).start()
    try:
        os.close(master)                                  # the device goes away (hang-up)
        err = errors.get(timeout=3)
        assert err.code == "scanner_disconnected" and path in err.message
    finally:
        scanner.stop()


def test_serial_scanner_problems_are_clear(tmp_path):
    with pytest.raises(ScannerError) as exc:
        SerialScanner(str(tmp_path / "ttyNONE"), 9600, print).open()
    assert exc.value.code == "scanner_missing" and "找不到端口" in exc.value.message
    with pytest.raises(ScannerError, match="未配置"):
        SerialScanner("", 9600, print).open()


def test_doctor_check(pty, tmp_path):
    from counter_app.devices.scanner.checks import checks

    [ok] = checks(_serial_settings(pty[1]))
    assert ok.status == "ok" and pty[1] in ok.message
    [bad] = checks(_serial_settings(str(tmp_path / "ttyNONE")))
    assert bad.status == "fail" and "scanner.serial_port" in bad.hint
    [wedge] = checks(Settings.from_dict({"scanner": {"backend": "wedge"}}))
    assert wedge.status == "ok" and "30 毫秒" in wedge.message
    [off] = checks(Settings())
    assert off.status == "ok" and "未启用" in off.message
    [ev] = checks(Settings.from_dict({"scanner": {"backend": "evdev", "evdev_device": str(tmp_path / "event99")}}))
    assert ev.status == "fail" and "找不到输入设备" in ev.message


# -- evdev -------------------------------------------------------------------------------------

def _type(decoder: KeyDecoder, text: str):
    from evdev import ecodes as e

    names = {"-": "MINUS", ".": "DOT", "_": "MINUS", "/": "SLASH", ":": "SEMICOLON", "=": "EQUAL"}
    for ch in text + "\n":
        if ch == "\n":
            return decoder.feed(e.KEY_ENTER, 1)
        shift = ch.isupper() or ch in "_:"
        key = getattr(e, "KEY_" + (names.get(ch) or ch.upper()))
        if shift:
            decoder.feed(e.KEY_LEFTSHIFT, 1)
        decoder.feed(key, 1)
        decoder.feed(key, 0)
        if shift:
            decoder.feed(e.KEY_LEFTSHIFT, 0)


def test_evdev_key_decoder_agrees_with_the_kernel_codes():
    decoder = KeyDecoder()
    assert _type(decoder, CODE) == CODE
    assert _type(decoder, "https://si.12333.gov.cn/x_Y=1") == "https://si.12333.gov.cn/x_Y=1"


def test_evdev_missing_device(tmp_path):
    with pytest.raises(ScannerError, match="找不到输入设备"):
        EvdevScanner(str(tmp_path / "event0"), print).open()


@pytest.mark.skipif(not os.path.exists("/dev/uinput"), reason="this kernel has no /dev/uinput: no virtual input device")
def test_evdev_reads_and_grabs_a_virtual_keyboard():  # pragma: no cover - runs only where uinput exists
    from evdev import UInput, ecodes as e

    with UInput({e.EV_KEY: list(range(1, 120))}, name="essc-test-scanner") as ui:
        time.sleep(0.3)
        codes = queue.Queue()
        scanner = EvdevScanner(ui.device.path, codes.put).start()
        try:
            for key in (e.KEY_A, e.KEY_1, e.KEY_DOT, e.KEY_ENTER):
                ui.write(e.EV_KEY, key, 1)
                ui.write(e.EV_KEY, key, 0)
                ui.syn()
            assert codes.get(timeout=3) == "a1."
        finally:
            scanner.stop()


# -- the wedge's burst decoder (pure; the Qt event filter drives it in tests/ui) ----------------

def test_burst_with_enter_is_a_code_and_nothing_is_released():
    d = BurstDecoder(max_gap_ms=30, min_length=8)
    t = 1000.0
    for i, ch in enumerate(CODE):
        assert d.printable(ch, t + i * 4, item=ch).release == []
    done = d.enter(t + len(CODE) * 4)
    assert done.hold and done.code == CODE and not d.holding


def test_slow_keys_are_released_as_typed():
    d = BurstDecoder(max_gap_ms=30, min_length=3)
    released = []
    for i, ch in enumerate("12345678"):
        released += d.printable(ch, 1000 + i * 120, item=ch).release
    released += d.timeout(1000 + 8 * 120)
    assert "".join(released) == "12345678"
    r = d.enter(5000)
    assert not r.hold and r.code is None


def test_short_burst_or_a_pause_inside_is_not_a_code():
    d = BurstDecoder(max_gap_ms=30, min_length=8)
    for i, ch in enumerate("abc"):
        d.printable(ch, i * 2, item=ch)
    r = d.enter(8)
    assert not r.hold and r.code is None and r.release == ["a", "b", "c"]
    for i, ch in enumerate("abcdefgh"):
        d.printable(ch, 100 + i * 2, item=ch)
    r = d.enter(100 + 7 * 2 + 50)                      # Enter came too late
    assert r.code is None and r.release == list("abcdefgh")
    d.printable("x", 500, item="x")
    assert d.other().release == ["x"]                  # a navigation key lets typing through


def test_serial_scanner_drops_a_cut_off_scan_and_line_noise(pty, caplog):
    """Was: "ESSC1.25" without a line end, then 4 s later a valid code → the two glued together (不是有效的
    电子社保卡二维码); bytes with NUL / ESC passed on as a code and sent to the centre."""
    import logging

    from counter_app.devices.scanner.serial_port import LINE_GAP_SECONDS

    master, path = pty
    codes, errors = queue.Queue(), queue.Queue()
    scanner = SerialScanner(path, 9600, codes.put, errors.put).start()
    try:
        with caplog.at_level(logging.WARNING, logger="counter_app.devices.scanner.serial_port"):
            os.write(master, b"ESSC1.25")                              # cut off: no line end
            time.sleep(LINE_GAP_SECONDS + 0.4)
            os.write(master, CODE.encode() + b"\r\n")
            assert codes.get(timeout=3) == CODE
            os.write(master, b"ESSC\x00\x1b[2J\x07junk\r\n")             # line noise
            os.write(master, b"\xff\xfe\xfd\r\n")                        # not UTF-8
            os.write(master, b"SECOND-CODE-2\r\n")
            assert codes.get(timeout=3) == "SECOND-CODE-2"
            time.sleep(0.3)
            assert codes.empty() and errors.empty()
        logged = caplog.text
        assert "cut-off scan" in logged and "unprintable" in logged
        assert "ESSC1.25" not in logged and "junk" not in logged
    finally:
        scanner.stop()
