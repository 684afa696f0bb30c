"""全国统一读卡接口 backend against a library built by the test from C source (gcc)."""

from __future__ import annotations

import ctypes.util
import json
import os
from datetime import date

import pytest

from counter_app.config import Settings
from counter_app.devices.card import errors as E
from counter_app.devices.card import open_card_reader
from counter_app.devices.card.unified import UnifiedCardReader
from tests.support import unified_lib
from tests.support.cli import run_cli

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]


@pytest.fixture(scope="module")
def libs(tmp_path_factory):
    d = tmp_path_factory.mktemp("unified-lib")
    return {"plain": unified_lib.build(d), "hsm": unified_lib.build(d, hsm=True)}


@pytest.fixture
def script(tmp_path, monkeypatch):
    path = tmp_path / "answer"
    monkeypatch.setenv("SSCARD_FAKE_SCRIPT", str(path))
    return path


def _settings(lib, itype=3) -> Settings:
    return Settings.from_dict({"card": {"backend": "unified", "unified_library": str(lib), "unified_itype": itype}})


def test_read_parses_the_fields_and_passes_the_configured_itype(libs, script):
    unified_lib.write_script(script, 0, unified_lib.unified_line(
        number="440305199203010040", name="刘𠮷龑", card_number="C22222222", expiry="20320301"))
    reader = open_card_reader(_settings(libs["plain"], itype=2))
    rec = reader.read()
    assert isinstance(reader, UnifiedCardReader)
    assert rec.social_security_number == "440305199203010040" and rec.name == "刘𠮷龑"
    assert rec.sex == "female" and rec.birth_date == date(1992, 3, 1)
    assert rec.card_number == "C22222222" and rec.expiry_date == date(2032, 3, 1)
    assert rec.reset_info == "3B6800008073C8211300000A" and rec.source == "unified"
    assert unified_lib.calls(script) == [2]


def test_non_zero_return_reports_the_vendor_text(libs, script):
    unified_lib.write_script(script, -11, "读卡器连接失败，请检查端口")
    with pytest.raises(E.UnifiedReaderError) as exc:
        UnifiedCardReader(str(libs["plain"])).read()
    assert exc.value.return_code == -11
    assert "读卡器连接失败，请检查端口" in exc.value.message and "-11" in exc.value.message


def test_no_card_answer_is_retried_until_the_timeout(libs, script):
    unified_lib.write_script(script, -2, "读卡器内无卡")
    with pytest.raises(E.NoCardError) as exc:
        UnifiedCardReader(str(libs["plain"]), 1).read(timeout=0.7)
    assert "读卡器内无卡" in exc.value.hint
    assert len(unified_lib.calls(script)) >= 2


def test_third_generation_card_without_hsm(libs, script):
    unified_lib.write_script(script, 0, unified_lib.unified_line(number="", name="", version="3.00"))
    with pytest.raises(E.HsmRequiredError) as exc:
        UnifiedCardReader(str(libs["plain"])).read()
    assert "iReadCardBas_HSM_Step1" in exc.value.hint
    assert not UnifiedCardReader(str(libs["plain"])).has_hsm()
    assert UnifiedCardReader(str(libs["hsm"])).has_hsm()


def test_library_problems_are_clear(tmp_path):
    with pytest.raises(E.UnifiedLibraryError, match="未配置"):
        UnifiedCardReader("").read()
    with pytest.raises(E.UnifiedLibraryError, match="不存在"):
        UnifiedCardReader(str(tmp_path / "nope.so")).read()
    (tmp_path / "junk.so").write_bytes(b"not a library")
    with pytest.raises(E.UnifiedLibraryError, match="无法加载"):
        UnifiedCardReader(str(tmp_path / "junk.so")).read()
    libm = ctypes.util.find_library("m")
    libm_path = next((p for p in (f"/lib/x86_64-linux-gnu/{libm}", f"/usr/lib/x86_64-linux-gnu/{libm}") if os.path.exists(p)), None)
    if libm_path:
        with pytest.raises(E.UnifiedLibraryError, match="iReadCardBas"):
            UnifiedCardReader(libm_path).read()


def test_doctor_check_and_cli(libs, script, app_home, signed_in):
    from counter_app.config import save_settings
    from counter_app.devices.checks import _card_checks
    from counter_app.paths import app_paths

    settings = _settings(libs["hsm"], itype=4)
    by_name = {c.name: c for c in _card_checks(settings)}
    assert by_name["unified_reader"].status == "ok" and "iType=4" in by_name["unified_reader"].message
    bad = {c.name: c for c in _card_checks(_settings(app_home / "missing.so"))}
    assert bad["unified_reader"].status == "fail" and "不存在" in bad["unified_reader"].message

    save_settings(settings, app_paths().config_file)
    unified_lib.write_script(script, 0, unified_lib.unified_line(expiry="20200101"))
    proc = run_cli(None, "card", "read", "--json", timeout=30)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["name"] == "王龑" and out["expired"] is True and out["expiry_date"] == "2020-01-01"
    assert out["sex"] == "female" and out["birth_date"] == "1949-12-31"


def test_watch_polls_for_insert_and_removal(libs, script):
    import threading

    unified_lib.write_script(script, -2, "未插卡")
    reader = UnifiedCardReader(str(libs["plain"]))
    reader.watch_interval = 0.05
    events, inserted, removed, errored = [], threading.Event(), threading.Event(), threading.Event()
    watch = reader.watch(lambda rec: (events.append(rec.name), inserted.set()),
                         lambda: (events.append("removed"), removed.set()),
                         lambda err: (events.append(err.code), errored.set()))
    try:
        unified_lib.write_script(script, 0, unified_lib.unified_line(name="王𠮷"))
        assert inserted.wait(3)
        unified_lib.write_script(script, -2, "未插卡")
        assert removed.wait(3)
        unified_lib.write_script(script, -11, "读卡器连接失败")
        assert errored.wait(3)
    finally:
        watch.stop()
    assert events[:3] == ["王𠮷", "removed", "unified_reader"]
    assert events.count("unified_reader") == 1          # a lasting problem is reported once
