"""What the applicant reads on the customer screen (domain.case_text.customer_outcome) follows the
UI's language: each of its sentences is listed for translation (the domain has no Qt; the panel's
OUTCOME_WORDS lists them for lupdate) and has its English in the .ts.

Was: 正在核对材料, 已受理，正在办理, 已办结 … stayed Chinese in the English UI — they reach tr() as
variables, so lupdate never saw them."""

from __future__ import annotations

import ast
import inspect
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from counter_app.domain import case_text
from counter_app.domain.terms import CaseState

TS = Path(__file__).resolve().parents[2] / "resources" / "i18n" / "counter_app_en.ts"


def _sentences() -> list[str]:
    tree = ast.parse(inspect.getsource(case_text.customer_outcome))
    return [n.args[0].value for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "tr"
            and n.args and isinstance(n.args[0], ast.Constant)]


def test_every_customer_outcome_sentence_is_listed_and_translated():
    from counter_app.ui.workspace.panel import OUTCOME_WORDS

    sentences = _sentences()
    assert "已办结" in sentences and "正在核对材料" in sentences
    assert [s for s in sentences if s not in OUTCOME_WORDS] == []
    translated = {m.findtext("source") for c in ET.parse(TS).getroot().iter("context")
                  if c.findtext("name") == "WorkspacePanel" for m in c.iter("message")
                  if (m.findtext("translation") or "").strip()}
    assert [s for s in sentences if s not in translated] == []


def test_the_customer_outcome_reads_english(english):
    def tr(text: str) -> str:
        return QCoreApplication.translate("WorkspacePanel", text)

    for state in (None, CaseState.returned, CaseState.accepted, CaseState.completed, CaseState.archived):
        text = case_text.customer_outcome(state, tr=tr)
        assert text.isascii() or "(业务指引告知书)" in text, (state, text)
    assert case_text.customer_outcome(CaseState.denied, ["X"], tr=tr) == "Not recognised: X"
