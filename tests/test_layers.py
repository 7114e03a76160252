"""The layers of DESIGN.md, checked: a rule nobody checks gets broken.

ui -> services -> printing/domain; models and db only under services. Qt only in ui/;
the GUI never reaches the ORM or SQLAlchemy; domain/ is pure (no services, models, db).
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import counter_app

ROOT = Path(counter_app.__file__).parent


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _package_files(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _offenders(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return [f"{path.relative_to(ROOT)} imports {name}"
            for path in _package_files(package)
            for name in sorted(_imports(path))
            if any(name == f or name.startswith(f + ".") for f in forbidden)]


def test_no_qt_outside_the_ui_package():
    """Everything below counter_app/ui imports and runs without PySide6."""
    modules = sorted(
        "counter_app." + ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in ROOT.rglob("*.py")
        if "ui" not in p.relative_to(ROOT).parts[:1]
        and "migrations" not in p.relative_to(ROOT).parts[:1]
        and p.name != "__main__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m.removesuffix('.__init__'))\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""
    for path in ROOT.rglob("*.py"):
        if path.relative_to(ROOT).parts[0] != "ui":
            assert "PySide6" not in path.read_text("utf-8"), path


def test_the_gui_never_reaches_the_orm():
    assert _offenders("ui", ("counter_app.models", "sqlalchemy")) == []


@pytest.mark.parametrize("forbidden", [
    "counter_app.services", "counter_app.models", "counter_app.db", "counter_app.ui",
    "counter_app.cli", "sqlalchemy", "PySide6",
])
def test_the_domain_is_pure(forbidden):
    assert _offenders("domain", (forbidden,)) == []


def test_the_checker_sees_a_forbidden_import(tmp_path, monkeypatch):
    fake = tmp_path / "ui"
    fake.mkdir()
    (fake / "screen.py").write_text("def f():\n    from counter_app.models import Ticket\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _offenders("ui", ("counter_app.models",)) == ["ui/screen.py imports "
                                                         "counter_app.models",
                                                         "ui/screen.py imports "
                                                         "counter_app.models.Ticket"]
