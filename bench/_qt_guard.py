"""Qt warnings fail the benches as they fail the tests.

The known noise is the test suite's own list (pyproject.toml, [tool.pytest.ini_options]
qt_log_ignore), read from there so the two never drift apart. `install()` routes every Qt
message of this process through a handler that prints it and remembers the unexpected
ones; `scan()` does the same for the stderr of a child process (a kiosk under test);
`exit_code(code)` turns any unexpected warning into a failed run.

    from _qt_guard import guard
    guard.install()          # after importing PySide6, before the first QApplication
    ...
    sys.exit(guard.exit_code(rc))
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A record of the kiosk's log (kiosk/startup.py's format) below ERROR.
_KIOSK_WARNING = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (WARNING|INFO|DEBUG) kiosk[\w.]*: ")


def _ignored_patterns() -> list[re.Pattern[str]]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        cfg = tomllib.load(f)
    patterns = cfg["tool"]["pytest"]["ini_options"].get("qt_log_ignore", [])
    return [re.compile(p) for p in patterns]


class QtGuard:
    def __init__(self) -> None:
        self.ignored = _ignored_patterns()
        self.unexpected: list[str] = []
        self._installed = False

    def is_noise(self, message: str) -> bool:
        return any(p.search(message) for p in self.ignored)

    def note(self, message: str, source: str = "") -> None:
        """One warning seen (in this process or a child's stderr)."""
        if not message.strip() or self.is_noise(message):
            return
        self.unexpected.append(f"{source}{message}")
        print(f"Qt warning {source}{message}", file=sys.stderr, flush=True)

    def install(self) -> None:
        if self._installed:
            return
        from PySide6.QtCore import QtMsgType, qInstallMessageHandler

        failing = {QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg}

        def handler(kind, context, message):
            if kind in failing:
                self.note(message)

        qInstallMessageHandler(handler)
        self._handler = handler  # keep it alive: Qt holds only a C pointer
        self._installed = True

    def scan(self, stderr: str, source: str = "child: ") -> None:
        """A child's stderr: every line that is not known noise counts (a Qt warning, a
        logged error, a traceback) — except the kiosk's own warnings about the world outside
        (a source unreachable from a bench machine with no network, a source with no URL
        configured), which are printed and left to the health screen."""
        for line in stderr.splitlines():
            if _KIOSK_WARNING.match(line):
                print(f"kiosk {source}{line}", file=sys.stderr, flush=True)
                continue
            self.note(line, source)

    def exit_code(self, code: int = 0) -> int:
        if self.unexpected:
            print(f"FAILED: {len(self.unexpected)} unexpected Qt warning(s) during the bench",
                  file=sys.stderr)
            return code or 3
        return code


guard = QtGuard()
