"""``counter-app config init --interactive``: the first-run questions on a terminal.

The same steps as the GUI wizard (:mod:`counter_app.workflows.first_run`). The values in brackets
are the current settings (the configuration file's when there is one, else the defaults): Enter
keeps the value shown and ``-`` skips the step: none of its answers are kept, not even those given
before the ``-``. End of input after some answers (a script that runs out of them) skips the step it
came in and every remaining one, keeping their values; end of input
before any answer (Ctrl-D at the first question, ``< /dev/null``) cancels without writing, as
does Ctrl-C.
"""

from __future__ import annotations

import getpass
import sys
from typing import Callable, Sequence, TypeVar

from counter_app.config import ConfigError, Settings, default_settings

SKIP = "-"
T = TypeVar("T")


class _SkipStep(Exception):
    pass


class _EndOfInput(Exception):
    pass


class Terminal:
    """Prompts on stdout, answers from stdin (a test feeds lines)."""

    def __init__(self, read: Callable[[], str] | None = None, write: Callable[[str], None] | None = None):
        self._read = read or sys.stdin.readline
        self._write = write or (lambda text: (sys.stdout.write(text), sys.stdout.flush()))
        self.answers = 0     # lines read so far (an end of input before the first one cancels)

    def say(self, text: str = "") -> None:
        self._write(text + "\n")

    def ask(self, question: str, default: str = "") -> str:
        shown = f" [{default}]" if default != "" else ""
        self._write(f"{question}{shown}：")
        line = self._read()
        if line == "":
            self._write("\n")
            raise _EndOfInput
        self.answers += 1
        answer = line.strip()
        if answer == SKIP:
            raise _SkipStep
        return answer or default

    def secret(self, question: str) -> str:
        if sys.stdin.isatty() and self._read is sys.stdin.readline:
            answer = getpass.getpass(f"{question}：")
        else:
            self._write(f"{question}：")
            answer = self._read()
            if answer == "":
                raise _EndOfInput
        self.answers += 1
        return answer.strip()

    def yes(self, question: str, default: bool = False) -> bool:
        answer = self.ask(f"{question}（y/n）", "y" if default else "n").lower()
        return answer in ("y", "yes", "是", "1")

    def choose(self, question: str, options: Sequence[tuple[T, str]], default_index: int = 0) -> T:
        for i, (_, label) in enumerate(options, 1):
            self.say(f"  {i}. {label}")
        while True:
            answer = self.ask(question, str(default_index + 1))
            if answer.isdigit() and 1 <= int(answer) <= len(options):
                return options[int(answer) - 1][0]
            self.say(f"请输入 1 到 {len(options)} 之间的数字（输入 {SKIP} 跳过本步）。")


def _set(term: Terminal, section, key: str, question: str, convert=str) -> None:
    """Ask until the value is valid (the settings validate themselves) or the step is skipped."""
    while True:
        raw = term.ask(question, str(getattr(section, key)))
        try:
            setattr(section, key, convert(raw))
            return
        except ValueError as exc:
            problems = getattr(exc, "problems", None)
            term.say("  " + (problems[0].problem if problems else "格式不正确") + f"（输入 {SKIP} 跳过本步）")


def _int(raw: str) -> int:
    if not raw.strip().isdigit():
        raise ConfigError(None, [])
    return int(raw)


def _report(term: Terminal, probe) -> None:
    term.say(("  ✓ " if probe.ok else "  ✗ ") + probe.message)
    if probe.hint and not probe.ok:
        term.say("    " + probe.hint)


def _step_central(term: Terminal, s: Settings) -> None:
    from counter_app.workflows import first_run as fr

    _set(term, s.central, "url", "中心服务地址（如 https://si-central.example:8443）")
    if term.yes("现在测试连接？", True):
        _report(term, fr.probe_central(s.central.url))


def _step_workstation(term: Terminal, s: Settings) -> None:
    from counter_app.workflows import first_run as fr

    _set(term, s.office, "name", "经办机构（分局）名称")
    _set(term, s.office, "code", "分局代码（大写字母或数字）")
    _set(term, s.office, "window_number", "窗口号", _int)
    _set(term, s.office, "workstation_id", "工作站编号")
    term.say("工作站须由本分局科长或系统管理员在中心登记（回车跳过，以后在“设置”中登记）。")
    user = term.ask("登记人用户名", "")
    if user:
        password = term.secret("登记人密码")
        totp = term.ask("登记人的动态验证码（身份验证器上的 6 位数字）", "")
        _report(term, fr.register_workstation(s, user, password, totp))


def _step_printer(term: Terminal, s: Settings) -> None:
    from counter_app.workflows import first_run as fr

    queues, default = fr.printers(s)
    if queues:
        options = [("", f"系统默认打印机（{default or '未设置'}）")] + [(q, q) for q in queues]
        current = next((i for i, (q, _) in enumerate(options) if q == s.printer.name), 0)
        s.printer.name = term.choose("选择打印机", options, current)
    else:
        term.say("未找到打印机（CUPS 中没有打印队列）。")
        _set(term, s.printer, "name", "打印机队列名（留空为系统默认）")
    queue = s.printer.name or default
    if queue and term.yes(f"打印测试页到 {queue}？"):
        _report(term, fr.print_test_page(s, queue))


def _step_card(term: Terminal, s: Settings) -> None:
    from counter_app.workflows import first_run as fr

    options = [(b, label) for b, label in fr.CARD_BACKENDS]
    s.card.backend = term.choose("读卡方式", options, [b for b, _ in options].index(s.card.backend))
    if s.card.backend.value == "pcsc":
        _set(term, s.card, "reader", "读卡器名称（留空使用第一个）")
    elif s.card.backend.value == "unified":
        _set(term, s.card, "unified_library", "统一读卡接口动态库路径")
    if term.yes("现在测试读卡器？", True):
        _report(term, fr.probe_card_reader(s))


def _step_fingerprint(term: Terminal, s: Settings) -> None:
    from counter_app.workflows import first_run as fr

    options = [(b, label) for b, label in fr.FINGERPRINT_BACKENDS]
    s.fingerprint.backend = term.choose("指纹采集方式", options, [b for b, _ in options].index(s.fingerprint.backend))
    if s.fingerprint.backend.value != "none" and term.yes("现在测试指纹采集器？", True):
        _report(term, fr.probe_fingerprint_reader(s))


def _step_language(term: Terminal, s: Settings) -> None:
    from counter_app.workflows import first_run as fr

    options = list(fr.LANGUAGES)
    s.ui.language = term.choose("界面语言", options, [lang for lang, _ in options].index(s.ui.language))


STEP_FUNCTIONS = {
    "central": _step_central,
    "workstation": _step_workstation,
    "printer": _step_printer,
    "card": _step_card,
    "fingerprint": _step_fingerprint,
    "language": _step_language,
}


CANCELLED_AT_END_OF_INPUT = "没有读到任何回答（输入已结束）。"


def run_interactive(term: Terminal | None = None, settings: Settings | None = None) -> "Settings | None":
    """Ask the first-run questions starting from ``settings`` (the current ones; the defaults when
    None); the settings to write, or None when cancelled (Ctrl-C, or end of input before any
    answer). ``settings`` itself is not changed."""
    from counter_app.workflows.first_run import STEP_TITLES, STEPS

    term = term or Terminal()
    s = Settings.from_dict(settings.to_dict()) if settings is not None else default_settings()
    term.say(f"首次运行设置：共 {len(STEPS)} 步。回车保留方括号中的值，输入 {SKIP} 跳过本步，以后可在“设置”中修改。")
    from counter_app.workflows.first_run import probe_keyring

    keyring = probe_keyring()
    if not keyring.ok:   # the store cannot be opened without it: say so before any question
        term.say("")
        _report(term, keyring)
    done: list[str] = []
    skipped: list[str] = []
    ended = False
    try:
        for n, step in enumerate(STEPS, 1):
            title = STEP_TITLES[step]
            if ended:
                skipped.append(title)
                continue
            term.say(f"\n第 {n} 步 / 共 {len(STEPS)} 步：{title}")
            # the step answers into a copy, taken only when the step is finished: a step skipped
            # (``-``) or cut short by the end of input keeps its values, however far it got
            answered = Settings.from_dict(s.to_dict())
            try:
                STEP_FUNCTIONS[step](term, answered)
                s = answered
                done.append(title)
            except _SkipStep:
                term.say(f"  已跳过：{title}")
                skipped.append(title)
            except _EndOfInput:
                if term.answers == 0:   # nothing was answered: not "skip everything, write defaults"
                    term.say(CANCELLED_AT_END_OF_INPUT)
                    return None
                ended = True
                skipped.append(title)
    except KeyboardInterrupt:
        term.say("")
        return None
    term.say("")
    term.say("已设置：" + ("、".join(done) or "无"))
    if skipped:
        kept = "使用默认值" if settings is None else "保留原有设置"
        term.say(f"已跳过（{kept}）：" + "、".join(skipped))
    return s
