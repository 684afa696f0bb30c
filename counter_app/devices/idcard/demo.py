"""演示身份证：an explicit demo backend (``idcard.backend = "demo"``), never a silent fallback."""

from __future__ import annotations

from counter_app.devices.idcard.model import IdCardRecord, decode_base_message, encode_base_message

DEMO_MESSAGE = dict(name="演示身份证", sex="2", ethnicity="01", birth="19890604", address="广东省深圳市福田区演示路1号",
                    id_number="440304198906040026", authority="深圳市公安局福田分局", valid_from="20190101",
                    valid_until="20390101")


class DemoIdCardReader:
    backend = "demo"
    watch_interval = 2.0

    def read(self, timeout: float = 0.0) -> IdCardRecord:
        return decode_base_message(encode_base_message(**DEMO_MESSAGE), source="demo")

    def check(self) -> None:
        pass

    def watch(self, on_inserted, on_removed, on_error=None):
        from counter_app.devices.idcard.watch import IdCardWatcher

        return IdCardWatcher(self.read, on_inserted, on_removed, on_error, interval=self.watch_interval).start()

    def close(self) -> None:
        pass
