"""Does every label and button of a window fit? Geometry and font metrics, no pixels.

`problems(window)` walks the visible labels and buttons of a window and names each one that
(1) a layout squeezed below its minimum size hint, (2) whose text, measured with its own font
(word wrap included), does not fit its rectangle — painted text too, for a widget that says
where it paints it (`layout_boxes()`) —, or (3) that runs out of the window. A widget
in a scroll area may run past the bottom of its viewport (the visitor scrolls), never past
its sides.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

SLACK = 1  # px: rounding between layouts and metrics


def _name(w: QWidget) -> str:
    text = w.text() if hasattr(w, "text") else ""
    text = " ".join(str(text).split())[:40]
    return f"{type(w).__name__}#{w.objectName() or '?'} {text!r}"


def _scroll_viewport(w: QWidget) -> QWidget | None:
    p = w.parentWidget()
    while p is not None:
        if isinstance(p.parentWidget(), QAbstractScrollArea) and (
            p is p.parentWidget().viewport()
        ):
            return p
        p = p.parentWidget()
    return None


def _visible_rect(w: QWidget, window: QWidget) -> QRect:
    """Where the widget is on the window; clipped by the widgets it sits in."""
    return QRect(w.mapTo(window, QPoint(0, 0)), w.size())


def label_text_fits(label: QLabel) -> str | None:
    text = label.text()
    if not text.strip() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    rect = label.contentsRect()
    m = label.margin()
    rect = rect.adjusted(m, m, -m, -m)
    w, h = rect.width(), rect.height()
    rich = label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )
    font = QFont(label.font())
    shrinks = isinstance(getattr(label, "min_px", None), int)
    if shrinks:
        # A title that shrinks its type, then wraps: it must fit at its smallest size.
        font.setPixelSize(label.min_px)
    if label.textFormat() == Qt.TextFormat.MarkdownText or rich:
        doc = QTextDocument()
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        if label.textFormat() == Qt.TextFormat.MarkdownText:
            doc.setMarkdown(text)
        else:
            doc.setHtml(text)
        if label.wordWrap():
            doc.setTextWidth(w)
        need_w, need_h = doc.idealWidth(), doc.size().height()
    else:
        fm = QFontMetrics(font)
        flags = int(label.alignment())
        if label.wordWrap() or shrinks:
            flags |= int(Qt.TextFlag.TextWordWrap)
        box = fm.boundingRect(QRect(0, 0, max(1, w), 100_000), flags, text)
        need_w, need_h = box.width(), box.height()
    if need_w > w + SLACK:
        return f"text needs {need_w:.0f} px wide, has {w}"
    if need_h > h + SLACK:
        return f"text needs {need_h:.0f} px high, has {h}"
    return None


def button_text_fits(button: QPushButton) -> str | None:
    text = button.text()
    if not text.strip() or isinstance(getattr(button, "label", None), QLabel):
        # A button that draws its text with a child label: the label is checked.
        return None
    opt = QStyleOptionButton()
    button.initStyleOption(opt)
    contents = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, opt,
                                             button)
    fm = QFontMetrics(button.font())
    need = fm.horizontalAdvance(text)
    if not button.icon().isNull():
        need += button.iconSize().width() + 4
    lines = text.count("\n") + 1
    if need > contents.width() + SLACK:
        return f"text needs {need} px wide, has {contents.width()}"
    if fm.height() * lines > contents.height() + SLACK:
        return f"text needs {fm.height() * lines} px high, has {contents.height()}"
    return None


def painted_text_fits(tile: QWidget) -> str | None:
    """A button that paints its own name and invitation (home's tiles: `layout_boxes()`):
    each text, wrapped in its box with its font, fits the box, and no word is cut."""
    _icon, title_box, title_font, body_box, body_font = tile.layout_boxes()
    flags = int(Qt.TextFlag.TextWordWrap)
    for text, box, font in ((tile.section_title(), title_box, title_font),
                            (tile.section_summary(), body_box, body_font)):
        metrics = QFontMetrics(font)
        need = metrics.boundingRect(box.toRect(), flags, text)
        long_word = max(text.split(), key=metrics.horizontalAdvance, default="")
        if metrics.horizontalAdvance(long_word) > box.width() + SLACK:
            return f"painted {text!r}: the word {long_word!r} is cut"
        if need.height() > box.height() + SLACK:
            return f"painted {text!r} needs {need.height()} px of {box.height():.0f}"
    return None


def squeezed(w: QWidget) -> str | None:
    hint = w.minimumSizeHint()
    policy = w.sizePolicy()
    ignored = QSizePolicy.Policy.Ignored
    short_w = hint.width() > 0 and policy.horizontalPolicy() != ignored and (
        w.width() + SLACK < min(hint.width(), w.maximumWidth()))
    short_h = hint.height() > 0 and policy.verticalPolicy() != ignored and (
        w.height() + SLACK < min(hint.height(), w.maximumHeight()))
    # A word-wrapped label trades width for height: its own check below is the real one.
    if isinstance(w, QLabel) and w.wordWrap():
        short_w = False
    if short_w or short_h:
        return (f"squeezed to {w.width()}x{w.height()} below its minimum "
                f"{hint.width()}x{hint.height()}")
    return None


def outside(w: QWidget, window: QWidget) -> str | None:
    rect = _visible_rect(w, window)
    viewport = _scroll_viewport(w)
    if viewport is not None:
        bounds = QRect(viewport.mapTo(window, QPoint(0, 0)), viewport.size())
        # Scrolling reaches what is below or above; nothing reaches what is beside.
        if rect.left() < bounds.left() - SLACK or rect.right() > bounds.right() + SLACK:
            return f"runs out of its scroll area sideways ({rect.left()}..{rect.right()})"
        bounds = window.rect()
        if rect.left() < -SLACK or rect.right() > bounds.right() + SLACK:
            return f"runs out of the window ({rect.left()}..{rect.right()})"
        return None
    if not window.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(rect):
        return (f"runs out of the window at {rect.x()},{rect.y()} "
                f"{rect.width()}x{rect.height()}")
    parent = w.parentWidget()
    if parent is not None and parent is not window and not parent.rect().adjusted(
            -SLACK, -SLACK, SLACK, SLACK).contains(w.geometry()):
        return f"runs out of its {type(parent).__name__} (cut off)"
    return None


def problems(window: QWidget) -> list[str]:
    """One line per label or button of `window` that does not fit (empty when all do)."""
    found = []
    for w in window.findChildren(QWidget):
        if not isinstance(w, QLabel | QAbstractButton) or not w.isVisibleTo(window):
            continue
        if w.width() <= 0 or w.height() <= 0:
            continue
        w.ensurePolished()
        why = squeezed(w) or outside(w, window)
        if why is None and isinstance(w, QLabel):
            why = label_text_fits(w)
        elif why is None and hasattr(w, "layout_boxes"):
            why = painted_text_fits(w)
        elif why is None and isinstance(w, QPushButton):
            why = button_text_fits(w)
        if why is not None:
            found.append(f"{_name(w)}: {why}")
    return found
