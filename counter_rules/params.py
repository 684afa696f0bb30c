"""Effective-dated policy parameters (政策参数): rates, base floor/ceiling, 计发基数, 记账利率 …

Pure model: no file I/O (``counter_app.reference.params`` loads the TOML file or the central
service's reference data into :class:`ParameterSet`). Every value carries the period it is in
force, its source and whether it is confirmed, so the admin view can show where it came from.

A lookup for a date on which no value is in force raises :class:`ParameterNotInForce` with a
Chinese message; there is never a silent default. A value that is announced but not yet
published (e.g. the 2026 计发基数) is an entry without ``value``: looking it up raises the same
error, saying the figure is still pending.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping

VALUE_KINDS = ("decimal", "text")


class ParameterError(ValueError):
    """A malformed parameter set (overlapping periods, bad value, unknown key …)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ParameterNotInForce(LookupError):
    """No value of ``key`` is in force on ``on_date`` (or the value is not yet published)."""

    def __init__(self, key: str, on_date: date, title: str = "", *, pending: "ParameterValue | None" = None,
                 unit: str = ""):
        self.key = key                  # the internal key: for logs and the admin, never in the message
        self.on_date = on_date
        self.title = title or key
        self.pending = pending
        if pending is not None:
            detail = f"该期间的数值尚未公布（{pending.note or pending.source}），请先由管理员录入"
        else:
            detail = "没有生效的参数值，请由管理员补录或更新参数"
        # the clerk reads the parameter's name in words (its title without the unit), never the key
        self.name = plain_title(self.title, unit)
        self.message = f"参数“{self.name}”在 {on_date.isoformat()} 无有效取值：{detail}"
        super().__init__(self.message)

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


def plain_title(title: str, unit: str = "") -> str:
    """A parameter's name in words: its title without a trailing unit in brackets
    (“缴费基数下限（元/月）” → “缴费基数下限”); other brackets belong to the name and stay."""
    for suffix in (f"（{unit}）", f"({unit})") if unit else ():
        if title.endswith(suffix) and len(title) > len(suffix):
            return title[: -len(suffix)]
    return title


@dataclass(frozen=True)
class ParameterValue:
    """One effective-dated value. ``effective_to`` is inclusive; ``None`` = open-ended."""

    value: Decimal | str | None
    effective_from: date
    effective_to: date | None
    source: str
    confirmed: bool
    note: str = ""

    def in_force(self, on_date: date) -> bool:
        return self.effective_from <= on_date and (self.effective_to is None or on_date <= self.effective_to)

    @property
    def pending(self) -> bool:
        return self.value is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "value": None if self.value is None else str(self.value),
            "effective_from": self.effective_from.isoformat(),
            "effective_to": None if self.effective_to is None else self.effective_to.isoformat(),
            "source": self.source,
            "confirmed": self.confirmed,
            "note": self.note,
        }


@dataclass(frozen=True)
class Parameter:
    key: str
    title: str
    unit: str
    kind: str
    values: tuple[ParameterValue, ...]

    def __post_init__(self) -> None:
        if self.kind not in VALUE_KINDS:
            raise ParameterError(f"参数 {self.key}：类型“{self.kind}”无效，应为 decimal 或 text")
        ordered = sorted(self.values, key=lambda v: v.effective_from)
        for v in ordered:
            if v.effective_to is not None and v.effective_to < v.effective_from:
                raise ParameterError(
                    f"参数 {self.key}：生效止日 {v.effective_to} 早于起日 {v.effective_from}"
                )
            if v.value is not None:
                if self.kind == "decimal" and not isinstance(v.value, Decimal):
                    raise ParameterError(f"参数 {self.key}：{v.effective_from} 起的取值应为数值")
                if self.kind == "text" and not isinstance(v.value, str):
                    raise ParameterError(f"参数 {self.key}：{v.effective_from} 起的取值应为文本")
        for prev, nxt in zip(ordered, ordered[1:], strict=False):
            if prev.effective_to is None or prev.effective_to >= nxt.effective_from:
                raise ParameterError(
                    f"参数 {self.key}：{prev.effective_from} 起与 {nxt.effective_from} 起的生效期间重叠"
                )
        object.__setattr__(self, "values", tuple(ordered))

    def entry_on(self, on_date: date) -> ParameterValue:
        for v in self.values:
            if v.in_force(on_date):
                if v.pending:
                    raise ParameterNotInForce(self.key, on_date, self.title, pending=v, unit=self.unit)
                return v
        raise ParameterNotInForce(self.key, on_date, self.title, unit=self.unit)


@dataclass(frozen=True)
class ParameterSet:
    """A versioned set of parameters (one default file, or one central-service release)."""

    version: str
    parameters: Mapping[str, Parameter]
    source: str = ""

    def __contains__(self, key: str) -> bool:
        return key in self.parameters

    def parameter(self, key: str) -> Parameter:
        try:
            return self.parameters[key]
        except KeyError:
            raise ParameterError(f"参数集 {self.version} 中没有参数“{key}”") from None

    def entry(self, key: str, on_date: date) -> ParameterValue:
        """The value of ``key`` in force on ``on_date`` (raises :class:`ParameterNotInForce`)."""
        return self.parameter(key).entry_on(on_date)

    def decimal(self, key: str, on_date: date) -> Decimal:
        entry = self.entry(key, on_date)
        assert isinstance(entry.value, Decimal)
        return entry.value

    def text(self, key: str, on_date: date) -> str:
        entry = self.entry(key, on_date)
        return str(entry.value)

    def unconfirmed(self) -> list[tuple[str, ParameterValue]]:
        """Every value not yet confirmed (or pending), for the admin view's warning list."""
        out = []
        for key, p in self.parameters.items():
            for v in p.values:
                if not v.confirmed or v.pending:
                    out.append((key, v))
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "source": self.source,
            "parameters": {
                key: {
                    "title": p.title,
                    "unit": p.unit,
                    "kind": p.kind,
                    "values": [v.as_dict() for v in p.values],
                }
                for key, p in self.parameters.items()
            },
        }

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, source: str = "") -> "ParameterSet":
        """Build from plain data (a parsed TOML file or a central-service JSON document).

        Shape::

            version = "2026.1"
            [params."<key>"]          title, unit, kind = "decimal" | "text"
            [[params."<key>".values]] value (string/number, omitted = pending), effective_from,
                                      effective_to (optional), source, confirmed, note
        """
        where = source or "参数文件"
        version = data.get("version")
        if not isinstance(version, str) or not version.strip():
            raise ParameterError(f"{where}：缺少版本号 version")
        raw_params = data.get("params")
        if not isinstance(raw_params, Mapping) or not raw_params:
            raise ParameterError(f"{where}：缺少 [params] 参数表")
        params: dict[str, Parameter] = {}
        for key, raw in raw_params.items():
            if not isinstance(raw, Mapping):
                raise ParameterError(f"{where}：参数 {key} 格式错误")
            kind = raw.get("kind", "decimal")
            values = tuple(_value_from_mapping(key, kind, i, v, where) for i, v in enumerate(raw.get("values") or ()))
            params[key] = Parameter(
                key=key,
                title=str(raw.get("title") or key),
                unit=str(raw.get("unit") or ""),
                kind=kind,
                values=values,
            )
        return cls(version=version.strip(), parameters=params, source=source)


def _as_date(value: Any, key: str, field_name: str, where: str) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ParameterError(f"{where}：参数 {key} 的 {field_name}“{value}”不是有效日期（YYYY-MM-DD）")


def _value_from_mapping(key: str, kind: str, index: int, raw: Any, where: str) -> ParameterValue:
    if not isinstance(raw, Mapping):
        raise ParameterError(f"{where}：参数 {key} 第{index + 1}个取值格式错误")
    if "effective_from" not in raw:
        raise ParameterError(f"{where}：参数 {key} 第{index + 1}个取值缺少 effective_from")
    start = _as_date(raw["effective_from"], key, "effective_from", where)
    end = raw.get("effective_to")
    end_date = None if end in (None, "") else _as_date(end, key, "effective_to", where)
    source = raw.get("source")
    if not isinstance(source, str) or not source.strip():
        raise ParameterError(f"{where}：参数 {key} {start} 起的取值缺少来源 source")
    confirmed = raw.get("confirmed")
    if not isinstance(confirmed, bool):
        raise ParameterError(f"{where}：参数 {key} {start} 起的取值缺少 confirmed = true/false")
    value: Decimal | str | None
    raw_value = raw.get("value")
    if raw_value is None:
        value = None
    elif kind == "decimal":
        if isinstance(raw_value, (bool, float)):
            # floats would carry binary error into money; require a string or an integer
            raise ParameterError(f"{where}：参数 {key} {start} 起的数值请写成字符串（如 \"8.31\"），不要用浮点数")
        try:
            value = Decimal(str(raw_value))
        except InvalidOperation:
            raise ParameterError(f"{where}：参数 {key} {start} 起的取值“{raw_value}”不是数值") from None
        if not value.is_finite():
            raise ParameterError(f"{where}：参数 {key} {start} 起的取值“{raw_value}”不是有限数值")
    else:
        value = str(raw_value)
    return ParameterValue(
        value=value,
        effective_from=start,
        effective_to=end_date,
        source=source.strip(),
        confirmed=confirmed,
        note=str(raw.get("note") or ""),
    )


def describe(entries: Iterable[tuple[str, ParameterValue]]) -> list[dict[str, Any]]:
    """Entries as plain dicts (key + value + source + confirmed), for CLI/JSON answers."""
    return [{"key": key, **v.as_dict()} for key, v in entries]
