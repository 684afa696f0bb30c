"""Doctor checks for the devices area: social security card reader (and the fingerprint part,
the 居民身份证 reader and the 电子社保卡 scanner, each in its own ``checks`` module).

``checks(settings)`` = the card checks here + the fingerprint checks from
``counter_app.devices.fingerprint.checks`` when that module exists.
"""

from __future__ import annotations

from counter_app.health import FAIL, OK, WARN, Check


def checks(settings) -> list[Check]:
    results = _card_checks(settings)
    # ---- fingerprint checks (owned by the fingerprint part; added here, nothing else to edit) ----
    try:
        from counter_app.devices.fingerprint import checks as fingerprint_checks
    except ModuleNotFoundError as exc:
        if exc.name not in ("counter_app.devices.fingerprint", "counter_app.devices.fingerprint.checks"):
            results.append(Check("fingerprint", FAIL, f"指纹检查模块无法加载：{exc}"))
    else:
        try:
            results.extend(fingerprint_checks.checks(settings))
        except Exception as exc:  # one area's bug must not hide the card checks
            results.append(Check("fingerprint", FAIL, f"指纹仪检查时出错：{exc}"))
    # ---- end fingerprint checks ----
    from counter_app.devices.idcard import checks as idcard_checks
    from counter_app.devices.scanner import checks as scanner_checks

    results.extend(_guarded("idcard_reader", "身份证阅读器", idcard_checks.checks, settings))
    results.extend(_guarded("essc_scanner", "电子社保卡扫码枪", scanner_checks.checks, settings))
    # ---- 高拍仪 and signature pad checks (devices-cam) ----
    for area, provider in (("camera", camera_checks), ("signpad", signpad_checks)):
        try:
            results.extend(provider(settings))
        except Exception as exc:  # one device's bug must not hide the others
            results.append(Check(area, FAIL, f"{'高拍仪' if area == 'camera' else '签名板'}检查时出错：{exc}"))
    # ---- end 高拍仪 and signature pad checks ----
    return results


def _guarded(name: str, what: str, area_checks, settings) -> list[Check]:
    """One device area's checks; a bug there is a failed check, not a doctor crash."""
    try:
        return area_checks(settings)
    except Exception as exc:
        return [Check(name, FAIL, f"{what}检查时出错：{exc}")]


def _card_checks(settings) -> list[Check]:
    backend = settings.card.backend.value
    if backend == "demo":
        return [Check("card_reader", WARN, "读卡使用演示后端（card.backend = \"demo\"），不会读取真实社会保障卡。",
                      "正式使用时请将 card.backend 设为 \"pcsc\" 或 \"unified\"。")]
    results = _pcsc_checks(settings, required=backend == "pcsc")
    if backend == "unified" or settings.card.unified_library.strip():
        results.append(_unified_check(settings, required=backend == "unified"))
    return results


def _pcsc_checks(settings, *, required: bool) -> list[Check]:
    bad = FAIL if required else WARN
    try:
        from counter_app.devices.card.errors import CardError, PcscServiceError
        from counter_app.devices.card.pcsc import PcscCardReader
    except ImportError as exc:
        return [Check("pcsc_service", bad, f"PC/SC 支持库 pyscard 无法加载：{exc}", "重新安装柜面客户端。")]
    reader = PcscCardReader(settings.card.reader)
    try:
        try:
            states = reader.reader_states()
        except PcscServiceError as err:
            return [Check("pcsc_service", bad, err.message, err.hint)]
        except CardError as err:
            return [Check("pcsc_service", bad, err.message, err.hint)]
    finally:
        reader.close()
    results = [Check("pcsc_service", OK, "智能卡服务（PC/SC）正在运行。")]
    names = list(states)
    if not names:
        results.append(Check("card_reader", bad, "智能卡服务中没有读卡器。",
                             "请连接社会保障卡读卡器并安装驱动；第三代卡读卡器请按 card.backend = \"unified\" 配置。"))
        return results
    chosen = reader.resolve_reader(names)
    if chosen is None:
        missing = reader._no_reader_error(names)
        results.append(Check("card_reader", bad, missing.message, "修改配置 card.reader，或留空使用第一个读卡器。"))
        return results
    card = "，已插卡" if states[chosen] else "，未插卡"
    others = [n for n in names if n != chosen]
    more = f"（另有：{'、'.join(others)}）" if others else ""
    results.append(Check("card_reader", OK, f"读卡器：{chosen}{card}{more}"))
    return results


def _unified_check(settings, *, required: bool) -> Check:
    from counter_app.devices.card.errors import CardError
    from counter_app.devices.card.unified import UnifiedCardReader

    bad = FAIL if required else WARN
    try:
        reader = UnifiedCardReader(settings.card.unified_library, settings.card.unified_itype)
        reader.check()
        hsm = reader.has_hsm()
    except CardError as err:
        return Check("unified_reader", bad, err.message, err.hint)
    hsm_text = "支持加密机接口（第三代卡）" if hsm else "不含加密机接口 iReadCardBas_HSM_Step1/2（第三代卡读不到姓名和号码）"
    return Check("unified_reader", OK,
                 f"统一读卡接口库已加载：{reader.library_path}（iType={reader.itype}，{hsm_text}）")


# ---- 高拍仪 and signature pad checks (devices-cam) ----

def _video4linux_names(root: str = "/sys/class/video4linux") -> "list[str] | None":
    """Names of the UVC / V4L2 capture devices the kernel sees; None off Linux (no such path)."""
    import os
    import sys

    if not os.path.isdir(root):
        return [] if sys.platform.startswith("linux") else None
    names = []
    for entry in sorted(os.listdir(root)):
        try:
            with open(os.path.join(root, entry, "name"), encoding="utf-8", errors="replace") as f:
                names.append(f"{f.read().strip()}（/dev/{entry}）")
        except OSError:
            names.append(f"/dev/{entry}")
    return names


def camera_checks(settings) -> list[Check]:
    cfg = settings.camera
    backend = cfg.backend.value
    if backend == "none":
        return [Check("camera", OK, "本窗口未配置高拍仪（camera.backend = \"none\"），材料不拍照存档。",
                      "需要材料电子化时请将 camera.backend 设为 \"qt\"。")]
    limits = f"输出 {cfg.dpi} dpi 灰度，每页不超过 {cfg.max_page_kb} KB"
    if backend == "directory":
        from counter_app.devices.camera.directory import DirectoryCamera
        from counter_app.devices.camera.errors import CameraError

        try:
            n = DirectoryCamera(cfg.source).check()
        except CameraError as err:
            return [Check("camera", FAIL, err.message, err.hint)]
        return [Check("camera", WARN, f"高拍仪使用图片目录 {cfg.source}（{n} 张图片），不是真实高拍仪；{limits}。",
                      "正式使用时请将 camera.backend 设为 \"qt\"。")]
    try:
        import numpy  # noqa: F401
        from PIL import features

        jpeg = features.check_codec("jpg")
    except ImportError as exc:
        return [Check("camera", FAIL, f"图像处理组件（numpy、Pillow）无法加载：{exc}", "重新安装柜面客户端。")]
    if not jpeg:
        return [Check("camera", FAIL, "图像处理组件 Pillow 缺少 JPEG 支持，无法保存材料页。", "重新安装柜面客户端。")]
    names = _video4linux_names()
    if names is None:   # not Linux: Qt Multimedia enumerates the cameras when the window starts
        return [Check("camera", OK, f"高拍仪使用 Qt 多媒体（摄像头由界面检测）；{limits}。")]
    if not names:
        return [Check("camera", FAIL, "没有找到高拍仪：系统中没有视频采集设备（/dev/video*）。",
                      "请检查高拍仪 USB 连接和驱动（UVC）。")]
    hint = cfg.device.strip()
    if hint and not any(hint.lower() in n.lower() for n in names):
        return [Check("camera", FAIL, f"没有名称包含「{hint}」的摄像头（现有：{'、'.join(names)}）。",
                      "请修改设置 camera.device，或留空使用第一个摄像头。")]
    return [Check("camera", OK, f"高拍仪：{'、'.join(names)}；{limits}。")]


def signpad_checks(settings) -> list[Check]:
    cfg = settings.signpad
    backend = cfg.backend.value
    if backend == "none":
        return [Check("signpad", OK, "本窗口不采集电子签名（signpad.backend = \"none\"）。")]
    if backend == "screen":
        return [Check("signpad", OK, "申请人在屏幕上签名（signpad.backend = \"screen\"）。",
                      "使用汉王签名板时请将 signpad.backend 设为 \"hid\"。")]
    from counter_app.devices.signpad.errors import SignpadError
    from counter_app.devices.signpad.hanvon import HanvonSignpad

    pad = HanvonSignpad(cfg.library, cfg.vendor_id, cfg.product_id)
    try:
        info = pad.find()
    except SignpadError as err:
        return [Check("signpad", FAIL, err.message, err.hint)]
    from counter_app.devices.signpad.hidapi import HidApi

    return [Check("signpad", OK, f"签名板：{info.describe()}（hidapi：{HidApi.load(cfg.library).path}）")]
# ---- end 高拍仪 and signature pad checks ----
