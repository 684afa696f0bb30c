"""Why a file could not be read (or written), said in Chinese: an OSError's, a decoder's or a
parser's own text is English and names errno codes, so it is never shown. One classifier for the
command lines of both programs (:func:`file_problem`) and for the counter's reference files (the
service catalog, the policy parameters), each of which words the kinds its own way::

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except READ_ERRORS as exc:
        raise CatalogError(FileProblem.of(exc).said(CATALOG_SAYS, path=path)) from None

Pure: looks at the exception only, does no I/O.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Mapping

try:  # Python 3.11+
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

# The kinds of problem a message names.
MISSING = "missing"                    # FileNotFoundError
DIRECTORY = "directory"                # IsADirectoryError: a directory where the file belongs
NOT_A_DIRECTORY = "not_a_directory"    # NotADirectoryError: a file where a directory of the path belongs
PERMISSION = "permission"              # PermissionError
ENCODING = "encoding"                  # UnicodeDecodeError: not UTF-8 text
JSON_SYNTAX = "json_syntax"            # json.JSONDecodeError (line and column known)
TOML_SYNTAX = "toml_syntax"            # tomllib.TOMLDecodeError (line and column when its text names them)
TOO_DEEP = "too_deep"                  # RecursionError: JSON (or TOML) nested deeper than the parser goes
OTHER = "other"                        # any other OSError (a full disk, an I/O error …)

# What reading and parsing a JSON or TOML file raises for a bad file (anything else is a bug).
READ_ERRORS: tuple[type[BaseException], ...] = (OSError, UnicodeDecodeError, json.JSONDecodeError,
                                                tomllib.TOMLDecodeError, RecursionError)

_TOML_AT = re.compile(r"line (\d+), column (\d+)")


@dataclass(frozen=True)
class FileProblem:
    """The kind of problem (one of the constants above) and, for a syntax error, where it is."""

    kind: str
    line: int | None = None
    column: int | None = None

    @classmethod
    def of(cls, exc: BaseException) -> "FileProblem":
        if isinstance(exc, FileNotFoundError):
            return cls(MISSING)
        if isinstance(exc, IsADirectoryError):
            return cls(DIRECTORY)
        if isinstance(exc, NotADirectoryError):
            return cls(NOT_A_DIRECTORY)
        if isinstance(exc, PermissionError):
            return cls(PERMISSION)
        if isinstance(exc, UnicodeDecodeError):
            return cls(ENCODING)
        if isinstance(exc, json.JSONDecodeError):
            return cls(JSON_SYNTAX, exc.lineno, exc.colno)
        if isinstance(exc, tomllib.TOMLDecodeError):     # its text is English; where it is, is enough
            at = _TOML_AT.search(str(exc))
            return cls(TOML_SYNTAX, int(at[1]), int(at[2])) if at else cls(TOML_SYNTAX)
        if isinstance(exc, RecursionError):              # json.loads of "[[[[…" 100,000 deep
            return cls(TOO_DEEP)
        return cls(OTHER)

    def said(self, says: Mapping[str, str], **fields: Any) -> str:
        """The message ``says`` has for this kind (its :data:`OTHER` one for a kind it does not
        name), formatted with ``line``, ``column`` and ``fields``."""
        template = says.get(self.kind, says[OTHER])
        return template.format(line=self.line, column=self.column, **fields)


_READING = {MISSING: "文件不存在", DIRECTORY: "这是一个目录，不是文件", NOT_A_DIRECTORY: "路径中有一段不是目录",
            PERMISSION: "没有读取权限", ENCODING: "不是 UTF-8 编码的文本",
            JSON_SYNTAX: "不是有效的 JSON（第 {line} 行第 {column} 列）", TOO_DEEP: "不是可用的 JSON（嵌套层数过多）",
            TOML_SYNTAX: "不是有效的 TOML（第 {line} 行第 {column} 列）", OTHER: "读取出错"}
_TOML_NOWHERE = "不是有效的 TOML"       # a TOML error whose text names no line and column
_WRITING = {**_READING, MISSING: "所在目录不存在", PERMISSION: "没有写入权限", OTHER: "写入出错（磁盘已满或路径不可用）"}


def file_problem(exc: BaseException, *, writing: bool = False) -> str:
    """Why a file given on the command line could not be read (or written), in Chinese, for a
    message that names the file itself (“无法读取文件 X：{file_problem(exc)}”)."""
    problem = FileProblem.of(exc)
    if problem.kind == TOML_SYNTAX and problem.line is None:
        return _TOML_NOWHERE
    return problem.said(_WRITING if writing else _READING)
