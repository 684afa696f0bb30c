"""Decoding of social security card fields and the card-level protocol (no reader needed)."""

from __future__ import annotations

from datetime import date

import pytest

from counter_app.devices.card import errors as E
from counter_app.devices.card.model import (CardRecord, decode_bcd, decode_bcd_date, decode_code,
                                            decode_sex, decode_text, parse_yyyymmdd)
from counter_app.devices.card.pcsc import (EF05_FIELDS, EF06_FIELDS, PcscCardReader, error_from_exception,
                                           error_from_pcsc, full_read_apdus)
from counter_app.devices.card.unified import parse_output


def test_names_decode_as_gb18030_beyond_gb2312_and_bmp():
    # 王龑: 龑 is GBK FD8C (not in GB2312); 𠮷 (U+20BB7) is a GB18030 four-byte sequence.
    assert decode_text(bytes.fromhex("CDF5FD8C") + bytes(26)) == "王龑"
    assert decode_text(bytes.fromhex("CDF595 34B2 35".replace(" ", "")) + bytes(24)) == "王𠮷"
    assert decode_text(bytes.fromhex("C0EECBC4") + b"\xff" * 26) == "李四"


def test_bcd_dates_and_unset_dates():
    assert decode_bcd_date(bytes.fromhex("19491231")) == date(1949, 12, 31)
    assert decode_bcd_date(bytes(4)) is None
    assert decode_bcd_date(b"\xff" * 4) is None
    with pytest.raises(ValueError):
        decode_bcd_date(bytes.fromhex("20231301"))       # month 13
    with pytest.raises(ValueError):
        decode_bcd_date(bytes.fromhex("201905"))         # 3 bytes


def test_bcd_codes_and_sex_and_mixed_codes():
    assert decode_bcd(bytes.fromhex("1101FF")) == "1101"
    assert decode_bcd(bytes.fromhex("01")) == "01"
    assert decode_sex(b"1") == "male" and decode_sex(b"2") == "female"
    assert decode_sex(b"\x01") == "male" and decode_sex(b"9") is None and decode_sex(b"") is None
    assert decode_code(b"3") == "3"
    assert decode_code(bytes.fromhex("440300000000000000000000")) == "440300000000000000000000"


def test_yyyymmdd():
    assert parse_yyyymmdd("20290520") == date(2029, 5, 20)
    assert parse_yyyymmdd("") is None and parse_yyyymmdd("00000000") is None
    with pytest.raises(ValueError):
        parse_yyyymmdd("2029-05-20")


def _record(**kw) -> CardRecord:
    base = dict(social_security_number="11010519491231002X", name="王龑", sex="female",
                birth_date=date(1949, 12, 31), card_number="A12345678", issue_date=date(2019, 5, 20),
                expiry_date=date(2029, 5, 20), area_code="440300", spec_version="2.00",
                card_id="440300D15600000500A1B2C3D4E5F607")
    base.update(kw)
    return CardRecord(**base)


def test_expiry_is_relative_to_the_given_day_and_only_a_warning():
    rec = _record()
    assert not rec.is_expired(date(2029, 5, 20))          # valid through its expiry day
    assert rec.is_expired(date(2029, 5, 21))
    assert rec.warnings(date(2029, 5, 20)) == []
    (warning,) = rec.warnings(date(2030, 1, 1))
    assert "已过有效期" in warning and "2029-05-20" in warning
    d = rec.as_dict(date(2030, 1, 1))
    assert d["expired"] is True and d["expiry_date"] == "2029-05-20" and d["birth_date"] == "1949-12-31"
    assert _record(expiry_date=None).is_expired(date(2100, 1, 1)) is False


def test_unified_output_parses_eleven_fields_and_derives_sex_and_birth():
    text = ("440300|440304198506151237|B87654321|440300d15600000500a1b2c3d4e5f607|张𠮷|3B68|2.00|"
            "20200101|20300101|T01|D01|")
    rec = parse_output(text)
    assert rec.social_security_number == "440304198506151237"
    assert rec.name == "张𠮷" and rec.sex == "male" and rec.birth_date == date(1985, 6, 15)
    assert rec.card_id == "440300D15600000500A1B2C3D4E5F607" and rec.area_code == "440300"
    assert rec.issue_date == date(2020, 1, 1) and rec.expiry_date == date(2030, 1, 1)
    assert rec.extra == {"terminal_number": "T01", "terminal_device_number": "D01"}


def test_unified_third_generation_blank_fields_need_hsm_and_short_output_is_an_error():
    with pytest.raises(E.HsmRequiredError) as exc:
        parse_output("440300||C11111111|440300D1560000050000000000000001||3B68|3.00|20230101|20330101|T|D|")
    assert "加密机" in exc.value.hint
    with pytest.raises(E.CardDataError):
        parse_output("440300|11010519491231002X|A12345678|")
    with pytest.raises(E.CardDataError):
        parse_output("440300|11010519491231002X|A1|ID|名|3B|2.00|2020-01-01|20300101|T|D|")


@pytest.mark.parametrize("rc, cls, during", [
    (0x8010001D, E.PcscServiceError, False),
    (0x8010002E, E.NoReaderError, False),
    (0x8010000C, E.NoCardError, False),
    (0x8010000C, E.CardRemovedError, True),
    (0x80100069, E.CardRemovedError, False),
    (0x80100016, E.CardRemovedError, True),
    (0x8010000B, E.ReaderBusyError, False),
    (0x80100066, E.UnknownCardError, False),
])
def test_pcsc_codes_map_to_clear_errors(rc, cls, during):
    err = error_from_pcsc(rc, during_read=during)
    assert type(err) is cls
    assert err.message and any("\u4e00" <= ch <= "\u9fff" for ch in err.message)
    assert f"{rc:08X}" in err.detail
    # pyscard may hand the code over as a negative int
    assert type(error_from_pcsc(rc - 0x100000000, during_read=during)) is cls


def test_pyscard_exceptions_map_to_clear_errors():
    from smartcard import Exceptions as X

    assert isinstance(error_from_exception(X.CardRequestTimeoutException()), E.NoCardError)
    from smartcard.pcsc.PCSCExceptions import EstablishContextException

    assert isinstance(error_from_exception(EstablishContextException(0x8010001D)), E.PcscServiceError)
    assert isinstance(error_from_exception(X.CardConnectionException("x", hresult=0x80100069)), E.CardRemovedError)
    assert isinstance(error_from_exception(X.NoCardException("no card", 0x8010000C)), E.NoCardError)


def test_removed_and_no_card_are_retryable_unknown_card_is_not():
    assert E.CardRemovedError().retryable and E.NoCardError().retryable
    assert not E.UnknownCardError().retryable
    assert "统一读卡接口" in E.ThirdGenerationCardError().text()


# -- the card-level protocol against a scripted exchange --------------------------------------

def _tlv(tag, value):
    return bytes([tag, len(value)]) + value, 0x9000


def _good_card():
    values = {
        0x01: bytes.fromhex("440300D15600000500A1B2C3D4E5F607"), 0x02: b"3", 0x03: b"2.00",
        0x04: bytes.fromhex("440300000000000000000000"), 0x05: bytes.fromhex("20190520"),
        0x06: bytes.fromhex("20290520"), 0x07: b"A12345678", 0x08: b"11010519491231002X",
        0x09: "王龑".encode("gbk").ljust(30, b"\x00"), 0x0A: b"2", 0x0B: b"\x01", 0x0C: bytes.fromhex("1101FF"),
        0x0D: bytes.fromhex("19491231"),
    }
    return values


def _exchange_for(values, *, aid_sw=0x9000, ef_sw=None):
    ef_sw = ef_sw or {}
    sent = []

    def exchange(apdu):
        sent.append(list(apdu))
        if apdu[1] == 0xA4 and apdu[2] == 0x04:
            return b"", aid_sw
        if apdu[1] == 0xA4:
            return b"", ef_sw.get(apdu[5] << 8 | apdu[6], 0x9000)
        if apdu[1] == 0xB2:
            return _tlv(apdu[2], values[apdu[2]])
        raise AssertionError(apdu)
    return exchange, sent


def test_full_read_sends_the_sixteen_documented_apdus_and_decodes():
    exchange, sent = _exchange_for(_good_card())
    rec = PcscCardReader._read_application(exchange)
    assert sent == full_read_apdus() and len(sent) == 16
    assert sent[0] == [0x00, 0xA4, 0x04, 0x00, 0x0F] + list(bytes.fromhex("7378312E73682EC9E7BBE1B1A3D5CF"))
    assert sent[2] == [0x00, 0xB2, 0x01, 0x00, 18]
    assert [t for t, _ in EF05_FIELDS + EF06_FIELDS] == list(range(1, 14))
    assert (rec.name, rec.sex, rec.birth_date, rec.card_number) == ("王龑", "female", date(1949, 12, 31), "A12345678")
    assert (rec.area_code, rec.ethnicity, rec.birthplace, rec.card_type) == ("440300", "01", "1101", "3")


def test_protocol_errors():
    exchange, _ = _exchange_for(_good_card(), aid_sw=0x6D00)
    with pytest.raises(E.UnknownCardError) as exc:
        PcscCardReader._read_application(exchange)
    assert "6D00" in exc.value.detail

    exchange, _ = _exchange_for(_good_card(), ef_sw={0xEF05: 0x6A82})
    with pytest.raises(E.CardDataError, match="EF05"):
        PcscCardReader._read_application(exchange)

    third = {**_good_card(), 0x03: b"3.00"}
    exchange, sent = _exchange_for(third)
    with pytest.raises(E.ThirdGenerationCardError):
        PcscCardReader._read_application(exchange)
    assert not any(a[1] == 0xA4 and a[-1] == 0x06 for a in sent)   # EF06 never touched

    bad_date = {**_good_card(), 0x0D: bytes.fromhex("19491331")}
    exchange, _ = _exchange_for(bad_date)
    with pytest.raises(E.CardDataError):
        PcscCardReader._read_application(exchange)

    inner = _exchange_for(_good_card())[0]

    def wrong_tag(apdu):
        data, sw = inner(apdu)
        return (bytes([0x55]) + data[1:], sw) if apdu[1] == 0xB2 and apdu[2] == 0x08 else (data, sw)
    with pytest.raises(E.CardDataError):
        PcscCardReader._read_application(wrong_tag)
