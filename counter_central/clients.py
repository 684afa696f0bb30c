"""Which counter program each workstation runs (客户端构建): the centre keeps, per workstation, the
last client build it saw (the counter's User-Agent ``counter-app/<version>+<build> protocol/<n>``,
counter_protocol.sync.client_agent), so ``counter-central workstations list`` shows IT which
machines are behind (docs/deployment.md, "Which build each workstation runs").

Cheap on the request path: each worker remembers what it last wrote for a workstation and writes
only when that changes (a dictionary look-up per request, one small UPDATE per workstation per
upgrade). A worker just started knows nothing yet: the build already recorded comes with the token
(core.principal), so it writes only when that differs. It is committed as soon as the sign-in is
checked, before the request's own work: a record of who asked, kept even when the request is then
refused — it changes no business data, and the request's own writes stay one transaction.
"""

from __future__ import annotations

import logging
import threading

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from counter_protocol import sync as p
from counter_central.db import Workstation, utcnow

log = logging.getLogger(__name__)

MAX_AGENT = 80      # workstations.client_build


def client_build(user_agent: str) -> tuple[str, int | None]:
    """(what to keep as the workstation's client build, the protocol version it named): a counter's
    release+build; for anything else (a counter built before it named itself says
    ``python-httpx/…``) the User-Agent itself, printable ASCII, cut to :data:`MAX_AGENT`."""
    parsed = p.parse_client_agent(user_agent)
    if parsed is not None:
        return parsed
    shown = "".join(ch for ch in user_agent if " " <= ch <= "~").strip()[:MAX_AGENT]
    return shown or "?", None


class ClientBuilds:
    """The recorder of one worker process (app.state.client_builds)."""

    def __init__(self) -> None:
        self._written: dict[str, str] = {}     # workstation id -> the User-Agent last written for it
        self._lock = threading.Lock()

    def seen(self, s: Session, workstation_id: str, user_agent: str | None,
             recorded: tuple[str | None, int | None] | None = None) -> None:
        """The workstation ``workstation_id`` asked with ``user_agent``, in the request's session
        ``s`` right after its sign-in was checked (nothing of the request written yet): when the
        build is new, it is written and committed there (one transaction: the embedded database
        takes its write lock at BEGIN, so a second connection of the same request would wait for
        it). ``recorded`` is what the database holds for the workstation, when the request has read
        it already (with its token): a worker that has not written the build itself (since its start)
        then writes nothing when that is the build already recorded. Never fails the request."""
        if not user_agent or self._written.get(workstation_id) == user_agent:
            return
        build, protocol = client_build(user_agent)
        if recorded == (build, protocol):
            with self._lock:
                self._written[workstation_id] = user_agent
            return
        try:
            s.execute(update(Workstation)
                      .where(Workstation.workstation_id == workstation_id,
                             or_(Workstation.client_build.is_distinct_from(build),
                                 Workstation.client_protocol.is_distinct_from(protocol)))
                      .execution_options(synchronize_session=False)
                      .values(client_build=build, client_protocol=protocol, client_seen_at=utcnow()))
            s.commit()
        except Exception:     # bookkeeping only: tried again on the next request
            s.rollback()
            log.warning("client build of workstation %s not recorded", workstation_id, exc_info=True)
            return
        with self._lock:
            self._written[workstation_id] = user_agent
