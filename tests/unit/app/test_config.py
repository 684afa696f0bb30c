import copy
import json

import pytest

from counter_app.config import (
    CardBackend,
    CardSettings,
    CentralSettings,
    ConfigError,
    FingerprintBackend,
    Language,
    OfficeSettings,
    Settings,
    UiSettings,
    default_settings,
    load_settings,
    parse_settings,
    save_settings,
)


def test_missing_file_means_defaults(tmp_path):
    assert load_settings(tmp_path / "none.toml") == default_settings()


def test_defaults_are_the_documented_ones():
    s = default_settings()
    assert (s.office.name, s.office.code, s.office.window_number, s.office.workstation_id) == (
        "福田分局", "FT", 1, "FT-W01")
    assert (s.central.url, s.central.timeout_seconds, s.central.offline_login_days) == (
        "http://127.0.0.1:8765", 10.0, 7)
    assert (s.printer.name, s.printer.copies) == ("", 1)
    assert (s.card.backend, s.card.reader, s.card.unified_library, s.card.unified_itype) == (
        CardBackend.pcsc, "", "", 3)
    assert (s.fingerprint.backend, s.fingerprint.keep_images) == (FingerprintBackend.libfprint, False)
    assert (s.ui.language, s.ui.font_path, s.ui.customer_screen) == (Language.zh_CN, "", True)
    assert (s.idcard.backend.value, s.idcard.library, s.idcard.port, s.idcard.json_function) == (
        "none", "", 0, "ReadIDCardJson")
    assert (s.scanner.backend.value, s.scanner.max_gap_ms, s.scanner.min_length, s.scanner.serial_port) == (
        "none", 30, 8, "")


@pytest.mark.parametrize("text, key, words", [
    ("[idcard]\nbackend = \"usb\"\n", "idcard.backend", "'sdtapi'、'json'、'demo'、'none'"),
    ("[idcard]\nport = -1\n", "idcard.port", "数值太小"),
    ("[idcard]\njson_function = \"read card\"\n", "idcard.json_function", "格式不正确"),
    ("[scanner]\nmax_gap_ms = 1\n", "scanner.max_gap_ms", "数值太小"),
    ("[scanner]\nbaudrate = \"9600\"\n", "scanner.baudrate", "应为整数"),
    ("[scanner]\nbackend = \"bluetooth\"\n", "scanner.backend", "'wedge'、'serial'、'evdev'、'none'"),
])
def test_device_sections_are_validated(tmp_path, text, key, words):
    p = tmp_path / "config.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_settings(p)
    assert any(pr.key == key and words in pr.problem for pr in exc.value.problems), exc.value.message()


def test_valid_file_is_typed(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text(
        '[office]\nname = "南山分局"\ncode = "NS"\nwindow_number = 7\nworkstation_id = "NS-W07"\n'
        '[card]\nbackend = "unified"\nunified_library = "/opt/reader/libssse.so"\n',
        encoding="utf-8",
    )
    s = load_settings(path)
    assert s.office.name == "南山分局" and s.office.window_number == 7
    assert s.card.backend is CardBackend.unified
    assert s.central.url == "http://127.0.0.1:8765"  # untouched sections keep defaults


@pytest.mark.parametrize(
    "text, key, words",
    [
        # types: a string, a float or a TOML bool is not an int
        ("[office]\nwindow_number = \"七\"\n", "office.window_number", "应为整数"),
        ("[office]\nwindow_number = true\n", "office.window_number", "应为整数"),
        ("[office]\nwindow_number = 7.5\n", "office.window_number", "应为整数"),
        ("[central]\ntimeout_seconds = \"10\"\n", "central.timeout_seconds", "应为数字"),
        ("[central]\ntimeout_seconds = false\n", "central.timeout_seconds", "应为数字"),
        ("[fingerprint]\nkeep_images = 1\n", "fingerprint.keep_images", "应为 true 或 false"),
        ("[ui]\ncustomer_screen = \"yes\"\n", "ui.customer_screen", "应为 true 或 false"),
        ("[printer]\nname = 3\n", "printer.name", "应为字符串"),
        # numeric bounds: ge / le / gt, each naming the allowed range and the value
        ("[office]\nwindow_number = 0\n", "office.window_number", "数值太小（当前值 0），应 ≥ 1 且 ≤ 999"),
        ("[office]\nwindow_number = 1000\n", "office.window_number", "数值太大（当前值 1000），应 ≥ 1 且 ≤ 999"),
        ("[central]\ntimeout_seconds = 0\n", "central.timeout_seconds", "数值太小（当前值 0），应 > 0 且 ≤ 120"),
        ("[central]\ntimeout_seconds = 120.5\n", "central.timeout_seconds", "数值太大"),
        ("[central]\noffline_login_days = -1\n", "central.offline_login_days", "≥ 0"),
        ("[printer]\ncopies = 10\n", "printer.copies", "≤ 9"),
        ("[card]\nunified_itype = 5\n", "card.unified_itype", "≤ 4"),
        # string length
        ("[office]\nname = \"\"\n", "office.name", "不能为空"),
        ("[office]\nname = \"" + "长" * 41 + "\"\n", "office.name", "太长，最多 40 个字符"),
        # enums list the allowed values
        ("[card]\nbackend = \"usb\"\n", "card.backend", "取值不在允许范围内，可选值：'pcsc'、'unified'、'demo'"),
        ("[fingerprint]\nbackend = \"usb\"\n", "fingerprint.backend", "'libfprint'、'wbf'、'demo'、'none'"),
        ("[ui]\nlanguage = \"de\"\n", "ui.language", "'zh_CN'、'en'"),
        ("[card]\nbackend = 1\n", "card.backend", "取值不在允许范围内"),
        # patterns show the value
        ("[office]\ncode = \"福田\"\n", "office.code", "格式不正确（当前值 '福田'）"),
        ("[office]\nworkstation_id = \"FT W01\"\n", "office.workstation_id", "格式不正确（当前值 'FT W01'）"),
        ("[central]\nurl = \"ftp://x\"\n", "central.url", "格式不正确（当前值 'ftp://x'）"),
        # unknown keys and sections
        ("[office]\ncolour = \"red\"\n", "office.colour", "不认识的配置项"),
        ("[colours]\nred = 1\n", "colours", "不认识的配置项"),
        ("office = 3\n", "office", "配置节"),
    ],
)
def test_bad_values_name_the_key_and_problem_in_chinese(tmp_path, text, key, words):
    with pytest.raises(ConfigError) as info:
        parse_settings(text, tmp_path / "c.toml")
    message = info.value.message()
    assert f"{key}：" in message and words in message, message
    assert str(tmp_path / "c.toml") in message
    assert "Traceback" not in message
    assert [p.key for p in info.value.problems] == [key]


@pytest.mark.parametrize(
    "text, check",
    [
        ("[central]\ntimeout_seconds = 3\n", lambda s: s.central.timeout_seconds == 3.0
         and type(s.central.timeout_seconds) is float),             # an int is a float
        ("[central]\ntimeout_seconds = 120\n", lambda s: s.central.timeout_seconds == 120.0),  # le is inclusive
        ("[central]\noffline_login_days = 0\n", lambda s: s.central.offline_login_days == 0),  # ge is inclusive
        ("[office]\nname = \"" + "长" * 40 + "\"\n", lambda s: len(s.office.name) == 40),
        ("[central]\nurl = \"https://central.example:8443/api\"\n", lambda s: s.central.url.endswith("/api")),
        ("[office]\n[card]\n", lambda s: s == default_settings()),   # empty sections are defaults
    ],
)
def test_values_on_the_boundary_are_accepted(tmp_path, text, check):
    assert check(parse_settings(text, tmp_path / "c.toml"))


def test_unknown_key_lists_the_known_ones(tmp_path):
    with pytest.raises(ConfigError) as info:
        parse_settings("[printer]\ncopy = 2\n", tmp_path / "c.toml")
    assert "copies" in info.value.problems[0].problem


def test_toml_syntax_error_is_explained(tmp_path):
    with pytest.raises(ConfigError, match="不是合法的 TOML"):
        parse_settings("[office\nname=", tmp_path / "c.toml")


def test_several_problems_reported_at_once(tmp_path):
    with pytest.raises(ConfigError) as info:
        parse_settings("[office]\nwindow_number = -1\ncode = \"x y\"\n", tmp_path / "c.toml")
    keys = {p.key for p in info.value.problems}
    assert keys == {"office.window_number", "office.code"}


def test_problems_of_every_section_reported_at_once(tmp_path):
    text = ("[office]\nwindow_number = true\n[central]\nurl = 1\ntimeout_seconds = 0\n"
            "[card]\nbackend = \"x\"\nzz = 1\n[ui]\nlanguage = \"de\"\n")
    with pytest.raises(ConfigError) as info:
        parse_settings(text, tmp_path / "c.toml")
    assert {p.key for p in info.value.problems} == {
        "office.window_number", "central.url", "central.timeout_seconds", "card.backend", "card.zz", "ui.language"}


def test_save_and_load_round_trip(tmp_path):
    s = Settings()
    s.office.name = "罗湖分局"
    s.printer.copies = 2
    s.card.backend = CardBackend.unified
    save_settings(s, tmp_path / "c.toml")
    assert load_settings(tmp_path / "c.toml") == s
    assert load_settings(tmp_path / "c.toml") != default_settings()


# --- the dict / JSON API (replaces pydantic's model_validate / model_dump[_json]) ---

def test_from_dict_missing_and_none_sections_are_defaults():
    s = Settings.from_dict({"office": None, "card": {"backend": "demo"}})
    assert s.office == OfficeSettings() and s.card.backend is CardBackend.demo
    assert s.card.unified_itype == 3
    assert Settings.from_dict({}) == Settings.from_dict(None) == default_settings()


def test_from_dict_refuses_with_every_problem_and_no_file():
    with pytest.raises(ConfigError) as info:
        Settings.from_dict({"card": {"reader": 3, "unified_itype": 0}})
    assert {p.key for p in info.value.problems} == {"card.reader", "card.unified_itype"}
    assert info.value.path is None and info.value.message().startswith("设置有误：")
    with pytest.raises(ConfigError, match="配置节"):
        Settings.from_dict([1, 2])


def test_to_dict_is_plain_data_with_enum_values():
    d = default_settings().to_dict()
    assert d["card"]["backend"] == "pcsc" and type(d["card"]["backend"]) is str
    assert d["ui"]["language"] == "zh_CN" and type(d["ui"]["language"]) is str
    assert d["central"]["timeout_seconds"] == 10.0
    assert list(d) == ["office", "central", "printer", "card", "fingerprint", "idcard", "scanner", "ui", "camera", "signpad"]
    assert Settings.from_dict(d) == default_settings()


def test_json_round_trip():
    s = Settings()
    s.central.url = "http://10.0.0.5:8765"
    s.fingerprint.backend = FingerprintBackend.demo
    text = s.to_json()
    assert json.loads(text)["fingerprint"]["backend"] == "demo"
    assert Settings.from_json(text) == s
    with pytest.raises(ConfigError, match="不是合法的 JSON"):
        Settings.from_json("{not json")
    with pytest.raises(ConfigError, match="central.url"):
        Settings.from_json('{"central": {"url": "nope"}}')


# --- assignment and keyword construction are validated too ---

@pytest.mark.parametrize(
    "section, name, value, words",
    [
        ("central", "url", "bad", "格式不正确（当前值 'bad'）"),
        ("central", "timeout_seconds", 0, "数值太小"),
        ("office", "window_number", True, "应为整数"),
        ("office", "name", "", "不能为空"),
        ("card", "backend", "usb", "可选值"),
        ("ui", "customer_screen", "no", "应为 true 或 false"),
        ("office", "colour", "red", "不认识的配置项"),
    ],
)
def test_assignment_is_validated(section, name, value, words):
    s = Settings()
    part = getattr(s, section)
    before = copy.deepcopy(part)
    with pytest.raises(ValueError) as info:
        setattr(part, name, value)
    assert isinstance(info.value, ConfigError)
    assert f"{section}.{name}：" in str(info.value) and words in str(info.value)
    assert part == before  # the bad value was not stored


def test_assignment_converts_like_the_file():
    s = Settings()
    s.fingerprint.backend = "demo"       # an enum's value is the enum
    s.central.timeout_seconds = 3        # an int is a float
    assert s.fingerprint.backend is FingerprintBackend.demo
    assert type(s.central.timeout_seconds) is float
    s.office = None                      # a section set to None is its defaults
    assert s.office == OfficeSettings()
    s.card = {"backend": "unified"}
    assert s.card == CardSettings(backend=CardBackend.unified)
    with pytest.raises(ConfigError, match="配置节"):
        s.ui = "zh_CN"


def test_keyword_construction_is_validated():
    s = Settings(ui=UiSettings(font_path="/x.ttf"))
    assert s.ui.font_path == "/x.ttf" and s.office == OfficeSettings()
    assert CentralSettings(timeout_seconds=5).timeout_seconds == 5.0
    with pytest.raises(ConfigError) as info:
        OfficeSettings(window_number=1000, code="a")
    assert {p.key for p in info.value.problems} == {"office.window_number", "office.code"}


def test_copies_are_independent_and_compare_by_value():
    s = Settings()
    t = copy.deepcopy(s)
    assert t == s and t.office is not s.office
    t.office.name = "宝安分局"
    assert t != s and s.office.name == "福田分局"
    t.office.name = "宝安分局"  # still validated after the copy
    with pytest.raises(ConfigError):
        t.office.name = ""
    assert Settings().office is not Settings().office  # no shared mutable defaults


def test_central_url_from_the_environment_reaches_every_command(tmp_path, monkeypatch):
    """``make run CENTRAL_PORT=9000``: the CLI's ``sync status`` asks the same centre as the app."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    from counter_app.config import load_settings

    monkeypatch.setenv("COUNTER_APP_CENTRAL_URL", "http://127.0.0.1:9000")
    assert load_settings(tmp_path / "missing.toml").central.url == "http://127.0.0.1:9000"
    monkeypatch.setenv("COUNTER_APP_CENTRAL_URL", "not a url")
    with pytest.raises(ConfigError):
        load_settings(tmp_path / "missing.toml")
    repo = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(repo), COUNTER_APP_HOME=str(tmp_path / "home"),
               COUNTER_APP_CENTRAL_URL="http://127.0.0.1:9000")
    proc = subprocess.run([sys.executable, "-m", "counter_app", "sync", "status", "--json", "--no-probe"],
                          env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["central_url"] == "http://127.0.0.1:9000"


def test_make_run_port_is_remembered_for_a_loopback_centre_only(app_home, monkeypatch):
    from counter_app.config import load_settings, save_settings
    from tools.demo_run import remember_central_url
    from counter_app.paths import app_paths

    monkeypatch.delenv("COUNTER_APP_CENTRAL_URL", raising=False)
    path = app_paths().ensure().config_file
    assert remember_central_url("http://127.0.0.1:9000")            # no file: the demo default
    assert load_settings(path).central.url == "http://127.0.0.1:9000"
    assert not remember_central_url("http://127.0.0.1:9000")        # already so
    settings = load_settings(path)
    settings.central.url = "https://centre.szsi.example:8443"
    save_settings(settings, path)
    assert not remember_central_url("http://127.0.0.1:9001")        # a real centre is left alone
    assert load_settings(path).central.url == "https://centre.szsi.example:8443"
