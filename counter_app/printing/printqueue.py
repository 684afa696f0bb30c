"""Print queue kept in the store (打印队列): nothing is lost when the printer is offline or out of paper.

States: ``queued`` → ``printing`` (handed to CUPS) → ``done``; ``waiting`` when the printer is
offline, out of paper or failed (reason + Chinese detail, visible to the clerk), from where the
clerk retries or sends the job to another printer. Reprints are new jobs marked 补打 (the PDF
carries the mark) and are logged (print_events + an outbox entry for the central audit).

A job's PDF carries the applicant's name and ID number: it is kept in the encrypted store
(``print_job_pdfs``, SQLCipher), never as a file, and handed to CUPS on ``lp``'s standard input.
Clear spool files left by earlier releases (``print-spool/``, ``spool/`` under the data dir) are
moved into the store and deleted when the store is opened (:func:`adopt_clear_spool`).

The backend is CUPS (:class:`~counter_app.printing.cups.CupsPrinters`) or, on Windows, the spooler
through Qt print support (:class:`~counter_app.printing.qtprint.QtPrinters`), chosen in
:mod:`counter_app.printing.backends`. The Qt backend draws the PDF from memory and has no job to
follow: its job is ``completed`` once the spooler took it (已完成 then says 已交…系统打印队列, not
已打印完成), its cancel withdraws nothing; the table below holds for it with those two answers.

Our state against CUPS's (``backend_job_id`` names the CUPS job; it is cleared once that job is
gone from CUPS's queue without printing, so a job is never in CUPS twice). CUPS's state is the IPP
job-state (:meth:`CupsPrinters.job_state`): pending (pending, held, processing, stopped), completed,
canceled, aborted, unknown (CUPS does not know the job), unreachable (the scheduler cannot be asked).
:meth:`PrintQueue.refresh` polls ``printing`` jobs and ``waiting`` jobs that still name a CUPS job;
:meth:`PrintQueue.retry` / ``send_to`` / ``cancel`` first settle the earlier CUPS job
(:meth:`PrintQueue._settle_earlier`):

=========================  ======================================  ===========================================
ours × CUPS                refresh                                 retry / send_to / cancel
=========================  ======================================  ===========================================
printing × pending         printer ready: stays 打印中; not ready:  (send_to, cancel) withdrawn from CUPS, then
                           withdrawn from CUPS, 等待处理 + reason    sent anew / 已取消
printing × completed       已完成, audited document.printed         已完成 (printed: not sent again, not 已取消)
printing × canceled        等待处理（打印出错）「打印任务在打印服务      audited as such, then sent anew / 已取消
  / aborted                中被取消 / 被打印服务中止（打印机故障）」,
                           audited document.print_canceled /
                           document.print_aborted (never printed);
                           CUPS job forgotten
printing × unknown         等待处理 (找不到任务, or the printer's       sent anew / 已取消
                           reason)
printing × unreachable     等待处理（打印机脱机）, CUPS job kept       refused: 「为免重复打印」, nothing changes
waiting+id × pending       printer ready: 打印中 again; not ready:   withdrawn from CUPS, then sent anew / 已取消
                           withdrawn, reason updated
waiting+id × completed     已完成, audited document.printed         已完成, nothing sent
waiting+id × canceled /    as printing × canceled / aborted        audited as such, then sent anew / 已取消
  aborted
waiting+id × unknown       reason updated                          sent anew / 已取消
waiting+id × unreachable   reason updated (CUPS 未运行)            refused, nothing changes
waiting (no id) × —        not polled                              sent / 已取消
queued × —                 not polled (dispatch sends it at once)  —
done / cancelled × —       final                                   refused
=========================  ======================================  ===========================================
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterable, Iterator, Protocol

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from counter_app.printing.legacy import LEGACY_SPOOL_DIRS
from counter_app.printing.cups import (
    ABORTED,
    CANCELED,
    COMPLETED,
    ERROR,
    OFFLINE,
    OUT_OF_PAPER,
    PENDING,
    UNKNOWN,
    PrinterError,
    PrinterStatus,
)
from counter_app.storage.db import SYNCHRONOUS, Store
from counter_app.storage.tables_printing import DocumentRecord, PrintEvent, PrintJob, PrintJobPdf
from counter_app.storage.uow import UnitOfWork

log = logging.getLogger(__name__)


class JobState:
    queued = "queued"
    printing = "printing"
    done = "done"
    waiting = "waiting"
    cancelled = "cancelled"


STATE_ZH = {"queued": "排队中", "printing": "打印中", "done": "已完成", "waiting": "等待处理", "cancelled": "已取消"}
REASON_ZH = {OFFLINE: "打印机脱机", OUT_OF_PAPER: "缺纸", ERROR: "打印出错"}


class PrinterBackend(Protocol):
    def status(self, queue: str) -> PrinterStatus: ...
    def submit(self, queue: str, pdf: bytes, *, copies: int = 1, title: str = "") -> str: ...
    def job_state(self, job_id: str) -> str: ...
    def cancel(self, job_id: str) -> None: ...
    def default_queue(self) -> str | None: ...
    def queues(self) -> list[str]: ...


class PrintQueueError(ValueError):
    """Bad request to the print queue; Chinese message."""


class ReprintNeedsApproval(PrintQueueError):
    """补打 of a 决定书 refused by the 分级授权 (no approved 补打 request left for it); ``document_id``
    and ``case_id``: what a 补打审批申请 names (workflows.approvals.ApprovalService.request_reprint)."""

    def __init__(self, message: str, *, document_id: str, case_id: str):
        super().__init__(message)
        self.document_id = document_id
        self.case_id = case_id


REPRINT_REASON_REQUIRED = "补打须填写原因（如：原件遗失、打印不清），未打印。"


@dataclass(frozen=True)
class JobView:
    id: int
    title: str
    printer: str
    copies: int
    state: str
    reason: str | None
    detail: str | None
    reprint: bool
    attempts: int
    document_id: str | None
    backend_job_id: str | None

    @property
    def state_zh(self) -> str:
        text = STATE_ZH.get(self.state, self.state)
        if self.state == JobState.waiting and self.reason:
            text += f"（{REASON_ZH.get(self.reason, self.reason)}）"
        return text

    @classmethod
    def of(cls, j: PrintJob) -> "JobView":
        return cls(j.id, j.title, j.printer, j.copies, j.state, j.reason, j.detail, j.reprint, j.attempts,
                   j.document_id, j.backend_job_id)


@contextmanager
def durable_session(store: Store) -> Iterator[Session]:
    """A write session committed with ``synchronous=FULL``: the WAL fsync at its commit also makes
    every earlier commit durable — so a 文号 is on disk before its paper leaves the printer."""
    conn = store.engine.connect()
    raw = conn.connection.driver_connection
    if raw is None:                 # None only for an invalidated connection, never a new one
        conn.close()
        raise RuntimeError("the store's new connection has no driver connection")
    raw.execute("PRAGMA synchronous=FULL")
    try:
        session = Session(bind=conn.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False)
        try:
            yield session
        finally:
            session.close()
    finally:
        if conn.in_transaction():
            conn.rollback()
        raw.execute(f"PRAGMA synchronous={SYNCHRONOUS}")   # the store's own setting again
        conn.close()


class PrintQueue:
    def __init__(self, store: Store, backend: PrinterBackend | None = None, *, default_printer: str = "",
                 spool_dir: Path | None = None, actor: str = "", workstation_id: str = "",
                 reprint_guard=None, render=None, roles: Iterable[str] | None = None):
        self.store = store
        # the signed-in account's roles (7.3.2): only a counter role puts paper through the queue —
        # print, 补打, a file, a retry, another printer (counter_app.storage.permissions); None: the
        # caller decided who acts. Reading the queue is no printing.
        self.roles = None if roles is None else frozenset(roles)
        # ``render``: render_pdf's signature; the window passes its render process (printing.render_host)
        self.render = render
        if backend is None:     # the platform's backend (printing.backends; callers with settings pass theirs)
            from counter_app.printing.backends import printer_backend

            backend = printer_backend()
        self.backend = backend
        self.default_printer = default_printer
        # ``spool_dir``: where an earlier release kept clear PDFs; adopted into the store here
        self.spool_dir = Path(spool_dir) if spool_dir is not None else None
        if self.spool_dir is not None:
            adopt_clear_spool(store, [self.spool_dir])
        self.actor = actor
        self.workstation_id = workstation_id
        # doc -> why its 补打 is refused ("" / None: allowed); the app passes the approvals check
        self.reprint_guard = reprint_guard

    # ------------------------------------------------------------------ helpers
    def _printer(self, printer: str | None) -> str:
        name = printer or self.default_printer
        if not name:
            try:
                name = self.backend.default_queue() or ""
            except PrinterError:
                name = ""
        return name

    def pdf(self, job_id: int) -> bytes | None:
        """The PDF of a job as it goes to the printer (from the encrypted store); None if it has none."""
        with self.store.session() as s:
            row = s.get(PrintJobPdf, job_id)
            return bytes(row.data) if row is not None else None

    def _log(self, s: Session, job: PrintJob, event: str, detail: str = "") -> None:
        s.add(PrintEvent(job_id=job.id, event=event, detail=detail, actor=self.actor))

    def _set(self, s: Session, job: PrintJob, state: str, reason: str | None = None, detail: str | None = None) -> None:
        job.state, job.reason, job.detail = state, reason, detail
        job.updated_at = datetime.now()
        if state == JobState.done:
            job.done_at = datetime.now()
        self._log(s, job, state, detail or (REASON_ZH.get(reason, "") if reason else ""))

    def _require_printing(self, actor: str = "", object_id: str = "") -> None:
        """Refuse printing by an account without a counter role: RoleRefused, the attempt audited."""
        from counter_app.storage.permissions import require_role
        from counter_protocol.roles import PRINT_DOCUMENTS

        require_role(self.store, PRINT_DOCUMENTS, actor=actor or self.actor, roles=self.roles,
                     workstation_id=self.workstation_id, object_type="document" if object_id else "",
                     object_id=object_id)

    # ------------------------------------------------------------------ submit
    def submit_pdf(self, pdf: bytes, *, title: str, printer: str | None = None, copies: int = 1,
                   document_id: str | None = None, reprint: bool = False, clerk: str = "") -> JobView:
        if not 1 <= int(copies) <= 99:
            raise PrintQueueError(f"份数应在 1 到 99 之间：{copies}")
        if not pdf:
            raise PrintQueueError("打印内容为空，未加入打印队列。")
        self._require_printing(clerk, document_id or "")
        from counter_app.printing.integrity import sm3_hex

        with durable_session(self.store) as s:
            job = PrintJob(document_id=document_id, title=title[:200], pdf_path="", printer=self._printer(printer),
                           copies=int(copies), state=JobState.queued, reprint=reprint, clerk=clerk or self.actor)
            s.add(job)
            s.flush()
            s.add(PrintJobPdf(job_id=job.id, data=bytes(pdf), size_bytes=len(pdf), sm3=sm3_hex(bytes(pdf))))
            self._log(s, job, "reprint" if reprint else "queued",
                      f"{'补打 ' if reprint else ''}{title}，{copies}份，打印机 {job.printer or '（未配置）'}")
            s.commit()
            job_id = job.id
        return self.dispatch(job_id)

    def submit_file(self, path: Path, **kw) -> JobView:
        """Print a PDF file (``print send``): audited like a document's print — the file may be a
        notice with personal data (the record names the job, not the file)."""
        path = Path(path)
        if not path.is_file():
            raise PrintQueueError(f"文件不存在：{path}")
        try:
            data = path.read_bytes()
        except OSError as exc:
            from counter_protocol.file_problems import file_problem

            raise PrintQueueError(f"无法读取 {path}：{file_problem(exc)}") from None
        if not data[:1024].lstrip(b"\r\n\t ").startswith(b"%PDF-"):    # as CUPS tells a PDF (mime.types)
            # a text file or an image would be queued, audited and printed as garbage (or fail at the printer)
            raise PrintQueueError(f"{path} 不是 PDF 文件（文件开头没有 %PDF-），未送打印")
        view = self.submit_pdf(data, title=kw.pop("title", path.name), **kw)
        self._audit_submitted("file.print_submitted", view, object_type="print_job", object_id=str(view.id))
        return view

    def submit_notice(self, pdf: bytes, *, title: str, action: str, object_type: str, object_id: str,
                      printer: str | None = None, copies: int = 1, clerk: str = "") -> JobView:
        """A PDF of no case and no issued document (the 服务指南): queued like any print, by a counter
        role only, and audited as ``action`` (counter_protocol.audit.ACTIONS) with what it printed."""
        view = self.submit_pdf(pdf, title=title, printer=printer, copies=copies, clerk=clerk)
        self._audit_submitted(action, view, object_type=object_type, object_id=object_id, actor=clerk)
        return view

    def _audit_submitted(self, action: str, view: JobView, *, object_type: str, object_id: str, actor: str = "") -> None:
        """A job handed over — queued for the printer or waiting — is not a printed one: the record says which
        (``document.printed`` is recorded by :meth:`refresh` once CUPS reports the job completed)."""
        from counter_app.storage.audit import record

        where = (f"已交打印服务（{view.printer}）" if view.state == JobState.printing
                 else f"{STATE_ZH.get(view.state, view.state)}：{view.detail or '尚未交打印服务'}")
        record(self.store, actor=actor or self.actor, workstation_id=self.workstation_id, action=action,
               object_type=object_type, object_id=object_id, detail=f"打印任务 {view.id}，{view.copies} 份，{where}")

    def submit_document(self, document_id: str, *, printer: str | None = None, copies: int = 1,
                        font_path: str = "", clerk: str = "") -> JobView:
        from counter_app.printing.documents import get_document, render_document

        with self.store.session() as s:
            doc = get_document(s, document_id=document_id)
        if doc is None:
            raise PrintQueueError(f"找不到文书记录：{document_id}")
        self._require_printing(clerk, doc.number or doc.id)
        from counter_app.printing.signatures import stored_signature

        view = self.submit_pdf(render_document(doc, font_path=font_path, signature=stored_signature(self.store, doc.id),
                                               render=self.render),
                               title=f"{doc.title} {doc.number}",
                               printer=printer, copies=copies, document_id=doc.id, clerk=clerk)
        self._audit_submitted("document.print_submitted", view, object_type=doc.kind.value, object_id=doc.number,
                              actor=clerk)
        return view

    def reprint(self, document_id: str, *, printer: str | None = None, copies: int = 1, font_path: str = "",
                clerk: str = "", reason: str = "") -> JobView:
        """补打: a new job whose PDF is stamped 补打 with the time; logged and reported through the outbox.
        The reason is required (补打时须填写原因): a blank one is refused, nothing queued — one rule for
        the documents panel, the workspace and any other caller."""
        from counter_app.printing.documents import get_document, render_document
        from counter_app.printing.templates import now_text

        reason = (reason or "").strip()
        if not reason:
            raise PrintQueueError(REPRINT_REASON_REQUIRED)
        with self.store.session() as s:
            doc = get_document(s, document_id=document_id)
        if doc is None:
            raise PrintQueueError(f"找不到文书记录：{document_id}")
        self._require_printing(clerk, doc.number or doc.id)
        if self.reprint_guard is not None:
            refusal = self.reprint_guard(doc)     # 分级授权: 补打决定书 needs an approval
            if refusal:
                raise ReprintNeedsApproval(refusal, document_id=doc.id, case_id=doc.case_id)
        at = now_text()
        from counter_app.printing.signatures import stored_signature

        pdf = render_document(doc, font_path=font_path, reprint_at=at, signature=stored_signature(self.store, doc.id),
                              render=self.render)
        # the job's title is the document's; ``reprint`` marks it 补打 (the queue's log and the CLI say so once)
        view = self.submit_pdf(pdf, title=f"{doc.title} {doc.number}", printer=printer, copies=copies,
                               document_id=doc.id, reprint=True, clerk=clerk)
        with UnitOfWork(self.store, actor=clerk or self.actor, workstation_id=self.workstation_id) as uow:
            uow.outbox.add(kind="document.reprinted", aggregate_type="document", aggregate_id=doc.id, payload={
                "document_id": doc.id, "number": doc.number, "job_id": view.id, "at": at, "reason": reason,
                "clerk": clerk or self.actor, "copies": copies,
            })
            uow.audit("document.reprinted", object_type=doc.kind.value, object_id=doc.number,
                      actor=clerk or self.actor, detail=f"打印任务 {view.id}，{copies} 份，原因：{reason}")
            uow.commit()
        return view

    # ------------------------------------------------------------------ state machine
    def dispatch(self, job_id: int) -> JobView:
        """Hand a queued/waiting job to its printer, or leave it waiting with the reason."""
        return self._dispatch(job_id)

    def _dispatch(self, job_id: int, *, retry: bool = False) -> JobView:
        with UnitOfWork(self.store, actor=self.actor, workstation_id=self.workstation_id) as uow:
            s = uow.session
            job = s.get(PrintJob, job_id)
            if job is None:
                raise PrintQueueError(f"找不到打印任务：{job_id}")
            if job.state in (JobState.done, JobState.cancelled):
                raise PrintQueueError(f"打印任务 {job_id} 已{STATE_ZH[job.state]}，不能再次发送。")
            if retry and job.state != JobState.waiting:
                raise PrintQueueError(f"打印任务 {job_id} 当前为「{STATE_ZH.get(job.state, job.state)}」，只有等待处理的任务可以重试。")
            # never in CUPS twice: the earlier CUPS job is withdrawn first (or it printed: done)
            if self._settle_earlier(uow, job, "重新发送"):
                uow.commit()
                return JobView.of(job)
            if retry:
                self._log(s, job, "retry", f"重试，打印机 {job.printer}")
            content = s.get(PrintJobPdf, job.id)
            if content is None:
                self._set(s, job, JobState.waiting, ERROR, "本机已没有这份打印任务的内容，请从文书记录重新打印或补打。")
            elif not job.printer:
                self._set(s, job, JobState.waiting, OFFLINE, "未配置打印机，也没有系统默认打印机。")
            else:
                try:
                    status = self.backend.status(job.printer)
                    if not status.ready:
                        self._set(s, job, JobState.waiting, status.reason or OFFLINE, status.detail)
                    else:
                        job.attempts += 1
                        job.backend_job_id = self.backend.submit(job.printer, bytes(content.data), copies=job.copies,
                                                                 title=f"补打 {job.title}" if job.reprint else job.title)
                        self._set(s, job, JobState.printing, None, f"已发送至 {job.printer}（{job.backend_job_id}）")
                except PrinterError as exc:
                    self._set(s, job, JobState.waiting, exc.reason, str(exc))
            uow.commit()
            return JobView.of(job)

    def refresh(self) -> list[JobView]:
        """Poll CUPS for the jobs it has (``printing``, and ``waiting`` ones that still name a CUPS job —
        one left there while the scheduler could not be asked): the table in the module's docstring."""
        changed = []
        with UnitOfWork(self.store, actor=self.actor, workstation_id=self.workstation_id) as uow:
            s = uow.session
            watched = or_(PrintJob.state == JobState.printing,
                          and_(PrintJob.state == JobState.waiting, PrintJob.backend_job_id.is_not(None)))
            for job in s.scalars(select(PrintJob).where(watched).order_by(PrintJob.id)):
                try:
                    moved = self._follow(uow, job)
                except PrinterError as exc:     # CUPS cannot be asked: the job may still be in its spool
                    moved = self._set_if_changed(s, job, JobState.waiting, exc.reason, str(exc))
                if moved:
                    changed.append(job)
            uow.commit()
            return [JobView.of(j) for j in changed]

    def _follow(self, uow: UnitOfWork, job: PrintJob) -> bool:
        """One watched job against its CUPS job's state; True when the job changed."""
        s = uow.session
        state = self._cups_state(job.backend_job_id) if job.backend_job_id else UNKNOWN
        if state == COMPLETED:
            self._set(s, job, JobState.done, None, self._done_detail(job))
            self._audit_printed(uow, job)
            return True
        if state in (CANCELED, ABORTED):
            self._unprinted(uow, job, state)
            return True
        status = self.backend.status(job.printer)
        if state == UNKNOWN:
            if not status.ready:
                return self._set_if_changed(s, job, JobState.waiting, status.reason or OFFLINE, status.detail)
            return self._set_if_changed(s, job, JobState.waiting, ERROR,
                                        f"打印服务中找不到任务 {job.backend_job_id}，请重试。")
        # still in CUPS's queue (pending, held, processing, stopped)
        if status.ready:
            if job.state == JobState.printing:
                return False
            self._set(s, job, JobState.printing, None,
                      f"打印服务已恢复，任务仍在 {job.printer} 的打印队列中（{job.backend_job_id}）")
            return True
        # the printer went offline / out of paper: withdrawn, so that a retry cannot print it twice
        if self._withdraw(job) == COMPLETED:
            self._set(s, job, JobState.done, None, self._done_detail(job))
            self._audit_printed(uow, job)
            return True
        return self._set_if_changed(s, job, JobState.waiting, status.reason or OFFLINE, status.detail)

    def _cups_state(self, backend_job_id: str) -> str:
        """The CUPS job's state: completed | canceled | aborted | unknown, anything else (a backend's
        "processing", "held" …) is still queued: pending. PrinterError when CUPS cannot be asked."""
        state = self.backend.job_state(backend_job_id)
        return state if state in (COMPLETED, CANCELED, ABORTED, UNKNOWN) else PENDING

    def _set_if_changed(self, s: Session, job: PrintJob, state: str, reason: str | None, detail: str) -> bool:
        """:meth:`_set` only when state, reason or detail differ (a poll does not log the same event again)."""
        if (job.state, job.reason, job.detail) == (state, reason, detail):
            return False
        self._set(s, job, state, reason, detail)
        return True

    def _unprinted(self, uow: UnitOfWork, job: PrintJob, state: str) -> None:
        """The CUPS job ended without printing (canceled in CUPS — ``cancel``, an admin clearing the
        queue — or aborted by CUPS): back to 等待处理 with the reason, its own audit record (never
        document.printed), and the CUPS job forgotten. A retry prints the same document with the same
        文号, no 补打 (it never printed)."""
        bid = job.backend_job_id
        self._audit_unprinted(uow, job, state)
        job.backend_job_id = None
        if state == CANCELED:
            self._set(uow.session, job, JobState.waiting, ERROR, f"打印任务在打印服务中被取消（{bid}），请重试。")
        else:
            self._set(uow.session, job, JobState.waiting, ERROR, f"打印任务被打印服务中止（打印机故障，{bid}），请重试。")

    def _audit_unprinted(self, uow: UnitOfWork, job: PrintJob, state: str) -> None:
        doc = uow.session.get(DocumentRecord, job.document_id) if job.document_id else None
        kind, number = (doc.kind, doc.number) if doc is not None else ("print_job", str(job.id))
        what = "canceled" if state == CANCELED else "aborted"
        said = "在打印服务中被取消" if state == CANCELED else "被打印服务中止（打印机故障）"
        uow.audit(f"{'document' if doc is not None else 'file'}.print_{what}", actor=job.clerk or self.actor,
                  object_type=kind, object_id=number,
                  detail=f"{'补打，' if job.reprint else ''}打印任务 {job.id}（{job.backend_job_id}）{said}，未打印")

    def _withdraw(self, job: PrintJob, *, patience: float = 5.0) -> str:
        """Cancel the job's CUPS job and wait until CUPS says it is no longer queued; returns CUPS's
        final state. ``completed``: it printed before the cancel reached it (the id is kept); otherwise
        the id is cleared. Raises PrinterError when CUPS cannot be asked or keeps the job."""
        bid = job.backend_job_id or ""
        self.backend.cancel(bid)
        deadline = time.monotonic() + patience
        while True:
            state = self._cups_state(bid)
            if state == COMPLETED:
                return state
            if state != PENDING:
                job.backend_job_id = None
                return state
            if time.monotonic() > deadline:
                raise PrinterError(f"无法从打印服务撤回任务 {bid}。", ERROR)
            time.sleep(0.1)

    def _settle_earlier(self, uow: UnitOfWork, job: PrintJob, doing: str) -> bool:
        """Before a job is sent again, moved or cancelled: its earlier CUPS job, if any, must be gone.
        Pending → withdrawn; canceled / aborted → audited as such; completed → the job is done (True:
        nothing more to do). CUPS unreachable → PrintQueueError (``doing``: 重新发送 / 改送 / 取消):
        a job CUPS keeps survives its restart, so sending blind could print the 文号 twice."""
        bid = job.backend_job_id
        if not bid:
            return False
        try:
            state = self._cups_state(bid)
            if state == PENDING and self._withdraw(job) != COMPLETED:
                return False                # withdrawn by us: gone from CUPS, nothing to audit
        except PrinterError as exc:
            said = str(exc) if str(exc).endswith("。") else f"{exc}。"
            raise PrintQueueError(f"无法确认打印任务 {job.id} 上次发送的 {bid} 是否仍在打印服务中：{said}"
                                  f"为免重复打印，暂不{doing}；请待打印服务恢复后再试。") from None
        if state in (PENDING, COMPLETED):   # pending: withdrawn too late, it printed
            self._set(uow.session, job, JobState.done, None, self._done_detail(job))
            self._audit_printed(uow, job)
            return True
        if state in (CANCELED, ABORTED):
            self._audit_unprinted(uow, job, state)
        job.backend_job_id = None
        return False

    def _done_detail(self, job: PrintJob) -> str:
        """What 已完成 means for this backend: CUPS reports the job completed; Qt print support (the
        Windows spooler) only that the spooler took the job — it never says whether paper came out."""
        if getattr(self.backend, "reports_completion", True):
            return f"{job.printer} 已打印完成"
        return f"已交 {job.printer} 的系统打印队列（不回报是否已打出）"

    def _audit_printed(self, uow: UnitOfWork, job: PrintJob) -> None:
        """``document.printed`` only now that CUPS reports the job completed, by whoever sent it."""
        doc = uow.session.get(DocumentRecord, job.document_id) if job.document_id else None
        kind, number = (doc.kind, doc.number) if doc is not None else ("print_job", str(job.id))
        uow.audit("document.printed" if doc is not None else "file.printed", actor=job.clerk or self.actor,
                  object_type=kind, object_id=number,
                  detail=f"{'补打，' if job.reprint else ''}打印任务 {job.id}，{job.copies} 份，{self._done_detail(job)}")

    def retry(self, job_id: int) -> JobView:
        """Send a waiting job again: the same PDF (same 文号, no 补打). Its earlier CUPS job is withdrawn
        first; refused while CUPS cannot be asked about it; done without printing when it printed."""
        self._require_printing()
        return self._dispatch(job_id, retry=True)

    def send_to(self, job_id: int, printer: str) -> JobView:
        """Move a job that is waiting (or still printing) to another printer."""
        if not printer:
            raise PrintQueueError("请指定目标打印机。")
        self._require_printing()
        with UnitOfWork(self.store, actor=self.actor, workstation_id=self.workstation_id) as uow:
            job = uow.session.get(PrintJob, job_id)
            if job is None:
                raise PrintQueueError(f"找不到打印任务：{job_id}")
            if job.state in (JobState.done, JobState.cancelled):
                raise PrintQueueError(f"打印任务 {job_id} 已{STATE_ZH[job.state]}，不能改送其他打印机。")
            if self._settle_earlier(uow, job, "改送"):
                uow.commit()
                return JobView.of(job)
            self._log(uow.session, job, "sent_to", f"由 {job.printer or '（无）'} 改送 {printer}")
            uow.audit("print.moved", object_type="print_job", object_id=str(job.id),
                      detail=f"打印任务 {job.id} 由 {job.printer or '（无）'} 改送 {printer}")
            job.printer = printer
            job.state = JobState.queued
            uow.commit()
        return self.dispatch(job_id)

    def cancel(self, job_id: int) -> JobView:
        with UnitOfWork(self.store, actor=self.actor, workstation_id=self.workstation_id) as uow:
            job = uow.session.get(PrintJob, job_id)
            if job is None:
                raise PrintQueueError(f"找不到打印任务：{job_id}")
            if job.state not in (JobState.done, JobState.cancelled):
                if self._settle_earlier(uow, job, "取消"):     # it printed meanwhile: 已完成, not 已取消
                    uow.commit()
                    return JobView.of(job)
                self._set(uow.session, job, JobState.cancelled, None, "已取消")
            uow.commit()
            return JobView.of(job)

    # ------------------------------------------------------------------ views
    def jobs(self, *states: str) -> list[JobView]:
        with self.store.session() as s:
            stmt = select(PrintJob).order_by(PrintJob.id)
            if states:
                stmt = stmt.where(PrintJob.state.in_(states))
            return [JobView.of(j) for j in s.scalars(stmt)]

    def job(self, job_id: int) -> JobView | None:
        with self.store.session() as s:
            j = s.get(PrintJob, job_id)
            return JobView.of(j) if j else None

    def events(self, job_id: int) -> list[tuple[str, str]]:
        with self.store.session() as s:
            return [(e.event, e.detail) for e in s.scalars(select(PrintEvent).where(PrintEvent.job_id == job_id).order_by(PrintEvent.id))]

    def wait(self, job_id: int, timeout: float = 20.0, interval: float = 0.2) -> JobView | None:
        """Refresh until the job leaves ``printing`` (or the timeout)."""
        deadline = time.monotonic() + timeout
        while True:
            view = self.job(job_id)
            if view is None or view.state != JobState.printing or time.monotonic() > deadline:
                return view
            time.sleep(interval)
            self.refresh()


def adopt_clear_spool(store: Store, dirs: list[Path]) -> int:
    """Move the clear PDFs an earlier release left in a spool directory into the store and delete
    them (#16: nothing personal in clear on disk); returns how many files were removed.

    A file whose job is known becomes that job's PDF (retry and transfer keep working); a file no
    job names (an unfinished ``.tmp``, a job already gone) is only deleted — it has no use and holds
    personal data. Each file is deleted only after its PDF is committed, so a crash loses nothing."""
    from counter_app.printing.integrity import sm3_hex

    files = [f for d in dirs if Path(d).is_dir() for f in sorted(Path(d).iterdir()) if f.is_file()]
    if not files:
        return 0
    removed = 0
    with store.session() as s:
        by_name = {Path(j.pdf_path).name: j.id for j in s.scalars(select(PrintJob).where(PrintJob.pdf_path != ""))}
    for f in files:
        job_id = by_name.get(f.name) if f.suffix == ".pdf" else None
        if job_id is not None:
            try:
                data = f.read_bytes()
            except OSError as exc:
                log.warning("legacy spool file for print job %s unreadable: %s", job_id, exc.strerror)
                continue
            with durable_session(store) as s:
                job = s.get(PrintJob, job_id)
                if job is not None:     # a job gone since: its file is only deleted (as above)
                    if s.get(PrintJobPdf, job_id) is None and data:
                        s.add(PrintJobPdf(job_id=job_id, data=data, size_bytes=len(data), sm3=sm3_hex(data)))
                    job.pdf_path = ""
                    s.commit()
        try:
            f.unlink()
            removed += 1
        except OSError as exc:
            log.warning("legacy spool file could not be deleted: %s", exc.strerror)
    for d in dirs:
        try:
            Path(d).rmdir()             # only when empty
        except OSError:
            pass
    if removed:
        log.info("moved %d clear spool file(s) of an earlier release into the store", removed)
    return removed


def adopt_legacy_spool(store: Store, data_dir: Path) -> int:
    """:func:`adopt_clear_spool` of the spool directories earlier releases used under ``data_dir``."""
    return adopt_clear_spool(store, [Path(data_dir) / name for name in LEGACY_SPOOL_DIRS])


def document_print_history(session: Session, document_id: str) -> list[JobView]:
    return [JobView.of(j) for j in session.scalars(select(PrintJob).where(PrintJob.document_id == document_id).order_by(PrintJob.id))]


__all__ = ["PrintQueue", "JobState", "JobView", "PrintQueueError", "ReprintNeedsApproval", "durable_session", "document_print_history",
           "DocumentRecord", "adopt_clear_spool", "adopt_legacy_spool"]
