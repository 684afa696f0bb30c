"""The workspace's own outcome lines (domain.case_text, worded through the panel's tr()) in English."""

from __future__ import annotations

import re

HAN = re.compile(r"[\u4e00-\u9fff]")


def test_the_line_after_a_decision_reads_english(english):
    """case_text.decided_line (the message once the clerk has decided) is worded through the panel's
    tr(); its lines were not listed for lupdate and stayed Chinese."""
    from PySide6.QtCore import QCoreApplication

    from counter_app.domain import case_text
    from counter_app.domain.terms import OutcomeKind

    lines = [case_text.decided_line(kind, lambda s: QCoreApplication.translate("WorkspacePanel", s))
             for kind in (*OutcomeKind, None)]
    assert not [line for line in lines if HAN.search(line)], lines
    assert lines[0] == "Review result: accepted; the case goes on to processing"


def test_the_guided_only_lines_read_english(english):
    """业务指引 for a guided 受理条件 alone (no material missing) has its own lines: the outcome,
    the line after the decision, the summary and what the customer screen says — each in English too."""
    from PySide6.QtCore import QCoreApplication

    from counter_app.domain import case_text
    from counter_app.domain.terms import OutcomeKind
    from counter_app.ui.refusals import refusal_text
    from counter_rules.checklist import ChecklistSentence

    def tr(s: str) -> str:
        return QCoreApplication.translate("WorkspacePanel", s)

    lines = [case_text.decided_line(OutcomeKind.incomplete, tr, guided_only=True),
             refusal_text(ChecklistSentence("summary_guided", 1)),
             refusal_text(ChecklistSentence("summary_incomplete_guided", 2, 1))]
    assert not [line for line in lines if HAN.search(line)], lines
    assert lines[0] != case_text.decided_line(OutcomeKind.incomplete, tr)
