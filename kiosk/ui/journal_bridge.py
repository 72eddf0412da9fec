"""Feeds the visitor journal from the shell: sessions, screen views with time spent,
language switches, and every `ctx.record(kind, **fields)` of the screens.

Each event gets the current visitor session id (none outside a visit), the territory and
the interface language. A screen view is written when the next screen shows (or the visit
ends) with the seconds spent on it. The attract loop is not counted.

The events of a visit are checked at once (a bad one raises in the screen's call) but held
until the visit ends, then queued to the writer together: a visit during which the staff
panel or the health screen was opened is the facilitator's, not a visitor's, and is dropped
whole. A crash mid-visit loses that visit only (nothing committed is ever lost). Events
outside a visit are queued at once. The GUI thread only checks and enqueues.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from kiosk.core import i18n
from kiosk.core.journal.events import is_ident, make_row
from kiosk.core.sessions.visitor import Phase
from kiosk.ui.context import UiContext
from kiosk.ui.screens import STAFF_SCREENS

log = logging.getLogger(__name__)

NOT_COUNTED = frozenset({"attract", *STAFF_SCREENS})
MAX_HELD = 2000  # a visit longer than this is written as it goes


class JournalBridge:
    def __init__(self, ctx: UiContext, window: Any, writer: Any, *,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ctx = ctx
        self.window = window
        self.writer = writer
        self._now = clock
        self.session: str | None = None
        self._view: tuple[str, str | None, float] | None = None
        self._language = i18n.current_language()
        self._held: list[tuple[str, dict[str, Any], str, str, float]] = []
        self._staff = False
        ctx.add_recorder(self.record)
        window.session_started.connect(self.on_session_started)
        window.session_ended.connect(self.on_session_ended)
        window.screen_shown.connect(self.on_screen_shown)
        window.language_changed.connect(self.on_language_changed)
        ctx.on_settings_changed(self.on_settings_changed)
        # A visit already running when the journal started (a touch during start-up).
        sid = getattr(window.visitor, "session_id", None)
        if sid:
            self.on_session_started(sid)

    def on_settings_changed(self, new: Any) -> None:
        self.writer.retention_days = new.journal.retention_days

    def record(self, kind: str, data: dict[str, Any]) -> None:
        territory = self.ctx.settings.kiosk.territory
        # Within a visit, the visitor's language: the reset at its end switches back to the
        # default before its last screen view and its end are written.
        language = self._language if self.session is not None else i18n.current_language()
        at = self.writer.clock()
        if self.session is None:
            self.writer.log(kind, data, session=None, territory=territory,
                            language=language, at=at)
            return
        make_row(kind, data, time=at, session=self.session, territory=territory,
                 language=language)  # refuse it now, in the caller's frame
        if self._staff:
            return
        self._held.append((kind, dict(data), territory, language, at))
        if len(self._held) >= MAX_HELD:
            self._write_held()

    def _write_held(self) -> None:
        held, self._held = self._held, []
        for kind, data, territory, language, at in held:
            self.writer.log(kind, data, session=self.session, territory=territory,
                            language=language, at=at)

    def on_session_started(self, session_id: str) -> None:
        self.session = session_id or None
        self._language = i18n.current_language()
        self._view = None
        self._held = []
        self._staff = False
        self.ctx.record("session_start")

    def on_session_ended(self, session_id: str, seconds: float) -> None:
        self._close_view()
        if self.session is not None:
            self.ctx.record("session_end", seconds=min(max(0.0, seconds), 86_400.0))
            self._write_held()
        self.session = None
        self._staff = False

    def close(self) -> None:
        """The kiosk is stopping. A visit cut short is not counted, as after a crash; this
        also keeps the visits `kiosk screenshot` simulates out of the journal."""
        self._view = None
        self._held = []
        self.session = None

    def on_screen_shown(self, screen_id: str, arg: str) -> None:
        if self.session is not None and screen_id in STAFF_SCREENS:
            self._staff = True
            self._held = []
        self._close_view()
        if self.session is not None and screen_id not in NOT_COUNTED:
            self._view = (screen_id, arg or None, self._now())

    def _close_view(self) -> None:
        view, self._view = self._view, None
        if view is None or self.session is None:
            return
        screen, arg, since = view
        fields: dict[str, Any] = {"screen": screen,
                                  "seconds": round(min(self._now() - since, 86_400.0), 2)}
        if arg and is_ident(arg):
            fields["item"] = arg
        self.ctx.record("screen_view", **fields)

    def on_language_changed(self, lang: str) -> None:
        # The reset at the end of a visit switches back to the default language: not a
        # choice, and not the visit's language.
        if self.session is None or self.window.visitor.phase is Phase.ATTRACT:
            if self.session is None:
                self._language = lang
            return
        previous, self._language = self._language, lang
        self.ctx.record("language_switch",
                        from_language=previous if previous != lang else None)
