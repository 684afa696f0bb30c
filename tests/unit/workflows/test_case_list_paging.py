"""A year's store: 办理中 and 等待中 loaded every open case and worked out why each waits (~3 ms a
case: 1.5–9 s at 100,000 cases); the list stopped at 500 rows and said 共 500 件 of 1,644; the CLI
loaded everything to filter by state in Python. Now the state filters are SQL, a list is a page
(``limit`` from ``offset``), why a case waits is worked out for the page's rows only, and
``count_cases`` gives every filter's true total."""

from __future__ import annotations

import pytest

from counter_app.workflows import case_queries
from counter_app.workflows.case_queries import (FILTER_ALL, FILTER_OPEN, FILTER_RETURNED, FILTER_WAITING,
                                                count_cases, list_cases)
from counter_app.workflows.cases import CaseWorkflow
from tests.support.cases import MALE_1960, clerk_service, man_born_like, ready_case, transfer_case


@pytest.fixture
def cases(store):
    """8 accepted 参保登记 (of 8 people: the clerk goes on, none waits), 1 draft, and 1 accepted
    转移接续 waiting for its 信息表."""
    workflow = clerk_service(store)
    accepted = []
    for n in range(2, 10):
        cid = ready_case(workflow, "reg_enroll", applicant={"name": "张三", "id_number": man_born_like(MALE_1960, n)})
        workflow.decide(cid, expected="accepted")
        accepted.append(cid)
    draft = workflow.create("reg_enroll", "individual",
                            applicant={"name": "李四", "id_number": man_born_like(MALE_1960, 12)}).case.id
    waiting = transfer_case(store)
    return {"accepted": accepted, "draft": draft, "waiting": waiting}


@pytest.fixture
def evaluated(monkeypatch):
    """The case ids whose full case was loaded to work out why it waits."""
    seen: list[str] = []
    real = CaseWorkflow.get

    def get(self, case_id, *args, **kwargs):
        seen.append(case_id)
        return real(self, case_id, *args, **kwargs)

    monkeypatch.setattr(CaseWorkflow, "get", get)
    return seen


def test_pages_reach_every_open_case_and_the_count_is_the_true_total(store, cases):
    pages = [list_cases(store, FILTER_OPEN, limit=4, offset=k) for k in (0, 4, 8)]
    ids = [r.id for page in pages for r in page]
    assert [len(p) for p in pages] == [4, 4, 2]
    assert sorted(ids) == sorted(cases["accepted"] + [cases["draft"], cases["waiting"]])
    assert count_cases(store)[FILTER_OPEN] == 10 and count_cases(store)[FILTER_ALL] == 10


def test_a_page_works_out_why_only_its_own_cases_wait(store, cases, evaluated):
    rows = list_cases(store, FILTER_OPEN, limit=3)
    assert len(rows) == 3 and len(evaluated) <= 3, evaluated
    evaluated.clear()
    list_cases(store, FILTER_ALL, limit=2, offset=5)
    assert len(evaluated) <= 2, evaluated


def test_waiting_pages(store, cases, evaluated):
    [row] = list_cases(store, FILTER_WAITING)
    assert row.id == cases["waiting"] and row.waiting_kind == case_queries.WAIT_SHEET
    assert [r.id for r in list_cases(store, FILTER_WAITING, limit=1)] == [cases["waiting"]]
    assert list_cases(store, FILTER_WAITING, limit=1, offset=1) == []


def test_one_state_in_sql(store, cases):
    assert [r.id for r in list_cases(store, FILTER_ALL, state="draft")] == [cases["draft"]]
    assert list_cases(store, FILTER_ALL, state="returned") == [] == list_cases(store, FILTER_RETURNED)
    assert len(list_cases(store, FILTER_ALL, state="accepted", limit=5)) == 5
