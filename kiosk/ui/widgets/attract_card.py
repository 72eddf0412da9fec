"""How an attract slide (kiosk.ui.attract_slides) is drawn on its card: the visual on one side
— the module's picture, a ring in the live value's air-quality colour, a calendar leaf for the
next event, the trail's stops — and its words on the other, each at the largest size that
fits (never cut). Plain painting into the screen's pixmaps: no widget per slide.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk.core.i18n import _, format_date, speaking
from kiosk.ui.attract_slides import Slide, Words
from kiosk.ui.theme import Theme

WRAP = int(Qt.TextFlag.TextWordWrap)


def font(t: Theme, px: int, bold: bool = False) -> QFont:
    f = QFont(t.font_family)
    f.setPixelSize(max(1, px))
    f.setBold(bold)
    return f


def fitted(f: QFont, width: float, text: str, px: int, min_px: int,
           height: float | None = None, *, one_line: bool = False) -> tuple[QFont, int]:
    """`f` at `px`, or smaller down to `min_px`, so `text` wrapped to `width` (or on one
    line) fits (in `height` when given) without a word cut; with the height it takes."""
    f = QFont(f)
    while True:
        f.setPixelSize(px)
        metrics = QFontMetrics(f)
        need = metrics.boundingRect(0, 0, max(1, int(width)), 100_000, WRAP, text)
        widest_word = metrics.horizontalAdvance(text) if one_line else max(
            (metrics.horizontalAdvance(w) for w in text.split()), default=0)
        fits = widest_word <= width and (height is None or need.height() <= height)
        if fits or px <= min_px:
            return f, need.height()
        px = max(min_px, px - max(1, px // 12))


def split(card: QRectF, t: Theme, with_visual: bool) -> tuple[QRectF | None, QRectF]:
    """(visual, words) inside a card: side by side in landscape, stacked in portrait."""
    inner = card.adjusted(t.gap * 1.5, t.gap * 1.5, -t.gap * 1.5, -t.gap * 1.5)
    if not with_visual:
        return None, inner
    if t.portrait:
        h = inner.height() * 0.46
        return (QRectF(inner.left(), inner.top(), inner.width(), h),
                inner.adjusted(0, h + t.gap, 0, 0))
    w = inner.width() * 0.40
    return (QRectF(inner.left(), inner.top(), w, inner.height()),
            inner.adjusted(w + t.gap * 1.5, 0, 0, 0))


def render_svg(data: bytes, size: QSize) -> QPixmap | None:
    """An SVG drawn once at the largest size that fits `size` (aspect kept)."""
    renderer = QSvgRenderer(QByteArray(data))
    if not renderer.isValid() or size.isEmpty():
        return None
    natural = renderer.defaultSize()
    scale = min(size.width() / max(1, natural.width()), size.height() / max(1, natural.height()))
    pm = QPixmap(max(1, round(natural.width() * scale)), max(1, round(natural.height() * scale)))
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(p, QRectF(pm.rect()))
    p.end()
    return pm


@dataclass(frozen=True)
class Line:
    text: str
    font: QFont
    colour: str
    rect: QRectF  # where it is drawn; the text, wrapped, fits in it
    band: bool = False  # on a warning-coloured band (generated values say so)


def layout_words(box: QRectF, words: Words, t: Theme, *, demo: bool = False) -> list[Line]:
    """The kicker, the title, the body and the note, each at the largest size that fits,
    stacked and centred in `box`."""
    w = box.width()
    note_w = w - t.gap if demo else w
    lines: list[tuple[str, QFont, str, float]] = []  # text, font, colour, height
    spare = box.height() - t.gap * 3
    if words.kicker:
        f, h = fitted(font(t, t.body, True), w, words.kicker, t.body, t.small)
        lines.append((words.kicker, f, t.primary, h))
        spare -= h
    note = None
    if words.note:
        f, h = fitted(font(t, t.body), note_w, words.note, t.body, t.small, spare * 0.3)
        note = (words.note, f, t.primary_text if demo else t.text_muted, h)
        spare -= h
    f, h = fitted(font(t, t.headline, True), w, words.title, t.headline, t.body,
                  spare * (0.55 if words.body else 1))
    lines.append((words.title, f, t.text, h))
    if words.body:
        f, hb = fitted(font(t, t.title), w, words.body, t.title, t.small, spare - h)
        lines.append((words.body, f, t.text, hb))
    if note is not None:
        lines.append(note)
    total = sum(line[3] for line in lines) + t.gap * (len(lines) - 1)
    y = box.top() + max(0.0, (box.height() - total) / 2)
    out = []
    for text, f, colour, height in lines:
        band = demo and note is not None and text == note[0]
        out.append(Line(text, f, colour, QRectF(box.left() + (t.gap / 2 if band else 0), y,
                                                 note_w if band else w, height), band))
        y += height + t.gap
    return out


def paint_words(p: QPainter, box: QRectF, words: Words, t: Theme, *, centred: bool,
                demo: bool = False) -> None:
    align = int(Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignLeft)
    for line in layout_words(box, words, t, demo=demo):
        rect = line.rect
        if line.band:
            used = QFontMetrics(line.font).boundingRect(rect.toRect(), align | WRAP, line.text)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(t.warning))
            p.drawRoundedRect(QRectF(used).adjusted(-t.gap / 2, -t.gap / 4, t.gap / 2,
                                                    t.gap / 4), t.radius / 2, t.radius / 2)
        p.setFont(line.font)
        p.setPen(QColor(line.colour))
        p.drawText(rect, align | WRAP, line.text)


def paint_visual(p: QPainter, box: QRectF, slide: Slide, lang: str, t: Theme,
                 cover: QPixmap | None) -> None:
    if slide.kind == "module" and cover is not None:
        p.drawPixmap(QPointF(box.center().x() - cover.width() / 2,
                             box.center().y() - cover.height() / 2), cover)
    elif slide.kind == "live":
        _live(p, box, slide, lang, t)
    elif slide.kind == "event":
        _calendar(p, box, slide, lang, t)
    elif slide.kind == "trail":
        _trail(p, box, slide, t)


def _live(p: QPainter, box: QRectF, slide, lang: str, t: Theme) -> None:
    """A ring in the value's ATMO colour (the accent for a value no index rates)."""
    level = slide.level()
    side = min(box.width(), box.height() * 0.78)
    ring = QRectF(box.center().x() - side / 2, box.top(), side, side)
    thick = side * 0.09
    p.setPen(QPen(QColor(level.colour if level else t.accent), thick))
    p.setBrush(QColor(t.surface_alt))
    p.drawEllipse(ring.adjusted(thick / 2, thick / 2, -thick / 2, -thick / 2))
    with speaking(lang):
        value = slide.value()
        label = _(level.label) if level else ""
    inner = ring.adjusted(thick * 1.6, thick * 1.6, -thick * 1.6, -thick * 1.6)
    # "10 µg/m³" on one line: a number is never parted from its unit.
    f, _h = fitted(font(t, t.headline, True), inner.width(), value, t.headline, t.small,
                   inner.height(), one_line=True)
    p.setFont(f)
    p.setPen(QColor(t.text))
    p.drawText(inner, int(Qt.AlignmentFlag.AlignCenter), value)
    if label:
        below = QRectF(box.left(), ring.bottom() + t.gap / 2, box.width(),
                       box.bottom() - ring.bottom() - t.gap / 2)
        f, _h = fitted(font(t, t.title, True), below.width(), label, t.title, t.small,
                       below.height())
        p.setFont(f)
        p.drawText(below, int(Qt.AlignmentFlag.AlignHCenter) | WRAP, label)


def _calendar(p: QPainter, box: QRectF, slide, lang: str, t: Theme) -> None:
    """A calendar leaf: the month on a green band, the day's number, the weekday."""
    from kiosk.ui.screens.agenda_parts import capitalised

    day = slide.day()
    side = min(box.width(), box.height())
    leaf = QRectF(box.center().x() - side * 0.42, box.center().y() - side * 0.45,
                  side * 0.84, side * 0.9)
    outline = QPainterPath()
    outline.addRoundedRect(leaf, t.radius, t.radius)
    band = QRectF(leaf.left(), leaf.top(), leaf.width(), leaf.height() * 0.26)
    p.fillPath(outline, QColor(t.surface_alt))
    p.save()
    p.setClipPath(outline)
    p.fillRect(band, QColor(t.primary))
    p.restore()
    p.setPen(QPen(QColor(t.primary), max(2, t.px(3))))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawPath(outline)
    with speaking(lang):
        month = capitalised(format_date(day, "LLLL"))
        weekday = capitalised(format_date(day, "cccc"))
    for text, rect, px, colour, bold in (
            (month, band, t.title, t.primary_text, True),
            (str(day.day), QRectF(leaf.left(), band.bottom(), leaf.width(),
                                  leaf.height() * 0.5), round(leaf.height() * 0.4), t.text,
             True),
            (weekday, QRectF(leaf.left(), band.bottom() + leaf.height() * 0.5, leaf.width(),
                             leaf.height() * 0.22), t.title, t.text, False)):
        f, _h = fitted(font(t, px, bold), rect.width() - t.gap, text, px, t.small,
                       rect.height())
        p.setFont(f)
        p.setPen(QColor(colour))
        p.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), text)


def _trail(p: QPainter, box: QRectF, slide, t: Theme) -> None:
    """The stops in their real layout (north up, the kiosk's stop ringed), joined in order."""
    stops = slide.stops
    lat0 = sum(s[1] for s in stops) / len(stops)
    xs = [s[2] * math.cos(math.radians(lat0)) for s in stops]
    ys = [-s[1] for s in stops]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 1e-6)
    room = min(box.width(), box.height()) * 0.8
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    points = [QPointF(box.center().x() + (x - cx) / span * room,
                      box.center().y() + (y - cy) / span * room) for x, y in zip(xs, ys,
                                                                              strict=True)]
    p.setPen(QPen(QColor(t.primary), max(3, t.px(8)), Qt.PenStyle.SolidLine,
                  Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
    for a, b in zip(points, points[1:], strict=False):
        p.drawLine(a, b)
    r = max(6, t.px(18))
    for i, point in enumerate(points):
        here = i == slide.here
        p.setPen(QPen(QColor(t.accent if here else t.primary), max(2, t.px(5))))
        p.setBrush(QColor(t.surface))
        p.drawEllipse(point, r * (1.5 if here else 1), r * (1.5 if here else 1))
