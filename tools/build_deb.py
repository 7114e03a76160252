"""Build the Debian package of Loket KTP-el from the one-folder bundle.

``python tools/build_deb.py [--bundle dist/loket-ktp-el] [--out dist]`` writes
``loket-ktp-el_VERSION_ARCH.deb``: the bundle under /opt/loket-ktp-el, ``counter-app`` on
PATH, desktop entries for the app, the kiosk and the waiting-room display, and the icon.
Each user's data and keys live in their own home folder, which the package never
touches: removing or upgrading it keeps them, and the app migrates the database on its
first start after an upgrade.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "loket-ktp-el"
PREFIX = Path("opt") / PACKAGE
ICON_SIZES = (16, 32, 48, 64, 128, 256)
# What Qt's xcb platform plugin needs from the system (the rest ships in the bundle).
DEPENDS = ("libc6, libxcb-cursor0, libxkbcommon-x11-0, libxcb-icccm4, libxcb-keysyms1, "
           "libegl1, libgl1, libfontconfig1, libdbus-1-3")

POSTINST = """#!/bin/sh
# Refresh the menus and icons; user data (in each home folder) is never touched.
set -e
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database -q /usr/share/applications || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
fi
exit 0
"""
# Removal and purge alike keep every user's database, backups and signing keys:
# they live in ~/.local/share/counter-app and ~/.config/counter-app, not in the package.
POSTRM = POSTINST.replace("Refresh the menus", "After removal: refresh the menus")


def version() -> str:
    """The app's version, as the package's."""
    sys.path.insert(0, str(ROOT))
    from counter_app import __version__

    return __version__


def architecture() -> str:
    """This machine's Debian architecture (amd64, arm64, ...)."""
    return subprocess.run(["dpkg", "--print-architecture"], check=True, capture_output=True,
                          text=True).stdout.strip()


def stage(bundle: Path, root: Path, ver: str, arch: str) -> None:
    """Lay out the package's files under ``root``."""
    shutil.copytree(bundle, root / PREFIX, symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / "counter-app").symlink_to(Path("/") / PREFIX / "counter-app")
    apps = root / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    for desktop in (ROOT / "packaging" / "linux").glob("*.desktop"):
        shutil.copy2(desktop, apps / desktop.name)
    icons = ROOT / "resources" / "icons"
    for size in ICON_SIZES:
        folder = root / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy2(icons / f"loket-ktp-el-{size}.png", folder / f"{PACKAGE}.png")
    scalable = root / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy2(icons / "loket-ktp-el.svg", scalable / f"{PACKAGE}.svg")
    doc = root / "usr" / "share" / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Loket KTP-el (counter-app)\nLicense: MIT\n"
        "The bundle includes Python, Qt and PySide6 (LGPLv3) and the libraries listed in\n"
        f"/{PREFIX}/_internal; each keeps its own license.\n", "utf-8")
    size_kb = sum(f.stat().st_size for f in root.rglob("*") if f.is_file()) // 1024
    debian = root / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(
        f"Package: {PACKAGE}\nVersion: {ver}\nArchitecture: {arch}\n"
        "Maintainer: Loket KTP-el <loket-ktp-el@localhost>\nSection: misc\n"
        f"Priority: optional\nInstalled-Size: {size_kb}\nDepends: {DEPENDS}\n"
        "Description: Loket KTP-el: layanan KTP-el kantor kecamatan\n"
        " Antrean, perekaman, pencetakan, pengambilan dan laporan harian KTP-el\n"
        " untuk loket pelayanan kantor kecamatan. Data pengguna disimpan di folder\n"
        " rumah tiap pengguna dan tidak dihapus saat paket dihapus.\n", "utf-8")
    for name, text in (("postinst", POSTINST), ("postrm", POSTRM)):
        script = debian / name
        script.write_text(text, "utf-8")
        script.chmod(0o755)


def build(bundle: Path, out: Path) -> Path:
    """The .deb built from ``bundle`` into ``out``."""
    if not (bundle / "counter-app").is_file():
        raise SystemExit(f"Bundel tidak ditemukan di {bundle}: jalankan "
                         "python tools/build_bundle.py dahulu.")
    ver, arch = version(), architecture()
    out.mkdir(parents=True, exist_ok=True)
    deb = out / f"{PACKAGE}_{ver}_{arch}.deb"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "root"
        stage(bundle, root, ver, arch)
        subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(root),
                        str(deb)], check=True, capture_output=True)
    return deb


def main() -> int:
    """Build the package from the bundle; the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / PACKAGE)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    deb = build(args.bundle, args.out)
    print(f"package: {deb} ({deb.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
