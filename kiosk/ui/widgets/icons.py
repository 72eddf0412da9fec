"""Section icons drawn with QPainter paths: crisp at any size, no image files, no emoji font."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen


def paint_icon(p: QPainter, name: str, rect: QRectF, colour: QColor) -> None:
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = min(rect.width(), rect.height())
    p.translate(rect.center().x() - s / 2, rect.center().y() - s / 2)
    p.scale(s / 100.0, s / 100.0)
    pen = QPen(colour, 6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
               Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    draw = _ICONS.get(name)
    if draw is not None:
        draw(p, colour)
    p.restore()


def _leaf(p: QPainter, colour: QColor) -> None:
    path = QPainterPath(QPointF(18, 82))
    path.cubicTo(10, 40, 40, 12, 86, 14)
    path.cubicTo(88, 60, 60, 90, 18, 82)
    p.setBrush(colour.lighter(170))
    p.drawPath(path)
    p.drawLine(QPointF(18, 82), QPointF(66, 34))


def _play(p: QPainter, colour: QColor) -> None:
    p.drawRoundedRect(QRectF(10, 20, 80, 60), 10, 10)
    tri = QPainterPath(QPointF(42, 36))
    tri.lineTo(64, 50)
    tri.lineTo(42, 64)
    tri.closeSubpath()
    p.setBrush(colour)
    p.drawPath(tri)


def _gauge(p: QPainter, colour: QColor) -> None:
    p.drawArc(QRectF(12, 22, 76, 76), 0, 180 * 16)
    p.drawLine(QPointF(50, 60), QPointF(72, 38))
    p.setBrush(colour)
    p.drawEllipse(QPointF(50, 60), 6, 6)
    for x in (20, 50, 80):
        p.drawPoint(QPointF(x, 30 if x == 50 else 44))


def _chart(p: QPainter, colour: QColor) -> None:
    p.drawLine(QPointF(14, 86), QPointF(88, 86))
    p.drawLine(QPointF(14, 86), QPointF(14, 14))
    path = QPainterPath(QPointF(20, 70))
    for x, y in ((36, 56), (50, 62), (66, 34), (84, 24)):
        path.lineTo(x, y)
    p.drawPath(path)


def _calendar(p: QPainter, colour: QColor) -> None:
    p.drawRoundedRect(QRectF(14, 20, 72, 66), 8, 8)
    p.drawLine(QPointF(14, 38), QPointF(86, 38))
    p.drawLine(QPointF(32, 12), QPointF(32, 26))
    p.drawLine(QPointF(68, 12), QPointF(68, 26))
    p.setBrush(colour)
    for row in range(2):
        for col in range(3):
            p.drawRect(QRectF(26 + col * 18, 48 + row * 16, 8, 6))


def _home(p: QPainter, colour: QColor) -> None:
    path = QPainterPath(QPointF(12, 48))
    path.lineTo(50, 14)
    path.lineTo(88, 48)
    p.drawPath(path)
    p.drawPolyline([QPointF(22, 42), QPointF(22, 86), QPointF(78, 86), QPointF(78, 42)])
    p.drawRect(QRectF(42, 60, 16, 26))


def _back(p: QPainter, colour: QColor) -> None:
    p.drawLine(QPointF(84, 50), QPointF(18, 50))
    p.drawPolyline([QPointF(44, 22), QPointF(16, 50), QPointF(44, 78)])


def _access(p: QPainter, colour: QColor) -> None:
    # The international symbol of access for information: a person, arms open, in a circle.
    p.drawEllipse(QPointF(50, 50), 42, 42)
    p.setBrush(colour)
    p.drawEllipse(QPointF(50, 26), 7, 7)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawLine(QPointF(26, 40), QPointF(74, 40))
    p.drawLine(QPointF(50, 40), QPointF(50, 62))
    p.drawPolyline([QPointF(38, 80), QPointF(50, 62), QPointF(62, 80)])


def _trail(p: QPainter, colour: QColor) -> None:
    # A winding path between two waymarks, and a pin: "you are here" on a trail.
    path = QPainterPath(QPointF(14, 88))
    path.cubicTo(40, 84, 20, 58, 46, 54)
    path.cubicTo(72, 50, 58, 30, 86, 22)
    p.drawPath(path)
    p.setBrush(colour)
    p.drawEllipse(QPointF(14, 88), 5, 5)
    p.drawEllipse(QPointF(86, 22), 5, 5)
    pin = QPainterPath(QPointF(46, 48))
    pin.cubicTo(30, 30, 34, 10, 46, 10)
    pin.cubicTo(58, 10, 62, 30, 46, 48)
    p.drawPath(pin)


_ICONS = {
    "trail": _trail,
    "access": _access,
    "leaf": _leaf,
    "play": _play,
    "gauge": _gauge,
    "chart": _chart,
    "calendar": _calendar,
    "home": _home,
    "back": _back,
}
