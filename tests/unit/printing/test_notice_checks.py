"""Doctor: the notice font check fails clearly when no CJK TrueType font is usable."""

from __future__ import annotations

from counter_app.config import Settings, UiSettings
from counter_app.printing import fonts
from counter_app.printing.checks import check_font


def _settings(font_path: str) -> Settings:
    return Settings(ui=UiSettings(font_path=font_path))


def test_font_found_on_this_system():
    check = check_font(_settings(""))
    assert check.status == "ok" and check.name == "notice_font"


def test_configured_missing_font_fails_with_hint(tmp_path):
    fonts.clear_cache()
    check = check_font(_settings(str(tmp_path / "nope.ttf")))
    assert check.status == "fail" and "不存在" in check.message and "font_path" in check.hint


def test_font_without_cjk_glyphs_fails():
    fonts.clear_cache()
    check = check_font(_settings("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"))
    assert check.status == "fail" and "不含中文字形" in check.message


def test_no_font_anywhere_fails_clearly(monkeypatch):
    fonts.clear_cache()
    monkeypatch.setattr(fonts, "_candidates", list)
    try:
        check = check_font(_settings(""))
    finally:
        fonts.clear_cache()
    assert check.status == "fail"
    assert "找不到可嵌入 PDF 的中文字体" in check.message and "fonts-wqy-zenhei" in check.hint


def test_doctor_checks_the_render_process(monkeypatch, app_home):
    from counter_app import launcher
    from counter_app.printing.checks import check_render_process

    check = check_render_process(_settings(""))
    assert check.status == "ok" and "文书生成进程" in check.message, check
    monkeypatch.setattr(launcher, "self_command", lambda *args: ["/nonexistent/counter-app", *args])
    check = check_render_process(_settings(""))
    assert check.status == "warn" and "文书生成进程不可用" in check.message and check.hint
