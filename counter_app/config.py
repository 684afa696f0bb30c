"""Typed settings from one TOML file in the platform config dir.

A bad file never produces a traceback: :class:`ConfigError` names each key and its problem in
Chinese, and callers may fall back to :func:`default_settings`.
"""

from __future__ import annotations

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class CardBackend(str, Enum):
    pcsc = "pcsc"          # PC/SC through pyscard
    unified = "unified"    # 全国统一读卡接口 iReadCardBas (vendor library)
    demo = "demo"          # explicit demo backend, never a silent fallback


class FingerprintBackend(str, Enum):
    libfprint = "libfprint"
    wbf = "wbf"            # Windows Biometric Framework
    demo = "demo"
    none = "none"


class Language(str, Enum):
    zh_CN = "zh_CN"
    en = "en"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class OfficeSettings(_Section):
    name: str = Field("福田分局", min_length=1, max_length=40, description="经办机构（分局）名称")
    code: str = Field("FT", pattern=r"^[A-Z0-9]{1,8}$", description="分局代码，用于文号")
    window_number: int = Field(1, ge=1, le=999, description="窗口号")
    workstation_id: str = Field("FT-W01", pattern=r"^[A-Za-z0-9_-]{1,32}$", description="工作站编号")


class CentralSettings(_Section):
    url: str = Field("http://127.0.0.1:8765", pattern=r"^https?://[^\s/]+(:\d+)?(/.*)?$")
    timeout_seconds: float = Field(10.0, gt=0, le=120)
    offline_login_days: int = Field(7, ge=0, le=30)


class PrinterSettings(_Section):
    name: str = Field("", description="本地打印机队列名，空为系统默认")
    copies: int = Field(1, ge=1, le=9)


class CardSettings(_Section):
    backend: CardBackend = CardBackend.pcsc
    reader: str = Field("", description="PC/SC 读卡器名称，空为第一个")
    unified_library: str = Field("", description="统一读卡接口动态库路径")
    unified_itype: int = Field(3, ge=1, le=4, description="iReadCardBas 的 iType：1 接触 2 非接 3 自动接触优先 4 自动非接优先")


class FingerprintSettings(_Section):
    backend: FingerprintBackend = FingerprintBackend.libfprint
    keep_images: bool = False


class UiSettings(_Section):
    language: Language = Language.zh_CN
    font_path: str = Field("", description="公文字体文件（TrueType），空为自动查找")
    customer_screen: bool = True


class Settings(_Section):
    office: OfficeSettings = OfficeSettings()
    central: CentralSettings = CentralSettings()
    printer: PrinterSettings = PrinterSettings()
    card: CardSettings = CardSettings()
    fingerprint: FingerprintSettings = FingerprintSettings()
    ui: UiSettings = UiSettings()

    @field_validator("office", "central", "printer", "card", "fingerprint", "ui", mode="before")
    @classmethod
    def _none_is_default(cls, v: Any) -> Any:
        return {} if v is None else v


def default_settings() -> Settings:
    return Settings()


@dataclass(frozen=True)
class ConfigProblem:
    key: str
    problem: str

    def __str__(self) -> str:
        return f"{self.key}：{self.problem}"


class ConfigError(Exception):
    """The configuration file is unreadable or invalid; ``problems`` names each key."""

    def __init__(self, path: Path, problems: list[ConfigProblem]):
        self.path = path
        self.problems = problems
        super().__init__(self.message())

    def message(self) -> str:
        lines = [f"配置文件 {self.path} 有误："] + [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


_PYDANTIC_ZH = {
    "extra_forbidden": "不认识的配置项",
    "missing": "缺少必填项",
    "string_pattern_mismatch": "格式不正确",
    "string_too_short": "不能为空",
    "string_too_long": "太长",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "enum": "取值不在允许范围内",
    "greater_than_equal": "数值太小",
    "less_than_equal": "数值太大",
    "greater_than": "数值太小",
    "string_type": "应为字符串",
    "model_type": "应为一个配置节（[节名]）",
    "dict_type": "应为一个配置节（[节名]）",
}


def _translate(err: dict) -> ConfigProblem:
    key = ".".join(str(p) for p in err["loc"]) or "（整个文件）"
    zh = _PYDANTIC_ZH.get(err["type"], "取值无效")
    ctx = err.get("ctx") or {}
    detail = ""
    if err["type"] == "enum" and "expected" in ctx:
        detail = f"，可选值：{ctx['expected']}"
    elif "ge" in ctx or "le" in ctx or "gt" in ctx:
        detail = "，" + "，".join(f"{k} {v}" for k, v in ctx.items() if k in ("ge", "le", "gt"))
    elif err["type"] == "string_pattern_mismatch":
        detail = f"（当前值 {err.get('input')!r}）"
    return ConfigProblem(key, zh + detail)


def parse_settings(text: str, path: Path) -> Settings:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, [ConfigProblem("（文件语法）", f"不是合法的 TOML：{exc}")]) from None
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(path, [_translate(e) for e in exc.errors()]) from None


def load_settings(path: Path) -> Settings:
    """Settings from ``path``; a missing file means defaults. Raises :class:`ConfigError`."""
    if not path.exists():
        return default_settings()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, [ConfigProblem("（文件）", f"无法读取：{exc}")]) from None
    return parse_settings(text, path)


def save_settings(settings: Settings, path: Path) -> None:
    import tomli_w

    path.parent.mkdir(parents=True, exist_ok=True)
    data = settings.model_dump(mode="json")
    tmp = path.with_suffix(".tmp")
    tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
    tmp.replace(path)


def demo_settings() -> Settings:
    """The embedded default used by ``make run``: local central service on loopback."""
    return Settings()
