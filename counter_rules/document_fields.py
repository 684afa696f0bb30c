"""What leaves the workstation of a printed document's content (``document.issued``'s ``fields``).

The workstation keeps a document's whole content (its 受理告知书's applicant name, ID number,
phone, address…) in its own encrypted store, where the document is verified and reprinted. The
centre reads of it only the office named (``office_code``: a workstation issues its own office's
documents) and the 文号 beside it; what it keeps in ``received_entries`` is a list of what was
issued, not a second copy of the applicant's data. So the entry carries the fields reduced once,
here, by the workstation when it queues the entry and by the centre when it stores one (entries
queued before, and rows stored before: migration c0027_document_fields):

- a key ``id_number`` or ``*_id_number`` keeps its value masked (``440303********1748``);
- a key ``name`` or ``*_name`` under ``applicant`` (the applicant's and the agent's names) keeps
  the family name only (``张**``); names elsewhere (service_name, unit_name…) are not a person's;
- a key naming a phone, mobile, e-mail or address is dropped;
- every other text has any ID or mobile number in it masked (counter_rules.masking.mask_numbers).

Deterministic and idempotent: the same fields give the same reduced fields, and reducing them
again changes nothing — a replayed entry is recognised as the same. The entry's ``digest`` (SM3
over the whole content, counter_app.printing.integrity) is the workstation's, computed as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from counter_rules.masking import mask_id, mask_name, mask_numbers

_DROPPED = ("phone", "mobile", "email", "address")


def _is_id(key: str) -> bool:
    return key == "id_number" or key.endswith("_id_number")


def _reduce(value: Any, *, person: bool) -> Any:
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for k, v in value.items():
            key = str(k)
            if any(word in key.lower() for word in _DROPPED):
                continue
            if _is_id(key) and isinstance(v, str):
                out[key] = mask_id(v)
            elif person and (key == "name" or key.endswith("_name")) and key not in ("type_name", "unit_name") \
                    and isinstance(v, str):
                out[key] = mask_name(v)
            else:
                out[key] = _reduce(v, person=person or key == "applicant")
        return out
    if isinstance(value, list):
        return [_reduce(v, person=person) for v in value]
    if isinstance(value, str):
        return mask_numbers(value)
    return value


def shared_document_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """``fields`` as a ``document.issued`` entry carries (and the centre keeps) them: see above."""
    reduced: dict[str, Any] = _reduce(fields, person=False)
    return reduced


def shared_document_payload(payload: Mapping[str, Any]) -> dict[str, Any] | None:
    """A ``document.issued`` payload with its ``fields`` reduced, or None when they already are
    (or it has none): what the centre stores of it."""
    fields = payload.get("fields")
    if not isinstance(fields, Mapping):
        return None
    kept = shared_document_fields(fields)
    return None if kept == fields else {**payload, "fields": kept}
