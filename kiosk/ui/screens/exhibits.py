"""The exhibition: one card per module, with its cover picture, title and summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.episodes import promoted_first
from kiosk.core.exhibits import Module
from kiosk.core.i18n import _, current_language
from kiosk.ui.context import UiContext
from kiosk.ui.library import exhibits_of
from kiosk.ui.screens.base import Screen

if TYPE_CHECKING:
    from kiosk.ui.library import Library


_warmed = False  # one warm-up per process


class ModuleCard(QPushButton):
    """A large card leading to a module: cover on top, title and summary under it."""

    def __init__(self, ctx: UiContext, module: Module, cover: bytes | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.module = module
        self.setObjectName(f"module-{module.id}")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(ctx.theme.touch * 3, ctx.theme.touch * 3)
        self.cover = QSvgRenderer(QByteArray(cover), self) if cover else None
        if self.cover is not None and not self.cover.isValid():
            self.cover = None
        self._cover_cache: QPixmap | None = None
        self.retranslate()

    def _cover(self, width: float, height: float) -> QPixmap:
        """The cover drawn once per card size: rendering an SVG on every paint is slow."""
        cover = self.cover
        if cover is None:
            return QPixmap()
        size = cover.defaultSize()
        scale = min(width / size.width(), height / size.height())
        w, h = max(1, round(size.width() * scale)), max(1, round(size.height() * scale))
        cached = self._cover_cache
        if cached is not None and (cached.width(), cached.height()) == (w, h):
            return cached
        pixmap = QPixmap(w, h)
        pixmap.fill(Qt.GlobalColor.transparent)
        p = QPainter(pixmap)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        cover.render(p, QRectF(0, 0, w, h))
        p.end()
        self._cover_cache = pixmap
        return pixmap

    def retranslate(self) -> None:
        self.setAccessibleName(self.module.title.get(current_language()))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self.ctx.theme
        lang = current_language()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        p.setPen(QColor(t.text) if t.name.startswith("high-contrast") else Qt.PenStyle.NoPen)
        p.setBrush(QColor(t.surface_alt if self.isDown() else t.surface))
        p.drawRoundedRect(r, t.radius, t.radius)
        cover_h = r.height() * 0.5
        cover = QRectF(r.left() + t.gap / 2, r.top() + t.gap / 2, r.width() - t.gap,
                       cover_h - t.gap / 2)
        if self.cover is not None:
            pixmap = self._cover(cover.width(), cover.height())
            p.drawPixmap(round(cover.center().x() - pixmap.width() / 2), round(cover.top()),
                         pixmap)
        else:
            p.setBrush(QColor(t.surface_alt))
            p.setPen(Qt.PenStyle.NoPen)
            p.drawRoundedRect(cover, t.radius / 2, t.radius / 2)
        title = QFont(t.font_family)
        title.setPixelSize(t.body + 2)
        title.setBold(True)
        p.setFont(title)
        p.setPen(QColor(t.text))
        text_top = r.top() + cover_h + t.gap / 2
        title_rect = QRectF(r.left() + t.gap / 2, text_top, r.width() - t.gap, t.body * 2.6)
        p.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                   f"{self.module.order}. {self.module.title.get(lang)}")
        body = QFont(t.font_family)
        body.setPixelSize(t.small)
        p.setFont(body)
        p.setPen(QColor(t.text_muted))
        p.drawText(QRectF(title_rect.left(), title_rect.bottom() + 4, title_rect.width(),
                          r.bottom() - title_rect.bottom() - t.gap / 2),
                   Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                   self.module.summary.get(lang))
        p.end()


class ExhibitsScreen(Screen):
    """The module list; it fills in when the exhibition has loaded in the background."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        t = ctx.theme
        col = QVBoxLayout(self)
        col.setContentsMargins(t.margin, t.gap, t.margin, t.margin)
        col.setSpacing(t.gap)
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.heading.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        col.addWidget(self.heading)
        col.addWidget(self.status)
        self.grid = QGridLayout()
        self.grid.setSpacing(t.gap)
        col.addLayout(self.grid, 1)
        self.cards: dict[str, ModuleCard] = {}
        self.library: Library | None = None
        self.retranslate()

    def title(self) -> str:
        return _("Exposition")

    def enter(self, arg: str | None) -> None:
        if self.library is None:
            self.library = exhibits_of(self.ctx)
            self.library.ready.connect(self._rebuild)
        self._rebuild()
        QTimer.singleShot(0, self._warm_up)

    def _warm_up(self) -> None:
        """Build one page while the visitor reads the list: the first page Qt lays out in a
        process pays for one-time set-up (a few hundred ms here), the tap that follows must not.
        """
        global _warmed
        library = self.library
        ex = library.exhibition if library else None
        if _warmed or library is None or not ex or not ex.modules:
            return
        _warmed = True
        from kiosk.ui.widgets.exhibit_pages import build_page

        module = ex.modules[0]
        page = build_page(self.ctx, module, module.pages[0], 0, library.pictures,
                          {}, lambda key, message: None, lambda target: None)
        page.resize(self.size())
        page.grab()  # lay out and paint it off screen
        page.deleteLater()

    def _rebuild(self) -> None:
        library = self.library
        ex = library.exhibition if library else None
        # An episode's (or the season's) module first (kiosk.ui.conditions).
        modules = promoted_first(list(ex.modules) if ex else [],
                                 self.ctx.conditions.module_first if self.ctx.conditions else None)
        ids = [m.id for m in modules]
        if ids != list(self.cards):
            for card in self.cards.values():
                card.deleteLater()
            self.cards.clear()
            for i, module in enumerate(modules):
                card = ModuleCard(self.ctx, module,
                                  library.picture(module.cover) if library else None)
                card.clicked.connect(lambda _=False, m=module.id: self.go.emit(self.target(m)))
                self.cards[module.id] = card
                self.grid.addWidget(card, i // 4, i % 4)
        self.retranslate()

    def target(self, module_id: str) -> str:
        """During an episode its module opens on the page explaining it (screens.episode)."""
        c = self.ctx.conditions.current if self.ctx.conditions is not None else None
        if c is not None and c.episode is not None and c.episode.module == module_id:
            return "episode"
        return f"exhibit:{module_id}"

    def retranslate(self) -> None:
        self.heading.setText(_("La nature dans la ville et le changement climatique"))
        library = self.library
        if library is None or (library.loaded is None and not library.failed):
            self.status.setText(_("Chargement de l'exposition…"))
        elif not self.cards:
            self.status.setText(_("L'exposition n'est pas disponible pour le moment. "
                                  "L'équipe de la maison en est informée."))
        else:
            self.status.setText(_("Touchez un module pour le découvrir."))
        for card in self.cards.values():
            card.retranslate()
