"""The widgets of exhibit pages, one builder per page kind, in the current language.

A page that cannot be shown whole (a missing picture, live data not available on this kiosk)
still shows what it can, with a message saying what is missing; it is reported once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.core.exhibits import Module, Page
from kiosk.core.i18n import _, current_language
from kiosk.ui.context import UiContext
from kiosk.ui.widgets.picture import Picture
from kiosk.ui.widgets.quiz import QuizView
from kiosk.ui.widgets.scrolling import touch_scroll
from kiosk.ui.widgets.touch import TouchButton

log = logging.getLogger(__name__)


def _label(text: str, role: str | None = None, *, markdown: bool = False) -> QLabel:
    label = QLabel()
    if markdown:
        label.setTextFormat(Qt.TextFormat.MarkdownText)
    label.setText(text)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if role:
        label.setProperty("role", role)
    return label


def message_card(ctx: UiContext, text: str) -> QFrame:
    card = QFrame()
    card.setProperty("role", "card")
    card.setObjectName("message-card")
    col = QVBoxLayout(card)
    t = ctx.theme
    col.setContentsMargins(t.margin, t.margin, t.margin, t.margin)
    label = _label(text)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    col.addWidget(label)
    return card


def reading_px(theme) -> int:
    """Text of the pages: larger than the body token, read standing two metres away."""
    return round(theme.body * 1.15)


class PageView(QWidget):
    """One page; `shown()` is called each time it comes on screen."""

    def __init__(self, page: Page) -> None:
        super().__init__()
        self.page = page
        self.on_shown: Callable[[], None] | None = None
        self.player = None  # the PlayerView of a video page

    def shown(self) -> None:
        if self.on_shown is not None:
            self.on_shown()

    def hidden(self) -> None:
        """The page was turned or the screen left: a video stops where it is."""
        if self.player is not None:
            self.player.pause()


def build_page(ctx: UiContext, module: Module, page: Page, index: int,
               pictures: dict, state: dict, report: Callable[[str, str], None],
               go: Callable[[str], None]) -> PageView:
    """The widget of `page` (index `index` of `module`) in the current language.

    `state` keeps what the visitor did on the page (a quiz choice) across a language switch;
    `report(key, message)` reports a problem once per key.
    """
    lang = current_language()
    # The visitor chose easy-to-read French (the accessibility panel): its FALC texts.
    easy = bool(getattr(ctx, "easy_read", False)) and lang == "fr"

    def text(name: str) -> str:
        return page.text(name, lang, easy=easy)

    t = ctx.theme
    view = PageView(page)
    col = QVBoxLayout(view)
    col.setContentsMargins(0, 0, 0, 0)
    col.setSpacing(t.gap)
    title = text("title")
    if page.kind == "text":
        # Long text in large type scrolls rather than being cut off.
        inner = QWidget()
        scroll = touch_scroll(inner, "page-scroll")
        col.addWidget(scroll)
        col = QVBoxLayout(inner)
        col.setContentsMargins(0, 0, t.gap, 0)
        col.setSpacing(t.gap)
        col.addStretch(1)  # the text block sits in the middle of the page
    if title and page.kind != "quiz":
        col.addWidget(_label(title, "title"))
    if page.kind == "text":
        # One label per paragraph or list: Qt's Markdown leaves no room between paragraphs.
        for n, block in enumerate(b for b in text("body").split("\n\n") if b.strip()):
            body = _label(block.strip(), markdown=True)
            body.setObjectName(f"page-body-{n}")
            body.setStyleSheet(f"font-size: {reading_px(t)}px;")
            col.addWidget(body)
        col.addStretch(2)
    elif page.kind == "image":
        data = pictures.get(page.picture) if page.picture else None
        pic = Picture(t, data, is_svg=bool(page.picture and page.picture.suffix == ".svg"))
        pic.setObjectName("page-picture")
        pic.setAccessibleDescription(text("alt"))
        if not pic.is_valid():
            pic.set_message(_("Cette image n'est pas disponible pour le moment."))
            name = page.picture.name if page.picture else "?"
            report(f"picture:{name}", f"{module.id}: page {index + 1}: picture {name} "
                                      "cannot be shown")
        col.addWidget(pic, 1)
        caption = _label(text("caption").strip())
        caption.setObjectName("page-caption")
        caption.setStyleSheet(f"font-size: {t.body}px;")
        col.addWidget(caption)
    elif page.kind == "quiz":
        quiz = QuizView(t, text("question"), page.choices.get(lang), page.answer,
                        text("explanation").strip(), picked=state.get(index))
        quiz.setObjectName("quiz")

        def on_answer(choice: int, correct: bool) -> None:
            state[index] = choice
            ctx.record("quiz_answer", module=module.id, question=index + 1, correct=correct)

        quiz.answered.connect(on_answer)
        col.addWidget(quiz, 1)
    elif page.kind == "qr":
        from kiosk.ui.widgets.qr import QrCode

        row = QHBoxLayout()
        row.setSpacing(t.margin)
        invitation = _label(text("body").strip())
        invitation.setObjectName("page-body-0")
        invitation.setStyleSheet(f"font-size: {reading_px(t)}px;")
        row.addWidget(invitation, 1)
        qr = QrCode(page.url, side=t.px(400))
        qr.setObjectName("page-qr")
        qr_col = QVBoxLayout()
        qr_col.addWidget(qr, 0, Qt.AlignmentFlag.AlignHCenter)
        url = _label(page.url.removeprefix("https://").removeprefix("http://").rstrip("/"),
                     "muted")
        url.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        qr_col.addWidget(url)
        qr_col.addStretch(1)
        row.addLayout(qr_col)
        col.addLayout(row, 1)
        view.on_shown = lambda: ctx.record("qr_shown", target=page.url)
    elif page.kind == "video":
        view.player = _video_page(ctx, page, col, lang, go)
        if view.player is not None:
            view.on_shown = view.player.play
    elif page.kind == "sensor":
        col.addWidget(_sensor_page(ctx, page), 1)
        if page.caption or page.easy.get("caption"):
            caption = _label(text("caption").strip())
            caption.setObjectName("page-caption")
            col.addWidget(caption)
    return view


def sources_view(ctx: UiContext, module: Module) -> QWidget:
    """Where the facts of the module come from, and who made its pictures."""
    t = ctx.theme
    view = QWidget()
    view.setObjectName("sources")
    col = QVBoxLayout(view)
    col.setContentsMargins(0, 0, 0, 0)
    col.setSpacing(t.gap // 2)
    col.addWidget(_label(_("Sources"), "title"))
    for s in module.sources:
        parts = [s.title, s.publisher, s.year]
        line = ", ".join(p for p in parts if p)
        if s.url:
            line += f" — {s.url.removeprefix('https://').rstrip('/')}"
        col.addWidget(_label(f"• {line}"))
    if module.credits:
        col.addSpacing(t.gap)
        col.addWidget(_label(_("Images"), "title"))
        for c in module.credits:
            col.addWidget(_label(f"• {c.file} : {c.author} ({c.licence})"))
    col.addStretch(1)
    return view


def _video_page(ctx: UiContext, page: Page, col: QVBoxLayout, lang: str,
                go: Callable[[str], None]):
    """A button to the library for a catalog video; a player for a file of the module."""
    if page.caption:
        col.addWidget(_label(page.caption.get(lang)))
    if page.video:
        button = TouchButton(_("Regarder la vidéo"), min_px=ctx.theme.touch, role="primary",
                             icon="play")
        button.setObjectName("watch")
        button.clicked.connect(lambda: go(f"videos:{page.video}"))
        col.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        col.addStretch(1)
        return None
    from kiosk.ui.player import PlayerView

    player = PlayerView(ctx, item=page.file.stem if page.file else "video")
    player.setObjectName("page-player")
    player.open(page.file, page.subtitles, lang if lang in page.subtitles else "fr",
                autoplay=False)
    col.addWidget(player, 1)
    toggle = TouchButton(min_px=ctx.theme.touch, role="primary")
    toggle.setObjectName("page-play")

    def label(playing: bool) -> None:
        toggle.setText(_("Pause") if playing else _("Lecture"))

    label(False)
    toggle.clicked.connect(player.toggle)
    player.playing_changed.connect(label)
    col.addWidget(toggle, 0, Qt.AlignmentFlag.AlignLeft)
    return player


def _sensor_page(ctx: UiContext, page: Page) -> QWidget:
    try:
        from kiosk.ui.widgets.sensor_embed import make_sensor_embed
    except ImportError:
        return message_card(ctx, _("Les données en direct de cette page ne sont pas "
                                   "disponibles sur cette borne."))
    try:
        return make_sensor_embed(ctx, page)
    except Exception as e:  # one broken embed never takes the module down
        log.exception("sensor page failed")
        ctx.problems.report("exhibit", f"sensor:{page.quantity}", f"{type(e).__name__}: {e}")
        return message_card(ctx, _("Les données en direct de cette page ne sont pas "
                                   "disponibles sur cette borne."))
