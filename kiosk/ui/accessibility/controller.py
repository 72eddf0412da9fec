"""The visitor's accessibility choices, applied live to the whole kiosk and reset with the visit.

The main window owns one `Accessibility`. It opens the panel (the bar's "Accessibilité"
button), rebuilds the theme when larger text or high contrast changes, moves the bar to the
bottom for low reach, doubles the idle time while any choice is on, reads aloud (the page when
it is shown, each control the keypad reaches, the idle countdown) and drives the keypad.

Journal: `accessibility_on` (item = the choice) each time a visitor turns a choice on.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from kiosk.core import i18n
from kiosk.core.accessibility import Choices, visit_defaults
from kiosk.core.i18n import _, ngettext
from kiosk.ui import theme as theme_mod
from kiosk.ui.accessibility.highlight import Highlighter
from kiosk.ui.accessibility.keypad import KEYPAD_KEYS, SPEAK_KEYS, Keypad
from kiosk.ui.accessibility.panel import AccessibilityPanel
from kiosk.ui.accessibility.reader import readable, spoken_name
from kiosk.ui.accessibility.speech import Speaker, Utterance, utterances

if TYPE_CHECKING:
    from kiosk.ui.main_window import MainWindow

log = logging.getLogger(__name__)


class Accessibility(QObject):
    """Signals:
    changed(object): the Choices after a change (or a reset).
    """

    changed = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ctx = window.ctx
        d = self.ctx.settings.display
        self.defaults = visit_defaults(d.large_text, d.high_contrast)
        self.choices = self.defaults
        self._speaker: Speaker | None = None
        self.panel: AccessibilityPanel | None = None
        self.highlight = Highlighter(window, self._highlight_colours)
        self.keypad = Keypad(window, layer=self._layer, back=self._back, speak=self.speak_key,
                             announce=self.announce, colours=self._ring_colours)

    # --- choices --------------------------------------------------------------------------
    def set_option(self, name: str, on: bool) -> None:
        old = self.choices
        if old.on(name) == on:
            return
        self.choices = old.with_option(name, on)
        if on:
            self.ctx.record("accessibility_on", item=name)
        self._apply(old)
        if name == "read_aloud":
            if on:
                self.say_text(_("Lecture à voix haute activée."))
                self.read_page(interrupt=False)
            elif self._speaker is not None:
                self._speaker.stop()

    def change_volume(self, step: int) -> None:
        self.choices = self.choices.with_volume(self.choices.volume + step)
        if self._speaker is not None:
            self._speaker.set_volume(self.choices.volume)
        if self.panel is not None:
            self.panel.set_volume(self.choices.volume)
        if self.choices.read_aloud:
            self.say_text(_("Volume {n}").format(n=self.choices.volume))
        self.changed.emit(self.choices)

    def reset(self) -> None:
        """The visit ended: the next visitor starts with the operator's defaults."""
        self.close_panel()
        self.stop_speaking()
        self.keypad.clear()
        old, self.choices = self.choices, self.defaults
        self._apply(old)

    def _apply(self, old: Choices) -> None:
        new = self.choices
        w = self.window
        if (old.large_text, old.high_contrast) != (new.large_text, new.high_contrast):
            self.stop_speaking()
            # The window's size factor stays: only the visitor's choices change.
            f = self.ctx.theme.factor
            size = None if f == 1.0 else (round(theme_mod.REFERENCE[0] * f),
                                          round(theme_mod.REFERENCE[1] * f))
            w.apply_theme(theme_mod.build(large_text=new.large_text,
                                          high_contrast=new.high_contrast, size=size))
            if self.panel is not None and self.panel.isVisible():
                self._rebuild_panel()
        if old.low_reach != new.low_reach:
            w.set_low_reach(new.low_reach)
            if self.panel is not None and self.panel.isVisible():
                self._rebuild_panel()
        if old.easy_read != new.easy_read:
            self.ctx.easy_read = new.easy_read
            w.refresh_current()
        s = self.ctx.settings.session
        factor = new.idle_factor()
        w.visitor.idle_seconds = float(s.idle_seconds) * factor
        w.visitor.countdown_seconds = float(s.countdown_seconds) * factor
        if self.panel is not None:
            self.panel.sync(new)
        self.keypad.refresh()
        self.changed.emit(new)

    @property
    def easy_read(self) -> bool:
        """Exhibit pages show their easy-to-read French version (in French)."""
        return self.choices.easy_read and i18n.current_language() == "fr"

    # --- panel ----------------------------------------------------------------------------
    def open_panel(self) -> None:
        if self.panel is None:
            self._rebuild_panel()
        assert self.panel is not None
        self.panel.setGeometry(self.window.rect())
        self.panel.show()
        self.panel.raise_()
        self.keypad.clear()
        if self.choices.read_aloud:
            self.read(self.panel)

    def close_panel(self) -> None:
        if self.panel is not None and self.panel.isVisible():
            self.panel.hide()
            self.keypad.clear()

    def _rebuild_panel(self) -> None:
        was_open = self.panel is not None and self.panel.isVisible()
        if self.panel is not None:
            self.panel.hide()
            self.panel.setParent(None)
            self.panel.deleteLater()
        self.panel = AccessibilityPanel(self.ctx.theme, self.choices, self.window)
        self.panel.toggled.connect(self.set_option)
        self.panel.volume_step.connect(self.change_volume)
        self.panel.closed.connect(self.close_panel)
        if self._speaker is not None and self._speaker.error:
            self.panel.set_message(self._unavailable())
        if was_open:
            self.panel.setGeometry(self.window.rect())
            self.panel.show()
            self.panel.raise_()

    def resize(self) -> None:
        if self.panel is not None:
            self.panel.setGeometry(self.window.rect())
        self.keypad.ring.follow()

    def retranslate(self) -> None:
        """A new language: the panel in it, and the page read again in its voice."""
        if self.panel is not None:
            self.panel.retranslate()
        if self._speaker is not None and self._speaker.speaking:
            self.stop_speaking()
            self.read_page()

    # --- read-aloud -------------------------------------------------------------------------
    @property
    def speaker(self) -> Speaker:
        """Made when first needed: speech-dispatcher starts only for a visitor who asks."""
        if self._speaker is None:
            self._speaker = Speaker(self.ctx.settings.display.speech_engine, self)
            self._speaker.set_volume(self.choices.volume)
            self._speaker.started.connect(self._on_sentence)
            self._speaker.finished.connect(self.highlight.clear)
            self._speaker.failed.connect(self._on_speech_failed)
        self._speaker.set_language(i18n.current_language())
        return self._speaker

    def _unavailable(self) -> str:
        return _("La lecture à voix haute ne fonctionne pas sur cette borne pour le moment.")

    def _on_speech_failed(self, message: str) -> None:
        self.ctx.problems.report("accessibility", "read-aloud", message)
        if self.panel is not None:
            self.panel.set_message(self._unavailable())

    def _on_sentence(self, u: Utterance) -> None:
        try:
            self.highlight.show(u.widget, u.shown or u.text)
        except RuntimeError:  # the widget went with its screen
            self.highlight.clear()

    def say(self, items: list[Utterance], *, interrupt: bool = True) -> None:
        if self.choices.read_aloud:
            self.speaker.say(items, interrupt=interrupt)

    def say_text(self, text: str, *, interrupt: bool = True) -> None:
        self.say(utterances([(None, text)]), interrupt=interrupt)

    def read(self, root: QWidget, *, title: str = "", interrupt: bool = True) -> None:
        items: list[tuple[QWidget | None, str]] = [(None, title)] if title else []
        items += readable(root)
        self.say(utterances(items), interrupt=interrupt)

    def read_page(self, *, interrupt: bool = True) -> None:
        """The layer on top: the panel, the countdown, else the bar's title and the screen."""
        w = self.window
        if self.panel is not None and self.panel.isVisible():
            self.read(self.panel, interrupt=interrupt)
        elif w.countdown.isVisible():
            self.read(w.countdown, interrupt=interrupt)
        elif w.current[0]:
            title = w.top_bar.title.text() if w.top_bar.isVisible() else ""
            self.read(w.current_screen(), title=title, interrupt=interrupt)

    def stop_speaking(self) -> None:
        if self._speaker is not None:
            self._speaker.stop()
        self.highlight.clear()

    def on_screen_shown(self) -> None:
        """A new screen or page: what was being read stops; with read-aloud on, it is read."""
        self.stop_speaking()
        self.keypad.clear()
        if self.choices.read_aloud:
            self.read_page()

    def on_page_changed(self) -> None:
        """A page turned inside a screen: read it; the keypad stays where it was."""
        self.stop_speaking()
        self.keypad.refresh()
        if self.choices.read_aloud:
            self.read_page()

    def on_countdown(self, seconds: int) -> None:
        self.keypad.clear()
        if self.choices.read_aloud:
            self.say_text(" ".join((
                _("Vous êtes toujours là ?"),
                ngettext("Retour à l'accueil dans {n} seconde.",
                         "Retour à l'accueil dans {n} secondes.", seconds).format(n=seconds),
                _("Touchez « Continuer » ou appuyez sur Entrée."))))

    # --- keypad ---------------------------------------------------------------------------
    def on_key(self, event: QKeyEvent) -> bool:
        """A key press reaching the kiosk's window; True when it was a keypad key (used)."""
        if event.key() not in KEYPAD_KEYS:
            return False
        w = self.window
        if w.current[0] == "attract":
            w.wake()  # any key wakes the kiosk, as a touch does; speak turns read-aloud on
            if event.key() in SPEAK_KEYS:
                self.speak_key(None)
            return True
        w.on_activity()
        return self.keypad.handle(event)

    def _layer(self) -> list[QWidget]:
        w = self.window
        if self.panel is not None and self.panel.isVisible():
            return [self.panel]
        if w.countdown.isVisible():
            return [w.countdown]
        if not w.current[0]:
            return []
        roots: list[QWidget] = [w.current_screen()]
        if w.top_bar.isVisible():
            roots.insert(0, w.top_bar)
        return roots

    def _back(self) -> None:
        if self.panel is not None and self.panel.isVisible():
            self.close_panel()
        elif self.window.countdown.isVisible():
            self.window.on_countdown_continue()
        else:
            self.window.back()

    def speak_key(self, focused: QWidget | None) -> None:
        """The speak key: read-aloud turns on for the visit, then the page (or the focused
        control) is read."""
        if not self.choices.read_aloud:
            self.set_option("read_aloud", True)
            return
        if focused is not None:
            self.announce(focused)
        else:
            self.read_page()

    def announce(self, widget: QWidget) -> None:
        if self.choices.read_aloud:
            self.say(utterances([(widget, spoken_name(widget))]))

    def _ring_colours(self) -> tuple[str, str]:
        # Black outside, the focus colour inside: on light screens, on the coloured bar and on
        # high contrast's black, one band or the other stands out at least 3:1.
        return ("#000000", self.ctx.theme.focus)

    def _highlight_colours(self) -> tuple[str, str, str]:
        t = self.ctx.theme
        return (t.focus, "#000000", t.focus)
