"""One exhibit module: pages that turn by swipe or by large arrows, with progress dots.

Journal: `page_view` (module, page, seconds) when a page is left, `quiz_answer` and
`qr_shown` from the pages. A module that is not (or no longer) in the exhibition says so.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from kiosk.core.exhibits import Exhibition, Module
from kiosk.core.i18n import _, current_language
from kiosk.ui.context import UiContext
from kiosk.ui.library import exhibits_of
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import Theme
from kiosk.ui.widgets.exhibit_pages import PageView, build_page, sources_view
from kiosk.ui.widgets.touch import TouchButton
from kiosk.ui.widgets.wrap_button import WrapButton

if TYPE_CHECKING:
    from kiosk.ui.library import Library


SWIPE_PX = 90  # a horizontal drag longer than this turns the page


class SwipeStack(QStackedWidget):
    """Signals:
    swiped(int): +1 for a swipe to the left (next page), -1 to the right (previous).
    """

    swiped = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._start: QPoint | None = None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._start = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        start, self._start = self._start, None
        if start is not None:
            d = event.position().toPoint() - start
            if abs(d.x()) > SWIPE_PX and abs(d.x()) > 2 * abs(d.y()):
                self.swiped.emit(1 if d.x() < 0 else -1)
        super().mouseReleaseEvent(event)


class ArrowButton(TouchButton):
    """A tall button with a painted chevron, easy to hit at the side of the page."""

    def __init__(self, direction: int, theme: Theme) -> None:
        super().__init__(min_px=theme.touch)
        self.direction = direction
        self.theme = theme
        # The application stylesheet's min-height wins over setMinimumHeight: set ours there.
        width = int(theme.touch * 1.3)
        self.setStyleSheet(f"min-height: {theme.touch * 3}px; min-width: {width}px;"
                           f" max-width: {width}px; padding: 0;")

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = QColor(self.theme.primary if self.isEnabled() else self.theme.stale)
        p.setPen(QPen(colour, 10, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                      Qt.PenJoinStyle.RoundJoin))
        c = QPointF(self.width() / 2, self.height() / 2)
        s = min(self.width(), 120) * 0.25
        path = QPainterPath(QPointF(c.x() - s * self.direction / 2, c.y() - s))
        path.lineTo(c.x() + s * self.direction / 2, c.y())
        path.lineTo(c.x() - s * self.direction / 2, c.y() + s)
        p.drawPath(path)
        p.end()


class ProgressDots(QWidget):
    """One dot per page, the current one filled."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.theme = theme
        self.count = 0
        self.current = 0
        self.setFixedHeight(theme.px(40))

    def set_state(self, count: int, current: int) -> None:
        self.count, self.current = count, current
        self.setMinimumWidth(count * self.theme.px(44))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        step = self.theme.px(44)
        left = (self.width() - self.count * step) / 2 + step / 2
        for i in range(self.count):
            r = self.theme.px(13 if i == self.current else 9)
            p.setPen(QPen(QColor(self.theme.primary), 3))
            p.setBrush(QColor(self.theme.primary if i <= self.current else self.theme.surface))
            p.drawEllipse(QRectF(left + i * step - r, self.height() / 2 - r, 2 * r, 2 * r))
        p.end()


class ExhibitScreen(Screen):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__(ctx)
        t = ctx.theme
        self.module: Module | None = None
        self.module_id = ""
        self.index = 0
        self.pages: list[PageView | None] = []  # None until the page is first shown
        self._built: tuple | None = None
        self.answers: dict[int, int] = {}
        self._reported: set[str] = set()
        self._page_since = 0.0
        self.library: Library | None = None
        col = QVBoxLayout(self)
        col.setContentsMargins(t.gap, t.gap, t.gap, t.gap)
        col.setSpacing(t.gap // 2)
        self.heading = QLabel()
        self.heading.setObjectName("module-title")
        self.heading.setStyleSheet(f"font-size: {t.body + 4}px; font-weight: bold;"
                                   f" color: {t.primary}; padding-left: {t.gap}px;")
        col.addWidget(self.heading)
        row = QHBoxLayout()
        row.setSpacing(t.gap)
        self.prev_button = ArrowButton(-1, t)
        self.prev_button.setObjectName("previous")
        self.next_button = ArrowButton(1, t)
        self.next_button.setObjectName("next")
        self.stack = SwipeStack()
        self.message = QLabel()
        self.message.setObjectName("message")
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setProperty("role", "title")
        row.addWidget(self.prev_button, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.stack, 1)
        row.addWidget(self.message, 1)
        row.addWidget(self.next_button, 0, Qt.AlignmentFlag.AlignVCenter)
        col.addLayout(row, 1)
        # The last page proposes the module after this one (the exhibition is a loop).
        self.next_module = WrapButton("", t)
        self.next_module.setObjectName("next-module")
        self.next_module.set_state("on")
        self.next_module.clicked.connect(self._open_next_module)
        self.next_module.hide()
        col.addWidget(self.next_module)
        bottom = QHBoxLayout()
        self.counter = QLabel()
        self.counter.setProperty("role", "muted")
        self.dots = ProgressDots(t)
        self.list_button = TouchButton(min_px=t.touch)
        self.list_button.setObjectName("all-modules")
        self.sources_button = TouchButton(min_px=t.touch)
        self.sources_button.setObjectName("sources-button")
        self.sources_button.setCheckable(True)
        self.sources: QWidget | None = None
        bottom.addWidget(self.counter, 1)
        bottom.addWidget(self.dots, 2)
        bottom.addWidget(self.sources_button, 0, Qt.AlignmentFlag.AlignRight)
        bottom.addWidget(self.list_button, 0, Qt.AlignmentFlag.AlignRight)
        col.addLayout(bottom)
        self.prev_button.clicked.connect(lambda: self.turn(-1))
        self.next_button.clicked.connect(lambda: self.turn(1))
        self.stack.swiped.connect(self.turn)
        self.list_button.clicked.connect(lambda: self.go.emit("exhibits"))
        self.sources_button.clicked.connect(self.show_sources)
        self.retranslate()

    # --- life cycle --------------------------------------------------------------------------
    def title(self) -> str:
        # The module's own title is the heading of the screen: some are too long for the bar.
        return _("Exposition")

    def enter(self, arg: str | None) -> None:
        if self.library is None:
            self.library = exhibits_of(self.ctx)
            self.library.ready.connect(self._on_library_ready)
        if arg != self.module_id:
            self.module_id = arg or ""
            self.index = 0
            self.answers.clear()
            self.module = None
        self._build(announce=True)
        self._page_since = time.monotonic()

    @property
    def pauses_idle(self) -> bool:  # type: ignore[override]
        """A video playing on a page keeps the visitor session alive."""
        return any(v is not None and v.player is not None and v.player.is_playing()
                   for v in self.pages)

    def leave(self) -> None:
        self._record_page()
        shown = self.pages[self.index] if self.pages else None
        if shown is not None:
            shown.hidden()

    def reset(self) -> None:
        self.module_id = ""
        self.module = None
        self.index = 0
        self.answers.clear()
        self._clear_pages()

    def retranslate(self) -> None:
        self.list_button.setText(_("Tous les modules"))
        self.sources_button.setText(_("Sources"))
        self.prev_button.setAccessibleName(_("Page précédente"))
        self.next_button.setAccessibleName(_("Page suivante"))
        if self.module is not None:
            self._build()
        else:
            self._show_message()

    # --- pages -------------------------------------------------------------------------------
    def _on_library_ready(self) -> None:
        if self.module_id and self.isVisible():
            self._build()

    def _clear_pages(self) -> None:
        self._built = None
        for view in self.pages:
            if view is not None and view.player is not None:
                view.player.stop()
        while self.stack.count():
            widget = self.stack.widget(0)
            if widget is None:
                break
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self.pages = []
        self.sources = None

    def show_sources(self, show: bool = True) -> None:
        """The sources of the module instead of the page; again (or a page turn) to go back."""
        if self.module is None:
            return
        if show:
            if self.sources is None:
                self.sources = sources_view(self.ctx, self.module)
                self.stack.addWidget(self.sources)
            self.stack.setCurrentWidget(self.sources)
        else:
            self.stack.setCurrentWidget(self.page_view(self.index))
        self.sources_button.setChecked(show)
        self.page_changed.emit()

    def _report(self, key: str, message: str) -> None:
        if key not in self._reported:
            self._reported.add(key)
            self.ctx.problems.report("exhibit", self.module_id, message)

    def _build(self, announce: bool = False) -> None:
        """Lay out the module: an empty slot per page, filled when the page is first shown."""
        ex = self.library.exhibition if self.library else None
        module = ex.module(self.module_id) if ex else None
        key = (id(self.library.loaded) if self.library else 0, self.module_id,
               current_language(), self.ctx.easy_read)
        if module is not None and key == self._built and self.pages:
            self._show_page(announce=announce)  # same module, same language: as it was
            return
        self._clear_pages()
        self.module = module
        if self.module is None:
            self._show_message()
            return
        self._built = key
        for _page in self.module.pages:
            self.pages.append(None)
            self.stack.addWidget(QWidget())
        self.index = min(self.index, len(self.pages) - 1)
        self.heading.setText(f"{self.module.order}. {self.module.title.get(current_language())}")
        self.message.hide()
        self.stack.show()
        self._show_page(announce=announce)

    def _show_message(self) -> None:
        self.heading.setText("")
        self.stack.hide()
        self.message.show()
        library = self.library
        if library is not None and library.loaded is None and not library.failed:
            self.message.setText(_("Chargement de l'exposition…"))
        else:
            self.message.setText(_("Ce module n'est pas disponible pour le moment. "
                                   "Choisissez-en un autre dans la liste."))
            if library is not None and self.module_id:
                self._report("missing", f"module {self.module_id!r} is not in the exhibition")
        self.prev_button.setEnabled(False)
        self.next_button.setEnabled(False)
        self.next_module.hide()
        self.dots.set_state(0, 0)
        self.counter.setText("")

    def page_view(self, i: int) -> PageView:
        """Page `i`, built on first use (entering a module builds one page, not six)."""
        view = self.pages[i]
        if view is not None:
            return view
        module = self.module
        if module is None:
            raise RuntimeError("no module is open")
        page = module.pages[i]
        try:
            pictures = self.library.pictures if self.library else {}
            view = build_page(self.ctx, module, page, i, pictures,
                              self.answers, self._report, self.go.emit)
        except Exception as e:  # one broken page never takes the module down
            self._report(f"page:{i}", f"page {i + 1}: {type(e).__name__}: {e}")
            view = PageView(page)
            QVBoxLayout(view).addWidget(QLabel(_("Cette page n'est pas disponible.")))
        slot = self.stack.widget(i)
        self.stack.insertWidget(i, view)
        if slot is not None:
            self.stack.removeWidget(slot)
            slot.deleteLater()
        self.pages[i] = view
        return view

    def _prefetch(self, key: tuple, i: int) -> None:
        """Build the next page while the visitor reads this one, so the turn is instant."""
        if key == self._built and 0 <= i < len(self.pages) and self.pages[i] is None:
            self.page_view(i)

    def _show_page(self, announce: bool = True) -> None:
        n = len(self.pages)
        view = self.page_view(self.index)
        self.stack.setCurrentWidget(view)
        QTimer.singleShot(0, lambda key=self._built, i=self.index + 1: self._prefetch(key, i))
        self.prev_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.index < n - 1)
        self.dots.set_state(n, self.index)
        self._propose_next_module(self.index == n - 1)
        self.sources_button.setChecked(False)
        self.counter.setText(_("Page {n} sur {total}").format(n=self.index + 1, total=n))
        if announce:
            view.shown()

    def following_module(self) -> Module | None:
        """The module after this one in the exhibition's order, the first after the last."""
        ex = self.library.content if self.library else None
        if not isinstance(ex, Exhibition):
            return None
        ids = [m.id for m in ex.modules]
        if self.module is None or self.module.id not in ids or len(ids) < 2:
            return None
        return ex.modules[(ids.index(self.module.id) + 1) % len(ids)]

    def _propose_next_module(self, last_page: bool) -> None:
        following = self.following_module() if last_page else None
        if following is None:
            self.next_module.hide()
            return
        title = following.title.get(current_language())
        self.next_module.setText(_("Module suivant : {title}").format(
            title=f"{following.order}. {title}") + "  →")
        self.next_module.setProperty("module", following.id)
        self.next_module.show()

    def _open_next_module(self) -> None:
        target = self.next_module.property("module")
        if target:
            self.go.emit(f"exhibit:{target}")

    def turn(self, step: int) -> None:
        if not self.pages:
            return
        if self.sources is not None and self.stack.currentWidget() is self.sources:
            self.show_sources(False)
            if step < 0:
                return
        target = self.index + step
        if not 0 <= target < len(self.pages) or target == self.index:
            return
        self._record_page()
        self.page_view(self.index).hidden()
        self.index = target
        self._show_page()
        self.page_changed.emit()

    def _record_page(self) -> None:
        if self.module is None or not self.pages:
            return
        now = time.monotonic()
        seconds = round(now - self._page_since, 1)
        self._page_since = now
        self.ctx.record("page_view", module=self.module.id, page=self.index + 1,
                        seconds=seconds)
