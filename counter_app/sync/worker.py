"""Sync worker (同步): push the outbox in batches, pull changes since a cursor. No Qt.

Usable from a plain thread (the UI wraps :meth:`SyncWorker.run_forever`) and from the CLI
(:meth:`SyncWorker.run_once`). Safe against kill -9 at any point:

- claim, send, mark are three steps; a kill between them leaves entries in ``sending``, which the
  next worker returns to pending (it holds :class:`SyncLock`, so no other worker is alive on this
  store) and sends again; the server answers the same key with the stored first result;
- pulled changes and the new cursor are written in one transaction, keyed by the server cursor.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO


from counter_app.storage.base import utcnow
from counter_app.storage.db import Store
from counter_app.storage.tables_core import Meta
from counter_app.storage.tables_sync import InboxChange, ReferenceVersionRow
from counter_protocol import sync as p
from counter_protocol.free_text import shown
from counter_app.sync.client import (
    AuthRequired, CentralClient, RequestRejected, SyncError, TransientError, UnrecognisedAnswer,
)
from counter_app.sync.outbox import Claimed, OutboxRepository
from counter_app.sync.status import (
    META_CENTRE_PROTOCOL, META_CENTRE_VERSION, META_COUNT_OFFSET, META_CURSOR, META_FIELD_CURSOR, META_LAST_ATTEMPT,
    META_LAST_ERROR, META_LAST_PROGRESS, META_LAST_SYNC, META_ONLINE, META_SKEW, meta_get, meta_set,
)

log = logging.getLogger(__name__)
ERROR_MAX_CHARS = 2000   # a round's error as recorded (sync status's last_error), like an entry's last_error

# ------------------------------------------------------------------------------- pull cursor
# The centre's answer to a pull is untrusted input like any other (docs/sync.md, "What a pull page
# must look like"). A cursor is a change row's id: the centre takes ``since`` in 0…2⁶³−1
# (counter_central: Query(ge=0, le=2**63 - 1)), which is also SQLite's INTEGER.
MAX_CURSOR = 2**63 - 1
# How far a field-scope page without ``more`` may pass over the changes the scope left out, beyond
# its last change (or ``since``): the centre's change ids are dense row ids, and 10⁸ changes are
# years of every office's business. A larger jump would silently skip whatever lies in between.
FIELD_PASS_OVER_MAX = 100_000_000
# Pages one round pulls at most: a larger backlog goes on next round, so that a centre handing out
# page after page cannot keep a round (and the agent) busy for ever.
MAX_PULL_PAGES = 1000


def parse_cursor(value: str | None) -> int | None:
    """A stored cursor as an int (0 when none is stored), or None when the stored text is no
    cursor: not an integer, negative, past :data:`MAX_CURSOR` (an earlier release stored the
    centre's answer unchecked)."""
    if value is None or value == "":
        return 0
    try:
        cursor = int(value)
    except ValueError:
        return None
    return cursor if 0 <= cursor <= MAX_CURSOR else None


def pull_page_problem(resp: p.PullResponse, since: int) -> str | None:
    """Why a pull answer to ``?since=since`` cannot be the centre's (English, for the log: cursors
    only, never a change's content), or None. What the protocol allows (counter_central.core.pull):

    - the changes lie after ``since``, in ascending cursor order;
    - ``more`` comes with changes, and the cursor is then the last change's;
    - without ``more`` the cursor is the last change's (``since`` when there is none), except in the
      field scope, whose cursor may pass over the changes the scope left out — at most
      :data:`FIELD_PASS_OVER_MAX` beyond the page;
    - a cursor never goes back and stays within 0…:data:`MAX_CURSOR`;
    - the centre's newest cursor (``newest``, when the centre sends it) is not below the page's
      changes or its cursor (a ``since`` past it is taken back to 0 before this check: see
      :meth:`SyncWorker._pull_all`).
    """
    cursor = resp.cursor
    if not 0 <= cursor <= MAX_CURSOR:
        return f"cursor {cursor} outside 0..{MAX_CURSOR}"
    if resp.newest is not None and resp.newest > MAX_CURSOR:
        return f"newest cursor {resp.newest} outside 0..{MAX_CURSOR}"
    if resp.newest is not None and cursor > resp.newest:
        return f"cursor {cursor} beyond the centre's newest {resp.newest}"
    if cursor < since:
        return f"cursor {cursor} goes back from since {since}"
    last = since
    for ch in resp.changes:
        if ch.cursor <= last:
            return f"change cursor {ch.cursor} not after {last}"
        last = ch.cursor
    if resp.more and not resp.changes:
        return f"more=true without changes (cursor {cursor}, since {since})"
    if cursor < last:
        return f"cursor {cursor} before the page's last change {last}"
    if cursor > last:
        if resp.more or resp.scope != "field":
            return f"cursor {cursor} beyond the page's last change {last} (scope {resp.scope}, more={resp.more})"
        if cursor - last > FIELD_PASS_OVER_MAX:
            return f"field-scope cursor {cursor} passes over more than {FIELD_PASS_OVER_MAX} changes after {last}"
    return None


def floor_problem(number: object) -> str | None:
    """Why a text of ``PullResponse.number_floors`` is refused as a floor (Chinese; a 文号 or a case
    number names a workstation, never a person), or None: a 文号 whose year or sequence lies outside
    its series' range, a case number outside the format's (1–999999 in 4–6 digits). A text that is
    neither is not refused here (a newer centre may add other series; the observers ignore it)."""
    from counter_protocol.numbers import case_number_out_of_range, out_of_range, parse_number

    if not isinstance(number, str):
        return "不是文本"
    parsed = parse_number(number)
    return out_of_range(parsed) if parsed is not None else case_number_out_of_range(number)


def _shown(number: object, limit: int = 80) -> str:
    """A value the centre sent (a number floor, a cursor) as a report line may quote it: cleaned of
    terminal escapes and control characters like the centre's other words (free_text.shown), cut
    at ``limit`` with its length said."""
    from counter_protocol.free_text import shown

    text = number if isinstance(number, str) else repr(number)
    return shown(text, limit) + (f"（共 {len(text)} 字）" if len(text) > limit else "")


# ------------------------------------------------------------------------------------- lock

class SyncLock:
    """An OS file lock beside the store: one worker per store at a time, released by the OS when
    the process dies (so stale ``sending`` rows are known to be orphans)."""

    def __init__(self, store_path: Path):
        self.path = Path(str(store_path) + ".sync.lock")
        self._fh: IO[bytes] | None = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+b")
        try:
            if os.name == "nt":  # pragma: no cover - Windows
                import msvcrt

                fh.seek(0)
                msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # (Windows only)
            else:
                import fcntl

                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return False
        self._fh = fh
        return True

    def release(self) -> None:
        if self._fh is not None:
            try:
                if os.name == "nt":  # pragma: no cover
                    import msvcrt

                    self._fh.seek(0)
                    msvcrt.locking(self._fh.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]  # (Windows only)
                else:
                    import fcntl

                    fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            finally:
                self._fh.close()
                self._fh = None

    @property
    def held(self) -> bool:
        return self._fh is not None


# ----------------------------------------------------------------------------------- report

@dataclass
class SyncReport:
    online: bool = False
    skipped: str | None = None          # why nothing ran (另一个同步进程正在运行…)
    pushed: int = 0
    synced: int = 0
    rejected: int = 0
    conflict: int = 0
    changed_while_sending: int = 0
    unanswered: int = 0                 # sent, but the centre's answer left them out: queued again (next round)
    recovered: int = 0
    pulled: int = 0
    pull_scope: str | None = None       # the scope the centre answered the pull in (counter | field)
    needs_login: bool = False
    account_disabled: bool = False      # the centre answered 403 account_disabled (该账号已停用)
    workstation_retired: bool = False   # the centre answered 403 workstation_retired (工作站已停用)
    resent_missing: int = 0             # synced entries the centre lacked (count check), sent again
    missing_cleared: int = 0            # …and those this laptop had already cleared (field visits): lost to the centre
    restored: int = 0                   # synced entries the centre had set aside (altered there): content sent, put back
    restore_refused: int = 0            # …whose content the centre found not to be the entry it set aside
    restore_cleared: int = 0            # …whose content this laptop had already cleared: cannot be sent
    audit_synced: int = 0               # audit records the centre took (its anchor moved)
    audit_error: str | None = None      # why the audit records were not sent this round
    audit_refused: bool = False         # the centre refused them (4xx): they wait for someone to act
    audit_epoch: str | None = None      # the chain epoch this round started (the centre's chain had forked)
    archive_uploaded: int = 0           # archive package versions the centre now holds in full
    archive_bytes_sent: int = 0
    archive_waiting: int = 0            # manifest not at the centre yet (next round)
    archive_problems: list[str] = field(default_factory=list)   # packages not sent (changed locally, refused)
    archive_error: str | None = None    # why the archive step stopped this round (network, sign-in)
    inbox_applied: int = 0              # pulled case updates applied to cases here (counter_app.workflows.inbox)
    inbox_unapplied: int = 0            # marked applied with a note: unknown case / not fitting its state
    inbox_failed: int = 0               # left pending after an unexpected error (tried again next round)
    number_floors: list[str] = field(default_factory=list)  # highest 文号 per series the centre has from us
    number_floors_raised: int = 0       # how many of this store's series floors they raised (cli.sync._one_round)
    number_floors_ignored: list[str] = field(default_factory=list)  # floors out of their series' range: "文号：why"
    pull_refused: str | None = None     # why a pull page was refused (its cursors; English, for IT)
    pull_cursor_reset: str | None = None  # a stored cursor that was no cursor, pulled again from 0 (Chinese)
    case_number_floors_raised: int = 0  # how many of this workstation's case-number days they raised
    error: str | None = None
    clock_skew_seconds: float | None = None
    centre_version: str | None = None   # the centre's release+build (its /health) when the round reached it
    centre_protocol: int | None = None  # and its sync protocol
    batches: int = 0
    started_at: datetime = field(default_factory=utcnow)
    finished_at: datetime | None = None

    @property
    def clock_skewed(self) -> bool:
        return self.clock_skew_seconds is not None and abs(self.clock_skew_seconds) > p.CLOCK_SKEW_LIMIT_SECONDS

    def as_dict(self) -> dict:
        d = asdict(self)
        d["clock_skewed"] = self.clock_skewed
        return d

    @classmethod
    def from_dict(cls, data: dict) -> "SyncReport":
        """The report another process printed (``counter-app sync run --json``)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for key in ("started_at", "finished_at"):
            if isinstance(values.get(key), str):
                values[key] = datetime.fromisoformat(values[key])
        return cls(**values)


def backoff_delay(attempt: int, base: float = 1.0, cap: float = 300.0, rng: random.Random | None = None,
                  retry_after: float | None = None) -> float:
    """Exponential backoff with 'equal jitter': half fixed, half random, capped. A server that
    said ``Retry-After`` is not asked again before that time; on top of it comes up to as much
    again at random, so the workstations a busy centre turned away do not all return at the same
    second (a reconnect storm must not synchronise)."""
    d = min(cap, base * (2 ** max(0, attempt - 1)))
    r = rng or random
    delay = d / 2 + r.uniform(0, d / 2)
    if retry_after is not None and retry_after > 0:
        delay = max(delay, retry_after + r.uniform(0, retry_after))
    return delay


# ----------------------------------------------------------------------------------- worker

class SyncWorker:
    def __init__(self, store: Store, client: CentralClient, *, workstation_id: str, batch_size: int = p.MAX_BATCH,
                 backoff_base: float = 1.0, backoff_cap: float = 300.0, pull_limit: int = 500,
                 rng: random.Random | None = None, progress=None, archive_chunk_bytes: int | None = None,
                 scope: p.PullScope = "counter"):
        from counter_protocol.archive import CHUNK_BYTES

        self.store = store
        # the pull scope of the signed-in user (p.pull_scope of their roles): which cursor the pull starts from
        self.scope = scope
        # progress(done, total) after each batch the centre answered (entries out of those waiting
        # when the round began): ``counter-app sync run`` shows it (a week offline is thousands)
        self.progress = progress
        self.archive_chunk_bytes = max(1, min(archive_chunk_bytes or CHUNK_BYTES, CHUNK_BYTES))
        self.client = client
        self.workstation_id = workstation_id
        self.batch_size = max(1, min(batch_size, p.MAX_BATCH))
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.pull_limit = pull_limit
        self.outbox = OutboxRepository(store)
        self.rng = rng or random.Random()
        self._lock = SyncLock(store.path)
        self._failures = 0  # consecutive transient failures (for run_forever's sleep)
        self._retry_after: float | None = None  # the centre's last Retry-After

    # -------------------------------------------------------------- one round

    def run_once(self, *, push: bool = True, pull: bool = True, check_clock: bool = True,
                 max_batches: int | None = None) -> SyncReport:
        report = SyncReport()
        if not self._lock.held and not self._lock.acquire():
            report.skipped = "另一个同步进程正在运行（本工作站的另一窗口或命令），本次未同步"
            report.finished_at = utcnow()
            return report
        try:
            report.recovered = self.outbox.recover_stuck(None)
            if check_clock:
                self._check_clock(report)
            if push and report.error is None:
                self._push_all(report, max_batches)
            if push and report.error is None and not report.needs_login:
                self._push_audit(report)
            if push and report.error is None and not report.needs_login:
                self._push_archive(report)
            if pull and report.error is None and not report.needs_login:
                self._pull_all(report)
            if pull and push and report.online and report.error is None and not report.needs_login:
                self._reconcile(report)
        finally:
            report.finished_at = utcnow()
            self._record(report)
            self._lock.release()
        return report

    def _reconcile(self, report: SyncReport) -> None:
        """Anki's count check: if this store believes it has synced more entries than the centre
        holds from this workstation — beyond the difference a clean check already explained (entries
        sent under an earlier workstation id) — ask the centre which keys it lacks, put those back in
        the queue and send them now. Covers a centre restored from a backup: nothing is lost silently."""
        try:
            held = self.client.summary().accepted
            local = self.outbox.synced_count()
            explained = int(meta_get(self.store, META_COUNT_OFFSET) or 0)
            diff = local - held
            if diff <= explained:
                if diff < explained:
                    self._set_meta(META_COUNT_OFFSET, str(max(diff, 0)))
                return
            missing: list[str] = []
            set_aside: list[str] = []
            for keys in self.outbox.synced_keys(p.MAX_BATCH):
                answer = self.client.missing(keys)
                missing += answer.missing
                set_aside += answer.set_aside
            if set_aside:
                self._restore(report, set_aside)
        except SyncError as exc:  # the round's work is done; the check runs again next time
            log.warning("count check with the centre failed: %s", exc)
            return
        report.resent_missing = self.outbox.requeue_missing(missing)
        report.missing_cleared = self.outbox.cleared_among(missing)
        if report.missing_cleared:
            log.error("the centre lacks %d synced field visits whose content this laptop has already cleared: "
                      "they cannot be sent again", report.missing_cleared)
        self._set_meta(META_COUNT_OFFSET, str(max(diff - report.resent_missing - report.restored, 0)))
        if report.resent_missing:
            log.warning("the centre lacked %d synced entries: sending them again", report.resent_missing)
            self._push_all(report, None)

    def _restore(self, report: SyncReport, keys: list[str]) -> None:
        """Send the content of synced entries the centre holds only set aside (its stored copy was
        altered in its database and moved out by IT): it puts each back when it is the very entry
        it set aside, without applying it again (counter_central.set_aside_restore). An entry whose
        content this laptop has cleared (a field visit after its keeping period) cannot be sent."""
        items = self.outbox.synced_items(keys)
        report.restore_cleared += len(keys) - len(items)
        for start in range(0, len(items), p.MAX_BATCH):
            answer = self.client.restore(p.RestoreRequest(workstation_id=self.workstation_id,
                                                          entries=items[start:start + p.MAX_BATCH]))
            for result in answer.results:
                if result.status == "restored":
                    report.restored += 1
                elif result.status == "differs":
                    report.restore_refused += 1
                    log.error("the centre did not restore set-aside entry %s: %s", result.id, result.status)
        if report.restored:
            log.warning("the centre had set aside %d synced entries (altered in its database): their content was "
                        "sent again and restored", report.restored)

    def _push_audit(self, report: SyncReport) -> None:
        """Send the audit records the centre lacks and keep the anchor it answers (#16 finding 11)."""
        from counter_app.storage import audit
        from counter_protocol.audit import FORKED, MAX_RECORDS

        forks = 0
        try:
            while True:
                with self.store.session() as s:
                    batch = audit.unsynced(s, MAX_RECORDS)
                    epoch = audit.epoch(s)
                if not batch:
                    break
                try:
                    anchor = self.client.push_audit(batch, epoch)
                except RequestRejected as exc:
                    if exc.reason != FORKED or forks:
                        raise
                    # the centre holds other records under this workstation's numbers (this store was
                    # restored from a backup, or another machine had this 工作站编号): go on in a chain
                    # epoch of its own, once a round; the centre records the fork for the auditors
                    forks += 1
                    with self.store.new_session() as s:
                        s.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
                        report.audit_epoch = audit.start_epoch(s)
                        s.commit()
                    log.warning("audit chain forked from the centre's (%s): continuing in epoch %s",
                                exc, report.audit_epoch)
                    continue
                with self.store.new_session() as s:
                    audit.mark_synced(s, anchor.seq, anchor.digest)
                    s.commit()
                report.audit_synced += len(batch)
                if anchor.seq < batch[-1]["seq"]:
                    break
        except SyncError as exc:   # the business entries went; the trail goes next round
            log.warning("audit records not sent: %s", exc)
            action = getattr(exc, "suggested_action", None)
            report.audit_error = f"{exc}；{action}" if action else str(exc)
            # refused by the centre (not a network or server fault): no later round sends them by
            # itself — `sync run` exits 1 (counter_app.cli.sync)
            report.audit_refused = isinstance(exc, RequestRejected)
            return
        # housekeeping: only what the centre holds, and never younger than 180 days — and not while
        # this clock is off from the centre's (a clock set ahead would make young records look old)
        if report.clock_skewed:
            log.warning("audit housekeeping skipped: clock skew %s s", report.clock_skew_seconds)
            return
        with self.store.new_session() as s:
            if audit.prune(s):
                s.commit()

    def _push_archive(self, report: SyncReport) -> None:
        """Send the archive packages' parts the centre lacks (counter_app.sync.archive_upload)."""
        from counter_app.sync import archive_upload

        got = archive_upload.ArchiveUploadReport()
        try:
            archive_upload.upload_pending(self.store, self.client, chunk_bytes=self.archive_chunk_bytes, report=got)
        except SyncError as exc:   # the rest goes next round, from where the centre stands
            log.warning("archive packages not sent: %s", exc)
            report.archive_error = str(exc)
        report.archive_uploaded += got.packages
        report.archive_bytes_sent += got.bytes_sent
        report.archive_waiting += got.waiting
        report.archive_problems += got.problems

    def _set_meta(self, key: str, value: str) -> None:
        with self.store.new_session() as s:
            meta_set(s, key, value)
            s.commit()

    def _check_clock(self, report: SyncReport) -> None:
        try:
            t0 = time.time()
            health = self.client.health()
            rtt = time.time() - t0
        except SyncError as exc:
            report.error = str(exc)
            report.online = False
            self._retry_after = getattr(exc, "retry_after", None)
            return
        report.online = True
        report.centre_version, report.centre_protocol = health.version, health.protocol
        # the server stamped its time somewhere inside the round trip
        report.clock_skew_seconds = round(p.clock_skew_seconds(health.server_time) - rtt / 2, 3)

    def _push_all(self, report: SyncReport, max_batches: int | None) -> None:
        """Send the outbox batch after batch, strictly one after the other (the centre applies each
        case's entries in order), while the local work overlaps the wait for the centre: during
        each request one helper thread marks the previous batch's results and claims the next
        batch (ahead of the one on the wire), both in one write transaction of the store. If a
        request does not come back with results, the batch claimed ahead is put back untouched,
        before the failure is handled as usual."""
        total = sent = 0
        if self.progress is not None:
            counts = self.outbox.counts()
            total = counts["pending"] + counts["sending"]
        batch = self.outbox.claim_batch(self.batch_size)
        answered: tuple[list[Claimed], list[p.EntryResult]] | None = None   # sent and answered, not marked yet
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-ahead") as local:
            while batch:
                report.batches += 1
                last = max_batches is not None and report.batches >= max_batches
                # the helper marks the previous batch and claims the next one (not after the last)
                ahead = local.submit(self._settle, answered, report, 0 if last else self.batch_size, batch)
                answered = None
                try:
                    resp = self.client.push_entries(self.workstation_id, [c.body for c in batch])
                except SyncError as exc:
                    nxt = ahead.result()   # a marking that failed fails the round (entries stay ``sending``)
                    if nxt:
                        self.outbox.release(nxt, "", timedelta(0), count_attempt=False)
                    if not self._failed(batch, exc, report) or last:
                        return
                    batch = self.outbox.claim_batch(self.batch_size)
                    continue
                self._failures, self._retry_after = 0, None
                report.online = True
                answered = (batch, resp.results)
                if self.progress is not None:
                    sent += len(batch)
                    self.progress(sent, max(total, sent))
                batch = ahead.result()
            if answered is not None:
                self._apply(*answered, report)

    def _settle(self, answered: tuple[list[Claimed], list[p.EntryResult]] | None, report: SyncReport,
                limit: int, ahead_of: list[Claimed]) -> list[Claimed]:
        """Helper thread: mark ``answered`` (if any) and claim up to ``limit`` entries after
        ``ahead_of``, in one transaction; returns the claimed batch."""
        if answered is None:
            return self.outbox.claim_batch(limit, ahead_of=ahead_of) if limit > 0 else []
        summary, claimed = self.outbox.mark_and_claim(*answered, limit, ahead_of=ahead_of)
        self._count(summary, len(answered[0]), report)
        return claimed

    def _send(self, batch: list[Claimed], report: SyncReport) -> bool:
        """Send one claimed batch and apply its results; False stops this round."""
        try:
            resp = self.client.push_entries(self.workstation_id, [c.body for c in batch])
        except SyncError as exc:
            return self._failed(batch, exc, report)
        self._failures = 0
        report.online = True
        self._apply(batch, resp.results, report)
        return True

    def _failed(self, batch: list[Claimed], exc: SyncError, report: SyncReport) -> bool:
        """A batch that got no results: back off, ask for a login, or split a refused batch until
        the bad entry is alone. False stops this round (server unreachable, login needed)."""
        if isinstance(exc, TransientError):
            self._failures += 1
            self._retry_after = exc.retry_after
            delay = backoff_delay(self._failures, self.backoff_base, self.backoff_cap, self.rng, exc.retry_after)
            self.outbox.release(batch, str(exc), timedelta(seconds=delay))
            report.error, report.online = str(exc), False
            return False
        if isinstance(exc, AuthRequired):
            self.outbox.release(batch, f"需要重新登录：{exc}", timedelta(0), count_attempt=False)
            report.needs_login, report.error = True, f"需要重新登录中心服务：{exc}"
            return False
        if not isinstance(exc, RequestRejected):
            raise exc
        if exc.status == 403:
            self.outbox.release(batch, f"{exc.detail}（{exc.suggested_action or ''}）", timedelta(0), count_attempt=False)
            report.error = exc.detail
            report.account_disabled = exc.reason == "account_disabled"
            report.workstation_retired = exc.reason == "workstation_retired"
            return False
        if len(batch) > 1:
            # one bad entry must not block the others: split until the bad one is alone
            mid = len(batch) // 2
            self.outbox.release(batch[mid:], "", timedelta(0), count_attempt=False)
            return self._send(batch[:mid], report) and self._resend(batch[mid:], report)
        entry = batch[0]
        res = p.EntryResult(id=entry.id, status="rejected", outcome="rejected",
                            reason=f"中心服务拒收（{exc.status}）：{exc.detail}",
                            suggested_action=exc.suggested_action or "核对该记录内容；修改后点「重试」，或联系信息技术人员")
        self._apply(batch, [res], report)
        return True

    def _resend(self, entries: list[Claimed], report: SyncReport) -> bool:
        # they were released to pending; claim exactly these again (still due, same order)
        again = self.outbox.claim_batch(len(entries))
        wanted = {c.seq for c in entries}
        mine = [c for c in again if c.seq in wanted]
        others = [c for c in again if c.seq not in wanted]
        if others:
            self.outbox.release(others, "", timedelta(0), count_attempt=False)
        return self._send(mine, report) if mine else True

    def _apply(self, batch: list[Claimed], results: list[p.EntryResult], report: SyncReport) -> None:
        self._count(self.outbox.mark_results(batch, results), len(batch), report)
        from counter_protocol.field import KEY_REVOKED

        revoked = next((r for r in results if r.status == "rejected" and r.reason == KEY_REVOKED), None)
        if revoked is not None:
            # the centre refused a visit because this laptop's key is revoked: no more visits are
            # sealed with it and the roster is wiped (field_key.note_revoked), until IT re-keys it
            from counter_app.sync.field_key import note_revoked

            sent = next((c for c in batch if c.id == revoked.id), None)
            actor = p.OutboxItem.model_validate_json(sent.body).actor if sent is not None else ""
            try:
                note_revoked(self.store, self.workstation_id, actor or "sync")
            except Exception as exc:     # the keyring unreadable: the next field command sees the answer again
                log.warning("laptop key revoked but not recorded here: %s", type(exc).__name__)

    @staticmethod
    def _count(summary, pushed: int, report: SyncReport) -> None:
        report.pushed += pushed
        report.synced += summary.synced
        report.rejected += summary.rejected
        report.conflict += summary.conflict
        report.changed_while_sending += summary.changed_while_sending
        report.unanswered += summary.unanswered

    def _pull_all(self, report: SyncReport) -> None:
        """Pull page after page from the cursor of this worker's scope. Each page is checked against
        what the protocol allows (:func:`pull_page_problem`) before anything of it is used, then
        stored with the cursors it may move (:meth:`_store_pulled`); a page the centre answered in
        the field scope never moves the counter scope's cursor. A page that cannot be the centre's
        ends the round with 中心服务的答复无法识别, storing nothing of it (the next round asks again,
        after a backoff). A stored cursor the centre refuses as malformed (422) is taken back to 0
        once a round and pulled again: storing a page is idempotent (the inbox is keyed by the
        centre's cursor, a reference version held is not fetched again)."""
        counter = self._stored_cursor(META_CURSOR, report)
        cursor = counter if self.scope == "counter" else max(counter, self._stored_cursor(META_FIELD_CURSOR, report))
        from_counter = self.scope == "counter"   # the pages so far continue the counter scope's cursor
        restarted = False
        for _page in range(MAX_PULL_PAGES):
            try:
                resp = self.client.pull(cursor, self.pull_limit)
            except AuthRequired as exc:
                report.needs_login, report.error = True, f"需要重新登录中心服务：{exc}"
                return
            except RequestRejected as exc:
                if exc.status == 422 and cursor > 0 and not restarted:
                    # the centre refuses the request itself: the one thing in it that varies is the
                    # stored cursor (an earlier release stored answers unchecked)
                    restarted = True
                    self._restart_cursors(report, f"中心服务拒绝了本机保存的同步位置 {cursor}（{exc.detail}）")
                    cursor, from_counter = 0, self.scope == "counter"
                    continue
                report.error = exc.detail
                report.account_disabled = exc.status == 403 and exc.reason == "account_disabled"
                report.workstation_retired = exc.status == 403 and exc.reason == "workstation_retired"
                return
            except SyncError as exc:
                report.error = str(exc)
                if isinstance(exc, TransientError):
                    # no centre answered (the network, a proxy's page, a 5xx): offline, as when a push
                    # meets it — not online on the strength of the clock check's /health alone
                    report.online = False
                    self._failures += 1
                    self._retry_after = exc.retry_after
                return
            if resp.newest is not None and cursor > resp.newest and not restarted:
                # a cursor this centre never gave: an earlier release stored it unchecked, or the
                # centre was restored from a backup and its change log ends before it
                restarted = True
                self._restart_cursors(report, f"本机保存的同步位置 {cursor} 超出中心服务的最新位置 {resp.newest}"
                                              "（中心服务可能已从备份恢复）")
                cursor, from_counter = 0, self.scope == "counter"
                continue
            problem = pull_page_problem(resp, cursor)
            if problem is not None:
                self._refuse_page(report, problem, cursor)
                return
            report.online = True
            docs = {}
            for ch in resp.changes:
                if ch.kind == "reference.published":
                    name, version = ch.payload.get("name"), ch.payload.get("version")
                    if isinstance(name, str) and isinstance(version, str) and not self._have_reference(name, version):
                        try:
                            docs[(name, version)] = self.client.reference(name, version)
                        except SyncError as exc:
                            report.error = str(exc)
                            return
            from_counter = from_counter and resp.scope == "counter"
            self._store_pulled(resp, docs, counter=from_counter)
            report.pulled += len(resp.changes)
            report.pull_scope = resp.scope
            self._collect_floors(resp.number_floors, report)
            cursor = resp.cursor
            if not resp.more:
                return
        log.info("pull: %d pages this round, the rest next round (cursor %d)", MAX_PULL_PAGES, cursor)

    def _stored_cursor(self, key: str, report: SyncReport) -> int:
        """The stored cursor ``key``; one that is no cursor (an earlier release stored the centre's
        answer unchecked: -5) is taken back to 0, said in the report and the log."""
        value = meta_get(self.store, key)
        cursor = parse_cursor(value)
        if cursor is not None:
            return cursor
        self._restart_cursors(report, f"本机保存的同步位置不正确（{_shown(value, 30)}）")
        return 0

    def _restart_cursors(self, report: SyncReport, why: str) -> None:
        """Both cursors back to 0: the next page starts from the centre's first change again."""
        log.warning("pull cursors reset to 0: %s", why)
        report.pull_cursor_reset = f"{why}，已从头重新接收中心的更新（已收到的不会重复保存）"
        with self.store.new_session() as s:
            s.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            meta_set(s, META_CURSOR, "0")
            meta_set(s, META_FIELD_CURSOR, "0")
            s.commit()

    def _refuse_page(self, report: SyncReport, problem: str, since: int) -> None:
        """A page that cannot be the centre's: nothing of it is stored, the round ends as for any
        answer not understood (transient: the agent backs off instead of asking again at once)."""
        log.warning("pull answer refused, nothing stored (since %d): %s", since, problem)
        exc = UnrecognisedAnswer(200)
        report.error, report.pull_refused, report.online = str(exc), problem, False
        self._failures += 1
        self._retry_after = None

    @staticmethod
    def _collect_floors(numbers: list[str], report: SyncReport) -> None:
        """The page's number floors into the report, each once; one out of its series' range (a
        7-digit sequence, 10²⁰) is not a floor this store may take: it is reported, never used."""
        for number in numbers:   # every page carries them
            problem = floor_problem(number)
            if problem is None:
                if number not in report.number_floors:
                    report.number_floors.append(number)
                continue
            entry = f"{_shown(number)}：{problem}"
            if entry not in report.number_floors_ignored:
                log.warning("number floor from the centre ignored: %s", problem)
                report.number_floors_ignored.append(entry)

    def _have_reference(self, name: str, version: str) -> bool:
        with self.store.session() as s:
            return s.get(ReferenceVersionRow, (name, version)) is not None

    def _store_pulled(self, resp: p.PullResponse, docs: dict, *, counter: bool) -> None:
        """Store one page and move the cursors in one transaction. Every page holds all the field
        changes after where it started, so the field cursor may move to its end (never back); the
        counter cursor moves only when ``counter``: the page continues the counter scope's cursor
        and holds every change (the centre answered it in the counter scope)."""
        now = utcnow()
        announced: dict[tuple[str, str], int] = {}   # (name, version) → the centre's cursor: its publication order
        with self.store.new_session() as s:
            s.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            for ch in resp.changes:
                if ch.kind == "reference.published":
                    name, version = ch.payload.get("name"), ch.payload.get("version")
                    if isinstance(name, str) and isinstance(version, str):
                        announced[(name, version)] = ch.cursor
                    continue
                if s.get(InboxChange, ch.cursor) is None:
                    s.add(InboxChange(cursor=ch.cursor, kind=ch.kind, aggregate_type=ch.aggregate_type,
                                      aggregate_id=ch.aggregate_id, payload=p.canonical_json(ch.payload),
                                      created_at=ch.created_at.replace(tzinfo=None), received_at=now))
            for (name, version), doc in docs.items():
                s.merge(ReferenceVersionRow(name=name, version=version, effective_from=doc.effective_from,
                                            content=p.canonical_json(doc.content), digest=doc.digest, received_at=now,
                                            published_seq=announced.get((name, version))))
            for key, seq in announced.items():   # a version held already (pulled again after a cursor reset)
                held_row = s.get(ReferenceVersionRow, key)
                if held_row is not None and held_row.published_seq != seq:
                    held_row.published_seq = seq
            if counter:
                meta_set(s, META_CURSOR, str(resp.cursor))
            held = s.get(Meta, META_FIELD_CURSOR)
            if held is None or (parse_cursor(held.value) or 0) < resp.cursor:
                meta_set(s, META_FIELD_CURSOR, str(resp.cursor))
            s.commit()

    def _record(self, report: SyncReport) -> None:
        if report.error:   # it may quote the centre: as stored, shown and printed, cleaned and bounded
            report.error = shown(report.error, ERROR_MAX_CHARS)
        now = utcnow().isoformat(timespec="seconds")
        with self.store.new_session() as s:
            s.connection(execution_options={"sqlite_begin": "IMMEDIATE"})
            meta_set(s, META_LAST_ATTEMPT, now)
            meta_set(s, META_ONLINE, "1" if report.online else "0")
            meta_set(s, META_LAST_ERROR, report.error or "")
            if report.clock_skew_seconds is not None:
                meta_set(s, META_SKEW, str(report.clock_skew_seconds))
            if report.centre_version is not None and report.centre_protocol is not None:
                # 帮助 › 关于 says which centre this workstation last reached and whether it matches
                meta_set(s, META_CENTRE_VERSION, shown(report.centre_version, 80))
                meta_set(s, META_CENTRE_PROTOCOL, str(int(report.centre_protocol)))
            if report.online and report.error is None and report.skipped is None:
                meta_set(s, META_LAST_SYNC, now)
            if report.synced or report.rejected or report.conflict:   # entries left the queue
                meta_set(s, META_LAST_PROGRESS, now)
            s.commit()

    # -------------------------------------------------------------- background loop

    def run_forever(self, stop: threading.Event, *, interval: float = 30.0, on_report=None) -> None:
        """Loop until ``stop`` is set (call from a plain thread). Sleeps ``interval`` when idle and
        a backoff with jitter after network errors / 5xx; ``on_report(report)`` after each round."""
        while not stop.is_set():
            try:
                report = self.run_once()
            except Exception as exc:  # never let the thread die silently
                log.exception("sync round failed")
                from counter_app.domain.messages import plain_message

                report = SyncReport(error=plain_message(exc, "同步出错"))
            if on_report is not None:
                on_report(report)
            if report.error and not report.needs_login:
                wait = backoff_delay(max(1, self._failures), self.backoff_base, self.backoff_cap, self.rng,
                                     self._retry_after)
            else:
                wait = interval
            stop.wait(wait)
