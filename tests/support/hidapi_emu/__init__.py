"""Test-time build of the emulated hidapi library (``fake_hidapi.c``) with gcc, and helpers that
write what the emulated 汉王 pad plays (see the C file for the script format).

``build(dest_dir) -> Path``; ``pen(x, y, pressure, touching=True)``, ``key(bits)`` give report
lines; ``write_script(path, lines)``; ``features(path)`` lists the feature reports received.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SOURCE = Path(__file__).with_name("fake_hidapi.c")


def build(dest_dir: Path) -> Path:
    gcc = shutil.which("gcc") or shutil.which("cc")
    if gcc is None:
        raise RuntimeError("gcc is needed to build the emulated hidapi library")
    out = Path(dest_dir) / "libfake_hidapi.so"
    subprocess.run([gcc, "-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-o", str(out), str(SOURCE)],
                   check=True, capture_output=True, timeout=60)
    return out


def pen(x: int, y: int, pressure: int = 600, *, touching: bool = True, in_range: bool = True) -> str:
    """One pen report as the pad sends it (ID 02, status, X, Y, pressure; big-endian)."""
    status = 0xE0 if touching else (0xA0 if in_range else 0x80)
    data = [0x02, status, x >> 8, x & 0xFF, y >> 8, y & 0xFF, pressure >> 8, pressure & 0xFF]
    return " ".join(f"{b:02x}" for b in data)


def key(bits: int) -> str:
    """A key report (ID 0F): 01 确认, 02 重签, 04 取消."""
    return f"0f {bits:02x}"


def stroke(points, pressure: int = 600) -> list[str]:
    """Pen down along ``points``, then lifted."""
    lines = [pen(x, y, pressure) for x, y in points]
    x, y = points[-1]
    lines.append(pen(x, y, 0, touching=False))
    return lines


def write_script(path: Path, lines: list[str]) -> None:
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="ascii")
    os.replace(tmp, path)
    feats = Path(str(path) + ".features")
    if feats.exists():
        feats.unlink()


def features(path: Path) -> list[str]:
    p = Path(str(path) + ".features")
    return p.read_text().split("\n")[:-1] if p.exists() else []
