"""Facilitator panel page: the visit journal (statistics as plots, the end-of-visit question
switch, CSV export to a USB stick). Database and disk work runs on ctx.tasks workers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core import i18n
from kiosk.core.health import system
from kiosk.core.i18n import _
from kiosk.core.settings import SettingsError
from kiosk.ui.context import UiContext
from kiosk.ui.screens.admin_pages.parts import message_label, not_saved, page_title, show_message
from kiosk.ui.staff_words import english
from kiosk.ui.widgets.stats_plots import StatsPlots
from kiosk.ui.widgets.touch import TouchButton


def load_stats(ctx: UiContext) -> dict[str, Any] | None:
    from kiosk.core.journal.stats import compute

    if ctx.journal is not None:
        ctx.journal.flush(timeout=5)
    if not ctx.paths.journal_db.exists():
        return None
    return compute(ctx.paths.journal_db)


def export_to(ctx: UiContext, volume: str) -> tuple[int, Path]:
    from kiosk.core.journal.export import export_csv

    if ctx.journal is not None:
        ctx.journal.flush(timeout=5)
    out = Path(volume) / f"journal-{dt.datetime.now():%Y%m%d-%H%M%S}.csv"
    n = export_csv(ctx.paths.journal_db, out, cancelled=ctx.tasks.cancelled)
    from kiosk.ui.journal_push import to_stick  # the fleet's Parquet files and health too

    to_stick(ctx, Path(volume))
    return n, out


def find_volumes(ctx: UiContext) -> list[system.Volume]:
    roots = ctx.settings.journal.usb_roots
    return system.usb_volumes([Path(r) for r in roots] if roots else None)


class JournalPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        t = ctx.theme
        col = QVBoxLayout(self)
        col.setSpacing(t.gap // 2)
        self.heading = page_title()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        col.addWidget(self.heading)
        col.addWidget(self.summary)
        self.plots = StatsPlots(t)
        col.addWidget(self.plots, 1)
        self.question_button = TouchButton(min_px=t.touch)
        self.question_button.setObjectName("end-question-switch")
        self.question_button.setCheckable(True)
        self.question_button.clicked.connect(self.toggle_end_question)
        col.addWidget(self.question_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.usb_title = QLabel()
        self.usb_title.setStyleSheet("font-weight: bold;")
        self.usb_row = QHBoxLayout()
        self.usb_row.addWidget(self.usb_title)
        self.scan_button = TouchButton(min_px=t.touch)
        self.scan_button.setObjectName("usb-scan")
        self.scan_button.clicked.connect(self.scan)
        self.usb_row.addWidget(self.scan_button)
        self.volume_buttons: list[TouchButton] = []
        self.usb_row.addStretch(1)
        col.addLayout(self.usb_row)
        self.message = message_label(t)
        col.addWidget(self.message)
        self.stats: dict[str, Any] | None = None
        self.volumes: list[system.Volume] = []
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("Journal des visites"))
        self.usb_title.setText(_("Exporter le journal sur une clé USB (CSV)"))
        self.scan_button.setText(_("Chercher les clés"))
        self.question_button.setChecked(self.ctx.settings.journal.end_question)
        self.question_button.setText(
            _("Question de fin de visite : activée") if self.ctx.settings.journal.end_question
            else _("Question de fin de visite : désactivée"))
        self._show_summary()
        self._show_volumes()
        self.plots.retranslate()

    def activate(self) -> None:
        self.message.setText("")
        self.retranslate()
        self.ctx.tasks.run(load_stats, self.ctx, on_done=self.show_stats,
                           on_error=self._on_stats_error, key="admin-stats", pool="db")
        self.scan()

    def show_stats(self, stats: dict[str, Any] | None) -> None:
        self.stats = stats
        self._show_summary()
        if stats is not None:
            self.plots.show_stats(stats)

    def _on_stats_error(self, exc: BaseException) -> None:
        self.ctx.problems.report("journal", "stats", str(exc))
        show_message(self.message,
                     _("Statistiques indisponibles : {reason}").format(reason=english(str(exc))),
                     self.ctx.theme, error=True)

    def _show_summary(self) -> None:
        s = self.stats
        if not s:
            self.summary.setText(_("Aucune visite enregistrée pour l'instant."))
            return
        median = s.get("median_session_seconds")
        rate = s["quiz"]["success_rate"]
        parts = [i18n.ngettext("{n} visite", "{n} visites", s["sessions"]).format(
                     n=s["sessions"]),
                 _("durée médiane {m}").format(
                     m=_("{n} s").format(n=round(median)) if median is not None else "—"),
                 _("quiz réussis {p}").format(
                     p=f"{round(rate * 100)} %" if rate is not None else "—")]
        self.summary.setText(" · ".join(parts))

    def toggle_end_question(self) -> None:
        s = self.ctx.settings
        new = replace(s, journal=replace(s.journal, end_question=not s.journal.end_question))
        try:
            self.ctx.update_settings(new, on_not_saved=not_saved(self.message, self.ctx.theme))
        except SettingsError as e:
            show_message(self.message, _("Non appliqué : {reason}").format(reason=english(str(e))),
                         self.ctx.theme, error=True)
        self.retranslate()

    def scan(self) -> None:
        self.scan_button.setEnabled(False)
        self.ctx.tasks.run(find_volumes, self.ctx, on_done=self._on_volumes,
                           on_error=self._on_volumes_error, key="admin-usb")

    def _on_volumes(self, volumes: list[system.Volume]) -> None:
        self.scan_button.setEnabled(True)
        self.volumes = volumes
        self._show_volumes()

    def _on_volumes_error(self, exc: BaseException) -> None:
        self.scan_button.setEnabled(True)
        self.volumes = []
        self._show_volumes()

    def _show_volumes(self) -> None:
        for b in self.volume_buttons:
            self.usb_row.removeWidget(b)
            b.deleteLater()
        self.volume_buttons = []
        for i, v in enumerate(self.volumes):
            b = TouchButton(_("Exporter vers « {label} »").format(label=v.label),
                            min_px=self.ctx.theme.touch, role="primary")
            b.setObjectName(f"usb-export-{i}")
            b.clicked.connect(lambda _=False, vol=v: self.export(vol))
            self.usb_row.insertWidget(2 + i, b)
            self.volume_buttons.append(b)
        if not self.volumes and not self.message.text():
            self.message.setText(_("Aucune clé USB trouvée. Branchez une clé puis touchez "
                                   "« Chercher les clés »."))
            self.message.setStyleSheet("")

    def export(self, volume: system.Volume) -> None:
        for b in self.volume_buttons:
            b.setEnabled(False)
        self.message.setText(_("Export en cours…"))
        self.message.setStyleSheet("")
        self.ctx.tasks.run(export_to, self.ctx, volume.path, on_done=self._on_exported,
                           on_error=self._on_export_error, key="admin-export")

    def _on_exported(self, result: tuple[int, Path]) -> None:
        n, out = result
        for b in self.volume_buttons:
            b.setEnabled(True)
        show_message(self.message, i18n.ngettext(
            "{n} événement exporté dans {file}. Vous pouvez retirer la clé.",
            "{n} événements exportés dans {file}. Vous pouvez retirer la clé.", n).format(
            n=n, file=out.name), self.ctx.theme)

    def _on_export_error(self, exc: BaseException) -> None:
        for b in self.volume_buttons:
            b.setEnabled(True)
        reason = getattr(exc, "strerror", None) or str(exc)
        show_message(self.message, _("L'export a échoué (clé retirée ou pleine ?) : {reason}. "
                                     "Rien n'est perdu : le journal reste sur le kiosque.").format(
            reason=english(reason)), self.ctx.theme, error=True)
        self.scan()

