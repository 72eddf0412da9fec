"""The "usb" staff screen: what a stick brings, installed after the facilitator's PIN.

Shown by the content bridge when a stick with new bundles is plugged in (the admin panel can
link to it too: `go("usb")`). Each bundle is listed with its version against the installed
one; "install the new ones" takes every new kind and newer version, a row's own button takes
an older or rolled-back version on purpose. While copying: bytes, speed, time left and a
cancel button; a pulled stick ends the install cleanly with a message. The stick also takes
the health report back (two-way stick).
"""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.content.service import BatchResult
from kiosk.core.content.usb import Offer, Stick
from kiosk.core.i18n import N_, _, ngettext
from kiosk.ui.content_bridge import error_text, start_install
from kiosk.ui.screens.staff import StaffScreen
from kiosk.ui.staff_words import english, rejection_text
from kiosk.ui.widgets.progress import TransferProgress, format_bytes
from kiosk.ui.widgets.scrolling import touch_scroll
from kiosk.ui.widgets.touch import TouchButton

STATE_TEXT = {
    "new": N_("nouveau"),
    "newer": N_("plus récent"),
    "installed": N_("déjà installé"),
    "older": N_("plus ancien que l'installé"),
    "rolled-back": N_("retiré par un retour arrière"),
    "invalid": N_("refusé"),
}
KIND_TEXT = {"exhibits": N_("Exposition"), "videos": N_("Vidéos"),
             "sites": N_("Sites et capteurs"), "agenda": N_("Agenda"),
             "settings": N_("Réglages")}


def offer_text(o: Offer) -> str:
    if o.state == "invalid":
        detail = (o.error or "").removeprefix(f"{o.reason}: ") if o.reason else o.error or ""
        return _("{name} : refusé — {error}").format(
            name=o.name, error=rejection_text(o.reason, detail) if o.reason else english(detail))
    line = _("{kind} : {id} {version} ({size}) — {state}").format(
        kind=_(KIND_TEXT.get(o.kind, o.kind)), id=o.id, version=o.version,
        size=format_bytes(o.bytes), state=_(STATE_TEXT[o.state]))
    if o.installed_version:
        line += " · " + _("installé : {version}").format(version=o.installed_version)
    return line


class UsbScreen(StaffScreen):
    def build_content(self) -> QWidget:
        t = self.ctx.theme
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(t.margin, t.margin, t.margin, t.margin)
        col.setSpacing(t.gap)
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.where = QLabel()
        self.where.setProperty("role", "muted")
        self.where.setWordWrap(True)
        col.addWidget(self.heading)
        col.addWidget(self.where)
        self.rows_box = QWidget()
        self.rows = QVBoxLayout(self.rows_box)
        self.rows.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = touch_scroll()
        scroll.setWidget(self.rows_box)
        col.addWidget(scroll, 1)
        self.progress = TransferProgress(t)
        col.addWidget(self.progress)
        self.message = QLabel()
        self.message.setWordWrap(True)
        col.addWidget(self.message)
        self.nothing_new = QLabel()
        self.nothing_new.setObjectName("usb-nothing-new")
        self.nothing_new.setWordWrap(True)
        col.addWidget(self.nothing_new)
        buttons = QHBoxLayout()
        self.install_button = TouchButton(role="primary")
        self.install_button.setObjectName("usb-install")
        self.install_button.clicked.connect(self.on_install_pending)
        self.cancel_button = TouchButton()
        self.cancel_button.setObjectName("usb-cancel")
        self.cancel_button.clicked.connect(self.on_cancel)
        self.report_button = TouchButton()
        self.report_button.setObjectName("usb-report")
        self.report_button.clicked.connect(self.on_write_report)
        for b in (self.install_button, self.cancel_button, self.report_button):
            buttons.addWidget(b)
        col.addLayout(buttons)
        self.poll = QTimer(self)
        self.poll.setObjectName("usb-progress")
        self.poll.setInterval(100)
        self.poll.timeout.connect(self.on_poll)
        self._cancel = threading.Event()
        self._row_widgets: list[QWidget] = []
        if self.ctx.content is not None:
            self.ctx.content.on_sticks_changed(self.on_sticks_changed)
        self._set_texts()
        return page

    # --- state ------------------------------------------------------------------------------
    @property
    def stick(self) -> Stick | None:
        sticks = self.ctx.content.sticks if self.ctx.content is not None else []
        return sticks[0] if sticks else None

    def title(self) -> str:
        return _("Clé USB")

    def on_unlocked(self) -> None:
        self.refresh()

    def enter(self, arg: str | None) -> None:
        super().enter(arg)
        self.refresh()

    def on_sticks_changed(self, _sticks) -> None:
        self.refresh()

    def refresh(self) -> None:
        for w in self._row_widgets:
            w.setParent(None)
            w.deleteLater()
        self._row_widgets = []
        stick = self.stick
        busy = self.ctx.content is not None and self.ctx.content.busy
        if stick is None:
            self.where.setText(_("Aucune clé avec un dossier kiosk-content n'est branchée."))
        else:
            self.where.setText(str(stick.folder))
            for offer in stick.offers:
                self._row_widgets.append(self._row(offer, busy))
                self.rows.addWidget(self._row_widgets[-1])
        pending = len(stick.pending) if stick else 0
        # Never an "install (0)": with nothing new the button goes and a sentence says why.
        if pending:
            self.install_button.setText(ngettext("Installer la nouveauté ({n})",
                                                 "Installer les nouveautés ({n})",
                                                 pending).format(n=pending))
        self.install_button.setVisible(pending > 0)
        self.install_button.setEnabled(pending > 0 and not busy)
        self.nothing_new.setVisible(stick is not None and not pending and not busy)
        self.cancel_button.setVisible(busy)
        self.report_button.setEnabled(stick is not None)
        if busy and not self.poll.isActive():
            self.poll.start()

    def _row(self, offer: Offer, busy: bool) -> QWidget:
        row = QFrame()
        row.setProperty("role", "card")
        lay = QHBoxLayout(row)
        label = QLabel(offer_text(offer))
        label.setWordWrap(True)
        lay.addWidget(label, 1)
        if offer.state in ("older", "rolled-back"):
            b = TouchButton(_("Installer cette version"))
            b.setEnabled(not busy)
            b.clicked.connect(lambda _=False, o=offer: self.install([o]))
            lay.addWidget(b)
        return row

    # --- actions ----------------------------------------------------------------------------
    def on_install_pending(self) -> None:
        stick = self.stick
        if stick is not None:
            self.install(list(stick.pending))

    def install(self, offers: list[Offer]) -> None:
        self._cancel = threading.Event()
        if start_install(self.ctx, offers, self._cancel, self.on_finished):
            self.message.setText(_("Copie et vérification en cours…"))
            self.poll.start()
            self.refresh()

    def on_cancel(self) -> None:
        self._cancel.set()

    def on_poll(self) -> None:
        content = self.ctx.content
        if content is None:
            return
        t = content.progress
        if t is not None:
            self.progress.set_transfer(t)
        if not content.busy:
            self.poll.stop()

    def on_finished(self, result: BatchResult) -> None:
        self.poll.stop()
        self.progress.set_transfer(None)
        names = ", ".join(f"{r.id} {r.version}" for r in result.installed)
        text = ""
        if result.installed:
            text = _("Installé : {names}.").format(names=names) + " "
        if result.error is not None:
            text += error_text(result.error)
        elif not result.installed:
            text = _("Rien à installer.")
        self.message.setText(text.strip())
        self.refresh()

    def on_write_report(self) -> None:
        stick = self.stick
        content = self.ctx.content
        if stick is None or content is None:
            return
        board, problems = self.ctx.status, self.ctx.problems

        def write():  # the status providers read disk and caches: not on the GUI thread
            return content.write_health_report(stick.folder, board.collect(),
                                               problems.latest(50))

        self.ctx.tasks.run(write,
                           on_done=lambda p: self.message.setText(
                               _("Rapport de santé déposé sur la clé : {name}").format(
                                   name=p.name)),
                           on_error=lambda e: self.message.setText(
                               _("Le rapport n'a pas pu être écrit : {error}").format(
                                   error=english(str(e)))),
                           pool="net", key="usb-report")

    def retranslate(self) -> None:
        super().retranslate()
        self._set_texts()

    def _set_texts(self) -> None:
        self.heading.setText(_("Contenus sur la clé USB"))
        self.nothing_new.setText(_("Rien de nouveau à installer : cette clé ne porte aucun "
                                   "contenu plus récent que ceux de la borne."))
        self.cancel_button.setText(_("Annuler"))
        self.report_button.setText(_("Déposer un rapport de santé sur la clé"))
        self.refresh()

    def logout(self) -> None:
        super().logout()
        self.poll.stop()
