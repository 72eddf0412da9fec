"""Qt-free core of the kiosk: models, storage, network and content logic.

Nothing below this package may import PySide6 or pyqtgraph (checked by import-linter and
tests/unit/core/test_qt_free.py).
"""
