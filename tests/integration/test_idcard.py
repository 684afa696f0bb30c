"""居民身份证 reader backends against vendor libraries built by the test from C source (gcc),
loaded through the same ctypes path as the real libsdtapi.so / JSON libraries."""

from __future__ import annotations

import base64
import ctypes.util
import json
import os
import threading
from datetime import date

import pytest

from counter_app.config import Settings
from counter_app.devices.idcard import errors as E
from counter_app.devices.idcard import open_idcard_reader
from counter_app.devices.idcard.jsonlib import JsonIdCardReader
from counter_app.devices.idcard.sdtapi import SdtapiIdCardReader
from tests.support import idcard_lib
from tests.support.cli import run_cli

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]


@pytest.fixture(scope="module")
def libs(tmp_path_factory):
    d = tmp_path_factory.mktemp("idcard-lib")
    return {k: idcard_lib.build(d, k) for k in ("sdtapi", "sdtapi_photo", "json")}


@pytest.fixture
def dev(tmp_path, monkeypatch):
    """The emulated reader's state directory (IDCARD_FAKE_DIR); a reader on USB port 1001."""
    d = tmp_path / "reader"
    d.mkdir()
    monkeypatch.setenv("IDCARD_FAKE_DIR", str(d))
    idcard_lib.plug(d, 1001)
    return d


def _settings(lib, **idcard) -> Settings:
    return Settings.from_dict({"idcard": {"backend": "sdtapi", "library": str(lib), **idcard}})


def test_sdtapi_read_decodes_every_field(libs, dev):
    idcard_lib.place_card(dev)
    reader = open_idcard_reader(_settings(libs["sdtapi"]))
    rec = reader.read()
    assert isinstance(reader, SdtapiIdCardReader)
    assert rec.name == "王𠮷龑" and rec.id_number == "11010519491231002X"
    assert rec.sex == "male" and rec.ethnicity_code == "05" and rec.ethnicity == "维吾尔族"
    assert rec.birth_date == date(1949, 12, 31) and rec.address == "广东省深圳市福田区福华三路1号"
    assert rec.issuing_authority == "深圳市公安局福田分局"
    assert (rec.valid_from, rec.valid_until, rec.long_term) == (date(2015, 1, 1), date(2035, 1, 1), False)
    assert rec.photo == b"" and rec.source == "sdtapi"
    assert [c[0] for c in idcard_lib.calls(dev)] == ["SDT_OpenPort", "SDT_StartFindIDCard", "SDT_SelectIDCard",
                                                     "SDT_ReadBaseMsg", "SDT_ClosePort"]


def test_long_term_validity_and_female_code(libs, dev):
    idcard_lib.place_card(dev, name="李娜", sex="2", ethnicity="01", id_number="440305199203010040",
                          birth="19920301", valid_from="20100301", valid_until="长期")
    rec = SdtapiIdCardReader(str(libs["sdtapi"])).read()
    assert rec.sex == "female" and rec.ethnicity == "汉族"
    assert rec.long_term and rec.valid_until is None and not rec.is_expired(date(2099, 1, 1))
    assert rec.validity_text() == "2010-03-01 至 长期"


def test_expired_card_is_flagged_but_still_read(libs, dev):
    idcard_lib.place_card(dev, valid_from="20000101", valid_until="20200101")
    rec = SdtapiIdCardReader(str(libs["sdtapi"])).read()
    assert rec.is_expired(date(2026, 12, 1)) and not rec.is_expired(date(2020, 1, 1))
    assert "已过有效期" in rec.warnings(date(2026, 12, 1))[0]


def test_port_is_searched_usb_first_and_remembered(libs, dev):
    idcard_lib.plug(dev, 3)                    # a serial reader on COM3
    idcard_lib.place_card(dev)
    reader = SdtapiIdCardReader(str(libs["sdtapi"]))
    reader.read()
    opens = [p for n, p in idcard_lib.calls(dev) if n == "SDT_OpenPort"]
    assert opens == list(range(1001, 1017)) + [1, 2, 3]
    reader.read()
    opens = [p for n, p in idcard_lib.calls(dev) if n == "SDT_OpenPort"]
    assert opens[-1] == 3 and len(opens) == 20              # the second read tries COM3 first


def test_configured_port_only(libs, dev):
    idcard_lib.place_card(dev)
    with pytest.raises(E.IdNoReaderError, match="端口 1002"):
        open_idcard_reader(_settings(libs["sdtapi"], port=1002)).read()
    assert [p for n, p in idcard_lib.calls(dev) if n == "SDT_OpenPort"] == [1002]


def test_photo_decoded_by_the_vendor_getbmp(libs, dev):
    wlt = b"WLT!" + bytes(range(256)) * 4
    idcard_lib.place_card(dev, photo=wlt[:1024])
    reader = SdtapiIdCardReader(str(libs["sdtapi_photo"]))
    assert reader.photo_support() == "GetBmp"
    rec = reader.read()
    assert rec.photo_format == "bmp" and rec.photo.startswith(b"BM")
    assert rec.photo[58:] == wlt[:1024]          # the vendor decoder saw exactly the module's wlt block
    assert SdtapiIdCardReader(str(libs["sdtapi"])).photo_support() == ""


def test_no_reader(libs, dev):
    idcard_lib.unplug(dev)
    with pytest.raises(E.IdNoReaderError) as exc:
        SdtapiIdCardReader(str(libs["sdtapi"])).read()
    assert "未找到身份证阅读器" in exc.value.message and "USB" in exc.value.message


def test_no_card_is_retried_until_the_timeout(libs, dev):
    with pytest.raises(E.IdNoCardError) as exc:
        SdtapiIdCardReader(str(libs["sdtapi"])).read(timeout=0.5)
    assert "找卡不成功" in exc.value.hint
    assert sum(1 for n, _ in idcard_lib.calls(dev) if n == "SDT_StartFindIDCard") >= 2


def test_card_placed_during_the_wait_is_read(libs, dev):
    timer = threading.Timer(0.3, lambda: idcard_lib.place_card(dev))
    timer.start()
    try:
        rec = SdtapiIdCardReader(str(libs["sdtapi"])).read(timeout=5)
    finally:
        timer.cancel()
    assert rec.id_number == "11010519491231002X"


def test_read_failure_names_the_vendor_code(libs, dev):
    idcard_lib.place_card(dev)
    idcard_lib.set_read_rc(dev, 0x41)
    with pytest.raises(E.IdReadError) as exc:
        SdtapiIdCardReader(str(libs["sdtapi"])).read()
    assert "读卡操作失败" in exc.value.message and "0x41" in exc.value.message
    assert exc.value.as_dict()["error"] == "idcard_read"


def test_bad_card_data(libs, dev):
    idcard_lib.place_card(dev, id_number="110105194912310021")            # wrong check digit
    with pytest.raises(E.IdDataError, match="公民身份号码无效"):
        SdtapiIdCardReader(str(libs["sdtapi"])).read()
    idcard_lib.place_raw_card(dev, b"\x00\xd8" * 128)                      # a lone surrogate: not UCS-2
    with pytest.raises(E.IdDataError, match="UCS-2"):
        SdtapiIdCardReader(str(libs["sdtapi"])).read()


def test_library_problems_are_clear(tmp_path, libs):
    with pytest.raises(E.IdLibraryError, match="不存在"):
        SdtapiIdCardReader(str(tmp_path / "nope.so")).read()
    with pytest.raises(E.IdLibraryError, match="系统库路径中找不到 libsdtapi.so"):
        open_idcard_reader(Settings.from_dict({"idcard": {"backend": "sdtapi"}})).read()   # no library: libsdtapi.so by name
    (tmp_path / "junk.so").write_bytes(b"not a library")
    with pytest.raises(E.IdLibraryError, match="无法加载"):
        SdtapiIdCardReader(str(tmp_path / "junk.so")).read()
    with pytest.raises(E.IdLibraryError, match="SDT_OpenPort"):
        SdtapiIdCardReader(str(libs["json"])).read()                      # a JSON library configured as sdtapi
    with pytest.raises(E.IdLibraryError, match="未启用"):
        open_idcard_reader(Settings())                                    # the default: no reader at this window
    libm = ctypes.util.find_library("m")
    libm_path = next((p for p in (f"/lib/x86_64-linux-gnu/{libm}", f"/usr/lib/x86_64-linux-gnu/{libm}") if os.path.exists(p)), None)
    if libm_path:
        with pytest.raises(E.IdLibraryError, match="ReadIDCardJson"):
            JsonIdCardReader(libm_path).read()


# -- the JSON-returning vendor library -------------------------------------------------------

def _json_settings(lib) -> Settings:
    return Settings.from_dict({"idcard": {"backend": "json", "library": str(lib)}})


def test_json_backend_reads_vendor_keys_and_photo(libs, dev):
    png = b"\x89PNG\r\n\x1a\n" + b"photo"
    idcard_lib.set_json(dev, {"code": 0, "message": "成功", "data": {
        "partyName": "张三", "gender": "男", "nation": "汉", "born": "1985-07-12", "address": "深圳市南山区",
        "cardNo": "440305198507120017", "police": "深圳市公安局南山分局", "userLifeBegin": "2016.03.01",
        "userLifeEnd": "2036.03.01", "photo": base64.b64encode(png).decode()}})
    reader = open_idcard_reader(_json_settings(libs["json"]))
    rec = reader.read()
    assert isinstance(reader, JsonIdCardReader) and rec.source == "json"
    assert (rec.name, rec.sex, rec.ethnicity_code, rec.ethnicity) == ("张三", "male", "01", "汉族")
    assert rec.birth_date == date(1985, 7, 12) and rec.valid_until == date(2036, 3, 1)
    assert rec.photo == png and rec.photo_format == "png"


def test_json_backend_errors(libs, dev):
    reader = JsonIdCardReader(str(libs["json"]))
    idcard_lib.set_json(dev, {"code": 128, "message": "找卡失败，请放卡"})
    with pytest.raises(E.IdNoCardError) as exc:
        reader.read()
    assert "找卡失败" in exc.value.hint
    (dev / "json").unlink()                                   # the library says it found no device
    with pytest.raises(E.IdNoReaderError, match="未找到设备"):
        reader.read()
    idcard_lib.set_json(dev, {"errCode": 65, "errMsg": "读卡操作失败"})
    with pytest.raises(E.IdReadError, match="65"):
        reader.read()
    idcard_lib.set_json(dev, "{not json")
    with pytest.raises(E.IdDataError, match="JSON"):
        reader.read()


# -- doctor, CLI, watcher ---------------------------------------------------------------------

def test_doctor_check(libs, dev, tmp_path):
    from counter_app.devices.idcard.checks import checks

    [ok] = checks(_settings(libs["sdtapi_photo"]))
    assert ok.status == "ok" and "端口 1001" in ok.message and "GetBmp" in ok.message
    [bad] = checks(_settings(tmp_path / "missing.so"))
    assert bad.status == "fail" and "不存在" in bad.message and "idcard" in bad.hint
    idcard_lib.unplug(dev)
    [noport] = checks(_settings(libs["sdtapi"]))
    assert noport.status == "fail" and "未找到身份证阅读器" in noport.message


def _cli(*args):
    return run_cli(None, "idcard", *args, timeout=30)   # the app_home fixture's workstation


def test_cli_read_json_and_failures(libs, dev, app_home, signed_in, tmp_path):
    from counter_app.config import save_settings
    from counter_app.paths import app_paths

    save_settings(_settings(libs["sdtapi_photo"]), app_paths().config_file)
    idcard_lib.place_card(dev, valid_until="20200101", photo=b"W" * 1024)
    photo = tmp_path / "zp.bmp"
    proc = _cli("read", "--json", "--timeout", "0", "--photo", str(photo))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["name"] == "王𠮷龑" and out["ethnicity"] == "维吾尔族" and out["expired"] is True
    assert out["valid_until"] == "2020-01-01" and out["photo_format"] == "bmp"
    assert photo.read_bytes().startswith(b"BM")
    assert os.stat(photo).st_mode & 0o777 == 0o600             # a face: owner only

    proc = _cli("read", "--timeout", "0")                      # human output masks the person
    assert proc.returncode == 0 and "11010519491231002X" not in proc.stdout and "已过有效期" in proc.stdout
    from counter_app.cli._common import open_store
    from counter_app.storage.audit import AuditRow

    store = open_store()
    try:
        with store.session() as s:
            reads = [(r.action, r.object_type, r.object_id, r.actor) for r in s.query(AuditRow).order_by(AuditRow.seq)]
    finally:
        store.close()
    captures = [r for r in reads if r[0] == "device.capture"]
    reads = [r for r in reads if r[0] != "device.capture"]
    assert len(reads) == 2 and all(r[:2] == ("card.read", "idcard") for r in reads)    # each read audited
    assert captures == [("device.capture", "idcard_photo", "zp.bmp", "clerk01")]     # the photo file too
    assert all(r[3] == "clerk01" for r in reads)                                       # as the signed-in user
    assert all("11010519491231002X" not in r[2] and r[2].startswith("110105") for r in reads)   # masked

    # the photo file is there now: not written over (nor the card read) without --force
    photo.write_bytes(b"earlier")
    proc = _cli("read", "--json", "--timeout", "0", "--photo", str(photo))
    assert proc.returncode == 1 and json.loads(proc.stdout)["message"].startswith("文件已存在")
    assert photo.read_bytes() == b"earlier" and "11010519491231002X" not in proc.stdout
    proc = _cli("read", "--json", "--timeout", "0", "--photo", str(photo), "--force")
    assert proc.returncode == 0 and photo.read_bytes().startswith(b"BM") and os.stat(photo).st_mode & 0o777 == 0o600

    idcard_lib.remove_card(dev)
    proc = _cli("read", "--json", "--timeout", "0")
    assert proc.returncode == 1 and json.loads(proc.stdout)["error"] == "idcard_no_card"
    save_settings(_settings(tmp_path / "nope.so"), app_paths().config_file)
    proc = _cli("read", "--timeout", "0")
    assert proc.returncode == 1 and "身份证阅读器动态库不存在" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("fields, label, said", [
    (dict(name="王\x1b[31m"), "姓名含控制字符", "姓名含控制字符（U+001B）"),
    (dict(valid_from="20250101", valid_until="20150101"), "有效期起始日期晚于截止日期",
     "有效期起始日期（2025-01-01）晚于截止日期（2015-01-01）"),
    (dict(id_number="110105194912310021"), "公民身份号码无效", "公民身份号码无效"),
], ids=["control_chars", "validity", "check_digit"])
def test_cli_read_of_a_refused_id_card_is_audited_as_a_failed_read(libs, dev, app_home, signed_in, fields, label, said):
    """Was: ``idcard read`` refused the card (exit 1) but left nothing on the audit trail, while
    ``card read`` audits a refused social security card as a failed read. Now the same path: a
    failed card.read naming the problem only, none of the card's data."""
    from counter_app.cli._common import open_store
    from counter_app.config import save_settings
    from counter_app.paths import app_paths
    from counter_app.storage.audit import AuditRow

    save_settings(_settings(libs["sdtapi"]), app_paths().config_file)
    values = idcard_lib.place_card(dev, **fields)
    proc = _cli("read", "--json", "--timeout", "0")
    assert proc.returncode == 1, proc.stdout
    out = json.loads(proc.stdout)
    assert out["error"] == "idcard_data" and said in out["message"] and "\x1b" not in proc.stdout
    proc = _cli("read", "--timeout", "0")
    assert proc.returncode == 1 and said in proc.stderr
    store = open_store()
    try:
        with store.session() as s:
            rows = [(r.action, r.object_type, r.object_id, r.result, r.detail, r.actor)
                    for r in s.query(AuditRow).order_by(AuditRow.seq)]
    finally:
        store.close()
    assert len(rows) == 2
    for action, object_type, object_id, result, detail, actor in rows:
        assert (action, object_type, object_id, result, actor) == ("card.read", "idcard", "", "failed", "clerk01")
        assert detail == f"命令行读居民身份证：卡内数据有误：{label}"
        assert values["id_number"] not in detail and "王" not in detail and "2025" not in detail


def test_cli_read_with_nobody_signed_in_reads_nothing(libs, dev, app_home, tmp_path):
    """Nobody signed in: the ID card is not read (exit 1, 未登录; under --json the device errors'
    shape, error "not_signed_in"), no photo written, no audit record (was: read, audited with an
    empty actor)."""
    from counter_app.cli._common import open_store
    from counter_app.config import save_settings
    from counter_app.paths import app_paths
    from counter_app.storage.audit import AuditRow

    from tests.conftest import sign_in

    save_settings(_settings(libs["sdtapi_photo"]), app_paths().config_file)
    idcard_lib.place_card(dev, photo=b"W" * 1024)
    sign_in(None)
    photo = tmp_path / "zp.bmp"
    proc = _cli("read", "--json", "--timeout", "0", "--photo", str(photo))
    assert proc.returncode == 1, proc.stderr
    out = json.loads(proc.stdout)
    assert out["ok"] is False and out["error"] == "not_signed_in" and "未登录" in out["message"]
    assert "11010519491231002X" not in proc.stdout and "王" not in proc.stdout and not photo.exists()
    proc = _cli("read", "--timeout", "0")
    assert proc.returncode == 1 and "未登录" in proc.stderr and "counter-app login" in proc.stderr
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    store = open_store()
    try:
        with store.session() as s:
            assert s.query(AuditRow).count() == 0
    finally:
        store.close()


def test_watch_reports_placed_and_removed_cards(libs, dev):
    reader = SdtapiIdCardReader(str(libs["sdtapi"]))
    reader.watch_interval = 0.05
    events, placed, removed, errored = [], threading.Event(), threading.Event(), threading.Event()
    watch = reader.watch(lambda rec: (events.append(rec.name), placed.set()),
                         lambda: (events.append("removed"), removed.set()),
                         lambda err: (events.append(err.code), errored.set()))
    try:
        idcard_lib.place_card(dev, name="赵六")
        assert placed.wait(3)
        idcard_lib.remove_card(dev)
        assert removed.wait(3)
        idcard_lib.unplug(dev)
        assert errored.wait(3)
    finally:
        watch.stop()
    assert events[:3] == ["赵六", "removed", "idcard_no_reader"]


def test_watch_on_a_module_that_loses_a_card_left_on_it(libs, dev):
    """0x80 every other poll for a card that never moved: one insert, no removal, no re-fill."""
    import time

    idcard_lib.set_flaky(dev)
    reader = SdtapiIdCardReader(str(libs["sdtapi"]))
    reader.watch_interval = 0.03
    events = []
    watch = reader.watch(lambda rec: events.append(rec.name), lambda: events.append("removed"), events.append)
    try:
        idcard_lib.place_card(dev, name="赵六")
        deadline = time.monotonic() + 3
        while sum(1 for n, _ in idcard_lib.calls(dev) if n == "SDT_StartFindIDCard") < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert events == ["赵六"]
        idcard_lib.place_card(dev, name="钱七", id_number="440305199203010040")     # swapped between two polls
        deadline = time.monotonic() + 3
        while len(events) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert events == ["赵六", "removed", "钱七"]
        idcard_lib.remove_card(dev)
        deadline = time.monotonic() + 3
        while len(events) < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
        assert events == ["赵六", "removed", "钱七", "removed"]
    finally:
        watch.stop()


def test_the_photo_for_the_vendor_decoder_lies_in_a_private_runtime_folder_removed_after(libs, dev, tmp_path, monkeypatch):
    """GetBmp takes a path: the card's photo is written 0600 in a 0700 folder under XDG_RUNTIME_DIR
    (the session's tmpfs), gone after the read; a folder a killed reader left (older than ten
    minutes) is cleared at the next read."""
    import stat
    import time

    runtime = tmp_path / "run-user"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    stale = runtime / "idcard-stale"
    stale.mkdir(mode=0o700)
    (stale / "zp.wlt").write_bytes(b"old photo")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    seen = []
    real_open = os.open

    def spy(path, flags, mode=0o777, *a, **k):
        fd = real_open(path, flags, mode, *a, **k)
        if str(path).endswith("zp.wlt"):
            seen.append((str(path), stat.S_IMODE(os.stat(path).st_mode), stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode)))
        return fd

    monkeypatch.setattr(os, "open", spy)
    idcard_lib.place_card(dev, photo=b"WLT!" + bytes(100))
    rec = SdtapiIdCardReader(str(libs["sdtapi_photo"])).read()
    assert rec.photo.startswith(b"BM")
    assert len(seen) == 1
    path, file_mode, dir_mode = seen[0]
    assert path.startswith(str(runtime) + os.sep) and file_mode == 0o600 and dir_mode == 0o700
    assert list(runtime.iterdir()) == []                      # removed, and the stale one too


def test_impossible_id_card_data_fails_and_contradictions_warn(libs, dev):
    """Was: a name with control characters and validity that ends before it starts read as good;
    a birth date contradicting the number shown without a word."""
    reader = SdtapiIdCardReader(str(libs["sdtapi"]))
    idcard_lib.place_card(dev, name="王\x1b[31m")
    with pytest.raises(E.IdDataError, match=r"姓名含控制字符（U\+001B）") as exc:
        reader.read()
    assert "\x1b" not in exc.value.message
    idcard_lib.place_card(dev, valid_from="20250101", valid_until="20150101")
    with pytest.raises(E.IdDataError, match="有效期起始日期（2025-01-01）晚于截止日期（2015-01-01）"):
        reader.read()
    idcard_lib.place_card(dev, birth="19800101", sex="2")
    rec = reader.read()
    assert rec.birth_date == date(1980, 1, 1)
    [warning] = rec.warnings(date(2026, 12, 1))
    assert "出生日期（1980-01-01）与公民身份号码中的出生日期（1949-12-31）不一致" in warning
    idcard_lib.place_card(dev, sex="1")
    assert any("性别与公民身份号码不一致" in w for w in reader.read().warnings(date(2026, 12, 1)))


# ---- Windows behaviour, simulated (no Windows here): no os.getuid, an ANSI (CP936) DLL path ----

@pytest.fixture
def cp936_mbcs():
    """The "mbcs" codec of a Chinese Windows (its ANSI code page is CP936), registered for the test."""
    import codecs

    def search(name):
        return codecs.lookup("gbk") if name == "mbcs" else None

    codecs.register(search)
    yield
    codecs.unregister(search)


def test_a_read_on_windows_with_a_photo_folder_left_in_temp_still_decodes(libs, dev, tmp_path, monkeypatch):
    """Was: os.getuid (Unix only) was called on every leftover idcard-* folder in %TEMP%, so a read
    after a killed one raised AttributeError and lost the whole card, not just its photo."""
    import time

    monkeypatch.delattr(os, "getuid")
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    temp = tmp_path / "Temp"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    stale = temp / "idcard-left-by-a-killed-read"
    stale.mkdir()
    (stale / "zp.wlt").write_bytes(b"old photo")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    idcard_lib.place_card(dev, photo=b"WLT!" + bytes(100))
    rec = SdtapiIdCardReader(str(libs["sdtapi_photo"])).read()
    assert rec.id_number == "11010519491231002X" and rec.photo.startswith(b"BM")
    assert list(temp.iterdir()) == []


def test_the_photo_path_goes_to_an_ansi_dll_in_the_windows_code_page(monkeypatch, cp936_mbcs):
    """Was: ``path.encode()`` (UTF-8): a CP936 DLL read C:\\Users\\张丽\\… as C:\\Users\\寮犱附\\… and
    found no file. Now: the short (8.3) form when there is one, else the path in the ANSI code page."""
    import sys

    from counter_app.devices.idcard import sdtapi

    monkeypatch.setattr(sys, "platform", "win32")
    path = r"C:\Users\张丽\AppData\Local\Temp\idcard-abc\zp.wlt"
    monkeypatch.setattr(sdtapi, "_short_path", lambda p: p)              # a volume without 8.3 names
    assert sdtapi._ansi_path(path).decode("gbk") == path
    short = r"C:\Users\8C42~1\AppData\Local\Temp\idcard-abc\zp.wlt"
    monkeypatch.setattr(sdtapi, "_short_path", lambda p: short if p == path else p)
    assert sdtapi._ansi_path(path) == short.encode("ascii")
    assert sdtapi._ansi_path(r"C:\Temp\zp.wlt") == rb"C:\Temp\zp.wlt"


def test_a_failing_photo_decoder_leaves_the_card_read_without_a_photo(libs, dev, tmp_path, monkeypatch, cp936_mbcs, caplog):
    """A path the ANSI code page cannot say (𠮷 is not in CP936) and no short name: the decoder
    cannot be called; the card's text still counts, the log names the failure's kind only."""
    import logging
    import sys

    from counter_app.devices.idcard import sdtapi

    reader = SdtapiIdCardReader(str(libs["sdtapi_photo"]))
    assert reader.photo_support() == "GetBmp"            # the library is loaded (before "win32" below)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    temp = tmp_path / "王𠮷"
    temp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temp))
    monkeypatch.setattr(sdtapi, "_short_path", lambda p: p)
    monkeypatch.setattr(sys, "platform", "win32")
    idcard_lib.place_card(dev, photo=b"WLT!" + bytes(100))
    with caplog.at_level(logging.WARNING, logger="counter_app.devices.idcard.sdtapi"):
        rec = reader.read()
    assert rec.id_number == "11010519491231002X" and rec.name == "王𠮷龑"
    assert rec.photo == b""
    assert "GetBmp" not in [c[0] for c in idcard_lib.calls(dev)]
    [line] = [r.getMessage() for r in caplog.records if r.name == "counter_app.devices.idcard.sdtapi"]
    assert "UnicodeEncodeError" in line and "𠮷" not in line and "11010519491231002X" not in line
    assert list(temp.iterdir()) == []
