"""Application wiring: settings, paths, the local store and the signed-in user.

The UI and the CLI receive one :class:`AppContext`; adapters are created from it on demand so
start-up does not pay for devices, printing or sync it has not used yet.

The store may be given open (CLI, tests) or as an opener (the GUI): opening the database is I/O
and needs SQLAlchemy, so the GUI opens it on a worker (:meth:`AppContext.open_store`) while the
window is built, and ``ctx.store`` — read on workers — waits for that one opening. This module
imports neither SQLAlchemy nor pydantic itself.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable

from counter_protocol.roles import ROLE_NAMES  # noqa: F401  (re-exported for the window)

if TYPE_CHECKING:
    from counter_app.config import Settings
    from counter_app.paths import AppPaths
    from counter_app.storage.db import Store

log = logging.getLogger(__name__)


@dataclass
class UserSession:
    """Who is at the counter (经办人)."""

    username: str = ""
    display_name: str = ""
    role: str = "clerk"          # clerk | supervisor | field | admin | auditor
    online: bool = False         # signed in against the central service (vs offline login)
    roles: tuple[str, ...] = ()  # every role of the account (empty: ``role`` alone)

    @property
    def all_roles(self) -> tuple[str, ...]:
        return self.roles or (self.role,)

    @property
    def does_counter_business(self) -> bool:
        """受理、办理、办结、归档 in 业务办理: a clerk or a supervisor (never an auditor, admin or field account alone)."""
        from counter_protocol.roles import does_counter_business

        return does_counter_business(self.all_roles)


# 审批: who sees the approvals panel, and who decides there (the others read it)
APPROVAL_READERS = ("supervisor", "auditor", "admin")
APPROVAL_DECIDERS = ("supervisor",)


def store_opener(path) -> Callable[[], "Store"]:
    """Opens (backs up, migrates) the store at ``path``; call it on a worker thread."""

    def open_store() -> "Store":
        from pathlib import Path

        from counter_app.printing.legacy import tidy_after_open
        from counter_app.storage.db import Store

        store = Store.open(path)
        tidy_after_open(store, Path(path).parent)   # clear spool PDFs and archive parts of earlier releases (#16)
        # what the UI's audit writes need (ui.audit_trail), imported here, under the store's lock and
        # before any task gets the store: a worker importing it while the GUI thread imported pydantic
        # met a partially initialized module and the card read went unaudited
        import counter_app.storage.audit  # noqa: F401
        return store

    return open_store


class AppContext:
    """Settings, paths, the local store and the signed-in user of one running client.

    ``store`` is either an open :class:`~counter_app.storage.db.Store` or ``None`` with
    ``store_opener`` set; then the first :meth:`open_store` (or ``ctx.store``) opens it, once,
    under a lock, and every later caller gets the same store — or the same StoreError again.
    """

    def __init__(self, settings: "Settings", paths: "AppPaths", store: "Store | None" = None, user: UserSession | None = None,
                 demo: bool = False, login_note: str = "", adapters: dict[str, Any] | None = None,
                 store_opener: Callable[[], "Store"] | None = None):
        if store is None and store_opener is None:
            raise ValueError("AppContext needs a store or a store_opener")
        self.settings = settings
        self.paths = paths
        self.user = user if user is not None else UserSession()
        self.demo = demo
        self.login_note = login_note          # offline login / clock skew notice for the status bar
        self.login_result: Any = None         # the sign-in's LoginResult (the window words the note from it)
        self.adapters: dict[str, Any] = adapters if adapters is not None else {}
        self._store = store
        self._store_error: BaseException | None = None
        self._store_opener = store_opener
        self._store_lock = threading.Lock()
        self._adapters_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"AppContext(user={self.user.username!r}, store_open={self.store_ready})"

    # --- the store -------------------------------------------------------------------------
    @property
    def store_ready(self) -> bool:
        """True once the store is open (never blocks)."""
        return self._store is not None

    def open_store(self) -> "Store":
        """The store, opened on first call (blocking: call it on a worker thread).

        A failure (e.g. StoreTooNewError) is remembered and raised again to every caller, so the
        app never goes on with half a store.
        """
        store = self._store
        if store is not None:
            return store
        with self._store_lock:
            if self._store is None:
                if self._store_error is not None:
                    raise self._store_error
                try:
                    opener = self._store_opener
                    if opener is None:   # only a store set back to None: __init__ refuses neither
                        raise ValueError("AppContext needs a store or a store_opener")
                    self._store = opener()
                except BaseException as exc:
                    self._store_error = exc
                    raise
            return self._store

    @property
    def store(self) -> "Store":
        return self.open_store()

    @store.setter
    def store(self, value: "Store") -> None:
        with self._store_lock:
            self._store, self._store_error = value, None

    @property
    def actor(self) -> str:
        return self.user.username or "anonymous"

    @property
    def clerk_name(self) -> str:
        """经办人 as documents print it: the clerk's name, the login only when no name is known."""
        return self.user.display_name or self.user.username

    def close(self) -> None:
        for workflow in self.adapters.values():
            close = getattr(workflow, "close", None)
            if callable(close):
                close()
        with self._store_lock:   # an opening still running on a worker finishes first
            store = self._store
        if store is not None:
            store.close()


def _cached(ctx: AppContext, key: str, factory):
    """One adapter per key; thread-safe (adapters are built on worker threads)."""
    workflow = ctx.adapters.get(key)
    if workflow is None:
        with ctx._adapters_lock:
            workflow = ctx.adapters.get(key)
            if workflow is None:
                workflow = ctx.adapters[key] = factory()
    return workflow


def case_workflow(ctx: AppContext):
    """办件服务 for the signed-in clerk; new cases use the catalog in force (the centre's latest, once pulled)."""
    from datetime import date

    from counter_app.workflows.cases import CaseWorkflow
    from counter_app.workflows.reference import current_authorisation, current_catalog

    office = ctx.settings.office
    ask_centre = record_service(ctx).client_factory     # built first: _cached's lock is not re-entrant

    def build():
        # the graded authorisation table (7.3.2) in force: a clerk alone never issues a 不予受理决定书
        required = current_authorisation(ctx.store).decisions_gated(date.today())
        return CaseWorkflow(ctx.store, actor=ctx.actor, roles=ctx.user.all_roles, clerk_name=ctx.clerk_name, office=office.name,
                           office_code=office.code, workstation_id=office.workstation_id, approvals_required=required,
                           catalog_provider=lambda: current_catalog(ctx.store),
                           archive_root=ctx.paths.data_dir / "archive",
                           # 重复受理 at 受理审核: the centre is asked when signed in online
                           centre_client=ask_centre)

    return _cached(ctx, f"cases:{ctx.actor}", build)


def approval_service(ctx: AppContext):
    """审批 (counter_app.workflows.approvals) for the signed-in user of this workstation."""
    from counter_app.workflows.approvals import ApprovalService

    office = ctx.settings.office
    return _cached(ctx, f"approvals:{ctx.actor}", lambda: ApprovalService(
        ctx.store, actor=ctx.actor, office=office.name, office_code=office.code, workstation_id=office.workstation_id,
        names={ctx.actor: ctx.user.display_name}, roles=ctx.user.all_roles))


def record_service(ctx: AppContext):
    """参保档案查询 (counter_app.workflows.records.RecordService): the centre when the clerk is signed
    in online, else the sealed cache of this workstation."""
    from counter_app.workflows.records import RecordService

    def client():
        from counter_app.sync.client import CentralClient

        auth = auth_manager(ctx)
        user = auth.current_user()
        if not user or not auth.tokens(user).access_token():
            return None
        return CentralClient(ctx.settings.central.url, timeout=min(5.0, ctx.settings.central.timeout_seconds),
                             tokens=auth.tokens(user))

    return _cached(ctx, "records", lambda: RecordService(
        ctx.store, client, who=lambda: (ctx.actor, ctx.settings.office.workstation_id)))


def field_mode(ctx: AppContext) -> bool:
    """The field laptop's tab set (上门认证): the ``field`` role, or ``[office] mode = "field"``."""
    mode = getattr(getattr(ctx.settings.office, "mode", None), "value", "counter")
    return ctx.user.role == "field" or mode == "field"


def signed_in_online(ctx: AppContext) -> bool:
    """The clerk has a token for the centre (look-ups are expected to work when the network does)."""
    auth = auth_manager(ctx)
    user = auth.current_user()
    return bool(user and auth.tokens(user).access_token())


RENDER_HOST = "render_host"   # ctx.adapters key of the window's render process (printing.render_host)


def renderer(ctx: AppContext):
    """What renders this context's documents (``render_pdf``'s signature): the window's render
    process when the GUI started one (:func:`start_render_host`), else this process."""
    host = ctx.adapters.get(RENDER_HOST)
    if host is not None:
        return host.render
    from counter_app.printing.templates import render_pdf

    return render_pdf


def start_render_host(ctx: AppContext):
    """The window's render process handle (started on its first use, or by ``.start()``); every
    document this context renders goes through it. Close it with ``.close()``."""
    from counter_app.printing.render_host import RenderHost

    def render_here(*args, **kwargs) -> bytes:   # reportlab is imported only if ever needed here
        from counter_app.printing.templates import render_pdf

        return render_pdf(*args, **kwargs)

    host = RenderHost.of_this_program(render_here)
    ctx.adapters[RENDER_HOST] = host
    return host


def close_render_host(ctx: AppContext) -> None:
    """End the render process, if one was started (the window closes)."""
    host = ctx.adapters.pop(RENDER_HOST, None)
    if host is not None:
        host.close()


def print_queue(ctx: AppContext):
    from counter_app.printing.printqueue import PrintQueue

    def reprint_guard(doc) -> str | None:
        from datetime import date

        from counter_app.workflows.approvals import reprint_refusal
        from counter_app.workflows.reference import current_authorisation

        return reprint_refusal(ctx.store, document_id=doc.id, kind=doc.kind.value, case_id=doc.case_id,
                               table=current_authorisation(ctx.store), on=date.today())

    def make() -> PrintQueue:
        from counter_app.printing.printqueue import adopt_legacy_spool

        adopt_legacy_spool(ctx.store, ctx.paths.data_dir)
        from counter_app.printing.backends import printer_backend

        return PrintQueue(
            ctx.store, printer_backend(ctx.settings), default_printer=ctx.settings.printer.name,
            actor=ctx.actor, workstation_id=ctx.settings.office.workstation_id, reprint_guard=reprint_guard,
            roles=ctx.user.all_roles, render=lambda *a, **k: renderer(ctx)(*a, **k))

    return _cached(ctx, "print_queue", make)


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


def sync_command(ctx: AppContext, action: str, *extra: str) -> list[str]:
    """``counter-app sync run|agent`` for this context's store, central service and user (opens the
    store if needed: call it on a worker thread)."""
    from counter_app.launcher import self_command

    return self_command("sync", action, "--settings-json", ctx.settings.to_json(), "--store", str(ctx.store.path), *extra)


def sync_round(ctx: AppContext, *, batch_size: int | None = None):
    """One push + pull round with the central service; blocking — call from a worker thread.

    The round runs outside the window's process, so its CPU work (JSON, validation, hashing) never
    competes with the window for the interpreter lock: in the window's running sync agent when
    there is one (:mod:`counter_app.sync.agent_link`: no process to start, about 1 s sooner),
    else in a process of its own (``counter-app sync run --json``).
    """
    import json
    import subprocess

    from counter_app.launcher import start_background
    from counter_app.sync.worker import SyncReport

    timeout = max(60.0, ctx.settings.central.timeout_seconds * 20)
    link = ctx.adapters.get(SYNC_AGENT)
    if link is not None and batch_size is None:
        from counter_app.sync.agent_link import AgentUnavailable

        try:
            return SyncReport.from_dict(link.request_round(timeout))
        except AgentUnavailable as exc:   # it ended: this round in a process of its own
            log.warning("sync agent unavailable (%s); the round runs in a process of its own", exc)
            ctx.adapters.pop(SYNC_AGENT, None)
        except TimeoutError:
            return SyncReport(error=f"同步超过 {timeout:.0f} 秒未完成；未发送的记录下次继续。")
    cmd = sync_command(ctx, "run", "--json", *(("--batch-size", str(batch_size)) if batch_size else ()))
    with start_background(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8") as proc:
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return SyncReport(error=f"同步超过 {timeout:.0f} 秒未完成，已中止；未发送的记录下次继续。")
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    if not lines:
        tail = (stderr.strip().splitlines() or ["无输出"])[-1]
        return SyncReport(error=f"同步进程异常退出（{proc.returncode}）：{tail}")
    return SyncReport.from_dict(json.loads(lines[-1]))


SYNC_AGENT = "sync_agent"   # ctx.adapters key of the running sync agent's link (sync.agent_link.AgentLink)


def start_sync_agent(ctx: AppContext, *, interval: float = 30.0):
    """Start the background sync process for the signed-in clerk; stop it with
    :func:`stop_sync_agent` (its stdin closed: it ends after the round it may be running).

    It exits by itself when this process ends (its stdin closes; ``--parent-pid`` too), so a crash
    of the GUI leaves no orphan behind. While it runs, :func:`sync_round` (立即同步) asks it for a
    round over its pipes instead of starting a process.
    """
    import os
    import subprocess

    from counter_app.launcher import start_background

    # the agent logs each round to its own rotating sync-agent.log; stdout is not kept. stderr
    # only carries a crash before its logging is set up: kept, truncated when it grew past 1 MB
    err_path = ctx.paths.log_dir / "sync-agent.err"
    if err_path.exists() and err_path.stat().st_size > 1_000_000:
        err_path.write_bytes(b"")
    from counter_app.logging_setup import private_dir

    private_dir(ctx.paths.log_dir)
    err_file = os.fdopen(os.open(err_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "ab")
    try:
        proc = start_background(sync_command(ctx, "agent", "--interval", str(interval), "--parent-pid", str(os.getpid()),
                                             "--requests-stdin"),
                                stdout=subprocess.PIPE, stderr=err_file, stdin=subprocess.PIPE)
    finally:
        err_file.close()
    from counter_app.sync.agent_link import AgentLink

    ctx.adapters[SYNC_AGENT] = AgentLink(proc)   # its reader thread drains the answers: nothing piles up
    return proc


def stop_sync_agent(ctx: AppContext, proc, *, wait: float = 10.0) -> None:
    """End the sync agent (the window closes): its stdin closes, so it ends after the round it may
    be running, else it is killed after ``wait`` seconds. 立即同步 then runs in a process of its own."""
    from counter_app.launcher import end_child

    ctx.adapters.pop(SYNC_AGENT, None)
    end_child(proc, wait)
