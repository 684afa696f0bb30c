"""Identifier checks (证件号码、统一社会信用代码、手机号码、邮政编码、银行卡号): now
:mod:`counter_protocol.identifiers`, shared with the centre. This name stays for work in flight
that still imports it here (thin re-export; new code imports the protocol)."""

from typing import Any

from counter_protocol import identifiers as _impl
from counter_protocol.identifiers import *  # noqa: F403


def __getattr__(name: str) -> Any:
    return getattr(_impl, name)
