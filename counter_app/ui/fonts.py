"""Choose a UI font that has Chinese glyphs; without one every character is a box."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QRawFont

PREFERRED = (
    "Microsoft YaHei", "Microsoft YaHei UI", "SimSun", "NSimSun", "Noto Sans CJK SC",
    "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "LXGW WenKai",
    "AR PL UMing CN", "Droid Sans Fallback",
)
SAMPLE = "社保窗口受理告知书"


def font_has_cjk(font: QFont, sample: str = SAMPLE) -> bool:
    raw = QRawFont.fromFont(font, QFontDatabase.WritingSystem.SimplifiedChinese)
    return raw.isValid() and all(raw.supportsCharacter(ord(ch)) for ch in sample)


def pick_cjk_font(point_size: int = 11) -> QFont | None:
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    ordered = [f for f in PREFERRED if f in families] + [f for f in families if f not in PREFERRED]
    for family in ordered:
        font = QFont(family, point_size)
        if font_has_cjk(font):
            return font
    return None
