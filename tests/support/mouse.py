"""Mouse input for widget tests: a stroke drawn with the left button held."""

from __future__ import annotations


def drag(widget, points) -> None:
    """Press at ``points[0]``, move through the rest, release at the last (widget coordinates)."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    def send(kind, p, buttons):
        ev = QMouseEvent(kind, QPointF(*p), widget.mapToGlobal(QPointF(*p)), Qt.MouseButton.LeftButton, buttons,
                         Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, ev)

    send(QMouseEvent.Type.MouseButtonPress, points[0], Qt.MouseButton.LeftButton)
    for p in points[1:]:
        send(QMouseEvent.Type.MouseMove, p, Qt.MouseButton.LeftButton)
    send(QMouseEvent.Type.MouseButtonRelease, points[-1], Qt.MouseButton.NoButton)
