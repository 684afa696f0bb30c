"""A print job's 说明 in the clerk's language. Review: the print queue's 说明 column read
打印服务（CUPS）未运行。 and 打印机“…”不存在或未添加。 in the English UI: the printing layer keeps a job's
detail as the Chinese it composed (stored with the job, read by the CLI), and the UI showed it as it
was. ui.print_words lists every detail the printing layer composes and words it through tr()."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.support.templates import template_of

ROOT = Path(__file__).resolve().parents[3]
HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")     # Han, CJK punctuation, full-width forms


def _composed_details() -> set[str]:
    """Each detail cups.py, qtprint.py and printqueue.py give a job: a PrinterError's message, a PrinterStatus's
    detail (keyword or the ``reason, detail = …`` pairs), the detail printqueue sets (``_set``'s 5th)."""
    found: set[str] = set()
    for name in ("cups.py", "qtprint.py", "printqueue.py"):
        tree = ast.parse((ROOT / "counter_app" / "printing" / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            nodes: list[ast.expr] = []
            if isinstance(node, ast.Call):
                callee = ast.unparse(node.func)
                if callee == "PrinterError" and node.args:
                    nodes.append(node.args[0])
                elif callee in ("self._set", "self._set_if_changed") and len(node.args) >= 5:
                    nodes.append(node.args[4])
                nodes += [k.value for k in node.keywords if k.arg == "detail" and callee == "PrinterStatus"]
            elif isinstance(node, ast.FunctionDef) and node.name == "_done_detail":   # what 已完成 says
                nodes += [r.value for r in ast.walk(node) if isinstance(r, ast.Return) and r.value is not None]
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple) and \
                    ast.unparse(node.targets[0]) == "(reason, detail)":
                nodes.append(node.value.elts[1])
            for n in nodes:
                text = template_of(n)
                if text and HAN.search(text):
                    found.add(text)
    return found


def test_every_detail_the_printing_layer_composes_is_listed():
    from counter_app.ui.print_words import TEMPLATES
    from counter_app.ui.words import WORDS

    details = _composed_details()
    assert len(details) >= 14, details
    assert not details - set(TEMPLATES) - set(WORDS), details - set(TEMPLATES) - set(WORDS)   # 已取消: a word


def test_every_detail_reads_english(qapp):
    from counter_app.ui.i18n import install_language
    from counter_app.ui.print_words import TEMPLATES, print_detail_text

    assert print_detail_text("打印服务（CUPS）未运行。") == "打印服务（CUPS）未运行。"       # Chinese by default
    assert install_language(qapp, "en")
    try:
        for template in TEMPLATES:
            detail = re.sub(r"%(\d)", r"P\1", template)
            text = print_detail_text(detail)
            assert not HAN.search(text) and all(p in text for p in re.findall(r"P\d", detail)), (template, text)
        assert print_detail_text("打印服务（CUPS）未运行。") == "The print service (CUPS) is not running."
        assert print_detail_text("打印机“HP-1”不存在或未添加。") == "Printer “HP-1” does not exist or has not been added."
        assert print_detail_text("打印任务提交失败：未知错误") == "The print job could not be submitted: unknown error"
        assert print_detail_text("已取消") == "Cancelled"
        assert print_detail_text("别的说明") == "别的说明" and print_detail_text(None) == ""
        # a refusal holds a detail and a word: both worded
        refusal = ("无法确认打印任务 4 上次发送的 Q-12 是否仍在打印服务中：打印服务（CUPS）未运行。"
                   "为免重复打印，暂不改送；请待打印服务恢复后再试。")
        assert print_detail_text(refusal) == (
            "It cannot be confirmed whether Q-12, sent earlier for print job 4, is still in the print service: "
            "The print service (CUPS) is not running. So that nothing prints twice, the job is not moved now; "
            "try again once the print service is back.")
    finally:
        install_language(qapp, "zh_CN")
