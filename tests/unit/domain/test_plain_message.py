"""domain.messages.plain_message: the sentence a person is shown for a failure. A centre's refusal
(counter_protocol.sync.Refusal: the client's RequestRejected) carries its Chinese detail and a
machine code in ``reason``; the detail is what the clerk reads, never the generic sentence."""

from __future__ import annotations

from counter_app.domain.messages import GENERIC, plain_message
from counter_app.sync.client import RequestRejected


def test_a_centre_refusal_with_a_code_shows_its_detail():
    exc = RequestRejected(403, "没有权限执行此操作", "forbidden", "需要角色：field")
    assert plain_message(exc) == "没有权限执行此操作"
    assert plain_message(exc, "操作未完成") == "操作未完成：没有权限执行此操作"


def test_a_centre_refusal_without_a_code_shows_its_detail():
    assert plain_message(RequestRejected(409, "该审批申请已过期（72 小时），不能再作决定")) == \
        "该审批申请已过期（72 小时），不能再作决定"


def test_a_reason_in_words_comes_before_the_message():
    class Refused(Exception):
        reason = "办件已办结，不能再修改"

    assert plain_message(Refused("internal")) == "办件已办结，不能再修改"


def test_raw_text_or_no_chinese_anywhere_is_the_generic_sentence():
    assert plain_message(RequestRejected(400, "bad request", "bad_request")) == GENERIC
    assert plain_message(RequestRejected(400, "请求失败：Traceback (most recent call last)", "x")) == GENERIC
    assert plain_message(ValueError("出错了 [Errno 5] Input/output Error")) == GENERIC
