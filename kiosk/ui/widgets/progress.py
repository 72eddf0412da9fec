"""A transfer progress bar for the facilitator: bytes done, speed and time left.

Fed with core.content.progress.Transfer values; the owner polls the latest value from the
worker (the content service keeps it) with a timer, so the GUI thread never waits on it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from kiosk.core.content.progress import Transfer
from kiosk.core.i18n import _, format_number
from kiosk.ui.theme import Theme


def format_bytes(n: float) -> str:
    """Bytes in the units French speakers read ("12,3 Mo"), with the locale's numbers."""
    # Translators: abbreviations of byte, kilobyte, megabyte, gigabyte (Mo = MB in French).
    units = (_("o"), _("ko"), _("Mo"), _("Go"))
    value, unit = float(n), 0
    while value >= 1000 and unit < len(units) - 1:
        value /= 1000
        unit += 1
    digits = 0 if unit == 0 or value >= 100 else 1
    return _("{value} {unit}").format(value=format_number(value, digits), unit=units[unit])


def format_seconds(seconds: float) -> str:
    s = round(seconds)
    if s < 60:
        return _("{n} s").format(n=s)
    return _("{m} min {s} s").format(m=s // 60, s=s % 60)


def describe(t: Transfer) -> str:
    """ "12,3 Mo sur 200 Mo · 45 Mo/s · encore 4 s" (what the label shows)."""
    parts = [_("{done} sur {total}").format(done=format_bytes(t.done),
                                             total=format_bytes(t.total))]
    if t.speed is not None:
        parts.append(_("{speed}/s").format(speed=format_bytes(t.speed)))
    if t.eta is not None and t.done < t.total:
        parts.append(_("encore {time}").format(time=format_seconds(t.eta)))
    return " · ".join(parts)


class TransferProgress(QWidget):
    """A bar and one line of text; `set_transfer(None)` empties it."""

    def __init__(self, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(theme.gap // 2)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setMinimumHeight(theme.touch // 3)
        self.item = QLabel()
        self.item.setProperty("role", "muted")
        self.text = QLabel()
        col.addWidget(self.bar)
        col.addWidget(self.text)
        col.addWidget(self.item)
        self.last: Transfer | None = None
        self.set_transfer(None)

    def set_transfer(self, t: Transfer | None) -> None:
        self.last = t
        # No transfer, no bar: an empty box under "no stick" read as something stuck.
        self.bar.setVisible(t is not None)
        if t is None:
            self.bar.setValue(0)
            self.text.setText("")
            self.item.setText("")
            return
        self.bar.setValue(round(t.fraction * 1000))
        self.text.setText(describe(t))
        self.item.setText(t.item)
