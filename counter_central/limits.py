"""Request limits of the central service (ASGI middleware), applied before any route sees a body:

- a body larger than ``max_body_bytes`` is answered 413 (from Content-Length when sent, else while
  it arrives; the rest is never read, so the process does not grow with what a client sends);
- a JSON body that is not valid UTF-8, that carries a lone surrogate (``\\ud800``) or that nests
  deeper than ``max_json_depth`` is answered 422 with a Chinese reason.

A refused request reaches no route, so it commits nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_JSON_DEPTH = 32

_STRING = re.compile(rb'"[^"]*"')
_OPENING = frozenset(b"[{")
_NOT_MARKS = bytes(b for b in range(256) if b not in b'[]{}"')
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


@dataclass(frozen=True)
class Refusal:
    status: int
    detail: str
    reason: str
    suggested_action: str

    def body(self) -> bytes:
        return json.dumps({"detail": self.detail, "reason": self.reason, "suggested_action": self.suggested_action},
                          ensure_ascii=False).encode("utf-8")


def too_large(limit: int) -> Refusal:
    return Refusal(413, f"请求内容过大（上限 {limit // 1024} KB）", "body_too_large", "分批提交；如反复出现请联系信息技术人员")


def json_depth_exceeds(body: bytes, limit: int) -> bool:
    """Whether the JSON text nests arrays/objects deeper than ``limit`` (strings are skipped).

    Only the brackets outside strings are kept (a few percent of the text), then counted."""
    if body.count(b"{") + body.count(b"[") <= limit:
        return False
    # drop escapes (an escaped backslash first, then an escaped quote), keep only quotes and
    # brackets (C-speed), then drop what is left of the strings: brackets and their nesting remain
    # (two adjacent quotes always close one string and open the next, or make an empty one: removing
    # them keeps the quotes alternating, and only strings holding a bracket are left for the regex)
    # (a body without a backslash has no escapes: two copies of the whole body fewer, as a push
    # batch of a thousand entries usually is)
    if b"\\" in body:
        body = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    marks = body.translate(None, _NOT_MARKS).replace(b'""', b"")
    brackets = _STRING.sub(b"", marks)
    return _running_depth(brackets) > limit


def _running_depth(brackets: bytes) -> int:
    depth = deepest = 0
    for ch in brackets:
        if ch in _OPENING:
            depth += 1
            if depth > deepest:
                deepest = depth
        else:
            depth -= 1
    return deepest


def check_json(body: bytes, max_depth: int) -> Refusal | None:
    """Why a JSON request body is refused before parsing (422), or None."""
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return Refusal(422, "请求内容不是有效的 UTF-8 编码", "invalid_utf8", "以 UTF-8 编码发送请求")
    if json_depth_exceeds(body, max_depth):
        return Refusal(422, f"请求内容嵌套过深（上限 {max_depth} 层）", "json_too_deep", "核对请求内容")
    if _SURROGATE_ESCAPE.search(body):
        try:
            json.dumps(json.loads(body), ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return Refusal(422, "请求内容包含无效的 Unicode 字符（单独的代理项）", "invalid_unicode", "核对请求内容")
        except (ValueError, RecursionError):
            return None        # not JSON: the route's parser answers it
    return None


class LimitsMiddleware:
    """Pure ASGI middleware: buffers an HTTP request body up to the limit, checks it, replays it."""

    def __init__(self, app, *, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES, max_json_depth: int = DEFAULT_MAX_JSON_DEPTH):
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_json_depth = max_json_depth

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                if int(length) > self.max_body_bytes:
                    await _answer(send, too_large(self.max_body_bytes))
                    return
            except ValueError:
                pass
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await _answer(send, too_large(self.max_body_bytes))
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        if body:
            refusal = check_json(body, self.max_json_depth)
            if refusal is not None:
                await _answer(send, refusal)
                return
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _answer(send, refusal: Refusal) -> None:
    body = refusal.body()
    await send({"type": "http.response.start", "status": refusal.status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
