"""Privacy finding (tester-priv): the device capture commands wrote a person's fingerprint template,
fingerprint image, material page or signature to a file with nobody signed in and no audit record,
and ``fingerprint capture --template-out`` / ``--image-out`` wrote over an existing file (the template
0644). A capture that writes a file is now a signed-in user's (refused before the device is opened),
never writes over a file without ``--force``, writes owner-only, and leaves a ``device.capture``
record (kind, file name, size; never the content). A capture without an output file stays open."""

from __future__ import annotations

import json
import os
import stat

import pytest
from sqlalchemy import select

from counter_app.cli.main import main
from counter_app.storage.tables_audit import AuditRow
from tests.conftest import sign_in


def _config(text: str) -> None:
    from counter_app.paths import app_paths

    app_paths().ensure().config_file.write_text(text, encoding="utf-8")


def _captures() -> list[tuple[str, str, str, str]]:
    from counter_app.cli._common import open_store

    store = open_store()
    try:
        with store.session() as s:
            return [(r.actor, r.object_type, r.object_id, r.detail) for r in
                    s.scalars(select(AuditRow).where(AuditRow.action == "device.capture").order_by(AuditRow.seq))]
    finally:
        store.close()


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


FP_WITH_FILES = [["--enroll", "--template-out", "t.fpt"], ["--image-out", "f.pgm", "--clear-image"],
                 ["--enroll", "--image-out", "e.pgm", "--clear-image"]]


@pytest.mark.parametrize("extra", FP_WITH_FILES, ids=["template", "image", "enroll_image"])
def test_a_fingerprint_capture_to_a_file_needs_someone_signed_in(app_home, tmp_path, capsys, monkeypatch, extra):
    _config('[fingerprint]\nbackend = "demo"\n')
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    opened = []
    monkeypatch.setattr("counter_app.devices.fingerprint.open_fingerprint", lambda *a, **k: opened.append(1))
    assert main(["fingerprint", "capture", *extra, "--json"]) == 1
    answer = json.loads(capsys.readouterr().out)
    assert answer["error"] == "not_signed_in" and "未登录" in answer["message"]
    assert opened == [] and os.listdir(work) == [] and _captures() == []


def test_a_fingerprint_diagnostic_without_a_file_stays_open(app_home, capsys):
    _config('[fingerprint]\nbackend = "demo"\n')
    assert main(["fingerprint", "capture", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["image_file"] is None and _captures() == []


def test_the_template_file_is_owner_only_never_written_over_unasked_and_audited(app_home, signed_in, tmp_path, capsys):
    _config('[fingerprint]\nbackend = "demo"\n')
    tpl, image = tmp_path / "t.fpt", tmp_path / "e.pgm"
    old_umask = os.umask(0o022)
    try:
        assert main(["fingerprint", "capture", "--enroll", "--template-out", str(tpl), "--image-out", str(image),
                     "--clear-image", "--json"]) == 0
    finally:
        os.umask(old_umask)
    capsys.readouterr()
    data = tpl.read_bytes()
    assert _mode(tpl) == 0o600 and _mode(image) == 0o600
    assert _captures() == [("clerk01", "fingerprint_template", "t.fpt", f"{len(data)} 字节"),
                           ("clerk01", "fingerprint_image", "e.pgm", f"{image.stat().st_size} 字节")]
    for args, target in ((["--enroll", "--template-out", str(tpl)], tpl),
                         (["--image-out", str(image), "--clear-image"], image)):
        target.write_bytes(b"earlier")
        assert main(["fingerprint", "capture", *args]) == 1
        assert "文件已存在" in capsys.readouterr().err and target.read_bytes() == b"earlier"
        assert main(["fingerprint", "capture", *args, "--force"]) == 0
        assert target.read_bytes() != b"earlier" and _mode(target) == 0o600
    assert len(_captures()) == 4


@pytest.mark.parametrize("argv", [["camera", "capture", "--out", "page.jpg"],
                                  ["signpad", "capture", "--out", "sign.png"]])
def test_camera_and_signpad_captures_need_someone_signed_in(app_home, tmp_path, capsys, monkeypatch, argv):
    page = tmp_path / "plate.jpg"
    page.write_bytes(b"\xff\xd8 a page \xff\xd9")
    _config(f'[camera]\nbackend = "directory"\nsource = "{page}"\n')
    monkeypatch.chdir(tmp_path)
    for extra in ([], ["--json"]):
        assert main([*argv, *extra]) == 1
        captured = capsys.readouterr()
        said = json.loads(captured.out)["error"] if extra else captured.err
        assert ("not_signed_in" if extra else "未登录") in said
    assert not (tmp_path / argv[-1]).exists() and _captures() == []


def test_a_camera_capture_is_audited_with_the_file_name_and_size_only(app_home, signed_in, tmp_path, capsys):
    page = tmp_path / "plate.jpg"
    page.write_bytes(b"\xff\xd8 a page of 11010519491231002X \xff\xd9")
    _config(f'[camera]\nbackend = "directory"\nsource = "{page}"\n')
    out = tmp_path / "page.jpg"
    assert main(["camera", "capture", "--out", str(out), "--raw", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ok"] and _mode(out) == 0o600
    assert _captures() == [("clerk01", "material_page", "page.jpg", f"{out.stat().st_size} 字节")]


def test_a_signed_out_workstation_refuses_after_a_sign_out(app_home, tmp_path, capsys):
    """The actor is whoever is signed in now: signing out ends it."""
    _config('[fingerprint]\nbackend = "demo"\n')
    sign_in("clerk01")
    sign_in(None)
    assert main(["fingerprint", "capture", "--enroll", "--template-out", str(tmp_path / "t.fpt")]) == 1
    assert "未登录" in capsys.readouterr().err and not (tmp_path / "t.fpt").exists()
