"""Feeds the visitor journal from the shell: sessions, screen views with time spent,
language switches, and every `ctx.record(kind, **fields)` of the screens.

Each event gets the current visitor session id (none outside a visit), the territory and
the interface language. A screen view is written when the next screen shows (or the visit
ends) with the seconds spent on it. Staff screens (admin, health) and the attract loop are
not counted. The GUI thread only checks the event and enqueues it (core.journal.writer).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from kiosk.core import i18n
from kiosk.core.journal.events import is_ident
from kiosk.core.visitor import Phase
from kiosk.ui.context import UiContext
from kiosk.ui.screens import STAFF_SCREENS

log = logging.getLogger(__name__)

NOT_COUNTED = frozenset({"attract", *STAFF_SCREENS})


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
        self.writer.log(kind, data, session=self.session,
                        territory=self.ctx.settings.kiosk.territory,
                        language=i18n.current_language())

    def on_session_started(self, session_id: str) -> None:
        self.session = session_id or None
        self._view = None
        self.ctx.record("session_start")

    def on_session_ended(self, session_id: str, seconds: float) -> None:
        self._close_view()
        if self.session is not None:
            self.ctx.record("session_end", seconds=min(max(0.0, seconds), 86_400.0))
        self.session = None

    def close(self) -> None:
        """The kiosk is stopping: write the screen view still open."""
        self._close_view()

    def on_screen_shown(self, screen_id: str, arg: str) -> None:
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
        previous, self._language = self._language, lang
        # The reset at the end of a visit switches back to the default language: not a choice.
        if self.session is None or self.window.visitor.phase is Phase.ATTRACT:
            return
        self.ctx.record("language_switch",
                        from_language=previous if previous != lang else None)
