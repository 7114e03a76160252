"""Issue 16: the desktop bundle and the Debian package, built and tried as an office would.

Building the bundle takes minutes, so it is built once per run (marked ``bundle``;
`.ci/run` runs these in its SQLite pass only, where they need no database server).
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.slow, pytest.mark.bundle]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("work")
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_bundle.py"), "--dist",
                    str(dist), "--work", str(work)], check=True, timeout=1800)
    folder = dist / "loket-ktp-el"
    assert (folder / "counter-app").is_file()
    return folder


def fresh_env(home: Path) -> dict[str, str]:
    """A PC with no configuration: empty data and config folders."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("COUNTER_APP_")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), QT_QPA_PLATFORM="offscreen")
    return env


def run(bundle, env, *argv, stdin=""):
    return subprocess.run([str(bundle / "counter-app"), *argv], input=stdin, env=env,
                          capture_output=True, text=True, timeout=180)


def test_the_bundle_runs_every_kind_of_command_on_a_fresh_pc(bundle, tmp_path):
    env = fresh_env(tmp_path)
    version = run(bundle, env, "--version")
    assert version.returncode == 0 and version.stdout.startswith("counter-app ")
    nik = run(bundle, env, "nik", "1671045708990001", "--json")
    assert nik.returncode == 0 and '"district_name": "Ilir Barat Satu"' in nik.stdout
    # First start of the GUI on this PC: the guided set-up, as a development install.
    first = run(bundle, {**env, "COUNTER_APP_SMOKE_TEST": "1"})
    assert first.returncode == 0 and "shown: setup" in first.stdout
    init = run(bundle, env, "init", "--kecamatan", "16.71.04", "--admin", "admin",
               "--password-stdin", stdin="rahasia-123\n")
    assert init.returncode == 0, init.stderr
    assert (tmp_path / "data" / "counter-app" / "counter.db").is_file()  # migrations ran
    issue = run(bundle, env, "ticket", "issue", "--service", "A", "--json", "--out",
                str(tmp_path / "tiket.pdf"), "--user", "admin", "--password-stdin",
                stdin="rahasia-123\n")
    # An admin is not a clerk: the bundled services check roles as the installed app does.
    assert issue.returncode == 1 and "tidak berwenang" in issue.stdout + issue.stderr
    status = run(bundle, env, "queue", "status", "--json")
    assert status.returncode == 0 and '"services"' in status.stdout
    second = run(bundle, {**env, "COUNTER_APP_SMOKE_TEST": "1"})
    assert second.returncode == 0 and "shown: login" in second.stdout


def test_the_bundle_ships_only_the_qt_it_uses(bundle):
    qt = {p.name for p in bundle.rglob("libQt6*.so*")} | {p.name for p in bundle.rglob("Qt6*.dll")}
    assert any("Widgets" in name for name in qt) and any("Pdf" in name for name in qt)
    assert not any("WebEngine" in name or "3DCore" in name for name in qt)
    icons = bundle / "_internal" / "counter_app" / "resources" / "icons"
    assert (icons / "loket-ktp-el-256.png").is_file()


def test_the_debian_package_installs_the_program_entries_and_icon(bundle, tmp_path):
    out = tmp_path / "deb"
    subprocess.run([sys.executable, str(ROOT / "tools" / "build_deb.py"), "--bundle",
                    str(bundle), "--out", str(out)], check=True, timeout=600)
    (deb,) = out.glob("loket-ktp-el_*.deb")
    info = subprocess.run(["dpkg-deb", "--field", str(deb), "Package", "Depends"],
                          capture_output=True, text=True, check=True).stdout
    assert "loket-ktp-el" in info and "libxcb-cursor0" in info
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    link = root / "usr" / "bin" / "counter-app"
    assert link.is_symlink() and os.readlink(link) == "/opt/loket-ktp-el/counter-app"
    program = root / "opt" / "loket-ktp-el" / "counter-app"
    assert subprocess.run([str(program), "--version"], capture_output=True, text=True,
                          timeout=120).stdout.startswith("counter-app ")
    desktop = sorted((root / "usr" / "share" / "applications").glob("*.desktop"))
    assert [d.name for d in desktop] == ["loket-ktp-el-display.desktop",
                                         "loket-ktp-el-kiosk.desktop", "loket-ktp-el.desktop"]
    validate = shutil.which("desktop-file-validate")
    assert validate, "desktop-file-utils is needed (apt install desktop-file-utils)"
    for entry in desktop:
        result = subprocess.run([validate, str(entry)], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Icon=loket-ktp-el" in entry.read_text("utf-8")
    assert (root / "usr/share/icons/hicolor/256x256/apps/loket-ktp-el.png").is_file()
    # Removal keeps every user's data: the package's scripts never touch a home folder.
    control = subprocess.run(["dpkg-deb", "-I", str(deb), "postrm"], capture_output=True,
                             text=True, check=True).stdout
    assert "rm " not in control and "/home" not in control
