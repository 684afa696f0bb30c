"""补打 of a 决定书 needs a supervisor's approval (分级授权, one per reprint). Tester onsite #4: the
window refused it telling the clerk to type ``counter-app approvals request 办件 --action reprint
--document 文书``, an internal id the window never shows. Now the refusal offers 「提出补打审批申请」
with the reason typed for the reprint (ApprovalService.request_reprint, the CLI's own call); approved,
补打 again prints."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from counter_app.app_context import approval_service
from counter_app.storage.tables_approvals import ApprovalRequestRow
from counter_app.ui import dialogs
from counter_app.ui import documents_panel as dp
from counter_app.workflows.accept import act_and_close
from tests.ui.test_documents_panel import build_panel, make_ctx, open_case
from tests.unit.workflows.test_benefit_approval import _at_decision, _pension

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def decided(store):
    """A 基本养老金核定 decided within the parameters: its 核准决定书 issued without an approval."""
    workflow, cid = _at_decision(store)
    act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done", data={"pension": _pension("2025-09")}))
    return cid


def test_a_refused_reprint_offers_the_approval_request_and_prints_once_approved(qtbot, app_home, store, decided,
                                                                                  monkeypatch):
    ctx = make_ctx(store)
    panel = build_panel(qtbot, ctx)
    open_case(qtbot, panel, decided)
    row = next(i for i, d in enumerate(panel.docs_model.rows) if d.kind == "pension_approval_decision")
    panel.docs_view.selectRow(row)
    doc = panel.selected_document()
    monkeypatch.setattr(dp.ReprintReason, "ask", classmethod(lambda cls, parent=None: "原件遗失"))
    asked: list[str] = []

    def confirm(cls, title, message, parent=None) -> bool:
        asked.append(message)
        return True

    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(confirm))
    failures: list[str] = []
    panel.failed.connect(failures.append)
    messages: list[str] = []
    panel.events.message.connect(messages.append)
    assert panel.reprint_selected()
    qtbot.waitUntil(lambda: bool(messages) or bool(failures), timeout=15000)
    assert failures == [] and len(asked) == 1
    assert "须经负责人审批" in asked[0] and doc.number in asked[0] and "原件遗失" in asked[0]
    assert "counter-app" not in asked[0] + messages[0]                  # no shell command for the clerk
    assert "已提出补打审批申请" in messages[0] and "现场授权" in messages[0]
    [made] = [r for r in approval_service(ctx).list(state="pending", case_id=decided) if r["action"] == "reprint"]
    assert made["details"]["document_id"] == doc.id and "原件遗失" in made["summary"]
    # a second refusal while it waits: the request is not made twice, the clerk is told why
    messages.clear()
    assert panel.reprint_selected()
    qtbot.waitUntil(lambda: bool(failures), timeout=15000)
    assert "不能重复申请" in failures[0]
    # approved (as the centre's decision arrives): 补打 prints
    with store.session() as s:
        s.execute(update(ApprovalRequestRow).where(ApprovalRequestRow.id == made["id"]).values(
            state="approved", checker="supervisor01", reason="同意补打"))
        s.commit()
    asked.clear()
    with qtbot.waitSignal(panel.print_submitted, timeout=20000) as blocker:
        assert panel.reprint_selected()
    assert blocker.args[0].reprint and asked == []
    panel.shutdown()


def test_printing_a_printed_decision_again_in_the_workspace_offers_the_request(qtbot, app_home, store, decided,
                                                                                 monkeypatch):
    """业务办理's print of a document already printed is a 补打 too: the same offer, not 「打印失败」."""
    from tests.ui.test_workspace_flows import idle, open_panel

    ctx = make_ctx(store)
    panel = open_panel(qtbot, ctx, auto_print=False)
    panel.open_case(decided)
    qtbot.waitUntil(lambda: panel.case_view is not None and panel.case_view.case.id == decided, timeout=10000)
    idle(qtbot, panel)
    doc = panel.current_document()
    assert doc is not None and doc["kind"] == "pension_approval_decision"
    panel._printed.add(doc["issued_id"])                 # printed once already: this is a 补打
    monkeypatch.setattr(dp.ReprintReason, "ask", classmethod(lambda cls, parent=None: "打印不清"))
    monkeypatch.setattr(dialogs.ConfirmDialog, "ask", classmethod(lambda cls, title, message, parent=None: True))
    panel.print_current()
    qtbot.waitUntil(lambda: "已提出补打审批申请" in panel.last_message or "失败" in panel.last_message, timeout=15000)
    assert "已提出补打审批申请" in panel.last_message, panel.last_message
    [made] = [r for r in approval_service(ctx).list(state="pending", case_id=decided) if r["action"] == "reprint"]
    assert made["details"]["document_id"] == doc["issued_id"] and "打印不清" in made["summary"]
