"""撤回 a sealed home visit before it is sent (tester fieldui D1: a 已死亡 carried over to the next
person was sealed, and nothing could take it back before the sync reported the death): the recorder
withdraws a visit the centre cannot have seen — its outbox entry and record go, the person is on the
roster again and can be visited again, audited with who, which visit and why. A visit that may have
reached the centre (sent once, re-keyed, synced, exported to a file since) is refused in words."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, update

from counter_app.storage import audit
from counter_app.storage.tables_audit import AuditRow
from counter_app.storage.tables_core import OutboxEntry
from counter_app.workflows import field
from counter_protocol import field as fp

WS = "L-WDR-1"
STAFF = [field.Staff("field01"), field.Staff("field02")]
PEOPLE = (("11010519491231002X", "孙桂兰", "福田区测试路 1 号"), ("440304194602117129", "钱测试", "福田区测试路 2 号"))


class _Centre:
    def field_roster(self, pem, days):
        now = datetime.now(timezone.utc)
        return fp.Roster(office_code="FT", generated_at=now, valid_until=now + timedelta(days=14), window_days=60,
                         cycle_months=12, entries=[fp.RosterEntry(
                             assignment_id=f"a-{n}", id_number=i, name=name, address=addr,
                             last_certified=date(2024, 5, 15), valid_until=date(2025, 5, 31), reason="lapsed")
                             for n, (i, name, addr) in enumerate(PEOPLE)])


def _deceased(store) -> tuple[str, dict]:
    field.pull(store, _Centre(), user="field01", workstation_id=WS, office_code="FT")
    key = next(a.key for a in field.roster(store, user="field01") if a.name == "孙桂兰")
    return key, field.record_visit(store, key, staff=STAFF, workstation_id=WS, result="deceased",
                                   address_confirmed=True)


def _entries(store) -> list[OutboxEntry]:
    with store.session() as s:
        return list(s.scalars(select(OutboxEntry).where(OutboxEntry.aggregate_type == fp.AGGREGATE)))


def test_the_recorder_withdraws_an_unsent_visit_and_the_person_is_back_on_the_roster(store):
    key, saved = _deceased(store)
    assert [a.name for a in field.roster(store, user="field01")] == ["钱测试"]     # visited: off the list
    [unsent] = field.unsent_visits(store, user="field01")
    assert unsent["visit_id"] == saved["visit_id"] and unsent["result_text"] == "已死亡"
    assert unsent["name"] == "孙桂兰" and unsent["id_number"] == "110105********002X"     # whom, as the form names her
    assert unsent["address"] == "福田区测试路 1 号"

    done = field.withdraw_visit(store, saved["visit_id"], user="field01", workstation_id=WS,
                                reason="结果选错：本人健在，敲门无人应答")
    assert done == {"visit_id": saved["visit_id"], "result": "deceased", "reopened": True}
    assert _entries(store) == [] and field.visits(store, workstation_id=WS) == []       # nothing goes to the centre
    assert sorted(a.name for a in field.roster(store, user="field01")) == ["孙桂兰", "钱测试"]
    assert field.unsent_visits(store, user="field01") == []
    with store.session() as s:
        [row] = s.scalars(select(AuditRow).where(AuditRow.action == "field.visit_withdrawn")).all()
    assert row.actor == "field01" and row.object_id == saved["visit_id"]
    assert "已死亡" in row.detail and "110105********002X" in row.detail and "11010519491231002X" not in row.detail
    assert "结果选错：本人健在，敲门无人应答" in row.detail and "field02" in row.detail
    # she can be visited again: the right result this time
    again = field.record_visit(store, key, staff=STAFF, workstation_id=WS, result="not_found", address_confirmed=True)
    assert [v["result"] for v in field.visits(store, workstation_id=WS)] == ["not_found"]
    assert again["visit_id"] != saved["visit_id"]


def test_a_withdrawal_needs_a_reason_and_the_recorder(store):
    _, saved = _deceased(store)
    with pytest.raises(field.FieldError, match="请填写撤回原因"):
        field.withdraw_visit(store, saved["visit_id"], user="field01", workstation_id=WS, reason="  ")
    with pytest.raises(field.FieldError, match=r"只有记录这条上门认证的工作人员（field01）可以撤回"):
        field.withdraw_visit(store, saved["visit_id"], user="field02", workstation_id=WS, reason="选错")
    assert field.unsent_visits(store, user="field02") == []
    with pytest.raises(field.FieldError, match="本机没有这条上门认证记录"):
        field.withdraw_visit(store, "no-such-visit", user="field01", workstation_id=WS, reason="选错")
    assert len(_entries(store)) == 1


@pytest.mark.parametrize("how", ["attempted", "sending", "synced", "rekeyed"])
def test_a_visit_that_may_have_reached_the_centre_is_not_withdrawn(store, how):
    """Sent once (the answer lost: the centre may hold it), in flight, synced, or re-keyed (an
    earlier key of it went out): only the centre can correct it now."""
    from counter_app.storage.tables_sync import SupersededEntry

    _, saved = _deceased(store)
    with store.new_session() as s:
        if how == "attempted":
            s.execute(update(OutboxEntry).values(attempts=1, last_error="连接中心服务超时"))
        elif how == "sending":
            s.execute(update(OutboxEntry).values(state="sending", attempts=1))
        elif how == "synced":
            s.execute(update(OutboxEntry).values(state="synced", attempts=1))
        else:
            s.add(SupersededEntry(old_id="0190-old-key", new_id=saved["entry_id"], why="retry"))
        s.commit()
    assert field.unsent_visits(store, user="field01") == []
    with pytest.raises(field.FieldError, match="已发送或可能已送达中心，不能在本机撤回：请联系中心核对更正") as err:
        field.withdraw_visit(store, saved["visit_id"], user="field01", workstation_id=WS, reason="选错")
    assert err.value.reason.code == "field_withdraw_sent"
    assert len(_entries(store)) == 1


def test_a_visit_exported_to_a_file_since_it_was_recorded_is_not_withdrawn(store):
    _, saved = _deceased(store)
    audit.record(store, actor="field01", workstation_id=WS, action="export", object_type="outbox",
                 object_id="/media/usb/queue.jsonl", detail="导出 1 条未同步记录（已加密）")
    with pytest.raises(field.FieldError, match="已导出到文件.*不能在本机撤回") as err:
        field.withdraw_visit(store, saved["visit_id"], user="field01", workstation_id=WS, reason="选错")
    assert err.value.reason.code == "field_withdraw_exported"
    assert len(_entries(store)) == 1
