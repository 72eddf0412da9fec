"""The agenda: the territory's events of the next days, grouped by day, each with a QR code.

The list is read from the cache on the db worker (never the network), so it shows at once
and offline; a sync that changes the feeds reloads it. Dates and times are Babel's, in the
interface language.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import i18n
from kiosk.core.i18n import _, ngettext
from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen
from kiosk.ui.sections import SECTIONS
from kiosk.ui.widgets.qr import QrCode
from kiosk.ui.widgets.touch import TouchButton

log = logging.getLogger(__name__)

MAX_DESCRIPTION = 280
STALE_SECONDS = 36 * 3600


def _capitalised(text: str) -> str:
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


class EventCard(QFrame):
    """One event: colour of its feed, time, title, place, description, source and a QR button."""

    def __init__(self, screen: AgendaScreen, occ, day: dt.date, feed) -> None:
        super().__init__()
        t = screen.ctx.theme
        self.occurrence = occ
        self.setProperty("role", "card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, t.gap, 0)
        row.setSpacing(t.gap)
        strip = QFrame()
        strip.setObjectName("feed-colour")
        strip.setFixedWidth(14)
        colour = feed.colour if feed else t.primary
        self.colour = colour
        strip.setStyleSheet(f"background: {colour}; border-top-left-radius: {t.radius}px;"
                            f" border-bottom-left-radius: {t.radius}px;")
        row.addWidget(strip)
        col = QVBoxLayout()
        col.setContentsMargins(0, t.gap // 2, 0, t.gap // 2)
        col.setSpacing(6)
        self.when = QLabel(when_text(occ, day))
        self.when.setObjectName("when")
        # The feed's colour marks the time too, except in high contrast where it may not read.
        when_colour = t.text if t.name.startswith("high-contrast") else colour
        self.when.setStyleSheet(f"font-size: {t.body}px; font-weight: bold;"
                                f" color: {when_colour};")
        self.title = QLabel(occ.summary or _("Événement"))
        self.title.setObjectName("summary")
        self.title.setWordWrap(True)
        self.title.setStyleSheet(f"font-size: {round(t.title * 0.8)}px; font-weight: bold;")
        col.addWidget(self.when)
        col.addWidget(self.title)
        if occ.location:
            self.place = QLabel(_("Lieu : {place}").format(place=occ.location))
            self.place.setObjectName("location")
            self.place.setWordWrap(True)
            col.addWidget(self.place)
        if occ.description:
            text = " ".join(plain_text(occ.description).split())
            if len(text) > MAX_DESCRIPTION:
                text = text[:MAX_DESCRIPTION].rsplit(" ", 1)[0] + " …"
            desc = QLabel(text)
            desc.setObjectName("description")
            desc.setWordWrap(True)
            desc.setTextFormat(Qt.TextFormat.PlainText)
            col.addWidget(desc)
        source = QHBoxLayout()
        source.setSpacing(t.gap // 2)
        if feed:
            name = QLabel(feed.name)
            name.setProperty("role", "muted")
            source.addWidget(name)
            if feed.example:
                # Translators: marks the events of the example feeds shipped with the kiosk.
                badge = QLabel(_("exemple"))
                badge.setObjectName("example")
                badge.setProperty("role", "badge")
                source.addWidget(badge)
        source.addStretch(1)
        col.addLayout(source)
        row.addLayout(col, 1)
        self.qr_button = TouchButton(_("Sur mon téléphone"), min_px=t.touch, role="primary")
        self.qr_button.setObjectName("qr")
        self.qr_button.clicked.connect(lambda: screen.show_qr(occ))
        row.addWidget(self.qr_button, 0, Qt.AlignmentFlag.AlignVCenter)


class QrPanel(QFrame):
    """The QR code of one event over the list, with a caption and a large close button."""

    def __init__(self, screen: AgendaScreen) -> None:
        super().__init__(screen)
        t = screen.ctx.theme
        self.setObjectName("QrPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(f"QFrame#QrPanel {{ background: {t.overlay}; }}")
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        card = QFrame()
        card.setProperty("role", "card")
        card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        card.setMaximumWidth(1100)
        col = QVBoxLayout(card)
        col.setContentsMargins(t.margin, t.margin, t.margin, t.margin)
        col.setSpacing(t.gap)
        self.title = QLabel()
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr = QrCode(side=500)
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
        self.title.setText(occ.summary)
        self.qr.set_data(payload)
        self.retranslate()
        self.setGeometry(self.parentWidget().rect())
        self.show()
        self.raise_()

    def retranslate(self) -> None:
        is_link = self.qr.data().startswith(("http://", "https://"))
        self.caption.setText(
            _("Scannez ce code pour ouvrir la page de l'événement sur votre téléphone.")
            if is_link else
            _("Scannez ce code pour ajouter l'événement à l'agenda de votre téléphone."))
        self.close_button.setText(_("Fermer"))


class AgendaScreen(Screen):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        t = ctx.theme
        self.view = None
        self.cards: list[EventCard] = []  # the cards of the current list, in order
        self._loading = False
        col = QVBoxLayout(self)
        col.setContentsMargins(t.margin, t.gap, t.margin, t.gap)
        col.setSpacing(t.gap // 2)
        header = QHBoxLayout()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.updated = QLabel()
        self.updated.setObjectName("updated")
        self.updated.setProperty("role", "badge")
        header.addWidget(self.intro, 1)
        header.addWidget(self.updated, 0, Qt.AlignmentFlag.AlignRight)
        col.addLayout(header)
        self.pages = QStackedLayout()
        self.scroll = QScrollArea()
        self.scroll.setObjectName("agenda-list")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Finger scrolling: a drag anywhere in the list scrolls it, with kinetic flicks.
        # Touches reach widgets as synthesised mouse events, so the mouse gesture serves both.
        QScroller.grabGesture(self.scroll.viewport(),
                              QScroller.ScrollerGestureType.LeftMouseButtonGesture)
        # By default the scroller holds a press back 0.25 s to see whether it becomes a drag:
        # the QR buttons would answer late (the tap budget is 50 ms) and quick taps got lost.
        # A drag that starts on a button still scrolls; the button gets a release outside it.
        scroller = QScroller.scroller(self.scroll.viewport())
        props = scroller.scrollerProperties()
        props.setScrollMetric(QScrollerProperties.ScrollMetric.MousePressEventDelay, 0.0)
        scroller.setScrollerProperties(props)
        self.list = QWidget()
        self.list.setObjectName("agenda-days")
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.setContentsMargins(0, 0, t.gap, t.gap)
        self.list_layout.setSpacing(t.gap // 2)
        self.scroll.setWidget(self.list)
        self.scroll.viewport().setAutoFillBackground(False)
        self.list.setStyleSheet("QWidget#agenda-days { background: transparent; }")
        self.scroll.setStyleSheet("QScrollArea#agenda-list { background: transparent; }")
        self.message = QLabel()
        self.message.setObjectName("agenda-message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setProperty("role", "title")
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.pages.addWidget(self.scroll)
        self.pages.addWidget(self.message)
        col.addLayout(self.pages, 1)
        self.qr_panel = QrPanel(self)
        self._listening = False
        self.retranslate()

    # --- life cycle -----------------------------------------------------------------------
    def title(self) -> str:
        return _(SECTIONS["agenda"].title)

    def enter(self, arg: str | None) -> None:
        self.ctx.record("agenda_view")
        self.reload()

    def leave(self) -> None:
        self.qr_panel.hide()

    def reset(self) -> None:
        self.qr_panel.hide()
        self.scroll.verticalScrollBar().setValue(0)

    def retranslate(self) -> None:
        self.render()
        if self.qr_panel.isVisible():
            self.qr_panel.retranslate()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        if self.qr_panel.isVisible():
            self.qr_panel.setGeometry(self.rect())

    # --- data -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the agenda from the cache on the db worker; the list updates when it lands."""
        agenda = self.ctx.agenda
        if agenda is None:
            self.render()
            return
        if not self._listening:  # the service starts after the first paint
            agenda.add_listener(self.on_agenda_changed)
            self._listening = True
        self._loading = True
        if self.view is None:
            self.render()
        self.ctx.tasks.run(agenda.load, pool="db", key="agenda-load",
                           on_done=self.on_loaded, on_error=self.on_load_failed)

    def on_agenda_changed(self) -> None:
        if self.isVisible() or self.view is not None:
            self.reload()

    def on_loaded(self, view) -> None:
        self._loading = False
        self.view = view
        self.render()

    def on_load_failed(self, error: BaseException) -> None:
        self._loading = False
        self.ctx.problems.report("agenda", "cache", f"cannot load the agenda: {error}")
        self.render()

    # --- drawing --------------------------------------------------------------------------
    def render(self) -> None:
        days = self.ctx.settings.agenda.days
        self.intro.setText(ngettext("Les événements du jour près d'ici.",
                                    "Les événements des {n} prochains jours près d'ici.",
                                    days).format(n=days))
        self._render_updated()
        self._clear_list()
        view = self.view
        if self.ctx.agenda is None:
            self._say(_("L'agenda n'est pas disponible pour le moment."))
            return
        if view is None:
            self._say(_("Chargement de l'agenda…") if self._loading else "")
            return
        groups = view.by_day()
        if not groups and view.updated is None and view.failing:
            self._say(_("Les événements n'ont pas encore pu être chargés : la borne attend "
                        "le réseau. Revenez un peu plus tard !"))
            return
        if not groups:
            self._say(ngettext(
                "Aucun événement n'est prévu aujourd'hui… pour le moment ! "
                "Revenez bientôt : les partenaires ajoutent régulièrement des balades "
                "et des ateliers.",
                "Aucun événement n'est prévu dans les {n} prochains jours… pour le moment ! "
                "Revenez bientôt : les partenaires ajoutent régulièrement des balades "
                "et des ateliers.", view.days).format(n=view.days))
            return
        t = self.ctx.theme
        for day, items in groups:
            header = QLabel(self._day_title(day, view.start))
            header.setProperty("role", "title")
            header.setObjectName("day")
            header.setContentsMargins(0, t.gap // 2, 0, 0)
            self.list_layout.addWidget(header)
            for occ in items:
                card = EventCard(self, occ, day, view.feeds.get(occ.feed_id))
                self.cards.append(card)
                self.list_layout.addWidget(card)
        self.list_layout.addStretch(1)
        self.pages.setCurrentWidget(self.scroll)

    def _day_title(self, day: dt.date, first: dt.date) -> str:
        label = _capitalised(i18n.format_date(day, "full"))
        if day == first:
            return _("Aujourd'hui, {date}").format(date=label)
        if day == first + dt.timedelta(days=1):
            return _("Demain, {date}").format(date=label)
        return label

    def _render_updated(self) -> None:
        view = self.view
        updated = view.updated if view is not None else None
        if updated is None:
            self.updated.setVisible(False)
            return
        age = max(0.0, time.time() - updated)
        text = _("Mis à jour {ago}").format(ago=i18n.format_relative(dt.timedelta(seconds=age)))
        if view.failing:
            text += " · " + ngettext("{n} source injoignable", "{n} sources injoignables",
                                     len(view.failing)).format(n=len(view.failing))
        self.updated.setText(text)
        stale = age > STALE_SECONDS or bool(view.failing)
        t = self.ctx.theme
        self.updated.setStyleSheet(f"color: {t.warning};" if stale else "")
        self.updated.setVisible(True)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.pages.setCurrentWidget(self.message)

    def _clear_list(self) -> None:
        self.cards = []
        while self.list_layout.count():
            item = self.list_layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()

    # --- QR -------------------------------------------------------------------------------
    def show_qr(self, occ) -> None:
        from kiosk.core.agenda.share import qr_payload

        self.qr_panel.show_for(occ, qr_payload(occ))
        self.ctx.record("qr_shown", target="event")
