"""Number floors out of their series' range, from a hostile centre (a proxy in front of the real one),
never reach a printed document; a huge one does not crash the round; a series used up to its last
number refuses the next one in Chinese instead of printing a number outside the format.

Before: ``…-999999999999号`` raised the 文号 floor and the next 受理告知书 had 文号 …-1000000000000号;
``FT-W01-20261206-999999`` gave the next case FT-W01-20261206-1000000 (7 digits, outside \\d{4,6});
``…-99999999999999999999999号`` raised OverflowError (SQLite INTEGER) in every round.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from counter_app.printing import numbering
from counter_app.printing.documents import DocumentError
from counter_app.storage.tables_printing import NumberCounter
from counter_app.storage.uow import UnitOfWork
from counter_app.workflows.case_numbers import CaseNumbersExhausted, next_case_number, observe_case_numbers
from counter_protocol import numbers
from tests.unit.central.test_number_floors import _floor, _issue, _seq

DAY = datetime(2026, 12, 6, 9, 30)


def _tag(store) -> str:
    return numbers.parse_number(_issue(store))["tag"]


@pytest.mark.parametrize("seq", ["999999999999", "99999999999999999999999", "9" * 5000, "1000000"])
def test_a_floor_past_the_series_range_is_ignored(store, seq, caplog):
    tag = _tag(store)
    absurd = f"深社保福田〔2026〕受告第FT-W01-{tag}-{seq}号"
    assert numbering.observe_numbers(store, [absurd], office_code="FT", workstation_id="FT-W01") == 0
    assert _floor(store, absurd) == 1
    assert _seq(_issue(store)) == 2                     # the next 文号 goes on from the real one
    assert "ignored" in caplog.text and "超出范围" in caplog.text and len(caplog.text) < 400   # said, shortly


def test_a_floor_of_another_century_is_ignored(store):
    tag = _tag(store)
    assert numbering.observe_numbers(store, [f"深社保福田〔2150〕受告第FT-W01-{tag}-000009号"], office_code="FT") == 0


def test_observe_number_in_a_transaction_refuses_it_too(store):
    tag = _tag(store)
    with UnitOfWork(store, actor="clerk01") as uow:
        assert numbering.observe_number(uow.session, f"深社保福田〔2026〕受告第FT-W01-{tag}-{'9' * 23}号",
                                        office_code="FT") is False
        uow.commit()


def test_the_last_number_of_a_series_is_the_last(store):
    """999999 reached (legitimately, or from the centre's floor): the next document is refused in
    Chinese and nothing is written; before, it got …-1000000号."""
    tag = _tag(store)
    last = f"深社保福田〔2026〕受告第FT-W01-{tag}-999999号"
    assert numbering.observe_numbers(store, [last], office_code="FT", workstation_id="FT-W01") == 1
    with pytest.raises(DocumentError, match="文号已用完"):
        _issue(store)
    assert _floor(store, last) == 999999


def test_a_counter_an_earlier_release_raised_past_the_range_is_refused_too(store):
    tag = _tag(store)
    with store.session() as s:
        s.get(NumberCounter, numbering.series_key("FT", "FT-W01", tag, 2026)).last_seq = 999999999999
        s.commit()
    with pytest.raises(DocumentError, match="文号已用完"):
        _issue(store)


# ------------------------------------------------------------------------------ case numbers

def _next(store) -> str:
    with UnitOfWork(store, actor="clerk01") as uow:
        number = next_case_number(uow.session, "FT-W01", DAY)
        uow.commit()
    return number


def test_a_case_number_floor_past_the_format_is_ignored(store, caplog):
    floors = ["FT-W01-20261206-1000000", "FT-W01-20261206-" + "9" * 40]
    assert observe_case_numbers(store, floors, workstation_id="FT-W01") == 0
    assert _next(store) == "FT-W01-20261206-0001"
    assert "ignored" in caplog.text and "9" * 20 not in caplog.text


def test_the_last_case_number_of_a_day_is_the_last(store):
    assert observe_case_numbers(store, ["FT-W01-20261206-999998"], workstation_id="FT-W01") == 1
    assert _next(store) == "FT-W01-20261206-999999"
    with pytest.raises(CaseNumbersExhausted, match="办件编号已用完") as refused:
        _next(store)
    from counter_app.domain.messages import plain_message

    assert "2026-12-06" in plain_message(refused.value) and "意外" not in plain_message(refused.value)
    with UnitOfWork(store, actor="clerk01") as uow:                    # the next day starts again
        assert next_case_number(uow.session, "FT-W01", datetime(2026, 12, 7, 9, 0)) == "FT-W01-20261207-0001"
