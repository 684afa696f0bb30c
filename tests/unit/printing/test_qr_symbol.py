"""The notice's QR symbol, made by ``printing.qrsymbol``, is reportlab's symbol module for module
(its encoder without the bit-by-bit building): same version, level, data and mask."""

from __future__ import annotations

import random
import string

import pytest
from reportlab.graphics.barcode import qrencoder

from counter_app.printing.integrity import qr_payload
from counter_app.printing.qrsymbol import qr_modules


def _reportlab_modules(payload: str, level: int, mask: int) -> list[list[bool]]:
    qr = qrencoder.QRCode(None, level)
    qr.addData(payload)
    qr.version = qr.calculate_version()
    qr.makeImpl(False, mask)
    return qr.modules


def _payloads():
    rnd = random.Random(20260305)
    yield qr_payload("FT-2026-000123", "0" * 64)
    yield qr_payload("深社保指〔2026〕123号", "ab" * 32)
    for length in (1, 2, 7, 16, 17, 30, 53, 97, 150, 300, 700):
        for alphabet in (string.digits, string.ascii_uppercase + string.digits + " $%*+-./:", string.printable,
                         "深圳社保𠮷|SM3:"):
            yield "".join(rnd.choice(alphabet) for _ in range(length))


@pytest.mark.parametrize("level", [qrencoder.QRErrorCorrectLevel.L, qrencoder.QRErrorCorrectLevel.M,
                                   qrencoder.QRErrorCorrectLevel.Q, qrencoder.QRErrorCorrectLevel.H])
def test_qr_modules_are_reportlabs_symbol(level):
    for n, payload in enumerate(_payloads()):
        mask = n % 8
        try:
            expected = _reportlab_modules(payload, level, mask)
        except Exception:     # too long for the level: reportlab cannot make it either
            continue
        assert qr_modules(payload, level, mask) == expected, (payload, level, mask)
