"""The modules of a notice's verification QR code, as reportlab's encoder makes them, faster.

reportlab's ``qrencoder`` builds the data bit by bit (a method call per bit), computes each block's
Reed-Solomon check words by recursive polynomial division (a new polynomial object per data word)
and places the data through a generator and a mask lambda per module: about a tenth of a notice's
render time. :func:`qr_modules` gives the same symbol (module for module: same version, error
correction level, data segments and mask pattern; reportlab still does the segment encoding, the
function patterns and the format information) with the three hot parts done directly: the bits
packed in one integer, the check words by the usual shift-register division over reportlab's own
GF(256) tables, the data positions and mask computed once per (version, mask) and kept.
"""

from __future__ import annotations

import itertools
from functools import lru_cache

from reportlab.graphics.barcode.qrencoder import EXP_TABLE, LOG_TABLE, QRCode, QRErrorCorrectLevel, QRRSBlock, QRUtil


class _Bits:
    """reportlab's QRBitBuffer interface (``put``, ``putBit``, ``getLengthInBits``), packed in one int."""

    def __init__(self) -> None:
        self.value = 0
        self.length = 0

    def put(self, num: int, length: int) -> None:
        self.value = (self.value << length) | (num & ((1 << length) - 1))
        self.length += length

    def putBit(self, bit) -> None:  # reportlab's name
        self.put(1 if bit else 0, 1)

    def getLengthInBits(self) -> int:  # reportlab's name
        return self.length

    def to_bytes(self) -> list[int]:
        pad = -self.length % 8
        return list((self.value << pad).to_bytes((self.length + pad) // 8, "big"))


@lru_cache(maxsize=None)
def _generator_logs(ec_count: int) -> tuple[int | None, ...]:
    """The logs of the generator polynomial's coefficients after the leading 1 (None for a zero)."""
    gen = QRUtil.getErrorCorrectPolynomial(ec_count).num
    return tuple(LOG_TABLE[g] if g else None for g in gen[1:])


def _check_words(data: list[int], ec_count: int) -> list[int]:
    """The remainder of data·x^ec divided by the generator: the block's error-correction words."""
    logs = _generator_logs(ec_count)
    rem = [0] * ec_count
    for word in data:
        factor = word ^ rem[0]
        rem = rem[1:]
        rem.append(0)
        if factor:
            lf = LOG_TABLE[factor]
            for i, lg in enumerate(logs):
                if lg is not None:
                    rem[i] ^= EXP_TABLE[(lg + lf) % 255]
    return rem


def _codewords(version: int, level: int, segments: list) -> list[int]:
    """reportlab's QRCode.createData + createBytes: data, terminator, padding, check words, interleaved."""
    blocks = QRRSBlock.getRSBlocks(version, level)
    bits = _Bits()
    for segment in segments:
        segment.write(bits, version)
    capacity = sum(block.dataCount for block in blocks) * 8
    if bits.length > capacity:
        raise ValueError(f"code length overflow. ({bits.length} > {capacity})")
    if bits.length + 4 <= capacity:
        bits.put(0, 4)
    if bits.length % 8:
        bits.put(0, 8 - bits.length % 8)
    pads = itertools.cycle((QRCode.PAD0, QRCode.PAD1))
    while bits.length < capacity:
        bits.put(next(pads), 8)
    words = bits.to_bytes()
    dc, ec, offset = [], [], 0
    for block in blocks:
        dc.append(words[offset:offset + block.dataCount])
        offset += block.dataCount
        ec.append(_check_words(dc[-1], block.totalCount - block.dataCount))
    return [w for group in itertools.chain(itertools.zip_longest(*dc), itertools.zip_longest(*ec))
            for w in group if w is not None]


@lru_cache(maxsize=64)
def _placement(version: int, mask_pattern: int) -> tuple[tuple[int, int, bool], ...]:
    """(row, col, mask bit) of every data module in reportlab's placement order."""
    probe = QRCode(version, QRErrorCorrectLevel.M)
    probe.moduleCount = version * 4 + 17
    mask = QRUtil.getMask(mask_pattern)
    return tuple((row, col, bool(mask(row, col))) for col, row in probe.dataPosIterator())


def qr_modules(payload: str, level: int = QRErrorCorrectLevel.M, mask_pattern: int = 0) -> list[list[bool]]:
    """The symbol's modules (rows of booleans, True dark), as ``QRCode.makeImpl(False, mask_pattern)``."""
    qr = QRCode(None, level)
    qr.addData(payload)
    qr.version = qr.calculate_version()
    qr.dataCache = _codewords(qr.version, level, qr.dataList)
    qr.mapData = lambda data, mask: None     # placed below, from the kept positions
    qr.makeImpl(False, mask_pattern)
    modules = qr.modules
    positions = _placement(qr.version, mask_pattern)
    n_bits = len(qr.dataCache) * 8
    value = int.from_bytes(bytes(qr.dataCache), "big")
    for i, (row, col, masked) in enumerate(positions):
        dark = i < n_bits and bool((value >> (n_bits - 1 - i)) & 1)
        modules[row][col] = dark ^ masked
    return modules

