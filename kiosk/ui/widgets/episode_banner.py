"""The banner of the moment on attract and home: an episode in progress, else the season.

Reads `ctx.conditions` (kiosk.ui.conditions.ConditionsWatch). During an episode: a strong
band in the visitor's language ("Épisode de pollution à l'ozone en cours près d'ici"), the
figure measured against its threshold, and (on home) a button to the page explaining it.
Outside episodes, home shows the seasonal emphasis in a calm band; attract shows nothing.

Journal: `promotion_shown` (screen, module, item = the episode kind or "season") once per
promotion and screen visit, `promotion_followed` when the button is tapped (anonymous).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.exhibits import Exhibition
from kiosk.core.i18n import N_, current_language, format_number, gettext_in
from kiosk.ui.widgets.touch import TouchButton

HEADLINES = {
    "o3": N_("Épisode de pollution à l'ozone en cours près d'ici"),
    "pm10": N_("Épisode de pollution aux particules en cours près d'ici"),
    "no2": N_("Épisode de pollution au dioxyde d'azote en cours près d'ici"),
    "heat": N_("Épisode de canicule en cours près d'ici"),
}
LEVELS = {
    "information": N_("{value} à {site} : au-dessus du seuil d'information ({threshold})"),
    "alert": N_("{value} à {site} : au-dessus du seuil d'alerte ({threshold})"),
}
HEAT_DETAIL = N_("Sur trois jours à {site} : nuits à {night} en moyenne, journées à {day} "
                 "(seuils {night_threshold} et {day_threshold})")
SEASON = N_("À découvrir en ce moment : {module}")


def figure(value: float, unit: str) -> str:
    return f"{format_number(value, 0)}\u00a0{unit}"  # never "24" and "°C" on two lines


class EpisodeBanner(QFrame):
    """Signals:
    go(str): a screen target ("episode", "exhibit:heat-island").
    """

    go = Signal(str)

    def __init__(self, ctx, screen_id: str, parent: QWidget | None = None, *,
                 with_button: bool = True, show_season: bool = True) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.screen_id = screen_id
        self.with_button = with_button
        self.show_season = show_season
        self.language: str | None = None  # None: the interface language
        self._target = ""
        self._recorded: tuple | None = None
        self.setObjectName(f"episode-banner-{screen_id}")
        t = ctx.theme
        row = QHBoxLayout(self)
        row.setContentsMargins(t.gap, t.gap // 2, t.gap, t.gap // 2)
        row.setSpacing(t.gap)
        text = QVBoxLayout()
        self.headline = QLabel()
        self.headline.setObjectName("episode-headline")
        self.headline.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setObjectName("episode-detail")
        self.detail.setWordWrap(True)
        text.addWidget(self.headline)
        text.addWidget(self.detail)
        row.addLayout(text, 1)
        self.button = TouchButton(min_px=t.touch)
        self.button.setObjectName("episode-button")
        self.button.clicked.connect(self._follow)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.button.setVisible(with_button)
        self.hide()
        watch = ctx.conditions
        if watch is not None:
            watch.changed.connect(self.refresh)

    def _tr(self, message: str) -> str:
        return gettext_in(self.language or current_language(), message)

    def set_language(self, lang: str | None) -> None:
        """Attract shows the banner in the language of its caption of the moment."""
        self.language = lang
        self.refresh()

    def promotion(self) -> tuple[str, str, str] | None:
        """(kind, module, item) of what the banner shows now, or None."""
        watch = self.ctx.conditions
        c = watch.current if watch is not None else None
        if c is None:
            return None
        if c.episode is not None:
            return "episode", c.episode.module, c.episode.kind
        if self.show_season and c.season is not None:
            return "season", c.season.module, "season"
        return None

    def refresh(self) -> None:
        promo = self.promotion()
        if promo is None:
            self.hide()
            return
        t = self.ctx.theme
        kind, module, _item = promo
        c = self.ctx.conditions.current
        if kind == "episode":
            e = c.episode
            self.headline.setText(self._tr(HEADLINES[e.kind]))
            if e.kind == "heat":
                detail = self._tr(HEAT_DETAIL).format(
                    site=e.site_name, night=figure(e.value, e.unit),
                    day=figure(e.day_value or 0.0, e.unit),
                    night_threshold=figure(e.threshold, e.unit),
                    day_threshold=figure(e.day_threshold or 0.0, e.unit))
            else:
                detail = self._tr(LEVELS[e.level]).format(
                    value=figure(e.value, e.unit), site=e.site_name,
                    threshold=figure(e.threshold, e.unit))
            self.detail.setText(detail)
            self.detail.show()
            self.button.setText(self._tr(N_("Comprendre l'épisode")))
            self._target = "episode"
            colour, ink = (t.danger if e.level == "alert" else t.warning), t.primary_text
        else:
            self.headline.setText(self._tr(SEASON).format(module=self._module_title(module)))
            self.detail.hide()
            self.button.setText(self._tr(N_("Découvrir le module")))
            self._target = f"exhibit:{module}"
            colour, ink = t.surface_alt, t.text
        style = (f"#{self.objectName()} {{ background: {colour}; border-radius: {t.radius}px; }}"
                 f" #episode-headline {{ color: {ink}; font-size: {t.title}px;"
                 f" font-weight: bold; }} #episode-detail {{ color: {ink};"
                 f" font-size: {t.body}px; }}")
        if style != self.styleSheet():  # attract refreshes at each caption: no restyle then
            self.setStyleSheet(style)
        self.show()
        self.place()
        self._record_shown(promo)

    def place(self) -> None:
        """Over a screen without a layout (attract): a band across the top."""
        parent = self.parentWidget()
        if parent is None or parent.layout() is not None:
            return
        w = int(parent.width() * 0.84)
        self.setFixedWidth(w)
        layout = self.layout()
        self.setFixedHeight(layout.heightForWidth(w) if layout and layout.hasHeightForWidth()
                            else self.sizeHint().height())
        self.move((parent.width() - w) // 2, int(parent.height() * 0.04))
        self.raise_()

    def _module_title(self, module_id: str) -> str:
        ex = self.ctx.exhibits.content if self.ctx.exhibits is not None else None
        module = ex.module(module_id) if isinstance(ex, Exhibition) else None
        return module.title.get(self.language or current_language()) if module else module_id

    def screen_entered(self) -> None:
        """A new visit of the screen: the promotion counts as shown again."""
        self._recorded = None
        self.refresh()

    def _record_shown(self, promo: tuple[str, str, str]) -> None:
        if promo != self._recorded:
            self._recorded = promo
            self.ctx.record("promotion_shown", screen=self.screen_id, module=promo[1],
                            item=promo[2])

    def _follow(self) -> None:
        promo = self.promotion()
        if promo is None or not self._target:
            return
        self.ctx.record("promotion_followed", screen=self.screen_id, module=promo[1],
                        item=promo[2])
        self.go.emit(self._target)
