"""待同步 panel: own entries only, state filter, masked details, retry, export, 立即同步 against the real
central service on PostgreSQL with a rejected entry shown with the centre's reason."""

from __future__ import annotations

import json
import uuid

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import text

from counter_app.app_context import AppContext, UserSession, auth_manager
from counter_app.config import default_settings
from counter_app.paths import app_paths
from counter_app.reference.catalog import load_catalog
from counter_app.storage.uow import UnitOfWork
from counter_app.ui import outbox_panel as op
from counter_app.ui.events import AppEvents
from counter_app.ui.status_bar import CounterStatusBar
from counter_app.workflows.cases import CaseWorkflow

ID_ZHANG = "110105196001010017"


def make_ctx(store, user="clerk01", role="clerk", url=None):
    settings = default_settings()
    settings.office.workstation_id = f"T-{uuid.uuid4().hex[:10]}"
    if url:
        settings.central.url = url
        settings.central.timeout_seconds = 5
    return AppContext(settings=settings, paths=app_paths().ensure(), store=store, user=UserSession(user, user, role))


def new_case(ctx, actor="clerk01"):
    workflow = CaseWorkflow(ctx.store, actor=actor, catalog=load_catalog(), office="福田分局", office_code="FT",
                      workstation_id=ctx.settings.office.workstation_id)
    return workflow.create("reg_enroll", "individual", applicant={"name": "张三丰", "id_number": ID_ZHANG,
                                                             "phone": "13800138000"}).case.id


def build(qtbot, ctx):
    panel = op.OutboxPanel(ctx, AppEvents())
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.show()  # the clerk has the 待同步 tab in front: changes refresh it at once
    return panel


def reload(qtbot, panel):
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.events.outbox_changed.emit()


def states(panel):
    return [e.state for e in panel.model.rows]


@pytest.fixture
def ctx(app_home, store):
    return make_ctx(store)


@pytest.fixture
def seeded(ctx):
    """Two of clerk01's cases (2 entries) and one of clerk02's; clerk01's second entry was rejected."""
    mine = [new_case(ctx), new_case(ctx)]
    new_case(ctx, actor="clerk02")
    with ctx.store.engine.begin() as c:
        c.execute(text("UPDATE outbox SET state='rejected', reason='中心拒收：办件编号不合规', "
                       "suggested_action='请核对办件编号后重试' WHERE aggregate_id=:a"), {"a": mine[1]})
    return mine


def test_model_passes_the_model_tester(qtbot, qtmodeltester, ctx, seeded):
    panel = build(qtbot, ctx)
    assert panel.model.rowCount() == 2
    qtmodeltester.check(panel.model)
    qtmodeltester.check(op.OutboxModel())


def test_only_my_entries_with_state_reason_and_filter(qtbot, ctx, seeded):
    panel = build(qtbot, ctx)
    assert panel.windowTitle() == "待同步"
    assert {e.actor for e in panel.model.rows} == {"clerk01"}         # never clerk02's
    m = panel.model
    rejected = next(r for r, e in enumerate(m.rows) if e.state == "rejected")
    assert m.data(m.index(rejected, 3)) == "被拒绝"
    assert m.data(m.index(rejected, 5)) == "中心拒收：办件编号不合规"
    assert m.data(m.index(rejected, 6)) == "请核对办件编号后重试"
    assert m.data(m.index(rejected, 1)) == "办件状态变更"
    assert "被拒绝 1" in panel.counts_label.text() and "待发送 1" in panel.counts_label.text()
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.set_state_filter("pending")
    assert states(panel) == ["pending"]
    # a supervisor may look at every clerk's entries on this machine; a clerk has no such switch
    assert not panel.all_users_check.isVisibleTo(panel)
    boss = build(qtbot, make_ctx(ctx.store, "supervisor01", "supervisor"))
    assert boss.model.rowCount() == 0
    with qtbot.waitSignal(boss.loaded, timeout=10000):
        boss.all_users_check.setChecked(True)
    assert {e.actor for e in boss.model.rows} == {"clerk01", "clerk02"}


def test_details_are_masked(qtbot, ctx, seeded, store):
    doc_payload = {"fields": {"applicant": {"name": "张三丰", "id_number": ID_ZHANG, "phone": "13800138000"}}}
    with UnitOfWork(store, actor="clerk01") as uow:
        uow.outbox.add(kind="document.issued", aggregate_type="document", aggregate_id="d1", payload=doc_payload)
        uow.commit()
    panel = build(qtbot, ctx)
    row = next(r for r, e in enumerate(panel.model.rows) if e.kind == "document.issued")
    with qtbot.waitSignal(panel.details_loaded, timeout=10000):
        panel.table.selectRow(row)
    shown = panel.details.toPlainText()
    assert "110105********0017" in shown and "张**" in shown and "138****8000" in shown
    assert ID_ZHANG not in shown and "张三丰" not in shown and "13800138000" not in shown


def test_retry_selected_rejected_entry_goes_back_to_pending(qtbot, ctx, seeded):
    panel = build(qtbot, ctx)
    with qtbot.waitActive(panel, timeout=5000):
        panel.show()
        panel.activateWindow()
    rejected = next(r for r, e in enumerate(panel.model.rows) if e.state == "rejected")
    old_id = panel.model.rows[rejected].id
    panel.table.setFocus()
    panel.table.selectRow(rejected)
    with qtbot.waitSignal(panel.retried, timeout=10000) as blocker:
        qtbot.keyClick(panel.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [1]
    qtbot.waitUntil(lambda: states(panel) == ["pending", "pending"], timeout=10000)
    assert old_id not in {e.id for e in panel.model.rows}      # judged afresh under a new key
    messages = []
    panel.failed.connect(messages.append)
    panel.table.clearSelection()
    assert panel.retry_selected() is False and messages == ["请选择尚未同步的记录"]


def test_export_writes_the_queue_to_the_chosen_file(qtbot, ctx, seeded, tmp_path, monkeypatch):
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from counter_protocol.export import open_export, public_key_text

    centre = X25519PrivateKey.generate()
    target = tmp_path / "export.jsonl"
    monkeypatch.setattr(op.ExportDialog, "ask", classmethod(lambda cls, parent=None, suggested="": target))
    panel = build(qtbot, ctx)
    messages = []
    panel.failed.connect(messages.append)
    assert panel.export()                                 # no centre key configured: refused, said why
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert "导出公钥" in messages[0] and not target.exists()
    ctx.settings.central.export_public_key = public_key_text(centre.public_key().public_bytes_raw())
    with qtbot.waitSignal(panel.exported, timeout=10000) as blocker:
        assert panel.export()
    plain, sealed = open_export(target.read_bytes(), centre)
    lines = [json.loads(x) for x in plain.decode("utf-8").splitlines()]
    assert sealed and blocker.args == [3] and lines[0]["count"] == 3 and lines[-1]["type"] == "footer"
    from counter_app.storage.tables_audit import AuditRow

    def exports():
        with ctx.store.session() as s:
            return [r.detail for r in s.query(AuditRow).filter(AuditRow.action == "export")]
    qtbot.waitUntil(lambda: exports() == ["导出 3 条未同步记录"], timeout=5000)     # on the trail (ui.audit_trail)
    monkeypatch.setattr(op.ExportDialog, "ask", classmethod(lambda cls, parent=None, suggested="": None))
    assert panel.export() is False


def test_sync_without_login_says_so_and_the_status_bar_goes_offline(qtbot, ctx, seeded):
    panel = build(qtbot, ctx)
    host = CounterStatusBar()
    qtbot.addWidget(host)
    panel.window().status = host
    host.update_info(online=True)
    messages = []
    panel.failed.connect(messages.append)
    with qtbot.waitSignal(panel.sync_finished, timeout=10000) as blocker:
        assert panel.sync_now()
    assert blocker.args[0].needs_login and "登录" in messages[-1]
    assert host.info.online is False and host.online_label.text() == "离线"


def test_list_and_details_in_words_with_the_case_number(qtbot, ctx, seeded, store):
    from counter_app.storage.tables_cases import CaseRow

    with store.session() as s:
        numbers = {cid: s.get(CaseRow, cid).case_no for cid in seeded}
    panel = build(qtbot, ctx)
    m = panel.model
    shown = {m.data(m.index(r, 2)) for r in range(m.rowCount())}
    assert shown == set(numbers.values())                       # 办件编号, not case:<uuid>
    assert not any("case:" in t for t in shown)
    assert m.headerData(2, Qt.Orientation.Horizontal) == "办件编号"
    row = next(r for r, e in enumerate(m.rows) if e.state == "rejected")
    with qtbot.waitSignal(panel.details_loaded, timeout=10000):
        panel.table.selectRow(row)
    text = panel.details.toPlainText()
    lines = text.splitlines()
    assert lines[0] == "内容：办件状态变更" and lines[1] == "办件编号：" + numbers[seeded[1]]
    assert "状态：被拒绝（已发送 0 次）" in lines
    assert "中心答复：中心拒收：办件编号不合规" in lines and "建议操作：请核对办件编号后重试" in lines
    assert "  办件编号：" + numbers[seeded[1]] in lines and "  新状态：草稿" in lines
    assert "  事项编码：参保登记（reg_enroll）" in lines and "  操作：新建办件" in lines
    assert "{" not in text and '"case_no"' not in text and ID_ZHANG not in text


def test_an_entry_of_a_document_shows_its_case_number(qtbot, ctx, seeded, store):
    with UnitOfWork(store, actor="clerk01") as uow:
        uow.outbox.add(kind="archive.filed", aggregate_type="archive", aggregate_id="a1",
                       payload={"case_id": seeded[0], "archive_no": "A-1", "new_key": 1})
        uow.outbox.add(kind="case.note", aggregate_type="other", aggregate_id="x1", payload={"x": 1})
        uow.commit()
    with store.session() as s:
        from counter_app.storage.tables_cases import CaseRow

        number = s.get(CaseRow, seeded[0]).case_no
    panel = build(qtbot, ctx)
    m = panel.model
    by_kind = {e.kind: r for r, e in enumerate(m.rows)}
    assert m.data(m.index(by_kind["archive.filed"], 2)) == number
    assert m.data(m.index(by_kind["case.note"], 2)) == "other"
    with qtbot.waitSignal(panel.details_loaded, timeout=10000):
        panel.table.selectRow(by_kind["archive.filed"])
    text = panel.details.toPlainText()
    assert "内容：归档" in text and "办件编号：" + number in text and "  new_key：1" in text


@pytest.mark.integration
def test_sync_now_against_the_central_service(qtbot, app_home, store, central_server):
    ctx = make_ctx(store, url=central_server.url)
    auth_manager(ctx).login("clerk01", "clerk01-demo")
    case_id = new_case(ctx)
    with UnitOfWork(store, actor="clerk01") as uow:
        bad = uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id="坏 编号", payload={"x": 1}).id
        uow.commit()
    host = CounterStatusBar()
    qtbot.addWidget(host)
    panel = build(qtbot, ctx)
    # MainWindow.status is where the panel reports online / offline
    panel.window().status = host
    assert sorted(states(panel)) == ["pending", "pending"]
    with qtbot.waitSignal(panel.sync_finished, timeout=30000) as blocker:
        qtbot.mouseClick(panel.sync_button, Qt.MouseButton.LeftButton)
    report = blocker.args[0]
    assert report.online and report.error is None and report.synced >= 1 and report.rejected == 1
    assert host.info.online is True
    reload(qtbot, panel)
    by_id = {e.id: e for e in panel.model.rows}
    assert by_id[bad].state == "rejected" and "拒收" in by_id[bad].reason and by_id[bad].suggested_action
    synced = [e for e in panel.model.rows if e.aggregate_id == case_id]
    assert synced and all(e.state == "synced" for e in synced)
    m = panel.model
    row = next(r for r, e in enumerate(m.rows) if e.id == bad)
    assert m.data(m.index(row, 3)) == "被拒绝" and "拒收" in m.data(m.index(row, 5))
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.set_state_filter("synced")
    assert states(panel) and set(states(panel)) == {"synced"}


def test_the_centres_answers_read_english(qtbot, app_home, store, central_server, english_back):
    """A conflict the real centre answers (the case is not at the centre yet) and a refused entry:
    the columns, the tooltip and the details in English once the UI is English (the stored answer
    stays the centre's Chinese)."""
    from PySide6.QtWidgets import QApplication

    from counter_app.ui.i18n import install_language

    ctx = make_ctx(store, url=central_server.url)
    auth_manager(ctx).login("clerk01", "clerk01-demo")
    with UnitOfWork(store, actor="clerk01") as uow:
        late = uow.outbox.add(kind="case.transition", aggregate_type="case", aggregate_id=f"C-{uuid.uuid4().hex[:12]}",
                              payload={"from_state": "review", "to_state": "accepted"}).id
        bad = uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id="坏 编号", payload={"x": 1}).id
        uow.commit()
    panel = build(qtbot, ctx)
    with qtbot.waitSignal(panel.sync_finished, timeout=30000):
        qtbot.mouseClick(panel.sync_button, Qt.MouseButton.LeftButton)
    reload(qtbot, panel)
    m = panel.model
    by_id = {e.id: r for r, e in enumerate(m.rows)}
    stored = m.rows[by_id[late]]
    assert stored.state == "conflict"
    assert stored.reason == "办件在中心的当前状态为（中心尚无此办件），本操作要求当前状态为「受理审核」"
    assert m.data(m.index(by_id[late], 5)) == stored.reason                     # Chinese UI: as it came
    assert install_language(QApplication.instance(), "en")
    assert m.data(m.index(by_id[late], 5)) == ("At the centre the case is now (not yet at the centre); "
                                               "this action needs it to be 「Acceptance review」")
    assert m.data(m.index(by_id[late], 6)) == ("Sync first to get the case's latest state, "
                                               "then handle it again from that state")
    assert m.data(m.index(by_id[bad], 5)) == "The centre refused it (422): The request is not in the right format"
    assert m.data(m.index(by_id[bad], 6)) == "Check the request's content"
    tip = m.data(m.index(by_id[late], 5), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("At the centre the case is now") and "Sync first" in tip
    details = panel.details_text({"kind": "case.transition", "state": "conflict", "attempts": 1,
                                  "reason": stored.reason, "suggested_action": stored.suggested_action,
                                  "created_at": stored.created_at, "updated_at": stored.updated_at,
                                  "actor": "clerk01", "id": late, "fields": []})
    assert "At the centre the case is now (not yet at the centre)" in details and "办件" not in details


def _enqueued_kinds() -> dict[str, str]:
    """Every outbox kind the app can enqueue: the ``kind=`` of each ``….outbox.add(...)`` call in
    counter_app (a literal, or a constant of its module / counter_protocol), with where it is."""
    import ast
    import importlib
    from pathlib import Path

    import counter_app

    root = Path(counter_app.__file__).parent
    kinds: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add"
                    and isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "outbox"):
                continue
            expr = next((k.value for k in node.keywords if k.arg == "kind"), None)
            where = f"{path.relative_to(root.parent)}:{node.lineno}"
            assert expr is not None, f"outbox.add without kind= at {where}"
            if isinstance(expr, ast.Constant):
                value = expr.value
            else:   # a module constant (KIND_OPENED) or one of an imported module (ap.KIND_REQUESTED)
                module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
                value = eval(ast.unparse(expr), vars(importlib.import_module(module)))  # our own source, our own constants
            assert isinstance(value, str), where
            kinds[value] = where
    return kinds


def test_every_kind_the_app_enqueues_has_a_name():
    """Review: 待同步 showed a raw "archive.package" in 内容. Every kind that can reach the outbox
    is found in the source and must have words in KIND_NAMES (so a new one cannot slip by)."""
    kinds = _enqueued_kinds()
    assert {"archive.package", "case.transition", "approval.requested", "field.visit_recorded"} <= set(kinds)
    missing = {k: where for k, where in kinds.items() if k not in op.KIND_NAMES}
    assert not missing, missing


def test_the_centre_answer_columns_get_the_width(qtbot, ctx, seeded):
    """Review: 中心答复 and 建议操作 were squeezed while 更新时间 (the stretched last column) took
    most of the width."""
    panel = build(qtbot, ctx)
    panel.resize(1300, 600)
    qtbot.wait(50)
    cols = op.OutboxModel.COLUMNS
    width = panel.table.columnWidth
    updated = width(cols.index("updated"))
    assert width(cols.index("reason")) > updated and width(cols.index("action")) > updated
    assert updated < panel.table.viewport().width() / 4


def test_details_and_list_show_beijing_time(qtbot, ctx, seeded, store):
    """The outbox stores its times in UTC (naive); the details said 生成时间：2026-12-05 02:00:00 for an
    entry made at 10:00 in Shenzhen. Both the list and the details read Beijing time now."""
    from datetime import datetime

    with ctx.store.engine.begin() as c:
        c.execute(text("UPDATE outbox SET created_at=:t, updated_at=:t"), {"t": datetime(2026, 12, 5, 2, 0, 30)})
    panel = build(qtbot, ctx)
    reload(qtbot, panel)
    m = panel.model
    assert m.data(m.index(0, op.OutboxModel.COLUMNS.index("updated"))) == "12-05 10:00:30"
    e = m.rows[0]
    details = panel.details_text({"kind": e.kind, "state": e.state, "attempts": 0, "created_at": e.created_at,
                                  "updated_at": e.updated_at, "actor": "clerk01", "id": e.id, "fields": []})
    assert "2026-12-05 10:00　" in details and "02:00" not in details, details
