"""Registry look-up over the wire (参保人 / 参保单位档案查询): the counter asks the centre for the
record of one person (by ID number) or one unit (by 统一社会信用代码).

The identifier travels in the request BODY of a POST, never in a URL (URLs end up in proxy and
access logs). The answer carries the record in the JSON-lines form of
:mod:`counter_protocol.records` and the time the registry's data is valid as of (``as_of``).
The day a recorded 暂停发放 took effect travels beside the record (``payment_suspended_on``), never
inside it: a counter of the previous release reads ``record`` strictly (an unknown key there would
make the whole record unreadable) but ignores an unknown answer field (docs/sync.md, "Compatibility").

    POST /api/v1/registry/person   {"id_number": "..."}  → RegistryAnswer
    POST /api/v1/registry/unit     {"uscc": "..."}       → RegistryAnswer
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PERSON_PATH = "/registry/person"
UNIT_PATH = "/registry/unit"

# Kind of the case update the centre posts when its re-check of a provisionally accepted case
# (or one decided on a cached record) disagrees with the counter (docs/registry.md).
RECHECK_KIND = "case.registry_recheck"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PersonLookup(_Model):
    id_number: str = Field(min_length=15, max_length=18, pattern=r"^[0-9A-Za-z]+$")


class UnitLookup(_Model):
    uscc: str = Field(min_length=18, max_length=18, pattern=r"^[0-9A-Za-z]+$")


class RegistrationDone(_Model):
    """The latest 参保登记 / 注销登记 of the person or unit 办结 at any window, as the centre's
    重复受理 index knows it (counter_central.samecase): the counter reads the record's status as
    that case left it until the registry's data is as new (counter_rules.registration). No
    personal data: the case's number, its office, when it was 办结."""

    service_code: str
    case_no: str
    office_code: str = ""
    completed_at: datetime                   # UTC


class RegistryAnswer(_Model):
    """``found`` false: the core system has no such person / unit (``record`` null). ``registration``:
    see :class:`RegistrationDone` (absent from a centre before it; an older counter ignores it)."""

    kind: Literal["person", "unit"]
    found: bool
    record: dict[str, Any] | None = None     # counter_protocol.records JSON form
    as_of: datetime                          # the registry's data is valid as of (UTC)
    source: str = "registry"                 # which adapter answered (docs/registry.md)
    registration: RegistrationDone | None = None
    # the Beijing day the record's 暂停发放 (``payment_suspension``) took effect, where the centre
    # knows it; absent from older centres and for anyone not suspended (counter_protocol.records)
    payment_suspended_on: date | None = None
