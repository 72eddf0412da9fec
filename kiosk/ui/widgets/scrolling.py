"""The one scroll area of the kiosk: dragged by a finger, flicked, no desktop scroll bar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QVBoxLayout,
    QWidget,
)


def touch_scroll(inner: QWidget | None = None, name: str = "") -> QScrollArea:
    """A frameless, transparent, vertical-only scroll area around `inner`.

    A drag anywhere scrolls it with kinetic flicks (QScroller). Touches reach widgets as
    synthesised mouse events, so the mouse gesture serves both. The scroller would hold a
    press back 0.25 s to see whether it becomes a drag; buttons in the list would then answer
    late (the tap budget is 50 ms), so presses go through at once: a drag that starts on a
    button still scrolls, and the button gets its release outside itself.
    """
    scroll = QScrollArea()
    if name:
        scroll.setObjectName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setProperty("touch", True)  # the stylesheet: transparent, a thin position bar
    QScroller.grabGesture(scroll.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)
    scroller = QScroller.scroller(scroll.viewport())
    props = scroller.scrollerProperties()
    props.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
    props.setScrollMetric(QScrollerProperties.ScrollMetric.OvershootDragResistanceFactor, 0.3)
    scroller.setScrollerProperties(props)
    if inner is not None:
        scroll.setWidget(inner)
    return scroll


def touch_scroll_column(name: str, spacing: int) -> tuple[QScrollArea, QVBoxLayout]:
    """A touch_scroll around a column of rows (site cards, trail sites): the area, and the
    column's layout to fill. The column is named `<name>-body`."""
    holder = QWidget()
    holder.setObjectName(f"{name}-body")
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(spacing)
    return touch_scroll(holder, name), column
