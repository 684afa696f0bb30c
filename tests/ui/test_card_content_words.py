"""卡内数据有误：… in the English window: the problems' names and details were the card reader's
Chinese (its composed message shown as it is); the window composes the message again through tr()
from the problems (ui.device_errors), while the CLI keeps the Chinese text."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtWidgets import QApplication

from counter_app.devices.card.errors import CardContentError
from counter_app.devices.card.model import CardRecord, checked
from counter_app.ui.device_errors import device_error, error_text
from counter_app.ui.i18n import install_language

HAN = re.compile(r"[\u4e00-\u9fff]")


def _refused(**fields) -> CardContentError:
    base = dict(card_id="440300D15600000500A1B2C3D4E5F607", area_code="440300", card_type="3", spec_version="2.00",
                issuing_institution="440300", issue_date=date(2019, 5, 20), expiry_date=date(2029, 5, 20),
                card_number="A12345678", social_security_number="11010519491231002X", name="王龑", sex="female",
                ethnicity="01", birthplace="1101", birth_date=date(1949, 12, 31), source="pcsc")
    with pytest.raises(CardContentError) as info:
        checked(CardRecord(**{**base, **fields}))
    return info.value


def test_the_refused_cards_problems_read_english(qapp, english_back):
    err = _refused(social_security_number="110105194912310021", name="\x01王\x1b[31m")
    # the CLI's (and the log's) text stays Chinese
    assert err.message.startswith("卡内数据有误：社会保障号码无效（校验位错误") and "姓名含控制字符（U+0001、U+001B）" in err.message
    error = device_error(err)
    assert error_text(error).split("\n")[0] == err.message          # the Chinese window: the same words
    assert install_language(QApplication.instance(), "en")
    text = error_text(error)
    assert not HAN.search(text), text
    message = text.split("\n")[0]
    assert message == ("The data on the card is wrong: invalid social security number (Wrong check character: "
                       "character 18 should be “X”, it is “1”); control characters in the name (U+0001, U+001B). "
                       "Use the ID card instead or check by hand."), message
    assert install_language(QApplication.instance(), "zh_CN")
    assert error_text(error).split("\n")[0] == err.message           # worded again on the switch back


@pytest.mark.parametrize("label", ["社会保障号码不是数字和字母", "姓名不是卡片规定的 GBK 编码",
                                   "姓名不是卡片规定的 GBK 编码（疑为 UTF-8 写卡）"])
def test_every_problem_the_reader_names_reads_english(qapp, english_back, label):
    error = device_error(CardContentError([(label, "")]))
    assert install_language(QApplication.instance(), "en")
    assert not HAN.search(error_text(error)), error_text(error)


def _record(**fields) -> CardRecord:
    base = dict(card_id="440300D15600000500A1B2C3D4E5F607", area_code="440300", card_type="3", spec_version="2.00",
                issuing_institution="440300", issue_date=date(2019, 5, 20), expiry_date=date(2029, 5, 20),
                card_number="A12345678", social_security_number="11010519491231002X", name="王龑", sex="female",
                ethnicity="01", birthplace="1101", birth_date=date(1949, 12, 31), source="pcsc")
    return CardRecord(**{**base, **fields})


def test_a_cards_warnings_read_english_in_the_english_window(qapp, english_back):
    """Was: 卡内出生日期（1949-12-30）与社会保障号码中的出生日期… and 社会保障卡已过有效期… stayed Chinese
    f-strings in the English window. The window words each warning from its template and dates; the
    CLI (``warnings``) keeps the Chinese sentence with ISO dates."""
    from counter_app.ui.device_errors import card_warning_text

    record = _record(birth_date=date(1949, 12, 30), sex="male", expiry_date=date(2025, 3, 5),
                     issue_date=date(2019, 5, 20))
    today = date(2026, 12, 6)
    chinese = record.warnings(today)
    assert chinese[0] == "社会保障卡已过有效期（有效期至 2025-03-05），信息仅供核对，请提示参保人申领新卡。"
    assert chinese[1].startswith("卡内出生日期（1949-12-30）与社会保障号码中的出生日期（1949-12-31）")
    assert len(chinese) == 3 and "性别" in chinese[2]
    items = record.warning_items(today)
    assert card_warning_text(items).split("\n")[0] == "社会保障卡已过有效期（有效期至 2025年3月5日），信息仅供核对，请提示参保人申领新卡。"
    assert install_language(QApplication.instance(), "en")
    lines = card_warning_text(items).split("\n")
    assert not HAN.search("\n".join(lines)), lines
    assert lines[0].startswith("The social security card has expired (valid until 2025-03-05)")
    assert "(1949-12-30)" in lines[1] and "(1949-12-31)" in lines[1]


def test_an_id_cards_warnings_read_english(qapp, english_back):
    from counter_app.devices.idcard.model import IdCardRecord
    from counter_app.ui.device_errors import card_warning_text

    record = IdCardRecord(id_number="11010519491231002X", name="王龑", sex="male", ethnicity_code="01", ethnicity="汉",
                          birth_date=date(1949, 12, 30), address="北京市", issuing_authority="北京市公安局",
                          valid_from=date(2010, 1, 1), valid_until=date(2020, 1, 1))
    assert len(record.warnings(date(2026, 12, 6))) == 3
    assert install_language(QApplication.instance(), "en")
    text = card_warning_text(record.warning_items(date(2026, 12, 6)))
    assert not HAN.search(text), text
    assert text.startswith("The resident ID card has expired (valid until 2020-01-01)")


def test_the_card_warning_table_is_the_devices_current_wording():
    from counter_app.devices.warnings import TEMPLATES
    from counter_app.ui.device_errors import CARD_WARNINGS

    assert {re.sub(r"%(\d)", lambda m: "{%d}" % (int(m[1]) - 1), str(t)) for t in CARD_WARNINGS} == set(TEMPLATES)
