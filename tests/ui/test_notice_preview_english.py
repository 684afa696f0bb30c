"""The notice preview (告知书预览) in the English UI. The notice is a legal document issued in Chinese:
what the preview shows of it (its title, the service and clause, the materials, problems and what to
bring, the reasons, the 办理时限) stays Chinese. The window's own words around it read English: the
heading that says it is a preview, and the previews that show no document (受理 without a notice,
the conditions still to confirm, the correction of the applicant's data). Review: the whole preview
read Chinese in the English UI."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from counter_app.domain.catalog import OutcomeKind
from tests.ui.test_workspace_correction import BAD_ID
from tests.ui.test_workspace_flows import MALE_1960, Clicks, choose_type, make_ctx, open_panel, pick, type_applicant

HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def ctx(app_home, store):
    return make_ctx(store)


def _panel(qtbot, ctx, name, code, id_number=MALE_1960):
    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    pick(clicks, panel, name, code)
    choose_type(panel, "individual")
    type_applicant(qtbot, panel, {"name": "张三", "id_number": id_number, "phone": "13800138000"})
    return panel, clicks


def test_the_guidance_notice_stays_chinese_under_an_english_heading(qtbot, ctx, english):
    panel, _clicks = _panel(qtbot, ctx, "cbdj", "reg_enroll")
    assert panel.outcome.kind is OutcomeKind.incomplete            # nothing ticked: 业务指引
    heading, *body = panel.preview.toPlainText().splitlines()
    assert heading.startswith("Preview: 业务指引告知书") and "issued in Chinese" in heading, heading
    text = "\n".join(body)
    assert "请一次性补齐补正下列材料：" in text and "请携带" in text     # the notice's own words
    assert panel.preview_tabs.tabText(panel.preview_tabs.indexOf(panel.preview)) == "Notice preview"


def test_the_acceptance_notice_keeps_its_chinese_time_limit(qtbot, ctx, english):
    panel, clicks = _panel(qtbot, ctx, "cbdj", "reg_enroll")
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    assert panel.outcome.kind is OutcomeKind.accepted
    heading, *body = panel.preview.toPlainText().splitlines()
    assert heading.startswith("Preview: 受理告知书"), heading
    assert "办理时限：" in "\n".join(body)


def test_previews_without_a_document_read_english(qtbot, ctx, english):
    panel, clicks = _panel(qtbot, ctx, "一般缴费账户关系转出", "transfer_out")
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    assert panel.outcome.kind is OutcomeKind.accepted and panel.outcome.document is None
    heading, service, *_materials = panel.preview.toPlainText().splitlines()
    assert not HAN.search(heading) and heading.startswith("Accepted"), heading
    assert "Time limit: " in service, service


def test_the_correction_preview_reads_english(qtbot, ctx, english):
    panel, clicks = _panel(qtbot, ctx, "cbdj", "reg_enroll", id_number=BAD_ID)
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    heading, service, why, *_problems = panel.preview.toPlainText().splitlines()
    assert heading == "Correct the applicant's details"
    assert not HAN.search(service) and not HAN.search(why), (service, why)
