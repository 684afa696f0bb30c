"""办件 panel: filters (today / open / returned / waiting), masked list, search by full ID, Enter opens."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from PySide6.QtCore import Qt

from counter_app.app_context import AppContext, UserSession
from counter_app.config import default_settings
from counter_app.domain.checklist import TickState
from counter_app.paths import app_paths
from counter_app.reference.catalog import load_catalog
from counter_app.ui.cases_panel import CasesModel, CasesPanel
from counter_app.ui.events import AppEvents
from counter_app.workflows.cases import CaseWorkflow
from tests.support.cases import PENSIONER_1965, man_born_like, ready_case
from tests.unit.workflows.test_case_workflow import FACTS, applicant_for

ID_ZHANG = "110105196001010017"
ID_LI = "110105196612010016"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture
def ctx(app_home, store):
    return AppContext(settings=default_settings(), paths=app_paths().ensure(), store=store,
                      user=UserSession("clerk01", "张经办", "clerk"))


def service(store, catalog, now=None):
    kw = {"now": now} if now else {}
    return CaseWorkflow(store, actor="clerk01", catalog=catalog, office="福田分局", office_code="FT",
                       workstation_id="FT-W01", **kw)


def ready(workflow, catalog, code, applicant_type="individual", variants=(), applicant=None):
    return ready_case(workflow, code, applicant_type=applicant_type, variants=variants,
                      applicant=applicant or applicant_for(code, applicant_type), facts=FACTS.get(code, {}))


@pytest.fixture
def cases(store, catalog):
    """A draft today (张三丰), a returned case, a case in publicity, and one from last week (李四)."""
    workflow = service(store, catalog)
    draft = workflow.create("reg_enroll", "individual", applicant={"name": "张三丰", "id_number": ID_ZHANG}).case.id
    returned = ready(workflow, catalog, "reg_enroll", applicant={"name": "王五", "id_number": ID_LI})
    workflow.tick(returned, "residence_proof", TickState.missing)
    workflow.decide(returned)
    publicity = ready(workflow, catalog, "pension", variants=("special_work_type",))
    workflow.decide(publicity, expected="accepted")
    workflow.record_step(publicity, "fingerprint", data={"template_ref": "fp-1"})
    end = (date.today() + timedelta(days=5)).isoformat()
    workflow.start_publicity(publicity, start=date.today().isoformat(), end=end, work_type="井下作业")
    old_day = datetime.combine(date.today() - timedelta(days=7), datetime.min.time()).replace(hour=10)
    old = service(store, catalog, now=lambda: old_day).create(
        "reg_enroll", "individual", applicant={"name": "李四", "id_number": ID_LI}).case.id
    return {"draft": draft, "returned": returned, "publicity": publicity, "old": old, "publicity_end": end}


@pytest.fixture
def panel(qtbot, ctx, cases):
    events = AppEvents()
    p = CasesPanel(ctx, events)
    qtbot.addWidget(p)
    with qtbot.waitSignal(p.loaded, timeout=10000):
        pass
    yield p
    p.shutdown()


def show_active(qtbot, widget):
    with qtbot.waitActive(widget, timeout=5000):
        widget.show()
        widget.activateWindow()


def ids(panel):
    return {r.id for r in panel.model.rows}


def shown_text(panel):
    m = panel.model
    return "\n".join(str(m.data(m.index(r, c))) for r in range(m.rowCount()) for c in range(m.columnCount()))


def switch(qtbot, panel, key):
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.set_filter(key)


def test_model_passes_the_model_tester(qtmodeltester, panel):
    assert panel.model.rowCount() == 3
    qtmodeltester.check(panel.model)
    empty = CasesModel()
    qtmodeltester.check(empty)


def test_filters_today_open_returned_waiting(qtbot, panel, cases):
    assert panel.windowTitle() == "办件"
    assert ids(panel) == {cases["draft"], cases["returned"], cases["publicity"]}      # today's
    switch(qtbot, panel, "open")
    assert ids(panel) == {cases["draft"], cases["returned"], cases["publicity"], cases["old"]}
    switch(qtbot, panel, "returned")
    assert ids(panel) == {cases["returned"]}
    assert "材料不齐全" in shown_text(panel)
    switch(qtbot, panel, "waiting")
    assert ids(panel) == {cases["publicity"]}
    assert f"公示中（至{cases['publicity_end']}）" in shown_text(panel)
    switch(qtbot, panel, "all")
    assert len(panel.model.rows) == 4


def test_ids_and_names_are_masked_in_the_list(qtbot, panel):
    switch(qtbot, panel, "all")
    text = shown_text(panel)
    assert ID_ZHANG not in text and ID_LI not in text
    assert "张三丰" not in text and "李四" not in text
    assert "110105********0017" in text and "张**" in text


def test_search_by_full_id_name_and_case_number(qtbot, panel, cases, store):
    switch(qtbot, panel, "all")
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.set_search(ID_ZHANG)
    assert cases["draft"] in ids(panel) and cases["old"] not in ids(panel)
    assert ID_ZHANG not in shown_text(panel)           # matched, never displayed
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.set_search("李四")
    assert ids(panel) == {cases["old"]}
    case_no = next(r.case_no for r in panel.model.rows)
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.set_search(case_no)
    assert ids(panel) == {cases["old"]}
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.set_search("1101")                      # a fragment of an ID finds nobody
    assert panel.model.rowCount() == 0 and "共 0 件" in panel.count_label.text()


def test_typing_in_search_filters_after_a_pause(qtbot, panel, cases):
    show_active(qtbot, panel)
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        qtbot.keyClicks(panel.search_edit, ID_LI)       # 王五 today; 李四 (same ID) is last week's
    assert ids(panel) == {cases["returned"]}


def test_enter_and_double_click_open_the_case(qtbot, panel, cases):
    show_active(qtbot, panel)
    opened = []
    panel.events.case_opened.connect(opened.append)
    panel.table.setFocus()
    panel.table.selectRow(0)
    first = panel.model.rows[0].id
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert opened == [first]
    rect = panel.table.visualRect(panel.model.index(1, 1))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened == [first, panel.model.rows[1].id]


def test_shortcuts_switch_filter_and_focus_search(qtbot, panel, cases):
    show_active(qtbot, panel)
    panel.table.setFocus()
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        qtbot.keyClick(panel.table, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert panel.current_filter == "returned" and ids(panel) == {cases["returned"]}
    qtbot.keyClick(panel.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert panel.search_edit.hasFocus()
    assert all(a.shortcut().toString() for a in panel.actions())


def test_refreshes_when_a_case_changes(qtbot, panel, store, catalog):
    workflow = service(store, catalog)
    panel.show()
    new = workflow.create("reg_enroll", "individual", applicant={"name": "赵六", "id_number": ID_LI}).case.id
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.events.case_changed.emit(new)
    assert new in ids(panel)


def test_a_hidden_list_refreshes_when_shown_again(qtbot, panel, store, catalog):
    workflow = service(store, catalog)
    panel.show()
    panel.hide()  # another tab is in front
    other = workflow.create("reg_enroll", "individual", applicant={"name": "钱七", "id_number": ID_LI}).case.id
    with qtbot.assertNotEmitted(panel.loaded, wait=300):
        panel.events.case_changed.emit(other)  # only marks the list stale
    assert other not in ids(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.show()
    assert other in ids(panel)



def test_waiting_reasons_for_approval_and_information_sheet(qtbot, panel, store, catalog):
    workflow = service(store, catalog)
    # another man born the sample pensioner's day: the panel's cases hold his pension case in hand
    other = {**applicant_for("pension", "individual"), "id_number": man_born_like(PENSIONER_1965, 2)}
    fp = ready(workflow, catalog, "pension", variants=("normal",), applicant=other)
    workflow.decide(fp, expected="accepted")
    workflow.record_step(fp, "fingerprint", "failed", data={"reason": "指纹磨损无法采集"})
    transfer = ready(workflow, catalog, "transfer_in")
    workflow.decide(transfer, expected="accepted")
    steps = list(catalog.get("transfer_in").plan("individual", ()).steps)
    from counter_app.printing.samples import sample_decision_data

    for st in steps[:2]:                       # 生成联系函, 传送联系函 — then the sheet is awaited
        workflow.record_transfer_step(transfer, st.code, data=sample_decision_data("transfer_in") if st.decision_data else None)
    switch(qtbot, panel, "waiting")
    reasons = {r.id: r.waiting for r in panel.model.rows}
    assert reasons[fp] == "等待主管审批：指纹无法采集"
    assert reasons[transfer] == "等待信息表"


def test_keyboard_only_find_and_open(qtbot, panel, cases):
    """Ctrl+F, type the full ID (today's: only 王五's case), Enter (search, go to the list), Enter (open)."""
    show_active(qtbot, panel)
    opened = []
    panel.events.case_opened.connect(opened.append)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel.search_edit, ID_LI)
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        qtbot.keyClick(panel.search_edit, Qt.Key.Key_Return)
    assert panel.table.hasFocus() and ids(panel) == {cases["returned"]}
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert opened == [cases["returned"]]


def test_a_moved_out_case_is_found_marked_and_opening_brings_it_back(qtbot, ctx, store):
    """归档外移 (housekeeping): the search finds the case in the archive tables, marked; Enter
    brings it back into the hot tables and opens it."""
    from counter_app.storage.archive import housekeep, is_moved_out
    from tests.support.housekeeping import LATER, acknowledge_all, archived_case

    cid = archived_case(store, "赵六", ID_LI)
    acknowledge_all(store)
    assert housekeep(store, after_days=365, now=LATER).moved_cases == 1
    p = CasesPanel(ctx, AppEvents())
    qtbot.addWidget(p)
    with qtbot.waitSignal(p.loaded, timeout=10000):
        pass
    switch(qtbot, p, "all")
    assert cid not in ids(p)                                   # the plain list reads the hot tables
    with qtbot.waitSignal(p.loaded, timeout=10000):
        p.set_search("赵六")
    assert ids(p) == {cid} and p.model.rows[0].moved_out
    assert "已归档外移" in shown_text(p) and "赵六" not in shown_text(p)
    show_active(qtbot, p)
    opened = []
    p.events.case_opened.connect(opened.append)
    p.table.setFocus()
    p.table.selectRow(0)
    with qtbot.waitSignal(p.events.case_opened, timeout=10000):
        qtbot.keyClick(p.table, Qt.Key.Key_Return)
    assert opened == [cid] and not is_moved_out(store, cid)
    assert CaseWorkflow(store, actor="").get(cid).case.state.value == "archived"
    p.shutdown()


def test_service_names_english_in_the_english_ui(qtbot, panel, english_back):
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.i18n import install_language

    column = panel.model.COLUMNS.index("service")

    def services() -> set[str]:
        return {panel.model.data(panel.model.index(r, column)) for r in range(panel.model.rowCount())}

    assert services() == {"参保登记", "基本养老金核定"}
    assert install_language(QApplication.instance(), "en")
    assert services() == {"Enrolment registration", "Basic pension assessment"}
    assert install_language(QApplication.instance(), "zh_CN")
    assert services() == {"参保登记", "基本养老金核定"}


def test_applicant_types_english_in_the_english_ui(qtbot, panel, english_back):
    """Review: the applicant column read 张*丰（个人） in the English UI (the query's Chinese type names)."""
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.cases_panel import KIND_WORDS
    from counter_app.ui.i18n import install_language
    from counter_app.workflows.case_queries import APPLICANT_TYPE_NAMES

    assert set(APPLICANT_TYPE_NAMES.values()) <= set(KIND_WORDS)
    column = panel.model.COLUMNS.index("applicant")

    def applicants() -> set[str]:
        return {panel.model.data(panel.model.index(r, column)) for r in range(panel.model.rowCount())}

    assert "王*（个人）" in applicants()
    assert install_language(QApplication.instance(), "en")
    assert "王* (Individual)" in applicants() and not any("（" in a for a in applicants())
    assert install_language(QApplication.instance(), "zh_CN")
    assert "王*（个人）" in applicants()
    row = next(r for r in panel.model.rows if r.applicant)
    unit = type(row)(**{**row.__dict__, "applicant": "", "applicant_type": "unit"})
    assert install_language(QApplication.instance(), "en")
    assert panel.model.applicant_text(unit) == "Employer"


def test_the_count_is_the_true_total_and_more_reaches_every_case(qtbot, panel, cases, monkeypatch):
    """A year's store: 办理中 said 共 500 件 of 1,644 open cases, and no case beyond the first 500
    could be reached but by searching for it. The list is a page now; the label gives the true
    total, and 更多 adds the next page (here pages of 2)."""
    from counter_app.ui import cases_panel

    monkeypatch.setattr(cases_panel, "PAGE", 2)
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.set_filter("all")
    assert panel.model.rowCount() == 2 and panel.count_label.text() == "显示 2 件，共 4 件"
    assert not panel.more_button.isHidden()
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.more_button.click()
    assert ids(panel) == {cases["draft"], cases["returned"], cases["publicity"], cases["old"]}
    assert panel.count_label.text() == "共 4 件" and panel.more_button.isHidden()


def test_a_duplicate_the_centre_found_shows_in_the_list_until_it_is_resolved(qtbot, panel, store, catalog, cases):
    """重复受理 (counter_protocol.samecase): the centre's update names the other case; the list shows
    「中心发现重复受理：另一办件编号」 beside the state until the centre says it is resolved."""
    from counter_app.workflows.inbox import apply_pending, centre_updates
    from tests.support.cases import pulled_update

    returned = cases["returned"]
    found = {"duplicate_id": "d-1", "state": "open", "other_case_no": "FT-20260302-W02-0007",
             "other_office_code": "FT", "other_workstation_id": "FT-W02", "other_state": "review",
             "other_state_name": "受理审核", "note": "（中心的说明不照搬）"}
    pulled_update(store, 901, returned, found, kind="case.duplicate_accepted")
    apply_pending(store, actor="clerk01", office_code="FT", workstation_id="FT-W01")
    [u] = centre_updates(store, returned)
    assert u["outcome"] == "duplicate_found"
    assert u["note"] == ("中心发现重复受理：同一参保人的同一事项另有办件 FT-20260302-W02-0007（分局 FT、工作站 FT-W02，"
                         "受理审核），请科长核实后处理其中一件（不予受理、不予认定，或办结后归档）")
    switch(qtbot, panel, "all")
    row = next(r for r in panel.model.rows if r.id == returned)
    assert row.duplicate_of == ("FT-20260302-W02-0007",)
    assert "中心发现重复受理：FT-20260302-W02-0007" in shown_text(panel)
    assert [r.duplicate_of for r in panel.model.rows if r.id != returned] == [()] * 3
    pulled_update(store, 902, returned, {**found, "state": "resolved"}, kind="case.duplicate_accepted")
    switch(qtbot, panel, "open")
    assert "中心发现重复受理" not in shown_text(panel)
