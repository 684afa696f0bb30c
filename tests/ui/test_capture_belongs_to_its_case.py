"""A capture belongs to the case it was started for. Review: a fingerprint capture (当场采集参保人指纹,
6.6.1.1.2.3) still running on the reader for case A when the clerk opened case B (办件 list) was
recorded on B — the template was stored with A, but 指纹采集 was marked done on the case on screen,
with A's template as its reference: one person's prints on another person's case. Ctrl+N refused
while a capture ran, opening a case did not. A 高拍仪 page taken for A went to B the same way.

Now the step is recorded on the case the capture was started for, whatever the screen shows, and
while the reader or the camera works for a case the workspace does not switch to another one (the
clerk is told why, as Ctrl+N does)."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from counter_app.devices.fingerprint.demo import DemoFingerprintDevice
from counter_app.storage import crypto
from counter_app.storage.tables_materials import MaterialImage
from counter_app.workflows.fingerprint import latest_template
from tests.ui.test_step_inputs_per_case import _accept_to_fingerprint
from tests.ui.test_workspace_flows import CTRL, Clicks, idle, make_ctx, open_panel

pytestmark = pytest.mark.timeout(180)

FP_BUSY = "指纹采集进行中，请先取消（Esc）"
PHOTO_BUSY = "正在拍照，请等拍照完成后再切换办件"


class HeldReader(DemoFingerprintDevice):
    """The demo reader, held at the start of an enrolment until the test lets the applicant press."""

    def __init__(self):
        super().__init__(scan_delay=0.01)
        self.holding = threading.Event()
        self.go = threading.Event()

    def enroll(self, *args, **kwargs):
        self.holding.set()
        assert self.go.wait(30)
        return super().enroll(*args, **kwargs)


def _steps(panel, cid: str) -> list[tuple[str, str, dict]]:
    case = panel.case_ops.open(cid).view.case
    return [(s.step_code, s.result, dict(s.data)) for s in case.steps]


def _two_cases_at_their_prints(qtbot, panel, clicks) -> tuple[str, str]:
    """Case B accepted and left at 指纹采集, then case A accepted: A on screen at its fingerprint step."""
    b = _accept_to_fingerprint(qtbot, panel, clicks)
    clicks.key(Qt.Key.Key_N, CTRL)
    a = _accept_to_fingerprint(qtbot, panel, clicks)
    assert a != b
    return a, b


def _start_held_capture(qtbot, panel, clicks, dev: HeldReader) -> None:
    dev.script(["甲"] * 5)
    panel.steps.btn_fp_consent.click()            # the consent notice read, the applicant agrees
    clicks.key(Qt.Key.Key_Return, CTRL)           # 采集指纹 on the case on screen
    assert dev.holding.wait(10)
    assert panel.devices.capturing


def _let_it_finish(qtbot, panel, dev: HeldReader) -> None:
    with qtbot.waitSignal(panel.devices.fp_finished, timeout=30000):
        dev.go.set()
    qtbot.waitUntil(lambda: not panel.fp_bridge.busy, timeout=30000)
    idle(qtbot, panel)


def _prints_are_on(panel, store, a: str, b: str) -> None:
    template = latest_template(store, a)
    assert template is not None and template.case_id == a
    assert latest_template(store, b) is None
    [done] = [s for s in _steps(panel, a) if s[0] == "fingerprint" and s[1] == "done"]
    assert done[2]["template_ref"] == template.id and done[2]["consent_at"]     # the consent, with its time
    assert [s for s in _steps(panel, b) if s[0] == "fingerprint" or "template_ref" in s[2]] == []


@pytest.fixture
def reader():
    dev = HeldReader()
    dev.open()
    yield dev
    dev.go.set()


def test_opening_another_case_during_a_capture_is_refused_and_the_prints_stay_with_their_case(
        qtbot, app_home, store, reader):
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    panel.use_fingerprint_device(reader)
    opened: list[str] = []
    try:
        clicks = Clicks(qtbot)
        a, b = _two_cases_at_their_prints(qtbot, panel, clicks)
        _start_held_capture(qtbot, panel, clicks, reader)
        panel.events.case_opened.connect(opened.append)
        panel.events.case_opened.emit(b)                # 办件 list → open B while A's prints are taken
        idle(qtbot, panel)
        assert panel.last_message == FP_BUSY
        assert panel.case_view is not None and panel.case_view.case.id == a
        # the other followers of case_opened (customer screen, 文书) are told the workspace kept A
        qtbot.waitUntil(lambda: opened[-1:] == [a], timeout=3000)
        _let_it_finish(qtbot, panel, reader)
        assert panel.case_view.case.id == a
        assert panel.steps.fp_quality.text() == "指纹已采集，质量良好"
        _prints_are_on(panel, store, a, b)
        panel.events.case_opened.emit(b)                # the capture over, B opens
        qtbot.waitUntil(lambda: panel.case_view is not None and panel.case_view.case.id == b, timeout=10000)
        idle(qtbot, panel)
        assert panel.steps.current_step().code == "fingerprint"      # B's prints are still to be taken
    finally:
        panel.shutdown()


def test_the_capture_is_recorded_on_its_case_whatever_the_screen_shows(qtbot, app_home, store, reader):
    """The root: the finished capture names its case; the screen's case is not asked (here the
    screen is switched behind the workspace's back, as any future path might)."""
    panel = open_panel(qtbot, make_ctx(store), auto_print=False)
    panel.use_fingerprint_device(reader)
    try:
        clicks = Clicks(qtbot)
        a, b = _two_cases_at_their_prints(qtbot, panel, clicks)
        _start_held_capture(qtbot, panel, clicks, reader)
        panel._set_view(panel.case_ops.open(b).view)
        assert panel.case_view.case.id == b
        _let_it_finish(qtbot, panel, reader)
        assert panel.case_view.case.id == b                  # the screen stays on B …
        assert panel.steps.current_step().code == "fingerprint"
        _prints_are_on(panel, store, a, b)                   # … and the prints are A's
        assert a in panel.last_message, panel.last_message
    finally:
        panel.shutdown()


# --- 拍照 (高拍仪) ---------------------------------------------------------------------------

@pytest.fixture
def photos(tmp_path):
    from tests.support import synthetic_page as sp

    d = tmp_path / "plate"
    d.mkdir()
    data, _ = sp.photo(sp.turned((1296, 972), (1150, 1626), 3), seed=0)
    (d / "00.jpg").write_bytes(data)
    return d


def _two_editable_cases(store) -> tuple[str, str]:
    from tests.support.cases import MALE_1960, MALE_1970, clerk_service

    workflow = clerk_service(store)
    ids = []
    # two people: one person cannot have two open 转出 cases (a second one is refused as a duplicate)
    for name, id_number in (("张三", MALE_1960), ("李四", MALE_1970)):
        cid = workflow.create("transfer_out", "individual",
                              applicant={"name": name, "id_number": id_number}).case.id
        workflow.submit(cid)
        ids.append(cid)
    return ids[0], ids[1]


def _held_camera_panel(qtbot, store, photos):
    crypto.forget_cached_keys()
    ctx = make_ctx(store)
    ctx.settings.camera.backend = "directory"
    ctx.settings.camera.source = str(photos)
    panel = open_panel(qtbot, ctx, auto_print=False)
    capture = panel.material_capture
    holding, go = threading.Event(), threading.Event()
    process = capture._process

    def held(photo):              # the worker's crop / de-skew, held until the test lets it go
        holding.set()
        assert go.wait(30)
        return process(photo)

    capture._process = held
    return panel, holding, go


def _pages(store) -> list[tuple[str, str]]:
    with store.session() as s:
        return [(r.case_id, r.material_code) for r in s.scalars(select(MaterialImage))]


def test_a_page_photographed_for_one_case_is_not_saved_on_the_case_opened_meanwhile(qtbot, app_home, store, photos):
    a, b = _two_editable_cases(store)
    panel, holding, go = _held_camera_panel(qtbot, store, photos)
    try:
        panel.open_case(a)
        idle(qtbot, panel)
        code = panel.materials.materials[1].code
        assert panel.material_capture.capture(code)
        assert holding.wait(10)
        panel.events.case_opened.emit(b)
        idle(qtbot, panel)
        assert panel.last_message == PHOTO_BUSY
        assert panel.case_view.case.id == a
        go.set()
        qtbot.waitUntil(lambda: not panel.material_capture.busy, timeout=20000)
        idle(qtbot, panel)
        assert _pages(store) == [(a, code)]
        assert panel.case_view.case.id == a and "第1页已拍照保存" in panel.last_message
    finally:
        go.set()
        panel.shutdown()


def test_a_page_is_saved_on_its_case_whatever_the_screen_shows(qtbot, app_home, store, photos):
    a, b = _two_editable_cases(store)
    panel, holding, go = _held_camera_panel(qtbot, store, photos)
    try:
        panel.open_case(a)
        idle(qtbot, panel)
        code = panel.materials.materials[1].code
        assert panel.material_capture.capture(code)
        assert holding.wait(10)
        panel._set_view(panel.case_ops.open(b).view)         # behind the workspace's back
        go.set()
        qtbot.waitUntil(lambda: not panel.material_capture.busy, timeout=20000)
        idle(qtbot, panel)
        assert _pages(store) == [(a, code)]
        assert panel.case_view.case.id == b                  # the screen stays on B
        assert a in panel.last_message, panel.last_message
    finally:
        go.set()
        panel.shutdown()


def test_a_page_taken_for_a_draft_is_not_kept_for_another_case(qtbot, app_home, store, photos):
    """Taken for a draft that is no longer on screen: there is no case to keep it for — it is not
    saved (the clerk is told to photograph it again), and never given to the case now shown."""
    a, b = _two_editable_cases(store)
    panel, holding, go = _held_camera_panel(qtbot, store, photos)
    try:
        panel.pick_service("transfer_out")
        code = panel.materials.materials[0].code
        assert panel.material_capture.capture(code)
        assert holding.wait(10)
        panel.new_case()                                     # Ctrl+N waits for the page, as a switch does
        assert panel.last_message == PHOTO_BUSY and panel.service is not None
        panel._set_view(panel.case_ops.open(b).view)         # behind the workspace's back
        go.set()
        qtbot.waitUntil(lambda: not panel.material_capture.busy, timeout=20000)
        idle(qtbot, panel)
        assert _pages(store) == []
        assert panel.material_capture.pending == []
        assert panel.case_view.case.id == b
        assert "未保存" in panel.last_message, panel.last_message
    finally:
        go.set()
        panel.shutdown()
