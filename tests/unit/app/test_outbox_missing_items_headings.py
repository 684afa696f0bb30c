"""The 待同步 details of an issued 业务指引告知书 / 补齐补正材料清单 name the list's columns as the
printed document does (材料名称 / 存在问题 / 需补齐补正的内容及携带要求; it said 材料 / 问题 / 请携带)."""

from __future__ import annotations

import re
from pathlib import Path

from counter_app.ui.outbox_fields import field_label

PRINTED = ("材料名称", "存在问题", "需补齐补正的内容及携带要求")     # templates.missing_items_table
TS = Path(__file__).resolve().parents[3] / "resources" / "i18n" / "counter_app_en.ts"


def test_the_missing_items_read_with_the_printed_headings():
    for parent in ("missing_items", "missing"):
        labels = tuple(field_label(("fields", parent, 0, key), "document.issued")
                       for key in ("material", "problem", "what_to_bring"))
        assert tuple(label.rsplit(" · ", 1)[-1] for label in labels) == PRINTED, labels


def test_the_printed_headings_and_the_remedy_names_are_translated():
    ts = TS.read_text(encoding="utf-8")
    outbox = ts[ts.index("<name>OutboxPanel</name>"):]
    outbox = outbox[:outbox.index("</context>")]
    for source in (*PRINTED, "行政复议机关", "人民法院", "计量单位"):
        assert len(re.findall(f"<source>{re.escape(source)}</source>", outbox)) == 1, source
    for source in ("问题", "请携带"):      # no longer used by the panel
        assert f"<source>{source}</source>" not in outbox
