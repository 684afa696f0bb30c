"""Free text a clerk or field worker types that is kept and sent (an address, a note): the
characters it may not carry. Control characters (a pasted ``\\x01``, ``\\x7f``, a line separator in
a one-line field) and the bidirectional controls (U+202E 从右至左覆盖 and the like, which make a
line read in another order than it is stored: 「地址 1 号」 shown as something else on the centre's
screens and printouts) are refused with the characters named, not silently dropped, so what the
staff see is what is sealed. Pure: no Qt, no I/O. Shared: the counter refuses such text when it is
typed (counter_app.domain.free_text), the centre when a sealed field visit brings it anyway
(counter_central.field).
"""

from __future__ import annotations

import re
import unicodedata

# the bidirectional formatting characters (Unicode UAX #9): embeddings, overrides, isolates, marks
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# control (Cc), surrogate (Cs), line and paragraph separators (Zl, Zp)
_REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


def unsafe_characters(text: str, *, allow: str = "") -> list[str]:
    """The characters of ``text`` it may not carry, each once as ``U+XXXX`` in the order found;
    ``allow``: control characters this field takes (a multi-line note: ``"\\n"``)."""
    found: list[str] = []
    for ch in text:
        if ch in allow:
            continue
        if ch in BIDI_CONTROLS or unicodedata.category(ch) in _REFUSED_CATEGORIES:
            code = f"U+{ord(ch):04X}"
            if code not in found:
                found.append(code)
    return found


# characters that show nothing of their own (Unicode's default-ignorable code points): every format
# character (category Cf: zero-width space U+200B, the joiners, word joiner U+2060, soft hyphen, BOM,
# the bidi controls above) and the few ignorables of other categories — the fillers, the combining
# grapheme joiner, the variation selectors. A name carrying one reads as another name:
# 「窗口经办员\u200b01」 is 「窗口经办员01」 on every screen and printout, yet another string.
_IGNORABLE_OTHER = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0")
_IGNORABLE_RANGES = ((0x180B, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))


def invisible(ch: str) -> bool:
    """Whether ``ch`` is a character that shows nothing of its own (see above)."""
    if unicodedata.category(ch) == "Cf" or ch in _IGNORABLE_OTHER:
        return True
    code = ord(ch)
    return any(lo <= code <= hi for lo, hi in _IGNORABLE_RANGES)


def without_invisible(text: str) -> str:
    """``text`` as it reads: the characters :func:`invisible` finds dropped."""
    return "".join(ch for ch in text if not invisible(ch))


def name_unsafe_characters(text: str) -> list[str]:
    """The characters a person's name (an account's display name) may not carry, each once as
    ``U+XXXX`` in the order found: those :func:`unsafe_characters` refuses, and the invisible ones
    (a name must be the name it shows)."""
    found: list[str] = []
    for ch in text:
        code = f"U+{ord(ch):04X}"
        if code not in found and (invisible(ch) or unsafe_characters(ch)):
            found.append(code)
    return found


MULTI_LINE = "\n\t"      # what a multi-line note may carry besides printable text


def unsafe_text_at(value: object, root: str, *, allow: str = MULTI_LINE) -> tuple[str, list[str]] | None:
    """The first text in ``value`` (a JSON value: objects and lists walked, their keys too) that
    carries a character :func:`unsafe_characters` refuses, as (where it is — ``root.note``,
    ``root.items[2]`` —, the characters as ``U+XXXX``); None when every text is clean. What the
    centre refuses in the free-text fields another party wrote (a case update's payload, an
    approval request's details and reasons) before it stores them and sends them to the counters."""
    todo: list[tuple[object, str]] = [(value, root)]
    while todo:
        v, where = todo.pop()
        if isinstance(v, str):
            bad = unsafe_characters(v, allow=allow)
            if bad:
                return where, bad
        elif isinstance(v, dict):
            for key, item in reversed(list(v.items())):
                bad = unsafe_characters(str(key), allow="")
                if bad:
                    return f"{where}.{key!r}", bad
                todo.append((item, f"{where}.{key}"))
        elif isinstance(v, (list, tuple)):
            todo.extend((item, f"{where}[{i}]") for i, item in reversed(list(enumerate(v))))
    return None


def unsafe_text_refusal(value: object, root: str, *, allow: str = MULTI_LINE) -> str | None:
    """The Chinese reason ``value`` is refused (:func:`unsafe_text_at`), naming the field, or None."""
    found = unsafe_text_at(value, root, allow=allow)
    if found is None:
        return None
    where, bad = found
    return f"{where} 含有不能保存的字符 {'、'.join(bad)}（控制字符或文字方向控制符）"


# an escape sequence a terminal acts on (ANSI CSI such as ``ESC[2J`` clear-screen, an OSC title, a
# lone ESC with its next character): dropped whole, so no "[2J" is left behind in the text
_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]?|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b.?|\x9b[0-?]*[ -/]*[@-~]?", re.S)


def shown(text: str, max_chars: int) -> str:
    """Text another party wrote (the centre's error ``detail``, a rejected entry's ``reason``) made
    fit to print on a terminal, show in a window and store: terminal escape sequences dropped whole,
    every other character :func:`unsafe_characters` refuses dropped (a line break or tab becomes a
    space), and at most ``max_chars`` characters, cut with "…". The same rule as for typed text,
    applied by cleaning instead of refusing: what arrives from elsewhere cannot be sent back."""
    text = _ESCAPES.sub("", text[: max_chars * 4 + 64])     # bounded work whatever the length
    out: list[str] = []
    for ch in text:
        if ch in "\n\r\t":
            ch = " "
        elif ch in BIDI_CONTROLS or unicodedata.category(ch) in _REFUSED_CATEGORIES:
            continue
        out.append(ch)
    cleaned = "".join(out).strip()
    if len(cleaned) > max_chars:
        cleaned = cleaned[: max(max_chars - 1, 0)] + "…"
    return cleaned


# What a case step's data brings besides the 核定数据 is text the clerk types that documents and the
# archive's 办理过程 print: a 核查 finding or a 公示 objection (what a 不予认定决定书's reason rests on),
# a failure reason, a note. Each at most STEP_TEXT_CHARS — one numbered reason of a 决定书 (as a
# 不予受理 reason, counter_app.domain.drafts.MAX_REASON_CHARS, and a 审批意见,
# approvals.REASON_MAX_LENGTH) — and a delivery address at most the registry's 200 (the 送达地址 line of
# the 视同缴费年限认定决定书, counter_app.domain.roster_check.MAX_ADDRESS). The counter refuses a longer
# one when the step is recorded (counter_app.domain.case_engine.record_step), the centre when a
# ``case.step`` entry brings one anyway (counter_central.core.push).
STEP_TEXT_CHARS = 500
STEP_TEXT_LIMITS = {"address": 200}


def long_text_at(value: object, root: str = "", *, skip: frozenset[str] | set[str] = frozenset()
                 ) -> tuple[str, str, int, int] | None:
    """The first text of a step's data ``value`` (objects and lists walked, breadth first) longer
    than its limit (STEP_TEXT_LIMITS by its key, else STEP_TEXT_CHARS), as (where — ``finding``,
    ``root.transfer.note``, ``items[2]`` —, its key, the limit, its length); None when none is.
    ``skip``: top-level keys not looked at."""
    todo: list[tuple[object, str, str]]
    if isinstance(value, dict):
        todo = [(v, str(k), str(k)) for k, v in value.items() if str(k) not in skip]
    else:
        todo = [(value, "", "")]
    while todo:
        v, key, where = todo.pop(0)
        if isinstance(v, str):
            limit = STEP_TEXT_LIMITS.get(key, STEP_TEXT_CHARS)
            if len(v) > limit:
                return (f"{root}.{where}" if root and where else root or where), key, limit, len(v)
        elif isinstance(v, dict):
            todo.extend((item, str(k), f"{where}.{k}" if where else str(k)) for k, item in v.items())
        elif isinstance(v, (list, tuple)):
            todo.extend((item, key, f"{where}[{i}]") for i, item in enumerate(v))
    return None


def long_text_refusal(value: object, root: str) -> str | None:
    """The Chinese reason a step's data ``value`` is refused (:func:`long_text_at`), naming the
    field and the limit, or None."""
    found = long_text_at(value, root)
    if found is None:
        return None
    where, _key, limit, length = found
    return f"{where} 最多{limit}个字（现有{length}个字），请精简后重新输入"
