"""Accessibility for everyone at the screen: the panel, read-aloud, keypad, highlight."""

from kiosk.ui.accessibility.controller import Accessibility

__all__ = ["Accessibility"]
