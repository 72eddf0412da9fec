"""Badges next to sensor values: how old the value is, and what kind of source gave it.

The age always comes from the stored observation's time; the badge turns grey past the
source's staleness limit, says "hors ligne" when the last sync failed, and says
"démonstration" for generated data, which never shows an age as if it were measured.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.i18n import N_, _, format_datetime, format_relative
from kiosk.ui.theme import Theme

SOURCE_LABELS = {
    "reference": N_("station de référence"),
    "project": N_("micro-capteur du projet"),
    "community": N_("capteur citoyen"),
}


# Past a day a value says when it was measured ("28/11/2026 14:00"), not "il y a 3 jours".
OLD_AFTER_S = 86400.0


def age_text(seconds: float, data_time: float | None = None) -> str:
    """ "il y a 3 heures" in the current language; under a minute counts as one minute; the
    local date and hour when older than OLD_AFTER_S and `data_time` is given."""
    if data_time is not None and seconds > OLD_AFTER_S:
        when = dt.datetime.fromtimestamp(data_time, dt.UTC).astimezone()
        return format_datetime(when, "short")
    return format_relative(dt.timedelta(seconds=max(60.0, seconds)))


class FreshnessBadge(QLabel):
    """States: "fresh", "stale", "old" (stale for over a day: its date), "offline", "demo",
    "none" (the `state` property, for tests and the stylesheet)."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.setObjectName("freshness")
        self.state = "none"
        self._args: tuple = (None, 0.0, None, False)
        self.update_state(None, 0.0)

    def update_state(self, data_time: float | None, now: float, *, limit_s: float | None = None,
                     online: bool | None = None, demo: bool = False) -> None:
        """`data_time`: the observation's time (UTC epoch s); `now` only measures its age."""
        self._args = (data_time, now, limit_s, online, demo)
        t = self.theme
        if demo:
            # Short: the screen also says "données de démonstration" in full.
            self.state, text = "demo", _("démo")
            colours = (t.warning, t.surface)
        elif data_time is None:
            self.state, text = "none", _("aucune donnée")
            colours = (t.stale, t.surface)
        else:
            age = max(0.0, now - data_time)
            stale = limit_s is not None and age > limit_s
            if online is False:
                self.state = "offline"
                text = _("hors ligne · {ago}").format(ago=age_text(age, data_time))
                colours = (t.stale, t.surface)
            elif stale:
                self.state = "old" if age > OLD_AFTER_S else "stale"
                text = _("ancienne : {ago}").format(ago=age_text(age, data_time))
                colours = (t.stale, t.surface)
            else:
                self.state, text = "fresh", age_text(age)
                colours = (t.surface_alt, t.text)
        self.setText(text)
        bg, fg = colours
        self.setStyleSheet(f"QLabel#freshness {{ background: {bg}; color: {fg}; "
                           f"border-radius: 8px; padding: 2px 10px; font-size: {t.body}px; }}")
        self.setProperty("state", self.state)

    def retranslate(self) -> None:
        data_time, now, limit_s, online, demo = self._args
        self.update_state(data_time, now, limit_s=limit_s, online=online, demo=demo)


class SourceBadge(QLabel):
    """The source class of a value: reference station, project micro-sensor, community."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.setObjectName("source-badge")
        self.source_class = "reference"

    def set_source(self, source_class: str) -> None:
        self.source_class = source_class
        t = self.theme
        bg = {"reference": t.primary, "project": t.accent}.get(source_class, t.warning)
        self.setStyleSheet(f"QLabel#source-badge {{ background: {bg}; color: {t.primary_text}; "
                           f"border-radius: 8px; padding: 2px 10px; font-size: {t.body}px; }}")
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(_(SOURCE_LABELS.get(self.source_class, self.source_class)))
