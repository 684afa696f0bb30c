"""帮助 › 关于: which build this workstation runs, the schema of its store, the centre it syncs with
and whether that centre speaks this build's sync protocol — what IT asks a clerk to read out.
A read of what is there: no request to the centre (the centre's version is the one its health
answer gave at the last sync round that reached it, counter_app.sync.status.centre_seen)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AboutFacts:
    build: str                    # counter_protocol.build.full_version(): 0.1.0.0+5a70176.20261205
    protocol: int                 # this build's sync protocol
    schema: tuple[str, ...]       # the store's schema revision(s) (alembic), empty when unreadable
    schema_latest: bool           # the store is at this build's newest schema
    centre_url: str               # "" when no centre is configured
    centre_version: str = ""      # "" when no sync round has reached the centre yet
    centre_protocol: int | None = None

    @property
    def compatible(self) -> bool | None:
        """Whether the centre speaks this build's sync protocol; None when not known yet."""
        return None if self.centre_protocol is None else self.centre_protocol == self.protocol


def about(store, centre_url: str) -> AboutFacts:
    """The facts of the 关于 box for this workstation's ``store`` and configured ``centre_url``."""
    from counter_app.storage.db import current_revisions, script_heads
    from counter_app.sync.status import centre_seen
    from counter_protocol.build import full_version
    from counter_protocol.sync import PROTOCOL_VERSION

    try:
        schema = current_revisions(store.engine)
        seen = centre_seen(store)
    except Exception:          # the store busy or unreadable: the box still says the build
        schema, seen = set(), None
    return AboutFacts(build=full_version(), protocol=PROTOCOL_VERSION, schema=tuple(sorted(schema)),
                      schema_latest=bool(schema) and schema == script_heads(), centre_url=centre_url or "",
                      centre_version=seen[0] if seen else "", centre_protocol=seen[1] if seen else None)
