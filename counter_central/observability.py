"""Operating the central service: structured JSON logs, Prometheus metrics (safe with several
worker processes), liveness / readiness, and the load limit.

- **Logs** are one JSON object per line on stderr (``ts``, ``level``, ``logger``, ``msg`` and the
  record's extra fields). A request line carries the route *template* (``/api/v1/sync/push``),
  never the query string or a body: no personal data reaches the log.
- **Metrics** (prometheus-client) at ``GET /metrics``: requests by route and status, latency,
  push batch sizes, and the queue lag per office (how old the oldest entry of a push was when it
  arrived). With ``serve --workers N`` every worker writes its samples to the directory named by
  ``PROMETHEUS_MULTIPROC_DIR`` (set by the parent before the workers start) and ``/metrics``, on
  whichever worker answers, sums them over all workers.
- **Load limit**: a worker answers a request at once with ``503`` and ``Retry-After`` (seconds),
  never leaving it to time out, when it already holds ``max_inflight`` requests, or when the
  requests it holds would take longer than ``max_queue_seconds`` to clear at the rate it has been
  answering over the last two seconds (so the limit follows what the machine can do: a batch of
  1,000 entries costs more than a login check). The same
  answer is given when no database connection frees up within the pool's wait
  (``sqlalchemy.exc.TimeoutError``). ``/livez``, ``/readyz`` and ``/metrics`` are never limited,
  and never wait behind the business requests for the worker's threads (``LoadLimits.threads``).
- **Health**: ``GET /livez`` answers while the process runs; ``GET /readyz`` answers 200 only when
  the database answers and its schema is at every Alembic head (a worker on a database not yet
  migrated is not ready), 503 otherwise.
"""

from __future__ import annotations

import json
import logging
import math
import os
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timezone

from anyio import CapacityLimiter, to_thread
from anyio.lowlevel import RunVar

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
MAX_INFLIGHT_ENV = "COUNTER_CENTRAL_MAX_INFLIGHT"
RETRY_AFTER_ENV = "COUNTER_CENTRAL_RETRY_AFTER"
MAX_QUEUE_ENV = "COUNTER_CENTRAL_MAX_QUEUE_SECONDS"
THREADS_ENV = "COUNTER_CENTRAL_THREADS"
UNLIMITED_PATHS = frozenset({"/livez", "/readyz", "/metrics"})


@dataclass(frozen=True)
class LoadLimits:
    """Per worker: the most requests held at once, how long the requests it holds may take to
    clear (estimated from the answers of the last seconds) before the next gets 503, the
    Retry-After sent with it, and how many requests' blocking work (database, validation) runs at
    once on the worker's threads; the rest wait their turn in the event loop, still held."""

    # a backstop for a worker with no answer rate yet (the queue rule below needs one): the design
    # burst (1,000 workstations on 4 workers, docs/deployment.md) lands ~250 requests on a worker at
    # once, more where the workers' accepts are uneven; at 256 `bench centre-burst` turned 8–11 of
    # 500 simultaneous pushes away on a cold worker, each then back 1–2 s later (the burst's tail)
    max_inflight: int = 512
    retry_after: int = 1
    max_queue_seconds: float = 5.0       # half the client's default timeout (10 s)
    # Python runs one thread at a time per process: beyond a few threads (enough to overlap one
    # request's database round trips with another's Python) more only take turns at the
    # interpreter lock. anyio's default is 40; at 4 `bench centre-burst` spent ~20 % less centre
    # CPU on the same 500 pushes (docs/deployment.md).
    threads: int = 4

    @classmethod
    def from_env(cls, environ=os.environ) -> "LoadLimits":
        """The limits of an app built without them (``create_app`` outside ``serve``), each from its
        environment variable when set. A value that is not a positive number is refused, naming the
        variable, rather than clamped or left to a bare ``int()`` traceback."""
        d = cls()
        return cls(max_inflight=_env_positive(environ, MAX_INFLIGHT_ENV, d.max_inflight, int),
                   retry_after=_env_positive(environ, RETRY_AFTER_ENV, d.retry_after, int),
                   max_queue_seconds=_env_positive(environ, MAX_QUEUE_ENV, d.max_queue_seconds, float),
                   threads=_env_positive(environ, THREADS_ENV, d.threads, int))


def _env_positive(environ, name: str, default, kind):
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value) or value <= 0:
        what = "正整数" if kind is int else "正数"
        raise ValueError(f"环境变量 {name} 应为{what}，现为 {raw[:40]!r}")
    return value


# ------------------------------------------------------------------------------------- logs

_STD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "color_message"}


class JsonFormatter(logging.Formatter):
    """One JSON object per record; extra fields (``log.info("...", extra={...})``) are kept.

    The message and a traceback are masked (ID numbers, phones, labelled names:
    counter_rules.masking), and a database error in a traceback shows its kind, SQLSTATE and
    statement but not its message (see :func:`exception_text`)."""

    def format(self, record: logging.LogRecord) -> str:
        from counter_rules.masking import mask_text

        out: dict[str, object] = {"ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
               "level": record.levelname.lower(), "logger": record.name, "msg": mask_text(record.getMessage()),
               "pid": record.process}
        for key, value in vars(record).items():
            if key not in _STD_ATTRS and not key.startswith("_"):
                out[key] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)

    def formatException(self, ei) -> str:
        return exception_text(ei[1]) if ei and ei[1] is not None else ""


_DBAPI_MODULES = frozenset({"psycopg", "psycopg2", "psycopg_pool", "sqlite3", "sqlcipher3", "asyncpg"})


def _is_database_error(exc: BaseException) -> bool:
    from sqlalchemy.exc import StatementError

    return isinstance(exc, StatementError) or type(exc).__module__.split(".")[0] in _DBAPI_MODULES


def _database_message(exc: BaseException) -> str:
    """What a database error may say in the log: its driver's error class, SQLSTATE and the
    statement (placeholders only). The driver's own message is left out: PostgreSQL's ``DETAIL``
    of a unique violation (``Key (id_number)=(…)``), an ``invalid input syntax … "…"`` and the
    like quote the very values ``hide_parameters`` keeps out of SQLAlchemy's text."""
    from sqlalchemy.exc import StatementError

    orig = exc.orig if isinstance(exc, StatementError) and exc.orig is not None else exc
    parts = [f"({type(orig).__module__}.{type(orig).__qualname__})"]
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or getattr(orig, "sqlite_errorname", None)
    if state:
        parts.append(f"SQLSTATE {state}")
    parts.append("[message hidden: it may quote personal data]")
    if isinstance(exc, StatementError) and exc.statement:
        parts.append(f"\n[SQL: {exc.statement}]")
    return " ".join(parts)


def exception_text(exc: BaseException) -> str:
    """``exc``'s traceback with its causes and contexts, as ``logging`` prints one, except that
    a database error's message is :func:`_database_message` and every other message is masked
    (counter_rules.masking): the log never holds a bound value of a failing statement."""
    import traceback

    from counter_rules.masking import mask_text

    lines: list[str] = []
    seen: set[int] = set()

    def add(e: BaseException) -> None:
        seen.add(id(e))
        if e.__cause__ is not None and id(e.__cause__) not in seen:
            add(e.__cause__)
            lines.append("\nThe above exception was the direct cause of the following exception:\n\n")
        elif e.__context__ is not None and not e.__suppress_context__ and id(e.__context__) not in seen:
            add(e.__context__)
            lines.append("\nDuring handling of the above exception, another exception occurred:\n\n")
        if e.__traceback__ is not None:
            lines.append("Traceback (most recent call last):\n")
            lines.extend(traceback.format_tb(e.__traceback__))
        name = f"{type(e).__module__}.{type(e).__qualname__}"
        if _is_database_error(e):
            lines.append(f"{name}: {_database_message(e)}\n")
        else:
            lines.append(mask_text("".join(traceback.format_exception_only(type(e), e))))

    add(exc)
    return "".join(lines).rstrip("\n")


def log_config(level: str = "warning") -> dict:
    """A ``logging.config.dictConfig`` (also uvicorn's ``log_config``): every logger as JSON lines."""
    lvl = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": f"{__name__}.JsonFormatter"}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "root": {"handlers": ["stderr"], "level": lvl},
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": lvl, "propagate": False},
            "uvicorn.error": {"handlers": ["stderr"], "level": lvl, "propagate": False},
            "uvicorn.access": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
            "counter_central": {"handlers": ["stderr"], "level": lvl, "propagate": False},
        },
    }


log = logging.getLogger("counter_central.requests")


# ---------------------------------------------------------------------------------- metrics

class _Metrics:
    """Created on first use, after ``PROMETHEUS_MULTIPROC_DIR`` is in the environment."""

    def __init__(self) -> None:
        from prometheus_client import Counter, Gauge, Histogram

        self.requests = Counter("central_http_requests_total", "HTTP requests answered",
                                ["method", "route", "status"])
        self.latency = Histogram("central_http_request_duration_seconds", "Time to answer a request",
                                 ["method", "route"],
                                 buckets=(.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30))
        self.inflight = Gauge("central_http_inflight_requests", "Requests being served now",
                              multiprocess_mode="livesum")
        self.overload = Counter("central_http_overload_rejections_total",
                                "Requests answered 503 + Retry-After because the worker was full", ["cause"])   # inflight | queue | db_pool
        self.batch = Histogram("central_push_batch_entries", "Entries per push batch",
                               buckets=(1, 5, 10, 25, 50, 100, 250, 500, 1000))
        self.lag = Histogram("central_push_queue_lag_seconds",
                             "Age of the oldest entry of a push batch when it arrived (queue lag), by office",
                             ["office"], buckets=(1, 10, 60, 300, 900, 3600, 4 * 3600, 86400, 7 * 86400, 30 * 86400))
        self.lag_now = Gauge("central_push_queue_lag_latest_seconds",
                             "Queue lag of the latest push batch, by office", ["office"],
                             multiprocess_mode="mostrecent")


_metrics: _Metrics | None = None


def metrics() -> _Metrics:
    global _metrics
    if _metrics is None:
        _metrics = _Metrics()
    return _metrics


def observe_push(office: str, entries) -> None:
    """Batch size and queue lag of one push (``entries``: the batch's ``OutboxItem``s)."""
    m = metrics()
    m.batch.observe(len(entries))
    oldest = min((e.created_at for e in entries if e.created_at is not None), default=None)
    if oldest is not None:
        if oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=timezone.utc)
        lag = max(0.0, (datetime.now(timezone.utc) - oldest).total_seconds())
        m.lag.labels(office or "-").observe(lag)
        m.lag_now.labels(office or "-").set(lag)


def metrics_text() -> tuple[bytes, str]:
    from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

    metrics()
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    from prometheus_client import REGISTRY

    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def worker_exited(pid: int | None = None) -> None:
    """Tell the multi-process collector this worker is gone (its live gauges stop counting)."""
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid or os.getpid())


# --------------------------------------------------------------------------- load limit

# a database that cannot be reached (PostgreSQL down, a fail-over under way, the file gone) is
# answered like a full worker, so the counters back off instead of reading a bare 500
DB_UNAVAILABLE_RETRY_AFTER = 5


def database_unavailable_body(retry_after: int) -> bytes:
    return json.dumps({"detail": "中心数据库暂时无法连接，请稍后再试", "reason": "database_unavailable",
                       "suggested_action": f"业务已保存在本机，客户端将在约 {retry_after} 秒后自动重试；"
                                           "如持续出现，请联系中心的信息技术人员检查数据库"},
                      ensure_ascii=False).encode("utf-8")


def overloaded_body(retry_after: int) -> bytes:
    return json.dumps({"detail": "中心服务繁忙，请稍后再试", "reason": "overloaded",
                       "suggested_action": f"客户端将在约 {retry_after} 秒后自动重试（随机错开），无需操作"},
                      ensure_ascii=False).encode("utf-8")


class OpsMiddleware:
    """Pure ASGI middleware: the in-flight limit (503 + Retry-After), request metrics, request log."""

    def __init__(self, app, limits: LoadLimits):
        self.app = app
        self.limits = limits
        self.inflight = 0           # one event loop per worker: no lock needed
        self._done: deque[float] = deque(maxlen=4096)   # when recent requests were answered

    def _queue_seconds(self, now: float) -> float | None:
        """How long the requests held now would take to clear at the recent answer rate (None:
        too few recent answers to say)."""
        window = 2.0
        while self._done and self._done[0] < now - window:
            self._done.popleft()
        if len(self._done) < 8:
            return None
        # over the time the answers actually span (a burst that began a moment ago has not had
        # two seconds to answer in: dividing by the whole window would understate the rate)
        span = max(now - self._done[0], 0.25)
        return self.inflight / (len(self._done) / span)

    def _admit(self) -> str | None:
        if self.inflight >= self.limits.max_inflight:
            return "inflight"
        if self.inflight >= 8:
            wait = self._queue_seconds(time.monotonic())
            if wait is not None and wait > self.limits.max_queue_seconds:
                return "queue"
        return None

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            async def receive_lifespan():
                message = await receive()
                if message["type"] == "lifespan.shutdown":
                    worker_exited()
                return message

            return await self.app(scope, receive_lifespan, send)
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limiter = to_thread.current_default_thread_limiter()   # one per event loop
        if limiter.total_tokens != self.limits.threads:
            limiter.total_tokens = self.limits.threads
        m = metrics()
        path, method = scope["path"], scope["method"]
        limited = path not in UNLIMITED_PATHS
        refused = self._admit() if limited else None
        if refused:
            m.overload.labels(refused).inc()
            m.requests.labels(method, "overloaded", "503").inc()
            log.info("overloaded", extra={"method": method, "status": 503, "inflight": self.inflight})
            return await send_overloaded(send, self.limits.retry_after)
        status = {"code": 500}

        async def send_wrapper(message):
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        self.inflight += 1
        m.inflight.inc()
        t0 = time.perf_counter()
        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            self.inflight -= 1
            self._done.append(time.monotonic())
            m.inflight.dec()
            elapsed = time.perf_counter() - t0
            route = getattr(scope.get("route"), "path", None) or "unmatched"
            m.requests.labels(method, route, str(status["code"])).inc()
            m.latency.labels(method, route).observe(elapsed)
            if log.isEnabledFor(logging.INFO):
                log.info("request", extra={"method": method, "route": route, "status": status["code"],
                                           "ms": round(elapsed * 1000, 2)})


async def send_overloaded(send, retry_after: int) -> None:
    body = overloaded_body(retry_after)
    await send({"type": "http.response.start", "status": 503,
                "headers": [(b"content-type", b"application/json"), (b"retry-after", str(retry_after).encode()),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


# ------------------------------------------------------------------------------- install

_OPS_LIMITER: RunVar[CapacityLimiter] = RunVar("central_ops_limiter")


def _ops_limiter() -> CapacityLimiter:
    """The operating endpoints' own thread (one per event loop, as anyio's default limiter)."""
    try:
        return _OPS_LIMITER.get()
    except LookupError:
        limiter = CapacityLimiter(1)
        _OPS_LIMITER.set(limiter)
        return limiter


def install(app, engine, limits: LoadLimits | None = None) -> None:
    """Add /livez, /readyz, /metrics, the pool-timeout answer and the middleware to ``app``."""
    from fastapi import Request
    from fastapi.responses import JSONResponse, Response
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    limits = limits or LoadLimits.from_env()
    app.state.load_limits = limits
    from counter_central.db import revision_graph

    graph = revision_graph()

    # The operating endpoints never queue behind the business requests for the worker's threads
    # (``--threads``): a proxy's health check must answer in a burst too, or it takes a busy but
    # healthy host out of service and sends its share to the others.
    @app.get("/livez", include_in_schema=False)
    async def livez() -> dict:
        return {"status": "alive"}

    def ready() -> Response:
        problem = _not_ready(engine, graph)
        if problem:
            return JSONResponse({"status": "not_ready", "reason": problem}, status_code=503)
        return JSONResponse({"status": "ready", "database": engine.dialect.name})

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> Response:
        return await to_thread.run_sync(ready, limiter=_ops_limiter())

    def prometheus_text() -> Response:
        body, ctype = metrics_text()
        return Response(body, media_type=ctype)

    @app.get("/metrics", include_in_schema=False)
    async def prometheus_metrics() -> Response:
        return await to_thread.run_sync(prometheus_text, limiter=_ops_limiter())

    @app.exception_handler(PoolTimeout)
    async def _pool_timeout(_req: Request, _exc: PoolTimeout):
        metrics().overload.labels("db_pool").inc()
        return Response(overloaded_body(limits.retry_after), status_code=503, media_type="application/json",
                        headers={"Retry-After": str(limits.retry_after)})

    def _database_unavailable(exc: BaseException) -> Response:
        wait = max(limits.retry_after, DB_UNAVAILABLE_RETRY_AFTER)
        log.error("database unavailable: %s", _database_message(exc))
        return Response(database_unavailable_body(wait), status_code=503, media_type="application/json",
                        headers={"Retry-After": str(wait)})

    from sqlalchemy.exc import OperationalError

    @app.exception_handler(OperationalError)
    async def _db_operational(_req: Request, exc: OperationalError):
        return _database_unavailable(exc)

    for module in ("psycopg", "sqlite3"):   # the driver's own, from a raw connection (COPY)
        try:
            driver_error = __import__(module).OperationalError
        except (ImportError, AttributeError):
            continue

        async def _driver_operational(_req: Request, exc: Exception):
            return _database_unavailable(exc)

        app.add_exception_handler(driver_error, _driver_operational)

    app.add_middleware(OpsMiddleware, limits=limits)


def _not_ready(engine, graph: dict[str, tuple[str, ...]]) -> str | None:
    from sqlalchemy import text

    from counter_central.db import applied_revisions

    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            try:
                current = {r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))}
            except Exception:
                current = set()
    except Exception as exc:  # database unreachable
        return f"database unavailable: {type(exc).__name__}"
    if not set(graph) <= applied_revisions(current, graph):
        return "database schema not at the current revision"
    return None
