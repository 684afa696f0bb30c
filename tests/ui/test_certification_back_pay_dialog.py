"""The window's 资格认证 dialog states the back-pay months (6.6.2.8) once the record holds the day the
suspension took effect — the months the centre's resumption request pays — and leaves them to the
approval otherwise. The real centre, in-process on SQLite."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt

from counter_app.ui.certification_dialog import CertificationDialog
from tests.support.cases import man_born_1960
from tests.unit.sync.test_certification_centre_outcomes import TODAY, Counter, login, registry, suspend_approved


def _certified_in_dialog(qtbot, counter: Counter, id_number: str, name: str) -> CertificationDialog:
    cid = counter.cert.start({"name": name, "id_number": id_number})
    counter.cert.accept(cid)
    dlg = CertificationDialog(counter.cert, cid, fingerprint_bridge=None, today=TODAY.date())
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.mouseClick(dlg.btn_consent, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dlg.consent_at is not None, timeout=10000)
    dlg.confirm.setChecked(True)
    with qtbot.waitSignal(dlg.accepted, timeout=20000):
        qtbot.mouseClick(dlg.btn_record, Qt.MouseButton.LeftButton)
    return dlg


def test_the_dialog_states_the_months_from_the_day_the_suspension_took_effect(qtbot, app_home, store,
                                                                              central_sqlite_client):
    central = central_sqlite_client
    pid = man_born_1960(106)
    registry(central, pid, "韩测试", "2025-02-18")
    suspend_approved(central, pid, lapsed_on=date(2026, 3, 1), last=date(2025, 2, 18),
                     decided_at=datetime(2026, 9, 20, 2, 0))
    dlg = _certified_in_dialog(qtbot, Counter(store, central, login(central)), pid, "韩测试")
    assert dlg.outcome.back_pay_months == ("2026-09", "2026-10", "2026-11")
    assert dlg.result_text().endswith("；恢复发放待审批，补发 3 个月"), dlg.result_text()


def test_without_the_day_the_dialog_leaves_the_months_to_the_approval(qtbot, app_home, store, central_sqlite_client):
    central = central_sqlite_client
    pid = man_born_1960(107)
    registry(central, pid, "杨测试", "2025-02-18", suspension="lapse")
    dlg = _certified_in_dialog(qtbot, Counter(store, central, login(central)), pid, "杨测试")
    assert dlg.result_text().endswith("；恢复发放待审批，补发月份以审批结果为准"), dlg.result_text()
