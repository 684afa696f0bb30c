"""Case search over index lookups (issue 20: a store of years): by any part of the case number
(FTS5 trigram), by full name, by ID number, by the start of a unit name; odd input is harmless."""

from __future__ import annotations

import pytest

from counter_app.workflows.case_queries import FILTER_ALL, list_cases
from tests.support.cases import clerk_service

USCC = "91440300MA5G0Q1X2B"


@pytest.fixture
def cases(store):
    workflow = clerk_service(store)
    a = workflow.create("reg_enroll", "individual", applicant={"name": "李四", "id_number": "110105196001010017"}).case
    b = workflow.create("reg_enroll", "individual", applicant={"name": "王五", "id_number": "44030419900101002X"}).case
    c = workflow.create("reg_enroll", "unit", applicant={"unit_name": "深圳市某某科技有限公司", "credit_code": USCC}).case
    return store, a, b, c


def _found(store, q):
    return {r.case_no for r in list_cases(store, FILTER_ALL, q)}


def test_by_any_part_of_the_case_number(cases):
    store, a, b, c = cases
    assert _found(store, a.case_no) == {a.case_no}
    assert _found(store, a.case_no.lower()) == {a.case_no}            # a whole number, typed in lower case
    assert _found(store, a.case_no[-4:]) == {a.case_no}             # the last digits, as clerks type them
    assert _found(store, a.case_no[:-5]) == {a.case_no, b.case_no, c.case_no}  # workstation and day
    assert _found(store, a.case_no[-1:]) >= {a.case_no}               # one character: plain scan
    assert _found(store, "ZZZ-9999") == set()


def test_by_name_id_number_and_unit(cases):
    store, a, b, c = cases
    assert _found(store, "李四") == {a.case_no}
    assert _found(store, "李") == set()                              # names match in full
    assert _found(store, "44030419900101002x") == {b.case_no}         # x or X
    assert _found(store, "深圳市某某") == {c.case_no}                   # a unit by its beginning
    assert _found(store, USCC.lower()) == {c.case_no}
    rows = list_cases(store, FILTER_ALL, "李四")
    assert rows[0].applicant != "李四" and "110105196001010017" not in rows[0].id_masked   # masked


@pytest.mark.parametrize("odd", ['"', "'", "%", "_", "a\"b", "NEAR(", "*", "--", "\\"])
def test_odd_input_finds_nothing_and_does_not_fail(cases, odd):
    store, *_ = cases
    assert _found(store, odd) == set()


def test_the_number_index_follows_new_and_renumbered_cases(cases):
    from sqlalchemy import text

    store, a, *_ = cases
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE cases SET case_no = 'FT-W01-20990101-7777' WHERE id = :id"), {"id": a.id})
    assert _found(store, "20990101-777") == {"FT-W01-20990101-7777"}
    assert _found(store, a.case_no) == set()
    with store.engine.connect() as conn:
        n_fts = conn.exec_driver_sql("SELECT count(*) FROM cases_no_fts").scalar()
        n_cases = conn.exec_driver_sql("SELECT count(*) FROM cases").scalar()
    assert n_fts == n_cases == 3


def _fts_rows(store) -> dict[str, str]:
    with store.engine.connect() as conn:
        conn.exec_driver_sql("INSERT INTO cases_no_fts (cases_no_fts) VALUES ('integrity-check')")
        keys = dict(conn.exec_driver_sql("SELECT case_id, n FROM cases_no_fts_keys").all())
        rows = {cid: (rowid, no) for rowid, no, cid in conn.exec_driver_sql("SELECT rowid, case_no, case_id FROM cases_no_fts")}
    assert {cid: rowid for cid, (rowid, _) in rows.items()} == keys     # each FTS row under its case's key
    return {cid: no for cid, (_, no) in rows.items()}


def test_a_deleted_case_leaves_the_number_index_by_its_key(cases):
    """growth_0005: the trigger finds the FTS row of a deleted case by key (housekeeping deletes
    thousands), and the table stays whole."""
    store, a, b, c = cases
    assert _fts_rows(store) == {a.id: a.case_no, b.id: b.case_no, c.id: c.case_no}
    with store.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM cases WHERE id = ?", (b.id,))
    assert _fts_rows(store) == {a.id: a.case_no, c.id: c.case_no}
    assert _found(store, b.case_no[-4:]) == set() and _found(store, a.case_no[-4:]) == {a.case_no}


def test_the_keys_are_built_for_the_cases_of_an_older_store(cases):
    """A store at growth_0004 (number index without keys) upgrades with its cases indexed by key."""
    from alembic import command

    from counter_app.storage.db import _alembic_config

    store, a, b, c = cases
    with store.engine.begin() as conn:
        command.downgrade(_alembic_config(conn), "growth_0004")
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name = 'cases_no_fts_keys'").first() is None
    with store.engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "heads")
    assert _fts_rows(store) == {a.id: a.case_no, b.id: b.case_no, c.id: c.case_no}
    assert _found(store, a.case_no[-4:]) == {a.case_no}


def test_outbox_details_show_system_numbers_whole_and_mask_personal_data():
    """A 办件编号 like FT-W135-20261202-0001 holds '135-2026-1202', which free-text masking takes
    for a mobile number: numbers the system makes are shown whole, personal fields stay masked."""
    from counter_app.workflows.case_queries import mask_fields

    masked = mask_fields({"case_no": "FT-W135-20261202-0001", "archive_no": "FT-W135-20261202-0001-A",
                          "workstation_id": "W135-2026-1202", "note": "FT-W135-20261202-0001",
                          "applicant": {"name": "张三丰", "phone": "13800138000", "id_number": "110105196001010017"}})
    assert masked["case_no"] == "FT-W135-20261202-0001"
    assert masked["archive_no"] == "FT-W135-20261202-0001-A" and masked["workstation_id"] == "W135-2026-1202"
    assert masked["note"] != "FT-W135-20261202-0001"            # free text is still masked
    assert masked["applicant"] == {"name": "张**", "phone": "138****8000", "id_number": "110105********0017"}
