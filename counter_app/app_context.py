"""Application wiring: settings, paths, the local store and the signed-in user.

The UI and the CLI receive one :class:`AppContext`; adapters are created from it on demand so
start-up does not pay for devices, printing or sync it has not used yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from counter_app.config import Settings
from counter_app.paths import AppPaths
from counter_app.storage.db import Store


@dataclass
class UserSession:
    """Who is at the counter (经办人)."""

    username: str = ""
    display_name: str = ""
    role: str = "clerk"          # clerk | supervisor | field | admin
    online: bool = False         # signed in against the central service (vs offline login)


ROLE_NAMES = {"clerk": "窗口经办", "supervisor": "审核主管", "field": "上门认证", "admin": "系统管理"}


@dataclass
class AppContext:
    settings: Settings
    paths: AppPaths
    store: Store
    user: UserSession = field(default_factory=UserSession)
    demo: bool = False
    login_note: str = ""          # offline login / clock skew notice for the status bar
    services: dict[str, Any] = field(default_factory=dict)

    @property
    def actor(self) -> str:
        return self.user.username or "anonymous"

    def close(self) -> None:
        for svc in self.services.values():
            close = getattr(svc, "close", None)
            if callable(close):
                close()
        self.store.close()


def _cached(ctx: AppContext, key: str, factory):
    svc = ctx.services.get(key)
    if svc is None:
        svc = ctx.services[key] = factory()
    return svc


def case_service(ctx: AppContext):
    """办件服务 for the signed-in clerk (catalog loaded once)."""
    from counter_app.workflows.cases import CaseService

    office = ctx.settings.office
    return _cached(ctx, f"cases:{ctx.actor}", lambda: CaseService(
        ctx.store, actor=ctx.actor, office=office.name, office_code=office.code,
        workstation_id=office.workstation_id))


def print_queue(ctx: AppContext):
    from counter_app.printing.printqueue import PrintQueue

    return _cached(ctx, "print_queue", lambda: PrintQueue(
        ctx.store, default_printer=ctx.settings.printer.name, spool_dir=ctx.paths.data_dir / "spool",
        actor=ctx.actor, workstation_id=ctx.settings.office.workstation_id))


def outbox(ctx: AppContext):
    from counter_app.sync.outbox import OutboxRepository

    return _cached(ctx, "outbox", lambda: OutboxRepository(ctx.store))


def auth_manager(ctx: AppContext):
    from counter_app.sync.auth import AuthManager

    return _cached(ctx, "auth", lambda: AuthManager(ctx.store, ctx.settings))


def open_card(ctx: AppContext):
    """A card reader for the configured backend (opened on a worker thread by the caller)."""
    from counter_app.devices.card import open_card_reader

    return open_card_reader(ctx.settings)


def open_fingerprint_device(ctx: AppContext):
    from counter_app.devices.fingerprint import open_fingerprint

    return open_fingerprint(ctx.settings)


def sync_round(ctx: AppContext, *, batch_size: int = 200):
    """One push + pull round with the central service; blocking — call from a worker thread."""
    from counter_app.sync.client import CentralClient
    from counter_app.sync.worker import SyncReport, SyncWorker

    auth = auth_manager(ctx)
    user = ctx.user.username or auth.current_user()
    tokens = auth.tokens(user) if user else None
    if tokens is None or not tokens.access_token():
        report = SyncReport()
        report.needs_login = True
        report.error = "尚未联网登录中心服务"
        return report
    client = CentralClient(ctx.settings.central.url, timeout=ctx.settings.central.timeout_seconds, tokens=tokens)
    try:
        report = SyncWorker(ctx.store, client, workstation_id=ctx.settings.office.workstation_id,
                            batch_size=batch_size).run_once()
        if report.online:
            auth.flush_revocations()
        return report
    finally:
        client.close()
