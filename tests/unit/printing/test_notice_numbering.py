"""文号: unique, allocated in the caller's transaction, never reused after reopening or reinstalling."""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from counter_app.domain.documents import DocumentKind
from counter_app.printing import numbering
from counter_app.printing.documents import DocumentError, documents_of_case, get_document, issue_document
from counter_app.printing.integrity import content_digest
from counter_app.printing.samples import sample_fields
from counter_app.storage.db import Store
from counter_app.storage.tables_core import OutboxEntry
from counter_app.storage.uow import UnitOfWork


def _issue(store, kind=DocumentKind.acceptance_notice, case_id="case-1", commit=True, **over):
    fields = sample_fields(kind)
    fields.update(over)
    with UnitOfWork(store, actor="clerk01") as uow:
        doc = issue_document(uow, case_id=case_id, kind=kind, fields=fields, clerk="clerk01")
        if commit:
            uow.commit()
    return doc


def _seq(number: str) -> int:
    return numbering.parse_number(number)["seq"]


def test_number_form_and_sequence_shared_by_kinds(store):
    a = _issue(store, DocumentKind.acceptance_notice)
    b = _issue(store, DocumentKind.guidance_notice)
    pa, pb = numbering.parse_number(a.number), numbering.parse_number(b.number)
    assert a.number.startswith("深社保福田〔2026〕受告第FT-W01-") and a.number.endswith("-000001号")
    assert pb["word"] == "指引" and pb["seq"] == 2 and pa["tag"] == pb["tag"]


def test_record_and_outbox_written_with_digest(store):
    doc = _issue(store, DocumentKind.rejection_decision, case_id="case-9")
    with store.session() as s:
        again = get_document(s, number=doc.number)
        entries = list(s.scalars(select(OutboxEntry).where(OutboxEntry.aggregate_id == doc.id)))
    assert again == doc
    assert doc.digest == content_digest(doc.kind.value, doc.number, doc.fields)
    assert [e.kind for e in entries] == ["document.issued"]
    assert doc.number in entries[0].payload


def test_rollback_takes_the_number_back_with_the_record(store):
    first = _issue(store)
    lost = _issue(store, commit=False)
    assert _seq(lost.number) == _seq(first.number) + 1
    with store.session() as s:
        assert get_document(s, number=lost.number) is None
    nxt = _issue(store)
    assert nxt.number == lost.number   # nothing was printed with it: the series stays gap-free


def test_failure_inside_the_case_step_rolls_the_number_back(store):
    before = _issue(store)
    with pytest.raises(RuntimeError):
        with UnitOfWork(store, actor="clerk01") as uow:
            issue_document(uow, case_id="c", kind=DocumentKind.guidance_notice,
                           fields=sample_fields(DocumentKind.guidance_notice), clerk="clerk01")
            raise RuntimeError("case step failed")
    assert _seq(_issue(store).number) == _seq(before.number) + 1


def test_no_reuse_after_reopening_the_store(store):
    numbers = {_issue(store).number for _ in range(3)}
    path = store.path
    store.close()
    reopened = Store.open(path)
    try:
        more = {_issue(reopened).number for _ in range(3)}
    finally:
        reopened.close()
    assert len(numbers | more) == 6
    assert sorted(_seq(n) for n in more) == [4, 5, 6]


def test_reinstall_gets_a_new_series(store, _migrated_template, tmp_path):
    old = _issue(store)
    fresh_path = tmp_path / "reinstalled.sqlite3"
    shutil.copyfile(_migrated_template, fresh_path)
    fresh = Store.open(fresh_path)
    try:
        new = _issue(fresh)
    finally:
        fresh.close()
    assert _seq(new.number) == 1
    assert numbering.parse_number(new.number)["tag"] != numbering.parse_number(old.number)["tag"]
    assert new.number != old.number


def test_restored_backup_is_raised_by_observed_numbers(store):
    issued = [_issue(store) for _ in range(5)]
    # simulate a restore to the state after the 2nd document: drop the later records and rewind
    from counter_app.storage.tables_printing import DocumentRecord, NumberCounter

    with UnitOfWork(store) as uow:
        for d in issued[2:]:
            uow.session.delete(uow.session.get(DocumentRecord, d.id))
        for c in uow.session.scalars(select(NumberCounter)):
            c.last_seq = 2
        uow.commit()
    with UnitOfWork(store) as uow:
        assert numbering.observe_number(uow.session, issued[-1].number, office_code="FT") is True
        assert numbering.observe_number(uow.session, issued[0].number, office_code="FT") is False
        uow.commit()
    assert _seq(_issue(store).number) == 6


def test_year_starts_a_new_series(store):
    a = _issue(store)
    b = _issue(store, date="2027-01-04")
    assert "〔2027〕" in b.number and _seq(b.number) == 1 and _seq(a.number) == 1


def test_case_documents_listed_in_order(store):
    a = _issue(store, case_id="case-x")
    b = _issue(store, DocumentKind.guidance_notice, case_id="case-x")
    _issue(store, case_id="other")
    with store.session() as s:
        assert [d.number for d in documents_of_case(s, "case-x")] == [a.number, b.number]


def test_bad_input_is_refused_in_chinese(store):
    with pytest.raises(DocumentError, match="不认识的文书种类"):
        with UnitOfWork(store) as uow:
            issue_document(uow, case_id="c", kind="nope", fields=sample_fields(DocumentKind.guidance_notice), clerk="x")
    with pytest.raises(DocumentError, match="工作站编号不正确"):
        _issue(store, workstation_id="FT W01")
    with pytest.raises(DocumentError, match="缺少"):
        _issue(store, office_code="")


def test_install_tag_is_four_crockford_characters():
    tags = {numbering.install_tag_for(f"id-{i}") for i in range(200)}
    assert all(len(t) == 4 and not set(t) & set("ILOU") for t in tags)
    assert len(tags) > 190
