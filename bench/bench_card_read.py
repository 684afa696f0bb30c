"""``bench card-read``: a full social security card read through the project's PC/SC backend
against a raw pyscard loop sending the same 16 APDUs, on the same emulated card (pcscd + vpcd)
in the same run. Both keep one PC/SC context and connect / disconnect once per read. Medians
over many reads, interleaved so machine noise hits both alike."""

from __future__ import annotations

import statistics
import time

from bench.common import BenchResult

READS = 300


def run() -> BenchResult:
    from tests.support.pcsc import VpcdLock

    with VpcdLock():
        return _measure()


def _measure() -> BenchResult:
    from smartcard.System import readers

    from counter_app.devices.card.pcsc import PcscCardReader, full_read_apdus
    from tests.support.card_emulator import CardProfile
    from tests.support.pcsc import VPCD_READER, VirtualCardSlot, ensure_pcscd

    service = ensure_pcscd()
    slot = VirtualCardSlot()
    try:
        slot.insert(CardProfile(name="王𠮷"))
        ours_reader = PcscCardReader(VPCD_READER)
        raw_reader = next(r for r in readers() if str(r) == VPCD_READER)
        apdus = full_read_apdus()
        conn = raw_reader.createConnection()

        def ours():
            return ours_reader.read()

        def baseline():
            conn.connect()
            out = [conn.transmit(apdu) for apdu in apdus]
            conn.disconnect()
            return out

        assert ours().name == "王𠮷"
        assert all((sw1, sw2) == (0x90, 0x00) for _, sw1, sw2 in baseline())
        for _ in range(20):                         # warm both paths
            ours(), baseline()
        t_ours, t_base = [], []
        for _ in range(READS):
            t0 = time.perf_counter()
            ours()
            t1 = time.perf_counter()
            baseline()
            t2 = time.perf_counter()
            t_ours.append(t1 - t0)
            t_base.append(t2 - t1)
        ours_reader.close()
        conn.release()
    finally:
        slot.remove(wait=False)
        service.stop()
    p90 = lambda xs: sorted(xs)[int(len(xs) * 0.9)] * 1000
    return BenchResult(
        "card-read", statistics.median(t_ours), statistics.median(t_base), 1.2,
        extra=[(f"{len(apdus)} APDUs per read, {READS} reads each; medians {statistics.median(t_ours) * 1e6:.0f}us "
                f"vs {statistics.median(t_base) * 1e6:.0f}us; p90 {p90(t_ours):.2f}ms vs {p90(t_base):.2f}ms")],
    )
