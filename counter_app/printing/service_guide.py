"""The printed 服务指南 (7.5.1 服务信息公开): one A4 section per service, for the hall's notice board and
for applicants who ask. It belongs to no case and is no issued document: no 文号, no SM3 mark, no
seal — a public notice drawn from the 业务目录 and the office's 投诉渠道 (domain.service_guide).
The notices' fonts, Chinese line breaking and page footer (第 N 页 共 M 页) are the templates' own."""

from __future__ import annotations

import io
from functools import partial

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from counter_app.domain.service_guide import GUIDE_CLAUSE, GUIDE_TITLE, ServiceGuide
from counter_app.printing.errors import RenderError
from counter_app.printing.fonts import NoticeFont, covered, find_cjk_font, find_fallback_font
from counter_app.printing.templates import (
    _FONTS,
    AGENCY,
    CONTENT_W,
    HEAD_BG,
    MARGIN_X,
    RED,
    Paragraph,
    _grid_table,
    _NumberedCanvas,
    _styles,
    cn_date,
)
from counter_rules.documents import STANDARD_NUMBER

MATERIALS_START = 45 * mm     # room for the 申请材料 heading, the table's header and its first rows
SECTIONS = ("一、服务内容", "二、办理依据", "三、办理程序", "四、办理时限", "五、申请材料", "六、投诉渠道")


def _section_style(font_name: str) -> ParagraphStyle:
    return ParagraphStyle("guide_section", fontName=font_name, fontSize=13, leading=20, spaceBefore=8, keepWithNext=1,
                          spaceAfter=2, wordWrap="CJK")


def _guide_story(g: ServiceGuide, font: NoticeFont) -> list[Flowable]:
    s = _styles(font.name)
    section = _section_style(font.name)
    loose = ParagraphStyle("guide_section_loose", parent=section, keepWithNext=0)

    def p(text: str, style: str = "plain") -> Flowable:
        return Paragraph(escape(text), s[style])

    rule = Table([[""]], colWidths=[CONTENT_W], rowHeights=[2])
    rule.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 1.5, RED)]))
    story: list[Flowable] = [
        Paragraph(escape(f"{AGENCY}{g.office}"), s["agency"]), Spacer(1, 2), rule, Spacer(1, 6),
        Paragraph(escape(f"{g.name} {GUIDE_TITLE}"), s["title"]),
    ]
    story += [Paragraph(SECTIONS[0], section), p(g.content()),
              p(f"服务对象：{'、'.join(g.applicant_types)}")]
    if g.variants:
        story.append(p(f"办理情形：{'、'.join(g.variants)}"))
    if g.conditions:
        story.append(p("受理条件："))
        story += [p(f"{i}. {c}") for i, c in enumerate(g.conditions, 1)]
    story += [Paragraph(SECTIONS[1], section), p(g.basis()),
              p(f"本事项涉及的条款：{'、'.join(f'第{c}条' for c in g.clauses)}")]
    story += [Paragraph(SECTIONS[2], section)] + [p(f"{i}. {t}") for i, t in enumerate(g.procedure(), 1)]
    story += [Paragraph(SECTIONS[3], section), p(g.time_limit if not g.time_limit_overrides
                                                  else f"{g.time_limit}；其中：")]
    story += [p(f"{who}：{limit}") for who, limit in g.time_limit_overrides]
    rows: list[list] = [[Paragraph(escape(h), s["head"]) for h in ("序号", "材料名称", "要求", "适用", "携带要求")]]
    for i, m in enumerate(g.materials, 1):
        rows.append([Paragraph(str(i), s["cellc"]), Paragraph(escape(m.name), s["cell"]),
                     Paragraph("必交" if m.required else "如需", s["cellc"]),
                     Paragraph(escape(m.applies_to or "所有申请人"), s["cell"]),
                     Paragraph(escape(m.what_to_bring or "—"), s["cell"])])
    widths = [12 * mm, 46 * mm, 12 * mm, 36 * mm]
    # the heading with the table's first rows (a long table splits across pages, its header repeated):
    # a page break only when less than that is left, never a half-empty page before a table
    story += [CondPageBreak(MATERIALS_START), Paragraph(SECTIONS[4], loose),
              _grid_table(rows, widths + [CONTENT_W - sum(widths)])]
    channels = [[Paragraph(escape(c.kind), s["head"]), Paragraph(escape(c.text), s["cell"])] for c in g.channels]
    story.append(KeepTogether([
        Paragraph(SECTIONS[5], section),
        _grid_table(channels, [30 * mm, CONTENT_W - 30 * mm], header=False,
                    styles=[("BACKGROUND", (0, 0), (0, -1), HEAD_BG)]),
        Spacer(1, 8),
        p(f"本指南按 {STANDARD_NUMBER} {GUIDE_CLAUSE} 向社会公示服务内容、依据、程序、时限和投诉渠道，接受群众监督。"
          f"内容取自业务目录 {g.catalog_version}（{cn_date(g.effective_from)}起施行）。", "small"),
    ]))
    return story


def render_guides(guides: list[ServiceGuide], *, printed_on: str, font_path: str = "",
                  font: NoticeFont | None = None) -> bytes:
    """One PDF (A4) with a guide per service, each from a new page. ``printed_on`` (YYYY-MM-DD)
    goes in the footer; the output is deterministic for the same input (reportlab invariant mode)."""
    if not guides:
        raise RenderError("没有要打印的服务指南")
    font = font or find_cjk_font(font_path)
    fallback = find_fallback_font()
    token = _FONTS.set((covered(font.name), fallback.name if fallback else None,
                        covered(fallback.name) if fallback else frozenset()))
    try:
        story: list[Flowable] = []
        for i, g in enumerate(guides):
            if i:
                story.append(PageBreak())
            story += _guide_story(g, font)
        office = guides[0].office
        footer = f"{office} {GUIDE_TITLE}  打印于 {cn_date(printed_on)}"

        def mark(canvas, _doc) -> None:
            from reportlab.lib import colors

            canvas.saveState()
            canvas.setFont(font.name, 8)
            canvas.setFillColor(colors.HexColor("#555555"))
            canvas.drawString(MARGIN_X, 12 * mm, footer)
            canvas.restoreState()

        buf = io.BytesIO()
        title = guides[0].name if len(guides) == 1 else f"{len(guides)}项服务"
        doc = SimpleDocTemplate(
            buf, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=15 * mm, bottomMargin=18 * mm,
            title=f"{GUIDE_TITLE} {title}", author=f"{AGENCY}{office}", subject=f"{GUIDE_TITLE}（{GUIDE_CLAUSE} 服务信息公开）",
            creator="counter-app", invariant=1)
        doc.build(story, onFirstPage=mark, onLaterPages=mark,
                  canvasmaker=partial(_NumberedCanvas, footer_font=font.name))
        return buf.getvalue()
    finally:
        _FONTS.reset(token)
