"""Test-time build of a fake 全国统一读卡接口 library (``fake_sscard.c``) with gcc.

``build(dest_dir, hsm=False) -> Path`` compiles ``libfake_sscard[_hsm].so`` into ``dest_dir``;
``write_script(path, rc, text)`` sets what the next ``iReadCardBas`` call returns (text in GBK).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SOURCE = Path(__file__).with_name("fake_sscard.c")


def build(dest_dir: Path, *, hsm: bool = False) -> Path:
    gcc = shutil.which("gcc") or shutil.which("cc")
    if gcc is None:
        raise RuntimeError("gcc is needed to build the fake unified reader library")
    out = Path(dest_dir) / ("libfake_sscard_hsm.so" if hsm else "libfake_sscard.so")
    cmd = [gcc, "-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-o", str(out), str(SOURCE)]
    if hsm:
        cmd.insert(1, "-DWITH_HSM")
    subprocess.run(cmd, check=True, capture_output=True, timeout=60)
    return out


def write_script(path: Path, rc: int, text: str) -> None:
    """Atomically (a polling reader must never see half a file)."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(f"{rc}\n".encode("ascii") + text.encode("gb18030"))
    os.replace(tmp, path)


def calls(path: Path) -> list[int]:
    p = Path(str(path) + ".calls")
    return [int(x) for x in p.read_text().split()] if p.exists() else []


def unified_line(*, area="440300", number="11010519491231002X", card_number="A12345678",
                 card_id="440300D15600000500A1B2C3D4E5F607", name="王龑", reset="3B6800008073C8211300000A",
                 version="2.00", issue="20190520", expiry="20290520", terminal="T0001", device="D0001") -> str:
    """A successful iReadCardBas answer: 11 fields, each ended by '|'."""
    return "".join(f"{v}|" for v in (area, number, card_number, card_id, name, reset, version, issue,
                                     expiry, terminal, device))
