"""Render the SVG icon to a PNG of the given size (build time only; uses the build venv's Qt)."""

import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer


def main(src: str, dst: str, size: int) -> int:
    app = QGuiApplication.instance() or QGuiApplication(["render_icon", "-platform", "offscreen"])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    QSvgRenderer(src).render(painter)
    painter.end()
    ok = image.save(dst, "PNG")
    del app
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
