"""The bundle's strip step: a library that GNU strip left with misaligned loadable segments (the
loader refuses it: numpy's OpenBLAS and Qt's FFmpeg did, so the packaged 高拍仪 could neither
capture nor process) is found and put back unstripped."""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer" / "pyinstaller"))

import bundle_rules as rules  # noqa: E402


def _elf(loads: list[tuple[int, int]], align: int = 0x1000) -> bytes:
    """A minimal 64-bit little-endian ELF header with one PT_LOAD per (offset, address)."""
    phoff, phentsize = 64, 56
    ident = b"\x7fELF" + bytes([2, 1, 1]) + bytes(9)
    head = ident + struct.pack("<HHIQQQIHHHHHH", 3, 62, 1, 0, phoff, 0, 0, 64, phentsize, len(loads), 64, 0, 0)
    table = b"".join(struct.pack("<IIQQQQQQ", 1, 5, off, addr, addr, 0x10, 0x10, align) for off, addr in loads)
    return head + table


def test_misaligned_segments_are_found(tmp_path):
    good = tmp_path / "good.so"
    good.write_bytes(_elf([(0, 0), (0x2000, 0x3000), (0x2098, 0x3098)]))
    bad = tmp_path / "bad.so"
    bad.write_bytes(_elf([(0, 0), (0x1621098, 0x166B000)]))      # what strip made of OpenBLAS
    text = tmp_path / "notes.txt"
    text.write_text("not an ELF file")
    assert rules.elf_segments_aligned(str(good))
    assert not rules.elf_segments_aligned(str(bad))
    assert rules.elf_segments_aligned(str(text))
    assert rules.elf_segments_aligned(sys.executable)               # a real program is loadable


def test_broken_strips_are_restored_from_the_originals(tmp_path):
    src = tmp_path / "site" / "libfoo.so"
    src.parent.mkdir()
    src.write_bytes(_elf([(0, 0), (0x2000, 0x3000)]))
    contents = tmp_path / "bundle" / "_internal"
    (contents / "pkg.libs").mkdir(parents=True)
    (contents / "pkg.libs" / "libfoo.so").write_bytes(_elf([(0, 0), (0x1098, 0x3000)]))   # broken
    (contents / "pkg.libs" / "libok.so").write_bytes(_elf([(0, 0)]))
    binaries = [("pkg.libs/libfoo.so", str(src), "BINARY"), ("pkg.libs/libok.so", str(src), "BINARY"),
                ("pkg.libs/absent.so", str(src), "BINARY")]
    assert rules.restore_broken_strips(str(contents), binaries) == ["pkg.libs/libfoo.so"]
    assert (contents / "pkg.libs" / "libfoo.so").read_bytes() == src.read_bytes()
    assert (contents / "pkg.libs" / "libok.so").read_bytes() == _elf([(0, 0)])
