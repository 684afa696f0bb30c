"""The official documents' titles in the English UI: the English name with the official Chinese title
after it — in the Documents tab, the print queue, the workspace's print notes and 待同步's details
(the printed documents stay Chinese).

Was: 业务指引告知书, 受理通知书 … stayed Chinese in the English UI's status lines, the Documents tab's
Document column and the print queue."""

from __future__ import annotations

from types import SimpleNamespace

from counter_app.ui.document_titles import document_title, job_title_text, kind_title
from counter_app.ui.documents_models import DocumentsModel, PrintJobsModel
from counter_app.ui.workspace.ops import PrintNote, print_note_text

GUIDANCE = "Service guidance notice (业务指引告知书)"


def test_titles_read_english_with_the_official_chinese_title(english):
    assert document_title("业务指引告知书") == GUIDANCE
    assert kind_title("guidance_notice") == GUIDANCE
    doc = SimpleNamespace(title="业务指引告知书", number="深社保指引〔2026〕1号")
    assert DocumentsModel.CELLS["title"](None, doc) == GUIDANCE
    assert DocumentsModel.TIPS["title"](None, doc) == GUIDANCE + " 深社保指引〔2026〕1号"
    job = SimpleNamespace(title="业务指引告知书 深社保指引〔2026〕1号", reprint=True)
    assert PrintJobsModel.CELLS["title"](None, job) == "Reprint: " + GUIDANCE + " 深社保指引〔2026〕1号"
    older = SimpleNamespace(title="补打 业务指引告知书 深社保指引〔2026〕1号", reprint=True)   # as queues stored it before
    assert PrintJobsModel.CELLS["title"](None, older) == "Reprint: " + GUIDANCE + " 深社保指引〔2026〕1号"
    assert job_title_text("某文件.pdf") == "某文件.pdf"           # no document's title: as it is
    assert print_note_text(PrintNote("受理通知书", "queued", "")).startswith(
        "“Acceptance notification (受理通知书)”")


def test_titles_stay_chinese_in_the_chinese_ui(qapp):
    assert document_title("业务指引告知书") == "业务指引告知书"
    assert job_title_text("补打 受理通知书 X1") == "补打 受理通知书 X1"
    assert print_note_text(PrintNote("受理通知书", "queued", "")).startswith("《受理通知书》")
