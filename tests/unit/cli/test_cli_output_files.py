"""Commands that write a file where their user said (``queue export FILE``, ``materials package
--out``, ``notice render -o``, ``camera capture --out``, ``signpad capture --out``): the IT staff
found ``queue export`` silently writing over an earlier export on the stick. Each now refuses an
existing file with a Chinese message unless ``--force``, before any work is done (no capture, no
文号), and writes its file whole (a temporary file renamed into place) and owner-only (0600): they
all hold personal data."""

from __future__ import annotations

import errno
import json
import os
import stat

import pytest

from counter_app.cli.main import main
from counter_app.files import OutputExists, write_private_file


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


@pytest.fixture
def export_key(app_home, tmp_path):
    from counter_app.paths import app_paths
    from counter_central.export_key import load_private_key, public_key

    key, _kid = public_key(load_private_key(tmp_path / "centre" / "export-key.pem", create=True))
    app_paths().ensure().config_file.write_text(f'[central]\nexport_public_key = "{key}"\n', encoding="utf-8")
    return key


def _queue(n: int) -> None:
    from counter_app.cli._common import open_store
    from counter_app.storage.uow import UnitOfWork

    store = open_store()
    try:
        with UnitOfWork(store, actor="clerk01") as uow:
            for i in range(n):
                uow.outbox.add(kind="case.note", aggregate_type="case", aggregate_id=f"c{i}", payload={"i": i})
            uow.commit()
    finally:
        store.close()


def test_queue_export_refuses_an_existing_file_unless_forced(export_key, signed_in, tmp_path, capsys):
    stick = tmp_path / "stick"
    stick.mkdir()
    target = stick / "queue.export"
    _queue(2)
    assert main(["queue", "export", str(target)]) == 0
    assert _mode(target) == 0o600 and _leftovers(stick) == []
    first = target.read_bytes()
    capsys.readouterr()

    _queue(1)
    assert main(["queue", "export", str(target)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and f"文件已存在：{target}。未覆盖；确需覆盖请加 --force。" in err
    assert main(["queue", "export", str(target), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["error"].startswith("文件已存在")
    assert target.read_bytes() == first and _leftovers(stick) == []

    assert main(["queue", "export", str(target), "--force", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["count"] == 3
    assert target.read_bytes() != first and _mode(target) == 0o600 and _leftovers(stick) == []


def test_materials_package_and_notice_render_refuse_before_any_work(app_home, signed_in, tmp_path, capsys):
    from tests.unit.cli.test_cli_privacy import audit_rows, fields_file

    f = tmp_path / "case.json"
    f.write_text(json.dumps({"service": "reg_enroll", "applicant_type": "individual",
                             "applicant": {"id_number": "110105196001010017", "name": "张三"}, "materials": "all"},
                            ensure_ascii=False), encoding="utf-8")
    assert main(["case", "import", str(f), "--json"]) == 0
    case_no = json.loads(capsys.readouterr().out)["case_no"]
    out = tmp_path / "pkg.zip"
    out.write_bytes(b"an earlier package")
    before = len(audit_rows())
    assert main(["materials", "package", case_no, "--out", str(out)]) == 1
    assert f"文件已存在：{out}" in capsys.readouterr().err
    assert out.read_bytes() == b"an earlier package" and len(audit_rows()) == before
    assert main(["materials", "package", case_no, "--out", str(out), "--force", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] and _mode(out) == 0o600 and out.read_bytes()[:2] == b"PK"

    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(b"an earlier notice")
    fields = fields_file(tmp_path)
    assert main(["notice", "render", "acceptance_notice", "--case", str(fields), "-o", str(pdf), "--draft"]) == 2
    assert "文件已存在" in capsys.readouterr().err and pdf.read_bytes() == b"an earlier notice"
    assert main(["notice", "render", "acceptance_notice", "--case", str(fields), "-o", str(pdf), "--draft",
                 "--force"]) == 0
    assert pdf.read_bytes()[:4] == b"%PDF" and _mode(pdf) == 0o600 and _leftovers(tmp_path) == []


@pytest.mark.parametrize("argv", [["camera", "capture", "--out"], ["signpad", "capture", "--out"]])
def test_captures_refuse_an_existing_file_before_the_device_is_opened(app_home, signed_in, tmp_path, capsys, argv):
    """The applicant is not asked to sign (or a page taken) for a file that will not be written."""
    target = tmp_path / ("page.jpg" if argv[0] == "camera" else "sign.png")
    target.write_bytes(b"earlier")
    assert main([*argv, str(target)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"文件已存在：{target}") and "未配置" not in err and "签名板" not in err
    assert main([*argv, str(target), "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["ok"] is False and answer["message"].startswith("文件已存在")
    assert target.read_bytes() == b"earlier"


def test_the_writer_is_atomic_owner_only_and_never_writes_over_unasked(tmp_path, monkeypatch):
    target = tmp_path / "out.bin"
    old_umask = os.umask(0)
    try:
        write_private_file(target, b"one", force=False)
    finally:
        os.umask(old_umask)
    assert target.read_bytes() == b"one" and _mode(target) == 0o600
    with pytest.raises(OutputExists) as taken:
        write_private_file(target, b"two", force=False)
    assert str(taken.value) == f"文件已存在：{target}。未覆盖；确需覆盖请加 --force。"
    assert target.read_bytes() == b"one" and _leftovers(tmp_path) == []
    write_private_file(target, b"three", force=True)
    assert target.read_bytes() == b"three" and _mode(target) == 0o600 and _leftovers(tmp_path) == []
    with pytest.raises(FileNotFoundError):                    # a stick not mounted: no folder made for it
        write_private_file(tmp_path / "no-stick" / "q", b"x", force=False)
    assert not (tmp_path / "no-stick").exists()
    write_private_file(tmp_path / "made" / "q", b"x", force=False, make_parents=True)
    assert (tmp_path / "made" / "q").read_bytes() == b"x"

    # a file system without hard links (a FAT stick): checked just before the rename instead
    def no_links(src, dst):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    write_private_file(tmp_path / "fat", b"x", force=False)
    assert (tmp_path / "fat").read_bytes() == b"x"
    with pytest.raises(OutputExists):
        write_private_file(tmp_path / "fat", b"y", force=False)
    assert (tmp_path / "fat").read_bytes() == b"x" and _leftovers(tmp_path) == []
