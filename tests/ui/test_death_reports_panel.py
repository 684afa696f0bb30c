"""审批 › 死亡报告 against the real centre: a home visit recorded 已死亡 on a field laptop and synced is
listed to the office's supervisor (masked), who clears it with a reason (Ctrl+Shift+X) as the
signed-in account; an auditor sees it and cannot act; offline the section says it needs the centre.
Before, the reports were listed and cleared only by the centre's CLI (``--by`` taken on trust)."""

from __future__ import annotations

import json
import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter_app.app_context import AppContext, UserSession
from counter_app.paths import app_paths
from counter_app.storage.tables_audit import AuditRow
from counter_app.workflows import death_reports, field
from tests.integration.test_approvals import rig  # noqa: F401  (fixture)
from tests.support.cases import settings_for
from tests.support.central import login_client
from tests.ui.test_approvals_panel import _ctx, _panel

pytestmark = pytest.mark.integration


def _reported_dead(store, url: str, central_db) -> tuple[str, str]:
    """(ID number, visit id): a pensioner of FT put in the registry, pulled onto field01's laptop,
    visited by field01 and field02 (已死亡) and synced to the centre."""
    from counter_app.sync.worker import SyncWorker
    from counter_central.registry import import_records
    from counter_protocol.identifiers import id_check_char

    first17 = "44030419380101" + uuid.uuid4().hex[:3].translate(str.maketrans("abcdef", "123456"))
    idn = first17 + id_check_char(first17)
    with Session(central_db) as s:
        report = import_records(s, [json.dumps({
            "kind": "person", "id_number": idn, "name": "司马测试", "sex": "male", "birth": "1938-01-01",
            "status": "retired", "office": "FT", "last_certified": None, "address": "福田区测试路 9 号"},
            ensure_ascii=False)])
        assert report.ok, report.problems
    client = login_client(url, "field01")
    try:
        ws = client.workstation_id
        field.pull(store, client, user="field01", workstation_id=ws, office_code="FT")
        a = next(x for x in field.roster(store, user="field01") if x.id_number == idn)
        v = field.record_visit(store, a.key, staff=[field.Staff("field01"), field.Staff("field02")], workstation_id=ws,
                               result="deceased", address_confirmed=True, note="邻居告知")
        assert SyncWorker(store, client, workstation_id=ws).run_once(pull=False).synced >= 1
    finally:
        client.close()
    return idn, v["visit_id"]


def test_a_death_report_is_listed_and_cleared_in_the_supervisor_s_window(qtbot, rig, store, central_server,  # noqa: F811
                                                                        central_db):
    idn, visit_id = _reported_dead(store, central_server.url, central_db)
    b = rig("supervisor02", "supervisor02-demo")
    ctx = _ctx(b.store, central_server.url, "supervisor02", "supervisor02-demo", "supervisor")
    panel = _panel(qtbot, ctx)
    [row] = [d for d in panel.deaths if d["visit_id"] == visit_id]
    at = panel.deaths.index(row)
    cells = [panel.deaths_model.data(panel.deaths_model.index(at, col)) for col in range(6)]
    assert cells[0] == "有效" and cells[1] == f"{idn[:6]}********{idn[-4:]} 司***"
    assert cells[3] == "field01、field02" and cells[4] == "已标记暂停发放（待审批）"
    assert not any(idn in str(c) or "司马测试" in str(c) for c in cells)               # masked
    assert "份有效" in panel.deaths_title.text()
    panel.deaths_table.setCurrentIndex(panel.deaths_model.index(at, 0))
    panel.clear_death_report()                                           # no reason: refused, said
    assert "撤销原因" in panel.message.text()
    with central_db.connect() as c:
        assert c.execute(text("SELECT state FROM field_death_reports WHERE visit_id = :v"), {"v": visit_id}).scalar() == "open"
    panel.death_reason.insert("经核实本人健在，邻居误报")
    panel.activateWindow()
    with qtbot.waitSignal(panel.death_cleared, timeout=15000) as got:
        QTest.keyClick(panel.death_reason, Qt.Key.Key_X,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert got.args[0]["cleared_by"] == "supervisor02" and got.args[0]["suspension_withdrawn"]
    assert "已撤销死亡报告" in panel.message.text() and "暂停发放申请已撤回" in panel.message.text()
    with central_db.connect() as c:
        state, by, why = c.execute(text("SELECT state, cleared_by, clear_reason FROM field_death_reports "
                                        "WHERE visit_id = :v"), {"v": visit_id}).one()
    assert (state, by, why) == ("cleared", "supervisor02", "经核实本人健在，邻居误报")
    # the valid reports only, by default: the cleared one leaves the list; 显示已撤销 shows it, after them
    qtbot.waitUntil(lambda: not any(d["visit_id"] == visit_id for d in panel.deaths), timeout=15000)
    assert not panel.show_cleared_deaths.isChecked()
    panel.show_cleared_deaths.setChecked(True)
    qtbot.waitUntil(lambda: any(d["visit_id"] == visit_id for d in panel.deaths), timeout=15000)
    [cleared] = [d for d in panel.deaths if d["visit_id"] == visit_id]
    assert cleared["state"] == "cleared"
    assert [d["state"] == "cleared" for d in panel.deaths] == sorted(d["state"] == "cleared" for d in panel.deaths)
    assert panel.deaths_model.data(panel.deaths_model.index(panel.deaths.index(cleared), 0)) == "已撤销"
    with b.store.session() as s:                                         # this workstation's trail, masked
        [rec] = s.scalars(select(AuditRow).where(AuditRow.action == "field.clear_death_report")).all()
        assert rec.actor == "supervisor02" and idn not in rec.detail and idn[-4:] in rec.detail
    # cleared again (a stale list): the centre's answer, not a second clear
    with pytest.raises(Exception, match="已由 supervisor02"):
        c2 = login_client(central_server.url, "supervisor01")
        try:
            death_reports.clear(b.store, c2, row["id"], user="supervisor01", roles=["supervisor"],
                                workstation_id=c2.workstation_id, reason="再撤销")
        finally:
            c2.close()
    panel.shutdown()

    # an auditor sees the reports and changes nothing (the workflow refuses too, audited)
    aud = _panel(qtbot, _ctx(b.store, central_server.url, "auditor01", "auditor01-demo", "auditor"))
    assert not any(d["visit_id"] == visit_id for d in aud.deaths)          # cleared: only on request
    aud.show_cleared_deaths.setChecked(True)
    qtbot.waitUntil(lambda: any(d["visit_id"] == visit_id for d in aud.deaths), timeout=15000)
    assert not aud.btn_clear_death.isEnabled() and not aud.death_reason.isEnabled()
    aud.deaths_table.setCurrentIndex(aud.deaths_model.index(0, 0))
    aud.clear_death_report()
    assert "只能查看" in aud.message.text()
    with pytest.raises(death_reports.DeathReportRefused, match="科长"):
        death_reports.clear(b.store, None, row["id"], user="auditor01", roles=["auditor"], workstation_id="W",
                            reason="x")
    with b.store.session() as s:
        assert s.scalars(select(AuditRow).where(AuditRow.action == "business.refused",
                                                AuditRow.actor == "auditor01")).first() is not None
    aud.shutdown()

    # offline (the centre unreachable, or not signed in): the section says it needs the centre; a clear is refused
    from tests.support.postgres import free_port

    off = AppContext(settings=settings_for(f"http://127.0.0.1:{free_port()}", "UI-off"), paths=app_paths().ensure(),
                     store=store, user=UserSession("supervisor02", "supervisor02", "supervisor"))
    offline = _panel(qtbot, off)
    assert offline.deaths == [] and "须联网" in offline.deaths_title.text()
    with pytest.raises(death_reports.DeathReportRefused, match="须联网"):
        death_reports.clear(b.store, None, row["id"], user="supervisor02", roles=["supervisor"], workstation_id="W",
                            reason="经核实本人健在")
    offline.shutdown()


def test_the_death_reports_tab_lists_the_valid_ones_unless_asked_and_its_reads_are_recorded(
        qtbot, rig, store, central_server, central_db):  # noqa: F811
    """The 死亡报告 tab listed withdrawn (已撤销) reports mixed with the valid ones, and its listing
    (persons' data, masked) was not recorded at the centre at all. Now the valid ones only, unless
    「显示已撤销」 is ticked (off at the start, kept while the panel lives); the centre records the
    listing when the supervisor opens the panel or the tab or changes the filter — not each of the
    10 s timer's refreshes."""
    from counter_central.db import RegistryRead

    idn, visit_id = _reported_dead(store, central_server.url, central_db)
    with Session(central_db) as s:                                   # withdrawn already (at the centre host)
        from counter_central.certification import clear_death_report
        from counter_central.db import FieldDeathReport

        rid = s.scalars(select(FieldDeathReport.id).where(FieldDeathReport.visit_id == visit_id)).one()
        clear_death_report(s, rid, by="supervisor02", reason="经核实本人健在")
    b = rig("supervisor02", "supervisor02-demo")
    ctx = _ctx(b.store, central_server.url, "supervisor02", "supervisor02-demo", "supervisor")

    def reads() -> list[str]:
        with Session(central_db) as s:
            return list(s.scalars(select(RegistryRead.subject).where(
                RegistryRead.kind == "deaths", RegistryRead.username == "supervisor02",
                RegistryRead.workstation_id == ctx.settings.office.workstation_id).order_by(RegistryRead.id)))

    before = len(reads())
    panel = _panel(qtbot, ctx)                                           # opened: recorded
    assert not panel.show_cleared_deaths.isChecked()
    assert all(d["state"] != "cleared" for d in panel.deaths) and rid not in [d["id"] for d in panel.deaths]
    assert len(reads()) == before + 1 and reads()[-1].startswith("FT:")
    for _ in range(2):                                                   # the timer's refreshes: not again
        with qtbot.waitSignal(panel.loaded, timeout=15000):
            panel._timed_refresh()
    assert len(reads()) == before + 1
    with qtbot.waitSignal(panel.loaded, timeout=15000):                  # the filter changed: recorded
        panel.show_cleared_deaths.setChecked(True)
    assert rid in [d["id"] for d in panel.deaths] and reads()[-1].endswith("含已撤销")
    assert len(reads()) == before + 2 and not any(idn in r for r in reads())
    panel.lower_tabs.setCurrentWidget(panel.complaints_box)
    with qtbot.waitSignal(panel.loaded, timeout=15000):                  # the tab opened again: recorded
        panel.lower_tabs.setCurrentWidget(panel.deaths_box)
    assert len(reads()) == before + 3
    with qtbot.waitSignal(panel.loaded, timeout=15000):
        panel._timed_refresh()
    assert panel.show_cleared_deaths.isChecked() and rid in [d["id"] for d in panel.deaths]   # kept
    assert len(reads()) == before + 3
    panel.shutdown()
