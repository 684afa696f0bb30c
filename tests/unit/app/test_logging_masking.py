import logging
import logging.handlers

from counter_app.domain.masking import mask_id, mask_name, mask_phone, mask_text
from counter_app.logging_setup import setup_logging


def test_mask_helpers():
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_name("张三丰") == "张**"
    assert mask_phone("13800138000") == "138****8000"


def test_mask_text_finds_ids_phones_and_labelled_names():
    text = "申请人 姓名：李小龙 证件 440301199001011234 电话13912345678 name=王五 外籍 ABC123456789012"
    masked = mask_text(text)
    for secret in ("李小龙", "440301199001011234", "13912345678", "王五", "ABC123456789012"):
        assert secret not in masked
    assert "440301********1234" in masked and "139****5678" in masked and "李**" in masked


def test_log_file_never_holds_personal_data(tmp_path):
    handler = setup_logging(tmp_path)
    try:
        log = logging.getLogger("counter_app.test")
        log.info("card read for %s, id %s, phone %s", "姓名：赵六", "11010519491231002X", "13800138000")
        try:
            raise ValueError("bad id 11010519491231002X")
        except ValueError:
            log.exception("failed for name=孙七")
        handler.flush()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    content = (tmp_path / "counter-app.log").read_text(encoding="utf-8")
    assert "11010519491231002X" not in content and "13800138000" not in content
    assert "赵六" not in content and "孙七" not in content
    assert "110105********002X" in content and "ValueError" in content


def test_mask_text_covers_plus86_phones_and_15_digit_ids():
    """#16 masking: +86 phones (any common spelling) and first-generation 15-digit IDs."""
    samples = {
        "+86 13912345678": "13912345678",
        "+8613912345678": "13912345678",
        "+86-139-1234-5678": "1234",
        "(+86) 139 1234 5678": "1234",
        "0086 13912345678": "13912345678",
        "电话：139 1234 5678": "1234 5678",
        "旧证 440301900101123 已换发": "440301900101123",
        "id=110105491231002,": "110105491231002",
    }
    for text, secret in samples.items():
        masked = mask_text(text)
        assert secret not in masked, (text, masked)
    assert mask_text("+86 13912345678") == "+86 139****5678"
    assert mask_text("旧证 440301900101123 已换发") == "旧证 440301*****1123 已换发"
    # not personal data: a 15-digit number whose date part is no date, amounts, 文号 stay readable
    for keep in ("流水 123456789012345", "金额 1390.00 元", "深人社受〔2026〕12 号"):
        assert mask_text(keep) == keep


def test_the_window_logs_from_its_first_line_and_rotates_once_it_is_up(tmp_path, monkeypatch):
    """The window's start-up log (rotate_later) writes each line at once, masked, and does not
    import logging.handlers (socket, pickle, queue: ~7 ms of start-up); start_rotation then swaps
    in the rotating handler on the same file, and the first line after it rotates a file that
    start-up took past MAX_BYTES."""
    import subprocess
    import sys

    from counter_app import logging_setup

    probe = (
        "import logging, sys\n"
        "from pathlib import Path\n"
        "from counter_app.logging_setup import setup_logging\n"
        f"setup_logging(Path({str(tmp_path / 'probe')!r}), rotate_later=True)\n"
        "logging.getLogger('x').info('started')\n"
        "print('logging.handlers' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert "started" in (tmp_path / "probe" / "counter-app.log").read_text(encoding="utf-8")

    monkeypatch.setattr(logging_setup, "MAX_BYTES", 400)
    root = logging.getLogger()
    before = list(root.handlers)
    startup = setup_logging(tmp_path, rotate_later=True)
    try:
        log = logging.getLogger("counter_app.test")
        for i in range(8):                                  # past 400 bytes, not rotated yet
            log.info("start-up line %d for id %s", i, "11010519491231002X")
        startup.flush()
        path = tmp_path / "counter-app.log"
        assert path.stat().st_size > 400 and not (tmp_path / "counter-app.log.1").exists()
        rotating = logging_setup.start_rotation()
        assert isinstance(rotating, logging.handlers.RotatingFileHandler)
        assert rotating in root.handlers and startup not in root.handlers
        assert startup.stream is None                       # closed
        log.info("after the first frame, name=孙七")
        rotating.flush()
        old = (tmp_path / "counter-app.log.1").read_text(encoding="utf-8")
        new = path.read_text(encoding="utf-8")
    finally:
        for h in [h for h in root.handlers if h not in before]:
            root.removeHandler(h)
            h.close()
    assert "start-up line 0" in old and "start-up line 7" in old
    assert "after the first frame" in new and "孙七" not in new
    assert "11010519491231002X" not in old + new
    assert logging_setup.start_rotation() is None           # nothing left to swap


def test_a_rotation_that_cannot_start_keeps_the_start_up_log(tmp_path, monkeypatch):
    """The swap at the first frame must never cost the log (or the window's start: ui.app releases
    the store's opening before it): a rotating handler that cannot open keeps the plain one."""
    from counter_app import logging_setup

    def refuse(path):
        raise PermissionError(13, "Permission denied", str(path))

    root = logging.getLogger()
    before = list(root.handlers)
    startup = setup_logging(tmp_path, rotate_later=True)
    monkeypatch.setattr(logging_setup, "_rotating", refuse)
    try:
        assert logging_setup.start_rotation() is None
        assert startup in root.handlers
        logging.getLogger("counter_app.test").info("still written")
        startup.flush()
    finally:
        for h in [h for h in root.handlers if h not in before]:
            root.removeHandler(h)
            h.close()
    content = (tmp_path / "counter-app.log").read_text(encoding="utf-8")
    assert "log rotation not started" in content and "still written" in content


def test_mask_text_covers_landlines_bank_cards_and_addresses(tmp_path):
    """Phones are personal data whatever their kind, and so are bank-card numbers and addresses.
    Was: only mobiles and ID numbers were found — a landline, a card number or an address written
    into a log, an audit detail or an error stayed in clear."""
    samples = {
        "联系 0755-83212345": ("83212345", "联系 0755-****2345"),
        "(0755)83212345": ("83212345", "(0755)****2345"),
        "tel=020 8765 4321": ("8765", "tel=020 **** 4321"),
        "联系电话：83212345": ("83212345", "联系电话：****2345"),
        "卡号 4111 1111 1111 1111 已绑定": ("1111 1111 1111", "卡号 411111******1111 已绑定"),
        "卡号 6222021234567890128": ("6222021234567890128", "卡号 622202*********0128"),
        '{"address": "福田区测试路 8 号", "x": 1}': ("测试路", '{"address": "（地址已隐去）", "x": 1}'),
        "地址：深圳市福田区深南大道 1001 号 A 座 1203 室": ("1001", "地址：（地址已隐去）"),
        "住福田区测试路 8 号3栋1单元": ("8 号", "住福田区测试路**号"),
    }
    for text, (secret, want) in samples.items():
        masked = mask_text(text)
        assert secret not in masked and masked == want, (text, masked)
        assert mask_text(masked) == masked                    # masking twice changes nothing
    # not personal data: a number failing the Luhn check, 文号, case numbers, times, amounts, hashes
    for keep in ("流水 4111111111111112", "深人社受〔2026〕12 号", "FT-W01-20260302-0001", "2026-12-08 00:06:55",
                 "金额 1390.00 元", "SM3 c50f4892d4e3b234", "第6.6.1.1.2.3条", "福田分局"):
        assert mask_text(keep) == keep, keep

    handler = setup_logging(tmp_path)
    try:
        logging.getLogger("counter_app.test").warning("visit at %s, phone %s, card %s",
                                                      "地址：福田区测试路 8 号", "0755-83212345", "4111111111111111")
        handler.flush()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    content = (tmp_path / "counter-app.log").read_text(encoding="utf-8")
    assert "测试路" not in content and "83212345" not in content and "4111111111111111" not in content
