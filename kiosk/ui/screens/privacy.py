"""« Ce que nous mesurons »: what the visitor journal records, said plainly (screen "privacy").

Each kind of journal event has its sentence here (COVERS); a test checks that every kind of
core.journal.events.KINDS is covered, so the page cannot fall behind what is recorded.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.core.i18n import N_, _
from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.scrolling import touch_scroll

VISIT = N_("Le début et la fin de votre visite, sous un numéro tiré au hasard qui ne sert "
           "qu'à cette visite.")
SCREENS = N_("Les écrans et les pages que vous ouvrez, et le temps passé sur chacun.")
VIDEOS = N_("Les vidéos lancées et le nombre de secondes regardées.")
QUIZ = N_("Aux quiz : si la réponse choisie était juste ou fausse.")
OTHERS = N_("Les changements de langue, les choix d'accessibilité, les codes QR affichés, "
            "les capteurs et l'agenda consultés.")
END = N_("Si vous y répondez : votre réponse à la question de fin de visite, de 1 à 5.")
CONTEXT = N_("Pour chacun : l'heure, le territoire où se trouve le kiosque et la langue de "
             "l'écran.")

RECORDED = (VISIT, SCREENS, VIDEOS, QUIZ, OTHERS, END, CONTEXT)
NEVER = (
    N_("Ni nom, ni photo, ni son, ni texte écrit : le kiosque n'a ni caméra ni micro, et "
       "aucune case où écrire."),
    N_("Aucun identifiant de téléphone ou de réseau : le kiosque ne voit pas votre "
       "téléphone, même quand vous scannez un code QR."),
    N_("Rien qui permette de vous reconnaître, ni de relier deux visites entre elles."),
)

# Which sentence tells the visitor about each kind of journal event.
COVERS = {
    "session_start": VISIT,
    "session_end": VISIT,
    "screen_view": SCREENS,
    "page_view": SCREENS,
    "video_play": VIDEOS,
    "quiz_answer": QUIZ,
    "language_switch": OTHERS,
    "qr_shown": OTHERS,
    "sensor_view": OTHERS,
    "trends_view": OTHERS,
    "agenda_view": OTHERS,
    "end_question": END,
    "accessibility_on": OTHERS,
    "promotion_shown": SCREENS,
    "promotion_followed": SCREENS,
}


class PrivacyScreen(Screen):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        t = ctx.theme
        outer = QVBoxLayout(self)
        outer.setContentsMargins(t.margin, t.margin // 2, t.margin, t.margin // 2)
        scroll = touch_scroll()
        body = QWidget()
        self.col = QVBoxLayout(body)
        self.col.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.col.setSpacing(t.gap // 2)
        scroll.setWidget(body)
        outer.addWidget(scroll)
        self.intro = self._label("title")
        self.recorded_title = self._label("subtitle")
        self.recorded = [self._label("item") for _ in RECORDED]
        self.never_title = self._label("subtitle")
        self.never = [self._label("item") for _ in NEVER]
        self.keeping = self._label("")
        self.retranslate()

    def _label(self, kind: str) -> QLabel:
        t = self.ctx.theme
        lbl = QLabel()
        lbl.setWordWrap(True)
        if kind == "title":
            lbl.setProperty("role", "title")
        elif kind == "subtitle":
            lbl.setStyleSheet(f"font-size: {t.title * 3 // 4}px; font-weight: bold;"
                              f" color: {t.primary}; padding-top: {t.gap // 2}px;")
        elif kind == "item":
            lbl.setContentsMargins(t.gap, 0, 0, 0)
        else:
            lbl.setContentsMargins(0, t.gap, 0, 0)
        self.col.addWidget(lbl)
        return lbl

    def title(self) -> str:
        return _("Ce que nous mesurons")

    def retranslate(self) -> None:
        self.intro.setText(_("Pour savoir si l'exposition est utile, ce kiosque compte ce "
                             "qui s'y passe. Il ne sait pas qui vous êtes."))
        self.recorded_title.setText(_("Ce qui est enregistré"))
        for lbl, text in zip(self.recorded, RECORDED, strict=True):
            lbl.setText("•  " + _(text))
        self.never_title.setText(_("Ce qui n'est jamais enregistré"))
        for lbl, text in zip(self.never, NEVER, strict=True):
            lbl.setText("•  " + _(text))
        self.keeping.setText(_("Ces données restent dans le kiosque {days} jours au plus, "
                               "puis sont effacées. L'équipe du centre les utilise pour "
                               "compter les visites et améliorer l'exposition.").format(
            days=self.ctx.settings.journal.retention_days))

    def enter(self, arg: str | None) -> None:
        self.retranslate()
