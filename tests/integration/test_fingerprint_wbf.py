"""Windows Biometric Framework backend: runs only on Windows counter PCs (marker ``windows``)."""

from __future__ import annotations

import sys

import pytest

pytestmark = [
    pytest.mark.windows,
    pytest.mark.skipif(sys.platform != "win32", reason="Windows Biometric Framework exists only on Windows"),
]


def test_winbio_loads_and_lists_units():
    from counter_app.devices.fingerprint.wbf import list_devices

    devices = list_devices()   # a PC without a sensor lists none, but the call must work
    assert all(d.backend == "wbf" for d in devices)


def test_open_without_sensor_or_with_sensor():
    from counter_app.devices.fingerprint.base import DeviceAbsentError
    from counter_app.devices.fingerprint.wbf import list_devices, open_device

    if not list_devices():
        with pytest.raises(DeviceAbsentError):
            open_device()
        return
    dev = open_device()
    try:
        assert dev.info.backend == "wbf"
        with pytest.raises(Exception) as info:   # no finger within 0.5 s
            dev.verify(b"WBF1" + b"\x02" + bytes(76), timeout=0.5)
        assert str(info.value)
    finally:
        dev.close()


def test_template_structure_size_matches_winbio_identity():
    import ctypes

    from counter_app.devices.fingerprint.wbf import WINBIO_IDENTITY, WINBIO_UNIT_SCHEMA

    assert ctypes.sizeof(WINBIO_IDENTITY) == 76
    assert ctypes.sizeof(WINBIO_UNIT_SCHEMA) == 20 + 5 * 512 + 8
