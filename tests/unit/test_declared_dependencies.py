"""Every third-party package kiosk/ imports is declared in pyproject.toml (the kiosk's
dependencies or an extra): an import that works only because another package pulled its
distribution in breaks the day that package stops depending on it."""

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    specs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        specs += extra
    return {_canonical(re.split(r"[\[<>=!~; ]", s, maxsplit=1)[0]) for s in specs}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def imported() -> dict[str, set[str]]:
    """Top-level module → the files of kiosk/ that import it (absolute imports only)."""
    out: dict[str, set[str]] = {}
    for path in (ROOT / "kiosk").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                out.setdefault(name.partition(".")[0], set()).add(
                    path.relative_to(ROOT).as_posix())
    return out


def undeclared(wanted: set[str]) -> dict[str, list[str]]:
    """Third-party modules kiosk/ imports whose distribution is not in `wanted`."""
    ours = {"kiosk", "__future__", "_typeshed"}  # _typeshed: type-checking only, never run
    dists = metadata.packages_distributions()
    return {
        module: sorted(files)[:3]
        for module, files in imported().items()
        if module not in sys.stdlib_module_names and module not in ours
        and not any(_canonical(d) in wanted for d in dists.get(module, []))
    }


def test_every_third_party_import_is_declared():
    missing = undeclared(declared())
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_the_check_sees_a_missing_declaration():
    # x-wr-timezone is imported by kiosk/core/agenda/expand.py only, not through another name.
    assert "x_wr_timezone" in undeclared(declared() - {"x-wr-timezone"})
