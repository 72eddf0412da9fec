"""kiosk.core never imports Qt or pyqtgraph: every core module imports with them blocked."""

from __future__ import annotations

import subprocess
import sys

from kiosk.core.paths import app_root

PROBE = r"""
import importlib, pkgutil, sys

class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "pyqtgraph", "shiboken6"):
            raise ImportError(f"kiosk.core imported {name}")
        return None

sys.meta_path.insert(0, Block())
import kiosk.core
for mod in pkgutil.walk_packages(kiosk.core.__path__, "kiosk.core."):
    importlib.import_module(mod.name)
print("ok", len(sys.modules))
"""


def test_core_imports_with_qt_blocked():
    r = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                       cwd=app_root(), timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("ok")


def test_first_screen_path_does_not_load_pyqtgraph_or_numpy():
    """pyqtgraph and numpy cost ~0.3 s: they must load after the first paint."""
    probe = (
        "import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen';"
        "from kiosk import app;"
        "core = app.load_core(app.Options(data_dir=sys.argv[1], windowed=True));"
        "k = app.Kiosk(core, app.Options(windowed=True)); k.show();"
        "app.wait_first_paint(k.window);"
        "print(sorted(m for m in ('pyqtgraph', 'numpy', 'sqlite_utils', 'requests')"
        " if m in sys.modules)); k.shutdown()"
    )
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run([sys.executable, "-c", probe, d], capture_output=True, text=True,
                           cwd=app_root(), timeout=120)
    assert r.returncode == 0, r.stderr
    loaded = r.stdout.strip().splitlines()[-1]
    assert "pyqtgraph" not in loaded
    assert "numpy" not in loaded
