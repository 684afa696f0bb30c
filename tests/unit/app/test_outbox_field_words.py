"""待同步's details in words: every key a workflow writes to the outbox reads in the clerk's language.

Review: the details showed raw keys (archive_code, ticks.bank_card.state, conditions[1].facts.
min_contribution_months, required_level…) in the Chinese UI, and 是 / 否 in the English one. The
entries here are written by the real workflows (every service of the catalog taken from 受理 to 归档
and rated, a case returned for missing materials, one refused), read back with the panel's own query
(case_queries.outbox_entry_details) and worded by counter_app.ui.outbox_fields.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from counter_app.domain.checklist import TickState
from counter_app.reference.catalog import load_catalog
from counter_app.storage.tables_core import OutboxEntry
from counter_app.ui.outbox_fields import field_label, field_lines
from counter_app.workflows.case_queries import outbox_entry_details
from counter_app.workflows.cases import CaseWorkflow
from tests.support.cases import NOW
from tests.unit.workflows.test_case_workflow import MALE_1966, ready_for_decision, run_steps

ASCII_WORD = re.compile(r"[A-Za-z_]{2,}")


def _workflow(store, archive_root=None) -> CaseWorkflow:
    return CaseWorkflow(store, actor="clerk01", catalog=load_catalog(), office="福田分局", office_code="FT",
                        workstation_id="FT-W01", now=lambda: NOW, archive_root=archive_root)


def _every_service(workflow) -> None:
    """What test_case_workflow's happy path does, for every service; then a returned and a refused case."""
    catalog = workflow.catalog
    for service in catalog.services:
        applicant_type = service.applicant_types[0]
        variants = ()
        if service.variants:
            variants = (next(v.code for v in service.variants
                             if not v.applicant_types or applicant_type in v.applicant_types),)
        cid = ready_for_decision(workflow, service, applicant_type, variants)
        workflow.decide(cid, expected="accepted")
        run_steps(workflow, cid)
        workflow.complete(cid)
        run_steps(workflow, cid)
        workflow.archive(cid)
        workflow.rate(cid, 1 if service.code == "reg_enroll" else 5, "等候时间长")
        if service.code == "reg_enroll":     # its paper file too (归档 of the materials, 7.2)
            from counter_app.printing.archive import file_case
            from counter_app.storage.uow import UnitOfWork

            with UnitOfWork(workflow.store, actor="clerk01") as uow:
                file_case(uow, case_id=cid, office_code="FT", workstation_id="FT-W01", category="养老保险",
                          retention="30年", materials=[], clerk="clerk01")
                uow.commit()
    returned = ready_for_decision(workflow, catalog.get("reg_change"), "individual", ("person.name",))
    workflow.tick(returned, "important_change_proof", TickState.missing)
    workflow.tick(returned, "original_id_copy", TickState.defective, "复印件模糊不清")
    workflow.decide(returned)
    view = workflow.create("pension", "individual", variants=("normal",), applicant={"name": "李四", "id_number": MALE_1966},
                           facts={"contribution_months": 120, "benefit_place_shenzhen": True, "history_reviewed": True})
    workflow.submit(view.case.id)
    for m in catalog.get("pension").plan("individual", ("normal",)).materials:
        workflow.tick(view.case.id, m.code)
    workflow.decide(view.case.id, expected="not_eligible", approved_by="chief01")


def _details(store) -> list[dict]:
    with store.session() as s:
        seqs = list(s.scalars(select(OutboxEntry.seq).order_by(OutboxEntry.seq)))
    return [outbox_entry_details(store, seq) for seq in seqs]


def _is_data(key: str) -> bool:
    """A key that is data, not a name: a file of an archive package (documents/….pdf, audit.json) or
    a document by its 文号 (深社保福田〔2026〕受告第…号)."""
    return "/" in key or "." in key or "〔" in key


def test_every_key_the_workflows_write_has_words(qapp, store, tmp_path):
    _every_service(_workflow(store, archive_root=tmp_path / "archive"))
    entries = _details(store)
    kinds = {d["kind"] for d in entries}
    assert {"case.transition", "case.step", "document.issued", "archive.filed", "archive.package",
            "case.rated", "complaint.opened"} <= kinds
    raw: dict[str, str] = {}
    paths = 0
    for d in entries:
        service = next((v for p, v in d["fields"] if p == ("service_code",)), "")
        for path, _value in d["fields"]:
            paths += 1
            label = field_label(path, d["kind"], service)
            shown = " · ".join(part for part, key in zip(label.split(" · "), [k for k in path if isinstance(k, str)], strict=True)
                               if not _is_data(key))
            if ASCII_WORD.search(shown):
                raw.setdefault(f"{d['kind']}: {label}", ".".join(map(str, path)))
    assert paths > 1000
    assert not raw, "keys without words:\n" + "\n".join(f"{k}  ({v})" for k, v in sorted(raw.items()))


def _accepted_case(store) -> list[dict]:
    from tests.support.cases import ready_case

    workflow = _workflow(store)
    cid = ready_case(workflow, "reg_enroll")
    workflow.decide(cid, expected="accepted")
    return [d for d in _details(store) if d["kind"] == "case.transition" and any(
        p == ("action",) and v == "accept" for p, v in d["fields"])]


def test_an_accepted_case_reads_in_chinese(qapp, store):
    [d] = _accepted_case(store)
    lines = field_lines(d)
    assert {"操作：予以受理", "原状态：受理审核", "新状态：已受理（办理中）", "审核结果 · 种类：受理",
            "审核结果 · 出具文书：受理告知书", "材料核对 · 户籍证明或居住证 · 状态：已提交",
            "受理条件[1] · 条件：参保人证件号码有效", "受理条件[1] · 结果：符合",
            "受理条件[1] · 事实 · 证件号码：110105********0017"} <= set(lines), lines
    assert not [line for line in lines if ASCII_WORD.search(line.split("：")[0])]


def test_an_accepted_case_reads_in_english(qapp, store, english):
    [d] = _accepted_case(store)
    lines = field_lines(d)
    assert {"Action: Accepted", "From state: Acceptance review", "To state: Accepted (in progress)",
            "Review result · Kind: Accepted", "Acceptance conditions[1] · Result: Met",
            "Materials checked · Household registration certificate or residence permit · State: Submitted",
            "Acceptance conditions[1] · Facts · ID number: 110105********0017"} <= set(lines), lines
    assert not [line for line in lines if re.search(r"[\u4e00-\u9fff]", line.split(": ")[0])]
