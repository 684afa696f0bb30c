"""Two reloads of the field window wiping at once (a saved visit's and the outbox change's, or a
sync round's): the second must not fail with 「本机数据库正忙」 right after a successful save. The
wipe used to read the assignments and then delete them in one deferred transaction: once the
other reload's delete committed, the upgrade of that stale read failed at once (SQLITE_BUSY, which
the busy timeout does not wait out). It now deletes under the write lock (BEGIN IMMEDIATE)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from sqlalchemy import event, func, select, update

from counter_app.storage.tables_field import FieldAssignment
from counter_app.workflows import field
from counter_protocol import field as fp

WS = "L-WIPE"
PEOPLE = ("11010519491231002X", "440304194602117129")


class _Centre:
    def field_roster(self, pem, days):
        now = datetime.now(timezone.utc)
        return fp.Roster(office_code="FT", generated_at=now, valid_until=now + timedelta(days=14), window_days=60,
                         cycle_months=12, entries=[fp.RosterEntry(
                             assignment_id=f"a-{n}", id_number=i, name="王测试", address="福田区测试路 1 号",
                             last_certified=date(2024, 5, 15), valid_until=date(2025, 5, 31), reason="lapsed")
                             for n, i in enumerate(PEOPLE)])


def test_a_second_wipe_meanwhile_does_not_make_the_first_fail(store):
    field.pull(store, _Centre(), user="field01", workstation_id=WS, office_code="FT")
    with store.new_session() as s:           # the roster's period is over: both are to be wiped
        s.execute(update(FieldAssignment).values(expires_at=datetime.now(timezone.utc).replace(tzinfo=None)
                                                 - timedelta(minutes=1)))
        s.commit()
    others: list[int] = []

    def the_other_reload(conn, cursor, statement, parameters, context, executemany):
        # the first wipe has just read the assignments: the other reload wipes them meanwhile
        if not others and statement.lstrip().upper().startswith("SELECT") and "FROM field_assignments" in statement:
            others.append(-1)
            others[0] = field.wipe(store)

    event.listen(store.engine, "after_cursor_execute", the_other_reload)
    try:
        first = field.wipe(store)            # used to raise OperationalError: database is locked
    finally:
        event.remove(store.engine, "after_cursor_execute", the_other_reload)
    assert others == [2] and first == 0
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(FieldAssignment)) == 0
