"""Choose a UI font that has Chinese glyphs; without one every character is a box."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

PREFERRED = (
    "Microsoft YaHei", "Microsoft YaHei UI", "SimSun", "NSimSun", "Noto Sans CJK SC",
    "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "LXGW WenKai",
    "AR PL UMing CN", "Droid Sans Fallback",
)
SAMPLE = "社保窗口受理告知书"
# fonts with CJK Extension B (𠮷 U+20BB7 and other rare characters of names), put after the UI font
# so Qt takes a character from them when the UI font has no glyph (fonts-hanazono; SimSun-ExtB)
EXT_B_FAMILIES = ("HanaMinB", "SimSun-ExtB", "MingLiU-ExtB", "HanaMinA")
EXT_B_SAMPLE = "\U00020BB7"


def font_has_cjk(font: QFont, sample: str = SAMPLE) -> bool:
    raw = QRawFont.fromFont(font, QFontDatabase.WritingSystem.SimplifiedChinese)
    return raw.isValid() and all(raw.supportsCharacter(ord(ch)) for ch in sample)


def pick_cjk_font(point_size: int = 11) -> QFont | None:
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    ordered = [f for f in PREFERRED if f in families] + [f for f in families if f not in PREFERRED]
    for family in ordered:
        font = QFont(family, point_size)
        if font_has_cjk(font):
            all_families = QFontDatabase.families()
            fallback = [f for f in EXT_B_FAMILIES if f in all_families and f != family]
            if fallback:
                font.setFamilies([family, *fallback])
            return font
    return None


def renders_whole(font: QFont, text: str) -> bool:
    """True when every character of ``text`` gets a real glyph with ``font`` (its families and
    Qt's fallback), i.e. nothing shows as a box."""
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout(text, font)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(10_000)
    layout.endLayout()
    for run in layout.glyphRuns():
        raw = run.rawFont()
        if any(index == 0 for index in run.glyphIndexes()):
            return False
        if not raw.isValid():
            return False
    return bool(layout.glyphRuns())
