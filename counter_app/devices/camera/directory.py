"""Still-image backend of the 高拍仪: a folder of photos, or one image file (every capture returns
it). For tests and for windows without a camera; chosen explicitly with ``[camera] backend =
"directory"``, never as a fallback.

A folder is an output folder, as a 高拍仪's own software fills one: each capture takes its first
photo in name order and removes it, so the next capture — by any window, camera object or process
— takes the next photo, and a photo taken is kept only where the app keeps it (encrypted). Was: a
count of photos taken per camera object, so a panel that opens its camera per capture (the field
window's 拍照) gave every visit the folder's first photo, and every photo stayed there in clear."""

from __future__ import annotations

import threading
from pathlib import Path

from counter_app.devices.camera.errors import CameraUnavailable

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff")


class DirectoryCamera:
    backend = "directory"

    def __init__(self, source: str):
        self.source = (source or "").strip()
        self._lock = threading.Lock()

    def _files(self) -> list[Path]:
        if not self.source:
            raise CameraUnavailable("未配置高拍仪图片目录（camera.source）。",
                                    "请在设置的 [camera] source 中填写图片目录或图片文件。")
        path = Path(self.source)
        if path.is_file():
            return [path]
        if not path.is_dir():
            raise CameraUnavailable(f"高拍仪图片目录不存在：{self.source}", "请检查设置 camera.source。")
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
        if not files:
            raise CameraUnavailable(f"高拍仪图片目录中没有图片：{self.source}",
                                    "支持 JPG、PNG、BMP、TIFF 格式。")
        return files

    def check(self) -> int:
        """How many images the source holds; raises :class:`CameraUnavailable`."""
        return len(self._files())

    def describe(self) -> str:
        return f"图片目录 {self.source}"

    def capture(self, timeout: float = 10.0) -> bytes:
        with self._lock:
            while True:     # a photo another window took between listing and taking: the next one
                chosen = self._files()[0]
                try:
                    data = chosen.read_bytes()
                except FileNotFoundError:
                    continue
                except OSError as exc:
                    raise CameraUnavailable(f"无法读取图片 {chosen.name}。", detail=str(exc)) from None
                if Path(self.source).is_file():
                    return data
                try:
                    chosen.unlink()
                except FileNotFoundError:
                    continue
                except OSError as exc:         # left there, the next capture would give it again
                    raise CameraUnavailable(f"无法从高拍仪图片目录中取走图片 {chosen.name}。",
                                            "请检查该目录的写入权限（每张图片取用后即从目录中移除）。",
                                            detail=str(exc)) from None
                return data

    def close(self) -> None:
        pass
