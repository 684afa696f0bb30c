"""Workspace: the record is looked up when the ID number is entered (real centre), the checklist
shows 系统核验 with the facts used, and F10 confirms only what needs the clerk's judgment;
offline without a cache the record's conditions are 待核验（离线）."""

from __future__ import annotations

import uuid

import pytest

from tests.ui.test_workspace_outcomes import approve_on_site
from PySide6.QtCore import Qt

from counter_app.app_context import AppContext, UserSession
from counter_app.domain.case_engine import CaseState
from counter_app.domain.catalog import OutcomeKind
from counter_app.paths import app_paths
from counter_app.sync.auth import AuthManager
from tests.support.cases import settings_for
from tests.ui.test_workspace_flows import CTRL, Clicks, choose_type, idle, open_panel, pick, type_applicant

pytestmark = pytest.mark.integration

YOUNG = "440304198706151135"        # demo registry: man born 1987-06, insured
NOT_INSURED = "440303199503031748"  # demo registry: not insured


def signed_in(store, url: str) -> AppContext:
    settings = settings_for(url, f"FT-R{uuid.uuid4().hex[:6]}")
    AuthManager(store, settings).login("clerk01", "clerk01-demo")
    return AppContext(settings=settings, paths=app_paths().ensure(), store=store,
                      user=UserSession("clerk01", "窗口经办员01", "clerk"))


def _pension_of(qtbot, store, central_server, name: str, id_number: str):
    """基本养老金核定 for ``id_number`` at a signed-in window, the record looked up (real centre)."""
    panel = open_panel(qtbot, signed_in(store, central_server.url), auto_print=False)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "jbyljhd", "pension")
    choose_type(panel, "individual")
    type_applicant(qtbot, panel, {"name": name, "id_number": id_number})
    qtbot.waitUntil(lambda: "联网查询" in panel.record_lookup.label.text(), timeout=10000)
    return panel, clicks


def _row(panel, code):
    return [c.code for c in panel.conditions.conditions].index(code)


def test_pension_of_a_man_born_1987_is_refused_from_the_record(qtbot, app_home, store, central_server):
    panel, clicks = _pension_of(qtbot, store, central_server, "张伟", YOUNG)
    row = _row(panel, "rule_5_6_1_1")
    assert panel.conditions.is_rule_row(row)
    explained = panel.conditions.data(panel.conditions.index(row, 2))
    assert explained.startswith("出生 1987-06 → 法定退休 2050-06") and "未达" in explained
    assert "系统核验" in panel.conditions.data(panel.conditions.index(row, 1))
    assert "history_reviewed" in panel.conditions.rule_results       # from the record too
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)                                        # nothing left for the clerk here
    assert panel.outcome.kind is OutcomeKind.not_eligible
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    approve_on_site(qtbot, panel)                                          # 分级授权: a supervisor approves
    case = panel.case_view.case
    assert case.state is CaseState.rejected
    assert case.facts["registry"]["state"] == "online"
    assert case.facts["registry"]["person"]["id_number"] == YOUNG


def test_offline_without_cache_the_record_conditions_wait(qtbot, app_home, store, fault_proxy):
    ctx = signed_in(store, fault_proxy.url)
    fault_proxy.mode = "down"                                         # the network goes after sign-in
    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "cbdj", "reg_enroll")
    choose_type(panel, "individual")
    type_applicant(qtbot, panel, {"name": "孙丽", "id_number": NOT_INSURED})
    qtbot.waitUntil(lambda: "离线" in panel.record_lookup.label.text(), timeout=15000)
    row = _row(panel, "not_yet_registered")
    assert panel.conditions.data(panel.conditions.index(row, 1)) == "待核验（离线）"
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    assert panel.conditions.answers.get("not_yet_registered") is None  # F10 does not confirm it
    assert panel.outcome.kind is None and "not_yet_registered" in panel.outcome.pending_conditions


UNREVIEWED = "440307196402021518"   # demo registry: history not yet reviewed


def test_overriding_a_system_result_needs_a_reason_and_is_recorded(qtbot, app_home, store, central_server):
    import json

    from sqlalchemy import text

    panel, clicks = _pension_of(qtbot, store, central_server, "陈志明", UNREVIEWED)
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    row = _row(panel, "history_reviewed")
    assert "业务指引" in panel.conditions.data(panel.conditions.index(row, 1))
    assert panel.outcome.kind is OutcomeKind.incomplete               # guided to 历史信息审核, not refused
    panel.conditions.set_answer(row, True)                            # a keypress does not turn it round
    assert panel.outcome.kind is OutcomeKind.incomplete
    panel.conditions.setData(panel.conditions.index(row, 2), "原参保地已完成历史信息审核，见审核表")
    assert panel.outcome.kind is OutcomeKind.accepted
    assert panel.conditions.data(panel.conditions.index(row, 1)) == "符合（经办人改判）"
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert "改判系统核验" in panel.last_message                          # 分级授权: an override waits
    approve_on_site(qtbot, panel)
    assert panel.case_view is not None and panel.case_view.case.state is CaseState.accepted, panel.last_message
    with store.session() as s:
        overrides = [json.loads(p) for (p,) in s.execute(text(
            "SELECT payload FROM outbox WHERE kind = 'case.condition_override'"))]
        accepted = [json.loads(p) for (p,) in s.execute(text(
            "SELECT payload FROM outbox WHERE kind = 'case.transition'")) if '"accepted"' in p]
    assert [(o["condition"], o["system_result"], o["clerk_result"]) for o in overrides] == [
        ("history_reviewed", "unmet", "met")]
    assert overrides[0]["reason"] == "原参保地已完成历史信息审核，见审核表"
    cond = next(c for c in accepted[-1]["conditions"] if c["code"] == "history_reviewed")
    assert cond["override"] == {"system_result": "unmet", "reason": "原参保地已完成历史信息审核，见审核表"}


SHORT_OF_YEARS = "440306196301111497"   # demo registry: man born 1963-01, retired age, 150 months paid


def test_short_of_the_minimum_years_the_window_guides_and_never_says_materials_are_missing(
        qtbot, app_home, store, central_server):
    """Every material is there; the record is short of the minimum years (policy.md §1: guided, not
    refused). The window's line, its preview and the customer screen say so — not 材料不齐全 — and
    the 业务指引告知书 given marks the row as a condition."""
    panel, clicks = _pension_of(qtbot, store, central_server, "赵强", SHORT_OF_YEARS)
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    assert panel.outcome.kind is OutcomeKind.incomplete and panel.outcome.guided_only
    line = panel.outcome_label.text()
    assert "暂不满足受理条件" in line and "材料不齐全" not in line, line
    preview = panel.preview.toPlainText()
    assert "暂不满足下列受理条件" in preview and "尚差" in preview and "补齐补正下列材料" not in preview
    assert "不直接拒绝" not in preview
    assert "材料不齐全" not in panel.customer_outcome_text()
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.returned
    assert "暂不满足受理条件" in panel.last_message
    [doc] = [d for d in panel.case_ops.workflow.documents(panel.case_view.case.id) if d["kind"] == "guidance_notice"]
    assert [m.get("condition") for m in doc["fields"]["missing_items"]] == [True]
