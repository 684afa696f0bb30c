"""The field window as the staff use it at the door:

- the registry photo of the selected person is shown beside the form (the photo path is the staff
  comparing the person with it); with no photo on the roster it says so, and 已核对档案照片
  cannot be ticked;
- 指纹比对 says how it ended on every outcome, not 请按压手指… left after a failure;
- the signature dialog asks the pensioner (退休人员), not the applicant (申请人);
- 请先在名单中选择一人 goes once a person is selected."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QTimer
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from counter_app.workflows import field
from counter_protocol import field as fp
from tests.support.field_window import open_field_panel

WS = "L-PHOTO"


def _png() -> bytes:
    image = QImage(60, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("#6080a0"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


PEOPLE = (("11010519491231002X", "王有照", True), ("440304194602117129", "陈无照", False))


class _Centre:
    def field_roster(self, pem, days):
        import base64

        now = datetime.now(timezone.utc)
        photo = base64.b64encode(_png()).decode("ascii")
        return fp.Roster(office_code="FT", generated_at=now, valid_until=now + timedelta(days=14), window_days=60,
                         cycle_months=12, entries=[fp.RosterEntry(
                             assignment_id=f"a-{n}", id_number=i, name=name, address=f"福田区测试路 {n} 号",
                             last_certified=date(2024, 5, 15 + n), valid_until=date(2025, 5, 31), reason="lapsed",
                             photo=photo if has_photo else None)
                             for n, (i, name, has_photo) in enumerate(PEOPLE)])


@pytest.fixture
def panel(qtbot, store, app_home):
    field.pull(store, _Centre(), user="field01", workstation_id=WS, office_code="FT")
    return open_field_panel(qtbot, store, WS)


def _select(panel, name_start: str) -> str:
    row = next(r for r in range(panel.proxy.rowCount())
               if panel.model.row_at(panel.proxy.mapToSource(panel.proxy.index(r, 0)).row()).name_masked.startswith(name_start))
    panel.table.setCurrentIndex(panel.proxy.index(row, 0))
    return panel.current_key()


def test_the_registry_photo_of_the_selected_person_is_shown(qtbot, panel):
    _select(panel, "王")
    qtbot.waitUntil(lambda: not panel.registry_photo.pixmap().isNull(), timeout=10000)
    assert panel.registry_photo.pixmap().width() > 0
    assert panel.photo_check.isEnabled()


def test_no_registry_photo_is_said_and_the_photo_check_cannot_be_ticked(qtbot, panel):
    _select(panel, "王")
    qtbot.waitUntil(lambda: not panel.registry_photo.pixmap().isNull(), timeout=10000)
    _select(panel, "陈")
    assert panel.registry_photo.pixmap().isNull()           # not the last person's photo
    assert panel.registry_photo.text() == "档案中没有照片"
    assert not panel.photo_check.isEnabled()
    assert "也没有照片" in panel.finger_label.text()


class _Device:
    def __init__(self, error: Exception | None = None):
        self.error = error

    def verify(self, template, timeout=None):
        raise self.error

    def close(self):
        pass


def test_a_fingerprint_comparison_without_a_template_says_what_to_do_instead(qtbot, panel, monkeypatch):
    import counter_app.app_context as app_context

    opened = []
    monkeypatch.setattr(app_context, "open_fingerprint_device", lambda ctx: opened.append(1) or _Device())
    _select(panel, "陈")
    panel.verify_finger()
    qtbot.wait(200)
    assert panel.finger_label.text() == "档案中没有指纹模板，也没有照片：不能认证通过"
    assert panel.fingerprint == "not_taken" and opened == []
    _select(panel, "王")
    panel.verify_finger()
    qtbot.wait(200)
    assert panel.finger_label.text() == "档案中没有指纹模板：请拍照并核对档案照片"


def test_a_fingerprint_device_error_says_it_did_not_compare(qtbot, panel, monkeypatch, store):
    import counter_app.app_context as app_context

    monkeypatch.setattr(app_context, "open_fingerprint_device", lambda ctx: _Device(RuntimeError("设备未连接")))
    monkeypatch.setattr(field, "template_of", lambda _store, _key: b"template")
    _select(panel, "王")
    monkeypatch.setitem(panel._addresses, panel.current_key(), ("", "", "", True))   # as if enrolled
    panel.consent()
    with qtbot.waitSignal(panel.failed, timeout=10000):
        panel.verify_finger()
    assert panel.finger_label.text() == "指纹未比对（原因见下方）"
    assert "设备未连接" in panel.message.text() and panel.fingerprint == "not_taken"


def test_the_signature_dialog_asks_the_pensioner(qtbot, panel):
    seen = {}

    def look():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, look)
            return
        try:
            seen["prompt"], seen["baseline"] = dialog.prompt.text(), getattr(dialog.area, "signer", None)
        finally:
            dialog.reject()

    _select(panel, "王")
    QTimer.singleShot(50, look)
    panel.sign()
    assert "退休人员" in seen["prompt"] and "申请人" not in seen["prompt"]
    assert seen["baseline"] == "退休人员"


def test_the_counter_signature_dialog_still_asks_the_applicant(qtbot, app_home):
    from counter_app.config import Settings
    from counter_app.ui.signature_widget import SignatureDialog

    dialog = SignatureDialog(Settings())
    qtbot.addWidget(dialog)
    assert "申请人" in dialog.prompt.text() and dialog.area.signer == ""


def test_selecting_a_person_clears_please_select_first(qtbot, panel):
    panel.table.setCurrentIndex(panel.proxy.index(-1, -1))
    panel.save()
    assert panel.message.text() == "请先在名单中选择一人"
    _select(panel, "王")
    assert panel.message.text() == ""


def test_a_reload_keeps_what_was_said(qtbot, panel):
    _select(panel, "王")
    panel._say("已封存保存，联网后自动同步")
    with qtbot.waitSignal(panel.loaded, timeout=15000):
        panel.refresh()
    assert panel.message.text() == "已封存保存，联网后自动同步"


def test_no_fingerprint_or_photo_before_the_consent_notice_is_read_and_agreed(qtbot, panel, monkeypatch, store):
    """指纹比对 and 拍照 used the device at once, with no consent notice (PIPL Art. 28/29: fingerprint
    and face photo are sensitive personal data; the photo goes to the centre with the visit). The
    notice is on the form; until 已告知，本人同意 is clicked neither device is opened; the click is
    audited and the consent, with its time, is sealed with the visit."""
    import json

    import counter_app.app_context as app_context
    import counter_app.ui.camera_backend as camera_backend
    from sqlalchemy import select, text

    from counter_app.storage.tables_audit import AuditRow

    opened = []

    class _Camera:
        def capture(self):
            opened.append("camera")
            return _png()

        def close(self):
            pass

    monkeypatch.setattr(app_context, "open_fingerprint_device", lambda ctx: opened.append("finger") or _Device())
    monkeypatch.setattr(camera_backend, "open_document_camera", lambda settings, parent: _Camera())
    monkeypatch.setattr(field, "template_of", lambda _store, _key: b"template")
    key = _select(panel, "王")
    monkeypatch.setitem(panel._addresses, key, ("", "", "", True))                  # as if enrolled
    assert "敏感个人信息" in panel.consent_notice.text() and panel.consent_label.text() == "未告知"
    panel.verify_finger()
    panel.take_photo()
    qtbot.wait(200)
    assert opened == [] and panel.photo is None and panel.fingerprint == "not_taken"
    assert "采集告知" in panel.message.text() or "同意" in panel.message.text()
    panel.btn_consent.click()
    assert panel.consent_at is not None and "已告知并同意" in panel.consent_label.text()
    panel.take_photo()
    assert opened == ["camera"] and panel.photo is not None
    qtbot.waitUntil(lambda: _audited(store, "field.consent"), timeout=10000)
    # the workflow refuses a photo without consent too (a caller other than this window)
    with pytest.raises(field.FieldError, match="同意"):
        field.record_visit(store, key, staff=[field.Staff("field01"), field.Staff("field02")], workstation_id=WS,
                           result="not_found", address_confirmed=True, evidence=field.Evidence(photo=_png()))
    done = field.record_visit(store, key, staff=[field.Staff("field01"), field.Staff("field02")], workstation_id=WS,
                              result="not_found", address_confirmed=True,
                              evidence=field.Evidence(photo=_png(), consent_at=panel.consent_at))
    with store.session() as s:
        body = json.loads(s.execute(text("SELECT payload FROM outbox WHERE id = :i"), {"i": done["entry_id"]}).scalar())
        assert s.scalars(select(AuditRow).where(AuditRow.action == "field.consent")).first() is not None
    assert body["visit"]["consent"]["biometrics"] is True
    assert body["visit"]["consent"]["at"] == panel.consent_at.isoformat(timespec="seconds")


def _audited(store, action: str) -> bool:
    from sqlalchemy import select

    from counter_app.storage.tables_audit import AuditRow

    with store.session() as s:
        return s.scalars(select(AuditRow).where(AuditRow.action == action)).first() is not None
