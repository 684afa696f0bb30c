"""Cases and centre updates as several tests need them: a case ready for the acceptance decision,
a transfer-in case waiting for its 信息表, an update stored the way the sync process stores what it
pulls, and settings that point a workstation at a central service."""

from __future__ import annotations

import json
from datetime import datetime

from counter_app.config import Settings
from counter_app.domain.identifiers import id_check_char
from counter_app.storage.tables_sync import InboxChange
from counter_app.workflows.cases import CaseWorkflow

NOW = datetime(2026, 3, 2, 10, 0)
MALE_1960 = "110105196001010017"
# the people the sample 核定 figures (counter_app.printing.samples) belong to: a man born 1965-12 retiring
# 2026-03 at 60岁3个月 (计发月数 137.3), and a man born 1970-03 aged 56 at a 病残津贴 application in 2026-03
# (计发月数 164.0). A decision's figures are checked against the birth month: another person's are refused.
PENSIONER_1965 = "440304196512150012"
MALE_1970 = "110105197003010015"


def man_born_like(id_number: str, n: int) -> str:
    """The ``n``-th (1, 2, …) valid ID number of a man of the same place and birth date as ``id_number``
    (sequence 001, 003, …): another person of the same age, for a test that opens a second case of a
    service one person may not have twice (the catalog's ``second_case``)."""
    body = f"{id_number[:14]}{2 * n - 1:03d}"
    return body + id_check_char(body)


def man_born_1960(n: int) -> str:
    """The ``n``-th man born 1960-01-01 (n=1: MALE_1960), as :func:`man_born_like`."""
    return man_born_like(MALE_1960, n)


# the 联系函's 转出地 of a 转移接续 (its letter_generated step's data)
TRANSFER_LETTER = {"transfer": {"from_region": "湖南省长沙市岳麓区", "from_agency": "长沙市社会保险服务中心"}}


def finish_case(workflow, cid: str, w=None, url: str = "") -> None:
    """Every step done, then 办结. The 信息表审核 of a 转移接续 (w: its workstation, url: the centre) is
    recorded as supervisor01 approved it at the centre (集中授权): the centre accepts the 办结 only
    after it."""
    from tests.support.central import login_client

    while (step := workflow.get(cid).next_step):
        approver = ""
        if step == "sheet_reviewed" and w is not None:
            rid = w.approvals.request(cid, "info_sheet_review",
                                      details={"step_code": step, "result": "passed"})["id"]
            w.sync()
            sup = login_client(url, "supervisor01")
            try:
                sup.decide_approval(rid, "approved", "信息表核对无误")
            finally:
                sup.close()
            approver = "supervisor01"
        workflow.record_step(cid, step, "passed" if step == "sheet_reviewed" else "done",
                             data=TRANSFER_LETTER if step == "letter_generated" else None, approved_by=approver)
    workflow.complete(cid)


def clerk_service(store, now: datetime = NOW) -> CaseWorkflow:
    return CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id="FT-W01",
                       now=lambda: now)


def ready_case(workflow: CaseWorkflow, code: str, *, applicant_type: str = "individual", variants=(),
               applicant: dict | None = None, facts: dict | None = None, unmet: str | None = None) -> str:
    """A new case of service ``code`` submitted with every material present and every condition the
    clerk answers met, except ``unmet`` (answered not met, with a reason)."""
    applicant = applicant or {"name": "张三", "id_number": MALE_1960, "phone": "13800138000"}
    view = workflow.create(code, applicant_type, variants=variants, applicant=applicant, facts=facts or {})
    cid = view.case.id
    workflow.submit(cid)
    plan = view.service.plan(applicant_type, tuple(variants))
    for m in plan.materials:
        workflow.tick(cid, m.code)
    for c in plan.conditions:
        if not c.check:
            workflow.answer_condition(cid, c.code, c.code != unmet, "已在本市参保" if c.code == unmet else "")
    return cid


def archived_case(workflow: CaseWorkflow, applicant: dict | None = None) -> tuple[str, str]:
    """(case id, 业务编号) of a 参保登记 case taken all the way: accepted, every step done, 办结 and
    归档 (its archive package written under the workflow's ``archive_root``)."""
    from counter_app.domain.case_engine import CaseState

    cid = ready_case(workflow, "reg_enroll", applicant=applicant or {"name": "张三", "id_number": MALE_1960})
    workflow.decide(cid, expected="accepted")
    while (view := workflow.get(cid)).next_step:
        workflow.record_step(cid, view.next_step, "done")
    assert workflow.complete(cid).case.state is CaseState.completed
    workflow.archive(cid)
    return cid, workflow.get(cid).case.case_no


def transfer_case(store, steps: tuple[str, ...] = ("letter_generated", "letter_sent")) -> str:
    """An accepted 转移接续 (transfer_in) case with the given transfer steps recorded."""
    workflow = clerk_service(store)
    cid = ready_case(workflow, "transfer_in")
    workflow.decide(cid, expected="accepted")
    from counter_app.printing.samples import sample_decision_data

    for code in steps:   # the 联系函's places and agencies typed where it is generated
        workflow.record_transfer_step(cid, code, data=sample_decision_data("transfer_in") if code == "letter_generated" else None)
    return cid


def pulled_update(store, cursor: int, case_id: str, payload: dict, kind: str = "case.info_sheet_received") -> None:
    """A case update from the centre as the sync process stores it when it pulls (not yet applied)."""
    with store.new_session() as s:
        s.add(InboxChange(cursor=cursor, kind=kind, aggregate_type="case", aggregate_id=case_id,
                          payload=json.dumps(payload, ensure_ascii=False), created_at=NOW, received_at=NOW))
        s.commit()


def settings_for(url: str, ws: str) -> Settings:
    """Settings of workstation ``ws`` (office FT) signed in against the central service at ``url``."""
    s = Settings()
    s.central.url = url
    s.central.timeout_seconds = 5
    s.office.workstation_id = ws
    s.office.code = "FT"
    return s


def pulled_reference(store, name: str, content: dict, version: str, *, effective_from: str | None = None) -> None:
    """A reference data set (catalog, policy_params) as the sync process stores it when it pulls a
    version the centre published — after every one pulled before (the centre's order: the change
    cursor one past the greatest held)."""
    import hashlib

    from sqlalchemy import func, select

    from counter_app.storage.tables_sync import ReferenceVersionRow
    from counter_app.storage.uow import canonical_json

    text = canonical_json(content)
    with store.new_session() as s:
        seq = (s.scalar(select(func.max(ReferenceVersionRow.published_seq))) or 0) + 1
        s.add(ReferenceVersionRow(name=name, version=version, content=text, effective_from=effective_from,
                                  digest=hashlib.sha256(text.encode("utf-8")).hexdigest(), published_seq=seq))
        s.commit()


def centre_catalog(version: str = "2099.1") -> dict:
    """The shipped catalog as the centre would publish a newer version of it: 参保登记's first
    material renamed (so a test can tell which catalog is in force)."""
    from counter_app.resources import resource_path

    data = json.loads(resource_path("catalog/services.json").read_text(encoding="utf-8"))
    data["version"] = version
    reg = next(s for s in data["services"] if s["code"] == "reg_enroll")
    reg["materials"][0]["name"] = "参保登记表（中心新版）"
    return data


def cli_case(folder, id_number: str = MALE_1960) -> str:
    """A case in the store of the CLI's workstation (COUNTER_APP_HOME, someone signed in), imported as
    the 综合受理 window would hand it over: its 办件编号. A second one in the same store is of another
    person (``id_number``): a 参保登记 in hand is one of a person at a time."""
    import contextlib
    import io

    from counter_app.cli.main import main

    path = folder / "cli-case.json"
    path.write_text(json.dumps({"service": "reg_enroll", "applicant_type": "individual",
                                "applicant": {"id_number": id_number, "name": "张三"}, "materials": "all"},
                               ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["case", "import", str(path), "--json"]) == 0
    return json.loads(out.getvalue().strip().splitlines()[-1])["case_no"]


def issued_fields(kind, case_no: str, **content) -> dict:
    """A fields file for ``counter-app notice render KIND`` of the case ``case_no``: the sample's content
    of that document, without what a numbered document takes from the workstation and the case
    (office, date, clerk, case, applicant: counter_app.cli.notice._ISSUED_BY)."""
    from counter_app.cli.notice import _ISSUED_BY
    from counter_app.printing.samples import sample_fields

    fields = {k: v for k, v in sample_fields(kind).items() if k not in _ISSUED_BY}
    return {**fields, **content, "case_no": case_no}
