"""The facilitator panel's rehearsal page: preview tomorrow, or any day, before it happens.

The rehearsal is a second kiosk started over this one (`kiosk run --rehearse T --recording
DIR`), in its own data folder (<data>/rehearsal): visitor journal, sensor cache and clock of
this kiosk are not touched. It shows "Répétition" on every screen and ends from its own
panel ("Quitter le kiosque"), which brings this kiosk back.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.i18n import _, format_datetime
from kiosk.core.rehearsal import recording as rec_mod
from kiosk.ui.context import UiContext
from kiosk.ui.widgets.touch import TouchButton

PARIS = ZoneInfo("Europe/Paris")


def tomorrow_afternoon(now: float) -> dt.datetime:
    day = dt.datetime.fromtimestamp(now, PARIS).date() + dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, 14, 0, tzinfo=PARIS)


def command(start: dt.datetime, recording: Path | None, data_dir: Path) -> list[str]:
    """The command line of the rehearsal kiosk (the frozen app is its own interpreter)."""
    program = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m",
                                                                       "kiosk"]
    args = ["run", "--rehearse", start.strftime("%Y-%m-%dT%H:%M"), "--data-dir", str(data_dir)]
    if recording is not None:
        args += ["--recording", str(recording)]
    return program + args


class RehearsalPage(QWidget):
    def __init__(self, ctx: UiContext, *, launch=None) -> None:
        super().__init__()
        self.ctx = ctx
        t = ctx.theme
        # How to start the second kiosk (tests pass their own).
        self._launch = launch or self._start_detached
        now = ctx.clock.now() if ctx.clock is not None else dt.datetime.now().timestamp()
        self.when = tomorrow_afternoon(now)
        self.recordings: list[Path | None] = [*rec_mod.available(ctx.paths), None]
        self.choice = 0
        col = QVBoxLayout(self)
        col.setSpacing(t.gap)
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.when_label = QLabel()
        self.when_label.setObjectName("rehearsal-when")
        self.when_label.setProperty("role", "title")
        self.when_label.setWordWrap(True)
        col.addWidget(self.heading)
        col.addWidget(self.intro)
        col.addWidget(self.when_label)
        grid = QGridLayout()
        grid.setSpacing(t.gap // 2)
        self.steps: dict[str, TouchButton] = {}
        for i, (key, delta) in enumerate((("day-", -86400), ("day+", 86400),
                                          ("hour-", -3600), ("hour+", 3600))):
            b = TouchButton(min_px=t.touch)
            b.setObjectName(f"rehearsal-{key}")
            b.clicked.connect(lambda _=False, d=delta: self.shift(d))
            self.steps[key] = b
            grid.addWidget(b, i // 2, i % 2)
        col.addLayout(grid)
        self.recording_button = TouchButton(min_px=t.touch)
        self.recording_button.setObjectName("rehearsal-recording")
        self.recording_button.clicked.connect(self.next_recording)
        col.addWidget(self.recording_button)
        self.start_button = TouchButton(min_px=t.touch, role="primary")
        self.start_button.setObjectName("rehearsal-start")
        self.start_button.clicked.connect(self.start)
        col.addWidget(self.start_button)
        self.message = QLabel()
        self.message.setWordWrap(True)
        col.addWidget(self.message)
        col.addStretch(1)
        self._snap_to_recording()
        self.retranslate()

    def _snap_to_recording(self) -> None:
        """A recording of other days (the shipped July one): start at its last hour, where
        its data is fresh, rather than on a day it does not hold."""
        rec = self.recording
        try:
            ends = [e.fetched_at for e in rec_mod.load(rec).entries] if rec else []
        except rec_mod.RecordingError:
            ends = []
        if not ends:
            return
        end = dt.datetime.fromisoformat(max(ends).replace("Z", "+00:00")).astimezone(PARIS)
        if abs((end - self.when).total_seconds()) > 2 * 86400:
            self.when = end.replace(minute=0, second=0, microsecond=0)

    def shift(self, seconds: int) -> None:
        self.when = (self.when + dt.timedelta(seconds=seconds)).astimezone(PARIS)
        self.retranslate()

    def next_recording(self) -> None:
        self.choice = (self.choice + 1) % len(self.recordings)
        self._snap_to_recording()
        self.retranslate()

    @property
    def recording(self) -> Path | None:
        return self.recordings[self.choice]

    def retranslate(self) -> None:
        self.heading.setText(_("Répétition"))
        self.intro.setText(_(
            "Voyez ce que le kiosque montrera un autre jour, sur des données enregistrées. "
            "La répétition s'ouvre par-dessus le kiosque, dans son propre dossier : le "
            "journal des visites et les mesures ne sont pas touchés. Pour la terminer, "
            "ouvrez son panneau et quittez le kiosque."))
        self.when_label.setText(format_datetime(self.when, "full"))
        self.steps["day-"].setText(_("Jour précédent"))
        self.steps["day+"].setText(_("Jour suivant"))
        self.steps["hour-"].setText(_("Une heure plus tôt"))
        self.steps["hour+"].setText(_("Une heure plus tard"))
        rec = self.recording
        self.recording_button.setText(
            _("Données : {name}").format(name=rec.name) if rec is not None
            else _("Données : démonstration générée"))
        self.start_button.setText(_("Lancer la répétition"))

    def start(self) -> None:
        cmd = command(self.when, self.recording, self.ctx.paths.data)
        if self._launch(cmd):
            self.message.setText(_("Répétition lancée : elle s'ouvre dans un instant."))
        else:
            self.message.setText(_("La répétition n'a pas pu démarrer : voir le journal "
                                   "technique."))
            self.ctx.problems.report("rehearsal", "start", " ".join(cmd))

    @staticmethod
    def _start_detached(cmd: list[str]) -> bool:
        from PySide6.QtCore import QProcess

        ok, _pid = QProcess.startDetached(cmd[0], cmd[1:])
        return bool(ok)
