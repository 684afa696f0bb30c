"""pytest plugin: libfprint's ``virtual_image`` device fed with sample prints.

``FP_VIRTUAL_IMAGE=<socket>`` (set before the FPrint context is created) makes libfprint offer a
``virtual_image`` device; once it is opened it listens on that Unix socket. A scan is two native
int32 (width, height) then width×height bytes of 8-bit grey; a negative width is a command
(-1 retry, -2 error, -3 automatic finger, -4 finger present, -5 remove). An image is only taken
while the device's finger status has NEEDED, so the feeder sends one item per "place finger"
prompt of our backend.

Images are prepared as libfprint's tests/virtual-image.py does: the PNG's alpha channel becomes
the grey value (rows padded to a multiple of 4 pixels).
"""

from __future__ import annotations

import os
import queue
import socket
import struct
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Union

import pytest

PRINTS_DIR = Path(__file__).resolve().parent.parent / "data" / "fingerprints"

RETRY, ERROR, AUTO_FINGER, FINGER_PRESENT, REMOVE = -1, -2, -3, -4, -5


@dataclass(frozen=True)
class GreyImage:
    width: int
    height: int
    data: bytes

    def packet(self) -> bytes:
        return struct.pack("ii", self.width, self.height) + self.data


def load_print(path: Path) -> GreyImage:
    """PNG → 8-bit grey from its alpha channel (libfprint's own test recipe, via pycairo)."""
    import cairo

    png = cairo.ImageSurface.create_from_png(str(path))
    w = (png.get_width() + 3) // 4 * 4
    h = (png.get_height() + 3) // 4 * 4
    img = cairo.ImageSurface(cairo.Format.A8, w, h)
    cr = cairo.Context(img)
    cr.set_source_rgba(1, 1, 1, 1)
    cr.paint()
    cr.set_operator(cairo.OPERATOR_SOURCE)
    cr.set_source_surface(png)
    cr.paint()
    img.flush()
    assert img.get_stride() == w
    data = bytes(img.get_data())
    assert len(data) == w * h
    return GreyImage(w, h, data)


def noise_image(width: int = 252, height: int = 236, seed: int = 7) -> GreyImage:
    """Uniform random grey: many spurious "minutiae", no ridges."""
    import random

    rnd = random.Random(seed)
    return GreyImage(width, height, bytes(rnd.randrange(256) for _ in range(width * height)))


def blank_image(width: int = 252, height: int = 236, grey: int = 255) -> GreyImage:
    return GreyImage(width, height, bytes([grey]) * (width * height))


def smudge_image(width: int = 252, height: int = 236) -> GreyImage:
    """A dark soft-edged blob (a smeared finger): contrast, but no ridges."""
    import math

    data = bytearray()
    for y in range(height):
        for x in range(width):
            r2 = ((x - width / 2) / (width / 4)) ** 2 + ((y - height / 2) / (height / 4)) ** 2
            data.append(int(255 - 180 * math.exp(-r2)))
    return GreyImage(width, height, bytes(data))


_CACHE: dict[str, GreyImage] = {}


def sample_print(name: str) -> GreyImage:
    if name not in _CACHE:
        _CACHE[name] = load_print(PRINTS_DIR / f"{name}.png")
    return _CACHE[name]


Item = Union[str, "GreyImage", tuple, None]   # print name | an image | ("retry", code) | ("error", code) | None (no finger)


class VirtualImageFeeder:
    """Connects to the virtual_image socket and answers each "place finger" prompt.

    ``feeder.script(["whorl"] * 5)`` queues items; each prompt consumes one. With
    ``feeder.default = "whorl"`` an empty queue keeps sending that print; ``None`` sends nothing
    (the applicant never presses: tests the timeout).
    """

    def __init__(self, socket_path: str, *, connect_timeout: float = 5.0):
        self.socket_path = socket_path
        deadline = time.monotonic() + connect_timeout
        while not os.path.exists(socket_path):   # appears only after the device is opened
            if time.monotonic() > deadline:
                raise RuntimeError(f"virtual_image socket {socket_path} did not appear")
            time.sleep(0.005)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(socket_path)
        self.items: "queue.Queue[Item]" = queue.Queue()
        self.default: Item = None
        self.sent: list[Item] = []
        self.prompts = 0
        self._out: "queue.Queue[object]" = queue.Queue()
        self._thread = threading.Thread(target=self._sender, name="fprint-feeder", daemon=True)
        self._thread.start()

    # called on the fprint thread: never block it, hand over to the sender thread
    def on_prompt(self, message: str) -> None:
        from counter_app.devices.fingerprint.base import PROMPT_PLACE_FINGER

        if message != PROMPT_PLACE_FINGER:
            return
        self.prompts += 1
        try:
            item = self.items.get_nowait()
        except queue.Empty:
            item = self.default
        if item is not None:
            self._out.put(item)

    def script(self, items: Iterable[Item]) -> None:
        for item in items:
            self.items.put(item)

    def send_now(self, item: Item) -> None:
        self._out.put(item)

    def _sender(self) -> None:
        while True:
            item = self._out.get()
            if item is StopIteration:
                return
            self.sent.append(item)
            if isinstance(item, str):
                payload = sample_print(item).packet()
            elif isinstance(item, GreyImage):
                payload = item.packet()
            else:
                kind, code = item
                if kind == "retry":
                    # A retry is reported while a finger is on the sensor, then the finger
                    # lifts: otherwise libfprint's image-device state machine stalls.
                    payload = b"".join(struct.pack("ii", *c) for c in (
                        (AUTO_FINGER, 0), (FINGER_PRESENT, 1), (RETRY, int(code)),
                        (FINGER_PRESENT, 0), (AUTO_FINGER, 1)))
                else:
                    payload = struct.pack("ii", {"error": ERROR}[kind], int(code))
            try:
                self.sock.sendall(payload)
            except OSError:
                return

    def close(self) -> None:
        self._out.put(StopIteration)
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def fp_virtual_image(monkeypatch) -> str:
    """``FP_VIRTUAL_IMAGE`` pointing into a private temp dir (libfprint leaves the socket behind)."""
    with tempfile.TemporaryDirectory(prefix="fprint-") as d:
        path = os.path.join(d, "virtual-image.socket")
        monkeypatch.setenv("FP_VIRTUAL_IMAGE", path)
        monkeypatch.setenv("FP_DRIVERS_ALLOWLIST", "virtual_image")
        yield path


@pytest.fixture
def fprint_device(fp_virtual_image):
    """``(device, feeder)``: our libfprint backend on an opened virtual_image device."""
    from counter_app.devices.fingerprint.libfprint import open_device

    dev = open_device()
    feeder = VirtualImageFeeder(fp_virtual_image)
    dev.add_prompt_listener(feeder.on_prompt)
    try:
        yield dev, feeder
    finally:
        dev.close()
        feeder.close()
