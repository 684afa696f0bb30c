"""PC/SC backend on a real pcscd + vpcd with the emulated social security card."""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from counter_app.devices.card import errors as E
from counter_app.devices.card.pcsc import PcscCardReader
from tests.support.card_emulator import CardProfile
from tests.support.pcsc import VPCD_READER

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]


@pytest.fixture
def reader(pcscd_service):
    r = PcscCardReader(VPCD_READER)
    yield r
    r.close()


def test_full_read_matches_the_card(virtual_card, reader):
    profile = CardProfile(social_security_number="440304198506151237", name="欧阳龑", sex_code="1",
                          birth_date=date(1985, 6, 15), card_number="B87654321", birthplace="440304",
                          ethnicity="02", issue_date=date(2021, 3, 1), expiry_date=date(2031, 3, 1))
    card = virtual_card.insert(profile)
    rec = reader.read()
    assert rec.social_security_number == "440304198506151237"
    assert rec.name == "欧阳龑" and rec.sex == "male" and rec.birth_date == date(1985, 6, 15)
    assert rec.card_number == "B87654321" and rec.spec_version == "2.00"
    assert rec.issue_date == date(2021, 3, 1) and rec.expiry_date == date(2031, 3, 1)
    assert rec.card_id == profile.card_id_hex and rec.area_code == "440300"
    assert (rec.ethnicity, rec.birthplace, rec.card_type) == ("02", "440304", "3")
    assert len(card.commands) == 16


def test_name_outside_the_bmp_through_61xx_get_response(virtual_card, reader):
    card = virtual_card.insert(CardProfile(name="王𠮷", t0_get_response=True))
    rec = reader.read()
    assert rec.name == "王𠮷"
    assert any(c[1] == 0xC0 for c in card.commands)          # GET RESPONSE was needed


def test_6cxx_wrong_length_is_resent_with_the_right_le(virtual_card, reader):
    # This card keeps names in a 20-byte field: READ RECORD with Le for 30 gets 6C16.
    card = virtual_card.insert(CardProfile(name="李龑", strict_le=True, lengths={0x09: 20}))
    rec = reader.read()
    assert rec.name == "李龑"
    name_reads = [c for c in card.commands if c[1] == 0xB2 and c[2] == 0x09]
    assert [c[4] for c in name_reads] == [32, 22]


def test_wrong_application_is_an_unknown_card(virtual_card, reader):
    virtual_card.insert(CardProfile(aid=b"\xa0\x00\x00\x03\x33\x01\x01"))   # e.g. a bank card
    with pytest.raises(E.UnknownCardError) as exc:
        reader.read()
    assert "不是社会保障卡" in exc.value.message and "6A82" in exc.value.detail


def test_missing_file_6a82(virtual_card, reader):
    virtual_card.insert(CardProfile(missing_files=(0xEF06,)))
    with pytest.raises(E.CardDataError) as exc:
        reader.read()
    assert "EF06" in exc.value.message and "6A82" in exc.value.detail


def test_expired_card_still_reads_with_a_warning(virtual_card, reader):
    virtual_card.insert(CardProfile(issue_date=date(2008, 1, 2), expiry_date=date(2018, 1, 2)))
    rec = reader.read()
    assert rec.social_security_number == "11010519491231002X"
    assert rec.is_expired(date.today())
    assert not rec.is_expired(date(2018, 1, 2))
    assert any("已过有效期" in w for w in rec.warnings(date.today()))


def test_third_generation_card_points_to_the_unified_reader(virtual_card, reader):
    virtual_card.insert(CardProfile(spec_version="3.00", third_generation=True))
    with pytest.raises(E.ThirdGenerationCardError) as exc:
        reader.read()
    assert "第三代" in exc.value.message and "统一读卡接口" in exc.value.hint


def test_removed_mid_read_then_retry_succeeds(virtual_card, reader):
    card = virtual_card.insert(CardProfile(remove_after_apdus=5))
    with pytest.raises(E.CardRemovedError) as exc:
        reader.read()
    assert exc.value.retryable and "重新插入" in exc.value.hint
    assert card.removed.wait(2)
    virtual_card.forget_removed()
    virtual_card.insert(CardProfile())                 # the clerk re-inserts: same reader object
    assert reader.read().name == "王龑"


@pytest.fixture
def ran_on(monkeypatch) -> list[threading.Thread]:
    """The thread each read of any PcscCardReader ran on, in order."""
    threads: list[threading.Thread] = []
    real = PcscCardReader._read_with

    def noted(self, ctx, name):
        threads.append(threading.current_thread())
        return real(self, ctx, name)

    monkeypatch.setattr(PcscCardReader, "_read_with", noted)
    return threads


def test_successive_reads_run_on_one_helper_thread(virtual_card, reader, ran_on):
    """The read runs off the caller's thread (so a stuck card can be given up), on one helper kept
    from read to read, not a thread started per read (a quarter of a read's time: bench card-read)."""
    virtual_card.insert(CardProfile())
    assert [reader.read().name for _ in range(4)] == ["王龑"] * 4
    assert len(ran_on) == 4 and len(set(ran_on)) == 1
    assert ran_on[0] is not threading.current_thread() and ran_on[0].is_alive()
    reader.close()
    ran_on[0].join(2)
    assert not ran_on[0].is_alive()          # closing the reader ends its helper


def test_a_stuck_read_is_given_up_and_the_next_read_gets_a_fresh_helper(virtual_card, pcscd_service, ran_on):
    """A card that stops answering: the read fails after the answer bound, with the helper left to
    the stuck call; once the card is pulled that helper ends, and the same reader object reads the
    next card on a new helper."""
    reader = PcscCardReader(VPCD_READER, answer_seconds=1.0)
    try:
        virtual_card.insert(CardProfile(hang_after_apdus=3))
        started = time.monotonic()
        with pytest.raises(E.NoAnswerError):
            reader.read()
        assert time.monotonic() - started < 3
        stuck = ran_on[-1]
        assert stuck.is_alive()                  # still inside SCardTransmit
        virtual_card.remove()
        stuck.join(10)
        assert not stuck.is_alive()              # the stuck call returned, and its helper ended
        virtual_card.insert(CardProfile())
        assert reader.read().name == "王龑"
        assert ran_on[-1] is not stuck
    finally:
        reader.close()


def test_no_card_then_waits_for_one(virtual_card, reader):
    with pytest.raises(E.NoCardError):
        reader.read()
    t0 = time.monotonic()
    with pytest.raises(E.NoCardError):
        reader.read(timeout=0.5)
    assert time.monotonic() - t0 >= 0.45

    threading.Timer(0.3, lambda: virtual_card.insert(CardProfile(), wait=False)).start()
    rec = reader.read(timeout=10)
    assert rec.card_number == "A12345678"


def test_unknown_reader_name_lists_the_readers(pcscd_service):
    r = PcscCardReader("Nonexistent Reader 99")
    try:
        with pytest.raises(E.NoReaderError) as exc:
            r.read()
    finally:
        r.close()
    assert "Nonexistent Reader 99" in exc.value.message and VPCD_READER in exc.value.message


def test_watcher_reports_insert_and_removal(virtual_card, reader):
    events: list = []
    inserted, removed = threading.Event(), threading.Event()
    watch = reader.watch(lambda rec: (events.append(rec), inserted.set()),
                         lambda: (events.append("removed"), removed.set()),
                         lambda err: events.append(err))
    try:
        time.sleep(0.3)
        assert events == []                            # no card yet: nothing reported
        virtual_card.insert(CardProfile(name="王𠮷"))
        assert inserted.wait(5)
        assert events[0].name == "王𠮷"
        virtual_card.remove()
        assert removed.wait(5)
        assert events[-1] == "removed"
    finally:
        watch.stop()
    assert not watch.running


def test_with_no_reader_configured_the_watcher_sees_a_card_in_any_reader(virtual_card):
    """Was: with ``[card] reader = ""`` the watcher watched the first reader only, so a card in the
    second one ('Virtual PCD 00 01', vpcd slot 1) was never reported while a read found it."""
    from tests.support.card_emulator import VPCD_PORT, EmulatedCard
    from tests.support.pcsc import note_removed, respect_gap, wait_card_state

    second = "Virtual PCD 00 01"
    reader = PcscCardReader("")
    assert second in reader.list_readers()
    events: list = []
    inserted, removed = threading.Event(), threading.Event()
    watch = reader.watch(lambda rec: (events.append(rec), inserted.set()),
                         lambda: (events.append("removed"), removed.set()),
                         lambda err: events.append(err))
    try:
        time.sleep(0.3)
        assert events == []
        respect_gap()
        card = EmulatedCard(CardProfile(name="李四"), port=VPCD_PORT + 1).insert()
        try:
            assert inserted.wait(5), events
            assert events[0].name == "李四"
        finally:
            card.remove()
            note_removed()
        assert removed.wait(5), events
        wait_card_state(False, second)
        inserted.clear()
        virtual_card.insert(CardProfile(name="王𠮷"))     # the first reader is still watched
        assert inserted.wait(5), events
        assert events[-1].name == "王𠮷"
    finally:
        watch.stop()
        reader.close()
    assert not watch.running
