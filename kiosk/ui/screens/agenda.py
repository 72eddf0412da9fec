"""The agenda: the territory's events of the next days, grouped by day, each with a QR code.

The list is read from the cache on the db worker (never the network), so it shows at once
and offline; a sync that changes the feeds reloads it. Dates and times are Babel's, in the
interface language.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import i18n
from kiosk.core.i18n import _, ngettext
from kiosk.ui.context import UiContext
from kiosk.ui.screens.agenda_parts import EventCard, QrPanel, capitalised
from kiosk.ui.screens.base import Screen
from kiosk.ui.sections import SECTIONS
from kiosk.ui.widgets.layouts import clear_layout
from kiosk.ui.widgets.scrolling import touch_scroll

if TYPE_CHECKING:
    from kiosk.core.agenda.service import AgendaView


log = logging.getLogger(__name__)

# List entries (day titles or cards) added per turn of the event loop: a screenful first,
# then larger steps (each step also lays out the list again).
FIRST_BATCH, BATCH = 8, 24

STALE_SECONDS = 36 * 3600


def _same_list(a, b) -> bool:
    """Whether two views show the same cards (only sync times may differ).

    With no card at all the screen shows a message that depends on the feeds' health, so an
    empty view is never "the same".
    """
    def shown(v):
        return [(f.name, f.colour, f.example) for f in v.feeds.values()]

    return bool(a.occurrences) and (a.start, a.days, a.occurrences, shown(a)) == (
        b.start, b.days, b.occurrences, shown(b))


class AgendaScreen(Screen):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        t = ctx.theme
        self.view: AgendaView | None = None
        self.cards: list[EventCard] = []  # the cards of the current list, in order
        self._pending: list[tuple] = []  # (day, occurrence, or None for the day's title)
        self._generation = 0
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
        # Finger scrolling, and QR buttons that answer a tap at once.
        self.scroll_area = touch_scroll(name="agenda-list")
        self.list = QWidget()
        self.list.setObjectName("agenda-days")
        self.list_layout = QVBoxLayout(self.list)
        self.list_layout.setContentsMargins(0, 0, t.gap, t.gap)
        self.list_layout.setSpacing(t.gap // 2)
        self.scroll_area.setWidget(self.list)
        self.scroll_area.viewport().setAutoFillBackground(False)
        self.list.setAutoFillBackground(False)  # QScrollArea.setWidget turned it on
        self.message = QLabel()
        self.message.setObjectName("agenda-message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setProperty("role", "title")
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.pages.addWidget(self.scroll_area)
        self.pages.addWidget(self.message)
        col.addLayout(self.pages, 1)
        self.qr_panel = QrPanel(self, t)
        self._listening = False
        self.retranslate()

    # --- life cycle -----------------------------------------------------------------------
    def title(self) -> str:
        return _(SECTIONS["agenda"].title)

    def dispose(self) -> None:
        if self._listening and self.ctx.agenda is not None:
            self.ctx.agenda.remove_listener(self.on_agenda_changed)
            self._listening = False

    def enter(self, arg: str | None) -> None:
        self.ctx.record("agenda_view")
        self.reload()

    def leave(self) -> None:
        self.qr_panel.hide()

    def reset(self) -> None:
        self.qr_panel.hide()
        self.scroll_area.verticalScrollBar().setValue(0)

    def retranslate(self) -> None:
        self.redraw()
        if self.qr_panel.isVisible():
            self.qr_panel.retranslate()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.qr_panel.isVisible():
            self.qr_panel.setGeometry(self.rect())

    # --- data -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the agenda from the cache on the db worker; the list updates when it lands."""
        agenda = self.ctx.agenda
        if agenda is None:
            self.redraw()
            return
        if not self._listening:  # the service starts after the first paint
            agenda.add_listener(self.on_agenda_changed)
            self._listening = True
        self._loading = True
        if self.view is None:
            self.redraw()
        self.ctx.tasks.run(agenda.load, pool="db", key="agenda-load",
                           on_done=self.on_loaded, on_error=self.on_load_failed)

    def on_agenda_changed(self) -> None:
        if self.isVisible() or self.view is not None:
            self.reload()

    def on_loaded(self, view) -> None:
        self._loading = False
        old, self.view = self.view, view
        if old is not None and _same_list(old, view) and not self.building:
            # A sync that changed nothing visible: keep the list (and where the visitor
            # scrolled to), refresh only "last updated".
            self._render_updated()
            return
        self.redraw()

    def on_load_failed(self, error: BaseException) -> None:
        self._loading = False
        self.ctx.problems.report("agenda", "cache", f"cannot load the agenda: {error}")
        self.redraw()

    # --- drawing --------------------------------------------------------------------------
    def redraw(self) -> None:
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
        self._pending = [(day, occ) for day, items in groups for occ in (None, *items)]
        self.pages.setCurrentWidget(self.scroll_area)
        self._add_batch(self._generation)

    @property
    def building(self) -> bool:
        """True while cards are still being added to the list."""
        return bool(self._pending)

    def _add_batch(self, generation: int) -> None:
        """Add a screenful of entries per turn of the event loop: the top of the list shows at
        once and a long agenda never holds the GUI thread for long."""
        view, t = self.view, self.ctx.theme
        if generation != self._generation or view is None:
            return  # a newer render replaced this list
        size = FIRST_BATCH if not self.cards else BATCH
        batch, self._pending = self._pending[:size], self._pending[size:]
        for day, occ in batch:
            if occ is None:
                header = QLabel(self._day_title(day, view.start))
                header.setProperty("role", "title")
                header.setObjectName("day")
                header.setContentsMargins(0, t.gap // 2, 0, 0)
                self.list_layout.addWidget(header)
            else:
                card = EventCard(t, occ, day, view.feeds.get(occ.feed_id), self.show_qr)
                self.cards.append(card)
                self.list_layout.addWidget(card)
        if self._pending:
            QTimer.singleShot(0, lambda: self._add_batch(generation))
        else:
            self.list_layout.addStretch(1)

    def _day_title(self, day: dt.date, first: dt.date) -> str:
        # The date as the language writes it ("samedi 28 novembre 2026"); capitalised only
        # when it starts the title, not after "Aujourd'hui, ".
        label = i18n.format_date(day, "full")
        if day == first:
            return _("Aujourd'hui, {date}").format(date=label)
        if day == first + dt.timedelta(days=1):
            return _("Demain, {date}").format(date=label)
        return capitalised(label)

    def _render_updated(self) -> None:
        view = self.view
        updated = view.updated if view is not None else None
        if view is None or updated is None:
            self.updated.setVisible(False)
            return
        now = self.ctx.clock.now() if self.ctx.clock is not None else time.time()
        age = max(0.0, now - updated)
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
        self._pending = []
        self._generation += 1
        clear_layout(self.list_layout)

    # --- QR -------------------------------------------------------------------------------
    def show_qr(self, occ) -> None:
        from kiosk.core.agenda.share import qr_payload

        self.qr_panel.show_for(occ, qr_payload(occ))
        self.ctx.record("qr_shown", screen="agenda", target="event")
