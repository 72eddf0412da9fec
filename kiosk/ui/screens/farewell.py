"""End of the visit (screen "farewell"): one optional question, one tap, then goodbye.

Reached from the home screen's "Terminer ma visite". When settings.journal.end_question is
on, it asks "Avez-vous appris quelque chose sur la nature en ville ?" on five faces; one tap
records an `end_question` event (answer 1-5) and nothing else. Then a thank-you, and the
visit ends (the same reset as the idle timeout). Skipping records nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.i18n import N_, _
from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.touch import TouchButton

QUESTION_ID = "learned_nature_city"
QUESTION = N_("Avez-vous appris quelque chose sur la nature en ville ?")
FACES = (N_("Pas du tout"), N_("Un peu"), N_("Moyennement"), N_("Beaucoup"),
         N_("Énormément"))
THANKS_MS = 4000


class FaceButton(QPushButton):
    """A painted face, from frowning (1) to beaming (5), with its word underneath in a label
    of body size (so it is measured like every label, and read aloud)."""

    picked = Signal(int)

    def __init__(self, value: int, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = value
        self.theme = theme
        self.setObjectName(f"face-{value}")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.set_width(theme.touch * 2)
        col = self.column = QVBoxLayout(self)
        col.setContentsMargins(theme.gap // 2, 0, theme.gap // 2, theme.gap // 2)
        col.addStretch(1)
        self.word = QLabel()
        self.word.setObjectName("face-word")
        self.word.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.word.setWordWrap(True)
        self.word.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.set_word_px(theme.body)
        # A press on the word is a press on the face.
        self.word.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        col.addWidget(self.word)
        self.clicked.connect(lambda: self.picked.emit(self.value))

    def set_width(self, width: int) -> None:
        # The application stylesheet's min-width/min-height win over setMinimumSize; no
        # padding, so min-width is the whole width.
        side = self.theme.touch * 2
        self.setStyleSheet(f"QPushButton {{ min-width: {max(side, width)}px;"
                           f" min-height: {round(side * 1.5)}px; padding: 0; }}")

    def set_word_px(self, px: int) -> None:
        self.word.setStyleSheet(f"font-size: {px}px; font-weight: bold;")

    def word_width(self, px: int) -> int:
        """What the longest word of the label needs at `px` (a word is never cut)."""
        f = QFont(self.word.font())
        f.setPixelSize(px)
        f.setBold(True)
        metrics = QFontMetrics(f)
        margins = self.column.contentsMargins()
        return max(metrics.horizontalAdvance(w) for w in self.word.text().split()) + (
            margins.left() + margins.right() + self.theme.gap // 2)

    def retranslate(self) -> None:
        self.word.setText(_(FACES[self.value - 1]))
        self.setAccessibleName(self.word.text())

    def paintEvent(self, event: QPaintEvent) -> None:
        t = self.theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w = self.width()
        room = self.word.geometry().top() - t.gap // 2
        d = max(8, min(w - t.gap, room - 12))
        r = QRectF((w - d) / 2, 6, d, d)
        hue = ["#c0392b", "#e67e22", "#f1c40f", "#8bc34a", "#2e7d32"][self.value - 1]
        p.setPen(QPen(QColor(t.text), 3))
        p.setBrush(QColor(hue).lighter(140 if not self.isDown() else 110))
        p.drawEllipse(r)
        c = r.center()
        p.setBrush(QColor(t.text))
        for dx in (-d * 0.17, d * 0.17):
            p.drawEllipse(QPointF(c.x() + dx, c.y() - d * 0.12), d * 0.05, d * 0.05)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(QPen(QColor(t.text), max(3, d * 0.04), Qt.PenStyle.SolidLine,
                      Qt.PenCapStyle.RoundCap))
        curve = (self.value - 3) / 2  # -1 … 1
        mouth = QRectF(c.x() - d * 0.22, c.y() + d * 0.08 - d * 0.12 * curve, d * 0.44,
                       d * 0.24 * max(abs(curve), 0.05))
        if curve > 0:  # a smile: the lower part of the ellipse
            p.drawArc(mouth, 200 * 16, 140 * 16)
        elif curve < 0:  # a frown: the upper part of an ellipse below the eyes
            frown = QRectF(c.x() - d * 0.22, c.y() + d * 0.14, d * 0.44, d * 0.24 * -curve)
            p.drawArc(frown, 20 * 16, 140 * 16)
        else:
            y = mouth.center().y()
            p.drawLine(QPointF(mouth.left(), y), QPointF(mouth.right(), y))
        p.end()


class FarewellScreen(Screen):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        t = ctx.theme
        col = QVBoxLayout(self)
        col.setAlignment(Qt.AlignmentFlag.AlignCenter)
        col.setContentsMargins(t.margin, t.margin, t.margin, t.margin)
        col.setSpacing(t.gap * 2)
        self.question = QLabel()
        self.question.setProperty("role", "headline")
        self.question.setWordWrap(True)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        col.addWidget(self.question)
        self.faces_box = QWidget()
        row = QHBoxLayout(self.faces_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(t.gap)
        self.faces = [FaceButton(v, t) for v in range(1, 6)]
        for f in self.faces:
            f.picked.connect(self.on_answer)
            row.addWidget(f)
        col.addWidget(self.faces_box, 0, Qt.AlignmentFlag.AlignCenter)
        # A real button (not a bare word): as easy to find and to press as the faces.
        self.skip = TouchButton(min_px=t.touch)
        self.skip.setObjectName("skip")
        self.skip.setStyleSheet(f"QPushButton#skip {{ min-width: {t.touch * 4}px;"
                                f" border: {max(2, t.px(3))}px solid {t.primary};"
                                f" color: {t.primary}; font-weight: bold; }}")
        self.skip.clicked.connect(self.finish)
        col.addWidget(self.skip, 0, Qt.AlignmentFlag.AlignCenter)
        self.thanks = QLabel()
        self.thanks.setProperty("role", "headline")
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thanks.setWordWrap(True)
        col.addWidget(self.thanks)
        self.end_timer = QTimer(self)
        self.end_timer.setObjectName("farewell-end")
        self.end_timer.setSingleShot(True)
        self.end_timer.timeout.connect(self.end_visit)  # the shell ends the visit
        self.answered: int | None = None
        self.retranslate()

    def title(self) -> str:
        return _("Fin de la visite")

    def retranslate(self) -> None:
        self.question.setText(_(QUESTION))
        self.skip.setText(_("Passer"))
        self.thanks.setText(_("Merci de votre visite, et à bientôt dans la nature en ville !"))
        for f in self.faces:
            f.retranslate()
        self._fit_faces()

    def _fit_faces(self) -> None:
        """Five faces of one width in a row: the longest word of this language at body size,
        or smaller (down to the small size) when five of them would not fit across."""
        t = self.ctx.theme
        room = (self.width() - 2 * t.margin - 4 * t.gap) // 5  # the row's spacing is t.gap
        px = t.body
        while px > t.small and max(f.word_width(px) for f in self.faces) > room:
            px -= 1
        widest = max(f.word_width(px) for f in self.faces)
        for f in self.faces:
            f.set_word_px(px)
            f.set_width(widest)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_faces()

    def enter(self, arg: str | None) -> None:
        self.answered = None
        asking = self.ctx.settings.journal.end_question
        for w in (self.question, self.faces_box, self.skip):
            w.setVisible(asking)
        self.thanks.setVisible(not asking)
        if not asking:
            self.end_timer.start(THANKS_MS)

    def leave(self) -> None:
        self.end_timer.stop()

    def reset(self) -> None:
        self.end_timer.stop()
        self.answered = None

    def on_answer(self, value: int) -> None:
        if self.answered is not None:
            return
        self.answered = value
        self.ctx.record("end_question", question=QUESTION_ID, answer=value)
        self.finish()

    def finish(self) -> None:
        for w in (self.question, self.faces_box, self.skip):
            w.hide()
        self.thanks.show()
        self.end_timer.start(THANKS_MS)
