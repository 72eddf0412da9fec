"""A rehearsal on the GUI side: the "répétition" badge on every screen, and the recording
loaded into the sensors service once its cache is open (instead of any network sync).

app.py calls `start(kiosk_ctx, window, rehearsal)`; nothing here runs on a kiosk serving
visitors.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.i18n import N_, _, format_datetime

BADGE = N_("Répétition — {when}")


class RehearsalBadge(QLabel):
    """Pinned to the top-right corner of the main window, above whatever screen shows."""

    def __init__(self, ctx, window: QWidget, start: float) -> None:
        super().__init__(window)
        self.ctx = ctx
        self.start = start
        self.window_ = window
        self.setObjectName("rehearsal-badge")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        t = ctx.theme
        self.setStyleSheet(f"#rehearsal-badge {{ background: {t.focus}; color: #000;"
                           f" font-size: {t.small}px; font-weight: bold;"
                           f" padding: 6px 14px; border-top-left-radius: {t.radius}px; }}")
        window.installEventFilter(self)
        from kiosk.core import i18n

        i18n.add_listener(lambda _lang: self.retranslate())
        self.retranslate()

    def retranslate(self) -> None:
        from zoneinfo import ZoneInfo

        when = dt.datetime.fromtimestamp(self.start, ZoneInfo("Europe/Paris"))
        self.setText(_(BADGE).format(when=format_datetime(when, "short")))
        self.adjustSize()
        self.place()

    def place(self) -> None:
        """Bottom-right: clear of the top bar's buttons on every screen."""
        self.move(self.window_.width() - self.width(), self.window_.height() - self.height())
        self.raise_()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.window_ and event.type() in (QEvent.Type.Resize, QEvent.Type.Show,
                                                    QEvent.Type.LayoutRequest):
            self.place()
        return False


def replay(ctx, rehearsal, on_done) -> None:
    """Load the recording into ctx.sensors off the GUI thread; `on_done()` after."""
    sensors = ctx.sensors
    if rehearsal.recording is None:
        on_done()  # no recording: the generated demonstration data (labelled) stands in
        return

    def done(report) -> None:
        for file, message in report.problems:
            ctx.problems.report("rehearsal", file, message)
        on_done()

    ctx.tasks.run(sensors.replay, rehearsal.recording, pool="db", key="rehearsal-replay",
                  on_done=done,
                  on_error=lambda e: ctx.problems.report("rehearsal", "recording",
                                                         f"{type(e).__name__}: {e}"))
