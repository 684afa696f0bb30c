"""Doctor checks for fingerprint capture (指纹采集器)."""

from __future__ import annotations

import os

from counter_app.health import FAIL, OK, WARN, Check

NAME = "fingerprint"


def checks(settings) -> list[Check]:
    from counter_app.devices.fingerprint import FingerprintError, list_fingerprint_devices

    backend = getattr(settings.fingerprint.backend, "value", settings.fingerprint.backend)
    if backend == "none":
        return [Check(NAME, OK, "本工作站未启用指纹采集。")]
    if backend == "demo":
        return [Check(NAME, WARN, "指纹采集使用演示采集器，采集结果不是真实指纹。",
                      "正式使用前请在配置 [fingerprint] 中把 backend 设为 libfprint 或 wbf。")]
    try:
        devices = list_fingerprint_devices(settings)
        if backend == "wbf":        # the private template database: without it nothing is enrolled
            from counter_app.devices.fingerprint.wbf import database_id

            database_id(settings.fingerprint.wbf_database)
    except FingerprintError as exc:
        return [Check(NAME, FAIL, str(exc), exc.hint)]
    if not devices:
        return [Check(NAME, FAIL, "未检测到指纹采集器。",
                      "请检查采集器 USB 连接与驱动；无法采集时可按“无法采集指纹”流程登记原因并报主管审批。")]
    names = "、".join(f"{d.name}（{d.driver}）" for d in devices)
    if any(d.driver == "virtual_image" for d in devices) or os.environ.get("FP_VIRTUAL_IMAGE"):
        return [Check(NAME, WARN, f"检测到测试用虚拟指纹采集器：{names}",
                      "FP_VIRTUAL_IMAGE 只用于测试，正式环境请取消该环境变量。")]
    return [Check(NAME, OK, f"指纹采集器可用：{names}")]
