"""One PostgreSQL/SQLite switch for INSERT … ON CONFLICT in the centre (counter_central.db
.insert_on_conflict), exercised on both engines with the migrated schema (issue #18)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_central.db import IssuedNumberFloor, WorkstationTally, insert_on_conflict, make_engine, migrate
from counter_central.core import _count_accepted, _raise_number_floors

T0, T1 = datetime(2026, 3, 1, 9, 0), datetime(2026, 3, 1, 10, 0)


@pytest.fixture(params=["sqlite", "postgresql"])
def session(request, tmp_path):
    url = (f"sqlite:///{tmp_path / 'c.sqlite3'}" if request.param == "sqlite"
           else request.getfixturevalue("postgres_url"))
    engine = make_engine(url)
    migrate(engine)
    with Session(engine) as s:
        assert s.get_bind().dialect.name == request.param
        yield s
    engine.dispose()


def test_do_nothing_keeps_the_stored_row_and_returns_only_new_keys(session):
    stmt = insert_on_conflict(session, WorkstationTally).on_conflict_do_nothing(index_elements=["workstation_id"])
    session.execute(stmt, [{"workstation_id": "W1", "accepted": 5, "updated_at": T0}])
    inserted = session.execute(stmt.returning(WorkstationTally.workstation_id),
                               [{"workstation_id": "W1", "accepted": 99, "updated_at": T1},
                                {"workstation_id": "W2", "accepted": 1, "updated_at": T1}]).scalars().all()
    session.commit()
    assert inserted == ["W2"]
    assert dict(session.execute(select(WorkstationTally.workstation_id, WorkstationTally.accepted)).all()) == {"W1": 5, "W2": 1}


def test_do_update_with_excluded_and_where(session):
    def put(seq: int, at: datetime) -> None:
        stmt = insert_on_conflict(session, IssuedNumberFloor)
        session.execute(stmt.on_conflict_do_update(
            index_elements=["workstation_id", "series"],
            set_={"last_seq": stmt.excluded.last_seq, "last_number": stmt.excluded.last_number,
                  "updated_at": stmt.excluded.updated_at},
            where=IssuedNumberFloor.last_seq < stmt.excluded.last_seq),
            [{"workstation_id": "W1", "series": "S", "last_seq": seq, "last_number": f"N{seq}", "updated_at": at}])
        session.commit()

    put(3, T0)
    put(7, T1)
    put(5, T1)                                   # lower: the WHERE keeps 7
    row = session.get(IssuedNumberFloor, ("W1", "S"))
    session.refresh(row)
    assert (row.last_seq, row.last_number, row.updated_at) == (7, "N7", T1)


def test_the_push_helpers_use_it_on_both_engines(session):
    _count_accepted(session, "W1", 2, T0)
    _count_accepted(session, "W1", 3, T1)
    for seq in (4, 2):                           # a floor only goes up
        _raise_number_floors(session, "W1", [{"number": f"深人社〔2026〕受字第W1-AB12-{seq:06d}号"}], T1)
    session.commit()
    tally = session.get(WorkstationTally, "W1")
    assert (tally.accepted, tally.updated_at) == (5, T1)
    floors = session.scalars(select(IssuedNumberFloor)).all()
    assert [(f.workstation_id, f.series, f.last_seq) for f in floors] == [("W1", "W1|AB12|2026", 4)]


def test_a_batchs_case_states_are_written_in_one_statement_and_keep_their_office(session):
    """core._upsert_states: new cases are inserted, a held case takes its new state and entry but
    keeps the office it was first held under; one statement for the batch (an executemany on SQLite)."""
    from sqlalchemy import event

    from counter_central.core import _upsert_states
    from counter_central.db import CaseState

    session.add(CaseState(case_id="C-held", state="draft", last_entry_id="k0", office_code="FT", updated_at=T0))
    session.flush()
    statements: list[str] = []
    bind = session.connection()
    event.listen(bind, "before_cursor_execute", lambda *a: statements.append(a[2]))
    rows = [(f"C-{n:03d}", "draft", f"k{n}", "LH", None) for n in range(50)]
    _upsert_states(session, [("C,comma", "draft", "kc", "LH", "reg_change"), ("C-held", "accepted", "k1", "LH", "reg_cancel"),
                             *rows], T1)
    session.commit()
    got = {c.case_id: (c.state, c.last_entry_id, c.office_code, c.updated_at, c.service_code)
           for c in session.scalars(select(CaseState))}
    assert len(got) == 52
    # a held case keeps its office; its service is filled when it had none, and kept once it has one
    assert got["C-held"] == ("accepted", "k1", "FT", T1, "reg_cancel")
    assert got["C,comma"] == ("draft", "kc", "LH", T1, "reg_change")
    assert got["C-049"] == ("draft", "k49", "LH", T1, None)
    _upsert_states(session, [("C-held", "completed", "k2", "LH", "reg_enroll")], T1)
    session.commit()
    session.expire_all()
    assert session.get(CaseState, "C-held").service_code == "reg_cancel"
    upserts = [st for st in statements if "case_states" in st]
    assert len(upserts) == 1


def test_a_batch_of_keys_is_looked_up_as_one_parameter_and_a_key_with_a_comma_still_found(session):
    """core._pg_any: the push's lookups of keys and case ids send one text that PostgreSQL splits;
    a value the split would cut (a comma, an empty string) makes it send the array as before."""
    from counter_central.core import _pg_any
    from counter_central.db import CaseState

    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("= ANY(...) is the PostgreSQL form (SQLite takes an IN list)")
    for case_id in ("C-1", "C.2", "C,3", ""):
        session.add(CaseState(case_id=case_id, state="draft", last_entry_id="k", office_code="FT", updated_at=T0))
    session.flush()

    def found(ids):
        return sorted(session.scalars(select(CaseState.case_id).where(CaseState.case_id == _pg_any(ids))))

    assert found(["C-1", "C.2", "nothing"]) == ["C-1", "C.2"]
    assert found(["C,3", "C-1"]) == ["C,3", "C-1"]       # not split into "C" and "3"
    assert found([""]) == [""]
    assert found(["C"]) == []


def test_an_unsupported_database_is_refused_with_a_chinese_message():
    class FakeDialect:
        name = "mysql"

    class FakeBind:
        dialect = FakeDialect()

    class FakeSession:
        def get_bind(self):
            return FakeBind()

    with pytest.raises(ValueError, match="只支持 PostgreSQL 或 SQLite"):
        insert_on_conflict(FakeSession(), WorkstationTally)  # type: ignore[arg-type]


@pytest.fixture(params=["sqlite", "postgresql"])
def racing_engine(request, tmp_path):
    """An engine on which two sessions can interleave: PostgreSQL as served, SQLite without the
    centre's BEGIN IMMEDIATE (which serialises the sessions before the race can happen)."""
    from sqlalchemy import create_engine

    if request.param == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'race.sqlite3'}")
    else:
        engine = make_engine(request.getfixturevalue("postgres_url"))
    migrate(engine)
    yield engine
    engine.dispose()


def test_two_first_logins_of_a_supervisor_on_one_workstation_share_one_approval_key(racing_engine):
    """The other login stores the key between this one's look-up and its insert: no unique-key
    error (a 500 at sign-in), both answer the one stored key."""
    from counter_central.approvals import approval_key
    from counter_central.db import ApprovalKey

    theirs: list[str] = []

    class Racing(Session):
        def get(self, entity, ident, **kw):
            found = super().get(entity, ident, **kw)
            if entity is ApprovalKey and not theirs:
                with Session(racing_engine) as other:          # the other login, committed meanwhile
                    theirs.append(approval_key(other, *ident))
                    other.commit()
            return found

    with Racing(racing_engine) as s:
        mine = approval_key(s, "supervisor01", "FT-W01")
        s.commit()
    assert theirs and mine == theirs[0]
    with Session(racing_engine) as s:
        assert s.scalars(select(ApprovalKey.key)).all() == [mine]
        assert approval_key(s, "supervisor01", "FT-W01") == mine                   # kept at the next login


@pytest.fixture(params=["sqlite", "sqlite<3.35"])
def sqlite_session(request, tmp_path):
    """The centre on SQLite as this machine has it, and as SQLAlchemy drives the SQLite of Debian 11
    / UOS (3.34.1, the library the centre's package uses there): below 3.35 its dialect turns
    RETURNING off at the first connection (SQLiteDialect.initialize), as done here."""
    engine = make_engine(f"sqlite:///{tmp_path / 'c.sqlite3'}")
    migrate(engine)
    if request.param == "sqlite<3.35":
        d = engine.dialect
        d.insert_returning = d.update_returning = d.delete_returning = False
        d.insert_executemany_returning = False
    with Session(engine) as s:
        yield s
    engine.dispose()


def test_a_push_stores_its_new_keys_without_returning(sqlite_session):
    """core._insert_ignore on SQLite: how many of a batch's keys were new, with or without
    RETURNING (before, on Debian 11's SQLite every push raised and the centre answered 500)."""
    from counter_central.core import _PG_COLUMNS, _insert_ignore
    from counter_central.db import ReceivedEntry

    def row(key: str) -> tuple:
        values = {"id": key, "workstation_id": "W1", "client_seq": 1, "kind": "case.note", "aggregate_type": "case",
                  "aggregate_id": "C1", "payload": "{}", "payload_digest": "d", "actor": "clerk01",
                  "pushed_by": "clerk01", "source": "push", "supersedes": None, "created_at": T0,
                  "received_at": T1, "outcome": "accepted", "reason": None, "suggested_action": None,
                  "payload_key": 1, "number": None}
        return tuple(values[c] for c in _PG_COLUMNS)

    assert _insert_ignore(sqlite_session, [row("k1"), row("k2")]) == 2
    assert _insert_ignore(sqlite_session, [row("k2"), row("k3"), row("k1")]) == 1    # k1, k2 already stored
    sqlite_session.commit()
    assert sorted(sqlite_session.scalars(select(ReceivedEntry.id))) == ["k1", "k2", "k3"]
