"""CJK TrueType font for notices (公文字体): configured path, else the system's usual fonts.

reportlab embeds TrueType (glyf) fonts as subsets with a ToUnicode map, so text extracts from the
PDF. CFF-based OpenType fonts (Noto/Source Han .otf) cannot be embedded by reportlab and are
skipped. A font counts only if it really has CJK glyphs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FONT_NAME = "NoticeCJK"

# (path, subfont index) tried in order. Windows office fonts first on Windows; on Linux / UOS the
# distribution's CJK packages (fonts-wqy-zenhei, fonts-wqy-microhei, fonts-lxgw-wenkai,
# fonts-arphic-*, UOS's fonts) — then whatever fontconfig knows.
_WINDOWS_FONTS = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
WINDOWS_CANDIDATES: tuple[tuple[Path, int], ...] = (
    (_WINDOWS_FONTS / "simsun.ttc", 0),      # 宋体
    (_WINDOWS_FONTS / "simfang.ttf", 0),     # 仿宋
    (_WINDOWS_FONTS / "simhei.ttf", 0),      # 黑体
    (_WINDOWS_FONTS / "simkai.ttf", 0),      # 楷体
    (_WINDOWS_FONTS / "msyh.ttc", 0),        # 微软雅黑
)
LINUX_CANDIDATES: tuple[tuple[Path, int], ...] = (
    (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0),
    (Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
    (Path("/usr/share/fonts/truetype/lxgw/LXGWWenKai-Regular.ttf"), 0),
    (Path("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"), 0),
    (Path("/usr/share/fonts/truetype/arphic/uming.ttc"), 0),
    (Path("/usr/share/fonts/truetype/arphic/ukai.ttc"), 0),
    (Path("/usr/share/fonts/fonts-cesi/CESI_SS_GB18030.TTF"), 0),   # UOS 中易宋体
    (Path("/usr/share/fonts/fonts-cesi/CESI_FS_GB18030.TTF"), 0),
    (Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"), 0),
)


# Fallback for the characters the notice font lacks — above all CJK Extension B and later (plane 2:
# 𠮷 U+20BB7 and many names' rare characters), which no common GB2312/GBK font carries.
# Debian: fonts-hanazono (HanaMinB.ttf, TrueType, covers Ext-B..F); Windows: SimSun-ExtB.
EXT_B_SAMPLE = "\U00020BB7"      # 𠮷
EXT_B_CANDIDATES: tuple[tuple[Path, int], ...] = (
    (Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"), 0),
    (_WINDOWS_FONTS / "simsunb.ttf", 0),                     # SimSun-ExtB
    (Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf"), 0),
)


class FontError(Exception):
    """No usable CJK TrueType font; the message is for the clerk (Chinese)."""


@dataclass(frozen=True)
class NoticeFont:
    name: str          # reportlab font name, registered
    path: Path
    subfont_index: int
    family: str


def _candidates() -> list[tuple[Path, int]]:
    ordered = list(WINDOWS_CANDIDATES + LINUX_CANDIDATES) if sys.platform == "win32" else list(LINUX_CANDIDATES)
    ordered += _fontconfig_candidates()
    seen: set[tuple[str, int]] = set()
    out = []
    for path, index in ordered:
        key = (str(path), index)
        if key not in seen:
            seen.add(key)
            out.append((path, index))
    return out


def _fontconfig_candidates() -> list[tuple[Path, int]]:
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return []
    try:
        proc = subprocess.run(
            [fc_list, ":lang=zh", "--format", "%{file}|%{index}\n"],
            capture_output=True, text=True, timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    out = []
    for line in sorted(set(proc.stdout.splitlines())):
        path, _, index = line.partition("|")
        if path.lower().endswith((".ttf", ".ttc")):
            out.append((Path(path), int(index or 0)))
    return out


def load_font(path: Path, subfont_index: int = 0, *, name: str = "") -> NoticeFont:
    """Register ``path`` with reportlab; FontError (Chinese) when it is missing or not a CJK TrueType font."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    path = Path(path)
    if not name:
        import hashlib

        name = FONT_NAME + "-" + hashlib.sha1(f"{path}#{subfont_index}".encode()).hexdigest()[:8]
    if not path.is_file():
        raise FontError(f"字体文件不存在：{path}")
    try:
        font = TTFont(name, str(path), subfontIndex=subfont_index)
    except (TTFError, OSError, ValueError, IndexError, KeyError) as exc:
        raise FontError(
            f"字体文件 {path} 无法嵌入 PDF（{exc}）。须为 TrueType 字体（.ttf / .ttc）；"
            "CFF 轮廓的 OpenType 字体（如思源黑体 .otf）不受支持。"
        ) from None
    cmap = font.face.charToGlyph
    if not all(ord(ch) in cmap for ch in "中华人民共和国社会保险〔〕号"):
        raise FontError(f"字体文件 {path} 不含中文字形，不能用于打印告知书。")
    pdfmetrics.registerFont(font)
    family = getattr(font.face, "familyName", b"")
    if isinstance(family, bytes):
        family = family.decode("utf-8", "replace")
    return NoticeFont(name, path, subfont_index, str(family))


@lru_cache(maxsize=8)
def _find(configured: str) -> NoticeFont:
    if configured:
        file_part, _, index_part = configured.partition("#")
        try:
            return load_font(Path(file_part).expanduser(), int(index_part or 0))
        except ValueError:
            raise FontError(f"配置项 ui.font_path 格式不正确：{configured!r}（应为字体文件路径，可加 #序号 选 .ttc 中的字体）") from None
        except FontError as exc:
            raise FontError(f"配置的公文字体不可用（ui.font_path）：{exc}") from None
    tried = []
    for path, index in _candidates():
        if not path.is_file():
            continue
        try:
            return load_font(path, index)
        except FontError as exc:
            tried.append(str(exc))
    detail = ("；".join(tried[:3])) if tried else "系统中未发现中文 TrueType 字体"
    raise FontError(
        "找不到可嵌入 PDF 的中文字体，无法生成告知书（" + detail + "）。"
        "Linux/统信 UOS 请安装 fonts-wqy-zenhei 或 fonts-lxgw-wenkai；Windows 应有宋体/仿宋；"
        "也可在配置文件 [ui] font_path 指定 .ttf/.ttc 字体文件。"
    )


def find_cjk_font(configured: str = "") -> NoticeFont:
    """The notice font: ``configured`` (``ui.font_path``, optionally ``path#index``) or the first system CJK font.

    Raises :class:`FontError` with a Chinese message when none is usable.
    """
    return _find(configured or "")


def clear_cache() -> None:
    _find.cache_clear()


@lru_cache(maxsize=1)
def find_fallback_font() -> NoticeFont | None:
    """A TrueType font with CJK Extension B (𠮷), registered with reportlab; None when the system
    has none (then such characters cannot be printed: the templates refuse the document, naming them)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    candidates = list(EXT_B_CANDIDATES)
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            proc = subprocess.run([fc_list, f":charset={ord(EXT_B_SAMPLE):x}", "--format", "%{file}|%{index}\n"],
                                  capture_output=True, text=True, timeout=10)
            for line in sorted(set(proc.stdout.splitlines())):
                file, _, file_index = line.partition("|")
                if file.lower().endswith((".ttf", ".ttc")):
                    candidates.append((Path(file), int(file_index or 0)))
        except (OSError, subprocess.TimeoutExpired, ValueError):
            pass
    for path, index in candidates:
        if not path.is_file():
            continue
        try:
            font = TTFont(FONT_NAME + "-ExtB", str(path), subfontIndex=index)
        except (TTFError, OSError, ValueError, IndexError, KeyError):
            continue
        if ord(EXT_B_SAMPLE) in font.face.charToGlyph:
            pdfmetrics.registerFont(font)
            family = getattr(font.face, "familyName", b"")
            if isinstance(family, bytes):
                family = family.decode("utf-8", "replace")
            return NoticeFont(font.fontName, path, index, str(family))
    return None


@lru_cache(maxsize=16)
def covered(font_name: str) -> frozenset[int]:
    """Code points the registered reportlab font ``font_name`` has glyphs for."""
    from reportlab.pdfbase import pdfmetrics

    return frozenset(pdfmetrics.getFont(font_name).face.charToGlyph)
