"""配置文件有误 in the clerk's language: the configuration's problems worded through tr().

``counter_app.config`` words a problem in Chinese for the CLI and the log (``ConfigProblem.problem``,
``ConfigError.message()``) and keeps its ``code`` and ``params`` (``ConfigProblem.of``,
``config.PROBLEMS``); it knows nothing of Qt. Here a code's problem is worded through tr() (context
``ConfigErrors``), its parameters as they come — but for the few fixed phrases the configuration gives
as a parameter or a key (why the file cannot be read or written, the pseudo-keys （文件）, （文件语法）…)
and the lists' Chinese separators (、, 且). A problem that is not its code's is shown as it is, in Chinese.
tests/ui/test_config_error_words.py checks that :data:`TEXTS` is ``config.PROBLEMS``.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from counter_app.config import ConfigError, ConfigProblem
from counter_app.ui.store_errors import fill_params

# code -> the Chinese with %1, %2 … for the parameters (config.PROBLEMS with {0}, {1} …)
TEXTS: dict[str, object] = {   # object: QT_TRANSLATE_NOOP's type; a str at run time
    "section": QT_TRANSLATE_NOOP("ConfigErrors", "应为一个配置节（[节名]）"),
    "choice": QT_TRANSLATE_NOOP("ConfigErrors", "取值不在允许范围内，可选值：%1（当前值 %2）"),
    "bool": QT_TRANSLATE_NOOP("ConfigErrors", "应为 true 或 false"),
    "int": QT_TRANSLATE_NOOP("ConfigErrors", "应为整数"),
    "number": QT_TRANSLATE_NOOP("ConfigErrors", "应为数字"),
    "string": QT_TRANSLATE_NOOP("ConfigErrors", "应为字符串"),
    "empty": QT_TRANSLATE_NOOP("ConfigErrors", "不能为空"),
    "too_short": QT_TRANSLATE_NOOP("ConfigErrors", "太短，至少 %1 个字符"),
    "too_long": QT_TRANSLATE_NOOP("ConfigErrors", "太长，最多 %1 个字符（当前 %2 个）"),
    "pattern": QT_TRANSLATE_NOOP("ConfigErrors", "格式不正确（当前值 %1）"),
    "too_small": QT_TRANSLATE_NOOP("ConfigErrors", "数值太小（当前值 %1），应 %2"),
    "too_large": QT_TRANSLATE_NOOP("ConfigErrors", "数值太大（当前值 %1），应 %2"),
    "unknown_key": QT_TRANSLATE_NOOP("ConfigErrors", "不认识的配置项，可用的配置项：%1"),
    "json": QT_TRANSLATE_NOOP("ConfigErrors", "不是合法的 JSON"),
    "json_at": QT_TRANSLATE_NOOP("ConfigErrors", "不是合法的 JSON（第%1行第%2列）"),
    "toml": QT_TRANSLATE_NOOP("ConfigErrors", "不是合法的 TOML"),
    "toml_at": QT_TRANSLATE_NOOP("ConfigErrors", "不是合法的 TOML（第%1行第%2列）"),
    "toml_end": QT_TRANSLATE_NOOP("ConfigErrors", "不是合法的 TOML（文件末尾）"),
    "unreadable": QT_TRANSLATE_NOOP("ConfigErrors", "无法读取：%1"),
    "directory": QT_TRANSLATE_NOOP("ConfigErrors", "这是一个目录，不能写入配置；请先移走或改名"),
    "unwritable": "%1",
    "api_path": QT_TRANSLATE_NOOP("ConfigErrors", "应为中心服务的地址，不带接口路径 %1（程序会自己加上）：请改为 %2（当前值 %3）"),
}

# the fixed keys and phrases the configuration gives besides a setting's dotted name and a value
PHRASES = (
    QT_TRANSLATE_NOOP("ConfigErrors", "（整个文件）"),
    QT_TRANSLATE_NOOP("ConfigErrors", "（文件语法）"),
    QT_TRANSLATE_NOOP("ConfigErrors", "（文件）"),
    QT_TRANSLATE_NOOP("ConfigErrors", "（设置）"),
    QT_TRANSLATE_NOOP("ConfigErrors", "环境变量 COUNTER_APP_CENTRAL_URL（代替配置项 central.url）"),
    QT_TRANSLATE_NOOP("ConfigErrors", "不是 UTF-8 编码的文本"),
    QT_TRANSLATE_NOOP("ConfigErrors", "这是一个目录，不是文件"),
    QT_TRANSLATE_NOOP("ConfigErrors", "没有读取权限"),
    QT_TRANSLATE_NOOP("ConfigErrors", "读取出错"),
    QT_TRANSLATE_NOOP("ConfigErrors", "没有写入权限"),
    QT_TRANSLATE_NOOP("ConfigErrors", "无法写入（磁盘已满或路径不可用）"),
    QT_TRANSLATE_NOOP("ConfigErrors", "文件系统为只读"),
)

# which parameter of a code is a list joined by a Chinese separator (the choices, the known keys, the bounds)
_LISTS = {"choice": (0, "、"), "unknown_key": (0, "、"), "too_small": (1, " 且 "), "too_large": (1, " 且 ")}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConfigErrors", text)


def _phrase(text: str) -> str:
    return _tr(text) if text in PHRASES else text


def problem_text(problem: ConfigProblem) -> str:
    """「key：problem」 in the language of the UI (the configuration's Chinese when its code is unknown
    here or its problem is not its code's)."""
    source = TEXTS.get(problem.code)
    if source is None or fill_params(str(source), problem.params) != problem.problem:
        what = problem.problem
    else:
        params = [_phrase(p) for p in problem.params]
        if problem.code in _LISTS:
            at, separator = _LISTS[problem.code]
            if at < len(params):
                params[at] = params[at].replace(separator, _tr(separator))
        what = fill_params(_tr(str(source)) if source != "%1" else "%1", tuple(params))
    return fill_params(_tr("%1：%2"), (_phrase(problem.key), what))


def config_error_text(exc: ConfigError) -> str:
    """The whole error (as ``ConfigError.message()``) in the language of the UI."""
    head = (fill_params(_tr("配置文件 %1 有误："), (str(exc.path),)) if exc.path is not None else _tr("设置有误："))
    return "\n".join([head] + [f"  - {problem_text(p)}" for p in exc.problems])


# the heads and separators worded above, listed for lupdate
_LISTED = (QT_TRANSLATE_NOOP("ConfigErrors", "配置文件 %1 有误："), QT_TRANSLATE_NOOP("ConfigErrors", "设置有误："),
           QT_TRANSLATE_NOOP("ConfigErrors", "%1：%2"),
           QT_TRANSLATE_NOOP("ConfigErrors", "、"), QT_TRANSLATE_NOOP("ConfigErrors", " 且 "))
