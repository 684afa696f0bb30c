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
