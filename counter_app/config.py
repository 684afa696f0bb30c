"""Typed settings from one TOML file in the platform config dir.

A bad file never produces a traceback: :class:`ConfigError` names each key and its problem in
Chinese, and callers may fall back to :func:`default_settings`.

Why stdlib dataclasses and not pydantic (do not "fix" this back): the GUI reads its settings on
the start-up path, and ``import counter_app.config`` with pydantic models cost ~90 ms of a
~280 ms start (importing pydantic ~66 ms, building the seven model classes ~25 ms; measured with
``python -X importtime -m tools.smoke``, issue #2, ``make bench`` line ``bench startup``).
pydantic stays the library of the sync protocol (client + central service). Here each field
declares its constraints once, next to it, in ``field(metadata=...)`` (keys ``min_length``,
``max_length``, ``pattern``, ``ge``, ``le``, ``gt``, ``lt``, ``description``); one small validator
(:func:`_coerce`) checks them when a section is built (from a file, a dict, JSON or keywords) and
on every later assignment (``settings.central.url = "bad"`` raises :class:`ConfigError`).
Types are strict: a TOML bool is not an int, a string is not a number; an int is accepted for a
float, and an enum's value (``"demo"``) for the enum.
"""

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]
import errno
import os
import re
import sys
from dataclasses import Field, dataclass, field, fields, replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar


class OfficeMode(str, Enum):
    counter = "counter"    # 窗口柜面
    field = "field"        # 外勤笔记本：名单、上门认证、同步


class PrinterBackendChoice(str, Enum):
    auto = "auto"          # Windows: the spooler through Qt print support; elsewhere CUPS
    cups = "cups"          # CUPS through lp / lpstat
    qt = "qt"              # Qt print support (the Windows spooler; CUPS on Linux)


class CardBackend(str, Enum):
    pcsc = "pcsc"          # PC/SC through pyscard
    unified = "unified"    # 全国统一读卡接口 iReadCardBas (vendor library)
    demo = "demo"          # explicit demo backend, never a silent fallback


class FingerprintBackend(str, Enum):
    libfprint = "libfprint"
    wbf = "wbf"            # Windows Biometric Framework
    demo = "demo"
    none = "none"


class IdCardBackend(str, Enum):
    sdtapi = "sdtapi"      # 居民身份证阅读器 sdtapi 接口库 (SDT_OpenPort … SDT_ReadBaseMsg)
    json = "json"          # vendor library whose function returns the card as JSON
    demo = "demo"          # explicit demo backend
    none = "none"          # no ID card reader at this window


class ScannerBackend(str, Enum):
    wedge = "wedge"        # USB scanner as a keyboard (HID keyboard wedge), recognised by its keystroke burst
    serial = "serial"      # serial / virtual COM scanner through pyserial
    evdev = "evdev"        # Linux: the scanner's input device read (and grabbed) directly
    none = "none"


# ---- 高拍仪 and signature pad (devices-cam) ----
class CameraBackend(str, Enum):
    qt = "qt"                  # UVC 高拍仪 through Qt Multimedia
    directory = "directory"    # still images from a folder or one file (tests, windows without a camera)
    none = "none"


class SignpadBackend(str, Enum):
    hid = "hid"                # 汉王 ESP series through hidapi (libhidapi-hidraw.so / hidapi.dll)
    screen = "screen"          # sign on the screen with pen or mouse
    none = "none"
# ---- end 高拍仪 and signature pad ----


class Language(str, Enum):
    zh_CN = "zh_CN"
    en = "en"


# What is wrong with a key, by code ({0}, {1}: the parameters). A ConfigProblem keeps its ``code`` and
# ``params`` beside the Chinese, so the window words it in its own language (counter_app.ui.config_errors;
# tests/ui/test_config_error_words.py keeps the two tables equal).
PROBLEMS = {
    "section": "应为一个配置节（[节名]）",
    "choice": "取值不在允许范围内，可选值：{0}（当前值 {1}）",
    "bool": "应为 true 或 false",
    "int": "应为整数",
    "number": "应为数字",
    "string": "应为字符串",
    "empty": "不能为空",
    "too_short": "太短，至少 {0} 个字符",
    "too_long": "太长，最多 {0} 个字符（当前 {1} 个）",
    "pattern": "格式不正确（当前值 {0}）",
    "too_small": "数值太小（当前值 {0}），应 {1}",
    "too_large": "数值太大（当前值 {0}），应 {1}",
    "unknown_key": "不认识的配置项，可用的配置项：{0}",
    "json": "不是合法的 JSON",
    "json_at": "不是合法的 JSON（第{0}行第{1}列）",
    "toml": "不是合法的 TOML",
    "toml_at": "不是合法的 TOML（第{0}行第{1}列）",
    "toml_end": "不是合法的 TOML（文件末尾）",
    "unreadable": "无法读取：{0}",
    "directory": "这是一个目录，不能写入配置；请先移走或改名",
    "unwritable": "{0}",
    "api_path": "应为中心服务的地址，不带接口路径 {0}（程序会自己加上）：请改为 {1}（当前值 {2}）",
}


@dataclass(frozen=True)
class ConfigProblem:
    """One problem found in config.toml: the key, the Chinese wording and its code for translation."""
    key: str
    problem: str
    code: str = ""                      # a key of PROBLEMS ("" for a problem worded elsewhere)
    params: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.key}：{self.problem}"

    @classmethod
    def of(cls, key: str, code: str, *params: object) -> "ConfigProblem":
        texts = tuple(str(p) for p in params)
        return cls(key, PROBLEMS[code].format(*texts), code, texts)


class ConfigError(ValueError):
    """The configuration file (or a settings value) is unreadable or invalid; ``problems`` names
    each key. ``path`` is None when the settings did not come from a file (keywords, assignment,
    a dict or JSON)."""

    def __init__(self, path: "Path | None", problems: "list[ConfigProblem]"):
        self.path = path
        self.problems = problems
        super().__init__(self.message())

    def message(self) -> str:
        head = f"配置文件 {self.path} 有误：" if self.path is not None else "设置有误："
        return "\n".join([head] + [f"  - {p}" for p in self.problems])


def _f(default: Any, **constraints: Any) -> Any:
    """A settings field: its default and its constraints, declared once next to it."""
    return field(default=default, metadata=constraints)


def _section(cls: "type[_Section]") -> Any:
    return field(default_factory=cls, metadata={"description": "配置节 [" + cls._key + "]"})


_BAD = object()  # _coerce could not accept the value (the problem is recorded)
_BOUNDS = (("gt", ">"), ("ge", "≥"), ("lt", "<"), ("le", "≤"))


def _num(v: float) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _coerce(f: Any, value: Any, key: str, problems: "list[ConfigProblem]") -> Any:
    """``value`` converted to field ``f``'s type and checked against its constraints, or
    :data:`_BAD` after appending its problems (in Chinese, under the dotted ``key``)."""
    kind = f.type
    if isinstance(kind, type) and issubclass(kind, _Section):
        if value is None:
            return kind()
        if isinstance(value, kind):
            return value
        if isinstance(value, dict):
            return kind._build(value, problems)
        problems.append(ConfigProblem.of(key, "section"))
        return _BAD
    if issubclass(kind, Enum):
        if isinstance(value, kind):
            return value
        for member in kind:
            if isinstance(value, str) and value == member.value:
                return member
        allowed = "、".join(repr(m.value) for m in kind)
        problems.append(ConfigProblem.of(key, "choice", allowed, repr(value)))
        return _BAD
    if kind is bool:
        if isinstance(value, bool):
            return value
        problems.append(ConfigProblem.of(key, "bool"))
        return _BAD
    if kind is int:
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(ConfigProblem.of(key, "int"))
            return _BAD
    elif kind is float:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            problems.append(ConfigProblem.of(key, "number"))
            return _BAD
        value = float(value)
    elif kind is str:
        if not isinstance(value, str):
            problems.append(ConfigProblem.of(key, "string"))
            return _BAD
    else:  # pragma: no cover - a field of a type this validator does not know is a programming error
        raise TypeError(f"{key}: unsupported settings type {kind!r}")
    rules = f.metadata
    before = len(problems)
    if isinstance(value, str):
        if "min_length" in rules and len(value) < rules["min_length"]:
            n = rules["min_length"]
            problems.append(ConfigProblem.of(key, "empty") if n == 1 else ConfigProblem.of(key, "too_short", n))
        if "max_length" in rules and len(value) > rules["max_length"]:
            problems.append(ConfigProblem.of(key, "too_long", rules["max_length"], len(value)))
        if "pattern" in rules and not re.search(rules["pattern"], value):
            problems.append(ConfigProblem.of(key, "pattern", repr(value)))
        for refused, code in rules.get("refuse", ()):   # a well-formed value that is still wrong
            found = re.search(refused, value)
            if found:   # the part refused, the value without it, the value
                problems.append(ConfigProblem.of(key, code, found.group(0), value[:found.start()], repr(value)))
    else:
        bounds = " 且 ".join(f"{op} {_num(rules[k])}" for k, op in _BOUNDS if k in rules)
        if ("ge" in rules and value < rules["ge"]) or ("gt" in rules and value <= rules["gt"]):
            problems.append(ConfigProblem.of(key, "too_small", _num(value), bounds))
        elif ("le" in rules and value > rules["le"]) or ("lt" in rules and value >= rules["lt"]):
            problems.append(ConfigProblem.of(key, "too_large", _num(value), bounds))
    return value if len(problems) == before else _BAD


class _Section:
    """Base of the settings dataclasses: unknown keys refused, values validated when built and
    on every assignment afterwards."""

    _key: ClassVar[str] = ""  # the section's name in the file ("" for the whole file)
    if TYPE_CHECKING:  # every concrete section is a @dataclass (what dataclasses.fields() wants)
        __dataclass_fields__: ClassVar[dict[str, Field[Any]]]

    @classmethod
    def _dotted(cls, name: str) -> str:
        return f"{cls._key}.{name}" if cls._key else name

    @classmethod
    def _build(cls, raw: dict, problems: "list[ConfigProblem]") -> Any:
        """An instance from a mapping (missing keys keep their defaults), or :data:`_BAD` after
        recording every problem of it (all keys, nested sections included)."""
        known = {f.name: f for f in fields(cls)}
        before = len(problems)
        for name in raw:
            if name not in known:
                problems.append(ConfigProblem.of(cls._dotted(str(name)), "unknown_key", "、".join(known)))
        values = {}
        for name, f in known.items():
            if name in raw:
                values[name] = _coerce(f, raw[name], cls._dotted(name), problems)
        if len(problems) != before:
            return _BAD
        return cls(**values)

    def __post_init__(self) -> None:
        problems: list[ConfigProblem] = []
        for f in fields(self):
            value = _coerce(f, getattr(self, f.name), self._dotted(f.name), problems)
            if value is not _BAD:
                object.__setattr__(self, f.name, value)
        if problems:
            raise ConfigError(None, problems)

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self.__dict__:  # set once by __init__ (then checked by __post_init__); later: check now
            spec = self.__dataclass_fields__.get(name)
            if spec is not None:
                problems: list[ConfigProblem] = []
                value = _coerce(spec, value, self._dotted(name), problems)
                if problems:
                    raise ConfigError(None, problems)
        elif name not in self.__dataclass_fields__:
            raise ConfigError(None, [ConfigProblem.of(self._dotted(name), "unknown_key",
                                                      "、".join(self.__dataclass_fields__))])
        object.__setattr__(self, name, value)

    @classmethod
    def from_dict(cls, data: Any, path: "Path | None" = None) -> Any:
        """Validated settings from a mapping (parsed TOML or JSON); raises :class:`ConfigError`
        naming every bad key at once."""
        problems: list[ConfigProblem] = []
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise ConfigError(path, [ConfigProblem.of(cls._key or "（整个文件）", "section")])
        result = cls._build(data, problems)
        if problems:
            raise ConfigError(path, problems)
        return result

    def to_dict(self) -> "dict[str, Any]":
        """JSON- and TOML-safe plain data (enums as their values), in field order."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, _Section):
                value = value.to_dict()
            elif isinstance(value, Enum):
                value = value.value
            out[f.name] = value
        return out

    @classmethod
    def from_json(cls, text: "str | bytes") -> Any:
        import json

        try:
            data = json.loads(text)
        except ValueError as exc:  # JSONDecodeError, UnicodeDecodeError
            problem = (ConfigProblem.of("（设置）", "json_at", exc.lineno, exc.colno)
                       if isinstance(exc, json.JSONDecodeError) else ConfigProblem.of("（设置）", "json"))
            raise ConfigError(None, [problem]) from None
        return cls.from_dict(data)

    def to_json(self) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))


@dataclass
class OfficeSettings(_Section):
    """[office]: 经办机构、窗口号、工作站编号, and whether this is a counter or a field laptop."""
    _key = "office"
    name: str = _f("福田分局", min_length=1, max_length=40, description="经办机构（分局）名称")
    code: str = _f("FT", pattern=r"^[A-Z0-9]{1,8}$", description="分局代码，用于文号")
    window_number: int = _f(1, ge=1, le=999, description="窗口号")
    workstation_id: str = _f("FT-W01", pattern=r"^[A-Za-z0-9_-]{1,32}$", description="工作站编号")
    mode: OfficeMode = _f(OfficeMode.counter, description="counter 窗口柜面；field 外勤笔记本（上门认证名单、记录与同步）")


@dataclass
class CentralSettings(_Section):
    """[central]: the centre's address, request timeout, offline login and outbox alarm limits."""
    _key = "central"
    # the centre's address, as a reverse proxy may give it (a path before the API's is kept); the
    # API's own path (/api/v1, what the docs' curl examples end in) is the client's to add: with it
    # every request went to /api/v1/api/v1/… and failed as 中心服务没有这个接口
    url: str = _f("http://127.0.0.1:8765", pattern=r"^https?://[^\s/]+(:\d+)?(/.*)?$",
                  refuse=((r"/api/v\d+(/.*)?$", "api_path"),), description="中心服务地址")
    timeout_seconds: float = _f(10.0, gt=0, le=120, description="请求超时（秒）")
    offline_login_days: int = _f(7, ge=0, le=30, description="离线登录有效天数")
    outbox_stall_minutes: int = _f(5, ge=1, le=1440, description="在线时待同步队列多少分钟没有进展即告警")
    lockout_after: int = _f(5, ge=1, le=100, description="离线登录连续失败多少次锁定账号")
    lockout_minutes: int = _f(15, ge=1, le=1440, description="离线登录锁定多少分钟")
    export_public_key: str = _f("", pattern=r"^(x25519:[A-Za-z0-9+/]{43}=)?$",
                                description="中心的导出公钥（counter-central export-key show），待同步队列导出文件用它加密")


@dataclass
class PrinterSettings(_Section):
    """[printer]: the local print queue and the number of copies."""
    _key = "printer"
    name: str = _f("", description="本地打印机队列名，空为系统默认")
    backend: PrinterBackendChoice = _f(PrinterBackendChoice.auto,
                                       description="打印方式：auto（Windows 用系统打印队列，其他用 CUPS）、cups、qt")
    copies: int = _f(1, ge=1, le=9, description="打印份数")


@dataclass
class CardSettings(_Section):
    """[card]: how the 社保卡 is read (PC/SC or the unified vendor library)."""
    _key = "card"
    backend: CardBackend = _f(CardBackend.pcsc, description="读卡方式")
    reader: str = _f("", description="PC/SC 读卡器名称，空为任一读卡器（插在哪个都读）")
    unified_library: str = _f("", description="统一读卡接口动态库路径")
    unified_itype: int = _f(3, ge=1, le=4, description="iReadCardBas 的 iType：1 接触 2 非接 3 自动接触优先 4 自动非接优先")


@dataclass
class IdCardSettings(_Section):
    """[idcard]: the 居民身份证 reader's interface and vendor library."""
    _key = "idcard"
    # none by default: most windows have no 居民身份证 reader; a window with one sets sdtapi or json
    # (a default of sdtapi put a device error in the status bar of every window without a reader)
    backend: IdCardBackend = _f(IdCardBackend.none, description="身份证阅读器接口")
    library: str = _f("", description="厂商动态库路径，空为系统中的 libsdtapi.so / sdtapi.dll")
    port: int = _f(0, ge=0, le=9999, description="sdtapi 端口：0 自动查找，USB 1001～1016，串口 1～16")
    photo_library: str = _f("", description="照片解码库（导出 unpack 或 GetBmp），空为与 library 相同")
    json_function: str = _f("ReadIDCardJson", pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$",
                            description="JSON 接口库中返回身份证 JSON 的函数名")


@dataclass
class ScannerSettings(_Section):
    """[scanner]: the 电子社保卡 QR scanner (keyboard wedge, serial or evdev)."""
    _key = "scanner"
    # none by default: a wedge scanner is set up per window (its filter holds fast keystrokes ≤ max_gap_ms)
    backend: ScannerBackend = _f(ScannerBackend.none, description="电子社保卡扫码枪接入方式")
    max_gap_ms: int = _f(30, ge=5, le=200, description="键盘方式：扫码枪两次按键的最大间隔（毫秒），更慢的按键视为人工输入")
    min_length: int = _f(8, ge=4, le=256, description="键盘方式：一次扫码的最少字符数")
    serial_port: str = _f("", description="串口扫码枪的端口（/dev/ttyACM0、COM3）")
    baudrate: int = _f(9600, ge=1200, le=921600, description="串口波特率")
    evdev_device: str = _f("", description="evdev 方式的输入设备（/dev/input/by-id/…-event-kbd）")


def default_fingerprint_backend(platform: str = sys.platform) -> FingerprintBackend:
    """libfprint on Linux / 统信 UOS; on Windows the Windows Biometric Framework (the Windows bundle
    has no PyGObject, so libfprint cannot load there)."""
    return FingerprintBackend.wbf if platform == "win32" else FingerprintBackend.libfprint


_GUID = "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
# empty, or a GUID with or without braces — never the nil GUID
WBF_DATABASE_PATTERN = (r"^(?!\{?0{8}-0{4}-0{4}-0{4}-0{12}\}?$)(|\{" + _GUID + r"\}|" + _GUID + ")$")


@dataclass
class FingerprintSettings(_Section):
    """[fingerprint]: the capture backend, and whether images are kept. ``wbf_database``: the
    Windows Biometric Framework private database the installer created for applicants' fingerprints
    (installer/windows/README.md); without it the wbf backend refuses to enrol or verify — it never
    uses the Windows sign-in (system pool) database."""
    _key = "fingerprint"
    backend: FingerprintBackend = _f(default_fingerprint_backend(), description="指纹采集方式")
    keep_images: bool = _f(False, description="是否保留指纹图像")
    wbf_database: str = _f("", pattern=WBF_DATABASE_PATTERN,
                           description="Windows 生物识别私有指纹库的 GUID（{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}），由安装人员创建并填写")


# ---- 高拍仪 and signature pad (devices-cam) ----
@dataclass
class CameraSettings(_Section):
    """[camera]: the 高拍仪 for material pages."""
    _key = "camera"
    backend: CameraBackend = _f(CameraBackend.none, description="高拍仪：qt（USB 高拍仪）、directory（图片目录）、none（无）")
    device: str = _f("", max_length=200, description="Qt 摄像头名称（部分匹配），空为第一个")
    source: str = _f("", description="directory 后端的图片目录（每次拍照取走目录中按名称排序的第一张图片）或图片文件")
    dpi: int = _f(200, ge=100, le=600, description="材料页输出分辨率（dpi）")
    max_page_kb: int = _f(300, ge=50, le=5000, description="每页图像大小上限（KB）")
    timeout_seconds: float = _f(10.0, gt=0, le=120, description="拍照超时（秒）")


@dataclass
class SignpadSettings(_Section):
    """[signpad]: the signature pad (HID) or on-screen signing."""
    _key = "signpad"
    backend: SignpadBackend = _f(SignpadBackend.screen, description="签名：hid（汉王签名板）、screen（屏幕签名）、none")
    library: str = _f("", description="hidapi 动态库路径，空为系统默认（libhidapi-hidraw.so.0 / hidapi.dll）")
    vendor_id: int = _f(0x0B57, ge=0, le=0xFFFF, description="签名板 USB 厂商号（汉王 0x0B57）")
    product_id: int = _f(0, ge=0, le=0xFFFF, description="签名板 USB 产品号，0 为该厂商的第一台设备")
    timeout_seconds: float = _f(60.0, gt=0, le=600, description="等待签名确认的秒数")
# ---- end 高拍仪 and signature pad ----


@dataclass
class UiSettings(_Section):
    """[ui]: language, document font, customer screen and idle lock."""
    _key = "ui"
    language: Language = _f(Language.zh_CN, description="界面语言")
    font_path: str = _f("", description="公文字体文件（TrueType），空为自动查找")
    customer_screen: bool = _f(True, description="是否显示客户屏")
    idle_lock_minutes: int = _f(10, ge=1, le=120, description="无操作多少分钟后锁屏")


@dataclass
class StoreSettings(_Section):
    """[store]: housekeeping of the local store (归档外移)."""
    _key = "store"
    # the 365 days are a default, not a rule: how long archived cases stay in the hot tables is the agency's call
    housekeep_after_days: int = _f(365, ge=30, le=36500,
                                   description="已归档且已同步的办件满多少天后移出常用表（归档外移，仍可检索；默认值，由经办机构确定）")


@dataclass
class Settings(_Section):
    """The whole of config.toml, one section per table."""

    office: OfficeSettings = _section(OfficeSettings)
    central: CentralSettings = _section(CentralSettings)
    printer: PrinterSettings = _section(PrinterSettings)
    card: CardSettings = _section(CardSettings)
    fingerprint: FingerprintSettings = _section(FingerprintSettings)
    idcard: IdCardSettings = _section(IdCardSettings)
    scanner: ScannerSettings = _section(ScannerSettings)
    ui: UiSettings = _section(UiSettings)
    # ---- 高拍仪 and signature pad (devices-cam) ----
    camera: CameraSettings = _section(CameraSettings)
    signpad: SignpadSettings = _section(SignpadSettings)
    # ---- end 高拍仪 and signature pad ----
    store: StoreSettings = _section(StoreSettings)   # housekeeping (归档外移)


def default_settings() -> Settings:
    return Settings()


def _toml_problem(exc: Exception) -> ConfigProblem:
    """A TOML syntax error, with where it is, in Chinese (tomllib's own text is English)."""
    import re

    at = re.search(r"line (\d+), column (\d+)", str(exc))
    if at:
        return ConfigProblem.of("（文件语法）", "toml_at", at[1], at[2])
    return ConfigProblem.of("（文件语法）", "toml_end" if "end of document" in str(exc) else "toml")


def _unreadable(exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        return "不是 UTF-8 编码的文本"
    if isinstance(exc, IsADirectoryError):
        return "这是一个目录，不是文件"
    if isinstance(exc, PermissionError):
        return "没有读取权限"
    return "读取出错"


def parse_settings(text: str, path: Path) -> Settings:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, [_toml_problem(exc)]) from None
    return Settings.from_dict(raw, path)


# ``COUNTER_APP_CENTRAL_URL=http://127.0.0.1:9000`` overrides ``[central] url`` for the GUI and every
# command started with it (``make run CENTRAL_PORT=9000`` sets it for the processes it starts)
CENTRAL_URL_ENV = "COUNTER_APP_CENTRAL_URL"


def load_settings(path: Path) -> Settings:
    """Settings from ``path``; a missing file means defaults. Raises :class:`ConfigError`.

    :data:`CENTRAL_URL_ENV`, when set, replaces ``[central] url`` (validated like the file's)."""
    if not path.exists():
        raw: dict = {}
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(path, [ConfigProblem.of("（文件）", "unreadable", _unreadable(exc))]) from None
        try:
            raw = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(path, [_toml_problem(exc)]) from None
    url = os.environ.get(CENTRAL_URL_ENV, "").strip()
    if url:
        section = raw.get("central")
        central = section if isinstance(section, dict) else {}
        try:
            return Settings.from_dict({**raw, "central": {**central, "url": url}}, path)
        except ConfigError as exc:   # a bad override is the variable's fault, not the file's: say which
            env_key = f"环境变量 {CENTRAL_URL_ENV}（代替配置项 central.url）"
            problems = [replace(p, key=env_key) if p.key == "central.url" else p for p in exc.problems]
            raise ConfigError(path if any(p.key != env_key for p in problems) else None, problems) from None
    return Settings.from_dict(raw, path)


def configured_language(path: Path) -> "str | None":
    """The ``[ui] language`` a configuration file names, when it names a known one — read even when
    the rest of the file is invalid, so its problems are shown in the clerk's language; else None."""
    try:
        ui = tomllib.loads(path.read_text(encoding="utf-8")).get("ui")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    language = ui.get("language") if isinstance(ui, dict) else None
    return language if language in {member.value for member in Language} else None


def save_settings(settings: Settings, path: Path) -> None:
    import tomli_w

    if path.is_dir():   # replacing it would fail half-way; the clerk's message instead of IsADirectoryError
        raise ConfigError(path, [ConfigProblem.of("（文件）", "directory")])
    path.parent.mkdir(parents=True, exist_ok=True)
    data = settings.to_dict()
    tmp = path.with_suffix(".tmp")
    try:
        tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass      # a read-only file system refuses the clean-up too: the reason below says it
        why = "没有写入权限" if isinstance(exc, PermissionError) else (
            "文件系统为只读" if exc.errno == errno.EROFS else "无法写入（磁盘已满或路径不可用）")
        raise ConfigError(path, [ConfigProblem.of("（文件）", "unwritable", why)]) from None


def demo_settings() -> Settings:
    """The embedded default used by ``make run``: local central service on loopback."""
    return Settings()
