"""bench notice: a 业务指引告知书 with 10 missing items (warm) against a bare reportlab canvas that draws
the same text with the same embedded font, measured in the same run, in turns. Goal: ratio <= 3x, file <= 60 KB."""

from __future__ import annotations

import io

from bench.common import BenchResult, interleaved_medians

RUNS = 15


def _bare_canvas(font_name: str, lines: list[str]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    y = A4[1] - 50
    for line in lines:
        if y < 50:
            c.showPage()
            y = A4[1] - 50
        c.setFont(font_name, 10)
        c.drawString(50, y, line)
        y -= 14
    c.showPage()
    c.save()
    return buf.getvalue()


def run() -> BenchResult:
    import pdfplumber

    from counter_app.domain.documents import DocumentKind
    from counter_app.printing.fonts import find_cjk_font
    from counter_app.printing.samples import sample_fields, sample_number
    from counter_app.printing.templates import render_pdf

    kind = DocumentKind.guidance_notice
    fields = sample_fields(kind)
    assert len(fields["missing_items"]) == 10
    number = sample_number(kind)
    font = find_cjk_font()

    pdf = render_pdf(kind, fields, number, font=font)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        lines = [ln for p in doc.pages for ln in (p.extract_text() or "").splitlines()]

    ours, base = interleaved_medians(lambda: render_pdf(kind, fields, number, font=font),
                                     lambda: _bare_canvas(font.name, lines), RUNS, warmup=2)
    bare = _bare_canvas(font.name, lines)
    size_kb = len(pdf) / 1024
    return BenchResult("notice", ours, base, 3, extra=[
        f"median render {ours * 1000:.1f} ms (bare canvas {base * 1000:.1f} ms, {len(lines)} lines of the same text)",
        f"file size {size_kb:.1f} KB (goal <= 60 KB: {'ok' if size_kb <= 60 else 'OVER'}; bare canvas {len(bare) / 1024:.1f} KB)",
        f"font {font.path.name}",
    ])
