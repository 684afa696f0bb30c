"""A notice paragraph breaks its lines once per width (``templates._Para``), however many times a
table asks its size, and again when the width changes."""

from __future__ import annotations

from collections import Counter

from reportlab.platypus.paragraph import Paragraph as RlParagraph

from counter_app.domain.documents import DocumentKind
from counter_app.printing.fonts import find_cjk_font
from counter_app.printing.samples import sample_fields, sample_number
from counter_app.printing.templates import Paragraph, _styles, render_pdf


def test_paragraph_lines_broken_once_per_width(monkeypatch):
    breaks: Counter = Counter()
    original = RlParagraph.breakLinesCJK

    def counting(self, widths):
        breaks[(id(self), tuple(widths))] += 1
        return original(self, widths)

    monkeypatch.setattr(RlParagraph, "breakLinesCJK", counting)
    kind = DocumentKind.guidance_notice
    fields = sample_fields(kind)
    fields["missing_items"] = list(fields["missing_items"]) * 6      # over two pages: the table splits
    render_pdf(kind, fields, sample_number(kind))
    assert breaks, "the notice's paragraphs break their lines in the CJK breaker"
    again = {key: n for key, n in breaks.items() if n > 1}
    assert not again, f"{len(again)} paragraphs broke their lines more than once at the same width"


def test_paragraph_rewrapped_at_another_width_gets_new_lines():
    p = Paragraph("参保人应当按照规定提交材料，经办机构收到材料后在规定时限内办结。" * 3, _styles(find_cjk_font().name)["body"])
    _, wide = p.wrap(400, 1000)
    lines_wide = len(p.blPara.lines)
    _, narrow = p.wrap(150, 1000)
    assert len(p.blPara.lines) > lines_wide and narrow > wide
    assert p.wrap(400, 1000)[1] == wide and len(p.blPara.lines) == lines_wide
