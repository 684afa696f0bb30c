"""Doctor check for the 电子社保卡 scanner (扫码枪)."""

from __future__ import annotations

from counter_app.health import FAIL, OK, Check

NAME = "essc_scanner"


def checks(settings) -> list[Check]:
    from counter_app.devices.scanner import ScannerError

    sc = settings.scanner
    backend = sc.backend.value
    if backend == "none":
        return [Check(NAME, OK, "本工作站未启用电子社保卡扫码枪。")]
    if backend == "wedge":
        return [Check(NAME, OK, f"电子社保卡扫码枪按键盘方式接入：两次按键间隔不超过 {sc.max_gap_ms} 毫秒、"
                                f"至少 {sc.min_length} 个字符并以回车结束的输入视为扫码（图形界面中生效）。")]
    try:
        if backend == "serial":
            from counter_app.devices.scanner.serial_port import SerialScanner

            SerialScanner(sc.serial_port, sc.baudrate, lambda c: None).check()
            return [Check(NAME, OK, f"串口扫码枪端口可用：{sc.serial_port}（{sc.baudrate} 波特）")]
        from counter_app.devices.scanner.evdev_input import EvdevScanner

        EvdevScanner(sc.evdev_device, lambda c: None).check()
        return [Check(NAME, OK, f"扫码枪输入设备可独占读取：{sc.evdev_device}")]
    except ScannerError as err:
        return [Check(NAME, FAIL, err.message, err.hint)]
