"""办理结果反馈 (6.4.1.1.1.3: 接续参保人养老保险关系，并将办理结果通过信息系统反馈至服务对象), end to
end on PostgreSQL. Before, the step 「接续养老保险关系并反馈办理结果」 was a tick at the window: nothing
reached the applicant. Now the step's entry carries the contact mobile given at the window, and the
centre's ``counter-central results feedback`` exports each 办结 转入 once for the SMS platform; a case
whose applicant left no mobile is listed until staff record how they told them."""

from __future__ import annotations

import csv
import json

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from tests.integration.test_approvals import rig  # noqa: F401  (the fixture)
from tests.support.cases import TRANSFER_LETTER, finish_case, man_born_1960, ready_case

pytestmark = pytest.mark.integration


def _rewrite_feedback(store, case_id: str, step_code: str, block: dict | None) -> None:
    """The feedback of a queued step entry rewritten (``None``: taken out), its digest fixed up: what
    a tampered or hostile client sends."""
    from counter_app.storage.tables_core import OutboxEntry
    from counter_protocol.canonical import canonical_json, payload_digest

    with store.new_session() as s:
        for row in s.scalars(select(OutboxEntry).where(OutboxEntry.aggregate_id == case_id,
                                                       OutboxEntry.kind == "case.step")):
            body = json.loads(row.payload)
            if body.get("step_code") != step_code:
                continue
            body.pop("feedback", None)
            if block is not None:
                body["feedback"] = block
            row.payload = canonical_json(body)
            row.payload_digest = payload_digest(row.payload)
        s.commit()


def _mine(data: dict, case_nos: set[str]) -> dict[str, dict]:
    """The listed cases of this test (the suite's centre holds other tests' cases too)."""
    return {i["case_no"]: i for i in data["items"] if i["case_no"] in case_nos}


def test_a_completed_transfer_in_is_fed_back_once_by_sms_and_one_without_a_mobile_is_told_otherwise(
        rig, central_server, tmp_path, capsys):  # noqa: F811
    from counter_central.cli import main as central

    a = rig("clerk01", "clerk01-demo")
    texted = ready_case(a.cases, "transfer_in", applicant={"name": "张三", "id_number": man_born_1960(71),
                                                          "phone": "138 0013 8000"})
    silent = ready_case(a.cases, "transfer_in", applicant={"name": "李四", "id_number": man_born_1960(72)})
    still_open = ready_case(a.cases, "transfer_in", applicant={"name": "王五", "id_number": man_born_1960(73),
                                                              "phone": "13900139000"})
    for cid in (texted, silent, still_open):
        a.cases.decide(cid, expected="accepted")
    # a client that asks for an SMS on 传送联系函, where no step feeds back, and for none on its 接续
    hostile = ready_case(a.cases, "transfer_in", applicant={"name": "赵六", "id_number": man_born_1960(75)})
    a.cases.decide(hostile, expected="accepted")
    a.cases.record_transfer_step(hostile, "letter_generated", data=TRANSFER_LETTER)
    a.cases.record_transfer_step(hostile, "letter_sent")
    _rewrite_feedback(a.store, hostile, "letter_sent", {"mobile": "13700137000"})
    for cid in (texted, silent, hostile):
        finish_case(a.cases, cid, a, central_server.url)
    _rewrite_feedback(a.store, hostile, "continued", None)
    a.sync()
    nos = {cid: a.cases.get(cid).case.case_no for cid in (texted, silent, still_open, hostile)}
    db = ["--db", central_server.db_url]

    # listed, masked: the open case is not due; the one without a mobile is named for other means
    capsys.readouterr()
    assert central(["results", "feedback", "--office", "FT", "--json", *db]) == 0
    listed = _mine(json.loads(capsys.readouterr().out), set(nos.values()))
    assert set(listed) == {nos[texted], nos[silent]}
    assert listed[nos[texted]]["mobile_masked"] == "138****8000" and listed[nos[silent]]["mobile_masked"] is None
    assert listed[nos[texted]]["text"] == (f"您在福田分局申请的一般缴费账户关系转入（办件编号 {nos[texted]}）已办结。"
                                          "您的基本养老保险关系已接续。")
    assert "13800138000" not in json.dumps(listed, ensure_ascii=False)
    # the block on 传送联系函 (no step the catalog feeds back) is not honoured: nothing goes to 137…

    # the export: the mobile in full, owner-only, once
    out = tmp_path / "feedback.csv"
    assert central(["results", "feedback", "--office", "FT", "--csv", str(out), "--by", "it01", *db]) == 0
    assert "仅本人可读" in capsys.readouterr().out
    assert out.stat().st_mode & 0o777 == 0o600
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["mobile", "text", "case_no", "office"]
    mine = [r for r in rows[1:] if r[2] in nos.values()]
    assert mine == [["13800138000", listed[nos[texted]]["text"], nos[texted], "FT"]]
    # a second export finds nothing of it again; the file is never written over without --force
    again = tmp_path / "again.csv"
    assert central(["results", "feedback", "--office", "FT", "--csv", str(again), *db]) == 0
    with again.open(encoding="utf-8-sig", newline="") as fh:
        assert [r for r in csv.reader(fh) if r[2] in nos.values()] == []
    capsys.readouterr()
    assert central(["results", "feedback", "--office", "FT", "--csv", str(out), *db]) == 1
    assert "文件已存在" in capsys.readouterr().err

    # the one without a mobile: refused without a note, or for a case with a mobile; then recorded
    assert central(["results", "feedback", "--told", nos[silent], *db]) == 1
    assert "--note" in capsys.readouterr().err
    assert central(["results", "feedback", "--told", nos[still_open], "--note", "电话告知", *db]) == 1
    assert "不在待反馈办理结果的名单中" in capsys.readouterr().err
    assert central(["results", "feedback", "--told", nos[silent], "--note", "2026-12-08 电话 13912345678 告知本人",
                    "--by", "clerk01", "--json", *db]) == 0
    assert json.loads(capsys.readouterr().out)["told"]["case_no"] == nos[silent]
    assert central(["results", "feedback", "--office", "FT", "--json", *db]) == 0
    assert _mine(json.loads(capsys.readouterr().out), set(nos.values())) == {}

    # at the centre: what was fed back and how, the audit without the phone numbers
    engine = create_engine(central_server.db_url)
    try:
        with Session(engine) as s:
            fed = {r.case_no: (r.channel, r.note, r.by) for r in s.execute(text(
                "SELECT case_no, channel, note, by FROM result_feedback WHERE case_no = ANY(:n)"),
                {"n": list(nos.values())})}
            from counter_central.audit import CentralAuditRecord

            details = [r.detail for r in s.scalars(select(CentralAuditRecord).where(
                CentralAuditRecord.action.in_(("results.export", "results.told"))))]
    finally:
        engine.dispose()
    assert fed == {nos[texted]: ("sms", None, "it01"), nos[silent]: ("other", "2026-12-08 电话 139****5678 告知本人", "clerk01")}
    assert details and not any("13800138000" in d or "13912345678" in d for d in details)
    # the tables as migrated are the tables the module declares
    from tests.support.central import schema_drift

    engine = create_engine(central_server.db_url)
    try:
        assert schema_drift(engine, "result_feedback") == []
    finally:
        engine.dispose()


def test_the_step_entry_carries_the_mobile_only_where_the_catalog_asks(rig, central_server):  # noqa: F811
    """The contact mobile leaves the counter with the 接续 step alone: no other step of the case, and
    no step of a service that feeds nothing back, carries it."""
    from counter_app.storage.tables_core import OutboxEntry

    a = rig("clerk01", "clerk01-demo")
    cid = ready_case(a.cases, "transfer_in", applicant={"name": "张三", "id_number": man_born_1960(74),
                                                       "phone": "13800138000"})
    a.cases.decide(cid, expected="accepted")
    finish_case(a.cases, cid, a, central_server.url)
    with a.store.session() as s:
        entries = [(e.kind, json.loads(e.payload)) for e in s.scalars(
            select(OutboxEntry).where(OutboxEntry.aggregate_id == cid).order_by(OutboxEntry.seq))]
    carrying = [(p.get("step_code"), p["feedback"]) for _kind, p in entries if "feedback" in p]
    assert carrying == [("continued", {"mobile": "13800138000"})]
    assert not any("13800138000" in json.dumps(p) for kind, p in entries if "feedback" not in p)
