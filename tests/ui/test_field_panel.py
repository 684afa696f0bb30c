"""The field laptop's tab set against the real centre: the field role brings up 上门认证 and 待同步
instead of the counter's panels; the roster (masked, sorted by lapse date) after a pull; a visit
with the second staff member signed in for it only; an eligible visit through the panel's device
buttons (card, fingerprint, 高拍仪, on-screen signature) synced to the centre; the whole window at
1366×768; no timer of its own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog

from counter_app.app_context import AppContext, UserSession, auth_manager
from counter_app.paths import app_paths
from counter_app.ui.field_panel import FieldPanel, SecondStaffDialog
from tests.support.cases import settings_for

pytestmark = pytest.mark.integration


def _ctx(store, url, username, password, role, ws="UI-field01"):
    ctx = AppContext(settings=settings_for(url, ws), paths=app_paths().ensure(), store=store,
                     user=UserSession(username, username, role, online=True))
    auth_manager(ctx).login(username, password)
    return ctx


def _field02_signs_in(dialog) -> QDialog.DialogCode:
    """The second staff member types their credentials into the dialog (its ``exec``)."""
    dialog.username.setText("field02")
    dialog.password.setText("field02-demo")
    return QDialog.DialogCode.Accepted


def test_field_role_gets_the_field_tabs_and_a_clerk_does_not(store, central_server):
    from counter_app.ui.main_window import load_panel_classes

    field_ctx = AppContext(settings=settings_for(central_server.url, "UI-f"), paths=app_paths().ensure(), store=store,
                           user=UserSession("field01", "field01", "field"))
    assert [c.__name__ for c in load_panel_classes(field_ctx)] == ["FieldPanel", "OutboxPanel"]
    clerk_ctx = AppContext(settings=settings_for(central_server.url, "UI-c"), paths=app_paths().ensure(), store=store,
                           user=UserSession("clerk01", "clerk01", "clerk"))
    names = [c.__name__ for c in load_panel_classes(clerk_ctx)]
    assert "FieldPanel" not in names and "WorkspacePanel" in names
    from counter_app.config import OfficeMode

    clerk_ctx.settings.office.mode = OfficeMode.field          # a laptop configured for field work
    assert [c.__name__ for c in load_panel_classes(clerk_ctx)][0] == "FieldPanel"


def test_a_pull_by_an_account_without_the_field_role_is_refused_in_words(qtbot, store, central_server):
    """A laptop set up for field work, signed in by a clerk: the roster is refused — by the
    workstation's own role check now (counter_protocol.roles: 上门认证 is the field role's), before the
    centre would answer 403 — and the panel says why in a sentence, not 「出现意外错误」."""
    ctx = _ctx(store, central_server.url, "clerk01", "clerk01-demo", "clerk", ws="UI-field-clerk")
    panel = FieldPanel(ctx)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=15000):
        panel.show()
    with qtbot.waitSignal(panel.failed, timeout=15000) as failed:
        panel.pull()
    assert failed.args[0] == "操作未完成：账号 clerk01（clerk（窗口经办））不能办理上门认证：只有上门认证岗位的账号可以"
    assert panel.message.text() == failed.args[0]


def test_pull_roster_and_record_a_visit(qtbot, store, central_server, monkeypatch, tmp_path):
    ctx = _ctx(store, central_server.url, "field01", "field01-demo", "field")
    panel = FieldPanel(ctx)
    qtbot.addWidget(panel)
    assert not [t for t in panel.findChildren(QTimer) if not t.isSingleShot()]   # no polling of its own
    with qtbot.waitSignal(panel.loaded, timeout=15000):
        panel.show()
    panel.pull()
    qtbot.waitUntil(lambda: len(panel.model.rows) >= 3, timeout=30000)
    rows = panel.model.rows
    assert len(rows) >= 3
    shown = [panel.proxy.data(panel.proxy.index(r, 0)) for r in range(panel.proxy.rowCount())]
    keys = ["" if d == "—" else d for d in shown]        # never certified (「—」) first, then by lapse date
    assert keys == sorted(keys)
    assert all("*" in r.id_masked and "*" in r.name_masked for r in rows)
    target = next(r for r in range(panel.proxy.rowCount())
                  if panel.model.row_at(panel.proxy.mapToSource(panel.proxy.index(r, 0)).row()).name_masked.startswith("周"))
    panel.table.setCurrentIndex(panel.proxy.index(target, 0))
    assert panel.address.text()                           # the address to confirm
    # saving without the second staff member is refused with a message
    panel.save()
    assert "第二名工作人员" in panel.message.text()

    monkeypatch.setattr(SecondStaffDialog, "exec", _field02_signs_in)
    panel.second_staff()
    qtbot.waitUntil(lambda: panel.second is not None, timeout=15000)
    assert panel.second == ("field02", "online")
    panel.result.setCurrentIndex(panel.result.findData("moved_away"))
    with qtbot.waitSignal(panel.failed, timeout=15000) as refused:
        panel.save()                                      # address not confirmed
    assert "地址" in refused.args[0]
    panel.address_ok.setChecked(True)
    panel.note.setPlainText("邻居告知已迁往外省")
    with qtbot.waitSignal(panel.saved, timeout=15000) as saved:
        panel.save()
    assert saved.args[0]["result"] == "moved_away"
    qtbot.waitUntil(lambda: "待同步 1" in panel.sync_label.text(), timeout=15000)
    assert len(panel.model.rows) == len(rows) - 1         # visited: off the list


def test_field_window_at_1366x768(qtbot, store, central_server, tmp_path):
    from counter_app.ui.main_window import MainWindow

    ctx = _ctx(store, central_server.url, "field01", "field01-demo", "field", ws="UI-field-shot")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    panel = window.panels[0]
    assert isinstance(panel, FieldPanel)
    panel.pull()
    qtbot.waitUntil(lambda: len(panel.model.rows) >= 3, timeout=30000)
    panel.table.setCurrentIndex(panel.proxy.index(0, 0))
    shot = tmp_path / "field-1366x768.png"
    assert window.grab().save(str(shot))
    assert window.width() <= 1366 and window.height() <= 768
    # the form fits: its save button is inside the window without scrolling
    button = panel.btn_save.mapTo(window, panel.btn_save.rect().bottomRight())
    assert button.y() <= window.height() and button.x() <= window.width()
    window.shutdown()


class _Borrowed:
    """The test's opened virtual_image device handed to the panel's 指纹比对, which closes what it
    opened after each comparison: the fixture keeps it open (and its image feeder attached)."""

    def __init__(self, device):
        self._device = device
        self.closed = False

    def __getattr__(self, name):
        return getattr(self._device, name)

    def close(self) -> None:
        self.closed = True


def test_an_eligible_visit_through_the_panels_device_buttons(qtbot, store, central_server, central_db, fprint_device,
                                                            virtual_card, monkeypatch, tmp_path):
    """读卡 (PC/SC: pcscd + vpcd + the card emulator), 指纹比对 against the roster's template
    (libfprint's virtual_image device: a different finger, then the enrolled one), 拍照 (the
    still-image 高拍仪 backend), 本人签名 (the on-screen pad, drawn with the mouse), the second staff
    member, 封存并保存, then 立即同步: the centre records the certification."""
    import base64
    import json
    import uuid
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import text
    from sqlalchemy.orm import Session

    import counter_app.app_context as app_context
    from counter_app.devices.fingerprint.base import Finger
    from counter_app.ui.signature_widget import SignatureDialog
    from counter_app.workflows import field
    from counter_central.db import RegistryPerson
    from counter_central.registry import import_records
    from counter_protocol.identifiers import id_check_char
    from tests.support.card_emulator import CardProfile
    from tests.support.pcsc import VPCD_READER
    from tests.support.mouse import drag

    dev, feeder = fprint_device
    feeder.script(["whorl"] * 5)
    enrolled = dev.enroll(Finger.right_index, timeout=10)
    first17 = "44030419380202" + uuid.uuid4().hex[:3].translate(str.maketrans("abcdef", "123456"))
    id_number = first17 + id_check_char(first17)
    photo = (tmp_path / "registry.png")
    from PySide6.QtGui import QColor, QImage

    image = QImage(40, 50, QImage.Format.Format_RGB32)
    image.fill(QColor("#8899aa"))
    assert image.save(str(photo))
    with Session(central_db) as s:
        report = import_records(s, [json.dumps({
            "kind": "person", "id_number": id_number, "name": "上门设备", "sex": "male", "birth": "1938-02-02",
            "status": "retired", "office": "FT", "last_certified": "2024-03-01", "address": "福田区测试路 8 号",
            "fingerprint_template": base64.b64encode(enrolled.template).decode(),
            "photo": base64.b64encode(photo.read_bytes()).decode()}, ensure_ascii=False)])
        assert report.ok, report.problems

    ctx = _ctx(store, central_server.url, "field01", "field01-demo", "field", ws=f"UI-field-dev-{uuid.uuid4().hex[:6]}")
    ctx.settings.card.reader = VPCD_READER
    shots = tmp_path / "camera"
    shots.mkdir()
    (shots / "visit.png").write_bytes(photo.read_bytes())
    ctx.settings.camera.backend = "directory"
    ctx.settings.camera.source = str(shots)
    ctx.settings.signpad.backend = "screen"
    opened = []
    monkeypatch.setattr(app_context, "open_fingerprint_device", lambda c: opened.append(_Borrowed(dev)) or opened[-1])

    panel = FieldPanel(ctx)
    qtbot.addWidget(panel)
    panel.resize(1366, 700)
    with qtbot.waitSignal(panel.loaded, timeout=15000):
        panel.show()
    panel.pull()
    qtbot.waitUntil(lambda: any(r.name_masked.startswith("上") for r in panel.model.rows), timeout=30000)
    row = next(r for r in range(panel.proxy.rowCount())
               if panel.model.row_at(panel.proxy.mapToSource(panel.proxy.index(r, 0)).row()).name_masked.startswith("上"))
    panel.table.setCurrentIndex(panel.proxy.index(row, 0))
    key = panel.current_key()
    assert key is not None and field.assignment(store, key).id_number == id_number

    # 读卡: the pensioner's social security card in the reader; the label shows the number masked
    virtual_card.insert(CardProfile(social_security_number=id_number, name="上门设备", sex_code="1"))
    qtbot.mouseClick(panel.btn_card, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.card_id is not None, timeout=15000)
    assert panel.card_id == id_number and id_number not in panel.card_label.text() and "*" in panel.card_label.text()

    # no fingerprint before the consent notice is read out and agreed to (PIPL Art. 28/29)
    qtbot.mouseClick(panel.btn_finger, Qt.MouseButton.LeftButton)
    qtbot.wait(200)
    assert opened == [] and panel.fingerprint == "not_taken" and "同意" in panel.message.text()
    qtbot.mouseClick(panel.btn_consent, Qt.MouseButton.LeftButton)
    assert panel.consent_at is not None

    # 指纹比对: another finger does not match; the enrolled finger does
    feeder.script(["tented_arch"])
    qtbot.mouseClick(panel.btn_finger, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.fingerprint == "not_matched", timeout=20000)
    assert panel.finger_label.text() == "指纹比对不一致"
    feeder.script(["whorl"])
    qtbot.mouseClick(panel.btn_finger, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.fingerprint == "matched", timeout=20000)
    assert panel.finger_label.text() == "指纹比对一致"
    assert len(opened) == 2 and all(d.closed for d in opened)   # the panel closes what it opens

    # 拍照 from the 高拍仪 (still images), 本人签名 on the screen with the mouse
    qtbot.mouseClick(panel.btn_photo, Qt.MouseButton.LeftButton)
    assert panel.photo is not None and "已拍照" in panel.photo_label.text()
    assert list(shots.iterdir()) == []          # taken from the folder: not left there in clear

    def sign_with_the_mouse(dialog):
        dialog.show()
        assert not dialog.btn_ok.isEnabled()                  # no ink, no confirmation
        drag(dialog.area, [(40, 90), (120, 50), (200, 110), (280, 70)])
        dialog.btn_ok.click()
        return dialog.result()

    monkeypatch.setattr(SignatureDialog, "exec", sign_with_the_mouse)
    qtbot.mouseClick(panel.btn_sign, Qt.MouseButton.LeftButton)
    assert panel.signature is not None and panel.signature[1] == "screen" and panel.signature[0][:4] == b"\x89PNG"
    assert "屏幕签名" in panel.sign_label.text()

    monkeypatch.setattr(SecondStaffDialog, "exec", _field02_signs_in)
    qtbot.mouseClick(panel.btn_second, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.second is not None, timeout=15000)
    panel.result.setCurrentIndex(panel.result.findData("eligible"))
    panel.address_ok.setChecked(True)
    with qtbot.waitSignal(panel.saved, timeout=15000) as saved:
        qtbot.mouseClick(panel.btn_save, Qt.MouseButton.LeftButton)
    assert saved.args[0]["result"] == "eligible"
    [visit] = field.visits(store, workstation_id=ctx.settings.office.workstation_id)
    assert visit["state"] == "queued"
    with store.session() as s:
        body = json.loads(s.execute(text("SELECT payload FROM outbox WHERE id = :i"), {"i": visit["entry_id"]}).scalar())
    sealed = body["visit"]
    assert sealed["identity"] == {"card_chip": True, "card_matches": True, "fingerprint": "matched",
                                  "photo_compared": False}
    assert base64.b64decode(sealed["photo"]) == photo.read_bytes()
    assert sealed["signature"]["method"] == "screen" and base64.b64decode(sealed["signature"]["png"])[:4] == b"\x89PNG"
    assert sealed["staff"] == ["field01", "field02"] and body["seal"]["sm3"]
    assert sealed["consent"]["biometrics"] is True and sealed["consent"]["at"]

    # 立即同步: the visit reaches the centre, which records the certification
    qtbot.mouseClick(panel.btn_sync, Qt.MouseButton.LeftButton)
    # the round's end is said in the message (同步完成… / 同步未完成：… / why it did not run): a round
    # that did not send the visit fails here with what it said, not after a minute of waiting
    qtbot.waitUntil(lambda: panel.message.text() != "正在同步…", timeout=90000)
    [visit] = field.visits(store, workstation_id=ctx.settings.office.workstation_id)
    assert visit["state"] == "synced", (panel.message.text(), visit)
    with Session(central_db) as s:
        rec = json.loads(s.get(RegistryPerson, id_number).record)
    assert rec["last_certified"] == (datetime.now(timezone.utc) + timedelta(hours=8)).date().isoformat()
