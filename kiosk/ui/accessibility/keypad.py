"""Operation without the touchscreen (EN 301 549 5.1.6): a four-key keypad or a USB keyboard.

Move: Tab, an arrow (Shift+Tab or ←/↑ go back); act: Enter (or Space); back: Backspace (or
the keypad's Back key); speak: F1 (or Help, or *). The focus is the kiosk's own, not Qt's:
touch widgets never take Qt focus, and the ring is drawn over the window, so every screen is
reachable without code of its own. The order is the reading order of the layer on top (the
accessibility panel, the idle countdown, else the bar and the screen), wrapping around: no
trap. The main window's lockdown filters blocked keys before they get here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QScrollArea, QWidget

from kiosk.ui.accessibility.reader import controls, rect_in

K = Qt.Key
NEXT_KEYS = {K.Key_Tab, K.Key_Right, K.Key_Down}
PREVIOUS_KEYS = {K.Key_Backtab, K.Key_Left, K.Key_Up}
ACT_KEYS = {K.Key_Return, K.Key_Enter, K.Key_Space, K.Key_Select}
BACK_KEYS = {K.Key_Backspace, K.Key_Back}
SPEAK_KEYS = {K.Key_F1, K.Key_Help, K.Key_Asterisk}
KEYPAD_KEYS = NEXT_KEYS | PREVIOUS_KEYS | ACT_KEYS | BACK_KEYS | SPEAK_KEYS
RING_PX = 4  # each of the ring's two bands: dark outside, light inside


class FocusRing(QWidget):
    """Two bands around the focused control, so one of them contrasts with any background."""

    def __init__(self, window: QWidget, colours: Callable[[], tuple[str, str]]) -> None:
        super().__init__(window)
        self.setObjectName("focus-ring")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.colours = colours
        self.target: QWidget | None = None
        self.hide()

    def show_on(self, widget: QWidget) -> None:
        self.target = widget
        self.follow()
        self.show()
        self.raise_()

    def follow(self) -> None:
        host = self.parentWidget()
        if self.target is None or host is None:
            return
        pad = 2 * RING_PX
        self.setGeometry(rect_in(self.target, host).adjusted(-pad, -pad, pad, pad))

    def paintEvent(self, event: QPaintEvent) -> None:
        outer, inner = self.colours()
        p = QPainter(self)
        for colour, inset in ((outer, 0), (inner, RING_PX)):
            p.setPen(QPen(QColor(colour), RING_PX))
            half = RING_PX // 2 + inset
            p.drawRect(QRect(half, half, self.width() - 2 * half, self.height() - 2 * half))
        p.end()


class Keypad(QObject):
    """Keeps the focused control of the layer on top and acts on the four keys.

    `layer()` returns the widgets whose controls are reachable, in order; `back()`, `speak()`
    and `announce(widget)` are the shell's.
    """

    def __init__(self, window: QWidget, *, layer: Callable[[], list[QWidget]],
                 back: Callable[[], None], speak: Callable[[QWidget | None], None],
                 announce: Callable[[QWidget], None],
                 colours: Callable[[], tuple[str, str]]) -> None:
        super().__init__(window)
        self.window = window
        self.layer = layer
        self.back = back
        self.speak = speak
        self.announce = announce
        self.ring = FocusRing(window, colours)
        self.focused: QWidget | None = None

    def targets(self) -> list[QWidget]:
        out: list[QWidget] = []
        for root in self.layer():
            out.extend(w for w in controls(root) if w not in out)
        return out

    def handle(self, event: QKeyEvent) -> bool:
        """Act on one key press; True when it was a keypad key (consumed)."""
        if event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()
        if key not in KEYPAD_KEYS:
            return False
        if key in BACK_KEYS:
            self.clear()
            self.back()
        elif key in SPEAK_KEYS:
            self.speak(self.focused)
        elif key in ACT_KEYS:
            self.activate()
        else:
            backwards = key in PREVIOUS_KEYS or bool(
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.move(-1 if backwards else 1)
        return True

    def move(self, step: int) -> QWidget | None:
        targets = self.targets()
        if not targets:
            self.clear()
            return None
        if self.focused in targets:
            index = (targets.index(self.focused) + step) % len(targets)
        else:
            index = 0 if step > 0 else len(targets) - 1
        self.focus(targets[index])
        return self.focused

    def focus(self, widget: QWidget) -> None:
        self.focused = widget
        parent = widget.parentWidget()
        while parent is not None:  # bring a control scrolled out of sight into view
            if isinstance(parent, QScrollArea):
                parent.ensureWidgetVisible(widget)
                break
            parent = parent.parentWidget()
        self.ring.show_on(widget)
        self.announce(widget)

    def activate(self) -> None:
        widget = self.focused
        if widget is None or widget not in self.targets():
            self.move(1)
            return
        if isinstance(widget, QAbstractButton):
            widget.click()
        elif isinstance(widget, QScrollArea):
            bar = widget.verticalScrollBar()
            bar.setValue(bar.minimum() if bar.value() >= bar.maximum()
                         else bar.value() + bar.pageStep())
        self.refresh()

    def refresh(self) -> None:
        """After an action or a layout change: keep the ring on a control still shown."""
        if self.focused is not None and self.focused in self.targets():
            self.ring.show_on(self.focused)
        else:
            self.clear()

    def clear(self) -> None:
        self.focused = None
        self.ring.target = None
        self.ring.hide()
