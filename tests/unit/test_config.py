import pytest

from counter_app.config import (
    CardBackend,
    ConfigError,
    Settings,
    default_settings,
    load_settings,
    parse_settings,
    save_settings,
)


def test_missing_file_means_defaults(tmp_path):
    assert load_settings(tmp_path / "none.toml") == default_settings()


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
        ("[office]\nwindow_number = \"七\"\n", "office.window_number", "应为整数"),
        ("[office]\nwindow_number = 0\n", "office.window_number", "数值太小"),
        ("[card]\nbackend = \"usb\"\n", "card.backend", "取值不在允许范围内"),
        ("[office]\ncode = \"福田\"\n", "office.code", "格式不正确"),
        ("[office]\ncolour = \"red\"\n", "office.colour", "不认识的配置项"),
        ("[central]\nurl = \"ftp://x\"\n", "central.url", "格式不正确"),
        ("office = 3\n", "office", "配置节"),
    ],
)
def test_bad_values_name_the_key_and_problem_in_chinese(tmp_path, text, key, words):
    with pytest.raises(ConfigError) as info:
        parse_settings(text, tmp_path / "c.toml")
    message = info.value.message()
    assert key in message and words in message
    assert "Traceback" not in message


def test_toml_syntax_error_is_explained(tmp_path):
    with pytest.raises(ConfigError, match="不是合法的 TOML"):
        parse_settings("[office\nname=", tmp_path / "c.toml")


def test_several_problems_reported_at_once(tmp_path):
    with pytest.raises(ConfigError) as info:
        parse_settings("[office]\nwindow_number = -1\ncode = \"x y\"\n", tmp_path / "c.toml")
    keys = {p.key for p in info.value.problems}
    assert keys == {"office.window_number", "office.code"}


def test_save_and_load_round_trip(tmp_path):
    s = Settings()
    s.office.name = "罗湖分局"
    s.printer.copies = 2
    save_settings(s, tmp_path / "c.toml")
    assert load_settings(tmp_path / "c.toml") == s
