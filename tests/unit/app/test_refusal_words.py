"""The case engine's refusals are data (domain.refusals: the Chinese as before, a code and its
parameters) and every code is worded in English by ui.refusals (context Refusals)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from counter_app.domain.refusals import REFUSALS, Refusal

ROOT = Path(__file__).resolve().parents[3]
PLACES = re.compile(r"\{(\d)\}")
HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")     # Han, CJK punctuation, full-width forms


def _arity(template: str) -> int:
    return max((int(n) + 1 for n in PLACES.findall(template)), default=0)


@pytest.mark.parametrize("code", sorted(REFUSALS))
def test_every_code_formats_with_its_parameters(code):
    template = REFUSALS[code]
    params = tuple(f"P{i}" for i in range(_arity(template)))
    refusal = Refusal(code, *params)
    assert refusal == template.format(*params) and isinstance(refusal, str)
    assert (refusal.code, refusal.params) == (code, params)
    assert "{" not in refusal and all(p in refusal for p in params)


def test_the_chinese_is_unchanged_and_a_refusal_keeps_its_data():
    from counter_app.domain.case_engine import STATE_NAMES, CaseState, TransitionRefused

    exc = TransitionRefused.of("state", STATE_NAMES[CaseState.review], "办理受理后的步骤")
    assert str(exc) == exc.reason == "办件当前状态为「受理审核」，不能办理受理后的步骤"
    assert (exc.reason.code, exc.reason.params) == ("state", ("受理审核", "办理受理后的步骤"))
    assert TransitionRefused.of("deny_reason").reason == "请填写不予认定的理由"


def test_the_ui_table_is_the_domains_wording():
    from counter_app.ui.refusals import REFUSALS as UI

    assert {code: re.sub(r"%(\d)", lambda m: "{%d}" % (int(m[1]) - 1), str(text)) for code, text in UI.items()} \
        == REFUSALS


def test_the_engine_raises_its_refusals_as_data():
    """A new TransitionRefused("…") with a Chinese literal would stay Chinese in the English UI."""
    literal = re.compile(r"TransitionRefused\(\s*f?\"")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in (ROOT / "counter_app").rglob("*.py")
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if literal.search(line)]
    assert not found, found


def test_every_code_reads_english(qapp):
    from counter_app.domain.catalog import OUTCOME_NAMES
    from counter_app.domain.case_engine import STATE_NAMES
    from counter_app.ui.i18n import install_language
    from counter_app.ui.refusals import PHRASES, refusal_text
    from counter_app.ui.words import word

    chinese = refusal_text(Refusal("outcome_mismatch", "受理", "不符合受理条件", "x"))
    assert chinese == "审核结果为「受理」，不能按「不符合受理条件」办理：x"
    assert install_language(qapp, "en")
    try:
        for code, template in REFUSALS.items():
            params = tuple(f"P{i}" for i in range(_arity(template)))
            text = refusal_text(Refusal(code, *params))
            assert not HAN.search(text) and text.strip() and all(p in text for p in params), (code, text)
        for name in (*STATE_NAMES.values(), *OUTCOME_NAMES.values()):
            assert not HAN.search(word(name)), name
        assert not [p for p in PHRASES if HAN.search(refusal_text(Refusal("state", "草稿", p)))]
        assert refusal_text(Refusal("outcome_mismatch", "受理", "不符合受理条件", "x")) == \
            "The review's result is “Accepted”; the case cannot be handled as “Not eligible”: x"
        assert refusal_text("未知的拒绝理由") == "未知的拒绝理由"          # not a Refusal: as it is
    finally:
        install_language(qapp, "zh_CN")


def test_the_role_refusals_actions_are_the_tables():
    """A role refusal's action is worded from its code (ui.refusals.ROLE_ACTIONS): one entry per
    action of counter_protocol.roles, with the table's Chinese."""
    from counter_app.ui.refusals import ROLE_ACTIONS
    from counter_protocol.roles import ACTION_NAMES, ACTION_ROLES

    assert ROLE_ACTIONS == ACTION_NAMES and set(ACTION_NAMES) == set(ACTION_ROLES)
