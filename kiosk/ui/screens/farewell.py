"""End of the visit (screen "farewell"): one optional question, one tap, then goodbye.

Reached from the home screen's "Terminer ma visite". When settings.journal.end_question is
on, it asks "Avez-vous appris quelque chose sur la nature en ville ?" on five faces; one tap
records an `end_question` event (answer 1-5) and nothing else. Then a thank-you, and the
visit ends (the same reset as the idle timeout). Skipping records nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

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
    """A painted face, from frowning (1) to beaming (5), with its word underneath."""

    picked = Signal(int)

    def __init__(self, value: int, theme: Theme, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = value
        self.theme = theme
        self.setObjectName(f"face-{value}")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        side = theme.touch * 2
        # The application stylesheet's min-width/min-height win over setMinimumSize.
        self.setStyleSheet(f"min-width: {side}px; min-height: {round(side * 1.4)}px;")
        self.clicked.connect(lambda: self.picked.emit(self.value))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        t = self.theme
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        d = min(w, h * 0.7) - 12
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
        p.setPen(QColor(t.text))
        font = p.font()
        font.setPixelSize(t.small)
        p.setFont(font)
        p.drawText(QRectF(0, r.bottom() + 8, w, h - r.bottom() - 8),
                   Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap,
                   _(FACES[self.value - 1]))
        p.end()


class FarewellScreen(Screen):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        t = ctx.theme
        col = QVBoxLayout(self)
        col.setAlignment(Qt.AlignmentFlag.AlignCenter)
        col.setSpacing(t.gap * 2)
        self.question = QLabel()
        self.question.setProperty("role", "headline")
        self.question.setWordWrap(True)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        col.addWidget(self.question)
        self.faces_box = QWidget()
        row = QHBoxLayout(self.faces_box)
        row.setSpacing(t.gap)
        self.faces = [FaceButton(v, t) for v in range(1, 6)]
        for f in self.faces:
            f.picked.connect(self.on_answer)
            row.addWidget(f)
        col.addWidget(self.faces_box, 0, Qt.AlignmentFlag.AlignCenter)
        self.skip = TouchButton(min_px=t.touch, role="flat")
        self.skip.setObjectName("skip")
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
            f.setAccessibleName(_(FACES[f.value - 1]))
            f.update()

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
