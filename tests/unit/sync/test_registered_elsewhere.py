"""A second registration of the same person or unit (tester "register", findings 2 and 3).

- A unit's own cases (参保单位: 缴费核定, 参保登记) fall under the same-case rule like a person's,
  keyed on the 统一社会信用代码: two 缴费核定 in hand at once would push two 缴费明细 (6.2.1.1 c). At
  one window its own store refuses the second; at another window the centre's check does, from a
  keyed digest of the credit code (never the code in clear).
- A 参保登记 办结 at a window counts as registered before the core system records it
  (counter_rules.registration): a second 参保登记 is refused, at the same window and at another,
  and the person's 变更登记 is taken instead of being refused as 尚未参保登记.

Two workstations, each with its own store, against the real centre in-process on SQLite.
"""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.cli.case import precheck
from counter_app.domain.case_engine import CaseState, OutcomeKind, TransitionRefused
from counter_app.reference.catalog import load_catalog
from counter_app.storage.db import Store
from counter_app.sync.client import CentralClient, StaticToken
from counter_app.sync.worker import SyncWorker
from counter_app.workflows.cases import CaseWorkflow
from counter_app.workflows.records import RecordService
from tests.support.cases import man_born_1960
from tests.support.privacy import centre_columns_holding
from tests.unit.workflows.test_case_workflow import run_steps

PERSON = man_born_1960(81)          # not in the demo registry: 未参保
OTHER = man_born_1960(82)
UNIT = "91440300708461136T"         # the demo registry's 正常参保 unit (缴费核定)
NEW_UNIT = "91440300MA5F00001A"     # the demo registry's 未登记 unit (参保登记)


@pytest.fixture
def central(central_sqlite_client):
    return central_sqlite_client


def _client(central, token: str | None = None) -> CentralClient:
    return CentralClient("http://testserver", tokens=StaticToken(token), transport=central._transport)


class Window:
    """A workstation of office FT with its own store, its case workflow looking records up at the
    centre and asking it at 受理审核 (``online`` False: no centre configured)."""

    def __init__(self, central, template, tmp_path, ws: str, *, online: bool = True):
        path = tmp_path / f"{ws}.sqlite3"
        shutil.copyfile(template, path)
        self.central, self.ws = central, ws
        self.store = Store.open(path)
        with _client(central) as c:
            self.token = c.login("clerk01", "clerk01-demo", ws).access_token
        self.records = RecordService(self.store, (lambda: _client(central, self.token)) if online else None,
                                     who=lambda: ("clerk01", ws))
        self.cases = CaseWorkflow(self.store, actor="clerk01", office="福田分局", office_code="FT",
                                  workstation_id=ws, records=self.records)

    def open(self, service: str, applicant: dict, *, applicant_type: str = "individual", variants=()) -> str:
        """A new case with every material, submitted (受理审核)."""
        view = self.cases.create(service, applicant_type, variants=variants, applicant=applicant)
        cid = view.case.id
        self.cases.submit(cid)
        for m in view.service.plan(applicant_type, tuple(variants)).materials:
            self.cases.tick(cid, m.code)
        return cid

    def register(self, applicant: dict, **kw) -> str:
        """A 参保登记 taken, carried out and 办结."""
        cid = self.open("reg_enroll", applicant, **kw)
        assert self.cases.decide(cid, expected="accepted").case.state is CaseState.accepted
        run_steps(self.cases, cid)
        assert self.cases.complete(cid).case.state is CaseState.completed
        return cid

    def sync(self) -> None:
        with _client(self.central, self.token) as c:
            report = SyncWorker(self.store, c, workstation_id=self.ws).run_once(check_clock=False)
        assert report.rejected == 0 and report.conflict == 0, report

    def case_no(self, cid: str) -> str:
        return self.cases.get(cid).case.case_no

    def close(self) -> None:
        self.store.close()


@pytest.fixture
def windows(central, _migrated_template, tmp_path):
    made: list[Window] = []

    def make(ws: str, **kw) -> Window:
        w = Window(central, _migrated_template, tmp_path, ws, **kw)
        made.append(w)
        return w

    yield make
    for w in made:
        w.close()


def _person(id_number: str) -> dict:
    return {"name": "张八十", "id_number": id_number, "phone": "13800138000"}


def _unit(code: str) -> dict:
    return {"unit_name": "深圳市某某有限公司", "credit_code": code}


# ------------------------------------------------------------------------------------ units (finding 2)

def test_a_units_second_contribution_assessment_is_refused_at_the_same_window(windows):
    a = windows("FT-W01", online=False)
    first = a.open("contribution", _unit(UNIT), applicant_type="unit")
    second = a.cases.create("contribution", "unit", applicant=_unit(UNIT.lower())).case.id
    with pytest.raises(TransitionRefused, match=a.case_no(first)) as refused:
        a.cases.submit(second)
    assert refused.value.reason.code == "unit_duplicate_case"
    assert str(refused.value).startswith("同一参保单位已有「缴费核定」办件")
    # another unit's is taken
    a.open("contribution", _unit("91440300MA5F00002D"), applicant_type="unit")
    # and a unit's 参保登记 likewise
    a.open("reg_enroll", _unit(NEW_UNIT), applicant_type="unit")
    again = a.cases.create("reg_enroll", "unit", applicant=_unit(NEW_UNIT)).case.id
    with pytest.raises(TransitionRefused, match="参保登记"):
        a.cases.submit(again)


def test_a_units_second_contribution_assessment_is_refused_at_another_window_by_the_centre(central, windows):
    a, b = windows("FT-W01"), windows("FT-W02")
    first = a.open("contribution", _unit(UNIT), applicant_type="unit")
    a.sync()
    second = b.cases.create("contribution", "unit", applicant=_unit(UNIT)).case.id
    with pytest.raises(TransitionRefused, match=a.case_no(first)) as refused:
        b.cases.submit(second)
    assert refused.value.reason.code == "unit_duplicate_case_elsewhere"
    assert b.cases.get(second).case.state is CaseState.draft
    # a person's case of the same service is not mistaken for the unit's, nor the reverse
    b.open("contribution", _person(OTHER))
    # the centre keeps a keyed digest of the credit code, kept apart from any ID number's
    from counter_central.samecase import CasePersonRow, person_digest, unit_digest

    with Session(central.app.state.engine) as s:
        rows = {r.case_no: r.person for r in s.scalars(select(CasePersonRow))}
    assert rows[a.case_no(first)] == unit_digest(UNIT) != person_digest(UNIT)
    assert centre_columns_holding(central.app.state.engine, (UNIT, OTHER)) == []


# ------------------------------------------------------------------------------------ registered (finding 3)

def test_a_person_registered_here_cannot_register_again_and_may_change_their_record(windows):
    a = windows("FT-W01")
    first = a.register(_person(PERSON))
    # completed, not archived: the same-case rule refuses a second 参保登记 at once ...
    second = a.cases.create("reg_enroll", "individual", applicant=_person(PERSON)).case.id
    with pytest.raises(TransitionRefused, match=a.case_no(first)):
        a.cases.submit(second)
    # ... and the acceptance conditions read the person as registered (本机办结, 待核心系统确认)
    answer, evaluations, _ = precheck(load_catalog(), a.records, service_code="reg_enroll", id_number=PERSON,
                                      uscc=None, applicant_type="individual")
    assert answer["outcome"] == OutcomeKind.not_eligible.value, answer
    cond = next(e for e in evaluations if e.code == "not_yet_registered")
    assert "本机办结参保登记" in cond.explanation and a.case_no(first) in cond.explanation
    # their 变更登记 is taken, not refused as 尚未参保登记
    change = a.open("reg_change", _person(PERSON), variants=("person.mobile",))
    outcome = a.cases.get(change).outcome
    assert outcome.kind is OutcomeKind.accepted, outcome
    # once the first is archived the same-case rule lets a new one through to the conditions, which
    # refuse it (不予受理, 6.1.1.2.2) while the core system still has no record of the person
    a.cases.archive(first)
    third = a.open("reg_enroll", _person(PERSON))
    outcome = a.cases.get(third).outcome
    assert outcome.kind is OutcomeKind.not_eligible, outcome
    assert any("已在本市参保" in r or "参保登记" in r for r in outcome.reasons), outcome.reasons


def test_a_person_registered_at_another_window_cannot_register_again_there(central, windows):
    a, b = windows("FT-W01"), windows("FT-W02")
    first = a.register(_person(PERSON))
    a.sync()
    # the centre's check refuses a second 参保登记 while the first is 办结 and not archived
    second = b.cases.create("reg_enroll", "individual", applicant=_person(PERSON)).case.id
    with pytest.raises(TransitionRefused, match=a.case_no(first)):
        b.cases.submit(second)
    # the record the centre answers is read with the registration done at FT-W01
    answer, evaluations, _ = precheck(load_catalog(), b.records, service_code="reg_enroll", id_number=PERSON,
                                      uscc=None, applicant_type="individual")
    assert answer["outcome"] == OutcomeKind.not_eligible.value, answer
    assert any("FT分局办结参保登记" in e.explanation for e in evaluations), [e.explanation for e in evaluations]
    change = b.open("reg_change", _person(PERSON), variants=("person.mobile",))
    assert b.cases.get(change).outcome.kind is OutcomeKind.accepted
    # a unit registered at FT-W01 the same way
    a.register(_unit(NEW_UNIT), applicant_type="unit")
    a.sync()
    answer, _, _ = precheck(load_catalog(), b.records, service_code="reg_enroll", id_number=None, uscc=NEW_UNIT,
                            applicant_type="unit")
    assert answer["outcome"] == OutcomeKind.not_eligible.value, answer
    # the index and the registry answers keep no ID number in clear (a unit's accepted case entries carry
    # its credit code, as before: no personal data)
    assert centre_columns_holding(central.app.state.engine, (PERSON,)) == []
