"""Facilitator panel page: the PIN change (typed twice, hashed on a worker, then saved)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.core.i18n import _
from kiosk.core.sessions.pin import hash_pin, valid_pin
from kiosk.core.settings import SettingsError
from kiosk.ui.context import UiContext
from kiosk.ui.screens.admin_pages.parts import page_title
from kiosk.ui.staff_words import english
from kiosk.ui.widgets.pin_pad import PinPad


class PinPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        col = QVBoxLayout(self)
        self.heading = page_title()
        col.addWidget(self.heading)
        self.pad = PinPad(ctx.theme)
        self.pad.setObjectName("new-pin")
        self.pad.submitted.connect(self.on_submitted)
        col.addWidget(self.pad, 1, Qt.AlignmentFlag.AlignHCenter)
        self._first: str | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("Changer le code PIN"))
        self._prompt()

    def _prompt(self) -> None:
        self.pad.set_prompt(_("Confirmez le nouveau code") if self._first
                            else _("Nouveau code (4 à 8 chiffres)"))

    def restart(self) -> None:
        self._first = None
        self.pad.clear()
        self.pad.set_message("")
        self._prompt()

    def activate(self) -> None:
        self.restart()

    def on_submitted(self, code: str) -> None:
        if self._first is None:
            if not valid_pin(code):
                self.pad.set_message(_("Un code PIN a de 4 à 8 chiffres."), error=True)
                return
            self._first = code
            self.pad.set_message("")
            self._prompt()
            return
        first, self._first = self._first, None
        self._prompt()
        if code != first:
            self.pad.set_message(_("Les deux codes diffèrent : recommencez."), error=True)
            return
        self.pad.set_keys_enabled(False)
        self.pad.set_message(_("Enregistrement…"))
        self.ctx.tasks.run(hash_pin, code, on_done=self._on_hashed, on_error=self._on_error,
                           key="admin-pin")

    def _on_hashed(self, stored: str) -> None:
        self.pad.set_keys_enabled(True)
        s = self.ctx.settings

        def not_saved(error: BaseException) -> None:
            # A PIN that only this session knows would lock the facilitator out after the
            # evening's power cut: the old one stays.
            current = self.ctx.settings
            self.ctx.update_settings(replace(current, admin=replace(current.admin,
                                                                    pin_hash=s.admin.pin_hash)),
                                     persist=False)
            self._on_error(error)

        try:
            self.ctx.update_settings(replace(s, admin=replace(s.admin, pin_hash=stored)),
                                     on_not_saved=not_saved)
        except SettingsError as e:
            self._on_error(e)
            return
        self.pad.set_message(_("Code PIN changé."))
        self.pad.message.setStyleSheet(f"color: {self.ctx.theme.ok}; font-weight: bold;")

    def _on_error(self, exc: BaseException) -> None:
        self.pad.set_keys_enabled(True)
        self.pad.set_message(_("Le code n'a pas été changé : {reason}").format(
            reason=english(str(exc))), error=True)
