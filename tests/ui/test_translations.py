"""Qt's standard dialogs speak Indonesian (issue 13)."""

from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox, QWizard

from counter_app.ui.translations import install_translations

Std = QDialogButtonBox.StandardButton


def test_standard_buttons_are_indonesian(qtbot):
    assert install_translations() in {"qt", "app"}
    box = QDialogButtonBox(Std.Ok | Std.Cancel | Std.Save | Std.Close)
    qtbot.addWidget(box)
    assert [box.button(b).text() for b in (Std.Ok, Std.Cancel, Std.Save, Std.Close)] == [
        "OK", "Batal", "Simpan", "Tutup"]
    message = QMessageBox(QMessageBox.Icon.Question, "Hapus?", "Hapus draf ini?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(message)
    texts = {message.button(b).text().replace("&", "")
             for b in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No)}
    assert texts == {"Ya", "Tidak"}


def test_wizard_and_edit_menu_are_indonesian(qtbot):
    install_translations()
    wizard = QWizard()
    qtbot.addWidget(wizard)
    wizard.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
    assert wizard.buttonText(QWizard.WizardButton.CancelButton) == "Batal"
    assert wizard.buttonText(QWizard.WizardButton.NextButton).replace("&", "") == "Lanjut >"
    line = QLineEdit()
    qtbot.addWidget(line)
    menu = line.createStandardContextMenu()
    words = {a.text().split("\t")[0].replace("&", "") for a in menu.actions() if a.text()}
    assert {"Salin", "Tempel", "Pilih semua"} <= words and "Copy" not in words


def test_calendar_names_are_indonesian(qtbot):
    from PySide6.QtCore import QLocale
    from PySide6.QtWidgets import QCalendarWidget

    install_translations()
    calendar = QCalendarWidget()
    qtbot.addWidget(calendar)
    assert calendar.locale().monthName(1) == "Januari"
    assert QLocale().dayName(1) == "Senin"


def test_installing_twice_keeps_one_translator(qtbot, qapp):
    install_translations()
    install_translations()
    box = QDialogButtonBox(Std.Cancel)
    qtbot.addWidget(box)
    assert box.button(Std.Cancel).text() == "Batal"


def test_the_app_speaks_indonesian_from_its_start():
    """A fresh process: application() alone gives Indonesian standard buttons."""
    import os
    import subprocess
    import sys

    code = ("from counter_app.ui.app import application\n"
            "from PySide6.QtWidgets import QDialogButtonBox as B\n"
            "application()\n"
            "box = B(B.StandardButton.Cancel | B.StandardButton.Save)\n"
            "print(box.button(B.StandardButton.Cancel).text(), "
            "box.button(B.StandardButton.Save).text())\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=60, check=True).stdout
    assert out.split() == ["Batal", "Simpan"]


def test_the_shipped_catalogue_says_what_words_says(qapp):
    """resources/translations is rebuilt from WORDS (tools/make_translations.py)."""
    import importlib.util
    from pathlib import Path

    from PySide6.QtCore import QCoreApplication

    from counter_app.ui.translations import WORDS

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("make_translations",
                                                  root / "tools" / "make_translations.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert (root / "resources" / "translations" / "qt_app_id.ts").read_text(
        encoding="utf-8") == tool.ts_text()
    assert install_translations() == "app"
    for context, words in WORDS.items():
        for source, target in words.items():
            assert QCoreApplication.translate(context, source) == target, (context, source)


def test_images_still_load_with_the_translations_installed(qapp, tmp_path):
    """A translator must not break QImage/QPixmap (a Python QTranslator subclass did)."""
    from PySide6.QtGui import QColor, QImage, QPixmap

    install_translations()
    image = QImage(120, 160, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0a080"))
    image.save(str(tmp_path / "foto.png"))
    pixmap = QPixmap()
    assert pixmap.loadFromData((tmp_path / "foto.png").read_bytes())
    assert pixmap.width() == 120
