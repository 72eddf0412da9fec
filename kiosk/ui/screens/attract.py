"""The attract loop: the exhibition's modules, the live value nearest the kiosk, the next event
and the territory's trail in turn, over a calm landscape, each worded in the five languages in
turn with the invitation to touch. A touch opens home in the language shown at that instant.

What it shows comes from the services the other screens use, read off the GUI thread through
ctx.tasks: the exhibition library, `ctx.sensors.live` and its site catalog, `ctx.agenda.load`
(the offline cache). A slide with nothing to show (no live value, no event) is left out.

Light on the CPU: the landscape and the empty card are painted once per size into a pixmap,
each module's picture once per size; the slide of the moment is drawn once per change into
its own pixmap, and only the card and the invitation repaint, during a short fade every few
seconds. The data is read again every few minutes while the loop shows.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimeLine, QTimer
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
)

from kiosk.core.i18n import gettext_in
from kiosk.core.settings import LANGUAGES
from kiosk.ui import attract_slides as slides_mod
from kiosk.ui.attract_slides import INVITATION, LiveSlide, ModuleSlide, Slide
from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets import attract_card as card
from kiosk.ui.widgets.episode_banner import EpisodeBanner

if TYPE_CHECKING:
    from kiosk.ui.library import Library

REFRESH_S = 300.0  # the live value, the agenda and the trail are read again after this


class AttractScreen(Screen):
    show_chrome = False

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._background: QPixmap | None = None
        self._drawn_frames: tuple | None = None  # the card and box the background holds
        self._tick = 0
        self._opacity = 1.0
        self._content: QPixmap | None = None  # the slide of the moment, drawn on its card
        self._invitations: dict[str, QPixmap] = {}
        self._covers: dict[str, QPixmap | None] = {}  # module pictures at the current size
        self._modules: list[ModuleSlide] = []
        self._news: dict[str, Slide | None] = {"live": None, "event": None, "trail": None}
        self.slides: list[Slide] = slides_mod.arrange([], None, None, None)
        self._loaded_at: float | None = None
        self._listening: list = []  # (service, listener) to remove on dispose
        self._library: Library | None = None
        self._ticked = False
        self._start_on: str | None = None  # a slide kind to start on (enter's argument)
        # Six frames of fade: each repaints the card (about 3 ms at 1920×1080).
        self._fade = QTimeLine(600, self)
        self._fade.setUpdateInterval(100)
        self._fade.valueChanged.connect(self._on_fade_value)
        self._cycle = QTimer(self)
        self._cycle.setObjectName("attract-cycle")
        self._cycle.setInterval(max(1, ctx.settings.session.attract_caption_seconds) * 1000)
        self._cycle.timeout.connect(self.advance)
        # An episode in progress, in the caption's language (kiosk.ui.widgets.episode_banner).
        self.banner = EpisodeBanner(ctx, "attract", self, with_button=False, show_season=False)

    def mousePressEvent(self, event) -> None:
        # Real touches are caught on the native window by the shell; a press delivered to the
        # widget itself (tests, accessibility tools) wakes the kiosk the same way.
        self.go.emit("wake")

    # --- what is shown ------------------------------------------------------------------------
    def position(self) -> tuple[Slide, str]:
        index, lang = slides_mod.position(self._tick, len(self.slides))
        return self.slides[index], self.languages()[lang]

    def languages(self) -> list[str]:
        """The five languages in the order the loop speaks them: the kiosk's own first."""
        own = self.ctx.settings.kiosk.language
        return [own, *(lang for lang in LANGUAGES if lang != own)]

    def language_shown(self) -> str:
        """The language of the caption on screen: a touch opens home in it (MainWindow.wake)."""
        return self.position()[1]

    def caption(self) -> str:
        return gettext_in(self.language_shown(), INVITATION)

    def words(self):
        slide, lang = self.position()
        return slide.words(lang, self._now())

    def _now(self) -> float:
        clock = self.ctx.clock
        return clock.now() if clock is not None else time.time()

    # --- life cycle -------------------------------------------------------------------------
    def enter(self, arg: str | None) -> None:
        """`arg` a slide kind ("attract:event"): the loop starts on the first slide of that
        kind, in the kiosk's language, as soon as it is there (pictures for the guides)."""
        self._tick = 0
        self._start_on = arg
        self._opacity = 1.0
        self._content = None
        self._cycle.start()
        self.banner.set_language(self.language_shown())
        self.banner.screen_entered()
        # At start-up the loop is entered before the first paint, when no service runs yet:
        # its data is read from the first turn of the loop on.
        if self._ticked or self.ctx.sensors is not None or self.ctx.agenda is not None:
            self.load()

    def leave(self) -> None:
        self._cycle.stop()
        self._fade.stop()

    def dispose(self) -> None:
        for service, fn in self._listening:
            service.remove_listener(fn)
        self._listening.clear()
        if self._library is not None:
            self._library.ready.disconnect(self._on_exhibits)
            self._library = None

    def advance(self) -> None:
        """The next slide in the next language (the cycle timer)."""
        self._ticked = True
        self._start_on = None
        self._tick += 1
        self._content = None
        self._fade.stop()  # a tick shorter than the fade: the new slide fades in from the start
        self._fade.start()
        self.banner.set_language(self.language_shown())
        self.load()

    def _on_fade_value(self, value: float) -> None:
        self._opacity = float(value)
        card_rect, invitation = self._frames()
        self.update(card_rect.toAlignedRect().united(invitation))

    # --- data (off the GUI thread) ----------------------------------------------------------
    def load(self, *, force: bool = False) -> None:
        """Read what is due again: the exhibition once, the rest every REFRESH_S."""
        from kiosk.ui.library import exhibits_of

        library = exhibits_of(self.ctx)
        if self._library is not library:  # an installed bundle reloads it: new slides
            self._library = library
            library.ready.connect(self._on_exhibits)
            if library.loaded is not None:
                self._on_exhibits()
        now = time.monotonic()
        if not force and self._loaded_at is not None and now - self._loaded_at < REFRESH_S:
            return
        self._loaded_at = now
        tasks, sensors, agenda = self.ctx.tasks, self.ctx.sensors, self.ctx.agenda
        for service in (sensors, agenda):
            if service is not None and service not in [s for s, _fn in self._listening]:
                service.add_listener(self._on_changed)
                self._listening.append((service, self._on_changed))
        # A service that is still opening says so (is_open, on main) and tells its listeners
        # once open: the live value is asked for then rather than failing now.
        if sensors is not None and sensors.is_open:
            tasks.run(sensors.live, pool="net", key="attract-live",
                      on_done=lambda view: self._set_news(
                          "live", slides_mod.nearest_reading(view)),
                      on_error=lambda e: self._lost("live", e))
        if agenda is not None:
            tasks.run(agenda.load, pool="db", key="attract-agenda",
                      on_done=lambda view: self._set_news(
                          "event", slides_mod.next_event(view, self._now())),
                      on_error=lambda e: self._lost("event", e))
        tasks.run(_trail_job, sensors, self.ctx.paths, self.ctx.settings.kiosk, pool="net",
                  key="attract-trail", on_done=lambda s: self._set_news("trail", s),
                  on_error=lambda e: self._lost("trail", e))

    def _on_changed(self) -> None:
        """A service has news (a sync landed): read it at the next turn of the loop."""
        self._loaded_at = None

    def _on_exhibits(self) -> None:
        loaded = self._library.loaded if self._library is not None else None
        if loaded is None:
            return
        self._modules = list(slides_mod.module_slides(loaded.content, loaded))
        self._covers.clear()
        self._arrange()

    def _set_news(self, kind: str, slide: Slide | None) -> None:
        self._news[kind] = slide
        self._arrange()

    def _lost(self, kind: str, error: BaseException) -> None:
        # The loop shows the rest; the health screen (and the log) say why one is missing.
        area = {"live": "sensors", "event": "agenda", "trail": "sites"}[kind]
        self.ctx.problems.report(area, "attract loop", f"{type(error).__name__}: {error}")
        self._set_news(kind, None)

    def _arrange(self) -> None:
        shown = self.position()[0].key
        self.slides = slides_mod.arrange(self._modules, self._news["live"],
                                         self._news["event"], self._news["trail"])
        wanted = [i for i, s in enumerate(self.slides) if s.kind == self._start_on]
        if wanted:
            count = len(self.slides)
            # Again when more slides land, until the loop turns (advance forgets the kind).
            self._tick = next(k for k in range(count * len(LANGUAGES))
                              if slides_mod.position(k, count) == (wanted[0], 0))
        if self.position()[0].key != shown:
            self._content = None
            self.update()

    # --- drawing ------------------------------------------------------------------------------
    def _frames(self) -> tuple[QRectF, QRect]:
        """The card and the invitation's box, below the episode banner when it shows."""
        t = self.ctx.theme
        w, h = self.width(), self.height()
        top = h * 0.06
        if self.banner.isVisible():
            top = max(top, self.banner.geometry().bottom() + t.gap)
        invitation = self._invitation_rect()
        bottom = invitation.top() - t.gap * 1.5
        side = w * (0.05 if t.portrait else 0.08)
        return QRectF(side, top, w - 2 * side, max(t.touch, bottom - top)), invitation

    def _invitation_rect(self) -> QRect:
        """One box for every language (the widest caption), so it never jumps."""
        t = self.ctx.theme
        w, h = self.width(), self.height()
        pad = t.gap * 2
        f = card.font(t, t.title, True)
        metrics = QFontMetrics(f)
        texts = [gettext_in(lang, INVITATION) for lang in LANGUAGES]
        box_w = min(int(w * 0.92), max(metrics.horizontalAdvance(c) for c in texts) + 2 * pad)
        lines = max(metrics.boundingRect(QRect(0, 0, box_w - 2 * pad, h), card.WRAP,
                                         c).height() for c in texts)
        box_h = lines + pad
        return QRect((w - box_w) // 2, int(h * 0.86) - box_h, box_w, box_h)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.retranslate()
        self._covers.clear()
        self.banner.place()
        super().resizeEvent(event)

    def retranslate(self) -> None:
        self._background = None
        self._content = None
        self._invitations.clear()
        self.update()

    def _cover(self, slide: Slide, size) -> QPixmap | None:
        if slide.key not in self._covers:
            data = slide.cover if isinstance(slide, ModuleSlide) else None
            self._covers[slide.key] = card.render_svg(data, size) if data else None
        return self._covers[slide.key]

    def _paint_content(self, rect: QRectF) -> QPixmap:
        """The slide of the moment on a transparent pixmap the size of the card."""
        slide, lang = self.position()
        t = self.ctx.theme
        pm = QPixmap(rect.toAlignedRect().size())
        pm.fill(Qt.GlobalColor.transparent)
        local = QRectF(0, 0, rect.width(), rect.height())
        cover = None
        if slide.kind == "module":
            room, _words = card.split(local, t, True)
            if room is not None:
                cover = self._cover(slide, room.size().toSize())
        with_visual = slide.kind in ("live", "event", "trail") or cover is not None
        visual, words_box = card.split(local, t, with_visual)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        if visual is not None:
            card.paint_visual(p, visual, slide, lang, t, cover)
        demo = isinstance(slide, LiveSlide) and slide.reading.demo
        card.paint_words(p, words_box, slide.words(lang, self._now()), t,
                         centred=not with_visual, demo=demo)
        p.end()
        return pm

    def _invitation(self, lang: str, rect: QRect) -> QPixmap:
        pm = self._invitations.get(lang)
        if pm is None:
            t = self.ctx.theme
            pm = QPixmap(rect.size())
            pm.fill(Qt.GlobalColor.transparent)
            p = QPainter(pm)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            p.setFont(card.font(t, t.title, True))
            p.setPen(QColor(t.primary_text))
            p.drawText(QRectF(pm.rect()), int(Qt.AlignmentFlag.AlignCenter) | card.WRAP,
                       gettext_in(lang, INVITATION))
            p.end()
            self._invitations[lang] = pm
        return pm

    def _paint_background(self) -> QPixmap:
        w, h = max(1, self.width()), max(1, self.height())
        pm = QPixmap(w, h)
        t = self.ctx.theme
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        sky = QLinearGradient(0, 0, 0, h)
        sky.setColorAt(0.0, QColor("#cfe8f3") if t.name.startswith("default") else QColor("#000"))
        sky.setColorAt(1.0, QColor(t.background))
        p.fillRect(pm.rect(), sky)
        # Hills of the Provence skyline and a city edge, in three greens.
        for i, (colour, base, amp) in enumerate(
            (("#a9c99a", 0.70, 0.10), ("#6f9f63", 0.78, 0.08), ("#3f7142", 0.86, 0.06))
        ):
            path = QPainterPath(QPointF(0, h))
            steps = 12
            for k in range(steps + 1):
                x = w * k / steps
                y = h * (base - amp * ((k * (i + 3)) % 5) / 5)
                path.lineTo(x, y)
            path.lineTo(w, h)
            path.closeSubpath()
            p.fillPath(path, QColor(colour))
        for k in range(9):
            x = w * (0.08 + 0.11 * k)
            top = h * (0.74 + 0.03 * (k % 3))
            p.fillRect(QRectF(x - 4, top, 8, h * 0.05), QColor("#5b4636"))
            p.setBrush(QColor("#2e6b3a"))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawEllipse(QPointF(x, top), h * 0.03, h * 0.04)
        # The empty card and the invitation's box: each slide is drawn onto them.
        card_rect, invitation = self._frames()
        high_contrast = t.name.startswith("high-contrast")
        p.setPen(QColor(t.text) if high_contrast else Qt.PenStyle.NoPen)
        p.setBrush(QColor(t.surface))
        p.drawRoundedRect(card_rect, t.radius * 2, t.radius * 2)
        p.setBrush(QColor(t.primary))
        p.drawRoundedRect(QRectF(invitation), t.radius * 2, t.radius * 2)
        p.end()
        return pm

    def paintEvent(self, event: QPaintEvent) -> None:
        card_rect, invitation = self._frames()
        if (self._background is None or self._background.size() != self.size()
                or self._drawn_frames != (card_rect, invitation)):
            # First paint, a new size, or the episode banner came or went.
            self._background = self._paint_background()
            self._drawn_frames = (card_rect, invitation)
            self._content = None
        p = QPainter(self)
        p.drawPixmap(event.rect(), self._background, event.rect())
        # The new slide and its language fade in on the card that stays.
        p.setOpacity(0.15 + 0.85 * self._opacity)
        if event.rect().intersects(card_rect.toAlignedRect()):
            if self._content is None:
                self._content = self._paint_content(card_rect)
            p.drawPixmap(card_rect.topLeft(), self._content)
        if event.rect().intersects(invitation):
            p.drawPixmap(invitation.topLeft(), self._invitation(self.language_shown(),
                                                                invitation))
        p.end()


def _trail_job(sensors, paths, kiosk_settings):
    """The territory's trail from the sensors' site catalog, or sites.toml when the sensors
    service is not running (a worker job: the catalog may be read from disk)."""
    if sensors is not None:
        catalog = sensors.catalog
    else:
        from kiosk.core.sensors import territory
        from kiosk.core.settings import TERRITORIES

        catalog = territory.load(paths.content_dir("sites"), TERRITORIES)
    return slides_mod.trail_of(catalog, kiosk_settings)
