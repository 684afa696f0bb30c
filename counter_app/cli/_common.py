"""Helpers shared by CLI commands: settings, store, JSON output, stdin batches."""

from __future__ import annotations

import json
import sys
from typing import Any, Callable, Iterable

from counter_app.config import CENTRAL_URL_ENV, ConfigError, Settings, load_settings
from counter_app.paths import app_paths
from counter_protocol.file_problems import file_problem as file_problem  # re-exported for the commands


CONFIG_REFUSED = ("本命令未执行：配置文件有误时不办理业务（否则文号和办件编号可能用错工作站编号，记录可能送错或送不到中心）。"
                  "请按提示修改配置文件（counter-app config check 可再检查），然后再试；不要删除配置文件，"
                  "其中的工作站编号和分局代码不能丢。")
ENV_REFUSED = (f"本命令未执行：环境变量 {CENTRAL_URL_ENV} 有误时不办理业务（否则记录送不到中心）。"
               f"请改正该环境变量，或取消它（unset {CENTRAL_URL_ENV}）以使用配置文件中的地址，然后再试；配置文件无需修改。")


def refused_advice(error: ConfigError) -> str:
    """What to do about ``error``: the file's problems (:data:`CONFIG_REFUSED`), the environment
    variable's (:data:`ENV_REFUSED`), or both."""
    env = any(CENTRAL_URL_ENV in p.key for p in error.problems)
    in_file = any(CENTRAL_URL_ENV not in p.key for p in error.problems)
    return "\n".join(([CONFIG_REFUSED] if in_file else []) + ([ENV_REFUSED] if env else [])) or CONFIG_REFUSED


class ConfigRefused(ConfigError):
    """A command that writes records or talks to the centre refused because the configuration does
    not load: its problems and what to do (:func:`refused_advice`; counter_app.cli.main says it,
    exit 1, ``{"error": …}`` under ``--json``)."""

    def message(self) -> str:
        return super().message() + "\n" + refused_advice(self)


def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: a CJK (East Asian wide or fullwidth) character two, a
    combining mark none, anything else one."""
    import unicodedata

    return sum(0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
               for ch in text)


def pad(text: str, width: int, gap: int = 2) -> str:
    """``text`` padded with spaces to ``width`` terminal columns (what ``f"{text:<width}"`` does for
    ASCII, but a Chinese character is two columns), and at least ``gap`` spaces after it when it is
    wider: a column never runs into the next."""
    return text + " " * max(width - display_width(text), gap)


def columns(cells: Iterable[str], widths: Iterable[int]) -> str:
    """One line of a table: each cell :func:`pad`-ded to its width, the last (one more cell than
    widths) as it is. Each cell is stored text made fit for the terminal
    (counter_protocol.free_text.shown): a value stored before typed text was checked (a name, an
    address, a reason) cannot drive it with an escape sequence or reorder the line with U+202E."""
    from counter_protocol.free_text import shown

    *padded, last = (shown(str(c), CELL_CHARS) for c in cells)
    return "".join(pad(c, w) for c, w in zip(padded, widths, strict=True)) + last


CELL_CHARS = 2000       # the most of one table cell a terminal line shows


def load_cli_settings() -> Settings:
    """Settings for a CLI command; a file that does not load raises :class:`ConfigRefused`.

    Never the factory settings instead: a command would number cases and documents with the default
    workstation id and drop the centre's address (COUNTER_APP_CENTRAL_URL) and the export key. The
    read-only diagnostics (doctor, config check/show) read the file themselves and report it."""
    try:
        return load_settings(app_paths().config_file)
    except ConfigError as exc:
        raise ConfigRefused(exc.path, exc.problems) from None


def open_store():
    from counter_app.printing.printqueue import adopt_legacy_spool
    from counter_app.storage.db import Store

    paths = app_paths().ensure()
    store = Store.open(paths.database_file)
    adopt_legacy_spool(store, paths.data_dir)    # clear spool PDFs of earlier releases (#16)
    from counter_app.printing.archive_package import seal_clear_packages

    seal_clear_packages(store)                   # clear archive parts of earlier releases (once)
    return store


def in_force(name: str):
    """(value, source) of the reference data set ``name`` in force on this workstation
    (counter_app.workflows.reference); a problem with it is said on stderr."""
    found = in_force_found(name)
    return found.value, found.source


def in_force_found(name: str):
    """The reference data set ``name`` in force on this workstation (counter_app.workflows.reference
    .InForce: value, source, the next version announced); a problem with it is said on stderr."""
    from counter_app.workflows.reference import in_force_on_this_workstation

    found = in_force_on_this_workstation(name)
    if found.problem:
        print(f"注意：{found.problem}；暂用随程序发布的版本", file=sys.stderr)
    return found


NOT_SIGNED_IN = "未登录：请先用 counter-app login 登录"


def signed_in_actor(store, settings, doing: str) -> str:
    """The username signed in on this workstation — by an online login or an offline one (the login
    kept on this machine), the actor of every record a command writes; raises LookupError with
    "未登录：请先用 counter-app login 登录，再{doing}" when nobody is (the command then acts as nobody:
    it reads, writes and audits nothing)."""
    from counter_app.sync.auth import AuthManager

    auth = AuthManager(store, settings)
    refused = auth.business_refusal()     # the centre disabled the account / retired this workstation
    if refused:
        raise LookupError(refused)
    user = auth.current_user()
    if not user:
        raise LookupError(f"{NOT_SIGNED_IN}，再{doing}")
    return user


def signed_in_user(store, settings):
    """(AuthManager, username, UserInfo) of the user signed in on this workstation, from the login
    kept on this machine (works offline); raises LookupError with the Chinese reason when there is
    none."""
    from counter_app.sync.auth import AuthManager

    auth = AuthManager(store, settings)
    refused = auth.business_refusal()
    if refused:
        raise LookupError(refused)
    user = auth.current_user()
    if not user:
        raise LookupError(NOT_SIGNED_IN)
    info = auth.stored_user(user)
    if info is None:
        raise LookupError("本机没有该账号的登录信息，请联网登录")
    return auth, user, info


def fail(args, message: str, code: int = 1, *, prefix: str = "未能完成：") -> int:
    """A refused or failed command: ``{"error": …}`` under ``--json``, else the Chinese message on
    stderr; returns the exit code."""
    if getattr(args, "json", False):
        print_json({"error": message})
    else:
        print(f"{prefix}{message}", file=sys.stderr)
    return code


def device_fail(err, as_json: bool) -> int:
    """A device error (card, ID card, camera, signature pad: ``text()`` and ``as_dict()``):
    ``{"ok": false, …}`` under ``--json``, else its Chinese message and hint on stderr; exit 1."""
    if as_json:
        print_json({"ok": False, **err.as_dict()})
    else:
        print(err.text(), file=sys.stderr)
    return 1


def refused_card_read(err, as_json: bool, *, store, settings, actor: str, object_type: str, where: str) -> int:
    """``card read`` / ``idcard read`` of a card whose data cannot be right (a
    :class:`~counter_app.devices.card.errors.CardContentError`: the social security card's or the ID
    card's): a failed ``card.read`` on the audit trail naming the problems only (none of the card's
    data), then the error as :func:`device_fail` gives it."""
    from counter_app.storage.audit import record as audit_record

    audit_record(store, actor=actor, workstation_id=settings.office.workstation_id, action="card.read",
                 object_type=object_type, result="failed", detail=f"{where}：{err.audit_text()}")
    return device_fail(err, as_json)


def device_refused(message: str, as_json: bool) -> int:
    """A device command refused because nobody is signed in, in the shape of its device errors:
    ``{"ok": false, "error": "not_signed_in", "message", "hint", …}`` under ``--json``, else the
    message and the hint on stderr; exit 1 (as print send)."""
    hint = "先运行 counter-app login 用户名（网络不通时，在本机联网登录过的账号可离线登录）。"
    if as_json:
        print_json({"ok": False, "error": "not_signed_in", "message": message, "hint": hint,
                    "retryable": False, "detail": ""})
    else:
        print(f"{message}\n{hint}", file=sys.stderr)
    return 1


def signed_in_device_read(args, doing: str, read: Callable[..., int]) -> int:
    """``card read`` / ``idcard read``: ``--timeout`` checked, then the store opened once for who is
    signed in and the read's audit record; nobody signed in is refused before the device is
    touched. ``read(args, settings, store, actor)`` does the reading."""
    if not 0 <= args.timeout < float("inf"):     # also nan
        return fail(args, "--timeout 应为不小于 0 的秒数。", 2, prefix="")
    settings = load_cli_settings()
    store = open_store()
    try:
        try:
            actor = signed_in_actor(store, settings, doing)
        except LookupError as exc:
            return device_refused(str(exc), args.json)
        return read(args, settings, store, actor)
    finally:
        store.close()


def capture_actor(args, doing: str) -> str | int:
    """A device capture that writes a file (``fingerprint capture --template-out / --image-out``,
    ``camera capture``, ``signpad capture``): the user signed in, the actor of its audit record; with
    nobody signed in the refusal's exit code (:func:`device_refused`), before the device is touched."""
    settings = load_cli_settings()
    store = open_store()
    try:
        return signed_in_actor(store, settings, doing)
    except LookupError as exc:
        return device_refused(str(exc), getattr(args, "json", False))
    finally:
        store.close()


def audit_capture(actor: str, *, kind: str, path, size: int, settings=None, store=None) -> None:
    """The ``device.capture`` audit record of a file a capture wrote: who, what kind (fingerprint
    template, fingerprint image, material page, signature, ID card photo), the file's name and size;
    never its content. ``store``: an open store to write in (else one is opened for it)."""
    from pathlib import Path

    from counter_app.storage.audit import record as audit_record

    settings = settings or load_cli_settings()
    own = store is None
    store = store or open_store()
    try:
        audit_record(store, actor=actor, workstation_id=settings.office.workstation_id, action="device.capture",
                     object_type=kind, object_id=Path(path).name, detail=f"{size} 字节")
    finally:
        if own:
            store.close()


def utf8_output(stream: Any, *, errors: str = "replace") -> None:
    """Make a text stream write UTF-8 if it does not already. On Windows a redirected or piped
    stdout uses the ANSI code page (cp936, strict): "✔" or 𠮷 would raise, and a script reading the
    file as UTF-8 would get mojibake. A console needs nothing (Python writes it as UTF-16)."""
    if stream is None or not hasattr(stream, "reconfigure"):
        return
    if (getattr(stream, "encoding", "") or "").lower().replace("-", "").replace("_", "") == "utf8":
        return
    try:
        stream.reconfigure(encoding="utf-8", errors=errors)
    except (ValueError, OSError):     # a stream already read from, or closed: left as it is
        pass


def print_json(obj: Any) -> None:
    """JSON for a machine: UTF-8 always (RFC 8259), whatever the terminal or code page."""
    utf8_output(sys.stdout, errors="backslashreplace")   # a lone surrogate stays a JSON escape
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def each_input(value: str, stream: Iterable[str] | None = None) -> Iterable[str]:
    """``value`` itself, or with ``-`` every non-empty line of stdin, in order."""
    if value != "-":
        yield value
        return
    for line in stream if stream is not None else sys.stdin:
        line = line.strip()
        if line:
            yield line


def answer_each(value: str, answer: Callable[[str], dict], *, as_json: bool, human: Callable[[dict], str]) -> int:
    """Answer one input, or each stdin line (``-``) with one JSON line, in order."""
    status = 0
    for item in each_input(value):
        result = answer(item)
        if result.get("valid") is False or "error" in result and result.get("error") and "valid" not in result:
            status = 1
        print_json(result) if as_json else print(human(result))
    return status

