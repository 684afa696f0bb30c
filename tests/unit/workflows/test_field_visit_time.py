"""The field laptop refuses a visit time in the future while the worker can still correct it: the
centre refuses such a visit (it would move the next lapse ahead), and a sealed visit cannot be
edited afterwards. The allowance is the protocol's clock-skew limit
(counter_protocol.certification.FUTURE_ALLOWANCE)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from counter_app.workflows import field
from counter_protocol.certification import FUTURE_ALLOWANCE

STAFF = [field.Staff("field01"), field.Staff("field02")]


@pytest.mark.parametrize("ahead", [timedelta(days=1), timedelta(days=365 * 73), FUTURE_ALLOWANCE + timedelta(minutes=1)])
def test_a_visit_time_in_the_future_is_refused_with_a_chinese_message(store, ahead):
    with pytest.raises(field.FieldError, match="上门时间晚于现在"):
        field.record_visit(store, "no-such-assignment", staff=STAFF, workstation_id="L-1", result="eligible",
                           address_confirmed=True, visited_at=datetime.now(timezone.utc) + ahead)


@pytest.mark.parametrize("at", [None, datetime.now(timezone.utc) - timedelta(hours=3),
                                datetime.now(timezone.utc) + timedelta(minutes=2)])
def test_now_a_past_time_or_a_clock_minutes_ahead_pass_that_check(store, at):
    # the next check is the assignment's: reaching it means the time was accepted
    with pytest.raises(field.FieldError, match="名单中没有这项任务"):
        field.record_visit(store, "no-such-assignment", staff=STAFF, workstation_id="L-1", result="eligible",
                           address_confirmed=True, visited_at=at)


def test_the_store_engine_hides_a_failing_statement_s_values(store):
    """The local store's engine keeps bound values out of its exceptions (the log masks ID numbers
    and phones, but not an unlabelled name or address)."""
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    name = "王秀英福田区某路1号"
    with store.engine.begin() as conn:
        conn.execute(text("CREATE TABLE leak_probe (k TEXT PRIMARY KEY)"))
        conn.execute(text("INSERT INTO leak_probe VALUES (:k)"), {"k": name})
    with pytest.raises(IntegrityError) as err, store.engine.begin() as conn:
        conn.execute(text("INSERT INTO leak_probe VALUES (:k)"), {"k": name})
    assert name not in str(err.value)
