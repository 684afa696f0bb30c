"""7.3.2 明确各岗位经办权限 on the workstation: each action beyond the case service's own check
asks one table (counter_protocol.roles.ACTION_ROLES) — printing, bringing a moved-out case back,
approval requests, home visits, 资格认证 at the window, complaint tickets. A refused account changes
nothing and its attempt is audited (business.refused); the right role still succeeds."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from counter_app.domain.case_engine import TransitionRefused
from counter_app.domain.complaints import ComplaintRefused
from counter_app.printing.printqueue import PrintQueue
from counter_app.storage.permissions import RoleRefused, role_refusal
from counter_app.storage.tables_approvals import ApprovalRequestRow
from counter_app.storage.tables_audit import AuditRow
from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.tables_printing import PrintJob
from counter_protocol import roles as r

pytestmark = pytest.mark.timeout(120)


def _refused(store) -> list[AuditRow]:
    with store.session() as s:
        return list(s.scalars(select(AuditRow).where(AuditRow.action == "business.refused").order_by(AuditRow.seq)))


def _count(store, table) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


def test_the_table_and_its_words_are_one_on_both_sides():
    assert r.may(r.PRINT_DOCUMENTS, ["clerk"]) and not r.may(r.PRINT_DOCUMENTS, ["auditor"])
    assert r.may(r.BRING_BACK, ["auditor"]) and not r.may(r.BRING_BACK, ["field"]) and not r.may(r.BRING_BACK, ["admin"])
    assert r.may(r.DECIDE_APPROVAL, ["supervisor"]) and not r.may(r.DECIDE_APPROVAL, ["clerk"])
    assert r.may(r.FIELD_VISIT, ["field"]) and not r.may(r.FIELD_VISIT, ["clerk"])
    assert not r.may(r.HANDLE_COMPLAINT, ["clerk"]) and not r.may(r.REQUEST_APPROVAL, ["auditor"])
    # the workstation's sentence (worded again by the window) is the centre's, word for word
    for action in r.ACTION_ROLES:
        for roles in (["admin"], ["field"]):
            said = r.action_refusal(action, roles, "x01")
            assert (str(role_refusal(action, roles, "x01")) if said else role_refusal(action, roles, "x01")) == said
    assert r.action_refusal(r.PRINT_DOCUMENTS, ["auditor"], "auditor01") == \
        "账号 auditor01（auditor（审计））不能打印文书：只有窗口经办、审核主管岗位的账号可以"


# ------------------------------------------------------------------ printing


class _Printer:
    def status(self, queue):
        from counter_app.printing.cups import PrinterStatus

        return PrinterStatus(queue, exists=True, enabled=True, accepting=True)

    def submit(self, queue, pdf, *, copies=1, title=""):
        return f"{queue}-1"

    def job_state(self, job_id):
        return "processing"

    def cancel(self, job_id):
        pass

    def default_queue(self):
        return "q"


def _document(store):
    from counter_app.domain.documents import DocumentKind
    from counter_app.printing.samples import sample_fields
    from counter_app.storage.uow import UnitOfWork
    from counter_app.printing.documents import issue_document

    kind = DocumentKind("acceptance_notice")
    with UnitOfWork(store, actor="clerk01") as uow:
        doc = issue_document(uow, case_id="case-roles-1", kind=kind, fields=sample_fields(kind), clerk="clerk01")
        uow.commit()
    return doc


@pytest.mark.parametrize("roles", [("auditor",), ("admin",), ("field",)])
def test_printing_and_reprinting_need_a_counter_role(store, roles):
    doc = _document(store)
    queue = PrintQueue(store, _Printer(), default_printer="q", actor="x01", workstation_id="FT-W01", roles=roles)
    outbox = _count(store, OutboxEntry)
    for call in (lambda: queue.submit_document(doc.id), lambda: queue.reprint(doc.id, reason="卡纸"),
                 lambda: queue.submit_pdf(b"%PDF-1.4", title="x"), lambda: queue.retry(1)):
        with pytest.raises(RoleRefused, match="不能打印文书"):
            call()
    assert _count(store, PrintJob) == 0 and _count(store, OutboxEntry) == outbox
    refused = _refused(store)
    assert len(refused) == 4 and {x.actor for x in refused} == {"x01"} and refused[0].object_id == doc.number


@pytest.mark.parametrize("roles", [("clerk",), ("supervisor",)])
def test_a_counter_role_prints_and_reprints(store, roles):
    doc = _document(store)
    queue = PrintQueue(store, _Printer(), default_printer="q", actor="clerk01", workstation_id="FT-W01", roles=roles)
    queue.submit_document(doc.id)
    queue.reprint(doc.id, reason="卡纸")
    assert _count(store, PrintJob) == 2 and not _refused(store)


# ------------------------------------------------------------------ bringing a moved-out case back


def _moved_out(store) -> str:
    from counter_app.storage.archive import housekeep
    from tests.support.housekeeping import LATER, acknowledge_all, archived_case

    cid = archived_case(store)
    acknowledge_all(store)
    assert housekeep(store, after_days=365, now=LATER).moved_cases == 1
    return cid


@pytest.mark.parametrize("roles", [("field",), ("admin",)])
def test_a_moved_out_case_is_not_brought_back_by_a_field_or_admin_account(store, roles):
    from counter_app.storage.archive import is_moved_out
    from counter_app.workflows.case_queries import bring_back, case_details
    from counter_app.workflows.materials import case_id_of

    cid = _moved_out(store)
    for call in (lambda: bring_back(store, cid, actor="x01", roles=roles),
                 lambda: case_details(store, cid, actor="x01", roles=roles),
                 lambda: case_id_of(store, cid, actor="x01", roles=roles)):
        with pytest.raises(RoleRefused, match="不能取回归档外移的办件"):
            call()
    assert is_moved_out(store, cid)
    assert [x.object_id for x in _refused(store)] == [cid] * 3


@pytest.mark.parametrize("roles", [("auditor",), ("clerk",)])
def test_an_auditor_and_a_clerk_bring_a_moved_out_case_back_to_read_it(store, roles):
    from counter_app.workflows.case_queries import case_details

    cid = _moved_out(store)
    shown = case_details(store, cid, actor="x01", roles=roles)
    assert shown is not None and shown["moved_back"] is True and not _refused(store)


# ------------------------------------------------------------------ approvals


def _approvals(store, roles, actor="x01"):
    from counter_app.reference.authorisation import default_authorisation
    from counter_app.workflows.approvals import ApprovalService
    from tests.support.cases import NOW

    return ApprovalService(store, actor=actor, office="福田分局", office_code="FT", workstation_id="FT-W01",
                           authorisation=default_authorisation, today=lambda: NOW.date(), roles=roles)


@pytest.mark.parametrize("roles", [("auditor",), ("admin",), ("field",)])
def test_only_a_counter_role_asks_for_an_approval(store, roles):
    from counter_app.workflows.approvals import ApprovalRefused
    from tests.support.cases import clerk_service, ready_case

    cid = ready_case(clerk_service(store), "reg_cancel", variants=("person.voluntary",))   # a 注销: its point
    outbox = _count(store, OutboxEntry)
    with pytest.raises(ApprovalRefused, match="不能提出审批申请"):
        _approvals(store, roles).request(cid, "reg_cancel", details={"note": "出国定居"})
    with pytest.raises(ApprovalRefused, match="不能提出审批申请"):
        _approvals(store, roles).withdraw("no-such-request")
    assert _count(store, ApprovalRequestRow) == 0 and _count(store, OutboxEntry) == outbox
    assert len(_refused(store)) == 2
    made = _approvals(store, ("clerk",), actor="clerk01").request(cid, "reg_cancel", details={"note": "出国定居"})
    assert made["state"] == "pending" and len(_refused(store)) == 2


def test_the_on_site_decision_is_a_supervisors_and_never_the_makers(store):
    from counter_app.workflows.approvals import ApprovalRefused
    from counter_protocol import sync as p
    from tests.support.cases import clerk_service, ready_case

    cid = ready_case(clerk_service(store), "reg_cancel", variants=("person.voluntary",))
    made = _approvals(store, ("clerk",), actor="clerk01").request(cid, "reg_cancel", details={"note": "出国定居"})
    service = _approvals(store, ("clerk",), actor="clerk01")
    for checker, match in ((p.UserInfo(username="auditor01", display_name="审计", roles=["auditor"], office_code="FT", approval_level=3),
                            "只有科长"),
                           (p.UserInfo(username="clerk01", display_name="经办", roles=["clerk", "supervisor"], office_code="FT",
                                       approval_level=3), "经办人本人")):
        with pytest.raises(ApprovalRefused, match=match):
            service.decide_on_site(made["id"], checker, approve=True, reason="同意", approval_key=b"k" * 32)
    assert service.get(made["id"])["state"] == "pending"


# ------------------------------------------------------------------ complaints


def test_only_a_supervisor_moves_a_complaint_ticket_on_and_the_refusal_is_audited(store):
    from tests.unit.workflows.test_complaints import _rated
    from counter_app.workflows.complaints import ComplaintService

    _rated(store, 1, "等候时间长")
    service = ComplaintService(store, workstation_id="FT-W01")
    [t] = service.list()
    outbox = _count(store, OutboxEntry)
    for who, roles in (("auditor01", ["auditor"]), ("clerk01", ["clerk"])):
        with pytest.raises(ComplaintRefused, match="只有科长"):
            service.advance(t["id"], user=who, roles=roles, note="已核实")
    assert _count(store, OutboxEntry) == outbox and service.list()[0]["stage"] == "received"
    assert [(x.actor, x.object_id) for x in _refused(store)] == [("auditor01", t["id"]), ("clerk01", t["id"])]
    assert service.advance(t["id"], user="supervisor01", roles=["supervisor"], note="已核实")["stage"] == "checked"


# ------------------------------------------------------------------ home visits


@pytest.mark.parametrize("roles", [("clerk",), ("auditor",), ("supervisor",)])
def test_only_the_field_role_pulls_a_roster_or_records_a_visit(store, roles):
    from counter_app.workflows import field

    class _NeverAsked:
        def field_roster(self, *a):
            raise AssertionError("the centre is not asked for a refused account")

    with pytest.raises(field.FieldError, match="不能办理上门认证"):
        field.pull(store, _NeverAsked(), user="x01", workstation_id="FT-W01", office_code="FT", roles=roles)
    with pytest.raises(field.FieldError, match="不能办理上门认证"):
        field.record_visit(store, "k", staff=[field.Staff("x01"), field.Staff("field02")], workstation_id="FT-W01",
                           result="eligible", address_confirmed=True, roles=roles)
    assert _count(store, OutboxEntry) == 0 and len(_refused(store)) == 2


# ------------------------------------------------------------------ 资格认证 at the window


@pytest.mark.parametrize("roles", [("auditor",), ("field",)])
def test_window_certification_needs_a_counter_role(store, roles):
    from counter_app.reference.params import load_policy_params
    from counter_app.workflows.cases import CaseWorkflow
    from counter_app.workflows.certification import WindowCertification
    from tests.support.cases import NOW

    cert = WindowCertification(CaseWorkflow(store, actor="x01", roles=roles, office_code="FT",
                                            workstation_id="FT-W01", now=lambda: NOW), load_policy_params())
    outbox = _count(store, OutboxEntry)
    for call in (lambda: cert.start({"name": "张三", "id_number": "110105195001010012"}),
                 lambda: cert.consent("some-case"), lambda: cert.record_success("some-case", method="photo")):
        with pytest.raises(TransitionRefused, match="不能"):
            call()
    assert _count(store, OutboxEntry) == outbox and len(_refused(store)) == 3
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditRow).where(AuditRow.action == "certification.consent")) == 0
