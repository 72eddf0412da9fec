"""The screen registry: id → "module:Class", imported on first use to keep start-up fast.

Each capability registers its own screen module here.
"""

from __future__ import annotations

import importlib

from kiosk.ui.context import UiContext
from kiosk.ui.screens.base import Screen

SCREENS: dict[str, str] = {
    "attract": "kiosk.ui.screens.attract:AttractScreen",
    "home": "kiosk.ui.screens.home:HomeScreen",
    "exhibits": "kiosk.ui.screens.exhibits:ExhibitsScreen",
    "exhibit": "kiosk.ui.screens.exhibit:ExhibitScreen",
    "videos": "kiosk.ui.screens.videos:VideosScreen",
    "sensors": "kiosk.ui.screens.sensors:SensorsScreen",
    "trends": "kiosk.ui.screens.trends:TrendsScreen",
    "agenda": "kiosk.ui.screens.agenda:AgendaScreen",
    "trail": "kiosk.ui.screens.trail:TrailScreen",
    "privacy": "kiosk.ui.screens.privacy:PrivacyScreen",
    "farewell": "kiosk.ui.screens.farewell:FarewellScreen",
    "admin": "kiosk.ui.screens.admin:AdminScreen",
    "health": "kiosk.ui.screens.health:HealthScreen",
    "usb": "kiosk.ui.screens.usb:UsbScreen",
    "episode": "kiosk.ui.screens.episode:EpisodeScreen",
}

# Staff screens: behind the PIN, never counted in the visitor journal.
STAFF_SCREENS = ("admin", "health", "usb")

# The sections the home screen leads to, in order.
SECTIONS = ("exhibits", "videos", "sensors", "trends", "agenda", "trail")


def create(screen_id: str, ctx: UiContext) -> Screen:
    target = SCREENS[screen_id]
    module_name, _, class_name = target.partition(":")
    cls = getattr(importlib.import_module(module_name), class_name)
    screen = cls(ctx)
    screen.screen_id = screen_id
    return screen
