"""The health screen: network, clock trust, sources, content versions, disk, journal, errors.

Everything is gathered off the GUI thread (a network check waits on sockets, the status
providers read the caches) by `gather()`, then laid out here. Shown as a page of the
facilitator panel and as its own staff screen ("health"), both behind the PIN.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.core import i18n
from kiosk.core.health import system, watchdog
from kiosk.core.health.problems import Problem, SourceStatus
from kiosk.core.i18n import N_, _
from kiosk.core.paths import CONTENT_KINDS, Paths
from kiosk.core.sensors.report import REASONS
from kiosk.core.sessions import pin
from kiosk.ui.context import UiContext
from kiosk.ui.screens.staff import StaffScreen
from kiosk.ui.staff_words import (
    KIND_NAMES,
    detail_text,
    english,
    error_text,
    problem_source,
    source_name,
)
from kiosk.ui.widgets.layouts import clear_layout
from kiosk.ui.widgets.scrolling import touch_scroll
from kiosk.ui.widgets.touch import TouchButton

STALE_AFTER = 6 * 3600.0  # data older than this is shown as stale


@dataclass
class HealthReport:
    network: system.Network | None = None
    clock: Any = None  # core.clock.ClockState
    disk: system.Disk | None = None
    sources: list[SourceStatus] = field(default_factory=list)
    content: list[tuple[str, str]] = field(default_factory=list)  # kind, "id version"/shipped
    journal: dict[str, Any] = field(default_factory=dict)
    default_pin: bool = False
    app_rollback: dict | None = None  # the box's last automatic app rollback
    # Shipped tables ending within 60 days: (name, last day covered, days left).
    tables: list[tuple[str, Any, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    taken: float = 0.0


def installed_content(paths: Paths) -> list[tuple[str, str]]:
    """What each content kind runs on: `<id> <version>` of the `current` link's manifest,
    or "" for the content shipped with the app (DESIGN.md's installed layout)."""
    out = []
    for kind in CONTENT_KINDS:
        current = paths.installed(kind) / "current"
        label = ""
        if current.is_dir():
            try:
                m = json.loads((current / "manifest.json").read_text("utf-8"))
                label = f"{m.get('id', '?')} {m.get('version', '?')}"
            except (OSError, ValueError):
                label = current.resolve().name
        out.append((kind, label))
    return out


def check_network(ctx: UiContext) -> system.Network:
    """Runs on a net worker (it may wait a few seconds on sockets)."""
    s = ctx.settings
    urls = [s.content.sync_url, s.sensors.providers.project.url, s.collect.url,
            *(f.url for f in s.agenda.feeds if f.territory == s.kiosk.territory)]
    return system.network([u for u in urls if u])


def gather(ctx: UiContext) -> HealthReport:
    """Runs on the db worker (status providers may read the caches): everything but the
    network, which check_network() adds."""
    s = ctx.settings
    report = HealthReport(taken=time.time())
    report.clock = ctx.clock.state() if ctx.clock is not None else None
    try:
        report.disk = system.disk(ctx.paths.data)
    except OSError:
        report.disk = None
    report.sources = ctx.status.collect()
    report.content = installed_content(ctx.paths)
    j = ctx.journal
    if j is not None:
        report.journal = {"committed": j.committed, "queued": j.queued,
                          "error": j.last_error}
    try:
        report.journal["size"] = ctx.paths.journal_db.stat().st_size
    except OSError:
        pass
    report.default_pin = pin.is_default(s.admin.pin_hash)
    report.app_rollback = watchdog.app_rollback(ctx.paths.data)
    report.problems = ctx.problems.latest(8)
    if ctx.sensors is not None:
        from kiosk.core.sensors.calendar_fr import ending_tables

        report.tables = ending_tables(ctx.sensors.school, dt.date.fromtimestamp(report.taken))
    return report


def _when(iso: str) -> str:
    try:
        t = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return i18n.format_datetime(t.astimezone())


def _ago(t: float | None, now: float) -> str:
    if not t:
        return _("jamais")
    return i18n.format_relative(dt.timedelta(seconds=max(0.0, now - t)))


def counts_text(src: SourceStatus) -> str:
    """What the last sync of a source received, stored and dropped (and why), translated."""
    received, stored = src.received or 0, src.stored or 0
    dropped = sum(src.dropped.values())
    text = ", ".join((
        i18n.ngettext("{n} valeur reçue", "{n} valeurs reçues", received).format(n=received),
        i18n.ngettext("{n} enregistrée", "{n} enregistrées", stored).format(n=stored),
        i18n.ngettext("{n} écartée", "{n} écartées", dropped).format(n=dropped)))
    why = [f"{n} {_(REASONS.get(code, (code, code))[1])}"
           for code, n in sorted(src.dropped.items(), key=lambda kv: (-kv[1], kv[0]))]
    if why:
        text += f" ({', '.join(why)})"
    if stored == 0:
        text = _("rien d'enregistré : {counts}").format(counts=text)
    return text


def _size(n: float) -> str:
    for unit, scale in ((N_("Go"), 1e9), (N_("Mo"), 1e6), (N_("ko"), 1e3)):
        if n >= scale:
            return _("{n} {unit}").format(n=i18n.format_number(n / scale, 1), unit=_(unit))
    return _("{n} octets").format(n=int(n))


class HealthView(QWidget):
    """The health report, section by section; `refresh()` gathers a new one."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        t = ctx.theme
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setProperty("role", "title")
        self.refresh_button = TouchButton(min_px=t.touch)
        self.refresh_button.setObjectName("health-refresh")
        self.refresh_button.clicked.connect(self.refresh)
        head.addWidget(self.heading, 1)
        head.addWidget(self.refresh_button)
        outer.addLayout(head)
        self.warning = QLabel()
        self.warning.setObjectName("health-warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(f"color: {t.danger}; font-weight: bold;")
        self.warning.hide()
        outer.addWidget(self.warning)
        scroll = touch_scroll()
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setHorizontalSpacing(t.gap)
        self.grid.setVerticalSpacing(t.gap // 3)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll.setWidget(self.body)
        outer.addWidget(scroll, 1)
        self.report: HealthReport | None = None
        self._network: system.Network | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("État du kiosque"))
        self.refresh_button.setText(_("Actualiser"))
        self._render()

    def refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        self._network = None
        self.ctx.tasks.run(gather, self.ctx, on_done=self.show_report,
                           on_error=self._on_error, key="health", pool="db")
        self.ctx.tasks.run(check_network, self.ctx, on_done=self.show_network,
                           on_error=self._on_error, key="health-network", pool="net")

    def show_network(self, network: system.Network) -> None:
        self._network = network
        if self.report is not None:
            self.report.network = network
            self._render()

    def _on_error(self, exc: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.ctx.problems.report("health", "gather", str(exc))

    def show_report(self, report: HealthReport) -> None:
        self.refresh_button.setEnabled(True)
        report.network = self._network
        self.report = report
        self._render()

    # --- layout ---------------------------------------------------------------------------
    def _clear(self) -> None:
        clear_layout(self.grid)

    def _row(self, r: int, name: str, value: str, state: str = "") -> int:
        t = self.ctx.theme
        colour = {"ok": t.ok, "bad": t.danger, "warn": t.warning, "": t.text}[state]
        mark = {"ok": "✔", "bad": "✖", "warn": "!", "": ""}[state]
        a = QLabel(name)
        a.setWordWrap(True)
        a.setMinimumWidth(t.touch * 5)
        m = QLabel(mark)
        m.setStyleSheet(f"color: {colour}; font-weight: bold;")
        b = QLabel(value)
        b.setWordWrap(True)
        b.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.grid.addWidget(m, r, 0)
        self.grid.addWidget(a, r, 1)
        self.grid.addWidget(b, r, 2)
        self.grid.setColumnStretch(2, 1)
        return r + 1

    def _section(self, r: int, title: str) -> int:
        lbl = QLabel(title)
        lbl.setStyleSheet(f"font-weight: bold; font-size: {self.ctx.theme.body}px;"
                          f" color: {self.ctx.theme.primary}; padding-top: 12px;")
        self.grid.addWidget(lbl, r, 0, 1, 3)
        return r + 1

    def _render(self) -> None:
        self._clear()
        rep = self.report
        if rep is None:
            self.warning.hide()
            self._row(0, _("Chargement…"), "")
            return
        now = rep.taken
        self.warning.setVisible(rep.default_pin)
        self.warning.setText(_("Le code PIN d'origine est toujours en service : changez-le "
                               "dans le panneau, page « Code PIN »."))
        r = self._section(0, _("Réseau et horloge"))
        net = rep.network
        if net is None:
            r = self._row(r, _("Réseau"), _("vérification…"), "")
        else:
            if net.ok:
                r = self._row(r, _("Réseau"), _("joignable ({host})").format(host=net.reachable),
                              "ok")
            else:
                parts = [_("injoignable")]
                if net.default_route is False:
                    parts.append(_("pas de route par défaut"))
                parts.append(english(net.error or "") if net.tried
                             else _("aucun serveur configuré"))
                r = self._row(r, _("Réseau"), " — ".join(p for p in parts if p), "bad")
        c = rep.clock
        if c is not None:
            when = i18n.format_datetime(dt.datetime.fromtimestamp(c.now).astimezone())
            if c.behind_by:
                r = self._row(r, _("Horloge"), _("{time} — l'horloge a reculé de {ago} ; "
                                                 "l'heure gardée est la dernière vue").format(
                    time=when, ago=i18n.format_relative(
                        dt.timedelta(seconds=c.behind_by)).strip()), "bad")
            elif c.ahead_by:
                days = max(1, round(c.ahead_by / 86_400))
                r = self._row(r, _("Horloge"), i18n.ngettext(
                    "{time} — l'horloge a avancé de {n} jour sans confirmation : la "
                    "rétention du journal attend",
                    "{time} — l'horloge a avancé de {n} jours sans confirmation : la "
                    "rétention du journal attend", days).format(time=when, n=days), "bad")
            elif c.synchronized is False:
                r = self._row(r, _("Horloge"), _("{time} — non synchronisée").format(time=when),
                              "warn")
            elif not c.trusted:
                r = self._row(r, _("Horloge"), _("{time} — douteuse").format(time=when), "bad")
            else:
                state = _("synchronisée") if c.synchronized else _("état de synchronisation "
                                                                    "inconnu")
                r = self._row(r, _("Horloge"), f"{when} — {state}", "ok")
        if rep.disk is not None:
            d = rep.disk
            r = self._row(r, _("Espace libre"), _("{free} sur {total}").format(
                free=_size(d.free), total=_size(d.total)),
                "ok" if d.free_fraction > 0.1 else "bad")
        r = self._section(r, _("Sources de données"))
        if not rep.sources:
            r = self._row(r, _("Aucune source enregistrée"), "")
        for src in rep.sources:
            parts = [_("dernière synchronisation : {ago}").format(
                ago=_ago(src.last_success, now))]
            if src.data_time:
                parts.append(_("données : {ago}").format(ago=_ago(src.data_time, now)))
            if src.received is not None and src.ok:
                parts.append(counts_text(src))
            if src.error:
                parts.append(error_text(src.error))
            elif src.detail and src.received is None:
                parts.append(detail_text(src.detail))
            if src.failure and src.ok and src.last_failure:
                parts.append(_("dernier échec {ago} : {why}").format(
                    ago=_ago(src.last_failure, now), why=english(src.failure)))
            if src.url:
                parts.append(src.url)
            stale = src.data_time is not None and now - src.data_time > STALE_AFTER
            empty = src.ok and src.stored == 0 and bool(src.received) and not src.data_time
            r = self._row(r, source_name(src.source), " — ".join(parts),
                          "bad" if not src.ok else "warn" if stale or empty else "ok")
        rb = rep.app_rollback
        if rb is not None:
            r = self._row(r, _("Application"), _(
                "revenue seule à la version précédente ({to}) le {time} : la nouvelle "
                "({old}) n'a pas affiché son premier écran en {n} démarrages").format(
                to=rb["to"], old=rb["from"], time=_when(rb["time"]),
                n=rb.get("attempts", "?")),
                "bad")
        for name, end, left in rep.tables:
            r = self._row(r, name, (_("se termine le {day} : à prolonger") if left >= 0 else
                                    _("terminée le {day} : les tendances ignorent la suite"))
                          .format(day=i18n.format_date(end, "long")),
                          "warn" if left >= 0 else "bad")
        r = self._section(r, _("Contenus installés"))
        for kind, label in rep.content:
            r = self._row(r, _(KIND_NAMES.get(kind, kind)),
                          label or _("version livrée avec l'application"),
                          "ok" if label else "")
        r = self._section(r, _("Journal des visites"))
        j = rep.journal
        if "committed" in j:
            text = i18n.ngettext(
                "{n} événement écrit depuis le démarrage, {q} en attente",
                "{n} événements écrits depuis le démarrage, {q} en attente",
                j["committed"]).format(n=j["committed"], q=j["queued"])
            if "size" in j:
                text += " — " + _size(j["size"])
            r = self._row(r, _("Journal"), j.get("error") or text,
                          "bad" if j.get("error") else "ok")
        else:
            r = self._row(r, _("Journal"), _("pas encore démarré"), "warn")
        r = self._section(r, _("Dernières erreurs"))
        if not rep.problems:
            r = self._row(r, _("Aucune erreur"), "", "ok")
        for p in rep.problems:
            r = self._row(r, f"{problem_source(p.source)} · {p.item}",
                          f"{_ago(p.time, now)} — {english(p.message)}", "bad")


class HealthScreen(StaffScreen):
    """The health report on its own, behind the PIN (screen id "health")."""

    def build_content(self) -> QWidget:
        box = QWidget()
        col = QVBoxLayout(box)
        t = self.ctx.theme
        col.setContentsMargins(t.margin, t.margin // 2, t.margin, t.margin // 2)
        self.view = HealthView(self.ctx)
        col.addWidget(self.view)
        return box

    def title(self) -> str:
        return _("Santé du kiosque")

    def on_unlocked(self) -> None:
        self.view.refresh()

    def retranslate(self) -> None:
        super().retranslate()
        self.view.retranslate()
