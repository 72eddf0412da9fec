"""The facilitator panel (screen id "admin"), behind the PIN.

Pages: territory and parking spot (applied live through ctx.update_settings, persisted),
health, the journal (statistics as plots, the end-of-visit question switch, export to a USB
stick) and the PIN. Always at hand: sync now, log out, exit the kiosk.
Opened by the hidden gesture of kiosk/ui/admin_gesture.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QThread
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpacerItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import N_, _
from kiosk.ui.screens.admin_pages.journal import JournalPage
from kiosk.ui.screens.admin_pages.pin import PinPage
from kiosk.ui.screens.admin_pages.territory import TerritoryPage
from kiosk.ui.screens.health import HealthView
from kiosk.ui.screens.staff import StaffScreen
from kiosk.ui.staff_words import area_name
from kiosk.ui.widgets.scrolling import touch_scroll
from kiosk.ui.widgets.touch import TouchButton

if TYPE_CHECKING:
    from kiosk.ui.screens.admin_pages.rehearsal import RehearsalPage

    AdminPage = TerritoryPage | HealthView | JournalPage | PinPage | RehearsalPage


EXIT_FOR_MAINTENANCE = 75

PAGES = (
    ("territory", N_("Territoire")),
    ("health", N_("Santé")),
    ("journal", N_("Journal")),
    ("pin", N_("Code PIN")),
    ("rehearsal", N_("Répétition")),
)


class AdminScreen(StaffScreen):
    def build_content(self) -> QWidget:
        t = self.ctx.theme
        box = QWidget()
        # Portrait: the buttons in a grid above the page rather than in a column beside it.
        row = QVBoxLayout(box) if t.portrait else QHBoxLayout(box)
        row.setContentsMargins(t.margin, t.margin // 2, t.margin, t.margin // 2)
        row.setSpacing(t.gap * 2)
        nav = QGridLayout()
        nav.setSpacing(t.gap // 2)
        per_row = 3 if t.portrait else 1

        def place(w: QWidget) -> None:
            n = nav.count()
            nav.addWidget(w, n // per_row, n % per_row)
        self.nav_group = QButtonGroup(self)
        self.nav_group.setExclusive(True)
        self.nav: dict[str, TouchButton] = {}
        for page_id, _title in PAGES:
            b = TouchButton(min_px=t.touch)
            b.setObjectName(f"nav-{page_id}")
            b.setCheckable(True)
            if not t.portrait:
                b.setMinimumWidth(t.touch * 4)
            b.clicked.connect(lambda _=False, p=page_id: self.show_page(p))
            self.nav_group.addButton(b)
            self.nav[page_id] = b
            place(b)
        if not t.portrait:
            nav.setRowStretch(len(PAGES), 1)
            nav.addItem(QSpacerItem(0, 0), len(PAGES), 0)
        self.sync_button = TouchButton(min_px=t.touch, role="primary")
        self.sync_button.setObjectName("sync-now")
        self.sync_button.clicked.connect(self.on_sync_now)
        self.logout_button = TouchButton(min_px=t.touch)
        self.logout_button.setObjectName("logout")
        self.logout_button.clicked.connect(self.on_logout_clicked)
        self.exit_button = TouchButton(min_px=t.touch)
        self.exit_button.setObjectName("exit-kiosk")
        self.exit_button.clicked.connect(self.on_exit_clicked)
        self.exit_button.setStyleSheet(f"color: {t.danger};")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setProperty("role", "muted")
        if not t.portrait:
            self.status.setMaximumWidth(t.touch * 4)
        for w in (self.sync_button, self.status, self.logout_button, self.exit_button):
            place(w)
        row.addLayout(nav)
        self.pages = QStackedWidget()
        self.territory_page = TerritoryPage(self.ctx)
        self.health_page = HealthView(self.ctx)
        self.journal_page = JournalPage(self.ctx)
        self.pin_page = PinPage(self.ctx)
        from kiosk.ui.screens.admin_pages.rehearsal import RehearsalPage

        self.rehearsal_page = RehearsalPage(self.ctx)
        self.page_widgets: dict[str, AdminPage] = {
            "territory": self.territory_page, "health": self.health_page,
            "journal": self.journal_page, "pin": self.pin_page, "rehearsal": self.rehearsal_page}
        for page in self.page_widgets.values():
            self.pages.addWidget(page)
        # A page taller than a small screen scrolls rather than squeezing its rows.
        row.addWidget(touch_scroll(self.pages, "admin-page"), 1)
        self._exit_armed = False
        self.retranslate_panel()
        return box

    def title(self) -> str:
        return _("Panneau de l'équipe")

    def retranslate(self) -> None:
        super().retranslate()
        self.retranslate_panel()

    def retranslate_panel(self) -> None:
        for page_id, title in PAGES:
            self.nav[page_id].setText(_(title))
        self.sync_button.setText(_("Synchroniser maintenant"))
        self.logout_button.setText(_("Se déconnecter"))
        self.exit_button.setText(_("Confirmer : quitter") if self._exit_armed
                                 else _("Quitter le kiosque"))
        for page in self.page_widgets.values():
            page.retranslate()

    def enter(self, arg: str | None) -> None:
        # "admin:journal" opens that page once unlocked.
        self._requested = arg if arg in self.page_widgets else "territory"
        super().enter(arg)
        if self.unlocked:
            self.show_page(self._requested)

    def on_unlocked(self) -> None:
        self._exit_armed = False
        self.status.setText("")
        self.retranslate_panel()
        self.show_page(getattr(self, "_requested", "territory"))

    def logout(self) -> None:
        super().logout()
        if hasattr(self, "pin_page"):
            self.pin_page.restart()
            self._exit_armed = False

    def show_page(self, page_id: str) -> None:
        self.nav[page_id].setChecked(True)
        page = self.page_widgets[page_id]
        self.pages.setCurrentWidget(page)
        if page_id == "health":
            self.health_page.refresh()
        elif hasattr(page, "activate"):
            page.activate()

    def current_page(self) -> str:
        widget = self.pages.currentWidget()
        return next(k for k, w in self.page_widgets.items() if w is widget)

    # --- actions ----------------------------------------------------------------------------
    def on_sync_now(self) -> None:
        started = self.ctx.sync_now()
        if started:
            self.status.setText(_("Synchronisation lancée : {areas}").format(
                areas=", ".join(area_name(a) for a in started)))
        else:
            self.status.setText(_("Aucune synchronisation n'est disponible."))

    def on_logout_clicked(self) -> None:
        self.logout()
        self.go.emit("home")

    def on_exit_clicked(self) -> None:
        if not self._exit_armed:
            self._exit_armed = True
            self.retranslate_panel()
            return
        self.exit_kiosk.emit()
        # `kiosk run` returns this code, so the service manager can tell a facilitator's
        # exit from a crash (packaging: RestartPreventExitStatus=75). Only with an event
        # loop running: exit() without one would make the next loop return at once.
        if QThread.currentThread().loopLevel() > 0:
            QApplication.exit(EXIT_FOR_MAINTENANCE)

