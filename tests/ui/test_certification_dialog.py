"""资格认证 dialog under offscreen Qt at 1366×768: fingerprint verification on libfprint's virtual
device through the FingerprintBridge (match → recorded as 指纹比对), and a lapsed pensioner without a
template — lapsed, 认证已过期（待暂停审批）— certified by the clerk's photo comparison, the live still from the
directory camera beside the ID card photo. The record comes from the real centre (PostgreSQL)."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from counter_app.devices.fingerprint.base import Finger
from counter_app.ui.certification_dialog import CertificationDialog
from counter_app.ui.fingerprint_bridge import FingerprintBridge
from counter_app.workflows.fingerprint import store_enrollment
from tests.integration.test_certification_window import LAPSED, RETIRED, TODAY, Window

pytestmark = pytest.mark.integration

SHOTS = Path(os.environ.get("CERT_SCREENSHOTS") or "")


def _png(path: Path, color: str) -> bytes:
    img = QImage(300, 380, QImage.Format.Format_RGB32)
    img.fill(QColor(color))
    img.save(str(path))
    return path.read_bytes()


def _shot(dlg, qtbot, name: str) -> None:
    dlg.resize(min(dlg.sizeHint().width(), 1366), min(dlg.sizeHint().height(), 768))
    assert dlg.width() <= 1366 and dlg.height() <= 768
    if SHOTS.name:
        SHOTS.mkdir(parents=True, exist_ok=True)
        dlg.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def window(_migrated_template, tmp_path, central_server, app_home):
    w = Window(_migrated_template, tmp_path, central_server.url)
    yield w
    w.store.close()


def test_fingerprint_match_in_the_dialog_records_the_certification(qtbot, window, fprint_device):
    dev, feeder = fprint_device
    view = window.cases.create("pension", "individual", variants=("normal",),
                               applicant={"name": "王秀英", "id_number": RETIRED})
    feeder.script(["whorl"] * 5)
    store_enrollment(window.store, view.case.id, dev.enroll(Finger.right_index, timeout=10), clerk="clerk01",
                     workstation_id=window.ws)
    cid = window.cert.start({"name": "王秀英", "id_number": RETIRED})
    window.cert.accept(cid)
    bridge = FingerprintBridge(dev)
    dlg = CertificationDialog(window.cert, cid, fingerprint_bridge=bridge, today=TODAY.date())
    qtbot.addWidget(dlg)
    dlg.show()
    # PIPL Art. 28/29: the consent notice is read out and agreed to before the finger is compared
    assert not dlg.btn_verify.isEnabled() and dlg.consent_label.text() == "未告知"
    qtbot.mouseClick(dlg.btn_consent, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.btn_verify.isEnabled(), timeout=10000)
    assert window.cert.consented(cid) and "已告知并同意" in dlg.consent_label.text()
    _shot(dlg, qtbot, "certification-fingerprint")
    assert dlg.btn_verify.isEnabled() and not dlg.btn_record.isEnabled()
    assert RETIRED not in dlg.findChild(type(dlg.message), "certPerson").text()      # masked on screen
    feeder.script(["whorl"])
    qtbot.mouseClick(dlg.btn_verify, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.matched, timeout=20000)
    assert dlg.fp_result.text() == "指纹比对通过" and dlg.btn_record.isEnabled()
    with qtbot.waitSignal(dlg.accepted, timeout=20000):
        qtbot.mouseClick(dlg.btn_record, Qt.MouseButton.LeftButton)
    assert dlg.outcome.method == "fingerprint" and dlg.outcome.valid_until == date(2027, 12, 31)
    assert window.cases.get(cid).case.state.value == "completed"
    bridge.close()


def test_lapsed_pensioner_photo_comparison_in_the_dialog(qtbot, window, tmp_path):
    cid = window.cert.start({"name": "钱国华", "id_number": LAPSED})
    window.cert.accept(cid)
    reference = _png(tmp_path / "id-photo.png", "#4a6fa5")
    live_file = tmp_path / "live.png"
    _png(live_file, "#6a8f55")
    dlg = CertificationDialog(window.cert, cid, fingerprint_bridge=None, camera=lambda: live_file.read_bytes(),
                              reference_photo=reference, today=TODAY.date())
    qtbot.addWidget(dlg)
    dlg.show()
    assert "认证已过期（待暂停审批）" in dlg.standing_label.text() and "未采集指纹模板" in dlg.template_label.text()
    assert not dlg.btn_verify.isEnabled() and not dlg.btn_record.isEnabled()
    assert not dlg.ref_photo.pixmap().isNull()
    assert not dlg.btn_photo.isEnabled()                 # no live photo before the consent
    qtbot.mouseClick(dlg.btn_consent, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.btn_photo.isEnabled(), timeout=10000)
    qtbot.mouseClick(dlg.btn_photo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.live_photo is not None, timeout=10000)
    assert not dlg.live.pixmap().isNull()
    dlg.confirm.setChecked(True)
    dlg.note.setText("与身份证照片一致")
    _shot(dlg, qtbot, "certification-photo")
    with qtbot.waitSignal(dlg.accepted, timeout=20000):
        qtbot.mouseClick(dlg.btn_record, Qt.MouseButton.LeftButton)
    # never suspended (no approved suspension): nothing to resume, no months promised
    assert dlg.outcome.method == "photo" and not dlg.outcome.resumption and dlg.outcome.back_pay_months == ()
    assert dlg.result_text() == "资格认证通过，有效期至 2027-12-31"


def test_a_suspended_pensioner_is_told_the_approval_decides_the_back_pay(qtbot, window, tmp_path, central_db):
    """Payment suspended at the centre: the dialog says 已暂停发放 and, not knowing since when it took
    effect, promises no months (the centre counts them from that day, 6.6.2.8)."""
    from tests.integration.test_certification_record_now import _registry
    from tests.support.cases import man_born_1960

    pid = man_born_1960(66)
    _registry(central_db, pid, "冯测试", "2025-02-18", suspension="lapse")
    cid = window.cert.start({"name": "冯测试", "id_number": pid})
    window.cert.accept(cid)
    live_file = tmp_path / "live.png"
    _png(live_file, "#6a8f55")
    dlg = CertificationDialog(window.cert, cid, fingerprint_bridge=None, camera=lambda: live_file.read_bytes(),
                              reference_photo=_png(tmp_path / "id-photo.png", "#4a6fa5"), today=TODAY.date())
    qtbot.addWidget(dlg)
    dlg.show()
    assert "已暂停发放（资格认证过期）" in dlg.standing_label.text()
    qtbot.mouseClick(dlg.btn_consent, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.btn_photo.isEnabled(), timeout=10000)
    qtbot.mouseClick(dlg.btn_photo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.live_photo is not None, timeout=10000)
    dlg.confirm.setChecked(True)
    with qtbot.waitSignal(dlg.accepted, timeout=20000):
        qtbot.mouseClick(dlg.btn_record, Qt.MouseButton.LeftButton)
    assert dlg.result_text() == "资格认证通过，有效期至 2027-12-31；恢复发放待审批，补发月份以审批结果为准"


def test_workspace_shows_the_lapse_on_the_record_and_accepts_a_certification(qtbot, app_home, store, central_server):
    """Picked from the catalog, the record look-up flags the lapse and the conditions come from it."""
    from counter_app.domain.catalog import OutcomeKind
    from tests.ui.test_workspace_flows import CTRL, Clicks, choose_type, idle, open_panel, pick, type_applicant
    from tests.ui.test_workspace_record import signed_in

    ctx = signed_in(store, central_server.url)
    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "资格认证", "certification")
    choose_type(panel, "individual")
    type_applicant(qtbot, panel, {"name": "钱国华", "id_number": LAPSED})
    qtbot.waitUntil(lambda: "认证已过期（待暂停审批）" in panel.record_lookup.label.text(), timeout=10000)
    assert "2026-02-28 到期" in panel.record_lookup.label.text()
    assert "pensioner" in panel.conditions.rule_results
    if SHOTS.name:
        panel.resize(1366, 768)
        panel.grab().save(str(SHOTS / "certification-workspace.png"))
    clicks.key(Qt.Key.Key_F9)
    assert panel.outcome.kind is OutcomeKind.accepted, panel.outcome
    clicks.key(Qt.Key.Key_Return, CTRL)                       # 受理
    idle(qtbot, panel)
    assert panel.case_view is not None and panel.case_view.next_step == "certify", panel.last_message

    from PySide6.QtCore import QTimer

    seen = []

    def confirm_photo():                                      # inside the dialog's exec(): the clerk compares
        dlg = panel.findChild(CertificationDialog)
        if dlg is None or not dlg.isVisible():
            QTimer.singleShot(100, confirm_photo)
            return
        seen.append(dlg.standing_label.text())
        dlg.confirm.setChecked(True)
        dlg.btn_record.click()

    QTimer.singleShot(100, confirm_photo)
    panel.record_step("certify", "done", {})                  # the step's 完成 opens the dialog, never records alone
    qtbot.waitUntil(lambda: panel.case_view is not None and panel.case_view.case.state.value == "completed",
                    timeout=20000)
    assert "认证已过期（待暂停审批）" in seen[0]
    qtbot.waitUntil(lambda: "资格认证通过" in panel.last_message, timeout=10000)
    assert "恢复发放待审批" not in panel.last_message and "补发" not in panel.last_message
    kinds = [d["kind"] for d in panel.case_ops.workflow.documents(panel.case_view.case.id)]
    assert "certification_notice" in kinds
