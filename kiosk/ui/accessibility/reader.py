"""What a screen says and which controls a keypad reaches, read from the real widgets.

Screens need no extra code: the visible labels, buttons (their accessible name, else their
text or the labels inside), pictures (their description) and painted tiles (their accessible
name) are taken in the order the screen lays them out: by rows from the top, then from the
left, so a keypad moves the way the eye reads.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QScrollArea, QWidget

from kiosk.core.i18n import _

ROW_PX = 48  # controls whose tops are this close sit on one row


def label_text(label: QLabel) -> str:
    """The text a label shows, without its Markdown or HTML."""
    text = label.text()
    fmt = label.textFormat()
    if fmt == Qt.TextFormat.PlainText or not text:
        return text
    doc = QTextDocument()
    if fmt == Qt.TextFormat.MarkdownText:
        doc.setMarkdown(text)
    elif fmt == Qt.TextFormat.RichText or QtGui.Qt.mightBeRichText(text):
        doc.setHtml(text)
    else:
        return text
    return doc.toPlainText()


def button_name(button: QAbstractButton) -> str:
    name = button.accessibleName() or button.text()
    if not name:
        name = " ".join(label_text(lbl) for lbl in button.findChildren(QLabel)
                        if lbl.isVisibleTo(button) and lbl.text())
    return name.strip()


def spoken_name(widget: QWidget) -> str:
    """A control as the voice announces it on focus: its name, its kind, its state."""
    if isinstance(widget, QAbstractButton):
        name = button_name(widget)
        if widget.isCheckable():
            state = _("activé") if widget.isChecked() else _("désactivé")
            return _("{name}, bouton, {state}").format(name=name, state=state)
        return _("{name}, bouton").format(name=name)
    if isinstance(widget, QAbstractScrollArea):
        return _("Texte, Entrée pour faire défiler")
    return widget.accessibleName() or ""


def _origin(widget: QWidget, root: QWidget) -> QPoint:
    return widget.mapTo(root.window(), QPoint(0, 0))


def reading_key(root: QWidget):
    def key(widget: QWidget) -> tuple[int, int]:
        p = _origin(widget, root)
        return (p.y() // ROW_PX, p.x())
    return key


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def controls(root: QWidget) -> list[QWidget]:
    """Enabled, visible buttons under `root` and the scroll areas that can scroll, in order."""
    found: list[QWidget] = []
    for w in root.findChildren(QWidget):
        # A control scrolled out of view stays reachable (the keypad scrolls to it); a hidden
        # page of a stack does not.
        if not _shown(w) or not w.isEnabled():
            continue
        if isinstance(w, QAbstractButton):
            found.append(w)
        elif isinstance(w, QScrollArea) and w.verticalScrollBar().maximum() > 0 and not (
                (inner := w.widget()) is not None and controls_inside(inner)):
            found.append(w)  # a long text without controls: the keypad scrolls it
    if isinstance(root, QAbstractButton) and _shown(root):
        found.append(root)
    return sorted(found, key=reading_key(root))


def controls_inside(widget: QWidget) -> bool:
    return any(_shown(b) and b.isEnabled() for b in widget.findChildren(QAbstractButton))


def readable(root: QWidget) -> list[tuple[QWidget, str]]:
    """(widget, text) of everything shown under `root`, in reading order."""
    items: list[tuple[QWidget, str]] = []

    def walk(w: QWidget) -> None:
        for child in w.children():
            if not isinstance(child, QWidget) or not _shown(child):
                continue
            if isinstance(child, QAbstractButton):
                name = button_name(child)
                if name and child.isCheckable():
                    state = _("activé") if child.isChecked() else _("désactivé")
                    name = f"{name}, {state}."
                if name and child.accessibleDescription():
                    name = f"{name}. {child.accessibleDescription()}"
                if name:
                    items.append((child, name))
                continue  # the labels inside a button are its name
            if isinstance(child, QLabel):
                text = label_text(child)
                if text.strip():
                    items.append((child, text))
                elif child.accessibleDescription():
                    items.append((child, child.accessibleDescription()))
                continue
            # A painted widget (a tile, an agenda card) tells its text through these.
            described = ". ".join(x for x in (child.accessibleName(),
                                              child.accessibleDescription()) if x)
            if described:
                items.append((child, described))
            walk(child)

    walk(root)
    key = reading_key(root)
    # Stable sort by rows: widgets of one row keep the layout's order of discovery.
    return sorted(items, key=lambda it: key(it[0]))


def rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())
