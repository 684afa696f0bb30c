"""The WBF backend at its ctypes boundary (no Windows here): a function table standing in for
winbio.dll, given where wbf.py loads it (``wbf._winbio``), records what the backend passes.

Was: ``WinBioOpenSession(…, WINBIO_POOL_SYSTEM, …, WINBIO_DB_DEFAULT, …)`` — applicants' fingers went
into the Windows sign-in (Windows Hello) pool of the clerk's account, under the clerk's SID. Now: a
private pool on the unit, on the database the installer configured (``[fingerprint] wbf_database``),
a GUID identity per enrolment; without that setting enrolment and verification are refused."""

from __future__ import annotations

import ctypes
import uuid

import pytest

from counter_app.config import ConfigError, Settings
from counter_app.devices.fingerprint import open_fingerprint, wbf
from counter_app.devices.fingerprint.base import Finger, TemplateError
from counter_app.devices.fingerprint.checks import checks

DATABASE = "{5A1C6B0E-3F2D-4C8B-9E7A-0123456789AB}"


class FakeWinBio:
    """The winbio.dll functions wbf.py calls; out-parameters filled as WBF fills them."""

    def __init__(self, unit_ids=(3,)):
        self.calls: list[tuple] = []
        self.units = (wbf.WINBIO_UNIT_SCHEMA * len(unit_ids))()
        for u, unit_id in zip(self.units, unit_ids, strict=True):
            u.UnitId, u.PoolType, u.Description = unit_id, wbf.WINBIO_POOL_SYSTEM, "指纹采集器"
        self.enrolled = uuid.uuid4()

    def WinBioFree(self, p):
        pass

    def WinBioEnumBiometricUnits(self, factor, units, count):
        units._obj.contents = self.units[0]
        count._obj.value = len(self.units)
        return 0

    def WinBioOpenSession(self, factor, pool, flags, units, count, database, session):
        n = count.value
        self.calls.append(("open", factor, pool, flags, list(units[:n]) if units else None, n,
                           uuid.UUID(bytes_le=bytes(database._obj))))
        session._obj.value = 42
        return 0

    def WinBioEnrollBegin(self, session, subfactor, unit_id):
        self.calls.append(("begin", session.value, subfactor.value, unit_id))
        return 0

    def WinBioEnrollCapture(self, session, reject):
        return 0

    def WinBioEnrollCommit(self, session, identity, is_new):
        ident = identity._obj
        ident.Type = wbf.WINBIO_ID_TYPE_GUID
        ctypes.memmove(ident.Value.TemplateGuid, self.enrolled.bytes_le, 16)
        is_new._obj.value = 1
        self.calls.append(("commit",))
        return 0

    def WinBioEnrollDiscard(self, session):
        return 0

    def WinBioVerify(self, session, identity, subfactor, unit, match, reject):
        ident = identity._obj
        self.calls.append(("verify", ident.Type, uuid.UUID(bytes_le=bytes(ident.Value.TemplateGuid)), subfactor.value))
        match._obj.value = 1
        return 0

    def WinBioCancel(self, session):
        return 0

    def WinBioCloseSession(self, session):
        return 0


@pytest.fixture
def winbio(monkeypatch):
    fake = FakeWinBio()
    monkeypatch.setattr(wbf, "_winbio", lambda: fake)
    return fake


def _settings(database: str = "") -> Settings:
    s = Settings()
    s.fingerprint.backend = "wbf"
    s.fingerprint.wbf_database = database
    return s


def test_enrolment_and_verification_use_a_private_pool_on_the_configured_database(winbio):
    dev = open_fingerprint(_settings(DATABASE))
    try:
        [opened] = [c for c in winbio.calls if c[0] == "open"]
        assert opened == ("open", wbf.WINBIO_TYPE_FINGERPRINT, wbf.WINBIO_POOL_PRIVATE, wbf.WINBIO_FLAG_DEFAULT,
                          [3], 1, uuid.UUID(DATABASE.strip("{}")))
        result = dev.enroll(Finger.left_index)
        assert ("begin", 42, 7, 3) in winbio.calls
        assert result.template[:5] == b"WBF1\x07" and len(result.template) == 5 + ctypes.sizeof(wbf.WINBIO_IDENTITY)
        identity = wbf.WINBIO_IDENTITY.from_buffer_copy(result.template[5:])
        assert identity.Type == wbf.WINBIO_ID_TYPE_GUID                     # a GUID of its own, not the clerk's SID
        assert uuid.UUID(bytes_le=bytes(identity.Value.TemplateGuid)) == winbio.enrolled
        assert dev.verify(result.template).match
        assert winbio.calls[-1] == ("verify", wbf.WINBIO_ID_TYPE_GUID, winbio.enrolled, 7)
    finally:
        dev.close()
    assert all(c[2] != wbf.WINBIO_POOL_SYSTEM for c in winbio.calls if c[0] == "open")


def test_without_a_private_database_nothing_is_opened_and_the_setting_is_named(winbio):
    with pytest.raises(wbf.WbfDatabaseMissingError) as info:
        open_fingerprint(_settings(""))
    assert "wbf_database" in str(info.value) and "wbf_database" in info.value.hint
    assert not [c for c in winbio.calls if c[0] == "open"]               # never the system pool instead
    dev = wbf.WbfDevice(winbio, winbio.units[0])                          # built without one: refuses too
    with pytest.raises(wbf.WbfDatabaseMissingError):
        dev.open()
    with pytest.raises(wbf.WbfDatabaseMissingError):
        dev.enroll(Finger.right_index)
    [c] = checks(_settings(""))
    assert c.status == "fail" and "wbf_database" in c.message
    [ok] = checks(_settings(DATABASE))
    assert ok.status == "ok"


def test_a_reference_enrolled_into_the_windows_account_is_refused(winbio):
    """An earlier release's reference names the clerk's SID: it is not matched, it is refused."""
    dev = open_fingerprint(_settings(DATABASE))
    try:
        sid = wbf.WINBIO_IDENTITY()
        sid.Type = wbf.WINBIO_ID_TYPE_SID
        with pytest.raises(TemplateError, match="重新采集"):
            dev.verify(b"WBF1\x02" + bytes(sid))
        assert not [c for c in winbio.calls if c[0] == "verify"]
    finally:
        dev.close()


@pytest.mark.parametrize("value", ["not-a-guid", "{00000000-0000-0000-0000-000000000000}", "{5A1C6B0E-3F2D-4C8B"])
def test_the_database_setting_is_validated(value):
    with pytest.raises(ConfigError, match="fingerprint.wbf_database"):
        Settings.from_dict({"fingerprint": {"backend": "wbf", "wbf_database": value}})
    assert Settings.from_dict({"fingerprint": {"wbf_database": DATABASE.strip("{}")}}).fingerprint.wbf_database


def test_windows_defaults_to_wbf_and_lists_it_first():
    from counter_app.config import FingerprintBackend, default_fingerprint_backend
    from counter_app.workflows.first_run import fingerprint_backends

    assert default_fingerprint_backend("win32") is FingerprintBackend.wbf
    assert default_fingerprint_backend("linux") is FingerprintBackend.libfprint
    assert fingerprint_backends("win32")[0][0] is FingerprintBackend.wbf
    assert fingerprint_backends("linux")[0][0] is FingerprintBackend.libfprint
    assert {b for b, _ in fingerprint_backends("win32")} == {b for b, _ in fingerprint_backends("linux")}


def test_libfprint_on_windows_names_the_setting_to_change(monkeypatch):
    import sys

    from counter_app.devices.fingerprint.base import BackendUnavailableError
    from counter_app.devices.fingerprint.libfprint import load_fprint

    monkeypatch.setitem(sys.modules, "gi", None)          # the Windows bundle has no PyGObject
    monkeypatch.setattr(sys, "platform", "win32")
    with pytest.raises(BackendUnavailableError) as info:
        load_fprint()
    assert 'backend = "wbf"' in info.value.hint
