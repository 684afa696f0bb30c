"""Why a typed number is not valid, in the clerk's language (ui.identifier_errors). Review: the line
beside 证件号码 / 统一社会信用代码 / 手机号码, and 请先更正申请人信息 built from it, showed
counter_protocol.identifiers' Chinese in the English UI."""

from __future__ import annotations

import ast
import inspect
import re
from datetime import date

from counter_app.ui.identifier_errors import TEMPLATES, identifier_text
from counter_protocol import identifiers
from counter_protocol.identifiers import check_id, check_mobile, check_uscc
from tests.support.templates import template_of

HAN = re.compile(r"[\u4e00-\u9fff]")
TODAY = date(2026, 12, 5)

# one typed value per way a check can fail
BAD = [
    (check_id, ""), (check_id, "1234"), (check_id, "44030119900101 23X"), (check_id, "44030119900101123Y"),
    (check_id, "440301179001011236"), (check_id, "440301199013011234"), (check_id, "440301199002301234"),
    (check_id, "440301203001011234"), (check_id, "440301199001011235"), (check_id, "A1C123456789012"),
    (check_id, "ABC12345678901Z"), (check_id, "810000199013011234"),
    (check_uscc, ""), (check_uscc, "91440300"), (check_uscc, "91440300MA5FIXXX1X"), (check_uscc, "91440300ma5f#x001x"),
    (check_uscc, "91440300MA5F00001X"),
    (check_mobile, ""), (check_mobile, "1381234567a"), (check_mobile, "1381234"), (check_mobile, "12812345678"),
]


def test_every_failed_check_reads_english_with_its_figures(english):
    errors = [check(value, today=TODAY).error if check is check_id else check(value).error for check, value in BAD]
    assert all(errors) and len(set(errors)) == len(errors), errors          # each value fails its own way
    shown = [identifier_text(e) for e in errors]
    assert not [(e, s) for e, s in zip(errors, shown, strict=True) if HAN.search(s)]
    assert shown[1] == ("Wrong length: an ID number has 18 characters (15 for the old foreign permanent "
                        "residence card), this one has 4")
    assert "a space" in shown[2] and "15" in shown[2]
    assert shown[6].startswith("Resident ID card: the birth date is not valid") and "1990-2 has no day 30" in shown[6]
    assert "2030" not in shown[6] and "“20300101”" in shown[7]
    assert shown[11].startswith("Residence permit for Hong Kong and Macao residents")


def test_every_sentence_of_the_checks_is_listed():
    """Each f-string the checks give as an error (the birth date's sentences are composed of two, and
    are checked above) is listed, with its values as %1 …"""
    sentences = []
    for node in ast.walk(ast.parse(inspect.getsource(identifiers))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_bad" and node.args:
            arg = node.args[0]
            template = template_of(arg)
            if template is not None:
                sentences.append(template)
    # composed of two (the birth date's %1%2, the code character's hint %3): checked above; a postcode
    # or a bank card is not typed in the window
    composed = {"%1%2", "第%1位字符%2无效%3"}
    scanned = [s for s in sentences if s not in composed and not re.search("邮政编码|银行卡号|Luhn", s)]
    assert len(scanned) >= 12, scanned
    assert not [s for s in scanned if s not in TEMPLATES]


def test_chinese_is_the_default_and_a_sentence_not_listed_stays(qapp):
    error = check_id("440301199001011235").error
    assert identifier_text(error) == error
    assert identifier_text("证件类型不支持") == "证件类型不支持"

