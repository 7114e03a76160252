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
