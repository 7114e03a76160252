"""Qt's own words (OK/Cancel, wizard and file-dialog buttons, edit menus) in Indonesian.

Qt's Indonesian catalogue ``qtbase_id`` is loaded when the installed Qt ships it (Qt's
translators have not made one so far); the app's own catalogue of ``WORDS`` answers for
the texts a clerk meets in standard dialogs, so no English "Cancel" or "Save" is left on
a screen whose every other word is Indonesian.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator

# Context -> English source text (as in Qt 6's sources) -> Indonesian.
_BUTTONS = {
    "OK": "OK", "Save": "Simpan", "Save All": "Simpan semua", "Open": "Buka",
    "&Yes": "&Ya", "Yes to &All": "Ya untuk &semua", "&No": "&Tidak",
    "N&o to All": "Tidak untuk s&emua", "Abort": "Hentikan", "Retry": "Coba lagi",
    "Ignore": "Abaikan", "Close": "Tutup", "Cancel": "Batal", "Discard": "Buang",
    "Don't Save": "Jangan simpan", "Close without Saving": "Tutup tanpa menyimpan",
    "Help": "Bantuan", "Apply": "Terapkan", "Reset": "Atur ulang",
    "Restore Defaults": "Kembalikan bawaan",
}
_EDIT_MENU = {
    "&Undo": "&Urungkan", "&Redo": "U&lang", "Cu&t": "Po&tong", "&Copy": "&Salin",
    "&Paste": "T&empel", "Delete": "Hapus", "Select All": "Pilih semua",
    "Copy &Link Location": "Salin &alamat tautan",
}
WORDS: dict[str, dict[str, str]] = {
    "QPlatformTheme": _BUTTONS,
    "QDialogButtonBox": _BUTTONS,
    "QMessageBox": {**_BUTTONS, "Show Details...": "Tampilkan rincian...",
                    "Hide Details...": "Sembunyikan rincian..."},
    "QWizard": {"Go Back": "Kembali", "< &Back": "< &Kembali", "Continue": "Lanjut",
                "&Next": "&Lanjut", "&Next >": "&Lanjut >", "Commit": "Simpan",
                "Done": "Selesai", "&Finish": "&Selesai", "Cancel": "Batal",
                "Help": "Bantuan", "&Help": "&Bantuan"},
    "QLineEdit": _EDIT_MENU,
    "QWidgetTextControl": _EDIT_MENU,
    "QFileDialog": {
        "Look in:": "Cari di:", "File &name:": "&Nama berkas:",
        "Files of type:": "Jenis berkas:", "&Open": "&Buka", "&Save": "&Simpan",
        "&Choose": "&Pilih", "Cancel": "Batal", "Open": "Buka", "Save As": "Simpan sebagai",
        "All Files (*)": "Semua berkas (*)", "Directory:": "Folder:", "Back": "Kembali",
        "Forward": "Maju", "Parent Directory": "Folder induk",
        "Create New Folder": "Buat folder baru", "New Folder": "Folder baru",
        "List View": "Tampilan daftar", "Detail View": "Tampilan rinci",
        "&Rename": "&Ganti nama", "&Delete": "&Hapus",
        "Show &hidden files": "Tampilkan berkas &tersembunyi",
        "&New Folder": "Folder &baru", "Recent Places": "Tempat terakhir",
        "My Computer": "Komputer", "Drive": "Drive", "File": "Berkas",
        "File Folder": "Folder berkas", "Folder": "Folder", "Alias": "Alias",
        "Shortcut": "Pintasan", "Unknown": "Tidak dikenal",
        "%1 already exists.\nDo you want to replace it?":
            "%1 sudah ada.\nGanti dengan yang baru?",
        "Are you sure you want to delete '%1'?": "Yakin menghapus '%1'?",
        "%1\nFile not found.\nPlease verify the correct file name was given.":
            "%1\nBerkas tidak ditemukan.\nPeriksa nama berkasnya.",
    },
    "QFileSystemModel": {"Name": "Nama", "Size": "Ukuran", "Kind": "Jenis",
                         "Type": "Jenis", "Date Modified": "Diubah",
                         "My Computer": "Komputer", "Computer": "Komputer"},
}


CATALOGUE = "qt_app_id"  # resources/translations/qt_app_id.qm, built from WORDS


def catalogue_path() -> Path:
    """The compiled catalogue of ``WORDS`` (tools/make_translations.py writes it).

    A source checkout's own resources/ first (a worktree run with an editable install of
    another checkout), else the installed package's.
    """
    checkout = Path(__file__).resolve().parents[2] / "resources" / "translations"
    if (checkout / f"{CATALOGUE}.qm").exists():
        return checkout / f"{CATALOGUE}.qm"
    return Path(str(resources.files("counter_app.resources").joinpath(
        "translations", f"{CATALOGUE}.qm")))


log = logging.getLogger(__name__)
_installed: list[QTranslator] = []  # kept alive as long as the application


def install_translations(app: QCoreApplication | None = None,
                         parent: QObject | None = None) -> str:
    """Load Qt's Indonesian and return which catalogue answers.

    "qt" when Qt's own catalogue was found, "app" with ours only, "" when neither could
    be read (Qt's English then stays; logged).

    Safe to call more than once (tests do); the translators live with the application.
    """
    application = app or QCoreApplication.instance()
    if application is None:
        raise RuntimeError("install_translations needs a QApplication")
    for old in _installed:
        application.removeTranslator(old)
    _installed.clear()
    source = ""
    # Month and day names in calendar pop-ups ("Januari", "Senin"); every date the app
    # writes itself has an explicit numeric format or goes through babel.
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    # Ours first: the last installed is asked first, so Qt's catalogue, where it exists,
    # wins, and ours answers what it leaves untranslated. (A compiled .qm, not a Python
    # QTranslator subclass: with an overridden translate() installed, PySide6 6.11 makes
    # every QImage/QPixmap load fail with "exceeds the current allocation limit".)
    own = QTranslator(parent or application)
    if own.load(str(catalogue_path())):
        application.installTranslator(own)
        _installed.append(own)
        source = "app"
    else:
        log.warning("Terjemahan dialog tidak terbaca: %s", catalogue_path())
    qt_own = QTranslator(parent or application)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia),
                   "qtbase", "_", folder):
        application.installTranslator(qt_own)
        _installed.append(qt_own)
        source = "qt"
    return source
