"""Screenshots for the user guide: drive every window flow of the real app and save PNGs.

``python -m tools.screenshots --out docs/screenshots`` (``make screenshots``) starts the
real :class:`~counter_app.ui.main_window.MainWindow` with all its panels and the customer window
(offscreen Qt unless a display is chosen), in a private temporary ``COUNTER_APP_HOME``, with the
EXPLICIT demo card reader and demo fingerprint device (settings ``card.backend = "demo"``,
``fingerprint.backend = "demo"``), a printer queue that does not exist (print jobs wait with
their reason) and no central service (the outbox keeps its entries). It then works like a clerk —
keyboard shortcuts, the card, input-method commits for Chinese — through the service picker, a
card-filled applicant, the 业务指引 and 不予受理 outcomes, every service of the catalog to 归档,
the fingerprint step, the documents panel (QtPdf preview, print queue), the cases and outbox
panels and the customer window's rating prompt, and saves a PNG of each main step.

Qt warnings are printed on stderr (``Qt warning: …``); none are expected. ``--only CODE,…``
limits the per-service flows (the fixed steps always run) — the test uses it to stay fast.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import shutil
import tempfile
import time
from pathlib import Path

from counter_app.printing.samples import sample_case_facts

WIDTH, HEIGHT = 1280, 800
SIZES = {"1280x800": (1280, 800), "1366x768": (1366, 768), "1600x1000": (1600, 1000)}   # 1366×768: the counter monitor
PRINTER = "guide-printer-offline"           # a queue that does not exist: jobs wait with a reason
APPLICANT = {"name": "张三", "id_number": "11010519491231002X", "phone": "13800138000"}
# the 业务指引 walk leaves its 参保登记 case 已退回 (awaiting the missing material), and a second
# 参保登记 of that person is refused while it is in hand (the catalog's second_case): another applicant
GUIDED = {"name": "王芳", "id_number": "110105194912310046"}
AGENT = {"agent_name": "张小三", "agent_id_number": "110105196612010016"}
UNIT = {"unit_name": "深圳市示例科技有限公司", "credit_code": "91440300708461136T"}
# 病残津贴 is for the insured below the statutory retirement age: a younger fictional applicant
YOUNGER_ID = "110105196612010016"
# 基本养老金核定: a man born 1965-12, whose statutory 退休年月 (60岁3个月, 2026-03) and 计发月数 are those
# of the sample 核定 figures (counter_app.printing.samples.PENSION_INPUTS)
PENSIONER_ID = "110105196512150011"


class DriverError(RuntimeError):
    pass


# ---------------------------------------------------------------------------------------------
# Qt plumbing: warnings, waiting, keys
# ---------------------------------------------------------------------------------------------
WARNINGS: list[str] = []
# the offscreen platform plugin's notice on every window show (as pyproject's qt_log_ignore)
PLATFORM_NOISE = ("This plugin does not support propagateSizeHints",)


def _install_message_handler() -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(kind, _context, message) -> None:
        if kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            if any(message.startswith(n) for n in PLATFORM_NOISE):
                print(f"Qt platform notice (ignored): {message}", file=sys.stderr, flush=True)
                return
            WARNINGS.append(message)
            print(f"Qt warning: {message}", file=sys.stderr, flush=True)

    qInstallMessageHandler(handler)


def wait_until(condition, timeout: float = 15.0, what: str = "") -> None:
    """Process events until ``condition()`` holds; DriverError after ``timeout`` seconds.

    Never ``QTest.qWait``: PySide6 6.12 keeps the GIL during it and the workers the flow waits for
    starve (see :func:`counter_app.ui.tasks.pump`)."""
    from counter_app.ui import tasks

    if not tasks.wait_until(condition, timeout):
        raise DriverError(f"timed out waiting for {what or condition}")


def settle(ms: int = 60) -> None:
    from counter_app.ui.tasks import pump

    pump(ms)


def key(widget, k, modifier=None) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(widget, k, modifier if modifier is not None else Qt.KeyboardModifier.NoModifier)


def focus_key(k, modifier=None) -> None:
    """A key press where the keyboard focus is (as a clerk types)."""
    from PySide6.QtWidgets import QApplication

    target = QApplication.focusWidget()
    if target is None:
        raise DriverError("no widget has the keyboard focus")
    key(target, k, modifier)


def type_text(widget, text: str) -> None:
    """ASCII as key presses; Chinese as what an input method delivers (a commit string)."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    for ch in text:
        if ch.isascii():
            QTest.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


# ---------------------------------------------------------------------------------------------
# the driver
# ---------------------------------------------------------------------------------------------
class Driver:
    def __init__(self, out: Path, only: set[str] | None = None, size: tuple[int, int] = (WIDTH, HEIGHT),
                 language: str | None = None):
        self.size = size
        self.language = language
        self.out = out
        self.only = only
        self.n = 0
        self.saved: list[Path] = []
        self.notes: list[str] = []

    def _card_state(self) -> str:
        """The card line's state code (ui.device_state), whatever the language of the UI."""
        state = self.ws.card_device_state
        return state.code if state is not None else ""

    # -- start -----------------------------------------------------------------------------
    def start(self) -> None:
        from PySide6.QtCore import Qt

        from counter_app.app_context import UserSession
        from counter_app.config import default_settings
        from counter_app.ui.app import apply_ui_font, build_context, create_application
        from counter_app.ui.i18n import install_language
        from counter_app.ui.main_window import MainWindow

        self.app = create_application()
        if not apply_ui_font(self.app):
            raise DriverError("no font with Chinese glyphs: install fonts-wqy-zenhei")
        settings = default_settings()
        settings.card.backend = "demo"
        settings.fingerprint.backend = "demo"
        settings.printer.name = PRINTER
        if self.language:
            settings.ui.language = type(settings.ui.language)(self.language)
        install_language(self.app, settings.ui.language.value)
        self.ctx = build_context(settings, user=UserSession("clerk01", "张经办", "clerk"))
        self.window = MainWindow(self.ctx)
        self.window.resize(*self.size)
        self.window.show()
        self.customer = self.window.show_customer_window()  # as from the View menu (one screen here)
        if self.customer is None:
            raise DriverError("customer window is off (ui.customer_screen)")
        self.customer.resize(1024, 640)
        self.window.activateWindow()
        wait_until(lambda: self.window.isActiveWindow(), what="main window active")
        self.ws = self.window.panels[0]
        wait_until(lambda: self.ws.is_ready, what="catalog loaded")
        wait_until(lambda: self.ws.card_bridge is not None, what="demo card reader opened")
        # the demo card is in the reader from the start: take it out; the clerk inserts it per case
        wait_until(lambda: self._card_state() == "card.read", what="demo card read")
        self.ws.card_reader.remove()
        wait_until(lambda: self._card_state() == "card.removed", what="demo card removed")
        self.ws.new_case()
        self.tab(0)
        self.window.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ws.focus_search()

    def stop(self) -> None:
        from counter_app.ui.tasks import task_runner

        for panel in self.window.panels:
            shutdown = getattr(panel, "shutdown", None)
            if callable(shutdown):
                shutdown()
        self.window._status_timer.stop()
        task_runner().wait(10000)
        settle(50)
        self.customer.close()
        self.window.hide()
        self.window.deleteLater()
        settle(50)
        self.ctx.close()

    # -- pictures --------------------------------------------------------------------------
    def shot(self, name: str, widget=None) -> Path:
        """Save a PNG of ``widget`` (default: the main window) as NN-name.png."""
        from PySide6.QtGui import QImage

        from counter_app.ui.tasks import task_runner

        wait_until(lambda: task_runner().active == 0 and not self.ws.busy, what="background work before a picture")
        settle(80)
        widget = widget or self.window
        self.n += 1
        path = self.out / f"{self.n:02d}-{name}.png"
        image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
        if not image.save(str(path), "PNG", 0):           # quality 0: strongest (lossless) compression
            raise DriverError(f"could not write {path}")
        self.saved.append(path)
        print(f"saved {path} ({path.stat().st_size // 1024} KB)", flush=True)
        return path

    def shot_screen(self, name: str) -> Path:
        """Save a PNG of the whole screen as NN-name.png: what a top-level dialog over the window
        looks like (under Xvfb; the offscreen platform has no screen to grab)."""
        from PySide6.QtGui import QGuiApplication, QImage

        settle(120)
        self.n += 1
        path = self.out / f"{self.n:02d}-{name}.png"
        image = QGuiApplication.primaryScreen().grabWindow(0).toImage().convertToFormat(QImage.Format.Format_RGB888)
        if not image.save(str(path), "PNG", 0):
            raise DriverError(f"could not write {path}")
        self.saved.append(path)
        print(f"saved {path} ({path.stat().st_size // 1024} KB)", flush=True)
        return path

    # -- workspace helpers -----------------------------------------------------------------
    def tab(self, index: int) -> None:
        """Alt+1 … Alt+4: switch panels as the clerk does."""
        from PySide6.QtCore import Qt

        key(self.window.tabs.currentWidget(), getattr(Qt.Key, f"Key_{index + 1}"), Qt.KeyboardModifier.AltModifier)
        wait_until(lambda: self.window.tabs.currentIndex() == index, what=f"panel {index + 1}")

    def idle(self, timeout: float = 20.0) -> None:
        wait_until(lambda: not self.ws.busy, timeout, "workspace operation")
        settle(30)

    def new_case(self) -> None:
        from PySide6.QtCore import Qt

        key(self.ws.picker.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        wait_until(lambda: self.ws.service is None and self.ws.case_view is None, what="Ctrl+N")

    def pick(self, query: str, code: str, *, enter: bool = True) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        focus_key(Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        if QApplication.focusWidget() is not self.ws.picker.search:
            raise DriverError("Ctrl+F did not focus the service search")
        type_text(self.ws.picker.search, query)
        if self.ws.picker.current_code() != code:
            raise DriverError(f"search {query!r} found {self.ws.picker.current_code()!r}, not {code!r}")
        if enter:
            focus_key(Qt.Key.Key_Return)
            wait_until(lambda: self.ws.service is not None and self.ws.service.code == code, what=f"pick {code}")

    def insert_card(self, id_number: str = APPLICANT["id_number"], name: str = APPLICANT["name"]) -> None:
        from counter_app.devices.card.demo import DEMO_RECORD
        from counter_protocol.identifiers import check_id

        # the chip's birth date and sex are those the number encodes (a card that contradicts its
        # number is warned about, and every screen of that walk would show the warning)
        number = check_id(id_number)
        record = dataclasses.replace(DEMO_RECORD, name=name, social_security_number=id_number,
                                     birth_date=number.birth_date or DEMO_RECORD.birth_date,
                                     sex=number.sex or DEMO_RECORD.sex)
        self.ws.card_reader.insert(record)
        wait_until(lambda: self.ws.applicant.edits["id_number"].text() == id_number, what="card fills the applicant")

    def remove_card(self) -> None:
        self.ws.card_reader.remove()
        wait_until(lambda: self._card_state() == "card.removed", what="card removed")

    def choose_type(self, applicant_type: str) -> None:
        combo = self.ws.applicant.type_combo
        combo.setCurrentIndex(combo.findData(applicant_type))
        if self.ws.applicant.applicant_type() != applicant_type:
            raise DriverError(f"applicant type {applicant_type} not offered")

    def type_fields(self, values: dict) -> None:
        for k, value in values.items():
            edit = self.ws.applicant.edits[k]
            if edit.text() == value:
                continue
            edit.setFocus()
            edit.clear()
            type_text(edit, value)

    def decide(self) -> None:
        from PySide6.QtCore import Qt

        key(self.ws.btn_decide, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        self.idle()
        if self.ws.case_view is None:
            raise DriverError("not decided: " + self.ws.last_message)

    def set_condition(self, code: str, met: bool | None, reason: str = "") -> None:
        conditions = self.ws.conditions
        row = [c.code for c in conditions.conditions].index(code)
        conditions.set_answer(row, met)
        if reason:
            conditions.setData(conditions.index(row, 2), reason)

    def walk_steps(self, service, on_fingerprint=None) -> None:
        """Ctrl+Enter through each step (fingerprint: the demo device), 办结, 归档."""
        from PySide6.QtCore import Qt

        from counter_app.domain.case_engine import CaseState
        from counter_app.ui.workspace import steps as pages

        for _ in range(30):
            state = self.ws.case_view.case.state
            if state is CaseState.archived:
                return
            page = self.ws.steps.current_page()
            if page == pages.DELIVERY:
                self.ws.steps.del_method.setCurrentIndex(self.ws.steps.del_method.findData("pickup"))
            if self.ws.decision_form.isVisible():
                self.fill_decision_form(service)
            before = (state, len(self.ws.case_view.case.steps))
            if page == pages.FINGERPRINT and self.ws.steps.btn_fp_consent.isEnabled():
                self.ws.steps.btn_fp_consent.click()          # the consent notice read, the applicant agrees
                self.idle()
            key(self.ws.btn_decide, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
            if page == pages.FINGERPRINT:
                if on_fingerprint is not None:
                    on_fingerprint()
                wait_until(lambda steps=before[1]: self.ws.fp_bridge is not None and not self.ws.fp_bridge.busy
                           and (len(self.ws.case_view.case.steps) > steps or "失败" in self.ws.last_message),
                           30, "fingerprint step")
            self.idle()
            after = (self.ws.case_view.case.state, len(self.ws.case_view.case.steps))
            if after == before and self.ws.waiting:      # 待审批: a step waits for its approval
                # the authorisation table sends this decision to a supervisor (补发、金额超过限额)
                if service.code == "pension":
                    self.shot(f"{service.code}-decision-awaiting-approval")
                self.approve_on_site("director01", level=2, reason="核定数据已复核，同意")
                continue
            if after == before:
                raise DriverError(f"{service.code}: step did not advance: {self.ws.last_message}")
            if state is CaseState.accepted and after[0] in (CaseState.completed, CaseState.archived):
                self.applicant_rates(shoot=service.code == "reg_enroll")   # 办结 (and 归档) came with the last step
        raise DriverError(f"{service.code}: steps did not end")

    def applicant_rates(self, shoot: bool = False) -> None:
        """The service ended: the customer window asks for the rating (7.5.2); the applicant presses 1."""
        from PySide6.QtCore import Qt

        from counter_app.ui.customer_window import PAGE_RATING, PAGE_THANKS

        cid = self.ws.case_view.case.id
        wait_until(lambda: self.customer.page == PAGE_RATING and self.customer.case_id == cid,
                   what="customer rating prompt")
        if shoot:
            self.shot("customer-rating", self.customer)
        key(self.customer, Qt.Key.Key_1)           # 非常满意
        wait_until(lambda: self.customer.page == PAGE_THANKS, what="rating stored")

    # -- the flows -------------------------------------------------------------------------
    def run(self) -> list[Path]:
        from counter_app.reference.catalog import load_catalog

        self.catalog = load_catalog()
        self.start()
        try:
            self.picker_and_card()
            self.guidance()
            self.rejection()
            for service in self.catalog.services:
                if service.code == "certification":
                    # 资格认证 verifies in its own modal dialog (fingerprint or photo comparison), which
                    # this driver does not operate (tests/ui/test_certification_dialog.py drives it)
                    continue
                if self.only is None or service.code in self.only:
                    self.service_flow(service)
            self.documents()
            self.cases()
            self.outbox()
            self.locked()
        finally:
            self.stop()
        return self.saved

    def picker_and_card(self) -> None:
        self.shot("picker")                                    # the catalog grouped as the standard does
        self.pick("cbdj", "reg_enroll", enter=False)          # pinyin initials of 参保登记
        self.shot("picker-search")
        from PySide6.QtCore import Qt

        focus_key(Qt.Key.Key_Return)
        wait_until(lambda: self.ws.service is not None, what="pick")
        self.insert_card(GUIDED["id_number"], GUIDED["name"])
        self.type_fields({"phone": APPLICANT["phone"]})
        self.shot("card-applicant")

    def guidance(self) -> None:
        """业务指引: a required material missing, another defective → 退回补正 with the notice."""
        from counter_app.domain.checklist import TickState
        from counter_app.domain.catalog import OutcomeKind

        from PySide6.QtCore import Qt

        key(self.ws.picker.search, Qt.Key.Key_F9)
        key(self.ws.picker.search, Qt.Key.Key_F10)
        materials = self.ws.materials
        required = [i for i, m in enumerate(materials.materials) if m.required]
        materials.set_state(required[0], TickState.missing)
        materials.setData(materials.index(required[1], 2), "复印件不清晰")
        materials.set_state(required[1], TickState.defective)
        if self.ws.outcome.kind is not OutcomeKind.incomplete:
            raise DriverError("业务指引 expected: " + self.ws.outcome.summary())
        self.ws.materials_view.setFocus()
        self.shot("guidance-checklist")
        self.decide()
        self.shot("guidance-returned")
        # the applicant skips the rating (Esc) and reads on the customer screen what to bring
        from PySide6.QtCore import Qt

        from counter_app.ui.customer_window import PAGE_CASE, PAGE_RATING

        cid = self.ws.case_view.case.id
        wait_until(lambda: self.customer.page == PAGE_RATING and self.customer.case_id == cid, what="rating prompt")
        key(self.customer, Qt.Key.Key_Escape)
        wait_until(lambda: self.customer.page == PAGE_CASE, what="customer window back on the case")
        self.shot("customer-guidance", self.customer)
        self.remove_card()
        self.new_case()

    def fill_decision_form(self, service) -> None:
        """The typed 核定 form: what the record and the rules could not prefill is typed (the sample
        values); photographed for the user guide."""
        from counter_app.printing.samples import sample_decision_data

        form = self.ws.decision_form
        for group, values in sample_decision_data(service.code).items():
            for k, value in values.items():
                code = f"{group}.{k}"
                if code in form.editors and not isinstance(value, (list, dict)) and not form.value(code):
                    editor = form.editors[code]
                    if hasattr(editor, "findData"):
                        editor.setCurrentIndex(editor.findData(str(value)))
                    else:
                        editor.clear()
                        type_text(editor, str(value))
        self.shot(f"{service.code}-decision-form")

    def rejection(self) -> None:
        """不予受理: 参保登记 of someone already insured in Shenzhen."""
        from PySide6.QtCore import Qt

        from counter_app.domain.case_engine import CaseState
        from counter_app.domain.catalog import OutcomeKind

        self.pick("cbdj", "reg_enroll")
        self.insert_card()
        focus_key(Qt.Key.Key_F9)
        self.set_condition("not_yet_registered", False, "已在本市参保，无需重复登记")
        if self.ws.outcome.kind is not OutcomeKind.not_eligible:
            raise DriverError("不予受理 expected: " + self.ws.outcome.summary())
        self.ws.conditions_view.setFocus()
        self.shot("rejection-checklist")
        self.decide()
        if self.ws.case_view is not None and self.ws.case_view.case.state is CaseState.review:
            self.shot("rejection-awaiting-approval")     # 待审批: a 不予受理 needs a supervisor (7.3.2)
            self.approve_on_site()
        if self.ws.case_view.case.state is not CaseState.rejected:
            raise DriverError("not rejected: " + self.ws.last_message)
        self.shot("rejection-decided")
        self.applicant_rates()
        key(self.ws.btn_decide, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)   # 归档
        self.idle()
        self.remove_card()
        self.new_case()

    def approve_on_site(self, username: str = "supervisor01", level: int = 1,
                        reason: str = "核实已在本市参保，同意不予受理") -> None:
        """现场授权: the supervisor signs in on the clerk's screen for this one request (the demo
        supervisor's offline verifier and sealed approval key, as an earlier online sign-in on this
        workstation leaves them; no centre checks this run's proofs, so the key is a fresh random one).
        ``level``: 1 科长, 2 中心主任 (the authorisation table's grades)."""
        import secrets

        from counter_app.app_context import auth_manager
        from counter_protocol import sync as p

        user = p.UserInfo(username=username, display_name="科长" if level == 1 else "中心主任",
                          roles=["supervisor", "clerk"], office_code="FT", approval_level=level)
        auth_manager(self.ws.ctx)._remember(username, f"{username}-demo", user, secrets.token_hex(32))
        self.ws.authorise_on_site(username, f"{username}-demo", True, reason)
        self.idle()

    def service_flow(self, service) -> None:
        """One service to 归档: pick, applicant, F9 材料齐全, F10 条件符合, Ctrl+Enter 受理, steps."""
        from PySide6.QtCore import Qt

        from counter_app.domain.case_engine import CaseState
        from counter_app.domain.catalog import OutcomeKind, StepKind

        code = service.code
        self.pick(service.name, code)
        applicant_type = service.applicant_types[0]
        person_id = {"disability_allowance": YOUNGER_ID, "pension": PENSIONER_ID}.get(code, APPLICANT["id_number"])
        if applicant_type == "unit":
            self.choose_type("unit")
            self.type_fields(UNIT)
        else:
            self.insert_card(person_id)
            self.choose_type(applicant_type)
            values = {"phone": APPLICANT["phone"]}
            if applicant_type in ("agent", "survivor"):
                values.update(AGENT)
            self.type_fields(values)
        # 规则事实 and 核定数据 the clerk pastes from the core system (the decisions print them)
        facts = sample_case_facts(code)
        if applicant_type != "unit" and person_id == APPLICANT["id_number"]:
            facts.setdefault("category", "female_cadre")   # 张三 is a woman: her 人员类别 decides her age
        self.ws.set_facts(facts)
        if service.variant_multiple:                     # 变更登记: tick one change with Space
            vlist = self.ws.applicant.variant_list
            vlist.setFocus()
            vlist.setCurrentRow(0)
            key(vlist, Qt.Key.Key_Space)
        focus_key(Qt.Key.Key_F9)
        focus_key(Qt.Key.Key_F10)
        if self.ws.outcome.kind is not OutcomeKind.accepted:
            raise DriverError(f"{code}: 受理 expected: {self.ws.outcome.summary()} "
                              f"{[getattr(c, 'code', c) for c in self.ws.outcome.pending_conditions]}")
        self.decide()
        if self.ws.case_view is not None and self.ws.case_view.case.state is CaseState.review:
            # 待审批: the authorisation table sends this acceptance to a supervisor (注销参保: 中心主任)
            self.shot(f"{code}-awaiting-approval")
            self.approve_on_site("director01", level=2, reason="材料与记录核实无误，同意受理")
        if self.ws.case_view.case.state is not CaseState.accepted:
            raise DriverError(f"{code}: not accepted: {self.ws.last_message}")
        self.shot(f"{code}-accepted")
        if code == "reg_enroll":
            from counter_app.ui.customer_window import PAGE_CASE

            cid = self.ws.case_view.case.id
            wait_until(lambda: self.customer.page == PAGE_CASE and self.customer.case_id == cid,
                       what="customer window shows the case")
            self.shot("customer-case", self.customer)
        has_fp = any(s.kind is StepKind.fingerprint for s in service.steps)
        shoot_fp = has_fp and code == "pension"
        if shoot_fp:
            self.ws.use_fingerprint_device(self._slow_fingerprint())
        self.walk_steps(service, on_fingerprint=self._fingerprint_shot if shoot_fp else None)
        if code == "reg_enroll":
            self.shot("reg_enroll-archived")
        if shoot_fp:                                     # later services open the configured demo device
            self.ws.fp_bridge.close()
            self.ws.fp_bridge = None
            self.ws.use_fingerprint_device(None)
        if applicant_type != "unit":
            self.remove_card()
        self.new_case()

    def _slow_fingerprint(self):
        """The demo device, a little slower so the live progress can be photographed."""
        from counter_app.devices.fingerprint.demo import DemoFingerprintDevice

        if self.ws.fp_bridge is not None:           # a bridge bound to another device: start afresh
            self.ws.fp_bridge.close()
            self.ws.fp_bridge = None
        dev = DemoFingerprintDevice(scan_delay=0.3)
        dev.open()
        self._fp_device = dev
        return dev

    def _fingerprint_shot(self) -> None:
        bar = self.ws.steps.fp_progress
        wait_until(lambda: bar.value() >= 2, 20, "fingerprint progress")
        self.shot("pension-fingerprint")

    def documents(self) -> None:
        """文书与打印: today's documents, the QtPdf preview of one, the print queue (waiting)."""
        from PySide6.QtCore import Qt
        from PySide6.QtPdf import QPdfDocument

        self.tab(2)
        panel = self.window.panels[2]
        loaded: list[bool] = []
        panel.documents_loaded.connect(lambda: loaded.append(True))
        key(panel.docs_view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)       # 今日全部文书
        # today's list itself, not the case's still shown (a row selected there was kept far down)
        wait_until(lambda: loaded and panel.docs_model.rowCount() > 0, what="today's documents")
        wait_until(lambda: panel.jobs_model.rowCount() > 0, what="print jobs")
        panel.docs_view.setFocus()
        panel.docs_view.selectRow(0)                                                  # the newest
        wait_until(lambda: panel.preview_doc_id == panel.selected_document_id() is not None
                   and panel.pdf_doc.status() == QPdfDocument.Status.Ready, 30, "PDF preview")
        panel.jobs_view.selectRow(0)
        panel.docs_view.setFocus()
        self.shot("documents-preview-queue")

    def cases(self) -> None:
        from PySide6.QtCore import Qt

        self.tab(1)
        panel = self.window.panels[1]
        key(panel.table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)           # 今日办件
        wait_until(lambda: panel.model.rowCount() > 0, what="today's cases")
        panel.table.selectRow(0)
        self.shot("cases")

    def outbox(self) -> None:
        from PySide6.QtCore import Qt

        self.tab(3)
        panel = self.window.panels[3]
        wait_until(lambda: panel.model.rowCount() > 0, what="outbox entries")
        messages: list[str] = []
        self.window.events.message.connect(messages.append)
        key(panel.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        wait_until(lambda: messages and not panel._syncing, 20, "立即同步 without a central service")
        panel.table.setFocus()
        panel.table.selectRow(0)
        wait_until(lambda: panel.details.toPlainText() != "", what="entry details")
        self.shot("outbox")

    def locked(self) -> None:
        """锁屏 over the window (as the idle timer locks it), a wrong password refused, then unlocked
        by the driver (this walk's user never signed in: there is no password to type)."""
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QGuiApplication

        self.tab(0)
        self.window.lock()
        lock = self.window.lock_screen
        wait_until(lambda: lock is not None and lock.isVisible(), what="lock screen shown")
        if self.window.tabs.isVisible():
            raise DriverError("the window's panels are still shown under the lock screen")
        if QGuiApplication.platformName() != "offscreen":
            self.shot_screen("locked")
        type_text(lock.password, "wrong-password")
        key(lock.password, Qt.Key.Key_Return)
        wait_until(lambda: lock.buttons.isEnabled() and lock.message.text() != "", 20, "unlock refused")
        if QGuiApplication.platformName() != "offscreen":
            self.shot_screen("locked-refused")
        lock.accept()
        wait_until(lambda: self.window.lock_screen is None and self.window.tabs.isVisible(), what="unlocked")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots",
                                     description="用户手册截图：驱动真实主窗口的每个办理流程并保存 PNG")
    parser.add_argument("--out", required=True, type=Path, help="截图输出目录")
    parser.add_argument("--only", default="", help="只办理这些业务（逗号分隔的业务代码）；固定步骤总会执行")
    parser.add_argument("--size", default="1280x800", choices=sorted(SIZES),
                        help="主窗口尺寸（1366x768 为常见柜面显示器）")
    parser.add_argument("--language", default=None, choices=["zh_CN", "en"],
                        help="界面语言（缺省为配置的默认语言 zh_CN）；en 走同样的步骤，看英文界面")
    parser.add_argument("--keep-home", action="store_true",
                        help="保留本次运行的临时目录（演示数据、档案、钥匙串），供查看；缺省运行结束即删除")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = tempfile.mkdtemp(prefix="counter-screens-")
    os.environ["COUNTER_APP_HOME"] = home                        # private data, config, logs
    os.environ["XDG_DATA_HOME"] = str(Path(home) / "xdg-data")
    from counter_app.sync.keystore import ALLOW_PLAINTEXT_ENV, problem

    if problem() is not None:          # a machine without Secret Service: the demo's explicit switch, as make run does
        os.environ[ALLOW_PLAINTEXT_ENV] = "1"
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("[0-9][0-9]-*.png"):
        old.unlink()
    _install_message_handler()
    only = {c.strip() for c in args.only.split(",") if c.strip()} or None
    driver = Driver(args.out, only, SIZES[args.size], args.language)
    started = time.monotonic()
    try:
        saved = driver.run()
    except DriverError as exc:
        print(f"截图失败：{exc}", file=sys.stderr)
        return 1
    finally:
        # the run's demo store, archives and plaintext keyring: a hundred runs left a hundred of them in /tmp
        if args.keep_home:
            print(f"临时目录保留在 {home}", file=sys.stderr)
        else:
            shutil.rmtree(home, ignore_errors=True)
    total = sum(p.stat().st_size for p in saved)
    print(f"{len(saved)} screenshots, {total / 1e6:.2f} MB, {time.monotonic() - started:.1f} s, "
          f"{len(WARNINGS)} Qt warnings", flush=True)
    return 0


if __name__ == "__main__":
    code = main()
    # Everything is written and reported by now. Skip the interpreter's teardown: once in a while
    # a C extension's refcount slip crashes the final garbage collection ("bool_dealloc", seen with
    # PySide6 6.12 after the last picture was saved), which would turn a good run into a failure.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
