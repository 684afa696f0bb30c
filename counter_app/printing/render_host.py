"""文书生成进程 — the window's notices are rendered in a process of their own.

Rendering a notice is ~50 ms of pure Python (reportlab) holding the interpreter lock. Done on a
worker thread of the window, every Qt call of the GUI thread meanwhile waits for the lock again
(``sys.getswitchinterval()`` each time), and the window stutters exactly when the clerk prints.
The window therefore asks ``counter-app notice serve``, a child process started once per session,
which renders with the same :func:`~counter_app.printing.templates.render_pdf`.

The protocol runs over the child's stdin/stdout (pipes: no port, no file, nothing on disk — the
fields are personal data). Every message is a frame: a 4-byte big-endian length, then the body.

- request: a JSON object ``{"kind", "fields", "number", "digest", "font_path", "reprint_at",
  "signature" (base64 PNG or null), "archival", "draft"}``;
- answer: ``b"P"`` + the PDF's bytes, or ``b"E"`` + a JSON object ``{"error": <the clerk's
  message>, "render_error": bool}`` (true: the fields cannot make the document, as ``RenderError``).

A fault of the renderer is logged by the child in its own ``render-host.log`` and answered with
the clerk's message. The child ends when its stdin closes (the window closed it, or the window's
process died). A child that died, hung past :attr:`RenderHost.timeout` or answered nonsense is
replaced on the next call; if none can be started, the document is rendered in the calling
process, and the log says why.
"""

from __future__ import annotations

import base64
import json
import logging
import queue
import struct
import subprocess
import threading
from typing import IO, Callable

log = logging.getLogger(__name__)

LOG_FILE = "render-host.log"   # the child's own rotating, masked log (in the app's log directory)
MAX_FRAME = 64 * 2**20          # a notice is ~60 KB; a larger frame means a broken peer
_HEADER = struct.Struct(">I")


class RenderHostError(RuntimeError):
    """The render process could not answer (not started, died, hung, or spoke nonsense)."""


# ----------------------------------------------------------------------------- framing

def write_frame(stream: IO[bytes], body: bytes) -> None:
    stream.write(_HEADER.pack(len(body)) + body)
    stream.flush()


def read_frame(stream: IO[bytes]) -> bytes | None:
    """The next frame's body; None at a clean end of the stream. Raises on a truncated or
    oversized frame."""
    head = _read_exactly(stream, _HEADER.size)
    if head is None:
        return None
    (size,) = _HEADER.unpack(head)
    if size > MAX_FRAME:
        raise RenderHostError(f"frame of {size} bytes exceeds {MAX_FRAME}")
    body = _read_exactly(stream, size) if size else b""
    if body is None:
        raise RenderHostError("stream ended inside a frame")
    return body


def _read_exactly(stream: IO[bytes], n: int) -> bytes | None:
    chunks, got = [], 0
    while got < n:
        chunk = stream.read(n - got)
        if not chunk:
            if got:
                raise RenderHostError("stream ended inside a frame")
            return None
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


# ----------------------------------------------------------------------------- the child

def encode_request(kind: str, fields: dict, number: str, *, digest: str | None = None, font_path: str = "",
                   reprint_at: str | None = None, signature: bytes | None = None, archival: bool = False,
                   draft: bool = False) -> bytes:
    return json.dumps({
        "kind": kind, "fields": fields, "number": number, "digest": digest, "font_path": font_path,
        "reprint_at": reprint_at, "archival": bool(archival), "draft": bool(draft),
        "signature": base64.b64encode(signature).decode("ascii") if signature else None,
    }, ensure_ascii=False).encode("utf-8")


def answer(body: bytes) -> bytes:
    """Render one request frame; the answer frame (never raises: every failure is an answer)."""
    from counter_app.domain.messages import plain_message
    from counter_app.printing.templates import RenderError, render_pdf

    try:
        req = json.loads(body.decode("utf-8"))
        if not isinstance(req, dict) or not isinstance(req.get("fields"), dict):
            raise RenderError("文书生成请求格式不正确")
        signature = base64.b64decode(req["signature"], validate=True) if req.get("signature") else None
        pdf = render_pdf(str(req.get("kind", "")), req["fields"], str(req.get("number", "")),
                         digest=req.get("digest") or None, font_path=str(req.get("font_path") or ""),
                         reprint_at=req.get("reprint_at") or None, signature=signature,
                         archival=bool(req.get("archival")), draft=bool(req.get("draft")))
    except RenderError as exc:
        return b"E" + json.dumps({"error": str(exc), "render_error": True}, ensure_ascii=False).encode("utf-8")
    except (ValueError, TypeError, KeyError, UnicodeDecodeError) as exc:
        return b"E" + json.dumps({"error": plain_message(exc, "文书生成请求格式不正确"), "render_error": True},
                                 ensure_ascii=False).encode("utf-8")
    except Exception as exc:   # a fault of the renderer: the window gets a message, the child lives on
        log.exception("rendering failed")
        return b"E" + json.dumps({"error": plain_message(exc, "文书生成失败"), "render_error": False},
                                 ensure_ascii=False).encode("utf-8")
    return b"P" + pdf


def warm_up() -> None:
    """Render one sample (fictional data) and drop it: the imports, the fonts and reportlab's caches
    are loaded before the clerk's first notice, which then takes as long as any other."""
    from counter_app.domain.documents import DocumentKind
    from counter_app.printing.samples import sample_fields

    kind = DocumentKind.guidance_notice
    answer(encode_request(kind.value, sample_fields(kind), "warm-up"))


def serve(stdin: IO[bytes], stdout: IO[bytes]) -> int:
    """The child's loop: one answer per request, until stdin ends. 0 on a clean end, 2 on a
    broken stream (the parent went away mid-frame)."""
    while True:
        try:
            body = read_frame(stdin)
        except RenderHostError as exc:
            log.warning("render host: %s", exc)
            return 2
        if body is None:
            return 0
        try:
            write_frame(stdout, answer(body))
        except (BrokenPipeError, OSError):   # the window is gone
            return 0


# ----------------------------------------------------------------------------- the window's side

class RenderHost:
    """The parent's handle on one render process; thread-safe (one request at a time).

    ``command`` starts the child (``counter-app notice serve``, ``launcher.self_command``);
    ``fallback`` renders in this process when no child can be had (``render_pdf``)."""

    timeout = 60.0

    def __init__(self, command: list[str], fallback: Callable[..., bytes]):
        self.command = command
        self.fallback = fallback
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._answers: queue.Queue = queue.Queue()
        self.started = 0          # children started (the first, and each replacement)
        self.served = 0           # documents the child rendered
        self.fallbacks = 0        # documents rendered in this process instead

    @classmethod
    def of_this_program(cls, fallback: Callable[..., bytes]) -> "RenderHost":
        """The render process of this installation: ``counter-app notice serve`` started with the
        same program (``launcher.self_command``: the checkout's interpreter or the bundle)."""
        from counter_app import launcher

        return cls(launcher.self_command("notice", "serve"), fallback)

    # --- life cycle
    def start(self) -> None:
        """Start the child now (the window does this once idle, so the first notice is quick)."""
        with self._lock:
            self._ensure()

    def close(self) -> None:
        with self._lock:
            self._stop()

    @property
    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _ensure(self) -> subprocess.Popen:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        self._stop()
        from counter_app.launcher import start_background

        # background work like the sync agent: below the window's priority, so a notice rendering
        # on the other core does not hold off the window's timers and paints (Windows: below-normal
        # class and no console window of its own)
        try:
            proc = start_background(self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise RenderHostError(f"cannot start {self.command[:3]}: {exc}") from exc
        self._proc = proc
        self._answers = queue.Queue()
        threading.Thread(target=self._read_answers, args=(proc, self._answers), daemon=True,
                         name="render-host-reader").start()
        self.started += 1
        return proc

    @staticmethod
    def _read_answers(proc: subprocess.Popen, answers: queue.Queue) -> None:
        try:
            while True:
                body = read_frame(proc.stdout)   # type: ignore[arg-type]
                answers.put(body)
                if body is None:
                    return
        except (RenderHostError, OSError, ValueError) as exc:
            answers.put(exc)

    def _stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            from counter_app.launcher import end_child

            end_child(proc, 2)          # the child's loop ends at EOF

    # --- rendering
    def render(self, kind, fields: dict, number: str, *, digest: str | None = None, font_path: str = "",
               reprint_at: str | None = None, signature: bytes | None = None, archival: bool = False,
               draft: bool = False) -> bytes:
        """:func:`~counter_app.printing.templates.render_pdf`, in the child (see the module)."""
        from counter_app.printing.errors import RenderError   # not templates: no reportlab in the window

        kind_value = getattr(kind, "value", kind)
        request = encode_request(str(kind_value), fields, number, digest=digest, font_path=font_path,
                                 reprint_at=reprint_at, signature=signature, archival=archival, draft=draft)
        try:
            with self._lock:
                reply = self._exchange(request)
        except RenderHostError as exc:
            log.warning("render host unavailable, rendering in this process: %s", exc)
            self.fallbacks += 1
            return self.fallback(kind, fields, number, digest=digest, font_path=font_path, reprint_at=reprint_at,
                                 signature=signature, archival=archival, draft=draft)
        if reply[:1] == b"P":
            self.served += 1
            return reply[1:]
        try:
            detail = json.loads(reply[1:].decode("utf-8"))
            message, is_render_error = str(detail["error"]), bool(detail.get("render_error"))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            message, is_render_error = "文书生成进程的应答无法识别", False
        if is_render_error:
            raise RenderError(message)
        raise RenderHostError(message)

    def _exchange(self, request: bytes) -> bytes:
        for attempt in (1, 2):      # a child found dead is replaced once
            proc = self._ensure()
            try:
                write_frame(proc.stdin, request)   # type: ignore[arg-type]
                reply = self._answers.get(timeout=self.timeout)
            except (BrokenPipeError, OSError) as exc:
                self._stop()
                if attempt == 2:
                    raise RenderHostError(f"render process gone: {exc}") from exc
                continue
            except queue.Empty:
                self._stop()
                raise RenderHostError(f"no answer within {self.timeout:.0f} s") from None
            if isinstance(reply, Exception) or reply is None or reply[:1] not in (b"P", b"E"):
                self._stop()
                if attempt == 2 or reply is not None:
                    raise RenderHostError(f"render process answered {type(reply).__name__}")
                continue
            return reply
        raise RenderHostError("render process unavailable")   # pragma: no cover - the loop returns or raises
