"""Build the one-folder bundle of Loket KTP-el with PyInstaller, trim it, report its size.

``python tools/build_bundle.py [--dist DIR]`` on Linux or Windows (the same recipe,
packaging/loket-ktp-el.spec) writes ``DIR/loket-ktp-el/`` with the ``counter-app``
program inside (``counter-app.exe`` on Windows). Needs ``pip install pyinstaller``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "loket-ktp-el.spec"
# Qt's own translations the app loads (Indonesian; English is built in).
KEEP_TRANSLATIONS = ("_id.qm",)


def folder_size(folder: Path) -> int:
    """Bytes of every file below ``folder``."""
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


def trim(bundle: Path) -> int:
    """Remove what the app never loads; return the bytes removed."""
    removed = 0
    for qm in bundle.rglob("translations/*.qm"):
        if not qm.name.endswith(KEEP_TRANSLATIONS):
            removed += qm.stat().st_size
            qm.unlink()
    return removed


def build(dist: Path, work: Path) -> Path:
    """Run PyInstaller on the spec; the bundle folder."""
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--log-level", "WARN", "--distpath", str(dist), "--workpath", str(work),
                    str(SPEC)], check=True, cwd=ROOT)
    return dist / "loket-ktp-el"


def main() -> int:
    """Build, trim and report; the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller",
                        help="PyInstaller's work folder")
    args = parser.parse_args()
    if shutil.which("pyinstaller") is None and not _has_module("PyInstaller"):
        print("PyInstaller belum terpasang: pip install pyinstaller", file=sys.stderr)
        return 2
    bundle = build(args.dist, args.work)
    removed = trim(bundle)
    size = folder_size(bundle)
    files = sum(1 for f in bundle.rglob("*") if f.is_file())
    print(f"bundle: {bundle}")
    print(f"size: {size / 1e6:.1f} MB in {files} files "
          f"(trimmed {removed / 1e6:.1f} MB of Qt translations)")
    return 0


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


if __name__ == "__main__":
    raise SystemExit(main())
