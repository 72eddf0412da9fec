"""Section screens not built yet: an honest "coming soon" in the visitor's language."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from kiosk.core.i18n import _
from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen
from kiosk.ui.sections import SECTIONS


class ComingSoonScreen(Screen):
    section_id = ""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        col = QVBoxLayout(self)
        col.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel()
        self.message.setProperty("role", "title")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        col.addWidget(self.message)
        self.retranslate()

    def title(self) -> str:
        return _(SECTIONS[self.section_id].title)

    def retranslate(self) -> None:
        self.message.setText(_("Bientôt disponible"))


class ExhibitionSoon(ComingSoonScreen):
    section_id = "exhibits"


class VideosSoon(ComingSoonScreen):
    section_id = "videos"


class SensorsSoon(ComingSoonScreen):
    section_id = "sensors"


class TrendsSoon(ComingSoonScreen):
    section_id = "trends"


class AgendaSoon(ComingSoonScreen):
    section_id = "agenda"
