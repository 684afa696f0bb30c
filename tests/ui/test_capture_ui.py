"""拍照 on a checklist material, 申请人签名 on the pad (emulated hidapi) or on screen, and the two
devices in the status bar."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from sqlalchemy import select

from counter_app.domain.case_engine import CaseState
from counter_app.domain.checklist import TickState
from counter_app.storage import crypto
from counter_app.storage.tables_materials import CaseSignature, MaterialImage
from counter_app.ui.signature_widget import SignatureDialog, SignatureResult, SignatureWidget
from tests.support import hidapi_emu as emu
from tests.support import synthetic_page as sp
from tests.support.mouse import drag
from tests.ui.test_workspace_flows import Clicks, decide_now, idle, make_ctx, open_panel, type_applicant

pytestmark = pytest.mark.timeout(180)


def test_signing_on_screen_with_the_mouse(qtbot):
    w = SignatureWidget()
    qtbot.addWidget(w)
    w.resize(600, 220)
    w.show()
    assert w.empty
    with qtbot.waitSignal(w.changed):
        drag(w, [(60, 120), (120, 80), (180, 140), (240, 90)])
    drag(w, [(300, 100), (380, 150)])
    assert [len(s) for s in w.strokes] == [4, 2]
    img = Image.open(io.BytesIO(w.png()))
    assert img.mode == "RGBA" and img.getchannel("A").getpixel((0, 0)) == 0
    assert 320 < img.width < 360                          # cropped to the ink (x 60…380)
    w.clear()
    assert w.empty


def test_screen_dialog_confirms_only_with_ink(qtbot, app_home):
    from counter_app.config import Settings

    dlg = SignatureDialog(Settings.from_dict({"signpad": {"backend": "screen"}}))
    qtbot.addWidget(dlg)
    dlg.show()
    assert not dlg.btn_ok.isEnabled()
    drag(dlg.area, [(50, 100), (150, 60), (250, 120)])
    assert dlg.btn_ok.isEnabled()
    dlg.btn_ok.click()
    assert dlg.result() == dlg.DialogCode.Accepted and dlg.result_value.backend == "screen"
    assert dlg.result_value.png[:4] == b"\x89PNG"


@pytest.fixture(scope="module")
def hidlib(tmp_path_factory):
    return emu.build(tmp_path_factory.mktemp("hidapi-ui"))


@pytest.fixture
def pad(hidlib, tmp_path, monkeypatch):
    script = tmp_path / "pad"
    monkeypatch.setenv("HIDAPI_FAKE_SCRIPT", str(script))
    monkeypatch.setenv("HIDAPI_FAKE_DEVICES", "0b57:0a01")
    return script


def _pad_settings(hidlib):
    from counter_app.config import Settings

    return Settings.from_dict({"signpad": {"backend": "hid", "library": str(hidlib), "timeout_seconds": 10}})


def test_pad_dialog_shows_the_strokes_live_and_accepts_on_the_pads_confirm(qtbot, hidlib, pad):
    line = [(1000 + 300 * i, 3000 + 100 * i) for i in range(15)]
    emu.write_script(pad, ["wait 200"] + emu.stroke(line) + ["wait 300", emu.key(0x01)])
    dlg = SignatureDialog(_pad_settings(hidlib))
    qtbot.addWidget(dlg)
    dlg.show()
    assert not dlg.area.accepts_input and "签名板" in dlg.prompt.text()
    qtbot.waitUntil(lambda: len(dlg.area.strokes) == 1 and len(dlg.area.strokes[0]) == 15, timeout=5000)
    qtbot.waitUntil(lambda: dlg.result_value is not None, timeout=5000)
    assert dlg.result_value.backend == "hid" and "Hanvon" in dlg.result_value.device
    assert emu.features(pad) == ["05 01", "05 00"]


def test_closing_the_dialog_stops_the_pad(qtbot, hidlib, pad):
    emu.write_script(pad, ["wait 60000"])
    dlg = SignatureDialog(_pad_settings(hidlib))
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: emu.features(pad) == ["05 01"], timeout=3000)
    dlg.reject()
    qtbot.waitUntil(lambda: emu.features(pad) == ["05 01", "05 00"], timeout=3000)


def test_pad_missing_is_said_in_the_dialog(qtbot, hidlib, pad, monkeypatch):
    monkeypatch.setenv("HIDAPI_FAKE_DEVICES", "")
    dlg = SignatureDialog(_pad_settings(hidlib))
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: "没有找到签名板" in dlg.prompt.text(), timeout=3000)   # found out on the worker
    assert dlg.result_value is None


# --- 拍照 in the workspace, 签名 in the documents panel --------------------------------------

@pytest.fixture
def photos(tmp_path):
    d = tmp_path / "plate"
    d.mkdir()
    for i in range(4):
        data, _ = sp.photo(sp.turned((1296, 972), (1150, 1626), 3 + 4 * i), seed=i)
        (d / f"{i:02d}.jpg").write_bytes(data)
    return d


def test_photographing_materials_before_and_after_the_case_is_stored(qtbot, app_home, store, photos):
    crypto.forget_cached_keys()
    ctx = make_ctx(store)
    ctx.settings.camera.backend = "directory"
    ctx.settings.camera.source = str(photos)
    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    panel.pick_service("transfer_out")
    type_applicant(qtbot, panel, {"name": "张三", "id_number": "110105196001010017", "phone": "13800138000"})
    view = panel.materials_view
    view.setFocus()
    view.setCurrentIndex(panel.materials.index(0, 0))
    first = panel.materials.materials[0]
    assert panel.material_capture.action in view.actions()
    clicks.key(Qt.Key.Key_P, widget=view)                   # 拍照 the selected material
    qtbot.waitUntil(lambda: not panel.material_capture.busy, timeout=20000)
    assert panel.materials.states[first.code] is TickState.present      # 已提交
    assert "第1页已拍照" in panel.last_message and "受理审核时随办件保存" in panel.last_message
    assert len(panel.material_capture.pending) == 1
    # the rest ticked by hand; the clerk's conditions confirmed; Ctrl+Enter stores and decides
    panel.all_present()
    panel.confirm_conditions()
    decide_now(clicks, qtbot, panel)
    assert panel.case_view.case.state is CaseState.accepted, panel.last_message
    assert panel.material_capture.pending == []
    with store.session() as s:
        rows = list(s.scalars(select(MaterialImage).where(MaterialImage.case_id == panel.case_view.case.id)))
    assert [(r.material_code, r.page_no) for r in rows] == [(first.code, 1)]
    # accepted: the materials are closed
    view.setCurrentIndex(panel.materials.index(0, 0))
    assert panel.material_capture.capture_current() is False
    assert "不能再更改" in panel.last_message


def test_photographing_a_stored_editable_case_saves_at_once(qtbot, app_home, store, photos):
    crypto.forget_cached_keys()
    from tests.support.cases import clerk_service

    workflow = clerk_service(store)
    view = workflow.create("transfer_out", "individual", applicant={"name": "张三", "id_number": "110105196001010017"})
    cid = view.case.id
    workflow.submit(cid)
    ctx = make_ctx(store)
    ctx.settings.camera.backend = "directory"
    ctx.settings.camera.source = str(photos)
    panel = open_panel(qtbot, ctx, auto_print=False)
    panel.open_case(cid)
    idle(qtbot, panel)
    assert panel.case_view is not None and panel.case_view.case.id == cid
    code = panel.materials.materials[1].code
    assert panel.material_capture.capture(code)
    qtbot.waitUntil(lambda: not panel.material_capture.busy, timeout=20000)
    idle(qtbot, panel)
    assert "第1页已拍照保存" in panel.last_message and "200 dpi" in panel.last_message
    assert panel.case_view.case.ticks[code].state is TickState.present
    assert panel.materials.states[code] is TickState.present


def test_camera_not_configured_is_said(qtbot, app_home, store):
    ctx = make_ctx(store)
    panel = open_panel(qtbot, ctx, auto_print=False)
    panel.pick_service("transfer_out")
    assert panel.material_capture.capture(panel.materials.materials[0].code) is False
    assert "未配置高拍仪" in panel.last_message
    ctx.settings.camera.backend = "qt"                      # Qt Multimedia; this machine has no camera
    assert panel.material_capture.capture(panel.materials.materials[0].code) is False
    assert "没有找到高拍仪" in panel.last_message and not panel.material_capture.busy
    assert panel.materials.states[panel.materials.materials[0].code] is TickState.missing


def test_signing_a_notice_in_the_documents_panel(qtbot, app_home, store, monkeypatch):
    crypto.forget_cached_keys()
    from counter_app.devices.signpad.render import render_png
    from counter_app.ui.documents_panel import DocumentsPanel
    from counter_app.ui.events import AppEvents
    from tests.support.cases import clerk_service, ready_case

    workflow = clerk_service(store)
    cid = ready_case(workflow, "reg_enroll")             # 参保登记 issues a 受理告知书 (转出 issues none, 6.4.1.2.2)
    workflow.decide(cid, expected="accepted")
    ctx = make_ctx(store)
    events = AppEvents()
    panel = DocumentsPanel(ctx, events)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_case(cid)
    qtbot.waitUntil(lambda: panel.docs_model.rowCount() > 0, timeout=10000)
    row = next(i for i, d in enumerate(panel.docs_model.rows) if d.kind == "acceptance_notice")
    panel.docs_view.selectRow(row)
    png = render_png([[(10, 30, 0.5), (90, 10, 0.7), (160, 40, 0.6)]], (200, 60))
    monkeypatch.setattr(SignatureDialog, "ask", classmethod(lambda cls, parent, settings, title="":
                                                            SignatureResult(png, "screen", "屏幕签名")))
    with qtbot.waitSignal(events.message, timeout=10000) as said:
        assert panel.sign_selected()
    assert "已保存申请人" in said.args[0]
    with store.session() as s:
        sig = s.scalar(select(CaseSignature).where(CaseSignature.case_id == cid))
    assert sig is not None and sig.backend == "screen" and sig.document_kind == "acceptance_notice"
    # a document without an applicant line refuses
    other = [i for i, d in enumerate(panel.docs_model.rows) if d.kind not in ("acceptance_notice", "guidance_notice")]
    if other:
        panel.docs_view.selectRow(other[0])
        with qtbot.waitSignal(panel.failed, timeout=2000) as failed:
            assert panel.sign_selected() is False
        assert "不需要申请人签名" in failed.args[0]


def test_status_bar_lists_camera_and_pad(qtbot, hidlib, pad, photos):
    from counter_app.config import Settings
    from counter_app.ui.device_state import DeviceState, device_text
    from counter_app.ui.status_bar import CounterStatusBar, capture_device_states

    states = capture_device_states(Settings.from_dict({
        "camera": {"backend": "directory", "source": str(photos)},
        "signpad": {"backend": "hid", "library": str(hidlib)}}))
    assert states == {"camera_state": DeviceState("camera.directory"), "signpad_state": DeviceState("signpad.ready")}
    bar = CounterStatusBar()
    qtbot.addWidget(bar)
    bar.update_info(card_state=DeviceState("card.ready"), **states)
    assert bar.device_label.text() == "读卡器就绪 | 高拍仪（图片目录） | 签名板就绪"
    missing = capture_device_states(Settings.from_dict({"camera": {"backend": "qt"}, "signpad": {"backend": "screen"}}))
    assert device_text(missing["signpad_state"]) == "屏幕签名"
    assert device_text(missing["camera_state"]) in ("无高拍仪", "高拍仪就绪")


def test_pages_of_an_abandoned_draft_do_not_go_to_another_case(qtbot, app_home, store, photos):
    crypto.forget_cached_keys()
    from tests.support.cases import clerk_service

    workflow = clerk_service(store)
    other = workflow.create("transfer_out", "individual", applicant={"name": "李四", "id_number": "110105196001010017"}).case.id
    workflow.submit(other)
    ctx = make_ctx(store)
    ctx.settings.camera.backend = "directory"
    ctx.settings.camera.source = str(photos)
    panel = open_panel(qtbot, ctx, auto_print=False)
    panel.pick_service("transfer_out")
    assert panel.material_capture.capture(panel.materials.materials[0].code)
    qtbot.waitUntil(lambda: not panel.material_capture.busy, timeout=20000)
    assert len(panel.material_capture.pending) == 1
    panel.open_case(other)                                   # the draft is abandoned
    idle(qtbot, panel)
    assert panel.case_view.case.id == other and panel.material_capture.pending == []
    with store.session() as s:
        assert s.scalar(select(MaterialImage.id)) is None
