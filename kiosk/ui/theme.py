"""The one theme: colours, type sizes and spacing as named tokens, with accessibility variants.

Sizes are relative to the window: the defaults below are pixels of the reference 1920×1080
screen, and `build(size=(w, h))` scales every size token by `size_factor(w, h)`, so the kiosk
keeps its proportions from a 1280×800 tablet to a 3840×2160 screen or a portrait 1080×1920
totem. A size with no token of its own goes through `theme.px(n)` (n reference pixels).
Large text multiplies every type size; high contrast swaps the palette for black, white and
yellow. Widgets read tokens from here and never hard-code a colour or a size.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any


@dataclass(frozen=True)
class Theme:
    # Palette
    background: str = "#f4f1e8"
    surface: str = "#ffffff"
    surface_alt: str = "#e8efe3"
    primary: str = "#2e6b3a"
    primary_text: str = "#ffffff"
    accent: str = "#1f6fa3"
    text: str = "#1d2a20"
    text_muted: str = "#4c5a50"
    danger: str = "#a3261f"
    warning: str = "#8a5a00"
    ok: str = "#2e6b3a"
    stale: str = "#7a7a7a"
    focus: str = "#f2b705"
    overlay: str = "rgba(20, 32, 24, 200)"
    # Type (px)
    body: int = 28
    small: int = 22
    title: int = 44
    headline: int = 64
    button: int = 28
    # Spacing and targets (px)
    gap: int = 24
    margin: int = 40
    radius: int = 18
    touch: int = 88  # minimum touch target; the design asks for at least 60 px
    font_family: str = "DejaVu Sans"
    name: str = "default"
    # Window pixels per reference pixel (1.0 at 1920×1080); see size_factor().
    factor: float = 1.0
    # A window taller than wide: layouts stack what sits side by side in landscape.
    portrait: bool = False

    @property
    def narrow(self) -> bool:
        """Less room across than the reference screen gives (a 1280 or 1366 px landscape,
        any portrait): rows that hold several things in a line wrap them."""
        return self.portrait or self.factor < 0.75

    def px(self, reference_px: float) -> int:
        """A length given in reference 1920×1080 pixels, in this window's pixels."""
        return max(1, round(reference_px * self.factor))

    def scaled(self, factor: float) -> Theme:
        """Type sizes times `factor` (large text); touch targets grow a little with them."""
        return replace(
            self,
            body=round(self.body * factor),
            small=round(self.small * factor),
            title=round(self.title * factor),
            headline=round(self.headline * factor),
            button=round(self.button * factor),
            touch=round(self.touch * max(1.0, factor * 0.9)),
        )

    def sized(self, factor: float) -> Theme:
        """Every size token for a window `factor` times the reference one.

        Floors keep a small screen usable: text stays readable and touch targets stay at
        least MIN_TOUCH pixels, as the design asks.
        """
        def f(value: int, floor: int = 1) -> int:
            return max(floor, round(value * factor))

        return replace(
            self,
            body=f(self.body, 16), small=f(self.small, 14), title=f(self.title, 24),
            headline=f(self.headline, 32), button=f(self.button, 16),
            gap=f(self.gap, 8), margin=f(self.margin, 12), radius=f(self.radius, 6),
            touch=f(self.touch, MIN_TOUCH), factor=factor,
        )


REFERENCE = (1920, 1080)
MIN_TOUCH = 60  # px: DESIGN.md's smallest touch target


def size_factor(width: int, height: int) -> float:
    """How much bigger than the reference 1920×1080 this window is (one number for all).

    Landscape windows follow the tighter of their two ratios, so a 16:10 or 4:3 screen never
    overflows. A portrait window's short side is its width: it is measured against a 1350 px
    reference width, so a 1080×1920 totem reads at 0.8 (the type stays large while the
    layouts stack what sat side by side).
    """
    if width <= 0 or height <= 0:
        return 1.0
    if height > width:
        return round(min(width / 1350, height / 1920), 4)
    return round(min(width / REFERENCE[0], height / REFERENCE[1]), 4)


# Theme fields by name (colours), applied with dataclasses.replace.
HIGH_CONTRAST: dict[str, Any] = dict(
    background="#000000",
    surface="#000000",
    surface_alt="#1a1a1a",
    primary="#ffd400",
    primary_text="#000000",
    accent="#00e5ff",
    text="#ffffff",
    text_muted="#ffffff",
    danger="#ff6b6b",
    warning="#ffd400",
    ok="#7CFC00",
    stale="#bdbdbd",
    focus="#00e5ff",
    overlay="rgba(0, 0, 0, 230)",
)


def build(large_text: bool = False, high_contrast: bool = False,
          size: tuple[int, int] | None = None) -> Theme:
    """The theme for a window of `size` (the reference 1920×1080 when None)."""
    theme = Theme()
    if size is not None:
        theme = replace(theme.sized(size_factor(*size)), portrait=size[1] > size[0])
    if high_contrast:
        theme = replace(theme, name="high-contrast", **HIGH_CONTRAST)
    if large_text:
        theme = replace(theme.scaled(1.3), name=f"{theme.name}+large")
    return theme


def stylesheet(t: Theme) -> str:
    """The application stylesheet; widgets pick roles with setObjectName / properties."""
    border = f"{t.px(3)}px solid {t.text}" if t.name.startswith("high-contrast") else "none"
    return f"""
* {{ font-family: "{t.font_family}"; color: {t.text}; }}
QWidget#Root, QStackedWidget, QWidget[screen="true"] {{ background: {t.background}; }}
QLabel {{ font-size: {t.body}px; background: transparent; }}
QLabel[role="title"] {{ font-size: {t.title}px; font-weight: bold; }}
QLabel[role="headline"] {{ font-size: {t.headline}px; font-weight: bold; }}
QLabel[role="muted"] {{ font-size: {t.small}px; color: {t.text_muted}; }}
QLabel[role="badge"] {{ font-size: {t.small}px; border-radius: {t.px(8)}px;
    padding: {t.px(4)}px {t.px(10)}px;
    background: {t.surface_alt}; }}
QPushButton {{
    font-size: {t.button}px; min-height: {t.touch}px; min-width: {t.touch}px;
    padding: 0 {t.gap}px; border-radius: {t.radius}px; border: {border};
    background: {t.surface}; color: {t.text};
}}
QPushButton:pressed {{ background: {t.surface_alt}; }}
QPushButton:checked {{ background: {t.primary}; color: {t.primary_text}; }}
QPushButton[role="primary"] {{ background: {t.primary}; color: {t.primary_text}; }}
QPushButton[role="flat"] {{ background: transparent; }}
QWidget#TopBar {{ background: {t.primary}; }}
QWidget#TopBar QLabel {{ color: {t.primary_text}; font-size: {t.title}px; font-weight: bold; }}
QWidget#TopBar QPushButton {{ background: transparent; color: {t.primary_text};
    border: {t.px(2)}px solid {t.primary_text}; }}
QWidget#TopBar QPushButton:checked {{ background: {t.primary_text}; color: {t.primary}; }}
QWidget#Countdown {{ background: {t.overlay}; }}
QFrame#countdown-card {{ background: {t.surface}; border-radius: {t.radius * 2}px;
    border: {border}; }}
QFrame[role="card"] {{ background: {t.surface}; border-radius: {t.radius}px; border: {border}; }}
QScrollArea[touch="true"], QScrollArea[touch="true"] > QWidget > QWidget {{
    background: transparent; }}
QScrollBar:vertical {{ width: {t.px(10)}px; background: transparent; margin: 0; }}
QScrollBar::handle:vertical {{ background: {t.text_muted}; border-radius: {t.px(5)}px;
    min-height: {t.px(60)}px; }}
QScrollBar::add-line, QScrollBar::sub-line {{ height: 0; }}
"""
