"""A malformed field of a request or an entry, said in Chinese.

pydantic says what is wrong with a field in English (``Input should be a valid datetime, invalid
character in year``); the centre answers in Chinese, so a 422's ``errors[].msg`` and an entry
refused for an incomplete payload (审批记录内容不完整：…) carry the sentence of :func:`field_error_words`
instead: one per pydantic error ``type``, with the limit the field has (a length, a bound, the
values allowed) put in. A message the protocol's own validators raise is Chinese already
(``ValueError("时间超出范围")``, a ``PydanticCustomError``) and is kept as it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_CJK = re.compile(r"[\u4e00-\u9fff]")

# pydantic_core's error types (https://docs.pydantic.dev/latest/errors/validation_errors/), grouped
_WORDS: dict[str, str] = {
    "missing": "缺少必填项",
    "extra_forbidden": "不允许的字段",
    "string_type": "应为文本",
    "string_unicode": "应为有效的 Unicode 文本",
    "string_too_short": "长度不能少于 {min_length} 个字符",
    "string_too_long": "长度不能超过 {max_length} 个字符",
    "string_pattern_mismatch": "格式不正确",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_parsing_size": "整数超出范围",
    "int_from_float": "应为整数，不能有小数部分",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为有限的数字",
    "decimal_type": "应为数字",
    "decimal_parsing": "应为数字",
    "decimal_max_digits": "数字位数不能超过 {max_digits} 位",
    "decimal_max_places": "小数位数不能超过 {decimal_places} 位",
    "bool_type": "应为是或否（true / false）",
    "bool_parsing": "应为是或否（true / false）",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "multiple_of": "应为 {multiple_of} 的倍数",
    "datetime_type": "应为日期时间（如 2026-01-31T09:30:00+08:00）",
    "datetime_parsing": "应为日期时间（如 2026-01-31T09:30:00+08:00）",
    "datetime_from_date_parsing": "应为日期时间（如 2026-01-31T09:30:00+08:00）",
    "datetime_object_invalid": "日期时间无效",
    "timezone_aware": "应带时区（如 +08:00）",
    "timezone_naive": "不应带时区",
    "date_type": "应为日期（如 2026-01-31）",
    "date_parsing": "应为日期（如 2026-01-31）",
    "date_from_datetime_parsing": "应为日期（如 2026-01-31）",
    "date_from_datetime_inexact": "应为日期，不能带时刻",
    "time_type": "应为时刻（如 09:30:00）",
    "time_parsing": "应为时刻（如 09:30:00）",
    "time_delta_type": "应为时长",
    "time_delta_parsing": "应为时长",
    "uuid_type": "应为 UUID",
    "uuid_parsing": "应为 UUID",
    "uuid_version": "UUID 版本不正确",
    "literal_error": "应为以下取值之一：{expected}",
    "enum": "应为以下取值之一：{expected}",
    "dict_type": "应为对象（JSON 对象）",
    "model_type": "应为对象（JSON 对象）",
    "model_attributes_type": "应为对象（JSON 对象）",
    "dataclass_type": "应为对象（JSON 对象）",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "set_type": "应为列表",
    "iterable_type": "应为列表",
    "too_short": "至少应有 {min_length} 项",
    "too_long": "最多只能有 {max_length} 项",
    "bytes_type": "应为文本",
    "bytes_too_long": "长度不能超过 {max_length} 个字节",
    "json_invalid": "不是有效的 JSON",
    "json_type": "应为 JSON 文本",
    "none_required": "应为空（null）",
    "union_tag_invalid": "类型标记不正确",
    "union_tag_not_found": "缺少类型标记",
    "url_parsing": "应为网址",
    "url_type": "应为网址",
    "value_error": "取值不正确",
    "assertion_error": "取值不正确",
}
UNKNOWN = "内容不正确"


def _limit(value: Any) -> str:
    """A limit as a clerk reads it: a float's needless ``.0`` dropped, the values a literal allows
    listed with 、 (pydantic joins the last with an English " or ")."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace(", ", "、").replace(" or ", "、")


def field_error_words(error: Mapping[str, Any]) -> str:
    """What one pydantic error (an item of ``ValidationError.errors()``) says is wrong, in Chinese."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    # our validators' messages (a ValueError, a PydanticCustomError) are Chinese: they are the sentence
    said = str(ctx.get("error", "")) if kind in ("value_error", "assertion_error") else str(error.get("msg", ""))
    if _CJK.search(said):
        return said
    if kind not in _WORDS:
        return UNKNOWN
    try:
        return _WORDS[kind].format(**{str(k): _limit(v) for k, v in ctx.items()})
    except (KeyError, IndexError, ValueError):
        return _WORDS[kind].split("{", 1)[0].rstrip("：: ") or UNKNOWN


def where(error: Mapping[str, Any]) -> str:
    """The field's path, ``details.items[2].code`` style."""
    out = ""
    for part in error.get("loc", ()):
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
