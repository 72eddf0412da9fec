"""PySide6 and pyqtgraph user interface; imports kiosk.core, never kiosk.app."""
