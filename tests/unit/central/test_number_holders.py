"""A 文号 or 办件编号 the centre already holds for another document or case is refused, not stored
twice (a counter restored from a backup that numbered on before its first online sign-in)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_central.db import ReceivedEntry
from tests.unit.central.test_central_security import auth, centre, entry, push  # noqa: F401  (fixture)

DOC = "深社保福田〔2026〕受告第FT-W01-7KQ2-000002号"


def _case(seq, case, case_no, to_state="draft", from_state=""):
    return entry(seq, {"case_no": case_no, "from_state": from_state, "to_state": to_state}, case=case)


def _doc(seq, doc, number=DOC):
    return entry(seq, {"number": number}, case=doc, kind="document.issued", aggregate_type="document")


def _stored(app, aggregate_id) -> int:
    with Session(app.state.engine) as s:
        return s.scalar(select(func.count()).select_from(ReceivedEntry).where(ReceivedEntry.aggregate_id == aggregate_id))


def test_a_number_another_document_or_case_holds_is_refused_and_not_stored(centre):  # noqa: F811
    app, client = centre
    h = auth(client, "clerk01", "FT-W01")
    first = push(client, h, "FT-W01", _case(1, "case-a", "FT-W01-20261206-0001"),
                 _case(2, "case-b", "FT-W01-20261206-0002"),
                 _case(3, "case-b", "FT-W01-20261206-0002", "review", "draft"), _doc(4, "doc-b"))
    assert [r["status"] for r in first] == ["accepted"] * 4
    # the restored store: a new case and a new document under numbers already held
    again = push(client, h, "FT-W01", _case(3, "case-c", "FT-W01-20261206-0002"), _doc(4, "doc-c"),
                 _case(5, "case-c", "FT-W01-20261206-0002", "review", "draft"))
    assert [r["status"] for r in again] == ["rejected"] * 3
    assert again[0]["reason"] == "办件编号 FT-W01-20261206-0002 中心已有另一办件使用，不能重复"
    assert again[1]["reason"] == f"文号 {DOC} 中心已有另一文书使用，不能重复"
    assert all("备份恢复" in r["suggested_action"] for r in again)
    assert _stored(app, "case-c") == 0 and _stored(app, "doc-c") == 0


def test_the_same_case_or_document_and_new_numbers_below_the_floor_stay_accepted(centre):  # noqa: F811
    app, client = centre
    h = auth(client, "clerk01", "FT-W01")
    first = _case(1, "case-a", "FT-W01-20261206-0001")
    assert [r["status"] for r in push(client, h, "FT-W01", first, _case(2, "case-b", "FT-W01-20261206-0003"),
                                      _doc(3, "doc-b"))] == ["accepted"] * 3
    res = push(client, h, "FT-W01", first,                                   # the same entry again
               _case(4, "case-a", "FT-W01-20261206-0001", "review", "draft"),  # a case the centre holds
               _case(5, "case-d", "FT-W01-20261206-0002"),                   # below the floor, held by none
               _doc(6, "doc-b"),                                             # the same document again
               _doc(7, "doc-e", "深社保福田〔2026〕受告第FT-W01-7KQ2-000001号"))
    assert [r["status"] for r in res] == ["duplicate", "accepted", "accepted", "accepted", "accepted"]
    # two new cases of one batch under one number: the second is refused
    res = push(client, h, "FT-W01", _case(8, "case-f", "FT-W01-20261206-0009"),
               _case(9, "case-g", "FT-W01-20261206-0009"))
    assert [r["status"] for r in res] == ["accepted", "rejected"]


@pytest.fixture
def pg_centre(postgres_url):
    """The centre on PostgreSQL, where a push first tries its rows optimistically (no lookup of the
    stored keys before the COPY)."""
    from fastapi.testclient import TestClient

    from counter_central.app import create_app
    from counter_central.seed import seed_demo

    app = create_app(postgres_url, demo=True, require_totp=False)
    with Session(app.state.engine) as s:
        seed_demo(s, with_registry=False)
        s.commit()
    with TestClient(app) as client:
        yield app, client
    app.state.engine.dispose()


def test_a_retried_batch_is_found_by_its_keys_not_by_scanning_the_stored_payloads(pg_centre, monkeypatch):
    """A batch sent again after a lost answer holds only numbers at or below the floor: each of its
    entries is found by its key (a duplicate), never by a LIKE over every stored payload (on
    PostgreSQL the first attempt looks up no keys: a scan per document entry of a retried batch)."""
    from counter_central import core

    app, client = pg_centre
    h = auth(client, "clerk01", "FT-W01")
    batch = [_case(1, "case-a", "FT-W01-20261206-0001"), _doc(2, "doc-a")]
    assert [r["status"] for r in push(client, h, "FT-W01", *batch)] == ["accepted"] * 2
    scans = []
    real = core._NumberHolders._holder
    monkeypatch.setattr(core._NumberHolders, "_holder", staticmethod(lambda *a: scans.append(a) or real(*a)))
    assert [r["status"] for r in push(client, h, "FT-W01", *batch)] == ["duplicate"] * 2
    assert scans == []
