"""The reasons the local store composes itself, in the clerk's language. Review: the store's messages
were worded from their code (ui.store_errors), but a reason it put together — a truncated file's sizes
(文件大小 … 字节不是整页), a backup of an unknown schema, a failed write with the system's own words —
stayed Chinese in the English UI, and 无法打开本地数据库 had no code and carried SQLite's raw text.
Such a reason is a db.Reason now (its code and parameters kept), worded through tr(); a system's own
text in it is shown as its plain sentence. The CLI's Chinese is unchanged."""

from __future__ import annotations

import errno
import os
import re

import pytest
from PySide6.QtWidgets import QApplication

from counter_app.storage import db
from counter_app.ui.i18n import install_language
from counter_app.ui.store_errors import store_error_text

HAN = re.compile(r"[\u4e00-\u9fff]")


def _english_and_chinese(exc: BaseException) -> tuple[str, str]:
    chinese = store_error_text(exc)
    assert install_language(QApplication.instance(), "en")
    try:
        return store_error_text(exc), chinese
    finally:
        assert install_language(QApplication.instance(), "zh_CN")


def test_a_truncated_store_reads_english_with_its_sizes(app_home, tmp_path, english_back):
    path = tmp_path / "counter.sqlite3"
    path.write_bytes(b"\x00" * 1000)                           # no whole number of pages
    with pytest.raises(db.StoreCorruptError) as caught:
        db.Store.open(path)
    assert str(caught.value).startswith("本地数据库已损坏（文件大小 1000 字节不是整页，文件被截断）")   # the CLI's words
    english, chinese = _english_and_chinese(caught.value)
    assert chinese == str(caught.value)
    assert "1000" in english and not HAN.search(english), english


def test_a_backup_of_an_unknown_schema_and_a_failed_write_read_english(app_home, store, monkeypatch, english_back):
    path = store.path
    store.engine.dispose()
    backup = db.backup_file(path)
    conn = db.raw_connect(backup, db._existing_key())
    conn.execute("DELETE FROM alembic_version")
    conn.execute("INSERT INTO alembic_version VALUES ('9999_future')")
    conn.commit()
    conn.close()
    with pytest.raises(db.StoreError) as unusable:
        db.restore_backup(path, backup)
    assert "结构版本 9999_future 本程序不认识" in str(unusable.value)
    english, chinese = _english_and_chinese(unusable.value)
    assert chinese == str(unusable.value)
    assert "9999_future" in english and not HAN.search(english), english

    good = db.backup_file(path)

    def disk_full(tmp):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp))

    monkeypatch.setattr(db, "_create_private", disk_full)     # the restore's temporary file cannot be written
    with pytest.raises(db.StoreError) as failed:
        db.restore_backup(path, good)
    assert str(failed.value).startswith(f"恢复失败（无法写入 {path.parent}（{os.strerror(errno.ENOSPC)}））")  # as before
    english, chinese = _english_and_chinese(failed.value)
    assert chinese.startswith(f"恢复失败（无法写入 {path.parent}（磁盘空间已满，请联系信息技术人员清理。））"), chinese
    assert str(path.parent) in english and not HAN.search(english), english
    assert os.strerror(errno.ENOSPC) not in english, english                  # a plain sentence, not the system's


def test_a_store_that_cannot_be_opened_says_why_without_sqlites_text(app_home, tmp_path, monkeypatch, english_back):
    import sqlite3

    path = tmp_path / "counter.sqlite3"
    db.Store.open(path).engine.dispose()

    def locked(engine):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(db, "current_revisions", locked)
    with pytest.raises(db.StoreError) as caught:
        db.Store.open(path)
    assert str(caught.value) == f"无法打开本地数据库 {path}：database is locked"     # the CLI's words, as before
    english, chinese = _english_and_chinese(caught.value)
    assert chinese == f"无法打开本地数据库 {path}：本机数据库正忙，请稍后重试。"
    assert str(path) in english and "locked" not in english and not HAN.search(english), english


def test_the_reason_table_is_the_stores_current_wording():
    from counter_app.ui.store_errors import REASONS

    assert {code: re.sub(r"%(\d)", lambda m: "{%d}" % (int(m[1]) - 1), str(text)) for code, text in REASONS.items()} \
        == db.REASONS
