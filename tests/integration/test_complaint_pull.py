"""A 差评工单 moved on at another workstation reaches the copy where the applicant rated with the
next pull. Was: the rating workstation's copy stayed at 已受理 after a supervisor advanced the ticket
on another workstation (only an online list or advance there brought the centre's copy in). The
centre now publishes the ticket as it holds it to each other workstation holding a copy
(``complaint.updated``, addressed to that workstation) and the sync round brings it up to that stage.
Real central service (PostgreSQL), the round of ``counter-app sync run``."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from counter_app.cli.sync import _one_round
from counter_app.storage.db import Store
from counter_app.sync.auth import AuthManager
from counter_app.sync.client import CentralClient
from counter_app.workflows.cases import CaseWorkflow
from counter_app.workflows.complaints import ComplaintService, centre_dict
from tests.support.cases import NOW, ready_case, settings_for

pytestmark = pytest.mark.integration


def sync(store: Store, settings, user: str):
    report = _one_round(settings, store, AuthManager(store, settings), 50)
    assert report.error is None and report.online, report.error
    return report


def test_a_ticket_moved_on_at_another_workstation_is_refreshed_here_by_a_pull(app_home, central_server, tmp_path):
    tag = uuid.uuid4().hex[:8]
    ws_a, ws_b = f"CA-{tag}", f"CB-{tag}"
    settings_a, settings_b = settings_for(central_server.url, ws_a), settings_for(central_server.url, ws_b)
    store_a, store_b = Store.open(tmp_path / "a.sqlite3"), Store.open(tmp_path / "b.sqlite3")
    try:
        AuthManager(store_a, settings_a).login("clerk01", "clerk01-demo")
        workflow = CaseWorkflow(store_a, actor="clerk01", office="福田分局", office_code="FT", workstation_id=ws_a,
                                now=lambda: NOW)
        cid = ready_case(workflow, "reg_enroll")
        workflow.decide(cid, expected="accepted")
        workflow.rate(cid, 1, "等候时间长")
        [ticket] = ComplaintService(store_a).list()
        assert ticket["stage"] == "received"
        sync(store_a, settings_a, "clerk01")

        auth_b = AuthManager(store_b, settings_b)
        auth_b.login("supervisor01", "supervisor01-demo")
        client = CentralClient(central_server.url, timeout=5, tokens=auth_b.tokens("supervisor01"))
        try:
            [held] = [t.model_dump(mode="json") for t in client.office_complaints("FT").items if t.id == ticket["id"]]
        finally:
            client.close()
        ComplaintService(store_b, office_code="FT", workstation_id=ws_b).advance(
            ticket["id"], user="supervisor01", roles=["supervisor"], note="调阅录像，已核实",
            centre=centre_dict(held, date.today()))
        sync(store_b, settings_b, "supervisor01")

        report = sync(store_a, settings_a, "clerk01")           # A pulls: nobody listed online here
        assert report.pulled >= 1
        [here] = ComplaintService(store_a).list()
        assert (here["stage"], here["owner"], here["here"]) == ("checked", "supervisor01", True), here
        assert here["history"][-1]["note"] == "调阅录像，已核实" and here["history"][-1]["by"] == "supervisor01"
        assert sync(store_a, settings_a, "clerk01").pulled == 0      # applied once; nothing more for A

        # a workstation holding no copy is sent nothing of the ticket (it names a case rated badly)
        from sqlalchemy import select

        from counter_app.storage.tables_sync import InboxChange

        ws_c = f"CC-{tag}"
        settings_c = settings_for(central_server.url, ws_c)
        store_c = Store.open(tmp_path / "c.sqlite3")
        try:
            AuthManager(store_c, settings_c).login("clerk01", "clerk01-demo")
            sync(store_c, settings_c, "clerk01")
            with store_c.session() as s:
                assert not list(s.scalars(select(InboxChange.cursor).where(InboxChange.aggregate_id == ticket["id"])))
        finally:
            store_c.close()
    finally:
        store_a.close()
        store_b.close()
