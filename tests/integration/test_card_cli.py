"""``counter-app card read | readers`` and the doctor's card checks on pcscd + vpcd."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import date

import pytest

from tests.support.card_emulator import CardProfile
from tests.support.pcsc import VPCD_READER

pytestmark = [pytest.mark.integration, pytest.mark.timeout(60)]

KEYS = {"social_security_number", "name", "sex", "birth_date", "card_number", "issue_date", "expiry_date",
        "area_code", "spec_version", "card_id", "expired"}


def _cli(*args, env_extra=None, timeout=30):
    env = os.environ.copy()
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "counter_app", "card", *args], capture_output=True,
                          text=True, timeout=timeout, env=env)


def test_read_json_prints_one_object(virtual_card, app_home, signed_in):
    virtual_card.insert(CardProfile(name="王𠮷"))
    proc = _cli("read", "--reader", VPCD_READER, "--json")
    assert proc.returncode == 0, proc.stderr
    (line,) = proc.stdout.splitlines()
    out = json.loads(line)
    assert KEYS <= out.keys()
    assert out["social_security_number"] == "11010519491231002X" and out["name"] == "王𠮷"
    assert out["sex"] == "female" and out["birth_date"] == "1949-12-31"
    assert out["issue_date"] == "2019-05-20" and out["expiry_date"] == "2029-05-20"
    assert out["card_id"] == "440300D15600000500A1B2C3D4E5F607" and out["area_code"] == "440300"
    assert out["spec_version"] == "2.00" and out["expired"] is False


def test_human_output_masks_number_and_name_and_warns_on_expiry(virtual_card, app_home, signed_in):
    virtual_card.insert(CardProfile(name="欧阳龑", expiry_date=date(2019, 1, 1)))
    proc = _cli("read")
    assert proc.returncode == 0, proc.stderr
    assert "110105********002X" in proc.stdout and "欧**" in proc.stdout
    assert "11010519491231002X" not in proc.stdout and "欧阳龑" not in proc.stdout
    assert "已过有效期" in proc.stdout


def test_read_waits_for_the_card(virtual_card, app_home, signed_in):
    timer = threading.Timer(0.8, lambda: virtual_card.insert(CardProfile(), wait=False))
    timer.start()
    try:
        proc = _cli("read", "--json", "--timeout", "10")
    finally:
        timer.join()
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["card_number"] == "A12345678"


def test_no_card_and_wrong_card_errors(virtual_card, app_home, signed_in):
    proc = _cli("read", "--json", "--timeout", "0.3")
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert out["error"] == "no_card" and "没有社会保障卡" in out["message"]

    virtual_card.insert(CardProfile(aid=b"\xa0\x00\x00\x03\x33"))
    proc = _cli("read", "--timeout", "0")
    assert proc.returncode == 1 and "不是社会保障卡" in proc.stderr


def test_no_pcsc_service_is_explained(tmp_path, app_home, signed_in):
    # Point the PC/SC client at a socket nobody listens on: exactly what a stopped pcscd looks like.
    env = {"PCSCLITE_CSOCK_NAME": str(tmp_path / "no-pcscd.comm")}
    proc = _cli("read", "--json", env_extra=env)
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert out["error"] == "no_service" and "PC/SC" in out["message"] and "pcscd" in out["hint"]
    proc = _cli("readers", env_extra=env)
    assert proc.returncode == 1 and "智能卡服务" in proc.stderr


def _audit_rows():
    from counter_app.cli._common import open_store
    from counter_app.storage.audit import AuditRow

    store = open_store()
    try:
        with store.session() as s:
            return [(r.actor, r.action, r.object_type, r.object_id) for r in s.query(AuditRow).order_by(AuditRow.seq)]
    finally:
        store.close()


def test_read_with_nobody_signed_in_reads_nothing_and_a_signed_in_read_is_audited_as_the_user(virtual_card, app_home):
    """Reading a person's card is an access to their data: nobody signed in, refused in Chinese
    before the card is read (exit 1; under --json the device errors' shape, error "not_signed_in"),
    nothing audited (was: read, audited with an empty actor); signed in, audited as the user."""
    from tests.conftest import sign_in

    sign_in(None)
    virtual_card.insert(CardProfile(name="王𠮷"))
    proc = _cli("read", "--json", "--timeout", "0")
    assert proc.returncode == 1, proc.stderr
    out = json.loads(proc.stdout)
    assert out["ok"] is False and out["error"] == "not_signed_in" and "未登录" in out["message"]
    assert "counter-app login" in out["hint"] and "11010519491231002X" not in proc.stdout
    proc = _cli("read", "--timeout", "0")
    assert proc.returncode == 1 and "未登录" in proc.stderr and "Traceback" not in proc.stderr and proc.stdout == ""
    assert _audit_rows() == []
    sign_in("clerk01")
    proc = _cli("read", "--json", "--timeout", "0")
    assert proc.returncode == 0, proc.stderr
    [(actor, action, kind, masked)] = _audit_rows()
    assert (actor, action, kind) == ("clerk01", "card.read", "card") and masked.startswith("110105")
    assert "11010519491231002X" not in masked


def test_readers_lists_vpcd_with_card_state(virtual_card, app_home):
    virtual_card.insert(CardProfile())
    out = json.loads(_cli("readers", "--json").stdout)
    assert out["backend"] == "pcsc"
    names = {r["name"]: r for r in out["readers"]}
    assert names[VPCD_READER]["card_present"] is True and names[VPCD_READER]["selected"] is True


def test_doctor_card_checks(pcscd_service):
    from counter_app.config import Settings
    from counter_app.devices.checks import checks

    by_name = {c.name: c for c in checks(Settings())}
    assert by_name["pcsc_service"].status == "ok"
    assert by_name["card_reader"].status == "ok" and VPCD_READER in by_name["card_reader"].message

    wrong = Settings.from_dict({"card": {"reader": "No Such Reader"}})
    by_name = {c.name: c for c in checks(wrong)}
    assert by_name["card_reader"].status == "fail" and "No Such Reader" in by_name["card_reader"].message

    demo = {c.name: c for c in checks(Settings.from_dict({"card": {"backend": "demo"}}))}
    assert demo["card_reader"].status == "warn" and "演示" in demo["card_reader"].message


def test_a_card_that_stops_answering_fails_within_the_read_bound_not_when_pulled(virtual_card, app_home, signed_in):
    """A card that stops answering mid-read (was: no output until it was pulled, then "被拔出"):
    the read fails after the reader's answer bound (5 s, as the window), exit 1, nothing audited."""
    import time

    virtual_card.insert(CardProfile(hang_after_apdus=6))
    started = time.monotonic()
    proc = _cli("read", "--json", "--timeout", "5", timeout=20)
    took = time.monotonic() - started
    assert proc.returncode == 1, proc.stderr
    out = json.loads(proc.stdout)
    assert out["error"] == "no_answer" and "5 秒内没有应答" in out["message"] and out["retryable"] is True
    assert took < 9
    proc = _cli("read", timeout=20)
    assert proc.returncode == 1 and "5 秒内没有应答" in proc.stderr and "拔出" not in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _audit_rows() == []
    virtual_card.remove()
    virtual_card.insert(CardProfile())
    proc = _cli("read", "--json", "--timeout", "0")
    assert proc.returncode == 0, proc.stderr


def _audit_full():
    from counter_app.cli._common import open_store
    from counter_app.storage.audit import AuditRow

    store = open_store()
    try:
        with store.session() as s:
            return [(r.action, r.object_id, r.result, r.detail) for r in s.query(AuditRow).order_by(AuditRow.seq)]
    finally:
        store.close()


@pytest.mark.parametrize("profile, said", [
    (CardProfile(social_security_number="ABCDEFGHIJKLMNOPQR"), "社会保障号码无效"),
    (CardProfile(social_security_number="110105194912310021"), "社会保障号码无效（校验位错误"),
    (CardProfile(name="\x01\x1b[31m"), "姓名含控制字符（U+0001、U+001B）"),
    (CardProfile(name="王龑", name_encoding="utf-8"), "姓名不是卡片规定的 GBK 编码"),
], ids=["letters", "check_digit", "control_chars", "utf8_name"])
def test_impossible_card_data_fails_the_read_and_is_audited_as_failed(virtual_card, app_home, signed_in, profile, said):
    """Was: exit 0, printed (the name's control characters straight to the terminal / --json) and
    audited as a successful read."""
    virtual_card.insert(profile)
    proc = _cli("read", "--json", "--timeout", "0")
    assert proc.returncode == 1, proc.stdout
    out = json.loads(proc.stdout)
    assert out["error"] == "card_content" and out["message"].startswith("卡内数据有误：")
    assert said in out["message"] and "请改用身份证或人工核对" in out["message"]
    assert "\x1b" not in proc.stdout and "\x01" not in proc.stdout
    proc = _cli("read", "--timeout", "0")
    assert proc.returncode == 1 and said in proc.stderr and "\x1b" not in proc.stderr + proc.stdout
    rows = _audit_full()
    assert len(rows) == 2 and all(r[0] == "card.read" and r[2] == "failed" for r in rows)
    for _action, object_id, _result, detail in rows:
        assert object_id == "" and "卡内数据有误" in detail
        assert profile.social_security_number not in detail and "\x1b" not in detail and "王" not in detail


def test_a_birth_date_contradicting_the_number_is_read_with_a_warning(virtual_card, app_home, signed_in):
    """Was: 2090-01-01 printed beside a number that says 1949-12-31, without a word."""
    virtual_card.insert(CardProfile(birth_date=date(2090, 1, 1)))
    proc = _cli("read", "--json", "--timeout", "0")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert any("与社会保障号码中的出生日期（1949-12-31）不一致" in w for w in out["warnings"])
    proc = _cli("read", "--timeout", "0")
    assert proc.returncode == 0 and "注意：卡内出生日期（2090-01-01）与社会保障号码" in proc.stdout
