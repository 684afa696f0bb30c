"""Number floors at sign-in: a new machine given an existing 工作站编号, or a store restored from a
backup, learns the highest 文号 and case number (办件编号) the centre holds from this workstation as
soon as someone signs in online — before the first case, not only at the first sync round.

One pull page of one change (``PullResponse.number_floors`` is on every page; the change itself is
left for the sync round, no cursor moves) and the same two observers the round uses
(counter_app.printing.numbering.observe_numbers, counter_app.workflows.case_numbers.observe_case_numbers).
Best effort: a failure is logged and the sign-in stands (the sync round does it again). A store
restored from a backup does no business until one of them has succeeded (AuthManager.floors_fetched).
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def refresh_number_floors(auth, username: str) -> int:
    """Raise this store's 文号 and case-number floors to the centre's after an online sign-in of
    ``username`` through ``auth`` (an AuthManager). Returns how many floors moved (0 on any failure)."""
    from counter_app.printing.numbering import observe_numbers
    from counter_app.sync.client import CentralClient
    from counter_app.workflows.case_numbers import observe_case_numbers

    settings, store = auth.settings, auth.store
    ws = settings.office.workstation_id
    if not ws:
        return 0
    try:
        client = CentralClient(settings.central.url, timeout=min(5.0, settings.central.timeout_seconds),
                               tokens=auth.tokens(username))
        try:
            floors = client.pull(0, limit=1).number_floors
        finally:
            client.close()
        raised = (observe_numbers(store, floors, office_code=settings.office.code, workstation_id=ws)
                  + observe_case_numbers(store, floors, workstation_id=ws)) if floors else 0
        auth.floors_fetched()      # a restored store has the centre's numbers now: business may go on
        return raised
    except Exception as exc:   # the sign-in stands; the sync round raises the floors too
        log.warning("number floors not fetched at sign-in: %s", type(exc).__name__)
        return 0
