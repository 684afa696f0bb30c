"""差评工单 (ComplaintRefused) and 资格认证 (CertificationError) refusals in the clerk's language.
Review: their messages were Chinese strings and showed Chinese in the English UI (the approvals tab's
complaint line, the certification dialog, the workspace's rating). Each is data now (a
domain.refusals.Refusal: the Chinese as before, with a code and parameters) worded through tr() when
shown (ui.messages.plain_text, ui.refusals.refusal_text), the dialog's line again on a switch."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from PySide6.QtWidgets import QApplication

from counter_app.ui.i18n import install_language

HAN = re.compile(r"[\u4e00-\u9fff]")


def _workflow(store):
    from counter_app.workflows.cases import CaseWorkflow

    return CaseWorkflow(store, actor="clerk01", clerk_name="张经办", office="福田分局", office_code="FT",
                        workstation_id="FT-W01", now=lambda: datetime(2026, 3, 2, 10, 0))


def test_complaint_refusals_read_english_and_stay_chinese_by_default(app_home, store, english_back):
    from counter_app.domain.complaints import ComplaintRefused
    from counter_app.workflows.cases import TransitionRefused
    from counter_app.workflows.complaints import ComplaintService
    from counter_app.ui.messages import plain_text
    from tests.support.cases import ready_case

    workflow = _workflow(store)
    cid = ready_case(workflow, "reg_enroll")
    workflow.decide(cid, expected="accepted")
    with pytest.raises(TransitionRefused) as no_reason:
        workflow.rate(cid, 1)                                  # 非常不满意 without the reason
    workflow.rate(cid, 1, "等候时间长")
    [ticket] = ComplaintService(store).list()
    with pytest.raises(ComplaintRefused) as not_supervisor:
        ComplaintService(store).advance(ticket["id"], user="clerk01", roles=["clerk"], note="已核实")
    chinese = [plain_text(no_reason.value), plain_text(not_supervisor.value)]
    assert chinese == ["「不满意」「非常不满意」的评价须说明原因", "只有科长（负责人）可以处理差评工单"]
    assert str(not_supervisor.value) == chinese[1]                     # the CLI's words are unchanged
    assert install_language(QApplication.instance(), "en")
    assert [plain_text(no_reason.value), plain_text(not_supervisor.value)] == [
        "A “Dissatisfied” or “Very dissatisfied” rating needs the reason",
        "Only a section chief (supervisor) can handle a complaint ticket"]


def test_the_certification_dialog_rewords_its_refusal_on_a_language_switch(qtbot, app_home, store, english_back):
    from counter_app.reference.params import load_policy_params
    from counter_app.ui.certification_dialog import CertificationDialog
    from counter_app.workflows.certification import CertificationError, WindowCertification

    workflow = _workflow(store)
    view = workflow.create("certification", "individual", variants=("window",),
                           applicant={"name": "王秀英", "id_number": "110105195503150027"})
    cert = WindowCertification(workflow, load_policy_params())
    with pytest.raises(CertificationError) as refused:
        cert.record_success(view.case.id, method="photo", photo_confirmed=False)
    assert str(refused.value) == "照片比对须由经办人确认本人与档案（或身份证）照片一致"     # the CLI's words
    dlg = CertificationDialog(cert, view.case.id, today=date(2026, 3, 2))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.record()                             # the photo comparison not confirmed: the workflow refuses
    chinese = "认证结果未能登记：照片比对须由经办人确认本人与档案（或身份证）照片一致"
    qtbot.waitUntil(lambda: dlg.message.text() == chinese, timeout=10000)
    assert install_language(QApplication.instance(), "en")
    qtbot.waitUntil(lambda: not HAN.search(dlg.message.text()), timeout=3000)
    assert "photo comparison needs the clerk to confirm" in dlg.message.text(), dlg.message.text()
    assert install_language(QApplication.instance(), "zh_CN")
    qtbot.waitUntil(lambda: dlg.message.text() == chinese, timeout=3000)
