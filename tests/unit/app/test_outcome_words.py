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
