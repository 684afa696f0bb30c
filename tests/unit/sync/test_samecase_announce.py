"""Cases a workstation synced before the centre kept its 重复受理 index (c0025) were not in it until
their next transition: a second case of the same 参保人 elsewhere went unnoticed. The upgraded
workstation now announces each of its cases that can block a second one, once (store migration
growth_0009_samecase_announce: one ``case.samecase`` outbox entry per case, the ID number beside
the payload when sent, as for a transition); the centre indexes the case in the state it holds it
in, keeps only the digest, and finds it from then on. The real centre, in-process on SQLite."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from counter_app.storage.db import Store
from counter_app.sync.client import CentralClient, StaticToken
from counter_app.sync.worker import SyncWorker
from counter_app.workflows.cases import CaseWorkflow
from counter_protocol import samecase as same
from tests.support.cases import man_born_like, ready_case
from tests.support.privacy import centre_columns_holding

WS = "FT-W01"
# a person no other test uses: a man born 1948-06-17 in 福田 (440304)
PERSON = man_born_like("440304194806170019", 3)
UPGRADE = "growth_0009_samecase_announce"


@pytest.fixture
def central(central_sqlite_client):
    return central_sqlite_client


def _client(central, token: str | None = None) -> CentralClient:
    return CentralClient("http://testserver", tokens=StaticToken(token), transport=central._transport)


def _token(central, user: str = "clerk01", ws: str = WS) -> str:
    with _client(central) as c:
        return c.login(user, f"{user}-demo", ws).access_token


def _sync(store, central) -> None:
    with _client(central, _token(central)) as c:
        report = SyncWorker(store, c, workstation_id=WS).run_once(check_clock=False)
    assert report.rejected == 0 and report.conflict == 0, report


def _blocking(central, service: str):
    with _client(central, _token(central, "clerk01", "FT-W02")) as c:
        return c.open_case_check(service, PERSON).blocking


def _announcements(store) -> list[tuple[str, str]]:
    with store.session() as s:
        return [tuple(r) for r in s.execute(text("SELECT aggregate_id, state FROM outbox WHERE kind = :k"),
                                            {"k": same.ANNOUNCE_KIND})]


def test_a_case_synced_before_the_index_is_announced_once_and_found_after_the_next_sync(store, central):
    engine = central.app.state.engine
    cases = CaseWorkflow(store, actor="clerk01", office="福田分局", office_code="FT", workstation_id=WS)
    case_id = ready_case(cases, "reg_enroll", applicant={"name": "王五", "id_number": PERSON, "phone": "13800138000"})
    case_no = cases.get(case_id).case.case_no
    _sync(store, central)
    # the centre as a pre-c0025 centre left it: the case's entries and state, no person index
    with Session(engine) as s:
        s.execute(text("DELETE FROM case_persons"))
        s.commit()
    assert _blocking(central, "reg_enroll") is None          # the gap: the case in 受理审核 is not found
    assert _announcements(store) == []                     # a store made by this build announces nothing

    # the workstation is upgraded: its store migrates from before the announcement
    path = store.path
    store.close()
    raw = Store.open(path, migrate=False)
    with raw.session() as s:
        s.execute(text("UPDATE alembic_version SET version_num = 'growth_0008_waiting' WHERE version_num LIKE :v"),
                  {"v": "growth_%"})
        s.commit()
    raw.close()
    store = Store.open(path)
    try:
        assert _announcements(store) == [(case_id, "pending")]
        _sync(store, central)
        assert _announcements(store) == [(case_id, "synced")]
        blocking = _blocking(central, "reg_enroll")
        assert blocking is not None and blocking.case_no == case_no and blocking.state == "review"
        # indexed in the state the centre holds, under the newest key; nothing of the number in clear
        from counter_central.samecase import CasePersonRow, person_digest

        with Session(engine) as s:
            row = s.get(CasePersonRow, case_id)
            assert (row.state, row.service_code, row.case_no, row.workstation_id) == ("review", "reg_enroll", case_no, WS)
            assert row.person == person_digest(PERSON)
        assert centre_columns_holding(engine, (PERSON,)) == []
        # once: another sync and another opening of the store send nothing more
        _sync(store, central)
    finally:
        store.close()
    store = Store.open(path)
    try:
        assert _announcements(store) == [(case_id, "synced")]
    finally:
        store.close()
