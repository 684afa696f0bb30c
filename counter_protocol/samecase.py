"""同一参保人的第二件办件 across workstations (重复受理): the counter asks the centre, at 受理审核,
whether the 参保人 has a case of the same service in hand anywhere, and the centre flags a second
case that reached it anyway (accepted offline at another window).

    POST /api/v1/cases/open-check  OpenCaseCheck → OpenCaseAnswer   (clerk / supervisor)

The ID number travels only in request BODIES (this check's, and ``OutboxItem.person`` of a push):
never in a URL, never stored in clear by the centre, which keeps a keyed digest (HMAC-SM3 under a
centre secret, ``counter_central.samecase``). Which earlier case blocks a second one is the
catalog's ``second_case`` rule, judged by the table both sides share (``counter_rules.second_case``).

A 重复受理 the centre finds on push comes back to the counters of both cases as a case update of
kind :data:`DUPLICATE_KIND` (pull): ``state`` ``open`` names the other case (number, office,
workstation, state); ``resolved`` when one of the two left its blocking state (不予受理、不予认定、办结后归档…).

A case the centre had received before it kept the index is announced once by its workstation
(:data:`ANNOUNCE_KIND`, the person beside the payload as for a transition).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

OPEN_CHECK_PATH = "/cases/open-check"
DUPLICATE_KIND = "case.duplicate_accepted"
DUPLICATE_OPEN = "open"
DUPLICATE_RESOLVED = "resolved"
# A case the centre received before it kept its person index (c0025): the workstation names its
# 参保人 once (outbox entry of aggregate ``case``; the person beside the payload, as ``OutboxItem.person``
# of a transition, never in it); the centre indexes the case in the state it holds it in
ANNOUNCE_KIND = "case.samecase"

ID_NUMBER = Field(min_length=15, max_length=18, pattern=r"^[0-9A-Za-z]+$")
_ID_NUMBER = r"^[0-9A-Za-z]{15,18}$"
_CREDIT_CODE = r"^[0-9A-Za-z]{18}$"
# a 变更项目 code of the catalog (no NUL, no control character: the request is checked whole)
Variant = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Party(_Model):
    """Whom a case is about: a 参保人 by ID number, or — a unit's own case (参保单位的参保登记、缴费核定
    …) — the 参保单位 by its 统一社会信用代码; exactly one of the two. The centre keeps only a keyed
    digest of either (counter_central.samecase), the credit code's kept apart from any ID number's."""

    id_number: str | None = Field(default=None, pattern=_ID_NUMBER)
    credit_code: str | None = Field(default=None, pattern=_CREDIT_CODE)

    @model_validator(mode="after")
    def _one_party(self) -> "_Party":
        if (self.id_number is None) == (self.credit_code is None):
            raise ValueError("须填写证件号码或统一社会信用代码之一")
        return self

    @property
    def party(self) -> str:
        """``person`` or ``unit``."""
        return "unit" if self.credit_code is not None else "person"

    @property
    def ident(self) -> str:
        return str(self.credit_code if self.credit_code is not None else self.id_number)


class CasePerson(_Party):
    """The 参保人 (or the 参保单位 of a unit's own case) of the case a pushed ``case.transition``
    entry moves (``OutboxItem.person``): the ID number or credit code (the centre keeps only its
    keyed digest, never this) and the case's variants (变更项目, for ``refused_while_open_same_item``).
    Not part of the entry's payload or digest."""

    variants: list[Variant] = Field(default_factory=list, max_length=64)


class OpenCaseCheck(_Party):
    """Is there a case of ``service_code`` for this 参保人 (``id_number``) or 参保单位 (``credit_code``,
    a unit's own case) in hand anywhere? ``case_id``: the asking case (not counted against itself);
    ``variants``: its 变更项目."""

    service_code: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    case_id: str | None = Field(default=None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    variants: list[Variant] = Field(default_factory=list, max_length=64)


class OpenCase(_Model):
    """The earlier case in the way: its 办件编号, office, state. ``workstation_id`` only for a case
    of the asker's own office (another office's case is named by number and office only)."""

    case_no: str
    office_code: str
    workstation_id: str | None = None
    service_code: str
    state: str
    state_name: str
    items: list[str] = Field(default_factory=list)    # the 变更项目 in common (same-item rule)


class OpenCaseAnswer(_Model):
    """``blocking`` None: no case anywhere stands in the way (as far as the centre knows)."""

    blocking: OpenCase | None = None
    rule: str = ""
    reason: str = ""       # the catalog's words for the rule (second_case.reason)
