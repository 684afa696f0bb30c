"""Still-image backend of the 高拍仪: a folder of photos (one per capture, in name order) or one
image file (every capture returns it). For tests and for windows without a camera; chosen
explicitly with ``[camera] backend = "directory"``, never as a fallback."""

from __future__ import annotations

import threading
from pathlib import Path

from counter_app.devices.camera.errors import CameraUnavailable

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff")


class DirectoryCamera:
    backend = "directory"

    def __init__(self, source: str):
        self.source = (source or "").strip()
        self._taken = 0
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
        files = self._files()
        with self._lock:
            if Path(self.source).is_file():
                chosen = files[0]
            elif self._taken >= len(files):
                raise CameraUnavailable(f"高拍仪图片目录中的 {len(files)} 张图片已全部取用。",
                                        "请放入新的图片后重试。")
            else:
                chosen = files[self._taken]
                self._taken += 1
        try:
            return chosen.read_bytes()
        except OSError as exc:
            raise CameraUnavailable(f"无法读取图片 {chosen.name}。", detail=str(exc)) from None

    def close(self) -> None:
        pass
