"""The central service's answers in the clerk's language (ui.centre_words). Review: in the English UI,
待同步 showed the centre's reason for a refused entry (办件在中心的当前状态为…) and a refused request
(没有权限执行此操作) in Chinese. These tests read the centre's source, so a new or reworded answer
cannot silently stay Chinese."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from counter_app.sync.client import RequestRejected
from counter_app.ui.centre_words import GENERIC_PAIR, TEMPLATES, WORDS, centre_text
from counter_app.ui.messages import matching_template, plain_text
from tests.support.templates import template_of

ROOT = Path(__file__).resolve().parents[3]
HAN = re.compile(r"[\u3400-\u9fff]")
OUTCOMES = {"accepted", "rejected", "conflict"}
REFUSALS = {"ServiceError", "Refusal"}     # (status, detail, reason code, suggested action)
# functions whose returned sentences are a refusal (the reason of an entry or a decision)
REFUSING = re.compile(r"refusal|problem|_other_office|check_entry|_state_check")
# sentences the centre's source writes in those shapes that no person reads on a counter's screen
NOT_SHOWN = {
    "中心保存有链头，但没有任何记录",                                      # counter-central audit verify
    "记录链的末条与中心保存的链头不一致（末尾的记录被删除或改动）",            # counter-central audit verify
    "中心没有该记录链的链头记录（链头被删除）：无法核对末尾的记录是否被删除",    # counter-central audit verify
    "第 1 条记录不是从链的起点（GENESIS）开始（被改动或替换）",                  # counter-central audit verify
    "记录链不是从第 1 条开始，也不接续其他工作站编号的记录：第 1–%1 条被删除",   # counter-central audit verify
    ("无法打开中心数据库（%1）：请核对 --db 参数（如 sqlite:///路径 或 postgresql+psycopg://…），"
     "以及数据库文件或服务是否可用"),                                        # counter-central's own CLI
    ("版本 %1 的记录加密密钥加密的记录中有 %2 条无法解开（数据库被改动过）：%3%4，不能改用最新版本加密，该版本未停用。"
     "请核实后执行 counter-central entry-key retire %1 --set-aside-unreadable，把这些记录原样移出（保留密文，"
     "逐条记入审计）后再停用"),                                              # counter-central entry-key retire
}


def _module_sentences(node: ast.expr, names: dict[str, ast.expr] | None = None) -> list[str]:
    """The Chinese sentences ``node`` may be: each branch of a conditional, each part of a tuple, the
    value of a module's constant it names (``names``); a sentence with an unknown tail added
    (「…：」 + a problem's message) ends in %N."""
    names = names or {}
    if isinstance(node, ast.Name) and node.id in names:
        return _module_sentences(names[node.id])
    if isinstance(node, ast.IfExp):
        return _module_sentences(node.body, names) + _module_sentences(node.orelse, names)
    if isinstance(node, ast.BoolOp):
        return [s for v in node.values for s in _module_sentences(v, names)]
    if isinstance(node, ast.Tuple):
        return [s for v in node.elts for s in _module_sentences(v, names)]
    text = template_of(node)
    if text is None and isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left = template_of(node.left)
        text = None if left is None else left + f"%{left.count('%') + 1}"
    return [text] if text and HAN.search(text) else []


def _answers(path: Path) -> set[str]:
    """What the module answers with: each ``ServiceError``'s (``Refusal``'s, an error body's) detail and
    suggested action; each
    result tuple's (one naming an outcome, or a (reason, action) pair) Chinese parts; what a
    refusing function returns; what is assigned to a ``refusal`` / ``reason`` / ``problem``."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # the module's constants (MADE_AT_REFUSED = "…"): an answer written by name is an answer too
    constants = {t.id: node.value for node in tree.body if isinstance(node, ast.Assign)
                 for t in node.targets if isinstance(t, ast.Name) and t.id.isupper()}

    def _sentences(node: ast.expr) -> list[str]:
        return _module_sentences(node, constants)

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in REFUSALS:
            for arg in [*node.args[1:], *(k.value for k in node.keywords)]:
                found.update(_sentences(arg))
        elif isinstance(node, ast.Dict):        # an error body written out (the 422 of a malformed request)
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in ("detail", "suggested_action"):
                    found.update(_sentences(value))
        elif isinstance(node, ast.Tuple) and (
                any(isinstance(e, ast.Constant) and e.value in OUTCOMES for e in node.elts)
                or (len(node.elts) == 2 and all(_sentences(e) for e in node.elts))):
            found.update(_sentences(node))
        elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and re.search("refusal|reason|problem", t.id) for t in node.targets):
            found.update(_sentences(node.value))
        if isinstance(node, ast.FunctionDef) and REFUSING.search(node.name):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    found.update(_sentences(inner.value))
    return found


def _centre_answers() -> set[str]:
    paths = sorted((ROOT / "counter_central").rglob("*.py")) + [ROOT / "counter_protocol" / "approvals.py"]
    return set().union(*(_answers(p) for p in paths))


def _filled(template: str) -> str:
    return re.sub(r"%(\d)", lambda m: f"X{m[1]}", template)


def test_every_answer_of_the_centre_is_listed_for_translation():
    answers = _centre_answers()
    assert len(answers) > 100                     # the reading found the centre's answers at all
    for known in ("办件在中心的当前状态为%1，本操作要求当前状态为「%2」", "没有权限执行此操作",
                  "该审批申请在决定前已过期（%1）", "审计记录链不连续或被改动：%1"):
        assert known in answers, known
    specific = [t for t in TEMPLATES if t != GENERIC_PAIR]     # "a（b）" would fit any sentence ending in brackets
    missing = sorted(a for a in answers - NOT_SHOWN if matching_template(_filled(a), specific) is None)
    assert not missing, "not listed in counter_app/ui/centre_words.py:\n" + "\n".join(missing)
    assert NOT_SHOWN <= answers                   # a sentence no longer written leaves the list


def test_every_listed_sentence_and_word_has_an_english_entry(english):
    untranslated = [t for t in (*TEMPLATES, *WORDS) if QCoreApplication.translate("CentreWords", t) == t]
    assert not untranslated, untranslated
    assert len(set(TEMPLATES)) == len(TEMPLATES)


def test_answers_read_english_with_their_words(english):
    assert centre_text("办件在中心的当前状态为「受理审核」，本操作要求当前状态为「新办件」") == \
        "At the centre the case is now 「Acceptance review」; this action needs it to be 「a new case」"
    assert centre_text("办件在中心的当前状态为（中心尚无此办件），本操作要求当前状态为「受理审核」") == \
        "At the centre the case is now (not yet at the centre); this action needs it to be 「Acceptance review」"
    # the client's sentence around a centre's answer, the answer inside worded too
    assert centre_text("中心服务拒收（403）：没有权限执行此操作") == \
        "The centre refused it (403): You are not permitted to do this"
    assert centre_text("需要重新登录中心服务：登录已过期或已注销") == \
        "Sign in to the centre again: The sign-in has expired or was signed out"   # a sync round's error
    assert centre_text("该审批申请在决定前已过期（提出后超过 72 小时未审批）") == \
        "This approval request expired before it was decided (not decided within 72 hours of the request)"
    assert centre_text("该审批申请已批准，不能撤回") == "This approval request is approved and cannot be withdrawn"
    # who closed it first, when and why (counter_protocol.approvals.closed_refusal)
    assert centre_text("该审批申请已驳回，不能再作决定（科长02 于 2026-12-06 20:05 驳回：材料不符）") == \
        "This approval request is rejected and can no longer be decided (rejected by 科长02 on 2026-12-06 20:05: 材料不符)"
    assert centre_text("该审批申请已撤回，不能撤回（窗口经办员01 于 2026-12-06 20:05 撤回）") == \
        "This approval request is withdrawn and cannot be withdrawn (withdrawn by 窗口经办员01 on 2026-12-06 20:05)"
    assert centre_text("审批级别不足：该事项须由中心主任（2 级）审批，您的级别为 1") == \
        "Authority too low: this matter must be decided by a Centre Director (level 2); your level is 1"
    # a malformed field, said by counter_protocol.field_errors
    assert centre_text("审批记录内容不完整：made_at 应为日期时间（如 2026-01-31T09:30:00+08:00）") == \
        "The approval record is incomplete: made_at should be a date and time (such as 2026-01-31T09:30:00+08:00)"
    assert centre_text("认证记录内容不完整：clerk 长度不能超过 64 个字符") == \
        "The certification record is incomplete: clerk should be at most 64 characters long"
    # a refused request: the panel's message is the centre's detail, in English
    shown = plain_text(RequestRejected(403, "没有权限执行此操作", "forbidden", "需要角色：field"))
    assert shown == "You are not permitted to do this"


def test_in_chinese_and_for_an_unlisted_answer_the_words_are_the_centres(qapp):
    for answer in ("办件在中心的当前状态为「受理审核」，本操作要求当前状态为「新办件」", "中心服务拒收（403）：没有权限执行此操作"):
        assert centre_text(answer) == answer
    assert centre_text("一个中心新写的答复") == "一个中心新写的答复"
    assert centre_text("") == ""


@pytest.mark.parametrize("template", [t for t in TEMPLATES if "%" in t])
def test_a_filled_template_is_found_again(template):
    found = matching_template(_filled(template), TEMPLATES)
    assert found is not None and found[0] == template
