"""``counter-app camera capture`` and the 高拍仪 backends: the still-image folder, Qt Multimedia on
a machine without a camera (this one has no video devices), settings and doctor."""

from __future__ import annotations

import json
import sys

import pytest

from counter_app.config import ConfigError, Settings
from counter_app.devices.camera import open_camera
from counter_app.devices.camera.directory import DirectoryCamera
from counter_app.devices.camera.errors import CameraNotConfigured, CameraUnavailable
from tests.support import synthetic_page as sp
from tests.support.cli import run_cli

pytestmark = [pytest.mark.integration, pytest.mark.timeout(120)]


def _run(*args):
    return run_cli(None, *args, timeout=90)   # the app_home fixture's workstation


def _save(settings, app_home):
    from counter_app.config import save_settings
    from counter_app.paths import app_paths

    save_settings(settings, app_paths().config_file)


@pytest.fixture
def photos(tmp_path):
    d = tmp_path / "plate"
    d.mkdir()
    for i, angle in enumerate((4, -9)):
        data, _ = sp.photo(sp.turned((1296, 972), (1150, 1626), angle), seed=i + 1)
        (d / f"{i:02d}.jpg").write_bytes(data)
    return d


def test_directory_backend_takes_images_in_order(photos):
    """A folder is an output folder: each capture takes the first photo and removes it, whichever
    camera object captures. Was: a count per camera object, so the field window (a camera per 拍照)
    gave every visit the first photo, and the photos stayed in the folder in clear."""
    first, second = (photos / "00.jpg").read_bytes(), (photos / "01.jpg").read_bytes()
    settings = Settings.from_dict({"camera": {"backend": "directory", "source": str(photos)}})
    cam = open_camera(settings)
    assert isinstance(cam, DirectoryCamera) and cam.check() == 2
    assert cam.capture() == first and not (photos / "00.jpg").exists()
    assert open_camera(settings).capture() == second            # another camera object: the next photo
    assert list(photos.iterdir()) == []
    with pytest.raises(CameraUnavailable, match="没有图片"):
        cam.capture()
    (photos / "02.jpg").write_bytes(first)
    single = DirectoryCamera(str(photos / "02.jpg"))
    assert single.capture() == single.capture() == first and (photos / "02.jpg").exists()   # one file: kept
    with pytest.raises(CameraUnavailable, match="不存在"):
        DirectoryCamera(str(photos / "nope")).capture()
    with pytest.raises(CameraNotConfigured, match="未配置高拍仪"):
        open_camera(Settings())


def test_settings_are_validated_by_key():
    with pytest.raises(ConfigError) as exc:
        Settings.from_dict({"camera": {"backend": "webcam", "max_page_kb": 10, "dpi": 72},
                            "signpad": {"vendor_id": 70000, "backend": "tablet"}})
    keys = {p.key for p in exc.value.problems}
    assert keys == {"camera.backend", "camera.max_page_kb", "camera.dpi", "signpad.vendor_id", "signpad.backend"}
    s = Settings.from_dict({"camera": {"backend": "qt", "max_page_kb": 250}, "signpad": {"backend": "hid"}})
    assert s.camera.max_page_kb == 250 and s.signpad.vendor_id == 0x0B57
    assert Settings.from_json(s.to_json()) == s


def test_cli_capture_from_the_folder(photos, app_home, signed_in, tmp_path):
    _save(Settings.from_dict({"camera": {"backend": "directory", "source": str(photos), "max_page_kb": 200}}), app_home)
    out = tmp_path / "page.jpg"
    proc = _run("camera", "capture", "--out", str(out), "--json")
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["ok"] and answer["page_found"] and answer["bytes"] <= 200 * 1024
    img = sp.decode_grey(out.read_bytes())
    assert img.shape == (2339, 1654)
    proc = _run("camera", "capture", "--out", str(tmp_path / "p2.jpg"))
    assert proc.returncode == 0 and "材料页已保存" in proc.stdout and "200 dpi" in proc.stdout


def test_cli_without_a_camera_fails_clearly(app_home, signed_in, tmp_path):
    proc = _run("camera", "capture", "--out", str(tmp_path / "a.jpg"))          # defaults: backend none
    assert proc.returncode == 1 and "未配置高拍仪" in proc.stderr and "Traceback" not in proc.stderr
    _save(Settings.from_dict({"camera": {"backend": "qt"}}), app_home)
    proc = _run("camera", "capture", "--out", str(tmp_path / "b.jpg"), "--json")
    assert proc.returncode == 1, proc.stdout
    answer = json.loads(proc.stdout)
    assert answer["ok"] is False and "没有找到高拍仪" in answer["message"]
    assert not (tmp_path / "b.jpg").exists()
    proc = _run("camera", "capture", "--out", str(tmp_path / "b.jpg"))
    assert proc.returncode == 1 and proc.stderr.startswith("没有找到高拍仪")       # no Qt plugin chatter


def test_doctor(photos, tmp_path):
    from counter_app.devices.checks import _video4linux_names, camera_checks

    [c] = camera_checks(Settings.from_dict({"camera": {"backend": "directory", "source": str(photos)}}))
    assert c.status == "warn" and "2 张图片" in c.message
    [c] = camera_checks(Settings.from_dict({"camera": {"backend": "directory", "source": str(tmp_path / "none")}}))
    assert c.status == "fail" and "不存在" in c.message
    [c] = camera_checks(Settings.from_dict({"camera": {"backend": "qt"}}))
    if sys.platform.startswith("linux") and not _video4linux_names():   # this machine: no video devices
        assert c.status == "fail" and "/dev/video" in c.message
    fake = tmp_path / "v4l"
    (fake / "video0").mkdir(parents=True)
    (fake / "video0" / "name").write_text("HD Document Camera\n")
    assert _video4linux_names(str(fake)) == ["HD Document Camera（/dev/video0）"]


def test_cli_exports_the_case_archive_package(app_home, signed_in, tmp_path):
    import zipfile

    from counter_app.devices.camera.processing import process_page
    from counter_app.paths import app_paths
    from counter_app.storage import crypto
    from counter_app.storage.db import Store
    from counter_app.workflows.materials import attach_material_page
    from tests.support.cases import clerk_service

    crypto.forget_cached_keys()
    store = Store.open(app_paths().ensure().database_file)
    try:
        workflow = clerk_service(store)
        view = workflow.create("transfer_out", "individual", applicant={"name": "张三", "id_number": "110105196001010017"})
        cid = view.case.id
        page = process_page(sp.photo(sp.turned((1296, 972), (1150, 1626), 5))[0])
        for code in [m.code for m in view.service.plan("individual", ()).materials][:2]:
            attach_material_page(store, workflow, cid, code, page, clerk="clerk01")
    finally:
        store.close()
    out = tmp_path / "case.zip"
    proc = _run("materials", "package", cid, "--out", str(out), "--json")
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["materials"] == 2 and answer["documents"] == 0
    names = zipfile.ZipFile(out).namelist()
    assert "manifest.json" in names and sum(n.startswith("materials/") for n in names) == 2
    proc = _run("materials", "package", "no-such-case", "--out", str(tmp_path / "none.zip"))
    assert proc.returncode == 1 and "本机没有该办件" in proc.stderr and "Traceback" not in proc.stderr
