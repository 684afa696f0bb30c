"""zh_CN is the source language; every UI string has an English translation in the .ts."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TS = ROOT / "resources" / "i18n" / "counter_app_en.ts"
BIN = Path(sys.executable).parent


def _ui_sources() -> list[str]:
    return sorted(str(p) for p in (ROOT / "counter_app" / "ui").rglob("*.py"))


def test_every_ui_string_has_an_english_translation(tmp_path):
    ts = tmp_path / "check.ts"
    shutil.copyfile(TS, ts)
    proc = subprocess.run([str(BIN / "pyside6-lupdate"), *_ui_sources(), "-ts", str(ts), "-no-obsolete", "-locations", "none"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            tr = message.find("translation")
            # a plural (%n) message keeps its text in <numerusform> children, one per plural form
            forms = [f.text or "" for f in tr.iter("numerusform")] if tr is not None else []
            text = "".join(forms) if forms else (tr.text or "") if tr is not None else ""
            if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete") or not text.strip() \
                    or (forms and not all(f.strip() for f in forms)):
                missing.append(f"{name}: {message.findtext('source')}")
    assert not missing, f"{len(missing)} UI strings lack English (run `make translations`, then translate):\n" + "\n".join(missing[:40])


def test_qm_builds_and_translates(tmp_path, qapp):
    from PySide6.QtCore import QTranslator

    qm = tmp_path / "en.qm"
    subprocess.run([str(BIN / "pyside6-lrelease"), "-silent", str(TS), "-qm", str(qm)], check=True, timeout=60)
    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("MainWindow", "退出") == "Quit"
    assert translator.translate("CounterStatusBar", "离线") == "Offline"


def test_every_domain_word_the_ui_shows_is_listed_for_translation():
    """Review: "窗口经办", "已受理（办理中）", step results and approval points stayed Chinese in the
    English UI — the domain's tables are Chinese and were shown as they are. counter_app.ui.words
    lists each of their words for lupdate; a new state, result, approval point or role must be too."""
    from counter_app.app_context import ROLE_NAMES
    from counter_app.domain.case_engine import ACTION_NAMES
    from counter_app.domain.terms import ESCALATION_NAMES, OUTCOME_NAMES, RESULT_NAMES, STATE_NAMES
    from counter_app.printing.printqueue import REASON_ZH, STATE_ZH
    from counter_app.ui.words import WORDS
    from counter_protocol.complaints import STAGE_NAMES
    from counter_protocol.reviews import CLAUSES, STATE_NAMES as REVIEW_STATES

    shown = [*STATE_NAMES.values(), *RESULT_NAMES.values(), *ESCALATION_NAMES.values(), *ROLE_NAMES.values(),
             *STATE_ZH.values(), *REASON_ZH.values(),        # print job states: ui.words.print_state_text
             *OUTCOME_NAMES.values(),                        # in the case engine's refusals (ui.refusals)
             *ACTION_NAMES.values(),                         # a transition's action (待同步's details)
             *STAGE_NAMES.values(),                          # a 差评工单's stage (the approvals tab)
             *REVIEW_STATES.values(), *CLAUSES.values()]     # a 人工审核 item's state and clause (ditto)
    assert not [w for w in shown if w not in WORDS]


def test_every_plain_sentence_of_the_domain_is_listed_for_translation():
    """The sentences domain.messages.plain_message chooses for a technical failure are worded in the
    UI through tr() (counter_app.ui.messages); a new one must be listed there too."""
    from counter_app.domain.messages import SENTENCES
    from counter_app.ui import messages

    assert not [s for s in SENTENCES if s not in messages.SENTENCES]


def test_the_device_error_table_is_the_devices_current_wording():
    """counter_app.ui.device_errors words a device error from its code when its message (hint) is the
    code's default; a reworded default in counter_app.devices must be reworded there too."""
    from counter_app.devices.card import errors as card_errors
    from counter_app.devices.fingerprint import base as fingerprint
    from counter_app.devices.idcard import errors as id_errors
    from counter_app.ui.device_errors import TEXTS

    classes = [c for m in (card_errors, id_errors) for c in vars(m).values()
               if isinstance(c, type) and issubclass(c, card_errors.CardError) and c.__module__ == m.__name__
               and c is not card_errors.UnifiedReaderError]          # its message names the vendor's code
    for cls in classes:
        assert TEXTS[cls.code] == (cls.default_message, cls.default_hint), cls
    for cls in (fingerprint.DeviceAbsentError, fingerprint.DeviceBusyError, fingerprint.BadScanError,
                fingerprint.CancelledError):
        assert TEXTS[f"fingerprint.{cls.code}"][0] == cls().message, cls


def test_the_store_error_table_is_the_stores_current_wording(qapp, monkeypatch):
    """counter_app.ui.store_errors words a store problem from its code (db.MESSAGES, the same Chinese
    with %1 for {0}); the fixed phrases the store gives as parameters are listed there too."""
    import re
    import sys

    from counter_app.storage import crypto, db
    from counter_app.ui.i18n import install_language
    from counter_app.ui.store_errors import PHRASES, TEXTS, store_error_text

    assert {code: re.sub(r"%(\d)", lambda m: "{%d}" % (int(m[1]) - 1), str(text)) for code, text in TEXTS.items()} \
        == db.MESSAGES
    for platform in ("linux", "win32"):
        monkeypatch.setattr(sys, "platform", platform)
        assert crypto.keyring_install_hint() in PHRASES, platform
    monkeypatch.undo()
    for reason in ("文件为空（0 字节）", "不是数据库文件", "数据库文件结构损坏", "不是数据库文件或密钥不符", "数据库文件无法读取"):
        assert reason in PHRASES
    assert install_language(qapp, "en")
    try:
        for code, params in (("no_keyring", (crypto.keyring_install_hint(),)), ("too_new", ("/x/counter.sqlite3", "9"))):
            text = store_error_text(db.StoreError.of(code, *params))
            assert text.isascii() and text.strip(), (code, text)
        reworded = db.StoreError("本地数据库 /x 由更新版本写入", code="too_new", params=("/x", "9"))
        assert store_error_text(reworded) == str(reworded)       # not its code's wording: as it is
    finally:
        install_language(qapp, "zh_CN")


def test_domain_words_and_sources_read_english(qapp):
    from counter_app.domain.terms import CaseState
    from counter_app.ui.i18n import install_language
    from counter_app.ui.words import state_name, word

    assert install_language(qapp, "en")
    try:
        assert state_name(CaseState.accepted) != "已受理（办理中）" and state_name(CaseState.accepted).isascii()
        assert word("窗口经办").isascii()
        from PySide6.QtCore import QCoreApplication

        for source in ("规则计算", "经办人填写"):        # decision_form._show_source's hints
            assert QCoreApplication.translate("DecisionForm", source).isascii(), source
    finally:
        install_language(qapp, "zh_CN")


def test_installing_the_language_already_installed_loads_nothing_again(qapp):
    """Start-up installs zh_CN before the settings are read and the configured language after:
    the same language twice keeps the translators in place (Qt's own Chinese was loaded twice);
    a real switch still replaces them, and back."""
    from PySide6.QtCore import QCoreApplication

    from counter_app.ui import i18n

    i18n.install_language(qapp, "zh_CN")
    before = list(i18n._installed)
    assert i18n.install_language(qapp, "zh_CN") and i18n._installed == before
    assert all(a is b for a, b in zip(i18n._installed, before, strict=True))
    try:
        assert i18n.install_language(qapp, "en") and i18n._installed != before
        english = list(i18n._installed)
        assert i18n.install_language(qapp, "en") and all(a is b for a, b in zip(i18n._installed, english, strict=True))
        assert QCoreApplication.translate("Startup", "恢复备份失败") != "恢复备份失败"
    finally:
        i18n.install_language(qapp, "zh_CN")
    assert QCoreApplication.translate("Startup", "恢复备份失败") == "恢复备份失败"


def test_every_document_title_is_listed_for_translation():
    """The official titles are shown through counter_app.ui.document_titles (English with the
    Chinese title after it); a new document kind must be listed there too."""
    from counter_app.ui.document_titles import TITLES
    from counter_rules.documents import DOCUMENTS

    assert sorted(d.title for d in DOCUMENTS.values()) == sorted(TITLES)
