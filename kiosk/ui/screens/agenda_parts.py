"""The pieces of the agenda screen: time lines, the painted event card and the QR panel.

An event card paints its text itself (one widget, word wrap measured with font metrics)
instead of holding five word-wrapped QLabels: a month of events then lays out in a few
milliseconds, where labels took a quarter of a second and froze the screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core import i18n
from kiosk.core.i18n import N_, _, current_language
from kiosk.ui.widgets.qr import QrCode
from kiosk.ui.widgets.touch import TouchButton

MAX_DESCRIPTION = 280
WRAP = int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignLeft) | int(
    Qt.AlignmentFlag.AlignTop)


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def plain_text(text: str) -> str:
    """Descriptions from Google and others often carry HTML (<br>, <a href>, &amp;)."""
    if ("<" in text and ">" in text) or "&" in text:
        from PySide6.QtGui import QTextDocumentFragment

        return QTextDocumentFragment.fromHtml(text.replace("\n", "<br>")).toPlainText()
    return text


def when_text(occ, day: dt.date) -> str:
    """The time line of an event as shown under the day `day`."""
    if occ.all_day:
        last = occ.end - dt.timedelta(days=1)
        if last <= occ.start:
            return _("Toute la journée")
        return _("Jusqu'au {date}").format(date=i18n.format_skeleton(last, "MMMMEEEEd"))
    start, end = occ.start, occ.end
    if start.time() == end.time() == dt.time() and end > start:
        # Outlook writes all-day events as midnight to midnight.
        if end.date() - start.date() == dt.timedelta(days=1):
            return _("Toute la journée")
        return _("Jusqu'au {date}").format(
            date=i18n.format_skeleton(end.date() - dt.timedelta(days=1), "MMMMEEEEd"))
    if start.date() == end.date() or end - start < dt.timedelta(hours=24):
        if start == end:
            return i18n.format_time(start)
        return _("{start} – {end}").format(start=i18n.format_time(start),
                                           end=i18n.format_time(end))
    if start.date() < day:
        return _("Jusqu'au {date}, {time}").format(
            date=i18n.format_skeleton(end.date(), "MMMMEEEEd"), time=i18n.format_time(end))
    return _("{start} → {date}, {time}").format(
        start=i18n.format_time(start), date=i18n.format_skeleton(end.date(), "MMMMEEEEd"),
        time=i18n.format_time(end))


# "(en français)": the language an organiser's words are in, when it is not the visitor's.
IN_LANGUAGE = {"fr": N_("en français"), "en": N_("en anglais"), "es": N_("en espagnol"),
               "it": N_("en italien"), "de": N_("en allemand")}


def language_tag(lang: str) -> str:
    """"(en français)" in the visitor's language; Babel names the languages beyond the five."""
    if lang in IN_LANGUAGE:
        return f"({_(IN_LANGUAGE[lang])})"
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(lang).get_display_name(current_language()) or lang
    except (ValueError, UnknownLocaleError):
        name = lang
    return f"({name})"


@dataclass
class Line:
    name: str  # "when", "summary", "language", "location", "description", "source"
    text: str
    font: QFont
    colour: QColor
    badge: str = ""  # painted after the text on the same line ("exemple")


def _font(t, px: int, bold: bool = False) -> QFont:
    f = QFont(t.font_family)
    f.setPixelSize(px)
    f.setBold(bold)
    return f


class TextLines:
    """Lines of text measured with font metrics and painted with word wrap (no widgets)."""

    SPACING = 6

    def __init__(self, lines: list[Line], theme) -> None:
        self.lines = lines
        self._theme = theme
        self._heights: dict[int, int] = {}

    def line(self, name: str) -> Line | None:
        return next((ln for ln in self.lines if ln.name == name), None)

    def height(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = sum(self._line_height(ln, width) for ln in self.lines)
            height += self.SPACING * max(0, len(self.lines) - 1)
            self._heights[width] = height
        return height

    def _line_height(self, line: Line, width: int) -> int:
        fm = QFontMetrics(line.font)
        if line.badge:
            return fm.height() + 8
        return fm.boundingRect(QRect(0, 0, max(1, width), 100_000), WRAP, line.text).height()

    def paint(self, p: QPainter, rect: QRect) -> None:
        y, width = rect.top(), rect.width()
        for line in self.lines:
            h = self._line_height(line, width)
            p.setFont(line.font)
            p.setPen(line.colour)
            if line.badge:
                fm = QFontMetrics(line.font)
                name = fm.elidedText(line.text, Qt.TextElideMode.ElideRight, width // 2)
                p.drawText(QRect(rect.left(), y + 4, width, h), int(Qt.AlignmentFlag.AlignLeft),
                           name)
                x = rect.left() + fm.horizontalAdvance(name) + 16
                box = QRectF(x, y, fm.horizontalAdvance(line.badge) + 20, h)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(QColor(self._theme.surface_alt))
                p.drawRoundedRect(box, 8, 8)
                p.setPen(QColor(self._theme.text))
                p.drawText(box, int(Qt.AlignmentFlag.AlignCenter), line.badge)
            else:
                p.drawText(QRect(rect.left(), y, width, h), WRAP, line.text)
            y += h + self.SPACING


class EventCard(QFrame):
    """One event: colour of its feed, time, title, place, description, source and a QR button.

    Only the button is a child widget; the card paints the rest, and its height follows its
    width like a word-wrapped label's.
    """

    STRIP = 14

    def __init__(self, theme, occ, day: dt.date, feed, on_qr: Callable[[object], None]) -> None:
        super().__init__()
        t = self._theme = theme
        self.occurrence = occ
        self.setProperty("role", "card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.colour = feed.colour if feed else t.primary
        text, muted = QColor(t.text), QColor(t.text_muted)
        # The feed's colour marks the time too, except in high contrast where it may not read.
        when_colour = text if t.name.startswith("high-contrast") else QColor(self.colour)
        visitor = current_language()
        summary, description, lang = occ.in_language(visitor)
        lines = [Line("when", when_text(occ, day), _font(t, t.body, True), when_colour),
                 Line("summary", summary or _("Événement"),
                      _font(t, round(t.title * 0.8), True), text)]
        if summary and lang != visitor:  # the organiser's own words, in their language
            lines.append(Line("language", language_tag(lang), _font(t, t.small), muted))
        if occ.location:
            lines.append(Line("location", _("Lieu : {place}").format(place=occ.location),
                              _font(t, t.body), text))
        if description:
            desc = " ".join(plain_text(description).split())
            if len(desc) > MAX_DESCRIPTION:
                desc = desc[:MAX_DESCRIPTION].rsplit(" ", 1)[0] + " …"
            lines.append(Line("description", desc, _font(t, t.body), text))
        if feed:
            # Translators: marks the events of the example feeds shipped with the kiosk.
            lines.append(Line("source", feed.name, _font(t, t.small), muted,
                              badge=_("exemple") if feed.example else ""))
        self.text = TextLines(lines, t)
        self.setAccessibleName(summary)
        self.setAccessibleDescription(" — ".join(ln.text for ln in lines[:1] + lines[2:]))
        sp = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        sp.setHeightForWidth(True)
        self.setSizePolicy(sp)
        # No layout: a layout would answer heightForWidth for the card (with the button's
        # height only); the button is placed by hand in resizeEvent.
        self.qr_button = TouchButton(_("Sur mon téléphone"), self, min_px=t.touch,
                                     role="primary")
        self.qr_button.setObjectName("qr")
        self.qr_button.clicked.connect(lambda: on_qr(occ))

    def _text_rect(self, width: int, height: int = 0) -> QRect:
        t = self._theme
        left = self.STRIP + t.gap
        right = self.qr_button.sizeHint().width() + 2 * t.gap
        return QRect(left, t.gap // 2, max(100, width - left - right), height)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        t = self._theme
        text = self.text.height(self._text_rect(width).width()) + t.gap
        return max(text, self.qr_button.sizeHint().height() + t.gap)

    def sizeHint(self) -> QSize:
        return QSize(800, self.heightForWidth(800))

    def minimumSizeHint(self) -> QSize:
        return QSize(400, self.qr_button.sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        hint = self.qr_button.sizeHint()
        self.qr_button.setGeometry(self.width() - self._theme.gap - hint.width(),
                                   (self.height() - hint.height()) // 2, hint.width(),
                                   hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)  # the card's background and border from the theme
        t = self._theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(self.colour))
        # The feed's colour down the left edge, rounded on the card's side only.
        p.setClipRect(QRect(0, 0, self.STRIP, self.height()))
        p.drawRoundedRect(QRectF(0, 0, self.STRIP + 2 * t.radius, self.height()),
                          t.radius, t.radius)
        p.setClipping(False)
        self.text.paint(p, self._text_rect(self.width(), self.height()))
        p.end()


class QrPanel(QFrame):
    """The QR code of one event over the list, with a caption and a large close button."""

    def __init__(self, screen: QWidget, theme) -> None:
        super().__init__(screen)
        t = theme
        self.setObjectName("QrPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"QFrame#QrPanel {{ background: {t.overlay}; }}")
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card = QFrame()
        card.setProperty("role", "card")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        card.setMaximumWidth(theme.px(1100))
        col = QVBoxLayout(card)
        col.setContentsMargins(t.margin, t.margin, t.margin, t.margin)
        col.setSpacing(t.gap)
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr = QrCode(side=theme.px(500))
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.close_button = TouchButton(min_px=t.touch, role="primary")
        self.close_button.setObjectName("close-qr")
        self.close_button.clicked.connect(self.hide)
        col.addWidget(self.title)
        col.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignCenter)
        col.addWidget(self.caption)
        col.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(card)
        self.occurrence = None
        self.hide()

    def show_for(self, occ, payload: str) -> None:
        self.occurrence = occ
        self.title.setText(occ.in_language(current_language())[0])
        self.qr.set_data(payload)
        self.retranslate()
        host = self.parentWidget()
        if host is not None:
            self.setGeometry(host.rect())
        self.show()
        self.raise_()

    def retranslate(self) -> None:
        is_link = self.qr.data().startswith(("http://", "https://"))
        self.caption.setText(
            _("Scannez ce code pour ouvrir la page de l'événement sur votre téléphone.")
            if is_link else
            _("Scannez ce code pour ajouter l'événement à l'agenda de votre téléphone."))
        self.close_button.setText(_("Fermer"))
