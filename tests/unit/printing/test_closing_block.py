"""The closing block (QR, 经办人, office, date, 盖章处) stays on a page with the figures it closes.

The 个人账户对账单 of a pensioner (12 monthly rows and the 待遇领取期 payments) left the block alone on
page 2, detached from every figure on page 1. Now the block takes the body's last table rows and what
follows them along (templates._ClosingWithBody); documents that fit on one page are drawn as before.
"""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from counter_app.domain.documents import DocumentKind
from counter_app.printing.samples import MISSING_10, sample_fields, sample_number
from counter_app.printing.templates import _ClosingWithBody, money, render_pdf

KEEP = _ClosingWithBody.KEEP_ROWS
STATEMENT = DocumentKind.account_statement


def _pages(pdf: bytes) -> list[str]:
    return ["".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def _months(n: int, last: tuple[int, int] = (2025, 12)) -> list[str]:
    """The ``n`` months up to ``last``, oldest first, as 2025-12."""
    y, m = last
    out = []
    for _ in range(n):
        out.append(f"{y}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def _cn(month: str) -> str:
    y, m = month.split("-")
    return f"{y}年{int(m)}月"


def _statement(rows: int, payments: int | None) -> dict:
    """A statement with ``rows`` 缴费 rows (a long history: 补缴 months of earlier years included) and,
    unless ``payments`` is None, a 待遇领取期 section with that many 支付 rows."""
    fields = sample_fields(STATEMENT)
    acc = fields["account"]
    acc["rows"] = [{"month": m, "base": "8000.00", "individual": "640.00", "employer": "0.00", "amount": "640.00"}
                   for m in _months(rows)]
    if payments is None:
        for key in ("period", "contribution_balance", "drawing_from", "payments", "paid_total", "balance"):
            acc.pop(key, None)
    else:
        acc["payments"] = [{"month": m, "amount": "812.97"} for m in _months(payments, (2026, 2))]
    return fields


def _closing_page(pages: list[str]) -> str:
    with_block = [p for p in pages if "经办人" in p]
    assert len(with_block) == 1, "经办人 on no page or on several"
    assert "盖章处" in with_block[0] and "2026年3月5日" in with_block[0]
    return with_block[0]


def test_the_pensioners_statement_keeps_its_last_figures_with_the_block():
    """The tester's case: 12 缴费 rows and 3 payments pushed the block alone onto page 2."""
    fields = sample_fields(STATEMENT)
    pages = _pages(render_pdf(STATEMENT, fields, sample_number(STATEMENT)))
    assert len(pages) == 2
    last = _closing_page(pages)
    assert last is pages[-1]
    # the payments table (its header and every row: too short to be cut) and the closing total
    assert "个人账户养老金支付额" in last and "支付年月" in last
    for p in fields["account"]["payments"]:
        assert _cn(p["month"]) in last
    assert last.count(money("812.97")) == 3
    assert "如对本对账单有疑问" in last and "办理依据" in last
    # page 1 keeps the 缴费 history and the account figures
    assert "2025年12月" in pages[0] and money("109178.89") in pages[0]


@pytest.mark.parametrize("payments", [None, 3, 12, 40], ids=lambda p: f"payments={p}")
@pytest.mark.parametrize("rows", [12, 18, 24, 30, 36, 48, 60, 90])
def test_a_long_statement_never_leaves_the_block_alone(rows, payments):
    fields = _statement(rows, payments)
    pages = _pages(render_pdf(STATEMENT, fields, sample_number(STATEMENT)))
    last = _closing_page(pages)
    assert last is pages[-1]
    # the last table's last rows are on the block's page, with their header repeated
    table = fields["account"]["payments"] if payments else fields["account"]["rows"]
    header = "支付年月" if payments else "缴费年月"
    assert header in last
    tail = table[-KEEP:]
    for r in tail:
        assert _cn(r["month"]) in last, (_cn(r["month"]), last[:200])
    assert "办理依据" in last
    # no month is lost or printed twice across the pages
    everything = "".join(pages)
    for r in fields["account"]["rows"]:
        assert everything.count(_cn(r["month"])) >= 1


def test_each_break_of_a_growing_statement_carries_rows_with_the_block():
    """Every history length from 1 to 60 months, both periods: wherever the page break falls, the
    block's page shows table rows (never the block alone, never only the note and 办理依据)."""
    for payments in (None, 3):
        for rows in range(1, 61):
            fields = _statement(rows, payments)
            pages = _pages(render_pdf(STATEMENT, fields, sample_number(STATEMENT)))
            last = _closing_page(pages)
            assert last is pages[-1]
            table = fields["account"]["payments"] if payments else fields["account"]["rows"]
            assert _cn(table[-1]["month"]) in last, (rows, payments, len(pages))
            if len(pages) > 1:
                assert all(_cn(r["month"]) in last for r in table[-KEEP:]), (rows, payments)


LIST_HEAD = "序号材料名称存在问题需补齐补正的内容及携带要求"


def _identity_then_list(kind: DocumentKind, fields: dict) -> list[str]:
    """The notice's pages, checked: page 1 has the title, the addressee, the identity block (申请人,
    办件编号) and then the list; every later page opens with the list's header row — never the
    identity block alone without title or addressee; the closing block is on the last page."""
    pages = _pages(render_pdf(kind, fields, sample_number(kind)))
    first = pages[0]
    id_number = fields["applicant"]["id_number"]          # printed in the identity block only
    assert id_number in first and first.index(id_number) < first.index(LIST_HEAD), first[:300]
    for page in pages[1:]:
        body = re.sub(r"深社保福田〔2026〕\S+?号SM3[0-9a-f]{16}…|第\d+页共\d+页", "", page, count=2)   # the footer
        assert body.startswith(LIST_HEAD), body[:80]
    assert _closing_page(pages) is pages[-1]
    return pages


def test_a_long_list_of_missing_materials_keeps_its_last_rows_with_the_block():
    """业务指引告知书: the identity block comes before the list of missing materials, as in every other
    notice; whatever the list's length, its last rows, the 一次性告知 sentence and the block share the
    last page, and a page the list runs over to opens with the list's header."""
    kind = DocumentKind.guidance_notice
    for n in range(1, 41):
        fields = sample_fields(kind)
        fields["missing_items"] = (MISSING_10 * 4)[:n]
        pages = _identity_then_list(kind, fields)
        last = pages[-1]
        assert "本告知书为一次性告知" in last, n
        if len(pages) > 1:
            for item in fields["missing_items"][-KEEP:]:
                assert "".join(item["what_to_bring"].split()) in last, n
        everything = "".join(pages)
        assert everything.count("已当场退回") == 1 and everything.count("办件编号") == 1
        for item in fields["missing_items"][-10:]:
            assert "".join(item["problem"].split()) in everything, n


LONG_PROBLEM = "复印件模糊不清，无法辨认，且缺少第二页及单位盖章，请重新提供清晰完整的复印件并加盖公章"
DEATH_MATERIALS = ["丧葬补助金、抚恤金申领表", "参保人死亡证明（医学死亡证明或户籍注销证明）", "参保人有效身份证件（或复印件）",
                   "申领人（遗属）有效身份证件", "申领人与参保人的亲属关系证明", "待遇享有人银行账户",
                   "未领取工伤保险或失业保险丧葬补助金和抚恤金的承诺书"]


@pytest.mark.parametrize("kind", [DocumentKind.guidance_notice, DocumentKind.supplement_list], ids=lambda k: k.value)
def test_the_testers_long_notice_opens_with_who_and_what_and_no_table_stands_alone(kind):
    """The tester's 丧葬补助金、抚恤金核定 notice (30-character names, long problem texts): the list
    fitted page 1 and the applicant / 事项 / 办件编号 table went alone to the top of page 2, with no
    title or addressee; it came after the list, where every other notice has it before."""
    fields = sample_fields(kind)
    fields["applicant"] = {"type": "survivor", "name": "欧阳" + "娜" * 28, "id_number": "110105196001010017",
                           "agent_name": "司马" + "欣" * 28, "agent_id_number": "110105196612010016"}
    fields["missing_items"] = [{"material": m, "problem": LONG_PROBLEM if i % 2 else "未提交", "what_to_bring": f"请携带{m}"}
                               for i, m in enumerate(DEATH_MATERIALS)]
    pages = _identity_then_list(kind, fields)
    assert "司马" + "欣" * 28 in pages[0] and "欧阳" + "娜" * 28 in pages[0]
    if kind is DocumentKind.guidance_notice:       # over two pages: the list's last rows go with the block
        assert len(pages) == 2 and all(f"请携带{m}" in pages[1] for m in DEATH_MATERIALS[-KEEP:])


@pytest.mark.parametrize("kind", [k for k in DocumentKind if k is not STATEMENT], ids=lambda k: k.value)
def test_short_documents_stay_on_one_page(kind):
    pages = _pages(render_pdf(kind, sample_fields(kind), sample_number(kind)))
    assert len(pages) == 1
    _closing_page(pages)


def test_a_statement_of_one_year_in_the_accumulation_period_is_one_page():
    pages = _pages(render_pdf(STATEMENT, _statement(12, None), sample_number(STATEMENT)))
    assert len(pages) == 1
    assert "2025年12月" in _closing_page(pages)


def test_the_applicants_signature_goes_with_the_block_and_the_last_materials():
    """A signed 受理告知书 (申请人签名 line above the block) with a list of materials of any length."""
    from counter_app.devices.signpad.render import render_png

    kind = DocumentKind.acceptance_notice
    png = render_png([[(10, 40, 0.5), (60, 10, 0.8), (110, 45, 0.6)], [(130, 20, 0.5), (180, 30, 0.5)]], (200, 60))
    for n in range(20, 61, 2):
        fields = sample_fields(kind)
        fields["materials"] = [f"第{i}号证明材料复印件" for i in range(1, n + 1)]
        pages = _pages(render_pdf(kind, fields, sample_number(kind), signature=png))
        last = _closing_page(pages)
        assert last is pages[-1] and "申请人签名" in last, n
        assert sum("申请人签名" in p for p in pages) == 1
        assert "办理依据" in last, n
        if len(pages) > 1:
            assert all(f"第{i}号证明材料复印件" in last for i in range(n - KEEP + 1, n + 1)), n
