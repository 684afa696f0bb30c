"""reportlab templates of every document the counter issues (A4, in the form of a government notice).

Layout is made of tables (Paragraph collapses U+3000, so no full-width-space alignment) with
``wordWrap="CJK"``. Every page carries the 文号 and the SM3 digest; the signature block carries a
QR code with both, and the PDF keywords carry them again for ``counter-app notice verify``. The
signature block never stands alone on a page: it takes the body's last table rows and what follows
them along (:class:`_ClosingWithBody`).
"""

from __future__ import annotations

import contextvars
import io
import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache, partial
from typing import Callable

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus.flowables import _listWrapOn
from xml.sax.saxutils import escape

from counter_app.domain.documents import DOCUMENTS, DocumentKind, basis_text
from counter_app.domain.masking import mask_id
from counter_app.printing.errors import RenderError
from counter_app.printing.fonts import NoticeFont, covered, find_cjk_font, find_fallback_font
from counter_app.printing.integrity import content_digest, keywords, qr_payload
from counter_protocol.identifiers import KIND_LABELS, check_id

AGENCY = "深圳市社会保险基金管理局"
RED = colors.HexColor("#C00000")
GRID = colors.HexColor("#444444")
HEAD_BG = colors.HexColor("#EEEEEE")
PAGE_W, PAGE_H = A4
MARGIN_X = 22 * mm
CONTENT_W = PAGE_W - 2 * MARGIN_X

DELIVERY_NAMES = {"mail": "邮寄送达", "pickup": "窗口自取"}   # 6.5.1.3
RECONSIDERATION_DAYS = 60     # 行政复议法：知道之日起六十日内
LITIGATION_MONTHS = 6         # 行政诉讼法第四十六条：六个月内


# No line may start with a punctuation mark (GB/T 15834, the Chinese 避头点 rule). reportlab's CJK
# wrapping hangs a character that cannot start a line in the margin, but its list (textsplit
# CANNOT_START_LINE) is Japanese: it lacks the full-width ，；：？！ and the closing 》”’ and so it
# broke lines before them. The module-level sets its two line breakers read are extended, once.
CHINESE_CANNOT_START = "，；：？！》〉”’％"
# Nor may a line end with an opening mark (GB/T 15834 避尾点): reportlab has no such rule at all, so
# "（" was left alone at the end of a line. Both of its CJK line breakers are wrapped: the character
# splitter of one-fragment paragraphs (textsplit.dumbSplit, the documents' running text) and the
# splitter of paragraphs made of several fragments (paragraph.cjkFragSplit: a name with a character
# set in the fallback font, <font> runs). A line ending in one of these gives it up to the next
# line, and the rest is split again from there.
CHINESE_CANNOT_END = "（《〈“‘【〔［｛「『"


def _keep_openers_with_next(split: Callable) -> Callable:
    def dumb_split(word, widths, maxWidths):
        lines = split(word, widths, maxWidths)
        widths_list = maxWidths if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        pos = 0
        for k, (extra, text) in enumerate(lines[:-1]):
            start = word.find(text, pos) if text else pos
            end = start + len(text)
            n = 0
            while n < len(text) - 1 and text[len(text) - 1 - n] in CHINESE_CANNOT_END:
                n += 1
            if n:
                cut = end - n
                rest = dumb_split(word[cut:], widths[cut:], list(widths_list[k + 1:]) or [widths_list[-1]])
                return lines[:k] + [[extra + sum(widths[cut:end]), text[:-n]]] + rest
            pos = end
        return lines

    dumb_split.__wrapped__ = split          # type: ignore[attr-defined]
    return dumb_split


def _keep_openers_with_next_frags(split: Callable) -> Callable:
    """cjkFragSplit with the 避尾点 rule: its lines are rebuilt from the same glyph list
    (paragraph.cjkU, one per character, each with its fragment), so the fonts of the runs stay."""
    from reportlab.platypus import paragraph

    def frag_split(frags, maxWidths, calcBounds, encoding="utf8"):
        result = split(frags, maxWidths, calcBounds, encoding)
        lines = result.lines
        if len(lines) < 2:
            return result
        glyphs = []
        for f in frags:
            text = f.text.decode(encoding) if isinstance(f.text, bytes) else f.text
            glyphs.extend([paragraph.cjkU(t, f, encoding) for t in text] if text else [paragraph.cjkU(text, f, encoding)])
        if not all(isinstance(g.width, (int, float)) for g in glyphs):
            return result                    # widths relative to the line (images): left as reportlab made them
        widths_list = maxWidths if isinstance(maxWidths, (list, tuple)) else [maxWidths]
        pos = 0                              # index in glyphs of the first glyph of line k
        for k, line in enumerate(lines[:-1]):
            n_chars = sum(len(w.text) for w in line.words)
            end = pos
            seen = 0
            while seen < n_chars and end < len(glyphs):     # glyphs of empty fragments count no character
                seen += len(glyphs[end])
                end += 1
            while end < len(glyphs) and not len(glyphs[end]):     # empty ones (a <br/>) end the line
                end += 1
            text = "".join(glyphs[pos:end])
            n = 0
            while n < len(text) - 1 and text[len(text) - 1 - n] in CHINESE_CANNOT_END:
                n += 1
            if n and not getattr(line, "lineBreak", False):
                cut = end
                moved = 0
                while moved < n:
                    cut -= 1
                    moved += len(glyphs[cut])
                max_w = widths_list[min(k, len(widths_list) - 1)]
                used = sum(g.width for g in glyphs[pos:cut])
                head = paragraph.makeCJKParaLine(glyphs[pos:cut], max_w, used, max_w - used, False, calcBounds)
                rest = frag_split(_regroup(glyphs[cut:]), list(widths_list[k + 1:]) or [widths_list[-1]],
                                  calcBounds, encoding)
                return paragraph.ParaLines(kind=1, lines=lines[:k] + [head] + rest.lines)
            pos = end
        return result

    frag_split.__wrapped__ = split            # type: ignore[attr-defined]
    return frag_split


def _regroup(glyphs: list) -> list:
    """Fragments again from cjkU glyphs: consecutive glyphs of one fragment share a clone of it."""
    out: list = []
    for g in glyphs:
        if out and out[-1][0] is g.frag:
            out[-1][1].append(str(g))
        else:
            out.append((g.frag, [str(g)]))
    return [frag.clone(text="".join(chars)) for frag, chars in out]


def _chinese_line_breaking() -> None:
    from reportlab.lib import textsplit           # one-fragment paragraphs (wordSplit)
    from reportlab.platypus import paragraph      # several fragments (cjkFragSplit)

    for module in (textsplit, paragraph):
        missing = "".join(ch for ch in CHINESE_CANNOT_START if ch not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START = module.ALL_CANNOT_START + missing
    if not hasattr(textsplit.dumbSplit, "__wrapped__"):
        textsplit.dumbSplit = _keep_openers_with_next(textsplit.dumbSplit)
    if not hasattr(paragraph.cjkFragSplit, "__wrapped__"):
        paragraph.cjkFragSplit = _keep_openers_with_next_frags(paragraph.cjkFragSplit)


_chinese_line_breaking()


def _utf16(code: int) -> str:
    return code.to_bytes(4, "big").hex().upper()[-4:] if code <= 0xFFFF else chr(code).encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname, subset) -> str:
    """reportlab's ToUnicode CMap with plane-2 characters right: PDF wants UTF-16BE (a surrogate
    pair for 𠮷 U+20BB7: <D842DFB7>); reportlab writes <20BB7>, which a reader takes for U+20BB
    followed by "7" — the name would copy and search wrongly. Same layout otherwise."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        "<< /Registry (%s)" % fontname, "/Ordering (%s)" % fontname, "/Supplement 0", ">> def",
        "/CMapName /%s def" % fontname, "/CMapType 2 def", "1 begincodespacerange",
        "<00> <%02X>" % (len(subset) - 1), "endcodespacerange", "%d beginbfchar" % len(subset),
        *["<%02X> <%s>" % (i, _utf16(v)) for i, v in enumerate(subset)],
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


def _plane2_to_unicode() -> None:
    from reportlab.pdfbase import ttfonts

    ttfonts.makeToUnicodeCMap = _to_unicode_cmap


_plane2_to_unicode()


# The fonts of the document being rendered (a context variable: documents render on several workers):
# the notice font's code points, the fallback font's name and its code points.
_FONTS: contextvars.ContextVar[tuple[frozenset[int], str | None, frozenset[int]]] = contextvars.ContextVar("notice_fonts")
# Characters that draw nothing (spaces, controls, format characters): no glyph is needed for them.
_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
_MARKUP = re.compile(r"(<[^>]*>|&[#\w]+;)")


def _with_fallback(markup: str) -> str:
    """Characters the notice font lacks (𠮷 and other CJK Ext-B) set in the fallback font, so a
    rare character in a name prints as itself, never as a box or a blank. A character neither font
    has refuses the document (RenderError naming it): the clerk then follows the 生僻字 procedure."""
    fonts = _FONTS.get(None)
    if fonts is None or markup.isascii():
        return markup
    have, fallback, fallback_has = fonts
    out = []
    for part in _MARKUP.split(markup):
        if not part or part.startswith("<") or (part.startswith("&") and part.endswith(";")):
            out.append(part)
            continue
        run: list[str] = []
        for ch in part:
            code = ord(ch)
            if code < 0x80 or code in have or unicodedata.category(ch) in _INVISIBLE:
                run.append(ch)
            elif fallback is not None and code in fallback_has:
                run.append(f'<font name="{fallback}">{ch}</font>')
            else:
                raise RenderError(
                    f"文书中的字符「{ch}」（U+{code:04X}）在打印字体中没有字形，打印出来会是空白或方框。"
                    "请按生僻字处理流程办理（如使用生僻字库或手工填写），或核对录入的文字。")
        out.append("".join(run))
    return "".join(out)


class _Para(_Paragraph):
    """reportlab's Paragraph, its lines broken once per width. A table asks each cell's paragraph
    for its size when it measures its rows, again when it draws the cell, and the closing block's
    keep-together measures the body's tail once more: three runs of the CJK line breaker (the
    most of a notice's layout time) for one and the same answer. The lines depend only on the
    width, the fragments and the style (the height asked is not used), so a second ``wrap`` at the
    same width, with them unchanged and the lines still in place (``split`` may drop them), gives
    back the first one's result. The memo lives on the paragraph: nothing outlives the document."""

    def wrap(self, availWidth, availHeight):
        state = self.__dict__
        key = (availWidth, self.frags, self.style, state.get("blPara"), state.get("autoLeading"))
        memo = state.get("_wrap_memo")
        if memo is not None and memo[0][0] == key[0] and all(a is b for a, b in zip(memo[0][1:], key[1:], strict=True)):
            self.width, self.height = memo[1]
            self._wrapWidths = list(memo[2])
            return memo[1]
        size = super().wrap(availWidth, availHeight)
        if "blPara" in state:
            self._wrap_memo = ((availWidth, self.frags, self.style, self.blPara, state.get("autoLeading")),
                               size, list(self._wrapWidths))
        return size


def Paragraph(text, style, *args, **kwargs) -> _Paragraph:  # reportlab's name, with the fallback
    return _Para(_with_fallback(text), style, *args, **kwargs)


# ----------------------------------------------------------------------------- helpers

@lru_cache(maxsize=8)
def _styles(font_name: str) -> dict[str, ParagraphStyle]:
    base = dict(fontName=font_name, wordWrap="CJK")
    return {
        "agency": ParagraphStyle("agency", fontSize=20, leading=26, alignment=TA_CENTER, textColor=RED, **base),
        "number": ParagraphStyle("number", fontSize=11, leading=16, alignment=TA_CENTER, **base),
        "title": ParagraphStyle("title", fontSize=18, leading=26, alignment=TA_CENTER, spaceBefore=4, spaceAfter=8, **base),
        "addressee": ParagraphStyle("addressee", fontSize=12, leading=20, alignment=TA_LEFT, spaceBefore=4, **base),
        "body": ParagraphStyle("body", fontSize=12, leading=19, firstLineIndent=24, alignment=TA_LEFT, **base),
        "plain": ParagraphStyle("plain", fontSize=12, leading=20, alignment=TA_LEFT, **base),
        "cell": ParagraphStyle("cell", fontSize=10, leading=13, alignment=TA_LEFT, **base),
        "cellc": ParagraphStyle("cellc", fontSize=10, leading=14, alignment=TA_CENTER, **base),
        "cellr": ParagraphStyle("cellr", fontSize=10, leading=14, alignment=TA_RIGHT, **base),
        "head": ParagraphStyle("head", fontSize=10, leading=14, alignment=TA_CENTER, **base),
        "small": ParagraphStyle("small", fontSize=9, leading=12, alignment=TA_LEFT, **base),
        "sign": ParagraphStyle("sign", fontSize=12, leading=20, alignment=TA_CENTER, **base),
    }


def _t(value) -> str:
    """Escaped text of a field value; empty shows as a dash."""
    if value is None or value == "":
        return "—"
    return escape(str(value))


def money(value) -> str:
    if value is None or value == "":
        return "—"
    try:
        return f"{Decimal(str(value)):,.2f}"
    except InvalidOperation:
        raise RenderError(f"金额格式不正确：{value!r}") from None


def cn_date(value: str | None) -> str:
    """2026-03-05 → 2026年3月5日 (GB/T 9704: Arabic numerals)."""
    if not value:
        return "—"
    try:
        d = date.fromisoformat(str(value)[:10])
    except ValueError:
        raise RenderError(f"日期格式不正确：{value!r}（应为 YYYY-MM-DD）") from None
    return f"{d.year}年{d.month}月{d.day}日"


def cn_month(value: str | None) -> str:
    if not value:
        return "—"
    s = str(value)
    try:
        y, m = int(s[:4]), int(s[5:7])
    except ValueError:
        raise RenderError(f"年月格式不正确：{value!r}（应为 YYYY-MM）") from None
    return f"{y}年{m}月"


def months_text(months) -> str:
    try:
        n = int(months)
    except (TypeError, ValueError):
        return _t(months)
    y, m = divmod(n, 12)
    return f"{n}个月（{y}年{m}个月）" if m else f"{n}个月（{y}年）"


def _grid_table(rows: list[list], widths: list[float], *, header: bool = True, styles=None) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    cmds = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header:
        cmds.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_BG))
    table.setStyle(TableStyle(cmds + list(styles or [])))
    return table


LABEL_MIN_W = 26 * mm          # the label column of a kv_table: never narrower (the documents' usual look)
LABEL_MAX_SHARE = 0.5          # nor wider than half of its label/value pair
LABEL_PAD = 12 + 2             # the cell's padding (6 pt each side) and a little room


@lru_cache(maxsize=1024)
def _text_width(text: str, font_name: str, size: float) -> float:
    """The width of ``text`` set in ``font_name`` (labels: a few dozen, cached once per process)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font_name, size)


def _text_width_uncached(text: str, font_name: str, size: float) -> float:
    """:func:`_text_width` of a value (personal data: measured, never kept)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, font_name, size)


def _unbreakable(value: object) -> bool:
    """A value printed as one word: a number or a code (ASCII without spaces, as an ID number)."""
    text = "" if value is None else str(value)
    return bool(text) and text.isascii() and not any(ch.isspace() for ch in text)


@lru_cache(maxsize=1024)
def _label_lines(label: str, font_name: str, size: float, room: float) -> tuple[str, ...]:
    """A label as one line, or — wider than ``room`` — broken before its first bracket (缴费期个人账户
    储存额（元） → 缴费期个人账户储存额 / （元）), never inside a word."""
    if _text_width(label, font_name, size) + LABEL_PAD <= room:
        return (label,)
    cut = label.find("（")
    if cut <= 0:
        return (label,)
    return (label[:cut], label[cut:])


class _Ctx:
    """What a kind's body builder needs: fields, styles and small constructors."""

    def __init__(self, kind: DocumentKind, fields: dict, font: NoticeFont):
        self.kind = kind
        self.f = fields
        self.s = _styles(font.name)
        self.font = font
        self.applicant = fields.get("applicant") or {}

    def p(self, text: str, style: str = "body") -> _Paragraph:
        return Paragraph(text, self.s[style])

    def head(self, *labels: str) -> list[_Paragraph]:
        return [Paragraph(escape(label), self.s["head"]) for label in labels]

    def kv_table(self, pairs: list[tuple[str, object]], cols: int = 2) -> Table:
        """Label/value pairs, ``cols`` pairs per row. The label column is as wide as its longest label
        (measured in the font; at least :data:`LABEL_MIN_W`), so no label wraps inside a word
        (统一社会信用/代码) — as long as it leaves its values room: a number or code (ID number,
        办件编号, amount) is never wrapped either, and the label column is never more than
        :data:`LABEL_MAX_SHARE` of a pair. A label too long for that breaks before its bracket
        (个人账户储存额 / （元）), never inside a word."""
        head, cell = self.s["head"], self.s["cell"]
        pair_w = CONTENT_W / cols
        codes = [str(v) for _, v in pairs if _unbreakable(v)]
        keep = max((_text_width_uncached(v, cell.fontName, cell.fontSize) for v in codes), default=0)
        room = max(LABEL_MIN_W, min(pair_w * LABEL_MAX_SHARE, pair_w - keep - LABEL_PAD))
        labels = [_label_lines(str(label), head.fontName, head.fontSize, room) for label, _ in pairs]
        widest = max((_text_width(line, head.fontName, head.fontSize) for lines in labels for line in lines), default=0)
        label_w = min(max(LABEL_MIN_W, widest + LABEL_PAD), room)
        value_w = CONTENT_W / cols - label_w
        rows, row = [], []
        for (_, value), lines in zip(pairs, labels, strict=True):
            row += [Paragraph("<br/>".join(escape(line) for line in lines), head), Paragraph(_t(value), cell)]
            if len(row) == 2 * cols:
                rows.append(row)
                row = []
        if row:
            row += [""] * (2 * cols - len(row))
            rows.append(row)
        bg = [("BACKGROUND", (2 * i, 0), (2 * i, -1), HEAD_BG) for i in range(cols)]
        return _grid_table(rows, [label_w, value_w] * cols, header=False, styles=bg)

    # ------------------------------------------------------------------ applicant
    @property
    def is_unit(self) -> bool:
        return self.applicant.get("type") == "unit"

    @property
    def you(self) -> str:
        return "你单位" if self.is_unit else "你"

    @property
    def is_survivor(self) -> bool:
        return self.applicant.get("type") == "survivor"

    @property
    def addresses_other(self) -> bool:
        """The addressee is not the 参保人: a 遗属, or the agent of a deceased 参保人 (field
        ``applicant.insured_deceased``: 丧葬补助金、抚恤金 and the death variant of 历史信息审核)."""
        a = self.applicant
        return bool(a.get("agent_name")) and (self.is_survivor or bool(a.get("insured_deceased")))

    def applicant_name(self) -> str | None:
        """The addressee: the unit, the 遗属 or agent who applied for a deceased 参保人 (never the
        deceased), else the 参保人 (None: a unit without its name)."""
        a = self.applicant
        if self.is_unit:
            return a.get("unit_name")
        if self.addresses_other:
            return a.get("agent_name")
        return a.get("name") or ""

    def insured(self) -> str:
        """Whose record the decision is about: 你 (the addressee), else 参保人 with the name."""
        return f"参保人{_t(self.applicant.get('name'))}" if self.addresses_other else self.you

    def applicant_pairs(self) -> list[tuple[str, object]]:
        a = self.applicant
        if self.is_unit:
            # name / id_number are the 参保人's (the window's 参保人姓名 / 参保人证件号码, for a unit
            # too): the person the matter concerns, never the unit's 经办人 — no field records one.
            pairs = [("单位名称", a.get("unit_name")), ("统一社会信用代码", a.get("credit_code"))]
            if a.get("name"):
                pairs += [("参保人", a.get("name")), (a.get("id_kind") or "证件号码", a.get("id_number"))]
        elif self.is_survivor:
            pairs = [("申请人（遗属）", a.get("agent_name")), ("证件号码", a.get("agent_id_number")),
                     ("参保人", a.get("name")), (a.get("id_kind") or "证件号码", a.get("id_number"))]
        elif self.addresses_other:          # the agent of a deceased 参保人
            pairs = [("申请人（代办人）", a.get("agent_name")), ("证件号码", a.get("agent_id_number")),
                     ("参保人", a.get("name")), (a.get("id_kind") or "证件号码", a.get("id_number"))]
        else:
            pairs = [("姓名", a.get("name")), (a.get("id_kind") or "证件号码", a.get("id_number"))]
            if a.get("type") == "agent" and a.get("agent_name"):
                pairs += [("委托代理人", a.get("agent_name")), ("代理人证件号码", a.get("agent_id_number"))]
        return pairs

    def case_pairs(self) -> list[tuple[str, object]]:
        return [("申请事项", self.f.get("service_name")), ("办件编号", self.f.get("case_no"))]

    def basic_info(self) -> Table:
        return self.kv_table(self.applicant_pairs() + self.case_pairs())

    def missing_items_table(self) -> Table:
        items = [i for i in self.f.get("missing_items") or [] if not i.get("condition")]
        if not items:
            raise RenderError("缺少字段 missing_items：须列出全部需补齐补正的材料（一次性告知）")
        rows = [self.head("序号", "材料名称", "存在问题", "需补齐补正的内容及携带要求")]
        for i, item in enumerate(items, 1):
            rows.append([
                Paragraph(str(i), self.s["cellc"]),
                Paragraph(_t(item.get("material")), self.s["cell"]),
                Paragraph(_t(item.get("problem")), self.s["cell"]),
                Paragraph(_t(item.get("what_to_bring")), self.s["cell"]),
            ])
        return _grid_table(rows, [12 * mm, 42 * mm, 48 * mm, CONTENT_W - 102 * mm])

    def guided_items(self) -> list[dict]:
        """The 受理条件 not met but guided (业务指引), which ``missing_items`` marks ``condition``."""
        return [i for i in self.f.get("missing_items") or [] if i.get("condition")]

    def guided_table(self) -> Table:
        """What the applicant does first, per unmet guided condition: the problem as the rules
        state it (缴费年限不足：…最低缴费年限为16年，现有6年…) — not the condition's catalog text,
        which the problem makes precise — and the guidance."""
        rows = [self.head("序号", "存在问题", "办理指引")]
        for i, item in enumerate(self.guided_items(), 1):
            rows.append([Paragraph(str(i), self.s["cellc"]), Paragraph(_t(item.get("problem")), self.s["cell"]),
                         Paragraph(_t(item.get("what_to_bring")), self.s["cell"])])
        return _grid_table(rows, [12 * mm, 80 * mm, CONTENT_W - 92 * mm])

    def numbered(self, items: list[str], style: str = "body") -> list[_Paragraph]:
        return [self.p(f"{i}. {_t(text)}", style) for i, text in enumerate(items, 1)]


# ----------------------------------------------------------------------------- bodies

def _time_limit_basis(f: dict, lead: str = "") -> str:
    """“（经办机构设定）” after the 办理时限: where the figure comes from (catalog TimeLimit.basis); ""
    for a document composed before it was recorded."""
    basis = f.get("time_limit_basis")
    return f"（{lead}{_t(basis)}）" if basis else ""


def _result_sentence(c: _Ctx) -> str:
    """How the 受理告知书 says the result reaches the applicant: 即时办结 (6.1.1.2.3 …) on the spot; a
    service with a 登记送达方式 / 送达 step (6.5.1.3) by the way the applicant chooses; any other
    service promises no delivery. A notice composed before ``instant`` / ``delivered`` were recorded
    reads as it was issued."""
    f = c.f
    if "instant" not in f and "delivered" not in f:
        return f"办理结果将按{c.you}选择的方式送达，"
    if f.get("delivered"):
        return f"办理结果将按{c.you}选择的方式送达，"
    if f.get("instant"):
        return "本事项当场办结，办理结果当场告知，"
    return ""


def _acceptance_notice(c: _Ctx) -> list:
    f = c.f
    out = [
        c.p(f"{c.you}于{cn_date(f.get('submitted_date') or f.get('date'))}提交的{_t(f.get('service_name'))}申请，"
            "经审查，申请材料齐全，符合受理条件，本机构决定予以受理。"),
        c.p(f"办理时限：{_t(f.get('time_limit'))}{_time_limit_basis(f)}。{_result_sentence(c)}"
            f"可凭办件编号 {_t(f.get('case_no'))} 查询办理进度。"),
        Spacer(1, 4), c.basic_info(), Spacer(1, 6),
    ]
    out += _materials_table(c, "已收取的申请材料")
    return out


def _acceptance_notification(c: _Ctx) -> list:
    f = c.f
    out = [
        c.p(f"{c.you}申请办理的{_t(f.get('service_name'))}事项，本机构已于{cn_date(f.get('date'))}受理，"
            f"办件编号 {_t(f.get('case_no'))}。本机构将在{_t(f.get('time_limit'))}内审核办结"
            f"{_time_limit_basis(f, '办理时限依据：')}，"
            "需要补齐补正材料的，将一次性告知。"),
        Spacer(1, 4), c.basic_info(), Spacer(1, 6),
    ]
    out += _materials_table(c, "受理时收取的材料")
    return out


def _materials_table(c: _Ctx, caption: str) -> list:
    materials = c.f.get("materials") or []
    if not materials:
        return []
    rows = [c.head("序号", caption, "份数")]
    for i, m in enumerate(materials, 1):
        name, copies = (m.get("name"), m.get("copies", 1)) if isinstance(m, dict) else (m, 1)
        rows.append([Paragraph(str(i), c.s["cellc"]), Paragraph(_t(name), c.s["cell"]), Paragraph(_t(copies), c.s["cellc"])])
    return [_grid_table(rows, [14 * mm, CONTENT_W - 34 * mm, 20 * mm])]


def _guidance_notice(c: _Ctx) -> list:
    f = c.f
    guided = c.guided_items()
    n = len(f.get("missing_items") or []) - len(guided)
    if not n and not guided:
        raise RenderError("缺少字段 missing_items：须列出全部需补齐补正的材料（一次性告知）")
    service = _t(f.get("service_name"))
    # as every other notice: who and what (the identity block) before the list, kept with the
    # opening sentence under the title; the list last, so a long one goes over with its header
    # row repeated and its last rows take the closing block along (never a block alone on a page).
    # A 受理条件 not met but guided (缴费年限不足, 历史信息未审核) is not a material: the notice names
    # it apart, with what to do first — and, when no material is missing, says only that.
    if n:
        opening = (f"{c.you}申请办理{service}，经初审，申请材料不齐全或不符合规定形式，申请材料已当场退回。"
                   f"现将需要补齐补正的全部材料（共{n}项）一次性告知如下，请按要求补齐补正后再次提交申请：")
    else:
        opening = (f"{c.you}申请办理{service}，经初审，{c.you}暂不满足下列受理条件，申请材料已当场退回。"
                   f"本机构不作不予受理决定，现将须先办理的事项（共{len(guided)}项）一次性告知如下，"
                   "请按指引办理后再次提交申请：")
    out: list = [KeepTogether([c.p(opening), Spacer(1, 4), c.basic_info()]), Spacer(1, 6)]
    if n:
        out += [c.missing_items_table(), Spacer(1, 4)]
    if guided:
        if n:
            out.append(c.p(f"另有下列受理条件{c.you}暂不满足，本机构不作不予受理决定，请按指引办理后再次提交申请："))
        out += [c.guided_table(), Spacer(1, 4)]
    out += _pending_conditions(c, materials=bool(n))
    out.append(c.p("本告知书为一次性告知。补齐补正上述材料后提交的申请，本机构不再要求提供本告知书以外的材料。"
                   if n else "本告知书为一次性告知。按上述指引办理后再次提交的申请，本机构不再要求提供本告知书以外的材料。"))
    return out


def _pending_conditions(c: _Ctx, *, materials: bool = True) -> list:
    """The 受理条件 not verified yet when the materials were found missing (the record could not be
    read, or the clerk's judgment rests on a material to be brought): said, so the notice does not
    read as if only the materials stood between the applicant and 受理."""
    pending = c.f.get("pending_conditions") or []
    if not pending:
        return []
    when = f"{c.you}补齐补正上述材料、再次提交申请时" if materials else f"{c.you}再次提交申请时"
    return [c.p(f"另有下列受理条件本机构尚未核实，将在{when}一并核实："),
            *c.numbered([str(t) for t in pending]), Spacer(1, 4)]


def _supplement_list(c: _Ctx) -> list:
    f = c.f
    deadline = f.get("deadline")
    limit = f"请于{cn_date(deadline)}前" if deadline else "请"
    return [        # the identity block before the list, as in the 业务指引告知书
        KeepTogether([
            c.p(f"{c.you}申请办理的{_t(f.get('service_name'))}（办件编号 {_t(f.get('case_no'))}）已受理，"
                f"经审核，下列材料需要补齐补正。{limit}将下列全部材料提交至本机构："),
            Spacer(1, 4), c.kv_table(c.applicant_pairs()),
        ]),
        Spacer(1, 6), c.missing_items_table(),
    ]


_ISO_DAY_OR_MONTH = re.compile(r"(?<![0-9A-Za-z-])((?:19|20)\d{2})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?(?![0-9A-Za-z-])")


def cn_dates_in(text: str) -> str:
    """The ISO dates and months a rule's sentence carries (已达到法定退休年龄（60岁，2023-01）) as a
    Chinese document writes them: 2023年1月, 2025年1月1日 (GB/T 9704: Arabic numerals)."""
    def word(m: re.Match) -> str:
        y, mo, d = m.group(1), int(m.group(2)), m.group(3)
        return f"{y}年{mo}月{int(d)}日" if d else f"{y}年{mo}月"

    return _ISO_DAY_OR_MONTH.sub(word, text)


def _reasons(c: _Ctx) -> list:
    reasons = c.f.get("reasons") or []
    if not reasons:
        raise RenderError("缺少字段 reasons：决定书须写明理由")
    return c.numbered([cn_dates_in(str(r)) for r in reasons])


def _rejection_decision(c: _Ctx) -> list:
    f = c.f
    return [
        c.p(f"{c.you}于{cn_date(f.get('submitted_date') or f.get('date'))}提出的{_t(f.get('service_name'))}申请，"
            "经审查，不符合受理条件，理由如下："),
        *_reasons(c),
        c.p("根据上述理由，本机构决定不予受理。" + _materials_returned(f)),
        Spacer(1, 4), c.basic_info(),
    ]


def _materials_returned(f: dict) -> str:
    """6.1.1.2.2: with a 不予受理 all the materials are returned. Decided at the window (by the clerk,
    or on a supervisor's 现场授权 there) they were handed back on the spot; a decision approved later
    on the centre is printed when it arrives, not at the counter (``materials_returned_on_site``
    false): the decision returns them. A record without the field was issued at the counter."""
    if f.get("materials_returned_on_site", True) is False:
        return "全部申请材料予以退回。"
    return "全部申请材料已当场退回。"


def _transfer_pairs(c: _Ctx) -> list[tuple[str, object]]:
    t = c.f.get("transfer") or {}
    return [
        ("转出地", t.get("from_region")), ("转入地", t.get("to_region")),
        ("转出地经办机构", t.get("from_agency")), ("转入地经办机构", t.get("to_agency")),
        ("参保起止时间", f"{cn_month(t.get('insured_from'))}至{cn_month(t.get('insured_to'))}" if t.get("insured_from") else None),
        ("实际缴费月数", t.get("actual_contribution_months", t.get("contribution_months"))),
        ("个人账户储存额（元）", money(t.get("account_balance")) if t.get("account_balance") is not None else None),
        ("统筹基金转移额（元）", money(t.get("pooled_amount")) if t.get("pooled_amount") is not None else None),
    ]


_TRANSFER_LABELS = {"from_region": "转出地", "from_agency": "转出地社保经办机构",
                    "to_region": "转入地", "to_agency": "转入地社保经办机构"}


def _transfer_facts(c: _Ctx) -> dict:
    """The transfer fields; the two places and the two agencies are required (the 联系函 goes to the
    转出地 agency, 6.4.1.1.1.2; the 信息表 to the 转入地 agency, 6.4.1.2.2) — never printed as "—"."""
    t = c.f.get("transfer") or {}
    for key, label in _TRANSFER_LABELS.items():
        if not str(t.get(key) or "").strip():
            raise RenderError(f"缺少字段 transfer.{key}：须写明{label}")
    return t


def id_kind_label(id_kind: str | None, id_number: str | None) -> str:
    """The certificate's name: as recorded, else as its number shows it (居民身份证, 港澳居民居住证,
    外国人永久居留身份证 …), else plain 证件."""
    if id_kind:
        return str(id_kind)
    kind = check_id(id_number).kind if id_number else None
    return KIND_LABELS.get(kind, "证件") if kind else "证件"


def _transfer_letter(c: _Ctx, temporary: bool) -> list:
    t = _transfer_facts(c)
    a = c.applicant
    account = "临时基本养老保险缴费账户" if temporary else "基本养老保险关系"
    return [
        c.p(f"{_t(t.get('from_agency'))}：", "addressee"),
        c.p(f"参保人员{_t(a.get('name'))}（{escape(id_kind_label(a.get('id_kind'), a.get('id_number')))}号码："
            f"{_t(a.get('id_number'))}）"
            f"申请将{account}由{_t(t.get('from_region'))}转入{_t(t.get('to_region'))}，经审核，"
            "符合转移接续条件，同意接收。请贵机构按规定办理转出手续，"
            "并将参保缴费信息及应转移的基金转入我机构。"),
        Spacer(1, 4),
        c.kv_table([("姓名", a.get("name")), ("证件号码", a.get("id_number"))] + _transfer_pairs(c)[:4]),
        Spacer(1, 4),
        c.kv_table([("开户名称", t.get("account_name")), ("开户银行", t.get("bank")),
                    ("银行账号", t.get("bank_account")), ("联系地址", t.get("contact_address")),
                    ("联系电话", t.get("contact_phone")), ("邮政编码", t.get("postcode"))]),
    ]


def _transfer_sheet(c: _Ctx, temporary: bool) -> list:
    t = _transfer_facts(c)
    rows = [c.head("年度", "缴费月数", "缴费基数（元）", "个人缴费（元）", "单位缴费划入统筹（元）")]
    for r in t.get("rows") or []:
        rows.append([Paragraph(_t(r.get("year")), c.s["cellc"]), Paragraph(_t(r.get("months")), c.s["cellc"]),
                     Paragraph(money(r.get("base")), c.s["cellr"]), Paragraph(money(r.get("individual")), c.s["cellr"]),
                     Paragraph(money(r.get("pooled")), c.s["cellr"])])
    a = c.applicant
    out = [
        c.p(f"{_t(t.get('to_agency'))}：", "addressee"),
        c.p(f"参保人员{_t(a.get('name'))}申请将" + ("临时基本养老保险缴费账户" if temporary else "基本养老保险关系")
            + f"由{_t(t.get('from_region'))}转移至{_t(t.get('to_region'))}，经审核，符合办理条件。"
            "现将转移接续信息发送贵机构，请据此办理接续，基金划转手续另行对接。", "body"),
        Spacer(1, 4),
        c.kv_table(c.applicant_pairs() + [("办件编号", c.f.get("case_no"))] + _transfer_pairs(c)),
    ]
    if len(rows) > 1:
        w = CONTENT_W / 5
        out += [Spacer(1, 6), _grid_table(rows, [w] * 5)]
    return out


def _deemed_years_decision(c: _Ctx) -> list:
    d = c.f.get("deemed_years") or {}
    periods = d.get("periods") or []
    if not periods:
        raise RenderError("缺少字段 deemed_years.periods：须列出核准的视同缴费期间")
    rows = [c.head("序号", "起始年月", "终止年月", "工作单位", "视同缴费月数")]
    for i, p in enumerate(periods, 1):
        rows.append([Paragraph(str(i), c.s["cellc"]), Paragraph(cn_month(p.get("start")), c.s["cellc"]),
                     Paragraph(cn_month(p.get("end")), c.s["cellc"]), Paragraph(_t(p.get("unit")), c.s["cell"]),
                     Paragraph(_t(p.get("months")), c.s["cellc"])])
    rows.append([Paragraph("合计", c.s["cellc"]), "", "", "", Paragraph(_t(d.get("total_months")), c.s["cellc"])])
    table = _grid_table(rows, [12 * mm, 28 * mm, 28 * mm, CONTENT_W - 98 * mm, 30 * mm],
                        styles=[("SPAN", (0, -1), (3, -1))])
    return [
        c.p(f"{c.you}申请的视同缴费年限核准（办件编号 {_t(c.f.get('case_no'))}），经审核，"
            f"核准{c.insured()}的视同缴费年限共{months_text(d.get('total_months'))}，明细如下："),
        Spacer(1, 4), table, Spacer(1, 4),
        c.kv_table(c.applicant_pairs() + [("送达方式", _delivery_text(d))]),
    ]


def _delivery_text(d: dict) -> str:
    """6.5.1.3: 邮寄 (with the address) or 窗口自取 — as the applicant chose; never left blank."""
    method = d.get("delivery")
    if not method:
        raise RenderError("缺少字段 deemed_years.delivery：须写明送达方式（邮寄或窗口自取，6.5.1.3）")
    text = DELIVERY_NAMES.get(method, str(method))
    if method == "mail" and d.get("delivery_address"):
        text += f"（{d['delivery_address']}）"
    return text


def _pension_approval_decision(c: _Ctx) -> list:
    p = c.f.get("pension") or {}
    rows = [c.head("项目", "金额（元/月）")]
    for label, key in (("基础养老金", "basic"), ("个人账户养老金", "personal_account"),
                       ("过渡性养老金", "transitional"), ("合计", "total")):
        if key in p:
            rows.append([Paragraph(label, c.s["cellc"]), Paragraph(money(p.get(key)), c.s["cellr"])])
    if "total" not in p:
        raise RenderError("缺少字段 pension.total：须写明核定的养老金月标准")
    return [
        c.p(f"{c.you}申请的基本养老金核定（办件编号 {_t(c.f.get('case_no'))}），经审核，符合按月领取基本养老金的条件，"
            f"核准自{cn_month(p.get('start_month') or p.get('retirement_month'))}起按月领取基本养老金，"
            f"月标准为{money(p.get('total'))}元。核定情况如下："),
        Spacer(1, 4),
        c.kv_table(c.applicant_pairs() + [
            ("退休（领取）年月", cn_month(p.get("retirement_month"))),
            ("缴费年限（含视同）", months_text(p.get("contribution_months"))),
            ("计发月数", p.get("months_factor")),
            ("计发基数（元）", money(p.get("base")) if p.get("base") is not None else None),
        ]),
        Spacer(1, 6),
        _grid_table(rows, [CONTENT_W / 2, CONTENT_W / 2]),
    ]


def _rule_rows(c: _Ctx, parameters) -> list:
    """The parameters (effective-dated, policy-params.toml) the amounts were computed with."""
    rows = [c.head("计发参数", "取值", "起效日期")]
    for prm in parameters or []:
        label = str(prm.get("label") or prm.get("key") or "")
        start = prm.get("effective_from")
        rows.append([Paragraph(_t(label), c.s["cell"]), Paragraph(_parameter_value(prm), c.s["cellc"]),
                     Paragraph(cn_date(start) if start else _t(start), c.s["cellc"])])
    if len(rows) == 1:
        return []
    return [Spacer(1, 4), _grid_table(rows, [CONTENT_W / 2, CONTENT_W / 4, CONTENT_W / 4])]


_TRAILING_UNIT = re.compile(r"[（(](?:[^（）()]*[，,])?([^（）()，,]*)[）)]$")


def parameter_unit(prm: dict) -> str:
    """The unit of a 计发参数 row: its ``unit`` (元, 元/月 — the parameter's, policy-params.toml), or
    for a row recorded without one the unit its label ends with: 计发基数（元/月）, 广东省上年度城镇居民
    月人均可支配收入（国家办法计发基数，元/月）."""
    unit = prm.get("unit")
    if isinstance(unit, str):
        return unit.strip()
    m = _TRAILING_UNIT.search(str(prm.get("label") or "").strip())
    return m.group(1).strip() if m else ""


def _parameter_value(prm: dict) -> str:
    """A parameter in yuan (its unit is 元, 元/月 …) as every amount of the document is written
    (11,293.00); a rate, a number of months or a text as it is."""
    value = prm.get("value")
    if parameter_unit(prm).startswith("元") and value not in (None, ""):
        try:
            Decimal(str(value))
        except InvalidOperation:
            return _t(value)
        return money(value)
    return _t(value)


def _disability_allowance_decision(c: _Ctx) -> list:
    """病残津贴核准决定书: a monthly allowance until the statutory retirement age (5.6.1.2, 6.6.1.2.2)."""
    a = c.f.get("allowance") or {}
    if a.get("monthly") in (None, ""):
        raise RenderError("缺少字段 allowance.monthly：须写明核定的病残津贴月标准")
    rows = [c.head("项目", "金额（元/月）")]
    for item in a.get("items") or []:
        rows.append([Paragraph(_t(item.get("name")), c.s["cellc"]), Paragraph(money(item.get("amount")), c.s["cellr"])])
    rows.append([Paragraph("病残津贴月标准", c.s["cellc"]), Paragraph(money(a.get("monthly")), c.s["cellr"])])
    return [
        c.p(f"{c.you}申请的病残津贴核定（办件编号 {_t(c.f.get('case_no'))}），经审核，符合因病或非因工致残完全丧失"
            f"劳动能力领取病残津贴的条件，核准自{cn_month(a.get('start_month'))}起按月发放病残津贴，"
            f"月标准为{money(a.get('monthly'))}元，发放至达到法定退休年龄时止。核定情况如下："),
        Spacer(1, 4),
        c.kv_table(c.applicant_pairs() + [
            ("起发年月", cn_month(a.get("start_month"))),
            ("缴费年限（含视同）", months_text(a.get("contribution_months"))),
            ("计发办法", a.get("rule")),
        ]),
        Spacer(1, 6),
        _grid_table(rows, [CONTENT_W / 2, CONTENT_W / 2]),
        *_rule_rows(c, a.get("parameters")),
    ]


DEATH_RULE_NAMES = {
    "shenzhen": "深圳市办法（丧葬补助金为3个月、抚恤金按供养遗属人数6/9/12个月的上年度在岗职工月平均工资）",
    "national": "国家办法（人社部发〔2021〕18号：丧葬补助金为2个月、抚恤金按缴费年限计发月数的上年度城镇居民月人均可支配收入）",
}


def _death_benefit_decision(c: _Ctx) -> list:
    """丧葬补助金、抚恤金核准决定书: two one-off grants to the 遗属 (5.6.1.3, 6.6.1.3.2)."""
    d = c.f.get("death_benefits") or {}
    if d.get("total") in (None, ""):
        raise RenderError("缺少字段 death_benefits.total：须写明核定的丧葬补助金、抚恤金金额")
    a = c.applicant
    rule_set = d.get("rule_set")
    rows = [c.head("项目", "计发基数（元）", "计发月数", "金额（元，一次性）")]
    rows.append([Paragraph("丧葬补助金", c.s["cellc"]), Paragraph(money(d.get("base")), c.s["cellr"]),
                 Paragraph("3" if d.get("rule_set") == "shenzhen" else "2", c.s["cellc"]),
                 Paragraph(money(d.get("funeral_grant")), c.s["cellr"])])
    rows.append([Paragraph("抚恤金", c.s["cellc"]), Paragraph(money(d.get("base")), c.s["cellr"]),
                 Paragraph(_t(d.get("survivor_months")), c.s["cellc"]),
                 Paragraph(money(d.get("survivor_benefit")), c.s["cellr"])])
    rows.append([Paragraph("合计", c.s["cellc"]), "", "", Paragraph(money(d.get("total")), c.s["cellr"])])
    w = CONTENT_W / 4
    return [
        c.p(f"{c.you}申请的参保人{_t(a.get('name'))}的丧葬补助金、抚恤金核定（办件编号 {_t(c.f.get('case_no'))}），经审核，"
            f"符合申领条件，核准一次性发放丧葬补助金{money(d.get('funeral_grant'))}元、"
            f"抚恤金{money(d.get('survivor_benefit'))}元，合计{money(d.get('total'))}元。核定情况如下："),
        Spacer(1, 4),
        c.kv_table(c.applicant_pairs() + [("死亡日期", cn_date(d.get("death_date")) if d.get("death_date") else None),
                                          ("计发办法", DEATH_RULE_NAMES.get(rule_set, rule_set) if rule_set is not None else None)]),
        Spacer(1, 6),
        _grid_table(rows, [w] * 4, styles=[("SPAN", (0, -1), (2, -1))]),
        *_rule_rows(c, d.get("parameters")),
    ]


def _pension_denial_decision(c: _Ctx) -> list:
    f = c.f
    return [
        c.p(f"{c.you}申请的基本养老金核定（办件编号 {_t(f.get('case_no'))}），经审核，不符合办理要求，"
            "本机构决定不予认定，理由如下："),
        *_reasons(c),
        Spacer(1, 4), c.basic_info(),
    ]


def _special_work_publicity(c: _Ctx) -> list:
    p = c.f.get("publicity") or {}
    a = c.applicant
    rows = [c.head("姓名", "证件号码", "工作单位", "特殊工种", "从事年限")]
    rows.append([Paragraph(_t(a.get("name")), c.s["cellc"]), Paragraph(_t(mask_id(a.get("id_number"))), c.s["cellc"]),
                 Paragraph(_t(a.get("unit_name") or p.get("unit_name")), c.s["cell"]),
                 Paragraph(_t(p.get("work_type")), c.s["cell"]), Paragraph(_t(p.get("years")), c.s["cellc"])])
    w = CONTENT_W
    return [
        c.p("根据特殊工种提前退休审核的有关规定，现将下列人员特殊工种提前退休申请的有关情况予以公示，接受社会监督："),
        Spacer(1, 4), _grid_table(rows, [20 * mm, 48 * mm, w - 128 * mm, 38 * mm, 22 * mm]), Spacer(1, 6),
        c.p(f"公示期：{cn_date(p.get('start'))}至{cn_date(p.get('end'))}。"),
        c.p("公示期间，任何单位和个人对公示内容有异议的，可以书面或电话方式向本机构反映，"
            "反映情况应实事求是，并提供联系方式和相关线索。"),
        c.p(f"联系电话：{_t(p.get('contact'))}。"),
    ]


def _account_statement(c: _Ctx) -> list:
    acc = c.f.get("account") or {}
    if acc.get("balance") in (None, "") and acc.get("closing") in (None, ""):
        raise RenderError("缺少字段 account.balance：须列明个人账户储存额（6.3.3.1、6.3.3.2）")
    rows = [c.head("缴费年月", "缴费基数（元）", "个人缴费记账额（元）", "单位划入记账额（元）", "记账合计（元）")]
    for r in acc.get("rows") or []:
        rows.append([Paragraph(cn_month(r.get("month")), c.s["cellc"]), Paragraph(money(r.get("base")), c.s["cellr"]),
                     Paragraph(money(r.get("individual")), c.s["cellr"]), Paragraph(money(r.get("employer", 0)), c.s["cellr"]),
                     Paragraph(money(r.get("amount")), c.s["cellr"])])
    year = f"{_t(acc.get('year'))}年度" if acc.get("year") else f"截至{_t(c.f.get('date'))}"
    pairs = c.applicant_pairs()
    if acc.get("personal_no"):
        pairs.append(("个人编号", acc.get("personal_no")))
    # 6.3.3.1: 缴费时间 and 个人账户储存额 (the record's), and a year's 记账 when the core system gave it
    pairs += [("参保缴费起始年月", cn_month(acc.get("insured_from")) if acc.get("insured_from") else None),
              ("实际缴费月数", acc.get("actual_contribution_months")),
              ("个人账户储存额（元）", money(acc.get("balance") if acc.get("balance") not in (None, "") else acc.get("closing")))]
    if acc.get("year"):
        pairs += [("对账年度", acc.get("year")),
                  ("上年末储存额（元）", money(acc.get("opening"))), ("本年记账额（元）", money(acc.get("contributions"))),
                  ("本年记账利息（元）", money(acc.get("interest"))), ("本年末储存额（元）", money(acc.get("closing")))]
    out = [
        c.p(f"以下为{_t(c.applicant.get('name'))}{year}职工基本养老保险个人账户信息："),
        Spacer(1, 4),
        c.kv_table(pairs),
    ]
    if len(rows) > 1:
        w = CONTENT_W / 5
        out += [Spacer(1, 6), _grid_table(rows, [w] * 5)]
    out += _drawing_period(c, acc)
    out += [Spacer(1, 4), c.p("如对本对账单有疑问，请携带本人有效身份证件到社保经办机构查询核对。", "small")]
    return out


def _drawing_period(c: _Ctx, acc: dict) -> list:
    """6.3.3.2 待遇领取期 (办理情形 pension_phase, or the core system's ``period`` drawing): 缴费期个人账户
    储存额, 个人账户养老金支付记录 and 账户余额."""
    if acc.get("period") != "drawing":
        return []
    if acc.get("balance") in (None, ""):
        raise RenderError("缺少字段 account.balance：待遇领取期须列明个人账户余额（6.3.3.2）")
    if acc.get("contribution_balance") in (None, ""):
        raise RenderError("缺少字段 account.contribution_balance：待遇领取期须列明缴费期个人账户储存额（6.3.3.2）")
    rows = [c.head("支付年月", "个人账户养老金支付额（元）")]
    for r in acc.get("payments") or []:
        rows.append([Paragraph(cn_month(r.get("month")), c.s["cellc"]), Paragraph(money(r.get("amount")), c.s["cellr"])])
    out = [
        Spacer(1, 6), c.p("待遇领取期个人账户信息（6.3.3.2）：", "plain"),
        c.kv_table([("缴费期个人账户储存额（元）", money(acc.get("contribution_balance"))),
                    ("待遇领取年月", cn_month(acc.get("drawing_from"))),
                    ("累计支付额（元）", money(acc.get("paid_total"))),
                    ("个人账户余额（元）", money(acc.get("balance")))]),
    ]
    if len(rows) > 1:
        out += [Spacer(1, 4), _grid_table(rows, [CONTENT_W / 2, CONTENT_W / 2])]
    return out


def _contribution_rows(c: _Ctx, con: dict) -> list[dict]:
    """The 缴费明细's rows: the core system's per-person rows (``contributions.rows``), else the one row
    the window's 核定 determined (``base`` / ``employer`` / ``individual``) for the person the case
    concerns — the 参保人 (for a unit too, when it names one), else the unit itself (its 统一社会信用代码
    is no personal data: printed whole). Amounts never determined refuse the document (RenderError)."""
    if con.get("rows"):
        return list(con["rows"])
    lacking = [label for key, label in (("base", "核定缴费基数"), ("employer", "单位缴费"), ("individual", "个人缴费"))
               if con.get(key) in (None, "")]
    if lacking:
        raise RenderError(f"缺少字段 contributions：{'、'.join(lacking)}尚未核定，不能出具缴费明细（6.2.1.1 b、c）")
    a = c.applicant
    if c.is_unit and not a.get("name"):
        who = {"name": a.get("unit_name"), "id_text": a.get("credit_code")}
    else:
        who = {"name": a.get("name"), "id_number": a.get("id_number")}
    return [{**who, "base": con["base"], "employer": con["employer"], "individual": con["individual"]}]


def _contribution_detail(c: _Ctx) -> list:
    con = c.f.get("contributions") or {}
    rows = [c.head("序号", "姓名", "证件号码", "缴费基数（元）", "单位缴费（元）", "个人缴费（元）", "合计（元）")]
    totals = [Decimal(0)] * 3
    for i, r in enumerate(_contribution_rows(c, con), 1):
        values = [Decimal(str(r.get(k) or 0)) for k in ("employer", "individual")]
        total = values[0] + values[1]
        for j, v in enumerate(values + [total]):
            totals[j] += v
        shown_id = r["id_text"] if r.get("id_text") else mask_id(r.get("id_number"))
        rows.append([Paragraph(str(i), c.s["cellc"]), Paragraph(_t(r.get("name")), c.s["cellc"]),
                     Paragraph(_t(shown_id), c.s["cellc"]), Paragraph(money(r.get("base")), c.s["cellr"]),
                     Paragraph(money(values[0]), c.s["cellr"]), Paragraph(money(values[1]), c.s["cellr"]),
                     Paragraph(money(total), c.s["cellr"])])
    rows.append([Paragraph("合计", c.s["cellc"]), "", "", "", *[Paragraph(money(t), c.s["cellr"]) for t in totals]])
    widths = [10 * mm, 18 * mm, 48 * mm, 22 * mm, 22 * mm, 22 * mm]
    widths.append(CONTENT_W - sum(widths))
    return [
        c.p(f"{c.you}{cn_month(con.get('period'))}职工基本养老保险缴费明细如下（单位缴费比例{_t(con.get('employer_rate'))}，"
            f"个人缴费比例{_t(con.get('individual_rate'))}），已推送社会保险费征收机构："),
        Spacer(1, 4),
        c.kv_table(c.applicant_pairs() + [("费款所属期", cn_month(con.get("period"))), ("办件编号", c.f.get("case_no"))]),
        Spacer(1, 6),
        _grid_table(rows, widths, styles=[("SPAN", (0, -1), (3, -1))]),
    ]


def _certification_notice(c: _Ctx) -> list:
    """资格认证结果告知单 (5.6.3, 6.6.3). The standard names no document for a certification; this is
    the receipt an agency gives at the window: who, how (指纹比对 / 照片比对), the new validity, and
    after a lapse the resumption (恢复发放) with the back-pay months of 6.6.2.8, subject to approval."""
    cf = c.f.get("certification") or {}
    if not cf.get("valid_until"):
        raise RenderError("缺少字段 certification.valid_until：须写明认证有效期")
    out = [
        c.p(f"{_t(c.applicant.get('name'))}于{cn_date(cf.get('certified_on') or c.f.get('date'))}"
            f"通过{_t(cf.get('channel_name') or '窗口认证')}办理养老保险待遇资格认证，"
            f"认证方式为{_t(cf.get('method_name'))}，认证通过。"),
        c.p(f"本次认证有效期至{cn_date(cf.get('valid_until'))}，请在有效期届满前再次办理资格认证；"
            "届时本机构将以短信提醒。"),
        Spacer(1, 4),
        c.kv_table(c.applicant_pairs() + [("办件编号", c.f.get("case_no")),
                                          ("原认证有效期至", cn_date(cf["previous_valid_until"])
                                           if cf.get("previous_valid_until") else "无记录")]),
    ]
    # months and a suspension only as the counter knows them (6.6.2.8): the centre counts the back
    # pay from the day the suspension took effect; where that day is not held here, the approval decides
    if cf.get("resumption"):
        months = cf.get("back_pay_months") or []
        if cf.get("suspension") == "prison":
            back = "因服刑暂停发放期间的待遇不予补发。"
        elif not cf.get("back_pay_known", True):
            back = "是否补发及补发月份以审批结果为准（6.6.2.8）。"
        elif months:
            span = cn_month(months[0]) if len(months) == 1 else f"{cn_month(months[0])}至{cn_month(months[-1])}"
            back = f"缺漏发放月份{len(months)}个月（{span}），经审批后予以补发（6.6.2.8）。"
        else:
            back = "无缺漏发放月份。"
        why = _t(cf["suspension_name"]) if cf.get("suspension_name") else "资格认证过期或其他原因"
        out += [Spacer(1, 4), c.p(f"此前因{why}暂停发放的基本养老金，经审批后恢复发放。" + back)]
    elif cf.get("lapsed"):
        out += [Spacer(1, 4), c.p("原资格认证已过期。如期间已暂停发放基本养老金，经审批后恢复发放，"
                                  "是否补发及补发月份以审批结果为准（6.6.2.8）。")]
    return out


def _home_visit_notice(c: _Ctx) -> list:
    """上门认证申请告知单 (5.6.3 a: 上门，针对行动不便的服务对象). The window raised a home-visit
    request and certified nobody: the receipt says a home visit will be arranged — never 认证通过,
    never a new validity; the result is the field visit's."""
    hv = c.f.get("home_visit") or {}
    if not hv.get("request_id"):
        raise RenderError("缺少字段 home_visit.request_id：须写明上门认证申请编号")
    reason = str(hv.get("reason") or "").strip()
    return [
        c.p(f"{_t(c.applicant.get('name'))}的养老保险待遇资格认证，已于{cn_date(hv.get('requested_on') or c.f.get('date'))}"
            "登记上门认证申请（行动不便的服务对象，5.6.3 a）。本机构将安排外勤人员上门核验本人身份、办理认证，"
            "上门前将电话联系；本次未在窗口办理认证，认证结果以上门认证为准。"),
        c.p("上门时请本人在家，并备好本人有效身份证件或社会保障卡。"),
        Spacer(1, 4),
        c.kv_table(c.applicant_pairs() + [("办件编号", c.f.get("case_no")),
                                          ("上门认证申请编号", _t(hv.get("request_id"))),
                                          ("申请原因", reason or "行动不便")]),
    ]


BODIES: dict[DocumentKind, Callable[[_Ctx], list]] = {
    DocumentKind.acceptance_notice: _acceptance_notice,
    DocumentKind.acceptance_notification: _acceptance_notification,
    DocumentKind.guidance_notice: _guidance_notice,
    DocumentKind.rejection_decision: _rejection_decision,
    DocumentKind.supplement_list: _supplement_list,
    DocumentKind.transfer_contact_letter: lambda c: _transfer_letter(c, False),
    DocumentKind.transfer_info_sheet: lambda c: _transfer_sheet(c, False),
    DocumentKind.temp_transfer_contact_letter: lambda c: _transfer_letter(c, True),
    DocumentKind.temp_transfer_info_sheet: lambda c: _transfer_sheet(c, True),
    DocumentKind.deemed_years_decision: _deemed_years_decision,
    DocumentKind.pension_approval_decision: _pension_approval_decision,
    DocumentKind.pension_denial_decision: _pension_denial_decision,
    DocumentKind.disability_allowance_decision: _disability_allowance_decision,
    DocumentKind.death_benefit_decision: _death_benefit_decision,
    DocumentKind.special_work_publicity: _special_work_publicity,
    DocumentKind.account_statement: _account_statement,
    DocumentKind.contribution_detail: _contribution_detail,
    DocumentKind.certification_notice: _certification_notice,
    DocumentKind.home_visit_notice: _home_visit_notice,
}

# Documents addressed to nobody in particular (公示) or to another agency (联系函: in the body).
_NO_ADDRESSEE = {DocumentKind.special_work_publicity, DocumentKind.transfer_contact_letter,
                 DocumentKind.temp_transfer_contact_letter, DocumentKind.transfer_info_sheet,
                 DocumentKind.temp_transfer_info_sheet}


# ----------------------------------------------------------------------------- common parts

class _Seal(Flowable):
    """Seal area (盖章处): a dashed circle drawn over the office name and date above it, as a stamp sits."""

    def __init__(self, font: NoticeFont, width: float):
        super().__init__()
        self.font, self.width, self.height = font, width, 4

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColor(RED)
        c.setFillColor(RED)
        c.setLineWidth(0.8)
        c.setDash(3, 2)
        cx, cy = self.width / 2, 14 * mm
        c.circle(cx, cy, 15 * mm, stroke=1, fill=0)
        c.setFont(self.font.name, 8)
        c.drawCentredString(cx, cy - 13.5 * mm, "（盖章处）")
        c.restoreState()


class _Qr(Flowable):
    """QR code with the number and digest, drawn as one filled path.

    reportlab's QrCodeWidget encodes twice (bounds + draw), tries all 8 mask patterns and builds one
    shape object per module run — most of a notice's render time. Here the symbol is encoded once
    with a fixed mask pattern (any of the 8 is valid per ISO/IEC 18004; the search only optimises
    the look), by :func:`printing.qrsymbol.qr_modules` (reportlab's symbol, module for module,
    without its bit-by-bit encoder), and drawn with a single path.
    """

    MASK = 0
    BORDER = 2

    def __init__(self, payload: str, size: float):
        super().__init__()
        from counter_app.printing.qrsymbol import qr_modules

        self.modules = qr_modules(payload, mask_pattern=self.MASK)
        self.width = self.height = size

    def draw(self) -> None:
        n = len(self.modules)
        box = self.width / (n + 2 * self.BORDER)
        c = self.canv
        path = c.beginPath()
        for r, row in enumerate(self.modules):
            y = self.height - (r + self.BORDER + 1) * box
            col = 0
            while col < n:
                if row[col]:
                    start = col
                    while col < n and row[col]:
                        col += 1
                    path.rect((start + self.BORDER) * box, y, (col - start) * box, box)
                else:
                    col += 1
        c.saveState()
        c.setFillColor(colors.black)
        c.drawPath(path, stroke=0, fill=1)
        c.restoreState()


def _qr(number: str, digest: str) -> Flowable:
    return _Qr(qr_payload(number, digest), 24 * mm)


def _remedy(c: _Ctx) -> list:
    """复议、诉讼 rights, at the size of the body they belong to. The 行政复议机关 and the court are named
    when the office's reference data set them (``review_body``, ``court``: counter_rules.offices);
    never guessed — without them the general wording."""
    body = c.f.get("review_body")
    where = f"向{escape(str(body))}" if body else "依法"
    court = c.f.get("court")
    court_text = f"向{escape(str(court))}" if court else "依法向人民法院"
    return [
        Spacer(1, 4),
        c.p(f"{c.you}如不服本决定，可以自收到本决定书之日起{RECONSIDERATION_DAYS}日内{where}申请行政复议，"
            f"或者自收到本决定书之日起{LITIGATION_MONTHS}个月内{court_text}提起行政诉讼。"
            "行政复议和行政诉讼期间，本决定不停止执行，法律另有规定的除外。"),
    ]


DRAFT_NOTE = "样稿：未登记文号，不作凭证"


def _signature(c: _Ctx, number: str, digest: str, draft: bool = False) -> Table:
    """The closing block: QR code, 经办人, office, date and 盖章处. A draft has neither the QR code
    nor the seal area — it must never pass for an issued document — but says it is a draft."""
    f = c.f
    office = f"{AGENCY}{f.get('office') or ''}"
    right = [
        [Paragraph(escape(office), c.s["sign"])],
        [Paragraph(cn_date(f.get("date")), c.s["sign"])],
    ]
    if not draft:
        right.append([_Seal(c.font, 90 * mm)])
    right_t = Table(right, colWidths=[90 * mm])
    right_t.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "CENTER"), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    left = [
        [Paragraph(DRAFT_NOTE, c.s["small"]) if draft else _qr(number, digest)],
        # 审批人: a decision a supervisor approved names them (an unknown name shows the line unfilled)
        [_clerk_line(c)],
    ]
    if not draft:
        left.append([Paragraph("扫码核验文号与SM3校验码", c.s["small"])])
    left_t = Table(left, colWidths=[CONTENT_W - 90 * mm])
    left_t.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    t = Table([[left_t, right_t]], colWidths=[CONTENT_W - 90 * mm, 90 * mm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return t


APPROVER_BLANK = 24 * mm      # the 审批人 line left to fill by hand


def _clerk_line(c: _Ctx) -> Flowable:
    """经办人 (and, for a decision a supervisor approved, 审批人) under the QR code. An approver whose
    name is not known here is a blank line to be filled by hand, as the 申请人签名 line — never 「—」."""
    f = c.f
    clerk = f"经办人：{_t(f.get('clerk'))}"
    if "approver" not in f:
        return Paragraph(clerk, c.s["small"])
    if str(f.get("approver") or "").strip():
        return Paragraph(f"{clerk}　审批人：{_t(f.get('approver'))}", c.s["small"])
    from reportlab.pdfbase.pdfmetrics import stringWidth

    label = f"{clerk}　审批人："
    room = CONTENT_W - 90 * mm
    plain = f"经办人：{f.get('clerk') or '—'}　审批人："
    width = min(stringWidth(plain, c.font.name, c.s["small"].fontSize) + 2, room - APPROVER_BLANK)
    t = Table([[Paragraph(label, c.s["small"]), ""]], colWidths=[width, APPROVER_BLANK], hAlign="LEFT")
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LINEBELOW", (1, 0), (1, 0), 0.6, GRID),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                           ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return t


class _ClosingWithBody(KeepTogether):
    """The closing block (QR, 经办人, office, date, seal) never stands alone on a page: it takes the
    body's last lines with it — the last :attr:`KEEP_ROWS` rows of the body's last table (its header
    repeated) and everything after that table (notes, 办理依据, remedy) — as an official document
    closes its figures. While the whole tail fits on the page it flows as it always did (the pages
    of such documents are unchanged); when it does not, the table is split so that those rows go
    over with the block. A table too short to leave :attr:`MIN_ROWS_LEFT` rows behind goes over
    whole. ``table`` None: what follows the last table and the block are kept together."""

    KEEP_ROWS = 3
    MIN_ROWS_LEFT = 2

    def __init__(self, table: Table | None, after: list, closing: list):
        super().__init__(([table] if table is not None else []) + list(after) + list(closing))
        self._table, self._after, self._closing = table, list(after), list(closing)

    def wrap(self, aW, aH):
        # the height of the content as laid out; a KeepTogether inside (the block) counts as its
        # content (its own wrap answers "split me")
        def flat(items):
            for f in items:
                yield from flat(f._content) if isinstance(f, KeepTogether) else (f,)

        _, self._H = _listWrapOn(list(flat(self._content)), aW, self.canv)
        self._wrapInfo = aW, aH
        return aW, 0xFFFFFF                      # always split: split() decides what goes where

    def split(self, aW, aH):
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        content = list(self._content)
        if self._H <= aH:
            return content                       # all on this page, flowed as before
        frame = getattr(self, "_frame", None)
        at_top = bool(frame is not None and getattr(frame, "_atTop", False))
        if self._table is not None:
            parts = self._split_table(self._table, aW, aH)
            if parts:
                first, rest = parts
                return [first, _ClosingWithBody(rest, self._after, self._closing)]
        if at_top:
            return content                       # taller than a page: nothing better to do
        # over to the next page, together (cut there again if it is taller than a page)
        return [self.FrameBreak(), _ClosingWithBody(self._table, self._after, self._closing)]

    def _split_table(self, t: Table, aW, aH) -> tuple[Table, Table] | None:
        """The table cut after the last row that fits in ``aH`` and leaves ``KEEP_ROWS`` rows to go
        with the block, or None (no such cut leaves ``MIN_ROWS_LEFT`` rows here)."""
        t.wrapOn(self.canv, aW, aH)
        heights = list(t._rowHeights)
        repeat = t.repeatRows if isinstance(t.repeatRows, int) else max(t.repeatRows) + 1
        body = len(heights) - repeat
        fit, used = 0, sum(heights[:repeat])
        for h in heights[repeat:]:
            if used + h > aH:
                break
            used += h
            fit += 1
        here = min(fit, body - self.KEEP_ROWS)
        if here < self.MIN_ROWS_LEFT:
            return None
        cut = sum(heights[:repeat + here]) + min(heights[repeat + here] / 2, 1)
        parts = t.split(aW, cut)
        if len(parts) != 2 or len(parts[0]._cellvalues) != repeat + here:
            return None
        return parts[0], parts[1]


# ---- 申请人签名 (devices-cam): the applicant's signature from the pad or the screen ----
APPLICANT_SIGNS = frozenset({"acceptance_notice", "guidance_notice", "visit_record"})


def _applicant_signature(c: _Ctx, png: bytes) -> Table:
    """申请人签名 line with the signature image (transparent PNG) on it, and the date."""
    from reportlab.platypus import Image as PdfImage

    try:
        img = PdfImage(io.BytesIO(png))
    except Exception:
        raise RenderError("申请人签名图像无法读取（应为 PNG）") from None
    k = min(16 * mm / img.imageHeight, 60 * mm / img.imageWidth)
    img.drawWidth, img.drawHeight = img.imageWidth * k, img.imageHeight * k
    t = Table([[Paragraph("申请人签名：", c.s["sign"]), img, Paragraph(cn_date(c.f.get("date")), c.s["sign"])]],
              colWidths=[30 * mm, 64 * mm, CONTENT_W - 94 * mm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LINEBELOW", (1, 0), (1, 0), 0.6, GRID),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return t
# ---- end 申请人签名 ----


def _header(c: _Ctx, number: str) -> list:
    info = DOCUMENTS[c.kind]
    rule = Table([[""]], colWidths=[CONTENT_W], rowHeights=[2])
    rule.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 1.5, RED)]))
    out = [
        Paragraph(escape(f"{AGENCY}{c.f.get('office') or ''}"), c.s["agency"]),
        Spacer(1, 2), rule, Spacer(1, 4),
        Paragraph(escape(number), c.s["number"]),
        Paragraph(escape(info.title), c.s["title"]),
    ]
    if c.kind not in _NO_ADDRESSEE:
        out.append(Paragraph(f"{_t(c.applicant_name())}：", c.s["addressee"]))
    return out


def _basis(c: _Ctx) -> list:
    clause = c.f.get("clause")
    if not clause:
        raise RenderError("缺少字段 clause：须写明办理依据及条款")
    return [Spacer(1, 4), c.p(f"办理依据：{_t(basis_text(str(clause)))}")]


class _Marks:
    """Per-page footer (文号 · SM3) and the 补打 stamp; the page number (第 N 页 共 M 页) is drawn by
    :class:`_NumberedCanvas` once the page count is known."""

    def __init__(self, font: NoticeFont, number: str, digest: str, reprint_at: str | None, draft: bool = False):
        self.font, self.number, self.digest, self.reprint_at = font, number, digest, reprint_at
        self.draft = draft

    def __call__(self, canvas, doc) -> None:
        canvas.saveState()
        canvas.setFont(self.font.name, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        mark = DRAFT_NOTE if self.draft else f"SM3 {self.digest[:16]}…"
        canvas.drawString(MARGIN_X, 12 * mm, f"{self.number}  {mark}")
        if self.reprint_at:
            canvas.setStrokeColor(RED)
            canvas.setFillColor(RED)
            canvas.setLineWidth(1.2)
            # in the top margin, right: above the agency name (whose first line starts below the
            # 15 mm margin and may run wide), never over it
            x, y = PAGE_W - MARGIN_X - 26 * mm, PAGE_H - 14 * mm
            canvas.rect(x, y, 26 * mm, 9 * mm)
            canvas.setFont(self.font.name, 14)
            canvas.drawCentredString(x + 13 * mm, y + 2.6 * mm, "补打")
            canvas.setFont(self.font.name, 8)
            canvas.drawRightString(PAGE_W - MARGIN_X, 8 * mm, f"补打于 {self.reprint_at}")
        canvas.restoreState()


class _NumberedCanvas(Canvas):
    """A canvas that holds every page back until the document is finished, so each page's footer
    can say 第 N 页 共 M 页 (the total is known only at the end). Each finished page's state is kept
    (its content stream is small) and written out, with its number, when the document is saved."""

    def __init__(self, *args, footer_font: str, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self._footer_font = footer_font
        self._draft = draft
        self._held: list[dict] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self.saveState()
            self.setFont(self._footer_font, 8)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawRightString(PAGE_W - MARGIN_X, 12 * mm, f"第 {self._pageNumber} 页 共 {total} 页")
            self.restoreState()
            if self._draft:
                self._watermark()
            super().showPage()
        super().save()

    def _watermark(self) -> None:
        """样稿 across the page, over everything drawn on it (a table's shading cannot hide it)."""
        self.saveState()
        self.translate(PAGE_W / 2, PAGE_H / 2)
        self.rotate(45)
        self.setFillColor(RED)
        self.setFillAlpha(0.18)
        self.setFont(self._footer_font, 150)
        self.drawCentredString(0, -20 * mm, "样稿")
        self.setFont(self._footer_font, 22)
        self.drawCentredString(0, -38 * mm, "未登记文号 不作凭证")
        self.restoreState()


# ----------------------------------------------------------------------------- entry point

def render_pdf(kind: DocumentKind | str, fields: dict, number: str, *, digest: str | None = None,
               font: NoticeFont | None = None, font_path: str = "", reprint_at: str | None = None,
               signature: bytes | None = None, archival: bool = False, draft: bool = False) -> bytes:
    """The PDF of one document (A4). ``digest`` defaults to the SM3 of (kind, number, fields).

    ``draft`` (样稿: ``notice render --draft``, the preview of a document not yet issued): a
    diagonal 样稿 watermark on every page, no verification QR code, no seal area, no SM3 and no
    marks in the keywords — a draft never passes for an issued document.

    ``reprint_at`` (e.g. "2026-03-05 10:21") marks the copy 补打. ``signature`` (PNG) puts the
    applicant's signature on a 申请人签名 line (受理告知书, 业务指引告知书, visit record only). Output is deterministic for the
    same input (reportlab invariant mode), so a re-render of a record gives the same bytes.
    ``archival``: the archive's rendition — the page's initial font is the embedded notice font, not
    the unembedded Helvetica reportlab declares by default (PDF/A: every font embedded; see
    printing.pdfa). The issued rendition stays as it was, so ``notice verify`` still matches it.
    """
    try:
        kind = DocumentKind(kind)
    except ValueError:
        raise RenderError(f"不认识的文书种类：{kind!r}") from None
    if not isinstance(fields, dict):
        raise RenderError("文书字段应为 JSON 对象")
    font = font or find_cjk_font(font_path)
    fallback = find_fallback_font()
    token = _FONTS.set((covered(font.name), fallback.name if fallback else None,
                        covered(fallback.name) if fallback else frozenset()))
    try:
        return _render(kind, fields, number, digest, font, reprint_at, signature, archival, draft)
    finally:
        _FONTS.reset(token)


def _render(kind: DocumentKind, fields: dict, number: str, digest: str | None, font: NoticeFont,
            reprint_at: str | None, signature: bytes | None = None, archival: bool = False,
            draft: bool = False) -> bytes:
    digest = digest or content_digest(kind.value, number, fields)
    ctx = _Ctx(kind, fields, font)
    story: list[Flowable] = _header(ctx, number)
    body = BODIES[kind](ctx) + _basis(ctx)
    if DOCUMENTS[kind].decision:
        body += _remedy(ctx)
    signed: list[Flowable] = []
    if signature:
        if kind.value not in APPLICANT_SIGNS:
            raise RenderError(f"《{DOCUMENTS[kind].title}》没有申请人签名栏")
        signed = [_applicant_signature(ctx, signature), Spacer(1, 4)]
    closing = [Spacer(1, 6), KeepTogether(signed + [_signature(ctx, number, digest, draft)])]
    # the closing block stays on one page with the body's last table rows and what follows them
    last = max((i for i, f in enumerate(body) if isinstance(f, Table)), default=None)
    if last is None:
        story += [_ClosingWithBody(None, body, closing)]
    else:
        story += body[:last] + [_ClosingWithBody(body[last], body[last + 1:], closing)]

    if archival:
        _tables_in_font(story, font.name)
    buf = io.BytesIO()
    info = DOCUMENTS[kind]
    doc = SimpleDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=15 * mm, bottomMargin=18 * mm,
        title=f"{info.title} {number}", author=f"{AGENCY}{fields.get('office') or ''}",
        subject=f"{info.title}（{number}）", creator="counter-app",
        keywords="样稿" if draft else keywords(kind.value, number, digest),
        invariant=1, **({"initialFontName": font.name} if archival else {}),
    )
    marks = _Marks(font, number, digest, reprint_at, draft)
    doc.build(story, onFirstPage=marks, onLaterPages=marks,
              canvasmaker=partial(_NumberedCanvas, footer_font=font.name, draft=draft))
    return buf.getvalue()


def _tables_in_font(flowables, font_name: str, depth: int = 0) -> None:
    """Every table (nested ones too) draws in the notice font: reportlab's cell default is the
    unembedded Helvetica, declared even when every cell holds a Paragraph (archival rendition)."""
    if depth > 20:
        return
    for item in flowables if isinstance(flowables, (list, tuple)) else [flowables]:
        if isinstance(item, Table):
            item.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font_name)]))
            for row in item._cellvalues:
                for cell in row:
                    _tables_in_font(cell, font_name, depth + 1)
        elif isinstance(item, KeepTogether):
            _tables_in_font(item._content, font_name, depth + 1)
        elif isinstance(item, (list, tuple)):
            _tables_in_font(item, font_name, depth + 1)


def now_text() -> str:
    return datetime.now().strftime("%Y-%m-%d %H:%M")
