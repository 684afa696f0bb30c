"""7.5.2 at the centre, which trusts no counter (review: a case rated again and again overwrote the
1 the office's figures count; a U+202E or a terminal escape in a ticket's note was accepted): a case
is rated once — a second ``case.rated``, in a later push or the same batch, is refused and nothing
of it stored — and a rating's or a ticket's text carries no control or direction character and is at
most 500 characters."""
# ruff: noqa: F811  (the imported fixture is each test's argument)

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.unit.central.test_central_security import auth, centre, entry, push  # noqa: F401


def _rated(seq: int, case: str, score: int, comment: str = ""):
    payload = {"case_no": "", "service_code": "reg_enroll", "score": score, "comment": comment,
               "at": "2026-03-02T02:00:00+00:00"}
    return entry(seq, payload, case=case, kind="case.rated").model_copy(update={"actor": "clerk01"})


def _stored_scores(app, case: str) -> list[int]:
    from counter_central.db import ReceivedEntry
    from counter_central.entry_key import PAYLOAD, opened_json

    with Session(app.state.engine) as s:
        return [opened_json(*row)["score"] for row in s.execute(
            select(*PAYLOAD).where(ReceivedEntry.aggregate_id == case, ReceivedEntry.kind == "case.rated",
                                   ReceivedEntry.outcome == "accepted"))]


def test_a_second_rating_of_a_case_is_refused_in_a_later_push_and_in_the_same_batch(centre):
    app, client = centre
    h = auth(client, "clerk01", "FT-W01")
    assert push(client, h, "FT-W01", _rated(1, "C-RT1", 1, "服务态度"))[0]["status"] == "accepted"
    again = push(client, h, "FT-W01", _rated(2, "C-RT1", 5))
    assert again[0]["status"] == "rejected" and "每件只能评价一次" in again[0]["reason"], again
    both = push(client, h, "FT-W01", _rated(3, "C-RT2", 2, "等候时间长"), _rated(4, "C-RT2", 5))
    assert [x["status"] for x in both] == ["accepted", "rejected"], both
    assert _stored_scores(app, "C-RT1") == [1] and _stored_scores(app, "C-RT2") == [2]


def test_unsafe_or_overlong_text_of_a_rating_or_a_ticket_is_refused(centre):
    app, client = centre
    h = auth(client, "clerk01", "FT-W01")
    note = {"case_id": "C-CT", "case_no": "", "stage": "checked", "note": "\u202e核实\x1b[2J"}
    ticket = entry(1, note, case="T-1", kind="complaint.advanced",
                   aggregate_type="complaint").model_copy(update={"actor": "supervisor01"})
    res = push(client, h, "FT-W01", ticket, _rated(2, "C-RT3", 2, "\u202e恶意"), _rated(3, "C-RT4", 2, "x" * 501))
    assert [x["status"] for x in res] == ["rejected"] * 3, res
    assert res[0]["reason"].startswith("差评工单记录内容不能保存：payload.note 含有不能保存的字符 U+202E、U+001B")
    assert res[1]["reason"].startswith("评价记录内容不能保存：payload.comment")
    assert res[2]["reason"] == "评价记录的 comment 最多500个字（现有501个字）"
    assert _stored_scores(app, "C-RT3") == [] and _stored_scores(app, "C-RT4") == []
    ok = push(client, h, "FT-W01", _rated(4, "C-RT3", 2, "等候时间长\n窗口少"))     # refused then right: kept
    assert ok[0]["status"] == "accepted" and _stored_scores(app, "C-RT3") == [2]


def _ticket(seq: int, kind: str, actor: str, payload: dict):
    return entry(seq, payload, case="T-9", kind=kind, aggregate_type="complaint").model_copy(update={"actor": actor})


def test_the_offices_tickets_are_served_to_its_supervisors_not_to_clerks(centre):
    """Review: a supervisor saw 差评工单 only at the workstation where the applicant rated; the centre,
    which receives every ticket entry, served none."""
    app, client = centre
    h = auth(client, "clerk01", "FT-W01")
    opened = {"case_id": "C-9", "case_no": "FT-W01-20260302-0009", "service_code": "reg_enroll", "clerk": "clerk01",
              "score": 1, "reason": "服务态度", "stage": "received", "due": "2026-03-03", "at": "2026-03-02T02:00:00"}
    advanced = {"case_id": "C-9", "case_no": "FT-W01-20260302-0009", "stage": "checked", "owner": "supervisor01",
                "note": "调阅录像", "late": False, "due": "2026-03-06", "at": "2026-03-03T02:00:00"}
    res = push(client, h, "FT-W01", _ticket(1, "complaint.opened", "clerk01", opened),
               _ticket(2, "complaint.advanced", "supervisor01", advanced))
    assert [x["status"] for x in res] == ["accepted", "accepted"], res
    r = client.get("/api/v1/offices/FT/complaints", headers=auth(client, "supervisor01", "FT-W01"))
    assert r.status_code == 200, r.text
    [t] = r.json()["items"]
    assert (t["id"], t["workstation_id"], t["case_no"], t["score"], t["reason"]) == (
        "T-9", "FT-W01", "FT-W01-20260302-0009", 1, "服务态度")
    assert (t["stage"], t["owner"], t["due"]) == ("checked", "supervisor01", "2026-03-06")
    assert [(x["stage"], x["by"], x["note"]) for x in t["history"]][1:] == [("checked", "supervisor01", "调阅录像")]
    for who in ("clerk01", "admin01"):
        assert client.get("/api/v1/offices/FT/complaints", headers=auth(client, who, "FT-W01")).status_code == 403
    other = client.get("/api/v1/offices/LH/complaints", headers=auth(client, "supervisor01", "FT-W01"))
    assert other.status_code == 403 and "只能查看本分局" in other.json()["detail"]


def test_a_ticket_moved_on_from_two_workstations_is_moved_once_and_by_its_owner(centre):
    """Tickets may now be moved on from any workstation of the office: the centre takes the next stage
    once, and only from the ticket's owner."""
    app, client = centre
    h = auth(client, "clerk01", "FT-W01")
    opened = {"case_id": "C-8", "case_no": "", "clerk": "clerk01", "score": 2, "reason": "服务态度", "stage": "received",
              "at": "2026-03-02T02:00:00"}

    def moved(seq, stage, actor):
        return _ticket(seq, "complaint.advanced", actor, {"case_id": "C-8", "case_no": "", "stage": stage,
                                                          "owner": actor, "note": "处理", "at": "2026-03-03T02:00:00"})

    res = push(client, h, "FT-W01", _ticket(1, "complaint.opened", "clerk01", opened), moved(2, "checked", "supervisor01"),
               moved(3, "checked", "supervisor01"))
    assert [x["status"] for x in res] == ["accepted", "accepted", "rejected"], res
    assert res[2]["reason"] == "差评工单在中心的当前环节为「已核实」，不能再推进到「已核实」（已在另一工作站推进）"
    later = push(client, h, "FT-W01", moved(4, "fixed", "supervisor02"), moved(5, "fixed", "supervisor01"))
    assert [x["status"] for x in later] == ["rejected", "accepted"], later
    assert later[0]["reason"] == "该工单由 supervisor01 负责，只有负责人可以推进"
