"""A store just restored from a backup carries no usable sign-in until the centre's numbers are in.

One use case for both restores: ``counter-app store restore`` (counter_app.cli.store) and the
window's damaged-store dialog at start-up (counter_app.ui.app.offer_backup). A backup is older than
the 文号 and 办件编号 the centre holds from this workstation: whoever the backup had signed in (and
``previous``, whoever was signed in on the store it replaced) is signed out, and business waits for an
online sign-in or a sync round that brings the centre's number floors
(AuthManager.sign_out_restored / restored_refusal / floors_fetched). Then ``store.restored`` is
recorded in the restored store, in nobody's name (no one signed in acted), with the system user.
"""

from __future__ import annotations

from pathlib import Path


def system_user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment
        return "?"


def after_restore(path: Path, settings, *, workstation_id: str | None = None, detail: str, object_id: str,
                  previous: str = "") -> list[str]:
    """Open the restored store at ``path`` (an older backup's schema is migrated now, as at the app's
    next start), sign out its sign-in and ``previous``, record ``store.restored``; the names signed out."""
    from counter_app.storage.audit import record
    from counter_app.storage.db import Store
    from counter_app.sync.auth import AuthManager

    ws = workstation_id or settings.office.workstation_id
    store = Store.open(path)
    try:
        names = AuthManager(store, settings).sign_out_restored(previous)
        record(store, actor="", workstation_id=ws, action="store.restored", object_type="store",
               object_id=object_id, detail=f"{detail}（系统用户 {system_user()}）")
        return names
    finally:
        store.close()
