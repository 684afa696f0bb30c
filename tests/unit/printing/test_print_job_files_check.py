"""``counter-app doctor`` warns when CUPS keeps printed jobs' files (PreserveJobFiles, a day by default
in CUPS 2.4): the printed notices would stay in clear in /var/spool/cups."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from counter_app.health import OK, WARN
from counter_app.printing.checks import check_job_files, preserve_job_files

SYSTEM_CONF = Path("/etc/cups/cupsd.conf")


def conf_dir(tmp_path, text: str, monkeypatch) -> Path:
    folder = tmp_path / "cups"
    folder.mkdir()
    (folder / "cupsd.conf").write_text(text, encoding="utf-8")
    monkeypatch.setenv("CUPS_SERVERROOT", str(folder))
    return folder


def test_the_default_keeps_job_files_a_day():
    assert preserve_job_files("LogLevel warn\n") == "86400"
    assert preserve_job_files("PreserveJobFiles No\n") == "No"
    # a directive inside a section is not the server's; a comment is not a directive
    assert preserve_job_files("<Policy x>\n  PreserveJobFiles No\n</Policy>\n# PreserveJobFiles No\n") == "86400"
    assert preserve_job_files("PreserveJobFiles Yes\nPreserveJobFiles Off\n") == "Off"


@pytest.mark.parametrize("text, status", [
    ("LogLevel warn\n", WARN),                       # not set: CUPS keeps them a day
    ("PreserveJobFiles Yes\n", WARN),
    ("PreserveJobFiles 3600\n", WARN),
    ("PreserveJobFiles No\n", OK),
    ("preservejobfiles off\n", OK),
])
def test_the_check_reads_the_schedulers_configuration(tmp_path, monkeypatch, text, status):
    conf_dir(tmp_path, text, monkeypatch)
    check = check_job_files()
    assert check.status == status and check.name == "print_job_files"
    if status == WARN:
        assert "明文" in check.message and "cupsctl PreserveJobFiles=No" in check.hint


def test_an_unreadable_configuration_is_a_warning_not_a_pass(tmp_path, monkeypatch):
    monkeypatch.setenv("CUPS_SERVERROOT", str(tmp_path / "none"))
    check = check_job_files()
    assert check.status == WARN and "无法确认" in check.message


@pytest.mark.integration
@pytest.mark.timeout(120)
def test_doctor_against_the_real_cups(cups_queues, tmp_path, monkeypatch):
    """The suite's running scheduler: the doctor's printing checks carry the job-files check as its
    configuration says; the same configuration with PreserveJobFiles No (what the installer sets with
    cupsctl) passes."""
    from counter_app.config import Settings
    from counter_app.printing.checks import check_printers

    monkeypatch.delenv("CUPS_SERVERROOT", raising=False)
    real = preserve_job_files(SYSTEM_CONF.read_text(encoding="utf-8", errors="replace"))
    checks = {c.name: c for c in check_printers(Settings())}
    assert checks["print_service"].status == OK
    assert checks["print_job_files"].status == (OK if real.lower() in ("no", "off", "false", "0") else WARN)
    folder = tmp_path / "cups"
    folder.mkdir()
    shutil.copy(SYSTEM_CONF, folder / "cupsd.conf")
    with open(folder / "cupsd.conf", "a", encoding="utf-8") as fh:
        fh.write("\nPreserveJobFiles No\n")
    monkeypatch.setenv("CUPS_SERVERROOT", str(folder))
    assert check_job_files().status == OK
