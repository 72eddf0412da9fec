"""The sentence being read, highlighted where it is shown.

In a label, the sentence itself gets the theme's focus colour (the label's text is swapped for
a copy with that sentence marked, then put back). Any other widget (a button, a painted tile, a
picture) gets a frame drawn over it, as the keypad's focus ring is.
"""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.ui.accessibility.reader import rect_in


def marked_html(label: QLabel, sentence: str, background: str, foreground: str) -> str | None:
    """The label's text as HTML with `sentence` marked; None when it cannot be found."""
    doc = QTextDocument()
    fmt = label.textFormat()
    text = label.text()
    if fmt == Qt.TextFormat.MarkdownText:
        doc.setMarkdown(text)
    elif fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText
                                           and QtGui.Qt.mightBeRichText(text)):
        doc.setHtml(text)
    else:
        doc.setPlainText(text)
    cursor = doc.find(sentence)
    if cursor.isNull():
        # Markup may split a sentence (bold words): mark from its first words instead.
        cursor = doc.find(" ".join(sentence.split()[:3]))
        if cursor.isNull():
            return None
    mark = QTextCharFormat()
    mark.setBackground(QColor(background))
    mark.setForeground(QColor(foreground))
    cursor.mergeCharFormat(mark)
    return doc.toHtml()


class Highlighter:
    """Marks one sentence or one widget at a time; `clear()` puts everything back."""

    def __init__(self, window: QWidget, colours) -> None:
        self.window = window
        self.colours = colours  # () -> (background, foreground, frame)
        self._label: QLabel | None = None
        self._saved: tuple[str, Qt.TextFormat] | None = None
        self.frame = _Frame(window)

    def show(self, widget: QWidget | None, sentence: str) -> None:
        self.clear()
        if widget is None:
            return
        background, foreground, frame = self.colours()
        if isinstance(widget, QLabel):
            html = marked_html(widget, sentence, background, foreground)
            if html is not None:
                self._label = widget
                self._saved = (widget.text(), widget.textFormat())
                widget.setTextFormat(Qt.TextFormat.RichText)
                widget.setText(html)
                return
        self.frame.show_on(widget, frame)

    def clear(self) -> None:
        label, saved = self._label, self._saved
        self._label = self._saved = None
        if label is not None and saved is not None:
            try:
                label.setTextFormat(saved[1])
                label.setText(saved[0])
            except RuntimeError:  # the label went with its screen
                pass
        self.frame.hide()

    @property
    def marked_label(self) -> QLabel | None:
        return self._label


class _Frame(QWidget):
    """A thick frame over the widget being read; clicks go through it."""

    WIDTH = 6

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("read-aloud-frame")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self._colour = "#000000"
        self.hide()

    def show_on(self, widget: QWidget, colour: str) -> None:
        self._colour = colour
        w = self.WIDTH
        host = self.parentWidget()
        if host is not None:
            self.setGeometry(rect_in(widget, host).adjusted(-w, -w, w, w))
        self.show()
        self.raise_()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setPen(QPen(QColor(self._colour), self.WIDTH))
        p.setBrush(Qt.BrushStyle.NoBrush)
        half = self.WIDTH // 2
        p.drawRect(QRect(half, half, self.width() - self.WIDTH, self.height() - self.WIDTH))
        p.end()
