"""What the records officer relies on (7.2): the package's history holds every step with who did it and
its data; a 归档 whose package cannot be written leaves the case un-archived (told in Chinese, audited)
and can be retried; the packages can be listed and checked all at once, and archived cases without a
package (from an earlier release) are found, reported by ``doctor`` and written."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from counter_app.domain.case_engine import CaseState, TransitionRefused
from counter_app.printing.archive_package import (archive_code_of, archived_without_package, list_packages,
                                                  verify_packages)
from counter_app.storage.sealed_files import read_part
from counter_app.storage.tables_audit import AuditRow
from counter_app.storage.tables_core import OutboxEntry
from counter_app.workflows.accept import act_and_close
from counter_app.workflows.cases import CaseWorkflow
from tests.support.cases import MALE_1960, NOW, ready_case

pytestmark = pytest.mark.timeout(180)


def _workflow(store, root) -> CaseWorkflow:
    return CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                        now=lambda: NOW, archive_root=root)


def _completed(workflow) -> str:
    cid = ready_case(workflow, "reg_enroll", applicant={"name": "张三", "id_number": MALE_1960})
    workflow.decide(cid, expected="accepted")
    while (view := workflow.get(cid)).next_step:
        workflow.record_step(cid, view.next_step, "done", data={"note": "已录入核心系统"})
    assert workflow.complete(cid).case.state is CaseState.completed
    return cid


def _part(folder, name: str) -> bytes:
    manifest = json.loads((folder / "manifest.json").read_bytes())
    data, sealed = read_part(folder, manifest["archive_code"], manifest["version"], name)
    assert sealed, name
    return data


def test_the_packages_history_holds_every_step_with_who_when_and_its_data(store, tmp_path, app_home):
    root = tmp_path / "archive"
    workflow = _workflow(store, root)
    cid = _completed(workflow)
    workflow.archive(cid)
    case = workflow.get(cid).case
    folder = next(root.glob("*/v1"))
    history = json.loads(_part(folder, "history.json"))
    steps = [h for h in history if h["action"] == "step"]
    assert [s["step"] for s in steps] == [r.step_code for r in case.steps] and steps
    assert all(s["actor"] == "clerk01" and s["result"] == "done" and s["at"] for s in steps)
    assert steps[0]["data"] == {"note": "已录入核心系统"} and "approved_by" in steps[0]
    actions = [h["action"] for h in history]
    assert actions.index("accept") < actions.index("step") < actions.index("complete") < actions.index("archive")
    assert not list(root.rglob("history.json"))          # sealed at rest, as every part
    assert verify_packages(store, case.case_no)["ok"]


def test_a_package_that_cannot_be_written_leaves_the_case_unarchived_audited_and_retryable(store, tmp_path, app_home):
    root = tmp_path / "archive"
    root.write_text("not a folder")                      # the archive folder lost (a full disk, a lost mount)
    workflow = _workflow(store, root)
    cid = _completed(workflow)
    case_no = workflow.get(cid).case.case_no
    with store.session() as s:
        before = s.scalar(select(OutboxEntry.seq).order_by(OutboxEntry.seq.desc()).limit(1))
    with pytest.raises(TransitionRefused, match="档案包未能写入.*办件未归档") as refused:
        act_and_close(workflow, cid, lambda w: w.archive(cid), close=False)
    assert refused.value.reason.code == "archive_not_written" and "not a folder" not in str(refused.value)
    assert workflow.get(cid).case.state is CaseState.completed                       # not 归档
    with store.session() as s:
        assert s.scalar(select(OutboxEntry.seq).order_by(OutboxEntry.seq.desc()).limit(1)) == before  # nothing to sync
        failed = list(s.scalars(select(AuditRow).where(AuditRow.action == "archive.failed")))
    assert [(a.object_id, a.result, a.actor) for a in failed] == [(case_no, "failed", "clerk01")]
    with pytest.raises(TransitionRefused, match="档案包未能写入"):
        workflow.archive(cid)                                                       # the direct call too
    root.unlink()                                                                   # the folder is back: retry
    done = act_and_close(workflow, cid, lambda w: w.archive(cid), close=False)
    assert done.state is CaseState.archived and archive_code_of(store, case_no)
    assert verify_packages(store, case_no)["ok"] and archived_without_package(store) == []


def test_archived_cases_without_a_package_are_reported_and_written_and_all_packages_listed(
        app_home, signed_in, tmp_path, capsys):
    from counter_app.cli._common import open_store
    from counter_app.cli.diagnostics import run_checks
    from counter_app.cli.main import main
    from counter_app.paths import app_paths

    store = open_store()
    try:
        earlier = _workflow(store, None)             # an earlier release: 归档 committed, the package failed
        cid = _completed(earlier)
        earlier.archive(cid)
        case_no = earlier.get(cid).case.case_no
        assert [m["case_no"] for m in archived_without_package(store)] == [case_no]
    finally:
        store.close()
    report = {c.name: c for c in run_checks(include_qt=False)}
    assert report["archive.packages"].status == "warn" and case_no in report["archive.packages"].message
    assert main(["archive", "missing"]) == 1 and case_no in capsys.readouterr().out
    assert main(["archive", "verify", "--all"]) == 1 and "没有档案包" in capsys.readouterr().out
    assert main(["archive", "missing", "--write", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert [w["case_no"] for w in answer["written"]] == [case_no] and answer["failed"] == []
    code = answer["written"][0]["archive_code"]
    assert (app_paths().data_dir / "archive").is_dir()
    assert main(["archive", "list", "--json"]) == 0
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(e["archive_code"], e["case_no"], e["retention"]) for e in listed] == [(code, case_no, "100年")]
    assert listed[0]["keep_until"].endswith("-01-01")
    assert main(["archive", "list", "--retention", "永久", "--json"]) == 0 and capsys.readouterr().out == ""
    assert main(["archive", "list", "--year", str(listed[0]["year"])]) == 0 and code in capsys.readouterr().out
    assert main(["archive", "verify", "--all"]) == 0 and "核验 1 个档案包：1 个完整" in capsys.readouterr().out
    assert main(["case", "show", case_no, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["archive_code"] == code
    assert {c.name: c for c in run_checks(include_qt=False)}["archive.packages"].status == "ok"
    store = open_store()
    try:
        with store.session() as s:
            assert s.scalar(select(AuditRow).where(AuditRow.action == "archive.package")).actor == "clerk01"
        assert list_packages(store, year=1999) == []
    finally:
        store.close()
