"""First run (首次运行设置): the questions a new workstation answers, and the tests behind them.

One set of steps for the GUI wizard (``counter_app.ui.first_run``) and the headless
``counter-app config init --interactive``: the centre's URL with a test connection, office and
window (the workstation registered at the centre by a supervisor or admin), the printer with a
test page, a card reader test, a fingerprint reader test, the language. Every step can be
skipped; whatever was answered is written to the configuration file at the end.

Each test returns a :class:`Probe` (ok + a Chinese message + a hint); none raises.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass

from counter_app.config import CardBackend, FingerprintBackend, Language, Settings

STEPS = ("central", "workstation", "printer", "card", "fingerprint", "language")
STEP_TITLES = {
    "central": "中心服务",
    "workstation": "分局与窗口",
    "printer": "打印机",
    "card": "社保卡读卡器",
    "fingerprint": "指纹采集器",
    "language": "界面语言",
}
LANGUAGES = ((Language.zh_CN, "简体中文"), (Language.en, "English"))
CARD_BACKENDS = ((CardBackend.pcsc, "PC/SC 读卡器"), (CardBackend.unified, "全国统一读卡接口（厂商动态库）"),
                 (CardBackend.demo, "演示（不读真卡）"))


def fingerprint_backends(platform: str = sys.platform) -> tuple:
    """The fingerprint choices, this platform's own first (WBF on Windows, libfprint elsewhere)."""
    own = ((FingerprintBackend.wbf, "Windows 生物识别框架（WBF）"),
           (FingerprintBackend.libfprint, "libfprint 指纹采集器（Linux）"))
    return (own if platform == "win32" else own[::-1]) + ((FingerprintBackend.none, "本窗口不采集指纹"),
                                                          (FingerprintBackend.demo, "演示（不是真实指纹）"))


FINGERPRINT_BACKENDS = fingerprint_backends()


@dataclass(frozen=True)
class Probe:
    ok: bool
    message: str  # 中文：what the test found
    hint: str = ""

    def as_dict(self) -> dict:
        return {"ok": self.ok, "message": self.message, "hint": self.hint}


def probe_keyring() -> Probe:
    """系统密钥环: the local store's key and the login tokens are kept only there, so without a
    safe one (a fresh Debian / UOS has no Secret Service until gnome-keyring is installed) the
    counter cannot open its store. Says what to install."""
    from counter_app.sync.checks import keyring_check

    check = keyring_check()
    return Probe(check.status != "fail", check.message, check.hint)


def probe_central(url: str, timeout: float = 5.0) -> Probe:
    """Test connection: the centre's /health answers at ``url``."""
    from counter_app.config import CentralSettings, ConfigError

    try:
        CentralSettings(url=url)
    except ConfigError as exc:
        return Probe(False, f"地址格式不正确：{url!r}", exc.problems[0].problem if exc.problems else "")
    from counter_app.sync.client import CentralClient, SyncError

    client = CentralClient(url, timeout=timeout)
    try:
        health = client.health()
    except SyncError as exc:
        return Probe(False, f"无法连接中心服务 {url}：{exc}",
                     "检查地址、网络和防火墙；也可以先跳过，离线办理的业务会在联网后同步。")
    finally:
        client.close()
    return Probe(health.status == "ok", f"中心服务可用（版本 {health.version}，数据库 {health.database}）")


def register_workstation(settings: Settings, username: str, password: str, totp: str = "") -> Probe:
    """登记工作站: a supervisor of the office (or an admin) registers this workstation at the centre,
    with the 动态验证码 (TOTP) of their authenticator: the centre requires it of both roles."""
    from pydantic import ValidationError

    from counter_protocol import sync as p
    from counter_app.sync.client import CentralClient, SyncError

    try:
        req = p.WorkstationRegistration(
            workstation_id=settings.office.workstation_id, office_code=settings.office.code,
            name=f"{settings.office.name} {settings.office.window_number} 号窗口", username=username, password=password,
            totp=totp.strip() or None)
    except ValidationError:
        return Probe(False, "登记信息不完整：请填写科长或管理员的用户名、密码和 6 位动态验证码。")
    client = CentralClient(settings.central.url, timeout=settings.central.timeout_seconds)
    try:
        info = client.register_workstation(req)
    except SyncError as exc:
        # the centre's own suggestion where it gave one (e.g. 请系统管理员开通动态验证码 for a supervisor
        # without an authenticator): the general hint would send IT staff to check the wrong thing
        hint = getattr(exc, "suggested_action", None) or "确认登记人是本分局科长或管理员，分局代码正确。"
        return Probe(False, f"工作站登记失败：{exc}", hint)
    finally:
        client.close()
    return Probe(True, f"工作站 {info.workstation_id} 已登记在分局 {info.office_code}")


def printers(settings: Settings | None = None) -> "tuple[list[str], str | None]":
    """The print queues this workstation knows, and the system default, from the printing backend
    the settings choose (CUPS, or the Windows spooler through Qt: printing.backends)."""
    from counter_app.printing.backends import printer_backend
    from counter_app.printing.cups import PrinterError

    backend = printer_backend(settings)
    try:
        return backend.queues(), backend.default_queue()
    except PrinterError:
        return [], None


def print_test_page(settings: Settings, queue: str) -> Probe:
    """A one-page PDF (with Chinese text, so the font is proven too) sent to ``queue``."""
    from counter_app.printing.fonts import FontError, find_cjk_font

    try:
        font = find_cjk_font(settings.ui.font_path)
    except FontError as exc:
        return Probe(False, str(exc))
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from counter_app.printing.backends import printer_backend
    from counter_app.printing.cups import PrinterError

    pdf = io.BytesIO()                         # the page goes to the backend from memory: no file
    canvas = Canvas(pdf, pagesize=A4)
    canvas.setFont(font.name, 18)
    canvas.drawString(72, 760, "社保窗口柜面客户端 打印测试页")
    canvas.setFont(font.name, 12)
    canvas.drawString(72, 730, f"分局：{settings.office.name}（{settings.office.code}）  窗口：{settings.office.window_number}")
    canvas.drawString(72, 710, f"打印机：{queue}    字体：{font.family or font.path.name}")
    canvas.rect(72, 600, 451, 80)
    canvas.drawString(80, 650, "若本页中文清晰、方框完整，打印机设置正确。")
    canvas.showPage()
    canvas.save()
    try:
        job = printer_backend(settings).submit(queue, pdf.getvalue(), copies=1, title="counter-app test page")
    except PrinterError as exc:
        return Probe(False, str(exc), "检查打印机是否开机、联机，或换一台打印机。")
    return Probe(True, f"测试页已发送到打印机 {queue}（任务 {job}），请查看打印结果。")


def _from_checks(checks, names: "tuple[str, ...]", nothing: str) -> Probe:
    chosen = [c for c in checks if c.name in names]
    if not chosen:
        return Probe(False, nothing)
    bad = [c for c in chosen if c.status == "fail"]
    return Probe(not bad, "；".join(c.message for c in chosen), "；".join(c.hint for c in chosen if c.hint))


def probe_card_reader(settings: Settings) -> Probe:
    """The PC/SC service and the reader (or the unified-interface library) as configured."""
    from counter_app.devices import checks

    return _from_checks(checks.checks(settings), ("pcsc_service", "card_reader", "unified_reader"),
                        "没有读卡器检查结果。")


def probe_fingerprint_reader(settings: Settings) -> Probe:
    from counter_app.devices.fingerprint import checks

    return _from_checks(checks.checks(settings), (checks.NAME,), "没有指纹采集器检查结果。")
