"""The home screen: a greeting and one large tile per section."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.core.i18n import _
from kiosk.ui.context import UiContext
from kiosk.ui.screens import SECTIONS as SECTION_ORDER
from kiosk.ui.screens.base import Screen
from kiosk.ui.sections import SECTIONS, Section
from kiosk.ui.widgets.episode_banner import EpisodeBanner
from kiosk.ui.widgets.icons import paint_icon
from kiosk.ui.widgets.visit_links import VisitLinks


class SectionTile(QPushButton):
    """A large card leading to a section: icon, name and a one-line invitation."""

    def __init__(self, section: Section, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.ctx = ctx
        self.setObjectName(f"tile-{section.id}")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumSize(ctx.theme.touch * 4, ctx.theme.touch * 2)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(_(self.section.title))
        self.update()

    def section_title(self) -> str:
        return _(self.section.title)

    def section_summary(self) -> str:
        return _(self.section.summary)

    def layout_boxes(self) -> tuple[QRectF, QRectF, QFont, QRectF, QFont]:
        """Where the icon, the name and the invitation go, and in which fonts."""
        t = self.ctx.theme
        r = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        # The icon gives way so that the invitation keeps two lines (larger text), and never
        # takes more than a third of a narrow tile's width.
        icon = max(t.body * 1.6, min(r.height() * 0.45, 140, r.width() * 0.3,
                                     r.height() - t.gap * 3 - 2.6 * t.small))
        icon_box = QRectF(r.left() + t.gap, r.top() + t.gap, icon, icon)
        name = _(self.section.title)
        title = QFont(t.font_family)
        title.setBold(True)
        text_left = r.left() + t.gap * 2 + icon
        title_box = QRectF(text_left, r.top() + t.gap, r.right() - text_left - t.gap, icon)
        below = r.top() + icon + t.gap * 2
        if not fits_words(title, title_box, name, t.body):
            # A long word ("Ausstellung") has no room beside the icon: it goes under it.
            title.setPixelSize(t.title)
            height = QFontMetrics(title).height() * 2
            title_box = QRectF(r.left() + t.gap, below, r.width() - 2 * t.gap, height)
            below += height + t.gap
        body_box = QRectF(r.left() + t.gap, below, r.width() - 2 * t.gap,
                          r.bottom() - below - t.gap)
        return (icon_box, title_box, fitted(title, title_box, name, t.title, t.body), body_box,
                fitted(QFont(t.font_family), body_box, _(self.section.summary), t.body,
                       t.small))

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self.ctx.theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        p.setPen(QColor(t.text) if t.name.startswith("high-contrast") else Qt.PenStyle.NoPen)
        p.setBrush(QColor(t.surface_alt if self.isDown() else t.surface))
        p.drawRoundedRect(r, t.radius, t.radius)
        icon_box, title_box, title_font, body_box, body_font = self.layout_boxes()
        paint_icon(p, self.section.icon, icon_box, QColor(t.primary))
        p.setFont(title_font)
        p.setPen(QColor(t.text))
        p.drawText(title_box, Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap,
                   self.section_title())
        p.setFont(body_font)
        p.setPen(QColor(t.text_muted))
        p.drawText(body_box, Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
                   self.section_summary())
        p.end()


def fits_words(font: QFont, box: QRectF, text: str, px: int) -> bool:
    """Whether each word of `text` fits the width of `box` at `px` (wrapping never cuts one)."""
    font = QFont(font)
    font.setPixelSize(px)
    metrics = QFontMetrics(font)
    return all(metrics.horizontalAdvance(w) <= box.width() for w in text.split())


def fitted(font: QFont, box: QRectF, text: str, px: int, min_px: int) -> QFont:
    """`font` at `px`, or smaller down to `min_px`, so the wrapped `text` fits in `box`
    (larger text leaves the tiles less room than their words need)."""
    font = QFont(font)
    flags = int(Qt.TextFlag.TextWordWrap)
    while True:
        font.setPixelSize(px)
        need = QFontMetrics(font).boundingRect(box.toRect(), flags, text)
        if px <= min_px or (need.height() <= box.height() and need.width() <= box.width()):
            return font
        px -= 2


class HomeScreen(Screen):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        t = ctx.theme
        col = QVBoxLayout(self)
        col.setContentsMargins(t.margin, t.margin, t.margin, t.margin)
        col.setSpacing(t.gap)
        self.greeting = QLabel()
        self.greeting.setProperty("role", "headline")
        self.greeting.setWordWrap(True)
        self.where = QLabel()
        self.where.setProperty("role", "muted")
        col.addWidget(self.greeting)
        col.addWidget(self.where)
        # Episode in progress, else the season's module (kiosk.ui.widgets.episode_banner).
        self.banner = EpisodeBanner(ctx, "home")
        self.banner.go.connect(self.go)
        col.addWidget(self.banner)
        self.grid = QGridLayout()
        self.grid.setSpacing(t.gap)
        self.tiles: dict[str, SectionTile] = {}
        for section_id in SECTION_ORDER:
            tile = SectionTile(SECTIONS[section_id], ctx)
            tile.clicked.connect(lambda _=False, s=section_id: self.go.emit(s))
            self.tiles[section_id] = tile
        self.columns = 0
        self._place_tiles(3)
        col.addLayout(self.grid, 1)
        # Under the six tiles, in one line: "finish my visit" and "what we measure".
        self.visit_links = VisitLinks(t, horizontal=True)
        self.visit_links.go.connect(self.go)
        col.addWidget(self.visit_links, 0, Qt.AlignmentFlag.AlignRight)
        self.retranslate()

    def _place_tiles(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        for i, tile in enumerate(self.tiles.values()):
            self.grid.addWidget(tile, i // columns, i % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A portrait screen gets two wide columns of three tiles instead of three narrow ones.
        self._place_tiles(2 if event.size().height() > event.size().width() * 1.2 else 3)
        super().resizeEvent(event)

    def title(self) -> str:
        return _("Accueil")

    def retranslate(self) -> None:
        self.greeting.setText(_("Bienvenue à la maison de la nature en ville"))
        self.where.setText(
            _("Nous sommes sur le territoire : {territory}").format(
                territory=self.ctx.settings.territory.name)
        )
        for tile in self.tiles.values():
            tile.retranslate()
        self.visit_links.retranslate()
        self.banner.refresh()

    def enter(self, arg: str | None) -> None:
        self.retranslate()
        self.banner.screen_entered()
