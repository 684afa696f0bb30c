"""The 摘要 of a request in the supervisor's queue (and the on-site authorisation dialog) in the
English UI. Review: the English 审批 window's summary column showed the stored Chinese summary
(「参保登记（受理审核）申请不予受理决定：…」, 「申请待遇核定…：补发 9 个月、一次性支付 … 元」, the
centre's 「资格认证已于 … 到期…」). The maker's own words stay as typed."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

HAN = re.compile(r"[\u4e00-\u9fff]")
CASE = {"service_name": "参保登记", "state": "review", "applicant": "张*"}


def _row(**kw) -> SimpleNamespace:
    base = {"id": "r1", "action": "rejection", "summary": "", "details": {}, "state": "pending",
            "made_at": "2026-03-02T01:00:00", "checker": "", "case_no": "X-1", "case_id": "c1"}
    return SimpleNamespace(**{**base, **kw})


def _summary_cell(row) -> str:
    from counter_app.ui.approvals_panel import ApprovalsModel

    return ApprovalsModel.CELLS["summary"](ApprovalsModel(), row)


def test_a_composed_case_summary_reads_english(english):
    reason = "已在本市参加职工基本养老保险，无需重复参保登记"           # a catalog's refusal reason
    row = _row(summary=f"参保登记（受理审核）申请不予受理决定：{reason}", details={"case": CASE, "reasons": [reason]})
    text = _summary_cell(row)
    assert not HAN.search(text), text
    for english_words in ("Enrolment registration", "Acceptance review", "Non-acceptance decision",
                          "no second enrolment"):
        assert english_words in text, text


def test_a_summary_the_maker_typed_stays_as_typed(english):
    row = _row(summary="申请人坚持办理，请科长定夺", details={"case": CASE, "reasons": ["已在本市参保"]})
    assert _summary_cell(row) == "申请人坚持办理，请科长定夺"


@pytest.mark.parametrize("summary", [
    "资格认证已于 2026-01-31 到期（440301********1234），拟暂停发放基本养老金（不删除任何数据，重新认证后恢复发放并补发）",
    "服刑期间暂停发放基本养老金（440301********1234）：(2026)粤0304刑初12号；恢复发放时不补发服刑期间待遇",
    ("重新认证后恢复发放（440301********1234，暂停原因：资格认证过期），暂停发放自 2026-02-01 起生效，"
     "补发 2 个月（2026-02 至 2026-03）；注意：该人员有上门认证报告已死亡，与本次认证矛盾，请核实"),
    "重新认证后恢复发放（440301********1234，暂停原因：服刑），不补发暂停期间待遇",
])
def test_the_centres_suspension_summaries_read_english(english, summary):
    text = _summary_cell(_row(action="payment_suspension", summary=summary, details={"id_masked": "x"}))
    assert not HAN.search(text.replace("(2026)粤0304刑初12号", "")), text      # the note as given
    assert "440301********1234" in text


def test_a_held_benefit_decisions_summary_reads_english(qtbot, english, app_home, store):
    from counter_app.app_context import AppContext, UserSession
    from counter_app.paths import app_paths
    from counter_app.ui.approval_dialog import request_text
    from counter_app.ui.approvals_panel import ApprovalsPanel
    from counter_app.workflows.accept import act_and_close
    from tests.support.cases import settings_for
    from tests.unit.workflows.test_benefit_approval import _at_decision, _pension

    workflow, cid = _at_decision(store)
    held = act_and_close(workflow, cid, lambda s: s.record_step(cid, "decision", "done",
                                                                  data={"pension": _pension("2025-06")}))
    ctx = AppContext(settings=settings_for("http://127.0.0.1:9", "FT-W01"), paths=app_paths().ensure(), store=store,
                     user=UserSession("supervisor01", "科长", "supervisor", online=False))
    panel = ApprovalsPanel(ctx)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=15000):
        panel.show()
    [row] = [r for r in panel.rows if r["id"] == held.approval_id]
    assert "补发 9 个月" in row["summary"]                                    # stored in Chinese
    cell = panel.model.data(panel.model.index(panel.rows.index(row), panel.model.COLUMNS.index("summary")))
    assert not HAN.search(cell), cell
    assert "47,836.98" in cell and "9" in cell
    assert not HAN.search(request_text(row).splitlines()[1]), request_text(row)
