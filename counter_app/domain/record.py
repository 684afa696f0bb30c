"""The person's and the unit's record (参保人、参保单位档案): the format is shared with the centre and
lives in :mod:`counter_protocol.records` (pure, no I/O); this module is the domain's name for it."""

from counter_protocol.records import (
    PERSON_CATEGORIES,
    PERSON_STATUS_NAMES,
    PersonRecord,
    PersonStatus,
    RecordError,
    UnitRecord,
    UNIT_STATUS_NAMES,
    UnitStatus,
    parse_lines,
    person_from_dict,
    record_from_dict,
    unit_from_dict,
)

__all__ = ["PERSON_CATEGORIES", "PERSON_STATUS_NAMES", "PersonRecord", "PersonStatus", "RecordError", "UnitRecord",
           "UNIT_STATUS_NAMES", "UnitStatus", "parse_lines", "person_from_dict", "record_from_dict", "unit_from_dict"]
