"""Workspace end to end for the applicants who are not the insured person: 遗属 (survivor) and
代办人 (agent). Each case is driven like a clerk does it — Ctrl+F to the service, the applicant type,
the fields that type asks for (the insured / deceased and the person at the window), F9/F10 or the
missing materials, Ctrl+Enter — and the notice the real cups-pdf queue printed must name the right
people; the 办件 list shows them masked only.
"""

from __future__ import annotations

import io

import pdfplumber
import pytest
from PySide6.QtCore import Qt

from counter_app.app_context import print_queue
from counter_app.domain.case_engine import CaseState
from counter_app.domain.catalog import OutcomeKind
from counter_app.domain.checklist import TickState
from counter_app.domain.masking import mask_id, mask_name
from counter_app.printing.printqueue import JobState
from counter_app.ui.cases_panel import CasesPanel
from tests.integration.test_printing_cups import _output_for
from tests.support.card_emulator import CardProfile
from tests.ui.test_cases_panel import shown_text, switch
from tests.ui.test_workspace_flows import (CTRL, MALE_1960, MALE_1966, Clicks, choose_type, facts_for, idle,
                                           make_ctx, open_panel, pick, type_applicant)

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]

FEMALE_1949 = "11010519491231002X"
MALE_1990 = "110105199003070017"

DECEASED = {"name": "王建国", "id_number": MALE_1960}
SURVIVOR = {"agent_name": "王秀英", "agent_id_number": FEMALE_1949, "phone": "13800138000"}
PRINCIPAL = {"name": "李明", "id_number": MALE_1966}
AGENT = {"agent_name": "赵六", "agent_id_number": MALE_1990, "phone": "13900139000"}


def _flat(text: str) -> str:
    return "".join(text.split())


def printed_text(qtbot, ctx, cups_queues, kind: str, panel) -> str:
    """The text of the document ``kind`` the workspace sent to the printer, once the cups-pdf queue
    has printed it. Text comes from the job's PDF as sent to CUPS (as test_printing_cups reads it):
    cups-pdf re-renders through Ghostscript without a ToUnicode map, so its output only yields CIDs;
    the output file must exist with the same number of pages."""
    doc = next(d for d in reversed(panel.documents) if d["kind"] == kind and d.get("issued_id"))
    queue = print_queue(ctx)
    job = next(j for j in queue.jobs() if j.document_id == doc["issued_id"])
    assert job.printer == cups_queues.queue, job

    def left_printing() -> bool:
        queue.refresh()
        return queue.job(job.id).state != JobState.printing

    qtbot.waitUntil(left_printing, timeout=30000)
    job = queue.job(job.id)
    assert job.state == JobState.done, queue.events(job.id)
    out = _output_for(cups_queues.output_dir, job.backend_job_id)     # written before CUPS says done
    assert out is not None, f"cups-pdf 没有输出文件（{cups_queues.output_dir}）"
    with pdfplumber.open(io.BytesIO(out.read_bytes())) as printed, pdfplumber.open(io.BytesIO(queue.pdf(job.id))) as sent:
        assert len(printed.pages) == len(sent.pages) >= 1
        return _flat("\n".join(p.extract_text() or "" for p in sent.pages))


def printed_missing_materials(qtbot, ctx, cups_queues, panel) -> list[str]:
    """The 材料名称 column of the printed 业务指引告知书's table (cells joined across line wraps)."""
    printed_text(qtbot, ctx, cups_queues, "guidance_notice", panel)      # printed, same pages
    doc = next(d for d in reversed(panel.documents) if d["kind"] == "guidance_notice")
    job = next(j for j in print_queue(ctx).jobs() if j.document_id == doc["issued_id"])
    names: list[str] = []
    with pdfplumber.open(io.BytesIO(print_queue(ctx).pdf(job.id))) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables():
                if table and [_flat(c or "") for c in table[0][:2]] == ["序号", "材料名称"]:
                    names += [_flat(row[1] or "") for row in table[1:]]
    return names


def cases_list_text(qtbot, ctx, search: str = "") -> tuple[str, int]:
    """What the 办件 panel shows (all cases, or those a full-value search matched)."""
    from counter_app.ui.events import AppEvents

    cases = CasesPanel(ctx, AppEvents())
    qtbot.addWidget(cases)
    with qtbot.waitSignal(cases.loaded, timeout=10000):
        pass
    switch(qtbot, cases, "all")
    if search:
        with qtbot.waitSignal(cases.loaded, timeout=10000):
            cases.set_search(search)
    text, rows = shown_text(cases), cases.model.rowCount()
    cases.shutdown()
    return text, rows


def assert_masked(text: str, *people: dict) -> None:
    for person in people:
        for key in ("name", "agent_name", "id_number", "agent_id_number"):
            if person.get(key):
                assert person[key] not in text, (key, text)


def accept_all(qtbot, clicks, panel) -> None:
    """All materials present (F9), conditions confirmed (F10), Ctrl+Enter: the case is accepted."""
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    assert panel.outcome.kind is OutcomeKind.accepted, panel.outcome.summary()
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.accepted, panel.last_message


def assert_names(text: str, principal: dict, agent: dict) -> None:
    """The printed notice names the 参保人 and the person at the window, with their ID numbers."""
    assert principal["name"] in text and principal["id_number"] in text
    assert agent["agent_name"] in text and agent["agent_id_number"] in text


def fill(qtbot, clicks, panel, query, code, applicant_type, values, facts=None):
    pick(clicks, panel, query, code)
    choose_type(panel, applicant_type)
    shown = panel.applicant.visible_fields()
    assert set(values) <= set(shown), (values, shown)
    type_applicant(qtbot, panel, values)
    assert panel.applicant.errors_text() == {}
    if facts:
        panel.set_facts(facts)


@pytest.fixture
def ctx(app_home, store, cups_queues):
    return make_ctx(store, cups_queues.queue)


# ------------------------------------------------------------------------------------- 遗属

def test_death_benefit_by_a_survivor_accepted_notice_names_survivor_and_deceased(qtbot, ctx, cups_queues):
    panel = open_panel(qtbot, ctx)
    clicks = Clicks(qtbot)
    fill(qtbot, clicks, panel, "丧葬", "death_benefit", "survivor", {**DECEASED, **SURVIVOR},
         facts=facts_for("death_benefit"))
    labels = {k: panel.applicant.labels[k].text() for k in ("name", "agent_name", "agent_id_number")}
    assert "遗属" in labels["agent_name"] and "遗属" in labels["agent_id_number"] and "遗属" not in labels["name"]
    codes = [m.code for m in panel.materials.materials]
    assert "survivor_id" in codes and "agent_authorization" not in codes
    accept_all(qtbot, clicks, panel)
    cv = panel.case_view
    assert cv.case.applicant["agent_name"] == SURVIVOR["agent_name"]
    assert panel.documents[0]["kind"] == "acceptance_notice"
    text = printed_text(qtbot, ctx, cups_queues, "acceptance_notice", panel)
    assert "受理告知书" in text
    assert text.index(SURVIVOR["agent_name"]) < text.index("你于")               # addressed to the survivor
    # both people on the notice: the deceased insured person and the survivor who applied
    assert_names(text, DECEASED, SURVIVOR)
    assert "申请人（遗属）" + SURVIVOR["agent_name"] in text and "参保人" + DECEASED["name"] in text
    # the customer view and the 办件 list: masked only
    data = panel.customer_view_data()
    assert_masked(str(data), DECEASED, SURVIVOR)
    listed, _ = cases_list_text(qtbot, ctx)
    assert_masked(listed, DECEASED, SURVIVOR)
    assert mask_id(DECEASED["id_number"]) in listed and mask_name(DECEASED["name"]) in listed
    found, rows = cases_list_text(qtbot, ctx, SURVIVOR["agent_id_number"])   # found by the survivor's ID
    assert rows == 1
    assert_masked(found, DECEASED, SURVIVOR)
    panel.shutdown()


def test_death_benefit_by_a_survivor_incomplete_lists_every_missing_item(qtbot, ctx, cups_queues):
    panel = open_panel(qtbot, ctx)
    clicks = Clicks(qtbot)
    fill(qtbot, clicks, panel, "丧葬", "death_benefit", "survivor", {**DECEASED, **SURVIVOR},
         facts=facts_for("death_benefit"))
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    by_code = {m.code: i for i, m in enumerate(panel.materials.materials)}
    for code in ("death_proof", "survivor_id", "kinship_proof"):
        panel.materials.set_state(by_code[code], TickState.missing)
    assert panel.outcome.kind is OutcomeKind.incomplete
    missing = [panel.materials.materials[by_code[c]] for c in ("death_proof", "survivor_id", "kinship_proof")]
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.returned, panel.last_message
    doc = panel.documents[-1]
    assert doc["kind"] == "guidance_notice"
    assert [i["material"] for i in doc["fields"]["missing_items"]] == [m.name for m in missing]
    assert printed_missing_materials(qtbot, ctx, cups_queues, panel) == [_flat(m.name) for m in missing]
    text = printed_text(qtbot, ctx, cups_queues, "guidance_notice", panel)
    assert "业务指引告知书" in text and "共3项" in text
    assert text.index(SURVIVOR["agent_name"]) < text.index("你申请办理")         # addressed to the survivor
    assert SURVIVOR["agent_name"] in text and DECEASED["name"] in text
    listed, _ = cases_list_text(qtbot, ctx)
    assert_masked(listed, DECEASED, SURVIVOR)
    cid = panel.case_view.case.id
    panel.shutdown()
    # the survivor comes back with the papers: the case reopens with the survivor and the deceased
    again = open_panel(qtbot, ctx)
    again.events.case_opened.emit(cid)
    qtbot.waitUntil(lambda: again.case_view is not None and again.case_view.case.id == cid)
    idle(qtbot, again)
    assert again.applicant.applicant_type() == "survivor"
    assert {k: again.applicant.edits[k].text() for k in {**DECEASED, **SURVIVOR}} == {**DECEASED, **SURVIVOR}
    assert [m.code for m in again.materials.materials] == [m.code for m in panel.materials.materials]
    for m in missing:
        assert again.materials.states[m.code] is TickState.missing
        again.materials.set_state(again.materials.materials.index(m), TickState.present)
    idle(qtbot, again)
    assert again.outcome.kind is OutcomeKind.accepted, again.outcome.summary()
    Clicks(qtbot).key(Qt.Key.Key_Return, CTRL, widget=again.btn_decide)
    idle(qtbot, again)
    assert again.case_view.case.state is CaseState.accepted, again.last_message
    text = printed_text(qtbot, ctx, cups_queues, "acceptance_notice", again)
    assert text.index(SURVIVOR["agent_name"]) < text.index("你于") and DECEASED["id_number"] in text
    again.shutdown()


# ------------------------------------------------------------------------------------- 代办人

def test_reg_enroll_by_an_agent_with_the_principals_card(qtbot, ctx, cups_queues, virtual_card):
    panel = open_panel(qtbot, ctx, start_devices=True)
    qtbot.waitUntil(lambda: panel.card_bridge is not None or "读卡器：" in panel.card_state, timeout=10000)
    assert panel.card_bridge is not None, panel.card_state
    virtual_card.insert(CardProfile(name=PRINCIPAL["name"], social_security_number=PRINCIPAL["id_number"]), wait=False)
    qtbot.waitUntil(lambda: panel.applicant.edits["id_number"].text() == PRINCIPAL["id_number"], timeout=10000)
    clicks = Clicks(qtbot)
    pick(clicks, panel, "cbdj", "reg_enroll")
    choose_type(panel, "agent")                                   # the holder is not at the window
    assert panel.applicant.edits["name"].text() == PRINCIPAL["name"]   # the card holder stays the 参保人
    assert "代办人" in panel.applicant.labels["agent_name"].text()
    type_applicant(qtbot, panel, AGENT)
    assert panel.applicant.errors_text() == {}
    codes = [m.code for m in panel.materials.materials]
    assert {"agent_authorization", "agent_id"} <= set(codes)
    accept_all(qtbot, clicks, panel)
    text = printed_text(qtbot, ctx, cups_queues, "acceptance_notice", panel)
    assert_names(text, PRINCIPAL, AGENT)
    listed, _ = cases_list_text(qtbot, ctx)
    assert_masked(listed, PRINCIPAL, AGENT)
    assert mask_id(PRINCIPAL["id_number"]) in listed
    panel.shutdown()


def test_transfer_in_by_an_agent_accepted_notification_names_both(qtbot, ctx, cups_queues):
    panel = open_panel(qtbot, ctx)
    clicks = Clicks(qtbot)
    fill(qtbot, clicks, panel, "一般缴费账户关系转入", "transfer_in", "agent", {**PRINCIPAL, **AGENT})
    accept_all(qtbot, clicks, panel)
    text = printed_text(qtbot, ctx, cups_queues, "acceptance_notification", panel)
    assert_names(text, PRINCIPAL, AGENT)
    listed, _ = cases_list_text(qtbot, ctx)
    assert_masked(listed, PRINCIPAL, AGENT)
    found, rows = cases_list_text(qtbot, ctx, AGENT["agent_id_number"])     # found by the agent's ID
    assert rows == 1
    assert_masked(found, PRINCIPAL, AGENT)
    panel.shutdown()


def test_reg_enroll_by_an_agent_incomplete_lists_every_missing_item(qtbot, ctx, cups_queues):
    panel = open_panel(qtbot, ctx)
    clicks = Clicks(qtbot)
    fill(qtbot, clicks, panel, "cbdj", "reg_enroll", "agent", {**PRINCIPAL, **AGENT})
    clicks.key(Qt.Key.Key_F10)                    # conditions confirmed; only some materials ticked
    by_code = {m.code: i for i, m in enumerate(panel.materials.materials)}
    for code in ("person_form", "insured_id"):
        panel.materials.set_state(by_code[code], TickState.present)
    required = [m for m in panel.materials.materials if m.required and m.code not in ("person_form", "insured_id")]
    assert {"agent_authorization", "agent_id", "residence_proof"} <= {m.code for m in required}
    assert panel.outcome.kind is OutcomeKind.incomplete
    preview = panel.preview.toPlainText()
    assert all(m.name in preview for m in required)
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.returned, panel.last_message
    doc = panel.documents[-1]
    assert doc["kind"] == "guidance_notice"
    assert [i["material"] for i in doc["fields"]["missing_items"]] == [m.name for m in required]
    assert printed_missing_materials(qtbot, ctx, cups_queues, panel) == [_flat(m.name) for m in required]
    text = printed_text(qtbot, ctx, cups_queues, "guidance_notice", panel)
    assert "业务指引告知书" in text and f"共{len(required)}项" in text
    assert PRINCIPAL["name"] in text and AGENT["agent_name"] in text
    listed, _ = cases_list_text(qtbot, ctx)
    assert_masked(listed, PRINCIPAL, AGENT)
    panel.shutdown()


def test_agent_fields_are_required_and_checked_nothing_typed_is_lost(qtbot, ctx):
    panel = open_panel(qtbot, ctx, auto_print=False)
    clicks = Clicks(qtbot)
    fill(qtbot, clicks, panel, "cbdj", "reg_enroll", "agent", PRINCIPAL)
    clicks.key(Qt.Key.Key_F9)
    clicks.key(Qt.Key.Key_F10)
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view is None
    assert "请填写代办人姓名" in panel.last_message and "请填写代办人证件号码" in panel.last_message
    # a wrong check digit in the agent's ID: the Chinese reason beside the field, Ctrl+Enter refused
    type_applicant(qtbot, panel, {"agent_name": AGENT["agent_name"], "agent_id_number": MALE_1990[:-1] + "4"})
    assert "校验位" in panel.applicant.errors["agent_id_number"].text()
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view is None and "代办人证件号码" in panel.last_message
    assert {k: panel.applicant.edits[k].text() for k in ("name", "id_number", "agent_name")} == \
        {**PRINCIPAL, "agent_name": AGENT["agent_name"]}
    # Enter walks the agent's fields in order and then on to the materials
    edit = panel.applicant.edits["agent_id_number"]
    edit.clear()
    qtbot.keyClicks(edit, MALE_1990)
    clicks.key(Qt.Key.Key_Return, widget=edit)
    assert panel.applicant.edits["phone"].hasFocus()
    clicks.key(Qt.Key.Key_Return)
    clicks.key(Qt.Key.Key_Return)
    assert panel.materials_view.hasFocus()
    clicks.key(Qt.Key.Key_Return, CTRL)
    idle(qtbot, panel)
    assert panel.case_view.case.state is CaseState.accepted, panel.last_message
    assert panel.case_view.case.applicant["agent_id_number"] == MALE_1990
    panel.shutdown()


def test_a_job_that_finishes_between_the_two_lpstat_questions_is_not_lost():
    """The notices above print on cups-pdf within milliseconds; CupsPrinters.job_state asked
    "completed?" before "not-completed?", so a job finishing in between was "unknown" (the queue
    then said 打印服务中找不到任务 and the clerk had to retry a printed notice)."""
    import subprocess

    from counter_app.printing.cups import CupsPrinters

    class FinishesAfterOneQuestion(CupsPrinters):
        asked = 0

        def _ipp_job_states(self, queue):
            return None                 # without libcups: the lpstat questions

        def _run(self, *args):
            finished = self.asked > 0
            self.asked += 1
            which = args[args.index("-W") + 1]
            listed = (which == "completed") == finished
            return subprocess.CompletedProcess(args, 0, "Q-7 clerk 1024 now\n" if listed else "", "")

    assert FinishesAfterOneQuestion().job_state("Q-7") != "unknown"
