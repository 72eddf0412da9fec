"""Emptying a layout without leaking its items."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtWidgets import QLayout, QWidget


def clear_layout(layout: QLayout, before_delete: Callable[[QWidget], None] | None = None) -> None:
    """Take every item out of `layout`: widgets are hidden and deleted later, the items
    (widget items, spacers, nested layouts) deleted now.

    `takeAt()` hands the item to the caller, and PySide6 does not take ownership of it: an
    item only dropped stays allocated in C++ for the life of the process. Screens that
    rebuild a list on every visit (the agenda's cards) leaked that way a few KB per visit.
    """
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            if before_delete is not None:
                before_delete(widget)
            widget.hide()
            widget.deleteLater()
        else:
            nested = item.layout()
            if nested is not None:
                clear_layout(nested, before_delete)
        shiboken6.delete(item)
