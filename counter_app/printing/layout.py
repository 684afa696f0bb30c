"""The layout version of the printed documents (版式版本).

``notice verify`` checks a document's pages against a fresh rendering of its record. That holds
only while the templates draw the same pages: a new footer, a moved block or another reportlab
would make every document issued before it look altered. So each document record keeps the layout
it was issued under (``documents.layout``), and a document whose layout is not this one is
reported as "issued under an earlier layout; number and SM3 check agree, pages not re-checked"
instead of "altered".

Raise :data:`LAYOUT_VERSION` by one with every change that alters what the pages draw.
``tests/unit/printing/test_layout_version.py`` keeps a digest of every sample document's pages and
fails when they change while this number does not.
"""

from __future__ import annotations

# 1: every document issued before versioning (records without a layout read as 1).
# 2: 第N页 共M页 footer, line-break rule in fallback-font paragraphs (2026-12-04).
# 3: the closing block (QR, 经办人, office, date, 盖章处) takes the last table rows and what follows
#    them onto its page; only documents whose block did not fit on the last page change (2026-12-05).
# 4: the 业务指引告知书 and the 补齐补正材料清单 put the identity block (申请人, 事项, 办件编号) before
#    the list, under the opening sentence, as the other notices do; the list comes last. Dates in a
#    reason, a single back-pay month, the 计发参数 table (amounts 11,293.00, dates 2025年1月1日) written
#    as the rest of the document; an unknown 审批人 a blank line to fill by hand (2026-12-06).
# 5: the remedy paragraph at body size, naming the office's 复议机关 and court when set (reference
#    data offices); the label column of a label/value table sized to its labels (no label broken
#    inside a word); 计发参数 amounts formatted by their unit; a 样稿 watermarked, without QR code
#    and seal area (2026-12-07).
# 6: the 个人账户对账单 gives the 参保缴费起始年月, 实际缴费月数 and 个人账户储存额 (6.3.3.1) before a
#    year's 记账 (only when the core system gave one); the 转移接续信息表 reads 实际缴费月数 from the
#    record's actual months (2026-12-08).
LAYOUT_VERSION = 6
FIRST_LAYOUT = 1
