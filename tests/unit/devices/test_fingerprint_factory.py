"""Backend choice from settings, doctor checks, and the WBF backend's behaviour off Windows."""

from __future__ import annotations

import sys

import pytest

from counter_app.config import Settings
from counter_app.devices.fingerprint import (
    BackendUnavailableError,
    FingerprintDisabledError,
    list_fingerprint_devices,
    open_fingerprint,
)
from counter_app.devices.fingerprint.checks import checks


def _settings(backend: str) -> Settings:
    s = Settings()
    s.fingerprint.backend = backend
    return s


def test_demo_only_when_chosen():
    dev = open_fingerprint(_settings("demo"))
    try:
        assert dev.backend == "demo" and dev.info.name == "演示指纹采集器"
    finally:
        dev.close()
    [c] = checks(_settings("demo"))
    assert c.status == "warn" and "演示" in c.message


def test_backend_none_is_disabled_with_a_message():
    with pytest.raises(FingerprintDisabledError) as info:
        open_fingerprint(_settings("none"))
    assert "未启用指纹采集" in str(info.value)
    assert list_fingerprint_devices(_settings("none")) == []
    assert checks(_settings("none"))[0].status == "ok"


def test_wbf_off_windows_says_so_in_chinese(monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    with pytest.raises(BackendUnavailableError) as info:
        open_fingerprint(_settings("wbf"))
    assert "仅在 Windows 上可用" in str(info.value)
    [c] = checks(_settings("wbf"))
    assert c.status == "fail" and "Windows" in c.message and "libfprint" in c.hint


@pytest.mark.integration
def test_libfprint_doctor_fails_clearly_without_device(monkeypatch):
    monkeypatch.delenv("FP_VIRTUAL_IMAGE", raising=False)
    monkeypatch.setenv("FP_DRIVERS_ALLOWLIST", "virtual_image")
    [c] = checks(_settings("libfprint"))
    assert c.status == "fail" and c.message == "未检测到指纹采集器。"


@pytest.mark.integration
def test_libfprint_doctor_flags_the_virtual_test_device(fp_virtual_image):
    [c] = checks(_settings("libfprint"))
    assert c.status == "warn" and "virtual_image" in c.message
