"""Test-time build of a fake ID card reader vendor library (``fake_sdtapi.c``) with gcc.

``build(dest_dir, kind)`` compiles one of:
- ``"sdtapi"``       — the sdtapi interface, no photo decoder;
- ``"sdtapi_photo"`` — the sdtapi interface plus a WltRS-style ``GetBmp``;
- ``"json"``         — a JSON-returning library (``ReadIDCardJson``).
The library reads what to answer from the directory named by ``IDCARD_FAKE_DIR``; the helpers
below write it: :func:`plug` (ports the reader answers on), :func:`place_card` / :func:`remove_card`,
:func:`set_read_rc`, :func:`set_json`; :func:`calls` lists the calls the library received.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from counter_app.devices.idcard.model import encode_base_message

SOURCE = Path(__file__).with_name("fake_sdtapi.c")
FLAGS = {"sdtapi": ["-DSDT_API"], "sdtapi_photo": ["-DSDT_API", "-DWITH_PHOTO"], "json": ["-DJSON_API"]}


def build(dest_dir: Path, kind: str = "sdtapi") -> Path:
    gcc = shutil.which("gcc") or shutil.which("cc")
    if gcc is None:
        raise RuntimeError("gcc is needed to build the fake ID card reader library")
    out = Path(dest_dir) / f"libfake_{kind}.so"
    cmd = [gcc, "-shared", "-fPIC", "-O2", "-Wall", "-Werror", *FLAGS[kind], "-o", str(out), str(SOURCE)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)
    return out


def _atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def plug(d: Path, *ports: int) -> None:
    _atomic(Path(d) / "ports", " ".join(str(p) for p in ports).encode())


def unplug(d: Path) -> None:
    (Path(d) / "ports").unlink(missing_ok=True)


SAMPLE = dict(name="王𠮷龑", sex="1", ethnicity="05", birth="19491231", address="广东省深圳市福田区福华三路1号",
              id_number="11010519491231002X", authority="深圳市公安局福田分局", valid_from="20150101",
              valid_until="20350101")


def place_card(d: Path, *, photo: bytes = b"", **fields) -> dict:
    """Put a card on the reader: the base message of SAMPLE updated by ``fields``."""
    values = {**SAMPLE, **fields}
    _atomic(Path(d) / "card", encode_base_message(**values))
    if photo:
        _atomic(Path(d) / "photo.wlt", photo)
    else:
        (Path(d) / "photo.wlt").unlink(missing_ok=True)
    return values


def place_raw_card(d: Path, raw: bytes) -> None:
    _atomic(Path(d) / "card", raw)


def remove_card(d: Path) -> None:
    (Path(d) / "card").unlink(missing_ok=True)


def set_read_rc(d: Path, rc: int | None) -> None:
    p = Path(d) / "read_rc"
    if rc is None:
        p.unlink(missing_ok=True)
    else:
        _atomic(p, f"{rc:#x}".encode())


def set_flaky(d: Path, on: bool = True) -> None:
    """The module answers 0x80 every other find for a card left on it (as some modules do)."""
    p = Path(d) / "flaky"
    if on:
        _atomic(p, b"1")
    else:
        p.unlink(missing_ok=True)


def set_json(d: Path, doc) -> None:
    _atomic(Path(d) / "json", (doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False)).encode())


def calls(d: Path) -> list[tuple[str, int]]:
    p = Path(d) / "calls"
    if not p.exists():
        return []
    return [(name, int(port)) for name, port in (line.split() for line in p.read_text().splitlines())]
