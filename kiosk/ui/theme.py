"""The one theme: colours, type sizes and spacing as named tokens, with accessibility variants.

Sizes are pixels on the kiosk's 1920×1080 screen. Large text multiplies every type size;
high contrast swaps the palette for black, white and yellow. Widgets read tokens from here and
never hard-code a colour or a size.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


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

    def scaled(self, factor: float) -> Theme:
        return replace(
            self,
            body=round(self.body * factor),
            small=round(self.small * factor),
            title=round(self.title * factor),
            headline=round(self.headline * factor),
            button=round(self.button * factor),
            touch=round(self.touch * max(1.0, factor * 0.9)),
        )


HIGH_CONTRAST = dict(
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


def build(large_text: bool = False, high_contrast: bool = False) -> Theme:
    theme = Theme()
    if high_contrast:
        theme = replace(theme, name="high-contrast", **HIGH_CONTRAST)
    if large_text:
        theme = replace(theme.scaled(1.3), name=f"{theme.name}+large")
    return theme


def stylesheet(t: Theme) -> str:
    """The application stylesheet; widgets pick roles with setObjectName / properties."""
    border = f"3px solid {t.text}" if t.name.startswith("high-contrast") else "none"
    return f"""
* {{ font-family: "{t.font_family}"; color: {t.text}; }}
QWidget#Root, QStackedWidget, QWidget[screen="true"] {{ background: {t.background}; }}
QLabel {{ font-size: {t.body}px; background: transparent; }}
QLabel[role="title"] {{ font-size: {t.title}px; font-weight: bold; }}
QLabel[role="headline"] {{ font-size: {t.headline}px; font-weight: bold; }}
QLabel[role="muted"] {{ font-size: {t.small}px; color: {t.text_muted}; }}
QLabel[role="badge"] {{ font-size: {t.small}px; border-radius: 8px; padding: 4px 10px;
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
    border: 2px solid {t.primary_text}; }}
QWidget#TopBar QPushButton:checked {{ background: {t.primary_text}; color: {t.primary}; }}
QWidget#Countdown {{ background: {t.overlay}; }}
QWidget#Countdown QLabel {{ color: #ffffff; }}
QFrame[role="card"] {{ background: {t.surface}; border-radius: {t.radius}px; border: {border}; }}
QScrollBar:vertical {{ width: 24px; background: {t.surface_alt}; }}
QScrollBar::handle:vertical {{ background: {t.text_muted}; border-radius: 10px; min-height: 60px; }}
"""
